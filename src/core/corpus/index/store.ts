/**
 * The corpus index on disk, under `.curator/index/`: loading, saving and the manifest.
 *
 *   manifest.json        the commit point: format version, generation, files (mtime, size, document ids,
 *                        skipped inputs), and the names of the other files of this generation
 *   docs-<gen>.jsonl     the document table, one document a line (written and read in chunks: at a million
 *                        documents one JSON string would pass what a JavaScript string can hold)
 *   dedup-<gen>.bin      near-duplicate fingerprints: MinHash signatures, shingle sketches, passage hashes
 *                        (dedup/lsh.ts DedupIndex, binary: dedup/dedup-file.ts), opened only when an update needs
 *                        them, and then read record by record, never loaded whole (fp-store.ts)
 *   shard-<gen>-<n>.bin  search shards (search-index.ts); never rewritten, only added or dropped
 *   tokens-<tokenizer>.bin  token counts by content hash, per tokenizer (token-cache.ts)
 * Every file is written atomically (temporary file, fsync, rename) and the manifest last, so a crash
 * leaves the previous generation intact. `loadStore` says why a stored index cannot be used (unreadable
 * manifest, other format version or settings, missing or corrupt files); `CorpusIndex.open` then rebuilds.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { CorpusDocument, SkippedInput } from '../model';
import type { TokenizerId } from '../../text/tokenizers';
import { CURATOR_DIR } from '../../provenance/types';
import { errorMessage } from '../../util/errors';
import { DEFAULT_TEXT_FIELD } from '../records';
import type { DedupIndex } from '../dedup/lsh';
import { dedupFileChunks, openDedupFile, type DedupLayout } from '../dedup/dedup-file';
import { DiskShard, type SearchShard, type Shard } from '../search/search-index';
import { TokenCountCache, tokenCacheFile } from './token-cache';
import { writeFileAtomic } from './atomic';

// 2: shared passages and star clusters (dedup), and each document's filter-rule hits (filters), made on two branches;
// 3: both together; 4: Chinese documents skip the top n-gram rules and C4's sentence count;
// 5: the document table as JSON lines and the signatures as a binary file (a million documents).
export const INDEX_FORMAT_VERSION = 5;
export const INDEX_DIR = 'index';
const MANIFEST = 'manifest.json';
/** Bytes of the document table read at a time (exported for tests: tiny chunks cross every line boundary). */
export const docTableChunk = { bytes: 16 << 20 };

/** One indexed file: its stat when read, its documents and what was skipped in it. */
export interface FileEntry {
  mtimeMs: number;
  size: number;
  docIds: string[];
  skipped: SkippedInput[];
}

export interface Manifest {
  formatVersion: number;
  generation: number;
  builtAt: string;
  updatedAt: string;
  include: string[];
  exclude: string[];
  files: Record<string, FileEntry>;
  docsFile: string;
  dedupFile: string;
  shards: string[];
  deleted: number[][];
  /** Tokenizer of the documents' `tokens` (absent in older indexes: the estimate). */
  tokenizer?: TokenizerId;
  /** Text field (JSONL) / column (Parquet) the index was read with (absent: "text"). */
  textField?: string;
  /** Whether the documents carry their filter-rule hits (absent: no). */
  filterRules?: boolean;
}

export function indexDir(root: string): string {
  return join(root, CURATOR_DIR, INDEX_DIR);
}

/** The manifest as it is on disk, without checks (empty when there is none or it cannot be read). */
export function peekManifest(root: string): Partial<Manifest> {
  try {
    const m = JSON.parse(readFileSync(join(indexDir(root), MANIFEST), 'utf8')) as Partial<Manifest>;
    return m && typeof m === 'object' ? m : {};
  } catch {
    return {};
  }
}

/** What an index must have been built with to be used as it is. */
export interface StoreSettings {
  include: string[];
  exclude: string[];
  textField: string;
}

export interface StoredIndex {
  manifest: Manifest;
  docs: CorpusDocument[];
  /** Opened from their files (read on demand, never loaded whole). */
  shards: DiskShard[];
}

/**
 * Reads the stored index of `root` (an absolute path): `{}` when there is none, `problem` when it cannot be
 * used (the words complete "Corpus index at <dir> …").
 */
