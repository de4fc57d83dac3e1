// Corpus: Search Corpus… — a quick pick of results as the user types (debounced), with filter terms
// in the query (`kind:synthetic lang:zh style:textbook tea`); picking a result opens it (JSONL: at its line).
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { markHits, snippetWithHits, type Snippet } from '../../core/corpus/search/snippet';
import { searchCheckingZhWords } from '../../core/corpus/search/zh-verify';
import type { CorpusSet } from '../../core/corpus/index/corpus-set';
import type { CorpusDocument } from '../../core/corpus/model';
import type { CorpusService } from './service';
import { openLocation } from './actions';
import type { DocLocation, SearchArgs, SearchHitView, SearchResult } from '../commands';
import { coreFilters, matchesFilter, parseQuery, qualityIssues } from './query.model';
import { errorMessage } from '../../core/util/errors';

export interface SearchHit extends SearchHitView {
  doc: CorpusDocument;
}

/** Runs a query (free text + filter terms) on the index; snippets are read from the files. */
export async function searchCorpus(index: CorpusSet, query: string, limit = 30): Promise<{ hits: SearchHit[]; errors: string[] }> {
  const q = parseQuery(query);
  // Filters alone (a chart bar's query): every matching document is a candidate, not only the first few.
  // Chinese words of the query are checked against each result's own segmentation (zh-verify.ts).
  const { results, texts } = q.text
    ? await searchCheckingZhWords(
        q.text,
        limit,
        (n) => index.search(q.text, { limit: n * 4, filters: coreFilters(q.filter) }).filter((r) => matchesFilter(r.doc, q.filter)).slice(0, n),
        (docs) => index.readTexts(docs),
      )
    : { results: index.search('', { limit: Number.MAX_SAFE_INTEGER, filters: coreFilters(q.filter) }).filter((r) => matchesFilter(r.doc, q.filter)).slice(0, limit), texts: new Map<string, string>() };
  const hits = results.map((r) => {
    const s: Snippet = q.text ? snippetWithHits(texts.get(r.doc.id) ?? '', q.text, 140) : { text: '', highlights: [] };
    return {
      path: r.doc.path,
      line: r.doc.line,
      title: r.doc.title || r.doc.externalId || basename(r.doc.path),
      kind: r.doc.kind,
      lang: r.doc.lang,
      snippet: s.text,
      highlights: s.highlights,
      doc: r.doc,
    };
  });
  return { hits, errors: q.errors };
}

interface HitItem extends vscode.QuickPickItem {
  hit?: SearchHit;
}

export function searchPlaceholder(): string {
  return vscode.l10n.t('Search the corpus. Filters: kind:natural|synthetic lang:en|zh style: audience: domain: status:accepted|pending|rejected model: quality:clean|flagged is:dup');
}

export async function searchCommand(service: CorpusService, args?: SearchArgs): Promise<SearchResult | DocLocation | undefined> {
  // From code (tests, other commands): run the query and return the hits without any UI.
  if (args && typeof args.query === 'string') {
    const idx = await service.ensureIndex();
    if (!idx) return { hits: [], errors: [] };
    const r = await searchCorpus(idx, args.query, args.limit ?? 30);
    return { hits: r.hits.map(({ doc: _doc, ...h }) => h), errors: r.errors };
  }
  const qp = vscode.window.createQuickPick<HitItem>();
  qp.title = vscode.l10n.t('Search Corpus');
  qp.placeholder = searchPlaceholder();
  qp.matchOnDescription = false;
  qp.matchOnDetail = false;
  qp.busy = true;
  qp.show();
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = async (value: string) => {
    const my = ++seq;
    qp.busy = true;
    const idx = await service.ensureIndex();
    if (my !== seq) return;
    if (!idx) {
      qp.items = [{ label: vscode.l10n.t('No corpus index: open a folder with documents.'), alwaysShow: true }];
      qp.busy = false;
      return;
    }
    try {
      const { hits, errors } = await searchCorpus(idx, value);
      if (my !== seq) return;
      const items: HitItem[] = [];
      if (errors.length) items.push({ label: `$(warning) ${vscode.l10n.t('Not understood: {0}', errors.join(' '))}`, alwaysShow: true });
      for (const h of hits) {
        const badges = [h.kind === 'synthetic' ? vscode.l10n.t('synthetic') : vscode.l10n.t('natural'), h.lang];
        if (h.doc.kind === 'synthetic' && h.doc.style) badges.push(`${h.doc.style} · ${h.doc.audience ?? ''}`);
        if (qualityIssues(h.doc).length) badges.push('⚠');
        if (h.doc.dupCluster) badges.push('≈');
        items.push({
          label: `${h.kind === 'synthetic' ? '$(sparkle)' : '$(file-text)'} ${h.title}`,
          description: `${h.line !== undefined ? `${h.path}:${h.line}` : h.path}  ${badges.join(' · ')}`,
          // The quick pick takes no highlight ranges from extensions (microsoft/vscode#83424): hits are bracketed.
          detail: h.snippet ? markHits({ text: h.snippet, highlights: h.highlights }, '【', '】') : undefined,
          alwaysShow: true,
          hit: h,
        });
      }
      if (!hits.length) items.push({ label: vscode.l10n.t('No matches.'), alwaysShow: true });
      qp.items = items;
    } catch (e) {
      qp.items = [{ label: `$(error) ${errorMessage(e)}`, alwaysShow: true }];
    } finally {
      if (my === seq) qp.busy = false;
    }
  };
  qp.onDidChangeValue((v) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(v), 200);
  });
  return new Promise((resolve) => {
    qp.onDidAccept(() => {
      const h = qp.selectedItems[0]?.hit;
      if (!h) return;
      qp.hide();
      void openLocation(service, { path: h.path, line: h.line }).then(() => resolve({ path: h.path, line: h.line }));
    });
    qp.onDidHide(() => {
      if (timer) clearTimeout(timer);
      qp.dispose();
      resolve(undefined);
    });
    void run('');
  });
}
