// The review panel's webview: draws the rows, the facts list and the claim check the host sends, and
// sends the user's actions back. Every piece of document text is inserted as text (el() / textContent),
// never parsed as HTML. UI strings come from the host (translated there).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { WebviewChannel, el, vscodeApi } from '../shared/channel';
import type {
  Cell, ClaimCheckView, ClaimView, FactStatusView, FactView, ReviewPayload, ReviewProtocol, ReviewState, Row, Span, Strings,
} from '../../src/shared/review-protocol';
import { keyAction, type KeyAction } from './keys';

const channel = new WebviewChannel<ReviewProtocol>();
const app = document.getElementById('app')!;

let S: Strings | undefined;
let payload: ReviewPayload | undefined;
let claims: ClaimCheckView | undefined;
let claimsBusy = false;
let claimsError: string | undefined;
let decideError: string | undefined;
let currentRow = -1;
let currentProblem = -1;
let selectedFact: string | undefined;
let factById = new Map<string, FactView>();

const str = (k: keyof Strings, ...args: string[]): string => {
  let s = S?.[k] ?? k;
  args.forEach((a, i) => (s = s.split(`{${i}}`).join(a)));
  return s;
};

function icon(name: string, cls = ''): HTMLElement {
  return el('span', { class: `codicon codicon-${name} ${cls}`.trim(), 'aria-hidden': 'true' });
}

function kbd(k: string): HTMLElement {
  return el('kbd', {}, k);
}

function button(label: string, codicon: string, key: string | undefined, onClick: () => void, opts: { secondary?: boolean; id?: string; title?: string; disabled?: boolean } = {}): HTMLElement {
  const b = el('vscode-button', { icon: codicon, title: opts.title ?? (key ? `${label} (${key})` : label) });
  if (opts.id) b.id = opts.id;
  if (opts.secondary) b.setAttribute('secondary', '');
  if (opts.disabled) b.setAttribute('disabled', '');
  if (label) b.append(document.createTextNode(label));
  if (key) b.append(kbd(key));
  b.addEventListener('click', () => {
    if (!b.hasAttribute('disabled')) onClick();
  });
  return b;
}

// ---------------------------------------------------------------------------------------------- header

