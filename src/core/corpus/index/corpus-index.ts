/**
 * The corpus index: every document of a workspace with its language, size, provenance (natural or
 * synthetic, style, audience, model, review status), domain, quality signals, exact and near-duplicate
 * clusters, the inputs that were skipped (with reasons), and a full-text search index.
 *
 * Three parts: `store.ts` keeps it under `.curator/index/` (manifest, document table, signatures, search
 * shards, token counts; atomic generations), `enrich.ts` turns files into documents, and this file is the
 * index itself: build, update, queries. A stored index that cannot be used makes `open` rebuild with a
 * message, once.
 *
 * Incremental: `update()` stats every file and re-reads only files whose mtime or size changed (or
 * `update(paths)` re-reads just those); their old documents are tombstoned in the search index and the
 * new ones added as a new shard; many tombstones or small shards are compacted by merging shards from
 * their postings, without reading any file again. Provenance (kind, status…) is re-derived from the log on every open.
 *
 * Tokens: every document's `tokens` is counted with the index's tokenizer (the manifest names it). Asked for
 * another one (`tokenizer` option), `update()` recounts: counts cached for that tokenizer by content hash
 * are taken as they are, and only the files holding texts never counted with it are read again. A changed
 * text field (JSONL field, Parquet column) rebuilds the index.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { statSync } from 'node:fs';
import type { CorpusDocument, ReaderOptions, SkippedInput } from '../model';
import { DEFAULT_TOKENIZER, getTokenizer, isTokenizerId, type TokenCounter, type TokenizerId } from '../../text/tokenizers';
import { DEFAULT_TEXT_FIELD } from '../records';
import { TokenCountCache, tokenCacheFile } from './token-cache';
import { readProvenance } from '../../provenance/log';
import { errorMessage } from '../../util/errors';
import { buildProvenanceMap, classify, reviewOutsideCorpus, type ReviewOutsideCorpus } from './classify';
import { defaultDeps, type IndexDeps } from './deps';
import { DedupIndex } from '../dedup/lsh';
import { AnalyzePipeline, poolSize } from './analyze-pool';
import { ShardCloser } from './shard-pool';
import type { DocAnalysis } from './analyze';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, PathFilter } from './glob';
import { DiskShard, SearchIndex, SearchIndexBuilder } from '../search/search-index';
import { FieldIndex } from '../search/field-index';
import { matchesFilters, type DocFilters } from '../search/filters';
import { corruptProblem, indexDir, loadDedup, loadStore, peekManifest, saveStore, ShardWriter, type FileEntry } from './store';
import type { IndexDelta } from './delta';
import { DocMap } from './doc-map';
import { checkAbort, documentTexts, readDocumentText, readFileDocuments, relPath, scanFiles, type EnrichContext, type FileStat } from './enrich';

export { INDEX_DIR, INDEX_FORMAT_VERSION, indexDir } from './store';

export interface CorpusIndexOptions {
  /** Globs relative to the root (default everything). */
  include?: string[];
  /** Globs relative to the root (default node_modules, .git, .curator at any depth). */
  exclude?: string[];
  reader?: Omit<ReaderOptions, 'signal'>;
  /** Tokenizer of the token counts; default: the one the index was built with (estimate for a new index). */
  tokenizer?: TokenizerId;
  deps?: IndexDeps;
  /** Messages for the user (a rebuilt index, …); default: none. */
  log?: (message: string) => void;
  /** Worker threads for the per-document analysis (0: none); default one per core for a run that reads
   * 4 MB or more (analyze-pool.ts). The index is the same either way. */
  workers?: number;
  /**
   * Whether every document's datatrove filter-rule hits are computed (`doc.filters`, what a filter preset
   * reads). They cost most of the index's CPU and are read only when a preset is chosen, so they are off
   * unless asked for: default, what the index had (off for a new index). Asked for on an index without them,
   * `update()` computes them for every document (the texts are read back once).
   */
  filterRules?: boolean;
}

export interface IndexProgress {
  phase: 'scan' | 'read' | 'tokens' | 'filters' | 'dedup' | 'search' | 'write';
  done: number;
  total: number;
  /** The file being read (workspace-relative). */
  path?: string;
}

export interface RunOptions {
  onProgress?: (p: IndexProgress) => void;
  signal?: AbortSignal;
}

