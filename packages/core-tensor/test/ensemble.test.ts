// The model axis (issue 13): M models stacked on a leading axis train exactly as M models trained
// one by one. Equality is checked against the single-model blocks and `Adam`, on the cpu backend
// and on wasm with core-tensor's kernel fixes (the batched matmuls run through the fixed
// BatchMatMul there). Gradients are checked against finite differences on cpu, as in
// nn-gradients.test.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  Adam,
  assignModelParams,
  assignParams,
  Dense,
  disposeModule,
  Embedding,
  EnsembleAdam,
  EnsembleDense,
  EnsembleEmbedding,
  EnsembleGruCell,
  EnsembleLayerNorm,
  EnsembleLayerNormGruCell,
  EnsembleMlp,
  type EnsembleModule,
  GruCell,
  initBackend,
  LayerNormGruCell,
  loadParams,
  Mlp,
  type Module,
  modelParams,
  Rng,
  saveParams,
  stackModelParams,
  tf,
} from '../src/index.js';
import { checkVariableGradients, expectNoLeaks } from '../src/testing.js';

const rngsFor = (label: string, models: number) =>
  Array.from({ length: models }, (_, m) => new Rng(`ensemble-test/${label}/${m}`));

/** max |a − b| over max |b|: the error relative to the tensor's scale. */
function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 1e-12;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / scale);
  return worst;
}

/** The largest relative difference between model m's slice and a single block's parameters. */
function modelDifference(ensemble: EnsembleModule, model: number, single: Module): number {
  const slice = modelParams(ensemble, model);
  const variables = single.variables();
  let worst = 0;
  for (const [name, tensor] of Object.entries(slice)) {
    expect(tensor.shape, name).toEqual(variables[name]!.shape);
    worst = Math.max(worst, relativeDifference(tensor.dataSync(), variables[name]!.dataSync()));
  }
  tf.dispose(Object.values(slice));
  return worst;
}

/** Stacks per-model inputs [B, …] into [M, B, …]. */
const stacked = (parts: tf.Tensor[]) => tf.stack(parts);

