// `pnpm --filter causal-expert run amend -- --cpdag <edges file> --expert epsilon:<ε>|answers:<csv>|llm
//   --eta <η> [--network <bif>] --format edges|dot|json|svg --out <file> [--dag-out <file>]`
// The greedy amendment (§2.5, corrected semantics) of a class given as an edges file (e.g. the
// output of discover): writes the amended class M' (arcs common to all of M' directed) and the
// chosen DAG (the member of M' with the largest posterior). A PDAG that is not a CPDAG is replaced
// by the CPDAG of its Dor–Tarsi extension, and the output says so.
import { dirname, extname, join } from 'node:path';
import { Rng } from 'core-tensor';
import { type CliOutput, InputError, type InputProblem, isMainModule } from 'lab';
import {
  amendableClass,
  amendClass,
  answerProbabilities,
  epsilonExpertReport,
  reportFromProbabilities,
} from '../amendment.js';
import { parseBif } from '../bif.js';
import { parseAnswerCsv } from '../expert-replay.js';
import { dagFromBayesNet, pdagOfDag } from '../graph.js';
import { GraphFormat, parseEdgesFile } from '../graph-format.js';
import type { Report } from '../posterior.js';
import { Strategy } from '../semantics.js';
import { llmProbabilities } from './amend-llm.js';
import {
  choiceFlag,
  numberFlag,
  parseFlags,
  processOutput,
  readInput,
  renderGraph,
  required,
  runCommand,
  shownPath,
  userPath,
  writeOutputs,
} from './cli-io.js';

