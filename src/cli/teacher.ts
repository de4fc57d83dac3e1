// The teacher client of the CLI's rewrite and batch commands, from their flags and the environment, with
// the defaults of src/core/llm/defaults.ts (the extension's settings have the same ones).
import { TeacherClient } from '../core/llm/client';
import type { UnknownChoice } from '../core/rewrite/catalog';
import { TEACHER_DEFAULTS as D } from '../core/llm/defaults';
import { numberFlag, stringFlag, type ParsedArgs } from './args';
import type { CliIO } from './commands/types';

/** The flags' help lines, with their defaults. */
export const TEACHER_FLAGS_USAGE = `  --base-url <url>      endpoint (default: $OPENAI_BASE_URL, else ${D.baseUrl})
  --model <name>        model (default: $CURATOR_MODEL, else ${D.model})`;

/** --model, else $CURATOR_MODEL, else the default. */
export function modelFrom(args: ParsedArgs, io: CliIO): string {
  return stringFlag(args, 'model') ?? io.env.CURATOR_MODEL ?? D.model;
}

/** --temperature and --max-tokens (also what an exported batch request asks for). */
export function samplingFrom(args: ParsedArgs): { temperature: number; maxOutputTokens: number } {
  return { temperature: numberFlag(args, 'temperature') ?? D.temperature, maxOutputTokens: numberFlag(args, 'max-tokens') ?? D.maxOutputTokens };
}

export function teacherFrom(args: ParsedArgs, io: CliIO, model = modelFrom(args, io)): TeacherClient {
  return new TeacherClient({
    baseURL: stringFlag(args, 'base-url') ?? io.env.OPENAI_BASE_URL ?? D.baseUrl,
    apiKey: io.env.OPENAI_API_KEY ?? '',
    model,
    ...samplingFrom(args),
    timeoutMs: (numberFlag(args, 'timeout') ?? D.requestTimeoutSeconds) * 1000,
    maxRetries: numberFlag(args, 'retries') ?? D.maxRetries,
  });
}

/** The CLI's wording of the catalog's style/audience check (src/core/rewrite/catalog.ts). */
export function unknownChoiceMessage(u: UnknownChoice): string {
  return `unknown ${u.kind} "${u.value}" (known: ${u.known.join(', ')})`;
}
