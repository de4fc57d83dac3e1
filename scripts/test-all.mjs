// `npm test`: every check, in order: build, typecheck, lint, unit tests (node --test), the suite inside a
// real VS Code (code-server), and the UI check (playwright). Every stage runs even if one before failed.
// The set-up of the test VS Code (scripts/setup-code-server.sh: Debian packages, Node 24, code-server; a
// few minutes on the first run, nothing later) starts at once in the background, beside build, typecheck,
// lint and unit, and is awaited before the first stage that needs it. If it fails, that is reported once,
// with its reason and log, counted as one failed test, and the stages that need it are reported as not run.
// Prints each stage's result and timing, then `N passed, N failed` (unit + in-VS-Code + UI tests; a failed
// build, typecheck or lint counts as one failed test each). Exit code 1 if anything failed.
//
//   node scripts/test-all.mjs [--skip lint,e2e] [--only unit,vscode] [--grep <pattern>] (vscode stage)
// Stage names: setup, build, typecheck, lint, unit, vscode, e2e (ui.e2e.mjs), e2e:<name> (other test/e2e/*.e2e.mjs), package, vsix;
// `e2e` in --skip/--only means all of them).
// CURATOR_E2E_THEME=light|dark|both (default light) is passed to every UI check as --theme.
// CURATOR_STAGE_TIMEOUT_MS (default 15 min) stops a stage that hangs.
// CURATOR_E2E_COMMANDS="Corpus: A;Corpus: B" makes the UI check run those palette commands too.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const argv = process.argv.slice(2);
const list = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1].split(',').map((s) => s.trim()) : null;
};
const skip = new Set(list('--skip') || []);
const only = list('--only');
const grepIdx = argv.indexOf('--grep');
const grep = grepIdx >= 0 ? argv[grepIdx + 1] : undefined;
const bin = (name) => join(root, 'node_modules/.bin', name);
const node = process.execPath;

const stageTimeoutMs = Number(process.env.CURATOR_STAGE_TIMEOUT_MS || 15 * 60_000);
const running = new Set(); // the running stages' processes (each its own process group)
for (const [sig, n] of [['SIGINT', 2], ['SIGTERM', 15]]) {
  process.on(sig, () => {
    for (const c of running) try { process.kill(-c.pid, 'SIGTERM'); } catch { /* gone */ }
    process.exit(128 + n);
  });
}

/** Runs a command in its own process group, streaming (or buffering) its output; returns { code, output }. */
function run(cmd, args, { env, buffer = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running.add(child);
    const timer = setTimeout(() => {
      console.error(`[test-all] stage timed out after ${stageTimeoutMs / 1000} s: stopping it`);
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
      setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 10_000).unref();
    }, stageTimeoutMs);
    let output = '';
    const onData = (stream) => (buf) => {
      output += buf.toString();
      if (!buffer) stream.write(buf);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    const done = (r) => { clearTimeout(timer); running.delete(child); resolve(r); };
    child.on('error', (e) => done({ code: 127, output: output + String(e) }));
    child.on('close', (code, sig) => done({ code: code ?? (sig ? 128 : 1), output }));
  });
}

