// What a chart bar or a count of the statistics panel searches for: a query in the syntax of "Search
// Corpus…" (src/host/corpus/query.model.ts parses it) that selects the documents the bar counts.

/** `kind:synthetic style:"plain language"`: one filter term per entry, values with spaces quoted. */
export function termQuery(terms: Record<string, string>): string {
  return Object.entries(terms)
    .map(([k, v]) => `${k}:${/[\s,"]/.test(v) ? `"${v.replace(/"/g, '')}"` : v}`)
    .join(' ');
}

/**
 * The documents of bin `i` of a histogram with these lower edges (stats.ts `histogram`: the first bin takes
 * everything below the second edge, the last everything from its edge up): `markupPer1k:2..5` is 2 ≤ v < 5.
 */
export function binQuery(signal: string, edges: readonly number[], i: number): string {
  const lo = i === 0 ? '' : String(edges[i]);
  const hi = i + 1 < edges.length ? String(edges[i + 1]) : '';
  return `${signal}:${lo}..${hi}`;
}
