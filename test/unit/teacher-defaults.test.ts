// The teacher's defaults are written once (src/core/llm/defaults.ts): the extension's settings in package.json
// declare the same ones, the CLI's help shows them, the OpenAI preset uses them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEACHER_DEFAULTS } from '../../src/core/llm/defaults';
import { findPreset } from '../../src/core/llm/presets';
import { rewriteCommand } from '../../src/cli/commands/rewrite';
import { batchCommand } from '../../src/cli/commands/batch';

test('package.json settings, CLI help and the OpenAI preset carry the defaults of core/llm/defaults.ts', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default?: unknown }> } } };
  const props = pkg.contributes.configuration.properties;
  for (const [k, v] of Object.entries(TEACHER_DEFAULTS)) assert.equal(props[`corpusCurator.${k}`]?.default, v, `corpusCurator.${k}`);
  for (const usage of [rewriteCommand.usage, batchCommand.usage]) {
    assert.ok(usage.includes(`else ${TEACHER_DEFAULTS.baseUrl})`) && usage.includes(`else ${TEACHER_DEFAULTS.model})`));
    assert.ok(usage.includes(`(default ${TEACHER_DEFAULTS.temperature})`) && usage.includes(`(default ${TEACHER_DEFAULTS.maxOutputTokens})`));
    assert.ok(usage.includes(`(default ${TEACHER_DEFAULTS.requestTimeoutSeconds})`) && usage.includes(`(default ${TEACHER_DEFAULTS.maxRetries})`));
  }
  assert.deepEqual([findPreset('openai')?.baseURL, findPreset('openai')?.model], [TEACHER_DEFAULTS.baseUrl, TEACHER_DEFAULTS.model]);
});
