import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/commands/types';

function capture(cwd: string): { io: CliIO; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd }, out, err };
}

function words(seed: number, n: number): string {
  const vocab = ['harbour', 'crane', 'ledger', 'tide', 'market', 'winter', 'signal', 'copper', 'meadow', 'engine', 'vessel', 'orchard',
    'the', 'of', 'and', 'a', 'in', 'was', 'for', 'on'];
  let x = (seed * 2654435761) >>> 0 || 1;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out.push(vocab[x % vocab.length]!);
  }
  return out.join(' ');
}

// Eight documents, each sharing one of its five paragraphs (lines) with the next; a near copy of doc 2
// (one word of one line changed).
function writeChainCorpus(dir: string): string[] {
  const shared = Array.from({ length: 9 }, (_, i) => words(100 + i, 30));
  const texts = Array.from({ length: 8 }, (_, i) => [shared[i]!, words(200 + i * 3, 30), words(201 + i * 3, 30), words(202 + i * 3, 30), shared[i + 1]!].join('\n'));
  texts.forEach((t, i) => writeFileSync(join(dir, `doc${i}.txt`), t + '\n'));
  const lines = texts[2]!.split('\n');
  lines[1] = lines[1]!.replace(/^(\S+ \S+) \S+/, '$1 altered');
  writeFileSync(join(dir, 'near2.txt'), lines.join('\n') + '\n');
  return shared;
}

test('curator dedup: a chain of shared paragraphs forms no group; the near copy groups with its kept document', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dedup-cli-'));
  try {
    const shared = writeChainCorpus(dir);
    const c = capture(dir);
    assert.equal(await main(['dedup', '.', '--json', '--quiet'], c.io), 0);
    const { clusters } = JSON.parse(c.out.join('')) as { clusters: string[][] };
    assert.equal(clusters.length, 1);
    assert.deepEqual([...clusters[0]!].sort(), ['doc2.txt', 'near2.txt']);

    const p = capture(dir);
    assert.equal(await main(['dedup', '.', '--passages', '--json', '--quiet'], p.io), 0);
    const { passages } = JSON.parse(p.out.join('')) as { passages: { documents: number; text: string; docs: string[] }[] };
    // shared[1..7] each link two documents (shared[2] and shared[3] also the near copy: three), and the
    // near copy shares doc 2's two unchanged own lines
    assert.equal(passages.length, 9);
    const byText = new Map(passages.map((x) => [x.text, x]));
    assert.deepEqual(byText.get(shared[1]!)?.docs, ['doc0.txt', 'doc1.txt']);
    assert.equal(byText.get(shared[3]!)?.documents, 3);
    assert.equal(await main(['dedup', '.', '--min-docs', '3'], capture(dir).io), 2, '--min-docs without --passages is a usage error');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('curator export --drop-shared-passages keeps every document and each shared passage once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dedup-export-'));
  try {
    const shared = writeChainCorpus(dir);
    const c = capture(dir);
    assert.equal(await main(['export', '.', '--out', join(dir, 'out', 'mix.jsonl'), '--drop-shared-passages', '--json', '--quiet'], c.io), 0);
    const m = JSON.parse(c.out.join('')) as { documents: number; passagesDropped: number; excluded: { duplicates: number } };
    assert.equal(m.documents, 8, 'the near copy goes, every document sharing a paragraph stays');
    assert.equal(m.excluded.duplicates, 1);
    const texts = readFileSync(join(dir, 'out', 'mix.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text);
    assert.equal(texts.length, 8);
    for (const s of shared) assert.equal(texts.filter((t) => t.includes(s)).length, 1, s.slice(0, 30));
    assert.equal(m.passagesDropped, 7);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the index counts each document\'s shared passages and the statistics count the documents that have one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dedup-stats-'));
  try {
    writeChainCorpus(dir);
    const c = capture(dir);
    assert.equal(await main(['stats', '.', '--json', '--quiet'], c.io), 0);
    const st = JSON.parse(c.out.join('')) as { duplicates: { passageDocs: number; nearClusters: number } };
    assert.equal(st.duplicates.passageDocs, 9, 'all eight chain documents and the near copy share a line');
    assert.equal(st.duplicates.nearClusters, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
