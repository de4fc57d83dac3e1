// Styles and audiences. The framing follows what the synthetic-data literature reports working
// (Cosmopedia's textbook audiences, WRAP's Wikipedia-like and Q/A rephrasings, Nemotron-CC's knowledge
// lists, distillation and QA pairs); the wording is ours.

export interface StyleDef {
  id: string;
  label: { en: string; zh: string };
  /** What the model is asked to produce. */
  task: { en: string; zh: string };
}

export interface AudienceDef {
  id: string;
  label: { en: string; zh: string };
  /** How to pitch the writing. */
  pitch: { en: string; zh: string };
}

export const STYLES: readonly StyleDef[] = [
  {
    id: 'textbook',
    label: { en: 'Textbook', zh: '教科书' },
    task: {
      en: 'Rewrite the document as a section of a textbook: a clear explanation that builds understanding step by step, with a short heading, defined terms, and the reasoning behind each point.',
      zh: '把文档改写成教科书中的一节：条理清楚、循序渐进地讲解，配一个简短的小标题，解释关键术语，并说明每个要点背后的道理。',
    },
  },
  {
    id: 'wikipedia',
    label: { en: 'Wikipedia-style', zh: '百科风格' },
    task: {
      en: 'Rewrite the document in the style of a Wikipedia article: neutral, encyclopaedic, well organised, in high-quality prose.',
      zh: '把文档改写成维基百科条目的风格：中立、客观、条理分明，语言规范流畅。',
    },
  },
  {
    id: 'qa',
    label: { en: 'Q&A pairs', zh: '问答对' },
    task: {
      en: 'Turn the document into a series of question-and-answer pairs that together cover all of its content. Write each as "Q: …" on one line and "A: …" on the next.',
      zh: '把文档改写成一系列问答对，合起来覆盖文档的全部内容。每一对写成“问：……”一行，“答：……”下一行。',
    },
  },
  {
    id: 'knowledge-list',
    label: { en: 'Knowledge list', zh: '知识要点' },
    task: {
      en: 'Extract the knowledge in the document as a concise bulleted list of self-contained statements, one fact or idea per bullet.',
      zh: '把文档中的知识整理成简洁的要点列表，每条是一个独立完整的陈述，一条只写一个事实或观点。',
    },
  },
  {
    id: 'distill',
    label: { en: 'Concise distillation', zh: '精炼浓缩' },
    task: {
      en: 'Distil the document into a shorter, clearer text that keeps all of its information but removes repetition, filler and boilerplate.',
      zh: '把文档浓缩成更短、更清楚的文字：保留全部信息，去掉重复、空话和模板化内容。',
    },
  },
  {
    id: 'tutorial',
    label: { en: 'Step-by-step tutorial', zh: '分步教程' },
    task: {
      en: 'Rewrite the document as a step-by-step tutorial: state what the reader will learn, then walk through numbered steps, with the reason for each step.',
      zh: '把文档改写成分步教程：先说明读者将学到什么，再按编号步骤逐一讲解，并说明每一步的原因。',
    },
  },
];

export const AUDIENCES: readonly AudienceDef[] = [
  {
    id: 'children',
    label: { en: 'Young children', zh: '低龄儿童' },
    pitch: {
      en: 'young children: use short sentences, everyday words and familiar examples; explain every term simply',
      zh: '低龄儿童：用短句、日常用语和身边熟悉的例子，把每个术语都讲得简单易懂',
    },
  },
  {
    id: 'high-school',
    label: { en: 'High school students', zh: '高中生' },
    pitch: {
      en: 'high school students: clear and engaging, assuming general school knowledge but no specialist background',
      zh: '高中生：清楚生动，假定读者有中学基础知识，但没有专业背景',
    },
  },
  {
    id: 'college',
    label: { en: 'College students', zh: '大学生' },
    pitch: {
      en: 'college students: rigorous and precise, with depth, using the field’s terminology correctly',
      zh: '大学生：严谨准确，有深度，正确使用本领域术语',
    },
  },
  {
    id: 'researchers',
    label: { en: 'Professionals and researchers', zh: '专业人士与研究人员' },
    pitch: {
      en: 'professionals and researchers: dense, technical and exact, without simplification',
      zh: '专业人士与研究人员：信息密集、专业、精确，不做简化',
    },
  },
];

export const DEFAULT_STYLE = 'textbook';
export const DEFAULT_AUDIENCE = 'college';

export function findStyle(id: string): StyleDef | undefined {
  return STYLES.find((s) => s.id === id);
}

export function findAudience(id: string): AudienceDef | undefined {
  return AUDIENCES.find((a) => a.id === id);
}

/** A style or audience the catalog and the workspace templates do not know, with the ones they do. */
export interface UnknownChoice {
  kind: 'style' | 'audience';
  value: string;
  known: string[];
}

/**
 * The one check of style/audience choices (the rewrite commands, the batch plans, the CLI): a style must be
 * built in or given by a workspace template; an audience built in or named by a template. Returns the first
 * unknown choice (each caller words the message), or undefined when all are known.
 */
export function checkStyleAndAudience(
  pairs: readonly { style: string; audience: string }[],
  templates: readonly { style: string; audience: string; origin: 'builtin' | 'workspace' }[],
): UnknownChoice | undefined {
  const styles = [...new Set([...STYLES.map((s) => s.id), ...templates.filter((t) => t.origin === 'workspace').map((t) => t.style)])];
  for (const p of pairs) {
    if (!styles.includes(p.style)) return { kind: 'style', value: p.style, known: styles };
    if (!findAudience(p.audience) && !templates.some((t) => t.audience === p.audience)) return { kind: 'audience', value: p.audience, known: AUDIENCES.map((a) => a.id) };
  }
  return undefined;
}
