import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeQuality, countPii, luhnValid, validChineseId, textUnits } from '../../src/core/corpus/quality';

const EN = 'The river report covers forty sites along the valley and compares them with last year. ' +
  'Water quality improved at most sites, although two sites downstream of the plant got worse. ' +
  'The committee recommends monthly sampling and a public dashboard for the results.';
const ZH = '机器学习是人工智能的一个分支，研究计算机怎样模拟或实现人类的学习行为，以获取新的知识或技能，' +
  '重新组织已有的知识结构使之不断改善自身的性能。它是人工智能的核心，是使计算机具有智能的根本途径。';

test('clean English and Chinese prose has no markup, garbling, duplicates or PII', () => {
  for (const [text, lang] of [[EN, 'en'], [ZH, 'zh']] as const) {
    const q = computeQuality(text, lang);
    assert.equal(q.markupPer1k, 0, lang);
    assert.equal(q.garbledPer1k, 0, lang);
    assert.equal(q.dupLineFrac, 0, lang);
    assert.equal(q.dupParaFrac, 0, lang);
    assert.equal(q.emails + q.phones + q.ips + q.idNumbers, 0, lang);
    assert.ok(q.top2gramFrac < 0.2, `${lang} top2 ${q.top2gramFrac}`);
  }
});

test('units: words for English, characters for Chinese (Latin words inside Chinese stay words)', () => {
  assert.deepEqual(textUnits('Hello, big World!', 'en'), ['hello', 'big', 'world']);
  assert.deepEqual(textUnits('使用GPT模型', 'zh'), ['使', '用', 'gpt', '模', '型']);
});

test('too short / too long follow words for English and characters for Chinese', () => {
  assert.equal(computeQuality('Just a few words here.', 'en').tooShort, 1);
  assert.equal(computeQuality(EN, 'en').tooShort, 1); // 44 words < 50
  assert.equal(computeQuality(EN + ' ' + EN, 'en').tooShort, 0);
  assert.equal(computeQuality(EN + ' ' + EN, 'en', { minUnits: 100 }).tooShort, 1);
  assert.equal(computeQuality(ZH, 'zh').tooShort, 1); // ~90 characters < 100
  assert.equal(computeQuality(ZH + ZH, 'zh').tooShort, 0);
  assert.equal(computeQuality(EN, 'en', { maxUnits: 10 }).tooLong, 1);
  assert.equal(computeQuality(EN, 'en').tooLong, 0);
});

test('markup remnants and garbled text are counted per 1,000 characters', () => {
  const q = computeQuality('<div class="x">Text &amp; more</div> plain words', 'en');
  assert.ok(q.markupPer1k > 0);
  // 3 items (2 tags, 1 entity) in 48 chars
  assert.ok(Math.abs(q.markupPer1k - (3 * 1000) / 48) < 1e-9, String(q.markupPer1k));
  assert.equal(computeQuality('a < b and c > d', 'en').markupPer1k, 0);

  const g = computeQuality('Caf\u00c3\u00a9 na\u00c3\u00afve \ufffd\ufffd text', 'en');
  assert.ok(g.garbledPer1k > 100, String(g.garbledPer1k));
  const zhGarbled = computeQuality('这是锟斤拷锟斤拷乱码', 'zh');
  assert.ok(zhGarbled.garbledPer1k > 0);
});

test('duplicate lines and paragraphs are measured by characters', () => {
  const text = 'Subscribe now\nReal line one\nSubscribe now\nSubscribe now';
  const q = computeQuality(text, 'en');
  // 4 lines: 13 + 13 + 13 + 13 chars, two repeats of an earlier line
  assert.ok(Math.abs(q.dupLineFrac - 26 / 52) < 1e-9, String(q.dupLineFrac));
  const paras = '第一段内容。\n\n第二段内容。\n\n第一段内容。';
  const p = computeQuality(paras, 'zh');
  assert.ok(Math.abs(p.dupParaFrac - 1 / 3) < 1e-9, String(p.dupParaFrac));
});

test('top n-gram coverage flags repetitive text (words in English, characters in Chinese)', () => {
  const spam = 'buy cheap pills '.repeat(30) + 'now';
  const q = computeQuality(spam, 'en');
  assert.ok(q.top2gramFrac > 0.5 && q.top3gramFrac > 0.5 && q.top4gramFrac > 0.5, JSON.stringify(q));
  const zh = '点击这里'.repeat(40);
  const z = computeQuality(zh, 'zh');
  assert.ok(z.top2gramFrac > 0.4, String(z.top2gramFrac));
  assert.ok(computeQuality(EN, 'en').top4gramFrac === 0);
});

test('symbol-to-word ratio counts # and ellipses', () => {
  const q = computeQuality('#tag #another ... and more… words', 'en');
  // units: tag, another, and, more, words = 5; symbols: #, #, ..., … = 4
  assert.ok(Math.abs(q.symbolRatio - 4 / 5) < 1e-9, String(q.symbolRatio));
});

