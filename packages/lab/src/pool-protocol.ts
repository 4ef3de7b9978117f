// Messages between the pool (parent) and its workers (child processes), checked with zod on
// arrival in both directions.
import { BackendRequest } from 'core-tensor';
import { z } from 'zod';
import { JsonValue } from './json-value.js';

export const RunJobMessage = z.object({
  type: z.literal('run'),
  index: z.number().int(),
  /** file: URL of the module exporting the job function. */
  module: z.string(),
  fn: z.string(),
  args: JsonValue,
});
export type RunJobMessage = z.infer<typeof RunJobMessage>;

export const WorkerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), backend: z.string() }),
  z.object({ type: z.literal('init-error'), message: z.string() }),
  z.object({
    type: z.literal('result'),
    index: z.number().int(),
    value: JsonValue,
    /** tf.memory().numTensors in the worker before the job (and its module import) and after it. */
    tensors: z.object({ before: z.number().int(), after: z.number().int() }),
  }),
  z.object({
    type: z.literal('error'),
    index: z.number().int(),
    message: z.string(),
    /** The error's class name ('ZodError': the job rejected its args, which no retry changes). */
    name: z.string().optional(),
    stack: z.string().optional(),
  }),
]);
export type WorkerMessage = z.infer<typeof WorkerMessage>;

/** The worker's command line: the backend it initialises. */
export const WorkerArgs = z.tuple([BackendRequest]);
