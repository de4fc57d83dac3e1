// Main-text extraction from an HTML page: the article body without navigation, ads, scripts, styles,
// cookie banners, share bars and link lists.
//
// How it works (scripts/styles/svg/comments cut from the markup in one scan, one parse into a light tree built
// for this walk (light-dom.ts, on htmlparser2: linkedom's full DOM is built only for the Readability fallback),
// then linear passes; the tree is never mutated):
// 1. Walk the DOM once. Elements that never hold article text (script, style, nav, aside, footer, form
//    controls, figures/captions…) and hidden elements are skipped (not React's streamed `<div hidden id="S:n">`,
//    which a script moves into place). Text is cut into *blocks*: a block is a run
//    of inline content inside one block-level element, so `<p>`, `<li>`, headings and the text between nested
//    blocks are separate blocks.
// 2. Each block gets a value: its length (Han characters count three, since a Chinese sentence needs about
//    a third of the characters of an English one) minus a fixed cost, scaled down by its link density; link
//    lists and cookie/consent notices (recognised by their wording) are strongly negative, short labels
//    mildly negative, headings neutral.
// 3. Class/id names are evidence, not verdicts: a region named like boilerplate (share, related, comments,
//    ad, sidebar…) counts little when choosing the container, and is dropped when it sits inside the chosen
//    container. If most of the container's text sits in such a region and, ignoring that name, the article
//    is found inside it, the name was wrong (a wrapper called "theiaStickySidebar", "paywall") and is ignored.
// 4. Every element's subtree sum of block values is computed with prefix sums; the element with the largest
//    sum is the article container: going one level up only pays when the siblings add more text than junk.
// 5. Inside the container the best contiguous run of blocks (maximum sub-array) drops leading and trailing
//    junk; link-heavy blocks, labels ("Advertisement") and the headline (returned as `title`) are removed.
// 6. A small gradient-boosted block classifier (block-model.ts, trained by scripts/train-extract-blocks.ts on
//    the choose parts of both evaluation sets only) then decides each block from its features: its own length
//    and link density, the density method's choice and the chosen container, its parent's and grandparent's
//    text and link density, how often its element's tag.class repeats on the page and how much text those
//    repeats hold (lists of posts, products, results), and page-level figures. This keeps forum posts and
//    listings the density method drops; pages under MODEL_MIN_UNITS of text are left to the density method.
//    A breadcrumb trail (class, id or aria-label naming it, or typed schema.org BreadcrumbList; shorter than
//    MAX_CRUMB_UNITS) is never kept, whatever the model says. On a page that names itself a collection or
//    listing (page-kind.ts: schema.org types, OpenGraph type, URL), the blocks of a long series of elements
//    sharing one tag.class are kept too (keptByKind): there the items, mostly links, are the content. On a
//    page that declares its main text in JSON-LD (an articleBody; a product page's product description), a
//    block written in that text is kept too (inDescription), whatever its markup.
//    After the model: on product, collection and service pages a block repeated word for word (a carousel's
//    cloned slides, a mobile copy of a section) is read once (withoutRepeats); a data table whose neighbours
//    or half of whose text are kept is kept whole, short cells included (wholeTables). A button inside a
//    heading or a disclosure toggle (an accordion's question) is text, other buttons are not.
// 7. Blocks are printed with a blank line between them; `<br>` becomes a line break, `<pre>` keeps its spacing.
// Fallbacks: when little text is found, the walk is redone on structure alone (names ignored), then with
// inline styles not hiding anything (content hidden until a script shows it), then @mozilla/readability is tried (unless the DOM is pathologically deep, or the page is a product or a collection, whose own text is short by nature) and wins only when it finds much
// more; a page whose text is written by scripts falls back to its meta description; markup too deep for a
// DOM walk is reduced to text by stripping tags.
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { parseLight, type LightDocument } from './light-dom';
import { declaredArticleBodies, declaredProductDescriptions, detectPageKind, type PageKind } from './page-kind';
import { BLOCK_MODEL_BIAS, BLOCK_MODEL_FEATURES, BLOCK_MODEL_THRESHOLD, BLOCK_MODEL_TREES } from './block-model';

export interface ExtractResult {
  title: string;
  text: string;
  /** Deepest element nesting seen (Readability is not run on pathologically deep documents). */
  maxDepth?: number;
  /** Which path produced the text (for diagnostics and the evaluation). */
  method: 'blocks' | 'density' | 'readability' | 'body' | 'description' | 'empty';
}

// Minimal structural view of a document tree the walk needs: the light tree of light-dom.ts for the page, and
// linkedom's DOM for re-reading Readability's output (the project compiles without the DOM lib).
interface DomNode {
  nodeType: number;
  firstChild?: DomNode | null;
  nextSibling: DomNode | null;
  textContent?: string | null;
}
interface DomElement extends DomNode {
  localName: string;
  getAttribute(name: string): string | null;
}
interface LinkedomDocument {
  body: DomElement | null;
}

/** Elements whose content is never article text. */
const SKIP_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe', 'object', 'embed', 'video', 'audio',
  'picture', 'img', 'map', 'button', 'input', 'select', 'option', 'textarea', 'label', 'nav', 'aside',
  'footer', 'menu', 'dialog', 'head', 'link', 'meta', 'title', 'math', 'figure', 'figcaption',
]);

/** Block-level elements: each starts a new block of text. */
const BLOCK_TAGS = new Set([
  'address', 'article', 'blockquote', 'body', 'center', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'html', 'li',
  'main', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
  'caption', 'br',
]);

const HEADING = /^h[1-6]$/;

// Boilerplate names, matched against class and id split into words (so "shareBar", "share-tools", "ad_slot" hit,
// "shadow" or "header" do not hit "ad").
const NEGATIVE_WORDS = new Set([
  'ad', 'ads', 'advert', 'advertisement', 'advertising', 'adslot', 'adunit', 'banner', 'breadcrumb', 'breadcrumbs',
  'comment', 'comments', 'consent', 'cookie', 'cookies', 'gdpr', 'footer', 'masthead', 'menu', 'modal', 'navbar',
  'nav', 'navigation', 'newsletter', 'outbrain', 'paywall', 'popup', 'promo', 'recommended', 'related', 'share',
  'sharing', 'sidebar', 'sponsor', 'sponsored', 'subscribe', 'subscription', 'taboola', 'toolbar',
  'widget', 'skip', 'disqus', 'signup', 'trending', 'popular', 'tags', 'print', 'rail', 'caption', 'credit',
  'credits', 'gallery', 'byline', 'dateline', 'timestamp', 'overlay', 'hidden', 'visually', 'sr', 'screenreader',
]);
const POSITIVE_NAME = /article|content|entry|story|post|main|body|text|prose|blog/i;


