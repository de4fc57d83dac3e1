import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  minhash, shingleHashes, shingleUnits, signatureOf, estimateJaccard, estimateContainment, fmix32,
  signatureToBase64, signatureFromBase64,
} from '../../src/core/corpus/dedup/minhash';
import { clusterDuplicates, DedupIndex, DEFAULT_DEDUP, UnionFind, type DedupItem } from '../../src/core/corpus/dedup/lsh';
import { paragraphsOf, shingleSketch, sketchContainment } from '../../src/core/corpus/dedup/minhash';
import { sha256 } from '../../src/core/text/hash';

// Deterministic pseudo-random English-like text (so tests do not depend on fixtures).
function words(seed: number, n: number): string {
  const vocab = ['river', 'water', 'quality', 'report', 'sample', 'site', 'committee', 'valley', 'plant', 'result',
    'monthly', 'public', 'dashboard', 'improved', 'worse', 'downstream', 'upstream', 'data', 'level', 'season',
    'rain', 'summer', 'winter', 'fish', 'survey', 'station', 'measure', 'nitrate', 'phosphate', 'oxygen',
    'the', 'of', 'and', 'a', 'in', 'was', 'for', 'on', 'with', 'at'];
  let x = seed * 2654435761 >>> 0 || 1;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out.push(vocab[x % vocab.length]!);
  }
  return out.join(' ');
}

function zhText(seed: number, n: number): string {
  const chars = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞';
  let x = seed * 40503 >>> 0 || 7;
  let s = '';
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    s += chars[x % chars.length];
    if (i % 23 === 22) s += '，';
  }
  return s + '。';
}

function item(id: string, text: string, lang: 'en' | 'zh' = 'en'): DedupItem {
  return { id, text, lang, sha256: sha256(text) };
}

test('shingle units: normalised words for English, characters for Chinese', () => {
  assert.deepEqual(shingleUnits('The RIVER, the river!', 'en'), ['the', 'river', 'the', 'river']);
  assert.deepEqual(shingleUnits('使用ＧＰＴ模型。', 'zh'), ['使', '用', 'gpt', '模', '型']);
  // 7 words → 3 five-word shingles; 3 words → one shingle of all of them
  assert.equal(shingleHashes('a b c d e f g', 'en').length, 3);
  assert.equal(shingleHashes('a b c', 'en').length, 1);
  assert.equal(shingleHashes('一二三四五六', 'zh').length, 2);
  assert.equal(shingleHashes('   ', 'en').length, 0);
});

test('fmix32 stays in 32 bits and avalanches', () => {
  const a = fmix32(1);
  const b = fmix32(2);
  assert.ok(a >= 0 && a <= 0xffffffff && b >= 0 && b <= 0xffffffff);
  assert.notEqual(a, b);
  assert.equal(fmix32(0), 0); // the finaliser maps 0 to 0: seeds are xor-ed in before it
});

test('signature: bands×rows hashes, seeded, equal for equal texts', () => {
  const t = words(1, 300);
  const s1 = minhash(t, 'en');
  assert.equal(s1.sig.length, 112);
  assert.deepEqual(minhash(t, 'en').sig, s1.sig);
  assert.notDeepEqual(minhash(t, 'en', { seed: 2 }).sig, s1.sig);
  assert.equal(minhash(t, 'en', { bands: 10, rows: 3 }).sig.length, 30);
  assert.equal(estimateJaccard(s1.sig, s1.sig), 1);
});

test('estimated Jaccard tracks the true Jaccard of the shingle sets', () => {
  const base = words(3, 400).split(' ');
  const edited = [...base];
  for (let i = 0; i < edited.length; i += 25) edited[i] = 'CHANGED';
  const a = base.join(' ');
  const b = edited.join(' ');
  const sa = new Set(shingleHashes(a, 'en'));
  const sb = new Set(shingleHashes(b, 'en'));
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  const trueJ = inter / (sa.size + sb.size - inter);
  const opts = { bands: 64, rows: 4 }; // 256 hashes: standard error ~0.03
  const est = estimateJaccard(signatureOf(new Uint32Array(sa), opts), signatureOf(new Uint32Array(sb), opts));
  assert.ok(Math.abs(est - trueJ) < 0.1, `estimated ${est}, true ${trueJ}`);
  const unrelated = estimateJaccard(minhash(a, 'en').sig, minhash(words(99, 400), 'en').sig);
  assert.ok(unrelated < 0.1, String(unrelated));
});

test('containment estimate: a passage copied into a longer text is mostly contained', () => {
  const passage = words(5, 150);
  const host = words(6, 300) + ' ' + passage + ' ' + words(7, 300);
  const c = estimateContainment(minhash(passage, 'en', { bands: 64, rows: 4 }), minhash(host, 'en', { bands: 64, rows: 4 }));
  assert.ok(c > 0.7, String(c));
});

