// The off-support share of brief §7.5 compares state signatures across episodes run by different
// workers: a signature must not depend on the task server's port or on the episode nonce.
import { describe, expect, test } from 'vitest';
import type { Obs } from '../src/env/obs.js';
import { stateSignature } from '../src/eval/off-policy.js';

const obs = (url: string, value: string): Obs => ({
  goal: 'g',
  url,
  step: 0,
  elements: [
    {
      bid: '0',
      tag: 'input',
      role: 'textbox',
      name: '',
      text: '',
      value,
      checked: null,
      selected: false,
      disabled: false,
      editable: true,
      clickable: true,
      visible: true,
      focused: false,
      bbox: [0, 0, 10, 10],
      depth: 1,
      parentBid: null,
      domId: 'p1',
    },
  ],
  focusedBid: null,
  lastAction: null,
  lastActionError: null,
  pageState: null,
});

describe('state signature', () => {
  test('same page and form state from two workers (ports, nonces) → same signature', () => {
    const a = stateSignature(obs('http://127.0.0.1:37955/t/enter-password/7/index.html?nonce=a', 'x'));
    const b = stateSignature(obs('http://127.0.0.1:38191/t/enter-password/7/index.html?nonce=b', 'x'));
    expect(a).toBe(b);
    expect(stateSignature(obs('http://127.0.0.1:1/t/enter-password/7/index.html', 'y'))).not.toBe(a);
    expect(stateSignature(obs('http://127.0.0.1:1/t/enter-password/8/index.html', 'x'))).not.toBe(a);
  });
});
