// Every knob of the study in one zod schema (defaults = brief §10's `default` column where the paper
// is silent), and the three presets as overrides. Tags follow the brief: [O] ours, [R] reconstructed.
import { maxTensorElements, withinEachBound } from 'lab';
import { z } from 'zod';
import { SCHEMA_NAMES, SCHEMAS } from './schemas.js';

// Size bounds: every size key has a maximum far above `paper`, and no tensor may exceed lab's
// maxTensorElements (lab/src/config-bounds.ts says why).

const Rho = z.number().gt(0).lt(1); // target accuracy ρ ∈ (0, 1) (brief §2.1)

export const Tier = z.object({
  name: z.string().min(1),
  /** Expected documents per entity over the whole pretraining stream (brief §3.3) [O]. */
  docs: z.number().min(0),
  /** Entities in this tier; world.entitiesPerTier, when set, overrides every count. */
  count: z
    .number()
    .int()
    .min(2)
    .max(
      100_000,
      'world.tiers[].count ≤ 100000 (the paper uses 2000; every entity and its answers are kept in memory)',
    )
    .default(150),
});
export type Tier = z.infer<typeof Tier>;

export const WorldConfig = z.object({
  /** Entity schema (brief §3.2): biographies, or historical events (the `paper` events world). */
  schema: z.enum(SCHEMA_NAMES).default('bios'),
  /** Values per attribute; absent = the schema's (bios 16/12/10/20/8/12, events 40/30/12/40/6/8). */
  attributeSizes: z
    .array(
      z
        .number()
        .int()
        .min(2)
        .max(
          1000,
          'world.attributeSizes[] ≤ 1000 (the schemas use 6 to 40; each value is a vocabulary token)',
        ),
    )
    .min(1)
    .optional(),
  syllables: z.number().int().min(4).max(64).default(24),
  nameLength: z.number().int().min(1).max(4).default(3),
  /** Zipf-like prior exponent: w_j ∝ (j + 1)^−zipf (brief §3.2). */
  zipf: z.number().min(0).default(0.8),
  tiers: z
    .array(Tier)
    .min(2)
    .default([
      { name: 'top', docs: 600, count: 150 },
      { name: 'mid', docs: 120, count: 150 },
      { name: 'low', docs: 24, count: 150 },
      { name: 'bottom', docs: 6, count: 150 },
      { name: 'unseen', docs: 0, count: 150 },
    ]),
  /** When > 0, sets every tier's count (brief §3.3). */
  entitiesPerTier: z
    .number()
    .int()
    .min(0)
    .max(
      100_000,
      'world.entitiesPerTier ≤ 100000 (the paper uses 2000; every entity and its answers are kept in memory)',
    )
    .default(0),
  /** Share of documents about one-off long-tail entities (brief §3.3, trap 2). */
  longTailFrac: z.number().min(0).lt(1).default(0.35),
  /** Share of world-entity documents written from the misconception table (brief §3.4). */
  corruptFrac: z.number().min(0).max(1).default(0.05),
  minAttrsPerDoc: z.number().int().min(1).default(1),
  /**
   * Each world entity's documents name one fixed attribute first, right after the name, the attribute
   * drawn uniformly per entity independently of its tier (issue 15: knownness readable at the last
   * name token) [O]. false = every document's attributes in random order (the paper's format).
   */
  leadAttribute: z.boolean().default(true),
  maxAttrsPerDoc: z.number().int().min(1).default(5),
});
export type WorldConfig = z.infer<typeof WorldConfig>;

export const ModelConfig = z.object({
  dModel: z
    .number()
    .int()
    .min(4)
    .max(4096, 'model.dModel ≤ 4096 (the paper uses 256; larger weight matrices do not fit in memory here)')
    .default(64),
  layers: z
    .number()
    .int()
    .min(1)
    .max(
      64,
      'model.layers ≤ 64 (the paper uses 4; each layer holds 12·dModel² weights and their Adam moments)',
    )
    .default(2),
  heads: z
    .number()
    .int()
    .min(1)
    .max(64, 'model.heads ≤ 64 (the paper uses 8; attention scores are [batch, heads, context, context])')
    .default(4),
  context: z
    .number()
    .int()
    .min(8)
    .max(
      512,
      'model.context ≤ 512 (the paper uses 18, the longest answer; attention scores grow as context²)',
    )
    .default(18),
});
export type ModelConfig = z.infer<typeof ModelConfig>;

