// Consistency of a derived text (summary, rewrite) with its source, for `curator check`: are the derived
// text's facts and claims supported by the source? Dropped source content does not count against it (a
// summary leaves most of its document out). Signals, all computed without a model:
//  - facts of the derived text (numbers, dates, names, URLs, e-mails, code) found nowhere in the source;
//  - negation added or removed relative to the source sentences the derived sentence comes from;
//  - polarity words flipped (increase ↔ decrease, win ↔ lose, support ↔ oppose …) relative to them;
//  - negation added over words a supporting sentence states plainly ("can save time but not money");
//  - a word whose opposite the supporting passage uses instead: general English antonyms (explicit ↔
//    implicit, profit ↔ loss …) and negating derivations (direct ↔ indirect, useful ↔ useless);
//  - two names around the same word in the opposite order to the supporting sentence ("A beat B" →
//    "B beat A");
//  - a number of the source put next to words that carry another value of the same unit there ("$50/month
//    to the first 20 customers" where the source offers them $100/month);
//  - content words found nowhere in the source (hallucinated or swapped-in entities and attributes),
//    and content words present in the source but not near the passage the sentence is built from.
// They are combined into a penalty; score = exp(−penalty) in 0..1; consistent when score ≥ threshold.
import { segmentText } from './segment';
import type { Segment } from './types';
import { extractFacts, type RawFact } from './facts';
import { FactIndex } from './match';
import { findAtWordStarts } from './textindex';
import { contentTerms, stem, STOPWORDS } from './tokens';
import { toHalfWidth } from './normalize';
import { NameForms } from './nameforms';

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
  /**
   * Numbers and dates of the source given here with words that stand, in the source, next to a different
   * value of the same unit (and not next to this one, nor in the supporting passage).
   */
  changedNumbers: number;
  /** Words whose opposite (general antonym or negating derivation) the supporting passage uses instead. */
  antonymFlips: number;
  /** Two names or terms around the same word in the opposite order to the supporting sentence ("A beat B" → "B beat A"). */
  roleSwaps: number;
  /** Sentences that no source sentence supports (SENTENCE_SUPPORT). */
  unsupportedSentences: number;
}

export interface CheckIssue {
  kind: 'unsupported-fact' | 'unsupported-sentence' | 'negation-added' | 'negation-removed' | 'polarity-flip' | 'novel-term' | 'antonym' | 'changed-number' | 'role-swap';
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
 * polarity word, a capitalised word foreign to the source, an antonym of the passage's word, a number moved
 * next to another value, a swapped subject/object) was almost never present in consistent
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
  antonymFlip: 0.8,
  changedNumber: 0.8,
  roleSwap: 0.8,
  unsupportedSentence: 0.8,
  /** Times the share of foreign content terms (0..1). */
  novelShare: 0.3,
};
/** Default decision threshold on the score: exp(−0.7) ≈ 0.497, so one precise signal is enough. */
export const CHECK_THRESHOLD = 0.5;

const valueKinds = new Set(['number', 'date', 'entity', 'url', 'email', 'code']);

function prefixKey(t: string): string | undefined {
  return /^[a-z]/.test(t) && t.length >= 6 ? t.slice(0, 5) : undefined;
}


/**
 * Antonym pairs of general English (base forms; inflections are derived). A derived sentence that uses one
 * side where its supporting passage uses the other, and not the word itself, states the opposite.
 */
