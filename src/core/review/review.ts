// buildReview: the whole fact-preservation review of a rewrite against its source, as one JSON model for
// the side-by-side panel and the CLI. Segments → sentence alignment → word diff per aligned pair → facts
// of both texts with kept / dropped / altered / new status → the verdict (verdict.ts).
//
// compareFacts settles every fact in phases:
//  0. changed in place: a number or date whose exact surroundings the rewrite writes around another value
//     (anchored.ts), even if that value or the old one stands somewhere else;
//  1. kept nearby: a source value (number, date, name, URL, e-mail, code) whose aligned rewrite passage,
//     or a sentence right beside it, states the same value;
//  2. altered: a source value with none, where that passage states another value of the same sort that
//     is not a value of the source (175B → 170B), or where the source's value is nowhere in the rewrite;
//  3. kept elsewhere: the rewrite states the value in another place (a fact moved), or writes the name
//     without it being picked up as a fact there (a name opening a sentence);
//  4. the rest: source values dropped, rewrite values new;
//  5. negations: the count per aligned pair must agree, a surplus on either side is a flipped claim;
//  6. direction words: flipped where both sides of a pair speak on the same axis with opposite poles.
// Negations and direction words are claims rather than facts: they are listed only when flipped.
import { performance } from 'node:perf_hooks';
import { detectLanguage } from '../text/lang';
import type { FactSummary } from '../provenance/types';
import { segmentText } from './segment';
import { alignSegments } from './align';
import { diffPair, TokenTable } from './worddiff';
import { atSentenceStart, extractFacts, type RawFact } from './facts';
import { FactIndex, comparableFacts, rewriteHolds, sameFact } from './match';
import { changedInPlace } from './anchored';
import { findAtWordStarts, firstAtWordStart, lowerCased } from './textindex';
import { sideText } from './sidetext';
import { judgeReview, VERDICT_VERSION, type Verdict } from './verdict';
import type { AlignedPair, Fact, FactKind, FactStatus, ReviewModel, ReviewOptions, Segment } from './types';

export type * from './types';

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
  const tokens = new TokenTable();
  for (let i = 0; i < al.groups.length; i++) {
    const g = al.groups[i]!;
    const a = sideText(sourceText, g.source.map((s) => sSegs[s]!)).text;
    const b = sideText(rewriteText, g.rewrite.map((r) => rSegs[r]!)).text;
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
  const lang = { source: opts.lang ?? detectLanguage(sourceText), rewrite: opts.lang ?? detectLanguage(rewriteText) };
  const partial = {
    version: 1 as const,
    lang,
    source: { length: sourceText.length, segments: sSegs },
    rewrite: { length: rewriteText.length, segments: rSegs },
    pairs,
    dropped: al.droppedSource.map((s) => sSegs[s]!.id),
    added: al.newRewrite.map((r) => rSegs[r]!.id),
    facts,
  };
  const verdict = judgeReview({ ...partial, verdict: undefined as never, summary: undefined as never, timing: undefined as never }, sourceText, rewriteText, opts.style);
  const summary = summarize(facts, verdict);
  const t4 = performance.now();

  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    ...partial,
    verdict,
    summary,
    timing: { segmentMs: r1(t1 - t0), alignMs: r1(t2 - t1), diffMs: r1(t3 - t2), factsMs: r1(t4 - t3), totalMs: r1(t4 - t0) },
  };
}

/** The verdict as the provenance log and the review queue keep it: counts, score, coverage, reasons. */
export function summarize(facts: readonly Fact[], v: Verdict): FactSummary {
  let kept = 0;
  let dropped = 0;
  let altered = 0;
  let added = 0;
  for (const f of facts) {
    if (f.side === 'source') {
      if (f.status === 'kept') kept++;
      else if (f.status === 'dropped') dropped++;
      else if (f.status === 'altered') altered++;
    } else if (f.status === 'new') added++;
    else if (f.status === 'altered' && !f.counterpart) altered++;
  }
  return {
    score: v.score,
    verdict: v.consistent ? 'consistent' : 'needs-review',
    kept,
    dropped,
    altered,
    added,
    factsTotal: v.metrics.factsTotal,
    coverage: v.metrics.coverageChars,
    reasons: v.reasons.map((r) => r.text),
    verdictVersion: VERDICT_VERSION,
  };
}

