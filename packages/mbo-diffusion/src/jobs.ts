// The pool jobs of the study (brief §5.2): the module ctx.pool loads by URL, so both stages' entry
// points are reachable by name from one file. Stage A: oracle-job.ts; stage B: model-job.ts.
export * from './job-files.js';
export * from './model-job.js';
export * from './oracle-job.js';
