// Optional LLM claim check: a judge model lists the claims of the rewrite that the source does not
// support, with evidence. This module builds the prompt, parses the answer (tolerating fences, prose
// around the JSON, trailing commas; never throwing) and caches results in a JSON file keyed by
// sha256(source, rewrite, model). The HTTP call is the caller's `complete` function.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sha256 } from '../text/hash';
import { errorMessage } from '../util/errors';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface UnsupportedClaim {
  /** The claim as written in the rewrite. */
  claim: string;
  /** What the source says instead (quoted), or '' when the source says nothing about it. */
  evidence: string;
  /** 'contradicted' (the source says otherwise) or 'unsupported' (the source does not say it). */
  type: 'contradicted' | 'unsupported';
}

/** Why a claim check gave no result: the call failed, or the answer was not the JSON the prompt asks for. */
export type ClaimCheckFailureCode = 'call-failed' | 'empty' | 'no-json' | 'bad-json' | 'bad-claims' | 'no-verdict';

export type ClaimCheckResult =
  | { ok: true; consistent: boolean; claims: UnsupportedClaim[]; cached?: boolean }
  | { ok: false; error: string; raw?: string; code?: ClaimCheckFailureCode };

/** What to do when the model's answer is not the JSON asked for (said after every such failure). */
export const NOT_JSON_ADVICE =
  'the model did not answer in the JSON the check asks for: choose a model that follows instructions (an instruction-tuned one), or lower the temperature (0 to 0.3), then check again';

function notJson(code: ClaimCheckFailureCode, what: string, answerText?: string): ClaimCheckResult {
  return { ok: false, code, error: `${what} — ${NOT_JSON_ADVICE}`, ...(answerText !== undefined ? { raw: answerText.slice(0, 500) } : {}) };
}

/** Longest source / rewrite text sent to the judge, in characters (the rest is cut, and the prompt says so). */
export const CLAIM_CHECK_MAX_CHARS = 24000;

const SYSTEM_EN = `You are a careful fact checker. You compare a REWRITE with its SOURCE and list every claim in the REWRITE that the SOURCE does not support: changed numbers, dates, names or places; negations or directions that were flipped; facts that were added. Paraphrase, reordering, omissions and changes of style are fine and must not be listed. Answer with JSON only, no prose:
{"consistent": true|false, "claims": [{"claim": "<exact words from the REWRITE>", "evidence": "<exact words from the SOURCE, or empty>", "type": "contradicted"|"unsupported"}]}`;

const SYSTEM_ZH = `你是一名严谨的事实核查员。请比较【改写】与【原文】，列出【改写】中所有【原文】不支持的说法：被改动的数字、日期、人名、地名或机构名；被颠倒的否定或方向（如上升/下降）；新增的事实。转述、调整顺序、删减和文风变化都可以接受，不要列出。只用 JSON 回答，不要其他文字：
{"consistent": true|false, "claims": [{"claim": "<改写中的原话>", "evidence": "<原文中的原话，没有则为空>", "type": "contradicted"|"unsupported"}]}`;

function cut(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) + `\n[… ${text.length - max} more characters not shown]` : text;
}

/** The chat messages asking the judge for the rewrite's unsupported claims. */
export function buildClaimCheckPrompt(source: string, rewrite: string, lang: string = 'en', maxChars = CLAIM_CHECK_MAX_CHARS): ChatMessage[] {
  const zh = lang === 'zh';
  const user = zh
    ? `【原文】\n${cut(source, maxChars)}\n\n【改写】\n${cut(rewrite, maxChars)}\n\n请列出【改写】中【原文】不支持的说法，只输出 JSON。`
    : `SOURCE:\n<<<\n${cut(source, maxChars)}\n>>>\n\nREWRITE:\n<<<\n${cut(rewrite, maxChars)}\n>>>\n\nList the REWRITE's claims that the SOURCE does not support. JSON only.`;
  return [
    { role: 'system', content: zh ? SYSTEM_ZH : SYSTEM_EN },
    { role: 'user', content: user },
  ];
}

/** The first balanced {...} object in a text (strings and escapes respected), or undefined. */
function firstJsonObject(text: string): string | undefined {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  let depth = 0;
  let inStr = false;
  let esc = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (inStr) {
      if (esc) esc = false;
      else if (c === '\\') esc = true;
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return undefined;
}

function tryParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    try {
      // trailing commas and smart quotes are the usual slips
      return JSON.parse(s.replace(/,\s*([}\]])/g, '$1').replace(/[“”]/g, '"'));
    } catch {
      return undefined;
    }
  }
}

