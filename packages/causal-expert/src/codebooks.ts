// Our own codebooks (§4.4): data/codebooks/<net>.json = {network, domain, sources[], variables:
// [{name, description, states?, note?}]}, written by us from the original papers. A description
// says what the variable is, never its causes or effects; the leak report lists descriptions that
// name another variable, with an allow-list (asia's `either` is "tuberculosis or lung cancer").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { dataDir } from './oracle.js';

export const Codebook = z.object({
  network: z.string().min(1),
  domain: z.string().min(1),
  sources: z.array(z.string().min(1)).min(1),
  variables: z
    .array(
      z.object({
        name: z.string().min(1),
        description: z.string().min(1),
        states: z.array(z.string()).optional(),
        note: z.string().optional(),
      }),
    )
    .min(1),
});
export type Codebook = z.infer<typeof Codebook>;

export const codebookNetworks = ['asia', 'sachs', 'child', 'insurance', 'alarm'] as const;

export function loadCodebook(network: string): Codebook {
  if (!(codebookNetworks as readonly string[]).includes(network))
    throw new Error(`no codebook for '${network}'; valid: ${codebookNetworks.join(', ')}`);
  const path = join(dataDir, 'codebooks', `${network}.json`);
  const parsed = Codebook.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`codebook ${path} is malformed: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The `names-only` variant: the wording as an experimental variable (§4.4). */
export function namesOnly(codebook: Codebook): Codebook {
  return { ...codebook, variables: codebook.variables.map((v) => ({ name: v.name, description: v.name })) };
}

export function describe(codebook: Codebook, name: string): string {
  const entry = codebook.variables.find((v) => v.name === name);
  if (!entry) throw new Error(`codebook '${codebook.network}' has no entry for '${name}'`);
  return entry.description;
}

/** Allowed mentions: variable → names its description may contain. */
export const leakAllowList: Record<string, Record<string, string[]>> = {
  asia: { either: ['tub', 'lung'] },
  child: { GruntingReport: ['Grunting'] }, // a report of the finding names the finding
  insurance: { AntiTheft: ['Theft'] }, // "anti-theft device" is the device's name
};

/** Words naming a variable: its node name and, for short cryptic names, the glossary word. */
function mentions(description: string, other: string, aliases: string[]): boolean {
  const words = [other, ...aliases].map((w) => w.toLowerCase());
  const text = description.toLowerCase();
  return words.some((word) =>
    new RegExp(`(^|[^a-z0-9])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z0-9]|$)`).test(text),
  );
}

const aliases: Record<string, Record<string, string[]>> = {
  asia: {
    tub: ['tuberculosis'],
    lung: ['lung cancer'],
    bronc: ['bronchitis'],
    smoke: ['smoker'],
    dysp: ['dyspnoea'],
  },
};

/** Descriptions that name another variable of the network, minus the allow-list. */
export function leakReport(codebook: Codebook): { variable: string; mentions: string }[] {
  const out: { variable: string; mentions: string }[] = [];
  const allowed = leakAllowList[codebook.network] ?? {};
  const names = codebook.variables.map((v) => v.name);
  for (const entry of codebook.variables)
    for (const other of names) {
      if (other === entry.name || allowed[entry.name]?.includes(other)) continue;
      if (mentions(entry.description, other, aliases[codebook.network]?.[other] ?? []))
        out.push({ variable: entry.name, mentions: other });
    }
  return out;
}
