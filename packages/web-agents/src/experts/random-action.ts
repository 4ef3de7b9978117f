// A uniformly random well-formed action (brief §4.2 noisy-ε, and the random policy of acceptance
// criterion 4): a random verb among click / fill(random goal span) / select a random option /
// press Enter, on a random visible element. The verb list is frozen: no drag_and_drop (or any verb
// added later), since one more case would change every draw of the random policy and the noisy
// expert, and the committed `default` runs must reproduce.
import type { Rng } from 'core-tensor';
import { type Action, act } from '../actions/action.js';
import { goalTokens } from '../data/goal-tokens.js';
import type { Obs } from '../env/obs.js';

export function randomAction(obs: Obs, rng: Rng): Action {
  const visible = obs.elements.filter((el) => el.visible && el.bbox[2] > 0 && el.bbox[3] > 0);
  const pool = visible.length > 0 ? visible : obs.elements;
  if (pool.length === 0) return act.noop();
  const el = rng.choice(pool);
  switch (rng.int(4)) {
    case 0:
      return act.click(el.bid);
    case 1: {
      const tokens = goalTokens(obs.goal);
      if (tokens.length === 0) return act.click(el.bid);
      const start = rng.int(tokens.length);
      const end = Math.min(tokens.length - 1, start + rng.int(3));
      return act.fill(el.bid, obs.goal.slice(tokens[start]!.start, tokens[end]!.end));
    }
    case 2: {
      const selects = obs.elements.filter((e) => e.role === 'combobox');
      if (selects.length === 0) return act.click(el.bid);
      const select = rng.choice(selects);
      const options = obs.elements.filter((e) => e.parentBid === select.bid && e.role === 'option');
      return options.length > 0 ? act.select(select.bid, rng.choice(options).name) : act.click(el.bid);
    }
    default:
      return act.press(el.bid, 'Enter');
  }
}