/** "x of N reviewed" in the review queue, with the previous and next pending item (Alt+P, Alt+N). */
function queueEl(q: NonNullable<ReviewPayload['queue']>): HTMLElement {
  const pct = q.total ? Math.round((100 * q.reviewed) / q.total) : 0;
  const meter = el('div', { class: 'meter', role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': String(q.total), 'aria-valuenow': String(q.reviewed), 'aria-label': str('reviewedOf', String(q.reviewed), String(q.total)) });
  meter.append(el('div', { class: 'meter-fill ok', style: `width:${pct}%` }));
  return el(
    'div',
    { class: 'queue-progress', id: 'queue-progress' },
    button('', 'chevron-left', undefined, () => void navigate('previous'), { secondary: true, id: 'prev-pending', title: `${str('prevPending')} (Alt+P)`, disabled: !q.pending }),
    el('span', { class: 'score-value' }, str('reviewedOf', String(q.reviewed), String(q.total))),
    meter,
    button('', 'chevron-right', undefined, () => void navigate('next'), { secondary: true, id: 'next-pending', title: `${str('nextPending')} (Alt+N)`, disabled: !q.pending }),
  );
}

async function navigate(direction: 'next' | 'previous'): Promise<void> {
  try {
    const ok = await channel.request('navigate', { direction });
    if (!ok) flash(str('reviewedOf', String(payload?.queue?.reviewed ?? 0), String(payload?.queue?.total ?? 0)));
  } catch (e) {
    decideError = e instanceof Error ? e.message : String(e);
    render();
  }
}

function header(p: ReviewPayload): HTMLElement {
  const sum = p.view.summary;
  const ok = sum.verdict === 'consistent';
  // the numbers mean what they say: facts kept = kept of all source facts; coverage of the source beside it
  const pct = sum.factsTotal ? Math.round((100 * sum.kept) / sum.factsTotal) : 100;
  const verdict = el('div', { class: `verdict ${ok ? 'ok' : 'warn'}`, role: 'status' }, icon(ok ? 'pass' : 'warning'), el('span', {}, ok ? str('consistent') : str('needsReview')));
  const meter = el('div', { class: 'meter', role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(pct), 'aria-label': str('score') });
  meter.append(el('div', { class: `meter-fill ${ok ? 'ok' : 'warn'}`, style: `width:${pct}%` }));
  const score = el(
    'div',
    { class: 'score', id: 'facts-kept' },
    el('span', { class: 'score-label' }, str('score')),
    el('span', { class: 'score-value' }, `${str('ofTotal', String(sum.kept), String(sum.factsTotal))} (${pct}%)`),
    meter,
  );
  const coverage = el(
    'div',
    { class: 'score', id: 'coverage' },
    el('span', { class: 'score-label' }, str('coverage')),
    el('span', { class: 'score-value' }, `${Math.round(sum.coverage * 100)}%`),
  );
  const counts = el(
    'div',
    { class: 'counts' },
    chip('altered', sum.altered, str('altered')),
    chip('dropped', sum.dropped, str('dropped')),
    chip('new', sum.added, str('new')),
    chip('kept', sum.kept, str('kept')),
  );
  const files = el(
    'div',
    { class: 'files' },
    el('span', { class: 'file', title: p.source.path }, icon('file'), p.source.name),
    icon('arrow-right', 'muted'),
    el('span', { class: 'file', title: p.rewrite.path }, icon('file'), p.rewrite.name),
  );
  const top = el('div', { class: 'summary' }, verdict, score, coverage, counts, files);
  if (p.queue) top.append(queueEl(p.queue));

  const decided = p.decision;
  const nav = el(
    'div',
    { class: 'toolbar', role: 'toolbar' },
    button('', 'arrow-up', 'k', () => moveDiff(-1), { secondary: true, title: `${str('prevDiff')} (k)` }),
    button('', 'arrow-down', 'j', () => moveDiff(1), { secondary: true, title: `${str('nextDiff')} (j)` }),
    button('', 'chevron-left', '[', () => moveProblem(-1), { secondary: true, title: `${str('prevProblem')} ([)` }),
    button('', 'chevron-right', ']', () => moveProblem(1), { secondary: true, title: `${str('nextProblem')} (])` }),
    el('span', { class: 'sep' }),
    button(str('diff'), 'diff', 'd', () => void channel.request('openDiff', {}), { secondary: true }),
    button(str('edit'), 'edit', 'e', () => void channel.request('edit', {}), { secondary: true, disabled: !!decided?.movedTo }),
    button(str('reject'), 'close', 'r', () => void decide('rejected'), { secondary: true, id: 'reject', disabled: decided?.decision === 'rejected' }),
    button(str('accept'), 'check', 'a', () => void decide('accepted'), { id: 'accept', disabled: decided?.decision === 'accepted' || !!decided?.movedTo }),
  );
  const bar = el('div', { class: 'actions' }, nav);
  if (decided) {
    const label = decided.decision === 'accepted' ? str('accepted') : str('rejected');
    const d = el('div', { class: `decision ${decided.decision}`, role: 'status' }, icon(decided.decision === 'accepted' ? 'pass-filled' : 'circle-slash'), el('strong', {}, label));
    if (decided.reason) d.append(el('span', { class: 'why' }, str('reasonLabel', decided.reason)));
    if (decided.comment) d.append(el('q', { class: 'comment' }, decided.comment));
    if (decided.movedTo) d.append(el('span', {}, str('movedTo', decided.movedTo)));
    d.append(el('span', { class: 'muted' }, `${str('decidedHint')} ${new Date(decided.time).toLocaleString()}`));
    bar.prepend(d);
  }
  if (decideError) bar.append(el('div', { class: 'error', role: 'alert' }, icon('error'), decideError));
  const head = el('header', { class: 'head' }, top);
  if (p.view.reasons.length) head.append(reasonsEl(p));
  head.append(bar);
  return head;
}

/** The verdict's reasons in plain words, each a link to its row (and fact). */
function reasonsEl(p: ReviewPayload): HTMLElement {
  const ul = el('ul', { class: 'reasons', 'aria-label': str('reasonsTitle') });
  for (const r of p.view.reasons) {
    const a = el('a', { class: `reason r-${r.code}`, href: '#', role: 'button' }, icon(r.code === 'leak' ? 'error' : 'warning'), el('span', {}, r.text));
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      if (r.fact && factById.has(r.fact)) selectFact(r.fact, true);
      else if (r.row) {
        const i = p.view.rows.findIndex((x) => x.id === r.row);
        if (i >= 0) markRow(i, true);
      }
    });
    ul.append(el('li', {}, a));
  }
  return el('div', { class: 'reasons-box', id: 'reasons' }, el('span', { class: 'reasons-title' }, str('reasonsTitle')), ul);
}

