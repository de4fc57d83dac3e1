import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildReview } from '../../core/review/review';
import type { ReviewModel } from '../../core/review/types';
import { boolFlag, checkFlags, parseArgs, stringFlag, UsageError } from '../args';
import type { CliCommand } from './types';

const usage = `curator review <source> <rewrite> [--json] [--style <id>] [--fail-on-review]

Compares a rewrite with its source: aligns the rewrite's sentences to the source sentences they come
from (merges, splits and reordering allowed), diffs each aligned pair word by word (character by
character for Chinese), and checks the facts of both texts (numbers, dates, names, URLs, e-mails, code
identifiers; negations and direction words where flipped): kept, dropped, altered or new. Prints the
verdict (the same as \`curator check --kind rewrite\`, the review panel and the review queue) with its
reasons in plain words, facts kept of all source facts, and coverage of the source; or, with --json, the
whole review model (its "verdict" has consistent, score, reasons with offsets, and metrics).
Exit code 0 when the review was made, whatever its verdict (with --fail-on-review: 3 for "needs review");
1 when a file cannot be read.

Options:
  --json              print the review model (segments, aligned pairs with word changes, facts, verdict)
  --style <id>        the rewrite's style: distill and knowledge-list may leave detail out (default: keeps everything)
  --fail-on-review    exit 3 when the verdict is "needs review"`;

export const reviewCommand: CliCommand = {
  name: 'review',
  summary: 'align a rewrite with its source, diff it and check its facts (kept / dropped / altered / new)',
  usage,
  async run(argv, io) {
    const args = parseArgs(argv, new Set(['json', 'fail-on-review']));
    checkFlags(args, ['json', 'style', 'fail-on-review']);
    if (args.positionals.length !== 2) throw new UsageError('needs <source> and <rewrite> files');
    const style = stringFlag(args, 'style');
    const [srcPath, rwPath] = args.positionals.map((p) => resolve(io.cwd, p)) as [string, string];
    const [source, rewrite] = [readFileSync(srcPath, 'utf8'), readFileSync(rwPath, 'utf8')];
    const model = buildReview(source, rewrite, { style });
    if (boolFlag(args, 'json')) io.out(JSON.stringify(model));
    else io.out(formatReview(model, source, rewrite));
    return boolFlag(args, 'fail-on-review') && !model.verdict.consistent ? 3 : 0;
  },
};

function clip(s: string, n = 90): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? t.slice(0, n - 1) + '…' : t;
}

/** A readable summary of a review: verdict, counts, then the facts that need a look and the dropped/new passages. */
export function formatReview(m: ReviewModel, source: string, rewrite: string): string {
  const v = m.verdict;
  const s = m.summary;
  const lines: string[] = [];
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  lines.push(`Verdict: ${v.consistent ? 'consistent' : 'needs review'}`);
  for (const r of v.reasons) lines.push(`  - ${r.text}`);
  const k = v.metrics;
  lines.push(`Facts kept: ${k.factsKept} of ${k.factsTotal}${k.factsTotal ? ` (${pct(k.factsKept / k.factsTotal)})` : ''}; ${s.altered} altered, ${s.dropped} dropped, ${s.added} new in the rewrite`);
  lines.push(`Coverage: ${pct(k.coverageChars)} of the source text, ${k.passagesTotal - k.passagesDropped} of ${k.passagesTotal} source passages have a counterpart`);
  lines.push(
    `Sentences: ${m.source.segments.length} in the source, ${m.rewrite.segments.length} in the rewrite; ${m.pairs.length} aligned pairs, ` +
      `${m.dropped.length} source passages dropped, ${m.added.length} rewrite passages new (${m.timing.totalMs} ms)`,
  );
  const lineOf = (text: string, offset: number) => {
    let n = 1;
    for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
    return n;
  };
  const segOf = new Map([...m.source.segments, ...m.rewrite.segments].map((x) => [x.id, x.text]));
  const altered = m.facts.filter((f) => f.status === 'altered' && (f.side === 'source' || !f.counterpart));
  if (altered.length) {
    lines.push('', 'Altered:');
    for (const f of altered) {
      const where = f.side === 'source' ? `source line ${lineOf(source, f.start)}` : `rewrite line ${lineOf(rewrite, f.start)}`;
      lines.push(`  ${f.kind.padEnd(8)} ${f.side === 'source' ? '' : '(rewrite) '}"${clip(f.text, 40)}"${f.counterpart ? ` → "${clip(f.counterpart.text, 40)}"` : f.kind === 'negation' ? ` (claim flipped) in "${clip(segOf.get(f.segment) ?? '', 60)}"` : ''}  [${where}]`);
    }
  }
  const added = m.facts.filter((f) => f.status === 'new');
  if (added.length) {
    lines.push('', 'New in the rewrite (not in the source):');
    for (const f of added.slice(0, 50)) lines.push(`  ${f.kind.padEnd(8)} "${clip(f.text, 50)}"  [rewrite line ${lineOf(rewrite, f.start)}]`);
    if (added.length > 50) lines.push(`  … ${added.length - 50} more`);
  }
  const dropped = m.facts.filter((f) => f.status === 'dropped');
  if (dropped.length) {
    lines.push('', 'Dropped from the source:');
    for (const f of dropped.slice(0, 50)) lines.push(`  ${f.kind.padEnd(8)} "${clip(f.text, 50)}"  [source line ${lineOf(source, f.start)}]`);
    if (dropped.length > 50) lines.push(`  … ${dropped.length - 50} more`);
  }
  const segText = new Map([...m.source.segments, ...m.rewrite.segments].map((x) => [x.id, x.text]));
  if (m.dropped.length) {
    lines.push('', 'Source passages with no counterpart:');
    for (const id of m.dropped.slice(0, 20)) lines.push(`  ${id}: ${clip(segText.get(id) ?? '')}`);
    if (m.dropped.length > 20) lines.push(`  … ${m.dropped.length - 20} more`);
  }
  if (m.added.length) {
    lines.push('', 'Rewrite passages with no source:');
    for (const id of m.added.slice(0, 20)) lines.push(`  ${id}: ${clip(segText.get(id) ?? '')}`);
    if (m.added.length > 20) lines.push(`  … ${m.added.length - 20} more`);
  }
  return lines.join('\n');
}
