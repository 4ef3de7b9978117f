// The 'limited' config's report row (issue 17 point 7): the capability-limited expert's blind spots
// leave some train tasks with no successful trace, so success filtering removes them from the SFT
// set altogether (brief §1.2: "tasks the expert cannot solve are missing from the SFT set"). This
// measures that: task coverage (tasks with ≥ 1 kept trace / all train tasks) and the final student's
// success on covered and uncovered tasks, beside the oracle config's on the same tasks and seeds.
import type { WebAgentsConfig } from '../config.js';
import { filterTraces } from '../data/filter.js';
import type { Episode } from '../data/trace.js';
import type { Summary } from '../summary.js';

export type LimitedCoverage = NonNullable<Summary['limitedCoverage']>;

type EpisodesOf = (config: string, ckpt: string, mode: string, tasks: readonly string[]) => Episode[];

const sr = (episodes: readonly Episode[]) =>
  episodes.length === 0 ? null : episodes.reduce((a, e) => a + e.success, 0) / episodes.length;

export function limitedCoverage(
  limited: readonly Episode[],
  train: readonly string[],
  keptPerTask: number,
  config: WebAgentsConfig,
  episodesOf: EpisodesOf,
): LimitedCoverage {
  // the same filter the 'limited' training set went through (train-job: success only, no extras)
  const { kept, report } = filterTraces(limited, {
    successOnly: config.filter.successOnly,
    dropErrors: false,
    dropLong: false,
    dedupe: false,
    keptPerTask,
  });
  const covered = train.filter((t) => (report.kept[t] ?? 0) > 0);
  const missing = train.filter((t) => !covered.includes(t));
  const mode = config.eval.mode;
  return {
    tasks: train.length,
    covered,
    missing,
    coverage: train.length === 0 ? 0 : covered.length / train.length,
    attempted: limited.length,
    kept: kept.length,
    sr: {
      all: sr(episodesOf('limited', 'final', mode, train)),
      covered: sr(episodesOf('limited', 'final', mode, covered)),
      missing: sr(episodesOf('limited', 'final', mode, missing)),
    },
    oracleSr: {
      all: sr(episodesOf('oracle', 'final', mode, train)),
      covered: sr(episodesOf('oracle', 'final', mode, covered)),
      missing: sr(episodesOf('oracle', 'final', mode, missing)),
    },
  };
}
