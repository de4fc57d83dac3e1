// curator stats <dir>: natural vs synthetic share, breakdowns, review, duplicates, quality, diversity.
import type { CliCommand } from './types';
import { boolFlag, checkFlags, numberFlag, parseArgs, UsageError } from '../args';
import { corpusDir, INDEX_FLAGS, INDEX_OPTIONS_USAGE, openCorpusIndex } from './index-cmd';
import { computeStats, DEFAULT_TARGET_SYNTHETIC_SHARE, type Breakdown } from '../../core/corpus/stats';

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function table(title: string, b: Breakdown): string[] {
  const rows = Object.entries(b).sort((x, y) => y[1].tokens - x[1].tokens);
  if (rows.length === 0) return [];
  return [`${title}:`, ...rows.map(([k, r]) => `  ${k.padEnd(20)} ${String(r.documents).padStart(8)} docs ${String(r.tokens).padStart(12)} tokens${r.synthetic ? `  (${r.synthetic} synthetic)` : ''}`)];
}

export const statsCommand: CliCommand = {
  name: 'stats',
  summary: 'corpus statistics: synthetic share, breakdowns, duplicates, quality, diversity',
  usage: [
    'Usage: curator stats <dir> [--json] [--target <share>] [--no-diversity]',
    '',
    'Builds or updates the index first when needed. Tokens are counted with --tokenizer (see below).',
    'JSON fields: tokenizer, documents, natural, synthetic, tokens,',
    'syntheticTokens, syntheticShare (by documents), syntheticTokenShare, targetSyntheticShare, warnings,',
    'byStyle, byAudience, byDomain, byLanguage, byModel, review, duplicates, quality (histograms),',
    'diversity (of the synthetic set), skipped ({ total, byReason, examples }).',
    '',
    '  --target <share>    target synthetic share; a warning is printed above it (default 0.3)',
    '  --no-diversity      skip the diversity measures (they read a sample of synthetic texts)',
    INDEX_OPTIONS_USAGE,
  ].join('\n'),
  async run(argv, io) {
    const args = parseArgs(argv, new Set(['json', 'no-diversity', 'rebuild', 'quiet']));
    checkFlags(args, [...INDEX_FLAGS, 'json', 'target', 'no-diversity']);
    const dir = corpusDir(args, io, 'stats');
    const target = numberFlag(args, 'target') ?? DEFAULT_TARGET_SYNTHETIC_SHARE;
    if (target < 0 || target > 1) throw new UsageError('--target must be between 0 and 1');
    const idx = await openCorpusIndex(dir, args, io);
    const s = await computeStats(idx.documents(), idx.skipped(), {
      targetSyntheticShare: target,
      tokenizer: idx.tokenizer,
      readTexts: boolFlag(args, 'no-diversity') ? undefined : (docs) => idx.readTexts(docs),
      reviewOutsideCorpus: idx.reviewOutsideCorpus(),
    });
    if (boolFlag(args, 'json')) {
      io.out(JSON.stringify(s, null, 2));
      return 0;
    }
    const lines = [
      `${s.documents} documents, ${s.tokens} tokens (${s.tokenizer === 'estimate' ? 'estimated' : s.tokenizer})`,
      `  natural   ${s.natural} docs, ${s.naturalTokens} tokens`,
      `  synthetic ${s.synthetic} docs, ${s.syntheticTokens} tokens — share ${pct(s.syntheticShare)} by documents, ${pct(s.syntheticTokenShare)} by tokens (target ${pct(s.targetSyntheticShare)})`,
      ...s.warnings.map((w) => `WARNING: ${w}`),
      `Review: ${s.review.accepted} accepted, ${s.review.rejected} rejected, ${s.review.pending} pending` + (s.review.acceptanceRate === null ? '' : ` (acceptance ${pct(s.review.acceptanceRate)})`),
      `Duplicates: ${s.duplicates.nearClusters} near-duplicate clusters (${s.duplicates.nearDocs} docs), ${s.duplicates.exactGroups} exact groups; duplicate rate ${pct(s.duplicates.duplicateRate)}`,
      ...table('By language', s.byLanguage),
      ...table('By domain', s.byDomain),
      ...table('By style (synthetic)', s.byStyle),
      ...table('By audience (synthetic)', s.byAudience),
      ...table('By model (synthetic)', s.byModel),
    ];
    if (s.diversity) {
      const d = s.diversity;
      lines.push(`Diversity of ${d.sampled} synthetic docs: distinct-1..4 ${[d.distinctN[1], d.distinctN[2], d.distinctN[3], d.distinctN[4]].map((x) => x.toFixed(3)).join(' / ')}, mean pairwise MinHash similarity ${d.meanPairwiseSimilarity.toFixed(3)} (${d.pairs} pairs)`);
      for (const o of d.topOpenings.slice(0, 5)) lines.push(`  opening ×${o.count}: ${o.phrase}`);
    }
    lines.push(`Skipped inputs: ${s.skipped.total}` + (s.skipped.total ? ' (' + Object.entries(s.skipped.byReason).map(([r, n]) => `${r} ${n}`).join(', ') + ')' : ''));
    io.out(lines.join('\n'));
    return 0;
  },
};
