import { initBackend, Rng } from 'core-tensor';
import { dagFromBayesNet } from './src/graph.js';
import { notearsLinear, preprocess } from './src/notears.js';
import { loadNetwork } from './src/oracle.js';
import { randomLinearGaussian, sampleLinearGaussian } from './src/sampler.js';

console.log(await initBackend('wasm'));
for (const net of ['asia', 'child']) {
  const dag = dagFromBayesNet(loadNetwork(net));
  const rng = new Rng(1);
  const data = sampleLinearGaussian(randomLinearGaussian(dag, rng.split('sem')), 1000, rng.split('rows'));
  for (const std of [false, true]) {
    const t = Date.now();
    const r = notearsLinear(preprocess(data, std), { maxSteps: 900 });
    const truth = new Set(dag.parents.flatMap((ps, c) => ps.map((p) => `${p},${c}`)));
    const tp = r.arcs.filter(([a, b]) => truth.has(`${a},${b}`)).length;
    console.log(
      net,
      std,
      'arcs',
      r.arcs.length,
      'tp',
      tp,
      'true',
      truth.size,
      'h',
      r.h,
      'steps',
      r.steps,
      'outer',
      r.outerIterations,
      r.msPerStep.toFixed(2),
      'ms/step',
      Date.now() - t,
    );
  }
}
