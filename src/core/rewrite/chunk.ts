// Splits a long document into pieces that fit a token budget: at paragraph boundaries first, then at
// sentence boundaries (English and Chinese punctuation), and only as a last resort inside a sentence.
// Fenced code blocks stay whole when they fit. Joining the rewritten pieces with blank lines gives the
// whole rewrite.
import { estimateTokens } from '../text/lang';

/** Paragraphs: blocks separated by blank lines, with ``` fenced blocks kept as one block. */
export function splitParagraphs(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let cur: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    const p = cur.join('\n').trim();
    if (p) out.push(p);
    cur = [];
  };
  for (const line of lines) {
    const f = /^\s*(```+|~~~+)/.exec(line);
    if (fence) {
      cur.push(line);
      if (f && f[1]!.startsWith(fence)) {
        fence = null;
        flush();
      }
      continue;
    }
    if (f) {
      flush();
      fence = f[1]!;
      cur.push(line);
      continue;
    }
    if (line.trim() === '') flush();
    else cur.push(line);
  }
  flush();
  return out;
}

/**
 * Sentences of a paragraph. English: after . ! ? (and closing quotes/brackets) followed by a space;
 * Chinese: after 。！？；… (with closing quotes) with or without a space. Abbreviations like "e.g." or
 * "Dr." and decimals like "3.5" are not boundaries.
 */
export function splitSentences(paragraph: string): string[] {
  const out: string[] = [];
  let start = 0;
  const s = paragraph;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    let end = -1;
    if (ch === '。' || ch === '！' || ch === '？' || ch === '；' || ch === '!' || ch === '?' || (ch === '…' && s[i + 1] !== '…')) {
      end = i + 1;
    } else if (ch === '.') {
      const next = s[i + 1];
      if (next === undefined || /\s/.test(next) || /["'”’)\]]/.test(next)) {
        const before = s.slice(Math.max(start, i - 6), i);
        const word = /(\S+)$/.exec(before)?.[1] ?? '';
        if (!/^(e\.g|i\.e|etc|vs|Dr|Mr|Mrs|Ms|Prof|St|Jr|Sr|No|Fig|al|Inc|Ltd|Co|U\.S|a\.m|p\.m|approx|cf)$/i.test(word) && !/^[A-Z]$/.test(word)) end = i + 1;
      }
    }
    if (end < 0) continue;
    while (end < s.length && /["'”’」』)\]）]/.test(s[end]!)) end++;
    if (end < s.length && !/\s/.test(s[end]!) && /[.!?]/.test(ch)) continue; // "3.5", "a.b"
    const piece = s.slice(start, end).trim();
    if (piece) out.push(piece);
    start = end;
    i = end - 1;
  }
  const rest = s.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

function hardSplit(text: string, budget: number): string[] {
  // Last resort for a sentence over budget: cut at spaces (or anywhere for Chinese) near the budget.
  const out: string[] = [];
  let rest = text;
  while (estimateTokens(rest) > budget) {
    let lo = 1;
    let hi = rest.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (estimateTokens(rest.slice(0, mid)) <= budget) lo = mid;
      else hi = mid - 1;
    }
    let cut = lo;
    const space = rest.lastIndexOf(' ', cut);
    if (space > cut * 0.6) cut = space;
    out.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) out.push(rest);
  return out;
}

/** Chunks of at most `budgetTokens` estimated tokens (a single over-long piece is cut by force). */
export function chunkText(text: string, budgetTokens: number): string[] {
  const budget = Math.max(16, Math.floor(budgetTokens));
  if (estimateTokens(text) <= budget) return text.trim() ? [text.trim()] : [];
  const pieces: { text: string; sep: string }[] = [];
  for (const p of splitParagraphs(text)) {
    if (estimateTokens(p) <= budget) {
      pieces.push({ text: p, sep: '\n\n' });
      continue;
    }
    const sentences = splitSentences(p);
    sentences.forEach((sent, k) => {
      const sep = k === 0 ? '\n\n' : /[\u4e00-\u9fff]$/.test(sentences[k - 1]!.slice(-2)) || /[。！？；]$/.test(sentences[k - 1]!) ? '' : ' ';
      if (estimateTokens(sent) <= budget) pieces.push({ text: sent, sep });
      else hardSplit(sent, budget).forEach((h, j) => pieces.push({ text: h, sep: j === 0 ? sep : ' ' }));
    });
  }
  const chunks: string[] = [];
  let cur = '';
  let curTokens = 0;
  for (const piece of pieces) {
    const t = estimateTokens(piece.text);
    if (cur && curTokens + t > budget) {
      chunks.push(cur);
      cur = '';
      curTokens = 0;
    }
    cur = cur ? cur + piece.sep + piece.text : piece.text;
    curTokens += t;
  }
  if (cur) chunks.push(cur);
  return chunks;
}
