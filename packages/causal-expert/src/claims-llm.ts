// Claims on the paper's GPT-3 expert, replayed from its cached answers (§9.1 C6, C7).
import { bootstrap, type EffectClaim, gate, meanOf } from 'lab';
import { expectedCalibrationError, fmt } from './claim-stats.js';
import type { ClaimUnits } from './claim-units.js';
import type { Summary } from './summary.js';

const engines = ['text-davinci-003', 'text-davinci-002'] as const;

/**
 * The brief's §9.4 reference re-analysis matches `corrected-product` (report-keyed, product
 * confidence): its 002 S_risk η = 0.1 cell, 31.3 / 14.6 / 0.77 / 0.93, is that preset's, not the
 * exact-confidence one's. C6 measures under the same preset.
 */
const c6Semantics = 'corrected-product';

const reference: Record<(typeof engines)[number], string> = {
  'text-davinci-003': 'SHD 1.9 vs 8.4',
  'text-davinci-002': 'SHD 14.6 vs 9.1',
};

export const c6: EffectClaim<Summary, ClaimUnits>[] = engines.map((engine) => ({
  id: `C6-${engine.slice(-3)}`,
  statement: `With an LLM expert (${engine}, cached insurance answers), the amended output beats following it blindly`,
  paper: `not confirmed; re-analysis of the official caches under ${c6Semantics} S_risk η = 0.1 (brief §9.4): ${reference[engine]} naive wrong`,
  effect: {
    quantity: `naive SHD − amended SHD per replayed run (${c6Semantics}, S_risk, η = 0.1)`,
    unit: 'run',
    smallest: 1, // [ours] one edge fewer wrong
  },
  measure(_summary, units) {
    const pick = (semantics: string) =>
      units.replayRuns.filter(
        (r) => r.engine === engine && r.semantics === semantics && r.strategy === 'risk' && r.eta === 0.1,
      );
    const runs = pick(c6Semantics);
    const exact = pick('corrected');
    const cellText = (list: typeof runs) =>
      `SHD ${fmt(
        meanOf(list, (r) => r.shd),
        2,
      )} (|M'| ${fmt(
        meanOf(list, (r) => r.mecSize),
        2,
      )}, kept ${fmt(
        meanOf(list, (r) => r.kept),
        2,
      )}, claimed ${fmt(
        meanOf(list, (r) => r.confidence),
        2,
      )})`;
    return {
      ...bootstrap(runs, (s) => meanOf(s, (r) => r.naiveShd - r.shd), { seed: `C6-${engine}` }),
      gates: [gate('replayed-runs', runs.length, { atLeast: 1 })],
      measured: runs.length
        ? `${c6Semantics}: ${cellText(runs)} vs naive ${fmt(
            meanOf(runs, (r) => r.naiveShd),
            2,
          )} wrong; corrected (exact): ${exact.length ? cellText(exact) : 'not run'}`
        : `no cached ${engine} runs under ${c6Semantics} in this run`,
    };
  },
}));

export const c7: EffectClaim<Summary, ClaimUnits>[] = engines.map((engine) => ({
  id: `C7-${engine.slice(-3)}`,
  statement: `LLM confidences are miscalibrated (${engine}) [ours]`,
  paper:
    engine === 'text-davinci-003'
      ? 'not a paper claim (re-analysis of 003: 243 of 282 answers in [0.95, 1] at accuracy 0.56)'
      : 'not a paper claim (the brief gives no calibration figures for 002)',
  effect: {
    quantity:
      'expected calibration error over the cached answers (bins [0.5, 0.6), [0.6, 0.8), [0.8, 0.95), [0.95, 1])',
    unit: 'answer',
    smallest: 0.1, // the brief's C7 rule: ECE ≥ 0.1
  },
  measure(_summary, units) {
    const answers = units.answers.filter((a) => a.engine === engine);
    const top = answers.filter((a) => Math.max(a.pTrue, 1 - a.pTrue) >= 0.95);
    const topAccuracy = meanOf(top, (a) => (a.pTrue > 0.5 ? 1 : 0));
    return {
      ...bootstrap(answers, expectedCalibrationError, { seed: `C7-${engine}` }),
      gates: [gate('answers', answers.length, { atLeast: 50 })], // [ours] fewer leave the bins nearly empty
      measured: `ECE ${fmt(expectedCalibrationError(answers))} over ${answers.length} answers; [0.95, 1] bin: ${top.length} answers at accuracy ${fmt(topAccuracy, 2)}`,
    };
  },
}));
