// Brief §9 A1 and A2: the shipped TFBind8 table and its split.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { codeLetters, codeToDna, dnaToCode, sequenceCode } from '../src/encoding.js';
import { makeTask } from '../src/task.js';
import {
  DataFileError,
  defaultTfbind8Path,
  readTfbind8Scores,
  reverseComplementCode,
} from '../src/tfbind8.js';

const scores = readTfbind8Scores();

describe('TFBind8 data (A1)', () => {
  test('sha256 and size match the brief', () => {
    const bytes = readFileSync(defaultTfbind8Path);
    expect(bytes.length).toBe(262_144);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      '2799e31eff95d9797f9b95bf27443bcfb4d0bf091850d56cf378c6412ca1041a',
    );
    expect(scores.length).toBe(65_536);
  });

  test('spot values, extremes and the code of aggtatca', () => {
    expect(dnaToCode('aggtatca')).toBe(7400);
    expect(codeToDna(7400)).toBe('aggtatca');
    expect(dnaToCode('acgtacgt')).toBe(58_596);
    expect(scores[dnaToCode('aaaaaaaa')]).toBeCloseTo(0.52474952, 6);
    expect(scores[dnaToCode('acgtacgt')]).toBeCloseTo(0.45565498, 6);
    expect(scores[dnaToCode('aggtatca')]).toBe(1);
    expect(scores[dnaToCode('tgatacct')]).toBe(1);
    expect(scores[dnaToCode('ggccggcc')]).toBe(0);
  });

  test('reverse-complement symmetry holds for every 8-mer', () => {
    for (let code = 0; code < 65_536; code++) expect(scores[reverseComplementCode(code)]).toBe(scores[code]);
  });

  test('encode/decode round-trips every code', () => {
    for (let code = 0; code < 65_536; code++) expect(sequenceCode(codeLetters(code, 8, 4), 4)).toBe(code);
  });

  test('a truncated or corrupt file is a clear error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mbo-tf-'));
    const truncated = join(dir, 'short.bin');
    writeFileSync(truncated, readFileSync(defaultTfbind8Path).subarray(0, 1000));
    expect(() => readTfbind8Scores(truncated)).toThrow(/1000 bytes; expected 262144/);
    const corrupt = join(dir, 'corrupt.bin');
    const bytes = Buffer.from(readFileSync(defaultTfbind8Path));
    bytes[17] = bytes[17]! ^ 0xff;
    writeFileSync(corrupt, bytes);
    expect(() => readTfbind8Scores(corrupt)).toThrow(DataFileError);
    expect(() => readTfbind8Scores(corrupt)).toThrow(/sha256/);
    expect(() => makeTask('tfbind8-v0', { tfbind8Path: join(dir, 'missing.bin') })).toThrow(/cannot be read/);
  });
});

describe('TFBind8 split (A2)', () => {
  const task = makeTask('tfbind8-v0');
  const split = task.split({ seed: 42 });

  test('D_train is the 32,768 lowest, threshold by rank', () => {
    expect(split.trainIndex.length).toBe(32_768);
    expect(split.threshold).toBeCloseTo(0.43929616, 6);
    const upperMin = Math.min(
      ...Array.from(split.validIndex, (i) => scores[i]!),
      ...Array.from(split.testIndex, (i) => scores[i]!),
    );
    expect(upperMin).toBeGreaterThan(split.threshold);
    const mean = split.trainLabels.reduce((s, y) => s + y, 0) / split.trainLabels.length;
    expect(mean).toBeCloseTo(0.3262, 3);
  });

  test('disjoint, covering, and no reverse-complement orbit crosses D_valid / D_test', () => {
    const seen = new Set<number>([...split.trainIndex, ...split.validIndex, ...split.testIndex]);
    expect(seen.size).toBe(65_536);
    expect(split.trainIndex.length + split.validIndex.length + split.testIndex.length).toBe(65_536);
    expect([16_384, 16_385]).toContain(split.validIndex.length);
    const valid = new Set(split.validIndex);
    for (const code of split.testIndex) expect(valid.has(reverseComplementCode(code))).toBe(false);
  });

  test('reproducible by seed, different for another seed', () => {
    const again = task.split({ seed: 42 });
    expect(Array.from(again.validIndex)).toEqual(Array.from(split.validIndex));
    const other = task.split({ seed: 7 });
    expect(Array.from(other.validIndex)).not.toEqual(Array.from(split.validIndex));
  });

  test('the plain shuffle (groupReverseComplement false) lets orbits cross', () => {
    const plain = makeTask('tfbind8-v0', { groupReverseComplement: false }).split({ seed: 42 });
    expect(plain.validIndex.length).toBe(16_384);
    const valid = new Set(plain.validIndex);
    expect(Array.from(plain.testIndex).some((code) => valid.has(reverseComplementCode(code)))).toBe(true);
  });
});