test('signatures round-trip through base64', () => {
  const s = minhash(words(8, 100), 'en').sig;
  assert.deepEqual(signatureFromBase64(signatureToBase64(s)), s);
});

test('union-find merges transitively', () => {
  const uf = new UnionFind();
  uf.union('a', 'b');
  uf.union('c', 'd');
  assert.notEqual(uf.find('a'), uf.find('c'));
  uf.union('b', 'd');
  assert.equal(uf.find('a'), uf.find('c'));
});

test('clusters: exact copies, light edits and copied passages together; unrelated texts apart (English)', () => {
  const orig = words(10, 300);
  const edited = orig.split(' ').map((w, i) => (i % 40 === 0 ? 'edited' : w)).join(' ');
  const partial = words(11, 120) + ' ' + orig.split(' ').slice(50, 200).join(' ');
  const items = [
    item('orig', orig),
    item('copy', orig),
    item('edited', edited),
    item('partial', partial),
    item('other1', words(12, 300)),
    item('other2', words(13, 250)),
  ];
  const cl = clusterDuplicates(items);
  assert.equal(cl.get('orig'), 'copy'); // smallest id of the cluster
  assert.equal(cl.get('copy'), 'copy');
  assert.equal(cl.get('edited'), 'copy');
  assert.equal(cl.get('partial'), 'copy');
  assert.equal(cl.has('other1'), false);
  assert.equal(cl.has('other2'), false);
  // Plain Jaccard dedup (containment off) does not take the partial copy.
  const strict = clusterDuplicates(items, { containment: 1, threshold: 0.6 });
  assert.equal(strict.has('partial'), false);
  assert.equal(strict.get('edited'), 'copy');
});

test('clusters Chinese by character shingles', () => {
  const a = zhText(1, 400);
  const b = a.slice(0, 150) + '这里插入了几个字。' + a.slice(150);
  const items = [item('zh-a', a, 'zh'), item('zh-b', b, 'zh'), item('zh-c', zhText(2, 400), 'zh')];
  const cl = clusterDuplicates(items);
  assert.ok(cl.has('zh-a'));
  assert.equal(cl.get('zh-a'), cl.get('zh-b'));
  assert.equal(cl.has('zh-c'), false);
});

test('very short documents only dedup exactly', () => {
  const cl = clusterDuplicates([item('s1', 'Hello.'), item('s2', 'Hello.'), item('s3', 'Hello there.')]);
  assert.equal(cl.get('s1'), 's1');
  assert.equal(cl.get('s2'), 's1');
  assert.equal(cl.has('s3'), false);
});

test('DedupIndex is incremental and serialisable', () => {
  const orig = words(20, 300);
  const idx = new DedupIndex();
  const fp = idx.addText('a', orig, 'en', sha256(orig));
  idx.addText('b', words(21, 300), 'en', sha256(words(21, 300)));
  assert.equal(idx.clusters().size, 0);
  const near = orig.replace('river', 'stream');
  idx.addText('c', near, 'en', sha256(near));
  assert.deepEqual([...idx.clusters()].sort(), [['a', 'a'], ['c', 'a']]);
  assert.equal(idx.linkOf('c')?.keeper, 'a');

  const restored = DedupIndex.fromJSON(JSON.parse(JSON.stringify(idx.toJSON())));
  assert.deepEqual([...restored.clusters()].sort(), [['a', 'a'], ['c', 'a']]);
  restored.remove('a');
  assert.equal(restored.clusters().size, 0);
  restored.addFingerprint('a2', fp, sha256(orig));
  assert.deepEqual([...restored.clusters()].sort(), [['a2', 'a2'], ['c', 'a2']]);
  assert.throws(() => restored.addFingerprint('x', { ...fp, sig: { sig: new Uint32Array(10), shingles: 10 } }, 'h'), /112/);
});

test('the binary signature file keeps every fingerprint as the JSON form does, and refuses a truncated file', async () => {
  const { dedupFileChunks, readDedupFile } = await import('../../src/core/corpus/dedup/dedup-file');
  const idx = new DedupIndex();
  const orig = words(20, 300);
  idx.addText('a', orig, 'en', sha256(orig));
  const zh = '长城是中国古代的军事防御工程。\n东起山海关，西至嘉峪关，全长数千公里，是世界上最长的城墙之一。\n' + orig;
  idx.addText('文档/b:3', zh, 'zh', sha256(zh));
  const near = orig.replace('river', 'stream');
  idx.addText('c', near, 'en', sha256(near));
  const bytes = Buffer.concat([...dedupFileChunks(idx)]);
  const back = readDedupFile(bytes);
  assert.deepEqual(back.toJSON(), idx.toJSON());
  assert.deepEqual([...back.clusters()].sort(), [...idx.clusters()].sort());
  assert.throws(() => readDedupFile(bytes.subarray(0, bytes.length - 9)), /truncated|trailing/);
  assert.throws(() => readDedupFile(Buffer.from('{"version":2}')), /not a near-duplicate/);
});

