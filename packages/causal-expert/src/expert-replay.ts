// The paper's GPT-3 experts replayed offline (§6, §9.4): the cached numeric answers of
// text-davinci-002/-003 on insurance's undirected edges, about 16 phrasings per pair. Each run
// draws one phrasing per edge; the answer is the likelier direction and L_e its probability.
// The answers-file format is also what `amend --expert answers:<csv>` reads from a user.
import { readFileSync } from 'node:fs';
import type { Rng } from 'core-tensor';
import type { ScoredAnswer } from './calibration.js';
import { InputFileError } from './input-file-error.js';
import type { Mec } from './mec.js';
import type { Report } from './posterior.js';

export interface CachedPairAnswer {
  varA: string;
  varB: string;
  /** P(varA causes varB). */
  pAB: number;
}

const answersHeader = 'var_a,var_b,p_a_causes_b,p_b_causes_a';
const answerFields = ['var_a', 'var_b', 'p_a_causes_b', 'p_b_causes_a'] as const;

/** The four cells of a row with their 1-based columns. */
function answerCells(raw: string): { text: string; column: number }[] {
  const cells: { text: string; column: number }[] = [];
  let start = 0;
  for (const piece of raw.split(',')) {
    cells.push({ text: piece.trim(), column: start + (piece.length - piece.trimStart().length) + 1 });
    start += piece.length + 1;
  }
  return cells;
}

/**
 * Reads `var_a,var_b,p_a_causes_b,p_b_causes_a` rows. Strict: an empty file, a missing or
 * non-numeric probability (never read as 0), p outside [0, 1] or p_a + p_b ≠ 1 (beyond 1e-6) is an
 * error naming the file, line and column.
 */
export function parseAnswerCsv(text: string, source = 'answers CSV'): CachedPairAnswer[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const header = lines[0]?.trim() ?? '';
  if (header !== answersHeader)
    throw new InputFileError(
      { file: source, line: 1, column: 1 },
      `header '${answersHeader}'`,
      header === '' ? '<empty file>' : header,
    );
  if (lines.length === 1)
    throw new InputFileError(
      { file: source, line: 2, column: 1 },
      'at least one answer row',
      '<end of file>',
    );
  return lines.slice(1).map((raw, i) => {
    const line = i + 2;
    const cells = answerCells(raw);
    const fail = (column: number, problem: string): never => {
      throw new InputFileError(
        { file: source, line, column },
        `'name,name,p,1−p' with p in [0, 1] (${problem})`,
        raw.trim(),
      );
    };
    if (cells.length !== 4)
      fail(cells[Math.min(cells.length, 4) - 1]!.column, `4 cells, not ${cells.length}`);
    cells.forEach((cell, j) => {
      if (cell.text === '') fail(cell.column, `${answerFields[j]} is missing`);
    });
    const [varA, varB, pAB, pBA] = [cells[0]!, cells[1]!, cells[2]!, cells[3]!];
    for (const [j, cell] of [pAB, pBA].entries()) {
      const value = Number(cell.text);
      if (!(value >= 0 && value <= 1))
        fail(cell.column, `${answerFields[j + 2]} '${cell.text}' is not in [0, 1]`);
    }
    if (Math.abs(Number(pAB.text) + Number(pBA.text) - 1) > 1e-6)
      fail(pAB.column, 'p_a_causes_b + p_b_causes_a is not 1 within 1e-6');
    return { varA: varA.text, varB: varB.text, pAB: Number(pAB.text) };
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
