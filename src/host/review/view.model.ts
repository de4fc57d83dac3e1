// Turns a ReviewModel (src/core/review) into what the review panel draws: rows of a two-column grid
// (aligned pairs, dropped source segments, new rewrite segments), each cell cut into text runs marked
// with the word-level change and the facts they hold, and the facts list in review order.
// Pure (no vscode): unit-tested in test/unit/review-view.test.ts.
import type { DiffOp, Fact, ReviewModel, Segment } from '../../core/review/types';
import { sideText, type SidePiece } from '../../core/review/sidetext';
import type { Cell, FactStatusView, FactView, ReasonView, ReviewView, Row, Span } from '../../shared/review-protocol';

const PROBLEM: ReadonlySet<string> = new Set(['altered', 'dropped', 'new']);
const STATUS_RANK: Record<FactStatusView, number> = { altered: 3, new: 2, dropped: 1, kept: 0 };
const GROUP_ORDER: FactStatusView[] = ['altered', 'dropped', 'new', 'kept'];

type Piece = SidePiece;

/** The text of one side of a row: the core's sideText, the same text buildReview diffs. */
export const cellText = sideText;

/** Maps a document range into cell coordinates (clipped to the pieces it overlaps); undefined outside. */
export function docToCell(pieces: readonly Piece[], start: number, end: number): [number, number] | undefined {
  let a = -1;
  let b = -1;
  for (const p of pieces) {
    const s = Math.max(start, p.docStart);
    const e = Math.min(end, p.docStart + p.len);
    if (s >= e) continue;
    if (a < 0) a = p.cellStart + (s - p.docStart);
    b = p.cellStart + (e - p.docStart);
  }
  return a >= 0 ? [a, b] : undefined;
}

const isSpace = (c: string) => /\s/.test(c);

/**
 * Ranges of the cell text that an op sequence marks as changed. The ops' text may differ from the cell
 * text in white space (the rewrite side of an 'eq' run is written as in the source), so ops are placed by
 * counting non-space characters; white space at the ends of a change is left unmarked.
 */
export function changeRanges(text: string, ops: readonly DiffOp[], side: 'source' | 'rewrite'): [number, number][] {
  const mine = side === 'source' ? 'del' : 'ins';
  // index in `text` of each non-space character
  const nonSpace: number[] = [];
  for (let i = 0; i < text.length; i++) if (!isSpace(text[i]!)) nonSpace.push(i);
  const out: [number, number][] = [];
  let k = 0;
  let opsNonSpace = 0;
  for (const op of ops) {
    if (op.op !== 'eq' && op.op !== mine) continue;
    let n = 0;
    for (const c of op.text) if (!isSpace(c)) n += c.length;
    if (op.op === mine && n > 0) {
      const first = nonSpace[k];
      const last = nonSpace[k + n - 1];
      if (first !== undefined && last !== undefined) {
        const prev = out[out.length - 1];
        if (prev && text.slice(prev[1], first).trim() === '') prev[1] = last + 1;
        else out.push([first, last + 1]);
      }
    }
    k += n;
    opsNonSpace += n;
  }
  // the ops do not spell this text: mark nothing rather than the wrong words
  if (opsNonSpace !== nonSpace.length) return [];
  return out;
}

interface Mark {
  start: number;
  end: number;
  change?: 'del' | 'ins';
  fact?: Fact;
}

