// A study's experiment: its config schema (defaults = the paper's values), named presets of
// overrides, the paper's claims as checks, and the run itself. defineExperiment checks all of it
// when the study module loads, so a broken preset or claim fails before anyone starts a run.
import { z } from 'zod';
import type { Claim } from './claims.js';
import { type DeepPartial, presetProblems } from './config-resolution.js';
import { InputError, type InputProblem } from './input-error.js';
import type { RunContext } from './run-context.js';

export const PaperRef = z.object({
  title: z.string().min(1),
  authors: z.string().min(1),
  venue: z.string().min(1),
  url: z.url().optional(),
});
export type PaperRef = z.infer<typeof PaperRef>;

/** The presets every study defines; a study may add more. */
export const requiredPresets = ['smoke', 'default', 'paper'] as const;
export type RequiredPreset = (typeof requiredPresets)[number];

export type Presets<Input> = Record<RequiredPreset, DeepPartial<Input>> & Record<string, DeepPartial<Input>>;

export interface ExperimentDefinition<Config extends z.ZodObject, Summary> {
  /** The study's name: its package name and its folder under results/ (lower-case, dashes). */
  name: string;
  paper: PaperRef;
  /** Every hyper-parameter, each with a default that is the paper's value. */
  config: Config;
  /** Overrides by name: at least smoke (CI, every code path), default (this machine), paper (empty). */
  presets: Presets<z.input<Config>>;
  claims: readonly Claim<Summary>[];
  /** Optional schema of the summary; when given, the summary is validated before it is written. */
  summary?: z.ZodType<Summary>;
  /** The experiment module's `import.meta.url`: lets lab record the study package's version. */
  source?: string;
  run(config: z.output<Config>, ctx: RunContext): Promise<Summary>;
}

export type Experiment<Config extends z.ZodObject, Summary> = Readonly<ExperimentDefinition<Config, Summary>>;

/** Validates and returns a study's experiment; throws an InputError listing every problem. */
export function defineExperiment<Config extends z.ZodObject, Summary>(
  definition: ExperimentDefinition<Config, Summary>,
): Experiment<Config, Summary> {
  const problems: InputProblem[] = [];
  if (!/^[a-z0-9][a-z0-9-]*$/.test(definition.name)) {
    problems.push({
      key: 'name',
      message: `'${definition.name}' must be lower-case words with dashes (it names a folder)`,
    });
  }
  const paper = PaperRef.safeParse(definition.paper);
  if (!paper.success) {
    for (const issue of paper.error.issues)
      problems.push({ key: `paper.${issue.path.join('.')}`, message: issue.message });
  }
  const defaults = definition.config.safeParse({});
  if (!defaults.success) {
    for (const issue of defaults.error.issues) {
      problems.push({
        key: `config.${issue.path.join('.')}`,
        message: `needs a default (the paper's value): ${issue.message}`,
      });
    }
  }
  problems.push(...presetProblems(definition.config, definition.presets, requiredPresets));
  const seen = new Set<string>();
  for (const [index, claim] of definition.claims.entries()) {
    if (claim.id.trim() === '') problems.push({ key: `claims[${index}].id`, message: 'must not be empty' });
    if (seen.has(claim.id))
      problems.push({
        key: `claims[${index}].id`,
        message: `'${claim.id}' is used twice; ids must be unique`,
      });
    seen.add(claim.id);
  }
  if (problems.length > 0) {
    throw new InputError(
      problems.map((problem) => ({ ...problem, key: `experiment '${definition.name}' ${problem.key}` })),
    );
  }
  return Object.freeze({ ...definition });
}
