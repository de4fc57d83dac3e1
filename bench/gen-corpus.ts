// Writes a generated corpus of real text (bench/real-text.ts: the same documents d0, d1, … as
// `npm run bench -- index`) as shards on disk, for timing the whole `curator index` command at scale:
//
//   node --import tsx bench/gen-corpus.ts <out-dir> <documents> [per-shard=10000] [parquet-every=4]
//
// Shards are `shard-00000.jsonl` ({"id","text"} per line) and, every `parquet-every`-th shard, a
// zstd-compressed `shard-0000k.parquet` (columns id, text, lang; row groups of 2,000 rows), so both readers
// are timed. The corpus goes where it is told (never into the repository: it is 3 GB at a million).
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { ParquetWriter, fileWriter } from 'hyparquet-writer';
import { zstdCompressor } from '../src/core/corpus/parquet-writer';
import { loadPools, makeGenerator } from './real-text';

export async function writeCorpus(out: string, docs: number, perShard = 10000, parquetEvery = 4, onShard?: (n: number) => void): Promise<{ bytes: number; shards: number }> {
  mkdirSync(out, { recursive: true });
  const pools = loadPools();
  const gen = makeGenerator(pools);
  const { compress } = await zstdCompressor();
  let bytes = 0;
  let shards = 0;
  for (let start = 0, s = 0; start < docs; start += perShard, s++) {
    const end = Math.min(docs, start + perShard);
    const name = `shard-${String(s).padStart(5, '0')}`;
    if (parquetEvery > 0 && s % parquetEvery === parquetEvery - 1) {
      const w = new ParquetWriter({
        writer: fileWriter(join(out, name + '.parquet')),
        schema: [
          { name: 'root', num_children: 3 },
          { name: 'id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
          { name: 'text', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
          { name: 'lang', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        ],
        codec: 'ZSTD',
        compressors: { ZSTD: compress },
      });
      for (let g = start; g < end; g += 2000) {
        const rows = [];
        for (let i = g; i < Math.min(end, g + 2000); i++) rows.push(gen(i));
        for (const r of rows) bytes += Buffer.byteLength(r.text, 'utf8');
        w.write({
          columnData: [
            { name: 'id', data: rows.map((r) => r.id) },
            { name: 'text', data: rows.map((r) => r.text) },
            { name: 'lang', data: rows.map((r) => r.lang) },
          ],
          rowGroupSize: rows.length,
        });
      }
      w.finish();
    } else {
      const ws = createWriteStream(join(out, name + '.jsonl'));
      for (let i = start; i < end; i++) {
        const d = gen(i);
        bytes += Buffer.byteLength(d.text, 'utf8');
        if (!ws.write(JSON.stringify({ id: d.id, text: d.text }) + '\n')) await once(ws, 'drain');
      }
      ws.end();
      await once(ws, 'finish');
    }
    shards++;
    onShard?.(shards);
  }
  return { bytes, shards };
}

if (process.argv[1] && /gen-corpus\.ts$/.test(process.argv[1])) {
  const [out, n, per, every] = process.argv.slice(2);
  if (!out || !n) {
    console.error('usage: node --import tsx bench/gen-corpus.ts <out-dir> <documents> [per-shard=10000] [parquet-every=4]');
    process.exit(2);
  }
  const t0 = performance.now();
  writeCorpus(out, Number(n), per ? Number(per) : undefined, every ? Number(every) : undefined).then(
    ({ bytes, shards }) => console.log(`${n} documents, ${(bytes / 1024 / 1024).toFixed(0)} MB of text, ${shards} shards in ${out} (${((performance.now() - t0) / 1000).toFixed(1)} s)`),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