function nameWords(s: string): string[] {
  return s
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** isBoilerplateName's verdict on a class and id pair (the same names repeat on a page and across pages). */
const boilerplateNames = new Map<string, boolean>();

function isBoilerplateName(el: DomElement): boolean {
  const cls = el.getAttribute('class') ?? '';
  const id = el.getAttribute('id') ?? '';
  const role = el.getAttribute('role') ?? '';
  if (role === 'navigation' || role === 'banner' || role === 'contentinfo' || role === 'complementary' || role === 'dialog') return true;
  if (!cls && !id) return false;
  // (the class alone when there is no id: the same words and the same verdict as with a space after it)
  const names = id ? `${cls} ${id}` : cls;
  let v = boilerplateNames.get(names);
  if (v === undefined) {
    v = namesBoilerplate(names);
    if (boilerplateNames.size >= 50000) boilerplateNames.clear();
    boilerplateNames.set(names, v);
  }
  return v;
}

function namesBoilerplate(names: string): boolean {
  let neg = false;
  for (const w of nameWords(names)) {
    if (NEGATIVE_WORDS.has(w)) {
      if (w === 'hidden' && !HIDDEN_CLASS.test(` ${names} `)) continue;
      neg = true;
      break;
    }
  }
  if (!neg) return false;
  return !POSITIVE_NAME.test(names);
}

/**
 * "hidden" names a hidden element only as a class (or id) of its own ("hidden", "is-hidden"; "visually-hidden" and
 * "sr-only" are caught by their other word): inside a longer name it says how something is laid out or when it
 * hides ("overflow-hidden", "hidden-xs", "quick-add-hidden", "no-js-hidden"), not that the element is hidden.
 */
const HIDDEN_CLASS = /\s(?:is-|u-|js-)?hidden\s/;

const BREADCRUMB = /breadcrumb/i;

/**
 * A breadcrumb trail (Home › Docs › Page): named so in class, id or aria-label, or typed as schema.org's
 * BreadcrumbList (microdata itemtype or RDFa typeof). Its links are never the page's main text.
 */
function isBreadcrumb(el: DomElement): boolean {
  for (const a of ['class', 'id', 'aria-label', 'itemtype', 'typeof']) {
    const v = el.getAttribute(a);
    if (v && BREADCRUMB.test(v)) return true;
  }
  return false;
}

/** A breadcrumb trail is short: a longer region named so is a wrapper ("has-breadcrumbs"), not a trail. */
const MAX_CRUMB_UNITS = 300;

function inCrumb(w: Walker, b: Block): boolean {
  return b.crumb >= 0 && w.crumbUnits[b.crumb]! < MAX_CRUMB_UNITS;
}

/**
 * React's streaming server rendering sends each finished part of the page as `<div hidden id="S:n">` at the end
 * of the body, for a script to move into place: that content is the page, not hidden.
 */
const REACT_STREAMED = /^S:\d+$/;

function isHidden(el: DomElement, styleHides = true): boolean {
  if (el.getAttribute('hidden') !== null && !REACT_STREAMED.test(el.getAttribute('id') ?? '')) return true;
  if (el.getAttribute('aria-hidden') === 'true') return true;
  if (!styleHides) return false;
  const style = el.getAttribute('style');
  if (style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) return true;
  return false;
}

/** Length in "Latin-character units": Han characters count 3, whitespace nothing. */
export function weightedLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0) continue;
    if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) n += 3;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 3;
      i++;
    } else n++;
  }
  return n;
}

/** Spaces around line breaks dropped (most blocks have no line break: no scan by the expression). */
function spaced(s: string): string {
  return s.indexOf('\n') < 0 ? s : s.replace(/ ?\n ?/g, '\n');
}

interface Block {
  text: string;
  tag: string;
  units: number;
  linkUnits: number;
  /** Value before name evidence (see applyFlags). */
  raw: number;
  value: number;
  /** DOM depth of the innermost ancestor whose class/id names it boilerplate, or -1 (set by resolveFlags). */
  flagDepth: number;
  /** Innermost boilerplate-named ancestor (index into Walker.flagged), or -1. */
  flagId: number;
  /** DOM depth of the block's element. */
  depth: number;
  /** Record index of the innermost block-level element holding the block (-1: the root), set after the walk. */
  parent: number;
  /** Serial number of that element while walking (see Walker.serialToRecord). */
  serial: number;
  /** Inside a breadcrumb trail: the outermost one's index in Walker.crumbUnits, or -1 (see inCrumb). */
  crumb: number;
}

/**
 * A button whose text is a heading or a section's label: inside a heading (an accordion's question, `<h3><button>`),
 * or a disclosure toggle (`aria-expanded`, `aria-controls`) such as a FAQ question. Other buttons (Add to cart,
 * Subscribe, Close) are controls, never text.
 */
function isDisclosure(el: DomElement, blockTag: string): boolean {
  return HEADING.test(blockTag) || el.getAttribute('aria-expanded') !== null || el.getAttribute('aria-controls') !== null;
}

interface FlaggedRegion {
  depth: number;
  parent: number;
  first: number;
  end: number;
}

interface ElemRecord {
  el: DomElement;
  depth: number;
  first: number; // first block index in this subtree
  end: number; // one past the last block index
  sum: number;
  /** Tag and class of the element: repeated signatures mark lists of posts, products, results. */
  sig: string;
  /** Serial number of the enclosing block-level element (-1: the root). */
  parentSerial: number;
}

