// The Corpus view's actions: open (JSONL: at the record's line), review a rewrite, rewrite a document,
// reveal in the Explorer, filter, clear the filter.
import * as vscode from 'vscode';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { CorpusDocument } from '../../core/corpus/model';
import { log } from '../log';
import { runCommand, type CorpusFilter, type CorpusTarget, type DocLocation, type ReviewPair, type RewriteOutcome } from '../commands';
import type { CorpusService } from './service';
import { elementDoc, type CorpusElement, type CorpusTree } from './tree';
import { FILTER_KEYS, type FilterKey } from './query.model';
import { errorMessage } from '../../core/util/errors';
import { formatRecordRef, isRecordFile } from '../../core/corpus/record-ref';
import { recordUri, showRecord } from '../records';


function locate(service: CorpusService, arg: unknown): { uri: vscode.Uri; line?: number; doc?: CorpusDocument } | undefined {
  const root = service.folder?.uri.fsPath;
  const abs = (p: string) => (isAbsolute(p) || !root ? p : join(root, p));
  if (arg instanceof vscode.Uri) return { uri: arg };
  if (typeof arg === 'string') return { uri: vscode.Uri.file(abs(arg)) };
  const doc = elementDoc(arg);
  if (doc) return { uri: vscode.Uri.file(abs(doc.path)), line: doc.line, doc };
  const el = arg as CorpusElement | undefined;
  if (el?.type === 'node' && el.node.type === 'file') return { uri: vscode.Uri.file(abs(el.node.path)) };
  if (el?.type === 'skipped') return { uri: vscode.Uri.file(abs(el.item.path)), line: el.item.line };
  const loc = arg as Partial<DocLocation> | undefined;
  if (loc && typeof loc.path === 'string') {
    const line = typeof loc.line === 'number' ? loc.line : undefined;
    // The indexed document at that place, when there is one (review needs its source).
    const rel = root && isAbsolute(loc.path) ? relative(root, loc.path).split(sep).join('/') : loc.path.replace(/\\/g, '/');
    const d = service.current?.documents().find((x) => x.path === rel && x.line === line);
    return { uri: vscode.Uri.file(abs(loc.path)), line, doc: d };
  }
  return undefined;
}

