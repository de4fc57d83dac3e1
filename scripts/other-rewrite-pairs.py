#!/usr/bin/env python3
# A second, independent set of rewrite-faithfulness pairs, built another way than eval:rewrites (it does not use
# scripts/lib/seeded-rewrites.ts), from text eval:rewrites does not use: English news (RAGTruth sources,
# article-extraction bodies, WCXB article bodies), Chinese prose from the Debian handbook and Debian reference
# (zh-CN), or with ZH=cmrc the CMRC passages eval:rewrites leaves out. It checks that the verdict's figures are
# not an artefact of our own pair generator. Output: `curator check` input lines; score them with --score.
#
#   mkdir -p /tmp/deb && cd /tmp/deb && apt-get download debian-handbook debian-reference-zh-cn && \
#     for f in *.deb; do dpkg -x $f x; done          (Chinese Debian text; run the script from that folder)
#   python3 scripts/other-rewrite-pairs.py en > en.jsonl      (also: zh, or ZH=cmrc ... zh; SEED=7, N=80)
#   node dist/cli.js check en.jsonl --kind rewrite > en.out
#   python3 scripts/other-rewrite-pairs.py --score en.jsonl en.out
# Data: $CURATOR_SHARED_DATA or ../shared/data. The names swapped come from `curator facts` (dist/cli.js).
import json, gzip, glob, html, random, re, subprocess, sys, os

D = os.environ.get('CURATOR_SHARED_DATA') or os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'data')
CLI = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'dist', 'cli.js')
rng = random.Random(int(os.environ.get('SEED', '7')))

def en_docs():
    out, seen = [], set()
    for l in open(f'{D}/factual/ragtruth-summary-dev.jsonl'):
        x = json.loads(l)
        if x['source_id'] in seen: continue
        seen.add(x['source_id']); out.append(('rag:' + x['source_id'], x['source']))
    for k, v in json.load(open(f'{D}/html/article-extraction-dev/ground-truth.json')).items():
        out.append(('aeb:' + k, v['articleBody']))
    for k, v in json.load(open(f'{D}/html/wcxb-dev/ground-truth.json')).items():
        if v.get('page_type') == 'article': out.append(('wcxb:' + k, v['articleBody']))
    return out

def strip_tags(s):
    return html.unescape(re.sub(r'<[^>]+>', '', s))

def zh_docs():
    out = []
    files = sorted(glob.glob('x/usr/share/doc/debian-handbook/html/zh-CN/*.html')) + sorted(glob.glob('x/usr/share/debian-reference/*.zh-cn.html'))
    for f in files:
        raw = gzip.open(f).read().decode('utf8', 'replace') if f.endswith('.gz') else open(f, encoding='utf8', errors='replace').read()
        paras = []
        for m in re.finditer(r'<p[^>]*>(.*?)</p>', raw, re.S):
            t = re.sub(r'\s+', '', strip_tags(m.group(1))) if False else re.sub(r'\s*\n\s*', '', strip_tags(m.group(1))).strip()
            han = len(re.findall(r'[\u4e00-\u9fff]', t))
            if len(t) >= 40 and han / max(1, len(t)) > 0.5 and t.count('。') >= 1: paras.append(t)
        # docs of consecutive paragraphs, 600-2000 characters
        cur = []
        for p in paras:
            cur.append(p)
            if sum(map(len, cur)) >= 600:
                out.append((f'deb:{os.path.basename(f)}:{len(out)}', '\n\n'.join(cur)[:2500])); cur = []
    if os.environ.get('ZH') == 'cmrc':
        out = []
        for i, l in enumerate(open(f'{D}/zh/zh_cmrc2018_wiki.jsonl')):
            if i % 4 == 2:
                x = json.loads(l); out.append(('cmrc:' + x['id'], x['text']))
    return out

EN_SENT = re.compile(r'(?:(?<=[a-z0-9%)][.!?])|(?<=[.!?]["”’)]))\s+(?=["“(]?[A-Z])')
def sentences(p, lang):
    if lang == 'zh':
        return [s for s in re.findall(r'[^。！？]*[。！？]+[”」）]?|[^。！？]+$', p) if s.strip()]
    return [s for s in EN_SENT.split(p) if s.strip()]

def paras_of(text):
    return [p.strip() for p in re.split(r'\n\s*\n|\n', text) if p.strip()]

