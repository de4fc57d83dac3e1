// Skipped inputs as Problems (no vscode; unit-tested in test/unit/corpus-problems.test.ts): one diagnostic
// per skipped input on its file and line, and which skips are new since the last index run (what the
// notification after a run counts). src/host/corpus/problems.ts puts them in a DiagnosticCollection.
import type { SkippedInput } from '../../core/corpus/model';

export interface SkipDiagnostic {
  /** 0-based line in the file (0 for a whole file, and for a Parquet row: the file is binary). */
  line: number;
  message: string;
  /** The skip reason (`bad-json`, `binary`…), shown as the diagnostic's code. */
  code: string;
}

const isParquet = (path: string) => /\.parquet$/i.test(path);

/** The diagnostics of the skipped inputs, by workspace-relative path, each file's sorted by line. */
export function skipDiagnostics(skipped: readonly SkippedInput[], reasonLabel: (reason: string) => string, rowLabel: (row: number) => string = (n) => `row ${n}`): Map<string, SkipDiagnostic[]> {
  const out = new Map<string, SkipDiagnostic[]>();
  for (const s of skipped) {
    const row = s.line !== undefined && isParquet(s.path);
    const d: SkipDiagnostic = {
      line: s.line !== undefined && !row ? Math.max(0, s.line - 1) : 0,
      message: `${reasonLabel(s.reason)}: ${row ? `${rowLabel(s.line!)}: ` : ''}${s.message}`,
      code: s.reason,
    };
    const list = out.get(s.path);
    if (list) list.push(d);
    else out.set(s.path, [d]);
  }
  for (const list of out.values()) list.sort((a, b) => a.line - b.line);
  return out;
}

const key = (s: SkippedInput) => `${s.path}\u0000${s.line ?? ''}\u0000${s.reason}\u0000${s.message}`;

/** The skipped inputs not in `seen` (the keys of the last run's), and the keys of this run's. */
export function newSkips(seen: ReadonlySet<string>, skipped: readonly SkippedInput[]): { fresh: SkippedInput[]; seen: Set<string> } {
  const now = new Set<string>();
  const fresh: SkippedInput[] = [];
  for (const s of skipped) {
    const k = key(s);
    now.add(k);
    if (!seen.has(k)) fresh.push(s);
  }
  return { fresh, seen: now };
}

/** What the notification after an index run says: how many inputs in how many files were newly skipped. */
export function skipNotice(fresh: readonly SkippedInput[]): { inputs: number; files: number } | undefined {
  if (!fresh.length) return undefined;
  return { inputs: fresh.length, files: new Set(fresh.map((s) => s.path)).size };
}
