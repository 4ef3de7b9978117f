// The capability-limited expert (brief §4.2): the oracle with task-dependent blind spots, so that
// success filtering skews task coverage the way weaker LLM experts do. It never paginates, never
// uses go_back, does not expand collapsed or tabbed content (clicks the first visible link instead),
// ignores the "ends with" part in use-autocomplete (picks the first menu item), uses `fill` on a
// <select> (an execution error), gets sequence tasks in the wrong order 30 % of the time, and
// cannot drag: it clicks the element it should drag instead.
import { type Action, act, actionBid } from '../actions/action.js';
import { formatAction } from '../actions/format.js';
import type { Obs } from '../env/obs.js';
import type { Policy } from './expert.js';
import { oracleThought } from './thought.js';

function isExpander(obs: Obs, action: Action): boolean {
  if (action.verb !== 'click') return false;
  const el = obs.elements.find((e) => e.bid === action.bid);
  if (!el) return false;
  // A pagination link, or a tab / folder / section header that is not itself the goal's target.
  const isTarget = obs.goal.includes(`"${el.name}"`);
  return /^page\d$/.test(el.domId) || (['tab', 'treeitem', 'heading'].includes(el.role) && !isTarget);
}

export const limitedPolicy: Policy = {
  name: 'limited',
  act(obs, ctx) {
    const advice = ctx.advice;
    if (!advice) return { action: 'noop()', thought: null };
    let action = advice.valid[0]!;
    if (ctx.episode.wrongOrder === undefined) ctx.episode.wrongOrder = ctx.rng.bernoulli(0.3);
    if (action.verb === 'select_option') action = act.fill(action.bid, action.options[0]!);
    else if (action.verb === 'go_back') action = act.noop();
    // It cannot drag: it clicks the element it should drag, which moves nothing, so drag tasks get no
    // kept traces. Why: press-move-release is a step weaker experts fumble, no student can learn a
    // drag anyway (its verbs leave it out), and a coverage gap of this kind is what the `limited`
    // config measures. Drag tasks are opt-in breadth tasks: the committed runs never reach this.
    else if (action.verb === 'drag_and_drop') action = act.click(action.fromBid);
    else if (isExpander(obs, action)) {
      const firstLink = obs.elements.find(
        (e) =>
          e.visible && (e.role === 'link' || e.role === 'treeitem') && e.bid !== (actionBid(action) ?? ''),
      );
      if (firstLink) action = act.click(firstLink.bid);
    } else if (ctx.taskId === 'use-autocomplete' && action.verb === 'click') {
      const first = obs.elements.find((e) => e.role === 'listitem');
      if (first) action = act.click(first.bid);
    } else if (ctx.taskId === 'click-button-sequence' && ctx.episode.wrongOrder === true && obs.step === 0) {
      const two = obs.elements.find((e) => e.role === 'button' && e.name === 'TWO');
      if (two) action = act.click(two.bid);
    }
    const thought = oracleThought(obs, advice);
    return {
      action: formatAction(action),
      thought: { ...thought, subgoalBid: actionBid(action) ?? null },
    };
  },
};