export interface UpdateResult {
  /** Workspace-relative files that were (re-)read. */
  readFiles: string[];
  removedFiles: string[];
  addedDocs: number;
  removedDocs: number;
  /** True when the update turned into a full rebuild (lost near-duplicate signatures). */
  rebuilt: boolean;
  /** Set when the tokenizer changed: documents recounted, and how many of them needed their text read. */
  retokenized?: { tokenizer: TokenizerId; documents: number; counted: number };
  /** Set when the filter rules were asked for on an index without them: documents evaluated. */
  filterRulesAdded?: number;
}

export interface SearchOptions {
  limit?: number;
  filters?: DocFilters;
}

export interface SearchResult {
  doc: CorpusDocument;
  score: number;
  /** Fraction of the query terms found (1 = all). */
  coverage: number;
}

export class CorpusIndex {
  readonly root: string;
  private readonly include: string[];
  private readonly exclude: string[];
  private readonly deps: IndexDeps;
  private readonly readerOpts: Omit<ReaderOptions, 'signal'>;
  private readonly log: (m: string) => void;
  private readonly workers: number | undefined;
  private docs = new DocMap();
  private files = new Map<string, FileEntry>();
  private search_ = new SearchIndex();
  private fields: FieldIndex | undefined;
  private generation = 0;
  private builtAt = new Date().toISOString();
  private dedup: DedupIndex | undefined;
  private dedupFile: string | undefined;
  private dedupDirty = false;
  /** Tokenizer of the documents' counts, and the one asked for (they differ until `update` recounts). */
  private tokenizer_: TokenizerId = DEFAULT_TOKENIZER;
  private wantTokenizer: TokenizerId | undefined;
  private counter_: TokenCounter | undefined;
  private tokenCache: TokenCountCache | undefined;
  private outside: ReviewOutsideCorpus = { rejected: 0 };
  /** Whether documents carry their filter-rule hits, and whether they are asked for (see CorpusIndexOptions.filterRules). */
  private filterRules_ = false;
  private wantFilterRules: boolean | undefined;

  private constructor(root: string, opts: CorpusIndexOptions) {
    this.root = resolve(root);
    this.include = opts.include ?? DEFAULT_INCLUDE;
    this.exclude = opts.exclude ?? DEFAULT_EXCLUDE;
    this.deps = opts.deps ?? defaultDeps;
    this.readerOpts = opts.reader ?? {};
    this.log = opts.log ?? (() => undefined);
    this.wantTokenizer = opts.tokenizer;
    this.workers = opts.workers;
    this.wantFilterRules = opts.filterRules;
  }

  /** Whether the documents carry their filter-rule hits (`doc.filters`). */
  get filterRules(): boolean {
    return this.filterRules_;
  }

  /** The tokenizer the documents' `tokens` are counted with. */
  get tokenizer(): TokenizerId {
    return this.tokenizer_;
  }

  private get textField(): string {
    return this.readerOpts.textField ?? DEFAULT_TEXT_FIELD;
  }

  private counter(): TokenCounter {
    if (this.counter_?.id !== this.tokenizer_) this.counter_ = getTokenizer(this.tokenizer_);
    return this.counter_;
  }

  /** The token count of a text: from the content-hash cache, else counted (and cached). */
  private countTokens(text: string, sha: string): number {
    if (this.tokenizer_ === 'estimate') return this.counter().count(text);
    this.tokenCache ??= TokenCountCache.load(tokenCacheFile(indexDir(this.root), this.tokenizer_));
    let n = this.tokenCache.get(sha);
    if (n === undefined) {
      n = this.counter().count(text);
      this.tokenCache.set(sha, n);
    }
    return n;
  }

  /**
   * Loads the index of `root`, building it when absent, corrupt or of another format version, and
   * bringing it up to date with the files (unless `refresh: false`).
   */
  static async open(root: string, opts: CorpusIndexOptions & RunOptions & { refresh?: boolean } = {}): Promise<CorpusIndex> {
    const loaded = CorpusIndex.load(root, opts);
    if (loaded.index) {
      if (opts.refresh !== false) await loaded.index.update(undefined, opts);
      return loaded.index;
    }
    if (loaded.problem) opts.log?.(`Corpus index at ${indexDir(resolve(root))} ${loaded.problem}: rebuilding it.`);
    return CorpusIndex.build(root, opts, opts);
  }

