// Offline metrics of brief §7.3, on held-out expert traces (evaluation seeds), no browser:
// exact-match accuracy Acc = (1/N) Σ_t 1[â_t = a_t] (type, element and text all equal) in the
// config's eval mode (free-running thought) and teacher-forced (think-tf); accuracy against the
// oracle's canonical label; valid-action accuracy 1[â_t ∈ validNext(s_t)]; NLL per step; thought
// accuracy (progress and sub-goal right) free-running. Counts are kept per task so the bootstrap
// over tasks can recompute every metric.
import { tf } from 'core-tensor';
import { formatAction } from '../actions/format.js';
import { parseAction } from '../actions/parser.js';
import {
  decodeAction,
  emptyHistory,
  encodeAction,
  type FeaturisedObs,
  featurise,
  pushHistory,
} from '../data/featurise.js';
import type { Episode } from '../data/trace.js';
import { encodeThought, makeBatch, type Sample } from '../student/batch.js';
import { decideBatch, type EvalMode } from '../student/decode.js';
import { disposeAll, inputTensors, logProbs, targetTensors } from '../student/loss.js';
import type { Student } from '../student/student.js';

export interface TaskCounts {
  steps: number;
  exact: number; // â = executed expert action (eval mode)
  exactTF: number; // â = executed expert action (gold thought fed)
  exactOracle: number; // â = oracle canonical
  valid: number; // â ∈ oracleValid
  thought: number; // predicted thought = gold thought (free-running)
  thoughtSteps: number;
  nllSum: number;
  nllSteps: number;
  episodes: number;
  episodesAllExact: number;
}

export type OfflineCounts = Record<string, TaskCounts>;

export interface OfflineSummary {
  acc: number;
  accTF: number;
  accOracle: number;
  validAcc: number;
  thoughtAccFree: number;
  nll: number;
  episodeExact: number;
  steps: number;
}

function emptyCounts(): TaskCounts {
  return {
    steps: 0,
    exact: 0,
    exactTF: 0,
    exactOracle: 0,
    valid: 0,
    thought: 0,
    thoughtSteps: 0,
    nllSum: 0,
    nllSteps: 0,
    episodes: 0,
    episodesAllExact: 0,
  };
}

const canonical = (text: string | null): string | null => {
  if (text === null) return null;
  const parsed = parseAction(text);
  return parsed.ok ? formatAction(parsed.action) : text;
};

interface StepItem {
  task: string;
  episode: number;
  fo: FeaturisedObs;
  sample: Sample; // label = executed action (dummy target when not encodable)
  encodable: boolean;
  executed: string | null;
  oracle: string | null;
  valid: Set<string>;
}

export function evaluateOffline(
  student: Student,
  episodes: readonly Episode[],
  mode: EvalMode,
  horizon = 15,
  chunk = 256,
): OfflineCounts {
  const items: StepItem[] = [];
  episodes.forEach((episode, index) => {
    let history = emptyHistory();
    for (const step of episode.steps) {
      const fo = featurise(step.obs, history, horizon);
      const parsed = parseAction(step.action);
      const encoded = parsed.ok ? encodeAction(parsed.action, fo) : undefined;
      const target = encoded?.ok
        ? encoded.target
        : { verb: 7, element: -1, textSource: -1, spanStart: -1, spanEnd: -1, textElement: -1 };
      items.push({
        task: episode.task,
        episode: index,
        fo,
        sample: { fo, target, thought: encodeThought(step.thought, fo) },
        encodable: encoded?.ok === true,
        executed: canonical(step.action),
        oracle: canonical(step.oracleCanonical),
        valid: new Set(step.oracleValid.map((v) => canonical(v)!)),
      });
      history = pushHistory(history, step.obs, step.parsed, step.error !== null);
    }
  });
  const counts: OfflineCounts = {};
  const episodeExact = new Map<number, boolean>();
  for (let s = 0; s < items.length; s += chunk) {
    const part = items.slice(s, s + chunk);
    const fos = part.map((i) => i.fo);
    const samples = part.map((i) => i.sample);
    const free = decideBatch(
      student.net,
      makeBatch(
        samples,
        samples.map(() => false),
      ),
      fos,
      mode,
    );
    const forced = decideBatch(
      student.net,
      makeBatch(
        samples,
        samples.map((x) => x.thought !== null),
      ),
      fos,
      'think-tf',
    );
    // NLL of the expert's action with t_∅ fed (the action model alone).
    const nllBatch = makeBatch(
      samples,
      samples.map(() => false),
    );
    nllBatch.hasThought.fill(0);
    const x = inputTensors(nllBatch);
    const y = targetTensors(nllBatch);
    const { action, thought } = logProbs(student.net, x, y);
    const logp = action.dataSync().slice();
    tf.dispose([action, thought]);
    disposeAll(x, y);
    part.forEach((item, k) => {
      counts[item.task] ??= emptyCounts();
      const c = counts[item.task]!;
      const predicted = formatAction(decodeAction(free[k]!.target, item.fo));
      const predictedTF = formatAction(decodeAction(forced[k]!.target, item.fo));
      c.steps++;
      const exact = predicted === item.executed;
      if (exact) c.exact++;
      if (predictedTF === item.executed) c.exactTF++;
      if (predicted === item.oracle) c.exactOracle++;
      if (item.valid.has(predicted)) c.valid++;
      if (item.sample.thought) {
        c.thoughtSteps++;
        if (
          free[k]!.progress === item.sample.thought.progress &&
          free[k]!.subgoal === item.sample.thought.subgoal
        )
          c.thought++;
      }
      if (item.encodable) {
        c.nllSum += -logp[k]!;
        c.nllSteps++;
      }
      episodeExact.set(item.episode, (episodeExact.get(item.episode) ?? true) && exact);
    });
  }
  episodes.forEach((episode, index) => {
    counts[episode.task] ??= emptyCounts();
    const c = counts[episode.task]!;
    c.episodes++;
    if (episodeExact.get(index) ?? true) c.episodesAllExact++;
  });
  return counts;
}

/** Micro-averaged summary over the given tasks (all when omitted). */
export function summariseOffline(counts: OfflineCounts, tasks?: readonly string[]): OfflineSummary {
  const total = emptyCounts();
  for (const task of tasks ?? Object.keys(counts)) {
    const c = counts[task];
    if (!c) continue;
    for (const key of Object.keys(total) as (keyof TaskCounts)[]) total[key] += c[key];
  }
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    acc: ratio(total.exact, total.steps),
    accTF: ratio(total.exactTF, total.steps),
    accOracle: ratio(total.exactOracle, total.steps),
    validAcc: ratio(total.valid, total.steps),
    thoughtAccFree: ratio(total.thought, total.thoughtSteps),
    nll: ratio(total.nllSum, total.nllSteps),
    episodeExact: ratio(total.episodesAllExact, total.episodes),
    steps: total.steps,
  };
}
