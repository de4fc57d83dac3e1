import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldIndex } from '../../src/core/corpus/search/field-index';

test('field index: records sharing their fields are one entry, found together in the order added', () => {
  const f = new FieldIndex();
  const docs = [];
  for (let i = 0; i < 1000; i++) docs.push({ id: `a${i}`, path: 'data/shard-00001.jsonl', domain: 'data' });
  for (let i = 0; i < 1000; i++) docs.push({ id: `b${i}`, path: 'data/shard-00002.jsonl', domain: 'data' });
  docs.push({ id: 't1', path: 'notes/iceland.md', title: 'Volcanoes of Iceland', domain: 'notes' });
  docs.push({ id: 't2', path: 'notes/lava.md', title: 'Lava flows', domain: 'notes' });
  f.addAll(docs);
  assert.equal(f.groupCount, 4);
  assert.deepEqual(f.search('shard 00002', 3).map((h) => h.id), ['b0', 'b1', 'b2']);
  // Prefix on a title, fuzzy on a path word.
  assert.deepEqual(f.search('icel').map((h) => h.id), ['t1']);
  assert.deepEqual(f.search('volcanos').map((h) => h.id), ['t1']);
  // Every query term must match a field of the document (the title's words and the domain's here).
  assert.deepEqual(f.search('flows').map((h) => h.id), ['t2']);
  assert.deepEqual(f.search('notes lava').map((h) => h.id), ['t2']);
  assert.deepEqual(f.search('data lava').map((h) => h.id), []);
  const both = f.search('shard', 5000);
  assert.equal(both.length, 2000);
  assert.equal(new Set(both.map((h) => h.id)).size, 2000);
});

test('field index: removed documents leave their group; an emptied group is found again once re-added', () => {
  const f = new FieldIndex();
  f.addAll([
    { id: 'x1', path: 'a.jsonl' },
    { id: 'x2', path: 'a.jsonl' },
    { id: 'y1', path: 'b.jsonl' },
  ]);
  f.remove(['x1']);
  assert.deepEqual(f.search('a jsonl').map((h) => h.id), ['x2']);
  f.remove(['x2', 'missing']);
  assert.deepEqual(f.search('a jsonl').map((h) => h.id), []);
  assert.deepEqual(f.search('jsonl').map((h) => h.id), ['y1']);
  f.addAll([{ id: 'x3', path: 'a.jsonl' }]);
  assert.deepEqual(f.search('a jsonl').map((h) => h.id), ['x3']);
  assert.equal(f.groupCount, 2);
});
