// The whole study (brief §2): collect → filter → base → SFT configs → DAgger → bc-budget → offline
// metrics → online evaluation → agreement, off-policy, reasoning, remedies → summary. Every phase
// resumes: traces skip finished episode keys, trainings skip finished runs, offline metrics are cached.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from 'core-tensor';
import { type RunContext, writeJsonAtomic } from 'lab';
import { z } from 'zod';
import { ConfigName, heldOutTasks, seedRanges, trainTasks, type WebAgentsConfig } from '../config.js';
import type { Episode } from '../data/trace.js';
import { evaluateOffline, type OfflineCounts } from '../eval/offline.js';
import type { ChunkJob } from '../runner/jobs.js';
import type { PolicySpec } from '../runner/policy-spec.js';
import { Student } from '../student/student.js';
import type { Summary } from '../summary.js';
import { expertPrivilegedTasks } from '../tasks/expert-privileged.js';
import { datasetReport } from './dataset-report.js';
import { limitedCoverage } from './limited-coverage.js';
import { llmJobs, summariseLlm } from './llm-eval.js';
import { correlationPoints, onlineJobs, onlinePlan } from './online-plan.js';
import { episodeJobs, type PhaseStats, range, runPhase } from './phases.js';
import { writeReport } from './report.js';
import { writeUnitSections } from './report-units.js';
import { studyStatistics } from './study-statistics.js';
import {
  baseDir,
  checkpointDir,
  type DataSource,
  type TrainArgs,
  TrainResult,
  trainJob,
} from './train-job.js';
import { writeStudyUnits } from './write-units.js';

const StageState = z.object({ stage: z.string() });

export interface StudyData {
  config: WebAgentsConfig;
  train: string[];
  heldOut: string[];
  phases: PhaseStats[];
  trainings: TrainResult[];
}

