// Rewriting a text, and saving a finished rewrite as a new document with its provenance line.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Teacher, RetryInfo } from '../llm/types';
import type { OutputFlag, RewriteRecord, TokenUsage } from '../provenance/types';
import { PROVENANCE_VERSION } from '../provenance/types';
import { appendProvenance, ensureCuratorDir, toWorkspacePath } from '../provenance/log';
import { sha256 } from '../text/hash';
import { detectLanguage, type Lang } from '../text/lang';
import { chunkText } from './chunk';
import { checkAnswer, FLAG_TEXT } from './checks';
import { writeNewFile } from './naming';
import { appendRecordRewrite, formatRecordRef, parseRecordRef, rewritesShardPath } from '../corpus/record-ref';
import { buildMessages } from './prompts';
import { selectTemplate, type TemplateSet } from './templates';

export const DEFAULT_CHUNK_TOKENS = 2000;

export interface RewriteProgress {
  /** 0-based index of the chunk being written, and the number of chunks. */
  chunk: number;
  chunks: number;
  /** Whole rewrite so far (finished chunks and the streaming one). */
  text: string;
  retry?: RetryInfo;
}

export interface RewriteTextOptions {
  text: string;
  style: string;
  audience: string;
  templates: TemplateSet;
  teacher: Teacher;
  chunkTokens?: number;
  signal?: AbortSignal;
  onProgress?: (p: RewriteProgress) => void;
}

export interface RewriteTextResult {
  text: string;
  sourceLang: Lang;
  flags: OutputFlag[];
  /** Explanation of each flag, with the chunk it came from. */
  problems: string[];
  usage: TokenUsage;
  usageEstimated: boolean;
  chunks: number;
  /** Chunks answered (fewer than `chunks` when a flagged chunk stopped the rewrite). */
  chunksDone: number;
  template: { id: string; sha256: string; origin: 'builtin' | 'workspace' };
  model: string;
  endpointHost: string;
  attempts: number;
  durationMs: number;
}

export class RewriteError extends Error {
  constructor(
    readonly kind: 'empty-source' | 'no-template' | 'unsupported',
    message: string,
  ) {
    super(message);
    this.name = 'RewriteError';
  }
}

/**
 * Rewrites `text` chunk by chunk, in order, streaming progress. Stops at the first flagged chunk (a
 * truncated, empty, refused or wrong-language answer) so no more is spent on a failing rewrite; the
 * result then carries the flags and the text so far. Model failures (after retries) are thrown as LlmError.
 */
export async function rewriteText(o: RewriteTextOptions): Promise<RewriteTextResult> {
  const t0 = Date.now();
  const source = o.text.trim();
  if (!source) throw new RewriteError('empty-source', 'the document is empty: nothing to rewrite');
  const sourceLang = detectLanguage(source);
  const promptLang = sourceLang === 'zh' ? 'zh' : 'en';
  const template = selectTemplate(o.templates, o.style, o.audience, promptLang);
  if (!template) throw new RewriteError('no-template', `no prompt template for style "${o.style}" and audience "${o.audience}"`);
  const chunks = chunkText(source, o.chunkTokens ?? DEFAULT_CHUNK_TOKENS);
  const parts: string[] = [];
  const usage: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  const flags = new Set<OutputFlag>();
  const problems: string[] = [];
  let usageEstimated = false;
  let attempts = 0;
  let model = o.teacher.model;
  for (let i = 0; i < chunks.length; i++) {
    const messages = buildMessages({ template, style: o.style, audience: o.audience, sourceLang, text: chunks[i]!, chunkIndex: i, chunkCount: chunks.length });
    const done = parts.join('\n\n');
    const prefix = done ? done + '\n\n' : '';
    o.onProgress?.({ chunk: i, chunks: chunks.length, text: done });
    const r = await o.teacher.complete(messages, {
      signal: o.signal,
      onDelta: (_d, soFar) => o.onProgress?.({ chunk: i, chunks: chunks.length, text: prefix + soFar }),
      onRetry: (retry) => o.onProgress?.({ chunk: i, chunks: chunks.length, text: done, retry }),
    });
    attempts += r.attempts;
    model = r.model || model;
    usage.promptTokens += r.usage.promptTokens;
    usage.completionTokens += r.usage.completionTokens;
    usage.totalTokens += r.usage.totalTokens;
    usageEstimated ||= r.usageEstimated;
    parts.push(r.text.trim());
    const f = checkAnswer({ sourceLang, text: r.text, finishReason: r.finishReason, refusal: r.refusal });
    if (f.length) {
      for (const x of f) {
        flags.add(x);
        problems.push(chunks.length > 1 ? `part ${i + 1} of ${chunks.length}: ${FLAG_TEXT[x]}` : FLAG_TEXT[x]);
      }
      break;
    }
  }
  return {
    text: parts.join('\n\n'),
    sourceLang,
    flags: [...flags],
    problems,
    usage,
    usageEstimated,
    chunks: chunks.length,
    chunksDone: parts.length,
    template: { id: template.id, sha256: template.sha256, origin: template.origin },
    model,
    endpointHost: o.teacher.endpointHost,
    attempts,
    durationMs: Date.now() - t0,
  };
}