function chip(status: FactStatusView, n: number, label: string): HTMLElement {
  return el('span', { class: `chip s-${status}${n ? '' : ' zero'}` }, el('span', { class: 'dot' }), el('strong', {}, String(n)), ` ${label}`);
}

// ---------------------------------------------------------------------------------------------- rows

/** A run of text: plain, or a change (del/ins). */
function changeEl(s: Span): HTMLElement | Text {
  return s.change ? el('span', { class: s.change }, s.text) : document.createTextNode(s.text);
}

/** Consecutive runs of the same facts are drawn as one fact element (one outline when selected). */
function spansEl(spans: readonly Span[], into: HTMLElement): void {
  for (let i = 0; i < spans.length; ) {
    const s = spans[i]!;
    if (!s.facts) {
      into.append(changeEl(s));
      i++;
      continue;
    }
    const key = s.facts.join(' ');
    let j = i + 1;
    while (j < spans.length && spans[j]!.facts?.join(' ') === key) j++;
    const f = s.facts.map((id) => factById.get(id)).find((x) => !!x);
    const fact = el('span', {
      class: `fact f-${s.status ?? 'kept'}`,
      'data-f': key,
      title: f ? `${str(`kind.${f.kind}` as keyof Strings)} · ${str(statusKey(f.status))}` : '',
    });
    for (let k = i; k < j; k++) fact.append(changeEl(spans[k]!));
    into.append(fact);
    i = j;
  }
}

function statusKey(s: FactStatusView): keyof Strings {
  return s === 'new' ? 'new' : s;
}

function cellEl(c: Cell | undefined, side: 'source' | 'rewrite', row: Row): HTMLElement {
  if (!c) {
    const marker = row.kind === 'dropped' ? str('droppedRow') : str('addedRow');
    return el('div', { class: `cell ${side} empty`, 'aria-label': marker });
  }
  const body = el('div', { class: `text k-${c.kind}` });
  spansEl(c.spans, body);
  const cell = el('div', { class: `cell ${side}` });
  if (row.kind !== 'pair') {
    cell.append(el('div', { class: `rowtag ${row.kind}` }, icon(row.kind === 'dropped' ? 'remove' : 'add'), row.kind === 'dropped' ? str('droppedRow') : str('addedRow')));
  }
  cell.append(body);
  return cell;
}

function rowsEl(p: ReviewPayload): HTMLElement {
  const grid = el('div', { class: 'grid', id: 'grid' });
  grid.append(
    el('div', { class: 'colhead source' }, icon('file'), el('span', {}, str('source')), el('span', { class: 'muted' }, p.source.name)),
    el('div', { class: 'colhead rewrite' }, icon('file'), el('span', {}, str('rewrite')), el('span', { class: 'muted' }, p.rewrite.name)),
  );
  p.view.rows.forEach((r, i) => {
    const cls = ['row', `r-${r.kind}`];
    if (r.changed) cls.push('changed');
    if (r.problem) cls.push('problem');
    if (r.paraBreak) cls.push('para');
    const row = el('div', { class: cls.join(' '), 'data-row': r.id, 'data-i': String(i) });
    row.append(cellEl(r.source, 'source', r), cellEl(r.rewrite, 'rewrite', r));
    grid.append(row);
  });
  return grid;
}

