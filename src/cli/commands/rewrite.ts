import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { TEACHER_DEFAULTS as D } from '../../core/llm/defaults';
import { AUDIENCES, checkStyleAndAudience, DEFAULT_AUDIENCE, DEFAULT_STYLE } from '../../core/rewrite/catalog';
import { DEFAULT_CHUNK_TOKENS, keepFailedAnswer, rewriteText, saveRewrite } from '../../core/rewrite/rewrite';
import { readSourceFile } from '../../core/rewrite/source';
import { loadTemplates } from '../../core/rewrite/templates';
import { findWorkspaceRoot } from '../../core/workspace/root';
import { boolFlag, checkFlags, numberFlag, parseArgs, stringFlag, UsageError } from '../args';
import { TEACHER_FLAGS_USAGE, teacherFrom, unknownChoiceMessage } from '../teacher';
import type { CliCommand } from './types';

const usage = `curator rewrite <file> --style <id> --audience <id> [options]

Rewrites a document through an OpenAI-compatible teacher model into a new file beside it (never
replacing anything) and appends its provenance line to <root>/.curator/provenance.jsonl. Prints the
output path. Exits non-zero with a one-line reason on any failure; a flagged answer (cut off by the token
limit, empty, refused, or in another language) is not added to the corpus but kept in .curator/failed/.

Options:
  --style <id>          ${'textbook (default), wikipedia, qa, knowledge-list, distill, tutorial, or a workspace template style'}
  --audience <id>       ${AUDIENCES.map((a) => a.id).join(', ')} (default ${DEFAULT_AUDIENCE})
  --out <path>          output file (must not exist) or an existing folder (default: beside the source)
${TEACHER_FLAGS_USAGE}
  --temperature <t>     sampling temperature (default ${D.temperature})
  --max-tokens <n>      output token limit per request (default ${D.maxOutputTokens})
  --chunk-tokens <n>    source tokens per request for long documents (default ${DEFAULT_CHUNK_TOKENS})
  --timeout <seconds>   time allowed for silence from the endpoint (default ${D.requestTimeoutSeconds})
  --retries <n>         retries after 429/5xx/timeouts (default ${D.maxRetries})
  --root <dir>          workspace root (default: nearest folder with .curator/, else the current folder)
  --allow-flagged       save a flagged answer anyway (its provenance says status "flagged")

The API key comes from $OPENAI_API_KEY (local servers such as Ollama need none).`;

export const rewriteCommand: CliCommand = {
  name: 'rewrite',
  summary: 'rewrite a document into a style for an audience (new file + provenance line)',
  usage,
  async run(argv, io) {
    const args = parseArgs(argv, new Set(['allow-flagged']));
    checkFlags(args, ['style', 'audience', 'out', 'base-url', 'model', 'temperature', 'max-tokens', 'chunk-tokens', 'timeout', 'retries', 'root', 'allow-flagged']);
    const file = args.positionals[0];
    if (!file || args.positionals.length > 1) throw new UsageError('give exactly one file: curator rewrite <file> --style <id> --audience <id>');
    const sourcePath = resolve(io.cwd, file);
    if (!existsSync(sourcePath)) throw new Error(`${file}: no such file`);
    const root = stringFlag(args, 'root') ? resolve(io.cwd, stringFlag(args, 'root')!) : findWorkspaceRoot(sourcePath, io.cwd);
    const templates = loadTemplates(root);
    if (templates.errors.length) for (const e of templates.errors) io.err(`curator rewrite: template skipped: ${e.message}`);
    const style = stringFlag(args, 'style') ?? DEFAULT_STYLE;
    const audience = stringFlag(args, 'audience') ?? DEFAULT_AUDIENCE;
    const unknown = checkStyleAndAudience([{ style, audience }], templates.templates);
    if (unknown) throw new UsageError(unknownChoiceMessage(unknown));
    const src = readSourceFile(sourcePath);
    const out = stringFlag(args, 'out');
    let outDir: string | undefined;
    let outFile: string | undefined;
    if (out) {
      const abs = resolve(io.cwd, out);
      if ((existsSync(abs) && statSync(abs).isDirectory()) || /[\\/]$/.test(out)) outDir = abs;
      else outFile = abs;
    }
    const teacher = teacherFrom(args, io);
    const result = await rewriteText({ text: src.text, style, audience, templates, teacher, chunkTokens: numberFlag(args, 'chunk-tokens') });
    const allow = boolFlag(args, 'allow-flagged');
    if (result.flags.length && !allow) {
      const kept = keepFailedAnswer(root, sourcePath, result);
      throw new Error(`${file}: ${result.problems.join('; ')} — not saved as a rewrite; the answer is kept in ${kept}`);
    }
    const { outputPath } = saveRewrite({ root, sourcePath, sourceFileText: src.fileText, style, audience, result, outDir, outFile, allowFlagged: allow });
    io.out(outputPath);
    return 0;
  },
};
