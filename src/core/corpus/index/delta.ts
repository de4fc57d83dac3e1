/**
 * What one update of the index changed, for a process holding the previous generation (the extension host,
 * while the indexer worker updates): the documents of re-read files, the ids gone, the documents whose
 * near-duplicate cluster or shared-passage count changed, and the file entries. The holder applies it
 * (`CorpusIndex.applyDelta`) and opens only the new search shards, instead of loading the whole index again
 * (at a million documents: a 600 MB document table). Provenance-derived fields (kind, status…) are not
 * carried: the holder re-derives them from the log as on every load.
 *
 * Not made (undefined: load the index whole) when the update rebuilt the index, recounted every document's
 * tokens or computed every document's filter-rule hits.
 */
import type { CorpusDocument } from '../model';
import type { CorpusIndex, UpdateResult } from './corpus-index';
import type { FileEntry } from './store';

export interface IndexDelta {
  /** The generation the update started from (the holder must be at it). */
  from: number;
  /** The generation the update wrote. */
  to: number;
  /** Ids of documents gone or replaced (the old documents of re-read files). */
  removed: string[];
  /** New documents (of re-read files), in the order the index holds them. */
  docs: CorpusDocument[];
  /** Other documents whose near-duplicate fields changed: id, dupCluster, sharedPassages. */
  clusters: [string, string | null, number][];
  /** Entries of re-read files, in the order the index holds them. */
  files: [string, FileEntry][];
  removedFiles: string[];
}

/** The state an update starts from (cheap: one pass over the documents, no copy of them). */
export interface DeltaSnapshot {
  generation: number;
  /** Each document object → its cluster fields before the update. */
  before: Map<CorpusDocument, string>;
}

const clusterOf = (d: CorpusDocument) => `${d.dupCluster ?? ''}\u0000${d.sharedPassages ?? 0}`;

export function deltaSnapshot(index: CorpusIndex): DeltaSnapshot {
  const before = new Map<CorpusDocument, string>();
  for (const d of index.documents()) before.set(d, clusterOf(d));
  return { generation: index.info().generation, before };
}

/** The delta from `snap` to the index as `update` left it (undefined when the holder must load it whole). */
export function deltaSince(index: CorpusIndex, snap: DeltaSnapshot, update: UpdateResult): IndexDelta | undefined {
  if (update.rebuilt || update.retokenized || update.filterRulesAdded !== undefined) return undefined;
  const to = index.info().generation;
  if (to === snap.generation) return undefined;
  const docs: CorpusDocument[] = [];
  const clusters: IndexDelta['clusters'] = [];
  const kept = new Set<CorpusDocument>();
  for (const d of index.documents()) {
    const was = snap.before.get(d);
    if (was === undefined) docs.push(d);
    else {
      kept.add(d);
      if (was !== clusterOf(d)) clusters.push([d.id, d.dupCluster ?? null, d.sharedPassages ?? 0]);
    }
  }
  const removed: string[] = [];
  for (const d of snap.before.keys()) if (!kept.has(d)) removed.push(d.id);
  const files: [string, FileEntry][] = [];
  for (const rel of update.readFiles) {
    const e = index.fileEntry(rel);
    if (e) files.push([rel, e]);
  }
  return { from: snap.generation, to, removed, docs, clusters, files, removedFiles: update.removedFiles };
}
