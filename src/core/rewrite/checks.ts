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
  return flags;
}

export const FLAG_TEXT: Record<OutputFlag, string> = {
  truncated: 'cut off by the output token limit (finish_reason "length")',
  empty: 'the model returned no text',
  refusal: 'the model refused',
  'wrong-language': 'the answer is not in the language of the source',
};
