// causal-expert's public API (DESIGN.md: src/index.ts is what a user imports). Causal discovery
// with an imperfect expert (Long et al. 2023): read a network or a data CSV, run PC-stable with a
// peer-exact CI test, enumerate the class, ask an expert (simulated, cached answers or an LLM) and
// amend the class greedily; write graphs as edges, DOT, JSON or SVG. Every export is named (no
// `export *`); the experiment wiring (experiment.ts) is not part of it.

// Posterior and the greedy amendment
export type { AmendableClass, Amendment } from './amendment.js';
export {
  amendableClass,
  amendClass,
  answerProbabilities,
  ClassError,
  epsilonExpertReport,
  reportFromProbabilities,
} from './amendment.js';
// PC-stable, orientation, discovery on a data set
export type { BackgroundKnowledge } from './background-knowledge.js';
// Metrics and baselines
export type { NaiveResult } from './baselines.js';
export { naiveBaseline, pcOnlyBaseline } from './baselines.js';
// Conditional-independence tests
export { TensorFisherZTest } from './batched-stats.js';
// Networks (BIF) and the shipped ones
export type { BayesNet, BifNode } from './bif.js';
export {
  arcCount,
  BifParseError,
  findCycle,
  parameterCount,
  parentConfigurations,
  parseBif,
  readBif,
  rowSumTolerance,
  writeBif,
} from './bif.js';
export type { CalibrationReport, ScoredAnswer } from './calibration.js';
export { calibrationReport } from './calibration.js';
export { chiSquareUpper, gammaQ, normalTwoSided } from './chi-square.js';
export type { CiTest, DiscreteTestDetails, DiscreteTestKind, DiscreteTestOptions } from './ci-tests.js';
export {
  correlationMatrix,
  DiscreteCiTest,
  FisherZTest,
  fisherZPValue,
  partialCorrelation,
} from './ci-tests.js';
// The two commands, callable in-process (argv without the script name; returns the exit code)
export { runAmendCli } from './cli/amend.js';
export { runDiscoverCli } from './cli/discover.js';
// Experts
export type { Codebook } from './codebooks.js';
export { loadCodebook, namesOnly } from './codebooks.js';
export { cpdagOf, skeletonOf } from './cpdag.js';
// Data: CSV reading, declared state counts, sampling
export { continuousFromCsv, discreteFromCsv, parseCsvMatrix } from './data-csv.js';
export type { DeclaredLevels, DeclaredVariable } from './declared-levels.js';
export { declaredFromNetwork, maxLevels, parseLevelsJson, readLevelsJson } from './declared-levels.js';
export type { DiscoveryData, DiscoveryOptions } from './discovery.js';
export { ciTestFor, dataKindOf, discoverGraph } from './discovery.js';
export { DSeparationOracle, dSeparated } from './dsep.js';
export { drawEpsilonAnswers, epsilonReport, LikelihoodMode } from './expert-epsilon.js';
export type { LlmAnswer, LlmExpertOptions } from './expert-llm.js';
export { askArc, createLlmClient, LlmEnv, LlmMode, probabilityOfA } from './expert-llm.js';
export type { SimulatedAnswers } from './expert-miscalibrated.js';
export { answersReport, drawMiscalibratedAnswers } from './expert-miscalibrated.js';
export type { CachedPairAnswer } from './expert-replay.js';
export { answersByEdge, parseAnswerCsv, readAnswerCsv, replayReport } from './expert-replay.js';
// Graphs and graph files
export type { Dag, Pdag } from './graph.js';
export {
  adjacent,
  ancestorSets,
  arcsOf,
  clonePdag,
  dagFromArcs,
  dagFromBayesNet,
  directed,
  directedArcs,
  emptyPdag,
  hasDirectedCycle,
  orient,
  parsePdagLines,
  pdagLines,
  pdagOfDag,
  topologicalOrder,
  undirected,
  undirectedEdges,
} from './graph.js';
export type { DotOptions, EdgesFile, GraphJson } from './graph-format.js';
export {
  formatDot,
  formatEdges,
  GraphFormat,
  graphJson,
  parseEdgesFile,
  sortedEdgeLines,
} from './graph-format.js';
export { graphvizVersion, svgOfDot } from './graph-svg.js';
export type { GreedyInput, GreedyResult } from './greedy.js';
export { greedyAmend, thresholdSlack } from './greedy.js';
export type { FilePosition } from './input-file-error.js';
export { InputFileError } from './input-file-error.js';
// Equivalence classes
export type { Mec, RefEdge } from './mec.js';
export { defaultMecCap, enumerateMec, memberArcs, memberBits, memberIndex } from './mec.js';
export type { MeekOptions } from './meek.js';
export { applyMeek } from './meek.js';
export { decisions, keeps, meanSe, proportionSe, unionShd } from './metrics.js';
export type { NetworkName, OracleProblem } from './oracle.js';
export { dataDir, loadNetwork, networkNames, oracleProblem, trueArc } from './oracle.js';
export type { Orientation, OrientOptions } from './orient.js';
export { orientRelaxed, orientSkeleton } from './orient.js';
export type { StructureMetrics } from './pc-metrics.js';
export { pdagShd, structureMetrics } from './pc-metrics.js';
export type { ConflictHandling, PcResult, Skeleton, SkeletonOptions } from './pc-stable.js';
export { orientPc, pcStable, pcStableSkeleton } from './pc-stable.js';
export { PcTest } from './pc-sweep.js';
export { extendPdagToDag } from './pdag-extension.js';
export type { Report } from './posterior.js';
export { logLikelihoods, posterior } from './posterior.js';
export type { ContinuousData, DiscreteData, LinearGaussianSem } from './sampler.js';
export { randomLinearGaussian, sampleDiscrete, sampleLinearGaussian } from './sampler.js';
export type { GreedyFlags, SemanticsFlags } from './semantics.js';
export { ConfidenceMode, PickOrder, Semantics, Strategy, semanticsFlags } from './semantics.js';
