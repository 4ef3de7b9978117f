// makeEnv: a task with URLB's wrappers (brief §2.3, §2.5): actions in [−1, 1] mapped onto each
// actuator's ctrlrange, action repeat (rewards summed), no early termination, Dreamer-style time
// steps, state or 64×64 ray-cast pixel observations.
import { Rng, type RngState } from 'core-tensor';
import { sceneCamera, sceneGeoms } from '../render/model-scene.js';
import { renderScene } from '../render/ray-caster.js';
import { createQuadruped } from './quadruped.js';
import { createReach4 } from './reach4.js';
import { domainOf, type PhysicsTask, type TaskName } from './task.js';
import { createWalker } from './walker.js';

export type ObservationKind = 'states' | 'pixels';

export interface EnvOptions {
  obs?: ObservationKind;
  seed?: number;
  mjcfDir?: string;
  actionRepeat?: number;
  imageSize?: number;
}

/** The Dreamer time-step record (brief §2.3). */
export interface TimeStep {
  /** State vector, or HWC uint8 pixels in pixel mode. */
  observation: Float32Array | Uint8Array;
  /** The action that led here (zeros at reset). */
  action: Float32Array;
  /** Reward received on arriving here (0 at reset), summed over the repeated control steps. */
  reward: number;
  isFirst: boolean;
  isLast: boolean;
  isTerminal: boolean;
}

export async function createTask(task: TaskName, mjcfDir?: string): Promise<PhysicsTask> {
  const domain = domainOf(task);
  switch (domain) {
    case 'walker':
      return createWalker(task, mjcfDir);
    case 'quadruped':
      return createQuadruped(task, mjcfDir);
    case 'reach4':
      return createReach4(task, mjcfDir);
  }
}

/** ctrl = lo + (a + 1)/2 · (hi − lo) per actuator (brief §2.3). */
export function actionToControl(action: ArrayLike<number>, ctrlRange: ArrayLike<number>): Float64Array {
  const control = new Float64Array(action.length);
  for (let i = 0; i < action.length; i++) {
    const lo = ctrlRange[2 * i]!;
    const hi = ctrlRange[2 * i + 1]!;
    control[i] = lo + ((action[i]! + 1) / 2) * (hi - lo);
  }
  return control;
}

export class Environment {
  readonly actionSize: number;
  readonly observationShape: number[];
  readonly actionRepeat: number;
  readonly obs: ObservationKind;
  readonly imageSize: number;
  /** Agent steps per episode: control steps ÷ action repeat. */
  readonly episodeLength: number;
  private rng: Rng;
  private controlStep = 0;

  constructor(
    readonly physics: PhysicsTask,
    options: EnvOptions = {},
  ) {
    this.obs = options.obs ?? 'states';
    if (this.obs !== 'states' && this.obs !== 'pixels') {
      throw new Error(`obs '${String(this.obs)}' is not valid; use 'states' or 'pixels'`);
    }
    this.actionRepeat = options.actionRepeat ?? 2;
    if (!Number.isInteger(this.actionRepeat) || this.actionRepeat < 1) {
      throw new Error(`actionRepeat ${this.actionRepeat} must be a positive integer`);
    }
    this.imageSize = options.imageSize ?? 64;
    this.rng = new Rng(options.seed ?? 0);
    this.actionSize = physics.model.nu;
    this.observationShape =
      this.obs === 'pixels' ? [this.imageSize, this.imageSize, 3] : [physics.observationSize];
    this.episodeLength = Math.ceil(physics.controlStepsPerEpisode / this.actionRepeat);
  }

  get task(): TaskName {
    return this.physics.task;
  }

  /** Re-seeds the reset stream (the same seed gives the same sequence of initial states). */
  seed(seed: number): void {
    this.rng = new Rng(seed);
  }

  /** The reset stream's state (for checkpoints). */
  rngState(): RngState {
    return this.rng.getState();
  }

  restoreRngState(state: RngState): void {
    this.rng.setState(state);
  }

  reset(): TimeStep {
    this.physics.initializeEpisode(this.rng);
    this.controlStep = 0;
    return {
      observation: this.observe(),
      action: new Float32Array(this.actionSize),
      reward: 0,
      isFirst: true,
      isLast: false,
      isTerminal: false,
    };
  }

  step(action: ArrayLike<number>): TimeStep {
    if (action.length !== this.actionSize) {
      throw new Error(`action has ${action.length} values; ${this.task} takes ${this.actionSize}`);
    }
    const { mj, model, data } = this.physics;
    const control = actionToControl(action, model.actuator_ctrlrange);
    let reward = 0;
    for (
      let repeat = 0;
      repeat < this.actionRepeat && this.controlStep < this.physics.controlStepsPerEpisode;
      repeat++
    ) {
      data.ctrl.set(control);
      for (let sub = 0; sub < this.physics.subSteps; sub++) mj.mj_step(model, data);
      // derived quantities lag one step after mj_step (brief §2.2)
      mj.mj_forward(model, data);
      reward += this.physics.reward();
      this.controlStep += 1;
    }
    return {
      observation: this.observe(),
      action: Float32Array.from(action),
      reward,
      isFirst: false,
      isLast: this.controlStep >= this.physics.controlStepsPerEpisode,
      isTerminal: false,
    };
  }

  /** A 64×64 ray-cast frame of the current state (HWC uint8). */
  render(size = this.imageSize): Uint8Array {
    const { model, data, cameraId } = this.physics;
    return renderScene(sceneGeoms(model, data), sceneCamera(model, data, cameraId), size, size);
  }

  private observe(): Float32Array | Uint8Array {
    return this.obs === 'pixels' ? this.render() : this.physics.observation();
  }

  dispose(): void {
    this.physics.data.delete();
    this.physics.model.delete();
  }
}

/** The brief's env factory (§10): makeEnv(task, { obs, seed, mjcfDir }). */
export async function makeEnv(task: TaskName | string, options: EnvOptions = {}): Promise<Environment> {
  domainOf(task);
  return new Environment(await createTask(task as TaskName, options.mjcfDir), options);
}
