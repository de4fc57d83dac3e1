// Review decisions, one service for every caller (the review panel, the review queue, the CLI): accept,
// reject, bulk decisions, undo of the last decision (a bulk decision is undone as a whole), the latest
// decision on a rewrite, and where a rejected rewrite goes.
//
// - Each decision may carry a reason (DECISION_REASONS) and a comment.
// - Accept records 'accepted': the rewrite stays where it is, beside its source.
// - Reject records 'rejected' and moves the rewrite out of the corpus to .curator/rejected/<same relative
//   path> (numbered on a clash; never deleted), through the `move` callback: the extension passes one that
//   moves through VS Code (open editors follow), the CLI and tests the default (a rename on disk).
// - Undo appends a 'pending' record per decision of the last group, naming what it undoes as
//   "<decision>@<time>"; rejected files come back.
// Every decision is a provenance line (PROVENANCE_VERSION); a group is one write and one fsync. After each
// group the service tells its listeners (every open view follows: a decision in the queue refreshes an open
// review panel, a decision in the panel moves the queue on).
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import { sha256 } from '../text/hash';
import { provenancePath, readProvenance, toWorkspacePath } from './log';
import { CURATOR_DIR, PROVENANCE_VERSION, type DecisionReason, type DecisionRecord, type FactSummary, type RewriteRecord } from './types';

export const REJECTED_DIR = 'rejected';

/** Moves a file (absolute paths; the target's folder exists, the target does not). */
export type MoveFile = (from: string, to: string) => Promise<void> | void;

/** What a decision is about: workspace-relative paths (an inline-text job's source is "<jobs file>#<id>"). */
export interface DecisionTarget {
  rewriteId?: string;
  source: { path: string; sha256?: string };
  output: { path: string; sha256?: string };
  facts?: FactSummary;
}

export interface DecisionEvent {
  root: string;
  /** 'decided': accept or reject; 'undone': the records are the 'pending' ones an undo appended. */
  kind: 'decided' | 'undone';
  records: DecisionRecord[];
}

export interface DecideOptions {
  /** Tags the group; a bulk action shares time and note and is undone as a whole. */
  note?: string;
  now?: Date;
  /** Move rejected files out of the corpus to .curator/rejected/ (default true; never deleted). */
  moveRejected?: boolean;
  /** Why (the pick list of DECISION_REASONS) and the reviewer's comment; written on every record of the group. */
  reason?: DecisionReason;
  comment?: string;
}

/** The rewrite records of a workspace, newest first. */
export function rewriteRecords(root: string): RewriteRecord[] {
  return readProvenance(root)
    .records.filter((r): r is RewriteRecord => r.type === 'rewrite')
    .reverse();
}

/** The latest rewrite record whose output is this file (absolute path). */
export function rewriteRecordFor(root: string, rewritePath: string): RewriteRecord | undefined {
  const rel = toWorkspacePath(root, rewritePath);
  return rewriteRecords(root).find((r) => r.output.path === rel);
}

/** Every decision record of a workspace, oldest first. */
export function decisionRecords(root: string): DecisionRecord[] {
  return readProvenance(root).records.filter((r): r is DecisionRecord => r.type === 'decision');
}

/** The latest decision on this rewrite (absolute path; by its path when it was decided). */
export function latestDecision(root: string, rewritePath: string): DecisionRecord | undefined {
  const rel = toWorkspacePath(root, rewritePath);
  const recs = readProvenance(root).records;
  for (let i = recs.length - 1; i >= 0; i--) {
    const r = recs[i]!;
    if (r.type === 'decision' && r.output.path === rel) return r;
  }
  return undefined;
}

/** Current decision per rewrite id: the last decision record naming it. */
export function currentDecisions(decisions: readonly DecisionRecord[]): Map<string, DecisionRecord> {
  const m = new Map<string, DecisionRecord>();
  for (const d of decisions) if (d.rewriteId) m.set(d.rewriteId, d);
  return m;
}

/** The decisions an undo would revert: the latest one still in force (not an undo) and the rest of its group. */
export function lastDecisionGroup(decisions: readonly DecisionRecord[]): DecisionRecord[] {
  const current = currentDecisions(decisions);
  for (let i = decisions.length - 1; i >= 0; i--) {
    const d = decisions[i]!;
    if (d.undoes || d.decision === 'pending' || !d.rewriteId || current.get(d.rewriteId) !== d) continue;
    return decisions.filter((x) => !x.undoes && x.rewriteId && x.time === d.time && x.note === d.note && x.decision === d.decision && current.get(x.rewriteId) === x);
  }
  return [];
}

/**
 * Where a rejected rewrite goes (absolute): .curator/rejected/<path relative to the root>, numbered before
 * the extension on a clash ("a.textbook.2.md"); a file outside the root goes there by its name.
 */
