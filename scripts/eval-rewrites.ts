// Rewrite faithfulness on seeded pairs from real text (scripts/lib/seeded-rewrites.ts): for each source a
// faithful restyling and, on top of it, each corruption alone. Prints the share of right verdicts per kind
// and language, on the documents used to choose the thresholds ("fitted") and on the others ("held out"):
// documents are split by a hash of their id, half and half, in each language.
//   npm run eval:rewrites                     the table, through the same judge as `curator check --kind rewrite`
//   npm run eval:rewrites -- --misses 5       also print up to 5 wrong verdicts per cell, with reasons
//   npm run eval:rewrites -- --dump f.jsonl   write every pair with its verdict (for fitting thresholds)
//   npm run eval:rewrites -- --write-pairs f.jsonl   write the pairs as `curator check` input and stop
// Data: ../shared/data (or $CURATOR_SHARED_DATA): SummEdits documents and Dolma CC documents (English),
// CMRC 2018 passages (Chinese).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { judgePair } from '../src/core/review/judge';
import { namePoolOf, pairsOf, PAIR_KINDS, sourceSentences, type PairKind, type SeededPair, type SourceDoc } from './lib/seeded-rewrites';

const DATA = process.env.CURATOR_SHARED_DATA ?? join(__dirname, '..', '..', 'shared', 'data');
const ZH_DOCS = 240;

function englishDocs(): SourceDoc[] {
  const out: SourceDoc[] = [];
  const dir = join(DATA, 'factual', 'summedits-dev');
  const seen = new Set<string>();
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      for (const x of JSON.parse(readFileSync(join(dir, f), 'utf8')) as Array<{ doc: string; id: string }>) {
        if (seen.has(x.doc)) continue;
        seen.add(x.doc);
        out.push({ id: `summedits:${f.replace(/^summedits_|\.json$/g, '')}:${seen.size}`, lang: 'en', text: x.doc });
      }
    }
  }
  const dolma = join(DATA, 'html', 'dolma-tests');
  if (existsSync(dolma)) {
    for (const f of readdirSync(dolma).sort()) {
      let lines: string[] = [];
      if (f.endsWith('.jsonl')) lines = readFileSync(join(dolma, f), 'utf8').split('\n');
      else if (f.endsWith('.json.gz')) lines = gunzipSync(readFileSync(join(dolma, f))).toString('utf8').split('\n');
      lines.forEach((l, i) => {
        if (!l.trim()) return;
        const t = (JSON.parse(l) as { text?: string }).text;
        if (t && !seen.has(t)) {
          seen.add(t);
          out.push({ id: `dolma:${f}:${i}`, lang: 'en', text: t });
        }
      });
    }
  }
  return out;
}

function chineseDocs(): SourceDoc[] {
  const f = join(DATA, 'zh', 'zh_cmrc2018_wiki.jsonl');
  if (!existsSync(f)) return [];
  const all = readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { id: string; text: string });
  // every 4th passage (the set has several passages of one article in a row)
  return all.filter((_, i) => i % 4 === 0).slice(0, ZH_DOCS).map((x) => ({ id: `cmrc:${x.id}`, lang: 'zh' as const, text: x.text }));
}

/** FNV-1a of the id: the document's half. */
export function isHeldOut(id: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return ((h >>> 0) & 1) === 1;
}

