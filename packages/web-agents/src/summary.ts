// The run summary (brief §8): the only thing the claims read. Numbers that can be undefined (a
// correlation of constant ranks) are null, so the summary stays JSON.
import { z } from 'zod';

const Num = z.number().nullable();
const Interval = z.tuple([Num, Num]);

export const OfflinePoint = z.object({
  acc: z.number(),
  accOracle: z.number(),
  validAcc: z.number(),
  nll: z.number(),
  thoughtAccFree: z.number(),
  accTF: z.number(),
  steps: z.number(),
});

export const OnlinePoint = z.object({
  n: z.number(),
  sr: z.number(),
  wilson: z.tuple([z.number(), z.number()]),
  strictSr: z.number(),
  meanStepsOfSuccesses: z.number(),
  errors: z.record(z.string(), z.number()),
});

export const Point = z.object({
  config: z.string(),
  ckpt: z.string(),
  epoch: z.number(),
  evalMode: z.string(),
  offline: OfflinePoint.nullable(),
  online: OnlinePoint.nullable(),
});
export type Point = z.infer<typeof Point>;

export const Summary = z.object({
  points: z.array(Point),
  agreement: z.object({
    nPoints: z.number(),
    minEpisodesPerPoint: z.number(),
    rho: Num,
    rhoCi: Interval,
    tau: Num,
    skippedResamples: z.number(),
    resamples: z.number(),
    srRange: z.number(),
    accRange: z.number(),
    pairsTested: z.number(),
    inversions: z.array(
      z.object({
        p: z.string(),
        q: z.string(),
        accP: z.number(),
        accQ: z.number(),
        srP: z.number(),
        srQ: z.number(),
        b: z.number(),
        c: z.number(),
        pValue: z.number(),
        significant: z.boolean(),
      }),
    ),
    withinConfigRho: z.record(z.string(), Num),
  }),
  offPolicy: z.object({
    tasks: z.array(z.string()),
    aExp: z.number(),
    aStu: z.number(),
    delta: z.number(),
    ci: Interval,
    perTask: z.array(
      z.object({
        task: z.string(),
        aExp: z.number(),
        aStu: z.number(),
        delta: z.number(),
        firstDivergenceMean: Num,
        offSupportShare: z.number(),
        expSteps: z.number(),
        stuSteps: z.number(),
      }),
    ),
  }),
  reasoning: z.object({
    thoughtAcc: z.record(z.string(), z.number()),
    drop0: z.number(),
    drop05: z.number(),
    ci0: Interval,
    ci05: Interval,
    srThinkAct: z.record(z.string(), z.object({ think: Num, act: Num })),
  }),
  remedies: z.object({
    sr: z.record(z.string(), Num),
    offlineAcc: z.record(z.string(), Num),
    daggerVsBcBudget: z.object({
      delta: Num,
      b: z.number(),
      c: z.number(),
      pValue: z.number(),
      budgetSteps: z.number(), // the labelled steps DAgger trained on
      bcSteps: z.number(), // what bc-budget trained on: equal unless the oracle pool is too small
    }),
  }),
  c1: z.object({ srBase: Num, srOracle: Num, delta: Num, b: z.number(), c: z.number(), pValue: z.number() }),
  heldOut: z.record(z.string(), z.object({ n: z.number(), sr: z.number() })),
  // what the claims pair and rank (issue 17): fixed by the config before any result is seen
  design: z.object({
    evalMode: z.string(),
    correlationPoints: z.array(z.object({ config: z.string(), ckpt: z.string(), evalMode: z.string() })),
    expertPrivileged: z.array(z.string()),
    heldOutTasks: z.array(z.string()), // evaluated too, but no claim pairs them (task-level split)
  }),
  dataset: z.object({
    perExpert: z.record(
      z.string(),
      z.object({
        episodes: z.number(),
        successRate: z.number(),
        kept: z.number(),
        steps: z.number(),
        tokens: z.number(),
      }),
    ),
    tasksWithNoData: z.record(z.string(), z.array(z.string())),
    prunedTargetShare: z.number(),
    instanceLeakage: z.number(),
    randomPolicySr: z.record(z.string(), z.number()),
  }),
  // issue 17 point 7: the 'limited' config (present only when it is trained): task coverage of the
  // limited expert's success-filtered traces and the final student's SR on covered / missing tasks
  limitedCoverage: z
    .object({
      tasks: z.number(),
      covered: z.array(z.string()),
      missing: z.array(z.string()),
      coverage: z.number(),
      attempted: z.number(),
      kept: z.number(),
      sr: z.object({ all: Num, covered: Num, missing: Num }),
      oracleSr: z.object({ all: Num, covered: Num, missing: Num }),
    })
    .optional(),
  // issue 17 point 7: the LLM as an evaluated policy (present only when llm.evaluate is set)
  llm: z
    .object({
      model: z.string(),
      axtree: z.enum(['tags', 'cdp']),
      train: OnlinePoint,
      heldOut: OnlinePoint.nullable(),
      steps: z.number(),
      invalidSteps: z.number(), // replies with no parseable action
    })
    .optional(),
  meta: z.object({
    chromium: z.string(),
    playwright: z.string(),
    backend: z.string(),
    envStepsPerSec: z.number(),
    wallTimeS: z.number(),
    failedEpisodes: z.number(),
    totalEpisodes: z.number(),
  }),
});
export type Summary = z.infer<typeof Summary>;

/** NaN/undefined → null, for JSON. */
export function finite(x: number | undefined): number | null {
  return x === undefined || !Number.isFinite(x) ? null : x;
}
