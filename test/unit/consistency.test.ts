import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkConsistency } from '../../src/core/review/consistency';

test('consistency check: a general antonym or a negating derivation of the source word is flagged', () => {
  const doc =
    'We propose a model that learns visual concepts and semantic parsing of sentences without explicit supervision. ' +
    'Experiments show a direct link between attention and accuracy. The method is simple and fast.';
  const good = checkConsistency(doc, 'The model learns visual concepts and semantic parsing without explicit supervision.');
  assert.equal(good.consistent, true, JSON.stringify(good));
  assert.equal(good.features.antonymFlips, 0);
  const implicit = checkConsistency(doc, 'The model learns visual concepts and semantic parsing without implicit supervision.');
  assert.equal(implicit.consistent, false, JSON.stringify(implicit.features));
  assert.ok(implicit.issues.some((i) => i.kind === 'antonym' && i.text === 'implicit'));
  const indirect = checkConsistency(doc, 'Experiments show an indirect link between attention and accuracy.');
  assert.equal(indirect.features.antonymFlips, 1);
  assert.equal(indirect.consistent, false);
  assert.equal(checkConsistency(doc, 'Experiments show a direct link between attention and accuracy.').consistent, true);
  const slow = checkConsistency(doc, 'The method is simple but slow.');
  assert.ok(slow.issues.some((i) => i.kind === 'antonym' && i.text === 'slow'), JSON.stringify(slow.issues));
});

test('consistency check: a subject-object swap is flagged, the same order is not', () => {
  const doc =
    'On Saturday Arsenal beat Chelsea 2-1 at the Emirates Stadium. The winning goal came in the final minute. ' +
    'Fans celebrated long after the match ended.';
  const same = checkConsistency(doc, 'Arsenal beat Chelsea 2-1 at the Emirates Stadium on Saturday.');
  assert.equal(same.features.roleSwaps, 0);
  assert.equal(same.consistent, true, JSON.stringify(same));
  const swapped = checkConsistency(doc, 'Chelsea beat Arsenal 2-1 at the Emirates Stadium on Saturday.');
  assert.equal(swapped.features.roleSwaps, 1);
  assert.ok(swapped.issues.some((i) => i.kind === 'role-swap' && i.text === 'Chelsea beat Arsenal'));
  assert.equal(swapped.consistent, false);
});

test('consistency check: a number moved to words that carry another value in the source is flagged', () => {
  const doc =
    'CloudTrek Connect is priced at $50 per user. It includes video conferencing and instant messaging. ' +
    'CloudTrek Workspace helps teams plan and monitor their projects. CloudTrek DataVault stores data securely. ' +
    'All three services come with round-the-clock support. Teams using them report higher productivity. ' +
    'Every plan includes encryption and daily backups. Data is stored in two regions. ' +
    'Setting up takes less than an hour. As a token of appreciation, we are offering an Early Bird Bundle for only $100/month to the first 20 customers who sign up before August 31st.';
  const good = checkConsistency(doc, 'An Early Bird Bundle is offered for $100/month to the first 20 customers who sign up before August 31st.');
  assert.equal(good.features.changedNumbers, 0);
  assert.equal(good.consistent, true, JSON.stringify(good));
  const moved = checkConsistency(doc, 'An Early Bird Bundle is offered for $50/month to the first 20 customers who sign up before August 31st.');
  assert.equal(moved.features.changedNumbers, 1, JSON.stringify(moved.features));
  assert.ok(moved.issues.some((i) => i.kind === 'changed-number' && i.text.startsWith('$50')));
  assert.equal(moved.consistent, false);
});

test('consistency check: a negation added over words the source states plainly is flagged', () => {
  const doc =
    "With AquaSonic, you won't have to spend countless hours cleaning the pool. " +
    'The AquaSonic system can save Thomas Water Park time and money with its advanced cleaning, smart navigation and easy maintenance.';
  const good = checkConsistency(doc, 'The AquaSonic system can save Thomas Water Park time and money with smart navigation and easy maintenance.');
  assert.equal(good.features.negationAdded, 0);
  assert.equal(good.consistent, true, JSON.stringify(good));
  const neg = checkConsistency(doc, 'The AquaSonic system can save Thomas Water Park time but not money with smart navigation and easy maintenance.');
  assert.equal(neg.features.negationAdded, 1, JSON.stringify(neg.features));
  assert.equal(neg.consistent, false);
});

test('consistency check: new signals leave Chinese pairs alone', () => {
  const doc = '2019年，北京大学的研究团队在《自然》杂志上发表论文，报告了一种新的催化剂。该催化剂能将反应效率提高30%，但目前还没有投入工业生产。';
  const r = checkConsistency(doc, '北京大学的团队报告了一种新催化剂，可将反应效率提高30%，尚未投入工业生产。');
  assert.equal(r.consistent, true, JSON.stringify(r));
  assert.equal(r.features.antonymFlips + r.features.roleSwaps + r.features.changedNumbers, 0);
});
