// The claims of brief §8, fixed before any run. Every threshold is ours [D]: the paper reports no
// number we can check. Each check reads only the summary and can return any of the three verdicts.
import type { StudyRuleClaim } from 'lab';
import type { Summary } from './summary.js';

const pp = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)} pp`);
const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)} %`);
const num = (x: number | null, d = 2) => (x === null ? 'n/a' : x.toFixed(d));

export const claims: StudyRuleClaim<Summary>[] = [
  {
    id: 'C1',
    statement:
      'Fine-tuning a small student on successful expert traces works: SFT raises online success well above the base model',
    paper: 'title and abstract: "it works" [P]; no number confirmed from the paper text',
    check(s) {
      const { delta, pValue } = s.c1;
      const measured = `SR base ${pct(s.c1.srBase)} → oracle final ${pct(s.c1.srOracle)}: Δ = ${pp(delta)}, McNemar p = ${pValue.toExponential(2)} (b=${s.c1.b}, c=${s.c1.c}); rule: reproduced if Δ ≥ 15 pp and p < 0.01, not reproduced if Δ < 5 pp`;
      if (delta === null) return { verdict: 'inconclusive', measured };
      if (delta >= 0.15 && pValue < 0.01) return { verdict: 'reproduced', measured };
      if (delta < 0.05) return { verdict: 'not reproduced', measured };
      return { verdict: 'inconclusive', measured };
    },
  },
  {
    id: 'C2',
    statement:
      'Better prediction of expert trajectories (offline) does not consistently bring better task success (online)',
    paper: 'abstract [P], qualitative; no number confirmed',
    check(s) {
      const a = s.agreement;
      const significant = a.inversions.filter((i) => i.significant);
      const ciHasZero = a.rhoCi[0] !== null && a.rhoCi[1] !== null && a.rhoCi[0] <= 0 && a.rhoCi[1] >= 0;
      const skippedShare = a.resamples > 0 ? a.skippedResamples / a.resamples : 1;
      const measured =
        `${a.nPoints} points (≥ ${a.minEpisodesPerPoint} episodes each), SR range ${pp(a.srRange)}, Acc range ${pp(a.accRange)}; ` +
        `Spearman ρ = ${num(a.rho)} [${num(a.rhoCi[0])}, ${num(a.rhoCi[1])}], Kendall τ_b = ${num(a.tau)}; ` +
        `${significant.length} significant inversion(s) of ${a.inversions.length} candidate(s) (m = ${a.pairsTested}); skipped resamples ${(100 * skippedShare).toFixed(1)} %`;
      const preconditions =
        a.nPoints >= 15 &&
        a.minEpisodesPerPoint >= 200 &&
        a.srRange >= 0.1 &&
        a.accRange >= 0.05 &&
        skippedShare <= 0.05;
      if (!preconditions)
        return {
          verdict: 'inconclusive',
          measured: `${measured} — preconditions not met (≥ 15 points, ≥ 200 episodes/point, SR range ≥ 10 pp, Acc range ≥ 5 pp, ≤ 5 % skipped)`,
        };
      if (significant.length > 0 || (a.rho !== null && a.rho < 0.5) || ciHasZero)
        return { verdict: 'reproduced', measured };
      return { verdict: 'not reproduced', measured };
    },
  },
  {
    id: 'C3',
    statement:
      "Off-policy bias: the student is less accurate on the states it reaches than on the expert's states",
    paper: 'named as a cause [P]; no number confirmed',
    check(s) {
      const o = s.offPolicy;
      const measured = `oracle final on ${o.tasks.length} multi-step train tasks: A_exp ${pct(o.aExp)}, A_stu ${pct(o.aStu)}, Δ_off = ${pp(o.delta)} [${pp(o.ci[0])}, ${pp(o.ci[1])}]; rule: reproduced if Δ ≥ 2 pp and CI low > 0, not reproduced if CI high < 2 pp`;
      if (o.tasks.length === 0 || o.ci[0] === null || o.ci[1] === null)
        return { verdict: 'inconclusive', measured };
      if (o.delta >= 0.02 && o.ci[0] > 0) return { verdict: 'reproduced', measured };
      if (o.ci[1] < 0.02) return { verdict: 'not reproduced', measured };
      return { verdict: 'inconclusive', measured };
    },
  },
  {
    id: 'C4',
    statement: "Fine-tuning without reasoning in the targets erodes the model's reasoning",
    paper:
      '"loss of reasoning abilities during fine-tuning" [P]; mechanism inferred from the 3 prompt settings in the code [C]; not confirmed from the paper text',
    check(s) {
      const r = s.reasoning;
      const sta = Object.entries(r.srThinkAct)
        .map(([k, v]) => `${k}: think ${pct(v.think)} / act ${pct(v.act)}`)
        .join('; ');
      const measured = `thought accuracy drop λ=0: ${pp(r.drop0)} [${pp(r.ci0[0])}, ${pp(r.ci0[1])}], λ=0.5: ${pp(r.drop05)}; difference ${pp(r.drop0 - r.drop05)}; SR ${sta}`;
      if (r.ci0[0] === null || r.ci0[1] === null) return { verdict: 'inconclusive', measured };
      if (r.drop0 >= 0.1 && r.ci0[0] > 0 && r.drop0 - r.drop05 >= 0.05)
        return { verdict: 'reproduced', measured };
      if (r.ci0[1] < 0.1 || r.drop0 <= r.drop05) return { verdict: 'not reproduced', measured };
      return { verdict: 'inconclusive', measured };
    },
  },
  {
    id: 'C5',
    statement:
      '(extension) On-policy data fixes what more offline imitation cannot: at an equal labelled budget, DAgger beats BC online',
    paper:
      'the paper "discusses potential solutions" [P] without numbers; the follow-up reports SFT + on-policy RL gains [F]',
    check(s) {
      const d = s.remedies.daggerVsBcBudget;
      const accDiff =
        s.remedies.offlineAcc.dagger !== null &&
        s.remedies.offlineAcc['bc-budget'] !== null &&
        s.remedies.offlineAcc.dagger !== undefined &&
        s.remedies.offlineAcc['bc-budget'] !== undefined
          ? s.remedies.offlineAcc.dagger - s.remedies.offlineAcc['bc-budget']
          : null;
      const measured = `SR dagger ${pct(s.remedies.sr.dagger ?? null)} vs bc-budget ${pct(s.remedies.sr['bc-budget'] ?? null)} (${labelledSteps(d)}): Δ = ${pp(d.delta)}, McNemar p = ${d.pValue.toExponential(2)}; offline Acc difference ${pp(accDiff)}`;
      if (d.delta === null) return { verdict: 'inconclusive', measured };
      if (d.delta >= 0.05 && d.pValue < 0.05) return { verdict: 'reproduced', measured };
      if (d.delta < 0.02) return { verdict: 'not reproduced', measured };
      return { verdict: 'inconclusive', measured };
    },
  },
];

/** The labelled budgets of C5: equal, or bc-budget short of DAgger's |D| when the oracle pool is. */
function labelledSteps(d: { budgetSteps: number; bcSteps: number }): string {
  return d.bcSteps >= d.budgetSteps
    ? `${d.budgetSteps} labelled steps each`
    : `labelled steps: dagger ${d.budgetSteps}, bc-budget ${d.bcSteps}, all the oracle data there is`;
}
