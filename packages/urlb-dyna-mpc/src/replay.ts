// Replay of brief §3.2: completed episodes only; a batch picks episodes uniformly, a uniform start
// inside each, and a fixed-length chunk. Pixels are stored as uint8 (§2.5).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

  /**
   * Completed episodes to `dir` in binary (observations as float32 or uint8, actions and rewards as
   * float32, episode lengths in JSON): small enough for pixel replays.
   */
  save(dir: string): void {
    mkdirSync(dir, { recursive: true });
    const isPixels = this.observationShape.length === 3;
    const lengths = this.episodes.map((episode) => episode.rewards.length);
    const steps = lengths.reduce((a, b) => a + b, 0);
    const observationSize = this.observationShape.reduce((a, b) => a * b, 1);
    const observations = isPixels
      ? new Uint8Array(steps * observationSize)
      : new Float32Array(steps * observationSize);
    const actions = new Float32Array(steps * this.actionSize);
    const rewards = new Float32Array(steps);
    let row = 0;
    for (const episode of this.episodes) {
      episode.rewards.forEach((reward, t) => {
        observations.set(episode.observations[t]!, row * observationSize);
        actions.set(episode.actions[t]!, row * this.actionSize);
        rewards[row] = reward;
        row += 1;
      });
    }
    writeFileSync(join(dir, 'observations.bin'), new Uint8Array(observations.buffer));
    writeFileSync(join(dir, 'actions.bin'), new Uint8Array(actions.buffer));
    writeFileSync(join(dir, 'rewards.bin'), new Uint8Array(rewards.buffer));
    writeFileSync(
      join(dir, 'episodes.json'),
      JSON.stringify({ lengths, observationShape: this.observationShape, actionSize: this.actionSize }),
    );
  }

  /** Replaces the contents with what `save` wrote. */
  load(dir: string): void {
    const index = z
      .object({
        lengths: z.array(z.number().int()),
        observationShape: z.array(z.number()),
        actionSize: z.number(),
      })
      .parse(JSON.parse(readFileSync(join(dir, 'episodes.json'), 'utf8')));
    if (
      index.observationShape.join() !== this.observationShape.join() ||
      index.actionSize !== this.actionSize
    ) {
      throw new Error(
        `replay in '${dir}' holds observations [${index.observationShape}] and ${index.actionSize} actions; expected [${this.observationShape}] and ${this.actionSize}`,
      );
    }
    const isPixels = this.observationShape.length === 3;
    const bytes = (name: string) => {
      const buffer = readFileSync(join(dir, name));
      return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
    };
    const observations = isPixels
      ? new Uint8Array(bytes('observations.bin'))
      : new Float32Array(bytes('observations.bin'));
    const actions = new Float32Array(bytes('actions.bin'));
    const rewards = new Float32Array(bytes('rewards.bin'));
    const observationSize = this.observationShape.reduce((a, b) => a * b, 1);
    this.episodes.length = 0;
    this.current = undefined;
    let row = 0;
    for (const length of index.lengths) {
      const episode: Episode = { observations: [], actions: [], rewards: [] };
      for (let t = 0; t < length; t++, row++) {
        episode.observations.push(observations.slice(row * observationSize, (row + 1) * observationSize));
        episode.actions.push(actions.slice(row * this.actionSize, (row + 1) * this.actionSize));
        episode.rewards.push(rewards[row]!);
      }
      this.episodes.push(episode);
    }
  }

  /** Completed episodes as JSON (small state-observation replays). */
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
