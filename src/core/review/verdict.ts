// The one review verdict: whether a derived text may be accepted as faithful to its source, the numbers
// behind it, and the reasons in plain words. The review panel, the review queue, Accept All Consistent
// Rewrites, `curator review` and `curator check` all read it from here.
//
// For a rewrite (kind 'rewrite', the default), from the review model (review.ts):
//  - coverage: the share of the source's sentences and characters that have a counterpart in the
//    rewrite. Styles that keep everything (textbook, wikipedia, tutorial, qa, and any style of the user's)
//    need both at or above COVERAGE_NEEDED; styles meant to condense (distill, knowledge-list) may leave
//    detail out;
//  - precise problems, each decisive whatever the numbers: a number, date or name of the source given
//    differently, a negation or a direction flipped, a number, date or name the source does not have, a
//    sentence with no counterpart in the source, the prompt's scaffolding in the answer (leak check);
//  - numbers that mean what they say: facts kept = source facts kept / all source facts; coverage beside
//    it. The score is the lesser of the two for a style that keeps everything (the share of the
//    rewrite's facts the source supports, for a condensing style).
// For a summary (kind 'summary'): `checkConsistency` (consistency.ts), where leaving content out is fine
// and the derived text's own facts and claims must be supported by the source.
import { findLeaks, describeLeak } from '../rewrite/checks';
import { checkConsistency, type CheckIssue } from './consistency';
import { contentTerms, STOPWORDS } from './tokens';
import { findAtWordStarts, lowerCased } from './textindex';
import { segmentZh, zhWordsAvailable } from '../text/zh-words';
import type { Fact, ReviewModel, Segment } from './types';

export type ReviewKind = 'rewrite' | 'summary';

/**
 * Version of the verdict kept with each fact summary. Summaries made by an older check are never accepted in
 * bulk: unversioned ones waved through rewrites missing a quarter of their source, version 2 a number changed
 * in its own place when the old or the new value stood elsewhere in the rewrite.
 */
export const VERDICT_VERSION = 3;

export type ReasonCode =
  | 'coverage'
  | 'altered'
  | 'negation'
  | 'direction'
  | 'added-facts'
  | 'added-sentence'
  | 'leak'
  | 'unsupported'
  | 'claim';

/** One reason, in plain words, with where to look. */
export interface Reason {
  code: ReasonCode;
  text: string;
  /** Source range [start, end) to show, if any. */
  source?: [number, number];
  /** Rewrite range [start, end) to show, if any. */
  rewrite?: [number, number];
  /** The fact this reason is about (an id of ReviewModel.facts), if any. */
  fact?: string;
}

export interface VerdictMetrics {
  /** Source facts (numbers, dates, names, URLs, e-mails, code) and how many the rewrite keeps. */
  factsKept: number;
  factsTotal: number;
  /** Source sentences (and their characters) with a counterpart in the rewrite, 0..1. */
  coverageSentences: number;
  coverageChars: number;
  passagesDropped: number;
  passagesTotal: number;
}

export interface Verdict {
  kind: ReviewKind;
  consistent: boolean;
  /** 0..1, see the module comment. */
  score: number;
  /** Why it needs review (empty when consistent). */
  reasons: Reason[];
  metrics: VerdictMetrics;
}

export interface JudgeOptions {
  kind?: ReviewKind;
  /** The rewrite's style id (textbook, qa, distill …); decides whether detail may be left out. */
  style?: string;
}

/** Styles meant to condense: they may leave detail out, not alter or add. */
const CONDENSING_STYLES = new Set(['distill', 'knowledge-list']);

/**
 * Coverage needed by a style that keeps everything, by sentences and by characters. Chosen with
 * `npm run eval:rewrites` on the fitted half of its documents (faithful restylings against the same with
 * 10–50 % of the sentences dropped), the held-out half reported beside it.
 */
export const COVERAGE_NEEDED = { sentences: 0.85, chars: 0.85 };

/** Share of the source's facts a style that keeps everything must not drop (chosen as COVERAGE_NEEDED; altered facts have reasons of their own). */
export const FACTS_NEEDED = 0.85;

