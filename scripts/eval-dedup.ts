// Evaluates near-duplicate clustering and chooses its thresholds.
//
// 1. Clough & Stevenson (../shared/data/dedup/clough-stevenson: orig_task{a..e}.txt sources, 95 answers
//    labelled cut / light / heavy / non). For every answer paired with its task's source: the MinHash
//    estimate of their Jaccard similarity and the containment of the answer in the source (the sketches
//    DedupIndex compares). Split grouped by source task: tasks a, b, c are fitted, d and e held out.
//    Curves: precision / recall of `cut`-vs-source pairs (positives; the `cut` answers that share no text
//    with their labelled source are set aside and named) against `non`-vs-source pairs, per threshold.
//    Choice, on the fitted tasks only:
//      containment T_c = the largest (0.01 steps) that every fitted cut answer reaches;
//      Jaccard T_j is not chosen here: J ≥ T_j implies a containment ≥ T_j, so on these short texts
//                        (sketches exact) it adds nothing once T_j ≥ T_c; it is the rule datatrove's
//                        MinHash runs (export-pipeline maps it) and is printed with its curve.
//    The defaults in src/core/corpus/dedup/lsh.ts (DEFAULT_DEDUP) must be these; the script says when not.
//    Then clusters with DEFAULT_DEDUP — exactly what `curator dedup`, the index and the export use.
// 2. A realistic corpus built here from real text (../shared/data: the datatrove reference documents —
//    Common Crawl, SummEdits, article pages, WCXB, RAGTruth, e-mails — and CMRC Chinese Wikipedia): every
//    fifth document gets a paragraph of another document, one in twenty a shared boilerplate line, and 150
//    planted near copies (light edits, or the first 60 % of a document). Cluster counts and sizes with the
//    old transitive clustering and with the current one, and the planted copies found.
//
// Usage: npm run eval:dedup [-- --data DIR]   (DIR = ../shared/data/dedup/clough-stevenson)
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clusterDuplicates, DedupIndex, DEFAULT_DEDUP, type DedupItem } from '../src/core/corpus/dedup/lsh';
import { shingleHashes } from '../src/core/corpus/dedup/minhash';
import { decodeBytes } from '../src/core/corpus/readers';
import { detectLanguage } from '../src/core/text/lang';
import { sha256 } from '../src/core/text/hash';
import { legacyClusters } from './lib/dedup-legacy';

const args = process.argv.slice(2);
const dataArg = args.indexOf('--data');
const dir = resolve(dataArg >= 0 ? args[dataArg + 1]! : join(__dirname, '../../shared/data/dedup/clough-stevenson'));
if (!existsSync(join(dir, 'file_information.csv'))) {
  console.error(`eval-dedup: data not found at ${dir} (expected file_information.csv and the task files).`);
  console.error('The dataset lives outside the repository (../shared/data); nothing was evaluated.');
  process.exit(2);
}

function readText(file: string): string {
  const bytes = readFileSync(join(dir, file));
  const d = decodeBytes(bytes);
  return d.ok ? d.text : new TextDecoder('latin1').decode(bytes); // a few answers are Windows-1252
}

const rows = readFileSync(join(dir, 'file_information.csv'), 'utf8')
  .split(/\r?\n/)
  .slice(1)
  .filter((l) => l.trim())
  .map((l) => {
    const [file, task, category] = l.split(',').map((s) => s.trim());
    return { file: file!, task: task!, category: category! };
  });
const answers = rows.filter((r) => r.category !== 'orig');
const tasks = [...new Set(rows.map((r) => r.task))].sort();
const FITTED = new Set(['a', 'b', 'c']);
const items: DedupItem[] = [
  ...tasks.map((t) => ({ id: `orig_task${t}.txt`, text: readText(`orig_task${t}.txt`) })),
  ...answers.map((a) => ({ id: a.file, text: readText(a.file) })),
].map((x) => ({ ...x, lang: 'en' as const, sha256: sha256(x.text) }));
const textById = new Map(items.map((i) => [i.id, i.text]));

/** Exact containment of `small`'s 5-word shingles in `big`'s. */
function exactContainment(small: string, big: string): number {
  const a = new Set(shingleHashes(small, 'en', { wordShingle: 5 }));
  const b = new Set(shingleHashes(big, 'en', { wordShingle: 5 }));
  let i = 0;
  for (const x of a) if (b.has(x)) i++;
  return a.size ? i / a.size : 0;
}

