import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blankAnswerFrame, checkConsistency } from '../../src/core/review/consistency';
import { NameForms, plainName } from '../../src/core/review/nameforms';
import { judgePair } from '../../src/core/review/judge';

const DOC =
  'The city council of Riverton voted on Tuesday to close the old harbour bridge for repairs. ' +
  'Engineers found cracks in two of its steel supports during an inspection in March. ' +
  'Traffic will be sent over the northern ring road while the work goes on. ' +
  'The council expects the bridge to reopen before the winter holidays.';

test('summary check: an answer opening about the answer ("Sure! Here is the summary in 40 words:") states nothing', () => {
  const framed = "Sure! Here's the summary in 40 words:\n\nRiverton's council voted on Tuesday to close the old harbour bridge for repairs after engineers found cracks in its steel supports.";
  const blanked = blankAnswerFrame(framed);
  assert.equal(blanked.length, framed.length);
  assert.ok(blanked.startsWith(' '.repeat(10)) && !blanked.includes('40 words'));
  assert.ok(blanked.includes("Riverton's council voted"));
  const r = checkConsistency(DOC, framed);
  assert.equal(r.features.unsupportedFacts, 0, JSON.stringify(r.issues));
  assert.equal(r.consistent, true, JSON.stringify(r.issues));
  // a first line that is the summary itself is left alone, and so is a text that is nothing but one line
  assert.equal(blankAnswerFrame('The council closed the bridge.\nIt reopens soon.'), 'The council closed the bridge.\nIt reopens soon.');
  assert.equal(blankAnswerFrame('Here is the bridge.'), 'Here is the bridge.');
  // the number in a framed line is still checked when the line is the answer
  assert.equal(checkConsistency(DOC, 'Engineers found cracks in five of its steel supports.').consistent, false);
});

test('summary check: a name written in another form of the source is supported, another name is not', () => {
  const src =
    'Prices rose again, the Social Security Administration said, announcing a cost-of-living adjustment for 2025. ' +
    'The payments reach retirees in New York first, and the television networks covered the HOH competition live. ' +
    'Officials in South Korea&rsquo;s capital welcomed the plan.';
  const names = new NameForms(src);
  assert.ok(names.has('Cost of Living Adjustment'));
  assert.ok(names.has('NY'));
  assert.ok(names.has('SSA'));
  assert.ok(names.has('Head of Household'));
  assert.ok(names.has('TV'));
  assert.ok(names.has("South Korea's"));
  assert.ok(!names.has('Boston'));
  assert.ok(!names.has('NJ'));
  assert.ok(!names.has('Head of State'));
  assert.equal(plainName('South Korea&rsquo;s Cost-of-Living'), 'south korea cost of living');
  const r = checkConsistency(src, 'Retirees in NY get the Cost of Living Adjustment first, and TV covered the Head of Household competition.');
  assert.equal(r.features.unsupportedEntities, 0, JSON.stringify(r.issues));
  const other = checkConsistency(src, 'Retirees in Boston get the cost-of-living adjustment first.');
  assert.equal(other.features.unsupportedEntities, 1, JSON.stringify(other.issues));
  assert.equal(other.consistent, false);
});

test('summary check: a sentence that no source sentence supports is flagged; one about the document is measured against all of it', () => {
  const faithful = 'Riverton closed the old harbour bridge for repairs after engineers found cracks in two steel supports. Traffic uses the northern ring road until it reopens.';
  const ok = checkConsistency(DOC, faithful);
  assert.equal(ok.features.unsupportedSentences, 0, JSON.stringify(ok.issues));
  assert.equal(ok.consistent, true, JSON.stringify(ok.issues));
  const added = checkConsistency(DOC, `${faithful} Local shopkeepers fear losing customers during the busy tourist season.`);
  assert.equal(added.features.unsupportedSentences, 1, JSON.stringify(added.issues));
  assert.equal(added.consistent, false);
  const issue = added.issues.find((i) => i.kind === 'unsupported-sentence');
  assert.equal(issue?.text, 'Local shopkeepers fear losing customers during the busy tourist season.');
  const v = judgePair(DOC, `${faithful} Local shopkeepers fear losing customers during the busy tourist season.`, { kind: 'summary' });
  assert.ok(v.reasons.some((r) => r.code === 'unsupported' && /no sentence of the source supports/.test(r.text)), JSON.stringify(v.reasons));
  // the words of a sentence about the document are spread over the whole document
  const about = checkConsistency(DOC, 'The article reports cracks, repairs, the ring road, the council vote and the winter reopening.');
  assert.equal(about.features.unsupportedSentences, 0, JSON.stringify(about.issues));
  // too short to tell
  assert.equal(checkConsistency(DOC, `${faithful} Shops worry.`).features.unsupportedSentences, 0);
});

test('summary check: a small count in words is the summary counting what the source lists; a plural of a source word is that word', () => {
  const src = 'The referee sent off Marta and Julia in the second half. The club said every Mainer would get a ticket refund, an instructor confirmed.';
  const r = checkConsistency(src, 'The referee sent off two players in the second half.');
  assert.equal(r.features.unsupportedNumbers, 0, JSON.stringify(r.issues));
  // a count that is not small is still a number the source does not have
  assert.equal(checkConsistency(src, 'The referee sent off twelve players in the second half.').features.unsupportedNumbers, 1);
  const names = new NameForms(src);
  assert.ok(names.has('Mainers'));
  assert.ok(names.has('Instructors'));
  assert.ok(!names.has('Referees Union'));
});

