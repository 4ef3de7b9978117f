// The default task lists (issue 17 point 8): empty `tasks.train` / `tasks.heldOut` mean the original
// 26-task suite, split by meta.heldOut; `tasks.breadth` adds the nine breadth tasks; an explicit
// list may name any registered task, a breadth task too.
import { parseSetFlags, resolveConfig } from 'lab';
import { describe, expect, it } from 'vitest';
import { heldOutTasks, trainTasks, WebAgentsConfig } from '../src/config.js';
import { experiment } from '../src/experiment.js';
import { breadthTaskIds } from '../src/tasks/registry.js';

const originalTrain = [
  'click-button',
  'click-dialog',
  'click-option',
  'focus-text',
  'enter-text',
  'enter-password',
  'login-user',
  'enter-date',
  'use-autocomplete',
  'read-table',
  'find-word',
  'click-checkboxes',
  'click-button-sequence',
  'click-collapsible-2',
  'click-tab-2',
  'navigate-tree',
  'email-inbox',
  'search-engine',
  'book-flight',
  'create-record',
];
const originalHeldOut = [
  'click-link',
  'click-tab',
  'choose-list',
  'copy-paste',
  'social-media',
  'filter-list',
];

describe('default task lists', () => {
  it('are the original 26 tasks, in suite order, with tasks.breadth off (the default)', () => {
    const config = WebAgentsConfig.parse({});
    expect(config.tasks.breadth).toBe(false);
    expect(trainTasks(config)).toEqual(originalTrain);
    expect(heldOutTasks(config)).toEqual(originalHeldOut);
  });

  it.each(['default', 'paper'])('preset %s uses the original 26', (preset) => {
    const config = resolveConfig(experiment.config, experiment.presets, preset, {});
    expect(trainTasks(config)).toEqual(originalTrain);
    expect(heldOutTasks(config)).toEqual(originalHeldOut);
  });

  it('tasks.breadth adds exactly the nine breadth tasks, split by their own meta.heldOut', () => {
    const config = WebAgentsConfig.parse({ tasks: { breadth: true } });
    const heldOutBreadth = ['login-user-popup', 'phone-book', 'drag-items'];
    expect(breadthTaskIds).toHaveLength(9);
    expect(trainTasks(config)).toEqual([
      ...originalTrain,
      ...breadthTaskIds.filter((id) => !heldOutBreadth.includes(id)),
    ]);
    expect(heldOutTasks(config)).toEqual([...originalHeldOut, ...heldOutBreadth]);
  });

  it('--set tasks.train with a breadth task parses and is used as given', () => {
    const overrides = parseSetFlags(experiment.config, ['tasks.train=["form-wizard","click-button"]']);
    const config = resolveConfig(experiment.config, experiment.presets, 'smoke', overrides);
    expect(trainTasks(config)).toEqual(['form-wizard', 'click-button']);
    expect(() =>
      resolveConfig(experiment.config, experiment.presets, 'smoke', { 'tasks.train': ['form-wizzard'] }),
    ).toThrow(/unknown task 'form-wizzard'/);
  });
});
