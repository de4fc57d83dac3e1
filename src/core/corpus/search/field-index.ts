// MiniSearch over the small per-document fields (title, path, domain, style, audience, model): prefix and
// fuzzy matching where users type names, with the CJK-aware tokenizer. Built in memory from the document
// table in well under a second for 100k documents; never persisted (rebuilt on load).
import MiniSearch from 'minisearch';
import { tokenize } from './tokenize';

export interface FieldDoc {
  id: string;
  title?: string;
  path: string;
  domain?: string;
  style?: string;
  audience?: string;
  model?: string;
}

const FIELDS = ['title', 'path', 'domain', 'style', 'audience', 'model'] as const;

export class FieldIndex {
  private readonly ms: MiniSearch<FieldDoc>;

  constructor() {
    this.ms = new MiniSearch<FieldDoc>({
      fields: [...FIELDS],
      storeFields: [],
      tokenize: (text) => tokenize(text),
      processTerm: (t) => t,
      searchOptions: { boost: { title: 3, path: 1.5 }, prefix: (t) => t.length >= 3 && /^[a-z0-9]/.test(t), fuzzy: (t) => (t.length >= 5 && /^[a-z]+$/.test(t) ? 0.2 : false), combineWith: 'AND' },
    });
  }

  addAll(docs: FieldDoc[]): void {
    this.ms.addAll(docs.map((d) => ({ ...d, path: d.path.replace(/[/._-]+/g, ' ') })));
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) if (this.ms.has(id)) this.ms.discard(id);
  }

  search(query: string, limit = 50): { id: string; score: number }[] {
    return this.ms
      .search(query)
      .slice(0, limit)
      .map((r) => ({ id: String(r.id), score: r.score }));
  }
}
