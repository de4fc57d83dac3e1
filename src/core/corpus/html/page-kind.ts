// What kind of page this is (an article, a forum thread, a product, a collection or listing of items,
// documentation, a service or marketing page), from what the page says of itself: the schema.org types in its
// JSON-LD and microdata, its OpenGraph type, and its URL's host and path. The extractor keeps different things
// on different kinds of page (every post of a thread, the items of a listing, a product's short facts).
//
// Structured types come first (a page that declares itself a Product or a DiscussionForumPosting is one); the
// URL decides when they say nothing more specific than a web page or an article; an unknown page is an article.

export type PageKind = 'article' | 'forum' | 'product' | 'collection' | 'documentation' | 'service';

/** schema.org types that name a page's kind (types such as Organization, WebSite or BreadcrumbList say nothing). */
const TYPE_KIND: Record<string, PageKind> = {
  product: 'product',
  productgroup: 'product',
  productmodel: 'product',
  individualproduct: 'product',
  car: 'product',
  vehicle: 'product',
  discussionforumposting: 'forum',
  qapage: 'forum',
  socialmediaposting: 'forum',
  collectionpage: 'collection',
  itemlist: 'collection',
  offercatalog: 'collection',
  searchresultspage: 'collection',
  techarticle: 'documentation',
  apireference: 'documentation',
  service: 'service',
  professionalservice: 'service',
  financialservice: 'service',
  article: 'article',
  newsarticle: 'article',
  blogposting: 'article',
  reportagenewsarticle: 'article',
  analysisnewsarticle: 'article',
  opinionnewsarticle: 'article',
  scholarlyarticle: 'article',
  recipe: 'article',
  review: 'article',
  howto: 'article',
};

const LD_TYPE = /"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")/g;
const QUOTED = /"([^"]*)"/g;
const ITEMTYPE = /\b(?:itemtype|typeof)\s*=\s*["']?(?:https?:\/\/schema\.org\/)?([A-Za-z]+)/gi;

/** The bodies of a page's `application/ld+json` scripts, in order (an unclosed last one runs to the end). */
function* ldJsonScripts(html: string): Generator<string> {
  let from = 0;
  for (;;) {
    const at = html.indexOf('application/ld+json', from);
    if (at < 0) return;
    const open = html.indexOf('>', at);
    if (open < 0) return;
    let close = html.indexOf('</script', open);
    if (close < 0) close = html.length;
    yield html.slice(open + 1, close);
    from = close;
  }
}

/**
 * The schema.org types a page declares: `@type` in its JSON-LD scripts and `itemtype` / `typeof` (microdata,
 * RDFa) on its elements, lower-cased. Read from the raw markup (scripts are cut before parsing).
 */
export function declaredTypes(html: string): Set<string> {
  const out = new Set<string>();
  for (const body of ldJsonScripts(html)) {
    LD_TYPE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = LD_TYPE.exec(body)) !== null) {
      QUOTED.lastIndex = 0;
      let q: RegExpExecArray | null;
      while ((q = QUOTED.exec(m[1]!)) !== null) {
        const t = q[1]!.replace(/^https?:\/\/schema\.org\//i, '').toLowerCase();
        if (t) out.add(t);
      }
    }
  }
  ITEMTYPE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ITEMTYPE.exec(html)) !== null) out.add(m[1]!.toLowerCase());
  return out;
}

