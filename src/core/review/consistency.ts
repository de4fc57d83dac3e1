// Consistency of a derived text (summary, rewrite) with its source, for `curator check`: are the derived
// text's facts and claims supported by the source? Dropped source content does not count against it (a
// summary leaves most of its document out). Signals, all computed without a model:
//  - facts of the derived text (numbers, dates, names, URLs, e-mails, code) found nowhere in the source;
//  - negation added or removed relative to the source sentences the derived sentence comes from;
//  - polarity words flipped (increase ↔ decrease, win ↔ lose, support ↔ oppose …) relative to them;
//  - content words found nowhere in the source (hallucinated or swapped-in entities and attributes),
//    and content words present in the source but not near the passage the sentence is built from.
// They are combined into a penalty; score = exp(−penalty) in 0..1; consistent when score ≥ threshold.
import { segmentText } from './segment';
import { extractFacts, type RawFact } from './facts';
import { FactIndex } from './match';
import { findAtWordStarts } from './textindex';
import { contentTerms, STOPWORDS } from './tokens';
import { toHalfWidth } from './normalize';

/** Words a summary uses to talk about its document rather than about the world. */
const META_WORDS = new Set(
  ('document discuss discusse discussion conversation speaker podcast episode host guest email article text author writer ' +
    'summary summarize mention talk describe explain highlight include provide various overall main topic focus ' +
    'begin end also several many mostly briefly well person people thing way first second third part section ' +
    'share express note state said say says sender recipient team paper propose show present study approach ' +
    'method result work research use using used base based new different specific other while').split(' ').map((w) => w.replace(/e$/, '')),
);

export interface CheckFeatures {
  /** Sentences of the derived text. */
  sentences: number;
  /** Content terms of the derived text (stems / Chinese bigrams). */
  terms: number;
  unsupportedFacts: number;
  negationAdded: number;
  negationRemoved: number;
  polarityFlips: number;
  /** Content terms found nowhere in the source. */
  novelTerms: number;
  /** …of which written with a capital inside a sentence (names). */
  novelNames: number;
  /** Unsupported facts by kind. */
  unsupportedNumbers: number;
  unsupportedEntities: number;
  /** Content terms present in the source, but not in the passages the sentence is built from. */
  offContextTerms: number;
}

export interface CheckIssue {
  kind: 'unsupported-fact' | 'negation-added' | 'negation-removed' | 'polarity-flip' | 'novel-term';
  text: string;
  start: number;
  end: number;
}

export interface CheckResult {
  consistent: boolean;
  score: number;
  features: CheckFeatures;
  issues: CheckIssue[];
}

/**
 * Weights of the penalty. Chosen on the SummEdits "evaluation" split only (the "test" split is held
 * out): each precise signal (an unsupported number/date or name, a negation added or removed, a flipped
 * polarity word, a capitalised word foreign to the source) was almost never present in consistent
 * summaries there, so any one of them alone makes the score drop below the threshold; foreign common
 * words are frequent in faithful paraphrases too, so their share only lowers the score a little (at most
 * 0.3 of penalty) and never decides alone.
 */
export const CHECK_WEIGHTS = {
  unsupportedFact: 1.0,
  negationAdded: 1.0,
  negationRemoved: 0.8,
  polarityFlip: 0.8,
  novelName: 0.8,
  /** Times the share of foreign content terms (0..1). */
  novelShare: 0.3,
};
/** Default decision threshold on the score: exp(−0.7) ≈ 0.497, so one precise signal is enough. */
export const CHECK_THRESHOLD = 0.5;

const valueKinds = new Set(['number', 'date', 'entity', 'url', 'email', 'code']);

function prefixKey(t: string): string | undefined {
  return /^[a-z]/.test(t) && t.length >= 6 ? t.slice(0, 5) : undefined;
}

export interface CheckOptions {
  threshold?: number;
  weights?: Partial<typeof CHECK_WEIGHTS>;
}

