// End-to-end UI check: the extension running for real in code-server (no test runner), driven like a
// user through headless chromium. `npm run test:e2e [-- options]` (also run by `npm test`).
//
//   --command "<title>"  run this palette command (e.g. "Corpus: Show Statistics"); repeatable.
//                        Without it, the check only asserts that `>Corpus: ` lists the extension's commands.
//   --file <rel path>    document of the fixture workspace to open first (default docs/river-cleanup.md)
//   --theme light|dark|both   (default both)
//   --wait <ms>          time to let a command render before the screenshot (default 1500)
//   --extension <path>   extension under development (default the repo)
//   --no-setup / --no-build
// Screenshots: test-results/screenshots/e2e-<theme>-*.png. The last line is `N passed, N failed`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  activeTabIsWebview, waitForWebview, build, launchBrowser, notifications, openFile, openPalette, openWorkbench, repoRoot, runCommand, setupCodeServer,
  shot, startCodeServer,
} from './harness.mjs';

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : def;
};
const commands = argv.flatMap((a, i) => (a === '--command' ? [argv[i + 1]] : []));
const file = opt('--file', 'docs/river-cleanup.md');
const themeArg = opt('--theme', 'both');
const themes = themeArg === 'both' ? ['light', 'dark'] : [themeArg];
const waitMs = Number(opt('--wait', '1500'));
const extensionPath = opt('--extension');

const results = [];
const check = (name, ok, detail = '') => {
  results.push({ name, ok });
  console.log(`  ${ok ? '✔' : '✘'} ${name}${detail ? ` (${detail})` : ''}`);
};
const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

const t0 = Date.now();
if (!argv.includes('--no-setup')) setupCodeServer({ quiet: true });
if (!argv.includes('--no-build')) {
  try { build(); } catch (e) { console.error(`[e2e] ${e.message}`); }
}
if (!extensionPath && !existsSync(join(repoRoot, 'dist/extension.js'))) {
  console.error('[e2e] dist/extension.js missing: the extension did not build');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

for (const theme of themes) {
  console.log(`[e2e] ${theme} theme`);
  let server;
  let browser;
  try {
    server = await startCodeServer({ theme, extensionPath });
    ({ browser } = await launchBrowser());
    const page = await browser.contexts()[0].pages()[0];
    const tLoad = Date.now();
    await openWorkbench(page, server);
    check(`${theme}: workbench loads with the extension`, true, `${Date.now() - tLoad} ms`);

    await openFile(page, file);
    check(`${theme}: opens ${file}`, true);
    await shot(page, `e2e-${theme}-document`);

    const listed = await openPalette(page, 'Corpus: ');
    check(`${theme}: F1 >Corpus: lists the extension's commands`, listed.length > 0, `${listed.length}: ${listed.slice(0, 5).join(' | ')}`);
    await shot(page, `e2e-${theme}-palette`);
    await page.keyboard.press('Escape');

    for (const title of commands) {
      await runCommand(page, title);
      await sleep(waitMs);
      let webview = '';
      if (await activeTabIsWebview(page)) {
        webview = await waitForWebview(page)
          .then(() => 'webview rendered')
          .catch((e) => `webview did not render: ${e.message.split('\n')[0]}`);
        await sleep(500);
      }
      const toasts = await notifications(page);
      const bad = toasts.filter((t) => /not found|failed|error/i.test(t));
      if (webview.startsWith('webview did not')) bad.push(webview);
      const path = await shot(page, `e2e-${theme}-${slug(title)}`);
      const detail = [webview, path.replace(repoRoot + '/', '')].filter(Boolean).join('; ');
      check(`${theme}: runs "${title}"`, bad.length === 0, bad.length ? bad.join(' / ') : detail);
    }
  } catch (e) {
    check(`${theme}: UI session`, false, String(e.message || e).split('\n')[0]);
    if (browser) {
      const page = browser.contexts()[0]?.pages()[0];
      if (page) await shot(page, `e2e-${theme}-failure`).catch(() => {});
    }
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
  }
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`[e2e] ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in test-results/screenshots/`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
