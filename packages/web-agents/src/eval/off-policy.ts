// Off-policy diagnostics of brief §7.5: A_exp = valid-action accuracy on the oracle's own trajectory
// of each evaluation (task, seed) (offline, from evaluateOffline on oracle traces); A_stu =
// valid-action accuracy on the states the student visited (labelled by oracleValid during its
// rollout). Δ_off = A_exp − A_stu, micro-averaged over the steps of the multi-step train tasks
// (mean oracle episode length ≥ 3 in the collected data), with a bootstrap CI over tasks. Also: the
// first step where the student leaves validNext, and the share of off-support student states
// (signature = URL + form and checkbox state, never seen on the oracle trajectory of that task/seed).
import { bootstrap } from 'lab';
import type { Episode } from '../data/trace.js';
import type { Obs } from '../env/obs.js';
import type { OfflineCounts } from './offline.js';
import { canonicalAction } from './online.js';

export interface TaskOffPolicy {
  task: string;
  expSteps: number;
  expValid: number;
  stuSteps: number;
  stuValid: number;
  aExp: number;
  aStu: number;
  delta: number;
  firstDivergenceMean: number | null;
  offSupportShare: number;
}

export interface OffPolicyReport {
  tasks: string[];
  aExp: number;
  aStu: number;
  delta: number;
  ci: [number, number];
  perTask: TaskOffPolicy[];
}

export function stateSignature(obs: Obs): string {
  // the path only: each worker's task server has its own port, and the nonce differs per episode
  const path = obs.url.replace(/^[a-z]+:\/\/[^/]*/, '').replace(/\?.*$/, '');
  const fields = obs.elements
    .filter((el) => el.value !== null || el.checked !== null)
    .map((el) => `${el.domId || el.name}=${el.value ?? ''}/${el.checked ?? ''}`)
    .join('&');
  return `${path}#${fields}`;
}

/** Multi-step train tasks: mean oracle episode length ≥ 3 in the collected data (a data rule). */
export function multiStepTasks(oracleEpisodes: readonly Episode[], trainTasks: readonly string[]): string[] {
  return trainTasks.filter((task) => {
    const lengths = oracleEpisodes.filter((e) => e.task === task && e.success === 1).map((e) => e.nSteps);
    return lengths.length > 0 && lengths.reduce((a, b) => a + b, 0) / lengths.length >= 3;
  });
}

export function offPolicyDiagnostics(
  expertCounts: OfflineCounts,
  studentEpisodes: readonly Episode[],
  oracleEvalEpisodes: readonly Episode[],
  tasks: readonly string[],
  resamples: number,
  seed: string,
): OffPolicyReport {
  const oracleStates = new Map<string, Set<string>>();
  for (const e of oracleEvalEpisodes)
    oracleStates.set(`${e.task}/${e.seed}`, new Set(e.steps.map((s) => stateSignature(s.obs))));
  const perTask: TaskOffPolicy[] = tasks.map((task) => {
    const c = expertCounts[task];
    let stuSteps = 0;
    let stuValid = 0;
    let offSupport = 0;
    let states = 0;
    const divergences: number[] = [];
    for (const e of studentEpisodes.filter((x) => x.task === task)) {
      const seen = oracleStates.get(`${e.task}/${e.seed}`);
      let diverged = -1;
      e.steps.forEach((s, i) => {
        states++;
        if (seen && !seen.has(stateSignature(s.obs))) offSupport++;
        if (s.oracleValid.length === 0) return;
        stuSteps++;
        const ok = s.oracleValid.map(canonicalAction).includes(canonicalAction(s.action));
        if (ok) stuValid++;
        else if (diverged < 0) diverged = i;
      });
      if (diverged >= 0) divergences.push(diverged);
    }
    const aExp = c && c.steps > 0 ? c.valid / c.steps : 0;
    const aStu = stuSteps > 0 ? stuValid / stuSteps : 0;
    return {
      task,
      expSteps: c?.steps ?? 0,
      expValid: c?.valid ?? 0,
      stuSteps,
      stuValid,
      aExp,
      aStu,
      delta: aExp - aStu,
      firstDivergenceMean:
        divergences.length > 0 ? divergences.reduce((a, b) => a + b, 0) / divergences.length : null,
      offSupportShare: states > 0 ? offSupport / states : 0,
    };
  });
  const micro = (rows: readonly TaskOffPolicy[]) => {
    const es = rows.reduce((a, r) => a + r.expSteps, 0);
    const ev = rows.reduce((a, r) => a + r.expValid, 0);
    const ss = rows.reduce((a, r) => a + r.stuSteps, 0);
    const sv = rows.reduce((a, r) => a + r.stuValid, 0);
    const aExp = es > 0 ? ev / es : 0;
    const aStu = ss > 0 ? sv / ss : 0;
    return { aExp, aStu, delta: aExp - aStu };
  };
  const all = micro(perTask);
  const { ci } = bootstrap(perTask, (sample) => micro(sample).delta, { seed, resamples, level: 0.95 });
  return { tasks: [...tasks], ...all, ci, perTask };
}
