import { describe, expect, test } from 'vitest';
import { arcCount, parameterCount, parseBif, writeBif } from '../src/bif.js';
import { loadNetwork, networkNames } from '../src/oracle.js';

// §2.2 reference facts: nodes, arcs, params.
const expected: Record<string, [number, number, number]> = {
  asia: [8, 8, 18],
  cancer: [5, 4, 10],
  earthquake: [5, 4, 10],
  survey: [6, 6, 21],
  sachs: [11, 17, 178],
  child: [20, 25, 230],
  insurance: [27, 52, 1008],
  alarm: [37, 46, 509],
  water: [32, 66, 10083],
  hailfinder: [56, 66, 2656],
  hepar2: [70, 123, 1453],
  win95pts: [76, 112, 574],
};

describe('BIF reader', () => {
  test.each(networkNames)('%s parses to the exact node, arc and parameter counts', (name) => {
    const net = loadNetwork(name);
    expect([net.nodes.length, arcCount(net), parameterCount(net)]).toEqual(expected[name]);
  });

  test.each(networkNames)('%s: writing and re-parsing gives the same network', (name) => {
    const net = loadNetwork(name);
    const again = parseBif(writeBif(net));
    expect(again.nodes.map((n) => [n.name, n.states, n.parents])).toEqual(
      net.nodes.map((n) => [n.name, n.states, n.parents]),
    );
    for (const [i, node] of again.nodes.entries())
      expect(Array.from(node.cpt)).toEqual(Array.from(net.nodes[i]!.cpt));
  });

  test('keyed rows land at the parent configuration they name', () => {
    const net = loadNetwork('asia');
    const either = net.nodes.find((n) => n.name === 'either')!;
    // probability ( either | lung, tub ): (no, yes) 1.0, 0.0 and (no, no) 0.0, 1.0
    expect(Array.from(either.cpt.subarray(2 * 2, 3 * 2))).toEqual([1, 0]); // lung=no(1), tub=yes(0) → row 1·2+0
    expect(Array.from(either.cpt.subarray(3 * 2, 4 * 2))).toEqual([0, 1]);
  });

  const header =
    'network x {\n}\nvariable a {\n  type discrete [ 2 ] { y, n };\n}\nvariable b {\n  type discrete [ 2 ] { y, n };\n}\n';
  test('an unkeyed table for a node with parents is rejected with the line', () => {
    const text = `${header}probability ( a ) {\n  table 0.5, 0.5;\n}\nprobability ( b | a ) {\n  table 0.1, 0.9, 0.2, 0.8;\n}\n`;
    expect(() => parseBif(text)).toThrow(/line 13: expected keyed rows .*unkeyed 'table' is not supported/);
  });
  test('a malformed probability names the line and the value', () => {
    const text = `${header}probability ( a ) {\n  table 0.5, abc;\n}\n`;
    expect(() => parseBif(text)).toThrow(/line 10: expected a non-negative probability, found 'abc'/);
  });
  test('an unknown parent state names the valid states', () => {
    const text = `${header}probability ( a ) {\n  table 0.5, 0.5;\n}\nprobability ( b | a ) {\n  (maybe) 0.1, 0.9;\n}\n`;
    expect(() => parseBif(text)).toThrow(/line 13: expected a state of 'a' \(one of y, n\)/);
  });
  test('a missing row and a missing block are errors', () => {
    const missingRow = `${header}probability ( a ) {\n  table 0.5, 0.5;\n}\nprobability ( b | a ) {\n  (y) 0.1, 0.9;\n}\n`;
    expect(() => parseBif(missingRow)).toThrow(/a row for every parent configuration of 'b'/);
    const missingBlock = `${header}probability ( a ) {\n  table 0.5, 0.5;\n}\n`;
    expect(() => parseBif(missingBlock)).toThrow(/none for b/);
  });
  test('a wrong number of probabilities is an error', () => {
    const text = `${header}probability ( a ) {\n  table 0.2, 0.3, 0.5;\n}\n`;
    expect(() => parseBif(text)).toThrow(/line 10: expected 2 probabilities for 'a'/);
  });
});