export const PretrainConfig = z.object({
  batchSize: z
    .number()
    .int()
    .min(1)
    .max(4096, 'pretrain.batchSize ≤ 4096 (the paper uses 256; activations are [batch, context, 4·dModel])')
    .default(64),
  learningRate: z.number().positive().default(2e-3),
  clipNorm: z.number().positive().default(1),
  /** 0 = one pass over the expected documents: Σ docs / (1 − longTailFrac) / batch (brief §3.3). */
  steps: z.number().int().min(0).default(0),
  checkpointEvery: z.number().int().min(1).default(200),
  /**
   * Score the name tokens too (from the first name token after <bos>), so the model must recognise
   * the names it has seen (issue 15) [O]. false = the loss starts after the name.
   */
  nameInLoss: z.boolean().default(true),
});

export const ResearchConfig = z.object({
  rounds: z
    .number()
    .int()
    .min(1)
    .max(64, 'research.rounds ≤ 64 (the paper uses 3; every round of samples is kept in memory)')
    .default(3), // R [A]
  samplesPerRound: z
    .number()
    .int()
    .min(1)
    .max(
      1024,
      'research.samplesPerRound ≤ 1024 (the paper uses 16; every sample of every entity is kept in memory)',
    )
    .default(16), // K [A]
  temperature: z.number().positive().default(1), // τ [O]
  rho: Rho.default(0.5), // main ρ [O]
  rhoSweep: z.array(Rho).min(1).default([0.5, 0.75, 0.9]), // [O]
  /** Each confident claim enters a round-2/3 prompt with this probability (brief §2.4) [O]. */
  hintKeep: z.number().gt(0).max(1).default(1),
  maxNewTokens: z
    .number()
    .int()
    .min(1)
    .max(512, 'research.maxNewTokens ≤ 512 (the paper uses 14; no answer outgrows model.context ≤ 512)')
    .default(14),
  /** Rows per forward pass when sampling (brief §4.3). */
  sampleBatch: z
    .number()
    .int()
    .min(1)
    .max(
      16_384,
      'research.sampleBatch ≤ 16384 (the default is 160; logits are [sampleBatch, context, vocabulary])',
    )
    .default(160),
});

export const SelfEvalConfig = z.object({
  /** s in p̂(a, v) = n(a, v) / (n(a) + s) (brief §4.4) [O]. */
  discount: z.number().min(0).default(1),
});

export const FinetuneConfig = z.object({
  learningRate: z.number().positive().default(5e-4),
  batchSize: z
    .number()
    .int()
    .min(1)
    .max(4096, 'finetune.batchSize ≤ 4096 (the paper uses 64; activations are [batch, context, 4·dModel])')
    .default(32),
  epochs: z.number().int().min(1).default(20),
  /** Share of each batch that is replayed pretraining documents (brief §2.6) [O]. */
  replayFrac: z.number().min(0).lt(1).default(0.5),
  /**
   * 'sequence': every target sequence weighs the same, abstentions as much as biographies;
   * 'token': the mean over every scored token of the mixed batch (issue 15, point 4) [O].
   */
  loss: z.enum(['token', 'sequence']).default('sequence'),
  /** Class balance: abstentions and answers each carry half of the target loss. */
  balance: z.boolean().default(true),
  /** At least this many optimiser steps; the epochs are raised to reach it (issue 15: ≥ 500). */
  minSteps: z.number().int().min(0).default(500),
});

export const DpoConfig = z.object({
  enabled: z.boolean().default(false),
  beta: z.number().positive().default(0.1),
  learningRate: z.number().positive().default(1e-4),
  epochs: z.number().int().min(1).default(10),
  rejected: z.enum(['worst', 'abstention-or-worst', 'tempting']).default('worst'),
});

export const EvalConfig = z.object({
  samplesPerEntity: z
    .number()
    .int()
    .min(1)
    .max(1024, 'eval.samplesPerEntity ≤ 1024 (the paper uses 4; every answer is kept in memory)')
    .default(4),
  bootstrap: z
    .number()
    .int()
    .min(10)
    .max(1_000_000, 'eval.bootstrap ≤ 1000000 (the paper uses 10000; each resample holds every unit)')
    .default(1000),
  /** Fewer responding answers than this make a per-response metric 'inconclusive' (brief §6.2). */
  minResponding: z.number().int().min(1).default(20),
});

