// U8: the claim parser CS(y): round trip, wrong-attribute values, repeats, <idk>, stray tokens.
import { describe, expect, it } from 'vitest';
import { EOS, IDK, Vocab } from '../src/vocab.js';

const vocab = new Vocab([16, 12, 10, 20, 8, 12], 24);

describe('vocabulary', () => {
  it('has V = 113 at the biographies schema', () => {
    expect(vocab.size).toBe(113);
    expect(vocab.bio).toBe(112);
  });
});

describe('parser', () => {
  const a = (i: number) => vocab.attributeToken(i);
  const v = (i: number, j: number) => vocab.valueToken(i, j);
  it('round-trips claims through tokens', () => {
    const claims = [
      { attribute: 2, valueToken: v(2, 3) },
      { attribute: 0, valueToken: v(0, 15) },
    ];
    const parsed = vocab.parse([...vocab.claimTokens(claims), EOS]);
    expect(parsed).toEqual({ abstained: false, claims, malformed: 0, stray: 0 });
  });
  it('a value of another attribute is a malformed (false) claim', () => {
    const parsed = vocab.parse([a(1), v(3, 0), EOS]);
    expect(parsed.claims).toEqual([{ attribute: 1, valueToken: v(3, 0) }]);
    expect(parsed.malformed).toBe(1);
  });
  it('an identical repeated pair counts once; the same attribute with another value is a second claim', () => {
    const parsed = vocab.parse([a(0), v(0, 1), a(0), v(0, 1), a(0), v(0, 2), EOS]);
    expect(parsed.claims.map((c) => c.valueToken)).toEqual([v(0, 1), v(0, 2)]);
  });
  it('<idk> first is abstention; stray tokens are skipped and counted; parsing stops at <eos>', () => {
    expect(vocab.parse([IDK, a(0), v(0, 1)]).abstained).toBe(true);
    const parsed = vocab.parse([vocab.syllable(3), a(0), a(1), v(1, 2), EOS, a(2), v(2, 0)]);
    expect(parsed.claims).toEqual([{ attribute: 1, valueToken: v(1, 2) }]);
    expect(parsed.stray).toBe(2);
  });
});
