// The provenance log reader: cached by size and mtime, reading only what was appended since the last read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendProvenance, provenancePath, readProvenance } from '../../src/core/provenance/log';
import type { DecisionRecord } from '../../src/core/provenance/types';
import { tempDir } from './tempdirs';

const rec = (n: number): DecisionRecord => ({ type: 'decision', v: 1, time: `t${n}`, rewriteId: `r${n}`, source: { path: 's' }, output: { path: `o${n}` }, decision: 'accepted' });
const ids = (root: string) => readProvenance(root).records.map((r) => (r.type === 'decision' ? r.rewriteId : r.id));

test('an unchanged log is not read again; appends are read from where the last read ended, torn lines included', () => {
  const root = tempDir('curator-prov-');
  assert.deepEqual(readProvenance(root), { records: [], errors: [] }, 'no log yet');
  appendProvenance(root, rec(1));
  appendProvenance(root, rec(2));
  const first = readProvenance(root);
  assert.deepEqual(ids(root), ['r1', 'r2']);
  assert.equal(readProvenance(root), first, 'the same result object while the file is unchanged');
  assert.ok(Object.isFrozen(first.records), 'shared with every caller: frozen');
  // A line torn by a crash counts as an error now, and is read again once the line is complete.
  const file = provenancePath(root);
  appendFileSync(file, JSON.stringify(rec(3)).slice(0, 20));
  const torn = readProvenance(root);
  assert.deepEqual(torn.records.length, 2);
  assert.deepEqual(torn.errors.map((e) => e.line), [3]);
  appendFileSync(file, JSON.stringify(rec(3)).slice(20) + '\nnot json\n');
  appendProvenance(root, rec(4));
  const later = readProvenance(root);
  assert.deepEqual(ids(root), ['r1', 'r2', 'r3', 'r4']);
  assert.deepEqual(later.errors, [{ line: 4, message: later.errors[0]!.message }], 'the bad line by its number; the torn one is whole now');
  assert.deepEqual(first.records.length, 2, 'an earlier result stays as it was');
});

test('a replaced, shortened or deleted log is read afresh', () => {
  const root = tempDir('curator-prov-');
  for (let i = 1; i <= 3; i++) appendProvenance(root, rec(i));
  assert.deepEqual(ids(root), ['r1', 'r2', 'r3']);
  const file = provenancePath(root);
  // Same size, other content, another mtime: read whole.
  writeFileSync(file, [rec(7), rec(8), rec(9)].map((r) => JSON.stringify(r) + '\n').join(''));
  utimesSync(file, new Date(), new Date(Date.now() + 5000));
  assert.deepEqual(ids(root), ['r7', 'r8', 'r9']);
  // Longer, with other content before the old end: the old part is not taken for a prefix.
  writeFileSync(file, [rec(5), rec(6), rec(7), rec(8)].map((r) => JSON.stringify(r) + '\n').join(''));
  assert.deepEqual(ids(root), ['r5', 'r6', 'r7', 'r8']);
  writeFileSync(file, JSON.stringify(rec(1)) + '\n');
  assert.deepEqual(ids(root), ['r1']);
  rmSync(file);
  assert.deepEqual(ids(root), []);
  mkdirSync(join(root, '.curator'), { recursive: true });
  appendProvenance(root, rec(2));
  assert.deepEqual(ids(root), ['r2']);
});
