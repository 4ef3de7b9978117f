// Gates every claim carries (issue 16): the generator sanity gate of each task the claim reads.
import type { GateResult } from 'lab';
import { generatorGates } from './generator-gate.js';
import type { Summary } from './summary.js';
import type { TaskId } from './task.js';

export function gatesFor(summary: Summary, tasks: readonly TaskId[]): GateResult[] {
  return [...new Set(tasks)].flatMap((task) =>
    generatorGates(
      summary.generator.find((g) => g.task === task),
      summary.generatorGateShare,
      task,
    ),
  );
}
