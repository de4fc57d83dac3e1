// curator dedup <dir>: groups of near-duplicate (and identical) documents, or with --passages the passages
// (lines) shared by several documents.
import type { CliCommand } from './types';
import { boolFlag, checkFlags, numberFlag, parseArgs, UsageError } from '../args';
import { corpusDir, INDEX_FLAGS, INDEX_OPTIONS_USAGE, openCorpusIndex } from './index-cmd';
import { docRef } from '../../core/corpus/index/corpus-index';
import { DEFAULT_DEDUP } from '../../core/corpus/dedup/lsh';
import { sharedPassageTexts } from '../../core/corpus/dedup/passages';

export const dedupCommand: CliCommand = {
  name: 'dedup',
  summary: 'list groups of near-duplicate documents, or passages shared by several documents',
  usage: [
    'Usage: curator dedup <dir> [--json]',
    '       curator dedup <dir> --passages [--min-docs 2] [--limit 50] [--json]',
    '',
    'Prints every group of two or more near-duplicate documents (identical texts included). A group is',
    'one kept document and its near copies: each member is, on its own, similar to the kept document as a',
    `whole (MinHash estimate of the Jaccard similarity of 5-word shingles, 5 characters for Chinese, ≥ ${DEFAULT_DEDUP.threshold})`,
    `or mostly contained in it (≥ ${DEFAULT_DEDUP.containment} of its shingles, leaving out whole lines both share) —`,
    'never through a chain of other documents. The kept document comes first.',
    'A document is named by its path relative to <dir>, with forward slashes; a record of a JSONL file is',
    'named "path:line" with the 1-based line number (e.g. data/web.jsonl:17).',
    'JSON: {"clusters": [["kept.txt", "b/c.jsonl:3"], …]}, groups sorted by their kept document.',
    '',
    '--passages lists the passages — lines of at least 8 words (16 characters for Chinese), compared',
    'regardless of case and punctuation — found in --min-docs documents or more, most widespread first,',
    'with the start of the text and the documents. They do not make documents near-duplicates;',
    '`curator export --drop-shared-passages` removes them from all documents but the first.',
    'JSON: {"passages": [{"documents": 12, "text": "…", "docs": ["a.txt", …]}, …]}.',
    '',
    INDEX_OPTIONS_USAGE,
  ].join('\n'),
  async run(argv, io) {
    const args = parseArgs(argv, new Set(['json', 'rebuild', 'quiet', 'passages']));
    checkFlags(args, [...INDEX_FLAGS, 'json', 'passages', 'min-docs', 'limit']);
    const dir = corpusDir(args, io, 'dedup');
    const passages = boolFlag(args, 'passages');
    const minDocs = numberFlag(args, 'min-docs') ?? 2;
    const limit = numberFlag(args, 'limit') ?? 50;
    if (!passages && (args.flags.has('min-docs') || args.flags.has('limit'))) throw new UsageError('--min-docs and --limit go with --passages');
    if (!Number.isInteger(minDocs) || minDocs < 2) throw new UsageError('--min-docs must be an integer ≥ 2');
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive integer');
    const idx = await openCorpusIndex(dir, args, io);
    if (passages) {
      const list = idx.sharedPassages(minDocs).slice(0, limit);
      const rows = (await sharedPassageTexts(list, (d) => idx.readText(d))).map((p) => ({ documents: p.docs.length, text: p.text, docs: p.docs.map(docRef) }));
      if (boolFlag(args, 'json')) io.out(JSON.stringify({ passages: rows }, null, 2));
      else if (rows.length === 0) io.out('No shared passages.');
      else {
        io.out(`${rows.length} passages shared by ${minDocs} or more documents:`);
        rows.forEach((r, i) => {
          const t = r.text.length > 100 ? r.text.slice(0, 100) + '…' : r.text;
          io.out(`${i + 1}. [${r.documents} documents] ${t}`);
          io.out(`   ${r.docs.slice(0, 5).join('  ')}${r.docs.length > 5 ? `  … (${r.docs.length - 5} more)` : ''}`);
        });
      }
      return 0;
    }
    const clusters = idx.duplicateClusters().map((g) => {
      const keptIdx = g.findIndex((d) => d.dupCluster === 'c' + d.id);
      const ordered = keptIdx > 0 ? [g[keptIdx]!, ...g.filter((_, i) => i !== keptIdx)] : g;
      return ordered.map(docRef);
    });
    clusters.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
    if (boolFlag(args, 'json')) io.out(JSON.stringify({ clusters }, null, 2));
    else if (clusters.length === 0) io.out('No near-duplicates.');
    else {
      io.out(`${clusters.length} groups of near-duplicates:`);
      clusters.forEach((c, i) => io.out(`${i + 1}. ${c.join('  ')}`));
    }
    return 0;
  },
};