  /** Reads the persisted index; `problem` says why it cannot be used (undefined when there is none). */
  static load(root: string, opts: CorpusIndexOptions = {}): { index?: CorpusIndex; problem?: string } {
    const idx = new CorpusIndex(root, opts);
    const { stored, problem } = loadStore(idx.root, { include: idx.include, exclude: idx.exclude, textField: idx.textField });
    if (!stored) return { problem };
    try {
      const m = stored.manifest;
      idx.generation = m.generation;
      idx.builtAt = m.builtAt;
      idx.dedupFile = m.dedupFile;
      idx.files = new Map(Object.entries(m.files));
      idx.docs = new DocMap(stored.docs);
      // One string per id: the manifest's and the shards' copies become the document table's.
      const same = (id: string) => idx.docs.get(id)?.id ?? id;
      for (const f of idx.files.values()) f.docIds = f.docIds.map(same);
      for (const sh of stored.shards) for (let l = 0; l < sh.ids.length; l++) sh.ids[l] = same(sh.ids[l]!);
      idx.search_ = new SearchIndex(stored.shards, m.deleted);
      idx.tokenizer_ = isTokenizerId(m.tokenizer) ? m.tokenizer : DEFAULT_TOKENIZER;
      idx.filterRules_ = m.filterRules === true;
      idx.refreshProvenance();
      return { index: idx };
    } catch (e) {
      return { problem: corruptProblem(e) };
    }
  }

  /**
   * Applies what an update made elsewhere changed (delta.ts: the indexer worker's run), instead of loading the
   * whole index again: documents of re-read files in, the old ones out, changed clusters, file entries, and
   * the search shards of the new generation (those already open stay open; only new files are opened).
   * False (nothing changed here) when the delta does not start from this generation or the manifest on disk
   * is not the delta's generation: then load the index whole.
   */
  applyDelta(delta: IndexDelta): boolean {
    if (delta.from !== this.generation) return false;
    const m = peekManifest(this.root);
    if (m.generation !== delta.to || !Array.isArray(m.shards) || !Array.isArray(m.deleted)) return false;
    const dir = indexDir(this.root);
    const open = new Map<string, DiskShard>();
    for (const s of this.search_.shards) if (s instanceof DiskShard) open.set(s.file, s);
    const fresh: DiskShard[] = [];
    let shards: DiskShard[];
    try {
      shards = m.shards.map((f) => {
        const file = join(dir, f);
        const had = open.get(file);
        if (had) return had;
        const d = DiskShard.open(file);
        fresh.push(d);
        return d;
      });
    } catch {
      return false;
    }
    for (const id of delta.removed) this.docs.delete(id);
    for (const d of delta.docs) this.docs.set(d.id, d);
    for (const [id, cluster, shared] of delta.clusters) {
      const d = this.docs.get(id);
      if (!d) continue;
      if (cluster === null) delete d.dupCluster;
      else d.dupCluster = cluster;
      if (shared) d.sharedPassages = shared;
      else delete d.sharedPassages;
    }
    // Re-read files go to the end, as in the index that wrote them.
    for (const rel of delta.removedFiles) this.files.delete(rel);
    for (const [rel] of delta.files) this.files.delete(rel);
    const same = (id: string) => this.docs.get(id)?.id ?? id;
    for (const [rel, e] of delta.files) {
      e.docIds = e.docIds.map(same);
      this.files.set(rel, e);
    }
    for (const sh of fresh) for (let l = 0; l < sh.ids.length; l++) sh.ids[l] = same(sh.ids[l]!);
    // The same shards with new ones after them (no compaction): tombstone and append; else index them anew.
    const prefix = this.search_.shards.length <= shards.length && this.search_.shards.every((s, i) => s === shards[i]);
    if (prefix) {
      this.search_.remove(delta.removed);
      this.search_.appendShards(shards.slice(this.search_.shards.length));
    }
    if (!prefix || JSON.stringify(this.search_.deletedLists()) !== JSON.stringify(m.deleted)) this.search_ = new SearchIndex(shards, m.deleted);
    if (this.fields) {
      this.fields.remove(delta.removed);
      this.fields.addAll(delta.docs);
    }
    this.generation = delta.to;
    if (typeof m.builtAt === 'string') this.builtAt = m.builtAt;
    this.dedup = undefined;
    this.dedupFile = m.dedupFile;
    this.refreshProvenance();
    return true;
  }

  /** The entry of an indexed file (workspace-relative path): its stat when read, document ids, skipped inputs. */
  fileEntry(rel: string): FileEntry | undefined {
    return this.files.get(rel);
  }

  /** Builds the index from scratch and saves it. */
  static async build(root: string, opts: CorpusIndexOptions = {}, run: RunOptions = {}): Promise<CorpusIndex> {
    const idx = new CorpusIndex(root, opts);
    const prev = peekManifest(idx.root);
    idx.generation = typeof prev.generation === 'number' ? prev.generation : 0;
    // Without a tokenizer asked for, a rebuild keeps the one the index had.
    idx.tokenizer_ = opts.tokenizer ?? (isTokenizerId(prev.tokenizer) ? prev.tokenizer : DEFAULT_TOKENIZER);
    idx.filterRules_ = opts.filterRules ?? prev.filterRules === true;
    await idx.rebuild(run);
    return idx;
  }