class Walker {
  blocks: Block[] = [];
  records: ElemRecord[] = [];
  private parts: string[] = [];
  private units = 0;
  private linkUnits = 0;
  private tag = 'div';
  private flagId = -1;
  private crumbId = -1;
  private blockCrumb = -1;
  /** Text units of each breadcrumb-named region: a region too long for a trail is a misnamed wrapper. */
  crumbUnits: number[] = [];
  flagged: FlaggedRegion[] = [];
  private depth = 0;
  private serial = -1;
  private serials = 0;
  /** Record index of each block-level element, by the serial number it was given when entered. */
  serialToRecord: number[] = [];

  /**
   * `useNames`: treat class/id names as evidence (boilerplate names penalise, inline ones are dropped).
   * `styleHides`: an inline `display:none` / `visibility:hidden` hides an element (see extractFromDom).
   */
  constructor(
    private readonly useNames: boolean,
    private readonly styleHides = true,
  ) {}

  flush(): void {
    if (this.parts.length === 0) return;
    const joined = this.parts.join('');
    const text = this.tag === 'pre' ? joined.replace(/^\n+|\s+$/g, '') : spaced(joined.replace(/[ \t\r\f\v\u00a0]+/g, ' ')).trim();
    this.parts = [];
    if (text) {
      const units = this.units;
      const link = Math.min(this.linkUnits, units);
      const value = blockValue(this.tag, units, link, text);
      this.blocks.push({ text, tag: this.tag, units, linkUnits: link, raw: value, value, flagDepth: -1, flagId: this.flagId, depth: this.depth, parent: -1, serial: this.serial, crumb: this.blockCrumb });
      if (this.blockCrumb >= 0) this.crumbUnits[this.blockCrumb]! += units;
    }
    this.units = 0;
    this.linkUnits = 0;
  }

  /** Records, for every block-level element, the range of blocks it holds (blocks stay in document order). */
  visit(el: DomElement, blockTag: string, inLink: boolean, depth: number): void {
    for (let node = el.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === 3) {
        const t = node.textContent ?? '';
        if (t) {
          const u = weightedLength(t);
          if (u > 0) {
            if (this.units === 0) {
              this.tag = blockTag;
              this.blockCrumb = this.crumbId;
            }
            this.units += u;
            if (inLink) this.linkUnits += u;
          }
          this.parts.push(blockTag === 'pre' ? t : t.replace(/\s+/g, ' '));
        }
        continue;
      }
      if (node.nodeType !== 1) continue;
      const child = node as DomElement;
      const tag = child.localName;
      if (tag === 'br') {
        this.parts.push('\n');
        continue;
      }
      if ((SKIP_TAGS.has(tag) && !(tag === 'button' && isDisclosure(child, blockTag))) || isHidden(child, this.styleHides)) continue;
      const flagged = this.useNames && tag !== 'article' && tag !== 'main' && tag !== 'body' && isBoilerplateName(child);
      const crumb = this.crumbId < 0 && isBreadcrumb(child);
      if (crumb) {
        this.crumbUnits.push(0);
        this.crumbId = this.crumbUnits.length - 1;
      }
      if (BLOCK_TAGS.has(tag)) {
        this.flush();
        const first = this.blocks.length;
        const childTag = KEEP_TAG.has(tag) ? tag : blockTag === 'pre' ? 'pre' : 'div';
        const savedFlag = this.flagId;
        if (flagged) {
          this.flagged.push({ depth: depth + 1, parent: savedFlag, first, end: first });
          this.flagId = this.flagged.length - 1;
        }
        this.tag = childTag;
        const savedSerial = this.serial;
        const savedDepth = this.depth;
        this.serial = this.serials++;
        this.depth = depth + 1;
        this.visit(child, childTag, inLink, depth + 1);
        this.flush();
        if (flagged) this.flagged[this.flagId]!.end = this.blocks.length;
        this.flagId = savedFlag;
        this.serialToRecord[this.serial] = this.records.length;
        this.serial = savedSerial;
        this.depth = savedDepth;
        this.records.push({ el: child, depth: depth + 1, first, end: this.blocks.length, sum: 0, sig: `${tag}.${child.getAttribute('class') ?? ''}`, parentSerial: savedSerial });
        this.tag = blockTag;
      } else if (!flagged) {
        this.visit(child, blockTag, inLink || tag === 'a', depth + 1);
      }
      if (crumb) this.crumbId = -1;
    }
  }
}

/**
 * Applies class/id-name evidence to the blocks: a block inside an active boilerplate-named region counts
 * little for choosing the container (positive ×0.3, negative ×0.5), since such regions are dropped anyway
 * when they sit inside the chosen container.
 */
function applyFlags(w: Walker, active: boolean[]): void {
  for (const b of w.blocks) {
    let id = b.flagId;
    while (id >= 0 && !active[id]) id = w.flagged[id]!.parent;
    b.flagDepth = id >= 0 ? w.flagged[id]!.depth : -1;
    b.value = id >= 0 ? b.raw * (b.raw > 0 ? 0.3 : 0.5) : b.raw;
  }
}

function chooseContainer(w: Walker): ElemRecord {
  const prefix = new Float64Array(w.blocks.length + 1);
  for (let i = 0; i < w.blocks.length; i++) prefix[i + 1] = prefix[i]! + w.blocks[i]!.value;
  let best = w.records[w.records.length - 1]!;
  for (const r of w.records) {
    r.sum = prefix[r.end]! - prefix[r.first]!;
    if (r.sum > best.sum || (r.sum === best.sum && r.end - r.first < best.end - best.first)) best = r;
  }
  return best;
}

/**
 * Chooses the article container. When most of the chosen container's content sits in boilerplate-named
 * regions, the name may be wrong (a wrapper called "theiaStickySidebar", "paywall", "has-sidebar"): the biggest
 * such region is no longer treated as boilerplate if the choice made again then lies inside it.
 */