export const VariantsConfig = z.object({
  /** Seeds (after the first) on which oracle-research-sft and research-keep0.5-sft also run. */
  extrasOnAllSeeds: z.boolean().default(false),
});

export const SelfRestraintConfig = z
  .object({
    seeds: z
      .array(z.number().int())
      .min(1)
      .max(100, 'seeds: at most 100 (the paper uses 5; each seed trains and keeps its own models)')
      .default([0, 1, 2]),
    world: WorldConfig.prefault({}),
    model: ModelConfig.prefault({}),
    pretrain: PretrainConfig.prefault({}),
    research: ResearchConfig.prefault({}),
    selfEval: SelfEvalConfig.prefault({}),
    finetune: FinetuneConfig.prefault({}),
    dpo: DpoConfig.prefault({}),
    eval: EvalConfig.prefault({}),
    variants: VariantsConfig.prefault({}),
  })
  .superRefine((config, ctx) => {
    // The largest activation of one forward pass: [rows, context, max(4·dModel, heads·context, V)]
    // (feed-forward, attention scores, logits). Fine-tuning batches add replayed documents.
    const { dModel, heads, context } = config.model;
    const vocab = vocabularySize(config.world);
    const rows = Math.max(
      config.pretrain.batchSize,
      Math.ceil(config.finetune.batchSize / (1 - config.finetune.replayFrac)),
      config.research.sampleBatch,
    );
    const largest = rows * context * Math.max(4 * dModel, heads * context, vocab);
    if (largest > maxTensorElements)
      ctx.addIssue({
        code: 'custom',
        message: `the largest activation, [rows ${rows}, model.context ${context}, max(4·model.dModel ${4 * dModel}, model.heads·context ${heads * context}, vocabulary ${vocab})] = ${largest} elements, exceeds 2^28 (1 GiB of float32; the paper preset needs 4.7 million); rows = max(pretrain.batchSize ${config.pretrain.batchSize}, finetune.batchSize / (1 − finetune.replayFrac), research.sampleBatch ${config.research.sampleBatch}); lower one of them`,
      });
    // Weights: 12·dModel² per layer (attention 4·C², feed-forward 8·C²) plus the embeddings; Adam
    // keeps two moments and the step a gradient of each, so 4× this is resident.
    const parameters = config.model.layers * 12 * dModel ** 2 + (vocab + context) * dModel;
    if (parameters > maxTensorElements)
      ctx.addIssue({
        code: 'custom',
        message: `the model has ${parameters} weights (12 · model.dModel² · model.layers = 12 · ${dModel}² · ${config.model.layers}, plus embeddings), above 2^28 (1 GiB of float32, 4 GiB with gradients and Adam moments; the paper preset has 3.2 million); lower model.dModel or model.layers`,
      });
  }, withinEachBound);
export type SelfRestraintConfig = z.infer<typeof SelfRestraintConfig>;
export type SelfRestraintInput = z.input<typeof SelfRestraintConfig>;

/** Tokens of the vocabulary (src/vocab.ts layout): <pad> <bos> <eos> <idk>, syllables, attributes, values, <bio>. */
function vocabularySize(world: WorldConfig): number {
  const sizes = world.attributeSizes ?? SCHEMAS[world.schema].map((spec) => spec.size);
  return 4 + world.syllables + sizes.length + sizes.reduce((sum, size) => sum + size, 0) + 1;
}

/** Tiers with world.entitiesPerTier applied. */
export function resolvedTiers(world: WorldConfig): Tier[] {
  return world.tiers.map((tier) =>
    world.entitiesPerTier > 0 ? { ...tier, count: world.entitiesPerTier } : tier,
  );
}

/** Pretraining steps: one pass over the expected documents unless set (brief §3.3). */
export function pretrainSteps(config: SelfRestraintConfig): number {
  if (config.pretrain.steps > 0) return config.pretrain.steps;
  const docs = resolvedTiers(config.world).reduce((sum, tier) => sum + tier.count * tier.docs, 0);
  return Math.max(1, Math.round(docs / (1 - config.world.longTailFrac) / config.pretrain.batchSize));
}