// ---------------------------------------------------------------------------------------------- facts

const GROUPS: { status: FactStatusView; key: keyof Strings; icon: string }[] = [
  { status: 'altered', key: 'groupAltered', icon: 'error' },
  { status: 'dropped', key: 'groupDropped', icon: 'remove' },
  { status: 'new', key: 'groupNew', icon: 'question' },
  { status: 'kept', key: 'groupKept', icon: 'check' },
];

function factItem(f: FactView): HTMLElement {
  const item = el('li', { class: `factitem s-${f.status}`, 'data-fact': f.id, tabindex: '0', role: 'button' });
  item.append(el('span', { class: 'kind' }, str(`kind.${f.kind}` as keyof Strings)));
  const text = el('span', { class: 'ftext' }, el('span', { class: f.status === 'altered' ? 'old' : '' }, f.text));
  if (f.status === 'altered' && f.counterpart) text.append(icon('arrow-right', 'muted'), el('span', { class: 'newval' }, f.counterpart));
  item.append(text);
  const go = () => selectFact(f.id, true);
  item.addEventListener('click', go);
  item.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      e.stopPropagation();
      go();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      // move through the visible fact items
      const items = [...document.querySelectorAll<HTMLElement>('details[open] .factitem')];
      const next = items[items.indexOf(item) + (e.key === 'ArrowDown' ? 1 : -1)];
      if (next) {
        e.preventDefault();
        next.focus();
      }
    }
  });
  return item;
}

function factsEl(p: ReviewPayload): HTMLElement {
  const aside = el('aside', { class: 'side', 'aria-label': str('factsTitle') });
  aside.append(el('h2', {}, str('factsTitle')));
  if (!p.view.facts.length) aside.append(el('p', { class: 'muted' }, str('noFacts')));
  for (const g of GROUPS) {
    const list = p.view.facts.filter((f) => f.status === g.status);
    if (!list.length) continue;
    const ul = el('ul', { class: 'facts' });
    for (const f of list) ul.append(factItem(f));
    const det = el('details', { class: `group g-${g.status}` });
    if (g.status !== 'kept' || list.length <= 12) det.setAttribute('open', '');
    det.append(el('summary', {}, icon(g.icon), el('span', {}, str(g.key)), el('span', { class: 'count' }, String(list.length))), ul);
    aside.append(det);
  }
  aside.append(claimsEl());
  return aside;
}

function claimsEl(): HTMLElement {
  const box = el('section', { class: 'claims', id: 'claims' });
  box.append(el('h2', {}, str('claimsTitle')));
  const b = button(claimsBusy ? str('checking') : str('checkClaims'), claimsBusy ? 'loading' : 'sparkle', undefined, () => void runClaims(), { secondary: true, id: 'check-claims', disabled: claimsBusy });
  if (claimsBusy) b.setAttribute('icon-spin', '');
  box.append(b);
  if (claimsError) box.append(el('div', { class: 'error', role: 'alert' }, icon('error'), claimsError));
  if (claims) {
    box.append(el('p', { class: 'muted' }, claims.cached ? str('claimsCached', claims.model) : claims.model));
    if (!claims.claims.length) box.append(el('p', { class: 'claims-ok' }, icon('pass'), str('claimsNone')));
    const ul = el('ul', { class: 'claimlist' });
    for (const c of claims.claims) ul.append(claimItem(c));
    box.append(ul);
  } else if (!claimsBusy && !claimsError) box.append(el('p', { class: 'muted hint' }, str('claimsHint')));
  return box;
}

function claimItem(c: ClaimView): HTMLElement {
  const label = c.verdict === 'contradicted' ? str('claimContradicted') : str('claimUnsupported');
  const ic = c.verdict === 'contradicted' ? 'error' : 'question';
  const li = el('li', { class: `claim v-${c.verdict}` }, el('span', { class: 'verdictTag' }, icon(ic), label), el('span', { class: 'ctext' }, c.claim));
  if (c.evidence) li.append(el('q', { class: 'evidence' }, c.evidence));
  return li;
}

