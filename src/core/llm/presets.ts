// Endpoint presets: base URL and a sensible default model for well-known OpenAI-compatible servers.
import { TEACHER_DEFAULTS } from './defaults';

export interface EndpointPreset {
  id: string;
  label: string;
  baseURL: string;
  model: string;
  /** Local servers need no key. */
  needsKey: boolean;
}

export const PRESETS: readonly EndpointPreset[] = [
  { id: 'openai', label: 'OpenAI', baseURL: TEACHER_DEFAULTS.baseUrl, model: TEACHER_DEFAULTS.model, needsKey: true },
  { id: 'deepseek', label: 'DeepSeek', baseURL: 'https://api.deepseek.com/v1', model: 'deepseek-chat', needsKey: true },
  { id: 'qwen', label: 'Qwen (DashScope compatible mode)', baseURL: 'https://dashscope.aliyuncs.com/compatible-mode/v1', model: 'qwen-plus', needsKey: true },
  { id: 'ollama', label: 'Ollama (local)', baseURL: 'http://localhost:11434/v1', model: 'qwen2.5:7b', needsKey: false },
  { id: 'vllm', label: 'vLLM (local)', baseURL: 'http://localhost:8000/v1', model: 'Qwen/Qwen2.5-7B-Instruct', needsKey: false },
  { id: 'lmstudio', label: 'LM Studio (local)', baseURL: 'http://localhost:1234/v1', model: 'local-model', needsKey: false },
];

export function findPreset(id: string): EndpointPreset | undefined {
  return PRESETS.find((p) => p.id === id);
}
