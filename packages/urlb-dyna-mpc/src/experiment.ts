// The urlb-dyna-mpc study wired into lab (brief §8, §9; issue 14): presets, claims decided by
// lab's rule on unit tables, and the run: task checks, PT jobs, FT jobs through ctx.pool, then the
// unit tables, the summary and the report.
import { defineExperiment, isMainModule, runExperimentCli } from 'lab';
import { z } from 'zod';
import { StudyConfig } from './config.js';
import {
  finetuneJobs,
  framesJob,
  pretrainJobs,
  resolveConditions,
  runFolders,
  taskCheckJobs,
} from './job-graph.js';
import { FinetuneJobResult, FramesResult, PretrainJobResult, TaskCheckResult } from './jobs.js';
import { presets } from './presets.js';
import { claims } from './protocol/claims.js';
import { healthGates } from './protocol/health-gates.js';
import { type StudyUnits, unitSchemas } from './protocol/units.js';
import { writeReport } from './report.js';
import { curveRows, perConditionMeans, runRows, Summary, timingOf } from './summary.js';

export { Summary } from './summary.js';

export const experiment = defineExperiment({
  name: 'urlb-dyna-mpc',
  paper: {
    title: 'Mastering the Unsupervised Reinforcement Learning Benchmark from Pixels',
    authors:
      'Sai Rajeswar, Pietro Mazzaglia, Tim Verbelen, Alexandre Piché, Bart Dhoedt, Aaron Courville, Alexandre Lacoste',
    venue: 'ICML 2023 (PMLR 202:28598–28617), arXiv 2209.12016',
  },
  source: import.meta.url,
  config: StudyConfig,
  summary: Summary,
  units: unitSchemas,
  presets,
  claims,

  async run(config, ctx) {
    const conditions = resolveConditions(config);
    const seeds = Array.from({ length: config.seeds }, (_, i) => ctx.seed * 1000 + i + 1);
    const folders = runFolders(ctx.runDir);

    const taskChecks = await ctx.pool.map(taskCheckJobs(config, ctx.seed), TaskCheckResult);
    const [frames] = await ctx.pool.map([framesJob(config, ctx.runDir, ctx.seed)], FramesResult);
    const ptJobs = pretrainJobs(config, conditions, seeds, folders);
    const ftJobs = finetuneJobs(config, conditions, seeds, folders);
    // FT jobs without a snapshot (scratch) need no pre-training: they run beside it in phase A,
    // so no core idles at the barrier between the phases.
    const needsSnapshot = ftJobs.map((job) => job.args.snapshot !== null);
    const standalone = ftJobs.filter((_, i) => !needsSnapshot[i]);
    const dependent = ftJobs.filter((_, i) => needsSnapshot[i]);
    ctx.log.info(
      `phase A: ${ptJobs.length} pre-training jobs and ${standalone.length} fine-tuning jobs from scratch`,
    );
    const phaseA = await ctx.pool.map([...ptJobs, ...standalone], z.unknown());
    const pretrain = phaseA.slice(0, ptJobs.length).map((r) => PretrainJobResult.parse(r));
    const standaloneResults = phaseA.slice(ptJobs.length).map((r) => FinetuneJobResult.parse(r));
    ctx.log.info(`phase B: ${dependent.length} fine-tuning jobs from snapshots`);
    const dependentResults = await ctx.pool.map(dependent, FinetuneJobResult);
    const finetune = inJobOrder(needsSnapshot, standaloneResults, dependentResults);

    // Unit tables first: the claims are decided on them as read back from disk.
    const isScratch = new Map(conditions.map((c) => [c.name, c.pretrain === null]));
    const units: StudyUnits = {
      curves: curveRows(finetune),
      runs: runRows(finetune, (r) =>
        isScratch.get(r.condition) ? 0 : (r.snapshotFrames ?? config.pretrainFrames),
      ),
    };
    await ctx.writeUnits('curves', units.curves);
    await ctx.writeUnits('runs', units.runs);
    const failures = healthGates(units)
      .filter((g) => !g.passed)
      .map((g) => `gate ${g.name} = ${g.value ?? 'not measured'} (needs ${g.threshold})`);
    const summary: Summary = {
      finetune,
      pretrain,
      expertOverall: null,
      perCondition: perConditionMeans(finetune),
      health: {
        finiteLosses: finetune.every((r) => r.finiteLosses) && pretrain.every((r) => r.finiteLosses),
        failures,
      },
      timing: timingOf(pretrain, finetune, frames!.millisecondsPerFrame),
      taskChecks,
      frames: frames!.files.map((file) => `frames/${file}`),
    };
    await writeReport(summary, units, ctx);
    return summary;
  },
});

/** The FT results back in `finetuneJobs` order, from the two phases' results (each in its own order). */
function inJobOrder<T>(needsSnapshot: boolean[], standalone: T[], dependent: T[]): T[] {
  let a = 0;
  let b = 0;
  return needsSnapshot.map((needs) => (needs ? dependent[b++]! : standalone[a++]!));
}

if (isMainModule(import.meta.url))
  process.exitCode = await runExperimentCli(experiment, process.argv.slice(2));
