// What the index needs from the readers, quality signals and near-duplicate detection, behind one
// interface so tests can count reads and the worker can run the same code.
import type { QualitySignals, ReadEvent, ReaderOptions } from '../model';
import type { Lang } from '../../text/lang';
import { isSupportedFile, readDocuments } from '../readers';
import { computeQuality } from '../quality';

export interface DupItem {
  id: string;
  text: string;
  lang: Lang;
  sha256: string;
}

export interface IndexDeps {
  readDocuments(absPath: string, opts: ReaderOptions): AsyncIterable<ReadEvent>;
  isSupportedFile(path: string): boolean;
  computeQuality(text: string, lang: Lang): QualitySignals;
  /** Near-duplicate clusters: id → cluster id, for members of clusters of two or more. */
  clusterDuplicates(items: DupItem[]): Map<string, string>;
}

export function zeroQuality(): QualitySignals {
  return {
    markupPer1k: 0,
    garbledPer1k: 0,
    symbolRatio: 0,
    dupLineFrac: 0,
    dupParaFrac: 0,
    top2gramFrac: 0,
    top3gramFrac: 0,
    top4gramFrac: 0,
    emails: 0,
    phones: 0,
    ips: 0,
    idNumbers: 0,
    tooShort: 0,
    tooLong: 0,
  };
}

/** Exact duplicates only (same sha256): the fallback while no near-duplicate detector is wired. */
export function exactClusters(items: DupItem[]): Map<string, string> {
  const by = new Map<string, string[]>();
  for (const it of items) {
    const l = by.get(it.sha256);
    if (l) l.push(it.id);
    else by.set(it.sha256, [it.id]);
  }
  const out = new Map<string, string>();
  for (const [sha, ids] of by) if (ids.length > 1) for (const id of ids) out.set(id, 'x' + sha.slice(0, 12));
  return out;
}

export const defaultDeps: IndexDeps = {
  readDocuments,
  isSupportedFile,
  computeQuality: (text, lang) => computeQuality(text, lang),
  clusterDuplicates: exactClusters,
};
