// Pure (no vscode): how the Corpus view groups the index. kind (natural / synthetic) → for synthetic
// documents "style · audience" → file → document; a JSONL file with several records is a file node with
// one node per record, a one-document file is the document itself; every document lists its rewrites
// under it (so a source shows what was made from it, wherever it is).
import type { CorpusDocument, DocKind } from '../../core/corpus/model';

export interface DocNode {
  type: 'doc';
  doc: CorpusDocument;
  /** Rewrites of this document (synthetic documents whose parentId is this id). */
  children: DocNode[];
  /** True when listed under its file node (a JSONL record among others of its file). */
  inFile?: boolean;
}

export interface FileNode {
  type: 'file';
  path: string;
  kind: DocKind;
  docs: number;
  children: DocNode[];
}

export interface GroupNode {
  type: 'group';
  kind: DocKind;
  style: string;
  audience: string;
  docs: number;
  tokens: number;
  children: (FileNode | DocNode)[];
}

export interface KindNode {
  type: 'kind';
  kind: DocKind;
  docs: number;
  tokens: number;
  children: (GroupNode | FileNode | DocNode)[];
}

export type CorpusNode = KindNode | GroupNode | FileNode | DocNode;

export const NONE = '(none)';

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byPathLine = (a: CorpusDocument, b: CorpusDocument) => cmp(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0);

/** Files (one-document files as the document node, several as a file node), in path order. */
function filesOf(docs: CorpusDocument[], kind: DocKind, node: (d: CorpusDocument) => DocNode): (FileNode | DocNode)[] {
  const byFile = new Map<string, CorpusDocument[]>();
  for (const d of [...docs].sort(byPathLine)) {
    const l = byFile.get(d.path);
    if (l) l.push(d);
    else byFile.set(d.path, [d]);
  }
  const out: (FileNode | DocNode)[] = [];
  for (const [path, list] of byFile) {
    if (list.length === 1) out.push(node(list[0]!));
    else out.push({ type: 'file', path, kind, docs: list.length, children: list.map((d) => ({ ...node(d), inFile: true })) });
  }
  return out;
}

/**
 * Groups the documents that pass `keep` (all by default). `all` is every document of the index, so a
 * rewrite can be found under its parent even when the parent is listed elsewhere.
 */
export function groupCorpus(all: readonly CorpusDocument[], keep: (d: CorpusDocument) => boolean = () => true): KindNode[] {
  const shown = all.filter(keep);
  const rewritesOf = new Map<string, CorpusDocument[]>();
  for (const d of shown) {
    if (d.kind !== 'synthetic' || !d.parentId) continue;
    const l = rewritesOf.get(d.parentId);
    if (l) l.push(d);
    else rewritesOf.set(d.parentId, [d]);
  }
  const node = (d: CorpusDocument, seen: Set<string> = new Set()): DocNode => {
    seen.add(d.id);
    const kids = (rewritesOf.get(d.id) ?? []).filter((r) => !seen.has(r.id)).sort(byPathLine);
    return { type: 'doc', doc: d, children: kids.map((r) => node(r, new Set(seen))) };
  };
  const out: KindNode[] = [];
  const natural = shown.filter((d) => d.kind === 'natural');
  if (natural.length) {
    out.push({ type: 'kind', kind: 'natural', docs: natural.length, tokens: sum(natural), children: filesOf(natural, 'natural', (d) => node(d)) });
  }
  const synthetic = shown.filter((d) => d.kind === 'synthetic');
  if (synthetic.length) {
    const groups = new Map<string, CorpusDocument[]>();
    for (const d of synthetic) {
      const k = `${d.style ?? NONE}\u0000${d.audience ?? NONE}`;
      const l = groups.get(k);
      if (l) l.push(d);
      else groups.set(k, [d]);
    }
    const children: GroupNode[] = [...groups]
      .sort((a, b) => cmp(a[0], b[0]))
      .map(([k, list]) => {
        const [style, audience] = k.split('\u0000') as [string, string];
        return { type: 'group', kind: 'synthetic', style, audience, docs: list.length, tokens: sum(list), children: filesOf(list, 'synthetic', (d) => node(d)) };
      });
    out.push({ type: 'kind', kind: 'synthetic', docs: synthetic.length, tokens: sum(synthetic), children });
  }
  return out;
}

function sum(docs: CorpusDocument[]): number {
  let t = 0;
  for (const d of docs) t += d.tokens;
  return t;
}

/** Short numbers for badges: 950, 12.3k, 4.5M. */
export function compact(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1e6) return `${(n / 1e3).toFixed(n < 1e4 ? 1 : 0)}k`;
  if (n < 1e9) return `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)}M`;
  return `${(n / 1e9).toFixed(1)}G`;
}

/** "27%" style share with one decimal under 10%. */
export function percent(x: number): string {
  const p = x * 100;
  return p > 0 && p < 10 ? `${p.toFixed(1)}%` : `${Math.round(p)}%`;
}
