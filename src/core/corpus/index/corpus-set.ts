/**
 * The corpora of several roots (the folders of a multi-root workspace) read as one: each root keeps its own
 * index under its own `.curator/`; here they answer together. With one root the set is that index as it is
 * (paths relative to the root). With several, every document's path and id are prefixed with its root's
 * name (`<name>/<path>`, as VS Code names files of a multi-root workspace), so paths stay unique and
 * `resolve` finds the root and the root-relative path again. `member(name)` gives one root's index alone
 * (statistics per folder).
 *
 * Shared passages: a passage (line) found in documents of two roots is shared in the set, as it is within one
 * root: the roots are exported into one training mix, where it would be trained on twice. So the set's
 * documents carry the set's count (`sharedPassages`), its list and the mix export's "drop shared passages"
 * see it; a root's own statistics (`member(name).index`) count what is shared within that root alone.
 */
import type { CorpusDocument, SkippedInput } from '../model';
import type { TokenizerId } from '../../text/tokenizers';
import type { CorpusIndex, SearchOptions, SearchResult } from './corpus-index';
import { compareDocs } from './corpus-index';
import { matchesFilters, type DocFilters } from '../search/filters';
import type { ReviewOutsideCorpus } from './classify';

export interface CorpusMember {
  /** Unique among the members, no slash (the workspace folder's name). */
  name: string;
  /** Absolute root. */
  root: string;
  index: CorpusIndex;
}