test('summary check: a long answer needs one word-level signal per six sentences; an unsupported fact still decides alone', () => {
  const doc =
    'The Millbrook library opened its new reading room on Monday after two years of building work. ' +
    'The room has space for eighty readers and a wall of tall windows facing the river. ' +
    'The town paid for most of the work, and a local bakery family gave the rest. ' +
    'Children can borrow picture books there every afternoon. ' +
    'The librarian, Ruth Okafor, said the old room had been too dark for reading. ' +
    'Volunteers moved twelve thousand books into the new shelves over one weekend. ' +
    'A small cafe beside the entrance sells tea and soup to visitors.';
  const faithful = [
    'The Millbrook library opened its new reading room on Monday after two years of building work.',
    'The room has space for eighty readers and tall windows facing the river.',
    'The town paid for most of the work, with a local bakery family giving the rest.',
    'Children can borrow picture books there every afternoon.',
    'Volunteers moved twelve thousand books into the new shelves over one weekend.',
    'A small cafe beside the entrance sells tea and soup to visitors.',
  ];
  const one = [...faithful];
  one[3] = 'Children can not borrow picture books there every afternoon.';
  const two = [...one];
  two[5] = 'A small cafe beside the entrance does not sell tea and soup to visitors.';
  assert.equal(checkConsistency(doc, faithful.join(' ')).consistent, true);
  // six sentences, one added negation: not enough on its own in a text this long
  const r1 = checkConsistency(doc, one.join(' '));
  assert.equal(r1.features.sentences, 6);
  assert.equal(r1.features.negationAdded, 1, JSON.stringify(r1.issues));
  assert.equal(r1.consistent, true);
  // …but it decides when one always decides (the former rule), and in a one-sentence text
  assert.equal(checkConsistency(doc, one.join(' '), { sentencesPerWordSignal: 0 }).consistent, false);
  assert.equal(checkConsistency(doc, one[3]!).consistent, false);
  // two of them in six sentences decide
  const r2 = checkConsistency(doc, two.join(' '));
  assert.equal(r2.features.negationAdded, 2, JSON.stringify(r2.issues));
  assert.equal(r2.consistent, false);
  // an unsupported number decides alone, however long the text
  const num = [...faithful];
  num[1] = 'The room has space for ninety readers and tall windows facing the river.';
  const r3 = checkConsistency(doc, num.join(' '));
  assert.equal(r3.features.unsupportedNumbers, 1, JSON.stringify(r3.issues));
  assert.equal(r3.consistent, false);
});

test('summary check: a place or organisation head word after a source name is that name in full; another surname is a new name', () => {
  const src = 'Officers from Harlow arrested two men on Friday. The Brightwater label said its artists would keep touring. Anna Ruiz sang first.';
  const full = checkConsistency(src, 'Harlow County officers arrested two men on Friday, and Brightwater Records said its artists would keep touring.');
  assert.equal(full.features.novelNames, 0, JSON.stringify(full.issues));
  assert.equal(full.consistent, true, JSON.stringify(full.issues));
  // a surname after the source's given name is someone else
  const other = checkConsistency(src, 'Anna Blake sang first.');
  assert.equal(other.features.novelNames, 1, JSON.stringify(other.issues));
  assert.equal(other.consistent, false);
  // a head word after a name the source does not write is no help
  assert.equal(checkConsistency(src, 'Officers from Dunmore County arrested two men on Friday.').consistent, false);
});

test('summary check: an antonym with exactly one side negated says the same thing ("declined" for "did not accept")', () => {
  const src =
    'The mayor of Riverton did not accept the offer from the harbour company on Monday. ' +
    'She said the price for the old pier was too high for the town.';
  const same = checkConsistency(src, 'The mayor of Riverton declined the offer from the harbour company.');
  assert.equal(same.features.antonymFlips, 0, JSON.stringify(same.issues));
  assert.equal(same.consistent, true, JSON.stringify(same.issues));
  // both plain, or both negated, is still the opposite
  const flipped = checkConsistency('The mayor of Riverton accepted the offer from the harbour company on Monday.', 'The mayor of Riverton declined the offer from the harbour company.');
  assert.equal(flipped.features.antonymFlips, 1, JSON.stringify(flipped.issues));
  assert.equal(flipped.consistent, false);
  const both = checkConsistency(src, 'The mayor of Riverton did not decline the offer from the harbour company.');
  assert.ok(both.features.antonymFlips >= 1, JSON.stringify(both.issues));
});

test('summary check: a removed negation needs the negated words said together, not scattered over a merged sentence', () => {
  const src = 'The town of Riverton did not raise taxes on fuel this year. A local charity raised money for the food bank in March.';
  const merged = checkConsistency(src, 'Taxes in Riverton stayed the same on fuel this year, and a local charity raised money for the food bank.');
  assert.equal(merged.features.negationRemoved, 0, JSON.stringify(merged.issues));
  assert.equal(merged.consistent, true, JSON.stringify(merged.issues));
  const removed = checkConsistency(src, 'Riverton raised taxes on fuel this year.');
  assert.equal(removed.features.negationRemoved, 1, JSON.stringify(removed.issues));
  assert.equal(removed.consistent, false);
});