/** `N passed, N failed` (last occurrence). */
const passedFailed = (out) => {
  const all = [...out.matchAll(/^\s*(\d+) passed, (\d+) failed\s*$/gm)];
  const m = all.at(-1);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : null;
};
/** Node's test runner summary: TAP `# pass N` or the spec reporter's `ℹ pass N`. */
const nodeTestSummary = (out) => {
  const p = [...out.matchAll(/^(?:#|ℹ) pass (\d+)\s*$/gm)].at(-1);
  const f = [...out.matchAll(/^(?:#|ℹ) fail (\d+)\s*$/gm)].at(-1);
  const c = [...out.matchAll(/^(?:#|ℹ) cancelled (\d+)\s*$/gm)].at(-1); // cancelled = failed
  return p && f ? { passed: Number(p[1]), failed: Number(f[1]) + Number(c?.[1] ?? 0) } : null;
};

function e2eScripts() {
  const dir = join(root, 'test/e2e');
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.e2e.mjs')).sort();
  return [...files.filter((f) => f === 'ui.e2e.mjs'), ...files.filter((f) => f !== 'ui.e2e.mjs')];
}
// UI checks run in one theme here to keep `npm test` short (each script alone defaults to both).
const e2eTheme = process.env.CURATOR_E2E_THEME || 'light';
const e2eCommands = (process.env.CURATOR_E2E_COMMANDS || '').split(';').map((s) => s.trim()).filter(Boolean);
const stages = [
  { name: 'build', cmd: node, args: ['scripts/build.mjs'] },
  // typecheck and lint run side by side (one core each); their output is shown when both are done
  { name: 'typecheck', cmd: 'npm', args: ['run', '--silent', 'typecheck'], parallel: 'static' },
  { name: 'lint', cmd: bin('eslint'), args: ['src', 'webview', 'test', 'scripts', 'bench'], parallel: 'static' },
  { name: 'unit', cmd: node, args: ['scripts/run-unit.mjs'], counts: nodeTestSummary, tests: true },
  {
    name: 'vscode',
    cmd: node,
    args: ['test/integration/run-code-server.mjs', '--no-build', '--no-setup', ...(grep ? ['--grep', grep] : [])],
    counts: passedFailed,
    tests: true,
    needsSetup: true,
  },
  // The multi-root workspace (two folders, each with its own .curator/): multiroot.test.ts only.
  {
    name: 'vscode:multiroot',
    cmd: node,
    args: ['test/integration/run-code-server.mjs', '--no-build', '--no-setup', '--workspace', 'test/fixtures/multiroot/corpus.code-workspace', '--file', 'multiroot'],
    counts: passedFailed,
    tests: true,
    needsSetup: true,
  },
  // Every test/e2e/*.e2e.mjs is a UI check (ui.e2e.mjs first); each prints `N passed, N failed`.
  ...e2eScripts().map((f) => ({
    name: f === 'ui.e2e.mjs' ? 'e2e' : `e2e:${f.replace(/\.e2e\.mjs$/, '')}`,
    cmd: node,
    args: [`test/e2e/${f}`, '--no-build', '--no-setup', '--theme', e2eTheme, ...(f === 'ui.e2e.mjs' ? e2eCommands.flatMap((c) => ['--command', c]) : [])],
    counts: passedFailed,
    tests: true,
    needsSetup: true,
  })),
  // Last: the .vsix a user installs (production build), installed into code-server and tested there.
  { name: 'package', cmd: 'npm', args: ['run', '--silent', 'package'] },
  {
    name: 'vsix',
    cmd: node,
    args: ['test/integration/run-code-server.mjs', '--no-build', '--no-setup', '--vsix', 'dist/corpus-curator.vsix', '--file', 'packaged'],
    counts: passedFailed,
    tests: true,
    needsSetup: true,
  },
];

async function runStage(s, { buffer = false, quietHead = false } = {}) {
  const head = `\n=== ${s.name}: ${[s.cmd.replace(root, ''), ...s.args].join(' ')}`;
  if (!buffer && !quietHead) console.log(head);
  const t = Date.now();
  const { code, output } = await run(s.cmd, s.args, { env: s.env, buffer });
  const ms = Date.now() - t;
  if (buffer) {
    console.log(head);
    process.stdout.write(output);
  }
  let counts = s.counts ? s.counts(output) : null;
  // A test stage that failed without reporting counts (crash, timeout) counts as one failed test;
  // so does a failed build, typecheck or lint.
  if (code !== 0 && (!counts || counts.failed === 0)) counts = { passed: counts?.passed ?? 0, failed: 1 };
  if (!s.tests && code === 0) counts = null;
  console.log(`=== ${s.name}: ${code === 0 ? 'ok' : 'FAILED'} in ${(ms / 1000).toFixed(1)} s${counts ? ` (${counts.passed} passed, ${counts.failed} failed)` : ''}`);
  return { name: s.name, status: code === 0 ? 'ok' : `FAILED (exit ${code})`, ms, counts };
}

const t0 = Date.now();
const results = [];
const selected = (s) => {
  const group = s.name.split(':')[0]; // --skip e2e skips every e2e:* stage
  const picked = (set) => set.has(s.name) || set.has(group);
  return !(picked(skip) || (only && !picked(new Set(only))));
};

// The set-up, once, in the background: started now, awaited by the first stage that needs it.
const setupStage = { name: 'setup', cmd: 'bash', args: ['scripts/setup-code-server.sh'] };
let setup = null; // Promise<{ name, status, ms, counts }>
if (!skip.has('setup') && stages.some((s) => s.needsSetup && selected(s))) {
  console.log('\n=== setup: scripts/setup-code-server.sh in the background (test VS Code; shown before the first stage that needs it)');
  setup = runStage(setupStage, { buffer: true, quietHead: true });
}
let setupResult = null;
async function awaitSetup() {
  if (!setup || setupResult) return setupResult;
  setupResult = await setup;
  results.push(setupResult);
  if (setupResult.status !== 'ok') {
    console.log('=== setup FAILED: the stages that run inside VS Code are not run (see the reason and log above)');
  }
  return setupResult;
}

for (let i = 0; i < stages.length; i++) {
  const s = stages[i];
  if (!selected(s)) {
    results.push({ name: s.name, status: 'skipped', ms: 0 });
    continue;
  }
  if (s.needsSetup) {
    const r = await awaitSetup();
    if (r && r.status !== 'ok') {
      results.push({ name: s.name, status: 'not run (set-up failed)', ms: 0 });
      continue;
    }
  }
  if (s.parallel) {
    const batch = [s];
    while (stages[i + 1]?.parallel === s.parallel) {
      i++;
      if (selected(stages[i])) batch.push(stages[i]);
      else results.push({ name: stages[i].name, status: 'skipped', ms: 0 });
    }
    if (batch.length > 1) {
      console.log(`\n=== ${batch.map((b) => b.name).join(' + ')} side by side`);
      // Each stage's output is printed, whole, when it finishes.
      const pending = batch.map((b) => runStage(b, { buffer: true }));
      for (const p of pending) results.push(await p);
      continue;
    }
  }
  results.push(await runStage(s));
}
await awaitSetup(); // reported even when no stage needed it in the end

console.log('\n=== summary');
let passed = 0;
let failed = 0;
for (const r of results) {
  const c = r.counts;
  if (c) { passed += c.passed; failed += c.failed; }
  const time = r.status === 'skipped' || r.status.startsWith('not run') ? '' : `${(r.ms / 1000).toFixed(1).padStart(6)} s`;
  console.log(`  ${r.name.padEnd(12)} ${r.status.padEnd(24)} ${time}${c ? `  ${c.passed} passed, ${c.failed} failed` : ''}`);
}
console.log(`  total        ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.some((r) => r.status.startsWith('FAILED')) ? 1 : 0);