// ---------------------------------------------------------------------------------------------- render

function render(): void {
  app.replaceChildren();
  if (!payload || !S) {
    app.append(el('p', { class: 'muted loading' }, S ? str('loading') : '…'));
    return;
  }
  if (payload.error) {
    app.append(header(payload), el('div', { class: 'error big', role: 'alert' }, icon('error'), payload.error));
    report();
    return;
  }
  const doc = el('section', { class: 'doc', id: 'doc', 'aria-label': `${str('source')} / ${str('rewrite')}` }, rowsEl(payload));
  const keys = el(
    'div',
    { class: 'keys muted' },
    el('span', {}, `${str('shortcuts')}:`),
    kbd('j'), kbd('k'), el('span', {}, str('nextDiff')),
    kbd(']'), kbd('['), el('span', {}, str('nextProblem')),
    kbd('a'), el('span', {}, str('accept')),
    kbd('r'), el('span', {}, str('reject')),
    kbd('e'), el('span', {}, str('edit')),
    kbd('d'), el('span', {}, str('diff')),
    ...(payload.queue ? [kbd('Alt+N'), el('span', {}, str('nextPending')), kbd('Alt+P'), el('span', {}, str('prevPending'))] : []),
  );
  app.append(header(payload), keys, el('div', { class: 'main' }, doc, factsEl(payload)));
  if (selectedFact) selectFact(selectedFact, false);
  else if (currentRow >= 0) markRow(currentRow, false);
  report();
}

/** Tells the host what was drawn: counts, the columns' text, and any element the renderer never makes. */
function report(): void {
  const doc = document.getElementById('doc');
  const allowed = new Set(['DIV', 'SPAN']);
  const foreign = doc ? [...doc.querySelectorAll('*')].map((e) => e.tagName).filter((t) => !allowed.has(t)) : [];
  channel.notify('rendered', {
    rows: payload?.view.rows.length ?? 0,
    facts: payload?.view.facts.length ?? 0,
    foreign,
    text: (doc?.textContent ?? '').slice(0, 20_000),
    reasons: [...document.querySelectorAll('.reason')].map((e) => e.textContent ?? ''),
  });
}

// ---------------------------------------------------------------------------------------------- navigation

function rowEls(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('.grid .row')];
}

function markRow(i: number, scroll = true): void {
  for (const r of document.querySelectorAll('.row.current')) r.classList.remove('current');
  const row = rowEls()[i];
  if (!row) return;
  row.classList.add('current');
  if (scroll) row.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

function moveDiff(step: number): void {
  if (!payload) return;
  const rows = payload.view.rows;
  const changed = rows.map((r, i) => (r.changed ? i : -1)).filter((i) => i >= 0);
  if (!changed.length) return flash(str('noDifferences'));
  let next: number | undefined;
  if (step > 0) next = changed.find((i) => i > currentRow) ?? changed[0];
  else next = [...changed].reverse().find((i) => i < currentRow) ?? changed[changed.length - 1];
  currentRow = next!;
  selectedFact = undefined;
  clearFactMarks();
  markRow(currentRow);
  flash(`${changed.indexOf(currentRow) + 1} / ${changed.length}`);
}

function problemFacts(): FactView[] {
  if (!payload) return [];
  const order = new Map(payload.view.rows.map((r, i) => [r.id, i]));
  return payload.view.facts.filter((f) => f.problem).sort((a, b) => order.get(a.row)! - order.get(b.row)!);
}

function moveProblem(step: number): void {
  const list = problemFacts();
  if (!list.length) return flash('0 / 0');
  currentProblem = currentProblem < 0 && step < 0 ? list.length - 1 : (currentProblem + step + list.length) % list.length;
  selectFact(list[currentProblem]!.id, true);
  flash(`${currentProblem + 1} / ${list.length}`);
}

function clearFactMarks(): void {
  for (const e of document.querySelectorAll('.sel, .sel-other')) e.classList.remove('sel', 'sel-other');
}

/** Highlights a fact (and its counterpart) in both columns and in the list; scrolls the row into view. */
function selectFact(id: string, scroll: boolean): void {
  if (!payload) return;
  const f = factById.get(id);
  if (!f) return;
  selectedFact = id;
  if (f.problem) currentProblem = problemFacts().findIndex((x) => x.id === id);
  clearFactMarks();
  const q = (fid: string) => document.querySelectorAll<HTMLElement>(`.grid [data-f~="${CSS.escape(fid)}"]`);
  const mine = [...q(id)];
  for (const e of mine) e.classList.add('sel');
  if (f.counterpartId) for (const e of q(f.counterpartId)) e.classList.add('sel-other');
  const item = document.querySelector<HTMLElement>(`.factitem[data-fact="${CSS.escape(id)}"]`);
  item?.classList.add('sel');
  const rowIndex = payload.view.rows.findIndex((r) => r.id === f.row);
  if (rowIndex >= 0) {
    currentRow = rowIndex;
    markRow(rowIndex, false);
  }
  if (scroll) {
    (mine[0] ?? rowEls()[rowIndex])?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    item?.scrollIntoView({ block: 'nearest' });
  }
}

let flashTimer: ReturnType<typeof setTimeout> | undefined;
function flash(msg: string): void {
  let t = document.getElementById('flash');
  if (!t) {
    t = el('div', { id: 'flash', class: 'flash', role: 'status' });
    document.body.append(t);
  }
  t.textContent = msg;
  t.classList.add('show');
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => t!.classList.remove('show'), 1500);
}

