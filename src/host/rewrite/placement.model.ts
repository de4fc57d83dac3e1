// Where a rewrite's preview and result open (no vscode; unit-tested in test/unit/rewrite-placement.test.ts):
// one editor group beside the source, reused by every rewrite, never a new column each time.

export interface GroupInfo {
  /** The group's view column (1-based). */
  column: number;
  /** Whether one of its tabs shows the source document. */
  hasSource: boolean;
  /** Whether it is the active group. */
  active?: boolean;
}

/**
 * The column to open the rewrite in: the group right of the source's (else left of it); with the source in no
 * group, a group other than the active one. 'beside' (a new group) only when there is no other group.
 */
export function rewriteColumn(groups: readonly GroupInfo[]): number | 'beside' {
  const cols = groups.map((g) => g.column).sort((a, b) => a - b);
  const source = groups.find((g) => g.hasSource && g.active) ?? groups.find((g) => g.hasSource);
  const from = source?.column ?? groups.find((g) => g.active)?.column ?? cols[0];
  if (from === undefined) return 'beside';
  const right = cols.find((c) => c > from);
  if (right !== undefined) return right;
  const left = [...cols].reverse().find((c) => c < from);
  return left ?? 'beside';
}

/** The text an empty preview shows until the first words arrive ("waiting for qwen2.5 at localhost:8000…"). */
export function waitingTarget(model: string, baseUrl: string): { model: string; host: string } {
  let host = baseUrl;
  try {
    host = new URL(baseUrl).host || baseUrl;
  } catch {
    // not a URL: shown as written
  }
  return { model, host };
}

/** The style and audience pickers' "last used" mark: only for a choice that was actually made before. */
export function lastUsedMark(id: string, last: string | undefined): boolean {
  return last !== undefined && id === last;
}
