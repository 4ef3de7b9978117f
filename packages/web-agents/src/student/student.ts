// The Student of brief §12's public API: create, train, act (as a Policy), save, load. The policy
// keeps the episode's history (for the history features) in the policy context's episode state.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assignParams, loadParams, type Rng, saveParams } from 'core-tensor';
import { z } from 'zod';
import { formatAction } from '../actions/format.js';
import { parseAction } from '../actions/parser.js';
import { decodeAction, emptyHistory, featurise, type History, pushHistory } from '../data/featurise.js';
import type { Obs } from '../env/obs.js';
import type { Policy } from '../experts/expert.js';
import { progressKinds, type Thought } from '../experts/thought.js';
import { makeBatch } from './batch.js';
import { type Decision, decideBatch, type EvalMode } from './decode.js';
import { StudentNet } from './model.js';
import { StudentVariant } from './variant.js';

/** Written next to the parameters, so a checkpoint says which network it belongs to. */
const studentFile = 'student.json';
const StudentManifest = z.object({ variant: z.enum(StudentVariant) });

export interface StudentOptions {
  width?: number;
  variant?: StudentVariant;
}

export class Student {
  private constructor(readonly net: StudentNet) {}

  static create(rng: Rng, options: StudentOptions = {}): Student {
    return new Student(new StudentNet(rng, options));
  }

  /**
   * Loads a checkpoint. The variant comes from the checkpoint's student.json; checkpoints saved
   * before variants existed have none and are 'detectors' (the only student then). A variant given
   * in `options` must agree with the file.
   */
  static async load(dir: string, rng: Rng, options: StudentOptions = {}): Promise<Student> {
    const path = join(dir, studentFile);
    const saved = existsSync(path)
      ? StudentManifest.parse(JSON.parse(readFileSync(path, 'utf8'))).variant
      : 'detectors';
    if (options.variant !== undefined && options.variant !== saved)
      throw new Error(
        `checkpoint ${dir} holds a '${saved}' student, but a '${options.variant}' student was asked for`,
      );
    const student = Student.create(rng, { ...options, variant: saved });
    const loaded = await loadParams(dir);
    assignParams(student.net.variables(), loaded);
    for (const t of Object.values(loaded)) t.dispose();
    return student;
  }

  async save(dir: string): Promise<void> {
    await saveParams(dir, this.net.variables());
    const path = join(dir, studentFile);
    writeFileSync(`${path}.tmp`, `${JSON.stringify({ variant: this.net.variant })}\n`); // atomic: temp + rename
    renameSync(`${path}.tmp`, path);
  }

  /** One greedy decision on one observation. */
  decide(
    obs: Obs,
    history: History,
    mode: EvalMode,
    horizon = 15,
  ): { action: string; thought: Thought | null; decision: Decision } {
    const fo = featurise(obs, history, horizon);
    const batch = makeBatch(
      [
        {
          fo,
          target: { verb: 0, element: -1, textSource: -1, spanStart: -1, spanEnd: -1, textElement: -1 },
          thought: null,
        },
      ],
      [false],
    );
    const [decision] = decideBatch(this.net, batch, [fo], mode);
    const action = formatAction(decodeAction(decision!.target, fo));
    const thought: Thought | null =
      mode === 'act'
        ? null
        : {
            progress: progressKinds[decision!.progress]!,
            subgoalBid: fo.elements[decision!.subgoal]?.bid ?? null,
          };
    return { action, thought, decision: decision! };
  }

  /** The student as an environment policy in `mode` ('act' or 'think'). */
  policy(name: string, mode: EvalMode, horizon = 15): Policy {
    return {
      name,
      act: (obs, ctx) => {
        const history = advanceHistory(ctx.episode, obs);
        const { action, thought } = this.decide(obs, history, mode, horizon);
        ctx.episode.lastObs = obs;
        ctx.episode.lastAction = action;
        return { action, thought };
      },
    };
  }

  dispose(): void {
    this.net.dispose();
  }
}

/** The history before acting on `obs`, from what the episode state remembers of the last step. */
export function advanceHistory(episode: Record<string, unknown>, obs: Obs): History {
  let history = (episode.history as History | undefined) ?? emptyHistory();
  const lastObs = episode.lastObs as Obs | undefined;
  const lastAction = episode.lastAction as string | undefined;
  if (lastObs && lastAction !== undefined) {
    const parsed = parseAction(lastAction);
    history = pushHistory(history, lastObs, parsed.ok ? parsed.action : null, obs.lastActionError !== null);
  }
  episode.history = history;
  episode.lastObs = undefined;
  episode.lastAction = undefined;
  return history;
}
