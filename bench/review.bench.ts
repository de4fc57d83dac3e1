// Benchmark: the review model (segment → align → word diff per aligned pair → facts) against plain
// `diffWords` on the whole texts, on the same heavy-rewrite pairs, English and Chinese, 4 KB … 1 MB.
// The baseline runs in a worker thread that is terminated after a time limit (reported as "> limit").
// Text: real documents from ../shared/data when present (SummEdits docs and Dolma CC samples for
// English, CMRC 2018 Wikipedia passages for Chinese), else generated text; rewrites are made from it
// deterministically (seeded): words replaced, dropped and inserted, sentences reordered, merged, split,
// dropped and added, numbers changed. Then the hard real case of issue 14 at 16, 64, 164 KB and 1 MB: 45% of the
// words replaced, sentences shuffled within paragraphs, paragraphs run together. Prints figures; not a test.
// Each timed run reviews texts the process has not segmented yet (a trailing line break per run), as one
// `curator review` does: the Chinese word cache (text/zh-words.ts) would otherwise hide jieba's cost.
// "1st run" is the CPU of the first review of a pair in the process, before any warm-up (JIT included, as in
// one `curator review` call; the engine's one-time load excluded).
// BENCH_IDENTITY=1 (with BENCH_BASELINE_SRC, optionally BENCH_IDENTITY_PAIRS): no timing, checks that the review
// model is the same as the baseline's on every pair (see identity()).
// Env: BENCH_REAL_ONLY=1 only the real heavy rewrites; BENCH_LANG=en|zh one language; BENCH_MAX_KB=164 sizes up to 164 KB; BENCH_BASELINE_SRC=<another checkout's src> also times
// that checkout's buildReview on the same pairs in the same process (before → after).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';
import { buildReview } from '../src/core/review/review';
import { rng } from '../src/core/corpus/stats';
import { segmentZh } from '../src/core/text/zh-words';

type BuildReview = typeof buildReview;
const BASELINE_SRC = process.env.BENCH_BASELINE_SRC;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const baselineReview: BuildReview | undefined = BASELINE_SRC ? (require(join(BASELINE_SRC, 'core', 'review', 'review.ts')) as { buildReview: BuildReview }).buildReview : undefined;
const REAL_ONLY = process.env.BENCH_REAL_ONLY === '1';
/** BENCH_LANG=en or zh: one language only. */
const LANGS = (['en', 'zh'] as const).filter((l) => !process.env.BENCH_LANG || process.env.BENCH_LANG === l);

const DATA = process.env.CURATOR_SHARED_DATA ?? join(__dirname, '..', '..', 'shared', 'data');
const SIZES_KB = [4, 16, 64, 164, 1024];
const REAL_SIZES_KB = [16, 64, 164, 1024];
const BASELINE_LIMIT_MS = 20_000;

// ---------- source text ----------
function englishDocs(): { docs: string[]; origin: string } {
  const docs: string[] = [];
  const dir = join(DATA, 'factual', 'summedits-dev');
  if (existsSync(dir)) {
    const seen = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      for (const x of JSON.parse(readFileSync(join(dir, f), 'utf8')) as Array<{ doc: string }>) {
        if (!seen.has(x.doc)) {
          seen.add(x.doc);
          docs.push(x.doc);
        }
      }
    }
  }
  const dolma = join(DATA, 'html', 'dolma-tests');
  if (existsSync(dolma)) {
    for (const f of readdirSync(dolma).filter((n) => n.endsWith('.jsonl')).sort()) {
      for (const line of readFileSync(join(dolma, f), 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const t = (JSON.parse(line) as { text?: string }).text;
          if (t) docs.push(t);
        } catch {
          /* skip */
        }
      }
    }
  }
  if (docs.length) return { docs, origin: 'SummEdits docs + Dolma CC samples (../shared/data)' };
  return { docs: generated('en'), origin: 'GENERATED (../shared/data absent)' };
}

function chineseDocs(): { docs: string[]; origin: string } {
  const f = join(DATA, 'zh', 'zh_cmrc2018_wiki.jsonl');
  if (existsSync(f)) {
    const docs = readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { text: string }).text);
    return { docs, origin: 'CMRC 2018 Wikipedia passages (../shared/data)' };
  }
  return { docs: generated('zh'), origin: 'GENERATED (../shared/data absent)' };
}

