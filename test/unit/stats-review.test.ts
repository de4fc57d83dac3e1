// Review statistics count every decision, rejections included: a rejected rewrite leaves the corpus (it is
// moved to .curator/rejected/), but it was reviewed and must be counted (issue 17, item 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/commands/types';
import { CorpusIndex } from '../../src/core/corpus/index/corpus-index';
import { computeStats } from '../../src/core/corpus/stats';
import { appendProvenance } from '../../src/core/provenance/log';
import { DecisionService } from '../../src/core/provenance/decisions';
import type { RewriteRecord } from '../../src/core/provenance/types';
import { tempDir } from './tempdirs';

function rewrite(id: string, source: string, output: string): RewriteRecord {
  return {
    type: 'rewrite', v: 1, id, time: '2026-01-01T00:00:00Z',
    source: { path: source, sha256: 'x', lang: 'en', chars: 1 },
    output: { path: output, sha256: 'y', lang: 'en', chars: 1 },
    style: 'qa', audience: 'adults', model: 'teacher-1', endpointHost: 'localhost',
    template: { id: 't', sha256: 'z', origin: 'builtin' },
    usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
    chunks: 1, durationMs: 1, status: 'done', flags: [],
  };
}

/** One source, three rewrites: r1 accepted, r2 rejected (moved out of the corpus), r3 not decided. */
async function reviewedCorpus(): Promise<string> {
  const root = tempDir('curator-stats-review-');
  mkdirSync(join(root, 'news'));
  writeFileSync(join(root, 'news', 'port.txt'), 'The port handled 4.2 million containers in 2023, up 6% on the year before.');
  writeFileSync(join(root, 'news', 'port.qa.txt'), 'Q: How many containers did the port handle in 2023? A: 4.2 million, 6% more than in 2022.');
  writeFileSync(join(root, 'news', 'port.story.txt'), 'Once upon a time a port moved four million boxes.');
  writeFileSync(join(root, 'news', 'port.kids.txt'), 'The port is a busy place where ships bring big metal boxes.');
  appendProvenance(root, rewrite('r1', 'news/port.txt', 'news/port.qa.txt'));
  appendProvenance(root, rewrite('r2', 'news/port.txt', 'news/port.story.txt'));
  appendProvenance(root, rewrite('r3', 'news/port.txt', 'news/port.kids.txt'));
  const svc = new DecisionService();
  await svc.decide(root, [{ rewriteId: 'r1', source: { path: 'news/port.txt' }, output: { path: 'news/port.qa.txt' } }], 'accepted');
  await svc.decide(root, [{ rewriteId: 'r2', source: { path: 'news/port.txt' }, output: { path: 'news/port.story.txt' } }], 'rejected');
  assert.equal(existsSync(join(root, 'news', 'port.story.txt')), false, 'the rejected rewrite left the corpus');
  return root;
}

test('review statistics: one accept and one reject give 1 accepted, 1 rejected, 50% acceptance', async () => {
  const root = await reviewedCorpus();
  const idx = await CorpusIndex.open(root);
  const s = await computeStats(idx.documents(), idx.skipped(), { reviewOutsideCorpus: idx.reviewOutsideCorpus() });
  assert.deepEqual(s.review, { accepted: 1, rejected: 1, pending: 1, acceptanceRate: 0.5 });
  assert.equal(s.synthetic, 2, 'the rejected rewrite is not in the corpus mix');
});

test('a rejection undone is no longer counted; a rewrite rejected twice counts once', async () => {
  const root = await reviewedCorpus();
  const svc = new DecisionService();
  await svc.undoLast(root);
  let idx = await CorpusIndex.open(root);
  let s = await computeStats(idx.documents(), idx.skipped(), { reviewOutsideCorpus: idx.reviewOutsideCorpus() });
  assert.deepEqual(s.review, { accepted: 1, rejected: 0, pending: 2, acceptanceRate: 1 });
  await svc.decide(root, [{ rewriteId: 'r2', source: { path: 'news/port.txt' }, output: { path: 'news/port.story.txt' } }], 'rejected');
  await svc.decide(root, [{ rewriteId: 'r3', source: { path: 'news/port.txt' }, output: { path: 'news/port.kids.txt' } }], 'rejected');
  idx = await CorpusIndex.open(root);
  s = await computeStats(idx.documents(), idx.skipped(), { reviewOutsideCorpus: idx.reviewOutsideCorpus() });
  assert.deepEqual(s.review, { accepted: 1, rejected: 2, pending: 0, acceptanceRate: 1 / 3 });
});

test('curator stats --json: "rejected": 1 and "acceptanceRate": 0.5 after one accept and one reject', async () => {
  const root = await reviewedCorpus();
  const out: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: () => {}, env: {}, cwd: root };
  assert.equal(await main(['stats', '.', '--json', '--no-diversity', '--quiet'], io), 0);
  const s = JSON.parse(out.join('\n')) as { review: { accepted: number; rejected: number; acceptanceRate: number } };
  assert.equal(s.review.accepted, 1);
  assert.equal(s.review.rejected, 1);
  assert.equal(s.review.acceptanceRate, 0.5);
});
