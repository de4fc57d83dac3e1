// Screenshots of the Corpus view and the statistics panel with a filter preset applied (setting
// corpusCurator.corpus.filterPreset = fineweb), the Shared passages group and a Chinese document's tooltip
// (rules not applied to Chinese), light and dark, with the extension running in code-server.
//   node test/e2e/filters.e2e.mjs [--theme light|dark|both] [--no-setup] [--no-build]
// Screenshots: test-results/screenshots/filters-{view,passages,zh-tooltip,stats,stats-docs}-{light,dark}.png. Last line: `N passed, N failed`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build, launchBrowser, openWorkbench, runCommand, setupCodeServer, shot, startCodeServer, webviewFrame } from './harness.mjs';

const argv = process.argv.slice(2);
const i = argv.indexOf('--theme');
const themeArg = i >= 0 ? argv[i + 1] : 'both';
const themes = themeArg === 'both' ? ['light', 'dark'] : [themeArg];
const results = [];
const check = (name, ok, detail = '') => {
  results.push({ name, ok });
  console.log(`  ${ok ? '✔' : '✘'} ${name}${detail ? ` (${detail})` : ''}`);
};

const t0 = Date.now();
if (!argv.includes('--no-setup')) setupCodeServer({ quiet: true });
if (!argv.includes('--no-build')) build();

for (const theme of themes) {
  console.log(`[filters-e2e] ${theme} theme`);
  let server;
  let browser;
  let step = 'start code-server';
  try {
    server = await startCodeServer({ theme, workspace: 'test/fixtures/workspace', settings: { 'corpusCurator.corpus.filterPreset': 'fineweb', 'workbench.activityBar.location': 'default' } });
    // Three pages that end with the same newsletter line: a shared passage besides the fixture's two identical records.
    const footer = 'Subscribe to our newsletter for weekly updates on harbour cranes, copper markets and winter tides.';
    const bodies = {
      'harbour-crane.txt': 'The old harbour crane was restored last spring by volunteers from the maritime society.',
      'copper-prices.txt': 'Copper prices rose again after the largest mine in the region closed for repairs.',
      'winter-tides.txt': 'Winter tides reached the sea wall twice this week and flooded the lower car park.',
    };
    for (const [f, b] of Object.entries(bodies)) writeFileSync(join(server.workspace, 'docs', f), `${b}\n${footer}\n`);
    ({ browser } = await launchBrowser({ width: 1400, height: 900 }));
    const page = browser.contexts()[0].pages()[0];
    step = 'open the workbench';
    await openWorkbench(page, server);
    step = 'the Corpus view';
    const icon = page.locator('.activitybar .action-item a[aria-label^="Corpus"], .activitybar .action-item[aria-label^="Corpus"]').first();
    await icon.waitFor({ state: 'visible', timeout: 30_000 });
    await icon.click();
    const side = await page.locator('.part.sidebar').boundingBox();
    if (side) {
      const x = side.x + side.width + 1;
      await page.mouse.move(x, side.y + 300);
      await page.mouse.down();
      await page.mouse.move(x + 260, side.y + 300, { steps: 8 });
      await page.mouse.up();
    }
    await page.locator('.monaco-list-row', { hasText: 'Natural' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await sleep(800);
    for (const label of ['web-crawl.jsonl']) {
      const row = page.locator('.monaco-list-row', { hasText: label }).first();
      if (await row.count()) {
        await row.click();
        await sleep(200);
        if ((await row.getAttribute('aria-expanded')) === 'false') await page.keyboard.press('ArrowRight');
      }
    }
    await sleep(600);
    const marked = await page.locator('.monaco-list-row', { hasText: 'fineweb drops' }).count();
    check(`${theme}: Corpus view marks documents the preset drops`, marked > 0, `${marked} rows`);
    await page.mouse.move(700, 500);
    await shot(page, `filters-view-${theme}`);

    step = 'a Chinese document\'s tooltip';
    const zhRow = page.locator('.monaco-list-row', { hasText: 'weather-report.zh.txt' }).first();
    if (await zhRow.count()) {
      await zhRow.hover();
      const tip = page.locator('.monaco-hover', { hasText: 'Not applied to Chinese' }).first();
      const shown = await tip.waitFor({ state: 'visible', timeout: 8_000 }).then(() => true, () => false);
      check(`${theme}: a Chinese document's tooltip names the rules not applied to Chinese`, shown);
      await sleep(300);
      await shot(page, `filters-zh-tooltip-${theme}`);
      await page.mouse.move(700, 500);
    } else check(`${theme}: weather-report.zh.txt listed`, false);

    step = 'the Shared passages group';
    // Collapse the kinds so the group is in view, then open it and its first passage.
    for (const kind of ['Natural', 'Synthetic']) {
      const row = page.locator('.monaco-list-row', { hasText: kind }).first();
      if ((await row.count()) && (await row.getAttribute('aria-expanded')) === 'true') {
        await row.click();
        await page.keyboard.press('ArrowLeft');
        await sleep(200);
      }
    }
    const group = page.locator('.monaco-list-row', { hasText: 'Shared passages' }).first();
    await group.waitFor({ state: 'visible', timeout: 15_000 });
    await group.click();
    if ((await group.getAttribute('aria-expanded')) === 'false') await page.keyboard.press('ArrowRight');
    const passage = page.locator('.monaco-list-row', { hasText: 'Subscribe to our newsletter' }).first();
    await passage.waitFor({ state: 'visible', timeout: 15_000 });
    await passage.click();
    if ((await passage.getAttribute('aria-expanded')) === 'false') await page.keyboard.press('ArrowRight');
    await page.locator('.monaco-list-row', { hasText: 'winter-tides.txt' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    check(`${theme}: the Shared passages group lists a passage and its three documents`, (await page.locator('.monaco-list-row', { hasText: /harbour-crane\.txt|copper-prices\.txt|winter-tides\.txt/ }).count()) === 3);
    await page.mouse.move(700, 500);
    await sleep(400);
    await shot(page, `filters-passages-${theme}`);

    step = 'the statistics panel';
    await runCommand(page, 'Corpus: Show Corpus Statistics');
    const frame = webviewFrame(page);
    const bar = frame.locator('button.rule-bar').first();
    await bar.waitFor({ state: 'visible', timeout: 60_000 });
    const bars = await frame.locator('button.rule-bar').count();
    check(`${theme}: statistics panel shows each rule's drops`, bars > 0, `${bars} rules`);
    await bar.scrollIntoViewIfNeeded();
    await sleep(600);
    const zhNote = await frame.locator('.rule-zh').innerText().catch(() => '');
    check(`${theme}: the card names the rules not applied to Chinese`, /Chinese/.test(zhNote), zhNote.slice(0, 60));
    // Every rule name whole: no bar's name is cut (its text fits its box).
    const cut = await frame.locator('.rule-name').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).length);
    check(`${theme}: rule names are shown whole`, cut === 0, `${cut} cut`);
    await shot(page, `filters-stats-${theme}`);
    await bar.click();
    await frame.locator('button.hit').first().waitFor({ state: 'visible', timeout: 15_000 });
    check(`${theme}: a click on a rule lists its documents`, (await frame.locator('button.hit').count()) > 0);
    await sleep(600);
    await shot(page, `filters-stats-docs-${theme}`);
  } catch (e) {
    check(`${theme}: ${step}`, false, String(e.message || e).split('\n')[0]);
    if (browser) await shot(browser.contexts()[0].pages()[0], `filters-failure-${theme}`).catch(() => {});
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
  }
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`[filters-e2e] ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in test-results/screenshots/`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