const flags = {
  cpdag: { type: 'string' },
  expert: { type: 'string' },
  eta: { type: 'string' },
  network: { type: 'string' },
  strategy: { type: 'string' },
  seed: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  'dag-out': { type: 'string' },
  codebook: { type: 'string' },
  'llm-mode': { type: 'string' },
  'llm-cache': { type: 'string' },
  'llm-verbs': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const amendHelp = `amend: narrow a class with an imperfect expert (greedy amendment, corrected semantics)

Usage: pnpm --filter causal-expert run amend -- --cpdag <edges file> --expert <expert> --eta <η>
         [--network <bif>] --format <format> --out <file> [--dag-out <file>]

  --cpdag <file>     the class as an edges file ('A -> B' / 'A -- B' lines; discover writes one)
  --expert <expert>  epsilon:<ε>    simulated expert, wrong on each edge with probability ε in [0, 0.5]
                                    (needs --network as the truth; --seed N picks its answers and the LLM's verbs, default 0)
                     answers:<csv>  your answers: var_a,var_b,p_a_causes_b,p_b_causes_a (rows of a pair are averaged)
                     llm            an OpenAI-compatible model (CAUSAL_EXPERT_LLM_BASE_URL, _MODEL, _API_KEY);
                                    --codebook <json> describes the variables, --llm-mode record|replay (record),
                                    --llm-cache <dir> (next to --out), --llm-verbs <n> (1)
  --eta <η>          tolerance in [0, 1]: the kept class holds the truth with posterior probability ≥ 1 − η
  --strategy <s>     ${Strategy.options.join(' | ')} (default risk): most probable arc, or smallest class
  --format <format>  ${GraphFormat.join(' | ')}
  --out <file>       the amended class; --dag-out <file> the chosen DAG (default: <out>.dag.<ext>)

Relative paths are taken from the folder you ran pnpm in.
`;

type ExpertSpec = { kind: 'epsilon'; epsilon: number } | { kind: 'answers'; path: string } | { kind: 'llm' };

function parseExpert(text: string, problems: InputProblem[]): ExpertSpec | null {
  if (text === 'llm') return { kind: 'llm' };
  const answers = /^answers:(.+)$/.exec(text);
  if (answers) return { kind: 'answers', path: userPath(answers[1]!) };
  const epsilon = /^epsilon:(.*)$/.exec(text);
  if (epsilon) {
    const value = numberFlag('expert epsilon', epsilon[1]!, { min: 0, max: 0.5 }, problems);
    return value === null ? null : { kind: 'epsilon', epsilon: value };
  }
  problems.push({
    key: '--expert',
    message: `'${text}' is not valid; use epsilon:<ε>, answers:<csv> or llm`,
  });
  return null;
}

/** `<dir>/<stem>.dag<ext>` next to the class file. */
function defaultDagPath(out: string): string {
  const ext = extname(out);
  return join(dirname(out), `${out.slice(dirname(out).length + 1, out.length - ext.length)}.dag${ext}`);
}

function parseAmendArgs(argv: readonly string[]) {
  const values = parseFlags(argv, flags);
  if (values.help) return 'help' as const;
  const problems: InputProblem[] = [];
  const cpdag = required('cpdag', values.cpdag, problems);
  const expertText = required('expert', values.expert, problems);
  const etaText = required('eta', values.eta, problems);
  const formatText = required('format', values.format, problems);
  const out = required('out', values.out, problems);
  const expert = expertText === null ? null : parseExpert(expertText, problems);
  const eta = etaText === null ? null : numberFlag('eta', etaText, { min: 0, max: 1 }, problems);
  const format = formatText === null ? null : choiceFlag('format', formatText, GraphFormat, problems);
  const strategy = choiceFlag('strategy', values.strategy ?? 'risk', Strategy.options, problems);
  const seed = numberFlag('seed', values.seed ?? '0', { min: 0, max: 2 ** 31 - 1, integer: true }, problems);
  const llmMode = choiceFlag(
    'llm-mode',
    values['llm-mode'] ?? 'record',
    ['record', 'replay'] as const,
    problems,
  );
  const llmVerbs = numberFlag(
    'llm-verbs',
    values['llm-verbs'] ?? '1',
    { min: 1, max: 20, integer: true },
    problems,
  );
  if (expert?.kind === 'epsilon' && values.network === undefined)
    problems.push({
      key: '--network',
      message: 'is required with --expert epsilon:<ε> (the truth it answers from)',
    });
  const cpdagPath = cpdag === null ? null : userPath(cpdag);
  const cpdagText = cpdagPath === null ? null : readInput('--cpdag', cpdagPath, problems);
  const networkPath = values.network === undefined ? null : userPath(values.network);
  const networkText = networkPath === null ? null : readInput('--network', networkPath, problems);
  const answersText =
    expert?.kind === 'answers' ? readInput('--expert answers', expert.path, problems) : null;
  if (
    problems.length > 0 ||
    cpdagText === null ||
    expert === null ||
    eta === null ||
    format === null ||
    out === null ||
    strategy === null ||
    seed === null ||
    llmMode === null ||
    llmVerbs === null
  )
    throw new InputError(problems);
  const outPath = userPath(out);
  return {
    cpdagPath: cpdagPath!,
    cpdagText,
    expert,
    expertText: expertText!,
    eta,
    format,
    out: outPath,
    dagOut: values['dag-out'] === undefined ? defaultDagPath(outPath) : userPath(values['dag-out']),
    strategy,
    seed,
    networkPath,
    networkText,
    answersText,
    llm: {
      mode: llmMode,
      verbs: llmVerbs,
      cacheDir:
        values['llm-cache'] === undefined
          ? join(dirname(outPath), 'llm-cache')
          : userPath(values['llm-cache']),
      codebookPath: values.codebook === undefined ? null : userPath(values.codebook),
    },
  };
}

type AmendArgs = Exclude<ReturnType<typeof parseAmendArgs>, 'help'>;

async function expertReport(args: AmendArgs, mec: ReturnType<typeof amendableClass>['mec']): Promise<Report> {
  switch (args.expert.kind) {
    case 'epsilon': {
      const truth = dagFromBayesNet(parseBif(args.networkText!, shownPath(args.networkPath!)));
      return epsilonExpertReport(mec, truth, args.expert.epsilon, new Rng(args.seed).split('amend/epsilon'));
    }
    case 'answers': {
      const source = shownPath(args.expert.path);
      return reportFromProbabilities(
        answerProbabilities(mec, parseAnswerCsv(args.answersText!, source), source),
      );
    }
    case 'llm':
      return reportFromProbabilities(
        await llmProbabilities(mec, {
          ...args.llm,
          env: process.env,
          verbRng: new Rng(args.seed).split('amend/llm-verbs'),
        }),
      );
  }
}

/** Runs `amend`; returns the exit code (0 written, 1 failed, 2 bad input and nothing written). */
export async function runAmendCli(
  argv: readonly string[],
  output: CliOutput = processOutput,
): Promise<number> {
  return runCommand('amend', output, async () => {
    const args = parseAmendArgs(argv);
    if (args === 'help') return amendHelp;
    const networkNames =
      args.networkText === null
        ? undefined
        : parseBif(args.networkText, shownPath(args.networkPath!)).nodes.map((n) => n.name);
    const input = parseEdgesFile(args.cpdagText, shownPath(args.cpdagPath), networkNames);
    const cls = amendableClass(input.pdag);
    const report = await expertReport(args, cls.mec);
    const amendment = amendClass(cls.mec, report, args.eta, args.strategy);
    const kept = `${amendment.kept.length} of ${amendment.classSize}`;
    const settings = `expert=${args.expertText} eta=${args.eta} strategy=${args.strategy}`;
    const details = {
      expert: args.expertText,
      eta: args.eta,
      strategy: args.strategy,
      classSize: amendment.classSize,
      keptSize: amendment.kept.length,
      confidence: amendment.confidence,
      chosenArcs: amendment.chosenArcs,
      repair: cls.repair,
      relaxedArcs: cls.relaxedArcs,
    };
    const classText = await renderGraph(
      {
        pdag: amendment.amended,
        comment: `causal-expert amend ${settings} kept=${amendment.kept.length}/${amendment.classSize} confidence=${amendment.confidence.toFixed(6)}`,
        ntests: input.ntests,
        details,
        label: [
          `kept ${kept} DAGs; expert's arcs in blue`,
          `P(truth kept | answers) = ${amendment.confidence.toFixed(3)}, η = ${args.eta}`,
        ],
        highlight: new Set(amendment.decidedArcs.map(([a, b]) => `${a}\t${b}`)),
      },
      args.format,
    );
    const dagText = await renderGraph(
      {
        pdag: pdagOfDag(amendment.dag),
        comment: `causal-expert amend chosen DAG (largest posterior in the kept class, ${amendment.dagPosterior.toFixed(6)}) ${settings}`,
        ntests: input.ntests,
        details: { ...details, posterior: amendment.dagPosterior },
        label: [`chosen DAG: the kept member of largest posterior (${amendment.dagPosterior.toFixed(3)})`],
      },
      args.format,
    );
    await writeOutputs([
      { path: args.out, text: classText },
      { path: args.dagOut, text: dagText },
    ]);
    const arcs = (list: [string, string][]) =>
      list.length === 0 ? 'none' : list.map(([a, b]) => `${a} -> ${b}`).join(', ');
    return [
      `amend: ${cls.mec.m} undirected edges in a class of ${amendment.classSize} DAGs from ${shownPath(args.cpdagPath)}`,
      ...(cls.repair === 'extended'
        ? [
            '  the input PDAG is not a CPDAG: extended it to a DAG with extendPdagToDag (Dor–Tarsi) and amended',
            `  that DAG's equivalence class; arcs left undirected by it: ${arcs(cls.relaxedArcs)}`,
          ]
        : []),
      `  ${args.expertText}, eta = ${args.eta}, ${args.strategy}: kept ${kept}, P(truth kept | answers) = ${amendment.confidence.toFixed(6)}`,
      `  expert arcs committed to: ${arcs(amendment.chosenArcs)}`,
      `  arcs decided in the kept class: ${arcs(amendment.decidedArcs)}`,
      `  wrote the amended class (${args.format}) to ${shownPath(args.out)}`,
      `  wrote the chosen DAG (posterior ${amendment.dagPosterior.toFixed(6)}) to ${shownPath(args.dagOut)}`,
      '',
    ].join('\n');
  });
}

if (isMainModule(import.meta.url)) process.exitCode = await runAmendCli(process.argv.slice(2));