describe.each(['cpu', 'wasm'] as const)('on %s', (backend) => {
  test('model m of each ensemble block starts as the single block built from rngs[m] and gives its outputs', async () => {
    await initBackend(backend);
    const models = 3;
    const x = Array.from({ length: models }, (_, m) => tf.randomNormal([5, 4], 0, 1, 'float32', 10 + m));
    const h = Array.from({ length: models }, (_, m) => tf.randomNormal([5, 6], 0, 1, 'float32', 20 + m));
    const ids = Array.from({ length: models }, (_, m) =>
      tf.tensor2d(
        [
          [m, 1, 7],
          [2, 2, 0],
        ],
        [2, 3],
        'int32',
      ),
    );
    type Built = {
      ensemble: EnsembleModule;
      outputs: tf.Tensor; // [M, …]
      alone: (m: number) => { module: Module; output: tf.Tensor };
    };
    const cases: Record<string, () => Built> = {
      EnsembleDense: () => {
        const ensemble = new EnsembleDense(4, 3, rngsFor('dense', models));
        const alone = (m: number) => {
          const module = new Dense(4, 3, rngsFor('dense', models)[m]!);
          return { module, output: module.apply(x[m]!) };
        };
        return { ensemble, outputs: ensemble.apply(stacked(x)), alone };
      },
      EnsembleMlp: () => {
        const ensemble = new EnsembleMlp([4, 8, 2], rngsFor('mlp', models), { activation: 'silu' });
        const alone = (m: number) => {
          const module = new Mlp([4, 8, 2], rngsFor('mlp', models)[m]!, { activation: 'silu' });
          return { module, output: module.apply(x[m]!) };
        };
        return { ensemble, outputs: ensemble.apply(stacked(x)), alone };
      },
      EnsembleEmbedding: () => {
        const ensemble = new EnsembleEmbedding(8, 6, rngsFor('embedding', models), { std: 1 });
        const alone = (m: number) => {
          const module = new Embedding(8, 6, rngsFor('embedding', models)[m]!, { std: 1 });
          return { module, output: module.apply(ids[m]!) };
        };
        return { ensemble, outputs: ensemble.apply(stacked(ids)), alone };
      },
      EnsembleGruCell: () => {
        const ensemble = new EnsembleGruCell(4, 6, rngsFor('gru', models));
        const alone = (m: number) => {
          const module = new GruCell(4, 6, rngsFor('gru', models)[m]!);
          return { module, output: module.apply(x[m] as tf.Tensor2D, h[m] as tf.Tensor2D) };
        };
        return {
          ensemble,
          outputs: ensemble.apply(stacked(x) as tf.Tensor3D, stacked(h) as tf.Tensor3D),
          alone,
        };
      },
      EnsembleLayerNormGruCell: () => {
        const ensemble = new EnsembleLayerNormGruCell(4, 6, rngsFor('ln-gru', models));
        const alone = (m: number) => {
          const module = new LayerNormGruCell(4, 6, rngsFor('ln-gru', models)[m]!);
          return { module, output: module.apply(x[m] as tf.Tensor2D, h[m] as tf.Tensor2D) };
        };
        return {
          ensemble,
          outputs: ensemble.apply(stacked(x) as tf.Tensor3D, stacked(h) as tf.Tensor3D),
          alone,
        };
      },
    };
    for (const [name, build] of Object.entries(cases)) {
      const { ensemble, outputs, alone } = build();
      for (let m = 0; m < models; m++) {
        const { module, output } = alone(m);
        expect(modelDifference(ensemble, m, module), `${name} model ${m} parameters`).toBe(0); // bitwise
        const got = outputs.slice(m, 1).reshape(output.shape);
        expect(
          relativeDifference(got.dataSync(), output.dataSync()),
          `${name} model ${m} output`,
        ).toBeLessThan(1e-6);
        tf.dispose([output, got]);
        disposeModule(module);
      }
      outputs.dispose();
      disposeModule(ensemble);
    }
    tf.dispose([...x, ...h, ...ids]);
  });

  test('M = 4: each model after 20 AdamW steps (per-model clipping) equals training it alone, within 1e-5 relative', async () => {
    await initBackend(backend);
    const [models, batch, sizes] = [4, 16, [6, 16, 16, 3]];
    const options = { learningRate: 1e-2, weightDecay: 0.01, clipNorm: 1 };
    const rngs = rngsFor('train', models);
    // Each model its own data; targets scaled per model so that models 2 and 3 clip at most steps
    // (their gradient norms start near 2.4 and 2.7), model 0 never does (0.6 at most).
    const x = Array.from({ length: models }, (_, m) => tf.randomNormal([batch, 6], 0, 1, 'float32', 100 + m));
    const y = Array.from({ length: models }, (_, m) =>
      tf.randomNormal([batch, 3], 0, 0.2 + m, 'float32', 200 + m),
    );
    const ensemble = new EnsembleMlp(sizes, rngs, { activation: 'tanh' });
    const adam = new EnsembleAdam(models, options);
    const [xs, ys] = [stacked(x), stacked(y)];
    const clipped = new Set<number>();
    for (let step = 0; step < 20; step++) {
      const { gradNorms } = adam.minimize(
        () => ensemble.apply(xs).sub(ys).square().mean([1, 2]),
        ensemble.variables(),
      );
      gradNorms.forEach((norm, m) => {
        if (norm > options.clipNorm) clipped.add(m);
      });
    }
    expect(clipped.size, 'some models clip').toBeGreaterThan(0);
    expect(clipped.size, 'not all models clip').toBeLessThan(models);
    expect(adam.iterations).toEqual([20, 20, 20, 20]);
    for (let m = 0; m < models; m++) {
      const single = new Mlp(sizes, rngsFor('train', models)[m]!, { activation: 'tanh' });
      const singleAdam = new Adam(options);
      for (let step = 0; step < 20; step++) {
        singleAdam.minimize(
          () => single.apply(x[m]!).sub(y[m]!).square().mean() as tf.Scalar,
          single.variables(),
        );
      }
      expect(modelDifference(ensemble, m, single), `model ${m}`).toBeLessThan(1e-5);
      singleAdam.dispose();
      disposeModule(single);
    }
    adam.dispose();
    disposeModule(ensemble);
    tf.dispose([...x, ...y, xs, ys]);
  });

  test('the mask freezes a model: parameters, moments and step count stay; later steps continue its own trajectory', async () => {
    await initBackend(backend);
    const models = 3;
    const ensemble = new EnsembleDense(3, 2, rngsFor('mask', models));
    const adam = new EnsembleAdam(models, { learningRate: 0.05 });
    const x = tf.randomNormal([models, 4, 3], 0, 1, 'float32', 7);
    // Model 2's loss is NaN: a model stopped because it diverged must stay as it was.
    const losses = () =>
      ensemble
        .apply(x)
        .square()
        .mean([1, 2])
        .mul(tf.tensor1d([1, 1, Number.NaN]));
    const active = [
      [true, true, false],
      [true, false, false],
      [true, true, false],
    ];
    const frozen = modelParams(ensemble, 2);
    adam.minimize(losses, ensemble.variables(), active[0]);
    const state = adam.state();
    const momentsBefore = state['m.kernel']!.slice(1, 1).dataSync().slice();
    const model1Before = modelParams(ensemble, 1);
    adam.minimize(losses, ensemble.variables(), active[1]); // model 1 skips this step
    expect(Array.from(modelParams(ensemble, 1).kernel!.dataSync())).toEqual(
      Array.from(model1Before.kernel!.dataSync()),
    );
    expect(Array.from(adam.state()['m.kernel']!.slice(1, 1).dataSync())).toEqual(Array.from(momentsBefore));
    adam.minimize(losses, ensemble.variables(), active[2]);
    expect(adam.iterations).toEqual([3, 2, 0]);
    const model2 = modelParams(ensemble, 2);
    for (const name of ['kernel', 'bias'])
      expect(Array.from(model2[name]!.dataSync()), `model 2 ${name}`).toEqual(
        Array.from(frozen[name]!.dataSync()),
      );
    const moments = adam.state();
    expect(Array.from(moments['v.kernel']!.slice(2, 1).dataSync()).every((v) => v === 0)).toBe(true);
    // Model 1 took 2 steps (the 1st and 3rd): the same as a single Dense trained twice on its data.
    const single = new Dense(3, 2, rngsFor('mask', models)[1]!);
    const singleAdam = new Adam({ learningRate: 0.05 });
    const x1 = x.slice(1, 1).reshape([4, 3]);
    for (let step = 0; step < 2; step++)
      singleAdam.minimize(() => single.apply(x1).square().mean() as tf.Scalar, single.variables());
    expect(modelDifference(ensemble, 1, single)).toBeLessThan(1e-6);
    tf.dispose([
      x,
      x1,
      state.step!,
      moments.step!,
      ...Object.values(frozen),
      ...Object.values(model1Before),
      ...Object.values(model2),
    ]);
    singleAdam.dispose();
    adam.dispose();
    disposeModule(single);
    disposeModule(ensemble);
  });
});

