// curator index <dir>: builds or updates the corpus index in <dir>/.curator/index/ (the same index the
// extension keeps). Also the shared helpers of the corpus commands (stats, dedup, search, export).
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliCommand, CliIO } from './types';
import { boolFlag, checkFlags, parseArgs, stringFlag, UsageError, type ParsedArgs } from '../args';
import { CorpusIndex, type IndexProgress } from '../../core/corpus/index/corpus-index';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from '../../core/corpus/index/glob';
import { QUALITY_SIGNAL_NAMES } from '../../core/corpus/quality';
import { parseQualityThresholds, type DocFilters } from '../../core/corpus/search/filters';
import { errorMessage } from '../../core/util/errors';
import { isTokenizerId, TOKENIZER_IDS } from '../../core/text/tokenizers';

export const INDEX_FLAGS = ['include', 'exclude', 'rebuild', 'quiet', 'tokenizer', 'text-field'] as const;

export const INDEX_OPTIONS_USAGE = [
  '  --include <globs>   comma-separated globs of files to index (default: everything)',
  `  --exclude <globs>   comma-separated globs to leave out (default: ${DEFAULT_EXCLUDE.join(', ')})`,
  '  --rebuild           rebuild the index from scratch instead of updating it',
  `  --tokenizer <t>     count tokens with ${TOKENIZER_IDS.join(', ')} (default: the index's, else estimate);`,
  '                      counts are cached by content hash, so switching back re-reads no file',
  '  --text-field <f>    JSONL field / Parquet column holding the text (default: the index\'s, else "text";',
  '                      without it: content, raw_content, or the only string field)',
  '  --quiet             no progress on stderr',
].join('\n');

function globs(v: string | undefined, dflt: string[]): string[] {
  return v === undefined ? dflt : v.split(',').map((s) => s.trim()).filter(Boolean);
}