function selectWithNames(w: Walker): ElemRecord {
  const active = w.flagged.map(() => true);
  let best = w.records[w.records.length - 1]!;
  if (w.flagged.length === 0) return chooseContainer(w);
  const rawPrefix = new Float64Array(w.blocks.length + 1);
  for (let i = 0; i < w.blocks.length; i++) rawPrefix[i + 1] = rawPrefix[i]! + Math.max(0, w.blocks[i]!.raw);
  applyFlags(w, active);
  best = chooseContainer(w);
  for (let iter = 0; iter < 4; iter++) {
    let inMass = 0;
    let outMass = 0;
    const byRegion = new Map<number, number>();
    for (let i = best.first; i < best.end; i++) {
      const b = w.blocks[i]!;
      const v = Math.max(0, b.raw);
      if (b.flagDepth <= best.depth) {
        outMass += v;
        continue;
      }
      inMass += v;
      // outermost active region below the container
      let id = b.flagId;
      let top = -1;
      while (id >= 0 && w.flagged[id]!.depth > best.depth) {
        if (active[id]) top = id;
        id = w.flagged[id]!.parent;
      }
      if (top >= 0) byRegion.set(top, (byRegion.get(top) ?? 0) + v);
    }
    if (inMass <= outMass || byRegion.size === 0) break;
    let worst = -1;
    let mass = -1;
    for (const [id, m] of byRegion) if (m > mass) [worst, mass] = [id, m];
    // Un-flag the region and the wrapper chain inside it (nested flagged regions holding most of its text),
    // and keep that only if the article is then found inside the region.
    const massOf = (f: FlaggedRegion): number => rawPrefix[f.end]! - rawPrefix[f.first]!;
    const chain: number[] = [];
    const regionMass = massOf(w.flagged[worst]!);
    for (let id = 0; id < w.flagged.length; id++) {
      if (!active[id] || massOf(w.flagged[id]!) < regionMass * 0.5) continue;
      let p = id;
      while (p >= 0 && p !== worst) p = w.flagged[p]!.parent;
      if (p === worst) chain.push(id);
    }
    for (const id of chain) active[id] = false;
    applyFlags(w, active);
    const next = chooseContainer(w);
    const region = w.flagged[worst]!;
    if (next.depth >= region.depth && next.first >= region.first && next.end <= region.end) {
      best = next;
      continue;
    }
    for (const id of chain) active[id] = true;
    applyFlags(w, active);
    best = chooseContainer(w);
    break;
  }
  return best;
}

const KEEP_TAG = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'pre', 'blockquote', 'td', 'th', 'p', 'dd', 'dt', 'figcaption']);

const COOKIE_WORD = /\bcookies?\b|Cookie/i;
const CONSENT_WORD = /accept|consent|agree|privacy|experience|opt[- ]?out|continu|browsing|同意|隐私|体验/i;

function blockValue(tag: string, units: number, linkUnits: number, text: string): number {
  if (HEADING.test(tag)) return linkUnits > units / 2 ? -10 : -2;
  const ld = units > 0 ? linkUnits / units : 0;
  const own = units - linkUnits;
  if (ld > 0.5) return -0.5 * units - 5;
  // Cookie/consent notices, recognised by their wording whatever their markup.
  if (units < 800 && COOKIE_WORD.test(text) && CONSENT_WORD.test(text)) return -0.5 * units - 5;
  let v = own * (1 - 1.5 * ld) - 25;
  if (v > 0 && /[.!?。！？;；:：,，]/.test(text)) v *= 1.1;
  return v;
}

/** Maximum-sum contiguous run of values in [first, end); returns [start, stop). */
function bestRun(values: number[], first: number, end: number): [number, number] {
  let best = -Infinity;
  let bestS = first;
  let bestE = first;
  let cur = 0;
  let s = first;
  for (let i = first; i < end; i++) {
    if (cur <= 0) {
      cur = 0;
      s = i;
    }
    cur += values[i]!;
    if (cur > best) {
      best = cur;
      bestS = s;
      bestE = i + 1;
    }
  }
  return [bestS, bestE];
}

/** Labels that are never article text on their own. */
const LABEL = /^(advertisement|advertisements|ad|ads|sponsored|sponsored content|story continues below|continue reading|read more|caption|close|share|share this|广告|推广|相关阅读|分享)\s*[:：]?$/i;

const NON_ASCII = /[^\x00-\x7f]/;

function normTitle(s: string): string {
  // ASCII text: its letters and digits are [a-z0-9] once lower-cased (the same result, without Unicode classes)
  if (!NON_ASCII.test(s)) return s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function formatBlocks(blocks: Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    const t = b.tag === 'pre' ? b.text : b.text.replace(/\n{2,}/g, '\n\n');
    out.push(t);
  }
  return out.join('\n\n').replace(/\n{3,}/g, '\n\n').trim();
}

function pageTitle(doc: LightDocument): string {
  const og = doc.metaProperty.get('og:title')?.trim();
  if (og) return og;
  const t = doc.title.trim().replace(/\s+/g, ' ');
  if (t) return t;
  return (doc.h1 ?? '').trim().replace(/\s+/g, ' ');
}

const STRIP_OPEN = /<(script|style|noscript|template|svg|math|iframe|object|canvas)\b|<!--/gi;
const STRIP_CLOSE: Record<string, RegExp> = {};

/**
 * Removes elements that never hold article text (scripts, styles, svg…) and comments from the markup before
 * parsing, in one left-to-right scan: fewer DOM nodes makes linkedom's parse (node objects, GC) much cheaper.
 * An element left unclosed is dropped to the end of the document, as a browser would treat it as raw text.
 */
export function stripNonContent(html: string): string {
  const out: string[] = [];
  let pos = 0;
  STRIP_OPEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = STRIP_OPEN.exec(html)) !== null) {
    out.push(html.slice(pos, m.index));
    let end: number;
    if (m[0] === '<!--') {
      const e = html.indexOf('-->', m.index + 4);
      end = e < 0 ? html.length : e + 3;
    } else {
      const tag = m[1]!.toLowerCase();
      const close = (STRIP_CLOSE[tag] ??= new RegExp(`</${tag}\\s*>`, 'gi'));
      close.lastIndex = m.index + m[0].length;
      const c = close.exec(html);
      end = c ? c.index + c[0].length : html.length;
    }
    pos = end;
    STRIP_OPEN.lastIndex = end;
  }
  if (pos === 0) return html;
  out.push(html.slice(pos));
  return out.join(' ');
}

function withShell(html: string): string {
  return /<html[\s>]/i.test(html) ? html : `<!DOCTYPE html><html><head></head><body>${html}</body></html>`;
}