function generated(lang: 'en' | 'zh'): string[] {
  // a Zipf-distributed vocabulary of pseudo-words (English) or of common characters paired into words
  // (Chinese), sentences of 8–30 words, some numbers: the statistics of prose, not its meaning
  const rnd = rng(7);
  const syll = ['ka', 'ro', 'ti', 'men', 'sa', 'lo', 'ver', 'in', 'ta', 'de', 'ri', 'con', 'mo', 'pa', 'el', 'nu', 'ga', 'sti', 'ble', 'tion'];
  const han = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严'.split('');
  const V = 3000;
  const vocab: string[] = [];
  for (let i = 0; i < V; i++) {
    if (lang === 'en') {
      const n = 1 + Math.floor(rnd() * 3);
      let w = '';
      for (let k = 0; k < n; k++) w += syll[Math.floor(rnd() * syll.length)]!;
      vocab.push(w);
    } else vocab.push(han[Math.floor(rnd() * han.length)]! + (rnd() < 0.7 ? han[Math.floor(rnd() * han.length)]! : ''));
  }
  // Zipf sampling via the cumulative distribution
  const cum: number[] = [];
  let tot = 0;
  for (let i = 0; i < V; i++) cum.push((tot += 1 / (i + 1)));
  const word = () => {
    const x = rnd() * tot;
    let lo = 0;
    let hi = V - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return vocab[lo]!;
  };
  const docs: string[] = [];
  for (let d = 0; d < 400; d++) {
    const sents: string[] = [];
    const ns = 6 + Math.floor(rnd() * 12);
    for (let s = 0; s < ns; s++) {
      const n = 8 + Math.floor(rnd() * 22);
      const w: string[] = [];
      for (let i = 0; i < n; i++) w.push(word());
      if (rnd() < 0.3) w.splice(Math.floor(rnd() * n), 0, String(Math.floor(rnd() * 5000)));
      sents.push(lang === 'en' ? w.join(' ').replace(/^./, (c) => c.toUpperCase()) + '.' : w.join('') + '。');
    }
    docs.push(sents.join(lang === 'en' ? ' ' : ''));
  }
  return docs;
}

function buildSource(docs: string[], kb: number, rnd: () => number): string {
  const target = kb * 1024;
  const parts: string[] = [];
  let bytes = 0;
  let i = Math.floor(rnd() * docs.length);
  while (bytes < target) {
    const d = docs[i % docs.length]!.trim();
    i++;
    const need = target - bytes;
    const piece = Buffer.byteLength(d) > need ? truncateBytes(d, need) : d;
    parts.push(piece);
    bytes += Buffer.byteLength(piece) + 2;
  }
  return parts.join('\n\n');
}

function truncateBytes(s: string, bytes: number): string {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (Buffer.byteLength(s.slice(0, mid)) <= bytes) lo = mid;
    else hi = mid - 1;
  }
  return s.slice(0, lo);
}

// ---------- heavy rewrite ----------
function heavyRewrite(src: string, lang: 'en' | 'zh', rnd: () => number): string {
  const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)]!;
  const paras = src.split(/\n\n/);
  const pool = lang === 'en' ? (src.match(/[A-Za-z]{3,}/g) ?? ['word']).slice(0, 5000) : (src.match(/[\u4e00-\u9fff]{2}/g) ?? ['词语']).slice(0, 5000);
  const outParas: string[] = [];
  for (const p of paras) {
    let sents = lang === 'en' ? p.split(/(?<=[.!?])\s+/) : p.split(/(?<=[。！？；])/);
    sents = sents.filter((s) => s.trim());
    // sentence level: drop, add, merge, split, reorder (swap with a neighbour)
    const out: string[] = [];
    for (let i = 0; i < sents.length; i++) {
      let s = sents[i]!;
      const r = rnd();
      if (r < 0.05) continue; // dropped
      if (r < 0.13 && i + 1 < sents.length) {
        const next = sents[++i]!;
        s = lang === 'en' ? s.replace(/[.!?]$/, '') + ', and ' + next.charAt(0).toLowerCase() + next.slice(1) : s.replace(/[。！？；]$/, '，并且') + next;
      }
      s = editWords(s, lang, rnd, pool);
      if (rnd() < 0.1) {
        const cut = lang === 'en' ? s.indexOf(', ') : s.indexOf('，');
        if (cut > 10) s = lang === 'en' ? s.slice(0, cut) + '. ' + s.charAt(cut + 2).toUpperCase() + s.slice(cut + 3) : s.slice(0, cut) + '。' + s.slice(cut + 1);
      }
      out.push(s);
      if (rnd() < 0.05) out.push(lang === 'en' ? 'It is worth noting that ' + pick(pool) + ' matters here.' : '值得注意的是，' + pick(pool) + '在这里很重要。');
    }
    for (let i = 0; i + 1 < out.length; i++) {
      if (rnd() < 0.15) {
        const t = out[i]!;
        out[i] = out[i + 1]!;
        out[i + 1] = t;
        i++;
      }
    }
    outParas.push(out.join(lang === 'en' ? ' ' : ''));
  }
  return outParas.join('\n\n');
}