const ANTONYM_PAIRS = (
  'increase/decrease rise/fall grow/shrink gain/loss gain/lose expand/contract raise/lower accelerate/decelerate ' +
  'win/lose victory/defeat success/failure succeed/fail pass/fail accept/reject approve/reject support/oppose ' +
  'allow/forbid allow/prohibit agree/disagree admit/deny confirm/deny include/exclude import/export inhale/exhale ' +
  'explicit/implicit internal/external inner/outer interior/exterior inside/outside upper/lower maximum/minimum ' +
  'maximize/minimize majority/minority superior/inferior over/under overestimate/underestimate ' +
  'above/below before/after earlier/later early/late first/last begin/end start/finish start/stop open/close ' +
  'enter/exit arrive/depart buy/sell purchase/sell lend/borrow give/take send/receive push/pull attack/defend ' +
  'hire/fire employ/dismiss join/leave build/destroy create/destroy construct/demolish save/waste save/spend ' +
  'add/remove add/subtract attach/detach connect/disconnect enable/disable include/omit appear/disappear ' +
  'improve/worsen improve/deteriorate strengthen/weaken tighten/loosen ease/tighten help/hinder help/hurt ' +
  'solve/worsen protect/endanger reward/punish praise/criticize praise/blame love/hate like/dislike ' +
  'friend/enemy ally/enemy ally/rival peace/war legal/illegal guilty/innocent convict/acquit arrest/release ' +
  'true/false correct/incorrect right/wrong truth/lie real/fake real/fictional genuine/fake fact/fiction ' +
  'positive/negative optimistic/pessimistic good/bad better/worse best/worst benefit/harm advantage/disadvantage ' +
  'strong/weak high/low higher/lower highest/lowest large/small big/small major/minor long/short tall/short ' +
  'wide/narrow thick/thin heavy/light deep/shallow rich/poor wealthy/poor expensive/cheap ' +
  'profit/loss surplus/deficit asset/liability credit/debit income/expense export/import supply/demand ' +
  'more/less more/fewer most/least many/few much/little all/none always/never often/rarely sometimes/never ' +
  'fast/slow quick/slow rapid/slow quickly/slowly easy/difficult easy/hard simple/complex simple/complicated ' +
  'safe/dangerous safe/risky secure/insecure stable/unstable healthy/sick healthy/unhealthy alive/dead ' +
  'live/die birth/death born/died young/old new/old modern/ancient modern/traditional recent/old ' +
  'hot/cold warm/cool heat/cold wet/dry light/dark day/night sunrise/sunset summer/winter ' +
  'north/south east/west left/right top/bottom front/back forward/backward up/down rural/urban ' +
  'public/private formal/informal official/unofficial direct/indirect active/passive present/absent ' +
  'visible/invisible possible/impossible likely/unlikely certain/uncertain known/unknown clear/unclear ' +
  'same/different similar/different equal/unequal identical/different common/rare frequent/rare ' +
  'general/specific broad/narrow global/local national/local domestic/foreign domestic/international ' +
  'male/female man/woman men/women boy/girl husband/wife father/mother son/daughter brother/sister king/queen ' +
  'teacher/student employer/employee buyer/seller winner/loser parent/child ' +
  'happy/sad happy/unhappy glad/sorry calm/angry pleased/disappointed excited/bored proud/ashamed ' +
  'ally/opponent include/lack accept/decline approve/deny permit/ban legalize/ban encourage/discourage ' +
  'encourage/prevent promote/prevent promote/demote upgrade/downgrade inflate/deflate inflation/deflation ' +
  'appreciate/depreciate boost/cut raise/cut hike/cut surge/plunge soar/plunge climb/fall climb/drop rise/drop ' +
  'expand/reduce increase/reduce increase/cut increase/drop growth/decline growth/recession boom/bust ' +
  'bull/bear bullish/bearish optimism/pessimism confidence/doubt trust/distrust ' +
  'supervised/unsupervised labeled/unlabeled linear/nonlinear convex/nonconvex static/dynamic online/offline ' +
  'discrete/continuous sparse/dense deterministic/stochastic synthetic/real global/local coarse/fine ' +
  'input/output encode/decode encoder/decoder train/test training/testing upstream/downstream ' +
  'send/receive sender/recipient incoming/outgoing inbound/outbound online/offline remote/onsite ' +
  'accept/refuse agree/refuse allow/deny allowed/banned legal/banned win/lost won/lost'
).split(/\s+/).filter(Boolean).map((p) => p.split('/') as [string, string]);

/** Inflected forms of an English base word, stemmed as contentTerms does. */
function formsOf(w: string): string[] {
  const forms = [w, w + 's', w + 'es', w + 'ed', w + 'd', w + 'ing', w + 'er', w + 'est'];
  if (w.endsWith('e')) forms.push(w.slice(0, -1) + 'ing');
  if (w.endsWith('y')) forms.push(w.slice(0, -1) + 'ies', w.slice(0, -1) + 'ied');
  if (/[^aeiou][aeiou][bdgmnprt]$/.test(w)) forms.push(w + w.slice(-1) + 'ed', w + w.slice(-1) + 'ing');
  return [...new Set(forms.map(stem))];
}

const ANTONYMS = new Map<string, Set<string>>();
for (const [a, b] of ANTONYM_PAIRS) {
  const fa = formsOf(a);
  const fb = formsOf(b);
  for (const x of fa) for (const y of fb) {
    if (x === y) continue;
    if (!ANTONYMS.has(x)) ANTONYMS.set(x, new Set());
    if (!ANTONYMS.has(y)) ANTONYMS.set(y, new Set());
    ANTONYMS.get(x)!.add(y);
    ANTONYMS.get(y)!.add(x);
  }
}

/** Negating prefixes and suffix pairs of English derivation: direct ↔ indirect, useful ↔ useless. */
const NEG_PREFIXES = ['un', 'in', 'im', 'il', 'ir', 'dis', 'non', 'anti', 'mis'];

