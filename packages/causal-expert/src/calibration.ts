// Calibration of an expert's answers against known truth (§4.3): accuracy, Brier score, NLL, ECE,
// a reliability table over the bins [0.5, 0.6), [0.6, 0.8), [0.8, 0.95), [0.95, 1], per-edge
// accuracy and the spread across phrasings. Each answer is P(true arc); its stated confidence is
// max(P, 1 − P) and it is correct when P > 0.5.
import { meanSe } from './metrics.js';

export interface ScoredAnswer {
  /** An edge label such as 'Age→DrivingSkill' (the true arc). */
  edge: string;
  /** The probability the expert gave to the true arc. */
  pTrue: number;
}

export const reliabilityBins: readonly [number, number][] = [
  [0.5, 0.6],
  [0.6, 0.8],
  [0.8, 0.95],
  [0.95, 1],
];

export interface ReliabilityRow {
  bin: string;
  answers: number;
  /** null when the bin is empty. */
  meanConfidence: number | null;
  accuracy: number | null;
}

export interface CalibrationReport {
  answers: number;
  accuracy: number;
  brier: number;
  nll: number;
  ece: number;
  reliability: ReliabilityRow[];
  perEdge: { edge: string; answers: number; accuracy: number; meanPTrue: number; spread: number }[];
}

const clip = (p: number) => Math.min(1 - 1e-12, Math.max(1e-12, p));

export function calibrationReport(answers: readonly ScoredAnswer[]): CalibrationReport {
  if (answers.length === 0) throw new Error('calibrationReport needs at least one answer');
  const confidence = answers.map((a) => Math.max(a.pTrue, 1 - a.pTrue));
  const correct = answers.map((a) => (a.pTrue > 0.5 ? 1 : 0));
  const n = answers.length;
  const accuracy = correct.reduce<number>((s, c) => s + c, 0) / n;
  const brier = answers.reduce((s, a) => s + (1 - a.pTrue) ** 2, 0) / n;
  const nll = answers.reduce((s, a) => s - Math.log(clip(a.pTrue)), 0) / n;
  let ece = 0;
  const reliability = reliabilityBins.map(([lo, hi], b) => {
    const inBin = confidence
      .map((_, i) => i)
      .filter(
        (i) =>
          confidence[i]! >= lo &&
          (b === reliabilityBins.length - 1 ? confidence[i]! <= hi : confidence[i]! < hi),
      );
    const meanConfidence = inBin.reduce((s, i) => s + confidence[i]!, 0) / Math.max(1, inBin.length);
    const binAccuracy = inBin.reduce((s, i) => s + correct[i]!, 0) / Math.max(1, inBin.length);
    ece += (inBin.length / n) * Math.abs(binAccuracy - meanConfidence); // ECE = Σ_b (n_b/N)|acc_b − conf_b|
    return {
      bin: `[${lo}, ${hi}${b === reliabilityBins.length - 1 ? ']' : ')'}`,
      answers: inBin.length,
      meanConfidence: inBin.length > 0 ? meanConfidence : null,
      accuracy: inBin.length > 0 ? binAccuracy : null,
    };
  });
  const edges = [...new Set(answers.map((a) => a.edge))].sort();
  const perEdge = edges.map((edge) => {
    const mine = answers.filter((a) => a.edge === edge);
    const stats = meanSe(mine.map((a) => a.pTrue));
    return {
      edge,
      answers: mine.length,
      accuracy: mine.filter((a) => a.pTrue > 0.5).length / mine.length,
      meanPTrue: stats.mean,
      spread: mine.length > 1 ? stats.se * Math.sqrt(mine.length) : 0, // standard deviation across phrasings
    };
  });
  return { answers: n, accuracy, brier, nll, ece, reliability, perEdge };
}
