// Generated documents of real text for the benchmarks: a seeded mix of English and Chinese paragraphs, built
// from sentences of ../shared/data (SummEdits docs, Dolma test documents, Clough-Stevenson answers; CMRC 2018
// Chinese Wikipedia passages), or of pseudo-words when that folder is absent. Each generated document is a
// fresh sequence of sentences, so any two adjacent sentences identify it. (Moved from index.bench.ts.)
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { rng } from '../src/core/corpus/stats';

export const dataDir = process.env.CURATOR_SHARED_DATA ?? join(__dirname, '..', '..', 'shared', 'data');

// ---- sentence pools --------------------------------------------------------------------------------

function splitEn(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z"“])/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 40 && s.length <= 400 && /^[A-Z"“]/.test(s));
}

function splitZh(text: string): string[] {
  return text
    .replace(/\s+/g, '')
    .split(/(?<=[。！？])/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 12 && s.length <= 200);
}

let warned = false;

/** Says once, loudly on stderr, that the benches run on generated text (the real data folder is missing). */
function warnGenerated(why: string): void {
  if (warned) return;
  warned = true;
  console.error(`\n${'!'.repeat(100)}\n!!! WARNING: ${why}: this bench runs on GENERATED pseudo-text, not real text; its figures do not\n!!! compare with the README's. Set CURATOR_SHARED_DATA=/path/to/shared/data.\n${'!'.repeat(100)}\n`);
}

