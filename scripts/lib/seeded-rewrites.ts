// Seeded rewrite-faithfulness pairs from real text, for `npm run eval:rewrites` and the review bench.
// For each source document: a faithful restyling (a heading, bullets, paragraph splits and merges, sentences
// reordered within paragraphs, connective phrases, wording changes that keep each claim, equivalent number
// and date formats) and, on top of it, one corruption at a time: sentences dropped (10 / 25 / 50 %), one
// number or date changed, one name swapped for another of the same kind, one negation flipped, one sentence
// of another document inserted, a leaked prompt. Deterministic for a seed. The generator splits sentences
// and finds numbers, names and negations with its own simple rules (not the product's), except Chinese names,
// which it takes from jieba's part-of-speech tags (nr / ns / nt). A name swapped in is never one of the common words that
// jieba's dictionary tags as names (城市, 山坡, 古老: src/core/text/zh-places.ts): putting 山坡 where 香港 stood changes a
// word, not a name for another name.
import { rng } from '../../src/core/corpus/stats';
import { segmentZh } from '../../src/core/text/zh-words';
import { isZhCommonWord } from '../../src/core/text/zh-places';

export type Lang = 'en' | 'zh';
export type PairKind = 'faithful' | 'drop10' | 'drop25' | 'drop50' | 'number' | 'name' | 'negation' | 'insert' | 'leak';
export const PAIR_KINDS: PairKind[] = ['faithful', 'drop10', 'drop25', 'drop50', 'number', 'name', 'negation', 'insert', 'leak'];

export interface SourceDoc {
  id: string;
  lang: Lang;
  text: string;
}

export interface SeededPair {
  id: string;
  docId: string;
  lang: Lang;
  kind: PairKind;
  source: string;
  derived: string;
  /** What the corruption did, for reading the misses. */
  note: string;
}

/** A sentence of the restyled text and the source sentences it carries. */
interface Unit {
  text: string;
  src: number[];
}
interface Para {
  units: Unit[];
  bullets: boolean;
}

// ---------- sentences ----------
const EN_ABBREV = /\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Inc|Ltd|Co|Corp|vs|etc|No|U\.S|U\.K|e\.g|i\.e|Gen|Gov|Sen|Rep|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$/;

