// MLP heads with ELU (brief §3.1): a unit-variance Normal mean per output.
import { Mlp, type Rng } from 'core-tensor';

/** [in] -> layers × units ELU -> [out]. */
export function mlpHead(inputSize: number, outputSize: number, layers: number, units: number, rng: Rng): Mlp {
  return new Mlp([inputSize, ...Array.from({ length: layers }, () => units), outputSize], rng, {
    activation: 'elu',
  });
}
