// Corpus: Export Pipeline for datatrove… — asks the filter preset and the executor, writes the datatrove
// script (core/corpus/pipeline/datatrove.ts) for the workspace's JSONL or Parquet files and opens it.
import * as vscode from 'vscode';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PRESET_NAMES, PRESETS, type PresetName } from '../../core/corpus/filters/presets';
import { datatrovePipelineScript, detectInputFormat, PIPELINE_EXECUTORS, type PipelineExecutor } from '../../core/corpus/pipeline/datatrove';
import { errorMessage } from '../../core/util/errors';
import type { ExportPipelineArgs } from '../commands';
import type { CorpusService } from './service';
import { log } from '../log';

const isAbsolute = (p: string) => /^([/\\]|[A-Za-z]:)/.test(p);

export async function exportPipelineCommand(service: CorpusService, args: ExportPipelineArgs = {}): Promise<string | undefined> {
  const folder = service.folder;
  if (!folder) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open a folder with documents first.'));
    return undefined;
  }
  const root = folder.uri.fsPath;
  const interactive = args.out === undefined;
  let preset = args.preset && (PRESET_NAMES as readonly string[]).includes(args.preset) ? args.preset : undefined;
  if (!preset) {
    const pick = await vscode.window.showQuickPick(
      PRESET_NAMES.map((name) => ({ label: name, detail: PRESETS[name].description, name })),
      { title: vscode.l10n.t('Export Pipeline for datatrove (1/3): filters'), placeHolder: vscode.l10n.t('The filter preset the pipeline runs') },
    );
    if (!pick) return undefined;
    preset = pick.name as PresetName;
  }
  let executor = args.executor && (PIPELINE_EXECUTORS as readonly string[]).includes(args.executor) ? args.executor : undefined;
  if (!executor) {
    const labels: Record<PipelineExecutor, string> = {
      local: vscode.l10n.t('This machine (LocalPipelineExecutor)'),
      slurm: vscode.l10n.t('A Slurm cluster (SlurmPipelineExecutor)'),
      ray: vscode.l10n.t('A Ray cluster (RayPipelineExecutor)'),
    };
    const pick = await vscode.window.showQuickPick(
      PIPELINE_EXECUTORS.map((e) => ({ label: e, description: labels[e], e })),
      { title: vscode.l10n.t('Export Pipeline for datatrove (2/3): where it runs'), placeHolder: vscode.l10n.t('The script can still switch with --executor') },
    );
    if (!pick) return undefined;
    executor = pick.e;
  }
  const input = args.input ? (isAbsolute(args.input) ? args.input : join(root, args.input)) : root;
  let inputFormat: 'jsonl' | 'parquet' | undefined;
  try {
    inputFormat = detectInputFormat(input);
  } catch (e) {
    void vscode.window.showErrorMessage(errorMessage(e));
    return undefined;
  }
  if (!inputFormat) {
    void vscode.window.showErrorMessage(vscode.l10n.t('datatrove reads JSONL or Parquet files and there are none here. Export the training mix first (Corpus: Export Training Mix…) and point the script at it.'));
    return undefined;
  }
  let out: string;
  if (args.out !== undefined) out = isAbsolute(args.out) ? args.out : join(root, args.out);
  else {
    const uri = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export Pipeline for datatrove (3/3): script'),
      defaultUri: vscode.Uri.file(join(root, '.curator', 'pipelines', `datatrove-${preset}.py`)),
      filters: { [vscode.l10n.t('Python script')]: ['py'] },
      saveLabel: vscode.l10n.t('Export'),
    });
    if (!uri) return undefined;
    out = uri.fsPath;
  }
  const script = datatrovePipelineScript({ preset, input, inputFormat, output: join(root, '.curator', 'datatrove', preset), executor });
  try {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, script);
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Export failed: {0}', errorMessage(e)));
    return undefined;
  }
  log().info(`datatrove pipeline (${preset}, ${executor}) → ${out}`);
  if (interactive) await vscode.window.showTextDocument(vscode.Uri.file(out));
  return out;
}
