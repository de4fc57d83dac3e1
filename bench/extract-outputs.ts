// Writes what the extractor returns for every page of both HTML evaluation sets (../shared/data/html), one JSON
// line a page, so that a speed change can be checked to leave the output byte-identical:
//   tsx bench/extract-outputs.ts > after.jsonl
//   EXTRACT_SRC=<checkout of older code>/src tsx bench/extract-outputs.ts > before.jsonl
//   cmp before.jsonl after.jsonl
// Each page is run whole and cut short at a third and at two thirds of its length (mid-tag, mid-attribute,
// unclosed elements: the parser's edge cases), through extractMainText (title, text, method, depth) and
// pageBlocks (every block's text, tag, features, the density method's choice and the page kind: what the
// block model is trained on). Not a .bench.ts: `npm run bench` does not run it.
//
// Environment: CURATOR_SHARED_DATA (the data folder), EXTRACT_SRC (the src folder to load; default this tree's).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SET_NAMES, loadSet } from '../scripts/lib/extract-sets';

type Extract = typeof import('../src/core/corpus/html/extract');

async function main(): Promise<void> {
  const src = resolve(process.env.EXTRACT_SRC ?? join(__dirname, '..', 'src'));
  const mod = (await import(join(src, 'core', 'corpus', 'html', 'extract.ts'))) as Extract;
  const candidates = [process.env.CURATOR_SHARED_DATA, join(__dirname, '..', '..', 'shared', 'data'), join(__dirname, '..', '..', '..', 'shared', 'data')].filter((d): d is string => !!d);
  const dataDir = candidates.find((d) => existsSync(join(d, 'html')));
  if (!dataDir) throw new Error('../shared/data/html not found (set CURATOR_SHARED_DATA)');
  let n = 0;
  for (const name of SET_NAMES) {
    const pages = loadSet(join(dataDir, 'html', name), name);
    if (!pages) throw new Error(`${name} not found`);
    for (const p of pages) {
      for (const [variant, html] of [
        ['whole', p.html],
        ['third', p.html.slice(0, Math.floor(p.html.length / 3))],
        ['two-thirds', p.html.slice(0, Math.floor((p.html.length * 2) / 3))],
      ] as const) {
        const r = mod.extractMainText(html, p.url);
        const b = mod.pageBlocks(html, p.url);
        const blocks = createHash('sha256')
          .update(JSON.stringify({ texts: b.texts, tags: b.tags, kept: b.kept, kind: b.kind, features: b.features.map((f) => Array.from(f)) }))
          .digest('hex');
        process.stdout.write(`${JSON.stringify({ set: name, id: p.id, variant, title: r.title, method: r.method, maxDepth: r.maxDepth, text: r.text, blocks })}\n`);
        n++;
      }
    }
  }
  process.stderr.write(`${n} outputs from ${src}\n`);
}

void main();
