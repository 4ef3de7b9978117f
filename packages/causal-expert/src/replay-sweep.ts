// The replayed GPT-3 expert on insurance (§9.4, claims C6 and C7): per run a phrasing is drawn
// per edge, then the greedy amendment runs at every η and strategy on that same report.
import { join } from 'node:path';
import { Rng } from 'core-tensor';
import { z } from 'zod';
import { naiveBaseline } from './baselines.js';
import { type CalibrationReport, calibrationReport } from './calibration.js';
import { CellAccumulator, CellStats } from './cell-stats.js';
import { answersByEdge, readAnswerCsv, replayReport, scoredAnswers } from './expert-replay.js';
import { greedyAmend } from './greedy.js';
import { memberIndex } from './mec.js';
import { keeps, meanSe, unionShd } from './metrics.js';
import { dataDir, oracleProblem } from './oracle.js';
import { NaiveStats } from './oracle-sweep.js';
import { posterior } from './posterior.js';
import { Semantics, Strategy, semanticsFlags } from './semantics.js';

export const replayEngines = ['text-davinci-002', 'text-davinci-003'] as const;

export const ReplayCellArgs = z.object({
  engine: z.enum(replayEngines),
  etas: z.array(z.number()),
  strategies: z.array(Strategy),
  semantics: z.array(Semantics),
  runs: z.number().int().positive(),
  baseSeed: z.number().int(),
});

/** One replayed run in one (semantics, strategy, η) setting, next to the naive graph of the same run. */
export const ReplayRun = z.object({
  run: z.number().int(),
  semantics: Semantics,
  strategy: Strategy,
  eta: z.number(),
  mecSize: z.number(),
  shd: z.number(),
  kept: z.number(),
  confidence: z.number(),
  /** SHD of following the same run's answers blindly (the wrong answers). */
  naiveShd: z.number(),
});
export type ReplayRun = z.infer<typeof ReplayRun>;

export const ReplayCellResult = z.object({
  cells: z.array(CellStats),
  naive: NaiveStats,
  calibration: z.custom<CalibrationReport>(),
  /** Per run (claim C6's unit table) and every cached answer scored (C7's). */
  runs: z.array(ReplayRun),
  answers: z.array(z.object({ edge: z.string(), pTrue: z.number() })),
});
export type ReplayCellResult = z.infer<typeof ReplayCellResult>;

export function runReplayCell(rawArgs: unknown): ReplayCellResult {
  const args = ReplayCellArgs.parse(rawArgs);
  const { mec } = oracleProblem('insurance');
  const rows = readAnswerCsv(join(dataDir, 'llm-answers', `insurance_${args.engine}.csv`));
  const byEdge = answersByEdge(mec, rows);
  const truth = new Uint8Array(mec.m).fill(1);
  const truthIndex = memberIndex(mec, truth);
  const accumulators = new Map<string, CellAccumulator>();
  const naiveShd: number[] = [];
  const runs: ReplayRun[] = [];
  let outside = 0;
  let cyclic = 0;
  let allRight = 0;
  for (let run = 0; run < args.runs; run++) {
    const report = replayReport(
      new Rng(args.baseSeed).split(`insurance/${args.engine}/${run}/replay`),
      byEdge,
      truth,
    );
    const naive = naiveBaseline(mec, report.reported, truth);
    naiveShd.push(naive.shd);
    if (!naive.inMec) outside++;
    if (naive.cyclic) cyclic++;
    if (naive.shd === 0) allRight++;
    const weights = posterior(mec.members, mec.m, report);
    for (const semantics of args.semantics)
      for (const strategy of args.strategies)
        for (const eta of args.etas) {
          const key = `${eta}/${strategy}/${semantics}`;
          let acc = accumulators.get(key);
          if (!acc) {
            acc = new CellAccumulator({
              network: 'insurance',
              start: 'oracle',
              truth: 'fixed',
              expert: args.engine,
              epsilon: null,
              eta,
              strategy,
              semantics,
              mecFull: mec.size,
              m: mec.m,
            });
            accumulators.set(key, acc);
          }
          const result = greedyAmend(
            { members: mec.members, m: mec.m, weights, reported: report.reported, eta },
            semanticsFlags(semantics, strategy),
          );
          const metrics = {
            mecSize: result.kept.length,
            shd: unionShd(mec.members, mec.m, result.kept, truth),
            kept: keeps(result.kept, truthIndex) ? 1 : 0,
            confidence: result.confidence,
          };
          acc.add({ ...metrics, hitGuard: result.hitGuard });
          runs.push({ run, semantics, strategy, eta, ...metrics, naiveShd: naive.shd });
        }
  }
  const shd = meanSe(naiveShd);
  const answers = scoredAnswers(mec, byEdge);
  return {
    cells: [...accumulators.values()].map((acc) => acc.stats()),
    naive: {
      network: 'insurance',
      expert: args.engine,
      epsilon: null,
      runs: args.runs,
      shd: shd.mean,
      shdSe: shd.se,
      outsideMec: outside / args.runs,
      cyclic: cyclic / args.runs,
      allRight: allRight / args.runs,
    },
    calibration: calibrationReport(answers),
    runs,
    answers,
  };
}
