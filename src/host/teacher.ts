// The teacher model: the client built from the settings and the stored key, and the commands that set
// them up (Set API Key, Clear API Key, Choose Endpoint Preset…).
import * as vscode from 'vscode';
import { TeacherClient } from '../core/llm/client';
import { PRESETS } from '../core/llm/presets';
import { readConfig, readTokenizerSetting } from './config';
import { getApiKey, isLocalEndpoint, SECRET_KEY } from './secrets';
import { log } from './log';
import type { CommandHandlers } from './commands';
import { lazyTokenCounter } from '../core/text/tokenizers';

/** A teacher client from the settings and the stored key; undefined (after telling the user) without a key. */
export async function makeTeacher(context: vscode.ExtensionContext, scope?: vscode.Uri): Promise<TeacherClient | undefined> {
  const cfg = readConfig(scope);
  const { key, from } = await getApiKey(context);
  if (!key && !isLocalEndpoint(cfg.baseUrl)) {
    const set = vscode.l10n.t('Set API Key');
    const choice = await vscode.window.showErrorMessage(vscode.l10n.t('No API key for {0}. Set one with "Corpus: Set API Key" (it is kept in VS Code\'s secret storage), or set OPENAI_API_KEY.', cfg.baseUrl), set);
    if (choice === set) await setApiKey(context);
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

/** Corpus: Set API Key — asks for the key (hidden input) and keeps it in SecretStorage. */
export async function setApiKey(context: vscode.ExtensionContext, value?: string): Promise<boolean> {
  const key =
    typeof value === 'string'
      ? value
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Corpus Curator: API key'),
          prompt: vscode.l10n.t('The key for your OpenAI-compatible endpoint. It is kept in VS Code\'s secret storage, never in settings.'),
          password: true,
          ignoreFocusOut: true,
          placeHolder: 'sk-…',
        });
  if (key === undefined) return false;
  if (!key.trim()) {
    await context.secrets.delete(SECRET_KEY);
    void vscode.window.showInformationMessage(vscode.l10n.t('API key removed.'));
    return true;
  }
  await context.secrets.store(SECRET_KEY, key.trim());
  if (typeof value !== 'string') void vscode.window.showInformationMessage(vscode.l10n.t('API key saved in secret storage.'));
  return true;
}

export async function clearApiKey(context: vscode.ExtensionContext): Promise<void> {
  await context.secrets.delete(SECRET_KEY);
  void vscode.window.showInformationMessage(vscode.l10n.t('API key removed.'));
}

/** Corpus: Choose Endpoint Preset… — fills base URL and model for a known server. */
export async function choosePreset(context: vscode.ExtensionContext, id?: string): Promise<void> {
  let preset = PRESETS.find((p) => p.id === id);
  if (!preset) {
    const pick = await vscode.window.showQuickPick(
      PRESETS.map((p) => ({ label: p.label, description: p.baseURL, detail: vscode.l10n.t('Model: {0}', p.model) + (p.needsKey ? '' : ' · ' + vscode.l10n.t('no API key needed')), id: p.id })),
      { title: vscode.l10n.t('Choose an OpenAI-compatible endpoint') },
    );
    preset = PRESETS.find((p) => p.id === pick?.id);
  }
  if (!preset) return;
  const c = vscode.workspace.getConfiguration('corpusCurator');
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await c.update('baseUrl', preset.baseURL, target);
  await c.update('model', preset.model, target);
  if (id === undefined) {
    const setKey = vscode.l10n.t('Set API Key');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Endpoint set to {0} ({1}). You can change the model in Settings.', preset.label, preset.model), ...(preset.needsKey ? [setKey] : []));
    if (choice === setKey) await setApiKey(context);
  }
}

/**
 * A teacher error in the user's language: a failed connection (the client's "cannot connect to <host>:
 * connection refused — is the server running?" and its kin, also as a batch's pause reason) is translated;
 * other messages pass as they are.
 */
export function llmMessage(message: string): string {
  const m = /^cannot connect to (.+?): (connection refused|host not found|host unreachable|network unreachable) — /.exec(message);
  if (!m) return message;
  const host = m[1]!;
  switch (m[2]) {
    case 'connection refused':
      return vscode.l10n.t('cannot connect to {0}: connection refused — is the server running?', host);
    case 'host not found':
      return vscode.l10n.t('cannot connect to {0}: host not found — is the address right?', host);
    case 'host unreachable':
      return vscode.l10n.t('cannot connect to {0}: host unreachable — is the server running and the network up?', host);
    default:
      return vscode.l10n.t('cannot connect to {0}: network unreachable — is the network up?', host);
  }
}

/** Opens the settings of the endpoint (base URL, model, key…). */
export function openEndpointSettings(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', 'corpusCurator');
}

/** The teacher's setup commands (see the table in commands.ts). */
export function teacherCommands(context: vscode.ExtensionContext): Pick<CommandHandlers, 'setApiKey' | 'clearApiKey' | 'choosePreset'> {
  return {
    setApiKey: (value) => setApiKey(context, typeof value === 'string' ? value : undefined),
    clearApiKey: () => clearApiKey(context),
    choosePreset: (id) => choosePreset(context, typeof id === 'string' ? id : undefined),
  };
}
