// Lists every vscode.l10n.t('…') string in src/host (and webview host code), for the translation bundles.
// Usage: node scripts/l10n-strings.mjs            → prints strings missing from l10n/bundle.l10n.zh-cn.json
//        node scripts/l10n-strings.mjs --write    → also rewrites l10n/bundle.l10n.json (the English keys)
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

export function collectStrings() {
  const found = new Set();
  (function walk(dir) {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) {
        const src = readFileSync(p, 'utf8');
        const re = /l10n\.t\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g;
        for (const m of src.matchAll(re)) found.add(m[2].replace(/\\(['"`\\])/g, '$1'));
      }
    }
  })(join(root, 'src/host'));
  return [...found].sort();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const strings = collectStrings();
  const zhFile = join(root, 'l10n/bundle.l10n.zh-cn.json');
  const zh = existsSync(zhFile) ? JSON.parse(readFileSync(zhFile, 'utf8')) : {};
  const missing = strings.filter((s) => !(s in zh));
  if (process.argv.includes('--write')) {
    writeFileSync(join(root, 'l10n/bundle.l10n.json'), JSON.stringify(Object.fromEntries(strings.map((s) => [s, s])), null, 2) + '\n');
  }
  for (const s of missing) console.log(JSON.stringify(s));
  console.error(`${strings.length} strings, ${missing.length} without a zh-cn translation`);
}
