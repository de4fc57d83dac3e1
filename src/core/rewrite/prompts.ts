// Builds the chat messages for one rewrite request. Every prompt, built-in or the user's, ends with the
// same rules: keep every fact, add nothing, keep claims as they are, and write in the source's language.
// Chinese sources get Chinese instructions.
import type { ChatMessage } from '../llm/types';
import { findAudience, findStyle } from './catalog';
import type { PromptTemplate } from './templates';

export type PromptLang = 'en' | 'zh';

export const RULES: Record<PromptLang, string> = {
  en: [
    'Rules:',
    '- Keep every fact of the document: every number, quantity, unit, date, name, place, title, URL and piece of code, exactly as it is given.',
    '- Add nothing that is not in the document: no new facts, figures, dates, names, examples with invented details, opinions or sources.',
    '- Do not change what any statement claims: keep negations, comparisons and uncertainty as they are.',
    '- {{languageRule}}',
    '- Output only the rewritten text: no preface, no notes about the task.',
  ].join('\n'),
  zh: [
    '要求：',
    '- 保留文档中的每一个事实：所有数字、数量、单位、日期、人名、地名、书名、网址和代码都必须与原文完全一致。',
    '- 不得添加文档中没有的内容：不得编造新的事实、数据、日期、人名、例子细节、观点或出处。',
    '- 不得改变任何陈述的含义：否定、比较和不确定的说法要保持原样。',
    '- {{languageRule}}',
    '- 只输出改写后的正文，不要加开场白，也不要解释你做了什么。',
  ].join('\n'),
};

const LANGUAGE_RULE = {
  en: 'Write in English, the language of the document.',
  zh: '用中文写作，与原文语言保持一致。',
  other: 'Write in the same language as the document; do not translate it.',
};

export interface PromptInput {
  template: PromptTemplate;
  style: string;
  audience: string;
  /** Language of the source: 'other' gets English instructions and a "same language" rule. */
  sourceLang: 'en' | 'zh' | 'other';
  text: string;
  chunkIndex?: number;
  chunkCount?: number;
}

function fill(body: string, vars: Record<string, string>): string {
  return body.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => vars[k] ?? m);
}

export function buildMessages(input: PromptInput): ChatMessage[] {
  const lang: PromptLang = input.sourceLang === 'zh' ? 'zh' : 'en';
  const audience = findAudience(input.audience);
  const style = findStyle(input.style);
  const vars = {
    audience: audience ? audience.pitch[lang] : input.audience,
    style: style ? style.label[lang] : input.style,
    language: lang === 'zh' ? '中文' : input.sourceLang === 'en' ? 'English' : 'the language of the document',
    languageRule: LANGUAGE_RULE[input.sourceLang],
  };
  const system = `${fill(input.template.body, vars)}\n\n${fill(RULES[lang], vars)}`;
  const n = input.chunkCount ?? 1;
  const i = (input.chunkIndex ?? 0) + 1;
  let lead: string;
  if (lang === 'zh') {
    lead = n > 1 ? `下面是一篇较长文档的第 ${i} 部分（共 ${n} 部分）。只改写这一部分，不要为整篇文档加引言或总结。` : '请改写下面的文档。';
  } else {
    lead = n > 1 ? `Below is part ${i} of ${n} of a longer document. Rewrite only this part; do not add an introduction or a conclusion for the whole document.` : 'Rewrite the following document.';
  }
  const user = `${lead}\n\n<document>\n${input.text}\n</document>`;
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}