/** A fact being settled. */
interface Work {
  raw: RawFact;
  seg: number;
  side: 'source' | 'rewrite';
  status?: FactStatus;
  counterpart?: RawFact;
  pair?: number;
}

const isValueKind = (k: FactKind) => k !== 'negation' && k !== 'polarity';

function groupBy<K>(items: readonly Work[], key: (w: Work) => K | undefined): Map<K, Work[]> {
  const out = new Map<K, Work[]>();
  for (const w of items) {
    const k = key(w);
    if (k === undefined) continue;
    let l = out.get(k);
    if (!l) out.set(k, (l = []));
    l.push(w);
  }
  return out;
}

/** A name found written in the other text counts only where it is written as a name: "future" is not Future. */
function writtenAsName(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return !(c >= 97 && c <= 122);
}

/**
 * A one-word name capitalised only by its place: opening a sentence, a heading or a bullet, or right after a
 * sentence's opening connective ("Furthermore, Prosecutors …"); it may be written in lower case elsewhere.
 */
function capitalisedByPlace(text: string, f: RawFact): boolean {
  if (f.text.includes(' ')) return false;
  if (atSentenceStart(text, f.start)) return true;
  const m = /(?:^|[.!?:\n]\s*)([A-Z][a-z]+), $/.exec(text.slice(Math.max(0, f.start - 24), f.start));
  return m !== null && atSentenceStart(text, f.start - m[1]!.length - 2);
}

/**
 * Where the other text writes a name: the first place found at a word start (`at`, in the lower-cased
 * text), or where it is capitalised as a name if that first place is not; -1 when it is written only in lower
 * case and the name's capital is not explained by its place.
 */
function nameWrittenAt(text: string, at: number, name: RawFact, nameText: string): number {
  if (writtenAsName(text, at)) return at;
  const needle = name.text.replace(/^the\s+/i, '').replace(/^[《「『“]|[》」』”]$/g, '');
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
    const before = text.charCodeAt(i - 1);
    if (!(i > 0 && ((before >= 65 && before <= 90) || (before >= 97 && before <= 122)))) return i;
  }
  return capitalisedByPlace(nameText, name) ? at : -1;
}

/**
 * The first free fact of `near` that states `f` (rewriteHolds), else the first taken one: one pass for what
 * two finds over the list would give.
 */
function holdingNearby(f: RawFact, near: readonly Work[]): Work | undefined {
  let taken: Work | undefined;
  for (const c of near) {
    if (!isValueKind(c.raw.kind) || (taken && c.status) || !rewriteHolds(f, c.raw)) continue;
    if (!c.status) return c;
    taken = c;
  }
  return taken;
}

/** The facts of both texts and where each stands: the phases of the module comment. */
class FactComparison {
  readonly S: Work[];
  readonly R: Work[];
  private readonly rByPair: Map<number, Work[]>;
  private readonly rBySeg: Map<number, Work[]>;
  readonly sByPair: Map<number, Work[]>;
  private readonly sBySeg: Map<number, Work[]>;
  private readonly rewriteSegsOfPair = new Map<number, number[]>();
  private readonly nearbyCache = new Map<number, Work[]>();
  private readonly sIndex: FactIndex;
  private readonly rIndex: FactIndex;
  private sourceCapitals: Set<string> | undefined;

  constructor(
    private readonly sourceText: string,
    private readonly rewriteText: string,
    sRaw: RawFact[],
    rRaw: RawFact[],
    sSegs: readonly Segment[],
    private readonly rSegs: readonly Segment[],
    private readonly pairOfS: Int32Array,
    pairOfR: Int32Array,
  ) {
    const sSeg = segmentOf(sRaw, sSegs);
    const rSeg = segmentOf(rRaw, rSegs);
    const pairAt = (pairOf: Int32Array, seg: number) => (seg >= 0 && pairOf[seg]! >= 0 ? pairOf[seg]! : undefined);
    this.S = sRaw.map((raw, i) => ({ raw, seg: sSeg[i]!, side: 'source', pair: pairAt(pairOfS, sSeg[i]!) }));
    this.R = rRaw.map((raw, i) => ({ raw, seg: rSeg[i]!, side: 'rewrite', pair: pairAt(pairOfR, rSeg[i]!) }));
    this.rByPair = groupBy(this.R, (w) => w.pair);
    this.rBySeg = groupBy(this.R, (w) => w.seg);
    this.sByPair = groupBy(this.S, (w) => w.pair);
    this.sBySeg = groupBy(this.S, (w) => (isValueKind(w.raw.kind) ? w.seg : undefined));
    for (let r = 0; r < pairOfR.length; r++) {
      const p = pairOfR[r]!;
      if (p < 0) continue;
      let l = this.rewriteSegsOfPair.get(p);
      if (!l) this.rewriteSegsOfPair.set(p, (l = []));
      l.push(r);
    }
    this.sIndex = new FactIndex(sRaw.filter((f) => isValueKind(f.kind)));
    this.rIndex = new FactIndex(rRaw.filter((f) => isValueKind(f.kind)));
  }