/** The page as a light tree (light-dom.ts): what the extraction walks. */
function parse(rawHtml: string): LightDocument {
  return parseLight(withShell(stripNonContent(rawHtml)));
}

/** The page as a linkedom DOM (for Readability, which needs a full DOM). */
function parseLinkedom(rawHtml: string): LinkedomDocument {
  // linkedom needs a document shell to expose body/title for fragments.
  return (parseHTML(withShell(stripNonContent(rawHtml))) as unknown as { document: LinkedomDocument }).document;
}

/** The density method alone (exported for the evaluation). */
export function extractByDensity(html: string): ExtractResult {
  const doc = parse(html);
  return densityOnDoc(doc, pageTitle(doc), true, { kind: 'article', described: null }, null);
}

interface DensityState {
  w: Walker;
  best: ElemRecord;
  /** The run of blocks kept around the container's best stretch: [start, end). */
  start: number;
  end: number;
  /** Blocks the density method keeps. */
  kept: boolean[];
  maxDepth: number;
}

function densityState(doc: LightDocument, title: string, useNames: boolean, styleHides = true): DensityState | null {
  const root = doc.body ?? doc.documentElement;
  if (!root) return null;
  const w = new Walker(useNames, styleHides);
  w.visit(root, 'div', false, 0);
  w.flush();
  let maxDepth = 0;
  for (const r of w.records) if (r.depth > maxDepth) maxDepth = r.depth;
  if (w.blocks.length === 0) return { w, best: { el: root, depth: 0, first: 0, end: 0, sum: 0, sig: 'body', parentSerial: -1 }, start: 0, end: 0, kept: [], maxDepth };
  w.records.push({ el: root, depth: 0, first: 0, end: w.blocks.length, sum: 0, sig: 'body', parentSerial: -1 });
  for (const b of w.blocks) b.parent = b.serial >= 0 ? w.serialToRecord[b.serial]! : w.records.length - 1;
  const best = useNames ? selectWithNames(w) : chooseContainer(w);
  const values = w.blocks.map((b) => (HEADING.test(b.tag) ? 0 : b.flagDepth > best.depth ? 0 : b.value));
  const [s, e] = bestRun(values, best.first, best.end);
  // keep a heading directly before the run (section title)
  let start = s;
  while (start > best.first && HEADING.test(w.blocks[start - 1]!.tag)) start--;
  const t = normTitle(title);
  const kept = w.blocks.map(() => false);
  for (let i = start; i < e; i++) {
    const b = w.blocks[i]!;
    // inside a boilerplate-named element nested in the article (share bar, related links, ad slot)
    if (b.flagDepth > best.depth || inCrumb(w, b)) continue;
    if (b.linkUnits > b.units * 0.5 && b.units < 400) continue;
    if (b.units < 40 && LABEL.test(b.text.trim())) continue;
    // the headline is returned as the title, not repeated in the body
    if (i - start < 3 && HEADING.test(b.tag) && t) {
      const h = normTitle(b.text);
      if (h && (t.includes(h) || h.includes(t))) continue;
    }
    kept[i] = true;
  }
  return { w, best, start, end: e, kept, maxDepth };
}

const TAG_CODE: Record<string, number> = { p: 1, li: 2, td: 3, th: 3, pre: 4, blockquote: 5, dd: 6, dt: 6, figcaption: 7 };
const PUNCT = /[.!?,;:。！？，；：]/g;
const DIGIT = /\d/g;

/** Names of the block features (the order of blockFeatures' columns; the model table refers to them by index). */
export const BLOCK_FEATURES = [
  'logUnits', 'linkDensity', 'heading', 'tag', 'relDepth', 'inContainer', 'densityKept', 'runOffset', 'position',
  'namedBoilerplate', 'droppedByName', 'punctPerUnit', 'digitShare', 'value', 'parentLogUnitsPerBlock',
  'parentLinkDensity', 'parentSigLogCount', 'parentSigShare', 'parentSigLinkDensity', 'grandSigLogCount',
  'grandSigShare', 'grandLinkDensity', 'pageLogUnits', 'pageLinkDensity', 'densityShare', 'pageLogBlocks',
  'titleLike', 'containerShare', 'prevKept', 'nextKept', 'neighbourLinkDensity',
] as const;
const F_SIG_COUNT = BLOCK_FEATURES.indexOf('parentSigLogCount');
const F_NAMED_BOILERPLATE = BLOCK_FEATURES.indexOf('namedBoilerplate');

