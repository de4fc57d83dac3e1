// A light document tree for main-text extraction, built straight from htmlparser2's events.
//
// linkedom (used for Readability) builds a full DOM on the same parser: attribute nodes, linked-list
// boundaries, class lists, custom-element hooks. The extractor only walks elements and text in order and
// reads a few attributes, so it builds just that here: the same parser with the same options, hence the same
// tree shape (htmlparser2's implied end tags, void elements), at a fraction of the parse cost. While parsing it
// also notes what the extractor asks the document for: the title, a few <meta> contents and the first <h1>'s
// text.
import { Parser } from 'htmlparser2';

export interface LightText {
  nodeType: 3;
  textContent: string;
  nextSibling: LightNode | null;
}

export class LightElement {
  readonly nodeType = 1 as const;
  firstChild: LightNode | null = null;
  lastChild: LightNode | null = null;
  nextSibling: LightNode | null = null;
  constructor(
    readonly localName: string,
    private readonly attrs: Record<string, string>,
    readonly parent: LightElement | null,
  ) {}

  getAttribute(name: string): string | null {
    const v = this.attrs[name];
    return v === undefined ? null : v;
  }

  append(node: LightNode): void {
    if (this.lastChild) this.lastChild.nextSibling = node;
    else this.firstChild = node;
    this.lastChild = node;
  }
}

export type LightNode = LightElement | LightText;

export interface LightDocument {
  /** The <html> element's tree (the root holds everything parsed). */
  root: LightElement;
  /** The first <body> holding an element (broken pages open an empty one first), else the first, or null. */
  body: LightElement | null;
  /** The first <html>, or null. */
  documentElement: LightElement | null;
  /** Text of the first <title>. */
  title: string;
  /** Text of the first <h1> (null when there is none). */
  h1: string | null;
  /** content of the first <meta property=…> / <meta name=…> per key the extractor reads (null: no content). */
  metaProperty: Map<string, string | null>;
  metaName: Map<string, string | null>;
}

/** <meta> keys the extractor reads (property= or name=). */
const META_KEYS = new Set(['og:title', 'og:description', 'og:type', 'description', 'twitter:description']);

/** A class value that may hold repeated tokens or stray spaces (cheap test before tidying). */
const CLASS_UNTIDY = /\s\s|^\s|\s$|[\t\n\r\f]|\S\s+\S/;

function tidyClass(cls: string): string {
  const tokens = cls.split(/[ \t\n\r\f]+/).filter(Boolean);
  return tokens.length > 1 ? [...new Set(tokens)].join(' ') : (tokens[0] ?? '');
}

export function parseLight(html: string): LightDocument {
  const root = new LightElement('#document', {}, null);
  let node = root;
  const bodies: LightElement[] = [];
  let documentElement: LightElement | null = null;
  const metaProperty = new Map<string, string | null>();
  const metaName = new Map<string, string | null>();
  let titleEl: LightElement | null = null;
  const titleParts: string[] = [];
  let h1El: LightElement | null = null;
  const h1Parts: string[] = [];
  // the element whose text is being collected for the title / h1 (text inside it and its descendants)
  let inTitle = 0;
  let inH1 = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        // class as a token list: duplicates and extra spaces dropped (as the DOM's classList does)
        const cls = attribs.class;
        if (cls !== undefined && cls.length > 0 && CLASS_UNTIDY.test(cls)) attribs.class = tidyClass(cls);
        const el = new LightElement(name, attribs, node);
        node.append(el);
        node = el;
        if (inTitle) inTitle++;
        if (inH1) inH1++;
        if (name === 'body') bodies.push(el);
        else if (name === 'html') documentElement ??= el;
        else if (name === 'title' && !titleEl) {
          titleEl = el;
          inTitle = 1;
        } else if (name === 'h1' && !h1El) {
          h1El = el;
          inH1 = 1;
        } else if (name === 'meta') {
          const p = attribs.property;
          const n = attribs.name;
          if (p !== undefined && META_KEYS.has(p) && !metaProperty.has(p)) metaProperty.set(p, attribs.content ?? null);
          if (n !== undefined && META_KEYS.has(n) && !metaName.has(n)) metaName.set(n, attribs.content ?? null);
        }
      },
      ontext(text) {
        node.append({ nodeType: 3, textContent: text, nextSibling: null });
        if (inTitle) titleParts.push(text);
        if (inH1) h1Parts.push(text);
      },
      onclosetag() {
        if (inTitle) inTitle--;
        if (inH1) inH1--;
        node = node.parent ?? root;
      },
    },
    { lowerCaseAttributeNames: false, decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  let body = bodies[0] ?? null;
  for (const b of bodies) {
    let hasElement = false;
    for (let c = b.firstChild; c && !hasElement; c = c.nextSibling) hasElement = c.nodeType === 1;
    if (hasElement) {
      body = b;
      break;
    }
  }
  return { root, body, documentElement, title: titleParts.join(''), h1: h1El ? h1Parts.join('') : null, metaProperty, metaName };
}
