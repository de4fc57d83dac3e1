// The target synthetic share is by tokens (the setting and the README say so): the warning fires on the
// token share, counted with the configured tokenizer, and shows the document share beside it (issue 17, item 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CorpusDocument } from '../../src/core/corpus/model';
import { computeStats } from '../../src/core/corpus/stats';
import { zeroQuality } from '../../src/core/corpus/index/deps';

let n = 0;
function doc(tokens: number, kind: CorpusDocument['kind']): CorpusDocument {
  n++;
  return {
    id: `t${n}`, path: `p/${n}.txt`, format: 'txt', lang: 'en', chars: tokens * 4, tokens, sha256: `s${n}`,
    kind, status: kind === 'synthetic' ? 'pending' : 'none', domain: 'news', quality: zeroQuality(), mtimeMs: 0, size: tokens * 4,
  };
}

/** 18% synthetic by tokens, 31% by documents: many short rewrites beside long natural pages (as in the issue). */
function fewLongNaturalManyShortSynthetic(): CorpusDocument[] {
  const docs: CorpusDocument[] = [];
  for (let i = 0; i < 11; i++) docs.push(doc(410, 'natural'));
  for (let i = 0; i < 5; i++) docs.push(doc(198, 'synthetic'));
  return docs;
}

test('above the target only by documents: no warning, not over the target', async () => {
  const s = await computeStats(fewLongNaturalManyShortSynthetic(), [], { targetSyntheticShare: 0.3, tokenizer: 'cl100k_base' });
  assert.ok(s.syntheticShare > 0.3, `documents ${s.syntheticShare}`);
  assert.ok(s.syntheticTokenShare < 0.3, `tokens ${s.syntheticTokenShare}`);
  assert.equal(s.overTarget, false);
  assert.deepEqual(s.warnings, []);
});

test('above the target by tokens: one warning in tokens of the configured tokenizer, the document share beside it', async () => {
  const s = await computeStats(fewLongNaturalManyShortSynthetic(), [], { targetSyntheticShare: 0.15, tokenizer: 'cl100k_base' });
  assert.equal(s.overTarget, true);
  assert.equal(s.warnings.length, 1);
  assert.equal(s.warnings[0], 'Synthetic share by tokens (cl100k_base) is 18.0%, above the target of 15.0% (31.3% of documents).');
});
