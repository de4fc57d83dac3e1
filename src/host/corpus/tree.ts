// The Corpus view (tree): kind → style · audience → file → document, rewrites under their source,
// quality / duplicate / review badges, the shared passages (a passage → the documents that have it), the
// skipped inputs, and a filter (toolbar).
import * as vscode from 'vscode';
import { basename, dirname, join } from 'node:path';
import type { CorpusDocument } from '../../core/corpus/model';
import type { SkippedInput } from '../../core/corpus/model';
import { compact, groupCorpus, NONE, percent, type CorpusNode, type DocNode } from './grouping.model';
import { docIcon, formatFilter, isEmptyFilter, matchesFilter, qualityIssues, type QualityIssue } from './query.model';
import { skippedRef, skipReasonLabel, type CorpusService } from './service';
import { COMMANDS, setContext, type CorpusFilter } from '../commands';
import { readFilterPreset } from '../config';
import { presetHits, rulesNotAppliedToChinese } from '../../core/corpus/filters/evaluate';
import type { FilterHit } from '../../core/corpus/filters/presets';
import { sharedPassageTexts } from '../../core/corpus/dedup/passages';

/** A passage (a line of 8 words or more, 16 Chinese characters) found in several documents. */
export interface SharedPassage {
  hash: number;
  docs: CorpusDocument[];
}

/** The most widespread passages the view lists (`curator dedup --passages` lists them all). */
const MAX_PASSAGES = 100;

/** A passage's one-line label: whitespace collapsed, cut at `max` characters. */
export function passageSnippet(text: string, max = 80): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return [...t].length > max ? [...t].slice(0, max).join('') + '…' : t;
}

/** "gopher_quality/gopher_short_doc 12 < 50": a rule that drops a document, with its value and threshold. */
export function filterHitLabel(h: FilterHit): string {
  const n = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(3));
  return `${h.filter}/${h.rule} ${n(h.value)} ${h.rule === 'lorem_ipsum' || h.rule === 'curly_bracket' ? '' : `(${vscode.l10n.t('limit {0}', n(h.threshold))})`}`.trim();
}

export type CorpusElement =
  | { type: 'root'; id: string; name: string; root: string }
  | { type: 'node'; id: string; node: CorpusNode }
  | { type: 'skipped-group'; id: string; items: SkippedInput[] }
  | { type: 'passages'; id: string; passages: SharedPassage[]; total: number }
  | { type: 'passage'; id: string; passage: SharedPassage }
  | { type: 'skipped'; id: string; item: SkippedInput }
  | { type: 'no-match'; id: string };

/** What the tree's context actions receive: the document (or file) and its absolute location. */
export function elementDoc(e: unknown): CorpusDocument | undefined {
  const el = e as CorpusElement | undefined;
  return el?.type === 'node' && el.node.type === 'doc' ? el.node.doc : undefined;
}

export function qualityLabel(i: QualityIssue): string {
  switch (i) {
    case 'markup':
      return vscode.l10n.t('leftover markup');
    case 'garbled':
      return vscode.l10n.t('garbled characters');
    case 'symbols':
      return vscode.l10n.t('many symbols');
    case 'repeated-lines':
      return vscode.l10n.t('repeated lines');
    case 'repeated-paragraphs':
      return vscode.l10n.t('repeated paragraphs');
    case 'repetitive':
      return vscode.l10n.t('repetitive n-grams');
    case 'pii':
      return vscode.l10n.t('personal data');
    case 'too-short':
      return vscode.l10n.t('very short');
    case 'too-long':
      return vscode.l10n.t('very long');
  }
}

export function statusLabel(s: CorpusDocument['status']): string {
  switch (s) {
    case 'accepted':
      return vscode.l10n.t('accepted');
    case 'rejected':
      return vscode.l10n.t('rejected');
    case 'pending':
      return vscode.l10n.t('review pending');
    default:
      return '';
  }
}

export class CorpusTree implements vscode.TreeDataProvider<CorpusElement> {
  private readonly emitter = new vscode.EventEmitter<CorpusElement | undefined | void>();
  readonly onDidChangeTreeData = this.emitter.event;
  filter: CorpusFilter = {};
  private view: vscode.TreeView<unknown> | undefined;
  private dupSize = new Map<string, number>();
  /** Passage texts by hash, read when the Shared passages group first opens (cleared when the index changes). */
  private passageTexts = new Map<number, string>();
  private passagesLoading = false;