/** Words that frame a rewrite rather than state anything (English stems, Chinese words). */
const FRAMING = new Set(
  ('section chapter lesson unit part explain explanation learn understand introduc overview summary topic material follow ' +
    'step discuss look clos detail key point main idea basic concept note example simple term read below above ' +
    '本节 本章 本课 本文 下面 以下 上面 内容 讲解 介绍 通俗 语言 学习 了解 理解 概述 总结 要点 主题 材料 步骤 详细 讨论 说明 例子 概念 简单 我们 大家 读者 这里 首先 然后 最后 一起').split(' '),
);

/** Content words of a text for telling an added sentence: English stems, Chinese words of two or more characters. */
function wordsOf(text: string, lang: 'en' | 'zh'): string[] {
  const out: string[] = [];
  if (lang === 'zh') {
    for (const w of segmentZh(text)) if (w.word.length >= 2 && !FRAMING.has(w.word) && /[\u4e00-\u9fff]/.test(w.word)) out.push(w.word);
    if (out.length || zhWordsAvailable()) return out;
  }
  for (const t of contentTerms(text)) if (!STOPWORDS.has(t) && !FRAMING.has(t) && !/^\d/.test(t) && !(t.length === 1 && /[a-z]/.test(t))) out.push(t.replace(/e$/, ''));
  return out;
}

/**
 * Which of `terms` the source has: Chinese words from its segmentation (made once per review), English stems at
 * word starts. (The Chinese terms are words of wordsOf already, so a word of the source's segmentation equal to
 * one of them is one of the source's wordsOf: the source's words are only checked against the terms, no list
 * or set of them all is made.)
 */
function termsInSource(source: string, lang: 'en' | 'zh', terms: readonly string[]): Set<string> {
  if (!terms.length) return new Set();
  if (lang === 'zh' && zhWordsAvailable()) {
    const wanted = new Set(terms);
    const found = new Set<string>();
    const words = segmentZh(source);
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!.word;
      if (wanted.has(w)) found.add(w);
    }
    return new Set(terms.filter((t) => found.has(t)));
  }
  return new Set(findAtWordStarts(lowerCased(source), terms).keys());
}

/** Foreign content words an unaligned sentence needs to count as added. */
const ADDED_MIN_FOREIGN = 3;

/** Share of a sentence's content words absent from the source that makes an unaligned sentence an addition. */
const FOREIGN_SHARE = 0.34;

/** A sentence with no counterpart counts as added when it has at least this many characters (headings never do). */
const ADDED_MIN_CHARS = { en: 25, zh: 10 };

export function condenses(style: string | undefined): boolean {
  return style !== undefined && CONDENSING_STYLES.has(style);
}


const clip = (s: string, n = 60) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? t.slice(0, n - 1) + '…' : t;
};
const pct = (x: number) => `${Math.round(x * 100)}%`;

const VALUE_KINDS = new Set(['number', 'date', 'entity', 'url', 'email', 'code']);

/** The facts of a review as counts: source facts kept of all. */
export function factCounts(facts: readonly Fact[]): { kept: number; total: number } {
  let kept = 0;
  let total = 0;
  for (const f of facts) {
    if (f.side !== 'source' || !VALUE_KINDS.has(f.kind)) continue;
    total++;
    if (f.status === 'kept') kept++;
  }
  return { kept, total };
}

/** Coverage of the source by the aligned pairs. */
function coverageOf(model: ReviewModel): { sentences: number; chars: number; dropped: number; total: number } {
  const dropped = new Set(model.dropped);
  let all = 0;
  let covered = 0;
  let nAll = 0;
  let nCovered = 0;
  for (const s of model.source.segments) {
    if (s.kind === 'heading') continue;
    const len = s.end - s.start;
    all += len;
    nAll++;
    if (!dropped.has(s.id)) {
      covered += len;
      nCovered++;
    }
  }
  return { sentences: nAll ? nCovered / nAll : 1, chars: all ? covered / all : 1, dropped: nAll - nCovered, total: nAll };
}

