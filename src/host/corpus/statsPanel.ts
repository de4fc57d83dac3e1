// Corpus: Show Statistics — a webview panel with charts of the corpus index (natural vs synthetic share,
// breakdowns, review, duplicates, quality histograms, diversity of the synthetic set, skipped inputs)
// and a search box. Restored after a reload (WebviewPanelSerializer; the webview keeps its own state).
import * as vscode from 'vscode';
import { computeStats, type Breakdown, type CorpusStats } from '../../core/corpus/stats';
import { tokenizerLabel } from '../../core/text/tokenizers';
import type { CorpusDocument } from '../../core/corpus/model';
import { QUALITY_SIGNALS } from '../../core/corpus/quality';
import { basename } from 'node:path';
import { readFilterPreset } from '../config';
import { docsDroppedBy, presetHits, summarizePreset } from '../../core/corpus/filters/evaluate';
import { FILTER_IDS, type FilterId } from '../../core/corpus/filters/presets';
import { filterHitLabel } from './tree';

function isFilterId(s: string): s is FilterId {
  return (FILTER_IDS as readonly string[]).includes(s);
}
import type { QualitySignals } from '../../core/corpus/model';
import { STATS_VIEW_TYPE, type PanelState, type StatsBreakdownRow, type StatsProtocol, type StatsStringKey, type StatsView } from '../../shared/stats-protocol';
import { HostChannel } from '../webview/channel';
import { webviewHtml, webviewOptions } from '../webview/html';
import { skipReasonLabel, type CorpusService } from './service';
import { openLocation } from './actions';
import { searchCorpus } from './search';
import { exportMixCommand } from './exportMix';
import { log } from '../log';
import { errorMessage } from '../../core/util/errors';


/**
 * Names of the quality signals for people: one per signal of QUALITY_SIGNALS (core/corpus/quality.ts),
 * the compiler checks that none is missing; the English text is the list's label.
 */
const SIGNAL_LABELS: Record<keyof QualitySignals, () => string> = {
  markupPer1k: () => vscode.l10n.t('Leftover markup per 1,000 characters'),
  garbledPer1k: () => vscode.l10n.t('Garbled characters per 1,000 characters'),
  symbolRatio: () => vscode.l10n.t('Symbols per word'),
  dupLineFrac: () => vscode.l10n.t('Share of repeated lines'),
  dupParaFrac: () => vscode.l10n.t('Share of repeated paragraphs'),
  top2gramFrac: () => vscode.l10n.t('Top 2-gram coverage'),
  top3gramFrac: () => vscode.l10n.t('Top 3-gram coverage'),
  top4gramFrac: () => vscode.l10n.t('Top 4-gram coverage'),
  emails: () => vscode.l10n.t('E-mail addresses'),
  phones: () => vscode.l10n.t('Phone numbers'),
  ips: () => vscode.l10n.t('IP addresses'),
  idNumbers: () => vscode.l10n.t('ID numbers'),
  tooShort: () => vscode.l10n.t('Very short (0 = no, 1 = yes)'),
  tooLong: () => vscode.l10n.t('Very long (0 = no, 1 = yes)'),
};

export function signalLabel(signal: string): string {
  return signal in QUALITY_SIGNALS ? SIGNAL_LABELS[signal as keyof QualitySignals]() : signal;
}

function rows(b: Breakdown): StatsBreakdownRow[] {
  return Object.entries(b)
    .map(([key, r]) => ({ key, ...r }))
    .sort((x, y) => y.tokens - x.tokens || (x.key < y.key ? -1 : 1));
}

/** Documents, tokens and synthetic counts per folder of a multi-root corpus (paths `<folder>/…`). */
export function folderRows(docs: readonly CorpusDocument[], folders: readonly string[]): StatsBreakdownRow[] {
  if (folders.length < 2) return [];
  const by = new Map(folders.map((f) => [f, { key: f, documents: 0, tokens: 0, synthetic: 0, syntheticTokens: 0 }]));
  for (const d of docs) {
    const r = by.get(d.path.slice(0, d.path.indexOf('/')));
    if (!r) continue;
    r.documents++;
    r.tokens += d.tokens;
    if (d.kind === 'synthetic') {
      r.synthetic++;
      r.syntheticTokens += d.tokens;
    }
  }
  return [...by.values()];
}

