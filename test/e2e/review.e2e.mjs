// Screenshots of the fact-preservation review panel in code-server, light and dark, on an English and a
// Chinese pair: test-results/screenshots/review-{light,dark}{,-zh}.png. It also checks, inside the
// webview, that document text is shown as text (a hostile pair: no <img>/<script> element in the panes).
//
//   node test/e2e/review.e2e.mjs [--theme light|dark|hc|both|all] [--no-setup] [--no-build]
// The last line is `N passed, N failed`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build, launchBrowser, openWorkbench, runCommand, setupCodeServer, shot, startCodeServer, webviewFrame } from './harness.mjs';

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : def;
};
const themeArg = opt('--theme', 'both');
const themes = themeArg === 'both' ? ['light', 'dark'] : themeArg === 'all' ? ['light', 'dark', 'hc'] : [themeArg];
const THEME_NAMES = { hc: 'Default High Contrast' };

const EN_SOURCE = `# Volunteers Clear Two Tonnes of Litter from the Riverbank

On Saturday morning, about eighty volunteers gathered at the old ferry landing to clean a three-kilometre stretch of the river. By early afternoon they had collected roughly two tonnes of waste, most of it plastic bottles, food packaging and fishing line.

The organisers, a local rowing club, said the amount was lower than last year. "People are starting to notice," said the club's secretary. "Fewer bags, more bins, and the council now empties them twice a week in summer."

The clean-up was funded by a grant of €4,500 from the Riverside Trust. The next clean-up is planned for the first weekend of October.
`;
const EN_REWRITE = `# Lesson: A Community River Clean-Up

On Saturday, about ninety volunteers met at the old ferry landing to clean a three-kilometre stretch of the river. By early afternoon they had collected roughly two tonnes of waste, most of it plastic bottles, food packaging and fishing line.

The organisers, a local rowing club, said the amount was not lower than last year. The club's secretary explained that people are starting to notice: there are fewer bags and more bins, and the council now empties them twice a week in summer.

According to the BBC, the event was the largest in the region since 2019.

The next clean-up is planned for the first weekend of October.
`;
const ZH_SOURCE = `# 茶的简史

茶起源于中国西南地区，最早被当作药材使用。到了唐代，饮茶之风盛行，陆羽于公元780年前后写成《茶经》，系统地记录了茶的种植、采摘、制作和品饮方法。

宋代流行点茶，人们把茶叶碾成细末，用沸水冲点并击拂出泡沫。明代以后，散茶冲泡逐渐取代了团茶，这种饮用方式一直延续到今天。

据统计，2023年中国茶叶产量约为355万吨。
`;
const ZH_REWRITE = `# 第一课：茶的故事

茶起源于中国西南地区，最早是一种药材。唐代时饮茶之风盛行，陆羽在公元760年前后写成了《茶经》，系统记录了种茶、采茶、制茶和喝茶的方法。

宋代人喜欢点茶：先把茶叶碾成细末，再用沸水冲点，搅出泡沫。明代以后，散茶冲泡取代了团茶，一直延续到今天。

英国人在17世纪开始大量饮茶。
`;

const results = [];
const check = (name, ok, detail = '') => {
  results.push({ name, ok });
  console.log(`  ${ok ? '✔' : '✘'} ${name}${detail ? ` (${detail})` : ''}`);
};

/** Writes the pair and a provenance record, so "Review Rewrite…" on the rewrite finds its source. */
function writePair(ws, src, rw, sourceText, rewriteText, lang) {
  writeFileSync(join(ws, src), sourceText);
  writeFileSync(join(ws, rw), rewriteText);
  mkdirSync(join(ws, '.curator'), { recursive: true });
  const rec = {
    type: 'rewrite', v: 1, id: `e2e-${lang}`, time: new Date().toISOString(),
    source: { path: src, sha256: '', lang, chars: sourceText.length }, output: { path: rw, sha256: '', lang, chars: rewriteText.length },
    style: 'textbook', audience: 'high-school', model: 'e2e', endpointHost: 'e2e', template: { id: 'textbook', sha256: '', origin: 'builtin' },
    usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 }, chunks: 1, durationMs: 0, status: 'done', flags: [],
  };
  writeFileSync(join(ws, '.curator/provenance.jsonl'), JSON.stringify(rec) + '\n', { flag: 'a' });
}

async function openReview(page, rel) {
  // focus the workbench (not a webview), close every editor, so exactly one review panel is open after
  await page.locator('.part.titlebar').click({ position: { x: 300, y: 10 } }).catch(() => {});
  await runCommand(page, 'View: Close All Editors');
  await sleep(500);
  // Quick Open may rank the source first: either way "Review Rewrite…" finds the pair by the provenance log
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(rel);
  await page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ state: 'visible', timeout: 30_000 });
  await sleep(500);
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 30_000 });
  await sleep(500);
  await runCommand(page, 'Corpus: Review Rewrite…');
  const name = rel.split('/').pop();
  await page.locator('.tabs-container .tab.active', { hasText: `Review: ${name}` }).waitFor({ state: 'visible', timeout: 30_000 });
  const view = webviewFrame(page);
  await view.locator('.grid .row').first().waitFor({ state: 'visible', timeout: 30_000 });
  await sleep(800);
  return view;
}

const t0 = Date.now();
if (!argv.includes('--no-setup')) setupCodeServer({ quiet: true });
if (!argv.includes('--no-build')) build();

