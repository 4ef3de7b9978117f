// core-tensor: the one door to tensors. Every other package imports tfjs from here
// (`import { tf } from 'core-tensor'`), so the workspace has one tfjs instance and one backend.
// `tf` is the @tensorflow/tfjs union package, not bare tfjs-core: only the union registers the
// chained ops (x.add(y), x.reshape(...)) at run time, and tfjs-node builds on it too.
import * as tf from '@tensorflow/tfjs';

export type { BackendAttempt, BackendChoice } from './backend.js';
export { BackendName, BackendRequest, backendRequestFromEnv, initBackend } from './backend.js';
export type { EnsembleStepResult } from './ensemble-adam.js';
export { EnsembleAdam, modelGlobalNorms } from './ensemble-adam.js';
export { registerWasmFixes, unregisterWasmFixes } from './kernels/wasm-fixes.js';
export type { Activation as ActivationName } from './nn/activation.js';
export { Activation, activate, gelu } from './nn/activation.js';
export { causalMask, MultiHeadAttention, paddingMask, TransformerBlock } from './nn/attention.js';
export type { ConvDecoderOptions, ConvStackOptions } from './nn/conv.js';
export { ConvDecoder, ConvEncoder } from './nn/conv.js';
export type { MlpOptions } from './nn/dense.js';
export { Dense, Mlp } from './nn/dense.js';
export { Ema } from './nn/ema.js';
export { Embedding } from './nn/embedding.js';
export { EnsembleDense, EnsembleMlp } from './nn/ensemble-dense.js';
export { EnsembleEmbedding } from './nn/ensemble-embedding.js';
export { EnsembleGruCell, EnsembleLayerNormGruCell } from './nn/ensemble-gru-cell.js';
export { EnsembleLayerNorm } from './nn/ensemble-layer-norm.js';
export type { EnsembleModule } from './nn/ensemble-module.js';
export { assignModelParams, modelParams, stackModelParams } from './nn/ensemble-module.js';
export { GruCell } from './nn/gru-cell.js';
export { glorotUniform, normalInit, onesInit, zerosInit } from './nn/init.js';
export { LayerNorm } from './nn/layer-norm.js';
export { LayerNormGruCell } from './nn/layer-norm-gru-cell.js';
export type { Module, Variables } from './nn/module.js';
export { disposeModule, parameterCount, prefixed } from './nn/module.js';
export { assertShape, oneHot, stopGradient, straightThrough } from './ops.js';
export type { StepResult } from './optim.js';
export { Adam, AdamOptions, globalNorm } from './optim.js';
export { assignParams, loadParams, ParamsManifest, saveParams } from './params-io.js';
export { Rng, RngState } from './rng.js';
export { tf };
