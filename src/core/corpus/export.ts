// Export a training mix: documents chosen to hit a target synthetic share, written as Dolma-format JSONL
// (optionally gzipped) or as Parquet (zstd; parquet-writer.ts), with a manifest.
//
// Selection (seeded, reproducible):
//  1. Eligible documents: pass the filters/quality thresholds; rejected rewrites are never exported
//     (with `acceptedOnly`, pending rewrites neither). A filter preset (`filters.filterPreset`, the same
//     decisions as `curator filter --preset`) leaves out what it drops; the manifest counts them per rule.
//  2. Duplicates are collapsed: one document per identical text (sha256), and per near-duplicate cluster
//     within each kind (a rewrite near its own source is kept); the representative is natural before
//     synthetic, accepted before pending, then the document the cluster keeps (every other member is a
//     near copy of it: dedup/lsh.ts), then first by path.
//  3. With N natural and S synthetic tokens (or documents, `measure`), the larger side is subsampled so
//     S' / (N' + S') is as close to the target as whole documents allow: all natural + synthetic up to a
//     budget of N·t/(1−t), or all synthetic + natural up to S·(1−t)/t. Documents are taken in a seeded
//     shuffled order, skipping any that would overshoot the budget.
//  4. With `dropPassages`, a shared passage is kept in the first written document that has it and removed
//     from the others (dedup/passages.ts); no document is left out for sharing a paragraph.
//  5. Records are written in path order (shuffle at training time); the text is re-read from the files
//     and a document whose file changed since indexing (sha256 differs) is left out and counted.
import { closeSync, createWriteStream, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { createGzip } from 'node:zlib';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { CorpusDocument } from './model';
import { matchesFilters, type DocFilters } from './search/filters';
import { rng, DEFAULT_TARGET_SYNTHETIC_SHARE } from './stats';
import { fsyncDir, writeFileAtomic } from './index/atomic';
import { MixParquetWriter, type MixRow } from './parquet-writer';
import { PassageDropper } from './dedup/passages';
import { summarizePreset, type PresetSummary } from './filters/evaluate';
import { DEFAULT_TOKENIZER, type TokenizerId } from '../text/tokenizers';

export interface ExportOptions {
  /** Target synthetic share in [0, 1] (default 0.3). */
  syntheticShare?: number;
  /** What the share is measured in (default 'tokens'). */
  measure?: 'tokens' | 'documents';
  seed?: number;
  /** Metadata filters and quality thresholds every exported document must pass. */
  filters?: DocFilters;
  /** Export only synthetic documents whose review was accepted (default: accepted and pending). */
  acceptedOnly?: boolean;
  /** Keep every member of a duplicate cluster (default false: one per cluster). */
  keepDuplicates?: boolean;
  /** The tokenizer the documents' `tokens` are counted with (named in the manifest; default estimate). */
  tokenizer?: TokenizerId;
  /**
   * Hashes of shared passages (CorpusIndex.sharedPassages): each is kept in the first exported document
   * that has it and removed from the later ones — the passage goes, the document stays.
   */
  dropPassages?: ReadonlySet<number>;
}

/** What the filter preset (`filters.filterPreset`) left out: documents, and the documents each rule drops on its own. */
export type PresetDrops = Omit<PresetSummary, 'documents'>;

export interface MixSelection {
  selected: CorpusDocument[];
  /** `filtered` counts every document a filter left out, the preset's drops included. */
  excluded: { rejected: number; pending: number; filtered: number; duplicates: number; overBudget: number };
  /** With a filter preset: how many documents it dropped and by which rules (of those review status let through). */
  filterPreset?: PresetDrops;
  /** A sentence when the target could not be met (no natural or no synthetic documents). */
  note?: string;
}

function isPreferred(a: CorpusDocument, b: CorpusDocument): boolean {
  const rank = (d: CorpusDocument) => (d.kind === 'natural' ? 0 : d.status === 'accepted' ? 1 : 2);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb;
  // The document a near-duplicate cluster keeps (its id names the cluster) before its near copies.
  const ka = a.dupCluster === 'c' + a.id;
  const kb = b.dupCluster === 'c' + b.id;
  if (ka !== kb) return ka;
  return a.path < b.path || (a.path === b.path && (a.line ?? 0) < (b.line ?? 0));
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const r = rng(seed);
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Chooses the documents of a mix (no I/O). */
export function selectMix(docs: readonly CorpusDocument[], opts: ExportOptions = {}): MixSelection {
  const target = opts.syntheticShare ?? DEFAULT_TARGET_SYNTHETIC_SHARE;
  if (!(target >= 0 && target <= 1)) throw new RangeError(`synthetic share must be between 0 and 1, got ${target}`);
  const measure = opts.measure ?? 'tokens';
  const seed = opts.seed ?? 1;
  const excluded = { rejected: 0, pending: 0, filtered: 0, duplicates: 0, overBudget: 0 };
  const eligible: CorpusDocument[] = [];
  for (const d of docs) {
    if (d.kind === 'synthetic' && d.status === 'rejected') excluded.rejected++;
    else if (d.kind === 'synthetic' && opts.acceptedOnly && d.status !== 'accepted') excluded.pending++;
    else if (!matchesFilters(d, opts.filters)) excluded.filtered++;
    else eligible.push(d);
  }
  let filterPreset: PresetDrops | undefined;
  if (opts.filters?.filterPreset) {
    // The same decisions matchesFilters made above (presetHits), counted per rule.
    const reviewed = docs.filter((d) => !(d.kind === 'synthetic' && (d.status === 'rejected' || (opts.acceptedOnly && d.status !== 'accepted'))));
    const { preset, dropped, byRule } = summarizePreset(reviewed, opts.filters.filterPreset);
    filterPreset = { preset, dropped, byRule };
  }
  let unique = eligible;
  if (!opts.keepDuplicates) {
    // Union of "same near-duplicate cluster" and "same sha256": one representative per group.
    const best = new Map<string, CorpusDocument>();
    const groupOf = new Map<string, string>();
    const parent = new Map<string, string>();
    const find = (x: string): string => {
      while (parent.get(x) !== x) x = parent.get(x)!;
      return x;
    };
    const join = (a: string, b: string) => {
      if (!parent.has(a)) parent.set(a, a);
      if (!parent.has(b)) parent.set(b, b);
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent.set(rb, ra);
    };
    for (const d of eligible) {
      const s = 's:' + d.sha256;
      join(s, s);
      // Near-duplicate clusters are collapsed within each kind: a rewrite close to its source is expected
      // and is not dropped for it (the synthetic share could never be met otherwise); repeated synthetic
      // outputs, and repeated natural texts, are.
      if (d.dupCluster) join(s, `c:${d.kind}:${d.dupCluster}`);
      groupOf.set(d.id, s);
    }
    for (const d of eligible) {
      const g = find(groupOf.get(d.id)!);
      const cur = best.get(g);
      if (!cur || isPreferred(d, cur)) best.set(g, d);
    }
    const keep = new Set([...best.values()].map((d) => d.id));
    unique = eligible.filter((d) => keep.has(d.id));
    excluded.duplicates = eligible.length - unique.length;
  }
  const size = (d: CorpusDocument) => (measure === 'tokens' ? d.tokens : 1);
  const natural = unique.filter((d) => d.kind === 'natural');
  const synthetic = unique.filter((d) => d.kind === 'synthetic');
  const N = natural.reduce((a, d) => a + size(d), 0);
  const S = synthetic.reduce((a, d) => a + size(d), 0);
  let note: string | undefined;
  const take = (pool: CorpusDocument[], budget: number, salt: number): CorpusDocument[] => {
    const out: CorpusDocument[] = [];
    let used = 0;
    for (const d of shuffled(pool, seed + salt)) {
      const s = size(d);
      // Take a document when it fits, or when it brings the total closer to the budget than leaving it out.
      if (used + s <= budget || budget - used > used + s - budget) {
        out.push(d);
        used += s;
      } else excluded.overBudget++;
    }
    return out;
  };
  let selected: CorpusDocument[];
  if (target === 0) {
    selected = natural;
    excluded.overBudget += synthetic.length;
  } else if (target === 1) {
    selected = synthetic;
    excluded.overBudget += natural.length;
  } else if (N === 0 || S === 0) {
    selected = [...natural, ...synthetic];
    note = N === 0 ? 'No natural documents: the mix is synthetic only.' : 'No synthetic documents: the mix is natural only.';
  } else if (S / (N + S) >= target) {
    selected = [...natural, ...take(synthetic, (N * target) / (1 - target), 1)];
  } else {
    selected = [...take(natural, (S * (1 - target)) / target, 2), ...synthetic];
  }
  selected.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  return { selected, excluded, note, ...(filterPreset ? { filterPreset } : {}) };
}

export interface ExportManifest {
  createdAt: string;
  out: string;
  format: ExportFormat;
  /** The tokenizer of every token figure here. */
  tokenizer: TokenizerId;
  seed: number;
  measure: 'tokens' | 'documents';
  targetSyntheticShare: number;
  /** Achieved synthetic share by tokens and by documents, over the written records. */
  achievedShare: number;
  achievedShareByDocuments: number;
  documents: number;
  natural: number;
  synthetic: number;
  tokens: number;
  naturalTokens: number;
  syntheticTokens: number;
  byLanguage: Record<string, { documents: number; tokens: number }>;
  excluded: MixSelection['excluded'] & { changedOrUnreadable: number };
  /** Shared passages removed from documents (dropPassages); token figures are the documents' whole counts. */
  passagesDropped?: number;
  filters?: DocFilters;
  /** With a filter preset: the documents it left out (part of excluded.filtered) and how many each rule drops. */
  filterPreset?: PresetDrops;
  acceptedOnly: boolean;
  note?: string;
}

/** Text source: streams `{ doc, text }` for the given documents (CorpusIndex.texts). */
export type TextStream = (docs: readonly CorpusDocument[], signal?: AbortSignal) => AsyncIterable<{ doc: CorpusDocument; text: string }>;

/** The Dolma record of a document (https://github.com/allenai/dolma: id, text, source, added, created, metadata). */
export function dolmaRecord(doc: CorpusDocument, text: string, added: string): MixRow {
  const meta = doc.meta ?? {};
  const source = typeof meta.source === 'string' ? meta.source : doc.kind === 'synthetic' ? `curator-synthetic/${doc.domain}` : doc.domain;
  const created = typeof meta.created === 'string' ? meta.created : new Date(doc.mtimeMs).toISOString();
  const original = meta.metadata && typeof meta.metadata === 'object' && !Array.isArray(meta.metadata) ? (meta.metadata as Record<string, unknown>) : {};
  const provenance: Record<string, unknown> = {
    kind: doc.kind,
    synthetic: doc.kind === 'synthetic',
    path: doc.path,
    lang: doc.lang,
    domain: doc.domain,
    tokens: doc.tokens,
    sha256: doc.sha256,
  };
  if (doc.line !== undefined) provenance.line = doc.line;
  if (doc.kind === 'synthetic') {
    provenance.review_status = doc.status;
    if (doc.style) provenance.style = doc.style;
    if (doc.audience) provenance.audience = doc.audience;
    if (doc.model) provenance.model = doc.model;
    if (doc.parentPath) provenance.parent_path = doc.parentPath;
    if (doc.parentId) provenance.parent_id = doc.parentId;
  }
  return {
    id: doc.externalId ?? doc.id,
    text,
    source,
    added,
    created,
    metadata: { ...original, ...provenance },
  };
}

export type ExportFormat = 'jsonl' | 'jsonl.gz' | 'parquet';

/** The output format by file name: .parquet, .gz (gzipped JSONL), else JSONL. */
export function exportFormatFor(out: string): ExportFormat {
  return /\.parquet$/i.test(out) ? 'parquet' : /\.gz$/i.test(out) ? 'jsonl.gz' : 'jsonl';
}

/** The manifest path beside an output: mix.jsonl.gz → mix.manifest.json, mix.parquet → mix.manifest.json. */
export function manifestPathFor(out: string): string {
  return out.replace(/(\.jsonl(\.gz)?|\.json(\.gz)?|\.gz|\.parquet)$/i, '') + '.manifest.json';
}

async function write(stream: Writable, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/** Where records go: a JSONL stream (gzipped or not) or a Parquet file, written to `tmp`. */
interface RecordSink {
  add(record: MixRow): Promise<void>;
  close(): Promise<void>;
  destroy(): void;
}

async function openSink(tmp: string, format: ExportFormat): Promise<RecordSink> {
  if (format === 'parquet') {
    const w = await MixParquetWriter.create(tmp);
    return {
      add: async (r) => w.add(r),
      close: async () => w.finish(),
      destroy: () => undefined,
    };
  }
  const file = createWriteStream(tmp);
  const sink: Writable = format === 'jsonl.gz' ? createGzip({ level: 6 }) : file;
  if (sink !== file) sink.pipe(file);
  return {
    add: (r) => write(sink, JSON.stringify(r) + '\n'),
    close: async () => {
      sink.end();
      await once(file, 'close');
    },
    destroy: () => {
      sink.destroy();
      file.destroy();
    },
  };
}

/**
 * Selects and writes a mix to `out` (.jsonl, .jsonl.gz gzipped, .parquet with zstd) plus its manifest. The
 * output is written to a temporary file and renamed when complete, so an interrupted export leaves no half file.
 */
export async function exportMix(docs: readonly CorpusDocument[], texts: TextStream, out: string, opts: ExportOptions & { signal?: AbortSignal; now?: Date } = {}): Promise<ExportManifest> {
  const sel = selectMix(docs, opts);
  const format = exportFormatFor(out);
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  let sink: RecordSink | undefined;
  const added = (opts.now ?? new Date()).toISOString();
  const m = { documents: 0, natural: 0, synthetic: 0, tokens: 0, naturalTokens: 0, syntheticTokens: 0 };
  const byLanguage: ExportManifest['byLanguage'] = {};
  const dropper = opts.dropPassages && opts.dropPassages.size ? new PassageDropper(opts.dropPassages) : undefined;
  try {
    sink = await openSink(tmp, format);
    for await (const { doc, text } of texts(sel.selected, opts.signal)) {
      await sink.add(dolmaRecord(doc, dropper ? dropper.apply(text, doc.lang) : text, added));
      m.documents++;
      m.tokens += doc.tokens;
      if (doc.kind === 'synthetic') {
        m.synthetic++;
        m.syntheticTokens += doc.tokens;
      } else {
        m.natural++;
        m.naturalTokens += doc.tokens;
      }
      const l = (byLanguage[doc.lang] ??= { documents: 0, tokens: 0 });
      l.documents++;
      l.tokens += doc.tokens;
    }
    await sink.close();
    const fd = openSync(tmp, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, out);
    fsyncDir(dirname(out));
  } catch (e) {
    sink?.destroy();
    try {
      unlinkSync(tmp);
    } catch {
      /* not created */
    }
    throw e;
  }
  const manifest: ExportManifest = {
    createdAt: added,
    out,
    format,
    tokenizer: opts.tokenizer ?? DEFAULT_TOKENIZER,
    seed: opts.seed ?? 1,
    measure: opts.measure ?? 'tokens',
    targetSyntheticShare: opts.syntheticShare ?? DEFAULT_TARGET_SYNTHETIC_SHARE,
    achievedShare: m.tokens ? m.syntheticTokens / m.tokens : 0,
    achievedShareByDocuments: m.documents ? m.synthetic / m.documents : 0,
    ...m,
    byLanguage,
    excluded: { ...sel.excluded, changedOrUnreadable: sel.selected.length - m.documents },
    acceptedOnly: opts.acceptedOnly ?? false,
  };
  if (opts.dropPassages) manifest.passagesDropped = dropper?.dropped ?? 0;
  if (opts.filters) manifest.filters = opts.filters;
  if (sel.filterPreset) manifest.filterPreset = sel.filterPreset;
  if (sel.note) manifest.note = sel.note;
  writeFileAtomic(manifestPathFor(out), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