/** One row of features per block, from the density method's state (a pure function of the page). */
function blockFeatures(st: DensityState, title: string): Float64Array[] {
  const { w, best } = st;
  const blocks = w.blocks;
  const n = blocks.length;
  const pu = new Float64Array(n + 1);
  const pl = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    pu[i + 1] = pu[i]! + blocks[i]!.units;
    pl[i + 1] = pl[i]! + blocks[i]!.linkUnits;
  }
  const total = Math.max(1, pu[n]!);
  const recUnits = (r: ElemRecord): number => pu[r.end]! - pu[r.first]!;
  const recLink = (r: ElemRecord): number => pl[r.end]! - pl[r.first]!;
  // signature groups: how often an element's tag.class repeats, and how much text (and links) those hold
  const sigCount = new Map<string, number>();
  const sigUnits = new Map<string, number>();
  const sigLink = new Map<string, number>();
  for (const r of w.records) {
    sigCount.set(r.sig, (sigCount.get(r.sig) ?? 0) + 1);
    sigUnits.set(r.sig, (sigUnits.get(r.sig) ?? 0) + recUnits(r));
    sigLink.set(r.sig, (sigLink.get(r.sig) ?? 0) + recLink(r));
  }
  const rootIdx = w.records.length - 1;
  const parentRec = (r: ElemRecord): ElemRecord => w.records[r.parentSerial >= 0 ? w.serialToRecord[r.parentSerial]! : rootIdx]!;
  let keptUnits = 0;
  for (let i = 0; i < n; i++) if (st.kept[i]) keptUnits += blocks[i]!.units;
  const pageLink = pu[n]! > 0 ? pl[n]! / pu[n]! : 0;
  const t = normTitle(title);
  const containerShare = recUnits(best) / total;
  const rows: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const b = blocks[i]!;
    const par = w.records[b.parent]!;
    const grand = b.parent === rootIdx ? par : parentRec(par);
    const pUnits = recUnits(par);
    const gUnits = recUnits(grand);
    const punct = b.text.match(PUNCT)?.length ?? 0;
    const digits = b.text.match(DIGIT)?.length ?? 0;
    const h = HEADING.test(b.tag);
    let titleLike = 0;
    if (t) {
      const nt = normTitle(b.text);
      if (nt && (t.includes(nt) || nt.includes(t))) titleLike = 1;
    }
    const runOffset = i < st.start ? (i - st.start) / n : i >= st.end ? (i - st.end + 1) / n : 0;
    const nb = (j: number): number => (j >= 0 && j < n && blocks[j]!.units > 0 ? blocks[j]!.linkUnits / blocks[j]!.units : 0);
    rows.push(
      new Float64Array([
        Math.log1p(b.units),
        b.units > 0 ? b.linkUnits / b.units : 0,
        h ? 1 : 0,
        h ? 8 : (TAG_CODE[b.tag] ?? 0),
        b.depth - best.depth,
        i >= best.first && i < best.end ? 1 : 0,
        st.kept[i] ? 1 : 0,
        runOffset,
        i / n,
        b.flagId >= 0 ? 1 : 0,
        b.flagDepth > best.depth ? 1 : 0,
        punct / Math.max(1, b.units) * 100,
        digits / Math.max(1, b.units),
        Math.max(-5, Math.min(5, b.raw / 100)),
        Math.log1p(pUnits / Math.max(1, par.end - par.first)),
        pUnits > 0 ? recLink(par) / pUnits : 0,
        Math.log1p(sigCount.get(par.sig) ?? 1),
        (sigUnits.get(par.sig) ?? 0) / total,
        (sigUnits.get(par.sig) ?? 0) > 0 ? (sigLink.get(par.sig) ?? 0) / sigUnits.get(par.sig)! : 0,
        Math.log1p(sigCount.get(grand.sig) ?? 1),
        (sigUnits.get(grand.sig) ?? 0) / total,
        gUnits > 0 ? recLink(grand) / gUnits : 0,
        Math.log1p(total),
        pageLink,
        keptUnits / total,
        Math.log1p(n),
        titleLike,
        containerShare,
        i > 0 && st.kept[i - 1] ? 1 : 0,
        i + 1 < n && st.kept[i + 1] ? 1 : 0,
        (nb(i - 1) + nb(i + 1)) / 2,
      ]),
    );
  }
  return rows;
}

/** A series of elements sharing one tag.class at least this long is a list of items (posts, products, results). */
const REPEATED_ITEMS = 8;

/**
 * What the page's kind adds to the block model's choice. On a collection or listing page (page-kind.ts) the
 * items are the content, and an item is mostly a link (its title) that the model, taught mostly on articles,
 * drops: a block whose element is one of a series of at least REPEATED_ITEMS elements sharing its tag.class,
 * not inside a region named as boilerplate, is kept. (Chosen by grouped cross-validation on the choose pages:
 * scripts/train-extract-blocks.ts.)
 */
export function keptByKind(kind: PageKind, x: ArrayLike<number>): boolean {
  return kind === 'collection' && x[F_SIG_COUNT]! >= Math.log1p(REPEATED_ITEMS) && x[F_NAMED_BOILERPLATE] === 0;
}

/** The blocks of a page with their features and the density method's choice (for training the block model). */
export function pageBlocks(html: string, url?: string): { texts: string[]; tags: string[]; features: Float64Array[]; kept: boolean[]; kind: PageKind } {
  const doc = parse(html);
  const title = pageTitle(doc);
  const kind = pageKind(html, url, doc);
  const st = densityState(doc, title, true);
  if (!st || st.w.blocks.length === 0) return { texts: [], tags: [], features: [], kept: [], kind };
  return { texts: st.w.blocks.map((b) => b.text), tags: st.w.blocks.map((b) => b.tag), features: blockFeatures(st, title), kept: st.kept, kind };
}

/** Pages with less text than this (in weighted units) are left to the density method. */
const MODEL_MIN_UNITS = 500;

/**
 * The block model's trees in flat typed arrays (one slot a node, every tree's nodes after the one before): the
 * node's feature (-1: a leaf), its threshold or leaf value, and the absolute slots of its two children.
 */
const FLAT_TREES = (() => {
  const n = BLOCK_MODEL_TREES.reduce((a, t) => a + t.length, 0);
  const feature = new Int32Array(n);
  const value = new Float64Array(n);
  const left = new Int32Array(n);
  const right = new Int32Array(n);
  const roots = new Int32Array(BLOCK_MODEL_TREES.length);
  let at = 0;
  BLOCK_MODEL_TREES.forEach((tree, t) => {
    roots[t] = at;
    tree.forEach((nd, k) => {
      feature[at + k] = nd[0];
      value[at + k] = nd[1];
      left[at + k] = at + nd[2];
      right[at + k] = at + nd[3];
    });
    at += tree.length;
  });
  return { feature, value, left, right, roots };
})();

/** The block model's score of one feature row (log-odds that the block is main text). */
export function blockScore(x: ArrayLike<number>): number {
  const { feature, value, left, right, roots } = FLAT_TREES;
  let s = BLOCK_MODEL_BIAS;
  for (let t = 0; t < roots.length; t++) {
    let k = roots[t]!;
    let f = feature[k]!;
    while (f >= 0) {
      k = x[f]! <= value[k]! ? left[k]! : right[k]!;
      f = feature[k]!;
    }
    s += value[k]!;
  }
  return s;
}

/** The page's kind (page-kind.ts) from its structured types, OpenGraph type and URL. */
function pageKind(html: string, url: string | undefined, doc: LightDocument): PageKind {
  return detectPageKind(html, url, doc.metaProperty.get('og:type'));
}

/** Decides one block from its feature row (BLOCK_FEATURES): true keeps it. */
export type BlockDecider = (x: ArrayLike<number>) => boolean;

