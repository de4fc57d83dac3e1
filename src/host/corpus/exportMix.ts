// Corpus: Export Training Mix… — asks the target synthetic share, the seed, the output file and optional
// quality thresholds, writes the mix (Dolma JSONL or .jsonl.gz + manifest) with progress and Cancel, and
// shows the manifest's summary.
import { readFilterPreset } from '../config';
import * as vscode from 'vscode';
import { join } from 'node:path';
import { exportMix, manifestPathFor, type ExportManifest } from '../../core/corpus/export';
import { parseQualityThresholds, type QualityThresholds } from '../../core/corpus/search/filters';
import { QUALITY_SIGNAL_NAMES } from '../../core/corpus/quality';
import type { CorpusService } from './service';
import { percent } from './grouping.model';
import { parseShare } from './query.model';
import { log } from '../log';
import type { ExportMixArgs } from '../commands';
import { errorMessage } from '../../core/util/errors';


export async function exportMixCommand(service: CorpusService, args: ExportMixArgs = {}): Promise<ExportManifest | undefined> {
  const folder = service.folder;
  if (!folder) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open a folder with documents first.'));
    return undefined;
  }
  const interactive = args.out === undefined;
  let share = args.share;
  if (share === undefined) {
    const v = await vscode.window.showInputBox({
      title: vscode.l10n.t('Export Training Mix (1/4)'),
      prompt: vscode.l10n.t('Target synthetic share of the mix (by tokens), e.g. 30% or 0.3'),
      value: percent(service.target),
      validateInput: (s) => (parseShare(s) === undefined ? vscode.l10n.t('Enter a share between 0% and 100%.') : undefined),
    });
    if (v === undefined) return undefined;
    share = parseShare(v)!;
  }
  let seed = args.seed;
  if (seed === undefined) {
    const v = await vscode.window.showInputBox({
      title: vscode.l10n.t('Export Training Mix (2/4)'),
      prompt: vscode.l10n.t('Random seed (the same seed gives the same mix)'),
      value: '1',
      validateInput: (s) => (/^\d+$/.test(s.trim()) ? undefined : vscode.l10n.t('Enter a whole number.')),
    });
    if (v === undefined) return undefined;
    seed = Number(v.trim());
  }
  let out: string;
  if (args.out !== undefined) out = /^([/\\]|[A-Za-z]:)/.test(args.out) ? args.out : join(folder.uri.fsPath, args.out);
  else {
    const stamp = new Date().toISOString().slice(0, 10);
    const uri = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export Training Mix (3/4): output file'),
      // Under .curator/ by default: the index never reads its own exports back as documents.
      defaultUri: vscode.Uri.file(join(folder.uri.fsPath, '.curator', 'exports', `mix-${stamp}-s${Math.round(share * 100)}.jsonl.gz`)),
      filters: { [vscode.l10n.t('Dolma JSONL (gzip)')]: ['jsonl.gz', 'gz'], [vscode.l10n.t('Dolma JSONL')]: ['jsonl'], [vscode.l10n.t('Parquet (zstd)')]: ['parquet'] },
      saveLabel: vscode.l10n.t('Export'),
    });
    if (!uri) return undefined;
    out = uri.fsPath;
    if (!/\.(jsonl(\.gz)?|parquet)$/i.test(out)) out += '.jsonl.gz';
  }
  const preset = args.filterPreset === 'none' ? undefined : (args.filterPreset ?? readFilterPreset(folder.uri));
  const known: readonly string[] = QUALITY_SIGNAL_NAMES;
  let quality: QualityThresholds | undefined;
  let qualitySpec = args.quality;
  if (qualitySpec === undefined && interactive) {
    qualitySpec = await vscode.window.showInputBox({
      title: vscode.l10n.t('Export Training Mix (4/4): quality thresholds (optional)'),
      prompt: vscode.l10n.t('Leave empty to keep every document. Signals: {0}', known.join(', ')),
      placeHolder: 'markupPer1k<=2,garbledPer1k<1,tooShort=0',
      validateInput: (s) => {
        try {
          parseQualityThresholds(s, known);
          return undefined;
        } catch (e) {
          return errorMessage(e);
        }
      },
    });
    if (qualitySpec === undefined) return undefined;
  }
  if (qualitySpec?.trim()) {
    try {
      quality = parseQualityThresholds(qualitySpec, known);
    } catch (e) {
      void vscode.window.showErrorMessage(errorMessage(e));
      return undefined;
    }
  }
  // A preset reads each document's filter-rule hits: computed now if the index lacks them.
  const idx = preset ? await service.ensureFilterRules() : await service.ensureIndex();
  if (!idx) return undefined;
  const shared = idx.sharedPassages();
  let dropSharedPassages = args.dropSharedPassages ?? false;
  if (interactive && args.dropSharedPassages === undefined && shared.length) {
    // Asked only when there is something to drop: the passage goes, the document stays.
    const docs = new Set(shared.flatMap((p) => p.docs.map((d) => d.id))).size;
    const keep = { label: vscode.l10n.t('Keep shared passages'), description: vscode.l10n.t('every document as it is'), drop: false };
    const drop = {
      label: vscode.l10n.t('Remove shared passages'),
      description: vscode.l10n.t('{0} passages in {1} documents: each stays in the first document written and goes from the others; no document is left out', shared.length, docs),
      drop: true,
    };
    const pick = await vscode.window.showQuickPick([keep, drop], { title: vscode.l10n.t('Export Training Mix: shared passages'), placeHolder: vscode.l10n.t('Passages found in several documents (Corpus view: Shared passages)') });
    if (!pick) return undefined;
    dropSharedPassages = pick.drop;
  }
  let manifest: ExportManifest;
  try {
    manifest = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Exporting the training mix'), cancellable: true },
      async (progress, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        let n = 0;
        const total = idx.size;
        const texts = (docs: Parameters<typeof idx.texts>[0], signal?: AbortSignal) => {
          const it = idx.texts(docs, signal);
          return (async function* () {
            for await (const x of it) {
              if (++n % 200 === 0) progress.report({ message: vscode.l10n.t('{0} documents written', n), increment: (200 / Math.max(1, total)) * 100 });
              yield x;
            }
          })();
        };
        return exportMix(idx.documents(), texts, out, {
          syntheticShare: share,
          seed,
          measure: args.measure ?? 'tokens',
          acceptedOnly: args.acceptedOnly ?? false,
          filters: quality || preset ? { ...(quality ? { quality } : {}), ...(preset ? { filterPreset: preset } : {}) } : undefined,
          tokenizer: idx.tokenizer,
          dropPassages: dropSharedPassages ? new Set(shared.map((p) => p.hash)) : undefined,
          signal: ac.signal,
        });
      },
    );
  } catch (e) {
    if (e instanceof Error && e.name === 'AbortError') {
      void vscode.window.showInformationMessage(vscode.l10n.t('Export cancelled. No file was written.'));
      return undefined;
    }
    log().error(`Export failed: ${errorMessage(e)}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Export failed: {0}', errorMessage(e)));
    return undefined;
  }
  const m = manifest;
  const base = vscode.l10n.t(
    'Exported {0} documents ({1} natural, {2} synthetic), {3} tokens. Synthetic share {4} by tokens (target {5}). Left out: {6} rejected, {7} duplicates, {8} filtered, {9} over budget.',
    m.documents,
    m.natural,
    m.synthetic,
    m.tokens,
    percent(m.achievedShare),
    percent(share),
    m.excluded.rejected,
    m.excluded.duplicates,
    m.excluded.filtered,
    m.excluded.overBudget,
  );
  const presetNote = m.filterPreset
    ? ' ' + vscode.l10n.t('Filter preset {0} dropped {1} of them (the manifest lists each rule).', m.filterPreset.preset, m.filterPreset.dropped)
    : '';
  const passageNote = m.passagesDropped !== undefined ? ' ' + vscode.l10n.t('Shared passages removed: {0}.', m.passagesDropped) : '';
  const summary = base + presetNote + passageNote;
  log().info(`${summary} → ${out}`);
  if (interactive) {
    const openManifest = vscode.l10n.t('Open Manifest');
    const reveal = vscode.l10n.t('Reveal File');
    void vscode.window.showInformationMessage(summary + (m.note ? ` ${m.note}` : ''), openManifest, reveal).then((c) => {
      if (c === openManifest) void vscode.window.showTextDocument(vscode.Uri.file(manifestPathFor(out)));
      else if (c === reveal) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(out));
    });
  }
  return m;
}
