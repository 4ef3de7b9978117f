// The seed's written outputs (brief §12): the JSONL exports of the ReSearch data and generations
// (SFT, DPO, records with every candidate, FActScore-compatible generations) and the example answers
// of the report. Split from src/seedJob.ts, which computes what these write.
import { join } from 'node:path';
import type { Generation } from './evaluate.js';
import {
  type DpoLine,
  DpoLine as DpoSchema,
  exportJsonl,
  FactScoreLine,
  type RecordLine,
  RecordLine as RecordSchema,
  SftLine,
} from './export.js';
import { likelihoodFor, type SearchResult } from './research.js';
import type { SeedResult } from './seedJob.js';
import { lambdaOf } from './utility.js';
import { renderAnswer } from './vocab.js';
import type { World } from './world.js';

export function entityName(world: World, entity: number): string {
  const text = world.entities[entity]!.name.map((t) => world.vocab.tokenText(t)).join('');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function claimText(world: World, entity: number, claim: { attribute: number; valueToken: number }): string {
  return renderAnswer(world.vocab, entityName(world, entity), {
    abstained: false,
    claims: [claim],
    malformed: 0,
    stray: 0,
  });
}

export async function writeExports(
  world: World,
  dir: string,
  results: readonly SearchResult[],
  rho: number,
  discount: number,
  generations: Record<string, Generation[]>,
  heldout: readonly number[],
): Promise<void> {
  const query = (e: number) => `Write a short biography of ${entityName(world, e)}.`;
  const text = (e: number, answer: number[]) =>
    renderAnswer(world.vocab, entityName(world, e), world.vocab.parse(answer));
  const sftLines: SftLine[] = results.map((r) => ({
    messages: [
      { role: 'user', content: query(r.entity) },
      { role: 'assistant', content: text(r.entity, r.target) },
    ],
  }));
  const dpoLines: DpoLine[] = results.map((r) => ({
    prompt: query(r.entity),
    chosen: text(r.entity, r.target),
    rejected: text(r.entity, r.worst),
  }));
  const records: RecordLine[] = results.map((r) => {
    const likelihood = likelihoodFor(world, r.entity, r.pool, { likelihood: 'consistency', discount });
    const claims = world.vocab.parse(r.target).claims;
    return {
      query: query(r.entity),
      tier: world.entities[r.entity]!.tierName,
      target: text(r.entity, r.target),
      abstained: r.targetIsAbstention,
      q: r.targetQ,
      rho,
      lambda: lambdaOf(rho),
      candidates: r.pool.map((s, i) => ({ answer: text(r.entity, s.answer), q: r.qs[i]!, round: s.round })),
      claims: claims.map((c) => ({
        text: claimText(world, r.entity, c),
        pSelf: likelihood(c),
        truth: world.isTrue(r.entity, c),
      })),
    };
  });
  await exportJsonl(join(dir, 'research-sft.jsonl'), SftLine, sftLines);
  await exportJsonl(join(dir, 'research-dpo.jsonl'), DpoSchema, dpoLines);
  await exportJsonl(join(dir, 'research-records.jsonl'), RecordSchema, records);
  const factLines: FactScoreLine[] = [];
  const heldoutSet = new Set(heldout);
  for (const model of ['base', `research-sft@${rho}`]) {
    for (const g of generations[model] ?? []) {
      if (g.greedy || !heldoutSet.has(g.entity)) continue;
      const parsed = world.vocab.parse(g.answer);
      factLines.push({
        topic: entityName(world, g.entity),
        output: text(g.entity, g.answer),
        claims: parsed.claims.map((c) => ({
          text: claimText(world, g.entity, c),
          supported: world.isTrue(g.entity, c),
        })),
        abstained: parsed.abstained,
        model,
        tier: world.entities[g.entity]!.tierName,
      });
    }
  }
  await exportJsonl(join(dir, 'generations.jsonl'), FactScoreLine, factLines);
}

export function exampleAnswers(
  world: World,
  generations: Record<string, Generation[]>,
  heldout: readonly number[],
  rho: number,
): SeedResult['examples'] {
  const out: SeedResult['examples'] = [];
  for (const tier of world.tiers) {
    const entities = heldout.filter((e) => world.entities[e]!.tierName === tier.name).slice(0, 2);
    for (const entity of entities) {
      for (const model of ['base', `research-sft@${rho}`]) {
        const g = (generations[model] ?? []).find((x) => x.entity === entity && !x.greedy);
        if (!g) continue;
        const parsed = world.vocab.parse(g.answer);
        const marks = parsed.claims.map((c) => (world.isTrue(entity, c) ? '✓' : '✗')).join('');
        out.push({
          tier: tier.name,
          name: entityName(world, entity),
          model,
          text: `${renderAnswer(world.vocab, entityName(world, entity), parsed)} ${marks}`.trim(),
        });
      }
    }
  }
  return out;
}
