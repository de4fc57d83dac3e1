// buildReview: the whole fact-preservation review of a rewrite against its source, as one JSON model for
// the side-by-side panel and the CLI. Segments → sentence alignment → word diff per aligned pair → facts
// of both texts with kept / dropped / altered / new status → score and verdict.
import { performance } from 'node:perf_hooks';
import { detectLanguage } from '../text/lang';
import type { FactSummary } from '../provenance/types';
import { segmentText } from './segment';
import { alignSegments } from './align';
import { diffPair, TokenTable } from './worddiff';
import { extractFacts, type RawFact } from './facts';
import { FactIndex, comparableFacts, sameFact } from './match';
import { findAtWordStarts } from './textindex';
import type { AlignedPair, Fact, FactKind, FactStatus, ReviewModel, ReviewOptions, Segment } from './types';

export type * from './types';

/** How much each kind of fact weighs in the score. */
const KIND_WEIGHT: Record<FactKind, number> = {
  number: 1, date: 1, url: 1, email: 1, code: 1, entity: 0.7, negation: 1, polarity: 1,
};

/** Index of the segment holding each fact (facts and segments sorted by offset). */
function segmentOf(facts: readonly RawFact[], segs: readonly Segment[]): Int32Array {
  const out = new Int32Array(facts.length).fill(-1);
  let k = 0;
  for (let i = 0; i < facts.length; i++) {
    const f = facts[i]!;
    while (k < segs.length - 1 && segs[k]!.end <= f.start) k++;
    out[i] = segs.length ? k : -1;
  }
  return out;
}

interface Work {
  raw: RawFact;
  seg: number;
  side: 'source' | 'rewrite';
  status?: FactStatus;
  counterpart?: RawFact;
  pair?: number;
  emit: boolean;
}

export function buildReview(sourceText: string, rewriteText: string, opts: ReviewOptions = {}): ReviewModel {
  const t0 = performance.now();
  const sSegs = segmentText(sourceText, 's');
  const rSegs = segmentText(rewriteText, 'r');
  const t1 = performance.now();

  const al = alignSegments(sSegs.map((s) => s.text), rSegs.map((s) => s.text));
  const t2 = performance.now();

  const pairs: AlignedPair[] = [];
  const pairOfS = new Int32Array(sSegs.length).fill(-1);
  const pairOfR = new Int32Array(rSegs.length).fill(-1);
  al.groups.forEach((g, i) => {
    for (const s of g.source) pairOfS[s] = i;
    for (const r of g.rewrite) pairOfR[r] = i;
  });
  const joinSide = (text: string, segs: readonly Segment[], idx: number[]) => {
    // the stretch of the text from the first to the last segment when they are contiguous, so that
    // white space and paragraph breaks between merged sentences show as they are
    const sorted = [...idx].sort((a, b) => a - b);
    const contiguous = sorted.every((v, i) => i === 0 || v === sorted[i - 1]! + 1);
    if (contiguous) return text.slice(segs[sorted[0]!]!.start, segs[sorted[sorted.length - 1]!]!.end);
    return sorted.map((i) => segs[i]!.text).join(' ');
  };
  const tokens = new TokenTable();
  for (let i = 0; i < al.groups.length; i++) {
    const g = al.groups[i]!;
    const a = joinSide(sourceText, sSegs, g.source);
    const b = joinSide(rewriteText, rSegs, g.rewrite);
    pairs.push({
      id: `p${i}`,
      source: g.source.map((s) => sSegs[s]!.id),
      rewrite: g.rewrite.map((r) => rSegs[r]!.id),
      similarity: g.similarity,
      ops: diffPair(a, b, tokens),
    });
  }
  const t3 = performance.now();

  const facts = compareFacts(sourceText, rewriteText, sSegs, rSegs, pairOfS, pairOfR);
  const summary = summarize(facts, opts.threshold ?? 0.8);
  const t4 = performance.now();

  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    version: 1,
    lang: { source: opts.lang ?? detectLanguage(sourceText), rewrite: opts.lang ?? detectLanguage(rewriteText) },
    source: { length: sourceText.length, segments: sSegs },
    rewrite: { length: rewriteText.length, segments: rSegs },
    pairs,
    dropped: al.droppedSource.map((s) => sSegs[s]!.id),
    added: al.newRewrite.map((r) => rSegs[r]!.id),
    facts,
    summary,
    timing: { segmentMs: r1(t1 - t0), alignMs: r1(t2 - t1), diffMs: r1(t3 - t2), factsMs: r1(t4 - t3), totalMs: r1(t4 - t0) },
  };
}

