// The claims' measures against hand computations (issue 17): paired success over (task, seed)
// pairs, C2's ρ on the shared oracle traces, C3 leaving out the expert-privileged tasks, and the
// verdicts lab's rule gives on clear cases.
import { decide } from 'lab';
import { describe, expect, test } from 'vitest';
import { pairedSuccess } from '../src/claims/paired-success.js';
import { rankAgreement } from '../src/claims/rank-agreement.js';
import { claims } from '../src/claims.js';
import type { EpisodeUnit, OfflineUnit, OffPolicyUnit, StudyUnits } from '../src/units.js';
import { summaryFixture } from './summary-fixture.js';

const ep = (config: string, task: string, seed: number, success: number): EpisodeUnit => ({
  config,
  ckpt: 'final',
  evalMode: 'think',
  task,
  seed,
  success,
  steps: 2,
});
const at = (config: string) => ({ config, ckpt: 'final', evalMode: 'think' });

describe('paired success', () => {
  test('only (task, seed) pairs both points ran count; Δ is the mean paired difference', () => {
    const episodes = [
      ep('a', 't1', 0, 1),
      ep('b', 't1', 0, 0),
      ep('a', 't1', 1, 1),
      ep('b', 't1', 1, 1),
      ep('a', 't2', 0, 0),
      ep('b', 't2', 0, 1),
      ep('a', 't2', 1, 1),
      ep('b', 't2', 1, 0),
      ep('a', 't3', 0, 1), // no partner: left out
      ep('a', 't9', 0, 1), // a held-out task: left out
      ep('b', 't9', 0, 0),
    ];
    const r = pairedSuccess(episodes, at('a'), at('b'), 'x', { resamples: 200, excludeTasks: ['t9'] });
    expect(r.n).toBe(4);
    expect(r.estimate).toBeCloseTo((1 + 0 - 1 + 1) / 4, 12);
    expect(r.srA).toBeCloseTo(3 / 4, 12);
    expect(r.tasks).toBe(2);
  });
});

describe('C2 on the shared oracle traces', () => {
  const offline = (config: string, exact: number, traces: OfflineUnit['traces'] = 'oracle'): OfflineUnit => ({
    config,
    ckpt: 'final',
    traces,
    task: 't',
    steps: 10,
    exact,
    valid: 10 - exact,
    thought: 0,
    thoughtSteps: 0,
  });
  const points = ['p', 'q', 'r'].map(at);
  const episodes = [
    ep('p', 't', 0, 0),
    ep('q', 't', 0, 1),
    ep('q', 't', 1, 1),
    ep('r', 't', 0, 1),
    ep('r', 't', 1, 0),
  ];
  // SR: p 0, q 1, r 0.5 — exact: p 2, q 9, r 5 (same order): ρ = 1; valid is the reverse: ρ = −1
  const units = [offline('p', 2), offline('q', 9), offline('r', 5), offline('q', 0, 'noisy')];

  test('exact match orders the points as success does: 1 − ρ = 0', () => {
    expect(rankAgreement(points, 'exact', units, episodes, 'x', 50).estimate).toBeCloseTo(0, 12);
  });

  test('valid-action accuracy in the reverse order: 1 − ρ = 2; own-expert rows are not read', () => {
    const r = rankAgreement(points, 'valid', units, episodes, 'x', 50);
    expect(r.estimate).toBeCloseTo(2, 12);
    expect(r.srRange).toBeCloseTo(1, 12);
    expect(r.accRange).toBeCloseTo(0.7, 12);
  });
});

describe('C3 leaves the expert-privileged tasks out', () => {
  const row = (task: string, expertPrivileged: boolean, stuValid: number): OffPolicyUnit => ({
    task,
    expertPrivileged,
    expSteps: 100,
    expValid: 90,
    stuSteps: 100,
    stuValid,
  });
  test('a privileged task with a 60 pp gap moves nothing', () => {
    const claim = claims.find((c) => c.id === 'C3')!;
    const offpolicy = [
      row('a', false, 90),
      row('b', false, 90),
      row('c', false, 90),
      row('click-tab-2', true, 30),
    ];
    const m = claim.measure(summaryFixture(), { episodes: [], offline: [], offpolicy } satisfies StudyUnits);
    expect(m.estimate).toBeCloseTo(0, 12);
    expect(m.measured).toContain('click-tab-2');
  });
});

describe("verdicts by lab's rule on clear cases", () => {
  test('C5: a 30 pp DAgger gain at equal budgets is reproduced; at unequal budgets inconclusive', () => {
    const claim = claims.find((c) => c.id === 'C5')!;
    const episodes = Array.from({ length: 100 }, (_, i) => [
      ep('dagger', `t${i % 5}`, i, i % 10 < 8 ? 1 : 0),
      ep('bc-budget', `t${i % 5}`, i, i % 10 < 5 ? 1 : 0),
    ]).flat();
    const units = { episodes, offline: [], offpolicy: [] };
    const verdict = (s: ReturnType<typeof summaryFixture>) => {
      const m = claim.measure(s, units);
      return decide({ estimate: m.estimate, ci: m.ci, smallest: claim.effect.smallest }, m.gates ?? [])
        .verdict;
    };
    expect(verdict(summaryFixture())).toBe('reproduced');
    expect(verdict(summaryFixture({ budgetSteps: 1112, bcSteps: 977 }))).toBe('inconclusive');
  });
});
