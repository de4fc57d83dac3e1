import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractByDensity, extractMainText, keptByKind, markupToText, pageBlocks, stripNonContent, weightedLength } from '../../src/core/corpus/html/extract';
import { extractCommand } from '../../src/cli/commands/extract';
import type { CliIO } from '../../src/cli/commands/types';

const P1 = 'The city council voted on Tuesday to expand the river monitoring programme to forty new sites, after a summer in which algae closed three beaches.';
const P2 = 'Officials said the new sensors will report oxygen and nitrate levels every hour, and the results will be published on an open dashboard.';
const P3 = 'Environmental groups welcomed the decision but warned that the funding covers only two years, and asked for a long-term commitment.';

function page(body: string, head = '<title>River plan | City News</title>'): string {
  return `<!DOCTYPE html><html><head>${head}<style>.x{color:red}</style><script>window.track = "tracking-code";</script></head><body>${body}</body></html>`;
}

const NAV = '<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li></ul></nav>';
const HEADER_LINKS = '<div class="header"><a href="/login">Log in</a> <a href="/subscribe">Subscribe to our daily newsletter today</a></div>';
const COOKIE = '<div id="cookie-banner"><p>We use cookies to improve your experience on our website. By continuing to browse you agree to our use of cookies and our privacy policy terms.</p><button>Accept</button></div>';
const SHARE = '<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>';
const RELATED = '<div class="related-stories"><h3>More stories</h3><ul>' +
  Array.from({ length: 6 }, (_, i) => `<li><a href="/s${i}">Another headline about something else entirely, number ${i}</a></li>`).join('') + '</ul></div>';
const FOOTER = '<footer><p>© 2024 City News. All rights reserved. Contact us at the newsroom for corrections.</p></footer>';

test('English article: body kept with blank lines between blocks; nav, scripts, styles, cookies, share, related, footer removed', () => {
  const html = page(`${HEADER_LINKS}${NAV}${COOKIE}<main><article><h1>River plan</h1>${SHARE}
    <p>${P1}</p><div class="ad-slot">Advertisement</div><h2>Sensors every hour</h2><p>${P2}</p><p>${P3}</p>
    <figure><img src="x.jpg"><figcaption>Photo: the river at dawn. Credit: Staff</figcaption></figure>${RELATED}</article></main>${FOOTER}`);
  const r = extractMainText(html);
  assert.equal(r.title, 'River plan | City News');
  // the headline may open the body as well (the block model keeps it: WCXB's reference texts start with it)
  assert.equal(r.text.replace(/^River plan\n\n/, ''), [P1, 'Sensors every hour', P2, P3].join('\n\n'));
});

test('Chinese article: a few short Chinese paragraphs beat a longer English link list (Chinese-aware length)', () => {
  const zh1 = '市议会周二投票决定，将河流监测计划扩大到四十个新站点。今年夏天，藻类导致三处海滩关闭。';
  const zh2 = '官员表示，新传感器将每小时报告一次溶解氧和硝酸盐水平，结果将在公开平台上发布。';
  const links = '<div class="links">' + Array.from({ length: 12 }, (_, i) => `<a href="/${i}">Read the latest English headline number ${i}</a>`).join(' ') + '</div>';
  const html = page(`${links}<div class="content"><p>${zh1}</p><p>${zh2}</p></div>`, '<title>河流监测计划扩大</title>');
  const r = extractMainText(html);
  assert.equal(r.title, '河流监测计划扩大');
  assert.equal(r.text, `${zh1}\n\n${zh2}`);
  assert.ok(weightedLength(zh1) > zh1.length * 2, 'Han characters weigh more than Latin letters');
});

test('a wrapper whose class names look like boilerplate does not hide the article', () => {
  const html = page(`${NAV}<div class="page has-sidebar paywall"><div class="widget-wrap"><p>${P1}</p><p>${P2}</p><p>${P3}</p></div></div>`);
  const r = extractMainText(html);
  assert.equal(r.text, [P1, P2, P3].join('\n\n'));
});

