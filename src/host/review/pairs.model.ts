// Which two files a review compares (no vscode): reading them, and telling the source from the rewrite by the
// provenance log, else by their names. The decisions themselves are the decision service's
// (src/core/provenance/decisions.ts).
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { toWorkspacePath } from '../../core/provenance/log';
import { rewriteRecordFor } from '../../core/provenance/decisions';
import { parseRecordRef, readRecordTextSync } from '../../core/corpus/record-ref';

/** Reads a file as UTF-8 text, or a shard record named `<shard>:<n>` (record-ref.ts); undefined when missing. */
export function readText(p: string): string | undefined {
  if (parseRecordRef(p)) return readRecordTextSync(p);
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** Given two files, which is the source: by the provenance log, else the one whose name the other extends. */
export function orderPair(root: string, a: string, b: string): { source: string; rewrite: string } | undefined {
  const ra = rewriteRecordFor(root, a);
  const rb = rewriteRecordFor(root, b);
  const rel = (p: string) => toWorkspacePath(root, p);
  if (rb && rb.source.path === rel(a)) return { source: a, rewrite: b };
  if (ra && ra.source.path === rel(b)) return { source: b, rewrite: a };
  if (rb && !ra) return { source: a, rewrite: b };
  if (ra && !rb) return { source: b, rewrite: a };
  const stem = (p: string) => basename(p, extname(p));
  if (stem(b).startsWith(`${stem(a)}.`)) return { source: a, rewrite: b };
  if (stem(a).startsWith(`${stem(b)}.`)) return { source: b, rewrite: a };
  return undefined;
}
