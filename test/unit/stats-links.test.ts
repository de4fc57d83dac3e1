// Every chart bar and count of the statistics panel opens the list of its documents (issue 17, item 8):
// the query each one puts in the panel's search (src/shared/stats-links.ts), read by the same parser as
// "Search Corpus…" (src/host/corpus/query.model.ts), selects exactly the documents the bar counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binQuery, termQuery } from '../../src/shared/stats-links';
import { formatFilter, matchesFilter, parseQuery } from '../../src/host/corpus/query.model';
import { histogram } from '../../src/core/corpus/stats';
import type { CorpusDocument, QualitySignals } from '../../src/core/corpus/model';

function doc(i: number, markup: number, tooShort: number): CorpusDocument {
  return { id: `d${i}`, path: `d${i}.md`, kind: 'natural', lang: 'en', tokens: 10, domain: 'web', status: 'none', format: 'md', quality: { markupPer1k: markup, tooShort } as unknown as QualitySignals } as unknown as CorpusDocument;
}

test('a histogram bin\'s query selects exactly the documents counted in that bin', () => {
  const edges = [0, 0.5, 1, 2, 5, 10, 20, 50, 100];
  const values = [0, 0.2, 0.5, 0.7, 1, 3, 5, 9.99, 10, 25, 60, 100, 400];
  const docs = values.map((v, i) => doc(i, v, 0));
  const h = histogram(values, edges);
  for (let i = 0; i < edges.length; i++) {
    const q = parseQuery(binQuery('markupPer1k', edges, i));
    assert.deepEqual(q.errors, []);
    assert.equal(q.text, '');
    assert.equal(docs.filter((d) => matchesFilter(d, q.filter)).length, h.counts[i], `bin ${i}: ${binQuery('markupPer1k', edges, i)}`);
  }
});

test('a yes/no signal\'s two counts: yes and no', () => {
  const docs = [doc(1, 0, 1), doc(2, 0, 0), doc(3, 0, 0)];
  const h = histogram([1, 0, 0], [0, 1]);
  for (const i of [0, 1]) assert.equal(docs.filter((d) => matchesFilter(d, parseQuery(binQuery('tooShort', [0, 1], i)).filter)).length, h.counts[i]);
});

test('a breakdown row\'s query quotes values with spaces and round-trips through the parser', () => {
  assert.equal(termQuery({ kind: 'synthetic', style: 'plain language' }), 'kind:synthetic style:"plain language"');
  const q = parseQuery(termQuery({ kind: 'synthetic', style: 'plain language' }));
  assert.deepEqual(q.filter, { kind: ['synthetic'], style: ['plain language'] });
  assert.equal(formatFilter(parseQuery('markupPer1k:2..5 lang:zh').filter), 'lang:zh markupPer1k:2..5');
  assert.deepEqual(parseQuery('notASignal:2..5').filter, {}, 'unknown names stay text');
});