// ---------------------------------------------------------------------------------------------- actions

async function decide(decision: 'accepted' | 'rejected'): Promise<void> {
  decideError = undefined;
  try {
    await channel.request('decide', { decision });
  } catch (e) {
    decideError = e instanceof Error ? e.message : String(e);
    render();
  }
}

async function runClaims(): Promise<void> {
  if (claimsBusy) return;
  claimsBusy = true;
  claimsError = undefined;
  rerenderClaims();
  try {
    claims = await channel.request('checkClaims', {});
  } catch (e) {
    claimsError = e instanceof Error ? e.message : String(e);
  } finally {
    claimsBusy = false;
    rerenderClaims();
  }
}

function rerenderClaims(): void {
  const old = document.getElementById('claims');
  if (old) old.replaceWith(claimsEl());
}

function act(a: KeyAction): void {
  switch (a) {
    case 'nextDiff': return moveDiff(1);
    case 'prevDiff': return moveDiff(-1);
    case 'nextProblem': return moveProblem(1);
    case 'prevProblem': return moveProblem(-1);
    case 'accept': if (!payload?.decision || payload.decision.decision !== 'accepted') void decide('accepted'); return;
    case 'reject': if (payload?.decision?.decision !== 'rejected') void decide('rejected'); return;
    case 'edit': void channel.request('edit', {}); return;
    case 'diff': void channel.request('openDiff', {}); return;
  }
}

window.addEventListener('keydown', (e) => {
  const t = e.target as HTMLElement | null;
  if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
  const a = keyAction(e);
  if (!a) return;
  e.preventDefault();
  act(a);
});

// ---------------------------------------------------------------------------------------------- protocol

channel.on('init', (m) => {
  S = m.strings;
  const state: ReviewState = { source: m.pair.source, rewrite: m.pair.rewrite };
  vscodeApi.setState(state);
  render();
});
channel.on('review', (p) => {
  const first = !payload;
  payload = p;
  factById = new Map(p.view.facts.map((f) => [f.id, f]));
  if (p.claims) claims = p.claims;
  else if (claims && !claimsBusy) claims = undefined;
  if (first) {
    currentRow = -1;
    currentProblem = -1;
  }
  if (selectedFact && !p.view.facts.some((f) => f.id === selectedFact)) selectedFact = undefined;
  decideError = undefined;
  render();
});
window.addEventListener('error', (e) => channel.notify('log', { message: `webview error: ${e.message}` }));
render();
channel.ready();
