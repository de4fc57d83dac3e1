import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs helper without type declarations
import { collectStrings } from '../../scripts/l10n-strings.mjs';

const root = join(__dirname, '..', '..');
const read = (f: string) => JSON.parse(readFileSync(join(root, f), 'utf8')) as Record<string, string>;
const placeholders = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort().join(',');

test('every user-facing string in src/host has a zh-cn translation with the same placeholders', () => {
  const zh = read('l10n/bundle.l10n.zh-cn.json');
  const strings = collectStrings() as string[];
  assert.ok(strings.length > 20);
  for (const s of strings) {
    assert.ok(s in zh, `missing zh-cn translation: ${JSON.stringify(s)}`);
    assert.equal(placeholders(zh[s]!), placeholders(s), `placeholders differ for ${JSON.stringify(s)}`);
    assert.match(zh[s]!, /[\u4e00-\u9fff]/, `not translated: ${JSON.stringify(s)}`);
  }
});

test('every %key% of package.json is in package.nls.json and package.nls.zh-cn.json', () => {
  const pkg = readFileSync(join(root, 'package.json'), 'utf8');
  const keys = [...pkg.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!);
  assert.ok(keys.length > 10);
  const en = read('package.nls.json');
  const zh = read('package.nls.zh-cn.json');
  for (const k of keys) {
    assert.ok(k in en, `package.nls.json lacks ${k}`);
    assert.ok(k in zh, `package.nls.zh-cn.json lacks ${k}`);
  }
});