export function rejectedPath(root: string, rewritePath: string, exists: (p: string) => boolean = existsSync): string {
  let rel = toWorkspacePath(root, isAbsolute(rewritePath) ? rewritePath : join(root, rewritePath));
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

/** The target of a decision taken on two texts as reviewed (their hashes go into the record). */
export function reviewedTarget(d: { root: string; source: string; rewrite: string; sourceText: string; rewriteText: string; facts: FactSummary; rewriteId?: string }): DecisionTarget {
  const t: DecisionTarget = {
    source: { path: toWorkspacePath(d.root, d.source), sha256: sha256(d.sourceText) },
    output: { path: toWorkspacePath(d.root, d.rewrite), sha256: sha256(d.rewriteText) },
    facts: { ...d.facts },
  };
  const id = d.rewriteId ?? rewriteRecordFor(d.root, d.rewrite)?.id;
  if (id) t.rewriteId = id;
  return t;
}

/** The provenance line of one decision. `movedTo` is workspace-relative. */
export function decisionRecord(
  t: DecisionTarget,
  decision: DecisionRecord['decision'],
  o: { time: string; movedTo?: string; note?: string; undoes?: string; reason?: DecisionReason; comment?: string },
): DecisionRecord {
  return {
    type: 'decision',
    v: PROVENANCE_VERSION,
    time: o.time,
    ...(t.rewriteId ? { rewriteId: t.rewriteId } : {}),
    source: { ...t.source },
    output: { ...t.output },
    decision,
    ...(o.movedTo ? { movedTo: o.movedTo } : {}),
    ...(t.facts ? { facts: t.facts } : {}),
    ...(o.note ? { note: o.note } : {}),
    ...(o.reason ? { reason: o.reason } : {}),
    ...(o.comment?.trim() ? { comment: o.comment.trim() } : {}),
    ...(o.undoes ? { undoes: o.undoes } : {}),
  };
}

function appendDecisionRecords(root: string, records: readonly DecisionRecord[]): void {
  if (!records.length) return;
  const file = provenancePath(root);
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'a');
  try {
    writeSync(fd, records.map((r) => JSON.stringify(r) + '\n').join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A rename on disk (the CLI's and the tests' mover). */
export const renameOnDisk: MoveFile = (from, to) => renameSync(from, to);

export class DecisionService {
  private readonly listeners = new Set<(e: DecisionEvent) => void>();
  private readonly move: MoveFile;

  constructor(opts: { move?: MoveFile } = {}) {
    this.move = opts.move ?? renameOnDisk;
  }

  /** Called after every group of decisions or undos is written. */
  onDidChange(listener: (e: DecisionEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  private fire(e: DecisionEvent): void {
    if (!e.records.length) return;
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        // a view's failure must not undo or hide a decision that is written
      }
    }
  }

  /**
   * Records `decision` for every target (one provenance line each, one write and fsync for the group);
   * a rejected file that exists moves to .curator/rejected/ first. Returns the records written.
   */
  async decide(root: string, targets: readonly DecisionTarget[], decision: 'accepted' | 'rejected', opts: DecideOptions = {}): Promise<DecisionRecord[]> {
    const time = (opts.now ?? new Date()).toISOString();
    const records: DecisionRecord[] = [];
    try {
      for (const t of targets) {
        let movedTo: string | undefined;
        const at = join(root, ...t.output.path.split('/'));
        if (decision === 'rejected' && opts.moveRejected !== false && existsSync(at)) {
          const to = rejectedPath(root, at);
          mkdirSync(dirname(to), { recursive: true });
          await this.move(at, to);
          movedTo = toWorkspacePath(root, to);
        }
        records.push(decisionRecord(t, decision, { time, movedTo, note: opts.note, reason: opts.reason, comment: opts.comment }));
      }
    } finally {
      // Files already moved are recorded even when a later move fails: nothing leaves the corpus unrecorded.
      appendDecisionRecords(root, records);
      this.fire({ root, kind: 'decided', records });
    }
    return records;
  }

  /** Undoes the last decision (group): 'pending' records that name what they undo; rejected files come back. */
  async undoLast(root: string, now = new Date()): Promise<DecisionRecord[]> {
    const group = lastDecisionGroup(decisionRecords(root));
    const records: DecisionRecord[] = [];
    try {
      for (const d of group) {
        const from = d.movedTo ? join(root, ...d.movedTo.split('/')) : undefined;
        const back = join(root, ...d.output.path.split('/'));
        if (from && existsSync(from) && !existsSync(back)) {
          mkdirSync(dirname(back), { recursive: true });
          await this.move(from, back);
        }
        records.push(decisionRecord({ rewriteId: d.rewriteId, source: d.source, output: d.output, facts: d.facts }, 'pending', { time: now.toISOString(), undoes: `${d.decision}@${d.time}` }));
      }
    } finally {
      appendDecisionRecords(root, records);
      this.fire({ root, kind: 'undone', records });
    }
    return records;
  }
}