  constructor(private readonly service: CorpusService) {
    service.onDidChange(() => this.refresh());
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('corpusCurator.corpus.filterPreset')) this.refresh();
    });
  }

  attach(view: vscode.TreeView<unknown>): void {
    this.view = view;
    this.updateViewText();
  }

  setFilter(f: CorpusFilter): void {
    this.filter = f;
    void setContext('corpusFiltered', !isEmptyFilter(f));
    this.refresh();
  }

  refresh(): void {
    this.passageTexts.clear();
    this.updateViewText();
    this.emitter.fire();
  }

  private updateViewText(): void {
    if (!this.view) return;
    const f = formatFilter(this.filter);
    const idx = this.service.current;
    if (this.service.state === 'ready' && idx) {
      const docs = idx.documents();
      const shown = f ? docs.filter((d) => matchesFilter(d, this.filter)).length : docs.length;
      const skipped = idx.skipped().length;
      const text = f ? vscode.l10n.t('{0} of {1} · {2}', shown, docs.length, f) : vscode.l10n.t('{0} documents', docs.length);
      this.view.description = skipped ? `${text} · ${vscode.l10n.t('⚠ {0} skipped', skipped)}` : text;
    } else this.view.description = undefined;
    this.view.message = undefined;
  }

  /** The tree as indented lines "label — description", `depth` levels deep (tests, diagnostics). */
  snapshot(depth = 3): string[] {
    const out: string[] = [];
    const walk = (el: CorpusElement | undefined, level: number) => {
      for (const c of this.getChildren(el)) {
        const t = this.getTreeItem(c);
        const label = typeof t.label === 'string' ? t.label : (t.label?.label ?? '');
        out.push(`${'  '.repeat(level)}${label}${t.description ? ` — ${String(t.description)}` : ''}`);
        if (level + 1 < depth) walk(c, level + 1);
      }
    };
    walk(undefined, 0);
    return out;
  }

  /** Kinds → groups → files → documents of `all`, the shared passages, then the skipped inputs; ids start with `prefix`. */
  private topLevel(all: CorpusDocument[], skipped: SkippedInput[], prefix: string, passages: SharedPassage[]): CorpusElement[] {
    if (!all.length) return skipped.length ? [{ type: 'skipped-group', id: `${prefix}skipped`, items: skipped }] : [];
    const filtered = !isEmptyFilter(this.filter);
    const kinds = groupCorpus(all, filtered ? (d) => matchesFilter(d, this.filter) : undefined);
    const out: CorpusElement[] = kinds.map((k) => ({ type: 'node', id: `${prefix}k:${k.kind}`, node: k }));
    if (filtered && out.length === 0) out.push({ type: 'no-match', id: `${prefix}no-match` });
    // Under a filter: the passages two or more of the documents it shows have.
    const shown = filtered
      ? passages.map((p) => ({ hash: p.hash, docs: p.docs.filter((d) => matchesFilter(d, this.filter)) })).filter((p) => p.docs.length >= 2)
      : passages;
    if (shown.length) out.push({ type: 'passages', id: `${prefix}passages`, passages: shown.slice(0, MAX_PASSAGES), total: shown.length });
    if (skipped.length) out.push({ type: 'skipped-group', id: `${prefix}skipped`, items: skipped });
    return out;
  }

  getChildren(el?: CorpusElement): CorpusElement[] {
    if (!el) {
      void this.service.start();
      const idx = this.service.current;
      if (!idx) return [];
      const all = idx.documents();
      this.dupSize = new Map();
      for (const d of all) if (d.dupCluster) this.dupSize.set(d.dupCluster, (this.dupSize.get(d.dupCluster) ?? 0) + 1);
      // A multi-root workspace: one root per folder, each with its own tree.
      if (idx.prefixed) return idx.members.map((m) => ({ type: 'root', id: `root:${m.name}`, name: m.name, root: m.root }));
      return this.topLevel(all, idx.skipped(), '', idx.sharedPassages());
    }
    if (el.type === 'root') {
      const idx = this.service.current;
      if (!idx) return [];
      const p = `${el.name}/`;
      return this.topLevel(
        idx.documents().filter((d) => d.path.startsWith(p)),
        idx.skipped().filter((s) => s.path.startsWith(p)),
        `${el.id}/`,
        // This folder's documents of each passage, where it still has two.
        idx.sharedPassages()
          .map((x) => ({ hash: x.hash, docs: x.docs.filter((d) => d.path.startsWith(p)) }))
          .filter((x) => x.docs.length >= 2),
      );
    }
    if (el.type === 'passages') {
      this.loadPassageTexts(el.passages);
      return el.passages.map((passage) => ({ type: 'passage', id: `${el.id}/${passage.hash}`, passage }));
    }
    if (el.type === 'passage') return el.passage.docs.map((doc) => ({ type: 'node', id: `${el.id}/d:${doc.id}`, node: { type: 'doc', doc, children: [] } }));
    if (el.type === 'skipped-group') return el.items.map((item, i) => ({ type: 'skipped', id: `s:${i}:${skippedRef(item)}`, item }));
    if (el.type !== 'node') return [];
    const n = el.node;
    if (n.type === 'doc') return n.children.map((c) => ({ type: 'node', id: `${el.id}/r:${c.doc.id}`, node: c }));
    const kids = n.children as CorpusNode[];
    return kids.map((c) => ({ type: 'node', id: `${el.id}/${childKey(c)}`, node: c }));
  }

  getTreeItem(el: CorpusElement): vscode.TreeItem {
    const root = this.service.folder?.uri;
    if (el.type === 'root') {
      const idx = this.service.current;
      const p = `${el.name}/`;
      const docs = idx ? idx.documents().filter((d) => d.path.startsWith(p)) : [];
      let tokens = 0;
      let synTokens = 0;
      for (const d of docs) {
        tokens += d.tokens;
        if (d.kind === 'synthetic') synTokens += d.tokens;
      }
      const t = new vscode.TreeItem(el.name, vscode.TreeItemCollapsibleState.Expanded);
      t.id = el.id;
      t.description = vscode.l10n.t('{0} docs · {1} tokens · {2} synthetic', docs.length, compact(tokens), percent(tokens ? synTokens / tokens : 0));
      t.iconPath = new vscode.ThemeIcon('root-folder');
      t.resourceUri = vscode.Uri.file(el.root);
      t.tooltip = el.root;
      t.contextValue = 'corpusRoot';
      return t;
    }
    if (el.type === 'no-match') {
      const t = new vscode.TreeItem(vscode.l10n.t('No documents match the filter'), vscode.TreeItemCollapsibleState.None);
      t.id = el.id;
      t.iconPath = new vscode.ThemeIcon('filter');
      t.description = vscode.l10n.t('click to clear it');
      t.command = { command: COMMANDS.clearCorpusFilter.id, title: vscode.l10n.t('Clear Filter') };
      return t;
    }
    if (el.type === 'skipped-group') {
      const t = new vscode.TreeItem(vscode.l10n.t('Skipped inputs'), vscode.TreeItemCollapsibleState.Collapsed);
      t.id = el.id;
      t.description = String(el.items.length);
      t.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('charts.yellow'));
      t.tooltip = vscode.l10n.t('Files and lines that could not be read as documents (also in the Problems view and the output channel).');
      t.contextValue = 'corpusSkippedGroup';
      return t;
    }
    if (el.type === 'passages') {
      const t = new vscode.TreeItem(vscode.l10n.t('Shared passages'), vscode.TreeItemCollapsibleState.Collapsed);
      t.id = el.id;
      const docs = new Set(el.passages.flatMap((p) => p.docs.map((d) => d.id))).size;
      t.description = el.total > el.passages.length
        ? vscode.l10n.t('{0} most widespread of {1}', el.passages.length, el.total)
        : vscode.l10n.t('{0} passages · {1} documents', el.passages.length, docs);
      t.iconPath = new vscode.ThemeIcon('files', new vscode.ThemeColor('charts.yellow'));
      t.tooltip = vscode.l10n.t(
        'Lines of 8 words or more (16 Chinese characters) found in several documents, most widespread first. They do not make documents near-duplicates; Export Training Mix can remove each from every document but the first (the documents stay).',
      );
      t.contextValue = 'corpusPassages';
      return t;
    }
    if (el.type === 'passage') {
      const text = this.passageTexts.get(el.passage.hash);
      const t = new vscode.TreeItem(text === undefined ? '…' : passageSnippet(text) || vscode.l10n.t('(changed since indexing)'), vscode.TreeItemCollapsibleState.Collapsed);
      t.id = el.id;
      t.description = vscode.l10n.t('{0} documents', el.passage.docs.length);
      t.iconPath = new vscode.ThemeIcon('quote');
      if (text) t.tooltip = text;
      t.contextValue = 'corpusPassage';
      return t;
    }
    if (el.type === 'skipped') {
      const s = el.item;
      const t = new vscode.TreeItem(skippedRef(s), vscode.TreeItemCollapsibleState.None);
      t.id = el.id;
      t.description = skipReasonLabel(s.reason);
      t.tooltip = `${skippedRef(s)}\n${skipReasonLabel(s.reason)}: ${s.message}`;
      t.iconPath = new vscode.ThemeIcon('circle-slash');
      if (root) {
        t.resourceUri = vscode.Uri.file(this.service.absolutePath(s.path) ?? join(root.fsPath, s.path));
        t.command = { command: COMMANDS.openCorpusDocument.id, title: vscode.l10n.t('Open'), arguments: [{ path: s.path, line: s.line }] };
      }
      t.contextValue = 'corpusSkipped';
      return t;
    }
    const n = el.node;
    switch (n.type) {
      case 'kind': {
        const t = new vscode.TreeItem(n.kind === 'natural' ? vscode.l10n.t('Natural') : vscode.l10n.t('Synthetic'), vscode.TreeItemCollapsibleState.Expanded);
        t.id = el.id;
        t.description = vscode.l10n.t('{0} docs · {1} tokens', n.docs, compact(n.tokens));
        t.iconPath = new vscode.ThemeIcon(n.kind === 'natural' ? 'book' : 'sparkle', new vscode.ThemeColor(n.kind === 'natural' ? 'charts.blue' : 'charts.purple'));
        t.contextValue = `corpusKind ${n.kind}`;
        return t;
      }
      case 'group': {
        const label = `${n.style === NONE ? vscode.l10n.t('(no style)') : n.style} · ${n.audience === NONE ? vscode.l10n.t('(no audience)') : n.audience}`;
        const t = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
        t.id = el.id;
        t.description = n.docs === 1 ? vscode.l10n.t('1 doc · {0} tokens', compact(n.tokens)) : vscode.l10n.t('{0} docs · {1} tokens', n.docs, compact(n.tokens));
        t.iconPath = new vscode.ThemeIcon('tag');
        t.tooltip = `${vscode.l10n.t('Style')}: ${n.style}\n${vscode.l10n.t('Audience')}: ${n.audience}`;
        t.contextValue = 'corpusGroup';
        return t;
      }
      case 'file': {
        const t = new vscode.TreeItem(basename(n.path), vscode.TreeItemCollapsibleState.Collapsed);
        t.id = el.id;
        const dir = dirname(n.path);
        t.description = `${dir === '.' ? '' : dir + ' · '}${vscode.l10n.t('{0} records', n.docs)}`;
        t.iconPath = vscode.ThemeIcon.File;
        if (root) t.resourceUri = vscode.Uri.file(this.service.absolutePath(n.path) ?? join(root.fsPath, n.path));
        t.tooltip = n.path;
        t.contextValue = `corpusFile ${n.kind}`;
        return t;
      }
      case 'doc':
        return this.docItem(el.id, n, root);
    }
  }

  /** Reads the texts of passages not read yet (one document each), then redraws them. */
  private loadPassageTexts(passages: SharedPassage[]): void {
    const idx = this.service.current;
    const missing = passages.filter((p) => !this.passageTexts.has(p.hash));
    if (!idx || !missing.length || this.passagesLoading) return;
    this.passagesLoading = true;
    void sharedPassageTexts(missing, (d) => idx.readText(d))
      .then((rows) => {
        for (const r of rows) this.passageTexts.set(r.hash, r.text);
        this.emitter.fire();
      })
      .finally(() => {
        this.passagesLoading = false;
      });
  }

  private docItem(id: string, n: DocNode, root: vscode.Uri | undefined): vscode.TreeItem {
    const d = n.doc;
    const name = d.title ? ` · ${d.title}` : d.externalId ? ` · ${d.externalId}` : '';
    // A record under its file node is "line N"; a record shown on its own (one record of a file in a group, or a rewrite) is "file:N".
    const label = d.line === undefined ? basename(d.path) : n.inFile ? `${d.format === 'parquet' ? vscode.l10n.t('row {0}', d.line) : vscode.l10n.t('line {0}', d.line)}${name}` : `${basename(d.path)}:${d.line}${name}`;
    const t = new vscode.TreeItem(label, n.children.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    t.id = id;
    const issues = qualityIssues(d);
    const preset = readFilterPreset(root);
    const drops = preset ? presetHits(d.filters, preset) : [];
    const dup = d.dupCluster ? (this.dupSize.get(d.dupCluster) ?? 2) : 0;
    const badges: string[] = [];
    if (d.kind === 'synthetic' && d.status !== 'none') badges.push(`${d.status === 'accepted' ? '✓' : d.status === 'rejected' ? '✗' : '◌'} ${statusLabel(d.status)}`);
    if (drops.length) badges.push(`⊘ ${vscode.l10n.t('{0} drops: {1}', preset!, drops[0]!.rule)}${drops.length > 1 ? ` +${drops.length - 1}` : ''}`);
    if (issues.length) badges.push(`⚠ ${qualityLabel(issues[0]!)}${issues.length > 1 ? ` +${issues.length - 1}` : ''}`);
    if (dup) badges.push(`≈ ${vscode.l10n.t('dup ×{0}', dup)}`);
    if (n.children.length) badges.push(n.children.length === 1 ? vscode.l10n.t('1 rewrite') : vscode.l10n.t('{0} rewrites', n.children.length));
    badges.push(`${d.lang} · ${compact(d.tokens)}`);
    const dir = dirname(d.path);
    t.description = [!n.inFile && dir !== '.' ? dir : '', ...badges].filter(Boolean).join('  ');
    const icon = drops.length && d.status !== 'rejected' ? { id: 'circle-slash', color: 'charts.orange' } : docIcon(d, issues, dup);
    t.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendText(d.line !== undefined ? `${d.path}:${d.line}` : d.path);
    tip.appendMarkdown('\n\n');
    const rows: string[] = [];
    if (d.title) rows.push(`${vscode.l10n.t('Title')}: ${d.title}`);
    rows.push(`${vscode.l10n.t('Kind')}: ${d.kind === 'natural' ? vscode.l10n.t('natural') : vscode.l10n.t('synthetic')}`);
    rows.push(`${vscode.l10n.t('Language')}: ${d.lang} · ${vscode.l10n.t('{0} tokens', d.tokens)} · ${vscode.l10n.t('Domain')}: ${d.domain}`);
    if (d.kind === 'synthetic') {
      rows.push(`${vscode.l10n.t('Style')}: ${d.style ?? '—'} · ${vscode.l10n.t('Audience')}: ${d.audience ?? '—'} · ${vscode.l10n.t('Model')}: ${d.model ?? '—'}`);
      rows.push(`${vscode.l10n.t('Review')}: ${statusLabel(d.status)}`);
      if (d.parentPath) rows.push(`${vscode.l10n.t('Source')}: ${d.parentPath}`);
    }
    rows.push(`${vscode.l10n.t('Quality')}: ${issues.length ? issues.map(qualityLabel).join(', ') : vscode.l10n.t('no problems found')}`);
    if (preset) rows.push(drops.length ? vscode.l10n.t('Filter preset {0} drops it: {1}', preset, drops.map(filterHitLabel).join('; ')) : vscode.l10n.t('Filter preset {0} keeps it', preset));
    const notApplied = preset && d.lang === 'zh' ? rulesNotAppliedToChinese(preset) : [];
    if (notApplied.length) rows.push(vscode.l10n.t('Not applied to Chinese (no meaning per character): {0}', notApplied.map((r) => `${r.filter}/${r.rule}`).join(', ')));
    if (dup) rows.push(vscode.l10n.t('Near-duplicate of {0} other document(s)', dup - 1));
    for (const r of rows) {
      tip.appendText(r);
      tip.appendMarkdown('  \n');
    }
    t.tooltip = tip;
    if (root) t.resourceUri = vscode.Uri.file(this.service.absolutePath(d.path) ?? join(root.fsPath, d.path));
    const ctx = ['corpusDoc', d.kind, d.format];
    if (dup) ctx.push('dup');
    if (d.parentPath) ctx.push('hasParent');
    t.contextValue = ctx.join(' ');
    t.command = { command: COMMANDS.openCorpusDocument.id, title: vscode.l10n.t('Open'), arguments: [{ path: d.path, line: d.line }] };
    t.accessibilityInformation = { label: `${label}, ${t.description}` };
    return t;
  }
}

function childKey(c: CorpusNode): string {
  switch (c.type) {
    case 'kind':
      return `k:${c.kind}`;
    case 'group':
      return `g:${c.style}/${c.audience}`;
    case 'file':
      return `f:${c.path}`;
    case 'doc':
      return `d:${c.doc.id}`;
  }
}
