// Corpus: Rewrite Document… / Rewrite Selection… / Rewrite Files… (explorer).
// The rewrite streams into a read-only preview beside the source; when it is done it is saved as a new
// file (never replacing the source), its provenance line is appended, and it opens beside the source.
import * as vscode from 'vscode';
import { basename, isAbsolute, join } from 'node:path';
import { LlmError } from '../../core/llm/errors';
import type { Teacher } from '../../core/llm/types';
import { keepFailedAnswer, rewriteText, saveRecordRewrite, saveRewrite, type RewriteTextResult } from '../../core/rewrite/rewrite';
import { parseRecordRef, primeRecord, recordLabel } from '../../core/corpus/record-ref';
import { documentUri, recordRefOf, recordTextField } from '../records';
import { readSourceFile } from '../../core/rewrite/source';
import { loadTemplates, type TemplateSet } from '../../core/rewrite/templates';
import { readConfig } from '../config';
import { log } from '../log';
import type { PreviewProvider } from './preview';
import { rewriteColumn, waitingTarget } from './placement.model';
import { requireTrust } from '../trust';
import { llmMessage, makeTeacher, openEndpointSettings, setApiKey } from '../teacher';
import { isOptions, runCommand, type CommandHandlers, type RewriteArgs, type RewriteOutcome } from '../commands';
import { rootFor } from '../workspace';
import { pickStyleAndAudience } from './pickStyle';
import { openSample } from './sample';
import { errorMessage } from '../../core/util/errors';

/** Cancels every running rewrite (Corpus: Cancel Running Rewrites). */
const running = new Set<AbortController>();

function toUri(u: vscode.Uri | string): vscode.Uri {
  return typeof u === 'string' ? vscode.Uri.file(u) : u;
}

type RewriteHandlers = Pick<CommandHandlers, 'rewriteDocument' | 'rewriteSelection' | 'rewriteFiles' | 'cancelRewrites' | 'openSample'>;

/** The rewrite commands' handlers (see the table in ../commands.ts). */
export function rewriteCommands(context: vscode.ExtensionContext, preview: PreviewProvider): RewriteHandlers {
  const rewrite = new RewriteCommands(context, preview);
  return {
    rewriteDocument: (args) => rewrite.rewriteDocument(isOptions<RewriteArgs>(args) ? args : args instanceof vscode.Uri ? { uri: args } : {}),
    rewriteSelection: (args) => rewrite.rewriteSelection(isOptions<RewriteArgs>(args) ? args : {}),
    rewriteFiles: (clicked, selected) => {
      if (isOptions<RewriteArgs>(clicked)) return rewrite.rewriteFiles(undefined, undefined, clicked);
      if (isOptions<RewriteArgs>(selected)) return rewrite.rewriteFiles(clicked, undefined, selected);
      return rewrite.rewriteFiles(clicked, selected);
    },
    cancelRewrites: () => cancelRewrites(),
    openSample: () => openSample(context),
  };
}

/** The editor group beside the source's, the same for every rewrite of it (placement.model.ts). */
function besideSource(source: vscode.Uri): vscode.ViewColumn {
  const key = source.toString();
  const col = rewriteColumn(
    vscode.window.tabGroups.all.map((g) => ({
      column: g.viewColumn,
      active: g.isActive,
      hasSource: g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key),
    })),
  );
  return col === 'beside' ? vscode.ViewColumn.Beside : col;
}

/** Stops every running rewrite; returns how many. */
export function cancelRewrites(): number {
  const n = running.size;
  for (const c of running) c.abort();
  return n;
}

