// The GL-free renderer of brief §2.6: one primary ray per pixel from a model camera, analytic
// intersection with MuJoCo's primitive geoms, Lambert shading with a head light, a checker floor
// and a skybox gradient. No shadows, reflections or textures other than the floor checker.
// Coordinates: MuJoCo matrices are row-major 3×3; world = R · local.

export const GeomType = {
  plane: 0,
  hfield: 1,
  sphere: 2,
  capsule: 3,
  ellipsoid: 4,
  cylinder: 5,
  box: 6,
  mesh: 7,
} as const;

/** One geom as the ray caster sees it: world pose, size, colour. */
export interface SceneGeom {
  type: number;
  size: [number, number, number];
  position: [number, number, number];
  rotation: number[]; // 9, row-major, world = R · local
  rgb: [number, number, number];
  checker: boolean; // floor checker (planes whose material is the textured grid)
  boundingRadius: number; // geom_rbound; 0 = unbounded (planes)
}

export interface SceneCamera {
  position: [number, number, number];
  rotation: number[]; // 9, row-major; the camera looks along its −z axis with +y up
  fovyDegrees: number;
}

export interface Hit {
  distance: number;
  normal: [number, number, number]; // world frame, unit length
  local: [number, number, number]; // hit point in the geom frame (for the checker)
}

// Colours of dm_control's common/materials.xml grid texture and skybox.xml gradient.
const checkerColours: [number, number, number][] = [
  [0.1, 0.2, 0.3],
  [0.2, 0.3, 0.4],
];
const checkerSquare = 0.5; // metres
const skyTop: [number, number, number] = [0.4, 0.6, 0.8];
const ambient = 0.4; // visual.xml headlight
const diffuse = 0.8;
const epsilon = 1e-9;

type Vec = [number, number, number];

function toLocal(rotation: number[], v: Vec): Vec {
  // Rᵀ v
  return [
    rotation[0]! * v[0] + rotation[3]! * v[1] + rotation[6]! * v[2],
    rotation[1]! * v[0] + rotation[4]! * v[1] + rotation[7]! * v[2],
    rotation[2]! * v[0] + rotation[5]! * v[1] + rotation[8]! * v[2],
  ];
}

function toWorld(rotation: number[], v: Vec): Vec {
  return [
    rotation[0]! * v[0] + rotation[1]! * v[1] + rotation[2]! * v[2],
    rotation[3]! * v[0] + rotation[4]! * v[1] + rotation[5]! * v[2],
    rotation[6]! * v[0] + rotation[7]! * v[1] + rotation[8]! * v[2],
  ];
}

function normalise(v: Vec): Vec {
  const n = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / n, v[1] / n, v[2] / n];
}

/** Smallest t > 0 with |o + t d|² = r² (d need not be unit), or Infinity. */
export function raySphere(o: Vec, d: Vec, radius: number): number {
  const a = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
  const b = o[0] * d[0] + o[1] * d[1] + o[2] * d[2];
  const c = o[0] * o[0] + o[1] * o[1] + o[2] * o[2] - radius * radius;
  const disc = b * b - a * c;
  if (disc < 0) return Number.POSITIVE_INFINITY;
  const root = Math.sqrt(disc);
  const t0 = (-b - root) / a;
  if (t0 > epsilon) return t0;
  const t1 = (-b + root) / a;
  return t1 > epsilon ? t1 : Number.POSITIVE_INFINITY;
}

/** Plane z = 0 in the local frame, bounded by half-sizes sx, sy when > 0. */
export function rayPlane(o: Vec, d: Vec, sx: number, sy: number): number {
  if (Math.abs(d[2]) < epsilon) return Number.POSITIVE_INFINITY;
  const t = -o[2] / d[2];
  if (t <= epsilon) return Number.POSITIVE_INFINITY;
  const x = o[0] + t * d[0];
  const y = o[1] + t * d[1];
  if ((sx > 0 && Math.abs(x) > sx) || (sy > 0 && Math.abs(y) > sy)) return Number.POSITIVE_INFINITY;
  return t;
}

/** Axis-aligned box with half-sizes (slab method). */
export function rayBox(o: Vec, d: Vec, half: Vec): number {
  let near = Number.NEGATIVE_INFINITY;
  let far = Number.POSITIVE_INFINITY;
  for (let axis = 0; axis < 3; axis++) {
    if (Math.abs(d[axis]!) < epsilon) {
      if (Math.abs(o[axis]!) > half[axis]!) return Number.POSITIVE_INFINITY;
      continue;
    }
    let t0 = (-half[axis]! - o[axis]!) / d[axis]!;
    let t1 = (half[axis]! - o[axis]!) / d[axis]!;
    if (t0 > t1) [t0, t1] = [t1, t0];
    near = Math.max(near, t0);
    far = Math.min(far, t1);
    if (near > far) return Number.POSITIVE_INFINITY;
  }
  if (near > epsilon) return near;
  return far > epsilon ? far : Number.POSITIVE_INFINITY;
}

