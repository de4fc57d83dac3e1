// The estimate shown before a batch starts (issue 17, item 5): requests (one per chunk), tokens counted with
// the configured tokenizer, and the cost when the model has a price ("cost unknown" otherwise).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateBatch } from '../../src/core/batch/estimate';
import { jobRequests } from '../../src/core/batch/batchfile';
import type { PlannedJob } from '../../src/core/batch/journal';
import { loadTemplates } from '../../src/core/rewrite/templates';
import { getTokenizer } from '../../src/core/text/tokenizers';
import { tempDir } from './tempdirs';

const templates = loadTemplates(tempDir('curator-estimate-'));
const SHORT = 'The ferry to Orkney left at 7 o\'clock with 41 passengers and a cargo of 12 tonnes of grain.';
const LONG = Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1}: the river rose ${i + 2} metres in ${1990 + i}, and the town of Elmsford moved its market ${i + 1} streets uphill.`).join('\n\n');
const ZH = '长城是中国古代的军事防御工程，东起山海关，西至嘉峪关，全长数千公里。';

function job(id: string, text: string | undefined, style = 'textbook'): PlannedJob {
  return { id, key: `k-${id}`, source: { ...(text !== undefined ? { text } : { path: `${id}.md` }), sha256: 'x', chars: text?.length ?? 0 }, style, audience: 'college', estTokens: 1 };
}

const textOf = (j: PlannedJob) => {
  if (j.source.text === undefined) throw new Error('gone');
  return j.source.text;
};

test('requests are the chunks the rewrite sends; tokens are counted with the given tokenizer; cost from the price', () => {
  const jobs = [job('a', SHORT), job('b', LONG), job('c', ZH, 'qa')];
  const chunkTokens = 60;
  const tok = getTokenizer('cl100k_base');
  const e = estimateBatch(jobs, { templates, chunkTokens, countTokens: tok.count, textOf, price: { promptPerMTok: 2, completionPerMTok: 8 } });
  const lines = jobs.flatMap((j) => jobRequests(j, textOf(j), { batchId: 'x', model: '', templates, chunkTokens }));
  assert.ok(lines.length > 3, 'the long document is cut into several requests');
  assert.equal(e.requests, lines.length);
  const prompt = lines.reduce((a, l) => a + tok.count(l.body.messages.map((m) => m.content).join('\n')), 0);
  assert.equal(e.tokens.promptTokens, prompt);
  assert.ok(e.tokens.completionTokens > 0 && e.tokens.completionTokens < prompt, 'answers as long as the chunks, without the instructions');
  assert.equal(e.tokens.totalTokens, e.tokens.promptTokens + e.tokens.completionTokens);
  assert.equal(e.costUsd, (e.tokens.promptTokens * 2 + e.tokens.completionTokens * 8) / 1e6);
  assert.equal(e.sampled, false);
  // Another tokenizer gives other counts: the configured one is used.
  const est = estimateBatch(jobs, { templates, chunkTokens, countTokens: getTokenizer('estimate').count, textOf });
  assert.notEqual(est.tokens.promptTokens, e.tokens.promptTokens);
  assert.equal(est.requests, e.requests);
});

test('no price: cost unknown (undefined); an unreadable source is counted apart', () => {
  const e = estimateBatch([job('a', SHORT), job('gone', undefined)], { templates, chunkTokens: 2000, countTokens: (t) => t.length, textOf });
  assert.equal(e.costUsd, undefined);
  assert.equal(e.requests, 1);
  assert.equal(e.unreadable, 1);
  assert.equal(e.jobs, 2);
});

test('a large batch is counted on a sample and scaled by characters', () => {
  const jobs = Array.from({ length: 50 }, (_, i) => job(`j${i}`, i % 2 ? SHORT : LONG));
  const o = { templates, chunkTokens: 2000, countTokens: (t: string) => t.length, textOf };
  const exact = estimateBatch(jobs, o);
  const sampled = estimateBatch(jobs, { ...o, sampleSize: 20 });
  assert.equal(sampled.sampled, true);
  assert.equal(sampled.requests, exact.requests, 'requests are always exact');
  const rel = Math.abs(sampled.tokens.totalTokens - exact.tokens.totalTokens) / exact.tokens.totalTokens;
  assert.ok(rel < 0.15, `sampled within 15% (${(rel * 100).toFixed(1)}%)`);
});
