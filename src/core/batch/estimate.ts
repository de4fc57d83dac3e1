// What a batch will cost before it starts: the requests it sends (one per chunk of each job, as the
// rewrite sends them: src/core/batch/batchfile.ts jobRequests) and the tokens of those requests, counted
// with the configured tokenizer, priced with the model's price when one is set. The answers are assumed to
// be as long as the chunks they rewrite (a rewrite keeps the content; styles that condense make it less).
// For a large batch the tokens are counted on a seeded sample of jobs and scaled up by characters.
import { jobRequests } from './batchfile';
import type { PlannedJob } from './journal';
import { costUsd, type ModelPrice } from './scheduler';
import type { TokenUsage } from '../provenance/types';
import type { TemplateSet } from '../rewrite/templates';

export interface BatchEstimate {
  jobs: number;
  /** Chat requests to send (chunks of every job readable now). */
  requests: number;
  /** Estimated prompt and completion tokens (completion: as long as the chunks rewritten). */
  tokens: TokenUsage;
  /** US dollars, when the model has a price; undefined: cost unknown. */
  costUsd?: number;
  /** Jobs whose source could not be read now (they will fail when run; not counted). */
  unreadable: number;
  /** True when the tokens were counted on a sample of jobs and scaled up. */
  sampled: boolean;
}

export interface EstimateOptions {
  templates: TemplateSet;
  chunkTokens: number;
  /** The configured tokenizer's counter. */
  countTokens: (text: string) => number;
  /** The text a job rewrites (throws when its source cannot be read). */
  textOf: (job: PlannedJob) => string;
  price?: ModelPrice;
  /** Jobs whose tokens are counted exactly; beyond it a seeded sample of this size (default 400). */
  sampleSize?: number;
}

/** Estimates the requests, tokens and cost of running `jobs`. */
export function estimateBatch(jobs: readonly PlannedJob[], o: EstimateOptions): BatchEstimate {
  const sampleSize = Math.max(1, o.sampleSize ?? 400);
  const sampled = jobs.length > sampleSize;
  const inSample = sampled ? sampleIndexes(jobs.length, sampleSize) : undefined;
  let requests = 0;
  let unreadable = 0;
  let chars = 0;
  let sampleChars = 0;
  const counted: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  jobs.forEach((job, i) => {
    let text: string;
    let lines: ReturnType<typeof jobRequests>;
    try {
      text = o.textOf(job);
      lines = jobRequests(job, text, { batchId: 'estimate', model: '', templates: o.templates, chunkTokens: o.chunkTokens });
    } catch {
      unreadable++;
      return;
    }
    requests += lines.length;
    chars += text.length;
    if (inSample && !inSample.has(i)) return;
    sampleChars += text.length;
    for (const l of lines) {
      counted.promptTokens += o.countTokens(l.body.messages.map((m) => m.content).join('\n'));
      // the chunk is the last user message's document; its rewrite is assumed as long as it
      counted.completionTokens += o.countTokens(chunkOf(l.body.messages));
    }
  });
  const scale = sampled && sampleChars > 0 ? chars / sampleChars : 1;
  const promptTokens = Math.round(counted.promptTokens * scale);
  const completionTokens = Math.round(counted.completionTokens * scale);
  const tokens = { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
  const cost = costUsd(tokens, o.price);
  return { jobs: jobs.length, requests, tokens, ...(cost !== undefined ? { costUsd: cost } : {}), unreadable, sampled };
}

/** The document part of a rewrite request: the text inside <document>…</document>, else the last message. */
function chunkOf(messages: readonly { content: string }[]): string {
  const last = messages[messages.length - 1]?.content ?? '';
  const m = /<document>\n?([\s\S]*?)\n?<\/document>/.exec(last);
  return m ? m[1]! : last;
}

/** `k` distinct indexes of 0..n-1, the same every time for the same n and k (a seeded shuffle). */
function sampleIndexes(n: number, k: number): Set<number> {
  const idx = Array.from({ length: n }, (_, i) => i);
  let s = (n * 2654435761 + k) >>> 0 || 1;
  const rand = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (n - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return new Set(idx.slice(0, k));
}