/** Capsule along local z: radius r, half-length h of the cylindrical part. */
export function rayCapsule(o: Vec, d: Vec, radius: number, halfLength: number): number {
  let best = rayCylinderSide(o, d, radius, halfLength);
  for (const cap of [-halfLength, halfLength]) {
    best = Math.min(best, raySphere([o[0], o[1], o[2] - cap], d, radius));
  }
  return best;
}

function rayCylinderSide(o: Vec, d: Vec, radius: number, halfLength: number): number {
  const a = d[0] * d[0] + d[1] * d[1];
  if (a < epsilon) return Number.POSITIVE_INFINITY;
  const b = o[0] * d[0] + o[1] * d[1];
  const c = o[0] * o[0] + o[1] * o[1] - radius * radius;
  const disc = b * b - a * c;
  if (disc < 0) return Number.POSITIVE_INFINITY;
  const root = Math.sqrt(disc);
  for (const t of [(-b - root) / a, (-b + root) / a]) {
    if (t > epsilon && Math.abs(o[2] + t * d[2]) <= halfLength) return t;
  }
  return Number.POSITIVE_INFINITY;
}

/** Cylinder along local z (exact: side plus the two flat caps). */
export function rayCylinder(o: Vec, d: Vec, radius: number, halfLength: number): number {
  let best = rayCylinderSide(o, d, radius, halfLength);
  if (Math.abs(d[2]) > epsilon) {
    for (const cap of [-halfLength, halfLength]) {
      const t = (cap - o[2]) / d[2];
      if (t > epsilon && t < best) {
        const x = o[0] + t * d[0];
        const y = o[1] + t * d[1];
        if (x * x + y * y <= radius * radius) best = t;
      }
    }
  }
  return best;
}

/** Ellipsoid with semi-axes (scaled to the unit sphere). */
export function rayEllipsoid(o: Vec, d: Vec, axes: Vec): number {
  return raySphere(
    [o[0] / axes[0], o[1] / axes[1], o[2] / axes[2]],
    [d[0] / axes[0], d[1] / axes[1], d[2] / axes[2]],
    1,
  );
}

function localNormal(geom: SceneGeom, p: Vec): Vec {
  const [s0, s1, s2] = geom.size;
  switch (geom.type) {
    case GeomType.plane:
      return [0, 0, 1];
    case GeomType.sphere:
      return p;
    case GeomType.ellipsoid:
      return [p[0] / (s0 * s0), p[1] / (s1 * s1), p[2] / (s2 * s2)];
    case GeomType.capsule: {
      const z = Math.max(-s1, Math.min(s1, p[2]));
      return [p[0], p[1], p[2] - z];
    }
    case GeomType.cylinder:
      return Math.abs(Math.abs(p[2]) - s1) < 1e-6 ? [0, 0, Math.sign(p[2])] : [p[0], p[1], 0];
    case GeomType.box: {
      const ratios = [Math.abs(p[0]) / s0, Math.abs(p[1]) / s1, Math.abs(p[2]) / s2];
      const axis = ratios.indexOf(Math.max(...ratios));
      const n: Vec = [0, 0, 0];
      n[axis] = Math.sign(p[axis]!) || 1;
      return n;
    }
    default:
      return [0, 0, 1];
  }
}

/** Distance along the world ray to the geom (Infinity if missed), with normal and local point. */
export function intersectGeom(geom: SceneGeom, origin: Vec, direction: Vec): Hit | undefined {
  if (geom.boundingRadius > 0) {
    const rel: Vec = [
      origin[0] - geom.position[0],
      origin[1] - geom.position[1],
      origin[2] - geom.position[2],
    ];
    if (
      !Number.isFinite(raySphere(rel, direction, geom.boundingRadius)) &&
      Math.hypot(...rel) > geom.boundingRadius
    )
      return undefined;
  }
  const o = toLocal(geom.rotation, [
    origin[0] - geom.position[0],
    origin[1] - geom.position[1],
    origin[2] - geom.position[2],
  ]);
  const d = toLocal(geom.rotation, direction);
  const [s0, s1, s2] = geom.size;
  let t: number;
  switch (geom.type) {
    case GeomType.plane:
      t = rayPlane(o, d, s0, s1);
      break;
    case GeomType.sphere:
      t = raySphere(o, d, s0);
      break;
    case GeomType.capsule:
      t = rayCapsule(o, d, s0, s1);
      break;
    case GeomType.ellipsoid:
      t = rayEllipsoid(o, d, [s0, s1, s2]);
      break;
    case GeomType.cylinder:
      t = rayCylinder(o, d, s0, s1);
      break;
    case GeomType.box:
      t = rayBox(o, d, [s0, s1, s2]);
      break;
    default:
      return undefined; // height fields and meshes are not drawn (removed at load, §2.6)
  }
  if (!Number.isFinite(t)) return undefined;
  const local: Vec = [o[0] + t * d[0], o[1] + t * d[1], o[2] + t * d[2]];
  const normal = normalise(toWorld(geom.rotation, localNormal(geom, local)));
  return { distance: t, normal, local };
}

