import { test } from 'node:test';
import assert from 'node:assert/strict';
import { declaredArticleBodies, declaredProductDescriptions, declaredTypes, detectPageKind, kindFromUrl } from '../../src/core/corpus/html/page-kind';

const ld = (obj: unknown): string => `<script type="application/ld+json">${JSON.stringify(obj)}</script>`;

test('declaredTypes reads JSON-LD @type (strings, arrays, nested, schema.org URLs) and microdata/RDFa types', () => {
  const html =
    ld({ '@context': 'https://schema.org', '@graph': [{ '@type': 'WebPage' }, { '@type': ['Product', 'Thing'], offers: { '@type': 'Offer' } }] }) +
    ld({ '@type': 'https://schema.org/BreadcrumbList' }) +
    '<div itemscope itemtype="http://schema.org/DiscussionForumPosting"></div><ol typeof="ItemList"></ol>';
  assert.deepEqual([...declaredTypes(html)].sort(), ['breadcrumblist', 'discussionforumposting', 'itemlist', 'offer', 'product', 'thing', 'webpage']);
  assert.equal(declaredTypes('<p>no structured data</p>').size, 0);
});

test('kindFromUrl: hosts and paths that name a thread, product, collection, documentation or service', () => {
  assert.equal(kindFromUrl('https://forum.example.org/t/some-topic/1234'), 'forum');
  assert.equal(kindFromUrl('https://stackoverflow.com/questions/1/why'), 'forum');
  assert.equal(kindFromUrl('https://example.com/discussions/topic/beginners/'), 'forum');
  assert.equal(kindFromUrl('https://shop.example.com/products/wool-runner'), 'product');
  assert.equal(kindFromUrl('https://www.ebay.com/itm/296607459180'), 'product');
  assert.equal(kindFromUrl('https://example.com/collections/power-stations?x=1'), 'collection');
  assert.equal(kindFromUrl('https://example.com/product-category/outdoor-gear/'), 'collection');
  assert.equal(kindFromUrl('https://docs.example.com/guide/intro.html'), 'documentation');
  assert.equal(kindFromUrl('https://example.com/en/docs/Web/API'), 'documentation');
  assert.equal(kindFromUrl('https://example.com/services/data-to-insights'), 'service');
  // a newsletter post at /p/… and a news story are not products or threads
  assert.equal(kindFromUrl('https://someone.substack.com/p/reimplementing-unix'), null);
  assert.equal(kindFromUrl('https://www.latimes.com/business/story/2019-11-19/merger'), null);
  assert.equal(kindFromUrl(undefined), null);
  assert.equal(kindFromUrl('not a url'), null);
});

test('detectPageKind: declared types first; a declared article keeps to its URL only for threads, docs and services', () => {
  // an article reviewing products declares them: still an article
  assert.equal(detectPageKind(ld({ '@type': 'Review', itemReviewed: { '@type': 'Product' } }) + ld({ '@type': 'Article' }), 'https://example.com/best-tv', null), 'article');
  assert.equal(detectPageKind(ld({ '@type': 'NewsArticle' }), 'https://someone.substack.com/p/post', null), 'article');
  assert.equal(detectPageKind(ld({ '@type': 'Article' }), 'https://forum.example.org/t/x/1', null), 'forum');
  assert.equal(detectPageKind(ld({ '@type': 'Product' }), 'https://example.com/macbook-air/', null), 'product');
  assert.equal(detectPageKind(ld({ '@type': 'QAPage' }), 'https://example.com/a', null), 'forum');
  // an FAQ's questions do not make a service page a forum
  assert.equal(detectPageKind(ld({ '@type': 'FAQPage', mainEntity: [{ '@type': 'Question' }] }), 'https://example.com/services/x', null), 'service');
  assert.equal(detectPageKind(ld({ '@type': 'ItemList' }), 'https://example.com/products/x', null), 'product');
  assert.equal(detectPageKind(ld({ '@type': 'CollectionPage' }), 'https://example.com/lights/', null), 'collection');
  // OpenGraph: a product group is a collection, a product a product (unless the URL names a collection)
  assert.equal(detectPageKind('', 'https://example.com/collections/lamps', 'product.group'), 'collection');
  assert.equal(detectPageKind('', 'https://example.com/lamp', 'product'), 'product');
  assert.equal(detectPageKind('', 'https://example.com/2024/05/a-story', 'article'), 'article');
  assert.equal(detectPageKind('', undefined, null), 'article');
});

test('declaredProductDescriptions: the description of every Product-like JSON-LD object (in @graph, typed by array or URL) as plain text; other types and broken JSON-LD give nothing', () => {
  const html =
    ld({ '@context': 'https://schema.org', '@graph': [{ '@type': 'WebPage', description: 'A shop page' }, { '@type': ['Product', 'Thing'], description: '<h4>BOLD.</h4>\n<p>Dark &amp; smooth roast.</p>' }] }) +
    ld({ '@type': 'https://schema.org/ProductGroup', description: 'Ground or whole bean.' }) +
    ld({ '@type': 'Organization', description: 'We roast coffee.' }) +
    '<script type="application/ld+json">{"@type": "Product", "description": </script>';
  assert.deepEqual(declaredProductDescriptions(html), ['BOLD. Dark & smooth roast.', 'Ground or whole bean.']);
  assert.deepEqual(declaredProductDescriptions('<p>no structured data</p>'), []);
});

test('declaredArticleBodies: the articleBody of any JSON-LD object, as plain text', () => {
  const html = ld({ '@graph': [{ '@type': 'WebPage' }, { '@type': 'NewsArticle', articleBody: 'First line.<br>Second &amp; last.' }] }) + ld({ '@type': 'BlogPosting', articleBody: 'Another post.' });
  assert.deepEqual(declaredArticleBodies(html), ['First line. Second & last.', 'Another post.']);
  assert.deepEqual(declaredArticleBodies(ld({ '@type': 'Product', description: 'Not an article body.' })), []);
});
