// Traces → training samples (brief §5, §6.1). The history features replay the executed actions of
// the episode; the label is the executed action (BC on expert data) or the oracle's canonical
// action at the visited state (DART, DAgger relabelling).
import { parseAction } from '../actions/parser.js';
import { encodeThought, type Sample } from '../student/batch.js';
import { emptyHistory, encodeAction, featurise, pushHistory } from './featurise.js';
import type { Episode } from './trace.js';

export type LabelSource = 'executed' | 'oracle';

export interface DatasetCounts {
  samples: number;
  /** labels the student cannot express, by reason (pruned targets must stay 0, pitfall 14) */
  dropped: Record<string, number>;
}

export function buildSamples(
  episodes: readonly Episode[],
  labelSource: LabelSource,
  horizon = 15,
): { samples: Sample[]; counts: DatasetCounts } {
  const samples: Sample[] = [];
  const dropped: Record<string, number> = {};
  const drop = (reason: string) => {
    dropped[reason] = (dropped[reason] ?? 0) + 1;
  };
  for (const episode of episodes) {
    let history = emptyHistory();
    for (const step of episode.steps) {
      const labelText = labelSource === 'executed' ? step.action : step.oracleCanonical;
      const thought = labelSource === 'executed' ? step.thought : step.oracleThought;
      const fo = featurise(step.obs, history, horizon);
      if (labelText === null) drop('no-oracle-label');
      else {
        const parsed = parseAction(labelText);
        if (!parsed.ok) drop('malformed');
        else {
          const encoded = encodeAction(parsed.action, fo);
          if (encoded.ok) samples.push({ fo, target: encoded.target, thought: encodeThought(thought, fo) });
          else drop(encoded.reason);
        }
      }
      history = pushHistory(history, step.obs, step.parsed, step.error !== null);
    }
  }
  return { samples, counts: { samples: samples.length, dropped } };
}
