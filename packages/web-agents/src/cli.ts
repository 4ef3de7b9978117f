// CLI extras (brief §12): `serve` prints instance URLs for manual play, `view <run-dir>` rebuilds a
// run's trace viewer, `verify-suite [seeds]` runs the oracle over every task in both backends.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainModule } from 'lab';
import { createTaskServer } from './browser/server.js';
import { readPhase } from './data/trace.js';
import { defaultEnvOptions } from './env/env.js';
import { oraclePolicy } from './experts/oracle.js';
import { BrowserHandle, runEpisode } from './runner/episodes.js';
import { listTasks } from './tasks/registry.js';
import { buildViewer } from './viewer/html.js';

async function serve(): Promise<void> {
  const server = await createTaskServer();
  for (const task of listTasks())
    process.stdout.write(`${task.id.padEnd(24)} ${server.startUrl(task.id, 0, 'manual')}\n`);
  process.stdout.write('serving; Ctrl-C to stop\n');
}

function view(runDir: string): void {
  const episodes = readPhase(join(runDir, 'traces'), 'eval');
  const file = join(runDir, 'viewer', 'index.html');
  writeFileSync(file, buildViewer(episodes, `web-agents ${runDir}`));
  process.stdout.write(`${episodes.length} episodes → ${file}\n`);
}

async function verifySuite(seeds: number): Promise<number> {
  const server = await createTaskServer();
  let failures = 0;
  for (const backend of ['input', 'locator'] as const) {
    const handle = new BrowserHandle();
    for (const task of listTasks()) {
      const n = backend === 'input' ? seeds : Math.ceil(seeds / 4);
      let wins = 0;
      for (let seed = 0; seed < n; seed++) {
        const job = {
          key: `verify/${task.id}/${seed}`,
          phase: 'verify',
          task: task.id,
          seed,
          policy: 'oracle',
          ckpt: null,
          evalMode: null,
        };
        const e = await runEpisode(handle, server, job, oraclePolicy, {
          env: { ...defaultEnvOptions, backend },
          episodeTimeoutMs: 30_000,
          seed: 0,
          tracePath: '/dev/null',
        });
        wins += e.success;
      }
      if (wins / n < 0.995) failures++;
      process.stdout.write(`${backend.padEnd(8)} ${task.id.padEnd(24)} ${wins}/${n}\n`);
    }
    await handle.close();
  }
  await server.close();
  return failures === 0 ? 0 : 1;
}

if (isMainModule(import.meta.url)) {
  const [command, arg] = process.argv.slice(2);
  if (command === 'serve') await serve();
  else if (command === 'view' && arg) view(arg);
  else if (command === 'verify-suite') process.exitCode = await verifySuite(arg ? Number(arg) : 200);
  else {
    process.stderr.write(
      `unknown command '${command ?? ''}'; valid: serve | view <run-dir> | verify-suite [seeds per task, default 200]\n`,
    );
    process.exitCode = 2;
  }
}
