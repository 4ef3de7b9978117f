// The urlb-dyna-mpc study wired into lab (brief §8, §9; issue 14): presets, claims decided by
// lab's rule on unit tables, and the run: task checks, PT jobs, FT jobs through ctx.pool, then the
// unit tables, the summary and the report.
import { defineExperiment, isMainModule, runExperimentCli } from 'lab';
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
    ctx.log.info(`phase A: ${ptJobs.length} pre-training jobs`);
    const pretrain = await ctx.pool.map(ptJobs, PretrainJobResult);
    const ftJobs = finetuneJobs(config, conditions, seeds, folders);
    ctx.log.info(`phase B: ${ftJobs.length} fine-tuning jobs`);
    const finetune = await ctx.pool.map(ftJobs, FinetuneJobResult);

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

if (isMainModule(import.meta.url))
  process.exitCode = await runExperimentCli(experiment, process.argv.slice(2));
