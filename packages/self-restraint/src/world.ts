// The synthetic world (brief §3) [O]: named entities with true attribute values drawn from a Zipf-like
// prior, popularity tiers by expected number of pretraining documents (including an unseen tier), a
// streamed corpus with a 35% long tail of one-off entities and an optional fraction of documents from
// an unreliable source (a fixed misconception table), and seeded ReSearch / held-out splits.
import { Rng } from 'core-tensor';
import { resolvedTiers, type Tier, type WorldConfig } from './config.js';
import { attributeSizesOf, SCHEMAS } from './schemas.js';
import { BOS, type Claim, EOS, Vocab } from './vocab.js';

export type Split = 'research' | 'heldout';

export interface Entity {
  id: number;
  /** Name tokens (nameLength syllable tokens). */
  name: number[];
  tier: number;
  tierName: string;
  /** True value index per attribute. */
  truth: number[];
  /** The unreliable source's value per attribute (never the truth) (brief §3.4). */
  misconception: number[];
  split: Split;
  /**
   * The attribute every document about this entity mentions first (world.leadAttribute), drawn
   * uniformly for every entity whatever its tier, so it carries no tier information.
   */
  lead: number;
}

export interface Document {
  tokens: number[];
  /** World entity index, or -1 for a long-tail one-off entity. */
  entity: number;
  corrupted: boolean;
  /** Attributes mentioned, in order. */
  attributes: number[];
}

export class World {
  readonly vocab: Vocab;
  readonly tiers: Tier[];
  readonly entities: Entity[];
  /** Prior weights per attribute, w_j ∝ (j + 1)^−zipf (brief §3.2). */
  readonly prior: number[][];
  private readonly nameKeys: Set<string>;
  private readonly tierWeights: number[];
  private readonly tierMembers: number[][];

  constructor(
    readonly config: WorldConfig,
    readonly seed: number,
  ) {
    if (config.maxAttrsPerDoc < config.minAttrsPerDoc)
      throw new Error(
        `world.maxAttrsPerDoc (${config.maxAttrsPerDoc}) must be ≥ world.minAttrsPerDoc (${config.minAttrsPerDoc})`,
      );
    const attributeSizes = attributeSizesOf(config);
    if (config.maxAttrsPerDoc > attributeSizes.length)
      throw new Error(
        `world.maxAttrsPerDoc (${config.maxAttrsPerDoc}) must be ≤ the number of attributes (${attributeSizes.length})`,
      );
    this.vocab = new Vocab(attributeSizes, config.syllables, SCHEMAS[config.schema]);
    this.tiers = resolvedTiers(config);
    const capacity = config.syllables ** config.nameLength;
    const total = this.tiers.reduce((sum, tier) => sum + tier.count, 0);
    if (total > capacity / 2)
      throw new Error(
        `the world needs ${total} distinct names but ${config.syllables}^${config.nameLength} = ${capacity} leaves too few for the long tail; lower the tier counts or raise world.syllables`,
      );
    this.prior = attributeSizes.map((size) =>
      Array.from({ length: size }, (_, j) => (j + 1) ** -config.zipf),
    );
    const rng = new Rng(`world-${seed}`);
    this.entities = [];
    this.nameKeys = new Set();
    const nameRng = rng.split('names');
    const factRng = rng.split('facts');
    // A separate stream, so switching the lead attribute on or off leaves names, facts and splits equal.
    const leadRng = rng.split('lead');
    for (const [tierIndex, tier] of this.tiers.entries()) {
      const splitOrder = rng
        .split(`split-${tier.name}`)
        .shuffle(Array.from({ length: tier.count }, (_, i) => i));
      const research = new Set(splitOrder.slice(0, Math.ceil(tier.count / 2)));
      for (let i = 0; i < tier.count; i++) {
        const name = this.freshName(nameRng);
        this.nameKeys.add(name.join(','));
        const truth = this.prior.map((weights) => factRng.categorical(weights));
        const misconception = truth.map((value, attribute) => this.drawOtherThan(factRng, attribute, value));
        this.entities.push({
          id: this.entities.length,
          name,
          tier: tierIndex,
          tierName: tier.name,
          truth,
          misconception,
          split: research.has(i) ? 'research' : 'heldout',
          lead: leadRng.int(attributeSizes.length),
        });
      }
    }
    this.tierMembers = this.tiers.map((_, t) => this.entities.filter((e) => e.tier === t).map((e) => e.id));
    // An entity is drawn with weight ∝ its tier's documents per entity (brief §3.3).
    this.tierWeights = this.tiers.map((tier) => tier.docs * tier.count);
  }

