// curator search <dir> <query>: full-text search (English and Chinese) with metadata filters.
import { searchCheckingZhWords } from '../../core/corpus/search/zh-verify';
import type { CliCommand } from './types';
import { boolFlag, checkFlags, numberFlag, parseArgs, UsageError } from '../args';
import { corpusDir, FILTER_FLAGS, FILTER_USAGE, INDEX_FLAGS, INDEX_OPTIONS_USAGE, openCorpusIndex, parseFilters } from './index-cmd';
import { docRef } from '../../core/corpus/index/corpus-index';
import { snippet } from '../../core/corpus/search/snippet';

export const searchCommand: CliCommand = {
  name: 'search',
  summary: 'search the corpus (English and Chinese) with filters',
  usage: [
    'Usage: curator search <dir> <query> [--json] [--limit N] [filters]',
    '',
    'Finds documents containing the query words (Chinese: characters and character pairs, no spaces',
    'needed); documents with every query term come first. An empty query ("") lists what the filters keep.',
    'Documents are named "path" or "path:line" (JSONL records, 1-based line).',
    '',
    '  --limit N           at most N results (default 20)',
    FILTER_USAGE,
    INDEX_OPTIONS_USAGE,
    '  --json              [{ ref, path, line, score, coverage, lang, kind, domain, title, snippet }, …]',
  ].join('\n'),
  async run(argv, io) {
    const args = parseArgs(argv, new Set(['json', 'rebuild', 'quiet']));
    checkFlags(args, [...INDEX_FLAGS, ...FILTER_FLAGS, 'json', 'limit']);
    const dir = corpusDir(args, io, 'search');
    const query = args.positionals.slice(1).join(' ');
    if (args.positionals.length < 2) throw new UsageError('usage: curator search <dir> <query>');
    const limit = numberFlag(args, 'limit') ?? 20;
    const filters = parseFilters(args);
    const idx = await openCorpusIndex(dir, args, io);
    // Chinese words of the query must stand as words in the results (core/corpus/search/zh-verify.ts).
    const { results, texts } = await searchCheckingZhWords(query, limit, (n) => idx.search(query, { limit: n, filters }), (docs) => idx.readTexts(docs));
    const rows = results.map((r) => ({
      ref: docRef(r.doc),
      path: r.doc.path,
      line: r.doc.line,
      score: Number(r.score.toFixed(4)),
      coverage: Number(r.coverage.toFixed(3)),
      lang: r.doc.lang,
      kind: r.doc.kind,
      domain: r.doc.domain,
      title: r.doc.title,
      snippet: snippet(texts.get(r.doc.id) ?? '', query),
    }));
    if (boolFlag(args, 'json')) io.out(JSON.stringify(rows, null, 2));
    else if (rows.length === 0) io.out('No matches.');
    else for (const r of rows) io.out(`${r.ref}  [${r.lang}, ${r.kind}${r.coverage < 1 ? `, ${Math.round(r.coverage * 100)}% of terms` : ''}]\n    ${r.snippet}`);
    return 0;
  },
};
