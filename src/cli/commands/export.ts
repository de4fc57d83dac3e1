// curator export <dir> --synthetic-share 0.3 --out mix.jsonl.gz: a training mix in Dolma format.
import { resolve } from 'node:path';
import type { CliCommand } from './types';
import { boolFlag, checkFlags, numberFlag, parseArgs, stringFlag, UsageError } from '../args';
import { corpusDir, FILTER_FLAGS, FILTER_USAGE, INDEX_FLAGS, INDEX_OPTIONS_USAGE, openCorpusIndex, parseFilters } from './index-cmd';
import { exportMix, manifestPathFor } from '../../core/corpus/export';
import { DEFAULT_TARGET_SYNTHETIC_SHARE } from '../../core/corpus/stats';
import { isPresetName, PRESET_NAMES } from '../../core/corpus/filters/presets';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export a training mix at a target synthetic share (Dolma JSONL / .jsonl.gz / Parquet)',
  usage: [
    'Usage: curator export <dir> --out <file.jsonl[.gz]|file.parquet> [--synthetic-share 0.3] [options]',
    '',
    'Chooses documents so the synthetic share is as close to the target as whole documents allow (seeded),',
    'keeps one document per duplicate cluster, leaves out rejected rewrites, and writes Dolma records',
    '(id, text, source, added, created, metadata with provenance) plus <file>.manifest.json with counts,',
    'tokens (in the --tokenizer) and the achieved share. A .parquet output is zstd-compressed, with the Dolma',
    'fields, the provenance as typed columns (synthetic, kind, lang, domain, tokens, path, line, style,',
    'audience, model, parent_path, review_status, sha256) and the metadata object as a JSON column.',
    '',
    '  --out <file>              output; .gz means gzipped JSONL, .parquet Parquet (required)',
    `  --synthetic-share <x>     target share in [0, 1] (default ${DEFAULT_TARGET_SYNTHETIC_SHARE})`,
    '  --measure tokens|documents  what the share counts (default tokens)',
    '  --seed <n>                random seed (default 1)',
    '  --accepted-only           only rewrites whose review was accepted (default: accepted and pending)',
    '  --keep-duplicates         keep every member of a duplicate cluster',
    '  --drop-shared-passages    remove a passage shared by several documents (curator dedup --passages)',
    '                            from every document but the first written; no document is left out for it',
    `  --filter-preset ${PRESET_NAMES.join('|')}|none`,
    "                            leave out what datatrove's filter preset drops (as curator filter --preset",
    '                            and the setting corpusCurator.corpus.filterPreset; default none); the',
    '                            manifest\'s filterPreset gives the documents dropped and each rule\'s count',
    FILTER_USAGE,
    INDEX_OPTIONS_USAGE,
    '  --json                    print the manifest as JSON',
  ].join('\n'),
  async run(argv, io) {
    const args = parseArgs(argv, new Set(['json', 'accepted-only', 'keep-duplicates', 'drop-shared-passages', 'rebuild', 'quiet']));
    checkFlags(args, [...INDEX_FLAGS, ...FILTER_FLAGS, 'json', 'out', 'synthetic-share', 'measure', 'seed', 'accepted-only', 'keep-duplicates', 'drop-shared-passages', 'filter-preset']);
    const dir = corpusDir(args, io, 'export');
    const outArg = stringFlag(args, 'out');
    if (!outArg) throw new UsageError('--out <file.jsonl.gz> is required');
    const share = numberFlag(args, 'synthetic-share') ?? DEFAULT_TARGET_SYNTHETIC_SHARE;
    if (share < 0 || share > 1) throw new UsageError('--synthetic-share must be between 0 and 1');
    const measure = stringFlag(args, 'measure') ?? 'tokens';
    if (measure !== 'tokens' && measure !== 'documents') throw new UsageError('--measure must be tokens or documents');
    const seed = numberFlag(args, 'seed') ?? 1;
    let filters = parseFilters(args);
    const preset = stringFlag(args, 'filter-preset');
    if (preset !== undefined && preset !== 'none') {
      if (!isPresetName(preset)) throw new UsageError(`--filter-preset must be one of ${[...PRESET_NAMES, 'none'].join(', ')}`);
      filters = { ...filters, filterPreset: preset };
    }
    const out = resolve(io.cwd, outArg);
    // The preset reads each document's rule hits, which an index computes only when asked.
    const idx = await openCorpusIndex(dir, args, io, filters?.filterPreset ? { filterRules: true } : undefined);
    const m = await exportMix(idx.documents(), (docs, signal) => idx.texts(docs, signal), out, {
      syntheticShare: share,
      measure,
      seed,
      filters,
      acceptedOnly: boolFlag(args, 'accepted-only'),
      keepDuplicates: boolFlag(args, 'keep-duplicates'),
      tokenizer: idx.tokenizer,
      dropPassages: boolFlag(args, 'drop-shared-passages') ? new Set(idx.sharedPassages().map((p) => p.hash)) : undefined,
    });
    if (boolFlag(args, 'json')) io.out(JSON.stringify(m, null, 2));
    else {
      io.out(`Wrote ${m.documents} documents (${m.natural} natural, ${m.synthetic} synthetic), ${m.tokens} tokens (${m.tokenizer}) to ${out}`);
      io.out(`Synthetic share ${(m.achievedShare * 100).toFixed(1)}% by tokens, ${(m.achievedShareByDocuments * 100).toFixed(1)}% by documents (target ${(share * 100).toFixed(1)}% by ${measure}).`);
      io.out(`Excluded: ${m.excluded.rejected} rejected, ${m.excluded.duplicates} duplicates, ${m.excluded.filtered} filtered, ${m.excluded.overBudget} over budget, ${m.excluded.changedOrUnreadable} changed/unreadable.`);
      if (m.filterPreset) {
        const rules = m.filterPreset.byRule.map((r) => `${r.filter}/${r.rule} ${r.documents}`).join(', ');
        io.out(`Filter preset ${m.filterPreset.preset} dropped ${m.filterPreset.dropped} documents${rules ? ` (each rule on its own: ${rules})` : ''}.`);
      }
      if (m.passagesDropped !== undefined) io.out(`Shared passages removed: ${m.passagesDropped}.`);
      if (m.note) io.out(m.note);
      io.out(`Manifest: ${manifestPathFor(out)}`);
    }
    return 0;
  },
};
