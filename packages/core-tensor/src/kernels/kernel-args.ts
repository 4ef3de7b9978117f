// Typed reads of a kernel call's inputs and attributes. tfjs hands every kernel an untyped
// `NamedTensorInfoMap` and `NamedAttrMap`; these helpers check each value once, on entry, and fail
// with the kernel, the name and the bad value instead of computing garbage further down.
import type * as tf from '@tensorflow/tfjs-core';

type Inputs = tf.NamedTensorInfoMap;
type Attrs = tf.NamedAttrMap | undefined;

function fail(kernel: string, name: string, value: unknown, expected: string): never {
  throw new Error(`${kernel}: attribute '${name}' is ${JSON.stringify(value)}, expected ${expected}`);
}

/** The named input tensor; kernels are called by the engine, so a missing one is a tfjs bug. */
export function inputOf(inputs: Inputs, name: string, kernel: string): tf.TensorInfo {
  const info = inputs[name];
  if (info === undefined) throw new Error(`${kernel}: input '${name}' is missing`);
  return info;
}

export function booleanAttr(attrs: Attrs, name: string, kernel: string): boolean {
  const value = attrs?.[name];
  if (value === undefined) return false;
  if (typeof value !== 'boolean') fail(kernel, name, value, 'a boolean');
  return value;
}

export function numberAttr(attrs: Attrs, name: string, kernel: string): number {
  const value = attrs?.[name];
  if (typeof value !== 'number') fail(kernel, name, value, 'a number');
  return value;
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number');
}

/** An attribute that is a number or a list of numbers (slice begin/size, split sizes, strides). */
export function numbersAttr(attrs: Attrs, name: string, kernel: string): number | number[] {
  const value = attrs?.[name];
  if (typeof value === 'number' || isNumberArray(value)) return value;
  return fail(kernel, name, value, 'a number or a list of numbers');
}

export function numberListAttr(attrs: Attrs, name: string, kernel: string): number[] {
  const value = attrs?.[name];
  if (isNumberArray(value)) return value;
  return fail(kernel, name, value, 'a list of numbers');
}

/** Conv strides as tfjs accepts them: one number for both axes, or [strideHeight, strideWidth]. */
export function strideAttr(attrs: Attrs, name: string, kernel: string): number | [number, number] {
  const value = attrs?.[name];
  if (typeof value === 'number') return value;
  if (isNumberArray(value) && value.length === 2) return [value[0]!, value[1]!];
  return fail(kernel, name, value, 'a number or [height, width]');
}

export function filterShapeAttr(attrs: Attrs, kernel: string): [number, number, number, number] {
  const value = attrs?.filterShape;
  if (isNumberArray(value) && value.length === 4) return [value[0]!, value[1]!, value[2]!, value[3]!];
  return fail(kernel, 'filterShape', value, '[filterHeight, filterWidth, inChannels, outChannels]');
}

type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];
export type ConvPad = 'valid' | 'same' | number | ExplicitPadding;

function isPair(value: unknown): value is [number, number] {
  return isNumberArray(value) && value.length === 2;
}

/** Conv padding: 'valid', 'same', one number, or explicit [[top, bottom], [left, right]] per NHWC axis. */
export function padAttr(attrs: Attrs, kernel: string): ConvPad {
  const value = attrs?.pad;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && (value === 'valid' || value === 'same')) return value;
  if (Array.isArray(value) && value.length === 4) {
    const [batch, height, width, channels] = value;
    if (isPair(batch) && isPair(height) && isPair(width) && isPair(channels)) {
      return [batch, height, width, channels];
    }
  }
  return fail(kernel, 'pad', value, "'valid', 'same', a number or [[top, bottom], ...] per axis");
}

export function dataFormatAttr(attrs: Attrs, kernel: string): 'NHWC' | 'NCHW' {
  const value = attrs?.dataFormat ?? 'NHWC';
  if (typeof value === 'string' && (value === 'NHWC' || value === 'NCHW')) return value;
  return fail(kernel, 'dataFormat', value, "'NHWC' or 'NCHW'");
}

export function roundingModeAttr(attrs: Attrs, kernel: string): 'floor' | 'round' | 'ceil' | undefined {
  const value = attrs?.dimRoundingMode;
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && (value === 'floor' || value === 'round' || value === 'ceil')) return value;
  return fail(kernel, 'dimRoundingMode', value, "'floor', 'round', 'ceil' or unset");
}
