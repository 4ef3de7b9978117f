// lab/testing: helpers for studies' tests, kept out of the main entry so runs do not load them.
// A scripted OpenAI-compatible server on loopback for testing code that calls an LLM.

export type {
  CompletionReplyOptions,
  FakeLlmServer,
  FakeReply,
  FakeRequest,
  FakeScript,
  FakeTokenLogprob,
} from './fake-llm-server.js';
export { completionReply, errorReply, refusalReply, startFakeLlmServer } from './fake-llm-server.js';
