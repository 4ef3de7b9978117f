// A control task on a MuJoCo model: reset distribution, reward and state observation, read from
// an up-to-date state (mj_forward after the last sub-step, brief §2.2).
import type { Rng } from 'core-tensor';
import type { Mujoco, MujocoData, MujocoModel } from './mujoco-types.js';

export const Domain = ['walker', 'quadruped', 'reach4'] as const;
export type Domain = (typeof Domain)[number];

export const TaskName = [
  'walker_stand',
  'walker_walk',
  'walker_run',
  'walker_flip',
  'quadruped_walk',
  'quadruped_run',
  'quadruped_stand',
  'quadruped_jump',
  'reach4_top_left',
  'reach4_top_right',
  'reach4_bottom_left',
  'reach4_bottom_right',
] as const;
export type TaskName = (typeof TaskName)[number];

export interface PhysicsTask {
  readonly task: TaskName;
  readonly domain: Domain;
  readonly mj: Mujoco;
  readonly model: MujocoModel;
  readonly data: MujocoData;
  /** Physics steps per control step (brief §2.3). */
  readonly subSteps: number;
  /** Control steps per episode (brief §2.3). */
  readonly controlStepsPerEpisode: number;
  /** Camera for pixel observations (brief §2.5). */
  readonly cameraId: number;
  readonly observationSize: number;
  /** Sets the initial state from `rng` and calls mj_forward. */
  initializeEpisode(rng: Rng): void;
  /** Reward of the current (forwarded) state. */
  reward(): number;
  /** State observation of the current (forwarded) state. */
  observation(): Float32Array;
}

/** The domain of a task name, or an error listing the valid names. */
export function domainOf(task: string): Domain {
  if (!(TaskName as readonly string[]).includes(task)) {
    throw new Error(`unknown task '${task}'; valid tasks are ${TaskName.join(', ')}`);
  }
  return task.split('_')[0] as Domain;
}

/** The primal task each domain pre-trains on (brief §2.4, "primal task" [C]). */
export const primalTask: Record<Domain, TaskName> = {
  walker: 'walker_stand',
  quadruped: 'quadruped_walk',
  reach4: 'reach4_top_left',
};

/** Maximum attainable episode return, used for normalised scores (brief §2.3, §7). */
export const maxReturn: Record<Domain, number> = { walker: 1000, quadruped: 1000, reach4: 250 };
