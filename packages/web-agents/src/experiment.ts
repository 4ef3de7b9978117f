// The web-agents study wired into lab (brief §9): presets smoke / default / paper, the unit tables
// the claims are decided on, and the claims C1–C5 of brief §8 in lab's contract (issue 17).
import { defineExperiment, isMainModule, runExperimentCli } from 'lab';
import { assertChromium, chromiumPath } from './browser/launch.js';
import { claims } from './claims.js';
import { ConfigName, WebAgentsConfig } from './config.js';
import { requireLlmSettings } from './experts/llm.js';
import { runStudy } from './pipeline/run-study.js';
import { Summary } from './summary.js';
import { unitSchemas } from './units.js';

// CI: every code path on 4 + 1 tasks, a few episodes (brief §9 smoke column).
const smokePreset = {
  tasks: {
    train: ['click-button', 'enter-text', 'click-checkboxes', 'login-user'],
    heldOut: ['click-link'],
  },
  env: { workers: 1 },
  experts: { limitedEpisodesPerTask: 2 },
  collection: { keptPerTask: 6, maxAttemptsFactor: 2 },
  base: { episodesPerTask: 2, epochs: 1 },
  sft: { epochs: 2, checkpoints: [1, 2], onlineCheckpoints: [1, 2] },
  eval: { seedsPerTask: 3, heldOutSeedsPerTask: 3, randomSeedsPerTask: 2 },
  dagger: { initialEpisodesPerTask: 4, betas: [0.5], episodesPerTaskPerRound: 2 },
  stats: { bootstrap: 200 },
  configs: [...ConfigName.options], // every config, the opt-in 'limited' too: every code path
};

// This machine (2 cores, one worker each), sized for ≤ 45 min alone (brief §9 default column,
// scaled; the README gives the arithmetic): 30 evaluation seeds per train task give each paired
// claim 600 episode pairs, about 80 % power at 2δ = 10 pp with a margin (test/claims-calibration).
// lr 3e-3 and batch 32 are values of the brief's knob grid (§7.1), chosen once on the calibration
// prototype because 1e-3 / 64 left the student under-trained at this data size (README).
const defaultSizes = {
  env: { workers: 2 },
  experts: { limitedEpisodesPerTask: 3 },
  collection: { keptPerTask: 20, maxAttemptsFactor: 2 },
  base: { episodesPerTask: 8, epochs: 4 },
  sft: {
    epochs: 8,
    checkpoints: [0.5, 1, 2, 4, 6, 8],
    onlineCheckpoints: [0.5, 1, 2, 4, 8],
    learningRate: 3e-3,
    batchSize: 32,
  },
  eval: { seedsPerTask: 30, heldOutSeedsPerTask: 10, sideSeedsPerTask: 10, randomSeedsPerTask: 3 },
  dagger: { initialEpisodesPerTask: 12, betas: [0.5, 0.25], episodesPerTaskPerRound: 5 },
  stats: { bootstrap: 1000 },
};

export const experiment = defineExperiment({
  name: 'web-agents',
  paper: {
    title: "Fine-Tuning Web Agents: It Works, But It's Trickier Than You Think",
    authors:
      'Massimo Caccia, Megh Thakkar, Léo Boisvert, Thibault Le Sellier de Chezelles, Alexandre Piché, Nicolas Chapados, Alexandre Drouin, Maxime Gasse, Alexandre Lacoste',
    venue: 'NeurIPS 2024 Workshop on Open-World Agents',
    url: 'https://openreview.net/forum?id=SkwtxEkst2',
  },
  source: import.meta.url,
  config: WebAgentsConfig,
  summary: Summary,
  units: unitSchemas,
  presets: {
    smoke: smokePreset,
    // brief §6.2: self-attention over elements on by default. Issue 17 point 2: the attention student
    // meets criterion 11 (README), so `default` uses it; the two other students run at the same sizes
    // for the robustness table (`pnpm --filter web-agents robustness`).
    default: { ...defaultSizes, student: { variant: 'attention' } },
    'students-detectors': { ...defaultSizes, student: { variant: 'detectors' } },
    'students-plain': { ...defaultSizes, student: { variant: 'plain' } },
    // issue 17 point 7: the 'limited' config at default size beside the 'oracle' config it is read
    // against (task coverage, SR on covered and uncovered tasks). Not in `default`, which is sized to
    // 45 minutes without it. Claims that read other configs have no units here and stay inconclusive.
    limited: { ...defaultSizes, configs: ['oracle', 'limited'] },
    paper: {},
    // issue 17 point 7: the LLM as an evaluated policy (5 seeds per task, the paper's protocol) on
    // Chromium's own accessibility tree, beside smoke-sized students on the same tasks. Needs
    // WEB_AGENTS_LLM_BASE_URL, WEB_AGENTS_LLM_MODEL and WEB_AGENTS_LLM_API_KEY; fails at start without.
    llm: {
      ...smokePreset,
      observation: { axtree: 'cdp' },
      llm: { evaluate: true, seedsPerTask: 5 },
    },
  },
  claims,
  invariants: [
    {
      id: 'cot-action-reads-thought',
      statement:
        "oracle-cot and oracle-cot-actonly: the action heads read the student's own predicted thought, so with λ = 0 the action loss still trains the thought head (C4 compares reasoning learned with and without targets)",
      testedBy: 'test/chain-of-thought.test.ts',
    },
    {
      id: 'bc-budget-exact',
      statement:
        "bc-budget trains on exactly as many labelled steps as DAgger when the oracle pool holds them (C5's gate checks the run)",
      testedBy: 'test/bc-budget.test.ts',
    },
  ],
  async run(config, ctx) {
    if (config.llm.evaluate) requireLlmSettings(); // the `llm` preset without an endpoint fails here, naming the variables
    assertChromium(chromiumPath()); // a missing browser fails before any work, with the fix
    return runStudy(config, ctx);
  },
});

if (isMainModule(import.meta.url))
  process.exitCode = await runExperimentCli(experiment, process.argv.slice(2));
