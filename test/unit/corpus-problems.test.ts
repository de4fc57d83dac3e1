// Skipped inputs as Problems (issue 17, item 7): src/host/corpus/problems.model.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { skipDiagnostics, skipNotice, newSkips } from '../../src/host/corpus/problems.model';
import type { SkippedInput } from '../../src/core/corpus/model';

const skipped: SkippedInput[] = [
  { path: 'data/web.jsonl', line: 7, reason: 'bad-json', message: 'Unexpected token } in JSON at position 12' },
  { path: 'data/web.jsonl', line: 3, reason: 'no-text-field', message: 'no "text" field' },
  { path: 'shards/a.parquet', line: 12, reason: 'unreadable', message: 'bad page header' },
  { path: 'docs/blob.txt', reason: 'binary', message: 'looks binary' },
];
const label = (r: string) => `<${r}>`;

test('each skipped input is one diagnostic on its file, at its 0-based line (line 1 for a whole file), sorted by line', () => {
  const byFile = skipDiagnostics(skipped, label);
  assert.deepEqual([...byFile.keys()].sort(), ['data/web.jsonl', 'docs/blob.txt', 'shards/a.parquet']);
  assert.deepEqual(byFile.get('data/web.jsonl'), [
    { line: 2, message: '<no-text-field>: no "text" field', code: 'no-text-field' },
    { line: 6, message: '<bad-json>: Unexpected token } in JSON at position 12', code: 'bad-json' },
  ]);
  // A Parquet "line" is a row number, not a line of the (binary) file: said in the message, placed on line 1.
  assert.deepEqual(byFile.get('shards/a.parquet'), [{ line: 0, message: '<unreadable>: row 12: bad page header', code: 'unreadable' }]);
  assert.deepEqual(byFile.get('docs/blob.txt'), [{ line: 0, message: '<binary>: looks binary', code: 'binary' }]);
});

test('the notice after an index run counts the inputs and the files that are newly skipped; none when nothing new', () => {
  const first = newSkips(new Set(), skipped);
  assert.equal(first.fresh.length, 4);
  assert.deepEqual(skipNotice(first.fresh), { inputs: 4, files: 3 });
  // The same inputs after the next run (the watcher re-indexed a file): nothing to notify.
  const again = newSkips(first.seen, skipped);
  assert.equal(again.fresh.length, 0);
  assert.equal(skipNotice(again.fresh), undefined);
  // One more broken line: only it is new.
  const more = newSkips(again.seen, [...skipped, { path: 'data/web.jsonl', line: 9, reason: 'bad-json', message: 'x' }]);
  assert.deepEqual(skipNotice(more.fresh), { inputs: 1, files: 1 });
});