test('a cookie notice is recognised by its wording even without a telling class name', () => {
  const notice = '<div class="n1"><p>This website uses cookies to improve your experience. We\'ll assume you\'re ok with this, but you can opt-out if you wish.</p></div>';
  const html = page(`<div class="wrap"><article><p>${P1}</p><p>${P2}</p></article></div>${notice}`);
  assert.equal(extractMainText(html).text, `${P1}\n\n${P2}`);
});

test('line breaks, lists and preformatted text keep their structure', () => {
  const html = page(`<article><p>${P1}<br>Second line of the same paragraph.</p><ul><li>${P2}</li><li>${P3}</li></ul><pre>code  line 1\n  indented line 2</pre><p>${P1}</p></article>`);
  const r = extractMainText(html);
  assert.equal(r.text, `${P1}\nSecond line of the same paragraph.\n\n${P2}\n\n${P3}\n\ncode  line 1\n  indented line 2\n\n${P1}`);
});

test('hidden elements and inline boilerplate are dropped', () => {
  const html = page(`<article><p>${P1}<span class="sr-only"> Screen reader junk text</span></p><div hidden><p>${P3} hidden copy</p></div>` +
    `<div style="display:none"><p>Invisible paragraph that must not appear in the output text at all.</p></div><p>${P2}</p></article>`);
  const r = extractMainText(html);
  assert.equal(r.text, `${P1}\n\n${P2}`);
});

test('bad or empty markup never throws', () => {
  assert.equal(extractMainText('').text, '');
  assert.equal(extractMainText('<html><body><script>only script</script></body></html>').text, '');
  const frag = extractMainText(`<p>${P1}</p><p>${P2}`);
  assert.equal(frag.text, `${P1}\n\n${P2}`);
  const unclosed = extractMainText(`<div><p>${P1}<div><span>${P2}`);
  assert.match(unclosed.text, /river monitoring/);
  assert.match(unclosed.text, /oxygen and nitrate/);
});

test('pathologically deep nesting still yields the text (no stack overflow)', () => {
  for (const depth of [3000, 30000]) {
    const html = '<html><body>' + '<div>'.repeat(depth) + `<p>${P1}</p>` + '</div>'.repeat(depth) + '</body></html>';
    const r = extractMainText(html);
    assert.equal(r.text, P1, `depth ${depth}`);
  }
});

test('stripNonContent removes scripts, styles, svg and comments in one scan, including unclosed ones', () => {
  assert.equal(stripNonContent('a<script>if (x < 1) document.write("</div>")</script>b'), 'a b');
  assert.equal(stripNonContent('a<!-- <p>gone</p> -->b<STYLE type="text/css">p{}</STYLE >c'), 'a b c');
  assert.equal(stripNonContent('a<svg><path d="M0"/></svg>b'), 'a b');
  assert.equal(stripNonContent('keep<script>never closed'), 'keep ');
  assert.equal(stripNonContent('<p>no scripts</p>'), '<p>no scripts</p>');
  // "<scripts>" or "<stylesheet>" are not the tags
  assert.equal(stripNonContent('<stylesheet>x</stylesheet>'), '<stylesheet>x</stylesheet>');
});

test('markupToText: tags stripped, blocks separated, entities decoded', () => {
  assert.equal(markupToText('<div>Fish &amp; chips</div><p>caf&#233; &lt;3 &#x4e2d;&#25991;</p><script>x()</script>'), 'Fish & chips\n\ncafé <3 中文');
});

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'curator-extract-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function io(): CliIO & { outText: string[]; errText: string[] } {
  const outText: string[] = [];
  const errText: string[] = [];
  return { out: (t) => outText.push(t), err: (t) => errText.push(t), env: {}, cwd: dir, outText, errText };
}