test('PII: e-mails, phones (international, Chinese mobile), IPv4/IPv6', () => {
  const text = 'Write to jane.doe@example.co.uk or 张三 <zhangsan@mail.qq.com>. 手机：13812345678，' +
    'office +44 20 7946 0958, US (415) 555-2671. Server 192.168.1.20 and 2001:db8:85a3::8a2e:370:7334, ' +
    'loopback ::1. Not an IP: 999.1.1.1 or version 1.2.3.4.5. Not a phone: 12812345678.';
  const p = countPii(text);
  assert.equal(p.emails, 2);
  assert.equal(p.phones, 3);
  assert.equal(p.ips, 3);
  assert.equal(countPii('会议时间 12:30:45，比分 3:2').ips, 0);
  assert.equal(countPii('见第 3.1.4.2 节').ips, 0);
});

test('ID numbers: Chinese ID with valid checksum, SSN pattern, Luhn-valid card numbers', () => {
  // 11010519491231002X is the standard GB 11643 example with a valid check character.
  assert.equal(validChineseId('11010519491231002X'), true);
  assert.equal(validChineseId('110105194912310021'), false);
  assert.equal(luhnValid('4111111111111111'), true);
  assert.equal(luhnValid('4111111111111112'), false);
  const p = countPii('身份证 11010519491231002X，错号 110105194912310021。SSN 123-45-6789, bad 000-12-3456. ' +
    'Card 4111 1111 1111 1111; not a card 4111 1111 1111 1112.');
  assert.equal(p.idNumbers, 3);
  assert.equal(p.phones, 0);
  // A run of years passes Luhn ("1900 1901 1902 1903") but is no card number.
  assert.equal(luhnValid('1900190119021903'), true);
  assert.equal(countPii('Seasons 1900 1901 1902 1903 were recorded.').idNumbers, 0);
  assert.equal(countPii('Amex 3782 822463 10005').idNumbers, 1);
});

test('long pathological runs (digits, @, :) do not break the counters', () => {
  const big = (EN + '\n').repeat(4000) + '1'.repeat(50_000) + '@'.repeat(50_000) + ':'.repeat(50_000);
  const q = computeQuality(big, 'en');
  assert.ok(q.dupLineFrac > 0.85, String(q.dupLineFrac));
  assert.equal(q.emails + q.ips, 0);
});

test('top n-gram coverage equals a direct count over the units (English and Chinese, several texts)', () => {
  const naive = (units: string[], n: number): number => {
    const counts = new Map<string, number>();
    let best = 0;
    let bestKey: string[] = [];
    for (let i = 0; i + n <= units.length; i++) {
      const g = units.slice(i, i + n);
      const k = g.join('\u0001');
      const c = (counts.get(k) ?? 0) + 1;
      counts.set(k, c);
      if (c > best) {
        best = c;
        bestKey = g;
      }
    }
    const total = units.reduce((a, u) => a + u.length, 0);
    return best < 2 ? 0 : (best * bestKey.reduce((a, u) => a + u.length, 0)) / total;
  };
  let x = 12345;
  const rnd = (k: number): number => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x % k;
  };
  const enVocab = ['river', 'data', 'the', 'of', 'quality', 'report', 'a', 'in'];
  const zhVocab = '的一是在不了有和人这中大';
  for (let t = 0; t < 5; t++) {
    const en = Array.from({ length: 300 }, () => enVocab[rnd(enVocab.length)]).join(' ');
    const zh = Array.from({ length: 400 }, () => zhVocab[rnd(zhVocab.length)]).join('');
    for (const [text, lang] of [[en, 'en'], [zh, 'zh']] as const) {
      const q = computeQuality(text, lang);
      const units = textUnits(text, lang);
      assert.ok(Math.abs(q.top2gramFrac - naive(units, 2)) < 1e-12, `${lang} 2`);
      assert.ok(Math.abs(q.top3gramFrac - naive(units, 3)) < 1e-12, `${lang} 3`);
      assert.ok(Math.abs(q.top4gramFrac - naive(units, 4)) < 1e-12, `${lang} 4`);
    }
  }
});

test('QUALITY_SIGNALS names every signal computeQuality returns, each with a label and a scale', async () => {
  const { QUALITY_SIGNALS, QUALITY_SIGNAL_NAMES, zeroQuality } = await import('../../src/core/corpus/quality');
  assert.deepEqual(Object.keys(computeQuality('Some words here.', 'en')).sort(), [...QUALITY_SIGNAL_NAMES].sort());
  assert.deepEqual(Object.keys(zeroQuality()), QUALITY_SIGNAL_NAMES);
  for (const k of QUALITY_SIGNAL_NAMES) assert.ok(QUALITY_SIGNALS[k].label.length > 3 && ['fraction', 'rate', 'count', 'flag'].includes(QUALITY_SIGNALS[k].scale), k);
});
