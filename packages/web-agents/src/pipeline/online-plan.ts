// Which checkpoints are evaluated online, in which decoding mode, on which tasks and seeds (brief
// §7.4): the correlation set (every online checkpoint of oracle, style-mix, noisy) and the final
// models the claims pair on the same evaluation seeds; side points on fewer seeds.
import { seedRanges, type WebAgentsConfig } from '../config.js';
import type { ChunkJob } from '../runner/jobs.js';
import { episodeJobs, range } from './phases.js';
import { baseDir, checkpointDir } from './train-job.js';

export interface OnlineSpec {
  config: string;
  ckpt: string;
  epoch: number;
  dir: string;
  mode: 'think' | 'act';
  tasks: string[];
  seeds: number[];
}

export interface OnlinePlanInput {
  config: WebAgentsConfig;
  runDir: string;
  train: string[];
  heldOut: string[];
  trainedConfigs: readonly string[];
}

export function onlinePlan({
  config,
  runDir,
  train,
  heldOut,
  trainedConfigs,
}: OnlinePlanInput): OnlineSpec[] {
  const sft = config.sft;
  const mode = config.eval.mode;
  const evalSeeds = range(seedRanges.eval, config.eval.seedsPerTask);
  const heldSeeds = range(seedRanges.eval, config.eval.heldOutSeedsPerTask);
  const sideSeeds =
    config.eval.sideSeedsPerTask > 0 ? range(seedRanges.eval, config.eval.sideSeedsPerTask) : evalSeeds;
  const trained = (name: string) => trainedConfigs.includes(name);
  const finalDir = (name: string) => checkpointDir(runDir, name, 'final');
  const ckptDirFor = (name: string, epoch: number) =>
    epoch === sft.epochs ? finalDir(name) : checkpointDir(runDir, name, epoch);
  const base: OnlineSpec = {
    config: 'base',
    ckpt: '0',
    epoch: 0,
    dir: baseDir(runDir),
    mode,
    tasks: train,
    seeds: evalSeeds,
  };
  const finalOf = (name: string, m: 'think' | 'act', seeds = evalSeeds): OnlineSpec => ({
    config: name,
    ckpt: 'final',
    epoch: sft.epochs,
    dir: finalDir(name),
    mode: m,
    tasks: train,
    seeds,
  });
  const online: OnlineSpec[] = [base];
  for (const name of ['oracle', 'style-mix', 'noisy'].filter(trained)) {
    for (const epoch of sft.onlineCheckpoints.filter((e) => e <= sft.epochs)) {
      online.push({
        config: name,
        ckpt: epoch === sft.epochs ? 'final' : String(epoch),
        epoch,
        dir: ckptDirFor(name, epoch),
        mode,
        tasks: train,
        seeds: evalSeeds,
      });
    }
  }
  if (trained('oracle')) online.push(finalOf('oracle', 'act', sideSeeds));
  if (trained('oracle-actonly'))
    online.push(finalOf('oracle-actonly', 'think', sideSeeds), finalOf('oracle-actonly', 'act', sideSeeds));
  if (trained('dart')) online.push(finalOf('dart', mode, sideSeeds));
  for (const name of ['dagger', 'bc-budget', 'limited'].filter(trained)) online.push(finalOf(name, mode));
  // C4 pairs the two chain-of-thought students thinking, on the claims' seeds
  for (const name of ['oracle-cot', 'oracle-cot-actonly'].filter(trained))
    online.push(finalOf(name, 'think'));
  if (heldOut.length > 0 && heldSeeds.length > 0) {
    online.push({ ...base, tasks: heldOut, seeds: heldSeeds });
    if (trained('oracle')) online.push({ ...finalOf('oracle', mode), tasks: heldOut, seeds: heldSeeds });
  }
  const dedupe = new Map<string, OnlineSpec>();
  for (const o of online) {
    const isFinalDup = o.ckpt !== 'final' && o.epoch === sft.epochs;
    if (!isFinalDup) dedupe.set(`${o.config}/${o.ckpt}/${o.mode}/${o.tasks.join(',')}`, o);
  }
  return [...dedupe.values()];
}

export function onlineJobs(specs: readonly OnlineSpec[], config: WebAgentsConfig): ChunkJob[] {
  return specs.flatMap((o) =>
    episodeJobs(
      'eval',
      o.config,
      { kind: 'student', dir: o.dir, mode: o.mode, width: config.sft.width, horizon: config.env.horizon },
      o.tasks,
      () => o.seeds,
      o.ckpt,
      o.mode,
    ),
  );
}

/** C2's correlation set, fixed in advance: every online checkpoint of oracle, style-mix and noisy. */
export function correlationPoints(
  config: WebAgentsConfig,
  trainedConfigs: readonly string[],
): { config: string; ckpt: string; evalMode: string }[] {
  const { epochs, onlineCheckpoints } = config.sft;
  return ['oracle', 'style-mix', 'noisy']
    .filter((name) => trainedConfigs.includes(name))
    .flatMap((name) =>
      onlineCheckpoints
        .filter((e) => e <= epochs)
        .map((e) => ({ config: name, ckpt: e === epochs ? 'final' : String(e), evalMode: config.eval.mode })),
    );
}
