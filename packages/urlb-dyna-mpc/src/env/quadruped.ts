// dm_control quadruped walk / run and URLB quadruped stand / jump, on the stripped model (brief §2.4).
import type { Rng } from 'core-tensor';
import { loadModel, stripQuadruped } from './mujoco-loader.js';
import { objectId, sensorValues } from './mujoco-types.js';
import type { PhysicsTask, TaskName } from './task.js';
import { tolerance } from './tolerance.js';

const walkSpeed = 0.5;
const runSpeed = 5;
const jumpHeight = 1;
const toes = ['front_left', 'front_right', 'back_right', 'back_left'];

/** upright = tol(R_zz, [1, ∞), margin 2, linear, 0) = (1 + R_zz)/2 (brief §2.4). */
export function quadrupedUpright(torsoZz: number): number {
  return tolerance(torsoZz, {
    bounds: [1, Number.POSITIVE_INFINITY],
    margin: 2,
    sigmoid: 'linear',
    valueAtMargin: 0,
  });
}

/** walk / run: upright · tol(v, [S, ∞), S, linear, 0.5) (brief §2.4). */
export function quadrupedMoveReward(upright: number, velocity: number, targetSpeed: number): number {
  return (
    upright *
    tolerance(velocity, {
      bounds: [targetSpeed, Number.POSITIVE_INFINITY],
      margin: targetSpeed,
      sigmoid: 'linear',
      valueAtMargin: 0.5,
    })
  );
}

/** jump: upright · tol(z_com, [1, ∞), 1, linear, 0.5) (brief §2.4). */
export function quadrupedJumpReward(upright: number, comHeight: number): number {
  return (
    upright *
    tolerance(comHeight, {
      bounds: [jumpHeight, Number.POSITIVE_INFINITY],
      margin: jumpHeight,
      sigmoid: 'linear',
      valueAtMargin: 0.5,
    })
  );
}

/** Floor half-size F = time limit × desired speed (brief §2.4): 100 for run, 10 otherwise. */
export function quadrupedFloorSize(task: TaskName): number {
  return task === 'quadruped_run' ? 100 : 10;
}

export async function createQuadruped(task: TaskName, mjcfDir?: string): Promise<PhysicsTask> {
  const floor = quadrupedFloorSize(task);
  const { mj, model } = await loadModel('quadruped', { mjcfDir, edit: (xml) => stripQuadruped(xml, floor) });
  const data = new mj.MjData(model);
  const torso = objectId(mj, model, 'mjOBJ_BODY', 'torso');
  const root = objectId(mj, model, 'mjOBJ_JOINT', 'root');
  const hingeType = 3;
  const hinges: number[] = [];
  for (let j = 0; j < model.njnt; j++) if (model.jnt_type[j] === hingeType) hinges.push(j);
  const sensor = (name: string) => sensorValues(mj, model, data, name);
  const upright = () => quadrupedUpright(data.xmat[9 * torso + 8]!);
  return {
    task,
    domain: 'quadruped',
    mj,
    model,
    data,
    subSteps: 4, // 0.02 / 0.005
    controlStepsPerEpisode: 1000,
    cameraId: 2,
    observationSize: 78,
    initializeEpisode(rng: Rng) {
      // A random unit quaternion at (0, 0, z); raise z in 1 cm steps until nothing touches.
      const q = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
      const norm = Math.hypot(...q);
      const adr = model.jnt_qposadr[root]!;
      let z = 0;
      for (let attempt = 0; ; attempt++) {
        if (attempt >= 10_000) throw new Error('quadruped reset: no contact-free height within 10000 tries');
        mj.mj_resetData(model, data);
        data.qpos.set([0, 0, z, ...q.map((value) => value / norm)], adr);
        mj.mj_forward(model, data);
        if (data.ncon === 0) break;
        z += 0.01;
      }
    },
    reward() {
      switch (task) {
        case 'quadruped_walk':
          return quadrupedMoveReward(upright(), sensor('velocimeter')[0]!, walkSpeed);
        case 'quadruped_run':
          return quadrupedMoveReward(upright(), sensor('velocimeter')[0]!, runSpeed);
        case 'quadruped_stand':
          return upright();
        case 'quadruped_jump':
          return quadrupedJumpReward(upright(), sensor('center_of_mass')[2]!);
        default:
          throw new Error(`quadruped has no task '${task}'`);
      }
    },
    observation() {
      const values: number[] = [];
      for (const j of hinges) values.push(data.qpos[model.jnt_qposadr[j]!]!);
      for (const j of hinges) values.push(data.qvel[model.jnt_dofadr[j]!]!);
      values.push(...data.act);
      values.push(...sensor('velocimeter'));
      values.push(data.xmat[9 * torso + 8]!);
      values.push(...sensor('imu_accel'), ...sensor('imu_gyro'));
      for (const toe of toes) values.push(...sensor(`force_toe_${toe}`).map(Math.asinh));
      for (const toe of toes) values.push(...sensor(`torque_toe_${toe}`).map(Math.asinh));
      return Float32Array.from(values);
    },
  };
}