/** Cuts a text into runs at every mark boundary; each run carries the marks covering it. */
export function cutSpans(text: string, marks: readonly Mark[]): Span[] {
  const cuts = new Set<number>([0, text.length]);
  for (const m of marks) {
    cuts.add(Math.max(0, Math.min(text.length, m.start)));
    cuts.add(Math.max(0, Math.min(text.length, m.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const spans: Span[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    if (a === b) continue;
    const span: Span = { text: text.slice(a, b) };
    for (const m of marks) {
      if (m.start > a || m.end < b) continue;
      if (m.change) span.change = m.change;
      if (m.fact) {
        (span.facts ??= []).push(m.fact.id);
        if (!span.status || STATUS_RANK[m.fact.status] > STATUS_RANK[span.status]) span.status = m.fact.status;
      }
    }
    const prev = spans[spans.length - 1];
    if (prev && prev.change === span.change && !prev.facts && !span.facts) prev.text += span.text;
    else spans.push(span);
  }
  return spans;
}

function makeCell(doc: string, segs: Segment[], ops: readonly DiffOp[] | undefined, side: 'source' | 'rewrite', facts: readonly Fact[]): Cell {
  const { text, pieces } = cellText(doc, segs);
  const marks: Mark[] = [];
  if (ops) for (const [start, end] of changeRanges(text, ops, side)) marks.push({ start, end, change: side === 'source' ? 'del' : 'ins' });
  for (const f of facts) {
    const r = docToCell(pieces, f.start, f.end);
    if (r) marks.push({ start: r[0], end: r[1], fact: f });
  }
  const sorted = [...segs].sort((a, b) => a.start - b.start);
  return {
    segments: sorted.map((s) => s.id),
    start: sorted[0]?.start ?? 0,
    end: sorted[sorted.length - 1]?.end ?? 0,
    kind: sorted[0]?.kind ?? 'sentence',
    spans: cutSpans(text, marks),
  };
}

/** The panel's view of a review: rows in reading order and the facts list. */
export function toView(model: ReviewModel, sourceText: string, rewriteText: string): ReviewView {
  const sById = new Map(model.source.segments.map((s, i) => [s.id, { seg: s, i }]));
  const rById = new Map(model.rewrite.segments.map((s, i) => [s.id, { seg: s, i }]));
  const factsBySeg = new Map<string, Fact[]>();
  for (const f of model.facts) {
    const key = `${f.side}:${f.segment}`;
    let l = factsBySeg.get(key);
    if (!l) factsBySeg.set(key, (l = []));
    l.push(f);
  }
  const factsOf = (side: 'source' | 'rewrite', ids: readonly string[]) => ids.flatMap((id) => factsBySeg.get(`${side}:${id}`) ?? []);

  interface Draft {
    row: Row;
    /** Position in reading order: rewrite index (pairs, new), or just after the source predecessor. */
    key: number;
    srcIdx: number[];
    rwIdx: number[];
    paras: number[];
  }
  const drafts: Draft[] = [];
  for (const p of model.pairs) {
    const ss = p.source.map((id) => sById.get(id)).filter((x) => !!x);
    const rs = p.rewrite.map((id) => rById.get(id)).filter((x) => !!x);
    const sf = factsOf('source', p.source);
    const rf = factsOf('rewrite', p.rewrite);
    drafts.push({
      row: {
        id: p.id,
        kind: 'pair',
        source: makeCell(sourceText, ss.map((x) => x.seg), p.ops, 'source', sf),
        rewrite: makeCell(rewriteText, rs.map((x) => x.seg), p.ops, 'rewrite', rf),
        changed: p.ops.some((o) => o.op !== 'eq'),
        problem: [...sf, ...rf].some((f) => PROBLEM.has(f.status)),
        similarity: p.similarity,
        paraBreak: false,
      },
      key: rs.length ? Math.min(...rs.map((x) => x.i)) : Infinity,
      srcIdx: ss.map((x) => x.i),
      rwIdx: rs.map((x) => x.i),
      paras: [...ss.map((x) => x.seg.para), ...rs.map((x) => 1e6 + x.seg.para)],
    });
  }
  for (const id of model.added) {
    const r = rById.get(id);
    if (!r) continue;
    const rf = factsOf('rewrite', [id]);
    drafts.push({
      row: { id: `a-${id}`, kind: 'added', rewrite: makeCell(rewriteText, [r.seg], undefined, 'rewrite', rf), changed: true, problem: rf.some((f) => PROBLEM.has(f.status)), paraBreak: false },
      key: r.i,
      srcIdx: [],
      rwIdx: [r.i],
      paras: [1e6 + r.seg.para],
    });
  }
  // pairs and new segments in rewrite order
  drafts.sort((a, b) => a.key - b.key);
  const ordered: Draft[] = [...drafts];
  // dropped source segments go right after the row holding the source segment before them
  const droppedDrafts = model.dropped
    .map((id) => sById.get(id))
    .filter((x) => !!x)
    .sort((a, b) => a.i - b.i);
  for (const s of droppedDrafts) {
    const sf = factsOf('source', [s.seg.id]);
    const d: Draft = {
      row: { id: `d-${s.seg.id}`, kind: 'dropped', source: makeCell(sourceText, [s.seg], undefined, 'source', sf), changed: true, problem: sf.some((f) => PROBLEM.has(f.status)), paraBreak: false },
      key: 0,
      srcIdx: [s.i],
      rwIdx: [],
      paras: [s.seg.para],
    };
    let at = -1;
    let best = -1;
    ordered.forEach((o, k) => {
      for (const i of o.srcIdx) if (i < s.i && i >= best) {
        best = i;
        at = k;
      }
    });
    // among rows holding that predecessor, after any dropped rows already placed behind it
    let pos = at + 1;
    while (pos < ordered.length && ordered[pos]!.row.kind === 'dropped' && ordered[pos]!.srcIdx[0]! < s.i) pos++;
    ordered.splice(pos, 0, d);
  }
  // a row starts a paragraph when a side's paragraph differs from the one before on that side
  let lastSrcPara = -1;
  let lastRwPara = -1;
  ordered.forEach((d, k) => {
    const sp = d.paras.filter((p) => p < 1e6);
    const rp = d.paras.filter((p) => p >= 1e6).map((p) => p - 1e6);
    let brk = false;
    if (sp.length) {
      if (lastSrcPara >= 0 && Math.min(...sp) !== lastSrcPara) brk = true;
      lastSrcPara = Math.max(...sp);
    }
    if (rp.length) {
      if (lastRwPara >= 0 && Math.min(...rp) !== lastRwPara) brk = true;
      lastRwPara = Math.max(...rp);
    }
    d.row.paraBreak = k > 0 && brk;
  });
  const rows = ordered.map((d) => d.row);

  // facts: the row that shows each one, and the counterpart fact id
  const rowOfSeg = new Map<string, string>();
  for (const r of rows) {
    for (const id of r.source?.segments ?? []) rowOfSeg.set(id, r.id);
    for (const id of r.rewrite?.segments ?? []) rowOfSeg.set(id, r.id);
  }
  const byPos = new Map(model.facts.map((f) => [`${f.side}:${f.start}:${f.end}`, f.id]));
  const facts: FactView[] = [];
  for (const status of GROUP_ORDER) {
    const group = model.facts
      .filter((f) => f.status === status && rowOfSeg.has(f.segment))
      .sort((a, b) => (a.side === b.side ? a.start - b.start : a.side === 'source' ? -1 : 1));
    for (const f of group) {
      // an altered fact is listed once, from the source side, with its rewrite counterpart
      if (status === 'altered' && f.side === 'rewrite' && f.counterpart) continue;
      // a kept fact is listed once, from the source side
      if (status === 'kept' && f.side === 'rewrite' && f.counterpart) continue;
      const other = f.side === 'source' ? 'rewrite' : 'source';
      const fv: FactView = { id: f.id, kind: f.kind, status: f.status, side: f.side, text: f.text, row: rowOfSeg.get(f.segment)!, problem: PROBLEM.has(f.status) };
      if (f.counterpart) {
        fv.counterpart = f.counterpart.text;
        const cid = byPos.get(`${other}:${f.counterpart.start}:${f.counterpart.end}`);
        if (cid) fv.counterpartId = cid;
      }
      facts.push(fv);
    }
  }
  // reasons of the verdict, each pointing at the row (and fact) it is about
  const rowAt = (segs: readonly Segment[], at: number) => {
    const seg = segs.find((x) => x.start <= at && at < x.end) ?? segs.find((x) => x.start >= at);
    return seg ? rowOfSeg.get(seg.id) : undefined;
  };
  const factById = new Map(model.facts.map((f) => [f.id, f]));
  const listed = new Set(facts.map((f) => f.id));
  const reasons: ReasonView[] = model.verdict.reasons.map((r) => {
    const f = r.fact ? factById.get(r.fact) : undefined;
    const row = (f && rowOfSeg.get(f.segment)) ?? (r.source ? rowAt(model.source.segments, r.source[0]) : undefined) ?? (r.rewrite ? rowAt(model.rewrite.segments, r.rewrite[0]) : undefined);
    const out: ReasonView = { code: r.code, text: r.text };
    if (row) out.row = row;
    if (f && listed.has(f.id)) out.fact = f.id;
    return out;
  });
  const m = model.verdict.metrics;
  return { rows, facts, summary: { ...model.summary, kept: m.factsKept, factsTotal: m.factsTotal, coverage: m.coverageChars }, reasons, lang: { ...model.lang } };
}
