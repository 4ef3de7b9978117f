// Size bounds for study configs (issue 12): a size whose tensors cannot fit is refused before any
// work, by name. A float32 typed array holds at most 2^31 − 1 elements and these machines have
// 24 GiB; a training step holds several tensors of its largest size (activations, gradients, Adam
// moments), so no single tensor may exceed 2^28 elements (1 GiB of float32).
import { z } from 'zod';

/** The largest tensor a config may ask for, in elements. */
export const maxTensorElements = 2 ** 28;

/** An integer config key bounded by `max`; the message names the key, the bound and why (the paper's value, what the size fills). */
export function boundedSize(key: string, max: number, why: string) {
  return z.number().int().max(max, `${key} ≤ ${max} (${why})`);
}

/**
 * Options for a `.check`/`.superRefine` over products of sizes: it runs only once every key is within
 * its own bound, so one bad value gives one message, not two.
 */
export const withinEachBound = { when: (payload: z.core.ParsePayload) => payload.issues.length === 0 };
