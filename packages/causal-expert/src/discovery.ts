// Causal discovery on a user's data (issue 18 point 2): PC-stable in pcalg's order (§3.3) with a
// chosen CI test (§3.2) and pcalg's relaxed orientation (§3.4). Discrete tests read the declared
// level counts of the data (DiscreteData.levels); Fisher-z reads continuous data. pcalg's conflict
// handling (conservative, majority, solve.confl) is an option.
import type { BackgroundKnowledge } from './background-knowledge.js';
import { type CiTest, correlationMatrix, DiscreteCiTest, FisherZTest } from './ci-tests.js';
import { type ConflictHandling, type PcResult, pcStable } from './pc-stable.js';
import type { PcTest } from './pc-sweep.js';
import type { ContinuousData, DiscreteData } from './sampler.js';

/** The data a test reads: discrete codes for G² and X², numbers for Fisher-z. */
export type DiscoveryData =
  | { kind: 'discrete'; data: DiscreteData }
  | { kind: 'continuous'; data: ContinuousData };

export interface DiscoveryOptions {
  test: PcTest;
  /** α: an edge goes when p ≥ α. */
  alpha: number;
  /** pcalg's adaptDF (g2-pcalg only). */
  adaptDf?: boolean;
  knowledge?: BackgroundKnowledge;
  /** pcalg's conservative / maj.rule and solve.confl (default: relaxed, as the peer fixtures). */
  conflicts?: ConflictHandling;
}

/** Which kind of data a test reads. */
export function dataKindOf(test: PcTest): DiscoveryData['kind'] {
  return test === 'fisherz' ? 'continuous' : 'discrete';
}

/** The CI test object for `options.test` on `input`; a data kind the test cannot read is an error. */
export function ciTestFor(input: DiscoveryData, options: Pick<DiscoveryOptions, 'test' | 'adaptDf'>): CiTest {
  const needed = dataKindOf(options.test);
  if (input.kind !== needed)
    throw new Error(`test '${options.test}' reads ${needed} data; got ${input.kind} data`);
  switch (input.kind) {
    case 'continuous':
      return new FisherZTest(correlationMatrix(input.data), input.data.d, input.data.n);
    case 'discrete': {
      if (options.test === 'fisherz') throw new Error('unreachable: fisherz reads continuous data');
      return new DiscreteCiTest(input.data, options.test, { adaptDf: options.adaptDf ?? false });
    }
  }
}

/** PC-stable on the data: the skeleton (with ntests and sepsets) and the oriented PDAG. */
export function discoverGraph(input: DiscoveryData, options: DiscoveryOptions): PcResult {
  if (!(options.alpha > 0 && options.alpha < 1))
    throw new Error(`alpha ${options.alpha} is invalid; valid: a number in (0, 1)`);
  return pcStable(
    ciTestFor(input, options),
    input.data.names,
    options.alpha,
    options.knowledge,
    options.conflicts,
  );
}
