import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractFacts } from '../../src/core/review/facts';
import { buildReview } from '../../src/core/review/review';

test('facts: a negation or another function word capitalised mid-sentence (two sentences run together) is the word, not a name', () => {
  const merged = 'We call for shared tests of such attacks, and Without shared metrics, every team sets its own bar.';
  const facts = extractFacts(merged);
  assert.ok(facts.some((f) => f.kind === 'negation' && f.text === 'Without'), JSON.stringify(facts));
  assert.ok(!facts.some((f) => f.kind === 'entity'), JSON.stringify(facts));
  assert.ok(!extractFacts('The match ended, and However you look at it, Leeds lost.').some((f) => f.kind === 'entity' && f.text === 'However'));
  // a real name mid-sentence is still one
  assert.ok(extractFacts('The report was written, and Warsaw Council signed it.').some((f) => f.kind === 'entity' && f.text === 'Warsaw Council'));
});

test('review: a faithful rewrite that runs two sentences together keeps the negation of the second', () => {
  const src = 'Finally, we call for shared tests of such attacks. Without shared metrics, every team sets its own bar. We suggest careful human studies to pick the bar.';
  const rw = 'Finally, we call for shared tests of such attacks, and Without shared metrics, every team sets its own bar.\n\n- We suggest careful human studies to pick the bar.';
  const m = buildReview(src, rw);
  assert.equal(m.verdict.consistent, true, JSON.stringify(m.verdict.reasons));
  assert.ok(!m.facts.some((f) => f.kind === 'negation' && f.status === 'altered'));
  // dropping it is still a flipped claim
  const dropped = buildReview(src, 'Finally, we call for shared tests of such attacks, and with shared metrics, every team sets its own bar.\n\n- We suggest careful human studies to pick the bar.');
  assert.ok(dropped.verdict.reasons.some((r) => r.code === 'negation'), JSON.stringify(dropped.verdict.reasons));
});

test('review: a source name the rewrite writes the same way elsewhere is kept, not changed', () => {
  const src = 'Blue Notes Radio\nTag: muddy waters\nPosted on March 3, 2014\nGreat Blues Records You Must Hear (41-50)\nHere are ten more for the list.\nThere is no ranking here.';
  const rw = 'Blue Notes Radio Tag: muddy waters\n\nPosted on March 3, 2014\n\nGreat Blues Records You Must Hear (41-50)\n\nHere are ten more to add to the list.\n\nThere is no ranking system here.';
  const m = buildReview(src, rw);
  const name = m.facts.find((f) => f.side === 'source' && f.text === 'Great Blues Records You Must Hear');
  assert.equal(name?.status, 'kept', JSON.stringify(m.facts.map((f) => [f.side, f.text, f.status])));
  assert.equal(m.verdict.consistent, true, JSON.stringify(m.verdict.reasons));
});