// ---- 1. pairs, curves, choice ----------------------------------------------------------------------
const probe = new DedupIndex();
const fp = new Map(items.map((it) => [it.id, probe.fingerprint(it.text, it.lang)]));
interface Pair { file: string; task: string; category: string; jaccard: number; containment: number; fitted: boolean }
const pairs: Pair[] = answers.map((a) => {
  const src = `orig_task${a.task}.txt`;
  const s = probe.similarity(fp.get(a.file)!, fp.get(src)!);
  return { ...a, ...s, fitted: FITTED.has(a.task) };
});
const setAside = pairs.filter((p) => p.category === 'cut' && exactContainment(textById.get(p.file)!, textById.get(`orig_task${p.task}.txt`)!) < 0.05);
const cutPairs = pairs.filter((p) => p.category === 'cut' && !setAside.includes(p));
const nonPairs = pairs.filter((p) => p.category === 'non');
console.log(`clough-stevenson: ${tasks.length} sources, ${answers.length} answers from ${dir}`);
console.log(`fitted: tasks ${[...FITTED].join(', ')}; held out: ${tasks.filter((t) => !FITTED.has(t)).join(', ')} (grouped by source task)`);
console.log(`cut answers set aside (share no text with their labelled source: exact 5-word containment < 0.05): ${setAside.map((p) => p.file).join(', ')}`);

function curve(signal: 'containment' | 'jaccard', fitted: boolean): string[] {
  const pos = cutPairs.filter((p) => p.fitted === fitted);
  const neg = nonPairs.filter((p) => p.fitted === fitted);
  const out: string[] = [];
  for (let t = 0.05; t < 0.951; t += 0.05) {
    const tp = pos.filter((p) => p[signal] >= t).length;
    const fpN = neg.filter((p) => p[signal] >= t).length;
    out.push(`${t.toFixed(2)}: P ${tp + fpN ? (tp / (tp + fpN)).toFixed(2) : '  - '} R ${(tp / pos.length).toFixed(2)}`);
  }
  return out;
}
for (const signal of ['containment', 'jaccard'] as const) {
  for (const fitted of [true, false]) {
    const pos = cutPairs.filter((p) => p.fitted === fitted).length;
    const neg = nonPairs.filter((p) => p.fitted === fitted).length;
    console.log(`\n${signal} curve, ${fitted ? 'fitted' : 'held-out'} (${pos} cut vs ${neg} non pairs):`);
    const c = curve(signal, fitted);
    for (let i = 0; i < c.length; i += 5) console.log('  ' + c.slice(i, i + 5).join('   '));
  }
}
const floor2 = (x: number) => Math.floor(x * 100 + 1e-9) / 100;
const fittedCut = cutPairs.filter((p) => p.fitted);
const chosenC = floor2(Math.min(...fittedCut.map((p) => p.containment)));
const chosenJ = DEFAULT_DEDUP.threshold;
const maxNon = (s: 'containment' | 'jaccard', fitted: boolean) => Math.max(...nonPairs.filter((p) => p.fitted === fitted).map((p) => p[s]));
console.log(`\nchosen on the fitted tasks: containment T_c = ${chosenC.toFixed(2)} (lowest fitted cut answer ${Math.min(...fittedCut.map((p) => p.containment)).toFixed(3)}; highest non: fitted ${maxNon('containment', true).toFixed(3)}, held-out ${maxNon('containment', false).toFixed(3)}), ` +
  `Jaccard T_j = ${chosenJ.toFixed(2)} (fixed; above T_c, so it adds nothing on texts within the sketch size)`);
const heldCut = cutPairs.filter((p) => !p.fitted);
console.log(`held-out at the chosen thresholds: cut reached ${heldCut.filter((p) => p.containment >= chosenC || p.jaccard >= chosenJ).length}/${heldCut.length}, non reached ${nonPairs.filter((p) => !p.fitted && (p.containment >= chosenC || p.jaccard >= chosenJ)).length}/${nonPairs.filter((p) => !p.fitted).length}`);
if (chosenC !== DEFAULT_DEDUP.containment) {
  console.log(`!! DEFAULT_DEDUP.containment (${DEFAULT_DEDUP.containment}) differs from the threshold chosen here: update src/core/corpus/dedup/lsh.ts.`);
} else console.log('DEFAULT_DEDUP holds the chosen thresholds (curator dedup, the index, the export and this evaluation use them).');
// `non` answers clustered with anything: how much text they really share.
{
  const cl = clusterDuplicates(items);
  for (const a of answers.filter((x) => x.category === 'non' && cl.has(x.file))) {
    const mates = [...cl].filter(([id, c]) => c === cl.get(a.file) && id !== a.file).map(([id]) => id);
    console.log(`  non answer ${a.file} is clustered with ${mates.join(', ')}: ${mates.map((m) => `${(exactContainment(textById.get(a.file)!, textById.get(m)!) * 100).toFixed(0)} %`).join(', ')} of its 5-word shingles occur verbatim there`);
  }
}

