// Pure chart helpers (no DOM): linear scales, "nice" ticks, number formats and histogram bin labels.
// Unit-tested in test/unit/corpus-view.test.ts.

/** A linear map from [d0, d1] to [r0, r1]; a zero-width domain maps everything to r0. */
export function linear(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  return (v) => (span === 0 ? r0 : r0 + ((v - d0) / span) * (r1 - r0));
}

/** A step of 1, 2 or 5 × 10^k so that about `count` steps cover [0, max]. */
export function niceStep(max: number, count = 4): number {
  if (!(max > 0)) return 1;
  const raw = max / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nice * mag;
}

/** Ticks 0, step, 2·step … up to the first tick ≥ max (so the axis always covers the data). */
export function niceTicks(max: number, count = 4, integer = false): number[] {
  let step = niceStep(max, count);
  if (integer) step = Math.max(1, Math.round(step));
  const ticks = [0];
  while (ticks[ticks.length - 1]! < max - 1e-12) ticks.push(Number((ticks.length * step).toPrecision(12)));
  if (ticks.length === 1) ticks.push(step);
  return ticks;
}

/** 0.273 → "27%", 0.0412 → "4.1%", 0 → "0%". */
export function fmtPct(x: number): string {
  const p = x * 100;
  if (p === 0) return '0%';
  if (Math.abs(p) < 10) return `${p.toFixed(1)}%`;
  return `${Math.round(p)}%`;
}

/** 950 → "950", 12_345 → "12.3k", 4_500_000 → "4.5M". */
export function fmtCompact(n: number): string {
  const a = Math.abs(n);
  if (a < 1000) return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(a < 10 ? 2 : 1)));
  if (a < 1e6) return `${(n / 1e3).toFixed(a < 1e4 ? 1 : 0)}k`;
  if (a < 1e9) return `${(n / 1e6).toFixed(a < 1e7 ? 1 : 0)}M`;
  return `${(n / 1e9).toFixed(1)}G`;
}

/** Labels of histogram bins: [0,0.5) → "<0.5"… edges [0,1] (a flag) → "0", "1"; the last bin "≥x". */
export function binLabels(edges: readonly number[]): string[] {
  if (edges.length === 2 && edges[0] === 0 && edges[1] === 1) return ['0', '1'];
  return edges.map((e, i) => {
    const next = edges[i + 1];
    if (next === undefined) return `≥${fmtCompact(e)}`;
    if (i === 0 && e === 0) return `<${fmtCompact(next)}`;
    return `${fmtCompact(e)}–${fmtCompact(next)}`;
  });
}

/** Cumulative segments of a stacked bar: each value's start and width in [0, width]. */
export function stack(values: readonly number[], width: number): { x: number; w: number }[] {
  const total = values.reduce((a, b) => a + Math.max(0, b), 0);
  const out: { x: number; w: number }[] = [];
  let x = 0;
  for (const v of values) {
    const w = total > 0 ? (Math.max(0, v) / total) * width : 0;
    out.push({ x, w });
    x += w;
  }
  return out;
}

/** Truncates a label to `max` characters (CJK characters count double), with an ellipsis. */
export function ellipsize(s: string, max: number): string {
  let w = 0;
  let i = 0;
  for (const ch of s) {
    const cw = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
    if (w + cw > max) return s.slice(0, i) + '…';
    w += cw;
    i += ch.length;
  }
  return s;
}
