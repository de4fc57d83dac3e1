// The standard pre-training filters as named rules, and the presets that combine them. One definition
// for the CLI (`curator filter`), the index (which documents a preset drops), the Corpus view, the
// statistics panel, the mix export and the datatrove pipeline script (`curator export-pipeline`).
//
// Every rule is one of datatrove's (huggingface/datatrove v0.10.0): GopherQualityFilter,
// GopherRepetitionFilter, C4QualityFilter, FineWebQualityFilter, with datatrove's default thresholds, its
// constructor parameter (`param`) and the reason string datatrove gives when the rule drops (`rule`).
// A rule drops a document when `value <op> threshold` holds (`'<'`: below the minimum; `'>'`: above the
// maximum; `'='`: the document contains the thing the rule forbids, value 1).

/** The four filters, named as datatrove's pipeline stages. */
export type FilterId = 'gopher_quality' | 'gopher_repetition' | 'c4' | 'fineweb';
export const FILTER_IDS: readonly FilterId[] = ['gopher_repetition', 'gopher_quality', 'c4', 'fineweb'];

/** datatrove's class for each filter (for the pipeline script). */
export const DATATROVE_CLASS: Record<FilterId, string> = {
  gopher_repetition: 'GopherRepetitionFilter',
  gopher_quality: 'GopherQualityFilter',
  c4: 'C4QualityFilter',
  fineweb: 'FineWebQualityFilter',
};

/**
 * How a rule reads Chinese text: as defined ('applies': lines, paragraphs, characters), per character where
 * datatrove counts words ('per-character'), or not at all ('not-applicable'). Not applicable: mean word
 * length and English stop words (no meaning per character); the top 2/3/4-gram rules (a 2–4 character
 * run is one or two words: an article's repeated subject, "冠饰角龙类", trips them on clean text); C4's
 * 5-sentence minimum (a Chinese sentence joins clauses with "，" and ends at "。", so it holds several
 * English ones; length is left to gopher_short_doc's 50 characters). Measured on clean Chinese Wikipedia
 * (../shared/data/zh/zh_cmrc2018_wiki.jsonl) against clean English articles, see the README.
 */
export type ZhApplicability = 'applies' | 'per-character' | 'not-applicable';

export interface RuleDef {
  filter: FilterId;
  /** datatrove's reason string (what its filter() returns when this rule drops). */
  rule: string;
  /** datatrove's constructor parameter that sets the threshold (for the pipeline script). */
  param: string;
  /** The default threshold (datatrove's). */
  threshold: number;
  /** Drops when value < threshold (a minimum), value > threshold (a maximum) or value ≥ 1 ('='). */
  op: '<' | '>' | '=';
  /** What the value is, in one line (English; the host translates). */
  label: string;
  /** Chinese text: how the rule applies (words become characters, see filters/README in the index). */
  zh: ZhApplicability;
}

const R = (
  filter: FilterId, rule: string, param: string, threshold: number, op: RuleDef['op'], label: string, zh: ZhApplicability,
): RuleDef => ({ filter, rule, param, threshold, op, label, zh });