export function corpusDir(args: ParsedArgs, io: CliIO, command: string): string {
  const d = args.positionals[0];
  if (!d) throw new UsageError(`usage: curator ${command} <dir> … (curator ${command} --help)`);
  const dir = resolve(io.cwd, d);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${d} is not a folder`);
  return dir;
}

/**
 * Opens the index of `dir`, building it when absent/corrupt and updating it when files changed.
 * `filterRules`: the command reads the documents' filter-rule hits (a preset), computed now if the index lacks them.
 */
export async function openCorpusIndex(dir: string, args: ParsedArgs, io: CliIO, extra: { filterRules?: boolean } = {}): Promise<CorpusIndex> {
  const quiet = boolFlag(args, 'quiet');
  let last = 0;
  const onProgress = (p: IndexProgress) => {
    if (quiet) return;
    const now = Date.now();
    if ((p.phase === 'read' || p.phase === 'tokens' || p.phase === 'filters') && now - last < 1000 && p.done !== p.total) return;
    last = now;
    if (p.phase === 'read' && p.total) io.err(`indexing: ${p.done}/${p.total} files`);
    if (p.phase === 'tokens' && p.total) io.err(`counting tokens: ${p.done}/${p.total} documents`);
    if (p.phase === 'filters' && p.total) io.err(`filter rules: ${p.done}/${p.total} documents`);
  };
  const tokenizer = stringFlag(args, 'tokenizer');
  if (tokenizer !== undefined && !isTokenizerId(tokenizer)) throw new UsageError(`--tokenizer must be one of ${TOKENIZER_IDS.join(', ')}`);
  const textField = stringFlag(args, 'text-field')?.trim() || CorpusIndex.peekSettings(dir).textField;
  const opts = {
    include: globs(stringFlag(args, 'include'), DEFAULT_INCLUDE),
    exclude: globs(stringFlag(args, 'exclude'), DEFAULT_EXCLUDE),
    reader: textField ? { textField } : undefined,
    tokenizer,
    filterRules: extra.filterRules || undefined,
    log: (m: string) => io.err(m),
    onProgress,
  };
  if (boolFlag(args, 'rebuild')) return CorpusIndex.build(dir, opts, opts);
  return CorpusIndex.open(dir, opts);
}

export const FILTER_FLAGS = ['kind', 'lang', 'style', 'audience', 'domain', 'status', 'model', 'quality'] as const;

export const FILTER_USAGE = [
  '  --kind natural|synthetic   --lang en|zh|other   --status accepted|rejected|pending|none',
  '  --style <s>  --audience <a>  --domain <d>  --model <m>',
  '  --quality <thresholds>     e.g. "markupPer1k<=2,garbledPer1k<1,tooShort=0" (signals of the quality model)',
].join('\n');

export function parseFilters(args: ParsedArgs): DocFilters | undefined {
  const f: DocFilters = {};
  const kind = stringFlag(args, 'kind');
  if (kind !== undefined) {
    if (kind !== 'natural' && kind !== 'synthetic') throw new UsageError('--kind must be natural or synthetic');
    f.kind = kind;
  }
  const lang = stringFlag(args, 'lang');
  if (lang !== undefined) {
    if (lang !== 'en' && lang !== 'zh' && lang !== 'other') throw new UsageError('--lang must be en, zh or other');
    f.lang = lang;
  }
  const status = stringFlag(args, 'status');
  if (status !== undefined) {
    if (!['accepted', 'rejected', 'pending', 'none'].includes(status)) throw new UsageError('--status must be accepted, rejected, pending or none');
    f.status = status as DocFilters['status'];
  }
  for (const k of ['style', 'audience', 'domain', 'model'] as const) {
    const v = stringFlag(args, k);
    if (v !== undefined) f[k] = v;
  }
  const q = stringFlag(args, 'quality');
  if (q !== undefined) {
    try {
      f.quality = parseQualityThresholds(q, QUALITY_SIGNAL_NAMES);
    } catch (e) {
      throw new UsageError(errorMessage(e));
    }
  }
  return Object.keys(f).length ? f : undefined;
}

export const indexCommand: CliCommand = {
  name: 'index',
  summary: 'build or update the corpus index of a folder (.curator/index/)',
  usage: [
    'Usage: curator index <dir> [--rebuild] [--include <globs>] [--exclude <globs>] [--json]',
    '',
    'Reads every supported file (txt, md, html, jsonl, jsonl.gz, json.gz, jsonl.zst, parquet) under <dir>, and writes the index the',
    'extension uses to <dir>/.curator/index/. An existing index is updated: only files whose modification',
    'time or size changed are read again. A corrupt index or one of an older format is rebuilt.',
    '',
    INDEX_OPTIONS_USAGE,
    '  --json              print the summary as JSON',
  ].join('\n'),
  async run(argv, io) {
    const args = parseArgs(argv, new Set(['rebuild', 'quiet', 'json']));
    checkFlags(args, [...INDEX_FLAGS, 'json']);
    const dir = corpusDir(args, io, 'index');
    const t0 = Date.now();
    const idx = await openCorpusIndex(dir, args, io);
    const info = idx.info();
    const skipped = idx.skipped();
    const docs = idx.documents();
    const summary = {
      dir: info.dir,
      documents: info.documents,
      files: info.files,
      natural: docs.filter((d) => d.kind === 'natural').length,
      synthetic: docs.filter((d) => d.kind === 'synthetic').length,
      skipped: skipped.length,
      generation: info.generation,
      tokenizer: info.tokenizer,
      seconds: (Date.now() - t0) / 1000,
      /** The first 100 skipped inputs (curator stats --json counts them all by reason). */
      skippedInputs: skipped.slice(0, 100),
    };
    if (boolFlag(args, 'json')) io.out(JSON.stringify(summary, null, 2));
    else {
      io.out(`${summary.documents} documents (${summary.natural} natural, ${summary.synthetic} synthetic) from ${summary.files} files; ${summary.skipped} inputs skipped.`);
      // Bad input is named with its place (line, row or byte offset) and why: the first 20 here.
      for (const s of skipped.slice(0, 20)) io.out(`  skipped ${s.line === undefined ? s.path : `${s.path}:${s.line}`} (${s.reason}): ${s.message}`);
      if (skipped.length > 20) io.out(`  … and ${skipped.length - 20} more (curator index --json lists 100)`);
      io.out(`Index: ${info.dir} (generation ${info.generation}), tokens counted with ${info.tokenizer}, ${summary.seconds.toFixed(1)} s.`);
    }
    return 0;
  },
};
