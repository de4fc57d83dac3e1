// Checks on a model answer before it may count as a finished rewrite. A flagged answer is never saved as
// done: the caller shows the flags and the user decides (the text is kept so nothing paid for is lost).
import { detectLanguage, type Lang } from '../text/lang';
import type { OutputFlag } from '../provenance/types';

const REFUSAL_PATTERNS = [
  /^\s*(I['’]m sorry|I am sorry|Sorry)[,.]?\s+(but\s+)?I\s+(can(['’]|no)t|cannot|am (not able|unable)|won['’]t)/i,
  /^\s*I\s+(can(['’]|no)t|cannot|am unable to|won['’]t)\s+(help|assist|comply|do that|rewrite|fulfil|fulfill|provide)/i,
  /^\s*As an AI( language model)?,?\s+I\s+(can(['’]|no)t|cannot|am not able)/i,
  /^\s*(抱歉|对不起|很抱歉)[，,]?\s*(我)?(无法|不能|没办法)/,
  /^\s*我(无法|不能)(协助|帮助|完成|提供|处理)/,
  /^\s*作为(一个)?(AI|人工智能)(语言模型|助手)?[，,]\s*我(无法|不能)/,
];

export function looksLikeRefusal(text: string): boolean {
  const head = text.trim().slice(0, 300);
  return head.length > 0 && head.length < 400 && REFUSAL_PATTERNS.some((re) => re.test(head));
}

export interface AnswerCheckInput {
  sourceLang: Lang;
  text: string;
  finishReason: string | null;
  refusal?: string;
}

/** Flags for one answer (one chunk). */
export function checkAnswer(a: AnswerCheckInput): OutputFlag[] {
  const flags: OutputFlag[] = [];
  if (a.finishReason === 'length') flags.push('truncated');
  const body = a.text.trim();
  if (!body || !/[\p{L}\p{N}]/u.test(body)) {
    flags.push('empty');
    return flags;
  }
  if (a.refusal || a.finishReason === 'content_filter' || looksLikeRefusal(body)) flags.push('refusal');
  // Language: only judged for sources we can tell apart, and answers long enough to judge.
  if ((a.sourceLang === 'en' || a.sourceLang === 'zh') && body.length >= 20) {
    const out = detectLanguage(body);
    if (out !== a.sourceLang && !(a.sourceLang === 'en' && out === 'other' && !/[^\u0000-\u024f\s\p{P}\p{S}\p{N}]/u.test(body))) flags.push('wrong-language');
  }
  // (a part that repeats its source verbatim may be right, a code block say: the verdict judges the whole rewrite)
  if (findLeaks(body).length) flags.push('leaked-prompt');
  return flags;
}

export const FLAG_TEXT: Record<OutputFlag, string> = {
  truncated: 'cut off by the output token limit (finish_reason "length")',
  empty: 'the model returned no text',
  refusal: 'the model refused',
  'wrong-language': 'the answer is not in the language of the source',
  'leaked-prompt': "the answer holds the prompt's scaffolding (instructions, tags, a preamble or notes) or repeats the source",
};

/** One piece of the prompt's scaffolding found in a model answer. */
export interface Leak {
  kind: 'instructions' | 'tag' | 'preamble' | 'notes' | 'echo-source';
  /** The leaked text as written in the answer (clipped). */
  text: string;
  start: number;
  end: number;
}

/** Tags our prompts wrap the document in, and the ones models add around answers. */
const LEAK_TAG = /<\/?(?:document|rewrite|rewritten|output|answer|text|source)>/gi;

/** Lines of our prompts: the lead, the rules and the built-in instructions, English and Chinese. */
const INSTRUCTION_LINES = [
  /^\s*Rewrite the following document\.?\s*$/im,
  /^\s*Below is part \d+ of \d+ of a longer document\./im,
  /^\s*(?:Rules:|要求：)\s*$/m,
  /^\s*-\s*(?:Keep every fact of the document|Add nothing that is not in the document|Do not change what any statement claims|Output only the rewritten text)/im,
  /^\s*You rewrite documents for a language-model training corpus\./im,
  /请改写下面的文档。/,
  /下面是一篇较长文档的第\s*\d+\s*部分/,
  /^\s*-\s*(?:保留文档中的每一个事实|不得添加文档中没有的内容|不得改变任何陈述的含义|只输出改写后的正文)/m,
  /你负责为语言模型训练语料改写文档。/,
];

/** An answer's opening that talks about the answer instead of being it. */
const PREAMBLE = [
  /^\s*(?:Sure|Certainly|Of course|Okay|OK)[,!.]?\s+(?:here\b[^\n]*)?/i,
  /^\s*Here(?:'s| is| are)\s+(?:the|a|your|my)\s+(?:re(?:written|phrased|worded)|revised|textbook|wikipedia|tutorial|restyled|simplified|condensed)\b[^\n]*\n/i,
  /^\s*(?:Below is|The following is)\s+(?:the|a)\s+(?:re(?:written|phrased))\b[^\n]*\n/i,
  /^\s*(?:Rewritten|Revised) (?:text|document|version)\s*:\s*\n/i,
  /^\s*(?:好的|当然|没问题)[，,！!。]?[^\n]{0,40}\n/,
  /^\s*以下是[^\n]{0,20}(?:改写|重写|改编|润色)[^\n]{0,20}[：:]?\s*\n/,
  /^\s*(?:改写后的|重写后的)(?:文档|文本|内容|版本)?[：:]\s*\n/,
];

/** Notes about the task after the answer. */
const NOTES = [
  /\n\s*(?:Note|Notes|Changes made|I have|I've)\b[^\n]{0,40}(?:kept|preserved|retained|rewrote|rewritten|instruct|as requested|original)[^\n]*\s*$/i,
  /\n\s*(?:说明|注|备注)[：:][^\n]{0,80}(?:保留|改写|要求|原文)[^\n]*\s*$/,
];

const clipLeak = (s: string) => (s.length > 80 ? s.slice(0, 79) + '…' : s).replace(/\s+/g, ' ').trim();

/**
 * The prompt's scaffolding in an answer: instruction lines, the tags the document was wrapped in, a
 * preamble ("Here is the rewritten text", "以下是改写后的…"), notes about the task, and an answer that
 * repeats the source verbatim (`source`: the text that was sent to be rewritten; a repeated prompt shows as
 * its instruction lines).
 */
export function findLeaks(answer: string, source?: string): Leak[] {
  const out: Leak[] = [];
  const push = (kind: Leak['kind'], start: number, end: number) => out.push({ kind, text: clipLeak(answer.slice(start, end)), start, end });
  for (const re of INSTRUCTION_LINES) {
    const m = re.exec(answer);
    if (m) push('instructions', m.index, m.index + m[0].length);
  }
  for (const m of answer.matchAll(LEAK_TAG)) push('tag', m.index, m.index + m[0].length);
  for (const re of PREAMBLE) {
    const m = re.exec(answer);
    if (m && m[0].trim()) {
      push('preamble', m.index, m.index + m[0].length);
      break;
    }
  }
  for (const re of NOTES) {
    const m = re.exec(answer);
    if (m) push('notes', m.index, m.index + m[0].length);
  }
  if (source !== undefined && sameUpToSpace(answer, source) && spacedLength(answer) >= 20) push('echo-source', 0, answer.length);
  return out.sort((x, y) => x.start - y.start);
}

/** White space as \s (and trim) sees it. */
function isSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * x.replace(/\s+/g, ' ').trim() === y.replace(/\s+/g, ' ').trim(), without making either string: one walk
 * that stops at the first difference (an answer and its source differ within a few characters).
 */
export function sameUpToSpace(x: string, y: string): boolean {
  let i = 0;
  let j = 0;
  const n = x.length;
  const m = y.length;
  while (i < n && isSpaceCode(x.charCodeAt(i))) i++;
  while (j < m && isSpaceCode(y.charCodeAt(j))) j++;
  for (;;) {
    // (runs of white space are skipped whole below: what is left at an end must be white space only)
    if (i >= n) return skipSpace(y, j) >= m;
    if (j >= m) return skipSpace(x, i) >= n;
    const a = x.charCodeAt(i);
    const b = y.charCodeAt(j);
    const sa = isSpaceCode(a);
    if (sa !== isSpaceCode(b)) return false; // a space (or the end) against a character
    if (sa) {
      i = skipSpace(x, i);
      j = skipSpace(y, j);
      continue;
    }
    if (a !== b) return false;
    i++;
    j++;
  }
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && isSpaceCode(s.charCodeAt(i))) i++;
  return i;
}

/** The length of s.replace(/\s+/g, ' ').trim(). */
function spacedLength(s: string): number {
  let len = 0;
  let space = false;
  for (let i = 0; i < s.length; i++) {
    if (isSpaceCode(s.charCodeAt(i))) space = len > 0;
    else {
      if (space) len++;
      space = false;
      len++;
    }
  }
  return len;
}

/** A leak in plain words. */
export function describeLeak(l: Leak): string {
  switch (l.kind) {
    case 'instructions':
      return `repeats the prompt's instructions ("${l.text}")`;
    case 'tag':
      return `keeps the prompt's tag ${l.text}`;
    case 'preamble':
      return `opens with a preamble ("${l.text}")`;
    case 'notes':
      return `ends with notes about the task ("${l.text}")`;
    case 'echo-source':
      return 'repeats the source verbatim instead of rewriting it';
  }
}