  /**
   * The rewrite work of one of its facts: R is sorted by start (extractFacts' order), so a binary search for
   * the first fact starting where `raw` starts, then the one that is `raw` (no map from fact to work made).
   */
  private rWorkOf(raw: RawFact): Work | undefined {
    const R = this.R;
    let lo = 0;
    let hi = R.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (R[mid]!.raw.start < raw.start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < R.length && R[i]!.raw.start === raw.start; i++) if (R[i]!.raw === raw) return R[i];
    return undefined;
  }

  /** The rewrite and the source in lower case, made once per review (the source's shared with the verdict, textindex.ts's lowerCased). */
  private lowerCache: { rewrite?: string; source?: string; bySlices?: boolean } = {};
  private rewriteLower(): string {
    return (this.lowerCache.rewrite ??= lowerCased(this.rewriteText));
  }
  private sourceLower(): string {
    return (this.lowerCache.source ??= lowerCased(this.sourceText));
  }

  /**
   * The lower-cased rewrite when a slice of it is the lower-cased slice of the rewrite (no character changes
   * length in lower case, no capital sigma, whose lower case depends on the next character), else undefined.
   */
  private rewriteLowerBySlices(): string | undefined {
    const lower = this.rewriteLower();
    this.lowerCache.bySlices ??= lower.length === this.rewriteText.length && !this.rewriteText.includes('\u03a3');
    return this.lowerCache.bySlices ? lower : undefined;
  }

  /** Rewrite facts of an aligned pair and of the rewrite sentences right beside it. */
  private nearby(pair: number): Work[] {
    const cached = this.nearbyCache.get(pair);
    if (cached) return cached;
    const out = [...(this.rByPair.get(pair) ?? [])];
    const segs = this.rewriteSegsOfPair.get(pair) ?? [];
    const lo = Math.min(...segs);
    const hi = Math.max(...segs);
    for (const r of [lo - 1, hi + 1]) for (const w of this.rBySeg.get(r) ?? []) if (w.pair !== pair) out.push(w);
    this.nearbyCache.set(pair, out);
    return out;
  }

  /** Rewrite facts near a source fact: its pair's, or for a dropped sentence its neighbours' pairs'. */
  private nearbyOf(w: Work): Work[] {
    if (w.pair !== undefined) return this.nearby(w.pair);
    const out: Work[] = [];
    for (const s of [w.seg - 1, w.seg + 1]) {
      const p = s >= 0 && s < this.pairOfS.length ? this.pairOfS[s]! : -1;
      if (p >= 0) out.push(...this.nearby(p));
    }
    return out;
  }

  private link(f: Work, g: Work, status: FactStatus): void {
    f.status = status;
    f.counterpart = g.raw;
    g.status = status;
    g.counterpart = f.raw;
  }

  /**
   * A source value of `f`'s sentence or a sentence right beside it, other than `f`, that states the rewrite
   * value `c` (a fact moved between neighbouring sentences) — unless it is already kept by another rewrite
   * value, which it accounts for alone (2座…4线 → 2座…2线).
   */
  private sourceExplains(f: Work, c: Work): boolean {
    for (let k = f.seg - 1; k <= f.seg + 1; k++) {
      const l = this.sBySeg.get(k);
      if (l) for (const x of l) if (x !== f && sameFact(x.raw, c.raw) && !(x.status === 'kept' && x.counterpart !== c.raw)) return true;
    }
    return false;
  }

