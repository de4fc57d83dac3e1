// The command table (src/host/commands.ts) against package.json and the rest of the code. Read as text:
// the table imports vscode, which a unit test cannot load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
const TABLE = join(root, 'src/host/commands.ts');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|mjs)$/.test(e.name) ? [join(dir, e.name)] : []));
}

function tableIds(): string[] {
  const src = readFileSync(TABLE, 'utf8');
  const body = src.slice(src.indexOf('export const COMMANDS = {'), src.indexOf('\n};', src.indexOf('export const COMMANDS = {')));
  return [...body.matchAll(/^\s+\w+: command<[\s\S]*?>\('(corpusCurator\.\w+)'/gm)].map((m) => m[1]!);
}

interface Pkg {
  contributes: { commands: { command: string }[]; menus: Record<string, { command: string }[]>; keybindings?: { command: string }[] };
}

test('the table lists exactly the commands package.json contributes, each once; menus name only those', () => {
  const ids = tableIds();
  assert.ok(ids.length >= 30, `only ${ids.length} ids read from the table`);
  assert.equal(new Set(ids).size, ids.length, 'an id twice in the table');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Pkg;
  assert.deepEqual([...ids].sort(), pkg.contributes.commands.map((c) => c.command).sort());
  const named = [...Object.values(pkg.contributes.menus).flat(), ...(pkg.contributes.keybindings ?? [])].map((m) => m.command).filter((c) => c.startsWith('corpusCurator.'));
  assert.deepEqual([...new Set(named.filter((c) => !ids.includes(c)))], []);
});

test('command ids are written in the table only, and src/host has no `as never`', () => {
  const ids = new Set(tableIds());
  const elsewhere: string[] = [];
  const casts: string[] = [];
  for (const f of [...files(join(root, 'src')), ...files(join(root, 'webview'))]) {
    if (f === TABLE) continue;
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/['"`](corpusCurator\.\w+)['"`]/g)) if (ids.has(m[1]!)) elsewhere.push(`${relative(root, f)}: ${m[1]}`);
    if (f.startsWith(join(root, 'src/host')) && /\bas never\b/.test(src)) casts.push(relative(root, f));
  }
  assert.deepEqual(elsewhere, []);
  assert.deepEqual(casts, []);
});
