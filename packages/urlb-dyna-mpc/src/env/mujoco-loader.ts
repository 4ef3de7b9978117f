// Loads dm_control MJCF files into mujoco-js (brief §2.1, §2.2): every XML and the three common/
// includes are written into the Emscripten file system with their relative layout, then
// MjModel.loadFromXML reads them. The quadruped tasks strip the model at load time (§2.4).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import loadMujocoFactory from 'mujoco-js';
import type { Mujoco, MujocoModel } from './mujoco-types.js';

/** The package's copy of the dm_control suite files (see data/PROVENANCE.md). */
export const defaultMjcfDir = fileURLToPath(new URL('../../data/mjcf/', import.meta.url));

export const commonIncludes = ['materials.xml', 'skybox.xml', 'visual.xml'] as const;

let mujocoPromise: Promise<Mujoco> | undefined;

/** The wasm module, loaded once per process (about 0.8 s). */
export function loadMujoco(): Promise<Mujoco> {
  mujocoPromise ??= loadMujocoFactory() as unknown as Promise<Mujoco>;
  return mujocoPromise;
}

function readModelFile(mjcfDir: string, relative: string): string {
  const path = join(mjcfDir, relative);
  if (!existsSync(path)) {
    throw new Error(
      `MuJoCo model file '${relative}' is missing: looked in '${mjcfDir}' (set mjcfDir to the folder holding the dm_control suite files: walker.xml, quadruped.xml, reacher.xml and common/)`,
    );
  }
  return readFileSync(path, 'utf8');
}

let loadCounter = 0;

/**
 * Compiles `<name>.xml` from `mjcfDir`, after `edit` (a text transform of the XML, e.g. the
 * quadruped strip). A malformed file gets an error naming it.
 */
export async function loadModel(
  name: string,
  options: { mjcfDir?: string; edit?: (xml: string) => string } = {},
): Promise<{ mj: Mujoco; model: MujocoModel }> {
  const mjcfDir = options.mjcfDir ?? defaultMjcfDir;
  const xml = readModelFile(mjcfDir, `${name}.xml`);
  const includes = commonIncludes.map(
    (file) => [file, readModelFile(mjcfDir, join('common', file))] as const,
  );
  const mj = await loadMujoco();
  // A fresh folder per load, so an edited model never shadows another.
  const root = `/mjcf-${process.pid}-${loadCounter++}`;
  mj.FS.mkdir(root);
  mj.FS.mkdir(`${root}/common`);
  for (const [file, text] of includes) mj.FS.writeFile(`${root}/common/${file}`, text);
  const path = `${root}/${name}.xml`;
  mj.FS.writeFile(path, options.edit ? options.edit(xml) : xml);
  let model: MujocoModel | undefined;
  try {
    model = mj.MjModel.loadFromXML(path);
  } catch (error) {
    // mujoco-js throws an Emscripten CppException ({ name: 'mjXError', excPtr }) without the text.
    const { name: kind, message } = error as { name?: string; message?: string };
    const detail = (message ?? kind ?? String(error)).split('\n')[0];
    throw new Error(
      `MuJoCo could not compile '${join(mjcfDir, `${name}.xml`)}' (malformed MJCF?): ${detail}`,
    );
  }
  if (!model) throw new Error(`MuJoCo returned no model for '${join(mjcfDir, `${name}.xml`)}'`);
  return { mj, model };
}

/** Removes one XML element (self-closing or with children) whose tag and name match. */
function removeElement(xml: string, tag: string, name: string): string {
  const selfClosing = new RegExp(`\\s*<${tag}\\b[^>]*\\bname="${name}"[^>]*/>`);
  if (selfClosing.test(xml)) return xml.replace(selfClosing, '');
  const open = new RegExp(`<${tag}\\b[^>]*\\bname="${name}"[^>]*>`);
  const match = open.exec(xml);
  if (!match) throw new Error(`quadruped strip: no <${tag} name="${name}"> in the model`);
  // Walk nested same-tag elements to find the matching close.
  let depth = 1;
  let cursor = match.index + match[0].length;
  const tagPattern = new RegExp(`<(/?)${tag}\\b[^>]*?(/?)>`, 'g');
  tagPattern.lastIndex = cursor;
  for (let m = tagPattern.exec(xml); m; m = tagPattern.exec(xml)) {
    if (m[1] === '/') depth -= 1;
    else if (m[2] !== '/') depth += 1;
    cursor = m.index + m[0].length;
    if (depth === 0) return xml.slice(0, match.index) + xml.slice(cursor);
  }
  throw new Error(`quadruped strip: <${tag} name="${name}"> is not closed`);
}

/**
 * dm_control's quadruped make_model (brief §2.4): floor size F F .5, no walls, ball, target site,
 * terrain geom or rangefinders.
 */
export function stripQuadruped(xml: string, floorSize: number): string {
  let out = xml.replace(
    /(<geom\b[^>]*\bname="floor"[^>]*\bsize=")[^"]*(")/,
    `$1${floorSize} ${floorSize} .5$2`,
  );
  if (out === xml && !/name="floor"[^>]*size="/.test(xml))
    throw new Error('quadruped strip: no floor geom with a size');
  for (const wall of ['wall_px', 'wall_py', 'wall_nx', 'wall_ny']) out = removeElement(out, 'geom', wall);
  out = removeElement(out, 'body', 'ball');
  out = removeElement(out, 'site', 'target');
  out = removeElement(out, 'geom', 'terrain');
  out = out.replace(/\s*<rangefinder\b[^>]*\/>/g, '');
  return out;
}
