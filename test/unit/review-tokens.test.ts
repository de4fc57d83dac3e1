import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentTerms, hashString, termHashes } from '../../src/core/review/tokens';

test('content terms: stems of English content words (stop words out, numbers kept) and Chinese bigrams', () => {
  assert.deepEqual(contentTerms('The Rivers were rising, and 1,500.5 flies passed the churches.'), ['river', 'ris', '1,500.5', 'fly', 'pass', 'church']);
  assert.deepEqual(contentTerms('长江，全长'), ['长江', '全长']);
  assert.deepEqual(contentTerms('江'), ['江']);
});

test('termHashes (allocation-free ASCII path) equals the hashes of contentTerms, also for non-ASCII words', () => {
  const texts = [
    'THE Classes BOXES dishes churches buzzes passes bus analysis flies FLIES ties going sing ring seed used USED were Rose',
    'Café naïve résumé CAFÉS déjà-vu',
    'In 2019 the company’s revenue rose 12% to $4.5 billion, the CEO said.',
    '长江是中国第一长河，全长约6300公里。Yangtze River basins',
  ];
  for (const t of texts) {
    const expected = [...new Set(contentTerms(t).map(hashString))].sort((a, b) => a - b);
    assert.deepEqual([...termHashes(t)], expected, t);
  }
});

test('termHashes of a text with no content words falls back to its words, then to the text itself', () => {
  assert.deepEqual([...termHashes('It is.')], [hashString('it'), hashString('is')].sort((a, b) => a - b));
  assert.deepEqual([...termHashes(' — ')], [hashString('\u0000—')]);
  assert.equal(termHashes('').length, 0);
});
