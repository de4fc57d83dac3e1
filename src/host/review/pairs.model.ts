// Review decisions and the provenance look-ups the review needs. Accept records an 'accepted' decision
// (the rewrite stays where it is, beside its source); Reject records 'rejected' and moves the rewrite out
// of the corpus into .curator/rejected/<same relative path> (never deleted). No vscode here except the
// file move (done by the caller through vscode.workspace.fs so open editors follow).
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, isAbsolute, join } from 'node:path';
import { sha256 } from '../../core/text/hash';
import { readProvenance, toWorkspacePath } from '../../core/provenance/log';
import { CURATOR_DIR, type DecisionRecord, type FactSummary, type RewriteRecord } from '../../core/provenance/types';

export const REJECTED_DIR = 'rejected';

/** The rewrite records of a workspace, newest first. */
export function rewriteRecords(root: string): RewriteRecord[] {
  return readProvenance(root)
    .records.filter((r): r is RewriteRecord => r.type === 'rewrite')
    .reverse();
}

/** The latest rewrite record whose output is this file. */
export function rewriteRecordFor(root: string, rewritePath: string): RewriteRecord | undefined {
  const rel = toWorkspacePath(root, rewritePath);
  return rewriteRecords(root).find((r) => r.output.path === rel);
}

/** The latest decision on this rewrite (by its path when it was decided). */
export function latestDecision(root: string, rewritePath: string): DecisionRecord | undefined {
  const rel = toWorkspacePath(root, rewritePath);
  const recs = readProvenance(root).records;
  for (let i = recs.length - 1; i >= 0; i--) {
    const r = recs[i]!;
    if (r.type === 'decision' && r.output.path === rel) return r;
  }
  return undefined;
}

/** Where a rejected rewrite goes: .curator/rejected/<path relative to the root>, numbered on a clash. */
export function rejectedTarget(root: string, rewritePath: string, exists: (p: string) => boolean = existsSync): string {
  let rel = toWorkspacePath(root, rewritePath);
  if (rel.startsWith('../') || isAbsolute(rel)) rel = basename(rewritePath);
  const base = join(root, CURATOR_DIR, REJECTED_DIR, ...rel.split('/'));
  if (!exists(base)) return base;
  const ext = extname(base);
  const stem = base.slice(0, base.length - ext.length);
  for (let n = 2; ; n++) {
    const p = `${stem}.${n}${ext}`;
    if (!exists(p)) return p;
  }
}

export interface DecisionInput {
  root: string;
  source: string;
  rewrite: string;
  /** Texts as reviewed (hashes go into the record). */
  sourceText: string;
  rewriteText: string;
  decision: 'accepted' | 'rejected';
  facts: FactSummary;
  /** Absolute path the rejected file was moved to. */
  movedTo?: string;
  note?: string;
  time?: string;
}

export function decisionRecord(d: DecisionInput): DecisionRecord {
  const rec: DecisionRecord = {
    type: 'decision',
    v: 1,
    time: d.time ?? new Date().toISOString(),
    source: { path: toWorkspacePath(d.root, d.source), sha256: sha256(d.sourceText) },
    output: { path: toWorkspacePath(d.root, d.rewrite), sha256: sha256(d.rewriteText) },
    decision: d.decision,
    facts: { ...d.facts },
  };
  const rw = rewriteRecordFor(d.root, d.rewrite);
  if (rw) rec.rewriteId = rw.id;
  if (d.movedTo) rec.movedTo = toWorkspacePath(d.root, d.movedTo);
  if (d.note) rec.note = d.note;
  return rec;
}

/** Reads a file as UTF-8 text; undefined when it is missing. */
export function readText(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** Given two files, which is the source: by the provenance log, else the one whose name the other extends. */
export function orderPair(root: string, a: string, b: string): { source: string; rewrite: string } | undefined {
  const ra = rewriteRecordFor(root, a);
  const rb = rewriteRecordFor(root, b);
  const rel = (p: string) => toWorkspacePath(root, p);
  if (rb && rb.source.path === rel(a)) return { source: a, rewrite: b };
  if (ra && ra.source.path === rel(b)) return { source: b, rewrite: a };
  if (rb && !ra) return { source: a, rewrite: b };
  if (ra && !rb) return { source: b, rewrite: a };
  const stem = (p: string) => basename(p, extname(p));
  if (stem(b).startsWith(`${stem(a)}.`)) return { source: a, rewrite: b };
  if (stem(a).startsWith(`${stem(b)}.`)) return { source: b, rewrite: a };
  return undefined;
}