export interface SaveRewriteOptions {
  /** Workspace root: provenance goes to <root>/.curator/provenance.jsonl, paths are relative to it. */
  root: string;
  sourcePath: string;
  /** The whole source file's text (its hash identifies the source version). */
  sourceFileText: string;
  /** The rewritten range when only a selection was rewritten (character offsets). */
  selection?: { start: number; end: number };
  style: string;
  audience: string;
  result: RewriteTextResult;
  /** Output folder (default: beside the source). */
  outDir?: string;
  /** Exact output file (must not exist). */
  outFile?: string;
  /** Save despite flags (the record then says status "flagged"). */
  allowFlagged?: boolean;
  batchId?: string;
  jobId?: string;
  now?: () => Date;
}

/**
 * Writes the rewrite as a new file beside its source (never replacing anything) and appends its
 * provenance line. The file is flushed before the line is written, so a line always names a whole file.
 */
export function saveRewrite(o: SaveRewriteOptions): { outputPath: string; record: RewriteRecord } {
  const r = o.result;
  if (r.flags.length && !o.allowFlagged) throw new Error(`not saved: ${r.problems.join('; ')}`);
  ensureCuratorDir(o.root);
  if (o.outDir) mkdirSync(o.outDir, { recursive: true });
  if (o.outFile) mkdirSync(dirname(o.outFile), { recursive: true });
  const content = r.text.endsWith('\n') ? r.text : r.text + '\n';
  const outputPath = writeNewFile(o.sourcePath, o.style, o.audience, content, { outDir: o.outDir, outFile: o.outFile, selection: !!o.selection });
  const time = (o.now?.() ?? new Date()).toISOString();
  const record = buildRewriteRecord(o, outputPath, content, time);
  appendProvenance(o.root, record);
  return { outputPath, record };
}

/**
 * Saves the rewrite of one shard record (`sourceRef` = `<shard>:<line or row>`, absolute) as a line of the
 * rewrites shard `<shard>.rewrites.<style>.<audience>.jsonl` (record-ref.ts), then appends its provenance
 * line, whose source and output paths are record refs. Returns the output ref (`<rewrites shard>:<line>`).
 */
export function saveRecordRewrite(o: Omit<SaveRewriteOptions, 'sourcePath' | 'outFile' | 'selection'> & { sourceRef: string; sourceId?: string }): { outputPath: string; record: RewriteRecord } {
  const r = o.result;
  if (r.flags.length && !o.allowFlagged) throw new Error(`not saved: ${r.problems.join('; ')}`);
  const ref = parseRecordRef(o.sourceRef);
  if (!ref) throw new Error(`${o.sourceRef} names no record of a shard`);
  ensureCuratorDir(o.root);
  if (o.outDir) mkdirSync(o.outDir, { recursive: true });
  const shard = rewritesShardPath(ref.path, o.style, o.audience, o.outDir);
  const content = r.text.replace(/\s+$/, '');
  const line = appendRecordRewrite(shard, content, {
    style: o.style,
    audience: o.audience,
    model: r.model,
    parentPath: toWorkspacePath(o.root, o.sourceRef),
    ...(o.sourceId ? { parentId: o.sourceId } : {}),
  });
  const outputPath = formatRecordRef(shard, line);
  const time = (o.now?.() ?? new Date()).toISOString();
  const record = buildRewriteRecord({ ...o, sourcePath: o.sourceRef }, outputPath, content, time);
  appendProvenance(o.root, record);
  return { outputPath, record };
}

/** The provenance record of a saved rewrite (shared by the single and the batch save). */
export function buildRewriteRecord(
  o: Pick<SaveRewriteOptions, 'root' | 'sourcePath' | 'sourceFileText' | 'selection' | 'style' | 'audience' | 'result' | 'batchId' | 'jobId'>,
  outputPath: string,
  content: string,
  time: string,
): RewriteRecord {
  const r = o.result;
  const sourceText = o.selection ? o.sourceFileText.slice(o.selection.start, o.selection.end) : o.sourceFileText;
  return {
    type: 'rewrite',
    v: PROVENANCE_VERSION,
    id: sha256(`${outputPath}\n${time}\n${content}`).slice(0, 16),
    time,
    source: {
      path: toWorkspacePath(o.root, o.sourcePath),
      sha256: sha256(o.sourceFileText),
      lang: r.sourceLang,
      chars: sourceText.length,
      ...(o.selection ? { selection: o.selection } : {}),
    },
    output: { path: toWorkspacePath(o.root, outputPath), sha256: sha256(content), lang: detectLanguage(content), chars: content.length },
    style: o.style,
    audience: o.audience,
    model: r.model,
    endpointHost: r.endpointHost,
    template: r.template,
    usage: r.usage,
    chunks: r.chunks,
    durationMs: r.durationMs,
    status: r.flags.length ? 'flagged' : 'done',
    flags: r.flags,
    ...(o.batchId ? { batchId: o.batchId } : {}),
    ...(o.jobId ? { jobId: o.jobId } : {}),
  };
}

/**
 * Keeps a flagged answer the user chose not to add to the corpus in `.curator/failed/`, so a paid-for
 * answer is never simply lost. Returns the file written.
 */
export function keepFailedAnswer(root: string, sourcePath: string, result: RewriteTextResult, now = new Date()): string {
  const dir = join(ensureCuratorDir(root), 'failed');
  mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const file = join(dir, `${stamp}-${basename(sourcePath)}.txt`);
  const header = `# source: ${toWorkspacePath(root, sourcePath)}\n# model: ${result.model}\n# problems: ${result.problems.join('; ')}\n\n`;
  writeFileSync(file, header + result.text + '\n');
  return file;
}