export async function runStudy(config: WebAgentsConfig, ctx: RunContext): Promise<Summary> {
  const started = performance.now();
  const train = trainTasks(config);
  const heldOut = heldOutTasks(config);
  const H = config.env.horizon;
  const K = config.collection.keptPerTask;
  const evalSeeds = range(seedRanges.eval, config.eval.seedsPerTask);
  const mode = config.eval.mode;
  const phases: PhaseStats[] = [];
  const run = async (phase: string, jobs: ChunkJob[]) => {
    const out = await runPhase(ctx, config, phase, jobs);
    phases.push(out.stats);
    return out.episodes;
  };
  const stage = async (name: string) => {
    await ctx.checkpoint.save({ step: phases.length, state: { stage: name } });
  };
  await ctx.checkpoint.restore(StageState);

  // ---- 1. collection (brief §4, §5.4 seed ranges) ----
  const oracle: PolicySpec = { kind: 'oracle' };
  const noisy: PolicySpec = { kind: 'noisy', epsilon: config.experts.noisyEpsilon };
  const baseEps = await run(
    'collect-base',
    episodeJobs('collect-base', 'oracle', oracle, train, () =>
      range(seedRanges.base, config.base.episodesPerTask),
    ),
  );
  const oracleEps = await run(
    'collect-oracle',
    episodeJobs('collect-oracle', 'oracle', oracle, train, () => range(seedRanges.sft, K)),
  );
  const styleEps = await run(
    'collect-style',
    episodeJobs('collect-style', 'style-mix', { kind: 'style-mix' }, train, () => range(seedRanges.sft, K)),
  );
  // noisy: first ⌈1.5·K⌉ episodes per task, then more where fewer than K succeeded (≤ factor·K)
  const noisyFirst = Math.ceil(1.5 * K);
  let noisyEps = await run(
    'collect-noisy',
    episodeJobs('collect-noisy', 'noisy', noisy, train, () => range(seedRanges.rollouts, noisyFirst)),
  );
  const noisyMax = Math.ceil(config.collection.maxAttemptsFactor * K);
  const extra = train.filter((t) => noisyEps.filter((e) => e.task === t && e.success === 1).length < K);
  if (extra.length > 0 && noisyMax > noisyFirst) {
    noisyEps = await run(
      'collect-noisy',
      episodeJobs('collect-noisy', 'noisy', noisy, train, (t) =>
        range(seedRanges.rollouts, extra.includes(t) ? noisyMax : noisyFirst),
      ),
    );
  }
  // the limited expert: for the data report, and, when the 'limited' config trains on it, as many
  // attempts per task as the oracle's (the same seeds), so the two configs differ only in the expert
  const limitedAttempts = Math.max(
    config.experts.limitedEpisodesPerTask,
    config.configs.includes('limited') ? K : 0,
  );
  const limitedEps =
    limitedAttempts > 0
      ? await run(
          'collect-limited',
          episodeJobs('collect-limited', 'limited', { kind: 'limited' }, train, () =>
            range(seedRanges.sft, limitedAttempts),
          ),
        )
      : [];
  // bc-budget's oracle pool (issue 17 point 4): twice DAgger's episodes per task in all, so that BC
  // can draw exactly DAgger's labelled steps; the seeds continue collect-oracle's.
  const daggerEpisodes =
    config.dagger.initialEpisodesPerTask + config.dagger.betas.length * config.dagger.episodesPerTaskPerRound;
  const poolExtra = Math.max(0, 2 * daggerEpisodes - K);
  const poolEps =
    config.configs.includes('bc-budget') && poolExtra > 0
      ? await run(
          'collect-oracle-pool',
          episodeJobs('collect-oracle-pool', 'oracle', oracle, train, () =>
            range(seedRanges.sft + K, poolExtra),
          ),
        )
      : [];
  // held-out expert traces at the evaluation seeds (offline metrics use the same task × seed as online)
  const heldOracle = await run(
    'heldout-oracle',
    episodeJobs('heldout-oracle', 'oracle', oracle, train, () => evalSeeds),
  );
  const heldStyle = await run(
    'heldout-style',
    episodeJobs('heldout-style', 'style-mix', { kind: 'style-mix' }, train, () => evalSeeds),
  );
  const heldNoisy = await run(
    'heldout-noisy',
    episodeJobs('heldout-noisy', 'noisy', noisy, train, () => evalSeeds),
  );
  const randomSeeds = range(seedRanges.eval, config.eval.randomSeedsPerTask);
  const randomEps = await run(
    'random',
    episodeJobs('random', 'random', { kind: 'random' }, [...train, ...heldOut], () => randomSeeds),
  );
  await stage('collected');

  // ---- 2. base and SFT configs (brief §7.1) ----
  const sft = config.sft;
  const trainArgs = (name: string, sources: DataSource[], overrides: Partial<TrainArgs> = {}): TrainArgs => ({
    runDir: ctx.runDir,
    name,
    sources,
    budgetSteps: null,
    fromBase: true,
    epochs: sft.epochs,
    checkpoints: sft.checkpoints.filter((e) => e <= sft.epochs),
    batchSize: sft.batchSize,
    learningRate: sft.learningRate,
    lambda: sft.lambda,
    thoughtDropout: sft.thoughtDropout,
    thoughtInput: 'gold',
    clipNorm: sft.clipNorm,
    width: sft.width,
    variant: config.student.variant,
    horizon: H,
    seed: ctx.seed,
    ...overrides,
  });
  const source = (
    phase: string,
    label: DataSource['label'],
    successOnly: boolean,
    keptPerTask: number,
  ): DataSource => ({ phase, label, successOnly, keptPerTask, tasks: train });
  const trainMany = async (argsList: TrainArgs[]): Promise<TrainResult[]> => {
    if (argsList.length === 0) return [];
    const workers = Math.min(config.env.workers, ctx.pool.size);
    const results =
      workers <= 1 || argsList.length === 1
        ? await sequential(argsList, trainJob)
        : await ctx.pool.map(
            argsList.map((a) => ({
              module: new URL('./train-job.ts', import.meta.url),
              fn: 'trainJob',
              args: a,
            })),
            TrainResult,
          );
    for (const r of results)
      ctx.log.info(
        `trained ${r.name}: ${r.samples} samples from ${r.episodes} episodes, ${r.steps} steps, loss ${r.meanLoss.toFixed(3)}, ${r.samplesPerSecond.toFixed(0)} samples/s`,
      );
    return results;
  };
  const oracleSource = source('collect-oracle', 'executed', config.filter.successOnly, K);
  const trainings: TrainResult[] = [];
  trainings.push(
    ...(await trainMany([
      trainArgs('base', [source('collect-base', 'executed', true, config.base.episodesPerTask)], {
        fromBase: false,
        epochs: config.base.epochs,
        checkpoints: [],
        lambda: 0.5,
      }),
    ])),
  );
  const has = (c: string) => config.configs.includes(c as never);
  const daggerInitial = Math.min(K, config.dagger.initialEpisodesPerTask);
  const group: TrainArgs[] = [];
  if (has('oracle')) group.push(trainArgs('oracle', [oracleSource]));
  if (has('style-mix'))
    group.push(trainArgs('style-mix', [source('collect-style', 'executed', config.filter.successOnly, K)]));
  if (has('noisy'))
    group.push(trainArgs('noisy', [source('collect-noisy', 'executed', config.filter.successOnly, K)]));
  if (has('oracle-actonly'))
    group.push(trainArgs('oracle-actonly', [oracleSource], { lambda: 0, checkpoints: [] }));
  if (has('dart'))
    group.push(trainArgs('dart', [source('collect-noisy', 'oracle', false, noisyMax)], { checkpoints: [] }));
  if (has('oracle-cot'))
    group.push(trainArgs('oracle-cot', [oracleSource], { thoughtInput: 'predicted', checkpoints: [] }));
  if (has('oracle-cot-actonly'))
    group.push(
      trainArgs('oracle-cot-actonly', [oracleSource], {
        thoughtInput: 'predicted',
        lambda: 0,
        checkpoints: [],
      }),
    );
  if (has('limited'))
    group.push(
      trainArgs('limited', [source('collect-limited', 'executed', config.filter.successOnly, K)], {
        checkpoints: [],
      }),
    );
  const daggerSources: DataSource[] = [source('collect-oracle', 'executed', true, daggerInitial)];
  if (has('dagger')) group.push(trainArgs('dagger-0', daggerSources, { checkpoints: [] }));
  trainings.push(...(await trainMany(group)));
  await stage('sft');

  // ---- 3. DAgger rounds and the equal-budget BC baseline (brief §7.2) ----
  let daggerModel = 'dagger-0';
  if (has('dagger')) {
    for (const [i, beta] of config.dagger.betas.entries()) {
      const phase = `dagger-r${i + 1}`;
      const spec: PolicySpec = {
        kind: 'dagger',
        dir: checkpointDir(ctx.runDir, daggerModel, 'final'),
        beta,
        width: sft.width,
        horizon: H,
      };
      await run(
        phase,
        episodeJobs(phase, `dagger-b${beta}`, spec, train, () =>
          range(seedRanges.rollouts + 50_000 + i * 10_000, config.dagger.episodesPerTaskPerRound),
        ),
      );
      daggerSources.push(source(phase, 'oracle', false, config.dagger.episodesPerTaskPerRound));
      daggerModel = i === config.dagger.betas.length - 1 ? 'dagger' : `dagger-${i + 1}`;
      trainings.push(...(await trainMany([trainArgs(daggerModel, [...daggerSources], { checkpoints: [] })])));
    }
  }
  // C5's budget: exactly the labelled steps DAgger trained on (its last round's samples)
  const budgetSteps = trainings.find((t) => t.name === 'dagger')?.samples ?? 0;
  if (has('bc-budget') && budgetSteps > 0)
    trainings.push(
      ...(await trainMany([
        trainArgs(
          'bc-budget',
          [
            source('collect-oracle', 'executed', true, K),
            ...(poolExtra > 0 ? [source('collect-oracle-pool', 'executed', true, poolExtra)] : []),
          ],
          { checkpoints: [], budgetSteps },
        ),
      ])),
    );
  await stage('remedies-trained');

  // ---- 4. offline metrics at every saved checkpoint (brief §7.3) ----
  const ownTraces: Record<string, Episode[]> = {
    oracle: heldOracle,
    'style-mix': heldStyle,
    noisy: heldNoisy.filter((e) => e.success === 1),
  };
  const offlineCache = join(ctx.runDir, 'offline');
  const offline = async (
    name: string,
    ckpt: string,
    dir: string,
    traces: Episode[],
    tracesName: string,
  ): Promise<OfflineCounts> => {
    const path = join(offlineCache, `${name}__${ckpt}__${tracesName}.json`);
    if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as OfflineCounts;
    const student = await Student.load(dir, new Rng('offline'), { width: sft.width });
    const counts = evaluateOffline(student, traces, config.eval.mode, H);
    student.dispose();
    await writeJsonAtomic(path, counts);
    return counts;
  };
  const ckptList = (name: string): { ckpt: string; epoch: number; dir: string }[] => {
    if (name === 'base') return [{ ckpt: '0', epoch: 0, dir: baseDir(ctx.runDir) }];
    const saved = trainings.find((t) => t.name === name)?.checkpoints ?? [];
    const list = saved.map((e) => ({
      ckpt: e,
      epoch: Number(e),
      dir: checkpointDir(ctx.runDir, name, Number(e)),
    }));
    const final = { ckpt: 'final', epoch: sft.epochs, dir: checkpointDir(ctx.runDir, name, 'final') };
    return list.some((c) => c.epoch === sft.epochs) ? list : [...list, final];
  };
  const trainedConfigs: string[] = ConfigName.options.filter((c) => trainings.some((t) => t.name === c));
  const offlineOwn = new Map<string, OfflineCounts>(); // `${config}@${ckpt}`
  const offlineOracle = new Map<string, OfflineCounts>();
  offlineOracle.set('base@0', await offline('base', '0', baseDir(ctx.runDir), heldOracle, 'oracle'));
  for (const own of ['oracle', 'style-mix', 'noisy'])
    offlineOwn.set(`base-${own}@0`, await offline('base', '0', baseDir(ctx.runDir), ownTraces[own]!, own));
  for (const name of trainedConfigs) {
    const ownName = name === 'style-mix' || name === 'noisy' ? name : 'oracle';
    for (const c of ckptList(name)) {
      offlineOracle.set(`${name}@${c.ckpt}`, await offline(name, c.ckpt, c.dir, heldOracle, 'oracle'));
      offlineOwn.set(
        `${name}@${c.ckpt}`,
        ownName === 'oracle'
          ? offlineOracle.get(`${name}@${c.ckpt}`)!
          : await offline(name, c.ckpt, c.dir, ownTraces[ownName]!, ownName),
      );
    }
  }
  // The checkpoint saved at the last epoch is the final model: the online points call it 'final'.
  for (const name of trainedConfigs) {
    for (const map of [offlineOwn, offlineOracle]) {
      const last = map.get(`${name}@${sft.epochs}`);
      if (last && !map.has(`${name}@final`)) map.set(`${name}@final`, last);
    }
  }
  await stage('offline');

  // ---- 5. online evaluation of the same checkpoints (brief §7.4) ----
  const onlineSpecs = onlinePlan({ config, runDir: ctx.runDir, train, heldOut, trainedConfigs });
  const evalJobs = onlineJobs(onlineSpecs, config);
  const evalEps = await run('eval', evalJobs);
  const llmEps = config.llm.evaluate ? await run('eval-llm', llmJobs(config, train, heldOut)) : [];
  await stage('online');
  const episodesOf = (cfg: string, ckpt: string, m: string, tasks: readonly string[]) =>
    evalEps.filter((e) => e.policy === cfg && e.ckpt === ckpt && e.evalMode === m && tasks.includes(e.task));

  // ---- 6. statistics (brief §7.5–7.6, §8) and the unit tables the claims are decided on ----
  const stats = studyStatistics({
    config,
    seed: ctx.seed,
    train,
    heldOut,
    trainedConfigs,
    ckptList,
    offlineOwn,
    offlineOracle,
    episodesOf,
    oracleEps,
    heldOracle,
    trainings,
    budgetSteps,
  });
  const units = await writeStudyUnits(ctx, evalEps, offlineOracle, offlineOwn, stats.offPolicyAll.perTask);

  const collected = {
    'collect-base': baseEps,
    oracle: oracleEps,
    'style-mix': styleEps,
    'noisy-0.3': noisyEps,
    limited: limitedEps,
  };
  const dataset = datasetReport(
    collected,
    K,
    train,
    evalEps.concat(heldOracle),
    [...baseEps, ...oracleEps, ...styleEps, ...noisyEps],
    randomEps,
    H,
  );

  const allEpisodes = [
    ...baseEps,
    ...oracleEps,
    ...styleEps,
    ...noisyEps,
    ...limitedEps,
    ...poolEps,
    ...heldOracle,
    ...heldStyle,
    ...heldNoisy,
    ...randomEps,
    ...evalEps,
    ...llmEps,
  ];
  const anyEpisode = allEpisodes.find((e) => e.versions.chromium !== 'unknown');
  const timed = phases.filter((p) => p.steps > 0);
  const summary: Summary = {
    points: stats.points,
    agreement: stats.agreement,
    offPolicy: stats.offPolicy,
    reasoning: stats.reasoning,
    remedies: stats.remedies,
    c1: stats.c1,
    heldOut: stats.heldOut,
    design: {
      evalMode: mode,
      correlationPoints: correlationPoints(config, trainedConfigs),
      expertPrivileged: [...expertPrivilegedTasks],
      heldOutTasks: heldOut,
    },
    dataset,
    ...(has('limited') ? { limitedCoverage: limitedCoverage(limitedEps, train, K, config, episodesOf) } : {}),
    ...(config.llm.evaluate ? { llm: summariseLlm(config, llmEps, train, heldOut) } : {}),
    meta: {
      chromium: anyEpisode?.versions.chromium ?? 'unknown',
      playwright: anyEpisode?.versions.playwright ?? 'unknown',
      backend: ctx.backend.name,
      envStepsPerSec:
        timed.reduce((a, p) => a + p.steps, 0) /
        Math.max(
          1e-9,
          timed.reduce((a, p) => a + p.seconds, 0),
        ),
      wallTimeS: (performance.now() - started) / 1000,
      failedEpisodes: allEpisodes.filter((e) => e.error !== null).length,
      totalEpisodes: allEpisodes.length,
    },
  };
  await writeReport(ctx, summary, { config, train, heldOut, phases, trainings }, evalEps, oracleEps);
  await writeUnitSections(ctx, summary, units.offline, units.episodes);
  return summary;
}

async function sequential<A, R>(items: readonly A[], fn: (a: A) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await fn(item));
  return out;
}
