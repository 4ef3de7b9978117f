// The paper's GPT-3 experts replayed offline (§6, §9.4): the cached numeric answers of
// text-davinci-002/-003 on insurance's undirected edges, about 16 phrasings per pair. Each run
// draws one phrasing per edge; the answer is the likelier direction and L_e its probability.
import { readFileSync } from 'node:fs';
import type { Rng } from 'core-tensor';
import type { ScoredAnswer } from './calibration.js';
import type { Mec } from './mec.js';
import type { Report } from './posterior.js';

export interface CachedPairAnswer {
  varA: string;
  varB: string;
  /** P(varA causes varB). */
  pAB: number;
}

/** Reads `var_a,var_b,p_a_causes_b,p_b_causes_a` rows; a malformed row names its line. */
export function parseAnswerCsv(text: string, source = 'answers CSV'): CachedPairAnswer[] {
  const lines = text.trim().split(/\r?\n/);
  const header = lines[0]?.trim();
  if (header !== 'var_a,var_b,p_a_causes_b,p_b_causes_a')
    throw new Error(
      `${source} line 1: expected header 'var_a,var_b,p_a_causes_b,p_b_causes_a', found '${header}'`,
    );
  return lines.slice(1).map((line, i) => {
    const [varA, varB, pAB, pBA] = line.split(',');
    const a = Number(pAB);
    const b = Number(pBA);
    if (!varA || !varB || !(a >= 0 && a <= 1) || !(b >= 0 && b <= 1) || Math.abs(a + b - 1) > 1e-6)
      throw new Error(
        `${source} line ${i + 2}: expected 'name,name,p,1−p' with p in [0, 1], found '${line}'`,
      );
    return { varA, varB, pAB: a };
  });
}

export function readAnswerCsv(path: string): CachedPairAnswer[] {
  return parseAnswerCsv(readFileSync(path, 'utf8'), path);
}

/** Per U-edge, the cached P(reference arc) of every phrasing. A U-edge with no answer is an error. */
export function answersByEdge(mec: Mec, rows: readonly CachedPairAnswer[]): number[][] {
  const names = mec.pdag.names;
  return mec.edges.map((edge) => {
    const from = names[edge.from]!;
    const to = names[edge.to]!;
    const values = rows.flatMap((row) => {
      if (row.varA === from && row.varB === to) return [row.pAB];
      if (row.varA === to && row.varB === from) return [1 - row.pAB];
      return [];
    });
    if (values.length === 0) throw new Error(`no cached answer for the edge ${from}–${to}`);
    return values;
  });
}

/** One replayed report: a phrasing drawn per edge. `truth[e]` = 1 when the reference arc is true. */
export function replayReport(rng: Rng, byEdge: readonly number[][], truth: Uint8Array): Report {
  const m = byEdge.length;
  const reported = new Uint8Array(m);
  const likelihood = new Float64Array(m);
  byEdge.forEach((values, e) => {
    const pReference = rng.choice(values);
    const pTrue = truth[e] ? pReference : 1 - pReference;
    reported[e] = pReference > 0.5 ? 1 : 0;
    likelihood[e] = Math.max(pTrue, 1 - pTrue); // §2.3 LLM expert: the model's probability of its chosen option
  });
  return { reported, likelihood };
}

/** Every cached answer scored against the true arc, for the calibration report. */
export function scoredAnswers(mec: Mec, byEdge: readonly number[][]): ScoredAnswer[] {
  const names = mec.pdag.names;
  return byEdge.flatMap((values, e) => {
    const edge = mec.edges[e]!;
    return values.map((pTrue) => ({ edge: `${names[edge.from]}→${names[edge.to]}`, pTrue }));
  });
}
