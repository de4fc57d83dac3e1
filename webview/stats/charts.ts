// Charts drawn as inline SVG through DOM APIs (createElementNS; text only as text nodes) and coloured
// with the theme's chart colours through classes in media/stats.css (--vscode-charts-*).
import { binLabels, ellipsize, fmtCompact, fmtPct, linear, niceTicks, stack } from './scale';

const NS = 'http://www.w3.org/2000/svg';

export type Tone = 'blue' | 'purple' | 'green' | 'red' | 'orange' | 'yellow' | 'muted';

type Attrs = Record<string, string | number>;

export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const c of children) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

function svg(width: number, height: number, label: string): SVGSVGElement {
  return s('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, class: 'chart' });
}

function titled<T extends SVGElement>(e: T, tip: string): T {
  e.append(s('title', {}, tip));
  return e;
}

/** Makes a mark open the list of its documents: click, or Enter/Space when focused with Tab. */
export function picker<T extends Element>(e: T, onPick: (() => void) | undefined, label: string): T {
  if (!onPick) return e;
  e.setAttribute('tabindex', '0');
  e.setAttribute('role', 'button');
  e.setAttribute('aria-label', label);
  e.classList.add('pick');
  e.addEventListener('click', onPick);
  e.addEventListener('keydown', (ev) => {
    const k = (ev as KeyboardEvent).key;
    if (k === 'Enter' || k === ' ') {
      ev.preventDefault();
      onPick();
    }
  });
  return e;
}

/**
 * A 100 % stacked bar per row (e.g. natural vs synthetic by documents and by tokens), with the share of
 * each segment written in it and an optional target marker (a dashed line at the target share of the last segment).
 */
export function shareBars(
  rows: { label: string; values: { name: string; value: number; tone: Tone; detail: string; onPick?: () => void }[] }[],
  width: number,
  target?: { share: number; label: string },
): SVGSVGElement {
  const labelW = Math.min(140, Math.max(90, width * 0.22));
  const barW = Math.max(60, width - labelW - 8);
  const rowH = 34;
  const top = target ? 18 : 4;
  const h = top + rows.length * rowH;
  const root = svg(width, h, rows.map((r) => `${r.label}: ${r.values.map((v) => `${v.name} ${v.detail}`).join(', ')}`).join('; '));
  // Bars first, then the target marker, then the texts on top (the marker never hides a number).
  const texts: SVGElement[] = [];
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    texts.push(s('text', { x: 0, y: y + 17, class: 'label', 'dominant-baseline': 'middle' }, r.label));
    const seg = stack(r.values.map((v) => v.value), barW);
    r.values.forEach((v, j) => {
      const { x, w } = seg[j]!;
      if (w <= 0) return;
      root.append(picker(titled(s('rect', { x: labelW + x, y: y + 4, width: w, height: 26, class: `fill-${v.tone}` }), `${v.name}: ${v.detail}`), v.onPick, `${r.label} · ${v.name}: ${v.detail}`));
      if (w > 44) texts.push(s('text', { x: labelW + x + 6, y: y + 17, class: 'in-bar', 'dominant-baseline': 'middle' }, v.detail));
    });
    if (seg.every((g) => g.w === 0)) root.append(s('rect', { x: labelW, y: y + 4, width: barW, height: 26, class: 'track' }));
  });
  if (target) {
    // The target is a share of the last segment (synthetic), counted from the right end.
    const x = labelW + barW * (1 - target.share);
    root.append(s('line', { x1: x, x2: x, y1: top - 4, y2: h, class: 'target' }));
    root.append(s('text', { x, y: 10, class: 'target-label', 'text-anchor': 'middle' }, target.label));
  }
  root.append(...texts);
  return root;
}

