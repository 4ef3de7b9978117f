// The package as a user imports it (issue 18 point 1): by name, end to end on a tiny network.

import * as ce from 'causal-expert';
import { Rng } from 'core-tensor';
import { describe, expect, test } from 'vitest';

// A chain a → b → c (its class: a–b–c undirected, 3 DAGs) and a collider d → e ← f.
const bif = `network tiny {
}
variable a {
  type discrete [ 2 ] { yes, no };
}
variable b {
  type discrete [ 2 ] { yes, no };
}
variable c {
  type discrete [ 2 ] { yes, no };
}
probability ( a ) {
  table 0.4, 0.6;
}
probability ( b | a ) {
  (yes) 0.9, 0.1;
  (no) 0.2, 0.8;
}
probability ( c | b ) {
  (yes) 0.85, 0.15;
  (no) 0.1, 0.9;
}
`;

describe("the public API, imported as 'causal-expert'", () => {
  test('BIF → sample → PC-stable → edges file → class → ε-expert → amendment → DOT and SVG', async () => {
    const net = ce.parseBif(bif, 'tiny.bif');
    expect([net.nodes.length, ce.arcCount(net), ce.parameterCount(net)]).toEqual([3, 2, 5]);

    const data = ce.sampleDiscrete(net, 2000, new Rng('public-api'));
    expect(data.levels).toEqual([2, 2, 2]);
    const result = ce.discoverGraph({ kind: 'discrete', data }, { test: 'g2-pcalg', alpha: 0.01 });
    // A chain has no v-structure: PC finds the skeleton a–b–c, both edges undirected.
    expect(ce.sortedEdgeLines(result.pdag)).toEqual(['a -- b', 'b -- c']);
    // By hand: level 0 tests the 6 ordered pairs (all dependent); level 1 tests a⊥b|c, a⊥c|b
    // (a–c goes), b⊥a|c, b⊥c|a and c⊥b|a (c–a is gone); every neighbour set then has 1 node, so
    // PC stops: 6 + 5 = 11 tests.
    expect(result.skeleton.ntests).toBe(11);

    const text = ce.formatEdges(result.pdag, 'tiny', result.skeleton.ntests);
    const back = ce.parseEdgesFile(text, 'tiny.edges');
    expect(back.ntests).toBe(result.skeleton.ntests);
    expect(Array.from(back.pdag.marks)).toEqual(Array.from(result.pdag.marks));

    const cls = ce.amendableClass(back.pdag);
    expect([cls.repair, cls.mec.m, cls.mec.size]).toEqual(['none', 2, 3]);
    const truth = ce.dagFromBayesNet(net);
    // ε = 0: every answer right, so the amendment keeps only the true chain.
    const report = ce.epsilonExpertReport(cls.mec, truth, 0, new Rng('expert'));
    const amendment = ce.amendClass(cls.mec, report, 0.1);
    expect(amendment.kept.length).toBe(1);
    expect(amendment.confidence).toBeGreaterThan(0.9);
    expect(
      ce
        .arcsOf(amendment.dag)
        .map(([from, to]) => `${truth.names[from]}->${truth.names[to]}`)
        .sort(),
    ).toEqual(['a->b', 'b->c']);

    const dot = ce.formatDot(amendment.amended, { label: ['tiny'] });
    expect(dot).toContain('"a" -> "b";');
    const svg = await ce.svgOfDot(dot);
    expect(svg).toMatch(/^<\?xml/);
    for (const name of ['a', 'b', 'c']) expect(svg).toContain(`<title>${name}</title>`);
  });

  test('declared levels flow from a network into the data and the G² degrees of freedom', () => {
    const declared = ce.declaredFromNetwork(ce.parseBif(bif, 'tiny.bif'), 'tiny.bif');
    // Column c never takes its second state here; declared, it still has 2 levels.
    const data = ce.discreteFromCsv('a,b,c\nyes,yes,yes\nno,no,yes\nyes,no,yes\n', 'tiny.csv', declared);
    expect(data.levels).toEqual([2, 2, 2]);
    const observed = ce.discreteFromCsv('a,b,c\n0,0,0\n1,1,0\n0,1,0\n', 'tiny.csv');
    expect(observed.levels).toEqual([2, 2, 1]);
    // df = (L_a − 1)(L_b − 1) L_c: 2 with the declared count, 1 with the observed one.
    expect(new ce.DiscreteCiTest(data, 'g2-bnlearn').degreesOfFreedom(0, 1, [2])).toBe(2);
    expect(new ce.DiscreteCiTest(observed, 'g2-bnlearn').degreesOfFreedom(0, 1, [2])).toBe(1);
  });

  test('strict input surfaces as InputFileError with file, line and column', () => {
    let caught: unknown;
    try {
      ce.parseBif(bif.replace('table 0.4, 0.6;', 'table 0.3, 0.3;'), 'tiny.bif');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ce.InputFileError);
    const error = caught as InstanceType<typeof ce.InputFileError>;
    expect([error.file, error.line, error.column]).toEqual(['tiny.bif', 13, 9]);
  });
});