describe('per-model clipping', () => {
  test('each model is clipped by its own norm, not by the norm over all models', async () => {
    await initBackend('cpu');
    // loss_m = Σ a_m·θ_m, so g_0 = [30, 40] (‖g_0‖ = 50) and g_1 = [0.3, 0.4] (‖g_1‖ = 0.5); clip 1.
    // Per model: g_0 → [0.6, 0.8], g_1 is kept. After one step m = (1 − β₁)·g = 0.1·g.
    // Clipping by the norm over both models (‖g‖ = 50.0025) would shrink g_1 to [0.006, 0.008].
    const theta = tf.variable(tf.zeros([2, 2]));
    const a = tf.tensor2d([
      [30, 40],
      [0.3, 0.4],
    ]);
    const adam = new EnsembleAdam(2, { learningRate: 0.1, clipNorm: 1 });
    const { gradNorms } = adam.minimize(() => theta.mul(a).sum(1), { theta });
    expect(gradNorms[0]).toBeCloseTo(50, 4);
    expect(gradNorms[1]).toBeCloseTo(0.5, 6);
    const m = adam.state()['m.theta']!.arraySync() as number[][];
    expect(m[0]![0]).toBeCloseTo(0.1 * 0.6, 6);
    expect(m[0]![1]).toBeCloseTo(0.1 * 0.8, 6);
    expect(m[1]![0]).toBeCloseTo(0.1 * 0.3, 7);
    expect(m[1]![1]).toBeCloseTo(0.1 * 0.4, 7);
    // The same gradients through the single-model Adam, which clips by the norm over everything.
    const together = tf.variable(tf.zeros([2, 2]));
    const globalAdam = new Adam({ learningRate: 0.1, clipNorm: 1 });
    globalAdam.minimize(() => together.mul(a).sum() as tf.Scalar, { together });
    const globalM = globalAdam.state()['m.together']!.arraySync() as number[][];
    expect(globalM[1]![0]).toBeCloseTo((0.1 * 0.3) / 50.0025, 7);
    expect(Math.abs(globalM[1]![0]! - m[1]![0]!)).toBeGreaterThan(0.02);
    tf.dispose([theta, together, a]);
    adam.dispose();
    globalAdam.dispose();
  });
});

