// The Student of brief §12's public API: create, train, act (as a Policy), save, load. The policy
// keeps the episode's history (for the history features) in the policy context's episode state.
import { assignParams, loadParams, type Rng, saveParams } from 'core-tensor';
import { formatAction } from '../actions/format.js';
import { parseAction } from '../actions/parser.js';
import { decodeAction, emptyHistory, featurise, type History, pushHistory } from '../data/featurise.js';
import type { Obs } from '../env/obs.js';
import type { Policy } from '../experts/expert.js';
import { progressKinds, type Thought } from '../experts/thought.js';
import { makeBatch } from './batch.js';
import { type Decision, decideBatch, type EvalMode } from './decode.js';
import { StudentNet } from './model.js';

export class Student {
  private constructor(readonly net: StudentNet) {}

  static create(rng: Rng, options: { width?: number } = {}): Student {
    return new Student(new StudentNet(rng, options));
  }

  static async load(dir: string, rng: Rng, options: { width?: number } = {}): Promise<Student> {
    const student = Student.create(rng, options);
    const loaded = await loadParams(dir);
    assignParams(student.net.variables(), loaded);
    for (const t of Object.values(loaded)) t.dispose();
    return student;
  }

  async save(dir: string): Promise<void> {
    await saveParams(dir, this.net.variables());
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