/** The shipped block model (block-model.ts). */
const shippedModel: BlockDecider = (x) => blockScore(x) > BLOCK_MODEL_THRESHOLD;

/** What the page says of itself: its kind, and the word 3-grams of the main text it declares (JSON-LD). */
interface PageInfo {
  kind: PageKind;
  described: Set<string> | null;
}

const WORD = /[\p{L}\p{N}_]+/gu;

function trigrams(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 2 < words.length; i++) out.push(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return out;
}

/**
 * The word 3-grams of the main text a page declares in its JSON-LD: any page's `articleBody`, and a product
 * page's product descriptions; null when it declares none.
 */
function describedTrigrams(html: string, kind: PageKind): Set<string> | null {
  const texts = kind === 'product' ? declaredProductDescriptions(html) : [];
  if (html.includes('"articleBody"')) texts.push(...declaredArticleBodies(html));
  if (texts.length === 0) return null;
  const set = new Set<string>();
  for (const d of texts) for (const t of trigrams(d.toLowerCase().match(WORD) ?? [])) set.add(t);
  return set.size >= DESCRIBED_MIN_TRIGRAMS ? set : null;
}

/** A declared description shorter than this (word 3-grams) is a tagline, too short to recognise blocks by. */
const DESCRIBED_MIN_TRIGRAMS = 15;

/**
 * On a page that declares its main text in JSON-LD (an article's `articleBody`, a product's description), a
 * block of at least three words most of whose word 3-grams occur in that text is the text the publisher wrote,
 * whatever its markup (a description panel in a tab, a review box, a class the block model has not seen).
 */
function inDescription(text: string, described: Set<string> | null): boolean {
  if (!described) return false;
  const tri = trigrams(text.toLowerCase().match(WORD) ?? []);
  if (tri.length === 0) return false;
  let hit = 0;
  for (const t of tri) if (described.has(t)) hit++;
  return hit >= tri.length * 0.6;
}

function densityOnDoc(doc: LightDocument, title: string, useNames: boolean, page: PageInfo, model: BlockDecider | null = shippedModel, styleHides = true): ExtractResult {
  const st = densityState(doc, title, useNames, styleHides);
  if (!st) return { title, text: '', method: 'empty' };
  if (st.w.blocks.length === 0) return { title, text: '', method: 'empty', maxDepth: st.maxDepth };
  let kept = st.kept;
  let method: ExtractResult['method'] = 'density';
  let units = 0;
  for (const b of st.w.blocks) units += b.units;
  // The block model decides each block from its features (the density method's choice among them); on a
  // page with very little text (a fragment, a stub) there is no structure for it to weigh: density decides.
  if (model && units >= MODEL_MIN_UNITS && (model !== shippedModel || BLOCK_MODEL_FEATURES === BLOCK_FEATURES.length)) {
    const rows = blockFeatures(st, title);
    kept = rows.map((x, i) => (model(x) || keptByKind(page.kind, x) || inDescription(st.w.blocks[i]!.text, page.described)) && !inCrumb(st.w, st.w.blocks[i]!));
    method = 'blocks';
  }
  if (REPEATS_ARE_COPIES.has(page.kind)) kept = withoutRepeats(st.w.blocks, kept);
  if (method === 'blocks') kept = wholeTables(st.w, kept);
  return { title, text: formatBlocks(st.w.blocks.filter((_, i) => kept[i])), method, maxDepth: st.maxDepth };
}

/**
 * Kinds of page on which a block repeated word for word is a copy made by the template (a carousel's cloned
 * slides, the mobile and desktop versions of one section). On articles, threads and documentation a repeat is
 * usually written so (a quoted post, a code sample shown twice, a pull quote) and stays.
 */
const REPEATS_ARE_COPIES = new Set<PageKind>(['product', 'collection', 'service']);

/** A data table: at least this many cells, at most this share of its text in links. */
const TABLE_MIN_CELLS = 4;
const TABLE_MAX_LINK = 0.3;

/**
 * A data table (a price list, a specification, a timetable) is read whole: its cells are short, and one by
 * one they look like labels. When the text on both sides of it is kept, or at least half of its own text is,
 * every cell of it is kept. A data table: most of its blocks are its cells' own text (td, th), little of it is
 * links.
 */
function wholeTables(w: Walker, kept: boolean[]): boolean[] {
  let out = kept;
  for (const r of w.records) {
    if (r.el.localName !== 'table' || r.end - r.first < TABLE_MIN_CELLS) continue;
    let units = 0;
    let link = 0;
    let keptUnits = 0;
    let cells = 0;
    for (let i = r.first; i < r.end; i++) {
      const b = w.blocks[i]!;
      units += b.units;
      link += b.linkUnits;
      if (out[i]) keptUnits += b.units;
      if (b.tag === 'td' || b.tag === 'th') cells++;
    }
    // (a layout table holds its page in paragraphs and divisions inside its cells, not in the cells' own text)
    if (units === 0 || link > units * TABLE_MAX_LINK || keptUnits === units || cells < (r.end - r.first) * 0.8) continue;
    const around = r.first > 0 && out[r.first - 1] && r.end < w.blocks.length && out[r.end];
    if (!around && keptUnits < units * 0.5) continue;
    if (out === kept) out = kept.slice();
    for (let i = r.first; i < r.end; i++) if (!inCrumb(w, w.blocks[i]!)) out[i] = true;
  }
  return out;
}

/** A kept block this long (units) that repeats an earlier kept block word for word is a copy. */
const REPEAT_MIN_UNITS = 30;

/**
 * Drops kept blocks that repeat an earlier kept block word for word (a carousel's cloned slides, the mobile and
 * desktop copies of one section): the text is read once. Short blocks ("Read more", a price) may repeat.
 */