/** Every rule, in datatrove's order within each filter (the first that drops is datatrove's reason). */
export const RULES: readonly RuleDef[] = [
  // GopherRepetitionFilter: paragraphs, then lines, then top n-grams, then duplicated n-grams.
  R('gopher_repetition', 'dup_para_frac', 'dup_para_frac', 0.3, '>', 'share of paragraphs that repeat an earlier one', 'applies'),
  R('gopher_repetition', 'dup_para_char_frac', 'dup_para_char_frac', 0.2, '>', 'share of characters in repeated paragraphs', 'applies'),
  R('gopher_repetition', 'dup_line_frac', 'dup_line_frac', 0.3, '>', 'share of lines that repeat an earlier one', 'applies'),
  R('gopher_repetition', 'dup_line_char_frac', 'dup_line_char_frac', 0.2, '>', 'share of characters in repeated lines', 'applies'),
  R('gopher_repetition', 'top_2_gram', 'top_n_grams', 0.2, '>', 'characters of the most frequent word 2-gram × its count / characters', 'not-applicable'),
  R('gopher_repetition', 'top_3_gram', 'top_n_grams', 0.18, '>', 'characters of the most frequent word 3-gram × its count / characters', 'not-applicable'),
  R('gopher_repetition', 'top_4_gram', 'top_n_grams', 0.16, '>', 'characters of the most frequent word 4-gram × its count / characters', 'not-applicable'),
  R('gopher_repetition', 'duplicated_5_n_grams', 'dup_n_grams', 0.15, '>', 'share of characters in repeated word 5-grams', 'per-character'),
  R('gopher_repetition', 'duplicated_6_n_grams', 'dup_n_grams', 0.14, '>', 'share of characters in repeated word 6-grams', 'per-character'),
  R('gopher_repetition', 'duplicated_7_n_grams', 'dup_n_grams', 0.13, '>', 'share of characters in repeated word 7-grams', 'per-character'),
  R('gopher_repetition', 'duplicated_8_n_grams', 'dup_n_grams', 0.12, '>', 'share of characters in repeated word 8-grams', 'per-character'),
  R('gopher_repetition', 'duplicated_9_n_grams', 'dup_n_grams', 0.11, '>', 'share of characters in repeated word 9-grams', 'per-character'),
  R('gopher_repetition', 'duplicated_10_n_grams', 'dup_n_grams', 0.1, '>', 'share of characters in repeated word 10-grams', 'per-character'),
  // GopherQualityFilter.
  R('gopher_quality', 'gopher_short_doc', 'min_doc_words', 50, '<', 'words that are not only punctuation', 'per-character'),
  R('gopher_quality', 'gopher_long_doc', 'max_doc_words', 100000, '>', 'words that are not only punctuation', 'per-character'),
  R('gopher_quality', 'gopher_below_avg_threshold', 'min_avg_word_length', 3, '<', 'mean word length (characters)', 'not-applicable'),
  R('gopher_quality', 'gopher_above_avg_threshold', 'max_avg_word_length', 10, '>', 'mean word length (characters)', 'not-applicable'),
  R('gopher_quality', 'gopher_too_many_hashes', 'max_symbol_word_ratio', 0.1, '>', '"#" per word', 'per-character'),
  R('gopher_quality', 'gopher_too_many_ellipsis', 'max_symbol_word_ratio', 0.1, '>', '"..." and "…" per word', 'per-character'),
  R('gopher_quality', 'gopher_too_many_bullets', 'max_bullet_lines_ratio', 0.9, '>', 'share of lines starting with a bullet', 'applies'),
  R('gopher_quality', 'gopher_too_many_end_ellipsis', 'max_ellipsis_lines_ratio', 0.3, '>', 'share of lines ending in an ellipsis', 'applies'),
  R('gopher_quality', 'gopher_below_alpha_threshold', 'max_non_alpha_words_ratio', 0.8, '<', 'share of words with a letter', 'per-character'),
  R('gopher_quality', 'gopher_enough_stop_words', 'min_stop_words', 2, '<', 'distinct stop words found (the, be, to, of, and, that, have, with)', 'not-applicable'),
  // C4QualityFilter: the document-level rules (the line rules below decide which lines count).
  R('c4', 'lorem_ipsum', 'filter_lorem_ipsum', 1, '=', 'a kept line contains "lorem ipsum"', 'applies'),
  R('c4', 'curly_bracket', 'filter_curly_bracket', 1, '=', 'a kept line contains "{"', 'applies'),
  R('c4', 'too_few_sentences', 'min_num_sentences', 5, '<', 'sentences in the kept lines', 'not-applicable'),
  // FineWebQualityFilter.
  R('fineweb', 'empty', 'empty', 1, '<', 'non-blank lines', 'applies'),
  R('fineweb', 'line_punct_ratio', 'line_punct_thr', 0.12, '<', 'share of lines ending in terminal punctuation', 'applies'),
  R('fineweb', 'short_line_ratio', 'short_line_thr', 0.67, '>', 'share of lines of at most 30 characters', 'applies'),
  R('fineweb', 'char_dup_ratio', 'char_duplicates_ratio', 0.01, '>', 'characters in repeated lines / characters', 'applies'),
  R('fineweb', 'list_ratio', 'new_line_ratio', 0.3, '>', 'newlines per word', 'per-character'),
];

/** A rule that drops a document: the rule's reason string, the value and the threshold it broke. */
export interface FilterHit {
  filter: FilterId;
  rule: string;
  value: number;
  threshold: number;
}

/**
 * What the index keeps per document, enough to answer every preset: the hits of all four filters on the
 * original text (presets gopher, c4, all) and the C4 and FineWeb hits of FineWeb's chained pipeline.
 */
export interface StoredFilterHits {
  all: FilterHit[];
  finewebChain: FilterHit[];
}

