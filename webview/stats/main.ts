// The statistics panel (webview). Receives the statistics and its strings from the host, draws charts
// as SVG (charts.ts), searches through the host and asks it to open documents. Keeps the search query
// and scroll position with setState so a reload or a restored panel comes back where it was.
import { el, vscodeApi, WebviewChannel } from '../shared/channel';
import type { PanelState, StatsBreakdownRow, StatsProtocol, StatsSearchHit, StatsStringKey, StatsView, StatsWebviewState } from '../../src/shared/stats-protocol';
import { gauge, histogram, shareBars, splitBars, unitColumns } from './charts';
import { binQuery, termQuery } from '../../src/shared/stats-links';
import { fmtCompact, fmtPct } from './scale';

const channel = new WebviewChannel<StatsProtocol>();
const app = document.getElementById('app')!;
let T: Record<StatsStringKey, string> = {} as Record<StatsStringKey, string>;
let panel: PanelState = { state: 'indexing', message: '' };
const saved = (vscodeApi.getState() as StatsWebviewState | undefined) ?? { query: '', scrollY: 0 };
const state: StatsWebviewState = { query: saved.query ?? '', scrollY: saved.scrollY ?? 0 };
let hits: StatsSearchHit[] | null = null;
let searchErrors: string[] = [];
let searchSeq = 0;

function save(): void {
  vscodeApi.setState(state);
}

function fmt(s: string, ...args: (string | number)[]): string {
  return s.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}

function button(label: string, icon: string, onClick: () => void, secondary = false): HTMLButtonElement {
  const b = el('button', { type: 'button', class: secondary ? 'secondary' : '' }, el('span', { class: `codicon codicon-${icon}`, 'aria-hidden': 'true' }), label);
  b.addEventListener('click', onClick);
  return b;
}

function card(title: string, ...body: (Node | string)[]): HTMLElement {
  return el('section', { class: 'card' }, el('h2', {}, title), ...body);
}

function chartWidth(el: HTMLElement, fallback = 360): number {
  return Math.max(200, Math.floor(el.clientWidth || fallback));
}

function legend(items: { name: string; tone: string }[]): HTMLElement {
  return el('div', { class: 'legend' }, ...items.map((i) => el('span', {}, el('i', { class: `swatch fill-${i.tone}` }), i.name)));
}

/** A count; with a query, a button that lists its documents. */
function big(value: string, label: string, tone = '', query?: string): HTMLElement {
  const body = [el('div', { class: 'big-value' }, value), el('div', { class: 'big-label' }, label)];
  if (query === undefined) return el('div', { class: `big ${tone}` }, ...body);
  const b = el('button', { type: 'button', class: `big pick ${tone}`, title: query }, ...body);
  b.addEventListener('click', () => openQuery(query));
  return b;
}

/** Lists the documents a bar or count stands for: the query goes into the search box, whose results show below it. */
function openQuery(query: string): void {
  state.query = query;
  save();
  const input = document.querySelector<HTMLInputElement>('.search input[type=search]');
  if (input) input.value = query;
  void runSearch().then(() => document.querySelector('.search')?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
}

const pick = (query: string) => () => openQuery(query);

function breakdown(title: string, rows: StatsBreakdownRow[], width: number, terms: (key: string) => Record<string, string> | undefined): HTMLElement {
  const c = card(title);
  if (!rows.length) {
    c.append(el('p', { class: 'muted' }, T.none));
    return c;
  }
  const data = rows.map((r) => {
    const t = r.key === '(none)' ? undefined : terms(r.key);
    return { label: r.key, a: r.tokens - r.syntheticTokens, b: r.syntheticTokens, detail: `${r.documents} · ${fmtCompact(r.tokens)}`, onPick: t && pick(termQuery(t)) };
  });
  c.append(splitBars(data, width, { a: T.natural, b: T.synthetic }));
  if (rows.length > 12) c.append(el('p', { class: 'muted' }, `+${rows.length - 12}`));
  return c;
}

function renderSearch(): HTMLElement {
  const input = el('input', { type: 'search', placeholder: T.searchPlaceholder, 'aria-label': T.search, value: state.query, spellcheck: 'false' });
  input.value = state.query;
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    state.query = input.value;
    save();
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void runSearch(), 200);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      if (timer) clearTimeout(timer);
      void runSearch();
    }
  });
  const list = el('div', { class: 'results', id: 'results', role: 'list' });
  fillResults(list);
  return el('section', { class: 'card search' }, el('h2', {}, T.search), el('div', { class: 'search-row' }, el('span', { class: 'codicon codicon-search', 'aria-hidden': 'true' }), input), list);
}