  /** Phase 0: a value changed in place (anchored.ts) is altered, whatever lookalike stands elsewhere. */
  changedInPlace(): void {
    const pairs = changedInPlace(this.sourceText, this.rewriteText, this.S.map((w) => w.raw), this.R.map((w) => w.raw));
    for (const [i, j] of pairs) this.link(this.S[i]!, this.R[j]!, 'altered');
  }

  /** Phase 1: kept where the aligned passage or a sentence beside it states the same value. */
  keptNearby(): void {
    for (const f of this.S) {
      if (!isValueKind(f.raw.kind) || f.status) continue;
      const near = this.nearbyOf(f);
      // the same value written the same way first, then a short or rounded form; a free one before a taken one
      const g = near.find((c) => !c.status && c.raw.kind === f.raw.kind && c.raw.normalized === f.raw.normalized) ?? holdingNearby(f.raw, near);
      if (!g) {
        if (f.raw.kind === 'entity' && f.pair !== undefined) this.nameWrittenNearby(f);
        continue;
      }
      if (g.status) {
        f.status = 'kept';
        f.counterpart = g.raw;
      } else this.link(f, g, 'kept');
    }
  }

  /** A source name that the aligned rewrite passage writes without it being picked up as a name there (a name opening a sentence): kept. */
  private nameWrittenNearby(f: Work): void {
    const segs = this.rewriteSegsOfPair.get(f.pair!) ?? [];
    const needle = f.raw.text.toLowerCase().replace(/^the\s+/, '');
    if (needle.length < 2) return;
    const lower = this.rewriteLowerBySlices();
    for (const r of [Math.min(...segs) - 1, ...segs, Math.max(...segs) + 1]) {
      const seg = this.rSegs[r];
      if (!seg) continue;
      let first: number | undefined;
      if (lower !== undefined) {
        const k = firstAtWordStart(lower, needle, seg.start, seg.end);
        first = k < 0 ? undefined : k - seg.start;
      } else first = findAtWordStarts(seg.text.toLowerCase(), [needle]).get(needle);
      const at = first === undefined ? -1 : nameWrittenAt(seg.text, first, f.raw, this.sourceText);
      if (at < 0) continue;
      const start = seg.start + at;
      f.status = 'kept';
      f.counterpart = { kind: 'entity', text: this.rewriteText.slice(start, start + needle.length), normalized: f.raw.normalized, start, end: start + needle.length };
      return;
    }
  }