export function splitSentencesSimple(p: string, lang: Lang): string[] {
  if (lang === 'zh') return (p.match(/[^。！？]+[。！？]+[”」』）]*|[^。！？]+$/g) ?? []).map((s) => s.trim()).filter(Boolean);
  const parts = p.split(/(?<=[.!?]["”’)]?)\s+(?=["“(]?[A-Z0-9])/);
  const out: string[] = [];
  for (const part of parts) {
    if (out.length && EN_ABBREV.test(out[out.length - 1]!)) out[out.length - 1] += ' ' + part;
    else out.push(part);
  }
  return out.map((s) => s.trim()).filter(Boolean);
}

function paragraphsOf(text: string): string[] {
  return text.split(/\n\s*\n|\n/).map((p) => p.trim()).filter(Boolean);
}

/** Sentences of a document by paragraph, each with its index over the whole document. */
export function sourceSentences(text: string, lang: Lang): string[][] {
  return paragraphsOf(text).map((p) => splitSentencesSimple(p, lang));
}

// ---------- faithful restyling ----------
const EN_SYNONYMS: Array<[RegExp, string]> = [
  [/\bsaid\b/g, 'stated'], [/\bsays\b/g, 'states'], [/\babout\b/g, 'roughly'], [/\balso\b/g, 'additionally'],
  [/\bbuy\b/g, 'purchase'], [/\bhelp\b/g, 'assist'], [/\bshows\b/g, 'demonstrates'], [/\bstarted\b/g, 'began'],
  [/\bbig\b/g, 'large'], [/\bmany\b/g, 'numerous'], [/\bneed\b/g, 'require'], [/\buse\b/g, 'employ'],
  [/\btold\b/g, 'informed'], [/\bget\b/g, 'obtain'], [/\bshow\b/g, 'demonstrate'], [/\bbecause\b/g, 'since'],
  [/\bhowever\b/g, 'nevertheless'], [/\bvery\b/g, 'highly'], [/\bmostly\b/g, 'largely'], [/\bhappy\b/g, 'glad'],
];
const ZH_SYNONYMS: Array<[RegExp, string]> = [
  [/但是/g, '然而'], [/因为/g, '由于'], [/所以/g, '因此'], [/非常/g, '十分'], [/目前/g, '当前'], [/表示/g, '指出'],
  [/已经/g, '已'], [/开始/g, '起始'], [/许多/g, '众多'], [/主要/g, '首要'], [/一些/g, '部分'], [/如果/g, '倘若'],
];
const EN_CONNECTIVES = ['In addition, ', 'Moreover, ', 'Notably, ', 'At the same time, ', 'Furthermore, '];
const ZH_CONNECTIVES = ['此外，', '同时，', '值得一提的是，', '另外，', '与此同时，'];
const EN_HEADINGS = ['# Overview', '## Key points', '# Summary of the document', '## Background'];
const ZH_HEADINGS = ['# 概述', '## 要点', '# 内容简介', '## 背景'];
const EN_LEADING_LOWER = /^(The|A|An|This|These|Those|It|In|On|At|For|Some|Many|Most|Its|Their|His|Her|Our|When|While|After|Before|As|If)\b/;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Equivalent number and date formats: 1,500,000 → 1.5 million; March 3, 2020 → 3 March 2020. */
function reformatEn(s: string, rnd: () => number): string {
  s = s.replace(/\b(\d{1,3}),(\d{3}),000\b/g, (m, a: string, b: string) => (rnd() < 0.5 ? `${Number(a + '.' + b.replace(/0+$/, '') || a)} million` : m));
  s = s.replace(new RegExp(`\\b(${MONTHS.join('|')}) (\\d{1,2}), (\\d{4})\\b`, 'g'), (m, mo: string, d: string, y: string) => (rnd() < 0.6 ? `${d} ${mo} ${y}` : m));
  return s;
}
function reformatZh(s: string, rnd: () => number): string {
  // 2020年3月5日 → 2020-03-05 now and then; 35000 → 3.5万
  s = s.replace(/(\d{4})年(\d{1,2})月(\d{1,2})日/g, (m, y: string, mo: string, d: string) => (rnd() < 0.4 ? `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}` : m));
  s = s.replace(/(?<![\d.])(\d{2,4})0000(?![\d.万亿])/g, (m, a: string) => (rnd() < 0.5 ? `${a}万` : m));
  return s;
}

function rewordSentence(s: string, lang: Lang, rnd: () => number): string {
  const table = lang === 'en' ? EN_SYNONYMS : ZH_SYNONYMS;
  for (const [re, to] of table) if (rnd() < 0.7) s = s.replace(re, to);
  return lang === 'en' ? reformatEn(s, rnd) : reformatZh(s, rnd);
}

function lowerFirst(s: string): string {
  return EN_LEADING_LOWER.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** The faithful restyling of a document as paragraphs of units. */
export function restyle(doc: SourceDoc, seed: number): { paras: Para[]; heading: string | undefined; sentences: string[] } {
  const rnd = rng(seed);
  const lang = doc.lang;
  const bySource = sourceSentences(doc.text, lang);
  const sentences = bySource.flat();
  let k = 0;
  let paras: Para[] = bySource.map((ss) => ({ units: ss.map((s) => ({ text: s, src: [k++] })), bullets: false }));
  paras = paras.map((p) => {
    let units = p.units.map((u) => ({ ...u, text: rewordSentence(u.text, lang, rnd) }));
    // reorder: swap neighbours now and then
    for (let i = 0; i + 1 < units.length; i++) {
      if (rnd() < 0.25) {
        [units[i], units[i + 1]] = [units[i + 1]!, units[i]!];
        i++;
      }
    }
    // merge two sentences into one now and then
    const merged: Unit[] = [];
    for (let i = 0; i < units.length; i++) {
      const u = units[i]!;
      const next = units[i + 1];
      if (next && rnd() < 0.15) {
        const text = lang === 'en' ? `${u.text.replace(/[.!?]$/, '')}, and ${lowerFirst(next.text)}` : `${u.text.replace(/[。！？]$/, '')}，${next.text}`;
        merged.push({ text, src: [...u.src, ...next.src] });
        i++;
      } else merged.push(u);
    }
    units = merged;
    // connective phrases
    units = units.map((u, i) => {
      if (i === 0 || rnd() >= 0.2) return u;
      const c = (lang === 'en' ? EN_CONNECTIVES : ZH_CONNECTIVES)[Math.floor(rnd() * 5)]!;
      return { ...u, text: c + (lang === 'en' ? lowerFirst(u.text) : u.text) };
    });
    return { units, bullets: units.length >= 2 && rnd() < 0.2 };
  });
  // paragraph splits and merges
  const out: Para[] = [];
  for (const p of paras) {
    const prev = out[out.length - 1];
    if (prev && !prev.bullets && !p.bullets && prev.units.length + p.units.length <= 4 && rnd() < 0.3) {
      prev.units.push(...p.units);
    } else if (!p.bullets && p.units.length >= 6 && rnd() < 0.5) {
      const cut = Math.floor(p.units.length / 2);
      out.push({ units: p.units.slice(0, cut), bullets: false }, { units: p.units.slice(cut), bullets: false });
    } else out.push({ units: [...p.units], bullets: p.bullets });
  }
  const heading = rnd() < 0.6 ? (lang === 'en' ? EN_HEADINGS : ZH_HEADINGS)[Math.floor(rnd() * 4)] : undefined;
  return { paras: out, heading, sentences };
}

function render(paras: Para[], heading: string | undefined, lang: Lang): string {
  const blocks: string[] = [];
  if (heading) blocks.push(heading);
  for (const p of paras) {
    if (!p.units.length) continue;
    if (p.bullets) blocks.push(p.units.map((u) => `- ${u.text}`).join('\n'));
    else blocks.push(p.units.map((u) => u.text).join(lang === 'en' ? ' ' : ''));
  }
  return blocks.join('\n\n');
}

// ---------- corruptions ----------
function allUnits(paras: Para[]): Array<{ p: number; u: number; unit: Unit }> {
  return paras.flatMap((p, pi) => p.units.map((unit, ui) => ({ p: pi, u: ui, unit })));
}

function dropShare(paras: Para[], nSentences: number, share: number, rnd: () => number): { paras: Para[]; note: string } {
  const want = Math.max(1, Math.round(share * nSentences));
  const units = allUnits(paras);
  const order = units.map((_, i) => i).sort(() => rnd() - 0.5);
  const drop = new Set<Unit>();
  let dropped = 0;
  for (const i of order) {
    if (dropped >= want) break;
    const u = units[i]!.unit;
    if (dropped + u.src.length > want + 1) continue;
    drop.add(u);
    dropped += u.src.length;
  }
  return { paras: paras.map((p) => ({ ...p, units: p.units.filter((u) => !drop.has(u)) })), note: `dropped ${dropped} of ${nSentences} sentences` };
}

/** Replaces one occurrence matched by `find` in a random unit that has one; undefined when no unit has one. */
function editOneUnit(paras: Para[], rnd: () => number, edit: (text: string) => { text: string; note: string } | undefined): { paras: Para[]; note: string } | undefined {
  const units = allUnits(paras).sort(() => rnd() - 0.5);
  for (const { p, u, unit } of units) {
    const r = edit(unit.text);
    if (!r || r.text === unit.text) continue;
    const copy = paras.map((x) => ({ ...x, units: [...x.units] }));
    copy[p]!.units[u] = { ...unit, text: r.text };
    return { paras: copy, note: r.note };
  }
  return undefined;
}

function changeNumber(text: string, rnd: () => number): { text: string; note: string } | undefined {
  const nums = [...text.matchAll(/(?<![\w.,-])\d+(?:[.,]\d+)?(?![\w])/g)].filter((m) => !/^[01]$/.test(m[0]));
  if (!nums.length) return undefined;
  const m = nums[Math.floor(rnd() * nums.length)]!;
  const digits = m[0];
  const last = digits.search(/\d(?=\D*$)/);
  const d = Number(digits[last]);
  const nd = (d + 1 + Math.floor(rnd() * 8)) % 10;
  let changed = digits.slice(0, last) + String(nd) + digits.slice(last + 1);
  if (/^\d{4}$/.test(digits) && /^(1[89]|20)/.test(digits)) changed = String(Number(digits) - 1 - Math.floor(rnd() * 5)); // a year: another year
  if (changed === digits) return undefined;
  return { text: text.slice(0, m.index) + changed + text.slice(m.index! + digits.length), note: `${digits} → ${changed}` };
}

const EN_NOT_NAME = /^(The|A|An|This|That|These|Those|It|In|On|At|For|But|And|Or|If|When|While|After|Before|As|He|She|They|We|I|You|His|Her|Their|Our|Its|There|Here|What|Who|How|Why|Where|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Mr|Mrs|Ms|Dr)$/;

/** English names: capitalised word runs not at a sentence start. */
export function englishNames(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<=[a-z,;:] )[A-Z][a-z]+(?: [A-Z][a-z]+)*/g)) {
    if (!m[0].split(' ').some((w) => EN_NOT_NAME.test(w))) out.push(m[0]);
  }
  return out;
}

