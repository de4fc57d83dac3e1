// The Python both datatrove comparisons start with (bench/filters.bench.ts, bench/index.bench.ts): datatrove's
// four filters, with the NLTK word tokeniser built from the untrained Punkt splitter and NLTKWordTokenizer, as
// datatrove-reference.jsonl was made and as src/core/corpus/filters/ reproduces it. Binds `T`, the tokeniser.
export const DATATROVE_FILTERS_PY: readonly string[] = [
  'from nltk.tokenize.punkt import PunktSentenceTokenizer',
  'from nltk.tokenize import NLTKWordTokenizer',
  'from datatrove.utils.word_tokenizers import NLTKTokenizer, strip_strings',
  'from datatrove.data import Document',
  'from datatrove.pipeline.filters import GopherQualityFilter, GopherRepetitionFilter, C4QualityFilter, FineWebQualityFilter',
  'class Tok(NLTKTokenizer):',
  "    def __init__(self):",
  "        super().__init__('english'); self._p = PunktSentenceTokenizer(); self._w = NLTKWordTokenizer()",
  '    def word_tokenize(self, text): return strip_strings([w for s in self._p.tokenize(text) for w in self._w.tokenize(s)])',
  '    def sent_tokenize(self, text): return strip_strings(self._p.tokenize(text))',
  '    def span_tokenize(self, text): return list(self._p.span_tokenize(text))',
  'T = Tok()',
];
