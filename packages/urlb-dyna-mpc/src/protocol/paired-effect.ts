// Paired differences between two fine-tuning conditions (brief §7): every condition of a
// (task, seed) shares resets and evaluation episodes, so the unit of a claim is the (task, seed)
// pair and its quantity is a per-pair difference of a curve statistic.
import { areaUnderCurve, type CurvePoint, curvesByRun, finalScore } from './learning-curve.js';
import { type MeanInterval, meanWithStudentCi } from './stats.js';

/** Which number of a learning curve a claim compares. */
export type CurveStatistic = 'auc' | 'final';

const statisticOf: Record<CurveStatistic, (points: readonly CurvePoint[]) => number> = {
  auc: areaUnderCurve,
  final: finalScore,
};

export const isLocomotion = (task: string) => task.startsWith('walker') || task.startsWith('quadruped');
export const isReach = (task: string) => task.startsWith('reach4');

/** Δ = stat(a) − stat(b) for every (task, seed) that ran both conditions, optionally filtered by task. */
export function pairedDifferences(
  curves: readonly CurvePoint[],
  a: string,
  b: string,
  statistic: CurveStatistic,
  taskFilter: (task: string) => boolean = () => true,
): number[] {
  const runs = curvesByRun(curves.filter((p) => taskFilter(p.task)));
  const of = statisticOf[statistic];
  const deltas: number[] = [];
  for (const [key, points] of runs) {
    const [task, condition, seed] = key.split('|');
    if (condition !== a) continue;
    const other = runs.get(`${task}|${b}|${seed}`);
    if (other) deltas.push(of(points) - of(other));
  }
  return deltas;
}

/** Mean paired Δ with its Student-t interval, and the words for the report. */
export function pairedEffect(
  curves: readonly CurvePoint[],
  a: string,
  b: string,
  statistic: CurveStatistic,
  taskFilter?: (task: string) => boolean,
): MeanInterval & { measured: string } {
  const deltas = pairedDifferences(curves, a, b, statistic, taskFilter);
  const effect = meanWithStudentCi(deltas);
  const label = statistic === 'auc' ? 'AUC' : 'final score';
  const measured =
    deltas.length === 0
      ? `no (task, seed) ran both ${a} and ${b}: not run in this preset`
      : `mean Δ ${label}(${a} − ${b}) ${effect.estimate.toFixed(3)}, 95% t-CI [${effect.ci[0].toFixed(3)}, ${effect.ci[1].toFixed(3)}], ${deltas.length} pairs, Δ = ${deltas.map((d) => d.toFixed(3)).join(', ')}`;
  return { ...effect, measured };
}