export function chineseNames(text: string): Array<{ text: string; tag: string }> {
  return segmentZh(text).filter((w) => /^(nr|ns|nt)$/.test(w.tag) && w.word.length >= 2).map((w) => ({ text: w.word, tag: w.tag }));
}

function swapName(text: string, lang: Lang, pool: Map<string, string[]>, rnd: () => number): { text: string; note: string } | undefined {
  const names = lang === 'en' ? englishNames(text).map((t) => ({ text: t, tag: t.includes(' ') ? 'multi' : 'single' })) : chineseNames(text);
  if (!names.length) return undefined;
  const n = names[Math.floor(rnd() * names.length)]!;
  const candidates = (pool.get(n.tag) ?? []).filter((x) => x !== n.text && !text.includes(x));
  if (!candidates.length) return undefined;
  const other = candidates[Math.floor(rnd() * candidates.length)]!;
  const at = text.indexOf(n.text);
  return { text: text.slice(0, at) + other + text.slice(at + n.text.length), note: `${n.text} → ${other}` };
}

const EN_AUX = /\b(is|was|are|were|can|will|could|would|should|has|have|had|does|did|do|must|may)( not)?\b/;
const ZH_NEG_INSERT = /(?<![但于就还或总可要若正凡只真倒硬便即乃像不都也很])(是|能|会|可以|需要|包括|属于|支持|愿意|应该)(?!否)/;