describe('gradients of the model-axis blocks match finite differences (cpu)', () => {
  const TOLERANCE = 2e-2;
  const probeLoss = (output: () => tf.Tensor) => () =>
    tf.tidy(() => {
      const y = output();
      const weights = tf.randomUniform(y.shape, -1, 1, 'float32', 1);
      return tf.sum(tf.sin(y).mul(weights)) as tf.Scalar;
    });
  const expectGradientsMatch = (module: Module, output: () => tf.Tensor) => {
    const check = checkVariableGradients(probeLoss(output), module.variables(), { floor: 1e-2 });
    expect(
      check.maxRelativeError,
      `worst at ${check.worstName}: ${JSON.stringify(check.worst)}`,
    ).toBeLessThan(TOLERANCE);
  };
  const input = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

  test('EnsembleDense over [M, B, I] and [M, B, T, I]', async () => {
    await initBackend('cpu');
    const dense = new EnsembleDense(5, 3, rngsFor('fd-dense', 2));
    const x3 = input([2, 4, 5], 1);
    const x4 = input([2, 2, 3, 5], 2);
    expect(dense.apply(x4).shape).toEqual([2, 2, 3, 3]);
    expectGradientsMatch(dense, () => dense.apply(x3));
    expectGradientsMatch(dense, () => dense.apply(x4));
  });

  test('EnsembleMlp with tanh', () => {
    const mlp = new EnsembleMlp([4, 8, 3], rngsFor('fd-mlp', 3), { activation: 'tanh' });
    expectGradientsMatch(mlp, () => mlp.apply(input([3, 6, 4], 3)));
  });

  test('EnsembleLayerNorm', () => {
    const norm = new EnsembleLayerNorm(2, 6);
    tf.tidy(() => norm.gamma.assign(tf.randomNormal([2, 1, 6], 1, 0.3, 'float32', 4)));
    expectGradientsMatch(norm, () => norm.apply(input([2, 3, 6], 5)));
  });

  test('EnsembleEmbedding and its tied logits (repeated ids accumulate within a model only)', () => {
    const embedding = new EnsembleEmbedding(5, 4, rngsFor('fd-emb', 2), { std: 1 });
    const ids = tf.tensor3d([[[1, 3, 3]], [[3, 0, 1]]], [2, 1, 3], 'int32');
    expectGradientsMatch(embedding, () => embedding.apply(ids));
    expectGradientsMatch(embedding, () => embedding.logits(input([2, 3, 4], 6)));
  });

  test('EnsembleGruCell and EnsembleLayerNormGruCell', () => {
    const x = input([2, 3, 3], 7) as tf.Tensor3D;
    const h = input([2, 3, 4], 8) as tf.Tensor3D;
    const gru = new EnsembleGruCell(3, 4, rngsFor('fd-gru', 2));
    expectGradientsMatch(gru, () => gru.apply(x, h));
    const lnGru = new EnsembleLayerNormGruCell(3, 4, rngsFor('fd-ln-gru', 2));
    expectGradientsMatch(lnGru, () => lnGru.apply(x, h));
  });
});

