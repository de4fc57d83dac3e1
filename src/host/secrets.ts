// The API key lives in VS Code's SecretStorage (the OS keychain on desktop), never in settings, logs or
// webviews. OPENAI_API_KEY from the environment is the fallback.
import * as vscode from 'vscode';

export const SECRET_KEY = 'corpusCurator.apiKey';

export async function getApiKey(context: vscode.ExtensionContext): Promise<{ key: string; from: 'secret-storage' | 'environment' | 'none' }> {
  const stored = await context.secrets.get(SECRET_KEY);
  if (stored) return { key: stored, from: 'secret-storage' };
  const env = process.env.OPENAI_API_KEY;
  if (env) return { key: env, from: 'environment' };
  return { key: '', from: 'none' };
}

/** Endpoints on this machine (Ollama, vLLM, LM Studio) need no key. */
export function isLocalEndpoint(baseUrl: string): boolean {
  try {
    const h = new URL(baseUrl).hostname;
    return h === 'localhost' || h === '127.0.0.1' || h === '::1' || h === '[::1]' || h.endsWith('.localhost');
  } catch {
    return false;
  }
}