function main(): void {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const en = englishDocs().filter((d) => sourceSentences(d.text, 'en').flat().length >= 4);
  const zh = chineseDocs().filter((d) => sourceSentences(d.text, 'zh').flat().length >= 4);
  if (!en.length && !zh.length) {
    console.log(`No data under ${DATA} (SummEdits, Dolma CC, CMRC): nothing to evaluate. See ../shared/data/README.md.`);
    return;
  }
  const pairs: SeededPair[] = [];
  for (const docs of [en, zh]) {
    const pool = namePoolOf(docs);
    docs.forEach((d, i) => pairs.push(...pairsOf(d, docs.filter((_, j) => j !== i), pool, 1000 + i)));
  }
  const pairsOut = opt('--write-pairs');
  if (pairsOut) {
    writeFileSync(pairsOut, pairs.map((p) => JSON.stringify({ id: p.id, source: p.source, derived: p.derived, style: 'textbook' })).join('\n') + '\n');
    console.log(`${pairs.length} pairs written to ${pairsOut}`);
    return;
  }
  const missesWanted = Number(opt('--misses') ?? 0);
  const dump: string[] = [];
  type Cell = { right: number; n: number; misses: string[] };
  const cells = new Map<string, Cell>();
  const cell = (k: string) => cells.get(k) ?? (cells.set(k, { right: 0, n: 0, misses: [] }), cells.get(k)!);
  const t0 = performance.now();
  for (const p of pairs) {
    const v = judgePair(p.source, p.derived, { kind: 'rewrite', style: 'textbook' });
    const right = p.kind === 'faithful' ? v.consistent : !v.consistent;
    const half = isHeldOut(p.docId) ? 'held' : 'fit';
    for (const k of [`${p.lang}|${p.kind}|${half}`, `${p.lang}|${p.kind}|all`]) {
      const c = cell(k);
      c.n++;
      if (right) c.right++;
      else if (k.endsWith('all') && c.misses.length < missesWanted) c.misses.push(`${p.id} (${p.note}) → ${v.consistent ? 'consistent' : 'needs review'} ${v.score}: ${v.reasons.map((r) => r.text).join('; ') || 'no reason'}`);
    }
    if (opt('--dump')) dump.push(JSON.stringify({ id: p.id, doc: p.docId, lang: p.lang, kind: p.kind, half, consistent: v.consistent, score: v.score, metrics: v.metrics, reasons: v.reasons.map((r) => r.code) }));
  }
  const ms = performance.now() - t0;
  if (opt('--dump')) writeFileSync(opt('--dump')!, dump.join('\n') + '\n');
  console.log(`Rewrite faithfulness, seeded pairs from real text: ${en.length} English documents (SummEdits, Dolma CC), ${zh.length} Chinese (CMRC 2018); ${pairs.length} pairs judged in ${(ms / 1000).toFixed(1)} s`);
  console.log('Share of right verdicts (faithful: called consistent; a corruption: called needs review), fitted half / held-out half of the documents\n');
  const goal: Record<PairKind, string> = { faithful: '≥ 90%', drop10: 'report', drop25: '≥ 90%', drop50: '≥ 98%', number: '≥ 90%', name: '≥ 90%', negation: '≥ 90%', insert: '≥ 90%', leak: '≥ 90%' };
  const pct = (c: Cell | undefined) => (c && c.n ? `${((100 * c.right) / c.n).toFixed(1)}% (${c.right}/${c.n})` : 'n/a');
  console.log(`${'kind'.padEnd(10)}${'goal'.padEnd(8)}${'English fitted'.padEnd(20)}${'English held out'.padEnd(20)}${'Chinese fitted'.padEnd(20)}${'Chinese held out'.padEnd(20)}`);
  for (const k of PAIR_KINDS) {
    console.log(`${k.padEnd(10)}${goal[k].padEnd(8)}${pct(cells.get(`en|${k}|fit`)).padEnd(20)}${pct(cells.get(`en|${k}|held`)).padEnd(20)}${pct(cells.get(`zh|${k}|fit`)).padEnd(20)}${pct(cells.get(`zh|${k}|held`)).padEnd(20)}`);
  }
  if (missesWanted) {
    for (const [k, c] of cells) {
      if (!k.endsWith('all') || !c.misses.length) continue;
      console.log(`\n${k.replace(/\|all$/, '')}: ${c.n - c.right} wrong`);
      for (const m of c.misses) console.log(`  ${m}`);
    }
  }
}

main();
