import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(__dirname, '..', '..');
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

const IMPORTS_VSCODE = /from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\)/;

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
      if (IMPORTS_VSCODE.test(readFileSync(f, 'utf8'))) offenders.push(relative(root, f));
    }
  }
  assert.deepEqual(offenders, []);
});

/** Relative modules a file loads at run time (`import type` and `export type` are erased, so left out). */
function runtimeImports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm)) {
    const base = resolve(dirname(file), m[1]!);
    const hit = [`${base}.ts`, join(base, 'index.ts'), base].find((p) => existsSync(p) && p.endsWith('.ts'));
    if (hit) out.push(hit);
  }
  return out;
}

test('the host view models (src/host/**/*.model.ts) never load vscode, not even through what they import', () => {
  const models = files(join(root, 'src/host')).filter((f) => f.endsWith('.model.ts'));
  // The view models of every feature folder are here (a rename would otherwise pass unchecked).
  const names = models.map((f) => relative(join(root, 'src/host'), f).split('\\').join('/')).sort();
  for (const want of ['batch/queue.model.ts', 'batch/run.model.ts', 'corpus/grouping.model.ts', 'corpus/query.model.ts', 'review/view.model.ts']) assert.ok(names.includes(want), `${want} is missing (found ${names.join(', ')})`);
  const offenders: string[] = [];
  for (const m of models) {
    const seen = new Set<string>();
    const todo = [m];
    while (todo.length) {
      const f = todo.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      if (IMPORTS_VSCODE.test(readFileSync(f, 'utf8'))) {
        offenders.push(f === m ? relative(root, m) : `${relative(root, m)} (through ${relative(root, f)})`);
        break;
      }
      todo.push(...runtimeImports(f));
    }
  }
  assert.deepEqual(offenders, []);
});

/** Every relative import of a file, type-only ones included (they tie the code together just the same). */
function allImports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm)) {
    const base = resolve(dirname(file), m[1]!);
    const hit = [`${base}.ts`, join(base, 'index.ts'), base].find((p) => existsSync(p) && p.endsWith('.ts'));
    if (hit) out.push(hit);
  }
  return out;
}

test('src/host is a tower: plumbing, then rewrite/, review/, corpus/, batch/, then features.ts and extension.ts; no import runs back up', () => {
  const host = join(root, 'src/host');
  // A feature folder may use the plumbing and the features below it; the plumbing uses no feature.
  const FLOORS: Record<string, number> = { rewrite: 1, review: 2, corpus: 3, batch: 4, 'features.ts': 5, 'extension.ts': 6 };
  const room = (f: string) => relative(host, f).split(/[\\/]/)[0]!;
  const floor = (f: string) => (f.startsWith(host) ? (FLOORS[room(f)] ?? 0) : -1);
  const upward: string[] = [];
  for (const f of files(host)) {
    for (const to of allImports(f)) {
      const [a, b] = [floor(f), floor(to)];
      if (b > a || (b === a && a > 0 && room(f) !== room(to))) upward.push(`${relative(root, f)} → ${relative(root, to)}`);
    }
  }
  assert.deepEqual(upward, []);
  // Each feature folder is there (a rename would otherwise leave it on the plumbing floor unchecked).
  for (const dir of ['rewrite', 'review', 'corpus', 'batch']) assert.ok(existsSync(join(host, dir, 'commands.ts')), `src/host/${dir}/commands.ts`);
});
