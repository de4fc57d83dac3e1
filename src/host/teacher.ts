import * as vscode from 'vscode';
import { TeacherClient } from '../core/llm/client';
import { readConfig } from './config';
import { getApiKey, isLocalEndpoint } from './secrets';
import { log } from './log';
import { lazyTokenCounter } from '../core/text/tokenizers';
import { readTokenizerSetting } from './corpus/settings';

/** A teacher client from the settings and the stored key; undefined (after telling the user) without a key. */
export async function makeTeacher(context: vscode.ExtensionContext, scope?: vscode.Uri): Promise<TeacherClient | undefined> {
  const cfg = readConfig(scope);
  const { key, from } = await getApiKey(context);
  if (!key && !isLocalEndpoint(cfg.baseUrl)) {
    const set = vscode.l10n.t('Set API Key');
    const choice = await vscode.window.showErrorMessage(vscode.l10n.t('No API key for {0}. Set one with "Corpus: Set API Key" (it is kept in VS Code\'s secret storage), or set OPENAI_API_KEY.', cfg.baseUrl), set);
    if (choice === set) await vscode.commands.executeCommand('corpusCurator.setApiKey');
    return undefined;
  }
  log().info(`endpoint ${cfg.baseUrl}, model ${cfg.model}, key from ${from}`);
  return new TeacherClient({
    baseURL: cfg.baseUrl,
    apiKey: key,
    model: cfg.model,
    temperature: cfg.temperature,
    maxOutputTokens: cfg.maxOutputTokens,
    timeoutMs: cfg.requestTimeoutSeconds * 1000,
    maxRetries: cfg.maxRetries,
    // Token counts when the server reports no usage: in the tokenizer of corpusCurator.tokenizer.
    countTokens: lazyTokenCounter(readTokenizerSetting(scope)),
  });
}
