// A claim check whose answer is not the JSON asked for says what to do about it (issue 17, item 9).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseClaimCheck } from '../../src/core/review/claimcheck';
import { checkClaims, ClaimCheckFailure } from '../../src/host/review/claims.model';
import type { Teacher } from '../../src/core/llm/types';
import { tempDir } from './tempdirs';

test('an answer without JSON: the reason, then what to do (a model that follows instructions, a lower temperature)', () => {
  const r = parseClaimCheck('Sure! The rewrite looks faithful to me, nothing is made up.');
  assert.equal(r.ok, false);
  assert.ok(!r.ok);
  assert.equal(r.code, 'no-json');
  assert.match(r.error, /^no JSON object in the answer — the model did not answer in the JSON the check asks for: choose a model that follows instructions .*lower the temperature/);
  for (const [answer, code] of [['', 'empty'], ['{"consistent": tru', 'no-json'], ['{"claims": "none"}', 'bad-claims'], ['{"verdict": "ok"}', 'no-verdict']] as const) {
    const x = parseClaimCheck(answer);
    assert.ok(!x.ok, answer);
    assert.equal(x.code, code, answer);
    assert.match(x.error, /choose a model that follows instructions/, answer);
  }
});

test('the review panel gets a failure that tells an answer not in JSON from a failed call', async () => {
  const root = tempDir('curator-claims-advice-');
  const chatty: Teacher = {
    model: 'tiny-chat',
    endpointHost: 'local',
    complete: async () => ({ text: 'Looks good to me!', finishReason: 'stop', usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, usageEstimated: true, model: 'tiny-chat', attempts: 1 }),
  };
  const e1 = await checkClaims(root, 'The bridge opened in 1932.', 'The bridge opened in 1932.', 'en', chatty).then(() => undefined, (e: unknown) => e);
  assert.ok(e1 instanceof ClaimCheckFailure);
  assert.equal(e1.notJson, true);
  const down: Teacher = { model: 'm', endpointHost: 'local', complete: async () => Promise.reject(new Error('cannot connect')) };
  const e2 = await checkClaims(root, 'The bridge opened in 1932.', 'The bridge opened in 1931.', 'en', down).then(() => undefined, (e: unknown) => e);
  assert.ok(e2 instanceof ClaimCheckFailure);
  assert.equal(e2.notJson, false, 'a failed call is not a format problem');
});
