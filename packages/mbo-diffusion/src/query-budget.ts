// The oracle query budget of brief §2.6: every exact-oracle call and every read of D_test's labels
// goes through a QueryBudget, which throws unless the run is in its 'final' phase and within maxQueries.
import { z } from 'zod';

export const Phase = z.enum(['train', 'validate', 'final']);
export type Phase = z.infer<typeof Phase>;

export class OracleQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OracleQueryError';
  }
}

export class QueryBudget {
  private currentPhase: Phase = 'train';
  private used = 0;
  private testLabelReads = 0;

  constructor(
    readonly taskId: string,
    readonly maxQueries: number,
  ) {
    if (!Number.isInteger(maxQueries) || maxQueries < 0)
      throw new Error(`QueryBudget maxQueries must be a non-negative integer, got ${maxQueries}`);
  }

  get phase(): Phase {
    return this.currentPhase;
  }

  get queries(): number {
    return this.used;
  }

  get testLabelReadCount(): number {
    return this.testLabelReads;
  }

  setPhase(phase: Phase): void {
    this.currentPhase = Phase.parse(phase);
  }

  /** Records `count` exact-oracle queries by `caller`; throws outside 'final' or beyond maxQueries. */
  charge(caller: string, count: number): void {
    this.guard(caller, 'query the exact oracle');
    if (this.used + count > this.maxQueries) {
      throw new OracleQueryError(
        `${caller} asked for ${count} exact-oracle queries on ${this.taskId}, but ${this.used} of the ` +
          `${this.maxQueries} allowed are used (raise the budget in the config if this is intended)`,
      );
    }
    this.used += count;
  }

  /** Allows one read of D_test's labels by `caller` (final phase only; not counted against maxQueries). */
  chargeTestLabels(caller: string): void {
    this.guard(caller, "read D_test's labels");
    this.testLabelReads += 1;
  }

  private guard(caller: string, what: string): void {
    if (this.currentPhase !== 'final') {
      throw new OracleQueryError(
        `${caller} tried to ${what} of ${this.taskId} in phase '${this.currentPhase}'; ` +
          "only phase 'final' may (offline MBO forbids the ground truth during training and validation)",
      );
    }
  }
}
