// The world's tokens, the exact claim parser CS(y) and an English renderer (brief §3.2, §3.5) [O].
// Layout: <pad> <bos> <eos> <idk>, the syllables, the attribute tokens, the value tokens (each value
// owned by one attribute), <bio>. Biographies at default sizes: 4 + 24 + 6 + 78 + 1 = 113 tokens.
import { type AttributeSpec, SCHEMAS } from './schemas.js';

export const PAD = 0;
export const BOS = 1;
export const EOS = 2;
export const IDK = 3;

/** One (attribute, value) claim; `value` is a value index inside its own attribute when well-formed. */
export interface Claim {
  attribute: number;
  /** Token id of the value (keeps malformed values, which belong to another attribute). */
  valueToken: number;
}

export interface ParsedAnswer {
  abstained: boolean;
  claims: Claim[];
  /** Claims whose value token belongs to another attribute (always false claims). */
  malformed: number;
  /** Tokens that are neither an attribute followed by a value nor <eos>. */
  stray: number;
}

export class Vocab {
  readonly syllableStart = 4;
  readonly attributeStart: number;
  readonly valueStart: number;
  readonly bio: number;
  readonly size: number;
  /** First value token of each attribute. */
  readonly valueOffsets: number[];
  private readonly ownerOfValue: number[];

  constructor(
    readonly attributeSizes: readonly number[],
    readonly syllables: number,
    /** Names and sentences of the attributes, for reports only (brief §3.2 renderer). */
    readonly schema: readonly AttributeSpec[] = SCHEMAS.bios,
  ) {
    this.attributeStart = this.syllableStart + syllables;
    this.valueStart = this.attributeStart + attributeSizes.length;
    this.valueOffsets = [];
    this.ownerOfValue = [];
    let next = this.valueStart;
    for (const [attribute, size] of attributeSizes.entries()) {
      this.valueOffsets.push(next);
      for (let j = 0; j < size; j++) this.ownerOfValue.push(attribute);
      next += size;
    }
    this.bio = next;
    this.size = next + 1;
  }

  get attributes(): number {
    return this.attributeSizes.length;
  }

  syllable(index: number): number {
    return this.syllableStart + index;
  }

  attributeToken(attribute: number): number {
    return this.attributeStart + attribute;
  }

  valueToken(attribute: number, valueIndex: number): number {
    return this.valueOffsets[attribute]! + valueIndex;
  }

  isAttribute(token: number): boolean {
    return token >= this.attributeStart && token < this.valueStart;
  }

  isValue(token: number): boolean {
    return token >= this.valueStart && token < this.bio;
  }

  /** The attribute that owns a value token. */
  ownerOf(valueToken: number): number {
    const owner = this.ownerOfValue[valueToken - this.valueStart];
    if (owner === undefined) throw new Error(`token ${valueToken} is not a value token`);
    return owner;
  }

  /** The value index of a value token inside its own attribute. */
  valueIndex(valueToken: number): number {
    return valueToken - this.valueOffsets[this.ownerOf(valueToken)]!;
  }

  /** Claim tokens `a v` for a list of claims. */
  claimTokens(claims: readonly Claim[]): number[] {
    return claims.flatMap((claim) => [this.attributeToken(claim.attribute), claim.valueToken]);
  }

  /**
   * The claim splitter CS (brief §3.5): after the name, an attribute token followed by a value token
   * is a claim; a value of another attribute is a malformed (false) claim; an identical repeated pair
   * counts once; the same attribute with another value is a second claim; other tokens are stray;
   * <idk> as the first token is abstention. Parsing stops at <eos> or <pad>.
   */
  parse(answer: readonly number[]): ParsedAnswer {
    if (answer[0] === IDK) return { abstained: true, claims: [], malformed: 0, stray: 0 };
    const claims: Claim[] = [];
    const seen = new Set<string>();
    let malformed = 0;
    let stray = 0;
    for (let i = 0; i < answer.length; i++) {
      const token = answer[i]!;
      if (token === EOS || token === PAD) break;
      const next = answer[i + 1];
      if (this.isAttribute(token) && next !== undefined && this.isValue(next)) {
        const attribute = token - this.attributeStart;
        const key = `${attribute}:${next}`;
        if (!seen.has(key)) {
          seen.add(key);
          claims.push({ attribute, valueToken: next });
          if (this.ownerOf(next) !== attribute) malformed += 1;
        }
        i += 1;
      } else {
        stray += 1;
      }
    }
    return { abstained: false, claims, malformed, stray };
  }

  /** Readable token text for reports: syllables as letters, attributes and values by index. */
  tokenText(token: number): string {
    if (token === PAD) return '<pad>';
    if (token === BOS) return '<bos>';
    if (token === EOS) return '<eos>';
    if (token === IDK) return '<idk>';
    if (token === this.bio) return '<bio>';
    if (token < this.attributeStart) return syllableText(token - this.syllableStart);
    if (this.isAttribute(token)) return this.attributeName(token - this.attributeStart);
    return `${this.attributeName(this.ownerOf(token))}#${this.valueIndex(token)}`;
  }

  attributeName(attribute: number): string {
    return this.schema[attribute]?.name ?? `attr${attribute}`;
  }
}

const CONSONANTS = 'bdfgklmnprstvz';
const VOWELS = 'aeiou';

/** Pronounceable syllable for the English renderer (report examples only; never trained on). */
export function syllableText(index: number): string {
  return `${CONSONANTS[index % CONSONANTS.length]}${VOWELS[Math.floor(index / CONSONANTS.length) % VOWELS.length]}`;
}

/** One English sentence per claim, e.g. "Bakiro was born in city 3." (brief §3.2 renderer). */
export function renderAnswer(vocab: Vocab, name: string, parsed: ParsedAnswer): string {
  if (parsed.abstained) return `I don't know enough about ${name} to answer reliably.`;
  if (parsed.claims.length === 0) return `${name}.`;
  return parsed.claims
    .map((claim) => {
      const owner = vocab.ownerOf(claim.valueToken);
      const value = vocab.valueIndex(claim.valueToken);
      const sentence =
        vocab.schema[claim.attribute]?.sentence ?? ((v: number) => `has attribute ${claim.attribute} = ${v}`);
      const text = `${name} ${sentence(value)}`;
      return owner === claim.attribute ? `${text}.` : `${text} (a value of ${vocab.attributeName(owner)}).`;
    })
    .join(' ');
}
