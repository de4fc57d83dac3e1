/**
 * Files into documents: finding the files of a root (include/exclude patterns, supported formats), reading
 * each into `CorpusDocument`s (language, size, content hash, token count, quality signals, metadata, skipped
 * inputs with reasons), and reading the texts of indexed documents back from their files.
 * The texts themselves are handed to a callback (search and near-duplicate indexes) and never kept.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { CorpusDocument, ReaderOptions } from '../model';
import { sha256 } from '../../text/hash';
import { errorMessage } from '../../util/errors';
import { docId } from './classify';
import type { IndexDeps } from './deps';
import { PathFilter } from './glob';
import type { FileEntry } from './store';
import { zeroQuality } from '../quality';

export interface FileStat {
  mtimeMs: number;
  size: number;
}

/** What reading needs: where, with which readers and options, and how tokens are counted. */
export interface EnrichContext {
  /** Absolute root; document paths are relative to it. */
  root: string;
  deps: IndexDeps;
  readerOpts: Omit<ReaderOptions, 'signal'>;
}

function abortError(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  if (r instanceof Error) return r;
  const e = new Error('indexing was cancelled');
  e.name = 'AbortError';
  return e;
}

export function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/** A path relative to the root with forward slashes. */
export function relPath(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}

/** Every supported file under the root that the include/exclude patterns select, with stat, in path order. */
export function scanFiles(ctx: EnrichContext, include: string[], exclude: string[], signal?: AbortSignal): Map<string, FileStat> {
  const filter = new PathFilter(include, exclude);
  const out = new Map<string, FileStat>();
  const walk = (dir: string) => {
    checkAbort(signal);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const abs = join(dir, e.name);
      const rel = relPath(ctx.root, abs);
      if (e.isDirectory()) {
        if (!filter.excludesDir(rel)) walk(abs);
      } else if (e.isFile() && filter.matches(rel) && ctx.deps.isSupportedFile(abs)) {
        try {
          const st = statSync(abs);
          out.set(rel, { mtimeMs: st.mtimeMs, size: st.size });
        } catch {
          /* vanished meanwhile */
        }
      }
    }
  };
  walk(ctx.root);
  return out;
}

/**
 * Reads one file into documents; each goes with its text to `onText` (the analysis: language, hash, tokens,
 * quality signals, rules, fingerprint, search keys; then search + dedup; see analyze-pool.ts), which may ask
 * to wait by returning a promise; the text is not kept. Until the analysis sets them, the document's `lang`
 * is 'other', its `sha256` empty, its `tokens` 0 and its `quality` all zeros. An unreadable file becomes a
 * skipped input.
 */
export async function readFileDocuments(
  ctx: EnrichContext,
  rel: string,
  st: FileStat,
  onText: (doc: CorpusDocument, text: string) => Promise<void> | undefined,
  signal?: AbortSignal,
): Promise<FileEntry> {
  const entry: FileEntry = { mtimeMs: st.mtimeMs, size: st.size, docIds: [], skipped: [] };
  const abs = join(ctx.root, rel);
  let failed: { e: unknown } | undefined;
  try {
    for await (const ev of ctx.deps.readDocuments(abs, { ...ctx.readerOpts, signal })) {
      if (ev.kind === 'skip') {
        entry.skipped.push({ ...ev.skip, path: rel });
        continue;
      }
      const raw = ev.doc;
      const text = raw.text;
      const doc: CorpusDocument = {
        id: docId(rel, raw.line),
        path: rel,
        format: raw.format,
        lang: 'other',
        chars: text.length,
        tokens: 0,
        sha256: '',
        kind: 'natural',
        status: 'none',
        domain: '',
        quality: zeroQuality(),
        mtimeMs: st.mtimeMs,
        size: st.size,
      };
      if (raw.line !== undefined) doc.line = raw.line;
      if (raw.title) doc.title = raw.title;
      if (raw.externalId) doc.externalId = raw.externalId;
      const meta = compactMeta(raw.meta);
      if (meta) doc.meta = meta;
      entry.docIds.push(doc.id);
      const wait = onText(doc, text);
      if (wait) {
        try {
          await wait;
        } catch (e) {
          // Not this file's fault (the analysis of earlier documents, a cancel): the run fails.
          failed = { e };
          break;
        }
      }
    }
  } catch (e) {
    checkAbort(signal);
    entry.skipped.push({ path: rel, reason: 'unreadable', message: errorMessage(e) });
  }
  if (failed) throw failed.e;
  return entry;
}

/** The text of a document, read from its file on demand (undefined when it changed or vanished). */
export async function readDocumentText(ctx: EnrichContext, doc: CorpusDocument): Promise<string | undefined> {
  try {
    const only = doc.line === undefined ? undefined : new Set([doc.line]);
    for await (const ev of ctx.deps.readDocuments(join(ctx.root, doc.path), { ...ctx.readerOpts, only })) {
      if (ev.kind !== 'doc') continue;
      if (ev.doc.line === doc.line) return ev.doc.text;
    }
  } catch {
    /* unreadable now */
  }
  return undefined;
}

/**
 * Streams `{ doc, text }` for `docs`, file by file in path order, each file read once (JSONL files are
 * streamed once for all their lines). A document whose text no longer has the indexed sha256 (the file
 * changed since) is left out.
 */
export async function* documentTexts(ctx: EnrichContext, docs: readonly CorpusDocument[], signal?: AbortSignal): AsyncIterable<{ doc: CorpusDocument; text: string }> {
  const byPath = new Map<string, Map<number | undefined, CorpusDocument>>();
  for (const d of docs) {
    let m = byPath.get(d.path);
    if (!m) byPath.set(d.path, (m = new Map()));
    m.set(d.line, d);
  }
  for (const path of [...byPath.keys()].sort()) {
    checkAbort(signal);
    const wanted = byPath.get(path)!;
    let left = wanted.size;
    try {
      const lines = [...wanted.keys()].filter((l): l is number => l !== undefined);
      const only = lines.length ? new Set(lines) : undefined;
      for await (const ev of ctx.deps.readDocuments(join(ctx.root, path), { ...ctx.readerOpts, signal, only })) {
        if (ev.kind !== 'doc') continue;
        const d = wanted.get(ev.doc.line);
        if (!d || sha256(ev.doc.text) !== d.sha256) continue;
        yield { doc: d, text: ev.doc.text };
        if (--left === 0) break;
      }
    } catch (e) {
      checkAbort(signal);
      void e; // unreadable now: its documents are left out
    }
  }
}

/** Keeps record metadata small in the document table: long strings and big values are dropped. */
function compactMeta(meta: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!meta) return undefined;
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const [k, v] of Object.entries(meta)) {
    const s = JSON.stringify(v);
    if (s === undefined || s.length > 2000) continue;
    out[k] = v;
    n++;
  }
  return n ? out : undefined;
}