const FORUM_HOST = /^(?:forums?|community|communities|discuss|discussions?|discourse|bbs|board|boards)\.|(?:^|\.)(?:stackoverflow\.com|stackexchange\.com|superuser\.com|serverfault\.com|askubuntu\.com|reddit\.com|quora\.com|news\.ycombinator\.com|slashdot\.org)$/;
const FORUM_PATH = /\/(?:t|topic|topics|thread|threads|forum|forums|discussion|discussions|questions|question|comments|community|viewtopic\.php|showthread\.php)(?:\/|$|\?)/;
const PRODUCT_PATH = /\/(?:products?|dp|gp\/product|itm|ip)\/[^/?#]+/;
const COLLECTION_PATH = /\/(?:collections?|categories|category|product-category|browse|catalogs?|shop|c|list|listings?|jobs|search)(?:\/|$|\?)/;
const DOCS_HOST = /^(?:docs|doc|developer|developers|devdocs|wiki|learn|api|reference)\.|readthedocs\.(?:io|org)$/;
const DOCS_PATH = /\/(?:docs?|documentation|reference|api|manual|guide|guides|handbook|wiki|man|tutorials?|kb|knowledge-base)(?:\/|$)/;
const SERVICE_PATH = /\/(?:services?|solutions?|capabilities|offerings?|consulting|pricing|features?)(?:\/|\.html?|$)/;

/** The page's kind from its URL alone, or null when the URL says nothing. */
export function kindFromUrl(url: string | undefined): PageKind | null {
  if (!url) return null;
  let host: string;
  let path: string;
  try {
    const u = new URL(url);
    host = u.hostname.toLowerCase().replace(/^www\./, '');
    path = u.pathname.toLowerCase();
  } catch {
    return null;
  }
  if (FORUM_HOST.test(host) || FORUM_PATH.test(path)) return 'forum';
  if (PRODUCT_PATH.test(path)) return 'product';
  if (COLLECTION_PATH.test(path)) return 'collection';
  if (DOCS_HOST.test(host) || DOCS_PATH.test(path)) return 'documentation';
  if (SERVICE_PATH.test(path)) return 'service';
  return null;
}

/**
 * The page's kind. A declared thread is a thread. A declared article stays an article unless its URL names a
 * thread, documentation or a service (such pages are often marked up as plain articles; the products and item
 * lists an article declares are what it reviews or lists). Then a declared product, documentation, collection
 * (a URL naming something more specific wins over an ItemList) or service; OpenGraph's product types; the URL;
 * else an article.
 */
export function detectPageKind(html: string, url: string | undefined, ogType: string | null | undefined): PageKind {
  const kinds = new Set<PageKind>();
  for (const t of declaredTypes(html)) {
    const k = TYPE_KIND[t];
    if (k) kinds.add(k);
  }
  const fromUrl = kindFromUrl(url);
  if (kinds.has('forum')) return 'forum';
  if (kinds.has('article')) return fromUrl === 'forum' || fromUrl === 'documentation' || fromUrl === 'service' ? fromUrl : 'article';
  if (kinds.has('product')) return 'product';
  if (kinds.has('documentation')) return 'documentation';
  if (kinds.has('collection')) return fromUrl ?? 'collection';
  if (kinds.has('service')) return 'service';
  const og = (ogType ?? '').toLowerCase().trim();
  if (og === 'product' || og === 'product.item' || og === 'og:product') return fromUrl === 'collection' ? 'collection' : 'product';
  if (og === 'product.group') return 'collection';
  return fromUrl ?? 'article';
}

/** Tags and the few entities a description written as HTML inside JSON-LD holds. */
const DESC_TAG = /<[^>]*>/g;
const DESC_ENTITY = /&(amp|lt|gt|quot|apos|nbsp|#\d+);/g;
const DESC_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function plainDescription(s: string): string {
  return s
    .replace(DESC_TAG, ' ')
    .replace(DESC_ENTITY, (_, e: string) => (e[0] === '#' ? String.fromCodePoint(Number(e.slice(1)) || 32) : DESC_ENTITIES[e]!))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every object of a page's JSON-LD scripts (nested ones and `@graph` members included), depth-first. */
function forEachLdObject(html: string, fn: (o: Record<string, unknown>) => void): void {
  const visit = (v: unknown, depth: number): void => {
    if (depth > 8 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    fn(o);
    for (const k in o) {
      const x = o[k];
      if (x !== null && typeof x === 'object') visit(x, depth + 1);
    }
  };
  for (const body of ldJsonScripts(html)) {
    try {
      visit(JSON.parse(body), 0);
    } catch {
      // not JSON (a template placeholder, a truncated page): nothing declared
    }
  }
}

/**
 * The descriptions a page's JSON-LD gives its products (`description` of a Product, ProductGroup… object,
 * anywhere in the data, `@graph` included), as plain text: the shop's own statement of what the product text
 * is, which the extractor uses to keep those blocks (extract.ts). Unparsable JSON-LD is skipped.
 */
export function declaredProductDescriptions(html: string): string[] {
  const out: string[] = [];
  forEachLdObject(html, (o) => {
    const t = o['@type'];
    const types = (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string');
    if (typeof o.description === 'string' && types.some((x) => TYPE_KIND[x.replace(/^https?:\/\/schema\.org\//i, '').toLowerCase()] === 'product')) {
      const d = plainDescription(o.description);
      if (d) out.push(d);
    }
  });
  return out;
}

/** The `articleBody` texts of a page's JSON-LD (any type), as plain text: the publisher's own article text. */
export function declaredArticleBodies(html: string): string[] {
  const out: string[] = [];
  forEachLdObject(html, (o) => {
    if (typeof o.articleBody === 'string') {
      const d = plainDescription(o.articleBody);
      if (d) out.push(d);
    }
  });
  return out;
}
