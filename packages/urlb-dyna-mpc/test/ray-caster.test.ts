import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, test } from 'vitest';
import { makeEnv } from '../src/env/environment.js';
import { writePng } from '../src/render/png.js';
import {
  GeomType,
  intersectGeom,
  pixelRay,
  rayBox,
  rayCapsule,
  rayCylinder,
  rayEllipsoid,
  rayPlane,
  raySphere,
  renderScene,
  type SceneCamera,
  type SceneGeom,
} from '../src/render/ray-caster.js';

const identity = [1, 0, 0, 0, 1, 0, 0, 0, 1];

function geom(
  type: number,
  position: [number, number, number],
  size: [number, number, number],
  rgb: [number, number, number],
): SceneGeom {
  return { type, size, position, rotation: identity, rgb, checker: false, boundingRadius: 0 };
}

// A camera at z = 5 looking down −z (MuJoCo cameras look along their −z axis).
const camera: SceneCamera = { position: [0, 0, 5], rotation: identity, fovyDegrees: 45 };

describe('ray caster (brief §2.6, §11)', () => {
  test('ray–primitive distances against analytic values', () => {
    const down: [number, number, number] = [0, 0, -1];
    expect(raySphere([0, 0, 5], down, 1)).toBeCloseTo(4, 12);
    expect(rayPlane([0, 0, 5], down, 0, 0)).toBeCloseTo(5, 12);
    expect(rayPlane([3, 0, 5], down, 1, 1)).toBe(Number.POSITIVE_INFINITY); // outside the bounded plane
    expect(rayBox([0, 0, 5], down, [1, 2, 0.5])).toBeCloseTo(4.5, 12);
    expect(rayCapsule([0, 0, 5], down, 0.2, 1)).toBeCloseTo(5 - 1.2, 12); // along the axis: cap sphere
    expect(rayCapsule([5, 0, 0], [-1, 0, 0], 0.2, 1)).toBeCloseTo(4.8, 12); // side
    expect(rayCylinder([0, 0, 5], down, 0.2, 1)).toBeCloseTo(4, 12); // flat cap
    expect(rayCylinder([5, 0, 0.5], [-1, 0, 0], 0.2, 1)).toBeCloseTo(4.8, 12);
    expect(rayEllipsoid([0, 0, 5], down, [1, 1, 2])).toBeCloseTo(3, 12);
    expect(rayEllipsoid([5, 0, 0], [-1, 0, 0], [0.5, 1, 2])).toBeCloseTo(4.5, 12);
    // from inside a sphere the exit point counts
    expect(raySphere([0, 0, 0], down, 1)).toBeCloseTo(1, 12);
  });

  test('camera frame from cam_xmat: the centre ray is −z of the camera; a rotated camera turns it', () => {
    const centre = pixelRay(camera, 31.5, 31.5, 64, 64); // not a pixel centre, but the optical axis
    expect(centre[2]).toBeCloseTo(-1, 9);
    // camera rotated 90° about x: its −z axis points along world +y
    const rotated: SceneCamera = {
      position: [0, 0, 0],
      rotation: [1, 0, 0, 0, 0, -1, 0, 1, 0],
      fovyDegrees: 45,
    };
    const ray = pixelRay(rotated, 31.5, 31.5, 64, 64);
    expect(ray[1]).toBeCloseTo(1, 9);
    // top row looks up (+y in the camera frame)
    expect(pixelRay(camera, 0, 32, 64, 64)[1]).toBeGreaterThan(0);
  });

  test('a sphere centred in front of the camera lands in the centre pixels; corners show sky', () => {
    const image = renderScene([geom(GeomType.sphere, [0, 0, 0], [0.5, 0, 0], [1, 0, 0])], camera, 64, 64);
    expect(image.length).toBe(64 * 64 * 3);
    expect(image).toBeInstanceOf(Uint8Array);
    const at = (row: number, col: number) =>
      Array.from(image.slice(3 * (row * 64 + col), 3 * (row * 64 + col) + 3));
    const centre = at(32, 32);
    expect(centre[0]).toBeGreaterThan(200); // red, lit head-on: 0.4 + 0.8 > 1 → 255
    expect(centre[1]).toBe(0);
    const corner = at(0, 0);
    expect(corner[0]).toBeLessThan(centre[0]!);
    expect(corner[2]).toBeGreaterThan(corner[0]!); // skybox: blue-ish
  });

  test('the nearer geom wins', () => {
    const far = geom(GeomType.box, [0, 0, 0], [1, 1, 0.1], [0, 1, 0]);
    const near = geom(GeomType.sphere, [0, 0, 2], [0.3, 0, 0], [0, 0, 1]);
    const image = renderScene([far, near], camera, 8, 8);
    const centre = 3 * (4 * 8 + 4);
    expect(image[centre + 2]).toBeGreaterThan(image[centre + 1]!);
    const hit = intersectGeom(near, [0, 0, 5], [0, 0, -1]);
    expect(hit?.distance).toBeCloseTo(2.7, 9);
    expect(hit?.normal[2]).toBeCloseTo(1, 9);
  });

  test('renders a model frame and writes a readable 64×64 PNG', async () => {
    const env = await makeEnv('walker_walk', { seed: 0 });
    env.reset();
    const frame = env.render(64);
    expect(frame.length).toBe(64 * 64 * 3);
    const distinct = new Set<number>();
    for (let i = 0; i < frame.length; i += 3)
      distinct.add(frame[i]! * 65536 + frame[i + 1]! * 256 + frame[i + 2]!);
    expect(distinct.size).toBeGreaterThan(10); // floor checker, sky and body colours
    const dir = mkdtempSync(join(tmpdir(), 'frames-'));
    writePng(join(dir, 'walker.png'), frame, 64, 64);
    const png = PNG.sync.read(readFileSync(join(dir, 'walker.png')));
    expect([png.width, png.height]).toEqual([64, 64]);
    expect(Array.from(png.data.slice(0, 3))).toEqual(Array.from(frame.slice(0, 3)));
    rmSync(dir, { recursive: true });
    env.dispose();
  });

  test('pixel observations are 64×64×3 uint8', async () => {
    const env = await makeEnv('reach4_top_left', { seed: 0, obs: 'pixels' });
    expect(env.observationShape).toEqual([64, 64, 3]);
    const step = env.reset();
    expect(step.observation).toBeInstanceOf(Uint8Array);
    expect(step.observation.length).toBe(64 * 64 * 3);
    env.dispose();
  });
});
