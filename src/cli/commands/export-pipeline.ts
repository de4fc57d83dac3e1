// curator export-pipeline <dir> --preset fineweb: a ready-to-run datatrove pipeline script (Python) with the
// preset's filters and our MinHash settings, for a local, Slurm or Ray run over the whole corpus.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CliCommand } from './types';
import { checkFlags, numberFlag, parseArgs, stringFlag, UsageError } from '../args';
import { corpusDir } from './index-cmd';
import { isPresetName, PRESET_NAMES } from '../../core/corpus/filters/presets';
import { datatrovePipelineScript, detectInputFormat, PIPELINE_EXECUTORS, type PipelineExecutor } from '../../core/corpus/pipeline/datatrove';

export const exportPipelineCommand: CliCommand = {
  name: 'export-pipeline',
  summary: 'write a datatrove pipeline script (filters of a preset + MinHash dedup) for a cluster run',
  usage: [
    `Usage: curator export-pipeline <dir> --preset ${PRESET_NAMES.join('|')} [options]`,
    '',
    'Writes a Python script that runs the same decisions with datatrove (huggingface/datatrove) over the',
    'corpus: its reader, the preset\'s filters (datatrove\'s classes, the thresholds `curator filter` uses;',
    'dropped documents go to removed/<filter>/), MinHash deduplication (5-word shingles, LSH buckets set',
    'for the editor\'s Jaccard threshold; removed/minhash/) and a JSONL writer (output/). The script runs',
    'locally, on Slurm or on Ray: `python <script> --executor local|slurm|ray [--tasks N] [--workers N]`.',
    'Prints the script\'s path (or the script itself with --out -).',
    '',
    '  --preset <p>              the filters: fineweb (FineWeb\'s pipeline), gopher, c4 or all (required)',
    '  --out <file.py|->         where to write (default <dir>/.curator/pipelines/datatrove-<preset>.py)',
    '  --input <path>            what the pipeline reads (default <dir>): JSONL (.jsonl, .jsonl.gz, .zst) or',
    '                            Parquet files; for a folder of text files, `curator export --out mix.jsonl.gz`',
    '                            first and give that file here',
    '  --input-format jsonl|parquet  (default: by the files found)',
    '  --output <folder>         where the pipeline writes (default <dir>/.curator/datatrove/<preset>)',
    `  --executor <e>            the script's default executor: ${PIPELINE_EXECUTORS.join(', ')} (default local)`,
    '  --tasks <n>               parallel tasks of the reading stages (default 4)',
    '  --text-key <k>            field holding the text (default text)',
    '  --language english|chinese  language for datatrove\'s word tokenizer (default english)',
    '',
    'Exit codes: 0 written, 1 no readable input, 2 usage error.',
  ].join('\n'),
  async run(argv, io) {
    const args = parseArgs(argv, new Set());
    checkFlags(args, ['preset', 'out', 'input', 'input-format', 'output', 'executor', 'tasks', 'text-key', 'language']);
    const dir = corpusDir(args, io, 'export-pipeline');
    const preset = stringFlag(args, 'preset');
    if (!preset || !isPresetName(preset)) throw new UsageError(`--preset must be one of ${PRESET_NAMES.join(', ')}`);
    const executor = stringFlag(args, 'executor') ?? 'local';
    if (!(PIPELINE_EXECUTORS as readonly string[]).includes(executor)) throw new UsageError(`--executor must be one of ${PIPELINE_EXECUTORS.join(', ')}`);
    const tasks = numberFlag(args, 'tasks') ?? 4;
    if (!Number.isInteger(tasks) || tasks < 1) throw new UsageError('--tasks must be a positive integer');
    const language = stringFlag(args, 'language') ?? 'english';
    if (language !== 'english' && language !== 'chinese') throw new UsageError('--language must be english or chinese');
    const input = resolve(io.cwd, stringFlag(args, 'input') ?? dir);
    const fmtFlag = stringFlag(args, 'input-format');
    if (fmtFlag !== undefined && fmtFlag !== 'jsonl' && fmtFlag !== 'parquet') throw new UsageError('--input-format must be jsonl or parquet');
    const inputFormat = fmtFlag ?? detectInputFormat(input);
    if (!inputFormat) {
      throw new Error(`no JSONL or Parquet files under ${input}: datatrove reads those — run \`curator export ${dir} --out mix.jsonl.gz\` and pass --input mix.jsonl.gz`);
    }
    const output = resolve(io.cwd, stringFlag(args, 'output') ?? join(dir, '.curator', 'datatrove', preset));
    const script = datatrovePipelineScript({ preset, input, inputFormat, output, executor: executor as PipelineExecutor, tasks, textKey: stringFlag(args, 'text-key'), language });
    const outArg = stringFlag(args, 'out');
    if (outArg === '-') {
      io.out(script);
      return 0;
    }
    const out = resolve(io.cwd, outArg ?? join(dir, '.curator', 'pipelines', `datatrove-${preset}.py`));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, script);
    io.out(`Wrote ${out}`);
    io.out(`Run it: pip install "datatrove[processing]" && python ${out} --executor ${executor}`);
    return 0;
  },
};
