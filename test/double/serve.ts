// Runs the teacher-model TEST DOUBLE as its own process (for the UI screenshots and `npm start` demos).
// Usage: tsx test/double/serve.ts [--port N] [--latency MS]; prints its base URL on the first line.
import { TeacherDouble } from './teacher-double';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const double = new TeacherDouble({ latencyMs: Number(arg('latency') ?? 0), chunkDelayMs: Number(arg('chunk-delay') ?? 15) });
double.start(Number(arg('port') ?? 0)).then((url) => console.log(url));
process.on('SIGTERM', () => void double.stop().then(() => process.exit(0)));
process.on('SIGINT', () => void double.stop().then(() => process.exit(0)));