/** Facts of both texts with their status (see the module comment). */
export function compareFacts(
  sourceText: string,
  rewriteText: string,
  sSegs: readonly Segment[],
  rSegs: readonly Segment[],
  pairOfS: Int32Array,
  pairOfR: Int32Array,
): Fact[] {
  const sRaw = extractFacts(sourceText);
  const rRaw = extractFacts(rewriteText);
  const sSeg = segmentOf(sRaw, sSegs);
  const rSeg = segmentOf(rRaw, rSegs);
  const S: Work[] = sRaw.map((raw, i) => ({ raw, seg: sSeg[i]!, side: 'source', pair: pairOfS[sSeg[i]!]! >= 0 ? pairOfS[sSeg[i]!]! : undefined, emit: true }));
  const R: Work[] = rRaw.map((raw, i) => ({ raw, seg: rSeg[i]!, side: 'rewrite', pair: pairOfR[rSeg[i]!]! >= 0 ? pairOfR[rSeg[i]!]! : undefined, emit: true }));

  // rewrite facts by pair, and by rewrite segment (for the "close context" of a pair)
  const rByPair = new Map<number, Work[]>();
  const rBySeg = new Map<number, Work[]>();
  for (const w of R) {
    if (w.pair !== undefined) {
      let l = rByPair.get(w.pair);
      if (!l) rByPair.set(w.pair, (l = []));
      l.push(w);
    }
    let l = rBySeg.get(w.seg);
    if (!l) rBySeg.set(w.seg, (l = []));
    l.push(w);
  }
  const sByPair = new Map<number, Work[]>();
  for (const w of S) {
    if (w.pair === undefined) continue;
    let l = sByPair.get(w.pair);
    if (!l) sByPair.set(w.pair, (l = []));
    l.push(w);
  }
  const rewriteSegsOfPair = new Map<number, number[]>();
  for (let r = 0; r < pairOfR.length; r++) {
    const p = pairOfR[r]!;
    if (p < 0) continue;
    let l = rewriteSegsOfPair.get(p);
    if (!l) rewriteSegsOfPair.set(p, (l = []));
    l.push(r);
  }
  /** Rewrite facts in the aligned counterpart of a source segment and right around it; for a dropped
   *  source segment, the counterparts of its neighbouring source segments. */
  const nearbyOf = (w: Work): Work[] => {
    if (w.pair !== undefined) return nearby(w.pair);
    const out: Work[] = [];
    for (const s of [w.seg - 1, w.seg + 1]) {
      const p = s >= 0 && s < pairOfS.length ? pairOfS[s]! : -1;
      if (p >= 0) out.push(...nearby(p));
    }
    return out;
  };
  const nearbyCache = new Map<number, Work[]>();
  const nearby = (pair: number): Work[] => {
    const cached = nearbyCache.get(pair);
    if (cached) return cached;
    const out = [...(rByPair.get(pair) ?? [])];
    const segs = rewriteSegsOfPair.get(pair) ?? [];
    let lo = Infinity;
    let hi = -Infinity;
    for (const r of segs) {
      if (r < lo) lo = r;
      if (r > hi) hi = r;
    }
    for (const r of [lo - 1, hi + 1]) for (const w of rBySeg.get(r) ?? []) if (w.pair !== pair) out.push(w);
    nearbyCache.set(pair, out);
    return out;
  };
  const rewriteLower = rewriteText.toLowerCase();
  const valueKind = (k: FactKind) => k !== 'negation' && k !== 'polarity';
  const sIndex = new FactIndex(sRaw.filter((f) => valueKind(f.kind)));
  const rIndex = new FactIndex(rRaw.filter((f) => valueKind(f.kind)));
  const rWorkOf = new Map<RawFact, Work>();
  for (const w of R) rWorkOf.set(w.raw, w);

  // 1. values (numbers, dates, names, URLs, e-mails, code): kept where the same value is near or anywhere
  const unresolved: Array<{ f: Work; needle: string }> = [];
  for (const f of S) {
    if (!valueKind(f.raw.kind)) continue;
    const near = nearbyOf(f).find((g) => valueKind(g.raw.kind) && sameFact(f.raw, g.raw));
    const hit = near?.raw ?? rIndex.find(f.raw);
    if (hit) {
      f.status = 'kept';
      f.counterpart = hit;
      const g = rWorkOf.get(hit)!;
      if (!g.status) {
        g.status = 'kept';
        g.counterpart = f.raw;
      }
    } else if (f.raw.kind === 'entity' || f.raw.kind === 'code' || f.raw.kind === 'url' || f.raw.kind === 'email') {
      const needle = f.raw.kind === 'entity' ? f.raw.text.toLowerCase().replace(/^the\s+/, '') : f.raw.text.toLowerCase();
      if (needle.length >= 2) unresolved.push({ f, needle });
    }
  }
  // names written in the rewrite but not picked up as facts there (a name opening a sentence, say)
  const found = findAtWordStarts(rewriteLower, unresolved.map((u) => u.needle));
  for (const { f, needle } of unresolved) {
    const at = found.get(needle);
    if (at === undefined) continue;
    f.status = 'kept';
    f.counterpart = { kind: f.raw.kind, text: rewriteText.slice(at, at + needle.length), normalized: f.raw.normalized, start: at, end: at + needle.length };
  }
  for (const g of R) {
    if (!valueKind(g.raw.kind) || g.status) continue;
    const hit = sIndex.find(g.raw);
    if (hit) {
      g.status = 'kept';
      g.counterpart = hit;
    }
  }
  // 2. altered: a source value with no match, and in its aligned rewrite passage a different value of the
  //    same sort that is not in the source either (175B → 170B)
  for (const f of S) {
    if (!valueKind(f.raw.kind) || f.status) continue;
    const g = nearbyOf(f).find((c) => !c.status && comparableFacts(f.raw, c.raw));
    if (g) {
      f.status = 'altered';
      f.counterpart = g.raw;
      g.status = 'altered';
      g.counterpart = f.raw;
    } else f.status = 'dropped';
  }
  for (const g of R) if (valueKind(g.raw.kind) && !g.status) g.status = 'new';

  // 3. negations: the count per aligned pair must agree; a surplus on either side is a flipped claim
  const negPairs = new Set<number>();
  for (const w of [...S, ...R]) if (w.raw.kind === 'negation' && w.pair !== undefined) negPairs.add(w.pair);
  for (const w of S) if (w.raw.kind === 'negation' && w.pair === undefined) w.status = 'dropped';
  for (const w of R) if (w.raw.kind === 'negation' && w.pair === undefined) w.status = 'new';
  for (const p of negPairs) {
    const sn = (sByPair.get(p) ?? []).filter((w) => w.raw.kind === 'negation');
    const rn = (rByPair.get(p) ?? []).filter((w) => w.raw.kind === 'negation');
    const n = Math.min(sn.length, rn.length);
    for (let i = 0; i < n; i++) {
      sn[i]!.status = 'kept';
      sn[i]!.counterpart = rn[i]!.raw;
      rn[i]!.status = 'kept';
      rn[i]!.counterpart = sn[i]!.raw;
    }
    for (let i = n; i < sn.length; i++) sn[i]!.status = 'altered';
    for (let i = n; i < rn.length; i++) rn[i]!.status = 'altered';
  }

  // 4. polarity words count only where both sides of a pair speak on the same axis
  for (const p of new Set(S.filter((w) => w.raw.kind === 'polarity' && w.pair !== undefined).map((w) => w.pair!))) {
    const sp = (sByPair.get(p) ?? []).filter((w) => w.raw.kind === 'polarity');
    const rp = (rByPair.get(p) ?? []).filter((w) => w.raw.kind === 'polarity');
    for (const f of sp) {
      const same = rp.find((g) => g.raw.normalized === f.raw.normalized);
      const opposite = rp.find((g) => g.raw.axis === f.raw.axis && g.raw.normalized !== f.raw.normalized);
      const sourceHasOpposite = sp.some((o) => o.raw.axis === f.raw.axis && o.raw.normalized !== f.raw.normalized);
      if (same) {
        f.status = 'kept';
        f.counterpart = same.raw;
        same.status = 'kept';
        same.counterpart = f.raw;
      } else if (opposite && !sourceHasOpposite) {
        f.status = 'altered';
        f.counterpart = opposite.raw;
        opposite.status = 'altered';
        opposite.counterpart = f.raw;
      }
    }
  }
  for (const w of [...S, ...R]) if (w.raw.kind === 'polarity' && !w.status) w.emit = false;

  const out: Fact[] = [];
  const emit = (list: Work[], prefix: string, segs: readonly Segment[]) => {
    let k = 0;
    for (const w of list) {
      if (!w.emit || !w.status) continue;
      const f: Fact = {
        id: `${prefix}${k++}`,
        kind: w.raw.kind,
        text: w.raw.text,
        normalized: w.raw.normalized,
        side: w.side,
        start: w.raw.start,
        end: w.raw.end,
        segment: segs[w.seg]?.id ?? '',
        status: w.status,
      };
      if (w.counterpart) f.counterpart = { text: w.counterpart.text, start: w.counterpart.start, end: w.counterpart.end };
      if (w.pair !== undefined) f.pairId = `p${w.pair}`;
      out.push(f);
    }
  };
  emit(S, 'fs', sSegs);
  emit(R, 'fr', rSegs);
  return out;
}

