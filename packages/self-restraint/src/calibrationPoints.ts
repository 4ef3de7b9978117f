// The points of the self-evaluation reliability and corruption checks (brief §8): every distinct
// generated (attribute, value) pair of each ReSearch pool, with its p̂, its truth, and how the stream
// mentioned the pair (clean and corrupted mentions), so the corruption check can compare like with like.
import type { SearchResult } from './research.js';
import { consistencyLikelihood } from './selfEval.js';
import type { World } from './world.js';

export interface CalibrationPoint {
  p: number;
  truth: boolean;
  /** The (entity, attribute) pair had ≥ 1 corrupted mention in the stream. */
  corruptedPair: boolean;
  /** Clean mentions of the pair in the stream (0: never stated truly). */
  cleanMentions: number;
  tier: string;
}

/** Distinct generated pairs of each ReSearch pool with p̂ and truth, split by corrupted mentions. */
export function calibrationPoints(
  world: World,
  results: readonly SearchResult[],
  discount: number,
  mentions: { clean: number[][]; corrupted: number[][] },
): CalibrationPoint[] {
  const points: CalibrationPoint[] = [];
  for (const r of results) {
    const likelihood = consistencyLikelihood(r.pool, discount);
    const seen = new Set<string>();
    for (const sample of r.pool) {
      for (const claim of sample.generated) {
        const key = `${claim.attribute}:${claim.valueToken}`;
        if (seen.has(key)) continue;
        seen.add(key);
        points.push({
          p: likelihood(claim),
          truth: world.isTrue(r.entity, claim),
          corruptedPair: (mentions.corrupted[r.entity]?.[claim.attribute] ?? 0) > 0,
          cleanMentions: mentions.clean[r.entity]?.[claim.attribute] ?? 0,
          tier: world.entities[r.entity]!.tierName,
        });
      }
    }
  }
  return points;
}
