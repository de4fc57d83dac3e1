// Memory of a loaded index by component, in a fresh process (what the extension host holds): the document
// table, the manifest's file entries, the search shards, the id → shard map, the title/path field index
// (built on the first search). Each figure is the heap + external growth after a full GC.
//
//   node --import tsx --expose-gc bench/host-memory.ts <root> [query…]
import { CorpusIndex } from '../src/core/corpus/index/corpus-index';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
function used(): { heap: number; ext: number; rss: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, ext: m.external, rss: m.rss };
}
const mb = (b: number) => (b / 1048576).toFixed(1);

const [root, ...queries] = process.argv.slice(2) as [string, ...string[]];
const m0 = used();
const c0 = process.cpuUsage();
const { index, problem } = CorpusIndex.load(root);
if (!index) throw new Error(problem ?? 'no index');
const lc = process.cpuUsage(c0);
const m1 = used();
const n = index.size;
const rows: [string, number, number][] = [];
rows.push(['loaded (docs, files, shards, ids)', m1.heap - m0.heap, m1.ext - m0.ext]);
const priv = index as unknown as { search_: { search(q: string, o: object): unknown }; fieldIndex(): unknown };
const qs = queries.length ? queries : ['history of the city', '中国 历史', 'government policy', '经济 发展'];
for (const q of qs) priv.search_.search(q, { limit: 10 });
const m2 = used();
rows.push(['body searches (postings cache)', m2.heap - m1.heap, m2.ext - m1.ext]);
priv.fieldIndex();
const m3 = used();
rows.push(['title/path field index', m3.heap - m2.heap, m3.ext - m2.ext]);
for (const q of qs) index.search(q, { limit: 10 });
const m4 = used();
rows.push(['whole searches after that', m4.heap - m3.heap, m4.ext - m3.ext]);
console.log(`documents ${n}, load CPU ${((lc.user + lc.system) / 1e6).toFixed(2)} s`);
for (const [name, h, e] of rows) console.log(`${name.padEnd(42)} heap ${mb(h).padStart(7)} MB  external ${mb(e).padStart(6)} MB  = ${((h + e) / n).toFixed(0)} B/doc`);
console.log(`RSS fresh ${mb(m0.rss)} MB, loaded ${mb(m1.rss)} MB, after searches ${mb(m4.rss)} MB`);
