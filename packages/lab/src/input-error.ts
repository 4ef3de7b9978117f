// Bad input from a person (a preset name, a --set key or value, a flag) or from a study's
// definition. Errors are data: each problem names the key, the bad value and what would be valid,
// and the CLI prints them all before any work starts.
//
// Its kin: failures that rerunning the same command cannot get past, so a failed run must not be
// told "rerun to continue" (issue 12, point 7). A study marks such an error with a `failureKind`
// property ('input', 'setup' or 'size'); lab cannot import a study's error classes, and a property
// also survives an error that crossed a module or realm boundary, where instanceof does not.

export interface InputProblem {
  /** What was wrong, e.g. '--set lr' or 'presets.smoke.steps'. */
  key: string;
  /** Why, and what would be valid. */
  message: string;
}

export class InputError extends Error {
  readonly problems: readonly InputProblem[];
  readonly failureKind = 'input';

  constructor(problems: readonly InputProblem[]) {
    super(problems.map((problem) => `${problem.key}: ${problem.message}`).join('\n'));
    this.name = 'InputError';
    this.problems = problems;
  }
}

/**
 * Why a started run failed, as far as a rerun of the same command is concerned:
 * - 'input': a value was found bad only once the run started (a rerun with other input is another run);
 * - 'setup': the machine lacks something the run needs (a browser, a data file): fix that first;
 * - 'size': the run does not fit this machine at this size (an allocation failed);
 * - 'crash': anything else (a bug, a kill, a network error): a rerun continues from the checkpoint.
 */
export type FailureKind = 'input' | 'setup' | 'size' | 'crash';

const markedKinds: ReadonlySet<unknown> = new Set(['input', 'setup', 'size']);

// What V8, Node and emscripten's wasm heap say when an allocation cannot be made. Deterministic:
// the same config asks for the same sizes on every rerun.
const allocationFailure =
  /Array buffer allocation failed|Invalid (typed )?array length|Cannot enlarge memory|Maximum memory size exceeded|out of memory|\bOOM\b/i;

/** The kind of a failure: the first marked error on its cause chain, else an allocation failure, else a crash. */
export function failureKind(error: unknown): FailureKind {
  // Causes are followed a few levels only: a cycle of causes must not hang the error path.
  for (let current = error, depth = 0; current instanceof Error && depth < 8; depth++) {
    const kind = (current as { failureKind?: unknown }).failureKind;
    if (markedKinds.has(kind)) return kind as FailureKind;
    if (allocationFailure.test(current.message)) return 'size';
    current = current.cause;
  }
  return 'crash';
}

/** True when rerunning the same command can continue the failed run from its checkpoint. */
export function isResumable(kind: FailureKind): boolean {
  return kind === 'crash';
}