/** C4's line rules: a line that fails one is removed from the text (it never drops the document alone). */
export interface C4LineRules {
  /** Keep only lines ending in . ? ! " ' (and not "..."). FineWeb's pipeline switches this off. */
  filterNoTerminalPunct: boolean;
  /** Lines need at least this many whitespace-separated words. */
  minWordsPerLine: number;
  /** A word longer than this removes the line. */
  maxWordLength: number;
  /** Lines mentioning "javascript" are removed. */
  filterJavascript: boolean;
  /** Lines with "terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies". */
  filterPolicy: boolean;
  /** Wikipedia-style citations ([1], [edit], [citation needed]) are removed from lines. */
  removeCitations: boolean;
}

export const C4_DEFAULT_LINE_RULES: C4LineRules = {
  filterNoTerminalPunct: true,
  minWordsPerLine: 3,
  maxWordLength: 1000,
  filterJavascript: true,
  filterPolicy: true,
  removeCitations: true,
};

export type PresetName = 'fineweb' | 'gopher' | 'c4' | 'all';
export const PRESET_NAMES: readonly PresetName[] = ['fineweb', 'gopher', 'c4', 'all'];

export interface FilterStep {
  filter: FilterId;
  /** C4 only: its line rules. */
  c4?: C4LineRules;
  /** datatrove constructor arguments that differ from its defaults (for the pipeline script). */
  datatroveArgs: Record<string, boolean | number>;
}

export interface Preset {
  name: PresetName;
  description: string;
  steps: readonly FilterStep[];
  /**
   * true: each step sees the text the step before wrote (C4 writes back its kept lines), as in a datatrove
   * pipeline; false: every filter reads the original text.
   */
  chained: boolean;
}

export const PRESETS: Record<PresetName, Preset> = {
  fineweb: {
    name: 'fineweb',
    description:
      "FineWeb's pipeline: Gopher repetition, Gopher quality, C4 without its terminal-punctuation line rule, then FineWeb's own rules on the text C4 kept",
    steps: [
      { filter: 'gopher_repetition', datatroveArgs: {} },
      { filter: 'gopher_quality', datatroveArgs: {} },
      { filter: 'c4', c4: { ...C4_DEFAULT_LINE_RULES, filterNoTerminalPunct: false }, datatroveArgs: { filter_no_terminal_punct: false } },
      { filter: 'fineweb', datatroveArgs: {} },
    ],
    chained: true,
  },
  gopher: {
    name: 'gopher',
    description: "Gopher's (MassiveText) repetition and quality rules",
    steps: [
      { filter: 'gopher_repetition', datatroveArgs: {} },
      { filter: 'gopher_quality', datatroveArgs: {} },
    ],
    chained: false,
  },
  c4: {
    name: 'c4',
    description: "C4's rules: line rules (terminal punctuation, 3 words, javascript, policy) and at least 5 sentences, no lorem ipsum or {",
    steps: [{ filter: 'c4', c4: C4_DEFAULT_LINE_RULES, datatroveArgs: {} }],
    chained: false,
  },
  all: {
    name: 'all',
    description: 'All four filters with datatrove\'s defaults, each on the original text',
    steps: [
      { filter: 'gopher_repetition', datatroveArgs: {} },
      { filter: 'gopher_quality', datatroveArgs: {} },
      { filter: 'c4', c4: C4_DEFAULT_LINE_RULES, datatroveArgs: {} },
      { filter: 'fineweb', datatroveArgs: {} },
    ],
    chained: false,
  },
};

export function isPresetName(s: string): s is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(s);
}

/** The rules of one filter, in datatrove's order. */
export function rulesOf(filter: FilterId): RuleDef[] {
  return RULES.filter((r) => r.filter === filter);
}

/** One rule by filter and reason string. */
export function ruleDef(filter: FilterId, rule: string): RuleDef | undefined {
  return RULES.find((r) => r.filter === filter && r.rule === rule);
}

/** True when `value` breaks the rule (NaN never does, as in datatrove's comparisons). */
export function ruleDrops(def: RuleDef, value: number): boolean {
  if (Number.isNaN(value)) return false;
  if (def.op === '<') return value < def.threshold;
  if (def.op === '>') return value > def.threshold;
  return value >= 1;
}

/** Thresholds as datatrove's constructor arguments (GopherRepetition's n-gram lists as [n, fraction] pairs). */
export function datatroveThresholds(filter: FilterId): Record<string, number | [number, number][]> {
  const out: Record<string, number | [number, number][]> = {};
  for (const r of rulesOf(filter)) {
    if (r.param === 'top_n_grams' || r.param === 'dup_n_grams') {
      const n = Number(/(\d+)/.exec(r.rule)![1]);
      const list = (out[r.param] as [number, number][] | undefined) ?? [];
      list.push([n, r.threshold]);
      out[r.param] = list;
    } else if (r.op !== '=' && r.param !== 'empty') out[r.param] = r.threshold;
  }
  return out;
}
