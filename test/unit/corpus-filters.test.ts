// The datatrove filters as named rules (src/core/corpus/filters): NLTK's tokenisation, each rule's value
// and decision on small texts. Expected decisions were produced by datatrove a649de7 itself (its four
// filters with default thresholds, NLTK word_tokenize with untrained Punkt) on the same texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wordTokenize, treebankTokenize } from '../../src/core/corpus/filters/treebank';
import { sentences } from '../../src/core/corpus/filters/punkt';
import {
  c4Quality, duplicatedNgramChars, finewebQuality, gopherQuality, gopherRepetition, topNgramChars,
} from '../../src/core/corpus/filters/rules';
import { C4_DEFAULT_LINE_RULES, PRESETS, RULES, datatroveThresholds, ruleDrops } from '../../src/core/corpus/filters/presets';
import { pyLen, pySplitlines, pyStrip } from '../../src/core/corpus/filters/pytext';
import { evaluatePreset, evaluateForIndex as evalForIndex, rulesNotAppliedToChinese, summarizePreset as summarize, zhUnits } from '../../src/core/corpus/filters/evaluate';

const PROSE =
  'The river report covers forty sites along the valley and compares them with last year. Water quality improved at most sites, ' +
  'although two sites downstream of the plant got worse. The committee recommends monthly sampling and a public dashboard for the ' +
  'results. It also asks the city to publish the raw data every quarter. Residents can comment on the plan until the end of March. ' +
  'The next meeting is open to the public and will be held in the town hall.';
const CONTRACTIONS =
  "I don't know why they can't stay, but we won't ask. It's late and they're tired. She'd rather go home now; he'll stay. " +
  "You're right, it isn't fair. We couldn't have known. They've left, and I'm sure they didn't mean it.";
const SHAREBAR =
  'Share this:FacebookTwitterEmailPinterestLinkedInRedditWhatsAppTelegram|Print|More\n' +
  'The council voted on Tuesday to repair the old bridge before winter. Engineers said the work would take six weeks and cost ' +
  'less than expected. Drivers will use the north road while the bridge is closed. The mayor thanked residents for their ' +
  'patience during the long debate.';
const MIXEDCASE =
  'Buy now Buy now buy now BUY NOW Buy Now buy Now. We sell shoes and hats and coats. Prices are low this week only, and ' +
  'delivery is free for every order over ten dollars in the city.';

function decisions(text: string): Record<string, string | null> {
  const w = wordTokenize(text);
  return {
    gopher_repetition: gopherRepetition(text, w).reason,
    gopher_quality: gopherQuality(text, w).reason,
    c4: c4Quality(text).reason,
    fineweb: finewebQuality(text, w).reason,
  };
}

test('words as NLTK word_tokenize: contractions split, quotes turned, a period split off only at a sentence end', () => {
  assert.deepEqual(wordTokenize("I don't think we can't go. They're here."), [
    'I', 'do', "n't", 'think', 'we', 'ca', "n't", 'go', '.', 'They', "'re", 'here', '.',
  ]);
  assert.deepEqual(wordTokenize('He said "hello" (twice) -- then left... OK? Yes!'), [
    'He', 'said', '``', 'hello', "''", '(', 'twice', ')', '--', 'then', 'left', '...', 'OK', '?', 'Yes', '!',
  ]);
  assert.deepEqual(wordTokenize('I cannot gonna 5. the plan.'), ['I', 'can', 'not', 'gon', 'na', '5.', 'the', 'plan', '.']);
  assert.deepEqual(treebankTokenize('Good muffins cost $3.88 in New York.'), ['Good', 'muffins', 'cost', '$', '3.88', 'in', 'New', 'York', '.']);
});

test('sentences as untrained Punkt: no abbreviation list, initials before a capital and numbers before lower case do not end one', () => {
  assert.deepEqual(sentences('Mr. Smith met J. Bach at 3 p.m. on Jan. 5. The end.'), [
    'Mr.', 'Smith met J. Bach at 3 p.m.', 'on Jan.', '5.', 'The end.',
  ]);
  assert.deepEqual(sentences('He said "hello" (twice) -- then left... OK? Yes!'), ['He said "hello" (twice) -- then left... OK?', 'Yes!']);
  assert.deepEqual(sentences('(It ended.) Then it began.'), ['(It ended.)', 'Then it began.']);
  assert.deepEqual(sentences('   '), []);
});