/** Unit world direction of the ray through pixel (row, col) of a width × height image. */
export function pixelRay(camera: SceneCamera, row: number, col: number, width: number, height: number): Vec {
  const tanHalf = Math.tan((camera.fovyDegrees * Math.PI) / 360);
  const x = ((2 * (col + 0.5)) / width - 1) * tanHalf * (width / height);
  const y = (1 - (2 * (row + 0.5)) / height) * tanHalf;
  return normalise(toWorld(camera.rotation, [x, y, -1]));
}

function shade(geom: SceneGeom, hit: Hit, direction: Vec): Vec {
  let base = geom.rgb;
  if (geom.checker) {
    const cell = Math.floor(hit.local[0] / checkerSquare) + Math.floor(hit.local[1] / checkerSquare);
    base = checkerColours[((cell % 2) + 2) % 2]!;
  }
  // head light: the light sits at the camera, so it shines along the ray
  const lambert = Math.abs(
    hit.normal[0] * direction[0] + hit.normal[1] * direction[1] + hit.normal[2] * direction[2],
  );
  const light = ambient + diffuse * lambert;
  return [Math.min(1, base[0] * light), Math.min(1, base[1] * light), Math.min(1, base[2] * light)];
}

function sky(direction: Vec): Vec {
  const blend = (direction[2] + 1) / 2; // 1 straight up, 0 straight down
  return [skyTop[0] * blend, skyTop[1] * blend, skyTop[2] * blend];
}

/** A geom with its per-frame constants: camera position relative to it, in world and local frames. */
interface PreparedGeom {
  geom: SceneGeom;
  rel: Vec; // camera − geom position (world)
  relSquared: number;
  local: Vec; // Rᵀ·rel
  rbSquared: number;
}

function prepare(geoms: readonly SceneGeom[], origin: Vec): PreparedGeom[] {
  return geoms
    .filter((geom) => geom.type !== GeomType.hfield && geom.type !== GeomType.mesh)
    .map((geom) => {
      const rel: Vec = [
        origin[0] - geom.position[0],
        origin[1] - geom.position[1],
        origin[2] - geom.position[2],
      ];
      return {
        geom,
        rel,
        relSquared: rel[0] * rel[0] + rel[1] * rel[1] + rel[2] * rel[2],
        local: toLocal(geom.rotation, rel),
        rbSquared: geom.boundingRadius * geom.boundingRadius,
      };
    });
}

/** Distance along a unit world ray to a prepared geom, or Infinity (bounding-sphere culled first). */
function distanceTo(prepared: PreparedGeom, direction: Vec): number {
  const { geom, rel } = prepared;
  if (geom.boundingRadius > 0) {
    const b = rel[0] * direction[0] + rel[1] * direction[1] + rel[2] * direction[2];
    const c = prepared.relSquared - prepared.rbSquared;
    if (c > 0 && (b > 0 || b * b < c)) return Number.POSITIVE_INFINITY; // outside and pointing away / missing
  }
  const d = toLocal(geom.rotation, direction);
  const o = prepared.local;
  const [s0, s1, s2] = geom.size;
  switch (geom.type) {
    case GeomType.plane:
      return rayPlane(o, d, s0, s1);
    case GeomType.sphere:
      return raySphere(o, d, s0);
    case GeomType.capsule:
      return rayCapsule(o, d, s0, s1);
    case GeomType.ellipsoid:
      return rayEllipsoid(o, d, [s0, s1, s2]);
    case GeomType.cylinder:
      return rayCylinder(o, d, s0, s1);
    case GeomType.box:
      return rayBox(o, d, [s0, s1, s2]);
    default:
      return Number.POSITIVE_INFINITY;
  }
}

/** Renders an RGB image (HWC uint8, row 0 at the top). */
export function renderScene(
  geoms: readonly SceneGeom[],
  camera: SceneCamera,
  width: number,
  height: number,
): Uint8Array {
  const image = new Uint8Array(width * height * 3);
  const prepared = prepare(geoms, camera.position);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const direction = pixelRay(camera, row, col, width, height);
      let nearest = Number.POSITIVE_INFINITY;
      let nearestGeom: SceneGeom | undefined;
      for (const candidate of prepared) {
        const distance = distanceTo(candidate, direction);
        if (distance < nearest) {
          nearest = distance;
          nearestGeom = candidate.geom;
        }
      }
      let colour: Vec;
      if (nearestGeom) {
        // Only the winner needs its normal and local hit point.
        const hit = intersectGeom(nearestGeom, camera.position, direction)!;
        colour = shade(nearestGeom, hit, direction);
      } else {
        colour = sky(direction);
      }
      const offset = 3 * (row * width + col);
      image[offset] = Math.round(colour[0] * 255);
      image[offset + 1] = Math.round(colour[1] * 255);
      image[offset + 2] = Math.round(colour[2] * 255);
    }
  }
  return image;
}