function editWords(s: string, lang: 'en' | 'zh', rnd: () => number, pool: string[]): string {
  const pick = () => pool[Math.floor(rnd() * pool.length)]!;
  if (lang === 'en') {
    return s.replace(/[A-Za-z]+|\d+(?:\.\d+)?/g, (w) => {
      const r = rnd();
      if (/^\d/.test(w)) return r < 0.3 ? String(Number(w) + 1 + Math.floor(rnd() * 9)) : w;
      if (r < 0.2) return pick(); // replaced word
      if (r < 0.25) return ''; // dropped word
      if (r < 0.3) return w + ' ' + pick(); // inserted word
      return w;
    }).replace(/ {2,}/g, ' ');
  }
  return s.replace(/[\u4e00-\u9fff]{2}|\d+/g, (w) => {
    const r = rnd();
    if (/^\d/.test(w)) return r < 0.3 ? String(Number(w) + 1 + Math.floor(rnd() * 9)) : w;
    if (r < 0.2) return pick();
    if (r < 0.25) return w[0]!;
    if (r < 0.3) return w + pick();
    return w;
  });
}

// ---------- the real heavy rewrite of issue 14: 45% of words replaced, sentences shuffled within
// paragraphs, paragraphs run together ----------
function realHeavyRewrite(src: string, lang: 'en' | 'zh', rnd: () => number): string {
  const pool = lang === 'en' ? (src.match(/[A-Za-z]{3,}/g) ?? ['word']).slice(0, 20000) : (src.match(/[\u4e00-\u9fff]{2}/g) ?? ['词语']).slice(0, 20000);
  const pick = () => pool[Math.floor(rnd() * pool.length)]!;
  const paras = src.split(/\n\n/);
  const out: string[] = [];
  for (const p of paras) {
    const sents = (lang === 'en' ? p.split(/(?<=[.!?])\s+/) : p.split(/(?<=[。！？；])/)).filter((x) => x.trim());
    for (let i = sents.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [sents[i], sents[j]] = [sents[j]!, sents[i]!];
    }
    const edited = sents.map((x) =>
      lang === 'en' ? x.replace(/[A-Za-z]+/g, (w) => (rnd() < 0.45 ? pick() : w)) : x.replace(/[\u4e00-\u9fff]{2}/g, (w) => (rnd() < 0.45 ? pick() : w)),
    );
    const text = edited.join(lang === 'en' ? ' ' : '');
    // paragraphs run together: about every other paragraph break is gone
    if (out.length && rnd() < 0.5) out[out.length - 1] += (lang === 'en' ? ' ' : '') + text;
    else out.push(text);
  }
  return out.join('\n\n');
}