/** The verdict on a rewrite from its review model. */
export function judgeReview(model: ReviewModel, source: string, rewrite: string, style?: string): Verdict {
  const reasons: Reason[] = [];
  const keepsAll = !condenses(style);
  const cov = coverageOf(model);
  const { kept, total } = factCounts(model.facts);

  for (const l of findLeaks(rewrite, source)) reasons.push({ code: 'leak', text: `the answer ${describeLeak(l)}`, rewrite: [l.start, l.end] });

  if (keepsAll && (cov.sentences < COVERAGE_NEEDED.sentences || cov.chars < COVERAGE_NEEDED.chars)) {
    const first = model.source.segments.find((s) => s.id === model.dropped[0]);
    reasons.push({
      code: 'coverage',
      text: `drops ${cov.dropped} of ${cov.total} source passages (${pct(1 - cov.chars)} of the text)`,
      source: first ? [first.start, first.end] : undefined,
    });
  }

  const lost = model.facts.filter((f) => f.side === 'source' && VALUE_KINDS.has(f.kind) && f.status === 'dropped');
  if (keepsAll && total > 0 && (total - lost.length) / total < FACTS_NEEDED) {
    reasons.push({ code: 'coverage', text: `drops ${lost.length} of ${total} source facts (${lost.slice(0, 3).map((f) => clip(f.text, 25)).join(', ')}${lost.length > 3 ? ', …' : ''})`, source: [lost[0]!.start, lost[0]!.end], fact: lost[0]!.id });
  }

  for (const f of model.facts) {
    if (f.status !== 'altered') continue;
    if (f.side === 'source' && VALUE_KINDS.has(f.kind)) {
      reasons.push({ code: 'altered', text: `changes ${clip(f.text, 40)} → ${clip(f.counterpart?.text ?? '?', 40)}`, source: [f.start, f.end], rewrite: f.counterpart ? [f.counterpart.start, f.counterpart.end] : undefined, fact: f.id });
    } else if (f.kind === 'negation') {
      const where = f.side === 'source' ? 'drops the negation' : 'adds a negation';
      reasons.push({ code: 'negation', text: `${where} "${clip(f.text, 20)}"`, [f.side]: [f.start, f.end], fact: f.id });
    } else if (f.kind === 'polarity' && f.side === 'source') {
      reasons.push({ code: 'direction', text: `changes "${clip(f.text, 30)}" → "${clip(f.counterpart?.text ?? '?', 30)}"`, source: [f.start, f.end], rewrite: f.counterpart ? [f.counterpart.start, f.counterpart.end] : undefined, fact: f.id });
    }
  }

  // facts the source does not have, by rewrite sentence; sentences with no counterpart
  const added = new Set(model.added);
  const segById = new Map(model.rewrite.segments.map((s) => [s.id, s]));
  const newBySeg = new Map<string, Fact[]>();
  for (const f of model.facts) {
    if (f.side !== 'rewrite' || f.status !== 'new' || !VALUE_KINDS.has(f.kind)) continue;
    let l = newBySeg.get(f.segment);
    if (!l) newBySeg.set(f.segment, (l = []));
    l.push(f);
  }
  for (const [segId, all] of newBySeg) {
    const seg = segById.get(segId);
    // a heading may name its topic in words of its own; its numbers and dates still count
    const facts = seg?.kind === 'heading' ? all.filter((f) => f.kind !== 'entity') : all;
    if (!facts.length) continue;
    const list = facts.slice(0, 3).map((f) => clip(f.text, 30)).join(', ') + (facts.length > 3 ? ', …' : '');
    const text = added.has(segId)
      ? `adds a sentence with ${facts.length} fact${facts.length > 1 ? 's' : ''} not in the source (${list})`
      : `adds ${list}, not in the source`;
    reasons.push({ code: 'added-facts', text, rewrite: seg ? [seg.start, seg.end] : [facts[0]!.start, facts[0]!.end], fact: facts[0]!.id });
  }
  const lang = model.lang.rewrite === 'zh' ? 'zh' : 'en';
  // a sentence of the source's own words that the aligner could not place (short, reworded), or one that
  // frames the text ("In this section we explain …", "本节讲解下面的内容"), is no addition
  const candidates = model.added
    .map((id) => segById.get(id))
    .filter((seg): seg is Segment => !!seg && !newBySeg.has(seg.id) && isSubstantive(seg, lang, style))
    .map((seg) => ({ seg, terms: [...new Set(wordsOf(seg.text, lang))] }));
  const inSource = termsInSource(source, lang, candidates.flatMap((c) => c.terms));
  for (const { seg, terms } of candidates) {
    const foreign = terms.filter((t) => !inSource.has(t)).length;
    if (foreign < ADDED_MIN_FOREIGN || foreign < FOREIGN_SHARE * terms.length) continue;
    reasons.push({ code: 'added-sentence', text: `adds a sentence not in the source: "${clip(seg.text)}"`, rewrite: [seg.start, seg.end] });
  }

  const factsShare = total ? kept / total : 1;
  let score: number;
  if (keepsAll) score = Math.min(cov.chars, factsShare);
  else {
    const rewriteFacts = model.facts.filter((f) => f.side === 'rewrite' && VALUE_KINDS.has(f.kind));
    score = rewriteFacts.length ? rewriteFacts.filter((f) => f.status === 'kept').length / rewriteFacts.length : 1;
  }
  reasons.sort((a, b) => order(a) - order(b));
  return {
    kind: 'rewrite',
    consistent: reasons.length === 0,
    score: Math.round(score * 1000) / 1000,
    reasons,
    metrics: {
      factsKept: kept,
      factsTotal: total,
      coverageSentences: round3(cov.sentences),
      coverageChars: round3(cov.chars),
      passagesDropped: cov.dropped,
      passagesTotal: cov.total,
    },
  };
}