  /** The tokenizer and text field an existing index was built with (empty when there is none). */
  static peekSettings(root: string): { tokenizer?: TokenizerId; textField?: string } {
    const m = peekManifest(resolve(root));
    return { tokenizer: isTokenizerId(m.tokenizer) ? m.tokenizer : undefined, textField: typeof m.textField === 'string' ? m.textField : undefined };
  }

  // ---- reading ---------------------------------------------------------------------------------

  private get enrich(): EnrichContext {
    const deps = this.filterRules_ || !this.deps.evaluateFilters ? this.deps : { ...this.deps, evaluateFilters: undefined };
    return { root: this.root, deps, readerOpts: this.readerOpts };
  }

  /** Every supported file under the root that the include/exclude patterns select, with stat. */
  scanFiles(signal?: AbortSignal): Map<string, FileStat> {
    return scanFiles(this.enrich, this.include, this.exclude, signal);
  }

  /**
   * Reads files into documents, analysed (language, hash, quality signals, rules, fingerprint, search keys:
   * analyze-pool.ts, in worker threads on a big run), their tokens counted, and handed in reading order
   * with their analyses to `onDoc` (search + dedup); the texts are not kept. Sets the files' entries.
   */
  private async readFiles(
    files: Map<string, FileStat>,
    dedup: DedupIndex,
    onDoc: (doc: CorpusDocument, a: DocAnalysis & { keys: Uint32Array }) => void,
    run: RunOptions,
    onFile?: (rel: string) => void,
  ): Promise<void> {
    const { onProgress, signal } = run;
    let bytes = 0;
    for (const st of files.values()) bytes += st.size;
    const deps = this.enrich.deps;
    const sink = (doc: CorpusDocument, text: string, a: DocAnalysis) => {
      doc.tokens = this.tokenizer_ === 'estimate' ? a.tokens : this.countTokens(text, doc.sha256);
      onDoc(doc, a as DocAnalysis & { keys: Uint32Array });
    };
    const pipe = AnalyzePipeline.create({ deps, dedup, workers: poolSize(this.workers, bytes, deps), keys: true, sink });
    try {
      let done = 0;
      for (const [rel, st] of files) {
        checkAbort(signal);
        onProgress?.({ phase: 'read', done, total: files.size, path: rel });
        const entry = await readFileDocuments(this.enrich, rel, st, (doc, text) => pipe.push(doc, text), signal);
        this.files.set(rel, entry);
        onFile?.(rel);
        done++;
      }
      await pipe.finish();
      onProgress?.({ phase: 'read', done, total: files.size });
    } finally {
      await pipe.close();
    }
  }

  /** Whether reading `files` is a big run (worker threads: analysis-pool.ts poolSize). */
  private parallel(files: Map<string, FileStat>): boolean {
    let bytes = 0;
    for (const st of files.values()) bytes += st.size;
    return poolSize(this.workers, bytes, this.enrich.deps) > 0;
  }

  private async rebuild(run: RunOptions): Promise<void> {
    const { onProgress, signal } = run;
    onProgress?.({ phase: 'scan', done: 0, total: 0 });
    const files = this.scanFiles(signal);
    // Each search shard goes to its file as soon as it is built (only one is ever in memory); on a big run a
    // worker thread sorts and writes it while this thread goes on (shard-pool.ts).
    const writer = new ShardWriter(this.root, this.generation + 1);
    const closer = ShardCloser.create(this.parallel(files), (chunks) => builder.recycle(chunks));
    const builder = new SearchIndexBuilder({ close: (parts) => closer.close(parts, writer.reserve()) });
    const dedup = new DedupIndex();
    this.docs = new DocMap();
    this.files = new Map();
    try {
      await this.readFiles(
        files,
        dedup,
        (doc, a) => {
          this.docs.set(doc.id, doc);
          builder.addKeys(doc.id, a.keys);
          dedup.addFingerprint(doc.id, a.fp, doc.sha256);
        },
        run,
      );
      checkAbort(signal);
      // The last search shard is closed (in the worker) while this thread clusters, the longest phase.
      onProgress?.({ phase: 'search', done: 0, total: this.docs.size });
      const shards = builder.finishAsync();
      // A failure there is seen when awaited below (not as an unhandled rejection meanwhile).
      shards.catch(() => undefined);
      onProgress?.({ phase: 'dedup', done: 0, total: this.docs.size });
      this.dedup = dedup;
      this.dedupDirty = true;
      this.applyClusters(dedup);
      this.search_ = new SearchIndex(await shards);
    } finally {
      await closer.stop();
    }
    this.fields = undefined;
    this.builtAt = new Date().toISOString();
    this.refreshProvenance();
    checkAbort(signal);
    onProgress?.({ phase: 'write', done: 0, total: 1 });
    this.save();
    onProgress?.({ phase: 'write', done: 1, total: 1 });
  }

