// A document through a filter preset: keep or drop, and every rule that drops it with its value and
// threshold. English (and other space-separated text) uses datatrove's definitions exactly (rules.ts);
// Chinese counts characters where datatrove counts words (a Han character is a word; Latin and digit runs
// stay words; each punctuation mark is a token, as NLTK makes it one), skips the rules that have no
// meaning per character (`zh: 'not-applicable'` in presets.ts: mean word length, English stop words, top
// 2/3/4-grams, C4's sentence count) and accepts 。！？… as line ends in C4's terminal-punctuation rule.
import type { Lang } from '../../text/lang';
import type { CorpusDocument } from '../model';
import { type FilterHit, type FilterId, type Preset, RULES, type PresetName, PRESETS, type StoredFilterHits } from './presets';
import { type FilterOutcome, type LineWordStats, c4Quality, finewebQuality, gopherQuality, gopherRepetition } from './rules';
import { pyLen } from './pytext';
import { sentenceSpans } from './punkt';
import { wordTokenize } from './treebank';

export interface PresetResult {
  kept: boolean;
  /** Every rule of the preset's filters that drops the document on its own, in pipeline order. */
  reasons: FilterHit[];
}

const ZH_SKIP = new Set(RULES.filter((r) => r.zh === 'not-applicable').map((r) => r.rule));
const ZH_UNIT = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ebef}]|[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;
const ZH_SENTENCE_END = /[。！？!?]+|\.(?=\s|$)/gu;
const ZH_LINE_ENDS = ['。', '！', '？', '…', '”', '」', '』', '）'];

/** Chinese "words": Han characters one by one, Latin/digit runs whole, punctuation marks one by one. */
export function zhUnits(text: string): string[] {
  return text.match(ZH_UNIT) ?? [];
}

const ZH_UNIT_COUNT = new RegExp(ZH_UNIT.source, 'gu');

/** zhUnits(text).length without building the units. */
export function zhUnitCount(text: string): number {
  const re = ZH_UNIT_COUNT;
  re.lastIndex = 0;
  let n = 0;
  while (re.test(text)) n++;
  return n;
}

/** C4's word statistics of a Chinese line: its units, and whether one is longer than `maxLength` code points
 * (only a line longer than that can have one). */
function zhLineStats(line: string, maxLength: number): LineWordStats {
  if (line.length <= maxLength) return { words: zhUnitCount(line), long: false };
  const units = zhUnits(line);
  return { words: units.length, long: units.some((w) => w.length > maxLength && pyLen(w) > maxLength) };
}

function zhSentences(line: string): number {
  const ends = line.match(ZH_SENTENCE_END)?.length ?? 0;
  const tail = line.replace(ZH_SENTENCE_END, '\u0000').split('\u0000').pop()!.trim();
  return ends + (tail.length > 0 ? 1 : 0);
}

/** Words of texts already tokenised and sentence counts of C4 lines already counted, shared by calls on the
 * same document and language (both are pure functions of the text). */
export interface EvalCache {
  words: Map<string, string[]>;
  sentences: Map<string, number>;
  /** Treebank tokens of each Punkt sentence (C4's kept text shares most sentences with the original). */
  sentenceWords: Map<string, readonly string[]>;
}
const newCache = (): EvalCache => ({ words: new Map(), sentences: new Map(), sentenceWords: new Map() });

/** The hits of one preset's filters on a text. */
export function evaluatePreset(text: string, lang: Lang, preset: Preset | PresetName, cache: EvalCache = newCache()): PresetResult {
  const p = typeof preset === 'string' ? PRESETS[preset] : preset;
  const zh = lang === 'zh';
  const wordsOf = (t: string): string[] => {
    let ws = cache.words.get(t);
    if (!ws) cache.words.set(t, (ws = zh ? zhUnits(t) : wordTokenize(t, cache.sentenceWords)));
    return ws;
  };
  const origWords = (): string[] => wordsOf(text);
  /** How many words a text has (FineWeb's list ratio needs no more): counted without building them where
   * they were not built already. */
  const wordCount = (t: string): number => {
    const ws = cache.words.get(t);
    if (ws) return ws.length;
    return zh ? zhUnitCount(t) : wordsOf(t).length;
  };
  const countSentences = (line: string): number => {
    let n = cache.sentences.get(line);
    if (n === undefined) cache.sentences.set(line, (n = zh ? zhSentences(line) : sentenceSpans(line).length));
    return n;
  };
  const skip = zh ? ZH_SKIP : undefined;
  let current = text;
  const reasons: FilterHit[] = [];
  for (const step of p.steps) {
    const input = p.chained ? current : text;
    const w = (): string[] => (input === text ? origWords() : wordsOf(input));
    let out: FilterOutcome;
    switch (step.filter as FilterId) {
      case 'gopher_repetition':
        out = gopherRepetition(input, w(), { skip });
        break;
      case 'gopher_quality':
        out = gopherQuality(input, w(), { skip });
        break;
      case 'c4': {
        const c = c4Quality(input, {
          lineRules: step.c4,
          ...(zh
            ? { extraEndPunctuation: ZH_LINE_ENDS, countSentences, lineWordStats: zhLineStats, skip }
            : { countSentences }),
        });
        current = c.textAfter;
        out = c;
        break;
      }
      case 'fineweb':
        out = finewebQuality(input, () => wordCount(input), { skip });
        break;
    }
    reasons.push(...out.hits);
  }
  return { kept: reasons.length === 0, reasons };
}

const CHAIN_PRESET: Preset = { ...PRESETS.fineweb, steps: PRESETS.fineweb.steps.filter((s) => s.filter === 'c4' || s.filter === 'fineweb') };

export function evaluateForIndex(text: string, lang: Lang): StoredFilterHits {
  // Both evaluations tokenise the same texts and count the same lines' sentences: one cache.
  const cache = newCache();
  const all = evaluatePreset(text, lang, 'all', cache).reasons;
  const finewebChain = evaluatePreset(text, lang, CHAIN_PRESET, cache).reasons;
  return { all, finewebChain };
}

/** A preset's hits from what the index stored. */
export function presetHits(stored: StoredFilterHits | undefined, preset: PresetName): FilterHit[] {
  if (!stored) return [];
  const filters = new Set(PRESETS[preset].steps.map((s) => s.filter));
  if (preset === 'fineweb') return [...stored.all.filter((h) => h.filter.startsWith('gopher')), ...stored.finewebChain];
  return stored.all.filter((h) => filters.has(h.filter));
}

export interface PresetSummary {
  preset: PresetName;
  documents: number;
  dropped: number;
  /** Documents each rule drops (on its own), in pipeline order; rules that drop none are left out. */
  byRule: { filter: FilterId; rule: string; documents: number }[];
  /** With Chinese documents: how many, and the preset's rules that are not applied to them. */
  notAppliedToChinese?: { documents: number; rules: { filter: FilterId; rule: string }[] };
}

/** The rules of a preset not applied to Chinese documents (`zh: 'not-applicable'`), in pipeline order. */
export function rulesNotAppliedToChinese(preset: PresetName): { filter: FilterId; rule: string }[] {
  return PRESETS[preset].steps.flatMap((s) => RULES.filter((r) => r.filter === s.filter && r.zh === 'not-applicable').map((r) => ({ filter: r.filter, rule: r.rule })));
}

/** How many documents a preset drops, and how many each of its rules drops. */
export function summarizePreset(docs: Iterable<Pick<CorpusDocument, 'filters'> & { lang?: Lang }>, preset: PresetName): PresetSummary {
  let documents = 0;
  let dropped = 0;
  let zh = 0;
  const counts = new Map<string, number>();
  for (const d of docs) {
    documents++;
    if (d.lang === 'zh') zh++;
    const hits = presetHits(d.filters, preset);
    if (hits.length) dropped++;
    for (const h of hits) counts.set(`${h.filter}\u0000${h.rule}`, (counts.get(`${h.filter}\u0000${h.rule}`) ?? 0) + 1);
  }
  const order = new Map<string, number>();
  const filters = PRESETS[preset].steps.map((s) => s.filter);
  RULES.forEach((r, i) => order.set(`${r.filter}\u0000${r.rule}`, filters.indexOf(r.filter) * 1000 + i));
  const byRule = [...counts]
    .sort((a, b) => (order.get(a[0]) ?? 0) - (order.get(b[0]) ?? 0))
    .map(([k, n]) => {
      const [filter, rule] = k.split('\u0000') as [FilterId, string];
      return { filter, rule, documents: n };
    });
  const skipped = zh ? rulesNotAppliedToChinese(preset) : [];
  return { preset, documents, dropped, byRule, ...(skipped.length ? { notAppliedToChinese: { documents: zh, rules: skipped } } : {}) };
}

/** The documents one rule of a preset drops. */
export function docsDroppedBy<D extends Pick<CorpusDocument, 'filters'>>(docs: Iterable<D>, preset: PresetName, filter: FilterId, rule: string): D[] {
  const out: D[] = [];
  for (const d of docs) if (presetHits(d.filters, preset).some((h) => h.filter === filter && h.rule === rule)) out.push(d);
  return out;
}
