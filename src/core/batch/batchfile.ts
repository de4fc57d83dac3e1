// OpenAI Batch API files: export the requests of a planned batch as input JSONL (custom_id, method, url,
// body), split at the API's limits, and import an output file (OpenAI's or `vllm run-batch`'s: one line
// {id, custom_id, response: {status_code, body: {choices, usage, model}}, error}) back into rewrites.
//
// The requests are built as rewriteText builds them (same chunking, template choice and messages), one
// request per chunk: custom_id = "<batch id>|<job key>|<chunk>|<chunks>". On import the answers of a job's
// chunks are checked one by one (the same checks as a live rewrite), joined in order, saved with their
// provenance (save.ts) and journalled 'done' in the batch's journal, so they enter the review queue and a
// later `batch run` of the same jobs does not request them again.
import type { ChatMessage } from '../llm/types';
import type { TokenUsage } from '../provenance/types';
import { checkAnswer, FLAG_TEXT } from '../rewrite/checks';
import { chunkText } from '../rewrite/chunk';
import { buildMessages } from '../rewrite/prompts';
import type { RewriteTextResult } from '../rewrite/rewrite';
import { selectTemplate, type TemplateSet } from '../rewrite/templates';
import { detectLanguage } from '../text/lang';
import type { PlannedJob } from './journal';
import { errorMessage } from '../util/errors';

export const OPENAI_MAX_REQUESTS_PER_FILE = 50_000;
export const OPENAI_MAX_BYTES_PER_FILE = 200 * 1024 * 1024;

export function customId(batchId: string, key: string, chunk: number, chunks: number): string {
  return `${batchId}|${key}|${chunk}|${chunks}`;
}

export function parseCustomId(id: unknown): { batchId: string; key: string; chunk: number; chunks: number } | undefined {
  if (typeof id !== 'string') return undefined;
  const m = /^([A-Za-z0-9._-]+)\|([0-9a-f]+)\|(\d+)\|(\d+)$/.exec(id);
  if (!m) return undefined;
  const chunk = Number(m[3]);
  const chunks = Number(m[4]);
  if (chunks < 1 || chunk >= chunks) return undefined;
  return { batchId: m[1]!, key: m[2]!, chunk, chunks };
}

export interface RequestOptions {
  batchId: string;
  model: string;
  templates: TemplateSet;
  chunkTokens: number;
  temperature?: number;
  maxOutputTokens?: number;
}

export interface BatchRequestLine {
  custom_id: string;
  method: 'POST';
  url: '/v1/chat/completions';
  body: { model: string; messages: ChatMessage[]; temperature?: number; max_tokens?: number };
}

/** The request lines of one job (one per chunk), as rewriteText would send them. */
export function jobRequests(job: PlannedJob, text: string, o: RequestOptions): BatchRequestLine[] {
  const source = text.trim();
  const sourceLang = detectLanguage(source);
  const template = selectTemplate(o.templates, job.style, job.audience, sourceLang === 'zh' ? 'zh' : 'en');
  if (!template) throw new Error(`no prompt template for style "${job.style}" and audience "${job.audience}"`);
  const chunks = chunkText(source, o.chunkTokens);
  return chunks.map((c, i) => ({
    custom_id: customId(o.batchId, job.key, i, chunks.length),
    method: 'POST',
    url: '/v1/chat/completions',
    body: {
      model: o.model,
      messages: buildMessages({ template, style: job.style, audience: job.audience, sourceLang, text: c, chunkIndex: i, chunkCount: chunks.length }),
      ...(o.temperature !== undefined ? { temperature: o.temperature } : {}),
      ...(o.maxOutputTokens ? { max_tokens: o.maxOutputTokens } : {}),
    },
  }));
}

export interface SplitLimits {
  maxRequests: number;
  maxBytes: number;
}

/**
 * Groups the lines of each job into files of at most maxRequests lines and maxBytes bytes (newlines
 * counted). A job's lines stay in one file, so each output file can be imported on its own.
 */