  /**
   * Brings the index up to date. Without `changedPaths`: stats every file and re-reads those whose
   * mtime or size changed, drops files that are gone, reads new ones. With `changedPaths` (absolute or
   * workspace-relative): re-reads just those (a path that no longer exists is removed).
   */
  async update(changedPaths?: string[], run: RunOptions = {}): Promise<UpdateResult> {
    const { onProgress, signal } = run;
    const result: UpdateResult = { readFiles: [], removedFiles: [], addedDocs: 0, removedDocs: 0, rebuilt: false };
    const toRead = new Map<string, { mtimeMs: number; size: number }>();
    if (this.wantTokenizer && this.wantTokenizer !== this.tokenizer_) {
      const { summary, unread } = await this.retokenize(this.wantTokenizer, run);
      result.retokenized = summary;
      if (unread.size) changedPaths = changedPaths === undefined ? undefined : [...changedPaths, ...unread];
      for (const rel of unread) {
        // Re-read below even when its mtime and size look unchanged.
        const f = this.files.get(rel);
        if (f) f.mtimeMs = -1;
      }
    }
    if (this.wantFilterRules !== undefined && this.wantFilterRules !== this.filterRules_) {
      if (this.wantFilterRules) {
        const { evaluated, unread } = await this.addFilterRules(run);
        result.filterRulesAdded = evaluated;
        if (unread.size) changedPaths = changedPaths === undefined ? undefined : [...changedPaths, ...unread];
        for (const rel of unread) {
          const f = this.files.get(rel);
          if (f) f.mtimeMs = -1;
        }
      } else {
        // Turned off: the hits already computed are dropped (a preset chosen later computes them again).
        this.filterRules_ = false;
        for (const d of this.docs.values()) delete d.filters;
        result.filterRulesAdded = 0;
      }
    }
    if (changedPaths === undefined) {
      onProgress?.({ phase: 'scan', done: 0, total: 0 });
      const now = this.scanFiles(signal);
      for (const [rel, st] of now) {
        const old = this.files.get(rel);
        if (!old || old.mtimeMs !== st.mtimeMs || old.size !== st.size) toRead.set(rel, st);
      }
      for (const rel of this.files.keys()) if (!now.has(rel)) result.removedFiles.push(rel);
    } else {
      const filter = new PathFilter(this.include, this.exclude);
      for (const p of changedPaths) {
        const abs = isAbsolute(p) ? p : join(this.root, p);
        const rel = relPath(this.root, abs);
        if (rel.startsWith('..')) continue;
        let st: { mtimeMs: number; size: number } | undefined;
        try {
          const s = statSync(abs);
          if (s.isFile()) st = { mtimeMs: s.mtimeMs, size: s.size };
        } catch {
          /* gone */
        }
        if (st && filter.matches(rel) && this.deps.isSupportedFile(abs)) toRead.set(rel, st);
        else if (this.files.has(rel)) result.removedFiles.push(rel);
      }
    }
    if (toRead.size === 0 && result.removedFiles.length === 0) {
      if (result.retokenized || result.filterRulesAdded !== undefined) this.save();
      return result;
    }

    // Drop the old documents of changed and removed files.
    const dropped: string[] = [];
    for (const rel of [...toRead.keys(), ...result.removedFiles]) {
      const old = this.files.get(rel);
      if (!old) continue;
      for (const id of old.docIds) {
        if (this.docs.delete(id)) dropped.push(id);
      }
      this.files.delete(rel);
    }
    result.removedDocs = dropped.length;
    let dedup: DedupIndex;
    try {
      dedup = this.dedupIndex();
    } catch (e) {
      this.log(`Near-duplicate signatures could not be read (${errorMessage(e)}): rebuilding the index.`);
      await this.rebuild(run);
      return { ...result, readFiles: [...this.files.keys()], rebuilt: true };
    }
    for (const id of dropped) dedup.remove(id);
    this.dedupDirty = true;
    this.search_.remove(dropped);
    this.fields?.remove(dropped);

    const writer = new ShardWriter(this.root, this.generation + 1);
    const closer = ShardCloser.create(this.parallel(toRead), (chunks) => added.recycle(chunks));
    const added = new SearchIndexBuilder({ close: (parts) => closer.close(parts, writer.reserve()) });
    let addedDocs = 0;
    try {
      await this.readFiles(
        toRead,
        dedup,
        (doc, a) => {
          this.docs.set(doc.id, doc);
          added.addKeys(doc.id, a.keys);
          addedDocs++;
          dedup.addFingerprint(doc.id, a.fp, doc.sha256);
        },
        run,
        (rel) => result.readFiles.push(rel),
      );
      result.addedDocs = addedDocs;
      checkAbort(signal);
      onProgress?.({ phase: 'search', done: 0, total: addedDocs });
      const shards = added.finishAsync();
      shards.catch(() => undefined);
      onProgress?.({ phase: 'dedup', done: 0, total: addedDocs });
      this.applyClusters(dedup);
      this.search_.addShards(await shards);
    } finally {
      await closer.stop();
    }
    this.fields = undefined;
    // Many tombstones or small shards: merge shards from their postings (no file is read again).
    if (this.search_.needsCompaction) this.search_.compact();
    this.refreshProvenance();
    onProgress?.({ phase: 'write', done: 0, total: 1 });
    this.save();
    onProgress?.({ phase: 'write', done: 1, total: 1 });
    return result;
  }