test('contractions count as two words each, as datatrove with NLTK counts them', () => {
  const w = wordTokenize(CONTRACTIONS);
  assert.equal(w.filter((t) => t === "n't").length, 6); // don't can't won't isn't couldn't didn't
  const q = gopherQuality(CONTRACTIONS, w);
  // 54 tokens with a character outside the punctuation set: a whitespace split finds only 41 words.
  assert.equal(q.values.gopher_short_doc, 54);
  assert.equal(CONTRACTIONS.split(/\s+/).length, 41);
  assert.equal(q.reason, null); // kept: 54 ≥ 50 (a whitespace count, 41, would drop it as short)
  assert.deepEqual(decisions(CONTRACTIONS), { gopher_repetition: null, gopher_quality: null, c4: null, fineweb: null });
});

test('a glued share-bar token is one word, and the top n-gram counts even when it occurs once', () => {
  const w = wordTokenize(SHAREBAR);
  assert.ok(w.includes('FacebookTwitterEmailPinterestLinkedInRedditWhatsAppTelegram|Print|More'));
  const r = gopherRepetition(SHAREBAR, w);
  // Every 4-gram occurs once; the first (with the glued token) covers 23% of the text: above 0.16.
  assert.equal(r.values.top_4_gram, pyLen('Share this : FacebookTwitterEmailPinterestLinkedInRedditWhatsAppTelegram|Print|More') / pyLen(SHAREBAR));
  assert.equal(r.reason, 'top_4_gram');
  assert.deepEqual(decisions(SHAREBAR), { gopher_repetition: 'top_4_gram', gopher_quality: null, c4: 'too_few_sentences', fineweb: null });
});

test('repeats in mixed case are different n-grams (datatrove does not lower-case)', () => {
  const w = wordTokenize(MIXEDCASE);
  const r = gopherRepetition(MIXEDCASE, w);
  assert.equal(r.values.top_2_gram, (7 * 2) / pyLen(MIXEDCASE)); // "Buy now" twice
  const lower = topNgramChars(w.map((t) => t.toLowerCase()), 2)! / pyLen(MIXEDCASE);
  assert.ok(lower > 0.2 && r.values.top_2_gram! < 0.2, `lower-cased ${lower} would drop`);
  assert.equal(r.reason, null);
  assert.deepEqual(decisions(MIXEDCASE), { gopher_repetition: null, gopher_quality: 'gopher_short_doc', c4: 'too_few_sentences', fineweb: null });
});

test('Gopher repetition: duplicate lines and paragraphs, duplicated n-grams joined without spaces', () => {
  const text = 'Home\nAbout us\nContact\nHome\nAbout us\nContact\nWelcome to our shop, where we sell hand made goods.\nHome';
  const r = gopherRepetition(text, wordTokenize(text));
  assert.equal(r.values.dup_line_frac, 4 / 8);
  assert.equal(r.values.dup_line_char_frac, (4 + 8 + 7 + 4) / 100);
  assert.equal(r.reason, 'dup_line_frac');
  assert.deepEqual(r.hits.map((h) => h.rule).slice(0, 3), ['dup_line_frac', 'dup_line_char_frac', 'top_3_gram']);
  // "ab c" and "a bc" join to the same string: datatrove counts it as a repeat.
  assert.equal(duplicatedNgramChars(['ab', 'c', 'x', 'a', 'bc'], 2), 3);
  const paras = 'One para here.\n\nOne para here.\n\nAnother one.';
  assert.equal(gopherRepetition(paras, wordTokenize(paras)).values.dup_para_frac, 1 / 3);
});

test('Gopher quality: bullets, end ellipses, hashes per word, alpha words, case-sensitive stop words', () => {
  const bullets = '- one item here\n- two item here\n- three item here\n- four item here\n• five item here\nlast line...';
  const q = gopherQuality(bullets, wordTokenize(bullets));
  assert.equal(q.values.gopher_too_many_bullets, 5 / 6);
  assert.equal(q.values.gopher_too_many_end_ellipsis, 1 / 6);
  assert.equal(q.values.gopher_enough_stop_words, 0);
  const hashes = '#tag #news #today # # # some words that are here and there and the others with it';
  const h = gopherQuality(hashes, wordTokenize(hashes));
  assert.equal(h.values.gopher_too_many_hashes, 6 / 21);
  assert.deepEqual(h.hits.map((x) => x.rule), ['gopher_short_doc', 'gopher_too_many_hashes', 'gopher_below_alpha_threshold']);
  const stop = (t: string) => gopherQuality(t, wordTokenize(t)).values.gopher_enough_stop_words;
  assert.equal(stop('The cat And the dog'), 1); // "The" and "And" are not stop words; "the" is
  assert.equal(gopherQuality(PROSE, wordTokenize(PROSE)).reason, null);
});