test('curator extract: text to stdout; a bad file is named on stderr, the others go on, exit 1', async () => {
  writeFileSync(join(dir, 'a.html'), page(`<article><p>${P1}</p><p>${P2}</p></article>`));
  writeFileSync(join(dir, 'b.html'), page(`<article><p>${P3}</p></article>`));
  writeFileSync(join(dir, 'bin.html'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
  const ok = io();
  assert.equal(await extractCommand.run(['a.html', 'b.html'], ok), 0);
  assert.deepEqual(ok.outText, [`${P1}\n\n${P2}\n`, `${P3}\n`]);
  assert.deepEqual(ok.errText, []);

  const bad = io();
  assert.equal(await extractCommand.run(['a.html', 'missing.html', 'bin.html', 'b.html'], bad), 1);
  assert.equal(bad.outText.length, 2);
  assert.equal(bad.errText.length, 2);
  assert.match(bad.errText[0]!, /missing\.html: file not found/);
  assert.match(bad.errText[1]!, /bin\.html: binary/);
  assert.ok(bad.errText.every((l) => !l.includes('\n')));
});

test('curator extract --json maps each input path to its text', async () => {
  const x = io();
  assert.equal(await extractCommand.run(['--json', 'a.html', 'b.html'], x), 0);
  const obj = JSON.parse(x.outText.join('')) as Record<string, string>;
  assert.deepEqual(obj, { 'a.html': `${P1}\n\n${P2}`, 'b.html': P3 });
});

test('curator extract: a page without main text maps to an empty text with a warning naming it; the rest go on', async () => {
  writeFileSync(join(dir, 'empty.html'), page('<nav><a href="/">Home</a></nav><script>render()</script>'));
  writeFileSync(join(dir, 'blank.html'), '');
  const x = io();
  assert.equal(await extractCommand.run(['a.html', 'empty.html', 'blank.html', 'b.html'], x), 0);
  assert.deepEqual(x.outText, [`${P1}\n\n${P2}\n`, '\n', '\n', `${P3}\n`]);
  assert.equal(x.errText.length, 2);
  assert.match(x.errText[0]!, /warning: empty\.html: no main text found/);
  assert.match(x.errText[1]!, /warning: blank\.html: no main text found/);

  const j = io();
  assert.equal(await extractCommand.run(['--json', 'empty.html', 'a.html', 'missing.html', 'b.html'], j), 1);
  const obj = JSON.parse(j.outText.join('')) as Record<string, string>;
  assert.deepEqual(obj, { 'empty.html': '', 'a.html': `${P1}\n\n${P2}`, 'b.html': P3 });
  assert.match(j.errText[0]!, /warning: empty\.html/);
  assert.match(j.errText[1]!, /missing\.html: file not found/);
});

test('a listing page keeps its repeated items (names and prices) and drops the menu and footer; density alone keeps only the intro', () => {
  const names = ['Roc Loc 5 LED Light', 'Helmet Vent Light', 'Caden Trail Lamp', 'Scamp Rear Light', 'Sport Beacon Light', 'Urban Commuter Lamp'];
  const all = [...names, ...names.map((x) => `${x} Pro`), ...names.map((x) => `${x} Mini`), ...names.map((x) => `${x} Max`), ...names.map((x) => `${x} Duo`), ...names.map((x) => `${x} Solo`)];
  const nav = `<header><nav><ul>${['Home', 'Cycling', 'Running', 'Accessories', 'Sale', 'About us', 'Contact'].map((x) => `<li><a href="/${x}">${x}</a></li>`).join('')}</ul></nav></header>`;
  const cards = all.map((x, i) => `<li class="product-card"><h3 class="product-title"><a href="/p/${i}">${x}</a></h3><span class="price">$${20 + i}.95</span></li>`).join('');
  const intro = 'Bright, rechargeable lights for commuting and night rides: front and rear lamps, helmet lights and strobes, all tested on our own rides through the winter.';
  const html = `<html><head><title>Lights | Bike Shop</title></head><body>${nav}<main><h1>Lights</h1><p>${intro}</p><p>36 Results</p><ul class="product-grid">${cards}</ul></main><footer><a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a> Copyright 2024 Bike Shop Ltd.</footer></body></html>`;
  const r = extractMainText(html);
  assert.equal(r.method, 'blocks');
  assert.ok(r.text.startsWith('Lights') || r.text.startsWith(intro), r.text.slice(0, 80));
  const kept = all.filter((x) => r.text.split('\n\n').includes(x));
  assert.ok(kept.length >= all.length - 2, `kept ${kept.length} of ${all.length} item names`);
  assert.match(r.text, /\$20\.95/);
  for (const junk of ['Accessories', 'About us', 'Privacy policy', 'Copyright 2024']) assert.ok(!r.text.includes(junk), junk);
  assert.equal(extractByDensity(html).text, intro);
});

test('a breadcrumb trail (named so, or typed BreadcrumbList) is dropped; a long wrapper named "has-breadcrumbs" is not a trail', () => {
  const trail = (attrs: string): string =>
    `<div ${attrs}><span>City services</span> › <span>River monitoring sensors</span> › <span>Setting up the new monitoring sites</span></div>`;
  for (const attrs of ['class="crumbs" typeof="BreadcrumbList"', 'itemscope itemtype="https://schema.org/BreadcrumbList"', 'class="trail" aria-label="Breadcrumb"']) {
    const r = extractMainText(page(`<main><h1>River plan</h1>${trail(attrs)}<p>${P1}</p><p>${P2}</p><p>${P3}</p></main>`));
    assert.equal(r.text, [P1, P2, P3].join('\n\n'), attrs);
  }
  const wrapped = extractMainText(page(`<div class="page has-breadcrumbs"><article><p>${P1}</p><p>${P2}</p><p>${P3}</p></article></div>`));
  assert.equal(wrapped.text, [P1, P2, P3].join('\n\n'));
});

test('a page whose content an inline style hides until a script shows it still yields that content; a hidden aside on a normal page does not', () => {
  const html = page(`<header><a href="/">Home</a></header><main><div class="lockdown" style="display:none;"><h1>River plan</h1><p>${P1}</p><p>${P2}</p><p>${P3}</p></div></main>`);
  const r = extractMainText(html);
  assert.equal(r.text, [P1, P2, P3].join('\n\n'));
  const normal = extractMainText(page(`<article><p>${P1}</p><p>${P2}</p><div style="display:none"><p>${P3}</p></div></article>`));
  assert.equal(normal.text, `${P1}\n\n${P2}`);
});

test('on a page that names itself a collection (URL or structured data), link-only items of a long series are kept; on an article they are not', () => {
  const items = Array.from({ length: 12 }, (_, i) => `Hex bolt M${i + 4} zinc plated steel`);
  const intro = 'Find item details, images, downloadable spec sheets and models for fasteners and hardware from hundreds of suppliers, updated every week by our catalog team.';
  const grid = `<div class="cats">${items.map((x, i) => `<div class="cat-item"><a href="/c/${i}">${x}</a></div>`).join('')}</div>`;
  const body = `<main><h1>Fasteners</h1><p>${intro}</p><p>${P1}</p><p>${P2}</p>${grid}</main>`;
  const asCollection = extractMainText(page(body), 'https://example.com/catalogs/fasteners/');
  const kept = items.filter((x) => asCollection.text.split('\n\n').includes(x));
  assert.equal(kept.length, items.length, asCollection.text);
  const typed = extractMainText(page(body, `<title>Fasteners</title><script type="application/ld+json">{"@type":"CollectionPage"}</script>`), 'https://example.com/fasteners');
  assert.equal(items.filter((x) => typed.text.split('\n\n').includes(x)).length, items.length);
  // the rule itself: the series is kept because of the page's kind, whatever the block model says (on an
  // article the model alone decides, and it may keep such a list or not)
  const pb = pageBlocks(page(body), 'https://example.com/2024/05/fasteners-story');
  const rows = pb.features.filter((_, i) => items.includes(pb.texts[i]!));
  assert.equal(rows.length, items.length);
  assert.ok(rows.every((x) => keptByKind('collection', x)));
  assert.ok(rows.every((x) => !keptByKind('article', x)));
});

test("React's streamed content (<div hidden id=\"S:n\">, moved into place by a script) is read; other hidden elements are not", () => {
  const html = page(`<header><a href="/">Home</a></header><main><template id="B:0"></template><p>Loading…</p></main><div hidden id="S:0"><p>${P1}</p><p>${P2}</p><p>${P3}</p></div>`);
  assert.equal(extractMainText(html).text, [P1, P2, P3].join('\n\n'));
  const other = extractMainText(page(`<article><p>${P1}</p><p>${P2}</p><div hidden id="S:x"><p>${P3}</p></div><div hidden><p>${P3}</p></div></article>`));
  assert.equal(other.text, `${P1}\n\n${P2}`);
});

test('on a product page, blocks written in the description its JSON-LD declares are kept though the block model drops them; without the declaration they are not', () => {
  const feats = ['Soft merino wool upper', 'Sugarcane foam midsole', 'Laces from recycled bottles', 'Machine washable on cold'];
  const d1 = 'Our walking shoe is knit from soft merino wool that keeps feet cool in summer and warm in winter, and it never itches.';
  const list = `<ul>${feats.map((f) => `<li>${f}</li>`).join('')}</ul>`;
  const ld = `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Wool Walker","description":"<p>${d1}</p>${list}","offers":{"@type":"Offer","price":"98.00"}}</script>`;
  const related = '<div class="related-products"><h3>You may also like</h3>' + Array.from({ length: 8 }, (_, i) => `<div class="card"><a href="/p${i}">Tree Runner model ${i} in many colours</a><span>$${90 + i}.00</span></div>`).join('') + '</div>';
  const body = `<header><nav><a href="/">Home</a><a href="/men">Men</a></nav></header><main><h1>Wool Walker</h1><div class="price">$98.00</div><button>Add to cart</button><p>Free shipping on orders over $75. Easy returns within 30 days of delivery, no questions asked at all.</p><p>${d1}</p>${related}<div class="product-tabs"><div class="tab-panel">${list}</div></div></main><footer><p>© 2024 Shoe Co. All rights reserved.</p></footer>`;
  const url = 'https://shop.example.com/products/wool-walker';
  const declared = extractMainText(page(body, `<title>Wool Walker</title>${ld}`), url).text.split('\n\n');
  assert.deepEqual(feats.filter((f) => declared.includes(f)), feats, declared.join(' | '));
  const undeclared = extractMainText(page(body, '<title>Wool Walker</title>'), url).text.split('\n\n');
  assert.ok(feats.filter((f) => undeclared.includes(f)).length < feats.length, undeclared.join(' | '));
});

test('"hidden" inside a longer class name (overflow-hidden, hidden-xs, quick-add-hidden) does not mark boilerplate; a class "hidden" or "visually-hidden" does', () => {
  const html = page(`<article><p>${P1}</p><div class="relative overflow-hidden"><p>${P2}</p></div><div class="product__description quick-add-hidden hidden-xs"><p>${P3}</p></div><div class="hidden"><p>Subscribe now to read the full story in our members-only edition, with no adverts at all.</p></div><span class="visually-hidden">Opens in a new window</span></article>`);
  assert.equal(extractMainText(html).text, [P1, P2, P3].join('\n\n'));
});

test("an article's blocks written in the articleBody its JSON-LD declares are kept though the block model drops them; without the declaration they are not", () => {
  const points = ['Sensors report every hour', 'Results go on a dashboard', 'Funding covers two years', 'Forty new river sites'];
  const list = `<ul>${points.map((f) => `<li>${f}</li>`).join('')}</ul>`;
  const ld = `<script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', headline: 'River plan', articleBody: `${P1} ${P2} ${points.join('. ')}.` })}</script>`;
  const related = '<div class="more"><h3>More stories</h3>' + Array.from({ length: 8 }, (_, i) => `<div class="card"><a href="/s${i}">Another headline about the city budget, number ${i}</a><span>${i + 2} min read</span></div>`).join('') + '</div>';
  const body = `<header><nav><a href="/">Home</a><a href="/news">News</a></nav></header><main><h1>River plan</h1><p>${P1}</p><p>${P2}</p>${related}<div class="box">${list}</div></main><footer><p>© 2024 City News. All rights reserved.</p></footer>`;
  const declared = extractMainText(page(body, `<title>River plan</title>${ld}`)).text.split('\n\n');
  assert.deepEqual(points.filter((f) => declared.includes(f)), points, declared.join(' | '));
  const undeclared = extractMainText(page(body, '<title>River plan</title>')).text.split('\n\n');
  assert.ok(points.filter((f) => undeclared.includes(f)).length < points.length, undeclared.join(' | '));
});

test('an accordion question (a button inside a heading, or a disclosure toggle) is text; other buttons are not', () => {
  const faq = `<h3 class="accordion-header"><button class="accordion-button" aria-expanded="true">What does the river monitoring programme measure?</button></h3><div class="accordion-collapse"><p>${P2}</p></div>` +
    `<div class="faq"><button aria-controls="a2">Who pays for the forty new sites?</button><div id="a2"><p>${P3}</p></div></div>`;
  const html = page(`<article><p>${P1}</p>${faq}<button class="cta">Add to cart now</button></article>`);
  const blocks = extractMainText(html).text.split('\n\n');
  assert.ok(blocks.includes('What does the river monitoring programme measure?'), blocks.join(' | '));
  assert.ok(blocks.some((b) => b.includes('Who pays for the forty new sites?')), blocks.join(' | '));
  assert.ok(!blocks.some((b) => b.includes('Add to cart')), blocks.join(' | '));
});

test('on a product page a section repeated word for word (a carousel clone, a mobile copy) is read once; on an article a repeat stays', () => {
  const feature = (h: string, p: string): string => `<div class="feature"><h2>${h}</h2><p>${p}</p></div>`;
  const f1 = feature('SOFT WOOL', 'Superfine merino fibres have a luxurious feel and help regulate temperature on long walks.');
  const f2 = feature('ODOR MINIMIZING', 'Naturally anti-microbial, the wool locks away moisture to keep every step fresh all day long.');
  const section = `<div class="slides">${f1}${f2}</div>`;
  const body = `<main><h1>Wool Walker</h1><p>${P1}</p><p>${P2}</p>${section}${section}<p>${P3}</p></main>`;
  const count = (s: string, x: string): number => s.split(x).length - 1;
  const product = extractMainText(page(body, '<title>Wool Walker</title>'), 'https://shop.example.com/products/wool-walker').text;
  assert.equal(count(product, 'Superfine merino fibres'), 1, product);
  assert.equal(count(product, 'SOFT WOOL'), 1, product);
  const article = extractMainText(page(body, '<title>Wool Walker</title>'), 'https://news.example.com/2024/05/wool-walker').text;
  assert.equal(count(article, 'Superfine merino fibres'), 2, article);
});

test('a data table between kept blocks is kept whole though the block model drops its short cells; a table of links is not', () => {
  const rows = [['2', '$55'], ['5', '$145'], ['10', '$265'], ['20', '$450'], ['30', '$610'], ['40', '$780']];
  const table = `<table><thead><tr><th>Package</th><th>Fee</th></tr></thead><tbody>${rows.map((r) => `<tr><td>${r[0]}</td><td>${r[1]}</td></tr>`).join('')}</tbody></table>`;
  const links = `<table>${['Home', 'Sport', 'Weather', 'Travel'].map((x) => `<tr><td><a href="/${x}">${x}</a></td><td><a href="/${x}/more">More ${x}</a></td></tr>`).join('')}</table>`;
  const long = Array.from({ length: 4 }, (_, i) => `<p>${[P1, P2, P3][i % 3]} Paragraph ${i} of the city report.</p>`).join('');
  const html = page(`<main><h1>Personal training</h1>${long}${table}<p>${P3}</p>${links}<p>${P1}</p></main>`);
  // a block model that keeps every block of at least 20 units and no shorter one (a table's cells are shorter)
  const longOnly = (x: ArrayLike<number>): boolean => x[0]! >= Math.log1p(20);
  const r = extractMainText(html, undefined, longOnly);
  assert.equal(r.method, 'blocks');
  const blocks = r.text.split('\n\n');
  for (const [a, b] of rows) assert.ok(blocks.includes(a) && blocks.includes(b), `${a} ${b}: ${r.text}`);
  assert.ok(blocks.includes('Package') && blocks.includes('Fee'), r.text);
  assert.ok(!blocks.includes('Sport') && !blocks.includes('More Sport'), r.text);
});
