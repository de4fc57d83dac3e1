// `npm start [-- options]`: builds, then opens VS Code with the extension under development on samples/.
//   Desktop VS Code (`code` on PATH): code --extensionDevelopmentPath=<repo> samples
//   Otherwise: code-server (set up once by scripts/setup-code-server.sh into ~/.cache/corpus-curator, or
//   $CURATOR_TEST_CACHE; a few minutes the first time) on 127.0.0.1, and prints the URL to open in a
//   browser (the line `[start] open: <url>`); runs until Ctrl-C, then stops code-server.
// Options:
//   --folder <path>   open this folder instead of samples/
//   --port <n>        code-server port (default 8080 if free, else a free one); also PORT
//   --theme light|dark   first-run colour theme in code-server (default dark)
//   --watch           rebuild on change (esbuild watch); reload the window to pick changes up
//   --web             use code-server even if `code` is on PATH
//   --home <path>     code-server's user data (default .vscode-test/start-home, git-ignored, so settings
//                     persist between runs); also CURATOR_START_HOME
import { spawn, spawnSync } from 'node:child_process';
import { resolve, join } from 'node:path';
import { createServer } from 'node:net';

const root = resolve(new URL('..', import.meta.url).pathname);
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : def;
};
const folder = resolve(opt('--folder', join(root, 'samples')));
const watch = argv.includes('--watch');

const r = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) {
  console.error('[start] build failed');
  process.exit(r.status ?? 1);
}
const children = [];
if (watch) children.push(spawn(process.execPath, [join(root, 'scripts/build.mjs'), '--watch'], { cwd: root, stdio: 'inherit' }));

const hasCode = !argv.includes('--web') && spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  console.log(`[start] code --extensionDevelopmentPath=${root} ${folder}`);
  const c = spawnSync('code', [`--extensionDevelopmentPath=${root}`, folder], { stdio: 'inherit' });
  if (!watch) process.exit(c.status ?? 0);
  console.log('[start] watching for changes; Ctrl-C to stop');
} else {
  const { startCodeServer, setupCodeServer } = await import('../test/e2e/harness.mjs');
  try {
    setupCodeServer();
  } catch (e) {
    console.error(`[start] cannot start VS Code for the browser: ${e.message}`);
    process.exit(1);
  }
  const want = Number(opt('--port', process.env.PORT || 8080));
  const port = (await isFree(want)) ? want : 0;
  const server = await startCodeServer({
    workspace: folder,
    copyWorkspace: false,
    home: resolve(opt('--home', process.env.CURATOR_START_HOME || join(root, '.vscode-test/start-home'))),
    theme: opt('--theme', 'dark'),
    port: port || undefined,
    settings: { 'workbench.startupEditor': 'readme' },
  });
  const url = server.url();
  console.log('');
  console.log(`[start] Corpus Curator in code-server (VS Code in the browser), folder ${folder}`);
  console.log(`[start] open: ${url}`);
  console.log(`[start] (the URL loads the extension from ${root}; ${server.baseUrl}/?folder=… alone opens VS Code without it)`);
  console.log('[start] Ctrl-C to stop');
  const stop = async () => {
    for (const c of children) c.kill('SIGTERM');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => {}); // until Ctrl-C
}

function isFree(port) {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });
}
