// A light document tree for main-text extraction, built straight from htmlparser2's events.
//
// linkedom (used for Readability) builds a full DOM on the same parser: attribute nodes, linked-list
// boundaries, class lists, custom-element hooks. The extractor only walks elements and text in order and
// reads a few attributes, so it builds just that here: the same parser with the same options, hence the same
// tree shape (htmlparser2's implied end tags, void elements), at a fraction of the parse cost. While parsing it
// also notes what the extractor asks the document for: the title, a few <meta> contents and the first <h1>'s
// text.
//
// Speed: htmlparser2's tokeniser, when it decodes entities, visits text and quoted attribute values one character
// at a time, though only `<` and `&` (a quote, `&`) end or interrupt them. SkippingTokenizer jumps straight to the
// next such character with indexOf and leaves every other decision to htmlparser2, so the events and the tree are
// the same; a self-check at load compares both tokenisers' events on fixed markup and keeps htmlparser2's own
// tokeniser if they differ (another htmlparser2 version with other internals).
import { Parser, Tokenizer } from 'htmlparser2';

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

/** A class value whose tokens are not all apart by one space (tabs, line breaks, doubled or outer spaces). */
const CLASS_SPACING = /[\t\n\r\f]| {2}|^ | $/;

/** tidyClass's result per class value (pages repeat a few class values on many elements). */
const tidied = new Map<string, string>();

/** The class value as the DOM's classList reads it: tokens apart by one space, each once. */
function tidyClass(cls: string): string {
  let v = tidied.get(cls);
  if (v === undefined) {
    v = tidyClassOnce(cls);
    if (tidied.size >= 50000) tidied.clear();
    tidied.set(cls, v);
  }
  return v;
}

function tidyClassOnce(cls: string): string {
  if (!CLASS_SPACING.test(cls)) {
    // already spaced as the DOM would write it: unchanged unless a token repeats
    if (cls.indexOf(' ') < 0) return cls;
    const tokens = cls.split(' ');
    if (new Set(tokens).size === tokens.length) return cls;
  }
  const tokens = cls.split(/[ \t\n\r\f]+/).filter(Boolean);
  return tokens.length > 1 ? [...new Set(tokens)].join(' ') : (tokens[0] ?? '');
}

/** The parts of htmlparser2's Tokenizer that SkippingTokenizer uses (internal: checked by the self-check). */
interface TokenizerInternals {
  buffer: string;
  index: number;
  offset: number;
  stateText(c: number): void;
  handleInAttributeValue(c: number, quote: number): void;
}
type TokenizerCtor = new (...args: ConstructorParameters<typeof Tokenizer>) => TokenizerInternals;

const LT = 0x3c;
const AMP = 0x26;

/**
 * The next position at or after `from` of one character in a buffer, remembered so that a long run of text or a
 * long attribute value with many `&` is searched once (valid while `from` stays in [cachedFrom, at]).
 */
class NextOf {
  private buf = '';
  private from = -1;
  private at = -1;
  constructor(private readonly ch: string) {}
  find(buf: string, from: number): number {
    if (buf !== this.buf || from < this.from || from > this.at) {
      const i = buf.indexOf(this.ch, from);
      this.buf = buf;
      this.from = from;
      this.at = i < 0 ? buf.length : i;
    }
    return this.at;
  }
}

/** htmlparser2's Tokenizer, jumping over the characters that its text and quoted-value states pass over one by one. */
function skippingTokenizer(): TokenizerCtor | null {
  const Base = Tokenizer as unknown as TokenizerCtor;
  const proto = Base.prototype as Partial<TokenizerInternals>;
  if (typeof proto.stateText !== 'function' || typeof proto.handleInAttributeValue !== 'function') return null;
  return class SkippingTokenizer extends Base {
    private readonly lt = new NextOf('<');
    private readonly amp = new NextOf('&');
    private readonly dq = new NextOf('"');
    private readonly sq = new NextOf("'");

    override stateText(c: number): void {
      if (c === LT || c === AMP) return super.stateText(c);
      // every other character is passed over: go to the one before the next `<` or `&` (parse() then steps on)
      const buf = this.buffer;
      const from = this.index - this.offset + 1;
      this.index = Math.min(this.lt.find(buf, from), this.amp.find(buf, from)) + this.offset - 1;
    }

    override handleInAttributeValue(c: number, quote: number): void {
      if (c === quote || c === AMP) return super.handleInAttributeValue(c, quote);
      const buf = this.buffer;
      const from = this.index - this.offset + 1;
      this.index = Math.min((quote === 0x22 ? this.dq : this.sq).find(buf, from), this.amp.find(buf, from)) + this.offset - 1;
    }
  };
}

/** Markup for the self-check: text and values with entities, quotes of both kinds, special tags, broken ends. */
const SELF_CHECK = [
  '<!DOCTYPE html><html><head><title>A &amp; B &lt;c&gt;</title><meta content=\'x "y" &amp z\' name=d></head>',
  '<body class="a  b &quot;c&quot;" data-x=\'1&2\' id=u&amp;v><p>one &amp two &#x4e2d;&#25991; &notit; &copy</p>',
  '<textarea>t &lt; <b></textarea><xmp>a<b></xmp><div title="&lt;&gt;&#39;\'">x<y</div>< p>&amp;<!-- c --><![CDATA[d]]>',
  '<p a="unterminated &am',
].join('');

/** htmlparser2's events on `html` (as parseLight's options), with the skipping tokeniser or htmlparser2's own. */
export function parserEvents(html: string, skipping: boolean): string {
  return events(html, skipping ? (skippingTokenizer() ?? undefined) : undefined);
}

function events(html: string, tokenizer: TokenizerCtor | undefined): string {
  const out: string[] = [];
  const p = new Parser(
    {
      onopentag: (name, attribs) => out.push(`<${name} ${JSON.stringify(attribs)}>`),
      ontext: (t) => out.push(t),
      onclosetag: (name, implied) => out.push(`</${name} ${implied}>`),
      oncomment: (t) => out.push(`<!--${t}-->`),
      onprocessinginstruction: (n, t) => out.push(`<?${n} ${t}>`),
    },
    { lowerCaseAttributeNames: false, decodeEntities: true, Tokenizer: tokenizer as unknown as typeof Tokenizer | undefined },
  );
  p.write(html);
  p.end();
  return out.join('\u0001');
}

/** The tokeniser parseLight uses: the skipping one when it gives htmlparser2's own events on SELF_CHECK. */
const FAST_TOKENIZER: TokenizerCtor | undefined = (() => {
  try {
    const T = skippingTokenizer();
    if (!T) return undefined;
    for (let cut = SELF_CHECK.length; cut > 0; cut -= 7) {
      const html = SELF_CHECK.slice(0, cut);
      if (events(html, T) !== events(html, undefined)) return undefined;
    }
    return T;
  } catch {
    return undefined;
  }
})();

/** Whether parseLight runs the skipping tokeniser (false: htmlparser2's own, after a failed self-check). */
export const LIGHT_DOM_SKIPPING = FAST_TOKENIZER !== undefined;

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
        if (cls !== undefined && cls.length > 0) attribs.class = tidyClass(cls);
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
    { lowerCaseAttributeNames: false, decodeEntities: true, Tokenizer: FAST_TOKENIZER as unknown as typeof Tokenizer | undefined },
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
