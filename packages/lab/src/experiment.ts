// A study's experiment: its config schema (defaults = the paper's values), named presets of
// overrides, the schemas of its unit tables, the paper's claims (decided by lab's rule on those
// tables), the invariants that hold by construction, and the run itself. defineExperiment checks all of it
// when the study module loads, so a broken preset or claim fails before anyone starts a run.
import { z } from 'zod';
import type { Claim, ClaimEffect, Invariant } from './claims.js';
import { type DeepPartial, presetProblems } from './config-resolution.js';
import { InputError, type InputProblem } from './input-error.js';
import type { RunContext } from './run-context.js';
import type { UnitSchemas, UnitsOf } from './units.js';

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

// biome-ignore lint/complexity/noBannedTypes: an experiment without unit tables declares none
type NoUnits = {};

export interface ExperimentDefinition<
  Config extends z.ZodObject,
  Summary,
  Units extends UnitSchemas = NoUnits,
> {
  /** The study's name: its package name and its folder under results/ (lower-case, dashes). */
  name: string;
  paper: PaperRef;
  /** Every hyper-parameter, each with a default that is the paper's value. */
  config: Config;
  /** Overrides by name: at least smoke (CI, every code path), default (this machine), paper (empty). */
  presets: Presets<z.input<Config>>;
  /**
   * The unit-level outcomes the claims rest on: one schema per table, written by the run with
   * ctx.writeUnits(name, rows) to units/<name>.csv and read back from there for the claims.
   */
  units?: Units;
  claims: readonly Claim<Summary, UnitsOf<Units>>[];
  /** What holds by construction: tested, listed in the report, never counted as a reproduction. */
  invariants?: readonly Invariant<Summary, UnitsOf<Units>>[];
  /** Optional schema of the summary; when given, the summary is validated before it is written. */
  summary?: z.ZodType<Summary>;
  /** The experiment module's `import.meta.url`: lets lab record the study package's version. */
  source?: string;
  run(config: z.output<Config>, ctx: RunContext): Promise<Summary>;
}

export type Experiment<Config extends z.ZodObject, Summary, Units extends UnitSchemas = NoUnits> = Readonly<
  ExperimentDefinition<Config, Summary, Units>
>;

/** Validates and returns a study's experiment; throws an InputError listing every problem. */
export function defineExperiment<Config extends z.ZodObject, Summary, Units extends UnitSchemas = NoUnits>(
  definition: ExperimentDefinition<Config, Summary, Units>,
): Experiment<Config, Summary, Units> {
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
  problems.push(...claimProblems(definition));
  if (problems.length > 0) {
    throw new InputError(
      problems.map((problem) => ({ ...problem, key: `experiment '${definition.name}' ${problem.key}` })),
    );
  }
  return Object.freeze({ ...definition });
}

/** Ids unique and non-empty across claims and invariants; each effect's δ positive and its unit named. */
function claimProblems(definition: {
  claims: readonly Claim<never, never>[];
  invariants?: readonly { id: string }[];
}): InputProblem[] {
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  const entries = [
    ...definition.claims.map((claim, index) => ({ key: `claims[${index}]`, claim })),
    ...(definition.invariants ?? []).map((claim, index) => ({ key: `invariants[${index}]`, claim })),
  ];
  for (const { key, claim } of entries) {
    if (claim.id.trim() === '') problems.push({ key: `${key}.id`, message: 'must not be empty' });
    if (seen.has(claim.id))
      problems.push({ key: `${key}.id`, message: `'${claim.id}' is used twice; ids must be unique` });
    seen.add(claim.id);
    if ('effect' in claim) {
      const { smallest, unit } = claim.effect as ClaimEffect;
      if (!(Number.isFinite(smallest) && smallest > 0))
        problems.push({
          key: `${key}.effect.smallest`,
          message: `${smallest} must be a positive number: the smallest effect that counts`,
        });
      if (unit.trim() === '')
        problems.push({ key: `${key}.effect.unit`, message: 'must name what is resampled (seed, task, …)' });
    }
  }
  return problems;
}
