// lab/testing: helpers for studies' tests, kept out of the main entry so runs do not load them.
// A scripted OpenAI-compatible server on loopback for testing code that calls an LLM.

// Calibration of claims: ≤ 5 % "reproduced" without an effect, ≥ 80 % with twice the smallest.
export type {
  CalibrationOptions,
  CalibrationReport,
  SimulatedRun,
  Simulator,
  VerdictShares,
} from './calibration.js';
export { calibrateClaim, calibrationBounds, calibrationProblems, expectCalibrated } from './calibration.js';
export type {
  CompletionReplyOptions,
  FakeLlmServer,
  FakeReply,
  FakeRequest,
  FakeScript,
  FakeTokenLogprob,
} from './fake-llm-server.js';
export { completionReply, errorReply, refusalReply, startFakeLlmServer } from './fake-llm-server.js';
