// dm_control walker stand / walk / run and URLB walker flip (brief §2.4).
import type { Rng } from 'core-tensor';
import { loadModel } from './mujoco-loader.js';
import { objectId, sensorValues } from './mujoco-types.js';
import type { PhysicsTask, TaskName } from './task.js';
import { tolerance } from './tolerance.js';

const standHeight = 1.2;
const walkSpeed = 1;
const runSpeed = 8;
const spinSpeed = 5;

/** stand = (3·standing + upright)/4 (brief §2.4). */
export function walkerStandReward(torsoHeight: number, torsoZz: number): number {
  const standing = tolerance(torsoHeight, {
    bounds: [standHeight, Number.POSITIVE_INFINITY],
    margin: standHeight / 2,
  });
  const upright = (1 + torsoZz) / 2;
  return (3 * standing + upright) / 4;
}

/** walk / run: stand · (5·move + 1)/6 with move = tol(v_x, [S, ∞), S/2, linear, 0.5) (brief §2.4). */
export function walkerMoveReward(stand: number, speed: number, targetSpeed: number): number {
  const move = tolerance(speed, {
    bounds: [targetSpeed, Number.POSITIVE_INFINITY],
    margin: targetSpeed / 2,
    sigmoid: 'linear',
    valueAtMargin: 0.5,
  });
  return (stand * (5 * move + 1)) / 6;
}

/** flip: stand · (5·move + 1)/6 with move = tol(L_y, [5, ∞), 5, linear, 0) (brief §2.4). */
export function walkerFlipReward(stand: number, angularMomentumY: number): number {
  const move = tolerance(angularMomentumY, {
    bounds: [spinSpeed, Number.POSITIVE_INFINITY],
    margin: spinSpeed,
    sigmoid: 'linear',
    valueAtMargin: 0,
  });
  return (stand * (5 * move + 1)) / 6;
}

export async function createWalker(task: TaskName, mjcfDir?: string): Promise<PhysicsTask> {
  const { mj, model } = await loadModel('walker', { mjcfDir });
  const data = new mj.MjData(model);
  const torso = objectId(mj, model, 'mjOBJ_BODY', 'torso');
  const hingeType = 3;
  const slideType = 2;
  const torsoHeight = () => data.xpos[3 * torso + 2]!;
  const torsoZz = () => data.xmat[9 * torso + 8]!;
  const stand = () => walkerStandReward(torsoHeight(), torsoZz());
  return {
    task,
    domain: 'walker',
    mj,
    model,
    data,
    subSteps: 10, // 0.025 / 0.0025
    controlStepsPerEpisode: 1000,
    cameraId: 0,
    observationSize: 24,
    initializeEpisode(rng: Rng) {
      mj.mj_resetData(model, data);
      // dm_control randomize_limited_and_rotational_joints: limited joints uniform in range,
      // unlimited hinges uniform in [-π, π]; unlimited slides stay at qpos0.
      for (let j = 0; j < model.njnt; j++) {
        const adr = model.jnt_qposadr[j]!;
        const type = model.jnt_type[j]!;
        if ((type === hingeType || type === slideType) && model.jnt_limited[j]) {
          data.qpos[adr] = rng.uniform(model.jnt_range[2 * j]!, model.jnt_range[2 * j + 1]!);
        } else if (type === hingeType) {
          data.qpos[adr] = rng.uniform(-Math.PI, Math.PI);
        }
      }
      mj.mj_forward(model, data);
    },
    reward() {
      switch (task) {
        case 'walker_stand':
          return stand();
        case 'walker_walk':
          return walkerMoveReward(
            stand(),
            sensorValues(mj, model, data, 'torso_subtreelinvel')[0]!,
            walkSpeed,
          );
        case 'walker_run':
          return walkerMoveReward(
            stand(),
            sensorValues(mj, model, data, 'torso_subtreelinvel')[0]!,
            runSpeed,
          );
        case 'walker_flip':
          return walkerFlipReward(stand(), data.subtree_angmom[3 * torso + 1]!);
        default:
          throw new Error(`walker has no task '${task}'`);
      }
    },
    observation() {
      // orientations (xx, xz of the 7 bodies after world), height, velocity: 14 + 1 + 9
      const out = new Float32Array(24);
      for (let body = 1; body < 8; body++) {
        out[2 * (body - 1)] = data.xmat[9 * body]!;
        out[2 * (body - 1) + 1] = data.xmat[9 * body + 2]!;
      }
      out[14] = torsoHeight();
      out.set(data.qvel, 15);
      return out;
    },
  };
}
