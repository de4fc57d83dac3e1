// Screenshots of a two-folder workspace (test/fixtures/multiroot, plus one page in each folder): the Corpus view
// with both folders as roots, and search with its hits highlighted, in the statistics panel's search (marked
// in the snippet) and in Search Corpus… (bracketed: the quick pick takes no highlight ranges). The Chinese
// query 战役 finds the battle record and not 面对挑战役使他成长 (not a word there).
//   node test/e2e/roots.e2e.mjs [--theme light|dark|both] [--no-setup] [--no-build]
// Screenshots: test-results/screenshots/roots-{view,stats-search,quickpick,quickpick-zh}-{light,dark}.png.
// Last line: `N passed, N failed`.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build, checks, launchBrowser, openCorpusView, openWorkbench, repoRoot, runCommand, setupCodeServer, shot, startCodeServer, themesFromArgs, webviewFrame } from './harness.mjs';

const argv = process.argv.slice(2);
const themes = themesFromArgs(argv);
const { check, summary } = checks();

function prepareWorkspace() {
  const dir = mkdtempSync(join(tmpdir(), 'curator-roots-e2e-'));
  const copy = join(dir, 'multiroot');
  cpSync(join(repoRoot, 'test/fixtures/multiroot'), copy, { recursive: true });
  writeFileSync(join(copy, 'news', 'storm.md'), '# Storm in the harbour\n\nA winter storm damaged three fishing boats moored in the harbour; the harbour master closed the quay for two days.\n');
  writeFileSync(join(copy, 'web', 'challenge.md'), '# 成长\n\n面对挑战役使他成长，他后来成了一名中学教师。\n');
  return { dir, workspace: join(copy, 'corpus.code-workspace') };
}

const t0 = Date.now();
if (!argv.includes('--no-setup')) setupCodeServer({ quiet: true });
if (!argv.includes('--no-build')) build();

for (const theme of themes) {
  console.log(`[roots-e2e] ${theme} theme`);
  const { dir, workspace } = prepareWorkspace();
  let server;
  let browser;
  let step = 'start code-server';
  try {
    server = await startCodeServer({ theme, workspace, settings: { 'workbench.activityBar.location': 'default' } });
    ({ browser } = await launchBrowser({ width: 1400, height: 900 }));
    const page = browser.contexts()[0].pages()[0];
    step = 'open the workbench';
    await openWorkbench(page, server);
    step = 'the Corpus view with two roots';
    await openCorpusView(page);
    const news = page.locator('.pane-body .monaco-list-row', { hasText: /^news/ }).first();
    const web = page.locator('.pane-body .monaco-list-row', { hasText: /^web/ }).first();
    await news.waitFor({ state: 'visible', timeout: 60_000 });
    await web.waitFor({ state: 'visible', timeout: 30_000 });
    // Open every collapsed row a level or two down, so both roots show their kinds and files.
    for (let round = 0; round < 3; round++) {
      const collapsed = page.locator('.pane-body .monaco-list-row[aria-expanded="false"]');
      const n = Math.min(await collapsed.count(), 6);
      for (let i = 0; i < n; i++) {
        await collapsed.first().click();
        await page.keyboard.press('ArrowRight');
        await sleep(150);
      }
    }
    await sleep(600);
    const rootsText = [await news.innerText(), await web.innerText()].map((s) => s.replace(/\s+/g, ' ').trim());
    check(`${theme}: Corpus view shows both folders as roots`, /news/.test(rootsText[0]) && /web/.test(rootsText[1]), rootsText.join(' | '));
    await page.mouse.move(700, 500);
    await shot(page, `roots-view-${theme}`);

    step = "the statistics panel's search";
    await runCommand(page, 'Corpus: Show Corpus Statistics');
    const frame = webviewFrame(page);
    await frame.locator('svg.chart').first().waitFor({ state: 'visible', timeout: 60_000 });
    await frame.locator('input[type=search]').fill('harbour');
    await frame.locator('button.hit').first().waitFor({ state: 'visible', timeout: 20_000 });
    await sleep(800);
    const hits = await frame.locator('button.hit').count();
    const marks = await frame.locator('button.hit mark.hit-mark').allInnerTexts();
    check(`${theme}: panel search lists hits of both folders`, hits >= 3, `${hits} hits`);
    check(`${theme}: panel search marks the hits in the snippets`, marks.length >= 3 && marks.every((m) => m.toLowerCase() === 'harbour'), marks.slice(0, 4).join(', '));
    await frame.locator('input[type=search]').scrollIntoViewIfNeeded();
    await shot(page, `roots-stats-search-${theme}`);
    await frame.locator('input[type=search]').fill('战役');
    await frame.locator('button.hit', { hasText: 'battles.jsonl' }).first().waitFor({ state: 'visible', timeout: 20_000 });
    await sleep(800);
    const zh = await frame.locator('button.hit').allInnerTexts();
    check(`${theme}: 战役 finds the battle record, not 挑战役`, zh.length === 1 && zh[0].includes('battles.jsonl') && !zh.join(' ').includes('challenge'), zh.map((s) => s.replace(/\s+/g, ' ').slice(0, 60)).join(' | '));
    await shot(page, `roots-stats-search-zh-${theme}`);

    step = 'Search Corpus…';
    const searchPick = page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: 'Search Corpus' }) });
    for (let attempt = 1; ; attempt++) {
      await runCommand(page, 'Corpus: Search Corpus…');
      if (await searchPick.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false)) break;
      if (attempt === 3) throw new Error('the Search Corpus quick pick did not open after 3 tries');
    }
    await searchPick.locator('input').fill('harbour');
    await searchPick.locator('.monaco-list-row', { hasText: '【harbour】' }).first().waitFor({ state: 'visible', timeout: 20_000 });
    await sleep(500);
    const rows = await searchPick.locator('.monaco-list-row').allInnerTexts();
    check(`${theme}: quick pick brackets the hits, paths name their folder`, rows.some((r) => r.includes('news/')) && rows.some((r) => r.includes('web/')), `${rows.length} rows`);
    await shot(page, `roots-quickpick-${theme}`);
    await searchPick.locator('input').fill('战役');
    await searchPick.locator('.monaco-list-row', { hasText: '【战役】' }).first().waitFor({ state: 'visible', timeout: 20_000 });
    await sleep(800);
    const zhRows = await searchPick.locator('.monaco-list-row').allInnerTexts();
    check(`${theme}: quick pick 战役: one hit`, zhRows.length === 1, zhRows.map((s) => s.replace(/\s+/g, ' ').slice(0, 60)).join(' | '));
    await shot(page, `roots-quickpick-zh-${theme}`);
    await page.keyboard.press('Escape');
  } catch (e) {
    check(`${theme}: UI session (step: ${step})`, false, String(e.message || e).split('\n')[0]);
    const page = browser?.contexts()[0]?.pages()[0];
    if (page) await shot(page, `roots-${theme}-failure`).catch(() => {});
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`[roots-e2e] ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in test-results/screenshots/`);
process.exit(summary() ? 1 : 0);
