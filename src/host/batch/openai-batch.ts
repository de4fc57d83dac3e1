// OpenAI Batch API files (no vscode import; unit-tested): the input lines of a planned batch (one request per
// chunk of each document), split at the API's limits, and the parsing of output lines from OpenAI's Batch
// API or `vllm run-batch` (same shape: {custom_id, response: {status_code, body}, error}).
import { selectTemplate, type TemplateSet } from '../../core/rewrite/templates';
import { chunkText } from '../../core/rewrite/chunk';
import { buildMessages } from '../../core/rewrite/prompts';
import { detectLanguage } from '../../core/text/lang';
import type { PlannedJob } from '../../core/batch/journal';
import type { TokenUsage } from '../../core/provenance/types';

/** OpenAI's limits for one batch input file. */
export const MAX_REQUESTS_PER_FILE = 50_000;
export const MAX_BYTES_PER_FILE = 200 * 1024 * 1024;

/** custom_id of a request: batch, job key, chunk and chunk count ("x-…|3f2a…|0|2"). */
export function customId(batchId: string, key: string, chunk: number, chunks: number): string {
  return `${batchId}|${key}|${chunk}|${chunks}`;
}

export function parseCustomId(id: string): { batchId: string; key: string; chunk: number; chunks: number } | undefined {
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
  temperature: number;
  maxOutputTokens: number;
  /** The text to rewrite of a job (read from its file or inline). */
  textOf: (job: PlannedJob) => string;
}

/** The request lines (JSON strings) of one job. */
export function jobRequests(job: PlannedJob, o: RequestOptions): string[] {
  const text = o.textOf(job).trim();
  const sourceLang = detectLanguage(text);
  const template = selectTemplate(o.templates, job.style, job.audience, sourceLang === 'zh' ? 'zh' : 'en');
  if (!template) throw new Error(`no prompt template for style "${job.style}" and audience "${job.audience}"`);
  const chunks = chunkText(text, o.chunkTokens);
  return chunks.map((c, i) =>
    JSON.stringify({
      custom_id: customId(o.batchId, job.key, i, chunks.length),
      method: 'POST',
      url: '/v1/chat/completions',
      body: {
        model: o.model,
        messages: buildMessages({ template, style: job.style, audience: job.audience, sourceLang, text: c, chunkIndex: i, chunkCount: chunks.length }),
        temperature: o.temperature,
        max_tokens: o.maxOutputTokens,
      },
    }),
  );
}

/** Splits lines into files of at most `maxRequests` lines and `maxBytes` bytes (a line never splits). */
export function splitFiles(lines: readonly string[], maxRequests = MAX_REQUESTS_PER_FILE, maxBytes = MAX_BYTES_PER_FILE): string[][] {
  const files: string[][] = [];
  let cur: string[] = [];
  let bytes = 0;
  for (const l of lines) {
    const b = Buffer.byteLength(l, 'utf8') + 1;
    if (cur.length && (cur.length >= maxRequests || bytes + b > maxBytes)) {
      files.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(l);
    bytes += b;
  }
  if (cur.length) files.push(cur);
  return files;
}

export interface ResultLine {
  line: number;
  customId?: string;
  ok: boolean;
  text?: string;
  finishReason?: string;
  refusal?: string;
  model?: string;
  usage?: TokenUsage;
  error?: string;
}

/** Parses one output line of OpenAI's Batch API or vllm run-batch. */
export function parseResultLine(raw: string, line: number): ResultLine {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(raw) as Record<string, unknown>;
  } catch (e) {
    return { line, ok: false, error: `not JSON: ${(e as Error).message}` };
  }
  if (!o || typeof o !== 'object') return { line, ok: false, error: 'not a JSON object' };
  const customId = typeof o.custom_id === 'string' ? o.custom_id : undefined;
  if (!customId) return { line, ok: false, error: 'no custom_id' };
  const err = o.error as { message?: string; code?: string } | null | undefined;
  if (err) return { line, customId, ok: false, error: `${err.code ? `${err.code}: ` : ''}${err.message ?? JSON.stringify(err)}` };
  const resp = o.response as { status_code?: number; body?: unknown } | null | undefined;
  if (!resp) return { line, customId, ok: false, error: 'no response' };
  if (resp.status_code !== undefined && resp.status_code !== 200) {
    const m = (resp.body as { error?: { message?: string } } | undefined)?.error?.message;
    return { line, customId, ok: false, error: `HTTP ${resp.status_code}${m ? `: ${m}` : ''}` };
  }
  const body = (resp.body ?? resp) as {
    model?: string;
    choices?: { message?: { content?: string | null; refusal?: string | null }; finish_reason?: string }[];
    usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number };
  };
  const choice = body.choices?.[0];
  if (!choice) return { line, customId, ok: false, error: 'no choices in the response' };
  const u = body.usage;
  return {
    line,
    customId,
    ok: true,
    text: choice.message?.content ?? '',
    refusal: choice.message?.refusal ?? undefined,
    finishReason: choice.finish_reason,
    model: body.model,
    usage: u
      ? { promptTokens: u.prompt_tokens ?? 0, completionTokens: u.completion_tokens ?? 0, totalTokens: u.total_tokens ?? (u.prompt_tokens ?? 0) + (u.completion_tokens ?? 0) }
      : undefined,
  };
}
