// The experiment CLI, what a study's `experiment` script runs:
//   tsx src/experiment.ts --preset smoke --seed 1 --set lr=0.001 --set model.width=64
// Flags are parsed by node:util parseArgs and every value is checked before any work starts; a
// bad one fails with the flag, the value and what is valid. Exit codes: 0 done (whatever the
// claims' verdicts), 1 the run failed (the message says whether a rerun continues it), 2 nothing
// was run: bad input, or the run folder is held by another process (named with its host and start).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { BackendRequest } from 'core-tensor';
import type { z } from 'zod';
import { claimsTable, verdictCounts } from './claims.js';
import { parseSetFlags } from './config-resolution.js';
import { configFields } from './config-schema.js';
import type { Experiment } from './experiment.js';
import { InputError, type InputProblem } from './input-error.js';
import { parseQueueUrl, redactUrlText } from './queue-url.js';
import { failureAdvice, RunFailedError, runExperiment } from './run-experiment.js';
import { RunLockedError } from './run-lock.js';
import { maxSeed, type RunOptions } from './run-plan.js';

export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processOutput: CliOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

const flags = {
  preset: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  set: { type: 'string', multiple: true },
  resume: { type: 'string' },
  'run-id': { type: 'string' },
  fresh: { type: 'boolean' },
  backend: { type: 'string' },
  workers: { type: 'string' },
  queue: { type: 'string' },
  store: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** --help: the flags, the presets and every config key with its type and the paper's value. */
export function experimentHelp(experiment: Experiment<z.ZodObject, unknown>): string {
  const fields = configFields(experiment.config);
  const width = Math.max(...fields.map((field) => field.key.length), 4);
  const presetWidth = Math.max(...Object.keys(experiment.presets).map((name) => name.length), 10);
  return [
    `${experiment.name}: ${experiment.paper.title}`,
    '',
    'Usage: experiment [--preset NAME] [--seed N] [--set key=value ...] [--out DIR] [--run-id ID | --resume RUN_DIR | --fresh] [--queue URL --store DIR]',
    '',
    '  --preset NAME     one of the presets below (default: default)',
    "  --seed N          seed of the run's Rng (default: 0)",
    '  --set key=value   override a config key (repeatable; dotted keys for nested values; JSON values)',
    '  --out DIR         results root (default: <workspace>/results); runs go to DIR/<study>/<preset>/<run-id>/',
    '  --run-id ID       name the run folder; if it holds an unfinished run of the same config, continue it',
    '  --resume RUN_DIR  continue the run in RUN_DIR from its last checkpoint',
    '  --fresh           start a new run even if an unfinished run of the same config could be continued',
    `  --backend NAME    ${BackendRequest.options.join(' | ')} (default: $TFJS_BACKEND, else auto)`,
    '  --workers N       worker processes of the pool (default: number of cores)',
    '  --queue URL       send the pool jobs to the queue at redis://[user:password@]host:port[/db], where',
    '                    `pnpm --filter lab run worker -- --queue URL --store DIR` runs them on any machine',
    '  --store DIR       with --queue: a folder every worker reaches; the run folder goes inside it',
    '                    (default --out: DIR/results)',
    '',
    'Rerunning the same command after a kill or a crash continues the unfinished run from its last',
    'checkpoint; if another process is running it, the rerun stops and names that process.',
    '',
    'Presets:',
    ...Object.entries(experiment.presets).map(
      ([name, values]) => `  ${name.padEnd(presetWidth)} ${JSON.stringify(values)}`,
    ),
    '',
    'Config keys (type, paper value):',
    ...fields.map(
      (field) =>
        `  ${field.key.padEnd(width)}  ${field.type}, ${field.defaultValue === undefined ? 'no default (optional)' : JSON.stringify(field.defaultValue)}`,
    ),
    '',
  ].join('\n');
}

function integerFlag(
  flag: string,
  text: string | undefined,
  range: { min: number; max?: number },
  problems: InputProblem[],
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (!/^-?\d+$/.test(text) || value < range.min || value > max) {
    const valid = range.max === undefined ? `>= ${range.min}` : `from ${range.min} to ${range.max}`;
    problems.push({ key: flag, message: `'${text}' is not valid; use an integer ${valid}` });
    return undefined;
  }
  return value || 0; // '-0' is 0
}

/**
 * parseArgs reads `--seed -1` as a flag missing its value ("argument is ambiguous"), so a
 * negative number after a flag that takes a value is joined to it (`--seed=-1`): the value is then
 * checked like any other and the message names the flag, the value and the valid range.
 */
function joinNegativeValues(args: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const next = args[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : '';
    const takesValue = Object.hasOwn(flags, name) && flags[name as keyof typeof flags].type === 'string';
    if (takesValue && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}

/**
 * node's parseArgs, strict, for any command's flags: a `--` passed through by `pnpm run x -- …` is
 * dropped (no command here takes positionals), and an unknown or malformed flag is an InputError
 * that lists the valid flags.
 */
export function parseStrictFlags<T extends ParseArgsConfig['options']>(argv: readonly string[], options: T) {
  const args = joinNegativeValues(argv.filter((arg) => arg !== '--'));
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // A --queue URL given where no flag expects it is quoted in the message: without its password.
    const message = redactUrlText(error instanceof Error ? error.message : String(error));
    const valid = Object.keys(options ?? {})
      .map((flag) => `--${flag}`)
      .join(', ');
    throw new InputError([{ key: 'arguments', message: `${message}; valid flags: ${valid}` }]);
  }
}

function parseFlags(argv: readonly string[]) {
  return parseStrictFlags(argv, flags);
}

/** Turns argv into run options; throws an InputError naming every bad flag or value. */
export function parseExperimentArgs(
  experiment: Experiment<z.ZodObject, unknown>,
  argv: readonly string[],
): RunOptions & { help: boolean } {
  const values = parseFlags(argv);
  if (values.help) return { help: true };
  const problems: InputProblem[] = [];
  let backend: BackendRequest | undefined;
  if (values.backend !== undefined) {
    const parsed = BackendRequest.safeParse(values.backend);
    if (parsed.success) backend = parsed.data;
    else
      problems.push({
        key: '--backend',
        message: `'${values.backend}' is not a backend; valid: ${BackendRequest.options.join(', ')}`,
      });
  }
  const seed = integerFlag('--seed', values.seed, { min: 0, max: maxSeed }, problems);
  const poolSize = integerFlag('--workers', values.workers, { min: 1 }, problems);
  const queue = queueFlags(values.queue, values.store, problems);
  let overrides = {};
  try {
    overrides = parseSetFlags(experiment.config, values.set ?? []);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(...error.problems);
  }
  if (values.preset !== undefined && !Object.hasOwn(experiment.presets, values.preset)) {
    problems.push({
      key: '--preset',
      message: `unknown preset '${values.preset}'; valid presets: ${Object.keys(experiment.presets).join(', ')}`,
    });
  }
  if (problems.length > 0) throw new InputError(problems);
  return {
    help: false,
    preset: values.preset,
    seed,
    overrides,
    outRoot: values.out,
    runId: values['run-id'],
    resume: values.resume,
    fresh: values.fresh ?? false,
    backend,
    poolSize,
    queue,
  };
}

/** --queue URL with --store DIR, both or neither; the URL is checked without showing its password. */
function queueFlags(
  url: string | undefined,
  store: string | undefined,
  problems: InputProblem[],
): RunOptions['queue'] {
  if (url === undefined) {
    if (store !== undefined) problems.push({ key: '--store', message: 'is only used with --queue' });
    return undefined;
  }
  try {
    parseQueueUrl(url);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(...error.problems);
  }
  if (store === undefined) {
    problems.push({
      key: '--store',
      message:
        'is needed with --queue: a folder every worker reaches (a shared mount), where the run folder goes',
    });
    return undefined;
  }
  return { url, store: resolve(store) };
}

/**
 * Runs `experiment` as a command: parses `argv`, runs or continues the run, prints the report's
 * path and the claims table. Returns the exit code; a study's experiment.ts does
 * `process.exitCode = await runExperimentCli(experiment, process.argv.slice(2));`.
 */
export async function runExperimentCli<Config extends z.ZodObject, Summary>(
  experiment: Experiment<Config, Summary>,
  argv: readonly string[] = process.argv.slice(2),
  output: CliOutput = processOutput,
): Promise<number> {
  try {
    const { help, ...options } = parseExperimentArgs(experiment, argv);
    if (help) {
      output.stdout(experimentHelp(experiment));
      return 0;
    }
    const result = await runExperiment(experiment, options);
    output.stdout(
      [
        '',
        `${experiment.name} (${result.preset}, seed ${result.seed}) ${result.status}${result.isResumed ? ', continued from its checkpoint' : ''}`,
        `run folder: ${result.runDir}`,
        `report: ${result.reportPath}`,
        '',
        `Claims: ${verdictCounts(result.claims)}`,
        '',
        claimsTable(result.claims),
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (error instanceof RunLockedError) {
      output.stderr(`error: the run folder is in use (nothing was run)\n  ${error.problems[0]?.message}\n`);
      return 2;
    }
    if (error instanceof InputError) {
      output.stderr(
        `error: invalid input (nothing was run)\n${problemLines(error)}\nSee --help for the presets and config keys.\n`,
      );
      return 2;
    }
    if (error instanceof RunFailedError) {
      output.stderr(`${failureReport(error)}\n`);
      return 1;
    }
    output.stderr(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

function problemLines(error: InputError): string {
  return error.problems.map((p) => `  ${p.key}: ${p.message}`).join('\n');
}

/** The failure, then what to do: a stack only for a crash (elsewhere the message is the point). */
function failureReport(error: RunFailedError): string {
  const cause = error.cause;
  const text =
    cause instanceof InputError
      ? `invalid input\n${problemLines(cause)}`
      : cause instanceof Error
        ? error.kind === 'crash'
          ? (cause.stack ?? cause.message)
          : cause.message
        : String(cause);
  return `error: ${text}\n${failureAdvice(error.kind, error.runDir)}`;
}

/**
 * True when the module at `moduleUrl` (pass `import.meta.url`) is the script node was started with,
 * so experiment.ts can run its CLI when executed and stay quiet when imported (e.g. by a smoke test).
 */
export function isMainModule(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(resolve(script)).href === moduleUrl;
}
