// Verification of the breadth tasks (issue 17 point 8), too slow for `pnpm test`: the oracle on N
// seeds per task in real Chromium with the `input` backend (default 200) and on 10 with the
// `locator` backend; the random well-formed policy's success on 20 seeds; no reward text, no
// `__task`/WOB names and no hidden parameter (a string parameter the goal does not state) in any
// observation; the mean oracle episode time per task. Exit code 1 if any oracle check fails.
// Run: pnpm --filter web-agents exec tsx test/verify-breadth.ts [seeds] [task ...]
// (VERIFY_LOCATOR and VERIFY_RANDOM override the 10 locator and 20 random episodes per task;
// VERIFY_TIMEOUT_MS the 30 s episode timeout, for a machine other jobs are starving.)
import { createTaskServer } from '../src/browser/server.js';
import { axtreeText } from '../src/env/axtree.js';
import { defaultEnvOptions, type EnvOptions } from '../src/env/env.js';
import type { Policy } from '../src/experts/expert.js';
import { randomPolicy } from '../src/experts/noisy.js';
import { oraclePolicy } from '../src/experts/oracle.js';
import { BrowserHandle, runEpisode } from '../src/runner/episodes.js';
import { breadthTaskIds, generateInstance } from '../src/tasks/registry.js';

const [seedArg, ...taskArgs] = process.argv.slice(2);
const seeds = seedArg ? Number(seedArg) : 200;
const tasks = taskArgs.length > 0 ? taskArgs : [...breadthTaskIds];

/** Problems with the observations of an episode: reward text, runtime names, hidden parameters. */
function leaks(task: string, seed: number, episode: Awaited<ReturnType<typeof runEpisode>>): string[] {
  const instance = generateInstance(task, seed);
  const hidden = Object.values(instance.params).filter(
    (v): v is string => typeof v === 'string' && v.length >= 3 && !instance.goal.includes(v),
  );
  const out: string[] = [];
  for (const step of episode.steps) {
    const text = `${axtreeText(step.obs.elements)}\n${step.obs.elements.map((el) => `${el.name} ${el.text} ${el.value ?? ''}`).join('\n')}`;
    if (/reward|__task|WOB/i.test(text)) out.push(`step ${step.obs.step}: reward or runtime text`);
    for (const h of hidden) if (text.includes(h)) out.push(`step ${step.obs.step}: hidden '${h}'`);
  }
  return out;
}

async function run(
  handle: BrowserHandle,
  server: Awaited<ReturnType<typeof createTaskServer>>,
  task: string,
  seed: number,
  policy: Policy,
  env: EnvOptions,
) {
  const job = {
    key: `v/${policy.name}/${task}/${seed}`,
    phase: 'v',
    task,
    seed,
    policy: policy.name,
    ckpt: null,
    evalMode: null,
  };
  return runEpisode(handle, server, job, policy, {
    env,
    episodeTimeoutMs: Number(process.env.VERIFY_TIMEOUT_MS ?? 30_000),
    seed: 0,
    tracePath: '/dev/null',
  });
}

const server = await createTaskServer();
const input = new BrowserHandle();
const locator = new BrowserHandle();
let failed = false;
try {
  for (const task of tasks) {
    let wins = 0;
    let strictWins = 0; // raw reward 1: phone-book's wrong field on the right person scores 0.4, a success
    let ms = 0;
    let steps = 0;
    const problems: string[] = [];
    for (let seed = 0; seed < seeds; seed++) {
      const e = await run(input, server, task, seed, oraclePolicy, defaultEnvOptions);
      wins += e.success;
      strictWins += e.strictSuccess;
      ms += e.timings.totalMs;
      steps += e.nSteps;
      if (!e.strictSuccess)
        problems.push(
          `seed ${seed}: ${e.error} ${e.steps.map((s) => `${s.action} → ${s.error}`).join('; ')}`,
        );
      for (const leak of leaks(task, seed, e)) problems.push(`seed ${seed}: ${leak}`);
    }
    let locWins = 0;
    const locN = Number(process.env.VERIFY_LOCATOR ?? 10);
    for (let seed = 0; seed < locN; seed++) {
      const e = await run(locator, server, task, 10_000 + seed, oraclePolicy, {
        ...defaultEnvOptions,
        backend: 'locator',
        locatorTimeoutMs: 10_000,
      });
      locWins += e.success;
      if (!e.success)
        problems.push(
          `locator seed ${10_000 + seed}: ${e.steps.map((s) => `${s.action} → ${s.error}`).join('; ')}`,
        );
    }
    let randomWins = 0;
    const randomN = Number(process.env.VERIFY_RANDOM ?? 20);
    for (let seed = 0; seed < randomN; seed++)
      randomWins += (await run(input, server, task, 20_000 + seed, randomPolicy, defaultEnvOptions)).success;
    if (problems.length > 0) failed = true;
    process.stdout.write(
      `${task.padEnd(18)} oracle input ${wins}/${seeds} (strict ${strictWins})  locator ${locWins}/${locN}  random ${randomWins}/${randomN}  ` +
        `mean oracle episode ${(ms / seeds).toFixed(0)} ms, ${(steps / seeds).toFixed(2)} steps\n`,
    );
    for (const p of problems.slice(0, 5)) process.stdout.write(`   ${p}\n`);
  }
} finally {
  await input.close();
  await locator.close();
  await server.close();
}
process.exitCode = failed ? 1 : 0;