export function toStatsView(s: CorpusStats, byFolder: StatsBreakdownRow[] = [], filters: StatsView['filters'] = null): StatsView {
  return {
    generatedAt: new Date().toISOString(),
    tokenizer: s.tokenizer,
    tokenizerLabel: tokenizerLabel(s.tokenizer),
    documents: s.documents,
    natural: s.natural,
    synthetic: s.synthetic,
    tokens: s.tokens,
    naturalTokens: s.naturalTokens,
    syntheticTokens: s.syntheticTokens,
    syntheticShare: s.syntheticShare,
    syntheticTokenShare: s.syntheticTokenShare,
    targetSyntheticShare: s.targetSyntheticShare,
    overTarget: s.overTarget,
    byStyle: rows(s.byStyle),
    byAudience: rows(s.byAudience),
    byDomain: rows(s.byDomain),
    byLanguage: rows(s.byLanguage),
    byModel: rows(s.byModel),
    byFolder,
    review: s.review,
    duplicates: s.duplicates,
    quality: Object.entries(s.quality).map(([signal, h]) => ({ signal, label: signalLabel(signal), edges: h.edges, counts: h.counts })),
    filters,
    diversity: s.diversity && {
      sampled: s.diversity.sampled,
      distinctN: [s.diversity.distinctN[1], s.diversity.distinctN[2], s.diversity.distinctN[3], s.diversity.distinctN[4]],
      topOpenings: s.diversity.topOpenings,
      meanPairwiseSimilarity: s.diversity.meanPairwiseSimilarity,
      pairs: s.diversity.pairs,
    },
    skipped: {
      total: s.skipped.total,
      byReason: Object.fromEntries(Object.entries(s.skipped.byReason).map(([r, n]) => [skipReasonLabel(r), n ?? 0])),
      examples: s.skipped.examples.map((e) => ({ path: e.path, line: e.line, reason: e.reason, reasonLabel: skipReasonLabel(e.reason), message: e.message })),
    },
  };
}

function strings(): Record<StatsStringKey, string> {
  return {
    title: vscode.l10n.t('Corpus Statistics'),
    refresh: vscode.l10n.t('Refresh'),
    exportMix: vscode.l10n.t('Export Training Mix…'),
    indexing: vscode.l10n.t('Indexing the corpus…'),
    empty: vscode.l10n.t('No documents in this workspace yet. Add .txt, .md, .html, .jsonl, .jsonl.zst or .parquet files.'),
    overTarget: vscode.l10n.t('The synthetic share by tokens is above the target of {0}.'),
    targetSetting: vscode.l10n.t('Change Target'),
    share: vscode.l10n.t('Natural vs synthetic'),
    byDocuments: vscode.l10n.t('By documents'),
    byTokens: vscode.l10n.t('By tokens'),
    natural: vscode.l10n.t('Natural'),
    synthetic: vscode.l10n.t('Synthetic'),
    target: vscode.l10n.t('Target'),
    documents: vscode.l10n.t('documents'),
    tokens: vscode.l10n.t('tokens'),
    breakdowns: vscode.l10n.t('Breakdowns'),
    byStyle: vscode.l10n.t('Style (synthetic)'),
    byAudience: vscode.l10n.t('Audience (synthetic)'),
    byDomain: vscode.l10n.t('Domain'),
    byLanguage: vscode.l10n.t('Language'),
    byModel: vscode.l10n.t('Model (synthetic)'),
    byFolder: vscode.l10n.t('Workspace folder'),
    review: vscode.l10n.t('Review of rewrites'),
    accepted: vscode.l10n.t('Accepted'),
    rejected: vscode.l10n.t('Rejected'),
    pending: vscode.l10n.t('Pending'),
    acceptanceRate: vscode.l10n.t('Acceptance rate'),
    duplicates: vscode.l10n.t('Duplicates'),
    duplicateRate: vscode.l10n.t('Duplicate rate'),
    nearClusters: vscode.l10n.t('Near-duplicate clusters'),
    passageDocs: vscode.l10n.t('Documents sharing a passage (curator dedup --passages)'),
    exactGroups: vscode.l10n.t('Exact duplicate groups'),
    quality: vscode.l10n.t('Quality signals'),
    qualityHint: vscode.l10n.t('Documents per range of each signal; the first bar is usually the clean one.'),
    filterPreset: vscode.l10n.t('Filter preset: {0}'),
    filterPresetHint: vscode.l10n.t("Documents each of datatrove's rules drops (on its own); click a rule to list them."),
    filterDropped: vscode.l10n.t('{0} of {1} documents dropped ({2})'),
    filterNotAppliedZh: vscode.l10n.t('Not applied to the {0} Chinese documents (no meaning per character): {1}'),
    diversity: vscode.l10n.t('Diversity of the synthetic set'),
    diversityHint: vscode.l10n.t('Distinct n-grams over all n-grams (higher is more varied).'),
    distinctN: vscode.l10n.t('Distinct-n'),
    openings: vscode.l10n.t('Most repeated openings'),
    noOpenings: vscode.l10n.t('No opening phrase is repeated.'),
    pairwise: vscode.l10n.t('Mean pairwise MinHash similarity'),
    pairwiseHint: vscode.l10n.t('{0} documents sampled, {1} pairs; lower is more varied.'),
    noDiversity: vscode.l10n.t('No synthetic documents yet.'),
    skipped: vscode.l10n.t('Skipped inputs'),
    noSkipped: vscode.l10n.t('Nothing was skipped.'),
    search: vscode.l10n.t('Search'),
    searchPlaceholder: vscode.l10n.t('Search, e.g. kind:synthetic lang:zh 茶'),
    noResults: vscode.l10n.t('No matches.'),
    none: vscode.l10n.t('none'),
    count: vscode.l10n.t('count'),
    yes: vscode.l10n.t('yes'),
    no: vscode.l10n.t('no'),
    openList: vscode.l10n.t('Click a bar or a count to list its documents in the search below.'),
  };
}

