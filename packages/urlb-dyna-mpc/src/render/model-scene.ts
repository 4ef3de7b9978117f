// Reads a ray-caster scene (geoms and a camera) from a forwarded MuJoCo state (brief §2.6).
import type { MujocoData, MujocoModel } from '../env/mujoco-types.js';
import { GeomType, type SceneCamera, type SceneGeom } from './ray-caster.js';

const maxVisibleGroup = 2; // MuJoCo shows geom groups 0-2 by default

function triple(array: ArrayLike<number>, index: number): [number, number, number] {
  return [array[3 * index]!, array[3 * index + 1]!, array[3 * index + 2]!];
}

export function sceneGeoms(model: MujocoModel, data: MujocoData): SceneGeom[] {
  const geoms: SceneGeom[] = [];
  for (let g = 0; g < model.ngeom; g++) {
    const material = model.geom_matid[g]!;
    const rgba =
      material >= 0
        ? model.mat_rgba.subarray(4 * material, 4 * material + 4)
        : model.geom_rgba.subarray(4 * g, 4 * g + 4);
    if (rgba[3] === 0 || model.geom_group[g]! > maxVisibleGroup) continue;
    const type = model.geom_type[g]!;
    // The textured grid material keeps MuJoCo's default white rgba; such planes get the checker.
    const isWhiteMaterial = material >= 0 && rgba[0] === 1 && rgba[1] === 1 && rgba[2] === 1;
    geoms.push({
      type,
      size: triple(model.geom_size, g),
      position: triple(data.geom_xpos, g),
      rotation: Array.from(data.geom_xmat.subarray(9 * g, 9 * g + 9)),
      rgb: [rgba[0]!, rgba[1]!, rgba[2]!],
      checker: type === GeomType.plane && isWhiteMaterial,
      // Bounded planes (walls) get a bounding sphere over their half-sizes; infinite ones none.
      boundingRadius:
        type === GeomType.plane
          ? model.geom_size[3 * g]! > 0 && model.geom_size[3 * g + 1]! > 0
            ? Math.hypot(model.geom_size[3 * g]!, model.geom_size[3 * g + 1]!)
            : 0
          : model.geom_rbound[g]!,
    });
  }
  return geoms;
}

export function sceneCamera(model: MujocoModel, data: MujocoData, cameraId: number): SceneCamera {
  if (!(cameraId >= 0 && cameraId < model.ncam)) {
    throw new Error(`camera ${cameraId} does not exist; the model has cameras 0..${model.ncam - 1}`);
  }
  return {
    position: triple(data.cam_xpos, cameraId),
    rotation: Array.from(data.cam_xmat.subarray(9 * cameraId, 9 * cameraId + 9)),
    fovyDegrees: model.cam_fovy[cameraId]!,
  };
}
