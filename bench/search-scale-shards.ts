// Makes a million-document set of search shards from the shards of a smaller built index (for timing search
// at a million without indexing a million): each shard file is copied `copies` times with its document ids
// prefixed by the copy number (postings and lengths unchanged). The text behind it repeats, so only the
// timing and the postings' lengths are those of a million documents, not the ranking among distinct texts.
//
//   node --import tsx bench/search-scale-shards.ts <index dir> <out dir> <copies>
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Shard } from '../src/core/corpus/search/search-index';

const [from, out, copiesArg] = process.argv.slice(2) as [string, string, string];
const copies = Number(copiesArg);
mkdirSync(out, { recursive: true });
const files = readdirSync(from).filter((f) => /^shard-\d+-\d+\.bin$/.test(f)).sort();
let docs = 0;
const names: string[] = [];
for (const f of files) {
  const s = Shard.load(join(from, f));
  for (let c = 0; c < copies; c++) {
    const copy = new Shard(s.ids.map((id) => `${c}-${id}`), s.keys, s.offsets, s.postings, s.lens);
    const name = `copy-${c}-${f}`;
    writeFileSync(join(out, name), Buffer.concat(copy.serialize()));
    names.push(name);
    docs += s.size;
  }
}
writeFileSync(join(out, 'shards.json'), JSON.stringify({ shards: names, docs }));
console.log(`${names.length} shards, ${docs} documents in ${out}`);
