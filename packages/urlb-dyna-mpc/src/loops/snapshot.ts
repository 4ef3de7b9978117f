// PT snapshots (brief §5): what fine-tuning may copy (encoder, RSSM, decoder, actor, critic, slow
// critic), saved with core-tensor's saveParams.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assignParams, loadParams, prefixed, saveParams, type tf } from 'core-tensor';
import type { Condition } from '../config.js';
import type { Agent } from './agent.js';

export function snapshotDir(
  root: string,
  domain: string,
  method: string,
  seed: number,
  frames: number,
): string {
  return join(root, `${domain}-${method}-seed${seed}`, `frames-${frames}`);
}

export async function saveSnapshot(dir: string, agent: Agent): Promise<void> {
  const ac = agent.actorCritic;
  await saveParams(dir, {
    ...agent.worldModel.transferVariables(),
    ...prefixed('actor', ac.actor),
    ...prefixed('critic', ac.critic),
    ...prefixed('slowCritic', ac.slowCritic),
  });
}

function pick(loaded: Record<string, tf.Tensor>, prefix: string): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const [name, tensor] of Object.entries(loaded))
    if (name.startsWith(`${prefix}.`)) out[name.slice(prefix.length + 1)] = tensor;
  return out;
}

/** init_from (§5): world model always; actor if initActor; critic and slow critic if initCritic. */
export async function loadSnapshot(
  dir: string,
  agent: Agent,
  condition: Pick<Condition, 'initActor' | 'initCritic'>,
): Promise<void> {
  if (!existsSync(join(dir, 'manifest.json')))
    throw new Error(`no PT snapshot in '${dir}' (was the pre-training job run?)`);
  const loaded = await loadParams(dir);
  const transfer = agent.worldModel.transferVariables();
  const modelTensors: Record<string, tf.Tensor> = {};
  for (const name of Object.keys(transfer)) {
    const tensor = loaded[name];
    if (!tensor) throw new Error(`snapshot '${dir}' lacks '${name}'`);
    modelTensors[name] = tensor;
  }
  assignParams(transfer, modelTensors);
  const ac = agent.actorCritic;
  if (condition.initActor) assignParams(ac.actor.variables(), pick(loaded, 'actor'));
  if (condition.initCritic) {
    assignParams(ac.critic.variables(), pick(loaded, 'critic'));
    assignParams(ac.slowCritic.variables(), pick(loaded, 'slowCritic'));
  }
  for (const tensor of Object.values(loaded)) tensor.dispose();
}
