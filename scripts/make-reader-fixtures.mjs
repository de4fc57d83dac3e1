// Regenerates the reader fixtures in test/fixtures/readers/ with OTHER implementations than ours: the
// Parquet files with DuckDB (@duckdb/node-api, a dev dependency) and the zstd files with the `zstd`
// command-line tool (Debian: apt-get install zstd). The unit tests read the committed files; run this only
// to change them:  node scripts/make-reader-fixtures.mjs
// Damaged variants (broken footer, damaged page, truncated frame) are made by the tests from these bytes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'test/fixtures/readers');
mkdirSync(out, { recursive: true });

// Twelve short documents, English and Chinese, written for these fixtures.
const TEXTS = [
  'The lighthouse at the harbour mouth was first lit in 1856 and guided ships for over a century.',
  '长江是中国最长的河流，全长约六千三百公里，流经十一个省级行政区。',
  'Bees communicate the direction of flowers with a waggle dance performed on the comb.',
  '唐朝的长安城人口超过一百万，是当时世界上最大的城市之一。',
  'A suspension bridge carries its deck on vertical hangers that hang from two main cables.',
  '豆腐起源于中国，据传由西汉淮南王刘安发明，至今已有两千多年的历史。',
  'Glaciers move slowly downhill under their own weight, carving valleys into U shapes.',
  '敦煌莫高窟始建于公元366年，保存了大量的壁画和彩塑。',
  'The printing press spread across Europe after 1450, and books became cheaper to produce.',
  '珠穆朗玛峰海拔8848.86米，是世界最高峰。',
  'Photosynthesis turns light, water and carbon dioxide into sugar and oxygen in green plants.',
  '活字印刷术由北宋毕昇发明，比欧洲早约四百年。',
];
const q = (s) => `'${s.replace(/'/g, "''")}'`;
const texts = TEXTS.map((t, i) => `(${i}, ${q(t)}, ${/[\u4e00-\u9fff]/.test(t) ? "'zh'" : "'en'"})`).join(', ');

const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
// FineWeb's columns, 5,000 rows cycling through the twelve texts, in row groups of 2,048 rows (DuckDB's
// smallest): three row groups, so one can be damaged while the others are read.
await c.run(`CREATE TABLE t AS SELECT * FROM (VALUES ${texts}) AS t(k, text, language)`);
await c.run(`CREATE TABLE fineweb AS SELECT '<urn:uuid:doc-' || (i + 1) || '>' AS id, t.text, 'https://example.org/' || t.language || '/' || (i + 1) AS url,
  'CC-MAIN-2024-10' AS dump, t.language, round(0.8 + (i % 20) / 100, 3) AS language_score, (20 + i % 50)::BIGINT AS token_count,
  round(2.5 + (i % 10) / 10, 2) AS score, (i % 4)::INTEGER AS int_score, TIMESTAMP '2024-03-01 12:00:00' + INTERVAL (i % 30) DAY AS date
  FROM range(5000) r(i) JOIN t ON t.k = i % 12 ORDER BY i`);
for (const codec of ['snappy', 'gzip', 'zstd', 'brotli', 'lz4']) {
  const f = join(out, `fineweb-${codec}.parquet`);
  rmSync(f, { force: true });
  await c.run(`COPY (SELECT * FROM fineweb ORDER BY rowid) TO '${f}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 2048)`);
}
// One string column under another name (found as the only string column), nested and list columns, NULL and empty texts.
await c.run(`COPY (SELECT * FROM (VALUES
  ('First body under another name.', 1, {'url': 'https://example.org/1', 'score': 0.5}, ['a', 'b']),
  (NULL, 2, {'url': 'https://example.org/2', 'score': 0.7}, []),
  ('   ', 3, NULL, ['c']),
  ('第四行的正文。', 4, {'url': 'https://example.org/4', 'score': 0.9}, NULL)
) AS t(body, n, meta, tags)) TO '${join(out, 'one-string-column.parquet')}' (FORMAT parquet, COMPRESSION zstd)`);
// Two string columns, neither a conventional text name: the reader cannot choose and says so.
await c.run(`COPY (SELECT 'A headline' AS headline, 'A body' AS body) TO '${join(out, 'two-string-columns.parquet')}' (FORMAT parquet)`);
// The Stack's convention: `content`.
await c.run(`COPY (SELECT * FROM (VALUES ('def add(a, b):\n    return a + b\n', 'src/add.py', 32), ('print("你好")\n', 'hello.py', 15)) AS t(content, path, size)) TO '${join(out, 'stack-content.parquet')}' (FORMAT parquet, COMPRESSION snappy)`);
c.closeSync();

// zstd: JSONL shards compressed by the zstd tool.
const jsonl = TEXTS.map((t, i) => JSON.stringify({ id: `z${i + 1}`, text: t, source: 'fixture', metadata: { n: i + 1 } })).join('\n') + '\n';
const tmp = join(out, 'tmp.jsonl');
writeFileSync(tmp, jsonl);
const zstd = (args) => execFileSync('zstd', ['-q', '-f', ...args]);
zstd(['-3', tmp, '-o', join(out, 'shard.jsonl.zst')]);
zstd(['-19', '--no-check', tmp, '-o', join(out, 'dolma.json.zst')]);
// Two frames (as `cat a.zst b.zst` or pzstd write): the first six lines, then the other six.
const half = jsonl.split('\n');
writeFileSync(join(out, 'a.jsonl'), half.slice(0, 6).join('\n') + '\n');
writeFileSync(join(out, 'b.jsonl'), half.slice(6).join('\n'));
zstd([join(out, 'a.jsonl'), '-o', join(out, 'a.zst')]);
zstd([join(out, 'b.jsonl'), '-o', join(out, 'b.zst')]);
writeFileSync(join(out, 'two-frames.jsonl.zstd'), Buffer.concat([execFileSync('cat', [join(out, 'a.zst'), join(out, 'b.zst')])]));
for (const f of ['tmp.jsonl', 'a.jsonl', 'b.jsonl', 'a.zst', 'b.zst']) rmSync(join(out, f));
console.log(`fixtures written to ${out}`);
