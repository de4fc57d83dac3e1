// Shared passages in an export: drop the passage, keep the document (as Dolma's paragraph-level dedup).
// A passage (a line long enough to count: minhash.ts paragraphsOf) that the index found in two or more
// documents is kept in the first exported document that has it and removed from every later one. A
// document is never dropped for it: when every line of a text would go, the text is kept whole.
import type { Lang } from '../../text/lang';
import type { CorpusDocument } from '../model';
import { paragraphsOf } from './minhash';

/** A shared passage with its text, as `curator dedup --passages` and the Corpus view list it. */
export interface SharedPassageRow<D extends Pick<CorpusDocument, 'lang'>> {
  hash: number;
  /** The passage as written in the first document that has it ('' when that file changed since indexing). */
  text: string;
  docs: D[];
}

/** The text of each shared passage, read from the first of its documents (one read per passage). */
export async function sharedPassageTexts<D extends Pick<CorpusDocument, 'lang'>>(
  passages: readonly { hash: number; docs: D[] }[],
  readText: (doc: D) => Promise<string | undefined>,
): Promise<SharedPassageRow<D>[]> {
  const rows: SharedPassageRow<D>[] = [];
  for (const p of passages) {
    const first = p.docs[0];
    const text = first ? ((await readText(first)) ?? '') : '';
    const para = first ? paragraphsOf(text, first.lang).find((x) => x.hash === p.hash) : undefined;
    rows.push({ hash: p.hash, text: para ? text.slice(para.start, para.end) : '', docs: p.docs });
  }
  return rows;
}

export class PassageDropper {
  private seen = new Set<number>();
  /** Passages removed so far. */
  dropped = 0;

  constructor(private readonly shared: ReadonlySet<number>) {}

  /** The text without the shared passages an earlier document already had. */
  apply(text: string, lang: Lang): string {
    const cut: { start: number; end: number }[] = [];
    const mine = new Set<number>();
    for (const p of paragraphsOf(text, lang)) {
      if (!this.shared.has(p.hash)) continue;
      if (this.seen.has(p.hash)) cut.push(p);
      else mine.add(p.hash);
    }
    for (const h of mine) this.seen.add(h);
    if (cut.length === 0) return text;
    let out = '';
    let at = 0;
    for (const c of cut) {
      out += text.slice(at, c.start);
      // drop the line with its line break
      at = c.end;
      if (text[at] === '\r') at++;
      if (text[at] === '\n') at++;
    }
    out += text.slice(at);
    if (!out.trim()) return text;
    this.dropped += cut.length;
    return out;
  }
}
