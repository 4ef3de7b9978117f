// The urlb-dyna-mpc study wired into lab (brief §8, §9): presets, claims, and the job graph
// (PT jobs first, then FT jobs naming their snapshot), one process per core through ctx.pool.
import { join } from 'node:path';
import { defineExperiment, isMainModule, linePlot, runExperimentCli } from 'lab';
import { z } from 'zod';
import { Condition, type IntrinsicMethod, StudyConfig, standardConditions } from './config.js';
import { domainOf, type TaskName } from './env/task.js';
import { FinetuneJobResult, FramesResult, PretrainJobResult, TaskCheckResult } from './jobs.js';
import { snapshotDir } from './loops/snapshot.js';
import {
  type ClaimInput,
  checkC1,
  checkC2,
  checkC3,
  checkC4,
  checkC5,
  checkC6,
  checkC7,
  checkC8,
  checkC9,
} from './protocol/claims.js';

const jobsModule = new URL('./jobs.ts', import.meta.url);

export const Summary = z.object({
  finetune: z.array(FinetuneJobResult),
  pretrain: z.array(PretrainJobResult),
  scaling: z.array(z.object({ frames: z.number(), seed: z.number(), score: z.number() })),
  expertOverall: z.number().nullable(),
  perCondition: z.array(z.object({ condition: z.string(), meanScore: z.number(), runs: z.number() })),
  health: z.object({
    finiteLosses: z.boolean(),
    finalKlAboveFreeNats: z.boolean().nullable(),
    rewardR2PtActor: z.number().nullable(),
    scratchLearns: z.boolean().nullable(),
    failures: z.array(z.string()),
  }),
  timing: z.object({
    pretrainSecondsPerUpdate: z.number(),
    finetuneSecondsPerUpdate: z.number(),
    plannerSecondsPerAction: z.number(),
    latentStepsPerAction: z.number(),
    renderMillisecondsPerFrame: z.number(),
  }),
  taskChecks: z.array(TaskCheckResult),
  frames: z.array(z.string()),
});
export type Summary = z.infer<typeof Summary>;

const claimInput = (summary: Summary): ClaimInput => ({
  finetune: summary.finetune.map((r) => ({ ...r, rewardR2: r.rewardR2 })),
  scaling: summary.scaling,
  expertOverall: summary.expertOverall,
});

const tinyModel = {
  deterministic: 64,
  hidden: 64,
  stochastic: 8,
  classes: 8,
  mlpLayers: 2,
  mlpUnits: 64,
  encoderLayers: 2,
  encoderUnits: 128,
  convDepth: 8,
};

const defaultPreset = {
  agent: {
    obs: 'states' as const,
    model: tinyModel,
    batchSize: 16,
    batchLength: 32,
    imagineStarts: 32,
    horizon: 15,
    modelLr: 6e-4,
    actorLr: 2e-4,
    criticLr: 2e-4,
    slowCriticEvery: 20,
  },
  planner: { numSamples: 64, mixtureCoef: 0.125, numElites: 16, iterations: 4, horizon: 5 },
  tasks: ['reach4_top_left', 'reach4_bottom_right'] satisfies TaskName[],
  // §8.2: 2 seeds. On an idle machine `pnpm bench` projected about 12 min (which would raise seeds
  // to 3), but the shared 2-core machine ran 10 worker processes at once and the projection there
  // exceeded 45 min, so the brief's cuts apply in its order: planner iterations 6 → 4,
  // imagination starts 64 → 32, PT frames 8k → 6k (README, "Departures").
  seeds: 2,
  pretrainMethods: ['lbs' as const],
  pretrainFrames: 6000,
  pretrainSnapshots: [],
  pretrainRandomFrames: 1000,
  pretrainTrainEvery: 20,
  finetuneFrames: 2500,
  finetuneSeedFrames: 750,
  mpcFromFrame: 1250,
  finetuneTrainEvery: 10,
  conditions: ['scratch', 'pt-actor', 'pt-mpc', 'pt-frozen'],
  evalEpisodes: 5,
  evalEvery: 0,
  evalAtStart: true,
};

