// The whole study (brief §2): collect → filter → base → SFT configs → DAgger → bc-budget → offline
// metrics → online evaluation → agreement, off-policy, reasoning, remedies → summary. Every phase
// resumes: traces skip finished episode keys, trainings skip finished runs, offline metrics are cached.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from 'core-tensor';
import { bootstrap, type RunContext, writeJsonAtomic } from 'lab';
import { z } from 'zod';
import { heldOutTasks, seedRanges, trainTasks, type WebAgentsConfig } from '../config.js';
import type { Episode } from '../data/trace.js';
import { type AgreementPoint, agreementStats } from '../eval/agreement.js';
import { multiStepTasks, offPolicyDiagnostics } from '../eval/off-policy.js';
import { evaluateOffline, type OfflineCounts, summariseOffline } from '../eval/offline.js';
import { outcomes, summariseOnline } from '../eval/online.js';
import { discordant, mcnemarExact, spearman } from '../eval/stats.js';
import type { ChunkJob } from '../runner/jobs.js';
import type { PolicySpec } from '../runner/policy-spec.js';
import { Student } from '../student/student.js';
import { finite, type Point, type Summary } from '../summary.js';
import { datasetReport } from './dataset-report.js';
import { episodeJobs, type PhaseStats, range, runPhase, traceDir } from './phases.js';
import { writeReport } from './report.js';
import {
  baseDir,
  checkpointDir,
  type DataSource,
  recipeEpisodes,
  type TrainArgs,
  TrainResult,
  trainJob,
} from './train-job.js';

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
  const limitedEps =
    config.experts.limitedEpisodesPerTask > 0
      ? await run(
          'collect-limited',
          episodeJobs('collect-limited', 'limited', { kind: 'limited' }, train, () =>
            range(seedRanges.sft, config.experts.limitedEpisodesPerTask),
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
    clipNorm: sft.clipNorm,
    width: sft.width,
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
  const budgetSteps = recipeEpisodes(traceDir(ctx), daggerSources, {
    dropErrors: false,
    dropLong: false,
    dedupe: false,
  }).reduce((a, p) => a + p.episodes.reduce((s, e) => s + e.nSteps, 0), 0);
  if (has('bc-budget'))
    trainings.push(
      ...(await trainMany([
        trainArgs('bc-budget', [source('collect-oracle', 'executed', true, K)], {
          checkpoints: [],
          budgetSteps,
        }),
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
  const finalDir = (name: string) => checkpointDir(ctx.runDir, name, 'final');
  const trainedConfigs = [
    'oracle',
    'style-mix',
    'noisy',
    'oracle-actonly',
    'dart',
    'dagger',
    'bc-budget',
  ].filter((c) => trainings.some((t) => t.name === c));
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
  interface OnlineSpec {
    config: string;
    ckpt: string;
    epoch: number;
    dir: string;
    mode: 'think' | 'act';
    tasks: string[];
    seeds: number[];
  }
  const online: OnlineSpec[] = [];
  const mode = config.eval.mode;
  const heldSeeds = range(seedRanges.eval, config.eval.heldOutSeedsPerTask);
  online.push({
    config: 'base',
    ckpt: '0',
    epoch: 0,
    dir: baseDir(ctx.runDir),
    mode,
    tasks: train,
    seeds: evalSeeds,
  });
  const ckptDirFor = (name: string, epoch: number) =>
    epoch === sft.epochs ? finalDir(name) : checkpointDir(ctx.runDir, name, epoch);
  for (const name of ['oracle', 'style-mix', 'noisy'].filter((n) => trainedConfigs.includes(n))) {
    for (const epoch of sft.onlineCheckpoints.filter((e) => e <= sft.epochs)) {
      online.push({
        config: name,
        ckpt: epoch === sft.epochs ? 'final' : String(epoch),
        epoch,
        dir: ckptDirFor(name, epoch),
        mode,
        tasks: train,
        seeds: evalSeeds,
      });
    }
  }
  const sideSeeds =
    config.eval.sideSeedsPerTask > 0 ? range(seedRanges.eval, config.eval.sideSeedsPerTask) : evalSeeds;
  const finalOf = (name: string, m: 'think' | 'act', seeds = evalSeeds) => ({
    config: name,
    ckpt: 'final',
    epoch: sft.epochs,
    dir: finalDir(name),
    mode: m,
    tasks: train,
    seeds,
  });
  if (trainedConfigs.includes('oracle')) online.push(finalOf('oracle', 'act', sideSeeds));
  if (trainedConfigs.includes('oracle-actonly'))
    online.push(finalOf('oracle-actonly', 'think', sideSeeds), finalOf('oracle-actonly', 'act', sideSeeds));
  if (trainedConfigs.includes('dart')) online.push(finalOf('dart', mode, sideSeeds));
  for (const name of ['dagger', 'bc-budget'].filter((n) => trainedConfigs.includes(n)))
    online.push(finalOf(name, mode));
  if (heldOut.length > 0 && heldSeeds.length > 0) {
    online.push({
      config: 'base',
      ckpt: '0',
      epoch: 0,
      dir: baseDir(ctx.runDir),
      mode,
      tasks: heldOut,
      seeds: heldSeeds,
    });
    if (trainedConfigs.includes('oracle'))
      online.push({ ...finalOf('oracle', mode), tasks: heldOut, seeds: heldSeeds });
  }
  const dedupe = new Map<string, OnlineSpec>();
  for (const o of online) {
    const isFinalDup = o.ckpt !== 'final' && o.epoch === sft.epochs;
    if (!isFinalDup) dedupe.set(`${o.config}/${o.ckpt}/${o.mode}/${o.tasks.join(',')}`, o);
  }
  const evalJobs = [...dedupe.values()].flatMap((o) =>
    episodeJobs(
      'eval',
      o.config,
      { kind: 'student', dir: o.dir, mode: o.mode, width: sft.width, horizon: H },
      o.tasks,
      () => o.seeds,
      o.ckpt,
      o.mode,
    ),
  );
  const evalEps = await run('eval', evalJobs);
  await stage('online');
  const episodesOf = (cfg: string, ckpt: string, m: string, tasks: readonly string[]) =>
    evalEps.filter((e) => e.policy === cfg && e.ckpt === ckpt && e.evalMode === m && tasks.includes(e.task));

  // ---- 6. statistics (brief §7.5–7.6, §8) ----
  // lab's percentile bootstrap, B resamples of the train tasks, one stream per statistic and run seed
  const B = config.stats.bootstrap;
  const seedOf = (statistic: string) => `${ctx.seed}/stats/${statistic}`;
  const points: Point[] = [];
  const pointFor = (cfg: string, ckpt: string, epoch: number, m: string, ownKey: string): Point => {
    const own = offlineOwn.get(ownKey);
    const orc = offlineOracle.get(ownKey.replace(/^base-[a-z-]+@/, 'base@'));
    const eps = episodesOf(cfg, ckpt, m, train);
    const ownSummary = own ? summariseOffline(own, train) : undefined;
    const orcSummary = orc ? summariseOffline(orc, train) : undefined;
    return {
      config: cfg,
      ckpt,
      epoch,
      evalMode: m,
      offline:
        ownSummary && orcSummary
          ? {
              acc: ownSummary.acc,
              accOracle: orcSummary.accOracle,
              validAcc: ownSummary.validAcc,
              nll: ownSummary.nll,
              thoughtAccFree: orcSummary.thoughtAccFree,
              accTF: ownSummary.accTF,
              steps: ownSummary.steps,
            }
          : null,
      online: eps.length > 0 ? summariseOnline(eps) : null,
    };
  };
  points.push(pointFor('base', '0', 0, mode, 'base-oracle@0'));
  for (const name of trainedConfigs) {
    for (const c of ckptList(name)) {
      const ckpt = c.epoch === sft.epochs ? 'final' : c.ckpt; // the last saved epoch is the final model
      points.push(pointFor(name, ckpt, c.epoch, mode, `${name}@${c.ckpt}`));
    }
  }
  if (trainedConfigs.includes('oracle'))
    points.push(pointFor('oracle', 'final', sft.epochs, 'act', 'oracle@final'));
  if (trainedConfigs.includes('oracle-actonly'))
    points.push(pointFor('oracle-actonly', 'final', sft.epochs, 'act', 'oracle-actonly@final'));

  // C2: the correlation set, fixed in advance: the online-evaluated SFT checkpoints of oracle, style-mix, noisy.
  const correlation: AgreementPoint[] = [];
  const withinConfigRho: Record<string, number | null> = {};
  for (const name of ['oracle', 'style-mix', 'noisy'].filter((n) => trainedConfigs.includes(n))) {
    const own: AgreementPoint[] = [];
    for (const epoch of sft.onlineCheckpoints.filter((e) => e <= sft.epochs)) {
      const ckpt = epoch === sft.epochs ? 'final' : String(epoch);
      const counts = offlineOwn.get(`${name}@${ckpt}`) ?? offlineOwn.get(`${name}@${epoch}`);
      const eps = episodesOf(name, ckpt, mode, train);
      if (counts && eps.length > 0)
        own.push({ id: `${name}@${ckpt}`, offline: counts, outcomes: outcomes(eps) });
    }
    correlation.push(...own);
    const accs = own.map((p) => summariseOffline(p.offline, train).acc);
    const srs = own.map(
      (p) => [...p.outcomes.values()].reduce((a, b) => a + b, 0) / Math.max(1, p.outcomes.size),
    );
    withinConfigRho[name] = finite(spearman(accs, srs));
  }
  const agreement = agreementStats(correlation, train, B, seedOf('agreement'));

  // C3: off-policy bias of oracle final on the multi-step train tasks.
  const multi = multiStepTasks(oracleEps, train);
  const oracleFinalEps = episodesOf('oracle', 'final', mode, train);
  const offPolicy = offPolicyDiagnostics(
    offlineOracle.get('oracle@final') ?? {},
    oracleFinalEps,
    heldOracle,
    multi,
    B,
    seedOf('offpolicy'),
  );

  // C4: thought accuracy (free-running, oracle traces) of base − final, λ = 0 and λ = 0.5.
  const thoughtAcc = (key: string, tasks: readonly string[] = train) =>
    summariseOffline(offlineOracle.get(key) ?? {}, tasks).thoughtAccFree;
  const dropCi = (key: string) => {
    const drop = (sample: readonly string[]) => {
      const weighted = (k: string) => {
        let ok = 0;
        let n = 0;
        for (const t of sample) {
          const c = offlineOracle.get(k)?.[t];
          if (c) {
            ok += c.thought;
            n += c.thoughtSteps;
          }
        }
        return n === 0 ? Number.NaN : ok / n;
      };
      return weighted('base@0') - weighted(key);
    };
    return bootstrap(train, drop, { seed: seedOf(`drop-${key}`), resamples: B, level: 0.95 }).ci;
  };
  const srOf = (cfg: string, m: string) => {
    const eps = episodesOf(cfg, 'final', m, train);
    return eps.length > 0 ? summariseOnline(eps).sr : null;
  };
  const reasoning = {
    thoughtAcc: {
      base: thoughtAcc('base@0'),
      'oracle-final': thoughtAcc('oracle@final'),
      'oracle-actonly-final': thoughtAcc('oracle-actonly@final'),
    },
    drop0: thoughtAcc('base@0') - thoughtAcc('oracle-actonly@final'),
    drop05: thoughtAcc('base@0') - thoughtAcc('oracle@final'),
    ci0: dropCi('oracle-actonly@final').map(finite) as [number | null, number | null],
    ci05: dropCi('oracle@final').map(finite) as [number | null, number | null],
    srThinkAct: {
      oracle: { think: srOf('oracle', 'think'), act: srOf('oracle', 'act') },
      'oracle-actonly': { think: srOf('oracle-actonly', 'think'), act: srOf('oracle-actonly', 'act') },
    },
  };

  // C5 and the remedies table.
  const dag = outcomes(episodesOf('dagger', 'final', mode, train));
  const bcb = outcomes(episodesOf('bc-budget', 'final', mode, train));
  const dvb = discordant(dag, bcb);
  const remedies = {
    sr: Object.fromEntries(['oracle', 'noisy', 'dart', 'dagger', 'bc-budget'].map((n) => [n, srOf(n, mode)])),
    offlineAcc: Object.fromEntries(
      ['oracle', 'noisy', 'dart', 'dagger', 'bc-budget'].map((n) => [
        n,
        offlineOracle.has(`${n}@final`)
          ? summariseOffline(offlineOracle.get(`${n}@final`)!, train).accOracle
          : null,
      ]),
    ),
    daggerVsBcBudget: {
      delta: dag.size > 0 && bcb.size > 0 ? (dvb.b - dvb.c) / Math.max(1, dvb.n) : null,
      b: dvb.b,
      c: dvb.c,
      pValue: mcnemarExact(dvb.b, dvb.c),
      budgetSteps,
      bcSteps: trainings.find((t) => t.name === 'bc-budget')?.samples ?? 0,
    },
  };

  // C1: base vs oracle final.
  const baseOut = outcomes(episodesOf('base', '0', mode, train));
  const oracleOut = outcomes(oracleFinalEps);
  const c1d = discordant(oracleOut, baseOut);
  const c1 = {
    srBase: baseOut.size > 0 ? summariseOnline(episodesOf('base', '0', mode, train)).sr : null,
    srOracle: oracleOut.size > 0 ? summariseOnline(oracleFinalEps).sr : null,
    delta: baseOut.size > 0 && oracleOut.size > 0 ? (c1d.b - c1d.c) / Math.max(1, c1d.n) : null,
    b: c1d.b,
    c: c1d.c,
    pValue: mcnemarExact(c1d.b, c1d.c),
  };

  const heldOutSummary: Summary['heldOut'] = {};
  for (const [cfg, ckpt] of [
    ['base', '0'],
    ['oracle', 'final'],
  ] as const) {
    const eps = episodesOf(cfg, ckpt, mode, heldOut);
    if (eps.length > 0) heldOutSummary[cfg] = { n: eps.length, sr: summariseOnline(eps).sr };
  }

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
    ...heldOracle,
    ...heldStyle,
    ...heldNoisy,
    ...randomEps,
    ...evalEps,
  ];
  const anyEpisode = allEpisodes.find((e) => e.versions.chromium !== 'unknown');
  const timed = phases.filter((p) => p.steps > 0);
  const summary: Summary = {
    points,
    agreement: {
      nPoints: agreement.points,
      minEpisodesPerPoint: correlation.length > 0 ? Math.min(...correlation.map((p) => p.outcomes.size)) : 0,
      rho: finite(agreement.rho),
      rhoCi: agreement.rhoCi.map(finite) as [number | null, number | null],
      tau: finite(agreement.tau),
      skippedResamples: agreement.skippedResamples,
      resamples: agreement.resamples,
      srRange: agreement.srRange,
      accRange: agreement.accRange,
      pairsTested: agreement.pairsTested,
      inversions: agreement.inversions,
      withinConfigRho,
    },
    offPolicy: {
      tasks: offPolicy.tasks,
      aExp: offPolicy.aExp,
      aStu: offPolicy.aStu,
      delta: offPolicy.delta,
      ci: offPolicy.ci.map(finite) as [number | null, number | null],
      perTask: offPolicy.perTask.map((t) => ({
        task: t.task,
        aExp: t.aExp,
        aStu: t.aStu,
        delta: t.delta,
        firstDivergenceMean: t.firstDivergenceMean,
        offSupportShare: t.offSupportShare,
        expSteps: t.expSteps,
        stuSteps: t.stuSteps,
      })),
    },
    reasoning,
    remedies,
    c1,
    heldOut: heldOutSummary,
    dataset,
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
  return summary;
}

async function sequential<A, R>(items: readonly A[], fn: (a: A) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await fn(item));
  return out;
}
