// The four datatrove filters (preset `all`) on the 2,352 documents of ../shared/data/quality/
// datatrove-reference.jsonl: CPU seconds and MB/s. Baseline in the same run, when DATATROVE_SRC names a
// checkout's `src` folder and /usr/bin/python3 has NLTK (Debian: python3-nltk, python3-numpy, python3-regex,
// python3-loguru, python3-fsspec): datatrove's own four filters on the same texts, with the same NLTK
// tokenisation (untrained Punkt + word_tokenize), in one Python process. Packages datatrove imports but these
// filters never call (huggingface_hub, tokenizers, orjson) are replaced by stubs that raise when used.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { evaluatePreset } from '../src/core/corpus/filters/evaluate';
import { DATATROVE_FILTERS_PY } from './datatrove-py';
import { dataDir } from './real-text';

const file = join(dataDir, 'quality', 'datatrove-reference.jsonl');
if (!existsSync(file)) {
  console.log(`filters bench: ${file} not found; nothing measured.`);
  process.exit(0);
}
const texts = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { text: string }).text);
const mb = texts.reduce((a, t) => a + Buffer.byteLength(t), 0) / 1e6;

const c0 = process.cpuUsage();
let dropped = 0;
for (const t of texts) if (!evaluatePreset(t, 'en', 'all').kept) dropped++;
const c1 = process.cpuUsage(c0);
const ours = (c1.user + c1.system) / 1e6;
console.log(`ours: ${texts.length} documents (${mb.toFixed(1)} MB), ${dropped} dropped by preset all; ${ours.toFixed(2)} s CPU, ${(mb / ours).toFixed(2)} MB/s`);

const src = process.env.DATATROVE_SRC;
if (!src) {
  console.log('datatrove: set DATATROVE_SRC=<datatrove checkout>/src to measure it side by side (needs /usr/bin/python3 with nltk).');
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'curator-datatrove-'));
try {
  for (const m of ['huggingface_hub', 'huggingface_hub/utils', 'tokenizers', 'tokenizers/processors', 'orjson']) {
    mkdirSync(join(dir, 'stubs', m), { recursive: true });
    writeFileSync(
      join(dir, 'stubs', m, '__init__.py'),
      "class _Stub:\n    def __init__(self, *a, **k):\n        raise RuntimeError('stub')\ndef __getattr__(n):\n    if n.startswith('__'):\n        raise AttributeError(n)\n    return type(n, (_Stub,), {})\n",
    );
  }
  writeFileSync(join(dir, 'texts.json'), JSON.stringify(texts));
  writeFileSync(
    join(dir, 'run.py'),
    [
      'import json, sys, time',
      ...DATATROVE_FILTERS_PY,
      'fs = [GopherRepetitionFilter(language=T), GopherQualityFilter(language=T), C4QualityFilter(language=T), FineWebQualityFilter(language=T)]',
      'texts = json.load(open(sys.argv[1]))',
      't0 = time.process_time(); dropped = 0',
      'for t in texts:',
      '    if any(f.filter(Document(text=t, id="x")) is not True for f in fs): dropped += 1',
      'print(json.dumps({"cpu": time.process_time() - t0, "dropped": dropped}))',
    ].join('\n'),
  );
  const r = spawnSync('/usr/bin/python3', [join(dir, 'run.py'), join(dir, 'texts.json')], {
    env: { ...process.env, PYTHONPATH: `${src}:${join(dir, 'stubs')}` },
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.log(`datatrove: could not run (${(r.stderr || '').trim().split('\n').pop()})`);
  } else {
    const d = JSON.parse(r.stdout.trim().split('\n').pop()!) as { cpu: number; dropped: number };
    console.log(`datatrove: ${d.dropped} dropped; ${d.cpu.toFixed(2)} s CPU, ${(mb / d.cpu).toFixed(2)} MB/s — ours uses ${(d.cpu / ours).toFixed(1)}× less CPU`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