// ---------- baseline in a worker ----------
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { diffWords } = require(workerData.diffPath);
const t0 = performance.now();
const changes = diffWords(workerData.a, workerData.b);
parentPort.postMessage({ ms: performance.now() - t0, changes: changes.length });
`;

function baseline(a: string, b: string): Promise<{ ms: number } | { timeout: true }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER_CODE, { eval: true, workerData: { a, b, diffPath: require.resolve('diff') } });
    // resolve only once the worker thread is gone: tearing down the heap of a long diffWords takes
    // seconds of CPU, which would otherwise overlap (and inflate) the timing of the next size
    const timer = setTimeout(() => {
      void w.terminate().then(() => resolve({ timeout: true }));
    }, BASELINE_LIMIT_MS);
    w.once('message', (m: { ms: number }) => {
      clearTimeout(timer);
      void w.terminate().then(() => resolve({ ms: m.ms }));
    });
    w.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Run counter: every timed review gets texts of its own (see the module comment). */
let runId = 0;

interface Timing {
  ms: number;
  cpuMs: number;
  cpuMin: number;
  firstCpu: number;
  pairs: number;
  facts: number;
  aligned: number;
}

/**
 * Times each review of `reviews` on the pair, their runs interleaved (one run of each per round, the order
 * swapped every round), so that a change of the machine's load during the row weighs on all of them alike.
 * Also the median over rounds of each review's CPU time over the first's in the same round (`perRound`).
 */
function timeReviews(reviews: readonly BuildReview[], a: string, b: string, kb: number): { timings: Timing[]; perRound: number[] } {
  const fresh = (): [string, string] => {
    const tail = '\n'.repeat(1 + (runId++ % 64));
    return [a + tail, b + tail];
  };
  const cpuOf = (review: BuildReview, x: string, y: string): number => {
    const c0 = process.cpuUsage();
    review(x, y);
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000;
  };
  const firstCpu = reviews.map((review) => cpuOf(review, ...fresh()));
  // warm up the JIT (small inputs need many calls), then time enough runs for a stable median
  const warm = performance.now();
  for (let i = 0; i < 40 && (i < 2 || performance.now() - warm < 400 * reviews.length); i++) for (const review of reviews) review(...fresh());
  const runs = kb <= 16 ? 15 : kb <= 164 ? 7 : 3;
  const times: number[][] = reviews.map(() => []);
  const cpus: number[][] = reviews.map(() => []);
  const last = reviews.map(() => ({ pairs: 0, facts: 0, aligned: 0 }));
  for (let i = 0; i < runs; i++) {
    for (let q = 0; q < reviews.length; q++) {
      const k = i % 2 === 0 ? q : reviews.length - 1 - q;
      const [x, y] = fresh();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const m = reviews[k]!(x, y);
      times[k]!.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpus[k]!.push((c.user + c.system) / 1000);
      last[k] = { pairs: m.pairs.length, facts: m.facts.length, aligned: 1 - m.dropped.length / Math.max(1, m.source.segments.length) };
    }
  }
  const median = (x: number[]) => [...x].sort((p, q) => p - q)[Math.floor(x.length / 2)]!;
  const timings = reviews.map((_, k) => ({ ms: median(times[k]!), cpuMs: median(cpus[k]!), cpuMin: Math.min(...cpus[k]!), firstCpu: firstCpu[k]!, ...last[k]! }));
  const perRound = reviews.map((_, k) => median(cpus[k]!.map((c, i) => c / cpus[0]![i]!)));
  return { timings, perRound };
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

/** One table: our review (and BENCH_BASELINE_SRC's) and the diffWords baseline at each size, on the pairs `make` builds. */
async function table(title: string, sizes: readonly number[], make: (kb: number) => [string, string]): Promise<void> {
  console.log(`\n${title}`);
  const before = baselineReview ? '  before CPU  CPU min  after/before' : '';
  console.log(`size     review wall   ms/KB    CPU ms  CPU ms/KB  CPU min  1st run  pairs  aligned  facts${before}   diffWords baseline     ratio (wall)`);
  let baselineOver = false;
  for (const kb of sizes) {
    const [a, b] = make(kb);
    // (with a baseline: this code and the baseline's timed in alternation, the baseline's first)
    const t = timeReviews(baselineReview ? [baselineReview, buildReview] : [buildReview], a, b, kb);
    const ours = t.timings[t.timings.length - 1]!;
    const prev = baselineReview ? t.timings[0] : undefined;
    const afterBefore = t.perRound[t.perRound.length - 1]!;
    let base: string;
    let ratio: string;
    const lowerBound = (ms: number) => (BASELINE_LIMIT_MS / ms >= 1 ? `> ${Math.floor(BASELINE_LIMIT_MS / ms)}x` : 'n/a (limit below our time)');
    if (baselineOver) {
      base = `> ${BASELINE_LIMIT_MS / 1000} s (not run)`;
      ratio = lowerBound(ours.ms);
    } else {
      const r = await baseline(a, b);
      if ('timeout' in r) {
        baselineOver = true;
        base = `> ${BASELINE_LIMIT_MS / 1000} s (killed)`;
        ratio = lowerBound(ours.ms);
      } else {
        base = fmt(r.ms);
        ratio = `${(r.ms / ours.ms).toFixed(1)}x`;
      }
    }
    const kbReal = Buffer.byteLength(a) / 1024;
    const prevCols = prev ? `  ${prev.cpuMs.toFixed(1).padStart(10)}  ${prev.cpuMin.toFixed(1).padStart(7)}  ${afterBefore.toFixed(2).padStart(12)}` : '';
    console.log(
      `${String(kb).padStart(4)} KB  ${fmt(ours.ms).padStart(10)}  ${(ours.ms / kbReal).toFixed(2).padStart(6)}  ${ours.cpuMs.toFixed(1).padStart(8)}  ${(ours.cpuMs / kbReal).toFixed(2).padStart(9)}  ${ours.cpuMin.toFixed(1).padStart(7)}  ${ours.firstCpu.toFixed(0).padStart(7)}  ${String(ours.pairs).padStart(5)}  ${(ours.aligned * 100).toFixed(0).padStart(6)}%  ${String(ours.facts).padStart(5)}${prevCols}   ${base.padEnd(22)} ${ratio}`,
    );
  }
}

/** The real heavy rewrite of issue 14 at `kb` KB: real text, 45% of words replaced, sentences shuffled within paragraphs, paragraphs merged (seeded). */
export function realPair(lang: 'en' | 'zh', kb: number): [string, string] {
  const { docs } = lang === 'en' ? englishDocs() : chineseDocs();
  const rnd = rng(5000 + kb + (lang === 'zh' ? 1 : 0));
  const a = buildSource(docs, kb, rnd);
  return [a, realHeavyRewrite(a, lang, rnd)];
}

/** Every pair the tables above time: the generated heavy rewrites and the real heavy rewrites, each language and size. */
export function benchPairs(): Array<{ name: string; a: string; b: string }> {
  const out: Array<{ name: string; a: string; b: string }> = [];
  for (const lang of ['en', 'zh'] as const) {
    const { docs } = lang === 'en' ? englishDocs() : chineseDocs();
    for (const kb of SIZES_KB) {
      const rnd = rng(1000 + kb + (lang === 'zh' ? 1 : 0));
      const a = buildSource(docs, kb, rnd);
      out.push({ name: `${lang} heavy ${kb} KB`, a, b: heavyRewrite(a, lang, rnd) });
    }
    for (const kb of REAL_SIZES_KB) {
      const [a, b] = realPair(lang, kb);
      out.push({ name: `${lang} real heavy ${kb} KB`, a, b });
    }
  }
  return out;
}

/**
 * BENCH_IDENTITY=1 (with BENCH_BASELINE_SRC): instead of timing, checks that this code's review model (timing
 * left out) is the same, character for character, as the baseline's on every pair of the tables and on the
 * pairs of BENCH_IDENTITY_PAIRS (a JSON-lines file of {"id", "source", "derived", "style"?}, such as
 * `npm run eval:rewrites -- --write-pairs f.jsonl` writes). A speed change must not change a verdict, a
 * fact or an alignment. Exits 1 on the first difference, printed with its surroundings.
 */
function identity(): void {
  if (!baselineReview) throw new Error('BENCH_IDENTITY needs BENCH_BASELINE_SRC');
  const pairs: Array<{ name: string; a: string; b: string; style?: string }> = benchPairs();
  const file = process.env.BENCH_IDENTITY_PAIRS;
  if (file) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const x = JSON.parse(line) as { id: string; source: string; derived: string; style?: string };
      pairs.push({ name: x.id, a: x.source, b: x.derived, style: x.style });
    }
  }
  const modelText = (review: BuildReview, p: (typeof pairs)[number]) => {
    const { timing, ...rest } = review(p.a, p.b, { style: p.style });
    void timing;
    return JSON.stringify(rest);
  };
  let n = 0;
  for (const p of pairs) {
    const ours = modelText(buildReview, p);
    const theirs = modelText(baselineReview, p);
    if (ours !== theirs) {
      let i = 0;
      while (i < ours.length && ours[i] === theirs[i]) i++;
      console.log(`DIFFERENT on ${p.name} at character ${i} of the model:`);
      console.log(`  ours:     …${ours.slice(Math.max(0, i - 200), i + 200)}…`);
      console.log(`  baseline: …${theirs.slice(Math.max(0, i - 200), i + 200)}…`);
      process.exit(1);
    }
    n++;
    if (n % 500 === 0) console.log(`${n} of ${pairs.length} pairs identical so far`);
  }
  console.log(`identical: the review model of all ${n} pairs (${benchPairs().length} of the bench${file ? `, ${n - benchPairs().length} of ${file}` : ''}) is the same as the baseline's`);
}