test('C4: line outcomes, citations removed, javascript and policy lines dropped, sentences of the kept lines', () => {
  const text =
    'This line has no end\nShort one.\nThis line is fine and ends well.\nEnable JavaScript to view this page properly.\n' +
    'We use cookies to improve your experience.\nA cited line that ends well.[1]\nTwo sentences here. And another one here! And a third?';
  const c = c4Quality(text);
  assert.equal(c.lineOutcomes, 'pwkjckk');
  assert.equal(c.sentences, 5);
  assert.equal(c.reason, null);
  assert.equal(c.textAfter, 'This line is fine and ends well.\nA cited line that ends well.\nTwo sentences here. And another one here! And a third?');
  const curly = 'This page is about code and it is fine.\nThe function is written as f(x) { return x; } here.\nAnother line is fine as well.';
  const k = c4Quality(curly);
  assert.equal(k.reason, 'curly_bracket');
  assert.equal(k.lineOutcomes, 'kX');
  const lorem = 'Lorem ipsum dolor sit amet.\nThe brace { comes later here.';
  assert.equal(c4Quality(lorem).reason, 'lorem_ipsum');
  assert.deepEqual(c4Quality(lorem).hits.map((h) => h.rule), ['lorem_ipsum', 'curly_bracket', 'too_few_sentences']);
  // FineWeb's pipeline switches the terminal-punctuation rule off: the unpunctuated line is kept.
  assert.equal(c4Quality('This line has no end', { lineRules: { ...C4_DEFAULT_LINE_RULES, filterNoTerminalPunct: false } }).lineOutcomes, 'k');
});

test('FineWeb: line punctuation, short lines, duplicated line characters, newlines per word, empty', () => {
  const text = 'Home\nAbout us\nContact\nHome\nAbout us\nContact\nWelcome to our shop, where we sell hand made goods.\nHome';
  const f = finewebQuality(text, wordTokenize(text));
  assert.equal(f.values.line_punct_ratio, 1 / 8);
  assert.equal(f.values.short_line_ratio, 7 / 8);
  assert.equal(f.values.char_dup_ratio, (4 + 8 + 7 + 4) / (100 - 7));
  assert.equal(f.values.list_ratio, 7 / 21);
  assert.equal(f.reason, 'short_line_ratio');
  assert.equal(finewebQuality(' \n\t\n', []).reason, 'empty');
  // A line ending in "。" ends in terminal punctuation; one ending in '"' does not.
  assert.equal(finewebQuality('他来了。\n"Quoted."', ['x']).values.line_punct_ratio, 0.5);
});

test('Python string semantics: splitlines, strip and len in code points', () => {
  assert.deepEqual(pySplitlines('a\r\nb\rc\x0bd\x1ce\u2028f\n'), ['a', 'b', 'c', 'd', 'e', 'f']);
  assert.equal(pyStrip('\x1c\u3000 x \x85'), 'x');
  assert.equal(pyLen('a😀b'), 3);
});

test('rules and presets: datatrove thresholds, fineweb preset as its pipeline', () => {
  assert.equal(RULES.filter((r) => r.filter === 'gopher_repetition').length, 13);
  assert.deepEqual(datatroveThresholds('gopher_repetition').top_n_grams, [[2, 0.2], [3, 0.18], [4, 0.16]]);
  assert.equal(datatroveThresholds('gopher_quality').min_doc_words, 50);
  assert.deepEqual(PRESETS.fineweb.steps.map((s) => s.filter), ['gopher_repetition', 'gopher_quality', 'c4', 'fineweb']);
  assert.deepEqual(PRESETS.fineweb.steps[2]!.datatroveArgs, { filter_no_terminal_punct: false });
  const minWords = RULES.find((r) => r.rule === 'gopher_short_doc')!;
  assert.equal(ruleDrops(minWords, 49), true);
  assert.equal(ruleDrops(minWords, 50), false);
  assert.equal(ruleDrops(minWords, NaN), false);
});

