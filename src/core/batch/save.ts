// ADAPTER over src/core/rewrite's saveRewrite for batches: the same file naming (rewrite's writeNewFile names,
// exclusive create, never replacing anything) and the same RewriteRecord, but asynchronous, so the disk
// syncs of 50 parallel jobs do not block the event loop one after another:
//  - the output file is created exclusively, written and fsynced off the main thread (writer.ts);
//  - its provenance line goes through a group-committed appender (one fdatasync for the records that
//    arrived meanwhile); the promise resolves only once the line is on disk.
// Order per job: (batch journal 'saving' line with the record) → file on disk under its name (atomic:
// temp file + fsync + link, in a worker thread when one is given: writer.ts) → provenance line on disk →
// (runner) journal 'done' line.
// saveRewrite does the same synchronously (two fsyncs on the main thread per document); with 250
// documents a second that alone used most of the event loop (see bench/batch.bench.ts). The record is
// built by the same buildRewriteRecord as saveRewrite's (test/unit/batch-save.test.ts compares the two).
import { existsSync, mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { GroupCommitFile } from '../util/group-commit';
import { appendRecordRewrite, formatRecordRef, parseRecordRef, rewritesShardPath } from '../corpus/record-ref';
import { ensureCuratorDir, provenancePath, toWorkspacePath } from '../provenance/log';
import type { ProvenanceRecord, RewriteRecord } from '../provenance/types';
import { candidateName, outputBaseName } from '../rewrite/naming';
import { buildRewriteRecord, type SaveRewriteOptions } from '../rewrite/rewrite';
import { inProcessWriter, type FileWriter } from './writer';

/** Appends provenance records with group commit; one per workspace root and process. */
export class ProvenanceAppender {
  private readonly file: GroupCommitFile;

  constructor(readonly root: string) {
    this.file = new GroupCommitFile(async () => {
      ensureCuratorDir(root);
      return open(provenancePath(root), 'a');
    });
  }

  get syncs(): number {
    return this.file.syncs;
  }

  /** Resolves once the record's line is on disk. */
  append(rec: ProvenanceRecord): Promise<void> {
    return this.file.append(JSON.stringify(rec) + '\n');
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

/**
 * Called with the record once the output's name and content are fixed, before the file appears under that
 * name: the batch journals it ('saving'), so that after a crash a file found under that name with that
 * sha256 is known to be this job's complete result, and is adopted instead of requested again.
 */
export type SaveIntent = (record: RewriteRecord, text?: string) => Promise<void>;

export type SaveAsyncOptions = Omit<SaveRewriteOptions, 'selection' | 'allowFlagged'> & {
  /** The name outputs are derived from when it is not the source path (inline-text jobs). */
  namingPath?: string;
};

/**
 * saveRewrite, asynchronously (see above), and atomically: the file is written by `writer` (newfile.ts: a
 * temp file, fsynced, then hard-linked under its final name, which fails if the name exists: nothing is
 * replaced), so a file under an output name is always whole. The intent is journalled before the file is
 * written; if the name turns out taken, the next free name gets a new intent. Selections and flagged
 * answers are not batch cases.
 */
export async function saveRewriteAsync(
  o: SaveAsyncOptions,
  provenance: ProvenanceAppender,
  intent?: SaveIntent,
  writer: FileWriter = inProcessWriter,
): Promise<{ outputPath: string; record: RewriteRecord }> {
  const r = o.result;
  if (r.flags.length) throw new Error(`not saved: ${r.problems.join('; ')}`);
  const content = r.text.endsWith('\n') ? r.text : r.text + '\n';
  const time = (o.now?.() ?? new Date()).toISOString();
  const dir = o.outFile ? dirname(o.outFile) : (o.outDir ?? dirname(o.sourcePath));
  const { stem, ext } = outputBaseName(o.namingPath ?? o.sourcePath, o.style, o.audience, false);
  const candidates = function* (): Generator<string> {
    if (o.outFile) {
      yield o.outFile;
      return;
    }
    for (let n = 1; n < 10_000; n++) yield candidateName(dir, stem, ext, n);
  };
  let saved: { outputPath: string; record: RewriteRecord } | undefined;
  for (const p of candidates()) {
    if (existsSync(p)) continue;
    const record = buildRewriteRecord(o, p, content, time);
    await intent?.(record);
    if ((await writer.writeNew(dir, p, content)) === 'saved') {
      saved = { outputPath: p, record };
      break;
    }
  }
  if (!saved) throw new Error(o.outFile ? `${o.outFile} already exists: Corpus Curator never overwrites a file` : `no free file name for ${stem}${ext} in ${dir}`);
  await provenance.append(saved.record);
  return saved;
}

/**
 * The batch save of a record's rewrite (`o.sourcePath` is a record ref `<shard>:<n>`): a line of the rewrites
 * shard `<shard>.rewrites.<style>.<audience>.jsonl` (or in `o.outDir`) instead of a file. Order: the journal's
 * 'saving' line with the record and the text (its output path is the shard: the line is known only once
 * written) → the line appended and fsynced (record-ref.ts: appendRecordRewrite, which first cuts a torn tail a
 * killed writer left; the line's metadata names the batch and job) → the provenance line. After a crash the
 * executor finds the line by batch, job and text, or appends the journalled text again: a paid-for answer is
 * never requested twice nor lost.
 */
export async function saveRecordRewriteAsync(o: SaveAsyncOptions, provenance: ProvenanceAppender, intent?: SaveIntent): Promise<{ outputPath: string; record: RewriteRecord }> {
  const r = o.result;
  if (r.flags.length) throw new Error(`not saved: ${r.problems.join('; ')}`);
  const ref = parseRecordRef(o.sourcePath);
  if (!ref) throw new Error(`${o.sourcePath} names no record of a shard`);
  const shard = rewritesShardPath(ref.path, o.style, o.audience, o.outDir);
  const content = r.text.replace(/\s+$/, '');
  const time = (o.now?.() ?? new Date()).toISOString();
  await intent?.(buildRewriteRecord(o, shard, content, time), content);
  mkdirSync(dirname(shard), { recursive: true });
  const line = appendRecordRewrite(shard, content, recordRewriteMeta(o.root, o.sourcePath, o.style, o.audience, r.model, o.batchId, o.jobId));
  const outputPath = formatRecordRef(shard, line);
  const record = buildRewriteRecord(o, outputPath, content, time);
  await provenance.append(record);
  return { outputPath, record };
}

/** The provenance a batch writes into a record rewrite's line (`metadata.curator`). */
export function recordRewriteMeta(root: string, sourceRef: string, style: string, audience: string, model: string, batchId?: string, jobId?: string) {
  return { style, audience, model, parentPath: toWorkspacePath(root, sourceRef), ...(batchId ? { batchId } : {}), ...(jobId ? { jobId } : {}) };
}