/** Unique member names from folder names: slashes replaced, repeats numbered ("data", "data (2)"). */
export function memberNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw) => {
    const base = raw.replace(/[\\/]/g, '_') || 'folder';
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

export class CorpusSet {
  readonly members: readonly CorpusMember[];
  /** True when paths carry their root's name (default: more than one root). */
  readonly prefixed: boolean;

  /** Passages shared across the set and each document's count of them, for one generation of the roots. */
  private shared?: { generation: number; passages: { hash: number; docs: CorpusDocument[] }[]; counts: Map<string, number> };

  constructor(members: readonly CorpusMember[], opts: { prefixed?: boolean } = {}) {
    this.members = members;
    this.prefixed = opts.prefixed ?? members.length > 1;
  }

  member(name: string): CorpusMember | undefined {
    return this.members.find((m) => m.name === name);
  }

  /** The root and the root-relative path of a set path (undefined when no root has that name). */
  resolve(path: string): { member: CorpusMember; rel: string } | undefined {
    const p = path.replace(/\\/g, '/');
    if (!this.prefixed) return this.members[0] ? { member: this.members[0], rel: p } : undefined;
    const cut = p.indexOf('/');
    const m = cut > 0 ? this.member(p.slice(0, cut)) : undefined;
    return m ? { member: m, rel: p.slice(cut + 1) } : undefined;
  }

  /** The set path of a root-relative path of a member. */
  pathOf(member: CorpusMember, rel: string): string {
    return this.prefixed ? `${member.name}/${rel}` : rel;
  }

  private outward(m: CorpusMember, d: CorpusDocument, counts?: Map<string, number>): CorpusDocument {
    if (!this.prefixed) return d;
    const out: CorpusDocument = { ...d, id: `${m.name}/${d.id}`, path: `${m.name}/${d.path}` };
    if (counts) {
      const n = counts.get(out.id);
      if (n) out.sharedPassages = n;
      else delete out.sharedPassages;
    }
    if (d.dupCluster) out.dupCluster = `${m.name}/${d.dupCluster}`;
    if (d.parentId) out.parentId = `${m.name}/${d.parentId}`;
    if (d.parentPath) out.parentPath = `${m.name}/${d.parentPath}`;
    return out;
  }

  /** A set document back to its member and the member's own document. */
  private inward(d: Pick<CorpusDocument, 'id'>): { member: CorpusMember; doc: CorpusDocument } | undefined {
    if (!this.prefixed) {
      const m = this.members[0];
      const doc = m?.index.get(d.id);
      return m && doc ? { member: m, doc } : undefined;
    }
    const r = this.resolve(d.id);
    const doc = r?.member.index.get(r.rel);
    return r && doc ? { member: r.member, doc } : undefined;
  }

  documents(filters?: DocFilters): CorpusDocument[] {
    if (!this.prefixed) return this.members[0]?.index.documents(filters) ?? [];
    const out: CorpusDocument[] = [];
    const counts = this.sharedState().counts;
    for (const m of this.members) for (const d of m.index.documents()) {
      const o = this.outward(m, d, counts);
      if (!filters || matchesFilters(o, filters)) out.push(o);
    }
    return out;
  }

  get size(): number {
    let n = 0;
    for (const m of this.members) n += m.index.size;
    return n;
  }

  get(id: string): CorpusDocument | undefined {
    const r = this.inward({ id });
    return r && this.outward(r.member, r.doc, this.prefixed ? this.sharedState().counts : undefined);
  }

  /** The tokenizer of the counts (the first root's; every root is indexed with the same setting). */
  get tokenizer(): TokenizerId {
    return this.members[0]?.index.tokenizer ?? 'estimate';
  }

  /** Whether every root's documents carry their filter-rule hits (what a preset reads). */
  get filterRules(): boolean {
    return this.members.every((m) => m.index.filterRules);
  }

  skipped(): SkippedInput[] {
    return this.members.flatMap((m) => m.index.skipped().map((s) => ({ ...s, path: this.pathOf(m, s.path) })));
  }

  duplicateClusters(): CorpusDocument[][] {
    return this.members.flatMap((m) => m.index.duplicateClusters().map((g) => g.map((d) => this.outward(m, d))));
  }

  /** Passages (lines) shared by documents, over every root: the same passage in two roots is shared too. */
  sharedPassages(minDocs = 2): { hash: number; docs: CorpusDocument[] }[] {
    if (!this.prefixed) return this.members[0]?.index.sharedPassages(minDocs) ?? [];
    return this.sharedState().passages.filter((p) => p.docs.length >= Math.max(2, minDocs));
  }

  /** The set's shared passages (each root's passages merged by hash), recomputed when a root changed. */
  private sharedState(): { passages: { hash: number; docs: CorpusDocument[] }[]; counts: Map<string, number> } {
    const generation = this.generation;
    if (this.shared?.generation === generation) return this.shared;
    const byHash = new Map<number, CorpusDocument[]>();
    for (const m of this.members) {
      for (const p of m.index.passageOwners()) {
        const docs = byHash.get(p.hash);
        const mine = p.docs.map((d) => this.outward(m, d));
        if (docs) docs.push(...mine);
        else byHash.set(p.hash, mine);
      }
    }
    const passages: { hash: number; docs: CorpusDocument[] }[] = [];
    const counts = new Map<string, number>();
    for (const [hash, docs] of byHash) {
      if (docs.length < 2) continue;
      docs.sort(compareDocs);
      passages.push({ hash, docs });
      for (const d of docs) counts.set(d.id, (counts.get(d.id) ?? 0) + 1);
    }
    passages.sort((a, b) => b.docs.length - a.docs.length || compareDocs(a.docs[0]!, b.docs[0]!) || a.hash - b.hash);
    // The listed documents carry the set's counts too.
    for (const p of passages) for (const d of p.docs) d.sharedPassages = counts.get(d.id);
    this.shared = { generation, passages, counts };
    return this.shared;
  }

  /** Rejected rewrites moved out of the corpus, over every root. */
  reviewOutsideCorpus(): ReviewOutsideCorpus {
    let rejected = 0;
    for (const m of this.members) rejected += m.index.reviewOutsideCorpus().rejected;
    return { rejected };
  }

  refreshProvenance(): void {
    this.shared = undefined;
    for (const m of this.members) m.index.refreshProvenance();
  }

  /** Searches every root; results merged by coverage, then score. */
  search(query: string, opts: SearchOptions = {}): SearchResult[] {
    if (!this.prefixed) return this.members[0]?.index.search(query, opts) ?? [];
    const limit = opts.limit ?? 20;
    const all: SearchResult[] = [];
    for (const m of this.members) {
      // Filters see set paths: run them on the outward documents.
      const f = opts.filters;
      const hits = m.index.search(query, { limit: f ? limit * 4 : limit });
      for (const h of hits) {
        const doc = this.outward(m, h.doc);
        if (!f || matchesFilters(doc, f)) all.push({ ...h, doc });
      }
    }
    return all.sort((a, b) => b.coverage - a.coverage || b.score - a.score || compareDocs(a.doc, b.doc)).slice(0, limit);
  }

  readText(doc: CorpusDocument): Promise<string | undefined> {
    const r = this.inward(doc);
    return r ? r.member.index.readText(r.doc) : Promise.resolve(undefined);
  }

  async readTexts(docs: readonly CorpusDocument[], signal?: AbortSignal): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for await (const { doc, text } of this.texts(docs, signal)) out.set(doc.id, text);
    return out;
  }

  /** Streams `{ doc, text }` for set documents, root by root (see CorpusIndex.texts). */
  async *texts(docs: readonly CorpusDocument[], signal?: AbortSignal): AsyncIterable<{ doc: CorpusDocument; text: string }> {
    if (!this.prefixed) {
      if (this.members[0]) yield* this.members[0].index.texts(docs, signal);
      return;
    }
    const byMember = new Map<CorpusMember, Map<string, CorpusDocument>>();
    for (const d of docs) {
      const r = this.inward(d);
      if (!r) continue;
      let m = byMember.get(r.member);
      if (!m) byMember.set(r.member, (m = new Map()));
      m.set(r.doc.id, d);
    }
    for (const [member, wanted] of byMember) {
      const own = [...wanted.keys()].map((id) => member.index.get(id)!);
      for await (const { doc, text } of member.index.texts(own, signal)) yield { doc: wanted.get(doc.id)!, text };
    }
  }

  /** The sum of the roots' index generations (grows whenever one of them is written). */
  get generation(): number {
    let g = 0;
    for (const m of this.members) g += m.index.info().generation;
    return g;
  }
}