  /**
   * Recounts every document's tokens with another tokenizer: counts cached by content hash are used as they
   * are; the texts of the others are read again (each file once, only the records needed).
   */
  private async retokenize(tokenizer: TokenizerId, run: RunOptions): Promise<{ summary: NonNullable<UpdateResult['retokenized']>; unread: Set<string> }> {
    const { onProgress, signal } = run;
    this.tokenizer_ = tokenizer;
    const cache = TokenCountCache.load(tokenCacheFile(indexDir(this.root), tokenizer));
    this.tokenCache = tokenizer === 'estimate' ? undefined : cache;
    const docs = [...this.docs.values()];
    const missing: CorpusDocument[] = [];
    for (const d of docs) {
      const n = cache.get(d.sha256);
      if (n === undefined) missing.push(d);
      else d.tokens = n;
    }
    const counted = new Set<string>();
    onProgress?.({ phase: 'tokens', done: 0, total: missing.length });
    for await (const { doc, text } of this.texts(missing, signal)) {
      doc.tokens = this.countTokens(text, doc.sha256);
      counted.add(doc.id);
      if (counted.size % 1000 === 0) onProgress?.({ phase: 'tokens', done: counted.size, total: missing.length, path: doc.path });
    }
    onProgress?.({ phase: 'tokens', done: missing.length, total: missing.length });
    // A text that could not be read (its file changed since indexing): the file is read again by this update.
    const unread = new Set(missing.filter((d) => !counted.has(d.id)).map((d) => d.path));
    return { summary: { tokenizer, documents: docs.length, counted: counted.size }, unread };
  }

  /** Computes every document's filter-rule hits from its text read back (each file once). */
  private async addFilterRules(run: RunOptions): Promise<{ evaluated: number; unread: Set<string> }> {
    const { onProgress, signal } = run;
    const evaluate = this.deps.evaluateFilters;
    this.filterRules_ = true;
    if (!evaluate) return { evaluated: 0, unread: new Set() };
    const docs = [...this.docs.values()];
    const done = new Set<string>();
    onProgress?.({ phase: 'filters', done: 0, total: docs.length });
    for await (const { doc, text } of this.texts(docs, signal)) {
      const hits = evaluate(text, doc.lang);
      if (hits.all.length > 0 || hits.finewebChain.length > 0) doc.filters = hits;
      else delete doc.filters;
      done.add(doc.id);
      if (done.size % 1000 === 0) onProgress?.({ phase: 'filters', done: done.size, total: docs.length, path: doc.path });
    }
    onProgress?.({ phase: 'filters', done: docs.length, total: docs.length });
    return { evaluated: done.size, unread: new Set(docs.filter((d) => !done.has(d.id)).map((d) => d.path)) };
  }

