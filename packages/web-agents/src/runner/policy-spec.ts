// Policies described as JSON, so a pool worker process can build the same policy: an expert by
// name, a student checkpoint in an evaluation mode, or a DAgger mixture (β oracle, else student).
import { Rng } from 'core-tensor';
import { z } from 'zod';
import type { Policy } from '../experts/expert.js';
import { limitedPolicy } from '../experts/limited.js';
import { createLlmPolicy } from '../experts/llm-policy.js';
import { noisyPolicy, randomPolicy } from '../experts/noisy.js';
import { oraclePolicy } from '../experts/oracle.js';
import { styleMixPolicy } from '../experts/styles.js';
import { daggerPolicy } from '../remedies/dagger.js';
import { Student } from '../student/student.js';

export const PolicySpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('oracle') }),
  z.object({ kind: z.literal('style-mix') }),
  z.object({ kind: z.literal('noisy'), epsilon: z.number().min(0).max(1) }),
  z.object({ kind: z.literal('limited') }),
  z.object({ kind: z.literal('random') }),
  z.object({
    kind: z.literal('llm'),
    baseUrl: z.string(),
    model: z.string(),
    cacheDir: z.string(),
    temperature: z.number(),
    maxTokens: z.number().int(),
  }),
  z.object({
    kind: z.literal('student'),
    dir: z.string(),
    mode: z.enum(['act', 'think']),
    width: z.number().int(),
    horizon: z.number().int(),
  }),
  z.object({
    kind: z.literal('dagger'),
    dir: z.string(),
    beta: z.number().min(0).max(1),
    width: z.number().int(),
    horizon: z.number().int(),
  }),
]);
export type PolicySpec = z.infer<typeof PolicySpec>;

/** Builds a policy; students are loaded once per checkpoint folder and kept. */
export async function makePolicy(spec: PolicySpec, students = new Map<string, Student>()): Promise<Policy> {
  const load = async (dir: string, width: number) => {
    let student = students.get(dir);
    if (!student) {
      student = await Student.load(dir, new Rng('load'), { width });
      students.set(dir, student);
    }
    return student;
  };
  switch (spec.kind) {
    case 'oracle':
      return oraclePolicy;
    case 'style-mix':
      return styleMixPolicy;
    case 'noisy':
      return noisyPolicy(spec.epsilon);
    case 'limited':
      return limitedPolicy;
    case 'random':
      return randomPolicy;
    case 'llm':
      return createLlmPolicy(spec).policy; // the API key is read from the worker's environment at request time
    case 'student':
      return (await load(spec.dir, spec.width)).policy(`student:${spec.dir}`, spec.mode, spec.horizon);
    case 'dagger':
      return daggerPolicy(await load(spec.dir, spec.width), spec.beta, spec.horizon);
  }
}