  /**
   * An English name of the rewrite made only of words the source writes capitalised: source names that a
   * merged line or paragraph ran together ("Mike Johnson" and "Sales Representative"), no name of its own,
   * so neither new nor the change of a source name.
   */
  private madeOfSourceNames(w: Work): boolean {
    if (w.raw.kind !== 'entity' || !/^[A-Z]/.test(w.raw.text)) return false;
    this.sourceCapitals ??= new Set(this.sourceText.match(/\b[A-Z][A-Za-z0-9'’&-]*/g) ?? []);
    const words = w.raw.text.match(/\b[A-Z][A-Za-z0-9'’&-]*/g) ?? [];
    return words.length >= 2 && words.every((x) => this.sourceCapitals!.has(x));
  }

  /** Phase 2: another value of the same sort in the aligned passage, not a value of the source (or the source's value gone). */
  altered(): void {
    for (const f of this.S) {
      if (!isValueKind(f.raw.kind) || f.status || f.pair === undefined) continue;
      // a name the rewrite writes the same way in another place, not yet accounted for, moved there (lines
      // of a navigation menu or a heading run together and aligned elsewhere): kept in phase 3, not changed
      if (f.raw.kind === 'entity' && this.movedName(f)) continue;
      // a value of the rewrite passage counts as the change unless the source states it right there (a fact
      // moved between neighbouring sentences)
      for (const c of this.nearbyOf(f)) {
        if (c.status || !comparableFacts(f.raw, c.raw) || this.sourceExplains(f, c) || this.madeOfSourceNames(c)) continue;
        this.link(f, c, 'altered');
        break;
      }
    }
  }

  /** A source name the rewrite states, written the same way, by a name of its own not yet accounted for. */
  private movedName(f: Work): boolean {
    const hit = this.rIndex.find(f.raw);
    return !!hit && hit.normalized === f.raw.normalized && !this.rWorkOf(hit)?.status;
  }

  /** Phase 3: kept elsewhere in the rewrite (a moved fact, or a name not picked up as a fact there). */
  keptElsewhere(): void {
    const unresolved: Array<{ f: Work; needle: string }> = [];
    for (const f of this.S) {
      if (!isValueKind(f.raw.kind) || f.status) continue;
      const found = this.rIndex.find(f.raw);
      const hit = found && rewriteHolds(f.raw, found) ? found : undefined;
      if (hit) {
        f.status = 'kept';
        f.counterpart = hit;
        const g = this.rWorkOf(hit)!;
        if (!g.status) {
          g.status = 'kept';
          g.counterpart = f.raw;
        }
      } else if (f.raw.kind === 'entity' || f.raw.kind === 'code' || f.raw.kind === 'url' || f.raw.kind === 'email') {
        const needle = f.raw.kind === 'entity' ? f.raw.text.toLowerCase().replace(/^the\s+/, '').replace(/^[《「『“]|[》」』”]$/g, '') : f.raw.text.toLowerCase();
        if (needle.length >= 2) unresolved.push({ f, needle });
      }
    }
    const found = findAtWordStarts(this.rewriteLower(), unresolved.map((u) => u.needle));
    for (const { f, needle } of unresolved) {
      const first = found.get(needle);
      const at = first === undefined ? -1 : f.raw.kind === 'entity' ? nameWrittenAt(this.rewriteText, first, f.raw, this.sourceText) : first;
      if (at < 0) continue;
      f.status = 'kept';
      f.counterpart = { kind: f.raw.kind, text: this.rewriteText.slice(at, at + needle.length), normalized: f.raw.normalized, start: at, end: at + needle.length };
    }
    // rewrite values the source states, as a fact or (names) written without being picked up as one
    const unsourced: Array<{ g: Work; needle: string }> = [];
    for (const g of this.R) {
      if (!isValueKind(g.raw.kind) || g.status) continue;
      const hit = this.sIndex.find(g.raw);
      if (hit && rewriteHolds(hit, g.raw)) {
        g.status = 'kept';
        g.counterpart = hit;
      } else if (this.madeOfSourceNames(g)) {
        g.status = 'kept';
        if (hit) g.counterpart = hit;
      } else if (g.raw.kind === 'entity') {
        const needle = g.raw.text.toLowerCase().replace(/^the\s+/, '').replace(/^[《「『“]|[》」』”]$/g, '');
        if (needle.length >= 2) unsourced.push({ g, needle });
      }
    }
    const inSource = findAtWordStarts(this.sourceLower(), unsourced.map((u) => u.needle));
    for (const { g, needle } of unsourced) {
      const first = inSource.get(needle);
      const at = first === undefined ? -1 : nameWrittenAt(this.sourceText, first, g.raw, this.rewriteText);
      if (at < 0) continue;
      g.status = 'kept';
      g.counterpart = { kind: 'entity', text: this.sourceText.slice(at, at + needle.length), normalized: g.raw.normalized, start: at, end: at + needle.length };
    }
  }

  /** Phase 4: what is left is dropped (source) or new (rewrite). */
  rest(): void {
    for (const f of this.S) if (isValueKind(f.raw.kind) && !f.status) f.status = 'dropped';
    for (const g of this.R) if (isValueKind(g.raw.kind) && !g.status) g.status = 'new';
  }

  /** Phase 5: negations per aligned pair. */
  negations(): void {
    const pairs = new Set<number>();
    for (const w of [...this.S, ...this.R]) if (w.raw.kind === 'negation' && w.pair !== undefined) pairs.add(w.pair);
    for (const p of pairs) {
      const sn = (this.sByPair.get(p) ?? []).filter((w) => w.raw.kind === 'negation');
      const rn = (this.rByPair.get(p) ?? []).filter((w) => w.raw.kind === 'negation');
      const n = Math.min(sn.length, rn.length);
      for (let i = 0; i < n; i++) this.link(sn[i]!, rn[i]!, 'kept');
      for (let i = n; i < sn.length; i++) sn[i]!.status = 'altered';
      for (let i = n; i < rn.length; i++) rn[i]!.status = 'altered';
    }
    // a negation that moved to the pair of a neighbouring source sentence (sentences reordered or merged,
    // or a short sentence merged into the next that the aligner left unpaired)
    const left = (w: Work) => w.raw.kind === 'negation' && (w.status === 'altered' || (w.pair === undefined && !w.status));
    const leftS = this.S.filter(left);
    const leftR = this.R.filter((w) => w.raw.kind === 'negation' && w.status === 'altered');
    // the first of leftS still left in a sentence of the pair or right beside one: leftS by sentence, each
    // list ascending, so the first still left of each list is that list's candidate
    const leftBySeg = new Map<number, number[]>();
    leftS.forEach((x, i) => {
      let l = leftBySeg.get(x.seg);
      if (!l) leftBySeg.set(x.seg, (l = []));
      l.push(i);
    });
    for (const r of leftR) {
      let first = -1;
      for (const k of this.sourceSegsOfPair(r.pair!)) {
        for (let seg = k - 1; seg <= k + 1; seg++) {
          for (const i of leftBySeg.get(seg) ?? []) {
            if (first >= 0 && i >= first) break;
            if (left(leftS[i]!)) {
              first = i;
              break;
            }
          }
        }
      }
      if (first >= 0) this.link(leftS[first]!, r, 'kept');
    }
  }

  /** Source sentences of each aligned pair, ascending (made on first need). */
  private sourceSegsByPair: Map<number, number[]> | undefined;

  /** Source sentences of an aligned pair. */
  private sourceSegsOfPair(pair: number): number[] {
    if (!this.sourceSegsByPair) {
      this.sourceSegsByPair = new Map();
      for (let k = 0; k < this.pairOfS.length; k++) {
        const p = this.pairOfS[k]!;
        let l = this.sourceSegsByPair.get(p);
        if (!l) this.sourceSegsByPair.set(p, (l = []));
        l.push(k);
      }
    }
    return this.sourceSegsByPair.get(pair) ?? [];
  }

  /** Phase 6: direction words flipped within a pair. */
  directions(): void {
    for (const p of new Set(this.S.filter((w) => w.raw.kind === 'polarity' && w.pair !== undefined).map((w) => w.pair!))) {
      const sp = (this.sByPair.get(p) ?? []).filter((w) => w.raw.kind === 'polarity');
      const rp = (this.rByPair.get(p) ?? []).filter((w) => w.raw.kind === 'polarity');
      for (const f of sp) {
        const same = rp.find((g) => g.raw.normalized === f.raw.normalized);
        const opposite = rp.find((g) => g.raw.axis === f.raw.axis && g.raw.normalized !== f.raw.normalized);
        const sourceHasOpposite = sp.some((o) => o.raw.axis === f.raw.axis && o.raw.normalized !== f.raw.normalized);
        if (same) this.link(f, same, 'kept');
        else if (opposite && !sourceHasOpposite) this.link(f, opposite, 'altered');
      }
    }
  }

  /** The settled facts: every value, and the negations and direction words that were flipped. */
  facts(sSegs: readonly Segment[], rSegs: readonly Segment[]): Fact[] {
    const out: Fact[] = [];
    /** Each pair's id made once (many facts stand in one pair). */
    const pairIds: string[] = [];
    const emit = (list: Work[], prefix: string, segs: readonly Segment[]) => {
      let k = 0;
      for (const w of list) {
        if (!w.status || (!isValueKind(w.raw.kind) && w.status !== 'altered')) continue;
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
        if (w.raw.type) f.type = w.raw.type;
        if (w.counterpart) f.counterpart = { text: w.counterpart.text, start: w.counterpart.start, end: w.counterpart.end };
        if (w.pair !== undefined) f.pairId = (pairIds[w.pair] ??= `p${w.pair}`);
        out.push(f);
      }
    };
    emit(this.S, 'fs', sSegs);
    emit(this.R, 'fr', rSegs);
    return out;
  }
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
  const c = new FactComparison(sourceText, rewriteText, extractFacts(sourceText), extractFacts(rewriteText), sSegs, rSegs, pairOfS, pairOfR);
  c.changedInPlace();
  c.keptNearby();
  c.altered();
  c.keptElsewhere();
  c.rest();
  c.negations();
  c.directions();
  return c.facts(sSegs, rSegs);
}
