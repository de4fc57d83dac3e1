import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLight, type LightElement, type LightNode } from '../../src/core/corpus/html/light-dom';

function tags(el: LightElement): string[] {
  const out: string[] = [];
  const walk = (e: LightElement): void => {
    for (let n: LightNode | null = e.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 1) {
        out.push(n.localName);
        walk(n);
      }
    }
  };
  walk(el);
  return out;
}

test('light tree: elements and text in document order, implied end tags closed, entities decoded', () => {
  const doc = parseLight('<html><head><title>A &amp; B</title></head><body><p>one<p>two <b>bold</b><ul><li>x<li>y</ul></body></html>');
  assert.equal(doc.title, 'A & B');
  assert.ok(doc.body);
  assert.deepEqual(tags(doc.body), ['p', 'p', 'b', 'ul', 'li', 'li']);
  const p2 = doc.body.firstChild!.nextSibling as LightElement;
  assert.equal(p2.localName, 'p');
  assert.equal((p2.firstChild as { textContent: string }).textContent, 'two ');
});

test('light tree: the first body holding elements is the body (a broken page opens an empty one first)', () => {
  const doc = parseLight('<html><head><html><head></head><body> </head><body><div><p>real text</p></div></body></html>');
  assert.ok(doc.body);
  assert.deepEqual(tags(doc.body), ['div', 'p']);
});

test('light tree: og:title, meta descriptions by property or name, first h1 text, tidy class tokens', () => {
  const doc = parseLight(
    '<html><head><meta property="og:title" content=" OG title "><meta name="description" content="first">' +
      '<meta name="description" content="second"><meta property="og:description"></head>' +
      '<body><h1>Head <i>line</i></h1><h1>other</h1><div class="  a  b a\tc "></div></body></html>',
  );
  assert.equal(doc.metaProperty.get('og:title'), ' OG title ');
  assert.equal(doc.metaName.get('description'), 'first');
  assert.equal(doc.metaProperty.get('og:description'), null);
  assert.equal(doc.h1, 'Head line');
  const div = doc.body!.lastChild as LightElement;
  assert.equal(div.getAttribute('class'), 'a b c');
  assert.equal(div.getAttribute('id'), null);
});
