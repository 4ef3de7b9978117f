// The student (brief §6; acceptance criterion 10): one training step and 200 inference steps leak no
// tensors; saveParams/loadParams round-trips give identical predictions; training lowers the loss.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, Rng } from 'core-tensor';
import { expectNoLeaks } from 'core-tensor/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { act } from '../src/actions/action.js';
import { emptyHistory, encodeAction, featurise } from '../src/data/featurise.js';
import type { El, Obs } from '../src/env/obs.js';
import { encodeThought, makeBatch, type Sample } from '../src/student/batch.js';
import { bcLoss, disposeAll, inputTensors, targetTensors } from '../src/student/loss.js';
import { Student } from '../src/student/student.js';
import { trainStudent } from '../src/student/train.js';
import { element } from './elements.js';

// Every element clickable, stacked 20 px apart.
const el = (bid: string, role: string, name: string, extra: Partial<El> = {}): El =>
  element(bid, role, name, { clickable: true, bbox: [0, Number(bid) * 20, 100, 18], ...extra });

function obsFor(target: string, step = 0): Obs {
  return {
    goal: `Click on the "${target}" button.`,
    url: 'http://127.0.0.1/t/click-button/0/index.html',
    step,
    elements: ['Amber', 'Basin', 'Cobalt', 'Drift'].map((name, i) => el(String(i), 'button', name)),
    focusedBid: null,
    lastAction: null,
    lastActionError: null,
    pageState: null,
  };
}

function samples(): Sample[] {
  return ['Amber', 'Basin', 'Cobalt', 'Drift'].map((target, i) => {
    const fo = featurise(obsFor(target), emptyHistory());
    const encoded = encodeAction(act.click(String(i)), fo);
    if (!encoded.ok) throw new Error('not encodable');
    return {
      fo,
      target: encoded.target,
      thought: encodeThought({ progress: 'start', subgoalBid: String(i) }, fo),
    };
  });
}

describe('student (wasm)', () => {
  let dir: string;
  beforeAll(async () => {
    await initBackend('wasm');
    dir = mkdtempSync(join(tmpdir(), 'wa-student-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('one training step and 200 inference steps leak no tensors', async () => {
    const student = Student.create(new Rng(2));
    const data = samples();
    await expectNoLeaks(
      () =>
        trainStudent(
          student.net,
          data,
          {
            epochs: 1,
            batchSize: 4,
            learningRate: 1e-3,
            lambda: 0.5,
            thoughtDropout: 0.5,
            clipNorm: 1,
            checkpointEpochs: [],
          },
          new Rng(3),
        ),
      'train step',
    );
    await expectNoLeaks(() => {
      for (let i = 0; i < 200; i++)
        student.decide(obsFor('Cobalt', i % 15), emptyHistory(), i % 2 === 0 ? 'think' : 'act');
    }, '200 inference steps');
    student.dispose();
  });

  // Each pool job creates or loads a student: a tensor it does not free on dispose leaks once per
  // job (two untidied initialisers did, found by the pool's leak check in `default`).
  test.each(['detectors', 'plain', 'attention'] as const)(
    'the %s student, created, saved, loaded and disposed, leaves no tensor behind',
    async (variant) => {
      await expectNoLeaks(async () => {
        const created = Student.create(new Rng(6), { variant });
        await created.save(join(dir, variant));
        created.dispose();
        const loaded = await Student.load(join(dir, variant), new Rng(7), { variant });
        loaded.dispose();
      }, `${variant} student`);
    },
  );

  test('save → load gives identical predictions; training lowers the loss', async () => {
    const student = Student.create(new Rng(4));
    const data = samples();
    const loss = () => {
      const batch = makeBatch(
        data,
        data.map(() => true),
      );
      const x = inputTensors(batch);
      const y = targetTensors(batch);
      const value = bcLoss(student.net, x, y, 0.5);
      const out = value.dataSync()[0]!;
      value.dispose();
      disposeAll(x, y);
      return out;
    };
    const before = loss();
    await trainStudent(
      student.net,
      data,
      {
        epochs: 30,
        batchSize: 4,
        learningRate: 3e-3,
        lambda: 0.5,
        thoughtDropout: 0,
        clipNorm: 1,
        checkpointEpochs: [],
      },
      new Rng(5),
    );
    expect(loss()).toBeLessThan(before);
    await student.save(dir);
    const loaded = await Student.load(dir, new Rng(99));
    for (const target of ['Amber', 'Drift']) {
      const a = student.decide(obsFor(target), emptyHistory(), 'think');
      const b = loaded.decide(obsFor(target), emptyHistory(), 'think');
      expect(b.action).toBe(a.action);
      expect(b.decision).toEqual(a.decision);
    }
    student.dispose();
    loaded.dispose();
  });
});