describe('slicing a model out and stacking models back', () => {
  test('save model 1 alone, load it into a single Mlp and into another ensemble slot; stack saved models back', async () => {
    await initBackend('cpu');
    const sizes = [3, 5, 2];
    const ensemble = new EnsembleMlp(sizes, rngsFor('slice', 3));
    const dir = await mkdtemp(join(tmpdir(), 'core-tensor-ensemble-'));
    try {
      const saved: Record<string, tf.Tensor>[] = [];
      for (let m = 0; m < 3; m++) {
        const params = modelParams(ensemble, m);
        await saveParams(join(dir, `model-${m}`), params);
        tf.dispose(Object.values(params));
        saved.push(await loadParams(join(dir, `model-${m}`)));
      }
      // Evaluate model 1 alone with the single-model block.
      const single = new Mlp(sizes, new Rng('anything'));
      assignParams(single.variables(), saved[1]!);
      const x = tf.randomNormal([3, 4, 3], 0, 1, 'float32', 9);
      const together = ensemble.apply(x).slice(1, 1).reshape([4, 2]);
      const alone = single.apply(x.slice(1, 1).reshape([4, 3]));
      expect(relativeDifference(alone.dataSync(), together.dataSync())).toBeLessThan(1e-6);
      // Stack the saved models back in reverse order (model 1 stays in the middle slot), then write
      // model 0 into slot 0 on its own.
      const restored = new EnsembleMlp(sizes, rngsFor('other', 3));
      stackModelParams(restored, [...saved].reverse());
      expect(modelDifference(restored, 1, single)).toBe(0);
      assignModelParams(restored, 0, saved[0]!);
      const first = modelParams(ensemble, 0);
      const slot0 = modelParams(restored, 0);
      for (const name of Object.keys(first))
        expect(Array.from(slot0[name]!.dataSync())).toEqual(Array.from(first[name]!.dataSync()));
      expect(modelDifference(restored, 1, single)).toBe(0); // the other slots are untouched
      expect(() => modelParams(restored, 3)).toThrow('modelParams: model 3 is not an integer in [0, 2]');
      expect(() => stackModelParams(restored, saved.slice(0, 2))).toThrow(
        "stackModelParams: got 2 models' parameters for an ensemble of 3",
      );
      tf.dispose([x, together, alone, ...Object.values(first), ...Object.values(slot0)]);
      for (const params of saved) tf.dispose(Object.values(params));
      disposeModule(single);
      disposeModule(restored);
    } finally {
      disposeModule(ensemble);
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('inputs and losses without the model axis fail with the shape they needed', async () => {
    await initBackend('cpu');
    const dense = new EnsembleDense(3, 2, rngsFor('errors', 4));
    const x = tf.zeros([5, 3]);
    expect(() => dense.apply(x)).toThrow('EnsembleDense: input has shape [5, 3], expected [4, …, 3]');
    const adam = new EnsembleAdam(4, { learningRate: 0.1 });
    const x4 = tf.zeros([4, 5, 3]);
    expect(() => adam.minimize(() => dense.apply(x4).mean(), dense.variables())).toThrow(
      'it must return one loss per model, [4]',
    );
    expect(() => adam.minimize(() => dense.apply(x4).mean([1, 2]), dense.variables(), [true])).toThrow(
      'EnsembleAdam: active has 1 entries, one per model needs 4',
    );
    tf.dispose([x, x4]);
    adam.dispose();
    disposeModule(dense);
  });
});

describe('no tensor leaks', () => {
  test.each(['cpu', 'wasm'] as const)(
    'building, training with a mask, state round trip, slicing and disposing (%s)',
    async (backend) => {
      await initBackend(backend);
      await expectNoLeaks(() => {
        const rngs = rngsFor('leaks', 3);
        const mlp = new EnsembleMlp([3, 4, 2], rngs, { activation: 'silu' });
        const embedding = new EnsembleEmbedding(6, 3, rngs);
        const norm = new EnsembleLayerNorm(3, 3);
        const adam = new EnsembleAdam(3, { learningRate: 0.01, weightDecay: 0.1, clipNorm: 0.1 });
        const ids = tf.tensor2d(
          [
            [0, 1],
            [2, 3],
            [4, 5],
          ],
          [3, 2],
          'int32',
        );
        const variables = { ...mlp.variables(), table: embedding.table, gamma: norm.gamma, beta: norm.beta };
        const losses = () =>
          mlp
            .apply(norm.apply(embedding.apply(ids)))
            .square()
            .mean([1, 2]);
        adam.minimize(losses, variables);
        adam.minimize(losses, variables, [true, false, true]);
        const state = adam.state();
        adam.loadState(state);
        state.step!.dispose();
        tf.dispose(Object.values(modelParams(mlp, 2)));
        ids.dispose();
        adam.dispose();
        for (const module of [mlp, embedding, norm]) disposeModule(module);
      }, `ensemble lifecycle on ${backend}`);
    },
  );
});