/** Opposites of a stem: from the table and by negating derivation. */
function opposites(t: string): string[] {
  const out = [...(ANTONYMS.get(t) ?? [])];
  if (!/^[a-z]+$/.test(t)) return out;
  for (const p of NEG_PREFIXES) {
    if (t.startsWith(p) && t.length - p.length >= 4) out.push(t.slice(p.length), t.slice(p.length).replace(/^-/, ''));
    if (t.length >= 4) out.push(p + t);
  }
  if (t.endsWith('less') && t.length > 7) out.push(t.slice(0, -4) + 'ful');
  if (t.endsWith('ful') && t.length > 6) out.push(t.slice(0, -3) + 'less');
  return out;
}

/** English words of a text in order: stem, offsets, capitalised or not, stop word or not. */
interface Word { t: string; start: number; end: number; cap: boolean; stop: boolean }
function wordsOf(text: string): Word[] {
  const out: Word[] = [];
  const re = /[A-Za-z\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f'’-]*|\d+(?:[.,]\d+)*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const raw = m[0].replace(/['’]s$/, '').replace(/-$/, '');
    for (const part of raw.split('-')) {
      if (!part) continue;
      const lw = part.toLowerCase();
      out.push({ t: stem(lw), start: m.index, end: m.index + m[0].length, cap: /^[A-Z]/.test(part), stop: STOPWORDS.has(lw) || META_WORDS.has(stem(lw)) });
    }
  }
  return out;
}

export interface CheckOptions {
  threshold?: number;
  weights?: Partial<typeof CHECK_WEIGHTS>;
  /** Support a derived sentence needs from one source sentence (default SENTENCE_SUPPORT.share; for fitting). */
  support?: number;
  /** Sentences per word-level signal needed to decide (default SENTENCES_PER_WORD_SIGNAL; 0: one always decides; for fitting). */
  sentencesPerWordSignal?: number;
  /** Called with the support share of each sentence long enough to be judged by it (for re-choosing SENTENCE_SUPPORT without re-running). */
  onSupport?: (share: number) => void;
}

/**
 * A derived sentence of at least `minWords` content words, fewer than `share` of which stand in any one of
 * its supporting source sentences, says something the source does not: a real summary's "baseless"
 * addition ("The case is now being reopened", "deputies remain on duty") is mostly such a sentence.
 * Chosen on the fitted half of RAGTruth's articles and SummEdits' "evaluation" split (npm run eval:facts).
 */
export const SENTENCE_SUPPORT = { minWords: 4, share: 0.25 };

/** Content words of a derived sentence (stop words, meta words and numbers left out), and the largest share of them one supporting source sentence holds. */
function support(src: SourceIndex, s: Sentence): { words: number; share: number } {
  const words = s.terms.filter((t) => !/^\d/.test(t) && !STOPWORDS.has(t) && !META_WORDS.has(t) && !(t.length < 2 && /[a-z]/.test(t)));
  if (!words.length) return { words: 0, share: 1 };
  // a sentence about the document as a whole ("This document explains …", "The speaker discusses …") is
  // supported by the whole document, not by one of its sentences
  if (ABOUT_DOCUMENT.test(s.seg.text)) return { words: words.length, share: words.filter((t) => src.docTerms.has(t)).length / words.length };
  // a sentence may merge two of the source's: the two best supporting sentences together
  const best = s.top.slice(0, 2).map((i) => src.segTerms[i]!);
  return { words: words.length, share: words.filter((t) => best.some((b) => b.has(t))).length / words.length };
}

/** A sentence that talks about the document, its speakers or its author rather than about the world. */
const ABOUT_DOCUMENT = /\b(?:this|the|these|our|in)\s+(?:document|article|text|podcast|episode|e-?mails?|paper|conversation|discussion|story|report|passage|piece|post|transcript|speakers?|author|writer|hosts?|sender|news|interview)\b/i;

/** A sentence that no sentence of the source supports (see SENTENCE_SUPPORT). */
function unsupportedSentence(src: SourceIndex, s: Sentence, needed: number, out: Findings, onSupport?: (share: number) => void): void {
  const sup = support(src, s);
  if (sup.words >= SENTENCE_SUPPORT.minWords) onSupport?.(sup.share);
  if (sup.words < SENTENCE_SUPPORT.minWords || sup.share >= needed) return;
  out.features.unsupportedSentences++;
  const text = s.seg.text.trim();
  const lead = s.seg.text.indexOf(text);
  out.issues.push({ kind: 'unsupported-sentence', text, start: s.seg.start + Math.max(0, lead), end: s.seg.start + Math.max(0, lead) + text.length });
}

