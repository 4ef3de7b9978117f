// reach4, the Jaco stand-in (brief §2.4 [O]): the reacher model with four fixed targets at URLB's
// Jaco coordinates, Jaco's reward constants and control step.
import type { Rng } from 'core-tensor';
import { loadModel } from './mujoco-loader.js';
import { objectId } from './mujoco-types.js';
import type { PhysicsTask, TaskName } from './task.js';
import { tolerance } from './tolerance.js';

export const reachTargets = {
  reach4_top_left: [-0.09, 0.09],
  reach4_top_right: [0.09, 0.09],
  reach4_bottom_left: [-0.09, -0.09],
  reach4_bottom_right: [0.09, -0.09],
} as const satisfies Partial<Record<TaskName, readonly [number, number]>>;

const targetRadius = 0.05;

/** r = tol(‖p_finger − p_target‖, [0, 0.05], margin 0.05) (gaussian, 0.1) (brief §2.4). */
export function reachReward(distance: number): number {
  return tolerance(distance, { bounds: [0, targetRadius], margin: targetRadius });
}

export async function createReach4(task: TaskName, mjcfDir?: string): Promise<PhysicsTask> {
  if (!(task in reachTargets)) throw new Error(`reach4 has no task '${task}'`);
  const target = reachTargets[task as keyof typeof reachTargets];
  const { mj, model } = await loadModel('reacher', { mjcfDir });
  const data = new mj.MjData(model);
  const finger = objectId(mj, model, 'mjOBJ_GEOM', 'finger');
  const targetGeom = objectId(mj, model, 'mjOBJ_GEOM', 'target');
  const shoulder = objectId(mj, model, 'mjOBJ_JOINT', 'shoulder');
  const wrist = objectId(mj, model, 'mjOBJ_JOINT', 'wrist');
  const distance = () =>
    Math.hypot(
      data.geom_xpos[3 * finger]! - data.geom_xpos[3 * targetGeom]!,
      data.geom_xpos[3 * finger + 1]! - data.geom_xpos[3 * targetGeom + 1]!,
    );
  return {
    task,
    domain: 'reach4',
    mj,
    model,
    data,
    subSteps: 2, // 0.04 / 0.02
    controlStepsPerEpisode: 250,
    cameraId: 0,
    observationSize: 8,
    initializeEpisode(rng: Rng) {
      mj.mj_resetData(model, data);
      model.geom_pos[3 * targetGeom] = target[0];
      model.geom_pos[3 * targetGeom + 1] = target[1];
      data.qpos[model.jnt_qposadr[shoulder]!] = rng.uniform(-Math.PI, Math.PI);
      data.qpos[model.jnt_qposadr[wrist]!] = rng.uniform(
        model.jnt_range[2 * wrist]!,
        model.jnt_range[2 * wrist + 1]!,
      );
      mj.mj_forward(model, data);
    },
    reward() {
      return reachReward(distance());
    },
    observation() {
      const a = data.qpos[model.jnt_qposadr[shoulder]!]!;
      const b = data.qpos[model.jnt_qposadr[wrist]!]!;
      return Float32Array.from([
        Math.cos(a),
        Math.sin(a),
        Math.cos(b),
        Math.sin(b),
        data.qvel[model.jnt_dofadr[shoulder]!]!,
        data.qvel[model.jnt_dofadr[wrist]!]!,
        data.geom_xpos[3 * finger]!,
        data.geom_xpos[3 * finger + 1]!,
      ]);
    },
  };
}