export function loadStore(root: string, want: StoreSettings): { stored?: StoredIndex; problem?: string } {
  const dir = indexDir(root);
  const mf = join(dir, MANIFEST);
  if (!existsSync(mf)) return {};
  try {
    const m = JSON.parse(readFileSync(mf, 'utf8')) as Manifest;
    if (!m || typeof m !== 'object') return { problem: 'has an unreadable manifest' };
    if (m.formatVersion !== INDEX_FORMAT_VERSION) return { problem: `has format version ${String(m.formatVersion)}, this version uses ${INDEX_FORMAT_VERSION}` };
    if (JSON.stringify(m.include) !== JSON.stringify(want.include) || JSON.stringify(m.exclude) !== JSON.stringify(want.exclude)) {
      return { problem: 'was built with other include/exclude patterns' };
    }
    if ((m.textField ?? DEFAULT_TEXT_FIELD) !== want.textField) return { problem: `was built with the text field "${m.textField ?? DEFAULT_TEXT_FIELD}", not "${want.textField}"` };
    if (!m.dedupFile || !existsSync(join(dir, m.dedupFile))) return { problem: 'has lost its near-duplicate signatures' };
    const docs = readDocTable(join(dir, m.docsFile));
    if (!docs) return { problem: 'has an unreadable document table' };
    const shards = m.shards.map((f) => DiskShard.open(join(dir, f)));
    return { stored: { manifest: m, docs, shards } };
  } catch (e) {
    return { problem: corruptProblem(e) };
  }
}

/** The problem text for an index that threw while being read. */
export function corruptProblem(e: unknown): string {
  return `is corrupt (${errorMessage(e).split('\n')[0]})`;
}

/** The near-duplicate signatures of a stored generation. */
export function loadDedup(root: string, dedupFile: string | undefined): DedupIndex {
  const file = dedupFile && join(indexDir(root), dedupFile);
  if (!file || !existsSync(file)) throw new Error('near-duplicate signatures are missing');
  return openDedupFile(file);
}

/**
 * The document table: one JSON document a line, parsed line by line from chunks of the file (16 MB at a time:
 * at a million documents the file is about 600 MB, never read whole).
 */
