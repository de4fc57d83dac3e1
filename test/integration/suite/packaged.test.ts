// The packaged extension, as a user installs it: `npm run package` builds the .vsix, the runner installs
// it into code-server (`--install-extension`) and runs this file only (run-code-server.mjs --vsix … --file
// packaged). It proves the installed package activates and rewrites, with no sources or maps inside.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TeacherDouble } from '../../double/teacher-double';

if (process.env.CURATOR_PACKAGED) {
  describe('packaged .vsix', function () {
    this.timeout(60_000);
    const double = new TeacherDouble({ apiKey: 'sk-packaged' });
    after(() => double.stop());

    it('is installed from the .vsix, not loaded from the repository', () => {
      const ext = vscode.extensions.getExtension('corpus-curator.corpus-curator');
      assert.ok(ext, 'the packaged extension is installed');
      assert.match(ext.extensionPath, /[\\/]extensions[\\/]corpus-curator\.corpus-curator-/);
      const files = fs.readdirSync(ext.extensionPath, { recursive: true }) as string[];
      assert.ok(files.some((f) => f.endsWith(path.join('dist', 'extension.js'))));
      assert.ok(files.some((f) => f.endsWith(path.join('dist', 'features.js'))));
      assert.deepEqual(files.filter((f) => /\.(ts|map)$/.test(f) || f.startsWith('src') || f.startsWith('node_modules') || f.startsWith('test')), [], 'no sources, maps, tests or node_modules in the package');
    });

    it('activates and rewrites a document', async () => {
      const ext = vscode.extensions.getExtension('corpus-curator.corpus-curator')!;
      const t0 = Date.now();
      await ext.activate();
      console.log(`[packaged] activation ${Date.now() - t0} ms`);
      await double.start();
      const cfg = vscode.workspace.getConfiguration('corpusCurator');
      await cfg.update('baseUrl', double.url, vscode.ConfigurationTarget.Workspace);
      await cfg.update('model', 'double-model', vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('corpusCurator.setApiKey', 'sk-packaged');
      const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
      const src = path.join(root, 'docs', 'tea-history.zh.md');
      const out = (await vscode.commands.executeCommand('corpusCurator.rewriteDocument', { uri: src, style: 'textbook', audience: 'college', open: false })) as { outputs: string[]; failed: unknown[] };
      assert.deepEqual(out.failed, []);
      assert.equal(out.outputs[0], path.join(root, 'docs', 'tea-history.zh.textbook.college.md'));
      assert.ok(fs.readFileSync(out.outputs[0]!, 'utf8').includes('《茶经》'));
      assert.equal(double.requests[0]!.authorization, 'Bearer sk-packaged');
      const prov = fs.readFileSync(path.join(root, '.curator', 'provenance.jsonl'), 'utf8').trim().split('\n');
      assert.equal(JSON.parse(prov.at(-1)!).output.path, 'docs/tea-history.zh.textbook.college.md');
    });
  });
}