EN_SWAPS = [(' said ', ' stated '), (' says ', ' states '), (' big ', ' large '), (' buy ', ' purchase '), (' help ', ' assist '),
            (' start ', ' begin '), (' shows ', ' demonstrates '), (' however,', ' though,'), (' also ', ' as well '),
            (' about ', ' roughly '), (' get ', ' obtain '), (' used ', ' employed '), (' need ', ' require ')]
ZH_SWAPS = [('但是', '不过'), ('因为', '由于'), ('所以', '因此'), ('目前', '当前'), ('可以', '能够'), ('已经', '已'), ('如果', '假如'),
            ('通常', '一般'), ('使用', '采用'), ('需要', '需'), ('非常', '十分'), ('例如', '比如')]

def reword(s, lang):
    for a, b in (ZH_SWAPS if lang == 'zh' else EN_SWAPS):
        if rng.random() < 0.7: s = s.replace(a, b)
    if lang == 'en':
        s = re.sub(r'\b(\d{1,3}),(\d{3})\b', r'\1\2', s) if rng.random() < 0.5 else s
        s = re.sub(r'(\d+(?:\.\d+)?) per ?cent\b', r'\1%', s)
    return s

def faithful(text, lang):
    """Returns (rewrite text, list of (para index, sentence list)) - sentences as written in the rewrite."""
    ps = [sentences(p, lang) for p in paras_of(text)]
    ps = [p for p in ps if p]
    out = []
    for sents in ps:
        s = [reword(x.strip(), lang) for x in sents]
        # swap neighbouring sentences within the paragraph
        for i in range(0, len(s) - 1, 2):
            if rng.random() < 0.35: s[i], s[i + 1] = s[i + 1], s[i]
        # a connective in front of one sentence
        if len(s) > 1 and rng.random() < 0.4:
            k = rng.randrange(1, len(s))
            if lang == 'zh': s[k] = '此外，' + s[k]
            else:
                w = s[k].split(' ', 1)
                if w[0] in ('The', 'This', 'It', 'A', 'In', 'They', 'He', 'She', 'We'):
                    s[k] = 'In addition, ' + w[0].lower() + ' ' + (w[1] if len(w) > 1 else '')
        out.append(s)
    # merge a short paragraph into the next, or split a long one
    blocks = []
    for s in out:
        if len(s) >= 4 and rng.random() < 0.3:
            h = len(s) // 2; blocks.append(s[:h]); blocks.append(s[h:])
        elif blocks and len(blocks[-1]) <= 2 and rng.random() < 0.5: blocks[-1] = blocks[-1] + s
        else: blocks.append(s)
    return blocks

def render(blocks, lang, title):
    sep = '' if lang == 'zh' else ' '
    parts = [('## ' + title)]
    for b in blocks:
        if len(b) >= 3 and rng.random() < 0.2: parts.append('\n'.join('- ' + x for x in b))
        else: parts.append(sep.join(b))
    return '\n\n'.join(parts)

NUM = re.compile(r'(?<![A-Za-z0-9_.])\d+(?:[.,]\d+)?(?![A-Za-z0-9_])')
def change_number(text):
    ms = [m for m in NUM.finditer(text) if not text[max(0, m.start() - 3):m.start()].startswith('## ')]
    if not ms: return None
    m = rng.choice(ms)
    v = m.group(0).replace(',', '')
    try:
        n = float(v)
    except ValueError:
        return None
    if '.' in v: nv = f'{n + rng.choice([1.5, 2.5, -0.5]) :.{len(v.split(".")[1])}f}'
    else: nv = str(int(n) + rng.choice([2, 3, 7, 11]) if int(n) > 12 else int(n) + rng.choice([2, 3]))
    return text[:m.start()] + nv + text[m.end():]

def flip_negation(text, lang):
    if lang == 'zh':
        cands = [m for m in re.finditer(r'(?<![但于就还也只凡总要若即])是(?![否])', text)] + [m for m in re.finditer(r'(?<![没所占拥具享])有(?![些点关效])', text)]
        if not cands: return None
        m = rng.choice(cands)
        return text[:m.start()] + ('不是' if m.group(0) == '是' else '没有') + text[m.end():]
    cands = list(re.finditer(r'\b(is|was|are|were|can|will|would|could|should|has|have|had|does|did|do)\b(?! not\b)', text))
    neg = list(re.finditer(r'\b(is|was|are|were|can|will|would|could|should|has|have|had|does|did|do) not\b', text))
    if neg and rng.random() < 0.3:
        m = rng.choice(neg); return text[:m.start()] + m.group(1) + text[m.end():]
    if not cands: return None
    m = rng.choice(cands)
    return text[:m.end()] + ' not' + text[m.end():]

