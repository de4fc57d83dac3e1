// Agreement with datatrove's own filter decisions (../shared/data/quality/datatrove-reference.jsonl: 2,352
// real English documents, GopherRepetition, GopherQuality, C4 and FineWeb with default thresholds, each
// rule on its own and each filter whole). For every rule: the share of documents where our decision (keep,
// or the same reason string) equals datatrove's, and the ids of the documents where it does not; printed
// for a fitted part and a held-out part of the documents (split by a hash of the document id, about 70/30:
// the held-out part was never looked at while writing the rules).
//
// Usage: npm run eval:quality [-- --data FILE] [--show N]
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { c4Quality, finewebQuality, gopherQuality, gopherRepetition, type FilterOutcome } from '../src/core/corpus/filters/rules';
import { wordTokenize } from '../src/core/corpus/filters/treebank';

const args = process.argv.slice(2);
const dataArg = args.indexOf('--data');
const showArg = args.indexOf('--show');
const show = showArg >= 0 ? Number(args[showArg + 1]) : 10;
/** ../shared/data beside the project (the nearest `shared/data` above it, so a git worktree finds it too). */
function sharedData(rel: string): string {
  let dir = resolve(__dirname, '..');
  for (;;) {
    const candidate = join(dir, '..', 'shared', 'data', rel);
    if (existsSync(candidate) || dirname(dir) === dir) return candidate;
    dir = dirname(dir);
  }
}
const file = resolve(dataArg >= 0 ? args[dataArg + 1]! : sharedData('quality/datatrove-reference.jsonl'));
if (!existsSync(file)) {
  console.error(`eval-quality: data not found at ${file}.`);
  console.error('The reference decisions live outside the repository (../shared/data/quality); nothing was evaluated.');
  process.exit(2);
}

type Decision = string | null;
interface RefFilter {
  kept: boolean;
  reason: Decision;
  rules: Record<string, Decision>;
  stats: Record<string, unknown>;
}
interface RefDoc {
  id: string;
  text: string;
  filters: Record<'gopher_repetition' | 'gopher_quality' | 'c4' | 'fineweb', RefFilter>;
}

const docs: RefDoc[] = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as RefDoc);

/** About 70% fitted, 30% held out, by the first byte of SHA-256 of the id. */
function heldOut(id: string): boolean {
  return createHash('sha256').update(id).digest()[0]! >= 180;
}

const firstOf = (o: FilterOutcome, rules: string[]): Decision => o.hits.find((h) => rules.includes(h.rule))?.rule ?? null;

/** Our decision for each of datatrove's rule keys (each rule on its own), and for the whole filter. */
function ours(text: string): Record<string, Record<string, Decision>> {
  const words = wordTokenize(text);
  const gq = gopherQuality(text, words);
  const gr = gopherRepetition(text, words);
  const c4 = c4Quality(text);
  const fw = finewebQuality(text, words);
  const fwAlone = (rule: string): Decision => (fw.values.empty === 0 ? 'empty' : firstOf(fw, [rule]));
  const gqKeys: Record<string, string[]> = {
    min_doc_words: ['gopher_short_doc'],
    max_doc_words: ['gopher_long_doc'],
    min_avg_word_length: ['gopher_below_avg_threshold'],
    max_avg_word_length: ['gopher_above_avg_threshold'],
    max_symbol_word_ratio: ['gopher_too_many_hashes', 'gopher_too_many_ellipsis'],
    max_bullet_lines_ratio: ['gopher_too_many_bullets'],
    max_ellipsis_lines_ratio: ['gopher_too_many_end_ellipsis'],
    max_non_alpha_words_ratio: ['gopher_below_alpha_threshold'],
    min_stop_words: ['gopher_enough_stop_words'],
  };
  return {
    gopher_quality: { ...Object.fromEntries(Object.entries(gqKeys).map(([k, r]) => [k, firstOf(gq, r)])), '(whole filter)': gq.reason },
    gopher_repetition: { ...Object.fromEntries(Object.keys(gr.values).map((k) => [k, firstOf(gr, [k])])), '(whole filter)': gr.reason },
    c4: {
      lorem_ipsum: firstOf(c4, ['lorem_ipsum']),
      curly_bracket: firstOf(c4, ['curly_bracket']),
      too_few_sentences: firstOf(c4, ['too_few_sentences']),
      '(whole filter)': c4.reason,
      '(line outcomes)': c4.lineOutcomes,
    },
    fineweb: {
      line_punct_thr: fwAlone('line_punct_ratio'),
      short_line_thr: fwAlone('short_line_ratio'),
      char_duplicates_ratio: fwAlone('char_dup_ratio'),
      new_line_ratio: fwAlone('list_ratio'),
      '(whole filter)': fw.reason,
    },
  };
}

interface Tally {
  n: [number, number];
  agree: [number, number];
  drops: [number, number];
  bad: string[];
}
const tallies = new Map<string, Tally>();
const t0 = performance.now();
for (const d of docs) {
  const part = heldOut(d.id) ? 1 : 0;
  const mine = ours(d.text);
  for (const [filter, ref] of Object.entries(d.filters)) {
    const expected: Record<string, Decision> = { ...ref.rules, '(whole filter)': ref.reason };
    if (filter === 'c4') expected['(line outcomes)'] = (ref.stats.line_outcomes as string | undefined) ?? null;
    for (const [rule, want] of Object.entries(expected)) {
      const key = `${filter}  ${rule}`;
      const t = tallies.get(key) ?? { n: [0, 0], agree: [0, 0], drops: [0, 0], bad: [] };
      tallies.set(key, t);
      const got = mine[filter]![rule];
      t.n[part]++;
      if (want !== null && rule !== '(line outcomes)') t.drops[part]++;
      if (got === want) t.agree[part]++;
      else t.bad.push(`${d.id}${part ? ' (held out)' : ''}: ours ${JSON.stringify(got)}, datatrove ${JSON.stringify(want)}`);
    }
  }
}
const ms = performance.now() - t0;

const pct = (a: number, n: number): string => (n ? ((100 * a) / n).toFixed(2) + '%' : '—');
const nFit = docs.filter((d) => !heldOut(d.id)).length;
console.log(`datatrove reference: ${docs.length} documents (${nFit} fitted, ${docs.length - nFit} held out), ${file}`);
console.log('');
console.log(`${'filter  rule'.padEnd(48)} ${'drops'.padStart(9)} ${'fitted'.padStart(9)} ${'held-out'.padStart(9)}  disagreeing documents`);
let worst = 100;
for (const [key, t] of tallies) {
  const fit = (100 * t.agree[0]) / t.n[0];
  const held = (100 * t.agree[1]) / t.n[1];
  worst = Math.min(worst, fit, held);
  console.log(
    `${key.padEnd(48)} ${String(t.drops[0] + t.drops[1]).padStart(9)} ${pct(t.agree[0], t.n[0]).padStart(9)} ${pct(t.agree[1], t.n[1]).padStart(9)}  ${t.bad.length}`,
  );
}
console.log('');
for (const [key, t] of tallies) {
  if (t.bad.length === 0) continue;
  console.log(`${key}: ${t.bad.length} disagreeing`);
  for (const b of t.bad.slice(0, show)) console.log(`  ${b}`);
  if (t.bad.length > show) console.log(`  … ${t.bad.length - show} more (--show N)`);
}
console.log(`lowest agreement of any rule: ${worst.toFixed(2)}% (goal ≥ 99%); ${(ms / 1000).toFixed(1)} s for ${docs.length} documents`);
