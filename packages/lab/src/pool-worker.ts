// A pool worker: a child process that initialises the tf backend once, then runs jobs sent by the
// parent one at a time. A job is a module URL, an exported function name and JSON args; the
// function's (awaited) return value must be JSON. With each result goes the worker's tensor count
// before and after the job, so the parent can catch a job that leaks (its leak check decides).
// The worker exits when the parent goes away.
import { initBackend, tf } from 'core-tensor';
import { assertJson, type JsonValue } from './json-value.js';
import { RunJobMessage, WorkerArgs, type WorkerMessage } from './pool-protocol.js';

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

function errorText(error: unknown): { message: string; name?: string; stack?: string } {
  if (error instanceof Error)
    return error.stack === undefined
      ? { message: error.message, name: error.name }
      : { message: error.message, name: error.name, stack: error.stack };
  return { message: String(error) };
}

async function runJob(message: RunJobMessage): Promise<JsonValue> {
  const module: Record<string, unknown> = await import(message.module);
  const job = module[message.fn];
  if (typeof job !== 'function') {
    const exported = Object.keys(module).filter((name) => typeof module[name] === 'function');
    throw new Error(
      `the module has no exported function '${message.fn}'; it exports: ${exported.join(', ') || 'none'}`,
    );
  }
  const value: unknown = await job(message.args);
  assertJson(value, 'result');
  return value;
}

process.on('disconnect', () => process.exit(0));

const [backend] = WorkerArgs.parse(process.argv.slice(2));
try {
  const choice = await initBackend(backend);
  await send({ type: 'ready', backend: choice.name });
} catch (error) {
  await send({ type: 'init-error', message: errorText(error).message });
  process.exit(1);
}

process.on('message', (raw: unknown) => {
  const parsed = RunJobMessage.safeParse(raw);
  if (!parsed.success) return;
  const message = parsed.data;
  // Counted before the import too: a module-level tensor is kept by the worker like a leak.
  const before = tf.memory().numTensors;
  void runJob(message).then(
    (value) => {
      const tensors = { before, after: tf.memory().numTensors };
      return send({ type: 'result', index: message.index, value, tensors });
    },
    (error: unknown) => send({ type: 'error', index: message.index, ...errorText(error) }),
  );
});