function readDocTable(file: string): CorpusDocument[] | undefined {
  const fd = openSync(file, 'r');
  try {
    const docs: CorpusDocument[] = [];
    let buf = Buffer.alloc(docTableChunk.bytes);
    let have = 0;
    let pos = 0;
    for (;;) {
      if (have === buf.length) {
        // One line longer than the buffer: grow it.
        const bigger = Buffer.alloc(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const n = readSync(fd, buf, have, buf.length - have, pos);
      pos += n;
      have += n;
      const eof = n === 0;
      let start = 0;
      for (;;) {
        let end = buf.indexOf(10, start);
        if (end < 0 || end >= have) {
          if (!eof) break;
          end = have;
        }
        if (end > start) {
          const d = JSON.parse(buf.toString('utf8', start, end)) as CorpusDocument;
          if (!d || typeof d !== 'object' || typeof d.id !== 'string') return undefined;
          docs.push(d);
        }
        start = end + 1;
        if (start >= have) break;
      }
      if (eof) return docs;
      // Keep the unfinished line at the front.
      if (start > 0) {
        if (start < have) buf.copy(buf, 0, start, have);
        have = Math.max(0, have - start);
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** The document table's bytes in chunks of about 4 MB. */
function* docTableChunks(docs: Iterable<CorpusDocument>): Generator<Uint8Array> {
  let parts: string[] = [];
  let size = 0;
  for (const d of docs) {
    const line = JSON.stringify(d) + '\n';
    parts.push(line);
    size += line.length;
    if (size >= 4 << 20) {
      yield Buffer.from(parts.join(''), 'utf8');
      parts = [];
      size = 0;
    }
  }
  if (parts.length) yield Buffer.from(parts.join(''), 'utf8');
}

/** One generation to write. */
export interface Generation {
  /** The generation written last (this one is the next). */
  previous: number;
  builtAt: string;
  include: string[];
  exclude: string[];
  tokenizer: TokenizerId;
  textField: string;
  filterRules: boolean;
  files: Map<string, FileEntry>;
  /** Iterated twice (table, token counts): an array or another re-iterable collection. */
  docs: Iterable<CorpusDocument>;
  /**
   * Every shard of the search index. A shard opened from a file of this index directory (DiskShard) keeps its
   * file; the others are new (built or merged in memory) and get written.
   */
  shards: readonly SearchShard[];
  deleted: number[][];
  /** The current signature file; `dedup` is written to a new one when given (changed) or when there is none. */
  dedupFile: string | undefined;
  dedup?: () => DedupIndex;
}

/**
 * Writes search shards as they are built, before their generation's manifest (`persist` of SearchIndexBuilder):
 * each goes to a new `shard-<gen>-<n>.bin` and comes back opened from it. Files not named by a manifest in the
 * end (a build that failed) are removed by the next save.
 */
export class ShardWriter {
  private n = 0;
  private readonly dir: string;
  constructor(
    root: string,
    /** The generation these shards will belong to (the one written last + 1). */
    private readonly gen: number,
    private readonly taken = new Set<string>(),
  ) {
    this.dir = indexDir(root);
  }

  /** Writes `shard` to a file of its own and opens it from there. */
  write(shard: Shard): DiskShard {
    const file = this.reserve();
    writeFileAtomic(file, shard.serialize());
    return DiskShard.open(file);
  }

  /** The path of the next shard's file (for a shard written elsewhere: a worker thread), its folder made. */
  reserve(): string {
    mkdirSync(this.dir, { recursive: true });
    let name: string;
    do name = `shard-${this.gen}-${this.n++}.bin`;
    while (this.taken.has(name));
    this.taken.add(name);
    return join(this.dir, name);
  }
}

/** The file name of a shard opened from this index directory, else undefined (it has to be written). */
function shardFileIn(dir: string, s: SearchShard): string | undefined {
  return s instanceof DiskShard && resolve(dirname(s.file)) === resolve(dir) && existsSync(s.file) ? basename(s.file) : undefined;
}

/**
 * Writes a generation (new shards, document table, token counts, signatures, then the manifest) and removes
 * stale files. `shards` comes back with every shard opened from its file (those written now included), in order.
 */
export function saveStore(root: string, g: Generation): { generation: number; shardFiles: string[]; shards: DiskShard[]; dedupFile: string } {
  const dir = indexDir(root);
  mkdirSync(dir, { recursive: true });
  const gen = g.previous + 1;
  const files: (string | undefined)[] = g.shards.map((s) => shardFileIn(dir, s));
  const writer = new ShardWriter(root, gen, new Set(files.filter((f): f is string => !!f)));
  const opened = g.shards.map((s, i) => {
    if (files[i]) return s as DiskShard;
    const d = writer.write(s as Shard);
    files[i] = basename(d.file);
    return d;
  });
  const shardFiles = files as string[];
  const docsFile = `docs-${gen}.jsonl`;
  writeFileAtomic(join(dir, docsFile), docTableChunks(g.docs));
  // Token counts by content hash for this tokenizer: the documents of now (the estimate's too, so that
  // switching back to it needs no re-reading).
  const counts: (readonly [string, number])[] = [];
  for (const d of g.docs) counts.push([d.sha256, d.tokens]);
  TokenCountCache.write(tokenCacheFile(dir, g.tokenizer), counts);
  let dedupFile = g.dedupFile;
  if (g.dedup || !dedupFile) {
    if (!g.dedup) throw new Error('near-duplicate signatures are missing');
    dedupFile = `dedup-${gen}.bin`;
    const idx = g.dedup();
    const layout: DedupLayout = [];
    writeFileAtomic(join(dir, dedupFile), dedupFileChunks(idx, layout));
    // The index reads its records from the new file from now on (what it held in memory or spilled is freed).
    idx.useFile(join(dir, dedupFile), layout);
  }
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    generation: gen,
    builtAt: g.builtAt,
    updatedAt: new Date().toISOString(),
    include: g.include,
    exclude: g.exclude,
    files: Object.fromEntries(g.files),
    docsFile,
    dedupFile,
    shards: shardFiles,
    deleted: g.deleted,
    tokenizer: g.tokenizer,
    textField: g.textField,
    filterRules: g.filterRules,
  };
  writeFileAtomic(join(dir, MANIFEST), JSON.stringify(manifest));
  // Files of older generations are garbage once the manifest no longer names them.
  const keep = new Set([...shardFiles, docsFile, dedupFile, MANIFEST]);
  for (const f of readdirSync(dir)) {
    if (keep.has(f)) continue;
    if (/^(shard-\d+-\d+\.bin|(docs|dedup)-\d+\.(json|jsonl|bin)|manifest\.json)(\.tmp-.*)?$/.test(f)) {
      try {
        unlinkSync(join(dir, f));
      } catch {
        /* another process may hold it; removed next time */
      }
    }
  }
  return { generation: gen, shardFiles, shards: opened, dedupFile };
}
