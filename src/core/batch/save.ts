// ADAPTER over src/core/rewrite's saveRewrite for batches: the same file naming (writeNewFile's names,
// exclusive create, never replacing anything) and the same RewriteRecord, but asynchronous, so the disk
// syncs of 50 parallel jobs do not block the event loop one after another:
//  - the output file is created exclusively, written and fsynced on the thread pool (fs/promises);
//  - its provenance line goes through a group-committed appender (one fdatasync for the records that
//    arrived meanwhile); the promise resolves only once the line is on disk.
// Order per job: (batch journal 'saving' line with the record) → file on disk under its name (atomic:
// temp file + fsync + link) → provenance line on disk → (runner) journal 'done' line.
// saveRewrite does the same synchronously (two fsyncs on the main thread per document); with 250
// documents a second that alone used most of the event loop (see bench/batch.bench.ts). The record is
// built by the same buildRewriteRecord as saveRewrite's (test/unit/batch-save.test.ts compares the two).
import { close, existsSync, fsync, mkdirSync, open as openCb, write } from 'node:fs';
import { link, open, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { GroupCommitFile } from '../util/group-commit';
import { ensureCuratorDir, provenancePath } from '../provenance/log';
import type { ProvenanceRecord, RewriteRecord } from '../provenance/types';
import { candidateName, outputBaseName } from '../rewrite/naming';
import { buildRewriteRecord, type SaveRewriteOptions } from '../rewrite/rewrite';

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

/** Creates `path` exclusively with `content`, fsynced; false when it exists. */
async function writeExclusiveAsync(path: string, content: string): Promise<boolean> {
  // Plain file descriptors with callbacks rather than fs/promises' FileHandle: the same calls on the thread
  // pool without a FileHandle object (and its close tracking) per output file.
  let fd: number;
  try {
    fd = await new Promise<number>((res, rej) => openCb(path, 'wx', 0o644, (e, f) => (e ? rej(e) : res(f))));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    const data = Buffer.from(content, 'utf8');
    for (let off = 0; off < data.length; ) {
      off += await new Promise<number>((res, rej) => write(fd, data, off, data.length - off, null, (e, n) => (e ? rej(e) : res(n))));
    }
    await new Promise<void>((res, rej) => fsync(fd, (e) => (e ? rej(e) : res())));
  } finally {
    await new Promise<void>((res) => close(fd, () => res()));
  }
  return true;
}

/** Writes `content` to a new hidden temp file beside `dir`'s outputs, fsynced. */
async function writeTemp(dir: string, content: string): Promise<string> {
  for (;;) {
    const tmp = join(dir, `.curator-tmp-${randomBytes(6).toString('hex')}`);
    if (await writeExclusiveAsync(tmp, content)) return tmp;
  }
}

/**
 * Called with the record once the output's name and content are fixed, before the file appears under that
 * name: the batch journals it ('saving'), so that after a crash a file found under that name with that
 * sha256 is known to be this job's complete result, and is adopted instead of requested again.
 */
export type SaveIntent = (record: RewriteRecord) => Promise<void>;

export type SaveAsyncOptions = Omit<SaveRewriteOptions, 'selection' | 'allowFlagged'> & {
  /** The name outputs are derived from when it is not the source path (inline-text jobs). */
  namingPath?: string;
};

/**
 * saveRewrite, asynchronously (see above), and atomically: the content is written to a temp file and
 * fsynced, then hard-linked under its final name (link fails if the name exists: nothing is replaced), so a
 * file under an output name is always whole. Where hard links are not supported, the file is created
 * exclusively and written in place. Selections and flagged answers are not batch cases.
 */
export async function saveRewriteAsync(o: SaveAsyncOptions, provenance: ProvenanceAppender, intent?: SaveIntent): Promise<{ outputPath: string; record: RewriteRecord }> {
  const r = o.result;
  if (r.flags.length) throw new Error(`not saved: ${r.problems.join('; ')}`);
  const content = r.text.endsWith('\n') ? r.text : r.text + '\n';
  const time = (o.now?.() ?? new Date()).toISOString();
  const dir = o.outFile ? dirname(o.outFile) : (o.outDir ?? dirname(o.sourcePath));
  mkdirSync(dir, { recursive: true });
  const { stem, ext } = outputBaseName(o.namingPath ?? o.sourcePath, o.style, o.audience, false);
  const candidates = function* (): Generator<string> {
    if (o.outFile) {
      yield o.outFile;
      return;
    }
    for (let n = 1; n < 10_000; n++) yield candidateName(dir, stem, ext, n);
  };
  let tmp: string | undefined = await writeTemp(dir, content);
  let linkable = true;
  let saved: { outputPath: string; record: RewriteRecord } | undefined;
  try {
    for (const p of candidates()) {
      if (existsSync(p)) continue;
      const record = buildRewriteRecord(o, p, content, time);
      await intent?.(record);
      if (linkable) {
        try {
          await link(tmp, p);
          saved = { outputPath: p, record };
          break;
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'EEXIST') continue;
          if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'EMLINK') throw e;
          linkable = false;
        }
      }
      if (await writeExclusiveAsync(p, content)) {
        saved = { outputPath: p, record };
        break;
      }
    }
  } finally {
    if (tmp) await unlink(tmp).catch(() => undefined);
    tmp = undefined;
  }
  if (!saved) throw new Error(o.outFile ? `${o.outFile} already exists: Corpus Curator never overwrites a file` : `no free file name for ${stem}${ext} in ${dir}`);
  await provenance.append(saved.record);
  return saved;
}
