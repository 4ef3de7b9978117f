// The slice of the mujoco-js 0.0.7 binding this package uses, typed (the package types its
// model and data arrays as `any`). Arrays are live views into wasm memory: writes act (brief §2.2).

export interface MujocoModel {
  readonly nq: number;
  readonly nv: number;
  readonly nu: number;
  readonly na: number;
  readonly nbody: number;
  readonly ngeom: number;
  readonly njnt: number;
  readonly nsensor: number;
  readonly nsensordata: number;
  readonly ncam: number;
  readonly nmat: number;
  readonly opt: { timestep: number };
  readonly qpos0: Float64Array;
  readonly jnt_type: Int32Array;
  readonly jnt_limited: Uint8Array;
  readonly jnt_range: Float64Array;
  readonly jnt_qposadr: Int32Array;
  readonly jnt_dofadr: Int32Array;
  readonly actuator_ctrlrange: Float64Array;
  readonly sensor_adr: Int32Array;
  readonly sensor_dim: Int32Array;
  readonly geom_type: Int32Array;
  readonly geom_size: Float64Array;
  readonly geom_pos: Float64Array;
  readonly geom_rgba: Float32Array;
  readonly geom_matid: Int32Array;
  readonly geom_group: Int32Array;
  readonly geom_rbound: Float64Array;
  readonly geom_bodyid: Int32Array;
  readonly mat_rgba: Float32Array;
  readonly cam_fovy: Float64Array;
  delete(): void;
}

export interface MujocoData {
  readonly qpos: Float64Array;
  readonly qvel: Float64Array;
  readonly ctrl: Float64Array;
  readonly act: Float64Array;
  readonly xpos: Float64Array;
  readonly xmat: Float64Array;
  readonly geom_xpos: Float64Array;
  readonly geom_xmat: Float64Array;
  readonly cam_xpos: Float64Array;
  readonly cam_xmat: Float64Array;
  readonly sensordata: Float64Array;
  readonly subtree_angmom: Float64Array;
  readonly ncon: number;
  time: number;
  delete(): void;
}

interface EnumValue {
  value: number;
}

export interface Mujoco {
  FS: { mkdir(path: string): void; writeFile(path: string, text: string): void };
  MjModel: { loadFromXML(path: string): MujocoModel };
  MjData: new (model: MujocoModel) => MujocoData;
  mjtObj: Record<'mjOBJ_BODY' | 'mjOBJ_JOINT' | 'mjOBJ_GEOM' | 'mjOBJ_SENSOR' | 'mjOBJ_ACTUATOR', EnumValue>;
  mj_step(model: MujocoModel, data: MujocoData): void;
  mj_forward(model: MujocoModel, data: MujocoData): void;
  mj_resetData(model: MujocoModel, data: MujocoData): void;
  mj_name2id(model: MujocoModel, type: number, name: string): number;
  mj_subtreeVel(model: MujocoModel, data: MujocoData): void;
}

/** The id of a named object, or an error naming it. */
export function objectId(
  mj: Mujoco,
  model: MujocoModel,
  type: 'mjOBJ_BODY' | 'mjOBJ_JOINT' | 'mjOBJ_GEOM' | 'mjOBJ_SENSOR' | 'mjOBJ_ACTUATOR',
  name: string,
): number {
  const id = mj.mj_name2id(model, mj.mjtObj[type].value, name);
  if (id < 0) throw new Error(`the model has no ${type.slice(6).toLowerCase()} named '${name}'`);
  return id;
}

/** The values of a named sensor (a copy). */
export function sensorValues(mj: Mujoco, model: MujocoModel, data: MujocoData, name: string): number[] {
  const id = objectId(mj, model, 'mjOBJ_SENSOR', name);
  const adr = model.sensor_adr[id]!;
  return Array.from(data.sensordata.subarray(adr, adr + model.sensor_dim[id]!));
}