async function main(): Promise<void> {
  if (process.env.BENCH_IDENTITY === '1') {
    segmentZh('中文分词的预热');
    identity();
    return;
  }
  // sizes up to a KB figure: an argument when the file is run alone, or BENCH_MAX_KB through npm run bench
  const filter = process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? process.env.BENCH_MAX_KB;
  const sizes = filter ? SIZES_KB.filter((k) => k <= Number(filter)) : SIZES_KB;
  const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
  // generated text is not the real case of issue 14: say so first, loudly, when the real data is not found
  const missing = [englishDocs(), chineseDocs()].filter((d) => d.origin.startsWith('GENERATED'));
  if (missing.length) {
    console.log(`WARNING: real data not found at ${DATA}: the "REAL HEAVY REWRITE" tables below run on GENERATED text, not real text.`);
    console.log('WARNING: set CURATOR_SHARED_DATA=<path to shared/data> (a git worktree has no ../shared/data beside it).');
  }
  console.log(`machine: ${cpus().length} cores, load average ${load()} (wall times inflate when the load exceeds the cores; CPU time is steadier)`);
  if (BASELINE_SRC) console.log(`before: buildReview of ${BASELINE_SRC}, timed on the same pairs in this process`);
  // the Chinese word engine's one-time load (its dictionary, about half a second) is start-up, not review:
  // done before any timing, for this code and for BENCH_BASELINE_SRC's
  segmentZh('中文分词的预热');
  if (BASELINE_SRC) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require(join(BASELINE_SRC, 'core', 'text', 'zh-words.ts')) as { segmentZh: typeof segmentZh }).segmentZh('中文分词的预热');
  }
  if (!REAL_ONLY) {
    for (const lang of LANGS) {
      const { docs, origin } = lang === 'en' ? englishDocs() : chineseDocs();
      await table(`[${lang}] text: ${origin}; heavy rewrite generated from it (seeded)`, sizes, (kb) => {
        const rnd = rng(1000 + kb + (lang === 'zh' ? 1 : 0));
        const a = buildSource(docs, kb, rnd);
        return [a, heavyRewrite(a, lang, rnd)];
      });
    }
  }
  // the hard real case: real news and Wikipedia text, 45% of words replaced, sentences shuffled within
  // paragraphs, paragraphs merged (issue 14), at 16, 64, 164 KB and 1 MB
  const realSizes = filter ? REAL_SIZES_KB.filter((k) => k <= Number(filter)) : REAL_SIZES_KB;
  for (const lang of LANGS) {
    const { origin } = lang === 'en' ? englishDocs() : chineseDocs();
    await table(`[${lang}] REAL HEAVY REWRITE: ${origin}; 45% of words replaced, sentences shuffled within paragraphs, paragraphs merged (seeded)`, realSizes, (kb) => realPair(lang, kb));
  }
  console.log(`\nload average at the end: ${load()}`);
  console.log('review = buildReview (segmentation, alignment, word diff of every aligned pair, facts and verdict: what `curator review` computes), median of 3–15 runs after a warm-up,');
  console.log('each run on texts not segmented before in the process (as one `curator review` call); 1st run = CPU of the first review of the pair, JIT included;');
  console.log('(CPU min = the least CPU time of those runs: the cost with the least interference from other processes);');
  if (BASELINE_SRC) console.log('before = BENCH_BASELINE_SRC\'s buildReview, its runs and this code\'s interleaved on the same pairs; after/before = median over the rounds of this code\'s CPU over the baseline\'s in the same round;');
  console.log('baseline = diff.diffWords on the whole texts, in a worker thread killed after the limit; "not run" follows a smaller size that already exceeded it.');
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
