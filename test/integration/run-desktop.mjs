// `npm run test:desktop [-- --grep <pattern>]`: the same in-VS-Code mocha suite as `npm run test:vscode`,
// in desktop VS Code via @vscode/test-electron. It downloads VS Code into .vscode-test/ (needs access to
// VS Code's update server, so it does not work on the project's CI machines: use test:vscode there).
// CURATOR_VSCODE_EXECUTABLE=/path/to/code uses an installed VS Code instead of downloading one;
// CURATOR_VSCODE_VERSION picks the downloaded version (default: stable).
import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runTests } from '@vscode/test-electron';

const root = resolve(new URL('../..', import.meta.url).pathname);
const argv = process.argv.slice(2);
const gi = argv.indexOf('--grep');
const grep = gi >= 0 ? argv[gi + 1] : process.env.CURATOR_TEST_GREP || '';

const b = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (b.status !== 0) process.exit(b.status ?? 1);

const home = mkdtempSync(join(tmpdir(), 'curator-desktop-'));
const workspace = join(home, 'workspace');
cpSync(join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
const userData = join(home, 'user-data');
mkdirSync(join(userData, 'User'), { recursive: true });
writeFileSync(
  join(userData, 'User/settings.json'),
  JSON.stringify({
    'workbench.startupEditor': 'none',
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'update.mode': 'none',
    'git.enabled': false,
    'security.workspace.trust.enabled': false,
  }),
);

let code = 0;
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out/test/integration/suite/index.js'),
    vscodeExecutablePath: process.env.CURATOR_VSCODE_EXECUTABLE || undefined,
    version: process.env.CURATOR_VSCODE_VERSION || undefined,
    launchArgs: [
      workspace,
      `--user-data-dir=${userData}`,
      `--extensions-dir=${join(home, 'extensions')}`,
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
    extensionTestsEnv: { CURATOR_TEST_GREP: grep, CURATOR_TEST_WORKSPACE: workspace, CURATOR_TEST_RUN: '1' },
  });
} catch (e) {
  console.error(`[test:desktop] ${e.message || e}`);
  code = 1;
} finally {
  rmSync(home, { recursive: true, force: true });
}
process.exit(code);