// ---- clusters with the defaults -----------------------------------------------------------------------
function report(name: string, clusters: Map<string, string>): void {
  console.log(`\n${name}`);
  console.log('  category  split      with-source  false-pos   (false-pos: non → in any cluster; others → with another task\'s source)');
  for (const c of ['cut', 'light', 'heavy', 'non']) {
    for (const fitted of [true, false]) {
      const list = answers.filter((a) => a.category === c && FITTED.has(a.task) === fitted && !setAside.some((p) => p.file === a.file));
      let withSrc = 0;
      let wrong = 0;
      for (const a of list) {
        const cl = clusters.get(a.file);
        if (cl !== undefined && cl === clusters.get(`orig_task${a.task}.txt`)) withSrc++;
        if (c === 'non' ? cl !== undefined : tasks.some((t) => t !== a.task && cl !== undefined && clusters.get(`orig_task${t}.txt`) === cl)) wrong++;
      }
      console.log(`  ${c.padEnd(8)}  ${(fitted ? 'fitted' : 'held-out').padEnd(9)}  ${String(withSrc).padStart(4)}/${String(list.length).padEnd(4)}    ${String(wrong).padStart(4)}`);
    }
  }
}
const t0 = performance.now();
const defaults = clusterDuplicates(items);
const ms = performance.now() - t0;
report(`DEFAULT_DEDUP ${JSON.stringify(DEFAULT_DEDUP)} (${items.length} docs, ${ms.toFixed(0)} ms)`, defaults);
const missed = cutPairs.filter((p) => defaults.get(p.file) === undefined || defaults.get(p.file) !== defaults.get(`orig_task${p.task}.txt`));
if (missed.length) console.log(`  cut answers not with their source: ${missed.map((p) => `${p.file} (containment ${p.containment.toFixed(3)})`).join(', ')}`);
report('old transitive clustering (before issue 15)', legacyClusters(items));
const seeds = Array.from({ length: 20 }, (_, i) => i + 1).map((seed) => {
  const cl = clusterDuplicates(items, { seed });
  return {
    cut: cutPairs.filter((p) => cl.get(p.file) !== undefined && cl.get(p.file) === cl.get(`orig_task${p.task}.txt`)).length,
    non: nonPairs.filter((p) => cl.has(p.file)).length,
  };
});
console.log(`\nDefaults over seeds 1–20: cut with source min ${Math.min(...seeds.map((s) => s.cut))} max ${Math.max(...seeds.map((s) => s.cut))} of ${cutPairs.length}; non answers in any cluster: max ${Math.max(...seeds.map((s) => s.non))}`);

