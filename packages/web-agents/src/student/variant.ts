// The three students of issue 17 point 2, compared side by side in the robustness table:
//   'detectors'  today's student: every featurise.ts column, including the seven hand-made answer
//                detectors (rank vs the goal's ordinal, least quantity in a row);
//   'plain'      the detectors removed, generic numeric features (number-features.ts) added;
//   'attention'  'plain' plus one masked self-attention block over the elements (brief §6.2 "optional"),
//                so each element can compare its numbers and position with every other element's.
import { tf } from 'core-tensor';
import { elementFeatureWidth, withoutDetectorsWidth } from '../data/featurise.js';
import { numberFeatureWidth } from '../data/number-features.js';

export const StudentVariant = ['detectors', 'plain', 'attention'] as const;
export type StudentVariant = (typeof StudentVariant)[number];

/** Width of the per-element features the element MLP reads (besides the token text). */
export function elementInputWidth(variant: StudentVariant): number {
  switch (variant) {
    case 'detectors':
      return elementFeatureWidth; // 74
    case 'plain':
    case 'attention':
      return withoutDetectorsWidth + numberFeatureWidth; // 67 + 35
  }
}

/**
 * The per-element features a variant reads: [B, E, 74] as they are, or the first 67 columns (the
 * detectors are the last 7) with the numeric features appended -> [B, E, 102].
 */
export function elementInputs(
  variant: StudentVariant,
  elFeatures: tf.Tensor3D,
  elNumbers: tf.Tensor3D,
): tf.Tensor3D {
  switch (variant) {
    case 'detectors':
      return elFeatures;
    case 'plain':
    case 'attention':
      return tf.tidy(() => {
        const [B, E] = elFeatures.shape;
        const generic = elFeatures.slice([0, 0, 0], [B, E, withoutDetectorsWidth]); // [B, E, 67]
        return tf.concat([generic, elNumbers], 2) as tf.Tensor3D; // [B, E, 102]
      });
  }
}
