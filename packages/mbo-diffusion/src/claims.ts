// The brief's claims (§7) under lab's contract (issue 16): each declares its effect and measures it
// on the unit tables read back from disk; lab's rule decides. Every claim carries the generator
// gate of each task it reads. Thresholds come from the brief or the paper, never tuned.
import type { EffectClaim } from 'lab';
import { cfgWeak, cgStronger, metricRanking, noisyAgreementSign } from './claims-correlation.js';
import { beatsDbest, noisyNoGain } from './claims-final.js';
import { bestHighW, guidanceDiversity } from './claims-guidance.js';
import type { Summary } from './summary.js';
import type { Units } from './units.js';

export const claims: readonly EffectClaim<Summary, Units>[] = [
  metricRanking,
  cfgWeak,
  cgStronger,
  noisyAgreementSign,
  noisyNoGain,
  beatsDbest,
  guidanceDiversity,
  bestHighW,
];