function withoutRepeats(blocks: Block[], kept: boolean[]): boolean[] {
  const seen = new Set<string>();
  const repeat = new Uint8Array(blocks.length);
  for (let i = 0; i < blocks.length; i++) {
    if (!kept[i]) continue;
    const key = normTitle(blocks[i]!.text);
    if (seen.has(key)) repeat[i] = 1;
    else seen.add(key);
  }
  const out = kept.slice();
  const kIdx: number[] = [];
  for (let i = 0; i < blocks.length; i++) if (kept[i]) kIdx.push(i);
  for (const i of kIdx) if (repeat[i] && blocks[i]!.units >= REPEAT_MIN_UNITS) out[i] = false;
  // a short repeat (a heading, a label) between repeated copies is part of the copy
  for (let k = 0; k < kIdx.length; k++) {
    const i = kIdx[k]!;
    if (!repeat[i] || !out[i]) continue;
    const prev = k > 0 ? kIdx[k - 1]! : -1;
    const next = k + 1 < kIdx.length ? kIdx[k + 1]! : -1;
    if ((prev >= 0 && repeat[prev] && blocks[prev]!.units >= REPEAT_MIN_UNITS) || (next >= 0 && repeat[next] && blocks[next]!.units >= REPEAT_MIN_UNITS)) out[i] = false;
  }
  return out;
}

// Readability's cost grows with depth × elements; past these bounds it is not worth running.
const MAX_READABILITY_ELEMENTS = 60000;
const MAX_READABILITY_DEPTH = 250;

function readabilityText(html: string, url?: string): { title: string; text: string } | null {
  try {
    const doc = parseLinkedom(html);
    void url;
    const r = new Readability(doc as never, { charThreshold: 300, maxElemsToParse: MAX_READABILITY_ELEMENTS }).parse();
    if (!r || !r.content) return null;
    // Readability's textContent glues blocks together; re-read its HTML with block structure kept.
    const inner = parseLinkedom(`<html><body>${r.content}</body></html>`);
    const root = inner.body!;
    const w = new Walker(false);
    w.visit(root, 'div', false, 0);
    w.flush();
    return { title: r.title ?? '', text: formatBlocks(w.blocks) };
  } catch {
    return null;
  }
}

/** Plain Readability.js on linkedom (the baseline in the evaluation): its own textContent. */
export function extractWithReadability(html: string): { title: string; text: string } {
  try {
    const doc = (parseHTML(html) as unknown as { document: LinkedomDocument }).document;
    const r = new Readability(doc as never).parse();
    return { title: r?.title ?? '', text: (r?.textContent ?? '').trim() };
  } catch {
    return { title: '', text: '' };
  }
}

/** Visible text of the whole body with block structure (last resort). */
function bodyText(doc: LightDocument): string {
  const root = doc.body ?? doc.documentElement;
  if (!root) return '';
  const w = new Walker(false);
  w.visit(root, 'div', false, 0);
  w.flush();
  return formatBlocks(w.blocks);
}

/**
 * Extracts the main text and title of an HTML page. Never throws on bad markup; returns empty text when
 * the page has no readable text. `model` replaces the shipped block model (the training script's
 * cross-validation runs the whole extraction, fallbacks included, with each fold's model).
 */
export function extractMainText(html: string, url?: string, model: BlockDecider = shippedModel): ExtractResult {
  try {
    return extractFromDom(html, url, model);
  } catch {
    // Pathological markup (e.g. nesting deeper than the call stack): tags stripped without a DOM.
    const text = markupToText(html);
    return { title: '', text, method: text ? 'body' : 'empty' };
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Text of markup without a DOM: block tags become paragraph breaks, other tags vanish, basic entities decoded. */
export function markupToText(html: string): string {
  return stripNonContent(html)
    .replace(/<\/?(?:p|div|br|li|h[1-6]|tr|td|th|section|article|blockquote|pre|ul|ol|table|header|footer|main)\b[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t\r\f\v\u00a0]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Kinds of page whose main text may be short by nature (a product's facts, a list of items). */
const SHORT_BY_NATURE = new Set<PageKind>(['product', 'collection']);

/** Below this much text (weighted units) the fallbacks are tried: structure alone, then Readability. */
const FALLBACK_UNITS = 250;

function extractFromDom(html: string, url: string | undefined, model: BlockDecider): ExtractResult {
  const doc = parse(html);
  const title = pageTitle(doc);
  const kind = pageKind(html, url, doc);
  const page: PageInfo = { kind, described: describedTrigrams(html, kind) };
  let dens = densityOnDoc(doc, title, true, page, model);
  let units = weightedLength(dens.text);
  if (units >= FALLBACK_UNITS) return dens;
  // Class/id names can mislead (a wrapper called "paywall" or "has-sidebar"): retry on structure alone.
  const plain = densityOnDoc(doc, title, false, page, model);
  const plainUnits = weightedLength(plain.text);
  if (plainUnits > 2 * units + 100) {
    dens = plain;
    units = plainUnits;
  }
  if (units >= FALLBACK_UNITS) return dens;
  // A page may hide its content with an inline style until a script shows it (a storefront's lock-down or
  // anti-flicker wrapper): retry with inline styles not hiding anything.
  const shown = densityOnDoc(doc, title, true, page, model, false);
  const shownUnits = weightedLength(shown.text);
  if (shownUnits > 2 * units + 100) {
    dens = shown;
    units = shownUnits;
  }
  if (units >= FALLBACK_UNITS) return dens;
  // Readability looks for the longest article-like run; a product page's or a collection's own text is short
  // by nature, and the longest run there is a carousel of other products or the footer: not tried.
  const rd = (dens.maxDepth ?? 0) <= MAX_READABILITY_DEPTH && !SHORT_BY_NATURE.has(kind) ? readabilityText(html, url) : null;
  // Readability only when it finds much more than the density method (which found little or only junk).
  if (rd && weightedLength(rd.text) > 2 * units + 100) return { title: title || rd.title, text: rd.text, method: 'readability' };
  // A page whose text is written by scripts (an app shell) may still describe itself in its metadata.
  const desc = metaDescription(doc);
  if (desc && weightedLength(desc) > units + 50) return { title, text: desc, method: 'description' };
  if (dens.text) return dens;
  const body = bodyText(doc);
  return body ? { title, text: body, method: 'body' } : { title, text: '', method: 'empty' };
}

function metaDescription(doc: LightDocument): string {
  for (const c0 of [doc.metaProperty.get('og:description'), doc.metaName.get('description'), doc.metaName.get('twitter:description')]) {
    const c = c0?.trim();
    if (c) return c.replace(/\s+/g, ' ');
  }
  return '';
}
