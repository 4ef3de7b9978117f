// What a study needs before `pnpm repro` starts it, checked for every study first so a missing
// browser is found in seconds, not after an hour of other studies. Two sources:
// - the `repro` field of the study's package.json: memory and free disk it needs (data, no code);
// - its optional `prerequisites` script, which checks (and with --install, sets up) anything else,
//   such as a browser. It exits 0 when ready, or 3 with "missing: <what> | fix: <command>" lines.
import { spawn } from 'node:child_process';
import { statfs } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { z } from 'zod';

export const StudyNeeds = z.object({
  memoryGiB: z.number().positive().optional(),
  diskGiB: z.number().positive().optional(),
});
export type StudyNeeds = z.infer<typeof StudyNeeds>;

export interface MissingPrerequisite {
  what: string;
  fix: string;
}

export interface MachineResources {
  memoryGiB: number;
  freeDiskGiB: number;
}

const gib = 2 ** 30;

export async function machineResources(path: string): Promise<MachineResources> {
  const disk = await statfs(path);
  return { memoryGiB: totalmem() / gib, freeDiskGiB: (disk.bavail * disk.bsize) / gib };
}

/** The memory and disk a study declares against what the machine has. */
export function resourceProblems(needs: StudyNeeds, machine: MachineResources): MissingPrerequisite[] {
  const problems: MissingPrerequisite[] = [];
  if (needs.memoryGiB !== undefined && machine.memoryGiB < needs.memoryGiB) {
    problems.push({
      what: `${needs.memoryGiB} GiB of memory (this machine has ${machine.memoryGiB.toFixed(1)})`,
      fix: 'run it on a larger machine, or with --workers 1 by hand',
    });
  }
  if (needs.diskGiB !== undefined && machine.freeDiskGiB < needs.diskGiB) {
    problems.push({
      what: `${needs.diskGiB} GiB of free disk for its run folder (${machine.freeDiskGiB.toFixed(1)} free)`,
      fix: 'free some disk, or give `pnpm repro --out <folder on a larger disk>`',
    });
  }
  return problems;
}

/** Reads the "missing: … | fix: …" lines a prerequisites script prints. */
export function parseMissingLines(output: string): MissingPrerequisite[] {
  const missing: MissingPrerequisite[] = [];
  for (const line of output.split('\n')) {
    const match = /^missing: (.+?) \| fix: (.+)$/.exec(line.trim());
    if (match) missing.push({ what: match[1]!, fix: match[2]! });
  }
  return missing;
}

/**
 * Runs `pnpm --filter <study> run prerequisites [-- --install]` in the workspace. An exit other
 * than 0 without a readable "missing" line is reported as such, with the script's last output.
 */
export function runPrerequisitesScript(
  study: string,
  workspaceRoot: string,
  install: boolean,
  forward: (text: string) => void,
): Promise<MissingPrerequisite[]> {
  const args = [
    '--silent',
    '--filter',
    study,
    'run',
    'prerequisites',
    ...(install ? ['--', '--install'] : []),
  ];
  return new Promise((done) => {
    let output = '';
    const child = spawn('pnpm', args, { cwd: workspaceRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      forward(chunk.toString());
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const failed = (why: string): MissingPrerequisite => ({
      what: `its prerequisites check (${why}): ${output.trim().split('\n').slice(-3).join(' / ')}`,
      fix: `run \`pnpm --filter ${study} run prerequisites\` to see why`,
    });
    child.on('error', (error) => done([failed(error.message)]));
    child.on('close', (code) => {
      if (code === 0) return done([]);
      const missing = parseMissingLines(output);
      done(missing.length > 0 ? missing : [failed(`exit code ${code}`)]);
    });
  });
}