/**
 * The source, indexed once for every sentence of the derived text: its sentences and their content terms,
 * an inverted index with IDF weights for finding supporting sentences, and its facts by kind and sentence.
 */
class SourceIndex {
  readonly segs: Segment[];
  readonly lower: string;
  readonly docTerms = new Set<string>();
  readonly docPrefix = new Set<string>();
  readonly segTerms: Array<Set<string>> = [];
  private readonly postings = new Map<string, number[]>();
  private readonly maxPostings: number;
  readonly facts: RawFact[];
  readonly factIndex: FactIndex;
  readonly nums: RawFact[];
  readonly negBySeg: RawFact[][];
  readonly polBySeg: RawFact[][];
  readonly numBySeg: RawFact[][];
  /** The source's names in other forms (hyphens, initials, demonyms); made on first need. */
  private nameForms?: NameForms;
  private readonly words: Array<Word[] | undefined> = [];
  private readonly near = new Map<RawFact, Set<string>>();

  constructor(readonly text: string) {
    this.segs = segmentText(text, 's');
    this.lower = toHalfWidth(text).toLowerCase();
    this.segs.forEach((s, i) => {
      const set = new Set(contentTerms(s.text));
      this.segTerms.push(set);
      for (const t of set) {
        this.docTerms.add(t);
        const p = prefixKey(t);
        if (p) this.docPrefix.add(p);
        let l = this.postings.get(t);
        if (!l) this.postings.set(t, (l = []));
        l.push(i);
      }
    });
    this.maxPostings = Math.max(40, Math.ceil(3 * Math.sqrt(this.segs.length)));
    this.facts = extractFacts(text, { directions: 'all' });
    this.factIndex = new FactIndex(this.facts.filter((f) => valueKinds.has(f.kind)));
    this.nums = this.facts.filter((f) => f.kind === 'number' || f.kind === 'date');
    this.negBySeg = factsBySegment(this.facts.filter((f) => f.kind === 'negation'), this.segs);
    this.polBySeg = factsBySegment(this.facts.filter((f) => f.kind === 'polarity'), this.segs);
    this.numBySeg = factsBySegment(this.nums, this.segs);
  }

  get names(): NameForms {
    return (this.nameForms ??= new NameForms(this.text));
  }

  get size(): number {
    return this.segs.length;
  }

  private idf(t: string): number {
    return Math.log(1 + this.segs.length / (this.postings.get(t)?.length ?? 0.5));
  }

  /** Content words of source sentence i, stop words left out (made on first need). */
  wordsAt(i: number): Word[] {
    return (this.words[i] ??= wordsOf(this.segs[i]!.text).filter((w) => !w.stop));
  }

  /** Content terms around a number of the source. */
  nearTerms(g: RawFact): Set<string> {
    let n = this.near.get(g);
    if (!n) this.near.set(g, (n = neighbourTerms(this.text, g)));
    return n;
  }

  /**
   * The source sentences that support a derived sentence: the three sharing the most IDF weight of its
   * terms (`top`), the same by words only, numbers left out (`topByWords`: the number check compares
   * numbers, so the passage it compares with is chosen by words), and `top` with its neighbours (`ctx`).
   * Terms found in very many source sentences say little about which one, and would make this quadratic.
   */
  supporting(terms: readonly string[]): { top: number[]; topByWords: number[]; ctx: Set<number> } {
    const acc = new Map<number, number>();
    const accWords = new Map<number, number>();
    for (const t of terms) {
      const post = this.postings.get(t);
      if (!post || post.length > this.maxPostings) continue;
      const w = this.idf(t);
      for (const i of post) acc.set(i, (acc.get(i) ?? 0) + w);
      if (!/^\d/.test(t)) for (const i of post) accWords.set(i, (accWords.get(i) ?? 0) + w);
    }
    const best3 = (m: Map<number, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([i]) => i);
    const top = best3(acc);
    const ctx = new Set<number>();
    for (const i of top) for (const k of [i - 1, i, i + 1]) if (k >= 0 && k < this.segs.length) ctx.add(k);
    return { top, topByWords: best3(accWords), ctx };
  }
}

/** Facts by segment (facts and segments are sorted by offset). */
function factsBySegment(facts: readonly RawFact[], segs: readonly Segment[]): RawFact[][] {
  const out: RawFact[][] = segs.map(() => []);
  let k = 0;
  for (const f of facts) {
    while (k < segs.length - 1 && segs[k]!.end <= f.start) k++;
    if (segs.length && f.start >= segs[k]!.start && f.start < segs[k]!.end) out[k]!.push(f);
  }
  return out;
}