export const experiment = defineExperiment({
  name: 'urlb-dyna-mpc',
  paper: {
    title: 'Mastering the Unsupervised Reinforcement Learning Benchmark from Pixels',
    authors:
      'Sai Rajeswar, Pietro Mazzaglia, Tim Verbelen, Alexandre Piché, Bart Dhoedt, Aaron Courville, Alexandre Lacoste',
    venue: 'ICML 2023 (PMLR 202:28598–28617), arXiv 2209.12016',
  },
  source: import.meta.url,
  config: StudyConfig,
  summary: Summary,
  presets: {
    smoke: {
      agent: {
        obs: 'states',
        model: {
          deterministic: 16,
          hidden: 16,
          stochastic: 4,
          classes: 4,
          mlpLayers: 1,
          mlpUnits: 32,
          encoderLayers: 1,
          encoderUnits: 32,
          convDepth: 4,
        },
        batchSize: 4,
        batchLength: 8,
        imagineStarts: 0,
        horizon: 5,
        modelLr: 6e-4,
        actorLr: 2e-4,
        criticLr: 2e-4,
        slowCriticEvery: 5,
      },
      planner: { numSamples: 8, mixtureCoef: 0.25, numElites: 2, iterations: 2, horizon: 3 },
      tasks: ['reach4_top_left'],
      seeds: 1,
      pretrainMethods: ['lbs', 'plan2explore', 'random', 'icm', 'rnd', 'apt'],
      pretrainFrames: 300,
      pretrainSnapshots: [280],
      pretrainRandomFrames: 250,
      pretrainTrainEvery: 10,
      finetuneFrames: 500,
      finetuneSeedFrames: 250,
      mpcFromFrame: 300,
      finetuneTrainEvery: 10,
      conditions: ['scratch', 'pt-actor', 'pt-mpc', 'pt-frozen'],
      extraSnapshotConditions: [280],
      evalEpisodes: 1,
      evalEvery: 0,
      evalAtStart: false,
      smokeRandomSteps: 50,
      pixelSmokeUpdates: 2,
    },
    default: defaultPreset,
    extended: {
      ...defaultPreset,
      agent: { ...defaultPreset.agent, imagineStarts: 128, slowCriticEvery: 50 },
      planner: { ...defaultPreset.planner, iterations: 6 },
      tasks: ['reach4_top_left', 'reach4_top_right', 'reach4_bottom_left', 'reach4_bottom_right'],
      seeds: 3,
      pretrainMethods: ['lbs', 'random'],
      pretrainFrames: 30_000,
      pretrainSnapshots: [10_000, 20_000],
      finetuneFrames: 6000,
      finetuneSeedFrames: 1000,
      mpcFromFrame: 2000,
      conditions: ['scratch', 'pt-actor', 'pt-mpc', 'pt-frozen', 'random-actor'],
      extraSnapshotConditions: [10_000, 20_000],
      evalEpisodes: 10,
      evalEvery: 3000,
    },
    paper: {},
  },
  claims: [
    {
      id: 'C1',
      statement: 'PT (LBS) → FT beats FT from scratch',
      paper: '[P] 93.59 % overall, far above earlier baselines; from-scratch values [P?]',
      check: (s: Summary) => checkC1(claimInput(s)),
    },
    {
      id: 'C2',
      statement: 'Dyna-MPC ≥ actor-only acting',
      paper: '[P?] Dyna-MPC improves FT',
      check: (s: Summary) => checkC2(claimInput(s)),
    },
    {
      id: 'C3',
      statement: 'Fine-tuning the world model beats freezing it',
      paper: '[P?] freezing is much worse',
      check: (s: Summary) => checkC3(claimInput(s)),
    },
    {
      id: 'C4',
      statement: 'More PT frames → better FT',
      paper: '[P?] FT improves from 100k to 2M PT frames',
      check: (s: Summary) => checkC4(claimInput(s)),
    },
    {
      id: 'C5',
      statement: 'Random PT is competitive on reach',
      paper: '[P?] random actions most effective on Jaco',
      check: (s: Summary) => checkC5(claimInput(s)),
    },
    {
      id: 'C6',
      statement: 'Knowledge-based PT beats random on locomotion',
      paper: '[P?]',
      check: (s: Summary) => checkC6(claimInput(s)),
    },
    {
      id: 'C7',
      statement: 'Headline overall expert-normalised score',
      paper: '[P] 93.59 % (pixels, 2M PT, 100k FT)',
      check: (s: Summary) => checkC7(claimInput(s)),
    },
    {
      id: 'C8',
      statement: 'Critic init does not help; actor init helps on locomotion',
      paper: '[P?]',
      check: (s: Summary) => checkC8(claimInput(s)),
    },
    {
      id: 'C9',
      statement: 'Task-aware FT (reward gradient into the WM) helps',
      paper: '[P?] (mechanism [C])',
      check: (s: Summary) => checkC9(claimInput(s)),
    },
  ],

  async run(config, ctx) {
    const tasks = config.tasks; // validated against TaskName by the config schema
    const conditions = config.conditions.map((name) => {
      const known = standardConditions[name];
      if (!known)
        throw new Error(`unknown condition '${name}'; valid: ${Object.keys(standardConditions).join(', ')}`);
      return Condition.parse(known);
    });
    const seeds = Array.from({ length: config.seeds }, (_, i) => ctx.seed * 1000 + i + 1);
    const domains = [...new Set(tasks.map(domainOf))];
    const snapshotRoot = join(ctx.runDir, 'checkpoint', 'snapshots');
    const jobStateRoot = join(ctx.runDir, 'checkpoint', 'job-state');
    const configJson = JSON.parse(JSON.stringify(config));

    // Smoke-only checks and rendered frames.
    const checkJobs =
      config.smokeRandomSteps > 0
        ? [
            'walker_stand',
            'walker_walk',
            'walker_run',
            'walker_flip',
            'quadruped_walk',
            'quadruped_run',
            'quadruped_stand',
            'quadruped_jump',
          ].map((task) => ({
            module: jobsModule,
            fn: 'taskCheckJob',
            args: {
              task,
              steps: config.smokeRandomSteps,
              seed: ctx.seed,
              ...(config.mjcfDir ? { mjcfDir: config.mjcfDir } : {}),
            },
          }))
        : [];
    const taskChecks = await ctx.pool.map(checkJobs, TaskCheckResult);
    const [frames] = await ctx.pool.map(
      [
        {
          module: jobsModule,
          fn: 'framesJob',
          args: {
            tasks: ['walker_walk', 'quadruped_walk', 'reach4_top_left'],
            dir: join(ctx.runDir, 'frames'),
            seed: ctx.seed,
            steps: 40,
            ...(config.mjcfDir ? { mjcfDir: config.mjcfDir } : {}),
          },
        },
      ],
      FramesResult,
    );

    // Phase A: pre-training, one job per (domain, method, seed).
    const methods = new Set<IntrinsicMethod>(config.pretrainMethods);
    for (const condition of conditions) if (condition.pretrain) methods.add(condition.pretrain);
    if (config.extraSnapshotConditions.length > 0) methods.add('lbs');
    const pretrainJobs = domains.flatMap((domain) =>
      [...methods].flatMap((method) =>
        seeds.map((seed) => ({
          module: jobsModule,
          fn: 'pretrainJob',
          args: {
            config: configJson,
            domain,
            method,
            seed,
            snapshotRoot,
            checkpointDir: join(jobStateRoot, `pt-${domain}-${method}-seed${seed}`),
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
      pretrainJobs.push({
        module: jobsModule,
        fn: 'pretrainJob',
        args: {
          config: pixelConfig,
          domain: domains[0]!,
          method: 'lbs',
          seed: seeds[0]!,
          snapshotRoot: join(snapshotRoot, 'pixels'),
          checkpointDir: join(jobStateRoot, 'pt-pixels'),
        },
      });
    }
    ctx.log.info(`phase A: ${pretrainJobs.length} pre-training jobs`);
    const pretrainResults = await ctx.pool.map(pretrainJobs, PretrainJobResult);

    // Phase B: fine-tuning, one job per (task, condition, seed), longest (planner) first.
    const finetuneJobs = tasks.flatMap((task) =>
      conditions.flatMap((condition) =>
        seeds.map((seed) => ({
          module: jobsModule,
          fn: 'finetuneJob',
          args: {
            config: configJson,
            task,
            condition,
            seed,
            snapshot: condition.pretrain
              ? snapshotDir(snapshotRoot, domainOf(task), condition.pretrain, seed, config.pretrainFrames)
              : null,
            checkpointDir: join(jobStateRoot, `ft-${task}-${condition.name}-seed${seed}`),
          },
        })),
      ),
    );
    for (const frames of config.extraSnapshotConditions) {
      const condition = Condition.parse({
        ...standardConditions['pt-actor'],
        name: `pt-actor@${frames}`,
        snapshotFrames: frames,
      });
      for (const seed of seeds) {
        finetuneJobs.push({
          module: jobsModule,
          fn: 'finetuneJob',
          args: {
            config: configJson,
            task: tasks[0]!,
            condition,
            seed,
            snapshot: snapshotDir(snapshotRoot, domainOf(tasks[0]!), 'lbs', seed, frames),
            checkpointDir: join(jobStateRoot, `ft-${tasks[0]}-${condition.name}-seed${seed}`),
          },
        });
      }
    }
    finetuneJobs.sort((a, b) => Number(b.args.condition.mpc) - Number(a.args.condition.mpc));
    ctx.log.info(`phase B: ${finetuneJobs.length} fine-tuning jobs`);
    const finetuneResults = await ctx.pool.map(finetuneJobs, FinetuneJobResult);

    return summarise(config, finetuneResults, pretrainResults, taskChecks, frames!, ctx);
  },
});

type Ctx = Parameters<Parameters<typeof defineExperiment>[0]['run']>[1];

async function summarise(
  config: StudyConfig,
  finetune: FinetuneJobResult[],
  pretrain: PretrainJobResult[],
  taskChecks: z.infer<typeof TaskCheckResult>[],
  frames: z.infer<typeof FramesResult>,
  ctx: Ctx,
): Promise<Summary> {
  // One metric record per PT loss sample, FT evaluation and FT training episode (metrics.jsonl).
  for (const r of pretrain) {
    for (const loss of r.losses)
      ctx.metric({ phase: 'pretrain', domain: r.domain, method: r.method, seed: r.seed, ...loss });
  }
  for (const r of finetune) {
    for (const e of r.evaluations)
      ctx.metric({ phase: 'finetune-eval', task: r.task, condition: r.condition, seed: r.seed, ...e });
    for (const e of r.trainEpisodes)
      ctx.metric({ phase: 'finetune-train', task: r.task, condition: r.condition, seed: r.seed, ...e });
  }
  const mean = (values: number[]) =>
    values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
  const main = finetune.filter((r) => r.snapshotFrames === null);
  const conditionNames = [...new Set(finetune.map((r) => r.condition))];
  const perCondition = conditionNames.map((condition) => {
    const runs = finetune.filter((r) => r.condition === condition);
    return { condition, meanScore: mean(runs.map((r) => r.finalScore)), runs: runs.length };
  });
  const firstTask = config.tasks[0];
  const scaling = [
    ...finetune
      .filter((r) => r.snapshotFrames !== null)
      .map((r) => ({ frames: r.snapshotFrames!, seed: r.seed, score: r.finalScore })),
    ...(config.extraSnapshotConditions.length > 0
      ? main
          .filter((r) => r.condition === 'pt-actor' && r.task === firstTask)
          .map((r) => ({ frames: config.pretrainFrames, seed: r.seed, score: r.finalScore }))
      : []),
  ];
  // Health checks (brief §9), reported next to the claims.
  const failures: string[] = [];
  const finiteLosses = finetune.every((r) => r.finiteLosses) && pretrain.every((r) => r.finiteLosses);
  if (!finiteLosses) failures.push('a NaN or Inf loss occurred');
  const lbsKl = pretrain.filter((r) => r.method === 'lbs' && r.finalKl !== null).map((r) => r.finalKl!);
  const finalKlAboveFreeNats = lbsKl.length ? mean(lbsKl) > config.agent.freeNats : null;
  if (finalKlAboveFreeNats === false)
    failures.push(`mean KL at the end of PT (${mean(lbsKl).toFixed(3)}) is not above the free-nat floor`);
  const r2 = main.filter((r) => r.condition === 'pt-actor' && r.rewardR2 !== null).map((r) => r.rewardR2!);
  const rewardR2PtActor = r2.length ? mean(r2) : null;
  if (rewardR2PtActor !== null && rewardR2PtActor < 0.5)
    failures.push(`FT reward-head R² for pt-actor is ${rewardR2PtActor.toFixed(3)} < 0.5`);
  const scratch = main.filter((r) => r.condition === 'scratch' && r.initialScore !== null);
  const scratchLearns = scratch.length ? mean(scratch.map((r) => r.finalScore - r.initialScore!)) > 0 : null;
  if (scratchLearns === false)
    failures.push('scratch runs did not improve on their frame-0 score on average');
  const planned = finetune.filter((r) => r.plannedActions > 0);
  const summary: Summary = {
    finetune,
    pretrain,
    scaling,
    expertOverall: null,
    perCondition,
    health: { finiteLosses, finalKlAboveFreeNats, rewardR2PtActor, scratchLearns, failures },
    timing: {
      pretrainSecondsPerUpdate:
        mean(pretrain.filter((r) => r.updates > 0).map((r) => r.secondsPerUpdate)) || 0,
      finetuneSecondsPerUpdate:
        mean(finetune.filter((r) => r.updates > 0).map((r) => r.secondsPerUpdate)) || 0,
      plannerSecondsPerAction: planned.length
        ? mean(planned.map((r) => r.plannerSeconds / Math.max(1, r.plannedActions)))
        : 0,
      latentStepsPerAction: planned.length ? mean(planned.map((r) => r.latentStepsPerAction)) : 0,
      renderMillisecondsPerFrame: frames.millisecondsPerFrame,
    },
    taskChecks,
    frames: frames.files.map((file) => `frames/${file}`),
  };

  // Report: health, per-condition table, per-run table, timing, plots.
  ctx.addReportSection(
    'Health checks',
    failures.length === 0
      ? 'All health checks passed.'
      : failures.map((f) => `- **FAILED:** ${f}`).join('\n'),
    failures.length === 0 ? 'end' : 'top', // brief §9: a failed health check is printed at the top
  );
  ctx.addReportSection(
    'Final normalised score per condition',
    await ctx.writeMarkdownTable(
      'per-condition.md',
      perCondition.map((r) => ({ ...r, meanScore: Number(r.meanScore.toFixed(4)) })),
    ),
  );
  ctx.addReportSection(
    'Fine-tuning runs',
    await ctx.writeMarkdownTable(
      'finetune-runs.md',
      finetune.map((r) => ({
        task: r.task,
        condition: r.condition,
        seed: r.seed,
        initialScore: r.initialScore === null ? '' : Number(r.initialScore.toFixed(4)),
        finalScore: Number(r.finalScore.toFixed(4)),
        rewardR2: r.rewardR2 === null ? '' : Number(r.rewardR2.toFixed(3)),
        updates: r.updates,
        plannedActions: r.plannedActions,
        wallSeconds: Number(r.wallSeconds.toFixed(1)),
      })),
    ),
  );
  ctx.addReportSection(
    'Pre-training runs',
    await ctx.writeMarkdownTable(
      'pretrain-runs.md',
      pretrain.map((r) => ({
        domain: r.domain,
        method: r.method,
        seed: r.seed,
        updates: r.updates,
        finalKl: r.finalKl === null ? '' : Number(r.finalKl.toFixed(3)),
        secondsPerUpdate: Number(r.secondsPerUpdate.toFixed(3)),
        wallSeconds: Number(r.wallSeconds.toFixed(1)),
      })),
    ),
  );
  ctx.addReportSection(
    'Timing',
    await ctx.writeMarkdownTable(
      'timing.md',
      Object.entries(summary.timing).map(([quantity, value]) => ({
        quantity,
        value: Number(value.toFixed(4)),
      })),
    ),
  );
  const curve = finetune.flatMap((r) =>
    r.trainEpisodes.map((e) => ({
      frame: e.frame,
      score: e.score,
      condition: r.condition,
      run: `${r.condition}/${r.task}/${r.seed}`,
    })),
  );
  const averaged = conditionNames.flatMap((condition) => {
    const points = curve.filter((p) => p.condition === condition);
    const byFrame = new Map<number, number[]>();
    for (const p of points) byFrame.set(p.frame, [...(byFrame.get(p.frame) ?? []), p.score]);
    return [...byFrame.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([frame, scores]) => ({ frame, score: mean(scores), condition }));
  });
  await ctx.writePlot(
    'ft-training-returns.svg',
    linePlot({
      data: averaged,
      x: 'frame',
      y: 'score',
      series: 'condition',
      title: 'FT training episode score (mean over tasks and seeds)',
      xTitle: 'FT frames',
      yTitle: 'normalised return',
    }),
  );
  await ctx.writePlot(
    'ft-evaluations.svg',
    linePlot({
      data: finetune.flatMap((r) =>
        r.evaluations.map((e) => ({
          frame: e.frame,
          score: e.score,
          run: `${r.condition}/${r.task}/${r.seed}`,
        })),
      ),
      x: 'frame',
      y: 'score',
      series: 'run',
      title: 'FT evaluation score per run',
      xTitle: 'FT frames',
      yTitle: 'normalised return',
    }),
  );
  return summary;
}

if (isMainModule(import.meta.url))
  process.exitCode = await runExperimentCli(experiment, process.argv.slice(2));