/**
 * Counts and score. Source facts are kept / dropped / altered; rewrite facts absent from the source are
 * added; a rewrite negation with no source counterpart counts as altered. Score = 1 − penalty / weight,
 * where altered facts cost their full weight, added ones 0.75 and dropped ones 0.5 (a rewrite may
 * legitimately condense). Verdict: consistent when nothing is altered and the score reaches the threshold.
 */
export function summarize(facts: readonly Fact[], threshold = 0.8): FactSummary {
  let kept = 0;
  let dropped = 0;
  let altered = 0;
  let added = 0;
  let weight = 0;
  let penalty = 0;
  for (const f of facts) {
    const w = KIND_WEIGHT[f.kind];
    if (f.side === 'source') {
      weight += w;
      if (f.status === 'kept') kept++;
      else if (f.status === 'dropped') {
        dropped++;
        penalty += 0.5 * w;
      } else if (f.status === 'altered') {
        altered++;
        penalty += w;
      }
    } else if (f.status === 'new') {
      added++;
      weight += w;
      penalty += 0.75 * w;
    } else if (f.status === 'altered' && !f.counterpart) {
      altered++;
      weight += w;
      penalty += w;
    }
  }
  const score = weight > 0 ? Math.max(0, Math.min(1, 1 - penalty / weight)) : 1;
  const rounded = Math.round(score * 1000) / 1000;
  return { score: rounded, verdict: altered === 0 && rounded >= threshold ? 'consistent' : 'needs-review', kept, dropped, altered, added };
}