/** Horizontal bars, each split in two tones (e.g. natural / synthetic tokens), with an axis and values. */
export function splitBars(
  rows: { label: string; a: number; b: number; detail: string; onPick?: () => void }[],
  width: number,
  names: { a: string; b: string },
  maxRows = 12,
): SVGSVGElement {
  const shown = rows.slice(0, maxRows);
  const labelW = Math.min(150, Math.max(80, width * 0.3));
  const valueW = 90;
  const barW = Math.max(40, width - labelW - valueW - 8);
  const rowH = 22;
  const axisH = 18;
  const h = shown.length * rowH + axisH + 4;
  const max = Math.max(1, ...shown.map((r) => r.a + r.b));
  const ticks = niceTicks(max, Math.max(2, Math.floor(barW / 70)));
  const x = linear([0, ticks[ticks.length - 1]!], [0, barW]);
  const root = svg(width, h, shown.map((r) => `${r.label}: ${r.detail}`).join('; '));
  for (const t of ticks) {
    const tx = labelW + x(t);
    root.append(s('line', { x1: tx, x2: tx, y1: 0, y2: shown.length * rowH, class: 'grid' }));
    root.append(s('text', { x: tx, y: shown.length * rowH + 13, class: 'tick', 'text-anchor': 'middle' }, fmtCompact(t)));
  }
  shown.forEach((r, i) => {
    const y = i * rowH;
    // The whole row (label, bars, value) is one target: it lists the row's documents.
    const row = picker(s('g', { class: 'row' }), r.onPick, `${r.label}: ${r.detail}`);
    if (r.onPick) row.append(s('rect', { x: 0, y, width, height: rowH, class: 'row-hit' }));
    row.append(titled(s('text', { x: labelW - 6, y: y + rowH / 2, class: 'label', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, ellipsize(r.label, 22)), r.label));
    const wa = x(r.a);
    const wb = x(r.b);
    if (wa > 0) row.append(titled(s('rect', { x: labelW, y: y + 4, width: wa, height: rowH - 8, class: 'fill-blue' }), `${r.label} · ${names.a}: ${fmtCompact(r.a)}`));
    if (wb > 0) row.append(titled(s('rect', { x: labelW + wa, y: y + 4, width: wb, height: rowH - 8, class: 'fill-purple' }), `${r.label} · ${names.b}: ${fmtCompact(r.b)}`));
    row.append(s('text', { x: labelW + wa + wb + 6, y: y + rowH / 2, class: 'value', 'dominant-baseline': 'middle' }, r.detail));
    root.append(row);
  });
  return root;
}

/**
 * A vertical histogram (documents per bin): bins side by side, the bin edges as axis ticks, counts on the
 * bars. The first bin is the clean one for every quality signal; later bins use the warning tone.
 */
export function histogram(title: string, edges: readonly number[], counts: readonly number[], width: number, tone: Tone = 'blue', onPick?: (bin: number) => void): SVGSVGElement {
  // The title is the caption above the chart (HTML, so that it wraps instead of being cut).
  const h = 112;
  const top = 14;
  const bottom = 18;
  const left = 4;
  const right = 10;
  const plotH = h - top - bottom;
  const n = counts.length;
  const bw = (width - left - right) / Math.max(1, n);
  const max = Math.max(1, ...counts);
  const y = linear([0, max], [0, plotH]);
  const labels = binLabels(edges);
  const flag = edges.length === 2 && edges[0] === 0 && edges[1] === 1;
  const root = svg(width, h, `${title}: ${labels.map((l, i) => `${l} ${counts[i]}`).join(', ')}`);
  root.append(s('line', { x1: left, x2: width - right, y1: top + plotH, y2: top + plotH, class: 'axis' }));
  let lastTick = -Infinity;
  counts.forEach((c, i) => {
    const bh = c > 0 ? Math.max(2, y(c)) : 0;
    const bx = left + i * bw;
    const cls = c === 0 ? 'track' : i === 0 ? `fill-${tone}` : 'fill-yellow';
    const bar = titled(s('rect', { x: bx + 1.5, y: top + plotH - bh, width: Math.max(1, bw - 3), height: bh, class: cls }), `${labels[i]}: ${c}`);
    root.append(c > 0 ? picker(bar, onPick && (() => onPick(i)), `${title} ${labels[i]}: ${c}`) : bar);
    if (c > 0) root.append(s('text', { x: bx + bw / 2, y: top + plotH - bh - 3, class: 'tick', 'text-anchor': 'middle' }, fmtCompact(c)));
    // Flags (0/1) are labelled under the bar; ranges by their lower edge at the bar's left side.
    const tx = flag ? bx + bw / 2 : bx;
    const label = flag ? labels[i]! : fmtCompact(edges[i]!);
    if (tx - lastTick >= 26) {
      root.append(s('text', { x: Math.max(tx, left + 4), y: h - 4, class: 'tick', 'text-anchor': 'middle' }, label));
      lastTick = tx;
    }
  });
  return root;
}

/** Vertical bars for values in [0, 1] (distinct-1…4), with percentages. */
export function unitColumns(labels: readonly string[], values: readonly number[], width: number, tone: Tone = 'green'): SVGSVGElement {
  const h = 130;
  const top = 16;
  const bottom = 20;
  const left = 34;
  const plotH = h - top - bottom;
  const plotW = width - left - 4;
  const bw = Math.min(70, plotW / Math.max(1, values.length));
  const y = linear([0, 1], [0, plotH]);
  const root = svg(width, h, labels.map((l, i) => `${l} ${fmtPct(values[i] ?? 0)}`).join(', '));
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    const ty = top + plotH - y(t);
    root.append(s('line', { x1: left, x2: width - 4, y1: ty, y2: ty, class: 'grid' }));
    root.append(s('text', { x: left - 4, y: ty, class: 'tick', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, fmtPct(t)));
  }
  values.forEach((v, i) => {
    const bx = left + i * bw + bw * 0.15;
    const bh = y(v);
    root.append(titled(s('rect', { x: bx, y: top + plotH - bh, width: bw * 0.7, height: bh, class: `fill-${tone}` }), `${labels[i]}: ${fmtPct(v)}`));
    root.append(s('text', { x: bx + bw * 0.35, y: top + plotH - bh - 4, class: 'value', 'text-anchor': 'middle' }, fmtPct(v)));
    root.append(s('text', { x: bx + bw * 0.35, y: h - 5, class: 'tick', 'text-anchor': 'middle' }, labels[i]!));
  });
  return root;
}

/** A horizontal gauge for a value in [0, 1] with its value written beside it. */
export function gauge(value: number, width: number, tone: Tone, label: string, format: (v: number) => string = (v) => v.toFixed(3)): SVGSVGElement {
  const h = 26;
  const barW = Math.max(40, width - 60);
  const root = svg(width, h, `${label}: ${format(value)}`);
  root.append(s('rect', { x: 0, y: 6, width: barW, height: 14, rx: 2, class: 'track' }));
  root.append(s('rect', { x: 0, y: 6, width: Math.max(0, Math.min(1, value)) * barW, height: 14, rx: 2, class: `fill-${tone}` }));
  for (const t of [0.25, 0.5, 0.75]) root.append(s('line', { x1: t * barW, x2: t * barW, y1: 6, y2: 20, class: 'tick-mark' }));
  root.append(s('text', { x: barW + 8, y: 13, class: 'value', 'dominant-baseline': 'middle' }, format(value)));
  return root;
}