  private freshName(rng: Rng): number[] {
    for (;;) {
      const name = Array.from({ length: this.config.nameLength }, () =>
        this.vocab.syllable(rng.int(this.config.syllables)),
      );
      if (!this.nameKeys.has(name.join(','))) return name;
    }
  }

  private drawOtherThan(rng: Rng, attribute: number, value: number): number {
    const weights = this.prior[attribute]!.map((w, j) => (j === value ? 0 : w));
    return rng.categorical(weights);
  }

  /** True when (attribute, value token) is a true claim about the entity: the exact oracle T. */
  isTrue(entity: number, claim: Claim): boolean {
    const e = this.entities[entity]!;
    if (this.vocab.ownerOf(claim.valueToken) !== claim.attribute) return false;
    return this.vocab.valueIndex(claim.valueToken) === e.truth[claim.attribute];
  }

  /** The full true bio (all attributes) as claims, in the given attribute order. */
  trueClaims(entity: number, order?: readonly number[]): Claim[] {
    const e = this.entities[entity]!;
    const attributes = order ?? e.truth.map((_, a) => a);
    return attributes.map((a) => ({ attribute: a, valueToken: this.vocab.valueToken(a, e.truth[a]!) }));
  }

  byTier(tier: number, split?: Split): number[] {
    return this.tierMembers[tier]!.filter((id) => split === undefined || this.entities[id]!.split === split);
  }

  ids(split: Split): number[] {
    return this.entities.filter((e) => e.split === split).map((e) => e.id);
  }

  /**
   * The documents of one pretraining step: a pure function of (seed, step), so a resumed run sees
   * exactly the stream an uninterrupted one would have (brief §4.2).
   */
  documentsAt(step: number, count: number, stream = 'pretrain'): Document[] {
    const rng = new Rng(`world-${this.seed}/${stream}/${step}`);
    return Array.from({ length: count }, () => this.document(rng));
  }

  private document(rng: Rng): Document {
    const config = this.config;
    const k = config.minAttrsPerDoc + rng.int(config.maxAttrsPerDoc - config.minAttrsPerDoc + 1);
    const shuffled = rng.shuffle(this.prior.map((_, a) => a));
    let name: number[];
    let values: number[];
    let entity = -1;
    let corrupted = false;
    if (rng.bernoulli(config.longTailFrac) || this.tierWeights.every((w) => w === 0)) {
      // A one-off entity: a name no world entity uses (the unseen tier included), facts from the prior.
      name = this.freshName(rng);
      values = this.prior.map((weights) => rng.categorical(weights));
    } else {
      const tier = rng.categorical(this.tierWeights);
      const members = this.tierMembers[tier]!;
      entity = members[rng.int(members.length)]!;
      const e = this.entities[entity]!;
      corrupted = rng.bernoulli(config.corruptFrac);
      name = e.name;
      values = corrupted ? e.misconception : e.truth;
    }
    const attributes = this.orderAttributes(shuffled, entity, k);
    const tokens = [BOS, ...name];
    for (const a of attributes)
      tokens.push(this.vocab.attributeToken(a), this.vocab.valueToken(a, values[a]!));
    tokens.push(EOS);
    return { tokens, entity, corrupted, attributes };
  }

  /**
   * The k attributes of a document, in order. With world.leadAttribute a world entity's fixed lead
   * attribute comes first, right after the name: the token after the name is then a function of the
   * entity, so predicting it forces an entity lookup at the last name token — the position where the
   * fine-tuned model later decides to abstain (issue 15). One-off entities keep a random first
   * attribute, so the lead is learnable only for entities the stream repeats.
   */
  private orderAttributes(shuffled: readonly number[], entity: number, k: number): number[] {
    if (!this.config.leadAttribute || entity < 0) return shuffled.slice(0, k);
    const lead = this.entities[entity]!.lead;
    return [lead, ...shuffled.filter((a) => a !== lead)].slice(0, k);
  }

  /**
   * Per (entity, attribute): how many clean and corrupted mentions the first `steps` steps of the
   * stream held (brief §3.4: calibration is split by clean vs corrupted pairs).
   */
  mentionCounts(steps: number, batchSize: number): { clean: number[][]; corrupted: number[][] } {
    const zeros = () => this.entities.map(() => this.prior.map(() => 0));
    const clean = zeros();
    const corrupted = zeros();
    for (let step = 0; step < steps; step++) {
      for (const doc of this.documentsAt(step, batchSize)) {
        if (doc.entity < 0) continue;
        const table = doc.corrupted ? corrupted : clean;
        for (const a of doc.attributes) table[doc.entity]![a]! += 1;
      }
    }
    return { clean, corrupted };
  }
}

export function createWorld(config: WorldConfig, seed: number): World {
  return new World(config, seed);
}
