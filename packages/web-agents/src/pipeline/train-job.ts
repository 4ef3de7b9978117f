// One SFT run as a pool job (brief §7.1): build the config's dataset from the traces, start from the
// base checkpoint (or from scratch for the base itself), train, save checkpoints at the given epochs
// to checkpoints/<name>/ckpt_<epoch>/. A finished run (train.json present) is not redone on resume.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from 'core-tensor';
import { writeJsonAtomic } from 'lab';
import { z } from 'zod';
import { buildSamples } from '../data/dataset.js';
import { filterTraces } from '../data/filter.js';
import { type Episode, readPhase } from '../data/trace.js';
import type { Sample } from '../student/batch.js';
import { ThoughtInput } from '../student/loss.js';
import { Student } from '../student/student.js';
import { trainStudent } from '../student/train.js';
import { StudentVariant } from '../student/variant.js';

export const DataSource = z.object({
  phase: z.string(),
  label: z.enum(['executed', 'oracle']),
  successOnly: z.boolean(),
  keptPerTask: z.number().int().min(0),
  tasks: z.array(z.string()),
});
export type DataSource = z.infer<typeof DataSource>;

export const TrainArgs = z.object({
  runDir: z.string(),
  name: z.string(),
  sources: z.array(DataSource),
  /** exactly this many labelled steps, drawn from the shuffled episodes of the sources (bc-budget) */
  budgetSteps: z.number().int().positive().nullable(),
  fromBase: z.boolean(),
  epochs: z.number().positive(),
  checkpoints: z.array(z.number().positive()),
  batchSize: z.number().int(),
  learningRate: z.number(),
  lambda: z.number(),
  thoughtDropout: z.number(),
  thoughtInput: z.enum(ThoughtInput).default('gold'),
  clipNorm: z.number(),
  width: z.number().int(),
  variant: z.enum(StudentVariant).default('detectors'), // config student.variant (issue 17 point 2)
  horizon: z.number().int(),
  seed: z.number().int(),
});
export type TrainArgs = z.infer<typeof TrainArgs>;

export const TrainResult = z.object({
  name: z.string(),
  episodes: z.number().int(),
  samples: z.number().int(),
  dropped: z.record(z.string(), z.number()),
  steps: z.number().int(),
  meanLoss: z.number(),
  samplesPerSecond: z.number(),
  checkpoints: z.array(z.string()),
});
export type TrainResult = z.infer<typeof TrainResult>;

export function checkpointDir(runDir: string, name: string, epoch: number | 'final'): string {
  return join(runDir, 'checkpoints', name, epoch === 'final' ? 'final' : `ckpt_${epoch}`);
}

export function baseDir(runDir: string): string {
  return checkpointDir(runDir, 'base', 'final');
}

/** The episodes a recipe trains on (also used to count |D| for bc-budget). */
export function recipeEpisodes(
  traceDir: string,
  sources: readonly DataSource[],
  filterExtra: { dropErrors: boolean; dropLong: boolean; dedupe: boolean },
): { source: DataSource; episodes: Episode[] }[] {
  return sources.map((source) => {
    const all = readPhase(traceDir, source.phase).filter((e) => source.tasks.includes(e.task));
    const { kept } = filterTraces(all, {
      successOnly: source.successOnly,
      keptPerTask: source.keptPerTask,
      ...filterExtra,
    });
    return { source, episodes: kept };
  });
}

export async function trainJob(raw: unknown): Promise<TrainResult> {
  const args = TrainArgs.parse(raw);
  const resultPath = join(args.runDir, 'checkpoints', args.name, 'train.json');
  if (existsSync(resultPath)) return TrainResult.parse(JSON.parse(readFileSync(resultPath, 'utf8')));
  const rng = new Rng(`${args.seed}/train/${args.name}`);
  const traceDir = join(args.runDir, 'traces');
  const parts = recipeEpisodes(traceDir, args.sources, { dropErrors: false, dropLong: false, dedupe: false });
  const built =
    args.budgetSteps === null
      ? buildAll(parts, args.horizon)
      : buildBudget(parts, args.budgetSteps, args.horizon, rng.split('budget'));
  const { samples, dropped, episodes } = built;
  const student = args.fromBase
    ? await Student.load(baseDir(args.runDir), rng.split('init'), {
        width: args.width,
        variant: args.variant,
      })
    : Student.create(rng.split('init'), { width: args.width, variant: args.variant });
  const saved: string[] = [];
  const stats = await trainStudent(
    student.net,
    samples,
    {
      epochs: args.epochs,
      batchSize: args.batchSize,
      learningRate: args.learningRate,
      lambda: args.lambda,
      thoughtDropout: args.thoughtDropout,
      thoughtInput: args.thoughtInput,
      clipNorm: args.clipNorm,
      checkpointEpochs: args.checkpoints,
    },
    rng.split('batches'),
    async (epoch) => {
      const dir = checkpointDir(args.runDir, args.name, epoch);
      await student.save(dir);
      saved.push(String(epoch));
    },
  );
  await student.save(checkpointDir(args.runDir, args.name, 'final'));
  student.dispose();
  const result: TrainResult = {
    name: args.name,
    episodes,
    samples: samples.length,
    dropped,
    steps: stats.steps,
    meanLoss: stats.meanLoss,
    samplesPerSecond: stats.samplesPerSecond,
    checkpoints: saved,
  };
  await writeJsonAtomic(resultPath, result);
  return result;
}

export interface Built {
  samples: Sample[];
  dropped: Record<string, number>;
  episodes: number;
}

function addDropped(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

function buildAll(parts: readonly { source: DataSource; episodes: Episode[] }[], horizon: number): Built {
  const out: Built = { samples: [], dropped: {}, episodes: 0 };
  for (const part of parts) {
    const built = buildSamples(part.episodes, part.source.label, horizon);
    out.samples.push(...built.samples);
    out.episodes += part.episodes.length;
    addDropped(out.dropped, built.counts.dropped);
  }
  return out;
}

/**
 * bc-budget (brief §7.2, issue 17 point 4): the pool's episodes in a seeded shuffle, their labelled
 * steps taken in order until exactly `budgetSteps` (the last episode may be cut). A pool smaller
 * than the budget gives all it has; C5's equal-budget gate then fails.
 */
export function buildBudget(
  parts: readonly { source: DataSource; episodes: Episode[] }[],
  budget: number,
  horizon: number,
  rng: Rng,
): Built {
  const pool = rng.shuffle(parts.flatMap((p) => p.episodes.map((e) => ({ source: p.source, e }))));
  const out: Built = { samples: [], dropped: {}, episodes: 0 };
  for (const item of pool) {
    if (out.samples.length >= budget) break;
    const built = buildSamples([item.e], item.source.label, horizon);
    out.samples.push(...built.samples.slice(0, budget - out.samples.length));
    out.episodes++;
    addDropped(out.dropped, built.counts.dropped);
  }
  return out;
}
