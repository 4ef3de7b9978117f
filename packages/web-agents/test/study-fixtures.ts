// Small observations, samples and episodes shared by the student-level tests: four buttons stacked
// 20 px apart on a click-button page.
import { act } from '../src/actions/action.js';
import { emptyHistory, encodeAction, featurise } from '../src/data/featurise.js';
import type { Episode } from '../src/data/trace.js';
import type { El, Obs } from '../src/env/obs.js';
import { encodeThought, type Sample } from '../src/student/batch.js';
import { element } from './elements.js';

export const buttonNames = ['Amber', 'Basin', 'Cobalt', 'Drift'];

const el = (bid: string, role: string, name: string): El =>
  element(bid, role, name, { clickable: true, bbox: [0, Number(bid) * 20, 100, 18] });

export function buttonsObs(target: string, step = 0): Obs {
  return {
    goal: `Click on the "${target}" button.`,
    url: 'http://127.0.0.1/t/click-button/0/index.html',
    step,
    elements: buttonNames.map((name, i) => el(String(i), 'button', name)),
    focusedBid: null,
    lastAction: null,
    lastActionError: null,
    pageState: null,
  };
}

/** One sample per button: click it, with the thought "start, sub-goal = that button". */
export function buttonSamples(): Sample[] {
  return buttonNames.map((target, i) => {
    const fo = featurise(buttonsObs(target), emptyHistory());
    const encoded = encodeAction(act.click(String(i)), fo);
    if (!encoded.ok) throw new Error('not encodable');
    return {
      fo,
      target: encoded.target,
      thought: encodeThought({ progress: 'start', subgoalBid: String(i) }, fo),
    };
  });
}

/** A successful oracle episode of `steps` clicks on button `target`. */
export function clickEpisode(seed: number, steps: number, target = 0): Episode {
  const obs = buttonsObs(buttonNames[target]!);
  const action = `click('${target}')`;
  return {
    key: `collect-oracle/click-button/${seed}`,
    phase: 'collect-oracle',
    task: 'click-button',
    seed,
    policy: 'oracle',
    ckpt: null,
    evalMode: null,
    goal: obs.goal,
    htmlHash: 'h',
    steps: Array.from({ length: steps }, (_, k) => ({
      obs: { ...obs, step: k },
      action,
      parsed: act.click(String(target)),
      thought: null,
      oracleCanonical: action,
      oracleValid: [action],
      oracleThought: null,
      reward: k === steps - 1 ? 1 : 0,
      error: null,
      ms: 1,
    })),
    finalObs: null,
    rawReward: 1,
    success: 1,
    strictSuccess: 1,
    nSteps: steps,
    truncated: false,
    endReason: 'task',
    error: null,
    attempts: 1,
    timings: { totalMs: 1 },
    versions: { chromium: '1', playwright: '1' },
  };
}