function flipNegation(text: string, lang: Lang): { text: string; note: string } | undefined {
  if (lang === 'en') {
    const m = EN_AUX.exec(text);
    if (!m) return undefined;
    const to = m[2] ? m[1]! : `${m[1]} not`;
    return { text: text.slice(0, m.index) + to + text.slice(m.index + m[0].length), note: `"${m[0]}" → "${to}"` };
  }
  const neg = /(没有|不是|不会|不能)/.exec(text);
  if (neg) {
    const to = neg[1] === '没有' ? '有' : neg[1]!.slice(1);
    return { text: text.slice(0, neg.index) + to + text.slice(neg.index + neg[0].length), note: `${neg[0]} → ${to}` };
  }
  const m = ZH_NEG_INSERT.exec(text);
  if (!m) return undefined;
  return { text: text.slice(0, m.index) + '不' + text.slice(m.index), note: `${m[0]} → 不${m[0]}` };
}

const EN_LEAKS = [
  (t: string) => `Here is the rewritten text:\n\n${t}`,
  (t: string) => `<document>\n${t}\n</document>`,
  (t: string) => `Rewrite the following document.\n\n${t}`,
  (t: string) => `${t}\n\nNote: I kept every fact, number and name of the original document as instructed.`,
  (_t: string, src: string) => src,
];
const ZH_LEAKS = [
  (t: string) => `以下是改写后的文档：\n\n${t}`,
  (t: string) => `<document>\n${t}\n</document>`,
  (t: string) => `请改写下面的文档。<document>${t}</document>`,
  (t: string) => `${t}\n\n说明：我已按照要求保留了原文中的所有事实、数字和名称。`,
  (_t: string, src: string) => src,
];

