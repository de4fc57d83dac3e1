// curator dedup <dir>: groups of near-duplicate (and identical) documents.
import type { CliCommand } from './types';
import { boolFlag, checkFlags, parseArgs } from '../args';
import { corpusDir, INDEX_FLAGS, INDEX_OPTIONS_USAGE, openCorpusIndex } from './index-cmd';
import { docRef } from '../../core/corpus/index/corpus-index';

export const dedupCommand: CliCommand = {
  name: 'dedup',
  summary: 'list groups of near-duplicate documents',
  usage: [
    'Usage: curator dedup <dir> [--json]',
    '',
    'Prints every group of two or more near-duplicate documents (MinHash/LSH; identical texts included).',
    'A document is named by its path relative to <dir>, with forward slashes; a record of a JSONL file is',
    'named "path:line" with the 1-based line number (e.g. data/web.jsonl:17).',
    'JSON: {"clusters": [["a.txt", "b/c.jsonl:3"], …]}, groups and members sorted by path and line.',
    '',
    INDEX_OPTIONS_USAGE,
  ].join('\n'),
  async run(argv, io) {
    const args = parseArgs(argv, new Set(['json', 'rebuild', 'quiet']));
    checkFlags(args, [...INDEX_FLAGS, 'json']);
    const dir = corpusDir(args, io, 'dedup');
    const idx = await openCorpusIndex(dir, args, io);
    const clusters = idx.duplicateClusters().map((g) => g.map(docRef));
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