test('presets from stored hits: summary per rule, the documents a rule drops, and the export filter', async () => {
  const { evaluateForIndex, presetHits, summarizePreset, docsDroppedBy } = await import('../../src/core/corpus/filters/evaluate');
  const { matchesFilters } = await import('../../src/core/corpus/search/filters');
  const { zeroQuality } = await import('../../src/core/corpus/quality');
  const menu = 'Home\nAbout us\nContact\nHome\nAbout us\nContact\nWelcome to our shop, where we sell hand made goods.\nHome';
  const docs = [PROSE, menu, CONTRACTIONS].map((t, i) => ({ id: String(i), filters: evaluateForIndex(t, 'en') }));
  assert.deepEqual(presetHits(docs[0]!.filters, 'all'), []);
  assert.deepEqual(presetHits(docs[1]!.filters, 'c4').map((h) => h.rule), ['too_few_sentences']);
  const s = summarizePreset(docs, 'gopher');
  assert.equal(s.documents, 3);
  assert.equal(s.dropped, 1);
  assert.deepEqual(s.byRule.map((r) => `${r.filter}/${r.rule}:${r.documents}`).slice(0, 2), ['gopher_repetition/dup_line_frac:1', 'gopher_repetition/dup_line_char_frac:1']);
  assert.deepEqual(docsDroppedBy(docs, 'gopher', 'gopher_quality', 'gopher_short_doc').map((d) => d.id), ['1']);
  const base = { path: 'a', format: 'txt', lang: 'en', chars: 1, tokens: 1, sha256: '', kind: 'natural', status: 'none', domain: '', quality: zeroQuality(), mtimeMs: 0, size: 1 } as const;
  assert.equal(matchesFilters({ ...base, id: '1', filters: docs[1]!.filters }, { filterPreset: 'gopher' }), false);
  assert.equal(matchesFilters({ ...base, id: '0', filters: docs[0]!.filters }, { filterPreset: 'gopher' }), true);
  // Chinese: the per-character rules apply, mean word length and English stop words do not.
  const zh = '机器学习是人工智能的一个分支，研究计算机怎样模拟或实现人类的学习行为，以获取新的知识或技能。'.repeat(1);
  const hits = evaluateForIndex(zh, 'zh').all.map((h) => h.rule);
  assert.ok(!hits.includes('gopher_enough_stop_words') && !hits.includes('gopher_below_avg_threshold'), hits.join());
  assert.ok(hits.includes('gopher_short_doc')); // 44 characters-words < 50
});

test('Chinese: the top n-gram rules and C4\'s sentence count are not applied; the summary names them', () => {
  // Clean encyclopedic text whose subject, a five-character name, repeats: per character its top 2-gram
  // "角龙" and 3/4-grams pass datatrove's thresholds (a 2–4 character run is one or two words).
  const subject =
    '冠饰角龙类是角龙下目的一个演化支，生存于白垩纪晚期，分布于现今的北美洲与东亚。冠饰角龙类与阎王角龙、黎明角龙、古角龙、辽宁角龙等物种，组成新角龙类。' +
    '冠饰角龙类的头盾非常大，约占头骨长度的一半以上。';
  const weather = '本周天气预报\n\n周一至周二，受冷空气影响，全市将出现明显降温，最高气温约十二摄氏度，请注意添衣保暖。\n周三起天气转晴，气温逐步回升。周末多云，早晚有轻雾，驾车出行请减速慢行。\n';
  for (const text of [subject, weather]) {
    const r = evaluatePreset(text, 'zh', 'fineweb');
    assert.deepEqual(r.reasons, [], JSON.stringify(r.reasons));
  }
  // Without the skip each would drop: the subject by top_2_gram, the weather report by its 4 sentences.
  const asIfEnglishRules = gopherRepetition(subject, zhUnits(subject)).hits.map((h) => h.rule);
  assert.ok(asIfEnglishRules.includes('top_2_gram'), asIfEnglishRules.join());
  assert.equal(c4Quality(weather, { lineRules: PRESETS.fineweb.steps[2]!.c4, countSentences: (l) => (l.match(/[。！？]/g)?.length ?? 0) || 1, lineWords: zhUnits }).hits[0]?.rule, 'too_few_sentences');
  // A doc still drops for what does apply per character: 28 characters < 50.
  assert.deepEqual(evaluatePreset('元宵节这天，人们赏花灯、猜灯谜、吃汤圆，庆祝新年的第一个月圆之夜。', 'zh', 'fineweb').reasons.map((h) => h.rule), ['gopher_short_doc']);
  assert.deepEqual(rulesNotAppliedToChinese('c4'), [{ filter: 'c4', rule: 'too_few_sentences' }]);
  const docs = [
    { lang: 'zh' as const, filters: evalForIndex(subject, 'zh') },
    { lang: 'en' as const, filters: evalForIndex(PROSE, 'en') },
  ];
  assert.deepEqual(summarize(docs, 'c4').notAppliedToChinese, { documents: 1, rules: [{ filter: 'c4', rule: 'too_few_sentences' }] });
  assert.deepEqual(
    summarize(docs, 'gopher').notAppliedToChinese?.rules.map((r) => r.rule),
    ['top_2_gram', 'top_3_gram', 'top_4_gram', 'gopher_below_avg_threshold', 'gopher_above_avg_threshold', 'gopher_enough_stop_words'],
  );
  assert.equal(summarize([docs[1]!], 'gopher').notAppliedToChinese, undefined, 'no Chinese documents, nothing to say');
});
