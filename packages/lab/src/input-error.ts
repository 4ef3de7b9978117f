// Bad input from a person (a preset name, a --set key or value, a flag) or from a study's
// definition. Errors are data: each problem names the key, the bad value and what would be valid,
// and the CLI prints them all before any work starts.

export interface InputProblem {
  /** What was wrong, e.g. '--set lr' or 'presets.smoke.steps'. */
  key: string;
  /** Why, and what would be valid. */
  message: string;
}

export class InputError extends Error {
  readonly problems: readonly InputProblem[];

  constructor(problems: readonly InputProblem[]) {
    super(problems.map((problem) => `${problem.key}: ${problem.message}`).join('\n'));
    this.name = 'InputError';
    this.problems = problems;
  }
}