  /** Sets dupCluster ("c" + the id of the document each cluster of 2+ keeps) and sharedPassages from the dedup index. */
  private applyClusters(dedup: DedupIndex): void {
    for (const d of this.docs.values()) {
      delete d.dupCluster;
      delete d.sharedPassages;
    }
    for (const [id, c] of dedup.clusters()) {
      const d = this.docs.get(id);
      if (d) d.dupCluster = 'c' + c;
    }
    for (const p of dedup.sharedPassages()) {
      for (const id of p.ids) {
        const d = this.docs.get(id);
        if (d) d.sharedPassages = (d.sharedPassages ?? 0) + 1;
      }
    }
  }


  /** The near-duplicate index (signatures), loaded from disk on first use after a load. */
  private dedupIndex(): DedupIndex {
    this.dedup ??= loadDedup(this.root, this.dedupFile);
    return this.dedup;
  }

  /** Re-derives kind, status, style… from the provenance log and metadata (cheap; done on every open). */
  refreshProvenance(): void {
    const records = readProvenance(this.root).records;
    const prov = buildProvenanceMap(records);
    const paths = new Set<string>();
    const intern = new StringPool();
    for (const d of this.docs.values()) {
      classify(d, prov);
      intern.doc(d);
      paths.add(d.path);
    }
    this.outside = reviewOutsideCorpus(records, (p) => paths.has(p));
  }

  /** Decisions on rewrites that left the corpus (rejected ones are moved out), as of the last provenance refresh. */
  reviewOutsideCorpus(): ReviewOutsideCorpus {
    return { ...this.outside };
  }

  // ---- persistence -----------------------------------------------------------------------------

  /** Writes this generation (new shards, document table, then the manifest) and removes stale files. */
  save(): void {
    const written = saveStore(this.root, {
      previous: this.generation,
      builtAt: this.builtAt,
      include: this.include,
      exclude: this.exclude,
      tokenizer: this.tokenizer_,
      textField: this.textField,
      filterRules: this.filterRules_,
      files: this.files,
      docs: [...this.docs.values()],
      shards: this.search_.shards,
      deleted: this.search_.deletedLists(),
      dedupFile: this.dedupFile,
      dedup: this.dedupDirty || !this.dedupFile ? () => this.dedupIndex() : undefined,
    });
    this.generation = written.generation;
    // Shards written now are read from their files from now on (their arrays are freed).
    written.shards.forEach((s, i) => {
      if (this.search_.shards[i] !== s) this.search_.replaceShard(i, s);
    });
    this.dedupFile = written.dedupFile;
    this.dedupDirty = false;
  }

  // ---- queries ---------------------------------------------------------------------------------

  documents(filters?: DocFilters): CorpusDocument[] {
    const all = [...this.docs.values()];
    return filters ? all.filter((d) => matchesFilters(d, filters)) : all;
  }

  get size(): number {
    return this.docs.size;
  }

  get(id: string): CorpusDocument | undefined {
    return this.docs.get(id);
  }

  /** Every skipped input, with workspace-relative paths. */
  skipped(): SkippedInput[] {
    const out: SkippedInput[] = [];
    for (const f of this.files.values()) out.push(...f.skipped);
    return out;
  }

  /** Files indexed: workspace-relative path → mtime, size, number of documents. */
  fileList(): { path: string; mtimeMs: number; size: number; docs: number; skipped: number }[] {
    return [...this.files].map(([path, f]) => ({ path, mtimeMs: f.mtimeMs, size: f.size, docs: f.docIds.length, skipped: f.skipped.length }));
  }

  /** Groups of two or more near-duplicate (or exact duplicate) documents. */
  duplicateClusters(): CorpusDocument[][] {
    const by = new Map<string, CorpusDocument[]>();
    for (const d of this.docs.values()) {
      if (!d.dupCluster) continue;
      const l = by.get(d.dupCluster);
      if (l) l.push(d);
      else by.set(d.dupCluster, [d]);
    }
    return [...by.values()].filter((g) => g.length > 1).map((g) => g.sort(compareDocs));
  }

  /** Every passage (line) of the corpus with the documents holding it, shared or not (CorpusSet finds passages shared across roots). */
  passageOwners(): { hash: number; docs: CorpusDocument[] }[] {
    return this.dedupIndex()
      .sharedPassages(1)
      .map((p) => ({ hash: p.hash, docs: p.ids.map((id) => this.docs.get(id)).filter((d): d is CorpusDocument => !!d) }));
  }

  /** Passages (lines) found in at least `minDocs` documents, most widespread first (dedup/lsh.ts). */
  sharedPassages(minDocs = 2): { hash: number; docs: CorpusDocument[] }[] {
    return this.dedupIndex()
      .sharedPassages(minDocs)
      .map((p) => ({ hash: p.hash, docs: p.ids.map((id) => this.docs.get(id)).filter((d): d is CorpusDocument => !!d).sort(compareDocs) }))
      .filter((p) => p.docs.length >= Math.max(2, minDocs));
  }