/** One sentence of the derived text with the source passage that supports it. */
interface Sentence {
  seg: Segment;
  terms: string[];
  facts: RawFact[];
  top: number[];
  topByWords: number[];
  ctx: Set<number>;
  ctxTerms: Set<string>;
  ctxPrefix: Set<string>;
}

/** What every signal adds to. */
interface Findings {
  features: CheckFeatures;
  issues: CheckIssue[];
}

/**
 * A small count written as a word ("two sick passengers", "the two brothers", "a family of four"): a
 * summary counts what its source lists or names one by one. Not a fact the source lacks by itself; a
 * count the source gives otherwise next to the same words is still a changed number (changedNumbers).
 */
const SMALL_COUNT = /^(?:two|three|four)$/i;

/** Facts of the derived text that the source does not have (a name counts as present when the source writes it, even where it was not picked up as a fact). */
function unsupportedFacts(src: SourceIndex, derFacts: readonly RawFact[], out: Findings): Set<RawFact> {
  const missing = derFacts.filter((f) => valueKinds.has(f.kind) && !src.factIndex.find(f));
  const nameForms = (f: RawFact) => [f.normalized, toHalfWidth(f.text).toLowerCase()].filter((x) => x.length >= 2);
  const present = findAtWordStarts(src.lower, missing.filter((f) => f.kind === 'entity').flatMap(nameForms));
  for (const f of missing) {
    if (f.kind === 'entity' && (nameForms(f).some((x) => present.has(x)) || src.names.has(f.text))) continue;
    if (SMALL_COUNT.test(f.text)) continue;
    out.features.unsupportedFacts++;
    if (f.kind === 'number' || f.kind === 'date') out.features.unsupportedNumbers++;
    else if (f.kind === 'entity') out.features.unsupportedEntities++;
    out.issues.push({ kind: 'unsupported-fact', text: f.text, start: f.start, end: f.end });
  }
  return new Set(missing);
}

/**
 * The head words that make a name the name of a place or an organisation of some kind ("Tulsa County",
 * "Acme Comics", "Dover Police"): said after a name the source writes, such a word gives that name's
 * longer, official form, not a new name. ("Bob Dylan" for the source's Bob Ross still is one.)
 */
const NAME_HEADS = new Set(
  ('county city town village state province region district borough parish department office police sheriff ' +
    'court council parliament ministry agency authority commission committee administration government ' +
    'party union league association federation foundation institute institution society club team group ' +
    'company corporation corp inc ltd llc co firm bank fund trust airline airlines airways railway railways ' +
    'comics studios studio records press media news times post network channel magazine journal ' +
    'university college school academy hospital clinic center centre museum library church cathedral ' +
    'airport station port harbour harbor prison jail stadium arena park street road avenue square bridge ' +
    'river lake sea ocean bay island islands mountain mountains valley desert forest coast').split(' '),
);