export function checkConsistency(source: string, derived: string, opts: CheckOptions = {}): CheckResult {
  const W = { ...CHECK_WEIGHTS, ...opts.weights };
  const threshold = opts.threshold ?? CHECK_THRESHOLD;
  const srcSegs = segmentText(source, 's');
  const derSegs = segmentText(derived, 'r');
  const srcLower = toHalfWidth(source).toLowerCase();

  // source terms: global sets and per-sentence sets, inverted index for the supporting passages
  const docTerms = new Set<string>();
  const docPrefix = new Set<string>();
  const segTerms: Array<Set<string>> = [];
  const postings = new Map<string, number[]>();
  srcSegs.forEach((s, i) => {
    const set = new Set(contentTerms(s.text));
    segTerms.push(set);
    for (const t of set) {
      docTerms.add(t);
      const p = prefixKey(t);
      if (p) docPrefix.add(p);
      let l = postings.get(t);
      if (!l) postings.set(t, (l = []));
      l.push(i);
    }
  });
  const nS = srcSegs.length;
  const maxPostings = Math.max(40, Math.ceil(3 * Math.sqrt(srcSegs.length)));
  const idf = (t: string) => Math.log(1 + nS / (postings.get(t)?.length ?? 0.5));

  const srcFacts = extractFacts(source);
  const srcIndex = new FactIndex(srcFacts.filter((f) => valueKinds.has(f.kind)));
  const srcNeg = srcFacts.filter((f) => f.kind === 'negation');
  const srcPol = srcFacts.filter((f) => f.kind === 'polarity');
  const derFacts = extractFacts(derived);

  const features: CheckFeatures = {
    sentences: derSegs.length, terms: 0, unsupportedFacts: 0, novelNames: 0, unsupportedNumbers: 0, unsupportedEntities: 0, negationAdded: 0, negationRemoved: 0, polarityFlips: 0, novelTerms: 0, offContextTerms: 0,
  };
  const issues: CheckIssue[] = [];

  // facts of the derived text that the source does not have (a name counts as present when the source
  // writes it, even where it was not picked up as a fact)
  const missing = derFacts.filter((f) => valueKinds.has(f.kind) && !srcIndex.find(f));
  const nameForms = (f: RawFact) => [f.normalized, toHalfWidth(f.text).toLowerCase()].filter((x) => x.length >= 2);
  const present = findAtWordStarts(srcLower, missing.filter((f) => f.kind === 'entity').flatMap(nameForms));
  for (const f of missing) {
    if (f.kind === 'entity' && nameForms(f).some((x) => present.has(x))) continue;
    features.unsupportedFacts++;
    if (f.kind === 'number' || f.kind === 'date') features.unsupportedNumbers++;
    else if (f.kind === 'entity') features.unsupportedEntities++;
    issues.push({ kind: 'unsupported-fact', text: f.text, start: f.start, end: f.end });
  }

  // facts by segment (facts and segments are sorted by offset)
  const bySegment = (facts: RawFact[], segs: typeof srcSegs): RawFact[][] => {
    const out: RawFact[][] = segs.map(() => []);
    let k = 0;
    for (const f of facts) {
      while (k < segs.length - 1 && segs[k]!.end <= f.start) k++;
      if (segs.length && f.start >= segs[k]!.start && f.start < segs[k]!.end) out[k]!.push(f);
    }
    return out;
  };
  const srcNegBySeg = bySegment(srcNeg, srcSegs);
  const srcPolBySeg = bySegment(srcPol, srcSegs);
  const derFactsBySeg = bySegment(derFacts, derSegs);
  const seen = new Set<string>();
  for (let j = 0; j < derSegs.length; j++) {
    const seg = derSegs[j]!;
    const terms = [...new Set(contentTerms(seg.text))];
    // supporting passages: the source sentences sharing the most weight with this one
    const acc = new Map<number, number>();
    // (terms in very many source sentences say little about which one and would make this quadratic)
    for (const t of terms) {
      const post = postings.get(t);
      if (!post || post.length > maxPostings) continue;
      for (const i of post) acc.set(i, (acc.get(i) ?? 0) + idf(t));
    }
    const top = [...acc.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([i]) => i);
    const ctx = new Set<number>();
    for (const i of top) for (const k of [i - 1, i, i + 1]) if (k >= 0 && k < nS) ctx.add(k);
    const ctxTerms = new Set<string>();
    const ctxPrefix = new Set<string>();
    for (const i of ctx) for (const t of segTerms[i]!) {
      ctxTerms.add(t);
      const p = prefixKey(t);
      if (p) ctxPrefix.add(p);
    }
    for (const t of terms) {
      if (/^\d/.test(t) || META_WORDS.has(t) || STOPWORDS.has(t) || (t.length < 2 && /[a-z]/.test(t))) continue;
      features.terms++;
      const p = prefixKey(t);
      if (!docTerms.has(t) && !(p && docPrefix.has(p))) {
        if (seen.has(t)) continue;
        seen.add(t);
        features.novelTerms++;
        const at = findTerm(seg.text, t);
        if (at && at[0] > 0 && /[A-Z]/.test(seg.text[at[0]]!)) features.novelNames++;
        issues.push({ kind: 'novel-term', text: at ? seg.text.slice(at[0], at[1]) : t, start: seg.start + (at?.[0] ?? 0), end: seg.start + (at?.[1] ?? seg.text.length) });
      } else if (!ctxTerms.has(t) && !(p && ctxPrefix.has(p))) features.offContextTerms++;
    }

    // negation and polarity against the best supporting sentences
    const dFacts = derFactsBySeg[j]!;
    const dNeg = dFacts.filter((f) => f.kind === 'negation');
    const best = top.slice(0, 2);
    const cNeg = best.flatMap((i) => srcNegBySeg[i]!);
    if (dNeg.length > 0 && cNeg.length === 0) {
      features.negationAdded++;
      issues.push({ kind: 'negation-added', text: dNeg[0]!.text, start: dNeg[0]!.start, end: dNeg[0]!.end });
    } else if (dNeg.length === 0 && top.length > 0) {
      // a negation of the supporting sentences whose scope (the content words after it, up to the next
      // punctuation mark) the derived sentence states without any negation: "did not enter production"
      // → "entered production"
      const termSet = new Set(terms);
      for (const n of cNeg) {
        const tail = source.slice(n.end, Math.min(source.length, n.end + 80));
        const clause = tail.split(/[,.;:!?，。；：！？\n]/)[0] ?? '';
        const scope = contentTerms(clause).filter((t) => !STOPWORDS.has(t)).slice(0, 3);
        if (scope.length >= 2 && scope.every((t) => termSet.has(t))) {
          features.negationRemoved++;
          issues.push({ kind: 'negation-removed', text: seg.text, start: seg.start, end: seg.end });
          break;
        }
      }
    }
    const cPol = best.flatMap((i) => srcPolBySeg[i]!);
    for (const f of dFacts) {
      if (f.kind !== 'polarity') continue;
      const same = cPol.some((g) => g.normalized === f.normalized);
      const opposite = cPol.some((g) => g.axis === f.axis && g.normalized !== f.normalized);
      if (opposite && !same) {
        features.polarityFlips++;
        issues.push({ kind: 'polarity-flip', text: f.text, start: f.start, end: f.end });
      }
    }
  }

  const penalty =
    W.unsupportedFact * features.unsupportedFacts +
    W.negationAdded * features.negationAdded +
    W.negationRemoved * features.negationRemoved +
    W.polarityFlip * features.polarityFlips +
    W.novelName * features.novelNames +
    W.novelShare * (features.terms > 0 ? features.novelTerms / features.terms : 0);
  const score = Math.round(Math.exp(-penalty) * 1000) / 1000;
  issues.sort((a, b) => a.start - b.start);
  return { consistent: score >= threshold, score, features, issues };
}

/** Where a content term (stem or bigram) first occurs in a text, as [start, end) of the word. */
function findTerm(text: string, term: string): [number, number] | undefined {
  const lower = text.toLowerCase();
  const re = /[a-z]/.test(term[0]!) ? new RegExp(`\\b${term.replace(/[^a-z0-9]/g, '')}`) : undefined;
  const i = re ? (re.exec(lower)?.index ?? -1) : lower.indexOf(term);
  if (i < 0) return undefined;
  let s = i;
  let e = i + term.length;
  if (/[a-z]/.test(term[0]!)) {
    while (s > 0 && /[a-z0-9]/.test(lower[s - 1]!)) s--;
    while (e < lower.length && /[a-z0-9]/.test(lower[e]!)) e++;
  }
  return [s, e];
}
