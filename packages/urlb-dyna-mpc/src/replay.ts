// Replay of brief §3.2: completed episodes only; a batch picks episodes uniformly, a uniform start
// inside each, and a fixed-length chunk. Pixels are stored as uint8 (§2.5).
import { type Rng, tf } from 'core-tensor';
import { z } from 'zod';
import type { TimeStep } from './env/environment.js';

export interface Batch {
  observations: tf.Tensor; // [B, T, ...obs] float32 states or int32 pixels
  actions: tf.Tensor3D; // [B, T, A]
  rewards: tf.Tensor2D; // [B, T]
  isFirst: tf.Tensor2D; // [B, T]
}

export function disposeBatch(batch: Batch): void {
  tf.dispose([batch.observations, batch.actions, batch.rewards, batch.isFirst]);
}

interface Episode {
  observations: (Float32Array | Uint8Array)[];
  actions: Float32Array[];
  rewards: number[];
}

export const ReplayState = z.object({
  episodes: z.array(
    z.object({
      observations: z.array(z.array(z.number())),
      actions: z.array(z.array(z.number())),
      rewards: z.array(z.number()),
    }),
  ),
});
export type ReplayState = z.infer<typeof ReplayState>;

export class Replay {
  private readonly episodes: Episode[] = [];
  private current: Episode | undefined;

  constructor(
    readonly observationShape: number[],
    readonly actionSize: number,
  ) {}

  /** Adds a time step; an episode becomes sampleable once its last step arrives. */
  add(step: TimeStep): void {
    if (step.isFirst || !this.current) this.current = { observations: [], actions: [], rewards: [] };
    this.current.observations.push(step.observation);
    this.current.actions.push(step.action);
    this.current.rewards.push(step.reward);
    if (step.isLast) {
      this.episodes.push(this.current);
      this.current = undefined;
    }
  }

  get completedEpisodes(): number {
    return this.episodes.length;
  }

  /** Steps stored in completed episodes. */
  get size(): number {
    return this.episodes.reduce((sum, episode) => sum + episode.rewards.length, 0);
  }

  /** B chunks of length T (§3.2); isFirst marks the episode's first step inside a chunk. */
  sample(batchSize: number, length: number, rng: Rng): Batch {
    const usable = this.episodes.filter((episode) => episode.rewards.length >= length);
    if (usable.length === 0) {
      throw new Error(
        `replay has no completed episode of at least ${length} steps (${this.episodes.length} episodes)`,
      );
    }
    const observationSize = this.observationShape.reduce((a, b) => a * b, 1);
    const isPixels = this.observationShape.length === 3;
    const observations = isPixels
      ? new Int32Array(batchSize * length * observationSize)
      : new Float32Array(batchSize * length * observationSize);
    const actions = new Float32Array(batchSize * length * this.actionSize);
    const rewards = new Float32Array(batchSize * length);
    const isFirst = new Float32Array(batchSize * length);
    for (let b = 0; b < batchSize; b++) {
      const episode = usable[rng.int(usable.length)]!;
      const start = rng.int(episode.rewards.length - length + 1);
      for (let t = 0; t < length; t++) {
        const row = b * length + t;
        observations.set(episode.observations[start + t]!, row * observationSize);
        actions.set(episode.actions[start + t]!, row * this.actionSize);
        rewards[row] = episode.rewards[start + t]!;
        isFirst[row] = start + t === 0 ? 1 : 0;
      }
    }
    return {
      observations: tf.tensor(
        observations,
        [batchSize, length, ...this.observationShape],
        isPixels ? 'int32' : 'float32',
      ),
      actions: tf.tensor3d(actions, [batchSize, length, this.actionSize]),
      rewards: tf.tensor2d(rewards, [batchSize, length]),
      isFirst: tf.tensor2d(isFirst, [batchSize, length]),
    };
  }

  /** Completed episodes as JSON (for checkpoints of state-observation runs). */
  toState(): ReplayState {
    return {
      episodes: this.episodes.map((episode) => ({
        observations: episode.observations.map((o) => Array.from(o)),
        actions: episode.actions.map((a) => Array.from(a)),
        rewards: [...episode.rewards],
      })),
    };
  }

  loadState(state: ReplayState): void {
    const isPixels = this.observationShape.length === 3;
    this.episodes.length = 0;
    this.current = undefined;
    for (const episode of state.episodes) {
      this.episodes.push({
        observations: episode.observations.map((o) => (isPixels ? Uint8Array.from(o) : Float32Array.from(o))),
        actions: episode.actions.map((a) => Float32Array.from(a)),
        rewards: [...episode.rewards],
      });
    }
  }
}