// ---- 2. a realistic corpus --------------------------------------------------------------------------------
const dataRoot = resolve(dir, '../..'); // ../shared/data
function realisticCorpus(): { items: DedupItem[]; base: DedupItem[]; planted: Map<string, string> } | undefined {
  const ref = join(dataRoot, 'quality/datatrove-reference.jsonl');
  const zh = join(dataRoot, 'zh/zh_cmrc2018_wiki.jsonl');
  if (!existsSync(ref) || !existsSync(zh)) return undefined;
  const base: { id: string; text: string }[] = [];
  for (const f of [ref, zh]) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as { id: string; text: string };
      if (r.text && r.text.trim()) base.push({ id: `${f === zh ? 'zh' : 'en'}/${r.id}`, text: r.text });
    }
  }
  let s = 12345;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  // Paragraphs: lines of 40+ characters; a Chinese passage of CMRC is one line, so its sentences (。) of 40+.
  const paras = (t: string) => {
    const lines = t.split('\n').filter((l) => l.trim().length > 40);
    return lines.length >= 4 || !/[\u4e00-\u9fff]/.test(t) ? lines : t.split(/(?<=。)/).filter((x) => x.trim().length > 40);
  };
  const boiler = ['Subscribe to our newsletter to get the latest news and offers delivered to your inbox every week.', '本网站所有内容均来自网络，如有侵权请联系我们删除，转载请注明出处，谢谢您的支持与理解。'];
  const docs = base.map((b) => ({ ...b }));
  const enDonors = base.filter((o) => o.id.startsWith('en/') && paras(o.text).length >= 4);
  const zhDonors = base.filter((o) => o.id.startsWith('zh/') && paras(o.text).length >= 4);
  for (const d of docs) {
    const zhDoc = d.id.startsWith('zh/');
    if (rand() < 0.2) {
      // a paragraph of another document of the same language, inserted at a random line
      // (donors with four paragraphs or more: a one-paragraph donor would be copied whole, an excerpt)
      const pool = zhDoc ? zhDonors : enDonors;
      const donor = paras(pool[Math.floor(rand() * pool.length)]!.text);
      if (donor.length) {
        const lines = d.text.split('\n');
        lines.splice(Math.floor(rand() * (lines.length + 1)), 0, donor[Math.floor(rand() * donor.length)]!);
        d.text = lines.join('\n');
      }
    }
    if (rand() < 0.05) d.text += '\n' + boiler[zhDoc ? 1 : 0];
  }
  const planted = new Map<string, string>();
  const long = docs.filter((d) => d.text.length > 1500);
  for (let i = 0; i < 150; i++) {
    const src = long[Math.floor(rand() * long.length)]!;
    const id = `copy/${i}`;
    let text: string;
    if (i % 2 === 0) {
      const zhDoc = src.id.startsWith('zh/');
      text = zhDoc ? [...src.text].map((c, k) => (k % 25 === 7 ? '的' : c)).join('') : src.text.split(' ').map((w, k) => (k % 25 === 7 ? 'changed' : w)).join(' ');
    } else text = src.text.slice(0, Math.floor(src.text.length * 0.6));
    docs.push({ id, text });
    planted.set(id, src.id);
  }
  const item = (d: { id: string; text: string }): DedupItem => ({ id: d.id, text: d.text, lang: detectLanguage(d.text), sha256: sha256(d.text) });
  return { items: docs.map(item), base: base.map(item), planted };
}

function describe(name: string, clusters: Map<string, string>, planted: Map<string, string>, n: number, ms: number): void {
  const groups = new Map<string, string[]>();
  for (const [id, c] of clusters) (groups.get(c) ?? groups.set(c, []).get(c)!).push(id);
  const sizes = [...groups.values()].map((g) => g.length).sort((a, b) => b - a);
  const found = [...planted].filter(([copy, src]) => clusters.get(copy) !== undefined && clusters.get(copy) === clusters.get(src)).length;
  const inPlanted = new Set([...planted.keys(), ...planted.values()]);
  const others = [...clusters.keys()].filter((id) => !inPlanted.has(id)).length;
  console.log(`  ${name.padEnd(22)} ${String(clusters.size).padStart(5)} of ${n} documents in ${String(groups.size).padStart(4)} clusters; largest ${sizes.slice(0, 5).join(', ')}; ` +
    `export drops ${clusters.size - groups.size}; planted copies found ${found}/${planted.size}; documents clustered outside the planted pairs ${others} (${ms.toFixed(0)} ms)`);
}

const corpus = realisticCorpus();
if (!corpus) console.log('\n(realistic corpus skipped: ../shared/data/quality/datatrove-reference.jsonl or zh/zh_cmrc2018_wiki.jsonl not found)');
else {
  const { items: docs, base, planted } = corpus;
  console.log(`\nrealistic corpus: ${docs.length} documents (${docs.filter((d) => d.lang === 'zh').length} Chinese), every fifth with a paragraph of another, one in twenty a boilerplate line, ${planted.size} planted near copies`);
  let t = performance.now();
  const old = legacyClusters(docs);
  describe('old (transitive)', old, planted, docs.length, performance.now() - t);
  t = performance.now();
  const idx = new DedupIndex();
  for (const d of docs) idx.addText(d.id, d.text, d.lang, d.sha256);
  const cur = idx.clusters();
  describe('new (kept document)', cur, planted, docs.length, performance.now() - t);
  const before = clusterDuplicates(base);
  console.log(`  the real documents alone (no insertions, no planted copies): ${before.size} of ${base.length} in ${new Set(before.values()).size} clusters with the new rule (mostly e-mails quoting each other and exact copies), ` +
    `${legacyClusters(base).size} with the old`);
  const shared = idx.sharedPassages();
  console.log(`  shared passages: ${shared.length} lines in 2+ documents, in ${new Set(shared.flatMap((p) => p.ids)).size} documents; the widest in ${shared[0]?.ids.length ?? 0}`);
}
