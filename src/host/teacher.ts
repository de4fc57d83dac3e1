// The teacher model: the client built from the settings and the stored key, and the commands that set
// them up (Set API Key, Clear API Key, Choose Endpoint Preset…).
import * as vscode from 'vscode';
import { endpointHost, TeacherClient } from '../core/llm/client';
import { LlmError } from '../core/llm/errors';
import { listModels, normaliseBaseUrl } from '../core/llm/models';
import { errorMessage } from '../core/util/errors';
import { PRESETS } from '../core/llm/presets';
import { readConfig, readTokenizerSetting } from './config';
import { getApiKey, isLocalEndpoint, SECRET_KEY } from './secrets';
import { log } from './log';
import { requireTrust } from './trust';
import type { CommandHandlers } from './commands';
import { lazyTokenCounter } from '../core/text/tokenizers';

/** A teacher client from the settings and the stored key; undefined (after telling the user) without a key. */
export async function makeTeacher(context: vscode.ExtensionContext, scope?: vscode.Uri): Promise<TeacherClient | undefined> {
  if (!requireTrust('model')) return undefined;
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

const CUSTOM = 'custom';

/**
 * Corpus: Choose Endpoint Preset… — a known server (base URL and a default model) or "Custom endpoint…" (a
 * URL, then a model the server lists at /models, or typed when it lists none); then where to save it: the
 * user's settings or this workspace's (.vscode/settings.json is never written without asking).
 */
export async function choosePreset(context: vscode.ExtensionContext, id?: string): Promise<void> {
  let chosen: { label: string; baseURL: string; model: string; needsKey: boolean } | undefined = PRESETS.find((p) => p.id === id);
  if (!chosen) {
    type Item = vscode.QuickPickItem & { id?: string };
    const items: Item[] = [
      ...PRESETS.map((p) => ({ label: p.label, description: p.baseURL, detail: vscode.l10n.t('Model: {0}', p.model) + (p.needsKey ? '' : ' · ' + vscode.l10n.t('no API key needed')), id: p.id })),
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: `$(edit) ${vscode.l10n.t('Custom endpoint…')}`, detail: vscode.l10n.t('Any OpenAI-compatible server: its URL, then one of the models it lists.'), id: CUSTOM },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Choose an OpenAI-compatible endpoint') });
    if (!pick?.id) return;
    chosen = pick.id === CUSTOM ? await chooseCustomEndpoint(context) : PRESETS.find((p) => p.id === pick.id);
  }
  if (!chosen) return;
  const target = await chooseSettingsTarget();
  if (target === undefined) return;
  const c = vscode.workspace.getConfiguration('corpusCurator');
  await c.update('baseUrl', chosen.baseURL, target);
  await c.update('model', chosen.model, target);
  const where = target === vscode.ConfigurationTarget.Global ? vscode.l10n.t('user settings') : vscode.l10n.t('workspace settings');
  const setKey = vscode.l10n.t('Set API Key');
  const needsKey = chosen.needsKey && !(await getApiKey(context)).key;
  const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Endpoint set to {0} ({1}) in the {2}.', chosen.label, chosen.model, where), ...(needsKey ? [setKey] : []));
  if (choice === setKey) await setApiKey(context);
}

/** "Custom endpoint…": the URL, then a model from the server's list (or typed). Undefined when cancelled. */
async function chooseCustomEndpoint(context: vscode.ExtensionContext): Promise<{ label: string; baseURL: string; model: string; needsKey: boolean } | undefined> {
  const cfg = readConfig();
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Custom endpoint (1/2): URL'),
    prompt: vscode.l10n.t('The base URL of an OpenAI-compatible server, e.g. http://localhost:8000/v1 (the part before /chat/completions).'),
    value: cfg.baseUrl,
    ignoreFocusOut: true,
    validateInput: (v) => {
      const r = normaliseBaseUrl(v);
      return 'error' in r ? vscode.l10n.t('Type an http:// or https:// URL, e.g. http://localhost:8000/v1.') : null;
    },
  });
  if (typed === undefined) return undefined;
  const norm = normaliseBaseUrl(typed);
  if ('error' in norm) return undefined;
  const baseURL = norm.url;
  const host = endpointHost(baseURL);
  const { key } = await getApiKey(context);
  let models: string[] = [];
  let why: string;
  try {
    models = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Asking {0} for its models…', host), cancellable: true }, (_p, token) => {
      const ctrl = new AbortController();
      token.onCancellationRequested(() => ctrl.abort());
      return listModels(baseURL, key, { signal: ctrl.signal, timeoutMs: 10_000 });
    });
    why = vscode.l10n.t('{0} lists no models: type the model name.', host);
  } catch (e) {
    if (e instanceof LlmError && e.kind === 'aborted') return undefined;
    why = vscode.l10n.t('Could not list the models ({0}): type the model name.', llmMessage(errorMessage(e)));
    log().warn(`models of ${baseURL}: ${errorMessage(e)}`);
  }
  let model: string | undefined;
  if (models.length) {
    const typeIt = `$(edit) ${vscode.l10n.t('Type a model name…')}`;
    const pick = await vscode.window.showQuickPick([...models.map((m) => ({ label: m, description: m === cfg.model ? vscode.l10n.t('current') : undefined })), { label: '', kind: vscode.QuickPickItemKind.Separator }, { label: typeIt }], {
      title: vscode.l10n.t('Custom endpoint (2/2): a model of {0}', host),
      placeHolder: vscode.l10n.t('Models listed by the server: {0}', models.length),
      ignoreFocusOut: true,
    });
    if (!pick) return undefined;
    if (pick.label !== typeIt) model = pick.label;
  }
  if (model === undefined) {
    model = await vscode.window.showInputBox({
      title: vscode.l10n.t('Custom endpoint (2/2): a model of {0}', host),
      prompt: models.length ? vscode.l10n.t('The model name as the server knows it.') : why!,
      value: cfg.model,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? null : vscode.l10n.t('Type the model name.')),
    });
    if (model === undefined) return undefined;
    model = model.trim();
  }
  return { label: host, baseURL, model, needsKey: !isLocalEndpoint(baseURL) };
}

/** Where a setting goes: the user's settings or this workspace's; asked when a folder is open. Undefined: cancelled. */
async function chooseSettingsTarget(): Promise<vscode.ConfigurationTarget | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) return vscode.ConfigurationTarget.Global;
  const user = { label: `$(account) ${vscode.l10n.t('User settings')}`, detail: vscode.l10n.t('For every workspace you open.'), target: vscode.ConfigurationTarget.Global };
  const ws = { label: `$(folder) ${vscode.l10n.t('This workspace')}`, detail: vscode.l10n.t('Only here, in .vscode/settings.json (shared with anyone who gets this folder).'), target: vscode.ConfigurationTarget.Workspace };
  const pick = await vscode.window.showQuickPick([user, ws], { title: vscode.l10n.t('Save the endpoint for…') });
  return pick?.target;
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
