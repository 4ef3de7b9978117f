// The brief's claims (§9.1) in lab's contract: each states its effect and is measured on the unit
// tables (claim-units.ts) as read back from the run folder; lab decides the verdict. C1's "the
// amended output never does" and C3 hold by construction: invariants, tested in unit tests.
import type { Claim, Invariant } from 'lab';
import type { ClaimUnits } from './claim-units.js';
import { c1, c1Valid, c2, c3 } from './claims-classes.js';
import { c4a, c4b, c4c } from './claims-coverage.js';
import { c6, c7 } from './claims-llm.js';
import { c5Risk, c5Size } from './claims-strategies.js';
import type { Summary } from './summary.js';

export const claims: Claim<Summary, ClaimUnits>[] = [c1, c2, c4a, c4b, c4c, c5Size, c5Risk, ...c6, ...c7];

export const invariants: Invariant<Summary, ClaimUnits>[] = [c1Valid, c3];