class RewriteCommands {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly preview: PreviewProvider,
  ) {}

  async rewriteDocument(args: RewriteArgs = {}): Promise<RewriteOutcome | undefined> {
    const editor = vscode.window.activeTextEditor;
    let uri = args.uri ? toUri(args.uri) : editor?.document.uri;
    if (!uri) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Open a document to rewrite first.'));
      return undefined;
    }
    const rec = recordRefOf(uri);
    if (rec) {
      // A shard record: its rewrite becomes a line of the shard's rewrites file (record-ref.ts).
      try {
        const text = await primeRecord(rec.ref, recordTextField(rec.file));
        return this.run([{ uri: rec.file, fileText: text, text, record: rec.ref }], args);
      } catch (e) {
        void vscode.window.showErrorMessage(errorMessage(e));
        return undefined;
      }
    }
    if (uri.scheme !== 'file') {
      void vscode.window.showErrorMessage(vscode.l10n.t('Save the document to a file first: the rewrite is written beside it.'));
      return undefined;
    }
    // An open editor's text wins over the file on disk (it may hold unsaved edits).
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri!.toString());
    let fileText: string;
    let text: string;
    try {
      const src = readSourceFile(uri.fsPath);
      fileText = open && open.isDirty ? open.getText() : src.fileText;
      text = open && open.isDirty && !/\.html?$/i.test(uri.fsPath) ? fileText : src.text;
    } catch (e) {
      void vscode.window.showErrorMessage(errorMessage(e));
      return undefined;
    }
    uri = toUri(uri);
    return this.run([{ uri, fileText, text }], args);
  }

  async rewriteSelection(args: RewriteArgs = {}): Promise<RewriteOutcome | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.selection.isEmpty) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Select the text to rewrite first.'));
      return undefined;
    }
    const doc = editor.document;
    if (doc.uri.scheme !== 'file') {
      void vscode.window.showErrorMessage(vscode.l10n.t('Save the document to a file first: the rewrite is written beside it.'));
      return undefined;
    }
    const fileText = doc.getText();
    const start = doc.offsetAt(editor.selection.start);
    const end = doc.offsetAt(editor.selection.end);
    return this.run([{ uri: doc.uri, fileText, text: fileText.slice(start, end), selection: { start, end } }], args);
  }

  async rewriteFiles(clicked?: vscode.Uri, selected?: vscode.Uri[], args: RewriteArgs = {}): Promise<RewriteOutcome | undefined> {
    const uris = (args.files?.map(toUri) ?? (selected && selected.length ? selected : clicked ? [clicked] : [])).filter((u) => u.scheme === 'file');
    if (!uris.length) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Select one or more files in the Explorer to rewrite.'));
      return undefined;
    }
    const items: SourceItem[] = [];
    const failed: { path: string; reason: string }[] = [];
    for (const uri of uris) {
      try {
        const src = readSourceFile(uri.fsPath);
        items.push({ uri, fileText: src.fileText, text: src.text });
      } catch (e) {
        failed.push({ path: uri.fsPath, reason: errorMessage(e) });
        log().warn(`${uri.fsPath}: ${errorMessage(e)}`);
      }
    }
    if (!items.length) {
      void vscode.window.showErrorMessage(failed.map((f) => f.reason).join('\n'));
      return { outputs: [], failed, cancelled: false };
    }
    const outcome = await this.run(items, args);
    if (outcome) outcome.failed.unshift(...failed);
    return outcome;
  }

  private async run(items: SourceItem[], args: RewriteArgs): Promise<RewriteOutcome | undefined> {
    if (!requireTrust('model')) return undefined;
    const root = rootFor(items[0]!.uri);
    const templates = loadTemplates(root);
    for (const e of templates.errors) {
      log().warn(e.message);
      void vscode.window.showWarningMessage(vscode.l10n.t('Prompt template skipped: {0}', e.message));
    }
    let choice: { style: string; audience: string } | undefined;
    if (args.style && args.audience) choice = { style: args.style, audience: args.audience };
    else choice = await pickStyleAndAudience(this.context, templates);
    if (!choice) return undefined;
    const teacher = await makeTeacher(this.context, items[0]!.uri);
    if (!teacher) return undefined;
    const cfg = readConfig(items[0]!.uri);
    const outcome: RewriteOutcome = { outputs: [], failed: [], cancelled: false };
    const ctrl = new AbortController();
    running.add(ctrl);
    try {
      await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: items.length > 1 ? vscode.l10n.t('Rewriting {0} documents', items.length) : vscode.l10n.t('Rewriting {0}', basename(items[0]!.uri.fsPath)),
          cancellable: true,
        },
        async (progress, token) => {
          token.onCancellationRequested(() => ctrl.abort());
          let next = 0;
          let finished = 0;
          const workers = Array.from({ length: Math.min(cfg.concurrency, items.length) }, async () => {
            while (!ctrl.signal.aborted && next < items.length) {
              const item = items[next++]!;
              const r = await this.one(item, choice!, templates, teacher, root, cfg, args, ctrl.signal, items.length === 1 ? progress : undefined);
              finished++;
              if (items.length > 1) progress.report({ increment: 100 / items.length, message: vscode.l10n.t('{0} of {1} done', finished, items.length) });
              if (r.output) outcome.outputs.push(r.output);
              if (r.error) outcome.failed.push({ path: item.uri.fsPath, reason: r.error });
            }
          });
          await Promise.all(workers);
        },
      );
    } finally {
      running.delete(ctrl);
    }
    outcome.cancelled = ctrl.signal.aborted;
    if (outcome.cancelled) void vscode.window.showInformationMessage(vscode.l10n.t('Rewrite cancelled. Nothing was written for unfinished documents.'));
    else if (items.length > 1) {
      const msg = vscode.l10n.t('{0} rewrites saved, {1} failed.', outcome.outputs.length, outcome.failed.length);
      if (outcome.failed.length) void vscode.window.showWarningMessage(`${msg} ${outcome.failed.map((f) => `${basename(f.path)}: ${f.reason}`).join(' · ')}`);
      else void vscode.window.showInformationMessage(msg);
    }
    return outcome;
  }

  private async one(
    item: SourceItem,
    choice: { style: string; audience: string },
    templates: TemplateSet,
    teacher: Teacher,
    root: string,
    cfg: ReturnType<typeof readConfig>,
    args: RewriteArgs,
    signal: AbortSignal,
    progress?: vscode.Progress<{ message?: string; increment?: number }>,
  ): Promise<{ output?: string; error?: string }> {
    const name = item.record ? recordLabel(parseRecordRef(item.record)!) : basename(item.uri.fsPath);
    const waiting = waitingTarget(cfg.model, cfg.baseUrl);
    const previewUri = progress ? this.preview.create(`${name} — ${choice.style}, ${choice.audience} (rewriting…)`, vscode.l10n.t('Waiting for {0} at {1}…', waiting.model, waiting.host)) : undefined;
    // Closing the preview waits for it to have opened: a fast failure (a refused connection) would otherwise
    // close it before it appears and leave it open.
    let shown: Thenable<unknown> = Promise.resolve();
    if (previewUri) {
      shown = vscode.window.showTextDocument(previewUri, { viewColumn: besideSource(item.uri), preview: true, preserveFocus: true }).then(undefined, () => undefined);
    }
    // Every path closes the preview only once it has opened: a fast answer (or failure) would otherwise close it
    // before it appears, and a stale "(rewriting…)" tab would stay open in a column of its own.
    const closePreview = async (): Promise<void> => {
      if (!previewUri) return;
      await shown;
      await this.preview.close(previewUri);
    };
    let result: RewriteTextResult;
    try {
      let lastChunk = -1;
      result = await rewriteText({
        text: item.text,
        style: choice.style,
        audience: choice.audience,
        templates,
        teacher,
        chunkTokens: cfg.chunkTokens,
        signal,
        onProgress: (p) => {
          if (previewUri) this.preview.update(previewUri, p.text);
          if (!progress) return;
          if (p.retry) {
            progress.report({ message: vscode.l10n.t('{0} — retrying in {1} s', p.retry.message, Math.ceil(p.retry.delayMs / 1000)) });
          } else if (p.chunk !== lastChunk || p.text.length % 200 < 30) {
            lastChunk = p.chunk;
            const part = p.chunks > 1 ? vscode.l10n.t('part {0} of {1}', p.chunk + 1, p.chunks) + ' · ' : '';
            progress.report({ message: `${part}${vscode.l10n.t('{0} characters', p.text.length)}` });
          }
        },
      });
    } catch (e) {
      await closePreview();
      if (e instanceof LlmError && e.kind === 'aborted') return { error: vscode.l10n.t('cancelled') };
      const msg = errorMessage(e);
      log().error(`${item.uri.fsPath}: ${msg}`);
      if (progress) void this.showLlmError(e, msg, () => this.run([item], { ...args, style: choice.style, audience: choice.audience }));
      return { error: msg };
    }
    log().info(`${name}: ${result.chunks} part(s), ${result.usage.totalTokens} tokens, ${result.attempts} request(s), ${result.durationMs} ms${result.flags.length ? `, flagged: ${result.flags.join(', ')}` : ''}`);
    let allowFlagged = false;
    if (result.flags.length) {
      let decision = args.flagged;
      if (!decision && progress) {
        const save = vscode.l10n.t('Save Anyway (Marked Flagged)');
        const pick = await vscode.window.showWarningMessage(
          vscode.l10n.t('The rewrite of {0} has problems: {1}. It was not added to the corpus.', name, result.problems.join('; ')),
          { modal: true, detail: vscode.l10n.t('If you do not save it, the answer is kept in .curator/failed/ for inspection.') },
          save,
        );
        decision = pick === save ? 'save' : 'discard';
      }
      if (decision !== 'save') {
        const kept = keepFailedAnswer(root, item.uri.fsPath, result);
        await closePreview();
        return { error: `${result.problems.join('; ')} (kept in ${kept})` };
      }
      allowFlagged = true;
    }
    const outDir = cfg.outputFolder ? (isAbsolute(cfg.outputFolder) ? cfg.outputFolder : join(root, cfg.outputFolder)) : undefined;
    const { outputPath } = item.record
      ? saveRecordRewrite({ root, sourceRef: item.record, sourceFileText: item.fileText, style: choice.style, audience: choice.audience, result, outDir, allowFlagged })
      : saveRewrite({
          root,
          sourcePath: item.uri.fsPath,
          sourceFileText: item.fileText,
          selection: item.selection,
          style: choice.style,
          audience: choice.audience,
          result,
          outDir,
          allowFlagged,
        });
    // The result replaces the preview in the same group (opened first, so that the group is not closed in between).
    if (args.open ?? cfg.openResultBeside) {
      // An open can be cancelled by another editor change in that group ("Could NOT open editor", seen while the
      // preview is replaced): try once more. The rewrite is saved either way, so a failed open fails nothing.
      const open = () => vscode.window.showTextDocument(documentUri(outputPath), { viewColumn: besideSource(item.uri), preview: false, preserveFocus: false });
      await open().then(undefined, () => open()).then(undefined, () => undefined);
    }
    await closePreview();
    if (progress) {
      const review = vscode.l10n.t('Review');
      const saved = parseRecordRef(outputPath);
      void vscode.window.showInformationMessage(vscode.l10n.t('Rewrite saved as {0}', saved ? recordLabel(saved) : basename(outputPath)), review).then((c) => {
        if (c === review) void runCommand('reviewRewrite', { source: item.record ?? item.uri.fsPath, rewrite: outputPath, from: 'rewrite' });
      });
    }
    return { output: outputPath };
  }

  private async showLlmError(e: unknown, msg: string, retry: () => Promise<unknown>): Promise<void> {
    const actions: string[] = [];
    const setKey = vscode.l10n.t('Set API Key');
    const settings = vscode.l10n.t('Open Settings');
    const again = vscode.l10n.t('Retry');
    const kind = e instanceof LlmError ? e.kind : undefined;
    if (kind === 'auth') actions.push(setKey);
    if (kind === 'not-found' || kind === 'network' || kind === 'bad-request' || kind === 'connect') actions.push(settings);
    if (kind === 'connect' || kind === 'network' || kind === 'timeout' || kind === 'server' || kind === 'rate-limit') actions.push(again);
    const pick = await vscode.window.showErrorMessage(vscode.l10n.t('Rewrite failed: {0}', llmMessage(msg)), ...actions);
    if (pick === setKey) await setApiKey(this.context);
    if (pick === settings) await openEndpointSettings();
    if (pick === again) await retry();
  }
}

interface SourceItem {
  uri: vscode.Uri;
  fileText: string;
  text: string;
  selection?: { start: number; end: number };
  /** A shard record (`<shard>:<n>`, absolute): `uri` is then the shard's file. */
  record?: string;
}
