// The review panel's keyboard shortcuts (no modifier keys, so VS Code's own bindings stay untouched).
export type KeyAction = 'nextDiff' | 'prevDiff' | 'nextProblem' | 'prevProblem' | 'accept' | 'acceptWithNote' | 'reject' | 'edit' | 'diff';

export const KEYS: Record<string, KeyAction> = {
  j: 'nextDiff',
  n: 'nextDiff',
  k: 'prevDiff',
  p: 'prevDiff',
  ']': 'nextProblem',
  '[': 'prevProblem',
  a: 'accept',
  A: 'acceptWithNote',
  r: 'reject',
  e: 'edit',
  d: 'diff',
};

export function keyAction(e: { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean }): KeyAction | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  return KEYS[e.key];
}