/** A capitalised name-head word (NAME_HEADS) right after a name the source writes ("Tulsa County" for the source's Tulsa). */
function extendsSourceName(src: SourceIndex, text: string, at: number): boolean {
  const word = /^\p{L}+/u.exec(text.slice(at))?.[0].toLowerCase();
  if (!word || !NAME_HEADS.has(word)) return false;
  const prev = /(\p{Lu}[\p{L}\p{N}&.'’-]*)\s+$/u.exec(text.slice(Math.max(0, at - 60), at));
  return !!prev && src.names.has(prev[1]!);
}

/** Content terms found nowhere in the source (a capitalised one mid-sentence is a foreign name, unless it lengthens a source name), and terms off the supporting passage. */
function novelTerms(src: SourceIndex, s: Sentence, seen: Set<string>, out: Findings): void {
  for (const t of s.terms) {
    if (/^\d/.test(t) || META_WORDS.has(t) || STOPWORDS.has(t) || (t.length < 2 && /[a-z]/.test(t))) continue;
    out.features.terms++;
    const p = prefixKey(t);
    if (!src.docTerms.has(t) && !(p && src.docPrefix.has(p))) {
      if (seen.has(t)) continue;
      seen.add(t);
      out.features.novelTerms++;
      const at = findTerm(s.seg.text, t);
      if (at && at[0] > 0 && /[A-Z]/.test(s.seg.text[at[0]]!) && !src.names.has(s.seg.text.slice(at[0], at[1])) && !extendsSourceName(src, s.seg.text, at[0])) out.features.novelNames++;
      out.issues.push({ kind: 'novel-term', text: at ? s.seg.text.slice(at[0], at[1]) : t, start: s.seg.start + (at?.[0] ?? 0), end: s.seg.start + (at?.[1] ?? s.seg.text.length) });
    } else if (!s.ctxTerms.has(t) && !(p && s.ctxPrefix.has(p))) {
      out.features.offContextTerms++;
    }
  }
}

/**
 * Numbers and dates found in the source, but not with this value next to the words around them here:
 * "$110/month to the first 20 customers" where the source offers $100/month to them.
 */
function changedNumbers(src: SourceIndex, s: Sentence, derived: string, missing: ReadonlySet<RawFact>, out: Findings): void {
  const ctxNums = s.topByWords.flatMap((i) => [i - 1, i, i + 1]).filter((k) => k >= 0 && k < src.size).flatMap((k) => src.numBySeg[k]!);
  for (const f of s.facts) {
    if ((f.kind !== 'number' && f.kind !== 'date') || missing.has(f)) continue;
    if (ctxNums.some((g) => sameValue(f, g))) continue;
    const near = neighbourTerms(derived, f);
    if (near.size === 0) continue;
    // the source occurrence whose words around it match best: one with this value, or another value of
    // the same unit that matches strictly better (and by at least two words)
    const overlap = (g: RawFact) => {
      let k = 0;
      for (const t of src.nearTerms(g)) if (near.has(t)) k++;
      return k;
    };
    let bestSame = 0;
    let bestOther = 0;
    for (const g of src.nums) {
      if (sameValue(f, g)) bestSame = Math.max(bestSame, overlap(g));
      else if (g.kind === f.kind && (g.unit ?? '') === (f.unit ?? '')) bestOther = Math.max(bestOther, overlap(g));
    }
    if (bestOther >= 2 && bestOther > bestSame) {
      out.features.changedNumbers++;
      out.issues.push({ kind: 'changed-number', text: f.text, start: f.start, end: f.end });
    }
  }
}

/** Words whose opposite (a general antonym or a negating derivation) the supporting passage uses instead. */
function antonymFlips(src: SourceIndex, s: Sentence, words: readonly Word[], out: Findings): void {
  const dSet = new Set(words.map((w) => w.t));
  const flagged = new Set<string>();
  for (const w of words) {
    if (s.ctxTerms.has(w.t) || flagged.has(w.t) || /\d/.test(w.t)) continue;
    const opp = opposites(w.t).find((o) => s.ctxTerms.has(o) && !dSet.has(o));
    // one side negated says the same as the other plainly: "declined" for "did not accept", "can't resolve" for "unresolved"
    if (opp && negatedBefore(s.seg.text, w.start) !== [...s.ctx].some((i) => src.wordsAt(i).some((x) => x.t === opp && negatedBefore(src.segs[i]!.text, x.start)))) continue;
    if (opp) {
      flagged.add(w.t);
      out.features.antonymFlips++;
      out.issues.push({ kind: 'antonym', text: s.seg.text.slice(w.start, w.end), start: s.seg.start + w.start, end: s.seg.start + w.end });
    }
  }
}

/** A negation word shortly before a position, in the same clause ("did not accept", "can't resolve"). */
function negatedBefore(text: string, at: number): boolean {
  return /\b(?:not|no|never|cannot|without|unable to|fail(?:s|ed)? to|refus(?:e|es|ed) to)\b[^,.;:!?]{0,25}$|n['’]t\b[^,.;:!?]{0,25}$/i.test(text.slice(Math.max(0, at - 40), at));
}

/** Names or terms A … V … B in the derived sentence, B … V … A in a supporting sentence. */
function roleSwaps(src: SourceIndex, s: Sentence, words: readonly Word[], out: Findings): void {
  const best2 = s.top.slice(0, 2).map((i) => src.wordsAt(i));
  const caps = words.map((w, k) => [w, k] as const).filter(([w]) => w.cap);
  for (let x = 0; x < caps.length; x++) {
    for (let y = x + 1; y < caps.length && caps[y]![1] - caps[x]![1] <= 6; y++) {
      const [wa, ka] = caps[x]!;
      const [wb, kb] = caps[y]!;
      if (wa.t === wb.t || kb - ka < 2) continue;
      const mids = new Set(words.slice(ka + 1, kb).map((w) => w.t));
      for (const sw of best2) {
        const pa = sw.findIndex((w) => w.t === wa.t);
        const pb = sw.findIndex((w) => w.t === wb.t);
        if (pa < 0 || pb < 0 || pb > pa || pa - pb > 6) continue;
        if (sw.some((w, i) => w.t === wb.t && i > pa)) continue; // B on both sides of A: no order to compare
        if (!sw.slice(pb + 1, pa).some((w) => mids.has(w.t))) continue;
        out.features.roleSwaps++;
        out.issues.push({ kind: 'role-swap', text: s.seg.text.slice(wa.start, wb.end), start: s.seg.start + wa.start, end: s.seg.start + wb.end });
        return;
      }
    }
  }
}

/** The content words after a negation, up to the next punctuation mark. */
function negationScope(text: string, n: RawFact): string[] {
  const clause = text.slice(n.end, Math.min(text.length, n.end + 80)).split(/[,.;:!?，。；：！？\n]/)[0] ?? '';
  return contentTerms(clause).filter((t) => !STOPWORDS.has(t));
}

/** A negation added or removed against the best supporting sentences. */
function negations(src: SourceIndex, s: Sentence, derived: string, out: Findings): void {
  const dNeg = s.facts.filter((f) => f.kind === 'negation');
  const cNeg = s.top.slice(0, 2).flatMap((i) => src.negBySeg[i]!);
  if (dNeg.length > 0 && cNeg.length === 0) {
    out.features.negationAdded++;
    out.issues.push({ kind: 'negation-added', text: dNeg[0]!.text, start: dNeg[0]!.start, end: dNeg[0]!.end });
  } else if (dNeg.length > 0) {
    // the supporting passage has negations, but maybe not over what this one negates: the scope of a
    // derived negation stated by a context sentence that has no negation at all, and by none that has one
    // → "can save time but not money"
    for (const n of dNeg) {
      const scope = negationScope(derived, n).filter((t) => !META_WORDS.has(t)).slice(0, 1);
      if (scope.length === 0) continue;
      let plain = false;
      let negated = false;
      for (const i of s.ctx) {
        if (!scope.every((t) => src.segTerms[i]!.has(t))) continue;
        if (src.negBySeg[i]!.length > 0) negated = true;
        else plain = true;
      }
      if (plain && !negated) {
        out.features.negationAdded++;
        out.issues.push({ kind: 'negation-added', text: n.text, start: n.start, end: n.end });
        return;
      }
    }
  } else if (s.top.length > 0) {
    // a negation of the supporting sentences whose scope the derived sentence states without any
    // negation: "did not enter production" → "entered production"
    // the words the source negates, said together here (within a few words of each other), not scattered over a long sentence
    const seq = contentTerms(s.seg.text).filter((t) => !STOPWORDS.has(t));
    const together = (scope: readonly string[]) => {
      for (let i = 0; i < seq.length; i++) {
        if (!scope.includes(seq[i]!)) continue;
        const window = new Set(seq.slice(i, i + scope.length + 2));
        if (scope.every((t) => window.has(t))) return true;
      }
      return false;
    };
    for (const n of cNeg) {
      const scope = negationScope(src.text, n).slice(0, 3);
      if (scope.length >= 2 && together(scope)) {
        out.features.negationRemoved++;
        out.issues.push({ kind: 'negation-removed', text: s.seg.text, start: s.seg.start, end: s.seg.end });
        return;
      }
    }
  }
}

/** Polarity words of the best supporting sentences said the other way. */
function polarityFlips(src: SourceIndex, s: Sentence, out: Findings): void {
  const cPol = s.top.slice(0, 2).flatMap((i) => src.polBySeg[i]!);
  for (const f of s.facts) {
    if (f.kind !== 'polarity') continue;
    const asSource = cPol.some((g) => g.normalized === f.normalized);
    const opposite = cPol.some((g) => g.axis === f.axis && g.normalized !== f.normalized);
    if (opposite && !asSource) {
      out.features.polarityFlips++;
      out.issues.push({ kind: 'polarity-flip', text: f.text, start: f.start, end: f.end });
    }
  }
}

/**
 * Sentences of the derived text per word-level signal it takes to decide. The word-level signals (a
 * negation or polarity word, an antonym, two names in the other order, a capitalised foreign word, a
 * number next to other words) each misfire now and then on a faithful sentence, so a long answer collects
 * one by chance: a text of n sentences needs 1 + ⌊n / 6⌋ of them (one for a SummEdits summary of one to
 * three sentences, two for a RAGTruth answer of six to eleven). An unsupported fact or sentence still
 * decides alone. Chosen on RAGTruth's fitted half (a plateau from 6 to 7 sentences); SummEdits'
 * evaluation split is unchanged by it.
 */
export const SENTENCES_PER_WORD_SIGNAL = 6;

/** The penalty of the signals, weighted (see CHECK_WEIGHTS); word-level signals shared out over the text's length (SENTENCES_PER_WORD_SIGNAL). */
export function penaltyOf(f: CheckFeatures, W: typeof CHECK_WEIGHTS = CHECK_WEIGHTS, perSignal: number = SENTENCES_PER_WORD_SIGNAL): number {
  const wordLevel =
    W.negationAdded * f.negationAdded +
    W.negationRemoved * f.negationRemoved +
    W.polarityFlip * f.polarityFlips +
    W.novelName * f.novelNames +
    W.antonymFlip * f.antonymFlips +
    W.changedNumber * f.changedNumbers +
    W.roleSwap * f.roleSwaps;
  const needed = perSignal > 0 ? 1 + Math.floor(f.sentences / perSignal) : 1;
  return (
    W.unsupportedFact * f.unsupportedFacts +
    W.unsupportedSentence * f.unsupportedSentences +
    wordLevel / needed +
    W.novelShare * (f.terms > 0 ? f.novelTerms / f.terms : 0)
  );
}

/**
 * An answer's opening line that talks about the answer instead of the world ("Sure! Here's the summary
 * within 87 words:", "Here is a summary of the article:"): its word count and its "Sure" are no claims.
 */
const ANSWER_FRAME = /^\s*(?:(?:Sure|Certainly|Of course|Okay|OK)\b[,!.]?[ \t]*)?(?:(?:Here(?:'s|’s| is| are)|Below is|The following is)\b[^\n]{0,160}?[:：.]?)?[ \t]*(?=\n|$)/i;

/** The derived text with its answer frame (if any) blanked out, offsets kept. */
export function blankAnswerFrame(derived: string): string {
  const m = ANSWER_FRAME.exec(derived);
  if (!m || !m[0].trim() || m[0].length === derived.length) return derived;
  return m[0].replace(/\S/g, ' ') + derived.slice(m[0].length);
}

/** The check: the source indexed once, each signal over each derived sentence, their penalty combined into a score. */
export function checkConsistency(source: string, derived: string, opts: CheckOptions = {}): CheckResult {
  const W = { ...CHECK_WEIGHTS, ...opts.weights };
  const threshold = opts.threshold ?? CHECK_THRESHOLD;
  const needed = opts.support ?? SENTENCE_SUPPORT.share;
  const src = new SourceIndex(source);
  derived = blankAnswerFrame(derived);
  const derSegs = segmentText(derived, 'r');
  const derFacts = extractFacts(derived, { directions: 'all' });
  const out: Findings = {
    features: {
      sentences: derSegs.length, terms: 0, unsupportedFacts: 0, novelNames: 0, unsupportedNumbers: 0, unsupportedEntities: 0, negationAdded: 0, negationRemoved: 0, polarityFlips: 0, novelTerms: 0, offContextTerms: 0,
      changedNumbers: 0, antonymFlips: 0, roleSwaps: 0, unsupportedSentences: 0,
    },
    issues: [],
  };
  const missing = unsupportedFacts(src, derFacts, out);
  const derFactsBySeg = factsBySegment(derFacts, derSegs);
  const seen = new Set<string>();
  derSegs.forEach((seg, j) => {
    const terms = [...new Set(contentTerms(seg.text))];
    const { top, topByWords, ctx } = src.supporting(terms);
    const ctxTerms = new Set<string>();
    const ctxPrefix = new Set<string>();
    for (const i of ctx) for (const t of src.segTerms[i]!) {
      ctxTerms.add(t);
      const p = prefixKey(t);
      if (p) ctxPrefix.add(p);
    }
    const s: Sentence = { seg, terms, facts: derFactsBySeg[j]!, top, topByWords, ctx, ctxTerms, ctxPrefix };
    novelTerms(src, s, seen, out);
    changedNumbers(src, s, derived, missing, out);
    unsupportedSentence(src, s, needed, out, opts.onSupport);
    const words = wordsOf(seg.text).filter((w) => !w.stop);
    antonymFlips(src, s, words, out);
    roleSwaps(src, s, words, out);
    negations(src, s, derived, out);
    polarityFlips(src, s, out);
  });
  const score = Math.round(Math.exp(-penaltyOf(out.features, W, opts.sentencesPerWordSignal ?? SENTENCES_PER_WORD_SIGNAL)) * 1000) / 1000;
  out.issues.sort((a, b) => a.start - b.start);
  return { consistent: score >= threshold, score, features: out.features, issues: out.issues };
}

/** The same number or date: same normalised form, or same value. */
function sameValue(f: RawFact, g: RawFact): boolean {
  return g.normalized === f.normalized || (g.value !== undefined && g.value === f.value);
}

/** Content terms within a few words either side of a fact (numbers left out). */
function neighbourTerms(text: string, f: RawFact): Set<string> {
  const before = contentTerms(text.slice(Math.max(0, f.start - 40), f.start)).slice(-3);
  const after = contentTerms(text.slice(f.end, f.end + 40)).slice(0, 3);
  return new Set([...before, ...after].filter((t) => !/^\d/.test(t) && !META_WORDS.has(t)));
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