/** Builds every pair of one document. `others`: texts of other documents of the same language (for inserts). */
export function pairsOf(doc: SourceDoc, others: readonly SourceDoc[], namePool: Map<string, string[]>, seed: number): SeededPair[] {
  const { paras, heading, sentences } = restyle(doc, seed);
  const faithful = render(paras, heading, doc.lang);
  const out: SeededPair[] = [];
  const push = (kind: PairKind, derived: string, note: string) => out.push({ id: `${doc.id}:${kind}`, docId: doc.id, lang: doc.lang, kind, source: doc.text, derived, note });
  push('faithful', faithful, '');
  const rnd = rng(seed ^ 0x9e3779b9);
  for (const [kind, share] of [['drop10', 0.1], ['drop25', 0.25], ['drop50', 0.5]] as const) {
    const r = dropShare(paras, sentences.length, share, rnd);
    push(kind, render(r.paras, heading, doc.lang), r.note);
  }
  const num = editOneUnit(paras, rnd, (t) => changeNumber(t, rnd));
  if (num) push('number', render(num.paras, heading, doc.lang), num.note);
  const name = editOneUnit(paras, rnd, (t) => swapName(t, doc.lang, namePool, rnd));
  if (name) push('name', render(name.paras, heading, doc.lang), name.note);
  const neg = editOneUnit(paras, rnd, (t) => flipNegation(t, doc.lang));
  if (neg) push('negation', render(neg.paras, heading, doc.lang), neg.note);
  // insert one sentence of another document
  const other = others[Math.floor(rnd() * others.length)];
  if (other) {
    const cands = sourceSentences(other.text, other.lang).flat().filter((s) => s.length >= (doc.lang === 'en' ? 40 : 15) && s.length <= 300);
    if (cands.length) {
      const s = cands[Math.floor(rnd() * cands.length)]!;
      const copy = paras.map((p) => ({ ...p, units: [...p.units] }));
      const p = copy[Math.floor(rnd() * copy.length)]!;
      p.units.splice(Math.floor(rnd() * (p.units.length + 1)), 0, { text: s, src: [] });
      push('insert', render(copy, heading, doc.lang), s.slice(0, 80));
    }
  }
  const leaks = doc.lang === 'en' ? EN_LEAKS : ZH_LEAKS;
  const li = Math.floor(rnd() * leaks.length);
  push('leak', leaks[li]!(faithful, doc.text), `leak variant ${li}`);
  return out;
}

/** Names of every document by kind, for swaps (Chinese: not the common words jieba tags as names, see the header). */
export function namePoolOf(docs: readonly SourceDoc[]): Map<string, string[]> {
  const pool = new Map<string, Set<string>>();
  for (const d of docs) {
    const names = d.lang === 'en' ? englishNames(d.text).map((t) => ({ text: t, tag: t.includes(' ') ? 'multi' : 'single' })) : chineseNames(d.text).filter((n) => !isZhCommonWord(n.text));
    for (const n of names) {
      let s = pool.get(n.tag);
      if (!s) pool.set(n.tag, (s = new Set()));
      s.add(n.text);
    }
  }
  return new Map([...pool].map(([k, v]) => [k, [...v].sort()]));
}