def drop(blocks, share, lang):
    flat = [(i, j) for i, b in enumerate(blocks) for j in range(len(b))]
    k = max(1, round(len(flat) * share))
    gone = set(rng.sample(flat, k))
    nb = [[x for j, x in enumerate(b) if (i, j) not in gone] for i, b in enumerate(blocks)]
    return [b for b in nb if b]

LEAKS_EN = ['Sure! Here is the rewritten text in a textbook style:\n\n', 'Here is the rewritten document:\n\n', '<document>\n']
LEAKS_ZH = ['以下是改写后的文本：\n\n', '好的，下面是按教科书风格改写的内容：\n\n', '<document>\n']

def main():
    lang = sys.argv[1]
    docs = en_docs() if lang == 'en' else zh_docs()
    docs = [(i, t) for i, t in docs if len(sentences(t.replace('\n', ' '), lang)) >= 6 and len(t) <= 12000]
    rng.shuffle(docs)
    docs = docs[:int(os.environ.get('N', '80'))]
    # names from our own fact listing, by type, for swaps
    facts = {}
    inp = '\n'.join(json.dumps({'id': i, 'text': t}, ensure_ascii=False) for i, t in docs)
    res = subprocess.run(['node', CLI, 'facts', '/dev/stdin', '--jsonl'], input=inp, capture_output=True, text=True)
    for l in res.stdout.splitlines():
        x = json.loads(l); facts[x['id']] = [f for f in x['facts'] if f['kind'] == 'entity' and f.get('type') in ('person', 'place', 'organisation')]
    pool = {}
    for i, fs in facts.items():
        for f in fs: pool.setdefault(f['type'], set()).add(f['text'])
    out = []
    for did, text in docs:
        title = ('概述' if lang == 'zh' else 'Overview')
        blocks = faithful(text, lang)
        fa = render(blocks, lang, title)
        def emit(kind, d):
            if d is not None: out.append({'id': f'{did}|{kind}', 'source': text, 'derived': d, 'style': 'textbook'})
        emit('faithful', fa)
        for share in (0.1, 0.25, 0.5): emit(f'drop{int(share*100)}', render(drop(blocks, share, lang), lang, title))
        emit('number', change_number(fa))
        emit('negation', flip_negation(fa, lang))
        # name swap: one name of the rewrite (all its occurrences) for another of the same type from another doc
        fs = [f for f in facts.get(did, []) if f['text'] in fa and len(f['text']) >= 2]
        if fs:
            f = rng.choice(fs)
            others = sorted(n for n in pool.get(f['type'], ()) if n != f['text'] and n not in text and f['text'] not in n)
            if others: emit('name', fa.replace(f['text'], rng.choice(others)))
        # insert one sentence of another document
        other = rng.choice([t for i, t in docs if i != did])
        os_ = [s for s in sentences(other.replace('\n', ' '), lang) if 40 <= len(s) <= 300 or (lang == 'zh' and 15 <= len(s) <= 120)]
        if os_:
            b2 = [list(b) for b in blocks]
            bi = rng.randrange(len(b2)); b2[bi].insert(rng.randrange(len(b2[bi]) + 1), os_[rng.randrange(len(os_))].strip())
            emit('insert', render(b2, lang, title))
        leak = rng.choice(LEAKS_ZH if lang == 'zh' else LEAKS_EN)
        emit('leak', leak + fa + ('\n</document>' if leak.startswith('<') else ''))
    for o in out: print(json.dumps(o, ensure_ascii=False))

def score(pairs, results):
    import collections
    res = {}
    for l in open(results):
        x = json.loads(l); res[x['id']] = x
    tot, right = collections.Counter(), collections.Counter()
    for l in open(pairs):
        x = json.loads(l); k = x['id'].split('|')[1]; r = res.get(x['id'])
        if r is None: continue
        tot[k] += 1
        right[k] += r['consistent'] if k == 'faithful' else not r['consistent']
    for k in ['faithful', 'drop10', 'drop25', 'drop50', 'number', 'name', 'negation', 'insert', 'leak']:
        if tot[k]: print(f"{k:9s} {100 * right[k] / tot[k]:5.1f}% ({right[k]}/{tot[k]})  {'passed' if k == 'faithful' else 'flagged'}")

if sys.argv[1] == '--score': score(sys.argv[2], sys.argv[3])
else: main()