/** The snippet as text nodes, its hits in <mark> elements (text, never HTML). */
function marked(text: string, ranges: readonly [number, number][]): (Node | string)[] {
  const out: (Node | string)[] = [];
  let at = 0;
  for (const [a, b] of ranges) {
    if (a < at || b > text.length || a >= b) continue;
    if (a > at) out.push(text.slice(at, a));
    out.push(el('mark', { class: 'hit-mark' }, text.slice(a, b)));
    at = b;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

function fillResults(list: HTMLElement): void {
  list.replaceChildren();
  if (searchErrors.length) list.append(el('div', { class: 'warn-line' }, el('span', { class: 'codicon codicon-warning', 'aria-hidden': 'true' }), searchErrors.join(' ')));
  if (hits === null) return;
  if (!hits.length) {
    list.append(el('p', { class: 'muted' }, T.noResults));
    return;
  }
  for (const h of hits) {
    const ref = h.line !== undefined ? `${h.path}:${h.line}` : h.path;
    const row = el(
      'button',
      { type: 'button', class: 'hit', role: 'listitem', title: ref },
      el('span', { class: `codicon codicon-${h.kind === 'synthetic' ? 'sparkle' : 'file-text'} ${h.kind === 'synthetic' ? 'tone-purple' : 'tone-blue'}`, 'aria-hidden': 'true' }),
      el('span', { class: 'hit-main' }, el('span', { class: 'hit-title' }, h.title), el('span', { class: 'hit-ref' }, `${ref} · ${h.lang}`), h.snippet ? el('span', { class: 'hit-snippet' }, ...marked(h.snippet, h.highlights)) : ''),
    );
    row.addEventListener('click', () => channel.notify('open', { path: h.path, line: h.line }));
    list.append(row);
  }
}

async function runSearch(): Promise<void> {
  const my = ++searchSeq;
  const q = state.query.trim();
  if (!q) {
    hits = null;
    searchErrors = [];
  } else {
    try {
      const r = await channel.request('search', { query: q });
      if (my !== searchSeq) return;
      hits = r.hits;
      searchErrors = r.errors;
    } catch (e) {
      hits = [];
      searchErrors = [e instanceof Error ? e.message : String(e)];
    }
  }
  const list = document.getElementById('results');
  if (list) fillResults(list);
}

function renderReady(st: StatsView): Node[] {
  const out: Node[] = [];
  const w = chartWidth(app, 800) - 32;
  if (st.overTarget) {
    out.push(
      el(
        'div',
        { class: 'banner', role: 'alert' },
        el('span', { class: 'codicon codicon-warning', 'aria-hidden': 'true' }),
        el('span', { class: 'banner-text' }, `${fmt(T.overTarget, fmtPct(st.targetSyntheticShare))} ${T.byTokens}: ${fmtPct(st.syntheticTokenShare)} · ${T.byDocuments}: ${fmtPct(st.syntheticShare)}`),
        button(T.targetSetting, 'settings-gear', () => channel.notify('openSettings', {}), true),
      ),
    );
  }
  // Share: natural vs synthetic by documents and by tokens, with the target.
  const share = card(T.share);
  share.append(
    el('div', { class: 'bigs' }, big(fmtPct(st.syntheticTokenShare), `${T.synthetic} · ${T.byTokens}`, st.syntheticTokenShare > st.targetSyntheticShare ? 'tone-orange' : 'tone-purple'), big(fmtPct(st.syntheticShare), `${T.synthetic} · ${T.byDocuments}`, st.syntheticShare > st.targetSyntheticShare ? 'tone-orange' : 'tone-purple'), big(fmtPct(st.targetSyntheticShare), T.target), big(fmtCompact(st.documents), T.documents, '', ''), big(fmtCompact(st.tokens), `${T.tokens} · ${st.tokenizer}`)),
  );
  share.append(
    shareBars(
      [
        { label: T.byDocuments, values: [{ name: T.natural, value: st.natural, tone: 'blue', detail: `${st.natural} · ${fmtPct(1 - st.syntheticShare)}`, onPick: pick('kind:natural') }, { name: T.synthetic, value: st.synthetic, tone: 'purple', detail: `${st.synthetic} · ${fmtPct(st.syntheticShare)}`, onPick: pick('kind:synthetic') }] },
        { label: T.byTokens, values: [{ name: T.natural, value: st.naturalTokens, tone: 'blue', detail: `${fmtCompact(st.naturalTokens)} · ${fmtPct(1 - st.syntheticTokenShare)}`, onPick: pick('kind:natural') }, { name: T.synthetic, value: st.syntheticTokens, tone: 'purple', detail: `${fmtCompact(st.syntheticTokens)} · ${fmtPct(st.syntheticTokenShare)}`, onPick: pick('kind:synthetic') }] },
      ],
      w,
      { share: st.targetSyntheticShare, label: `${T.target} ${fmtPct(st.targetSyntheticShare)}` },
    ),
  );
  share.append(legend([{ name: T.natural, tone: 'blue' }, { name: T.synthetic, tone: 'purple' }]));
  out.push(share);

  out.push(renderSearch());

  // Breakdowns in a grid of cards.
  const cols = w > 760 ? 2 : 1;
  const cw = Math.floor((w - (cols - 1) * 16) / cols) - 24;
  out.push(el('h2', { class: 'section' }, T.breakdowns, el('span', { class: 'section-note' }, `${T.documents} · ${T.tokens}`)));
  out.push(
    el(
      'div',
      { class: `grid cols-${cols}` },
      ...(st.byFolder.length ? [breakdown(T.byFolder, st.byFolder, cw, () => undefined)] : []),
      breakdown(T.byLanguage, st.byLanguage, cw, (k) => ({ lang: k })),
      breakdown(T.byDomain, st.byDomain, cw, (k) => ({ domain: k })),
      breakdown(T.byStyle, st.byStyle, cw, (k) => ({ kind: 'synthetic', style: k })),
      breakdown(T.byAudience, st.byAudience, cw, (k) => ({ kind: 'synthetic', audience: k })),
      breakdown(T.byModel, st.byModel, cw, (k) => ({ kind: 'synthetic', model: k })),
      reviewCard(st, cw),
    ),
  );
  out.push(el('div', { class: `grid cols-${cols}` }, duplicatesCard(st, cw), diversityCard(st, cw)));

  if (st.filters) out.push(filtersCard(st.filters));

  // Quality histograms: small multiples.
  const q = card(T.quality, el('p', { class: 'muted' }, `${T.qualityHint} ${T.openList}`));
  const qcols = Math.max(1, Math.min(4, Math.floor(w / 230)));
  const qw = Math.floor((w - 24 - (qcols - 1) * 12) / qcols);
  q.append(
    el(
      'div',
      { class: 'small-multiples', style: `grid-template-columns: repeat(${qcols}, 1fr)` },
      ...st.quality.map((h) => {
        const isFlag = h.edges.length === 2 && h.edges[0] === 0 && h.edges[1] === 1;
        const chart = isFlag ? yesNo(h.signal, h.counts, qw) : histogram(h.label, h.edges, h.counts, qw, 'blue', (i) => openQuery(binQuery(h.signal, h.edges, i)));
        return el('figure', { class: 'sm' }, el('figcaption', { title: `${h.label} (${h.signal})` }, h.label), chart);
      }),
    ),
  );
  out.push(q);

  out.push(skippedCard(st));
  return out;
}

/** The filter preset's drops: one bar per rule, a click lists the documents it drops in the search results. */
function filtersCard(f: NonNullable<StatsView['filters']>): HTMLElement {
  const share = f.documents ? f.dropped / f.documents : 0;
  const c = card(fmt(T.filterPreset, f.preset), el('p', { class: 'muted' }, T.filterPresetHint));
  c.append(el('div', { class: 'bigs' }, big(fmtPct(share), fmt(T.filterDropped, f.dropped, f.documents, f.preset), share > 0.5 ? 'tone-orange' : 'tone-yellow')));
  const list = el('div', { class: 'rule-bars', role: 'list' });
  if (!f.byRule.length) list.append(el('p', { class: 'muted' }, T.none));
  for (const r of f.byRule) {
    const s = f.documents ? r.documents / f.documents : 0;
    const row = el(
      'button',
      { type: 'button', class: 'rule-bar', role: 'listitem', title: `${r.filter}/${r.rule}: ${r.documents}` },
      // The whole name, wrapping after the filter's "/" when the column is narrow (never cut).
      el('span', { class: 'rule-name' }, el('span', { class: 'rule-filter' }, `${r.filter}/`), el('wbr'), r.rule),
      el('span', { class: 'rule-track' }, el('span', { class: 'rule-fill fill-orange', style: `width: ${Math.max(0.5, s * 100).toFixed(1)}%` })),
      el('span', { class: 'rule-count' }, `${r.documents} · ${fmtPct(s)}`),
    );
    row.addEventListener('click', () => void showRuleDocs(r.filter, r.rule));
    list.append(row);
  }
  c.append(list);
  const zh = f.notAppliedToChinese;
  if (zh) c.append(el('p', { class: 'muted rule-zh' }, fmt(T.filterNotAppliedZh, zh.documents, zh.rules.map((r) => `${r.filter}/${r.rule}`).join(', '))));
  return c;
}

async function showRuleDocs(filter: string, rule: string): Promise<void> {
  const my = ++searchSeq;
  try {
    const r = await channel.request('ruleDocs', { filter, rule });
    if (my !== searchSeq) return;
    hits = r.hits;
    searchErrors = [];
  } catch (e) {
    hits = [];
    searchErrors = [(e as Error).message];
  }
  const list = document.getElementById('results');
  if (list) {
    fillResults(list);
    list.closest('section')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }
}

/** A yes/no signal (too short, too long): the two counts, each a button listing its documents. */
function yesNo(signal: string, counts: readonly number[], width: number): HTMLElement {
  const no = counts[0] ?? 0;
  const yes = counts[1] ?? 0;
  const max = Math.max(1, yes, no);
  const row = (label: string, n: number, bin: number, tone: string) => {
    const bar = el('span', { class: 'yesno-bar' }, el('span', { class: `yesno-fill fill-${tone}`, style: `width: ${Math.round((n / max) * 100)}%` }));
    const attrs: Record<string, string> = { type: 'button', class: 'yesno-row', title: binQuery(signal, [0, 1], bin) };
    if (n === 0) attrs.disabled = 'true';
    const b = el('button', attrs, el('span', { class: 'yesno-label' }, label), bar, el('span', { class: 'yesno-count' }, fmtCompact(n)));
    if (n > 0) b.addEventListener('click', () => openQuery(binQuery(signal, [0, 1], bin)));
    return b;
  };
  return el('div', { class: 'yesno', style: `width: ${width}px` }, row(T.yes, yes, 1, 'yellow'), row(T.no, no, 0, 'blue'));
}

function reviewCard(st: StatsView, width: number): HTMLElement {
  const r = st.review;
  const c = card(T.review);
  const total = r.accepted + r.rejected + r.pending;
  c.append(el('div', { class: 'bigs' }, big(r.acceptanceRate === null ? '—' : fmtPct(r.acceptanceRate), T.acceptanceRate, 'tone-green'), big(String(r.accepted), T.accepted, '', 'status:accepted'), big(String(r.rejected), T.rejected, '', 'status:rejected'), big(String(r.pending), T.pending, '', 'status:pending')));
  if (total > 0) {
    c.append(
      shareBars(
        [
          {
            label: T.synthetic,
            values: [
              { name: T.accepted, value: r.accepted, tone: 'green', detail: String(r.accepted), onPick: pick('status:accepted') },
              { name: T.pending, value: r.pending, tone: 'yellow', detail: String(r.pending), onPick: pick('status:pending') },
              { name: T.rejected, value: r.rejected, tone: 'red', detail: String(r.rejected), onPick: pick('status:rejected') },
            ],
          },
        ],
        width,
      ),
    );
    c.append(legend([{ name: T.accepted, tone: 'green' }, { name: T.pending, tone: 'yellow' }, { name: T.rejected, tone: 'red' }]));
  } else c.append(el('p', { class: 'muted' }, T.noDiversity));
  return c;
}

function duplicatesCard(st: StatsView, width: number): HTMLElement {
  const d = st.duplicates;
  const c = card(T.duplicates);
  c.append(el('div', { class: 'bigs' }, big(fmtPct(d.duplicateRate), T.duplicateRate, d.duplicateRate > 0.1 ? 'tone-orange' : 'tone-yellow', 'is:dup'), big(String(d.nearClusters), T.nearClusters, '', 'is:dup'), big(String(d.exactGroups), T.exactGroups, '', 'is:dup'), big(String(d.passageDocs), T.passageDocs)));
  c.append(gauge(d.duplicateRate, width, d.duplicateRate > 0.1 ? 'red' : 'yellow', T.duplicateRate, fmtPct));
  return c;
}

function diversityCard(st: StatsView, width: number): HTMLElement {
  const c = card(T.diversity);
  const d = st.diversity;
  if (!d) {
    c.append(el('p', { class: 'muted' }, T.noDiversity));
    return c;
  }
  c.append(el('h3', {}, T.distinctN), el('p', { class: 'muted' }, T.diversityHint));
  c.append(unitColumns(['n=1', 'n=2', 'n=3', 'n=4'], d.distinctN, width));
  c.append(el('h3', {}, T.pairwise), el('p', { class: 'muted' }, fmt(T.pairwiseHint, d.sampled, d.pairs)));
  c.append(gauge(d.meanPairwiseSimilarity, width, d.meanPairwiseSimilarity > 0.3 ? 'yellow' : 'green', T.pairwise));
  c.append(el('h3', {}, T.openings));
  if (!d.topOpenings.length) c.append(el('p', { class: 'muted' }, T.noOpenings));
  else c.append(splitBars(d.topOpenings.map((o) => ({ label: o.phrase, a: 0, b: o.count, detail: `×${o.count}` })), width, { a: '', b: T.count }, 10));
  return c;
}

function skippedCard(st: StatsView): HTMLElement {
  const c = card(`${T.skipped} (${st.skipped.total})`);
  if (!st.skipped.total) {
    c.append(el('p', { class: 'muted' }, T.noSkipped));
    return c;
  }
  c.append(el('div', { class: 'chips' }, ...Object.entries(st.skipped.byReason).map(([r, n]) => el('span', { class: 'chip' }, `${r} ${n}`))));
  const list = el('div', { class: 'results' });
  for (const e of st.skipped.examples) {
    const ref = e.line !== undefined ? `${e.path}:${e.line}` : e.path;
    const row = el('button', { type: 'button', class: 'hit', title: e.message }, el('span', { class: 'codicon codicon-circle-slash tone-orange', 'aria-hidden': 'true' }), el('span', { class: 'hit-main' }, el('span', { class: 'hit-title' }, ref), el('span', { class: 'hit-ref' }, `${e.reasonLabel} · ${e.message}`)));
    row.addEventListener('click', () => channel.notify('open', { path: e.path, line: e.line }));
    list.append(row);
  }
  c.append(list);
  return c;
}

let inited = false;

function render(): void {
  if (!inited) return;
  const header = el(
    'header',
    {},
    el('h1', {}, el('span', { class: 'codicon codicon-graph', 'aria-hidden': 'true' }), T.title || ''),
    el('span', { class: 'subtitle' }, panel.state === 'ready' ? `${fmtCompact(panel.stats.documents)} ${T.documents} · ${fmtCompact(panel.stats.tokens)} ${T.tokens} · ${panel.stats.tokenizerLabel} · ${new Date(panel.stats.generatedAt).toLocaleTimeString()}` : ''),
    el('span', { class: 'spacer' }),
    button(T.refresh, 'refresh', () => channel.notify('refresh', {}), true),
    button(T.exportMix, 'export', () => channel.notify('exportMix', {})),
  );
  const body: Node[] = [];
  if (panel.state === 'indexing') body.push(el('p', { class: 'status' }, el('span', { class: 'codicon codicon-loading codicon-modifier-spin', 'aria-hidden': 'true' }), T.indexing));
  else if (panel.state === 'empty') body.push(el('p', { class: 'status' }, T.empty));
  else if (panel.state === 'error') body.push(el('p', { class: 'status error' }, panel.message));
  else body.push(...renderReady(panel.stats));
  app.replaceChildren(header, ...body);
}

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
let lastWidth = 0;
new ResizeObserver(() => {
  const w = app.clientWidth;
  if (Math.abs(w - lastWidth) < 8) return;
  lastWidth = w;
  if (resizeTimer) clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    const y = window.scrollY;
    render();
    window.scrollTo(0, y);
  }, 120);
}).observe(app);

window.addEventListener('scroll', () => {
  state.scrollY = window.scrollY;
  save();
}, { passive: true });

channel.on('panel', (p) => {
  const y = window.scrollY;
  panel = p;
  render();
  window.scrollTo(0, y);
});

channel.ready();
void channel.request('init', {}).then((r) => {
  T = r.strings;
  inited = true;
  document.title = T.title;
  panel = r.panel;
  render();
  if (state.scrollY) window.scrollTo(0, state.scrollY);
  if (state.query.trim()) void runSearch();
});
