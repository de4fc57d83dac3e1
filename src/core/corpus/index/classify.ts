// Natural or synthetic, and the rest of a document's provenance: from the provenance log (a 'rewrite'
// record's output path marks a synthetic document; the latest 'decision' gives its review status) and
// from JSONL metadata (meta.synthetic === true, metadata.kind === 'synthetic', …, as our own export
// writes it). Domain: a metadata `domain` field, else the top folder of the path.
import type { CorpusDocument, DocKind, ReviewStatus } from '../model';
import type { DecisionRecord, ProvenanceRecord, RewriteRecord } from '../../provenance/types';
import { shortHash } from '../../text/hash';

/** The document id: a short hash of the workspace-relative path, plus ":line" for JSONL records. */
export function docId(relPath: string, line?: number): string {
  return shortHash(line === undefined ? relPath : `${relPath}:${line}`);
}

export interface ProvenanceMap {
  /** Rewrite record by output path (and by the path a rejected file was moved to). */
  rewrites: Map<string, RewriteRecord>;
  /** Latest decision by output path (and moved-to path). */
  decisions: Map<string, DecisionRecord>;
}

export function buildProvenanceMap(records: readonly ProvenanceRecord[]): ProvenanceMap {
  const rewrites = new Map<string, RewriteRecord>();
  const decisions = new Map<string, DecisionRecord>();
  const byRewriteId = new Map<string, RewriteRecord>();
  for (const r of records) {
    if (r.type === 'rewrite') {
      rewrites.set(normalise(r.output.path), r);
      byRewriteId.set(r.id, r);
    }
  }
  for (const r of records) {
    if (r.type !== 'decision') continue;
    const paths = [normalise(r.output.path)];
    if (r.movedTo) paths.push(normalise(r.movedTo));
    for (const p of paths) {
      decisions.set(p, r); // records are in append order: the last one wins
      if (!rewrites.has(p)) {
        const rw = (r.rewriteId && byRewriteId.get(r.rewriteId)) || rewrites.get(normalise(r.output.path));
        if (rw) rewrites.set(p, rw);
      }
    }
  }
  return { rewrites, decisions };
}

/** Review decisions on rewrites that are no longer in the corpus. */
export interface ReviewOutsideCorpus {
  /** Rewrites whose latest decision is 'rejected' and whose file is not a document of the index (moved out). */
  rejected: number;
}

/**
 * Counts the rewrites whose latest decision is a rejection and whose file (where it was moved to, or its
 * output path) is not among the index's documents: a rejection moves the file out of the corpus, but the
 * review statistics must still count it. One count per rewrite (by id, else by output path).
 */
export function reviewOutsideCorpus(records: readonly ProvenanceRecord[], inCorpus: (relPath: string) => boolean): ReviewOutsideCorpus {
  const latest = new Map<string, DecisionRecord>();
  for (const r of records) if (r.type === 'decision') latest.set(r.rewriteId ?? normalise(r.output.path), r);
  let rejected = 0;
  for (const d of latest.values()) {
    if (d.decision !== 'rejected') continue;
    const paths = [normalise(d.output.path), ...(d.movedTo ? [normalise(d.movedTo)] : [])];
    if (!paths.some(inCorpus)) rejected++;
  }
  return { rejected };
}

function normalise(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '');
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** Provenance fields found in JSONL metadata (top level, `metadata`, `meta`, or `metadata.curator`). */
export function metaProvenance(meta: Record<string, unknown> | undefined): {
  synthetic: boolean;
  style?: string;
  audience?: string;
  model?: string;
  parentPath?: string;
  domain?: string;
  status?: ReviewStatus;
} {
  const layers = [meta, obj(meta?.metadata), obj(meta?.meta), obj(obj(meta?.metadata)?.curator)].filter(Boolean) as Record<string, unknown>[];
  let synthetic = false;
  const out: ReturnType<typeof metaProvenance> = { synthetic };
  for (const l of layers) {
    if (l.synthetic === true || l.kind === 'synthetic' || l.is_synthetic === true) synthetic = true;
    out.style ??= str(l.style);
    out.audience ??= str(l.audience);
    out.model ??= str(l.model);
    out.parentPath ??= str(l.parent_path) ?? str(l.parentPath) ?? str(l.source_path);
    out.domain ??= str(l.domain);
    const st = str(l.review_status) ?? str(l.status);
    if (!out.status && (st === 'accepted' || st === 'rejected' || st === 'pending')) out.status = st;
  }
  out.synthetic = synthetic;
  return out;
}

/** The domain of a path without metadata: its top folder, "(root)" for files at the top. */
export function folderDomain(relPath: string): string {
  const i = relPath.indexOf('/');
  return i > 0 ? relPath.slice(0, i) : '(root)';
}

/** Sets kind, parent, style, audience, model, status and domain on a document (in place). */
export function classify(doc: CorpusDocument, prov: ProvenanceMap): void {
  const m = metaProvenance(doc.meta);
  // A record's own rewrite and decision name it `path:line` (record-ref.ts); a whole-file record names the file.
  const ref = doc.line === undefined ? undefined : `${doc.path}:${doc.line}`;
  const rw = (ref && prov.rewrites.get(ref)) || prov.rewrites.get(doc.path);
  const dec = (ref && prov.decisions.get(ref)) || prov.decisions.get(doc.path);
  const kind: DocKind = rw || m.synthetic ? 'synthetic' : 'natural';
  doc.kind = kind;
  doc.domain = m.domain ?? folderDomain(doc.path);
  // Only defined values are set, and a property is deleted only when it was there: setting undefined and then
  // deleting it turned every document into a dictionary-mode object (about 0.5 KB more each, a million documents).
  const set = <K extends 'parentPath' | 'parentId' | 'style' | 'audience' | 'model'>(k: K, v: CorpusDocument[K]) => {
    if (v !== undefined) doc[k] = v;
    else if (k in doc) delete doc[k];
  };
  if (rw) {
    set('parentPath', rw.source.path);
    set('parentId', docId(rw.source.path));
    set('style', rw.style);
    set('audience', rw.audience);
    set('model', rw.model);
  } else {
    set('parentPath', m.parentPath);
    set('parentId', m.parentPath ? docId(m.parentPath) : undefined);
    set('style', m.style);
    set('audience', m.audience);
    set('model', m.model);
  }
  if (kind === 'natural') doc.status = 'none';
  else doc.status = dec?.decision ?? m.status ?? 'pending';
}