for (const theme of themes) {
  console.log(`[review e2e] ${theme}`);
  let server;
  let browser;
  try {
    server = await startCodeServer({ theme: THEME_NAMES[theme] || theme });
    const ws = server.workspace;
    writePair(ws, 'docs/river-report.md', 'docs/river-report.textbook.high-school.md', EN_SOURCE, EN_REWRITE, 'en');
    writePair(ws, 'docs/tea.zh.md', 'docs/tea.zh.textbook.high-school.md', ZH_SOURCE, ZH_REWRITE, 'zh');
    writePair(
      ws, 'docs/hostile.md', 'docs/hostile.rewrite.md',
      'Safe <script>window.__pwned=1</script> text.\n\nAn <img src=x onerror="document.title=\'pwned\'"> image and a [link](javascript:alert(1)).',
      'Safe <script>window.__pwned=1</script> text.\n\nAn <img src=x onerror="document.title=\'pwned\'"> image, </textarea><b>bold</b> and a [link](javascript:alert(1)).',
      'en',
    );
    ({ browser } = await launchBrowser({ width: 1500, height: 920 }));
    const page = browser.contexts()[0].pages()[0];
    await openWorkbench(page, server);
    // the panel alone in the editor area
    await runCommand(page, 'View: Close Primary Side Bar').catch(() => {});

    let view = await openReview(page, 'docs/river-report.textbook.high-school.md');
    const rows = await view.locator('.grid .row').count();
    check(`${theme}: English review shows rows`, rows >= 5, `${rows} rows`);
    check(`${theme}: English verdict`, /Needs review/.test(await view.locator('.verdict').innerText()));
    // click the first altered fact: both cells highlighted
    await view.locator('.factitem.s-altered').first().click();
    await sleep(500);
    const sel = await view.locator('.grid .fact.sel').count();
    const other = await view.locator('.grid .fact.sel-other').count();
    check(`${theme}: clicking an altered fact highlights it on both sides`, sel > 0 && other > 0, `${sel}/${other}`);
    await shot(page, `review-${theme}`);
    // keyboard: next difference
    await view.locator('body').press('j');
    await sleep(300);
    check(`${theme}: j marks a difference row`, (await view.locator('.row.current').count()) === 1);
    // survives a reload of the window (WebviewPanelSerializer + webview state)
    await runCommand(page, 'Developer: Reload Window');
    await sleep(3000);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    view = webviewFrame(page);
    const restored = await view.locator('.grid .row').first().waitFor({ state: 'visible', timeout: 30_000 }).then(() => true, () => false);
    check(`${theme}: the panel is restored after a reload`, restored);
    if (!restored) {
      await shot(page, `review-${theme}-reload-failure`);
      view = await openReview(page, 'docs/river-report.textbook.high-school.md');
    }
    // the claim check without a key: an inline error, the review stays usable
    await view.locator('#check-claims').click();
    const inline = await view.locator('.claims .error').waitFor({ state: 'visible', timeout: 15_000 }).then(() => true, () => false);
    check(`${theme}: claim check error shown inline`, inline);
    // a = accept (the key goes to the panel, which records the decision)
    await view.locator('.grid').click({ position: { x: 5, y: 5 } }).catch(() => {});
    await view.locator('body').press('a');
    const decided = await view.locator('.decision.accepted').waitFor({ state: 'visible', timeout: 15_000 }).then(() => true, () => false);
    check(`${theme}: the a key accepts and the panel shows the decision`, decided);
    const log = readFileSync(join(ws, '.curator/provenance.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    check(`${theme}: the decision is in the provenance log`, log.some((r) => r.type === 'decision' && r.decision === 'accepted' && r.output.path === 'docs/river-report.textbook.high-school.md'));
    await page.locator('.notifications-toasts .codicon-notifications-clear-all, .notifications-toasts .codicon-close').first().click().catch(() => {});
    await sleep(400);
    await shot(page, `review-${theme}-accepted`);

    view = await openReview(page, 'docs/tea.zh.textbook.high-school.md');
    await view.locator('.factitem.s-altered').first().click().catch(() => {});
    await sleep(500);
    const zhText = await view.locator('#doc').innerText();
    check(`${theme}: Chinese review shows character-level changes`, zhText.includes('陆羽') && (await view.locator('.grid .ins').count()) > 0);
    await shot(page, `review-${theme}-zh`);
    // d = VS Code's diff editor on the pair
    await view.locator('body').press('d');
    const diff = await page.locator('.monaco-diff-editor').first().waitFor({ state: 'visible', timeout: 15_000 }).then(() => true, () => false);
    check(`${theme}: the d key opens the diff editor`, diff);

    view = await openReview(page, 'docs/hostile.rewrite.md');
    const text = await view.locator('#doc').innerText();
    const imgs = await view.locator('#doc img, #doc script, #doc b, #doc textarea').count();
    check(`${theme}: hostile markup shows as literal text`, text.includes('<script>window.__pwned=1</script>') && text.includes('<img src=x onerror=') && text.includes('</textarea>'));
    check(`${theme}: no element from the documents exists in the panes`, imgs === 0, `${imgs}`);
    const pwned = await page.frames().reduce(async (acc, f) => (await acc) || (await f.evaluate("!!window.__pwned || document.title === 'pwned'").catch(() => false)), Promise.resolve(false));
    check(`${theme}: no document script ran`, !pwned);
    if (theme === 'dark') await shot(page, 'review-dark-hostile');
  } catch (e) {
    check(`${theme}: review UI`, false, String(e.message || e).split('\n')[0]);
    const page = browser?.contexts()[0]?.pages()[0];
    if (page) await shot(page, `review-${theme}-failure`).catch(() => {});
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
  }
}

const passed = results.filter((r) => r.ok).length;
console.log(`[review e2e] ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in test-results/screenshots/`);
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(results.length - passed ? 1 : 0);
