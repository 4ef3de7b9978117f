// The dataset report of brief §5.3: episodes, steps and tokens (whitespace tokens of goal +
// axtreeText + history + thought text + action: our analogue of the paper's 140M-token count, not
// comparable), per-expert success and kept episodes, tasks left with no data, the share of oracle
// targets pruned from the student's element list (must be 0), instance leakage, random-policy SR.
import { actionBid } from '../actions/action.js';
import { pruneElements } from '../data/featurise.js';
import { filterTraces } from '../data/filter.js';
import type { Episode } from '../data/trace.js';
import { axtreeText } from '../env/axtree.js';
import { thoughtText } from '../experts/thought.js';
import type { Summary } from '../summary.js';

const countTokens = (text: string) => (text.trim() === '' ? 0 : text.trim().split(/\s+/).length);

export function episodeTokens(e: Episode): number {
  let tokens = 0;
  const history: string[] = [];
  for (const step of e.steps) {
    tokens +=
      countTokens(step.obs.goal) +
      countTokens(axtreeText(step.obs.elements)) +
      countTokens(history.join(' '));
    if (step.thought) tokens += countTokens(thoughtText(step.thought, step.obs));
    tokens += countTokens(step.action);
    history.push(step.action);
  }
  return tokens;
}

export function datasetReport(
  collected: Record<string, Episode[]>,
  keptPerTask: number,
  trainTasks: readonly string[],
  evaluation: readonly Episode[],
  training: readonly Episode[],
  random: readonly Episode[],
  _horizon: number,
): Summary['dataset'] {
  const perExpert: Summary['dataset']['perExpert'] = {};
  const tasksWithNoData: Record<string, string[]> = {};
  for (const [name, episodes] of Object.entries(collected)) {
    if (episodes.length === 0) continue;
    const { kept, report } = filterTraces(episodes, {
      successOnly: true,
      dropErrors: false,
      dropLong: false,
      dedupe: false,
      keptPerTask: name === 'collect-base' ? Number.MAX_SAFE_INTEGER : keptPerTask,
    });
    perExpert[name] = {
      episodes: episodes.length,
      successRate: episodes.reduce((a, e) => a + e.success, 0) / episodes.length,
      kept: kept.length,
      steps: kept.reduce((a, e) => a + e.nSteps, 0),
      tokens: kept.reduce((a, e) => a + episodeTokens(e), 0),
    };
    tasksWithNoData[name] = trainTasks.filter((t) => (report.kept[t] ?? 0) === 0);
  }
  let targets = 0;
  let pruned = 0;
  for (const e of collected.oracle ?? []) {
    for (const s of e.steps) {
      const bid = s.parsed ? actionBid(s.parsed) : undefined;
      if (bid === undefined) continue;
      targets++;
      if (!pruneElements(s.obs.elements).some((el) => el.bid === bid)) pruned++;
    }
  }
  const trainingInstances = new Set(training.map((e) => `${e.task}|${e.goal}|${e.htmlHash}`));
  const evalInstances = new Map(
    evaluation.map((e) => [`${e.task}/${e.seed}`, `${e.task}|${e.goal}|${e.htmlHash}`]),
  );
  const leaked = [...evalInstances.values()].filter((k) => trainingInstances.has(k)).length;
  const randomPolicySr: Record<string, number> = {};
  for (const task of new Set(random.map((e) => e.task))) {
    const eps = random.filter((e) => e.task === task);
    randomPolicySr[task] = eps.reduce((a, e) => a + e.success, 0) / eps.length;
  }
  return {
    perExpert,
    tasksWithNoData,
    prunedTargetShare: targets === 0 ? 0 : pruned / targets,
    instanceLeakage: evalInstances.size === 0 ? 0 : leaked / evalInstances.size,
    randomPolicySr,
  };
}
