import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildClaimCheckPrompt, checkClaims, parseClaimCheck, type ChatMessage } from '../../src/core/review/claimcheck';

test('prompt carries both texts, in the requested language', () => {
  const en = buildClaimCheckPrompt('Source text here.', 'Rewrite text here.', 'en');
  assert.equal(en[0]!.role, 'system');
  assert.ok(en[1]!.content.includes('Source text here.') && en[1]!.content.includes('Rewrite text here.'));
  const zh = buildClaimCheckPrompt('长江全长约6300公里。', '长江全长约6000公里。', 'zh');
  assert.ok(zh[0]!.content.includes('事实核查'));
  assert.ok(zh[1]!.content.includes('【原文】') && zh[1]!.content.includes('6000'));
  assert.ok(buildClaimCheckPrompt('x'.repeat(50), 'y', 'en', 10)[1]!.content.includes('40 more characters'));
});

test('parses fenced, chatty and slightly broken answers; malformed ones give an error value', () => {
  const fenced = parseClaimCheck('Here you go:\n```json\n{"consistent": false, "claims": [{"claim": "6000 km", "evidence": "6300公里", "type": "contradicted"},]}\n```');
  assert.deepEqual(fenced, { ok: true, consistent: false, claims: [{ claim: '6000 km', evidence: '6300公里', type: 'contradicted' }] });
  const clean = parseClaimCheck('{"consistent": true, "claims": []}');
  assert.deepEqual(clean, { ok: true, consistent: true, claims: [] });
  // a judge saying "consistent" while listing claims is not consistent
  assert.equal((parseClaimCheck('{"consistent": true, "claims": ["The bridge is red."]}') as { consistent: boolean }).consistent, false);
  for (const bad of ['', 'I cannot help with that.', '{"consistent": tru', '{"claims": "none"}', '[1, 2]']) {
    const r = parseClaimCheck(bad);
    assert.equal(r.ok, false, bad);
  }
});

test('checkClaims calls the judge once per (source, rewrite, model) and caches to the given file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'claims-'));
  try {
    const cachePath = join(dir, 'sub', 'claims.json');
    let calls = 0;
    const seen: ChatMessage[][] = [];
    const complete = async (messages: ChatMessage[]) => {
      calls++;
      seen.push(messages);
      return '{"consistent": false, "claims": [{"claim": "in 1971", "evidence": "in 1970", "type": "contradicted"}]}';
    };
    const a = await checkClaims('Tolls ended in 1970.', 'Tolls ended in 1971.', complete, { model: 'judge-1', cachePath });
    assert.equal(a.ok && a.claims[0]!.claim, 'in 1971');
    assert.ok(existsSync(cachePath));
    const b = await checkClaims('Tolls ended in 1970.', 'Tolls ended in 1971.', complete, { model: 'judge-1', cachePath });
    assert.equal(calls, 1);
    assert.equal(b.ok && b.cached, true);
    await checkClaims('Tolls ended in 1970.', 'Tolls ended in 1971.', complete, { model: 'judge-2', cachePath });
    assert.equal(calls, 2);
    const failed = await checkClaims('a', 'b', async () => {
      throw new Error('HTTP 503');
    }, { model: 'judge-1', cachePath });
    assert.equal(failed.ok, false);
    assert.match((failed as { error: string }).error, /503/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