export function loadPools(): { en: string[]; zh: string[]; real: boolean } {
  const en = new Set<string>();
  const zh = new Set<string>();
  if (!existsSync(dataDir)) {
    warnGenerated(`the real data folder ${dataDir} is missing`);
    return { ...generatedPools(), real: false };
  }
  const fact = join(dataDir, 'factual', 'summedits-dev');
  if (existsSync(fact)) {
    for (const f of readdirSync(fact).filter((f) => f.endsWith('.json'))) {
      const rows = JSON.parse(readFileSync(join(fact, f), 'utf8')) as { doc?: string }[];
      for (const r of rows) if (typeof r.doc === 'string') for (const s of splitEn(r.doc)) en.add(s);
    }
  }
  const dolma = join(dataDir, 'html', 'dolma-tests');
  if (existsSync(dolma)) {
    for (const f of readdirSync(dolma).filter((f) => f.endsWith('.jsonl'))) {
      for (const line of readFileSync(join(dolma, f), 'utf8').split('\n')) {
        if (!line.trim()) continue;
        const t = (JSON.parse(line) as { text?: string }).text;
        if (t) for (const s of splitEn(t)) en.add(s);
      }
    }
  }
  const clough = join(dataDir, 'dedup', 'clough-stevenson');
  if (existsSync(clough)) {
    for (const f of readdirSync(clough).filter((f) => f.endsWith('.txt'))) for (const s of splitEn(readFileSync(join(clough, f), 'latin1'))) en.add(s);
  }
  const zhFile = join(dataDir, 'zh', 'zh_cmrc2018_wiki.jsonl');
  if (existsSync(zhFile)) {
    for (const line of readFileSync(zhFile, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const t = (JSON.parse(line) as { text?: string }).text;
      if (t) for (const s of splitZh(t)) zh.add(s);
    }
  }
  if (en.size < 500 || zh.size < 500) {
    warnGenerated(`${dataDir} holds too few sentences (${en.size} English, ${zh.size} Chinese)`);
    return { ...generatedPools(), real: false };
  }
  return { en: [...en], zh: [...zh], real: true };
}

/** Fallback when ../shared/data is absent: pseudo-words and pseudo-Chinese from fixed alphabets. */
function generatedPools(): { en: string[]; zh: string[] } {
  const r = rng(42);
  const syll = ['ka', 'lo', 'mi', 'ten', 'dra', 'vel', 'sor', 'ith', 'an', 'quo', 'ber', 'nus'];
  const word = () => Array.from({ length: 1 + Math.floor(r() * 3) }, () => syll[Math.floor(r() * syll.length)]).join('');
  const han = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严';
  const en: string[] = [];
  const zh: string[] = [];
  for (let i = 0; i < 8000; i++) {
    const w = Array.from({ length: 8 + Math.floor(r() * 20) }, word).join(' ');
    en.push(w[0]!.toUpperCase() + w.slice(1) + '.');
    zh.push(Array.from({ length: 15 + Math.floor(r() * 40) }, () => han[Math.floor(r() * han.length)]).join('') + '。');
  }
  return { en, zh };
}

// ---- the generated corpus --------------------------------------------------------------------------

export interface GenDoc {
  id: string;
  text: string;
  lang: 'en' | 'zh';
  /** Character offsets where a sentence of the document's language starts right after another one. */
  boundaries: number[];
}

export function makeGenerator(pools: { en: string[]; zh: string[] }) {
  return (i: number): GenDoc => {
    const r = rng(i * 7919 + 17);
    const lang: 'en' | 'zh' = r() < 0.5 ? 'en' : 'zh';
    // ~5.3 KB of UTF-8 per document on average: ~5,000 Latin characters or ~1,800 Han characters.
    const target = lang === 'en' ? 3200 + r() * 4700 : 1120 + r() * 1600;
    const parts: string[] = [];
    const boundaries: number[] = [];
    let len = 0;
    while (len < target) {
      const pl: 'en' | 'zh' = r() < 0.1 ? (lang === 'en' ? 'zh' : 'en') : lang;
      const pool = pools[pl];
      const k = 3 + Math.floor(r() * 5);
      let para = '';
      for (let s = 0; s < k; s++) {
        const sent = pool[Math.floor(r() * pool.length)]!;
        if (s > 0) {
          if (pl === 'en') para += ' ';
          if (pl === lang) boundaries.push(len + para.length);
        }
        para += sent;
      }
      parts.push(para);
      len += para.length + 2;
    }
    return { id: `d${i}`, text: parts.join('\n\n'), lang, boundaries };
  };
}

// ---- known-item queries -----------------------------------------------------------------------------

/** A phrase copied from a known document around a sentence boundary (3 words either side in English, 6
 * characters either side in Chinese, widened so a Latin word or number is not cut); found when that document
 * is in the top 10. (Moved from index.bench.ts.) */
export interface Query {
  doc: string;
  lang: 'en' | 'zh';
  q: string;
}

export function makeQueries(gen: (i: number) => GenDoc, upTo: number, perLang: number, seed: number): Query[] {
  const r = rng(seed);
  const out: Query[] = [];
  const want = { en: perLang, zh: perLang };
  let guard = 0;
  while ((want.en > 0 || want.zh > 0) && guard++ < perLang * 20) {
    const d = gen(Math.floor(r() * upTo));
    if (want[d.lang] <= 0 || d.boundaries.length === 0) continue;
    const b = d.boundaries[Math.floor(r() * d.boundaries.length)]!;
    let q: string;
    if (d.lang === 'en') {
      const before = d.text.slice(Math.max(0, b - 200), b).trim().split(/\s+/).slice(-3).join(' ');
      const after = d.text.slice(b, b + 200).trim().split(/\s+/).slice(0, 3).join(' ');
      q = `${before} ${after}`;
    } else {
      // 6 characters either side, widened so no Latin word or number is cut in half.
      let s = Math.max(0, b - 6);
      let e = Math.min(d.text.length, b + 6);
      const alnum = (ch: string | undefined) => !!ch && /[A-Za-z0-9]/.test(ch);
      while (s > 0 && alnum(d.text[s - 1]) && alnum(d.text[s])) s--;
      while (e < d.text.length && alnum(d.text[e - 1]) && alnum(d.text[e])) e++;
      q = d.text.slice(s, e);
    }
    out.push({ doc: d.id, lang: d.lang, q });
    want[d.lang]--;
  }
  return out;
}
