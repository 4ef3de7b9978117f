// `pnpm --filter causal-expert run discover -- --data <csv> [--network <bif> | --levels <json>]
//   --test g2-pcalg|g2-bnlearn|x2|fisherz --alpha <a> --format edges|dot|json|svg --out <file>`
// PC-stable (pcalg's order and relaxed orientation) on a user's CSV. --network or --levels declare
// each discrete variable's states (their count sets the G² degrees of freedom, as pcalg's nlev);
// without them a column has max observed code + 1 levels.
import { basename } from 'node:path';
import { type CliOutput, InputError, type InputProblem, isMainModule } from 'lab';
import { TripleRule } from '../ambiguous-triples.js';
import { parseBif } from '../bif.js';
import { continuousFromCsv, discreteFromCsv } from '../data-csv.js';
import { type DeclaredLevels, declaredFromNetwork, parseLevelsJson } from '../declared-levels.js';
import { type DiscoveryData, dataKindOf, discoverGraph } from '../discovery.js';
import { directedArcs, skeletonEdgeCount, undirectedEdges } from '../graph.js';
import { GraphFormat } from '../graph-format.js';
import { InputFileError } from '../input-file-error.js';
import type { ConflictHandling } from '../pc-stable.js';
import { PcTest } from '../pc-sweep.js';
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
  data: { type: 'string' },
  network: { type: 'string' },
  levels: { type: 'string' },
  test: { type: 'string' },
  alpha: { type: 'string' },
  'adapt-df': { type: 'boolean' },
  vstruct: { type: 'string' },
  'solve-conflicts': { type: 'boolean' },
  format: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const VstructRule = ['relaxed', ...TripleRule] as const;

export const discoverHelp = `discover: PC-stable on your data (pcalg's order, relaxed orientation)

Usage: pnpm --filter causal-expert run discover -- --data <csv> [--network <bif> | --levels <json>]
         --test <test> --alpha <a> --format <format> --out <file>

  --data <csv>       header of variable names, one row per sample; discrete cells are state codes
                     0..k-1 (or state names declared by --network/--levels), Fisher-z cells numbers
  --network <bif>    a BIF network declaring every variable's states (their count is the level count)
  --levels <json>    {"name": count or ["state", …], …} for some or all variables
  --test <test>      ${PcTest.options.join(' | ')}
  --alpha <a>        significance level in (0, 1); an edge goes when p ≥ a
  --adapt-df         pcalg's adaptDF for g2-pcalg: lower df by the table's zero cells (|S| > 0)
  --vstruct <rule>   ${VstructRule.join(' | ')} (default relaxed): pcalg's u2pd relaxed, conservative, maj.rule
  --solve-conflicts  pcalg's solve.confl: an edge oriented both ways is left undirected and reported
  --format <format>  ${GraphFormat.join(' | ')} (edges: '# … ntests=<n>' then 'A -> B' / 'A -- B' lines)
  --out <file>       where to write the graph (atomically; nothing is written on an error)

Relative paths are taken from the folder you ran pnpm in.
`;

interface DiscoverArgs {
  conflicts: ConflictHandling;
  dataPath: string;
  declaredPath: string | null;
  test: PcTest;
  alpha: number;
  adaptDf: boolean;
  format: GraphFormat;
  out: string;
  dataText: string;
  declaredText: string | null;
  declaredKind: 'network' | 'levels' | null;
}

function parseDiscoverArgs(argv: readonly string[]): DiscoverArgs | 'help' {
  const values = parseFlags(argv, flags);
  if (values.help) return 'help';
  const problems: InputProblem[] = [];
  const data = required('data', values.data, problems);
  const testText = required('test', values.test, problems);
  const alphaText = required('alpha', values.alpha, problems);
  const formatText = required('format', values.format, problems);
  const out = required('out', values.out, problems);
  const test = testText === null ? null : choiceFlag('test', testText, PcTest.options, problems);
  const alpha =
    alphaText === null ? null : numberFlag('alpha', alphaText, { min: 0, max: 1, open: true }, problems);
  const format = formatText === null ? null : choiceFlag('format', formatText, GraphFormat, problems);
  const vstruct = choiceFlag('vstruct', values.vstruct ?? 'relaxed', VstructRule, problems);
  if (values.network !== undefined && values.levels !== undefined)
    problems.push({ key: '--network/--levels', message: 'give one of them, not both' });
  if (values['adapt-df'] && test !== null && test !== 'g2-pcalg')
    problems.push({
      key: '--adapt-df',
      message: `is pcalg's option of its G² test; valid only with --test g2-pcalg, not ${test}`,
    });
  const dataPath = data === null ? null : userPath(data);
  const declaredFlag =
    values.network !== undefined ? '--network' : values.levels !== undefined ? '--levels' : null;
  const declaredPath = declaredFlag === null ? null : userPath((values.network ?? values.levels)!);
  const dataText = dataPath === null ? null : readInput('--data', dataPath, problems);
  const declaredText = declaredPath === null ? null : readInput(declaredFlag!, declaredPath, problems);
  if (
    problems.length > 0 ||
    dataText === null ||
    test === null ||
    alpha === null ||
    format === null ||
    out === null ||
    vstruct === null
  )
    throw new InputError(problems);
  return {
    conflicts: { vstructRule: vstruct, solveConflicts: values['solve-conflicts'] ?? false },
    dataPath: dataPath!,
    declaredPath,
    test,
    alpha,
    adaptDf: values['adapt-df'] ?? false,
    format,
    out: userPath(out),
    dataText,
    declaredText,
    declaredKind: declaredFlag === null ? null : declaredFlag === '--network' ? 'network' : 'levels',
  };
}

