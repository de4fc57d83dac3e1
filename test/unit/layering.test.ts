import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

test('src/core, src/cli, src/shared and webview/ never import vscode', () => {
  const offenders: string[] = [];
  for (const dir of ['src/core', 'src/cli', 'src/shared', 'webview']) {
    let list: string[] = [];
    try {
      list = files(join(root, dir));
    } catch {
      continue;
    }
    for (const f of list) {
      if (/from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\)/.test(readFileSync(f, 'utf8'))) offenders.push(relative(root, f));
    }
  }
  assert.deepEqual(offenders, []);
});
