// self-restraint: ReSearch (Piché et al. 2024) as a library. The world, the tiny policy, the utility
// with target accuracy ρ, self-evaluation, ReSearch / Search / filtering, fine-tuning, evaluation,
// exports and the OpenAI-compatible adapter.

export {
  LlmClaimSplitter,
  LlmSelfEvaluator,
  OpenAICompatiblePolicy,
  researchTopic,
} from './adapters/openai.js';
export { ABSTENTION_TEXT, answerMessages, selfEvalMessages, splitMessages } from './adapters/prompts.js';
export { analyse, type CheckResult, type Summary } from './analysis.js';
export { cleanLabelScore, oracleSelectivePairs } from './cleanLabel.js';
export { pretrainSteps, resolvedTiers, SelfRestraintConfig } from './config.js';
export {
  aggregate,
  evaluateAnswers,
  evaluateModel,
  scoreAnswer,
  type TierMetrics,
  tierTable,
  type UnitMetrics,
  unitOf,
} from './evaluate.js';
export {
  DpoLine,
  exportJsonl,
  FactScoreLine,
  factScoreAggregate,
  RecordLine,
  readJsonl,
  SftLine,
} from './export.js';
export { filterAtInference } from './filter.js';
export { cloneModel, dpo, dpoLoss, instructionSequence, sft } from './finetune.js';
export { outputKnownness } from './knownness.js';
export { crossValidatedProbe } from './knownProbe.js';
export { makeBatch, nllLoss, sequenceLogProbs, TinyLM } from './model.js';
export { loadModel, pretrain, saveModel } from './pretrain.js';
export { knowledgeProbe } from './probe.js';
export {
  confidentHints,
  roundOnePools,
  type SearchOptions,
  type SearchResult,
  scorePool,
  searchEntities,
} from './research.js';
export { decode, sampleToken } from './sample.js';
export { selectTarget } from './select.js';
export {
  type ClaimLikelihood,
  consistencyLikelihood,
  oracleLikelihood,
  type PoolSample,
} from './selfEval.js';
export {
  auroc,
  type Estimate,
  estimateOf,
  expectedCalibrationError,
  type PairedUnit,
  reliability,
  unitsOf,
  verdictOf,
} from './stats.js';
export { lambdaOf, qValue, utility } from './utility.js';
export { BOS, EOS, IDK, PAD, renderAnswer, Vocab } from './vocab.js';
export { createWorld, World } from './world.js';
