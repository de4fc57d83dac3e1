// The teacher model's defaults, in one place: the extension's settings (package.json's defaults match these;
// a unit test holds them together), the CLI's flags, and the OpenAI endpoint preset.
export const TEACHER_DEFAULTS = {
  baseUrl: 'https://api.openai.com/v1',
  model: 'gpt-4o-mini',
  temperature: 0.7,
  maxOutputTokens: 4096,
  requestTimeoutSeconds: 120,
  maxRetries: 4,
} as const;
