// Smoke test: the extension is installed in the test instance, activates, and registers its commands.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CuratorApi } from '../../../src/host/api';

const EXTENSION_ID = 'corpus-curator.corpus-curator';

describe('smoke', () => {
  it('the extension is present', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found`);
  });

  it('activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const wasActive = ext.isActive;
    const t0 = performance.now();
    await ext.activate();
    const ms = performance.now() - t0;
    assert.equal(ext.isActive, true);
    console.log(`[smoke] activation ${wasActive ? 'had already happened; activate() returned' : 'took'} ${ms.toFixed(0)} ms`);
    const inside = (ext.exports as { activationMs?: number } | undefined)?.activationMs;
    console.log(`[smoke] activate() itself ran ${inside} ms (registers commands; features load on first use)`);
    assert.equal(typeof inside, 'number');
  });

  it('registers corpusCurator.* commands, including every contributed one', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await ext.activate();
    const all = await vscode.commands.getCommands(true);
    const ours = all.filter((c) => c.startsWith('corpusCurator.'));
    console.log(`[smoke] ${ours.length} corpusCurator.* commands registered`);
    assert.ok(ours.length > 0, 'no corpusCurator.* command is registered');
    const contributed: { command: string }[] = ext.packageJSON?.contributes?.commands ?? [];
    const missing = contributed.map((c) => c.command).filter((c) => !all.includes(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  // The smoke tests run first: no other test has used the corpus yet.
  it('activation scans nothing: no corpus index and no status bar item before the corpus is used', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const s = (await vscode.extensions.getExtension(EXTENSION_ID)!.exports as CuratorApi).corpusStatus() as { state: string; statusBar?: string };
    assert.equal(s.state, 'idle');
    assert.equal(s.statusBar, undefined);
    assert.equal(fs.existsSync(path.join(root, '.curator', 'index')), false, 'no index written on activation');
  });

  it('opens the test workspace', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'expected one workspace folder');
    const expected = process.env.CURATOR_TEST_WORKSPACE;
    if (expected) assert.equal(folders[0].uri.fsPath, expected);
  });
});