test('a flood of exact copies (big LSH buckets) forms one cluster, leaving unrelated texts out', () => {
  const page = words(30, 200);
  const items = Array.from({ length: 150 }, (_, i) => item(`copy${String(i).padStart(3, '0')}`, page));
  items.push(item('unrelated', words(31, 200)));
  const cl = clusterDuplicates(items);
  assert.equal(cl.size, 150);
  assert.ok([...cl.values()].every((c) => c === 'copy000'));
  assert.equal(cl.has('unrelated'), false);
});

// Documents that share one paragraph in five with their neighbours: doc i = [s(i-1), own, own, own, s(i)].
function chainCorpus(n: number, edit: boolean): DedupItem[] {
  const shared = Array.from({ length: n + 1 }, (_, i) => words(500 + i, 40));
  return Array.from({ length: n }, (_, i) => {
    const prev = edit ? shared[i]!.replace(/^(\S+)/, 'altered') : shared[i]!;
    const paras = [prev, words(600 + i * 3, 40), words(601 + i * 3, 40), words(602 + i * 3, 40), shared[i + 1]!];
    return item(`doc${String(i).padStart(2, '0')}`, paras.join('\n'));
  });
}

test('the chain corpus: documents sharing one paragraph in five form no cluster; a true near copy still does', () => {
  for (const edit of [false, true]) {
    const docs = chainCorpus(12, edit);
    const near = docs[3]!.text.split(' ').map((w, i) => (i % 30 === 5 ? 'changed' : w)).join(' ');
    const excerpt = docs[7]!.text.split('\n').slice(1, 4).join('\n');
    const cl = clusterDuplicates([...docs, item('near3', near), item('excerpt7', excerpt)]);
    assert.deepEqual([...cl].sort(), [['doc03', 'doc03'], ['doc07', 'doc07'], ['excerpt7', 'doc07'], ['near3', 'doc03']], `edit=${edit}`);
  }
});

test('every member of a cluster is a near copy of the document the cluster keeps (no chains)', () => {
  // A run of overlapping windows over one long text: each shares half of itself with the next, a
  // quarter with the one after. Linked transitively they would form one cluster.
  const base = words(700, 2000).split(' ');
  const texts = Array.from({ length: 12 }, (_, i) => base.slice(i * 150, i * 150 + 300).join(' '));
  const idx = new DedupIndex();
  const fps = new Map(texts.map((t, i) => [`w${String(i).padStart(2, '0')}`, idx.addText(`w${String(i).padStart(2, '0')}`, t, 'en', sha256(t))]));
  const cl = idx.clusters();
  assert.ok(cl.size > 0);
  const sizes = new Map<string, number>();
  for (const [id, keeper] of cl) {
    sizes.set(keeper, (sizes.get(keeper) ?? 0) + 1);
    if (id === keeper) continue;
    const s = idx.similarity(fps.get(id)!, fps.get(keeper)!);
    assert.ok(s.containment >= DEFAULT_DEDUP.containment || s.jaccard >= DEFAULT_DEDUP.threshold, `${id} → ${keeper}`);
  }
  assert.ok(Math.max(...sizes.values()) <= 3, JSON.stringify([...sizes]));
});

test('a short document with one line of another is a shared passage, not a near copy', () => {
  const host = [words(800, 60), words(801, 60), words(802, 60)].join('\n');
  const short = [words(803, 20), host.split('\n')[1]!].join('\n'); // 60 of its 80 words are a line of host
  const idx = new DedupIndex();
  idx.addText('host', host, 'en', sha256(host));
  idx.addText('short', short, 'en', sha256(short));
  assert.equal(idx.clusters().size, 0);
  const passages = idx.sharedPassages();
  assert.equal(passages.length, 1);
  assert.deepEqual(passages[0]!.ids, ['host', 'short']);
});

test('sketches give exact containment for short texts and a consistent sample for long ones', () => {
  const a = shingleHashes(words(900, 200), 'en');
  const big = shingleHashes(words(900, 200) + ' ' + words(901, 3000), 'en');
  const sa = shingleSketch(a, 1024);
  const sb = shingleSketch(big, 1024);
  assert.equal(sa.ranks.length, new Set(a).size);
  assert.ok(sb.ranks.length < 1200 && sb.ranks.length > 850, String(sb.ranks.length));
  const c = sketchContainment(sa, sb);
  assert.ok(c > 0.9, String(c));
  assert.ok(sketchContainment(sb, sa) < 0.15);
});

test('passages are lines with enough words, hashed regardless of case and punctuation', () => {
  const t = 'Short line.\nThe quick brown fox jumps over the lazy dog today!\n\nTHE QUICK BROWN FOX, jumps over the lazy dog today';
  const p = paragraphsOf(t, 'en');
  assert.equal(p.length, 2);
  assert.equal(p[0]!.hash, p[1]!.hash);
  assert.equal(t.slice(p[0]!.start, p[0]!.end), 'The quick brown fox jumps over the lazy dog today!');
});
