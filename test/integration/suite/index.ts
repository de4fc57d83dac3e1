// Entry point of the mocha suite that runs inside VS Code's extension host (extensionTestsPath).
// scripts/build.mjs bundles this file and each test/integration/suite/**/*.test.ts separately into
// out/test/integration/suite/ and lists the test bundles in manifest.json; this runner hands them to mocha.
//
// Options (read from the environment, or from the JSON file named by CURATOR_TEST_OPTIONS):
//   CURATOR_TEST_GREP     only run tests whose full title matches this pattern (mocha --grep)
//   CURATOR_TEST_TIMEOUT  per-test timeout in ms (default 60000)
//   CURATOR_TEST_FILES    comma-separated parts of test file names: only those files (e.g. `corpus,smoke`)
// Files run in name order, smoke.test first (it measures activation before other tests activate).
// At the end it prints `N passed, N failed` alone on a line and rejects if anything failed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface SuiteOptions {
  grep?: string;
  timeout?: number;
  files?: string[];
}

function readOptions(): SuiteOptions {
  const opts: SuiteOptions = {};
  const file = process.env.CURATOR_TEST_OPTIONS;
  if (file && fs.existsSync(file)) Object.assign(opts, JSON.parse(fs.readFileSync(file, 'utf8')));
  if (process.env.CURATOR_TEST_GREP) opts.grep = process.env.CURATOR_TEST_GREP;
  if (process.env.CURATOR_TEST_TIMEOUT) opts.timeout = Number(process.env.CURATOR_TEST_TIMEOUT);
  if (process.env.CURATOR_TEST_FILES) opts.files = process.env.CURATOR_TEST_FILES.split(',').filter(Boolean);
  return opts;
}

function testFiles(dir: string): string[] {
  const manifest = path.join(dir, 'manifest.json');
  if (fs.existsSync(manifest)) {
    const { files } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { files: string[] };
    return files.map((f) => path.join(dir, f)).filter((f) => fs.existsSync(f));
  }
  const found: string[] = [];
  (function walk(d: string) {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.test.js')) found.push(p);
    }
  })(dir);
  return found.sort();
}

export async function run(): Promise<void> {
  const opts = readOptions();
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: opts.timeout ?? 60_000,
    slow: 5_000,
  });
  if (opts.grep) mocha.grep(new RegExp(opts.grep));
  // smoke first: it reports the activation time, before other tests activate the extension.
  let files = testFiles(__dirname).sort((a, b) => Number(!/smoke\.test\.js$/.test(a)) - Number(!/smoke\.test\.js$/.test(b)));
  if (opts.files?.length) files = files.filter((f) => opts.files!.some((s) => f.includes(s)));
  for (const f of files) mocha.addFile(f);
  console.log(`[suite] ${files.length} test file(s)${opts.grep ? `, grep ${JSON.stringify(opts.grep)}` : ''}`);

  const counts = { passed: 0, failed: 0, pending: 0 };
  const t0 = Date.now();
  await new Promise<void>((resolve, reject) => {
    let runner: Mocha.Runner;
    try {
      runner = mocha.run(() => undefined);
    } catch (err) {
      // e.g. a test file that throws while loading
      console.error('[suite] failed to load the tests:', err);
      counts.failed++;
      console.log(`${counts.passed} passed, ${counts.failed} failed`);
      reject(err);
      return;
    }
    runner.on('pass', () => counts.passed++);
    const failures: string[] = [];
    runner.on('fail', (test, err: Error) => {
      counts.failed++;
      // printed again at the end: the reporter's own summary may never reach the log when the run ends
      failures.push(`${test.fullTitle()}: ${(err?.stack ?? String(err)).split('\n').slice(0, 4).map((l) => l.trim()).join(' ⏎ ')}`);
    });
    runner.on('pending', () => counts.pending++);
    runner.on('end', () => {
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      for (const [i, f] of failures.entries()) console.log(`[suite] failure ${i + 1}: ${f}`);
      console.log(`[suite] ${counts.pending} pending, ${secs} s`);
      // Alone on its line: CI reads this.
      console.log(`${counts.passed} passed, ${counts.failed} failed`);
      if (counts.failed > 0) reject(new Error(`${counts.failed} test(s) failed`));
      else if (counts.passed === 0) reject(new Error('no tests ran'));
      else resolve();
    });
  });
}