export function splitIntoFiles(groups: readonly string[][], limits: SplitLimits): string[][] {
  const files: string[][] = [];
  let cur: string[] = [];
  let bytes = 0;
  for (const g of groups) {
    const gBytes = g.reduce((a, l) => a + Buffer.byteLength(l, 'utf8') + 1, 0);
    if (g.length > limits.maxRequests || gBytes > limits.maxBytes) {
      throw new Error(`one document needs ${g.length} requests / ${gBytes} bytes, over the per-file limit (${limits.maxRequests} requests, ${limits.maxBytes} bytes)`);
    }
    if (cur.length && (cur.length + g.length > limits.maxRequests || bytes + gBytes > limits.maxBytes)) {
      files.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(...g);
    bytes += gBytes;
  }
  if (cur.length) files.push(cur);
  return files;
}

/** One answer of an output file, parsed. */
export interface OutputLine {
  line: number;
  customId: string;
  batchId: string;
  key: string;
  chunk: number;
  chunks: number;
  /** Set when the request failed (HTTP status ≠ 200, an error object, no choices). */
  error?: string;
  text?: string;
  finishReason?: string | null;
  refusal?: string;
  usage?: TokenUsage;
  model?: string;
}

export interface LineProblem {
  line: number;
  customId?: string;
  message: string;
}

/** Parses an output file: answers, and malformed lines with their numbers. */
export function parseOutputFile(text: string): { answers: OutputLine[]; problems: LineProblem[] } {
  const answers: OutputLine[] = [];
  const problems: LineProblem[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw) continue;
    const line = i + 1;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(raw);
    } catch (e) {
      problems.push({ line, message: `malformed line: ${errorMessage(e)}` });
      continue;
    }
    if (!o || typeof o !== 'object') {
      problems.push({ line, message: 'malformed line: not a JSON object' });
      continue;
    }
    const id = parseCustomId(o.custom_id);
    if (!id) {
      problems.push({ line, customId: typeof o.custom_id === 'string' ? o.custom_id : undefined, message: `unknown custom_id ${JSON.stringify(o.custom_id ?? null)}` });
      continue;
    }
    const base = { line, customId: o.custom_id as string, ...id };
    const err = o.error as { message?: string; code?: string } | null | undefined;
    const resp = o.response as { status_code?: number; body?: Record<string, unknown> } | null | undefined;
    if (err) {
      answers.push({ ...base, error: `${err.code ? `${err.code}: ` : ''}${err.message ?? JSON.stringify(err)}` });
      continue;
    }
    if (!resp || typeof resp !== 'object') {
      answers.push({ ...base, error: 'no response' });
      continue;
    }
    const body = resp.body as { choices?: { message?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown }[]; usage?: Record<string, unknown>; model?: unknown; error?: { message?: string } } | undefined;
    if (resp.status_code !== 200) {
      answers.push({ ...base, error: `HTTP ${resp.status_code ?? '?'}: ${body?.error?.message ?? 'request failed'}` });
      continue;
    }
    const choice = body?.choices?.[0];
    if (!choice || typeof choice !== 'object') {
      answers.push({ ...base, error: 'the response has no choices' });
      continue;
    }
    const u = body?.usage ?? {};
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
    answers.push({
      ...base,
      text: typeof choice.message?.content === 'string' ? choice.message.content : '',
      finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
      refusal: typeof choice.message?.refusal === 'string' && choice.message.refusal ? choice.message.refusal : undefined,
      usage: { promptTokens: num(u.prompt_tokens), completionTokens: num(u.completion_tokens), totalTokens: num(u.total_tokens) || num(u.prompt_tokens) + num(u.completion_tokens) },
      model: typeof body?.model === 'string' ? body.model : undefined,
    });
  }
  return { answers, problems };
}

/**
 * Joins the answers of one job's chunks into the result a live rewrite would have given: the output checks
 * per chunk (the first flagged chunk stops, like rewriteText), texts trimmed and joined by blank lines.
 * Returns an error string when a chunk is missing or failed.
 */
export function assembleJob(
  job: PlannedJob,
  sourceText: string,
  answers: readonly OutputLine[],
  templates: TemplateSet,
  fallbackModel: string,
  endpointHost: string,
): { result: RewriteTextResult } | { error: string } {
  const n = answers[0]?.chunks ?? 0;
  const byChunk = new Map<number, OutputLine>();
  for (const a of answers) if (a.chunks === n) byChunk.set(a.chunk, a);
  const missing = [...Array(n).keys()].filter((i) => !byChunk.has(i));
  if (!n || missing.length) return { error: `answers missing for part${missing.length > 1 ? 's' : ''} ${missing.map((i) => i + 1).join(', ')} of ${n}` };
  const failed = [...byChunk.values()].find((a) => a.error);
  if (failed) return { error: n > 1 ? `part ${failed.chunk + 1} of ${n}: ${failed.error}` : failed.error! };
  const source = sourceText.trim();
  const sourceLang = detectLanguage(source);
  const template = selectTemplate(templates, job.style, job.audience, sourceLang === 'zh' ? 'zh' : 'en');
  if (!template) return { error: `no prompt template for style "${job.style}" and audience "${job.audience}"` };
  const usage: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  const parts: string[] = [];
  const flags = new Set<RewriteTextResult['flags'][number]>();
  const problems: string[] = [];
  let model = fallbackModel;
  for (let i = 0; i < n; i++) {
    const a = byChunk.get(i)!;
    usage.promptTokens += a.usage!.promptTokens;
    usage.completionTokens += a.usage!.completionTokens;
    usage.totalTokens += a.usage!.totalTokens;
    model = a.model ?? model;
    parts.push((a.text ?? '').trim());
    const f = checkAnswer({ sourceLang, text: a.text ?? '', finishReason: a.finishReason ?? null, refusal: a.refusal });
    if (f.length) {
      for (const x of f) {
        flags.add(x);
        problems.push(n > 1 ? `part ${i + 1} of ${n}: ${FLAG_TEXT[x]}` : FLAG_TEXT[x]);
      }
      break;
    }
  }
  return {
    result: {
      text: parts.join('\n\n'),
      sourceLang,
      flags: [...flags],
      problems,
      usage,
      usageEstimated: false,
      chunks: n,
      chunksDone: parts.length,
      template: { id: template.id, sha256: template.sha256, origin: template.origin },
      model,
      endpointHost,
      attempts: n,
      durationMs: 0,
    },
  };
}