const ORDER: Record<ReasonCode, number> = { leak: 0, coverage: 1, altered: 2, negation: 3, direction: 4, 'added-facts': 5, 'added-sentence': 6, unsupported: 7, claim: 8 };
const order = (r: Reason) => ORDER[r.code] * 1e9 + (r.source?.[0] ?? r.rewrite?.[0] ?? 0);
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** A rewrite sentence that says something of its own: not a heading, not a question of a Q&A, long enough. */
function isSubstantive(seg: Segment, lang: 'en' | 'zh', style: string | undefined): boolean {
  if (seg.kind === 'heading' || seg.kind === 'code') return false;
  const t = seg.text.replace(/^[-*+•>\s]+/, '').trim();
  if (style === 'qa' && /[?？]$/.test(t)) return false;
  if (/^(?:Q|A|Question|Answer|问|答)\s*[:：]?\s*$/i.test(t)) return false;
  return t.length >= ADDED_MIN_CHARS[lang];
}

/** Plain words for a summary check issue. */
function issueText(i: CheckIssue): string {
  switch (i.kind) {
    case 'unsupported-fact':
      return `states ${clip(i.text, 40)}, not in the source`;
    case 'unsupported-sentence':
      return `says "${clip(i.text, 50)}", which no sentence of the source supports`;
    case 'negation-added':
      return `adds a negation "${clip(i.text, 20)}"`;
    case 'negation-removed':
      return `drops a negation of the source in "${clip(i.text, 50)}"`;
    case 'polarity-flip':
    case 'antonym':
      return `says "${clip(i.text, 30)}" where the source says the opposite`;
    case 'changed-number':
      return `puts ${clip(i.text, 30)} where the source gives another value`;
    case 'role-swap':
      return `swaps the roles in "${clip(i.text, 40)}"`;
    case 'novel-term':
      return `uses "${clip(i.text, 30)}", not in the source`;
  }
}

export function judgeSummary(source: string, derived: string): Verdict {
  const r = checkConsistency(source, derived);
  const reasons: Reason[] = r.consistent
    ? []
    : r.issues
        .filter((i) => i.kind !== 'novel-term' || /^[A-Z]/.test(i.text))
        .map((i) => ({ code: i.kind === 'unsupported-fact' || i.kind === 'unsupported-sentence' ? 'unsupported' : 'claim', text: issueText(i), rewrite: [i.start, i.end] }) as Reason);
  if (!r.consistent && reasons.length === 0) reasons.push({ code: 'claim', text: `too many words not in the source (${r.features.novelTerms} of ${r.features.terms})` });
  return {
    kind: 'summary',
    consistent: r.consistent,
    score: r.score,
    reasons,
    metrics: { factsKept: 0, factsTotal: 0, coverageSentences: 1, coverageChars: 1, passagesDropped: 0, passagesTotal: 0 },
  };
}
