// The queue worker as a command, run on every machine that should take jobs:
//   pnpm --filter lab run worker -- --queue redis://:password@host:6379 --store /mnt/lab-store [--concurrency 2]
// It runs until stopped: Ctrl-C (SIGINT) or SIGTERM lets the running jobs finish first, a second
// one stops at once (the jobs go back on the queue when their lock expires). Exit codes: 0 stopped,
// 2 bad flags or a queue that cannot be reached.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InputError, type InputProblem } from './input-error.js';
import { createLogger, textSink } from './logger.js';
import { assertQueueReachable } from './queue-connection.js';
import { storeProblem } from './queue-store.js';
import { parseQueueUrl, type QueueTarget, redactUrlText } from './queue-url.js';
import { startQueueWorker } from './queue-worker.js';
import { labWorkspaceRoot } from './workspace.js';

const flags = {
  queue: { type: 'string' },
  store: { type: 'string' },
  concurrency: { type: 'string' },
  'lock-seconds': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const usage = `Usage: pnpm --filter lab run worker -- --queue URL --store DIR [--concurrency N] [--lock-seconds S]

  --queue URL         the queue's Redis: redis://[user:password@]host:port[/db] (rediss:// for TLS)
  --store DIR         the shared folder as this machine mounts it (the one runs pass as --store)
  --concurrency N     jobs at once, each in its own process (default: number of cores)
  --lock-seconds S    how long a job stays with a worker that stopped answering before another
                      worker takes it over (default 30)

Runs the pool jobs of every run sent with --queue, from the code of this checkout: a job sent from
another commit (or with other uncommitted changes) is refused without running.
`;

function positiveInteger(flag: string, text: string | undefined, fallback: number, problems: InputProblem[]) {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    problems.push({ key: flag, message: `'${text}' is not valid; use an integer >= 1` });
    return fallback;
  }
  return Number(text);
}

/** The flags (a `--` from `pnpm run worker -- …` dropped); a bad one is an InputError listing the valid ones. */
function parseFlags(argv: readonly string[]) {
  try {
    const args = argv.filter((arg) => arg !== '--');
    return parseArgs({ args, options: flags, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // A URL given where no flag expects it is quoted in the message: without its password.
    const message = redactUrlText(error instanceof Error ? error.message : String(error));
    const valid = Object.keys(flags).map((flag) => `--${flag}`);
    throw new InputError([{ key: 'arguments', message: `${message}; valid flags: ${valid.join(', ')}` }]);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const log = createLogger([textSink((text) => process.stderr.write(text))]);
  try {
    const values = parseFlags(argv);
    if (values.help) {
      process.stdout.write(usage);
      return 0;
    }
    const problems: InputProblem[] = [];
    let target: QueueTarget | undefined;
    if (values.queue === undefined)
      problems.push({ key: '--queue', message: 'is needed: the Redis URL the runs send their jobs to' });
    else {
      try {
        target = parseQueueUrl(values.queue);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        problems.push(...error.problems);
      }
    }
    const store = values.store === undefined ? undefined : resolve(values.store);
    if (store === undefined)
      problems.push({ key: '--store', message: 'is needed: the shared folder the runs write into' });
    else {
      const problem = await storeProblem(store);
      if (problem !== undefined) problems.push({ key: '--store', message: problem });
    }
    const concurrency = positiveInteger(
      '--concurrency',
      values.concurrency,
      availableParallelism(),
      problems,
    );
    const lockSeconds = positiveInteger('--lock-seconds', values['lock-seconds'], 30, problems);
    if (problems.length > 0 || target === undefined || store === undefined) throw new InputError(problems);
    await assertQueueReachable(target);

    const worker = await startQueueWorker({
      target,
      roots: { workspace: labWorkspaceRoot(), store },
      concurrency,
      lockMs: lockSeconds * 1000,
      log,
    });
    // First signal: finish the running jobs; second: stop now.
    let stopping = false;
    await new Promise<void>((done) => {
      const stop = (signal: string) => {
        log.info(
          stopping ? `${signal}: stopping now` : `${signal}: finishing the running jobs, then stopping`,
        );
        void worker.close(stopping).then(done);
        stopping = true;
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
    log.info(`worker ${worker.name} stopped`);
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(
        `error: ${error.problems.map((p) => `${p.key}: ${p.message}`).join('\n  ')}\n\n${usage}`,
      );
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
