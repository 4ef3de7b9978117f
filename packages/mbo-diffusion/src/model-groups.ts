// The pool jobs of stage B (brief §5.2, issue 16 point 2): the model grid cut into groups that train
// as one along core-tensor's model axis. A group never mixes shapes: its models share the task (which
// fixes D, the data, the steps and the checkpoints), the variant (c.g. needs g_β while sampling) and
// the width H. τ and the seed may differ: each model draws its own label dropout and batches.
import { type Config, type ModelSpec, modelGrid, trainStepsFor } from './config.js';

/** The key of models that can stack into one EnsembleEpsMlp. */
export function shapeKey(spec: ModelSpec): string {
  return `${spec.task}/${spec.variant}/H${spec.width}`;
}

/**
 * The grid's models as pool jobs of at most `config.modelsPerJob` models of one shape, longest job
 * first so the last job to start is a short one and no worker idles long at the end. A shape
 * group of n models becomes ⌈n / modelsPerJob⌉ jobs whose sizes differ by at most one.
 */
export function modelGroups(config: Config): ModelSpec[][] {
  const byShape = new Map<string, ModelSpec[]>();
  for (const spec of modelGrid(config)) {
    const key = shapeKey(spec);
    byShape.set(key, [...(byShape.get(key) ?? []), spec]);
  }
  const jobs = [...byShape.values()].flatMap((specs) => evenChunks(specs, config.modelsPerJob));
  return jobs.sort((a, b) => jobCost(config, b) - jobCost(config, a) || compareFirst(a[0]!, b[0]!));
}

/** Splits items into ⌈n / most⌉ consecutive chunks whose sizes differ by at most one. */
export function evenChunks<T>(items: readonly T[], most: number): T[][] {
  const count = Math.ceil(items.length / most);
  const chunks: T[][] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const size = Math.floor(items.length / count) + (i < items.length % count ? 1 : 0);
    chunks.push(items.slice(start, start + size));
    start += size;
  }
  return chunks;
}

/** A job's training work in model-steps (sampling grows with it: every model validates at every checkpoint). */
function jobCost(config: Config, specs: readonly ModelSpec[]): number {
  return specs.length * trainStepsFor(config, specs[0]!.task);
}

/** Ties: wider first, then c.g. (its sampler differentiates g_β), as the one-model jobs were ordered. */
function compareFirst(a: ModelSpec, b: ModelSpec): number {
  return b.width - a.width || (a.variant === b.variant ? 0 : a.variant === 'cg' ? -1 : 1);
}

/**
 * The models in the order the one-model jobs ran and reported them before grouping (wider first,
 * c.g. first): results are put back in this order, so metrics.jsonl, the points and their seeded
 * bootstrap resamples read as they did.
 */
export function reportOrder(config: Config): string[] {
  return modelGrid(config)
    .sort((a, b) => b.width - a.width || (a.variant === 'cg' ? -1 : 1))
    .map((spec) => spec.id);
}
