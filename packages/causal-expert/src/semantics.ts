// The four semantics presets of §2.5: the official code's behaviours that change results, as flags.
import { z } from 'zod';
import type { LikelihoodMode } from './expert-epsilon.js';

export const Strategy = z.enum(['risk', 'size']);
export type Strategy = z.infer<typeof Strategy>;
export const ConfidenceMode = z.enum(['exact', 'product']);
export type ConfidenceMode = z.infer<typeof ConfidenceMode>;
export const PickOrder = z.enum(['most-likely', 'least-likely']);
export type PickOrder = z.infer<typeof PickOrder>;
export const Semantics = z.enum(['paper-2023', 'official-2024', 'corrected', 'corrected-product']);
export type Semantics = z.infer<typeof Semantics>;

export interface GreedyFlags {
  strategy: Strategy;
  confidence: ConfidenceMode;
  pickOrder: PickOrder;
  removeTaken: boolean;
  skipNoOp: boolean;
}

export interface SemanticsFlags extends GreedyFlags {
  likelihood: LikelihoodMode;
}

/** The flags of a semantics preset for a strategy (§2.5 table). */
export function semanticsFlags(semantics: Semantics, strategy: Strategy): SemanticsFlags {
  switch (semantics) {
    case 'paper-2023': // [code] af5992c: ascending sort, no removal
      return {
        strategy,
        likelihood: 'truth-keyed',
        confidence: 'product',
        pickOrder: 'least-likely',
        removeTaken: false,
        skipNoOp: false,
      };
    case 'official-2024': // [code] HEAD 6806c0e
      return {
        strategy,
        likelihood: 'truth-keyed',
        confidence: 'product',
        pickOrder: 'most-likely',
        removeTaken: strategy === 'risk',
        skipNoOp: false,
      };
    case 'corrected': // [ours] default
      return {
        strategy,
        likelihood: 'report-keyed',
        confidence: 'exact',
        pickOrder: 'most-likely',
        removeTaken: true,
        skipNoOp: true,
      };
    case 'corrected-product': // [ours] ablation of the confidence flag
      return {
        strategy,
        likelihood: 'report-keyed',
        confidence: 'product',
        pickOrder: 'most-likely',
        removeTaken: strategy === 'risk',
        skipNoOp: false,
      };
  }
}
