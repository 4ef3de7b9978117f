// The job graph of brief §10 for lab's pool: smoke-only task checks and frames, then pre-training
// jobs (one per domain, method and seed), then fine-tuning jobs that name their snapshot.
import { join } from 'node:path';
import { Condition, type IntrinsicMethod, type StudyConfig, standardConditions } from './config.js';
import { domainOf, type TaskName } from './env/task.js';
import { snapshotDir } from './loops/snapshot.js';

const jobsModule = new URL('./jobs.ts', import.meta.url);

/** Where a run keeps its snapshots and in-job checkpoints. */
export interface RunFolders {
  snapshotRoot: string;
  jobStateRoot: string;
}

export function runFolders(runDir: string): RunFolders {
  return {
    snapshotRoot: join(runDir, 'checkpoint', 'snapshots'),
    jobStateRoot: join(runDir, 'checkpoint', 'job-state'),
  };
}

/** The configured conditions, each resolved from its name (a clear error for an unknown one). */
export function resolveConditions(config: StudyConfig): Condition[] {
  return config.conditions.map((name) => {
    const known = standardConditions[name];
    if (!known)
      throw new Error(`unknown condition '${name}'; valid: ${Object.keys(standardConditions).join(', ')}`);
    return Condition.parse(known);
  });
}

/** Smoke: 50 random steps and a reward on each walker/quadruped task. */
export function taskCheckJobs(config: StudyConfig, seed: number) {
  if (config.smokeRandomSteps === 0) return [];
  const tasks: TaskName[] = [
    'walker_stand',
    'walker_walk',
    'walker_run',
    'walker_flip',
    'quadruped_walk',
    'quadruped_run',
    'quadruped_stand',
    'quadruped_jump',
  ];
  return tasks.map((task) => ({
    module: jobsModule,
    fn: 'taskCheckJob',
    args: {
      task,
      steps: config.smokeRandomSteps,
      seed,
      ...(config.mjcfDir ? { mjcfDir: config.mjcfDir } : {}),
    },
  }));
}

export function framesJob(config: StudyConfig, runDir: string, seed: number) {
  return {
    module: jobsModule,
    fn: 'framesJob',
    args: {
      tasks: ['walker_walk', 'quadruped_walk', 'reach4_top_left'],
      dir: join(runDir, 'frames'),
      seed,
      steps: 40,
      ...(config.mjcfDir ? { mjcfDir: config.mjcfDir } : {}),
    },
  };
}

/** Phase A: one PT job per (domain, method, seed), plus the smoke's short pixel run. */
export function pretrainJobs(
  config: StudyConfig,
  conditions: Condition[],
  seeds: number[],
  folders: RunFolders,
) {
  const configJson = JSON.parse(JSON.stringify(config));
  const domains = [...new Set(config.tasks.map(domainOf))];
  const methods = new Set<IntrinsicMethod>(config.pretrainMethods);
  for (const condition of conditions) if (condition.pretrain) methods.add(condition.pretrain);
  if (config.extraSnapshotConditions.length > 0) methods.add('lbs');
  const jobs = domains.flatMap((domain) =>
    [...methods].flatMap((method) =>
      seeds.map((seed) => ({
        module: jobsModule,
        fn: 'pretrainJob',
        args: {
          config: configJson,
          domain,
          method,
          seed,
          snapshotRoot: folders.snapshotRoot,
          checkpointDir: join(folders.jobStateRoot, `pt-${domain}-${method}-seed${seed}`),
        },
      })),
    ),
  );
  if (config.pixelSmokeUpdates > 0) {
    const pixelConfig = {
      ...configJson,
      agent: { ...configJson.agent, obs: 'pixels', batchSize: 2, batchLength: 4 },
      pretrainFrames: config.pretrainRandomFrames + config.pretrainTrainEvery * config.pixelSmokeUpdates,
      pretrainSnapshots: [],
    };
    jobs.push({
      module: jobsModule,
      fn: 'pretrainJob',
      args: {
        config: pixelConfig,
        domain: domains[0]!,
        method: 'lbs',
        seed: seeds[0]!,
        snapshotRoot: join(folders.snapshotRoot, 'pixels'),
        checkpointDir: join(folders.jobStateRoot, 'pt-pixels'),
      },
    });
  }
  return jobs;
}

/** Phase B: one FT job per (task, condition, seed), plus earlier LBS snapshots → pt-actor (C4); planner jobs first. */
export function finetuneJobs(
  config: StudyConfig,
  conditions: Condition[],
  seeds: number[],
  folders: RunFolders,
) {
  const configJson = JSON.parse(JSON.stringify(config));
  const job = (task: TaskName, condition: Condition, seed: number, snapshotFrames: number) => ({
    module: jobsModule,
    fn: 'finetuneJob',
    args: {
      config: configJson,
      task,
      condition,
      seed,
      snapshot: condition.pretrain
        ? snapshotDir(folders.snapshotRoot, domainOf(task), condition.pretrain, seed, snapshotFrames)
        : null,
      checkpointDir: join(folders.jobStateRoot, `ft-${task}-${condition.name}-seed${seed}`),
    },
  });
  const jobs = config.tasks.flatMap((task) =>
    conditions.flatMap((condition) => seeds.map((seed) => job(task, condition, seed, config.pretrainFrames))),
  );
  const firstTask = config.tasks[0]!;
  for (const frames of config.extraSnapshotConditions) {
    const condition = Condition.parse({
      ...standardConditions['pt-actor'],
      name: `pt-actor@${frames}`,
      snapshotFrames: frames,
    });
    for (const seed of seeds) jobs.push(job(firstTask, condition, seed, frames));
  }
  // Longest first: the planner runs, then the rest (lab's pool hands jobs out in order).
  jobs.sort((a, b) => Number(b.args.condition.mpc) - Number(a.args.condition.mpc));
  return jobs;
}