/** Parses the judge's answer. Never throws: a malformed answer gives { ok: false, error }. */
export function parseClaimCheck(answerText: string): ClaimCheckResult {
  if (typeof answerText !== 'string' || !answerText.trim()) return notJson('empty', 'empty answer');
  const unfenced = answerText.replace(/```(?:json)?/gi, '');
  const obj = firstJsonObject(unfenced);
  if (!obj) return notJson('no-json', 'no JSON object in the answer', answerText);
  const v = tryParse(obj);
  if (!v || typeof v !== 'object' || Array.isArray(v)) return notJson('bad-json', 'the answer is not valid JSON', answerText);
  const rec = v as { consistent?: unknown; claims?: unknown };
  if (rec.claims !== undefined && !Array.isArray(rec.claims)) return notJson('bad-claims', '"claims" is not a list', answerText);
  const claims: UnsupportedClaim[] = [];
  for (const c of (rec.claims as unknown[] | undefined) ?? []) {
    if (typeof c === 'string') {
      claims.push({ claim: c, evidence: '', type: 'unsupported' });
      continue;
    }
    if (!c || typeof c !== 'object') continue;
    const o = c as Record<string, unknown>;
    const claim = typeof o.claim === 'string' ? o.claim : typeof o.text === 'string' ? o.text : '';
    if (!claim) continue;
    claims.push({
      claim,
      evidence: typeof o.evidence === 'string' ? o.evidence : '',
      type: o.type === 'contradicted' ? 'contradicted' : 'unsupported',
    });
  }
  let consistent: boolean;
  if (typeof rec.consistent === 'boolean') consistent = rec.consistent && claims.length === 0;
  else if (rec.consistent === 'true' || rec.consistent === 'false') consistent = rec.consistent === 'true' && claims.length === 0;
  else if (rec.claims !== undefined) consistent = claims.length === 0;
  else return notJson('no-verdict', 'the answer has neither "consistent" nor "claims"', answerText);
  return { ok: true, consistent, claims };
}

/** Results of earlier claim checks in one JSON file: { key: result }. */
export class ClaimCheckCache {
  private entries: Record<string, ClaimCheckResult> = {};
  constructor(private readonly path: string) {
    if (existsSync(path)) {
      try {
        const v = JSON.parse(readFileSync(path, 'utf8')) as unknown;
        if (v && typeof v === 'object' && !Array.isArray(v)) this.entries = v as Record<string, ClaimCheckResult>;
      } catch {
        this.entries = {}; // a damaged cache is only a cache
      }
    }
  }
  static key(source: string, rewrite: string, model: string): string {
    return sha256(JSON.stringify([source, rewrite, model]));
  }
  get(key: string): ClaimCheckResult | undefined {
    return this.entries[key];
  }
  set(key: string, value: ClaimCheckResult): void {
    this.entries[key] = value;
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.entries));
    renameSync(tmp, this.path);
  }
}

export interface ClaimCheckOptions {
  model: string;
  lang?: string;
  /** JSON cache file; no caching when absent. */
  cachePath?: string;
  maxChars?: number;
}

/**
 * Asks the judge (through `complete`) for the rewrite's unsupported claims. Cached answers are returned
 * without a call; failures of `complete` or of the answer come back as { ok: false, error }.
 */
export async function checkClaims(
  source: string,
  rewrite: string,
  complete: (messages: ChatMessage[]) => Promise<string>,
  opts: ClaimCheckOptions,
): Promise<ClaimCheckResult> {
  const cache = opts.cachePath ? new ClaimCheckCache(opts.cachePath) : undefined;
  const key = ClaimCheckCache.key(source, rewrite, opts.model);
  const hit = cache?.get(key);
  if (hit && hit.ok) return { ...hit, cached: true };
  let answer: string;
  try {
    answer = await complete(buildClaimCheckPrompt(source, rewrite, opts.lang ?? 'en', opts.maxChars));
  } catch (e) {
    return { ok: false, code: 'call-failed', error: `the judge call failed: ${errorMessage(e) ?? String(e)}` };
  }
  const result = parseClaimCheck(answer);
  if (result.ok && cache) cache.set(key, result);
  return result;
}
