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

test('light tree: class tokens kept as written when spaced by one space, repeats dropped, other spaces kept in tokens', () => {
  const cls = (v: string): string | null => (parseLight(`<body><div class="${v}">x</div></body>`).body!.firstChild as LightElement).getAttribute('class');
  assert.equal(cls('one'), 'one');
  assert.equal(cls('one two'), 'one two');
  assert.equal(cls('one two one'), 'one two');
  assert.equal(cls(' one'), 'one');
  assert.equal(cls('one\ntwo'), 'one two');
  assert.equal(cls('a\u00a0b c'), 'a\u00a0b c');
  assert.equal(cls(''), '');
});

test('light tree: the skipping tokeniser gives htmlparser2’s own events on random markup', async () => {
  const { parserEvents, LIGHT_DOM_SKIPPING } = await import('../../src/core/corpus/html/light-dom');
  assert.equal(LIGHT_DOM_SKIPPING, true, 'the self-check at load should accept the skipping tokeniser');
  // pieces that exercise text, entities (named, numeric, legacy without `;`, in text and in values), quotes of
  // both kinds, unquoted values, special tags (title, textarea, xmp), comments, CDATA, stray `<` and `&`
  const pieces = [
    'plain text ', '&amp;', '&amp', '&lt;', '&#x4e2d;', '&#25991;', '&copy', '&notit;', '&nosuch;', '&', '&&', '<', '< p>', '>',
    '<p>', '</p>', '<div class="a b">', '<div class=\'x &amp; y\'>', '<a href="?a=1&b=2&amp;c=3">', '<img alt=x&amp;y>',
    '<span title="&quot;q&quot; \'s\'">', '</div>', '<br/>', '<title>T &amp; t <b></title>', '<textarea>a &lt; <i></textarea>',
    '<xmp>x<y</xmp>', '<!-- c & d -->', '<![CDATA[e<f]]>', '<?pi x?>', '中文文本', '\n\t ', '"', "'", '=', '<li>', '<td>',
    '<p a="1" a="2">', '<P CLASS="Up">', '<svg><path d="M0 0"/></svg>', '<script>if (a < b && c) {}</script>',
  ];
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let k = 0; k < 3000; k++) {
    let html = '';
    const len = 1 + rand(30);
    for (let i = 0; i < len; i++) html += pieces[rand(pieces.length)];
    if (rand(2)) html = html.slice(0, rand(html.length + 1)); // cut anywhere: inside a tag, a value, an entity
    assert.equal(parserEvents(html, true), parserEvents(html, false), html);
  }
});
