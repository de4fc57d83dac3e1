// Screenshots of the Corpus view over Parquet and zstd shards and of the statistics panel naming the
// tokenizer, in light and dark themes, with the extension running for real in code-server. The workspace
// holds the reader fixtures (Parquet written by DuckDB, zstd JSONL by the zstd tool), a damaged Parquet file
// and a Markdown note; corpusCurator.tokenizer is o200k_base.
//   node test/e2e/shards.e2e.mjs [--theme light|dark|both] [--no-setup] [--no-build]
// Screenshots: test-results/screenshots/shards-{view,record,stats}-{light,dark}.png. Last line: `N passed, N failed`.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build, checks, launchBrowser, openCorpusView, openWorkbench, repoRoot, runCommand, setupCodeServer, shot, startCodeServer, themesFromArgs, webviewFrame } from './harness.mjs';

const argv = process.argv.slice(2);
const themes = themesFromArgs(argv);
const { check, summary } = checks();

function prepareWorkspace() {
  const dir = mkdtempSync(join(tmpdir(), 'curator-shards-e2e-'));
  const ws = join(dir, 'workspace');
  const fix = join(repoRoot, 'test/fixtures/readers');
  mkdirSync(join(ws, 'fineweb'), { recursive: true });
  mkdirSync(join(ws, 'dclm'), { recursive: true });
  copyFileSync(join(fix, 'fineweb-zstd.parquet'), join(ws, 'fineweb', '000_00000.parquet'));
  copyFileSync(join(fix, 'stack-content.parquet'), join(ws, 'fineweb', 'the-stack-sample.parquet'));
  copyFileSync(join(fix, 'shard.jsonl.zst'), join(ws, 'dclm', 'shard_00000.jsonl.zst'));
  writeFileSync(join(ws, 'fineweb', 'damaged.parquet'), readFileSync(join(fix, 'fineweb-snappy.parquet')).subarray(0, 4000));
  writeFileSync(join(ws, 'notes.md'), '# Notes\n\nShards from FineWeb (Parquet) and DCLM (zstd JSONL), indexed row by row.\n');
  return { dir, ws };
}

const t0 = Date.now();
if (!argv.includes('--no-setup')) setupCodeServer({ quiet: true });
if (!argv.includes('--no-build')) build();

for (const theme of themes) {
  console.log(`[shards-e2e] ${theme} theme`);
  const { dir, ws } = prepareWorkspace();
  let server;
  let browser;
  let step = 'start code-server';
  try {
    server = await startCodeServer({ theme, workspace: ws, settings: { 'corpusCurator.tokenizer': 'o200k_base', 'workbench.activityBar.location': 'default' } });
    ({ browser } = await launchBrowser({ width: 1400, height: 900 }));
    const page = browser.contexts()[0].pages()[0];
    step = 'open the workbench';
    await openWorkbench(page, server);
    step = 'the Corpus view';
    await openCorpusView(page, { widen: 220 });
    await page.locator('.monaco-list-row', { hasText: 'Natural' }).first().waitFor({ state: 'visible', timeout: 90_000 });
    await sleep(800);
    const expand = async (label) => {
      const row = page.locator('.monaco-list-row', { hasText: label }).first();
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      await row.click();
      await sleep(300);
      if ((await row.getAttribute('aria-expanded')) === 'false') await page.keyboard.press('ArrowRight');
      await sleep(500);
    };
    // The skipped inputs first (the tree is virtual: rows below 5,000 records are not rendered).
    await expand('Skipped');
    const skippedText = await page.locator('.pane-body').first().innerText();
    check(`${theme}: the damaged Parquet file is among the skipped inputs`, skippedText.includes('damaged.parquet'), skippedText.match(/[^\n]*damaged\.parquet[^\n]*/)?.[0] ?? '');
    await expand('000_00000.parquet');
    // 5,000 children take a moment to load: wait for the first record's row.
    const first = page.locator('.monaco-list-row', { hasText: /^row 1 · / }).first();
    const named = await first.waitFor({ state: 'visible', timeout: 30_000 }).then(() => true, () => false);
    check(`${theme}: Parquet records are named by row`, named, named ? (await first.innerText()).split('\n')[0] : '');
    const text = await page.locator('.pane-body').first().innerText();
    check(`${theme}: the Parquet shard is listed`, text.includes('000_00000.parquet'));
    check(`${theme}: the zstd shard is listed`, text.includes('shard_00000.jsonl.zst'));
    // 5,000 rows + 2 rows + 12 lines + 1 note.
    check(`${theme}: every document is counted`, text.includes('5015 docs'), text.match(/[^\n]*docs[^\n]*/)?.[0] ?? '');
    await page.mouse.move(700, 500);
    await shot(page, `shards-view-${theme}`);

    step = 'a Parquet record opened as a read-only document';
    await first.click();
    const tab = page.locator('.tabs-container .tab', { hasText: '000_00000.parquet:1' }).first();
    const opened = await tab.waitFor({ state: 'visible', timeout: 30_000 }).then(() => true, () => false);
    check(`${theme}: clicking a Parquet row opens the record in an editor titled <shard>:<row>`, opened);
    const editorText = opened ? await page.locator('.editor-instance .view-lines').first().innerText() : '';
    check(`${theme}: the record's editor shows its text`, editorText.trim().length > 40, editorText.slice(0, 80));
    await shot(page, `shards-record-${theme}`);

    step = 'the statistics panel';
    await runCommand(page, 'Corpus: Show Corpus Statistics');
    const frame = webviewFrame(page);
    await frame.locator('svg.chart').first().waitFor({ state: 'visible', timeout: 60_000 });
    await sleep(1000);
    const body = await frame.locator('body').innerText();
    check(`${theme}: the panel names the tokenizer`, body.includes('o200k_base'), body.match(/[^\n]*o200k_base[^\n]*/)?.[0] ?? '');
    await shot(page, `shards-stats-${theme}`);
  } catch (e) {
    check(`${theme}: ${step}`, false, e.message.split('\n')[0]);
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`[shards-e2e] ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in test-results/screenshots/`);
process.exit(summary() ? 1 : 0);