/** Opens a document; a JSONL record at its (1-based) line. */
export async function openLocation(service: CorpusService, arg: unknown): Promise<boolean> {
  const l = locate(service, arg);
  if (!l) return false;
  try {
    if (/\.(gz|zstd?|parquet)$/i.test(l.uri.fsPath)) {
      // A compressed shard or a Parquet file has no text editor: its record opens as a read-only document of
      // its own (a whole shard is shown in the Explorer).
      if (l.line === undefined || !isRecordFile(l.uri.fsPath)) {
        await vscode.commands.executeCommand('revealInExplorer', l.uri);
        return true;
      }
      await showRecord(l.uri.fsPath, l.line);
      return true;
    }
    const doc = await vscode.workspace.openTextDocument(l.uri);
    const opts: vscode.TextDocumentShowOptions = { preview: true };
    if (l.line !== undefined && l.line >= 1 && l.line <= doc.lineCount) {
      const r = doc.lineAt(l.line - 1).range;
      opts.selection = new vscode.Range(r.start, r.start);
    }
    const ed = await vscode.window.showTextDocument(doc, opts);
    if (opts.selection) ed.revealRange(opts.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return true;
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot open {0}: {1}', l.uri.fsPath, errorMessage(e)));
    return false;
  }
}

export async function reviewFromTree(service: CorpusService, arg: CorpusTarget | undefined): Promise<ReviewPair | undefined> {
  const l = locate(service, arg);
  const doc = l?.doc;
  const root = service.folder?.uri.fsPath;
  if (!l || !root) return undefined;
  if (!doc?.parentPath) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No source is recorded for this rewrite, so it cannot be reviewed side by side.'));
    return undefined;
  }
  try {
    const rewrite = l.line !== undefined && isRecordFile(l.uri.fsPath) ? formatRecordRef(l.uri.fsPath, l.line) : l.uri.fsPath;
    return await runCommand('reviewRewrite', { source: join(root, doc.parentPath), rewrite, from: 'corpus' });
  } catch (e) {
    log().error(`review from the Corpus view failed: ${errorMessage(e)}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Review is not available: {0}', errorMessage(e)));
    return undefined;
  }
}

export async function rewriteFromTree(service: CorpusService, arg: CorpusTarget | undefined): Promise<RewriteOutcome | undefined> {
  const l = locate(service, arg);
  if (!l) return undefined;
  // A record of a shard is rewritten as a document of its own (its rewrite goes to the shard's rewrites file).
  const uri = l.line !== undefined && isRecordFile(l.uri.fsPath) ? recordUri(l.uri.fsPath, l.line) : l.uri;
  return runCommand('rewriteDocument', { uri });
}

export async function revealFromTree(service: CorpusService, arg: CorpusTarget | undefined): Promise<void> {
  const l = locate(service, arg);
  if (l) await vscode.commands.executeCommand('revealInExplorer', l.uri);
}

interface FacetItem extends vscode.QuickPickItem {
  key?: FilterKey | 'dup';
  value?: string;
}

/** Filter… : one multi-select list of every value of kind, language, style, audience, domain, status, quality. */
export async function pickFilter(service: CorpusService, tree: CorpusTree, preset?: CorpusFilter): Promise<CorpusFilter | undefined> {
  if (preset) {
    tree.setFilter(preset);
    return preset;
  }
  const idx = await service.ensureIndex();
  if (!idx) return undefined;
  const docs = idx.documents();
  const titles: Record<FilterKey | 'dup', string> = {
    kind: vscode.l10n.t('Kind'),
    lang: vscode.l10n.t('Language'),
    style: vscode.l10n.t('Style'),
    audience: vscode.l10n.t('Audience'),
    domain: vscode.l10n.t('Domain'),
    status: vscode.l10n.t('Review'),
    model: vscode.l10n.t('Model'),
    quality: vscode.l10n.t('Quality'),
    dup: vscode.l10n.t('Duplicates'),
  };
  const values = (k: FilterKey): Map<string, number> => {
    const m = new Map<string, number>();
    for (const d of docs) {
      if (k === 'quality') continue;
      const v = (d as unknown as Record<string, string | undefined>)[k];
      if (v === undefined || (k === 'status' && v === 'none')) continue;
      m.set(v, (m.get(v) ?? 0) + 1);
    }
    return m;
  };
  const current = tree.filter;
  const items: FacetItem[] = [];
  for (const k of FILTER_KEYS) {
    let vals: [string, number | undefined][];
    if (k === 'quality') vals = [['clean', undefined], ['flagged', undefined]];
    else vals = [...values(k)].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    if (!vals.length) continue;
    items.push({ label: titles[k], kind: vscode.QuickPickItemKind.Separator });
    for (const [v, n] of vals) {
      const label = k === 'quality' ? (v === 'clean' ? vscode.l10n.t('no quality problems') : vscode.l10n.t('with quality problems')) : v;
      const chosen: readonly string[] | undefined = current[k];
      items.push({ label, description: `${k}:${v}${n !== undefined ? ` · ${n}` : ''}`, key: k, value: v, picked: !!chosen?.includes(v) });
    }
  }
  items.push({ label: titles.dup, kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: vscode.l10n.t('near-duplicates only'), description: 'is:dup', key: 'dup', value: 'dup', picked: current.dup === true });
  items.push({ label: vscode.l10n.t('unique only'), description: 'is:unique', key: 'dup', value: 'unique', picked: current.dup === false });
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: vscode.l10n.t('Filter the Corpus view'),
    placeHolder: vscode.l10n.t('Values of one kind are alternatives; different kinds must all match'),
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  const f: CorpusFilter = {};
  for (const p of picked) {
    if (!p.key || p.value === undefined) continue;
    if (p.key === 'dup') f.dup = p.value === 'dup';
    else ((f as Record<string, string[]>)[p.key] ??= []).push(p.value);
  }
  tree.setFilter(f);
  return f;
}