  /**
   * Full-text search (English words, Chinese characters and bigrams) over the body, plus title/path
   * matches, restricted by filters. An empty query lists the documents the filters keep.
   */
  search(query: string, opts: SearchOptions = {}): SearchResult[] {
    const limit = opts.limit ?? 20;
    const f = opts.filters;
    if (!query.trim()) {
      return this.documents(f).sort(compareDocs).slice(0, limit).map((doc) => ({ doc, score: 0, coverage: 1 }));
    }
    const filter = f ? (id: string) => {
      const d = this.docs.get(id);
      return !!d && matchesFilters(d, f);
    } : (id: string) => this.docs.has(id);
    const merged = new Map<string, SearchResult>();
    for (const h of this.search_.search(query, { limit: limit * 2, filter })) {
      merged.set(h.id, { doc: this.docs.get(h.id)!, score: h.score, coverage: h.matched / h.terms });
    }
    for (const h of this.fieldIndex().search(query, limit * 2)) {
      if (!filter(h.id)) continue;
      const prev = merged.get(h.id);
      if (prev) {
        prev.coverage = 1;
        prev.score += h.score;
      } else merged.set(h.id, { doc: this.docs.get(h.id)!, score: h.score, coverage: 1 });
    }
    return [...merged.values()].sort((a, b) => b.coverage - a.coverage || b.score - a.score || compareDocs(a.doc, b.doc)).slice(0, limit);
  }

  private fieldIndex(): FieldIndex {
    if (!this.fields) {
      this.fields = new FieldIndex();
      this.fields.addAll(this.docs.values());
    }
    return this.fields;
  }

  /** The text of a document, read from its file on demand (undefined when it changed or vanished). */
  readText(doc: CorpusDocument): Promise<string | undefined> {
    return readDocumentText(this.enrich, doc);
  }

  /**
   * Reads the texts of `docs`, each file once (JSONL files are streamed once for all their lines).
   * A document whose text no longer has the indexed sha256 (the file changed since) is left out.
   */
  async readTexts(docs: readonly CorpusDocument[], signal?: AbortSignal): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for await (const { doc, text } of this.texts(docs, signal)) out.set(doc.id, text);
    return out;
  }

  /** Streams `{ doc, text }` for `docs`, file by file in path order (see readTexts). */
  texts(docs: readonly CorpusDocument[], signal?: AbortSignal): AsyncIterable<{ doc: CorpusDocument; text: string }> {
    return documentTexts(this.enrich, docs, signal);
  }

  /** Where the index lives and how big it is. */
  info(): { dir: string; generation: number; builtAt: string; documents: number; files: number; shards: number; tokenizer: TokenizerId } {
    return { dir: indexDir(this.root), generation: this.generation, builtAt: this.builtAt, documents: this.docs.size, files: this.files.size, shards: this.search_.shards.length, tokenizer: this.tokenizer_ };
  }
}

/**
 * Makes the documents' repeated strings (path, format, language, kind, status, domain, style…) one string each:
 * parsed from JSON or built per document they would be a copy each, tens of bytes a document.
 */
class StringPool {
  private readonly pool = new Map<string, string>();
  private one(s: string): string {
    const p = this.pool.get(s);
    if (p !== undefined) return p;
    this.pool.set(s, s);
    return s;
  }

  doc(d: CorpusDocument): void {
    d.path = this.one(d.path);
    d.format = this.one(d.format) as CorpusDocument['format'];
    d.lang = this.one(d.lang) as CorpusDocument['lang'];
    d.kind = this.one(d.kind) as CorpusDocument['kind'];
    d.status = this.one(d.status) as CorpusDocument['status'];
    d.domain = this.one(d.domain);
    if (d.style !== undefined) d.style = this.one(d.style);
    if (d.audience !== undefined) d.audience = this.one(d.audience);
    if (d.model !== undefined) d.model = this.one(d.model);
    if (d.parentPath !== undefined) d.parentPath = this.one(d.parentPath);
  }
}

/** Order: path, then line. */
export function compareDocs(a: CorpusDocument, b: CorpusDocument): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : (a.line ?? 0) - (b.line ?? 0);
}

/** How a document is named in CLI output and dedup clusters: "path" or "path:line" for JSONL records. */
export function docRef(d: Pick<CorpusDocument, 'path' | 'line'>): string {
  return d.line === undefined ? d.path : `${d.path}:${d.line}`;
}