function readDeclared(args: DiscoverArgs): DeclaredLevels | undefined {
  if (args.declaredText === null || args.declaredPath === null) return undefined;
  return args.declaredKind === 'network'
    ? declaredFromNetwork(
        parseBif(args.declaredText, shownPath(args.declaredPath)),
        shownPath(args.declaredPath),
      )
    : parseLevelsJson(args.declaredText, shownPath(args.declaredPath));
}

/** Fisher-z reads numbers; with --network its columns must still be the network's variables. */
function readData(args: DiscoverArgs, declared: DeclaredLevels | undefined): DiscoveryData {
  if (dataKindOf(args.test) === 'discrete')
    return { kind: 'discrete', data: discreteFromCsv(args.dataText, shownPath(args.dataPath), declared) };
  const data = continuousFromCsv(args.dataText, shownPath(args.dataPath));
  const unknown = data.names.find((name) => declared?.covers === 'all' && !declared.variables.has(name));
  if (unknown !== undefined)
    throw new InputFileError(
      {
        file: shownPath(args.dataPath),
        line: 1,
        column: args.dataText.split(/\r?\n/)[0]!.indexOf(unknown) + 1,
      },
      `a variable of ${declared!.source}`,
      unknown,
    );
  return { kind: 'continuous', data };
}

/** Runs `discover`; returns the exit code (0 written, 1 failed, 2 bad input and nothing written). */
export async function runDiscoverCli(
  argv: readonly string[],
  output: CliOutput = processOutput,
): Promise<number> {
  return runCommand('discover', output, async () => {
    const args = parseDiscoverArgs(argv);
    if (args === 'help') return discoverHelp;
    const declared = readDeclared(args);
    const input = readData(args, declared);
    const result = discoverGraph(input, {
      test: args.test,
      alpha: args.alpha,
      adaptDf: args.adaptDf,
      conflicts: args.conflicts,
    });
    const names = input.data.names;
    const conflictEdges = result.conflicts.map(([a, b]) => `${names[a]} -- ${names[b]}`);
    const { pdag } = result;
    const ntests = result.skeleton.ntests;
    const { n, d } = input.data;
    const orientation = `${args.conflicts.vstructRule}${args.conflicts.solveConflicts ? ' solve.confl' : ''}`;
    const testLabel = `${args.test}${args.adaptDf ? ' adaptDF' : ''}`;
    const text = await renderGraph(
      {
        pdag,
        comment: `causal-expert pc-stable test=${args.test}${args.adaptDf ? ' adaptDF=TRUE' : ''} u2pd=${orientation.replace(' ', ',')} alpha=${args.alpha} n=${n} data=${basename(args.dataPath)}`,
        ntests,
        details: {
          test: args.test,
          adaptDf: args.adaptDf,
          alpha: args.alpha,
          orientation: args.conflicts,
          ambiguousTriples: result.ambiguous.length,
          conflicts: conflictEdges,
          n,
          levels:
            input.kind === 'discrete'
              ? Object.fromEntries(input.data.names.map((name, j) => [name, input.data.levels[j]]))
              : null,
        },
        label: [
          `PC-stable on ${basename(args.dataPath)}`,
          `${testLabel}, α = ${args.alpha}, n = ${n}, ${ntests} tests`,
        ],
      },
      args.format,
    );
    await writeOutputs([{ path: args.out, text }]);
    const unused = declared
      ? [...declared.variables.keys()].filter((name) => !input.data.names.includes(name))
      : [];
    return [
      `discover: ${n} rows × ${d} variables from ${shownPath(args.dataPath)}${declared ? ` (states declared by ${declared.source})` : ''}`,
      ...(unused.length > 0 ? [`  declared but not in the data (left out): ${unused.join(', ')}`] : []),
      `  ${testLabel}, alpha = ${args.alpha}: ${ntests} CI tests, ${skeletonEdgeCount(pdag)} edges (${directedArcs(pdag).length} directed, ${undirectedEdges(pdag).length} undirected)`,
      ...(args.conflicts.vstructRule !== 'relaxed' || args.conflicts.solveConflicts
        ? [
            `  orientation ${orientation}: ${result.ambiguous.length} ambiguous triples (${result.tripleTests} extra tests), ${conflictEdges.length} conflict edges left undirected${conflictEdges.length > 0 ? `: ${conflictEdges.join(', ')}` : ''}`,
          ]
        : []),
      `  wrote ${args.format} to ${shownPath(args.out)}`,
      '',
    ].join('\n');
  });
}

if (isMainModule(import.meta.url)) process.exitCode = await runDiscoverCli(process.argv.slice(2));