export class StatsPanel implements vscode.Disposable {
  static current: StatsPanel | undefined;
  private readonly channel: HostChannel<StatsProtocol>;
  private readonly subs: vscode.Disposable[] = [];
  private state: PanelState = { state: 'indexing', message: '' };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private computing = 0;

  static show(context: vscode.ExtensionContext, service: CorpusService): StatsPanel {
    if (StatsPanel.current) {
      StatsPanel.current.panel.reveal();
      return StatsPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(STATS_VIEW_TYPE, vscode.l10n.t('Corpus Statistics'), vscode.ViewColumn.Active, webviewOptions(context.extensionUri));
    return new StatsPanel(panel, context, service);
  }

  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, service: CorpusService): StatsPanel {
    StatsPanel.current?.dispose();
    panel.webview.options = webviewOptions(context.extensionUri);
    return new StatsPanel(panel, context, service);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly service: CorpusService,
  ) {
    StatsPanel.current = this;
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'corpus.svg');
    this.channel = new HostChannel<StatsProtocol>(
      panel.webview,
      {
        init: () => ({ strings: strings(), panel: this.state }),
        search: async ({ query }) => {
          const idx = await service.ensureIndex();
          if (!idx) return { hits: [], errors: [] };
          const r = await searchCorpus(idx, query, 30);
          return { hits: r.hits.map(({ doc: _d, ...h }) => h), errors: r.errors };
        },
        ruleDocs: async ({ filter, rule }) => {
          const idx = await service.ensureIndex();
          const preset = readFilterPreset();
          if (!idx || !preset || !isFilterId(filter)) return { hits: [] };
          const docs = docsDroppedBy(idx.documents(), preset, filter, rule).slice(0, 200);
          return {
            hits: docs.map((d) => ({
              path: d.path,
              line: d.line,
              title: d.title || d.externalId || basename(d.path),
              kind: d.kind,
              lang: d.lang,
              snippet: presetHits(d.filters, preset).map(filterHitLabel).join('; '),
              highlights: [],
            })),
          };
        },
      },
      {
        open: (loc) => void openLocation(service, loc),
        refresh: () => void service.refresh(),
        openSettings: () => void vscode.commands.executeCommand('workbench.action.openSettings', 'corpusCurator.corpus.targetSyntheticShare'),
        exportMix: () => void exportMixCommand(service),
      },
    );
    panel.webview.html = webviewHtml(panel.webview, context.extensionUri, { bundle: 'stats', title: vscode.l10n.t('Corpus Statistics'), lang: vscode.env.language });
    this.subs.push(
      this.channel,
      service.onDidChange(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('corpusCurator.corpus.filterPreset')) this.schedule(0);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    this.schedule(0);
    void service.start();
  }

  /** The last state sent (tests). */
  get panelState(): PanelState {
    return this.state;
  }

  private schedule(ms = 300): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.recompute(), ms);
  }

  private latest: Promise<PanelState> | undefined;

  /** Recomputes the statistics and sends them; resolves with the newest state once it is sent. */
  recompute(): Promise<PanelState> {
    const p = this.compute();
    this.latest = p;
    return p.then((st) => (this.latest && this.latest !== p ? this.latest : st));
  }

  private async compute(): Promise<PanelState> {
    const my = ++this.computing;
    const s = this.service;
    const idx = s.current;
    let next: PanelState;
    if (!idx) {
      next = s.state === 'error' ? { state: 'error', message: s.errorMessage } : s.state === 'noFolder' ? { state: 'empty' } : { state: 'indexing', message: '' };
    } else if (idx.size === 0) next = { state: 'empty' };
    else {
      try {
        const docs = idx.documents();
        const stats = await computeStats(docs, idx.skipped(), {
          targetSyntheticShare: s.target,
          tokenizer: idx.tokenizer,
          readTexts: (d) => idx.readTexts(d),
          reviewOutsideCorpus: idx.reviewOutsideCorpus(),
        });
        const preset = readFilterPreset();
        next = { state: 'ready', stats: toStatsView(stats, idx.prefixed ? folderRows(docs, idx.members.map((m) => m.name)) : [], preset ? summarizePreset(idx.documents(), preset) : null) };
      } catch (e) {
        log().error(`Corpus statistics failed: ${errorMessage(e)}`);
        next = { state: 'error', message: errorMessage(e) };
      }
    }
    if (my !== this.computing) return this.state;
    this.state = next;
    this.channel.notify('panel', next);
    return next;
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (StatsPanel.current === this) StatsPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.subs) d.dispose();
    this.panel.dispose();
  }
}

export async function showStatsCommand(context: vscode.ExtensionContext, service: CorpusService): Promise<{ state: PanelState['state']; stats?: StatsView }> {
  const p = StatsPanel.show(context, service);
  await service.ensureIndex();
  const st = await p.recompute();
  return st.state === 'ready' ? { state: st.state, stats: st.stats } : { state: st.state };
}
