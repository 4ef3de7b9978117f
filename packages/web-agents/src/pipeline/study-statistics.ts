// The statistics of brief §7.5–7.6 and §8 that the summary and report show: every checkpoint's
// offline and online point, the own-expert agreement (a secondary result since issue 17: C2 is
// decided on the shared oracle traces from the unit tables), off-policy diagnostics, thought
// accuracy, remedies and C1's pair. The claims themselves are decided from the unit tables.
import { bootstrap } from 'lab';
import type { WebAgentsConfig } from '../config.js';
import type { Episode } from '../data/trace.js';
import { type AgreementPoint, agreementStats } from '../eval/agreement.js';
import { multiStepTasks, type OffPolicyReport, offPolicyDiagnostics } from '../eval/off-policy.js';
import { type OfflineCounts, summariseOffline } from '../eval/offline.js';
import { outcomes, summariseOnline } from '../eval/online.js';
import { discordant, mcnemarExact, spearman } from '../eval/stats.js';
import { finite, type Point, type Summary } from '../summary.js';
import { expertPrivilegedTasks } from '../tasks/expert-privileged.js';
import type { TrainResult } from './train-job.js';

export interface StatisticsInput {
  config: WebAgentsConfig;
  seed: number;
  train: string[];
  heldOut: string[];
  trainedConfigs: string[];
  ckptList: (name: string) => { ckpt: string; epoch: number; dir: string }[];
  offlineOwn: Map<string, OfflineCounts>;
  offlineOracle: Map<string, OfflineCounts>;
  episodesOf: (cfg: string, ckpt: string, m: string, tasks: readonly string[]) => Episode[];
  oracleEps: Episode[];
  heldOracle: Episode[];
  trainings: TrainResult[];
  budgetSteps: number;
}

export type StudyStatistics = Pick<Summary, 'points' | 'reasoning' | 'remedies' | 'c1' | 'heldOut'> & {
  agreement: Summary['agreement'];
  offPolicy: Summary['offPolicy'];
  /** every multi-step task, privileged ones included: the offpolicy unit table */
  offPolicyAll: OffPolicyReport;
};

export function studyStatistics(input: StatisticsInput): StudyStatistics {
  const { config, seed, train, heldOut, trainedConfigs, ckptList, offlineOwn, offlineOracle } = input;
  const { episodesOf, oracleEps, heldOracle, trainings, budgetSteps } = input;
  const sft = config.sft;
  const mode = config.eval.mode;
  // lab's percentile bootstrap, B resamples of the train tasks, one stream per statistic and run seed
  const B = config.stats.bootstrap;
  const seedOf = (statistic: string) => `${seed}/stats/${statistic}`;
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
  const diagnose = (tasks: readonly string[]) =>
    offPolicyDiagnostics(
      offlineOracle.get('oracle@final') ?? {},
      oracleFinalEps,
      heldOracle,
      tasks,
      B,
      seedOf('offpolicy'),
    );
  const offPolicyAll = diagnose(multi);
  const offPolicy = diagnose(multi.filter((t) => !expertPrivilegedTasks.includes(t)));

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

  return {
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
      perTask: offPolicyAll.perTask.map((t) => ({
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
    offPolicyAll,
    reasoning,
    remedies,
    c1,
    heldOut: heldOutSummary,
  };
}
