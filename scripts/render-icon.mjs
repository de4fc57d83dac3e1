// Renders media/icon.svg to media/icon.png (128×128, transparent corners) and the walkthrough's SVGs are
// used as they are. Uses the headless chromium the e2e harness drives (playwright-core + Debian chromium).
// Usage: node scripts/render-icon.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../test/e2e/harness.mjs';

const root = new URL('..', import.meta.url).pathname;
const svg = readFileSync(join(root, 'media/icon.svg'), 'utf8');
const { browser } = await launchBrowser({ width: 128, height: 128 });
const page = browser.contexts()[0].pages()[0];
await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.locator('svg').screenshot({ path: join(root, 'media/icon.png'), omitBackground: true });
await browser.close();
console.log('media/icon.png written');
