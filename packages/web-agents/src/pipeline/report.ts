// report.md sections, CSV tables, SVG plots and the trace viewer of a run (brief §8, §12; acceptance
// criterion 12).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { linePlot, type RunContext, scatterPlot, type TableRow, toMarkdownTable } from 'lab';
import type { Episode } from '../data/trace.js';
import type { Summary } from '../summary.js';
import { buildViewer } from '../viewer/html.js';
import type { StudyData } from './run-study.js';

const p = (x: number | null | undefined, d = 1) =>
  x === null || x === undefined || !Number.isFinite(x) ? '' : (100 * x).toFixed(d);
const f = (x: number | null | undefined, d = 3) =>
  x === null || x === undefined || !Number.isFinite(x) ? '' : x.toFixed(d);

export async function writeReport(
  ctx: RunContext,
  s: Summary,
  data: StudyData,
  evalEps: readonly Episode[],
  oracleEps: readonly Episode[],
): Promise<void> {
  // Setup and throughput
  ctx.addReportSection(
    'Setup',
    [
      `Train tasks (${data.train.length}): ${data.train.join(', ')}.`,
      `Held-out tasks (${data.heldOut.length}): ${data.heldOut.join(', ')}.`,
      `Chromium ${s.meta.chromium}, Playwright ${s.meta.playwright}, tf backend ${s.meta.backend}, execution backend '${data.config.env.backend}', reset '${data.config.env.reset}' (goto for multi-page tasks), ${data.config.env.workers} browser worker(s), H = ${data.config.env.horizon}.`,
      `Measured environment throughput (all phases, including policy inference): **${s.meta.envStepsPerSec.toFixed(1)} env steps/s**. Episodes: ${s.meta.totalEpisodes}, failed by crash/timeout: ${s.meta.failedEpisodes}${s.meta.failedEpisodes > 0.01 * s.meta.totalEpisodes ? ' (**warning: above 1 %**)' : ''}. Wall time ${(s.meta.wallTimeS / 60).toFixed(1)} min.`,
      '',
      toMarkdownTable(
        data.phases.map((ph) => ({
          phase: ph.phase,
          episodes: ph.episodes,
          steps: ph.steps,
          seconds: f(ph.seconds, 1),
          'steps/s': f(ph.stepsPerSecond, 1),
          failed: ph.failed,
        })),
      ),
    ].join('\n'),
  );
  // Dataset report
  const ds = s.dataset;
  ctx.addReportSection(
    'Dataset report',
    [
      toMarkdownTable(
        Object.entries(ds.perExpert).map(([expert, d]) => ({
          expert,
          episodes: d.episodes,
          'success %': p(d.successRate),
          'kept episodes': d.kept,
          'kept steps': d.steps,
          tokens: d.tokens,
        })),
      ),
      '',
      `Tokens are whitespace tokens of goal + AXTree text + history + thought + action (not comparable with the paper's 140M LLM tokens). Tasks left without data after success filtering: ${Object.entries(
        ds.tasksWithNoData,
      )
        .map(([k, v]) => `${k}: ${v.length === 0 ? 'none' : v.join(', ')}`)
        .join('; ')}.`,
      `Oracle targets pruned from the student's element list: ${p(ds.prunedTargetShare, 2)} %. Instance leakage (evaluation instances whose goal and HTML hash occur in training data): ${p(ds.instanceLeakage)} %.`,
      '',
      'Uniformly random well-formed policy (acceptance criterion 4):',
      '',
      toMarkdownTable(
        Object.entries(ds.randomPolicySr).map(([task, sr]) => ({ task, 'random SR %': p(sr) })),
      ),
      `Mean random SR: ${p(Object.values(ds.randomPolicySr).reduce((a, b) => a + b, 0) / Math.max(1, Object.keys(ds.randomPolicySr).length))} %.`,
    ].join('\n'),
  );
  ctx.addReportSection(
    'Trainings',
    toMarkdownTable(
      data.trainings.map((t) => ({
        config: t.name,
        episodes: t.episodes,
        samples: t.samples,
        'gradient steps': t.steps,
        'mean loss': f(t.meanLoss),
        'samples/s': f(t.samplesPerSecond, 0),
        dropped: JSON.stringify(t.dropped),
      })),
    ),
  );
  // Every point
  const rows: TableRow[] = s.points.map((pt) => ({
    config: pt.config,
    ckpt: pt.ckpt,
    mode: pt.evalMode,
    'Acc %': p(pt.offline?.acc),
    'Acc(tf) %': p(pt.offline?.accTF),
    'Acc vs oracle %': p(pt.offline?.accOracle),
    'valid-action %': p(pt.offline?.validAcc),
    NLL: f(pt.offline?.nll),
    'thought acc %': p(pt.offline?.thoughtAccFree),
    episodes: pt.online?.n ?? '',
    'SR %': p(pt.online?.sr),
    'Wilson 95 %': pt.online ? `[${p(pt.online.wilson[0])}, ${p(pt.online.wilson[1])}]` : '',
    'strict SR %': p(pt.online?.strictSr),
  }));
  await ctx.writeCsv('points.csv', rows);
  ctx.addReportSection('Offline and online metrics of every checkpoint', toMarkdownTable(rows));
  // Agreement
  const a = s.agreement;
  ctx.addReportSection(
    "Offline ↔ online agreement on each config's own expert traces (secondary, decides nothing)",
    [
      `Correlation set: ${a.nPoints} points (online-evaluated SFT checkpoints of oracle, style-mix, noisy), ≥ ${a.minEpisodesPerPoint} paired episodes each. SR range ${p(a.srRange)} pp, Acc range ${p(a.accRange)} pp.`,
      `Spearman ρ(Acc, SR) = ${f(a.rho)} (95 % bootstrap CI over train tasks [${f(a.rhoCi[0])}, ${f(a.rhoCi[1])}], ${a.skippedResamples}/${a.resamples} resamples skipped for constant ranks); Kendall τ_b = ${f(a.tau)}.`,
      `Within-config ρ (no verdict): ${Object.entries(a.withinConfigRho)
        .map(([k, v]) => `${k} ${f(v)}`)
        .join(', ')}.`,
      '',
      a.inversions.length === 0
        ? 'No candidate inversion (pairs with Acc_p − Acc_q ≥ 2 pp and SR_q − SR_p ≥ 5 pp).'
        : toMarkdownTable(
            a.inversions.map((i) => ({
              p: i.p,
              q: i.q,
              'Acc p %': p(i.accP),
              'Acc q %': p(i.accQ),
              'SR p %': p(i.srP),
              'SR q %': p(i.srQ),
              b: i.b,
              c: i.c,
              'McNemar p': i.pValue.toExponential(2),
              [`significant (0.05/${a.pairsTested})`]: i.significant ? 'yes' : 'no',
            })),
          ),
      '',
      '![Acc vs SR](plots/acc_vs_sr.svg)',
    ].join('\n'),
  );
  const corr = s.points.filter(
    (pt) =>
      ['oracle', 'style-mix', 'noisy'].includes(pt.config) &&
      pt.evalMode === data.config.eval.mode &&
      pt.online &&
      pt.offline,
  );
  if (corr.length > 0) {
    await ctx.writePlot(
      'plots/acc_vs_sr.svg',
      scatterPlot({
        data: corr.map((pt) => ({ Acc: pt.offline!.acc, SR: pt.online!.sr, config: pt.config })),
        x: 'Acc',
        y: 'SR',
        series: 'config',
        title: 'Offline exact-match accuracy vs online success',
        xTitle: 'offline Acc (held-out expert traces)',
        yTitle: 'online SR',
      }),
    );
    await ctx.writePlot(
      'plots/sr_vs_epoch.svg',
      linePlot({
        data: corr.map((pt) => ({ epoch: pt.epoch, SR: pt.online!.sr, config: pt.config })),
        x: 'epoch',
        y: 'SR',
        series: 'config',
        title: 'Online SR vs epoch',
      }),
    );
    const accRows = s.points.filter(
      (pt) =>
        ['oracle', 'style-mix', 'noisy'].includes(pt.config) &&
        pt.evalMode === data.config.eval.mode &&
        pt.offline,
    );
    await ctx.writePlot(
      'plots/acc_vs_epoch.svg',
      linePlot({
        data: accRows.map((pt) => ({ epoch: pt.epoch, Acc: pt.offline!.acc, config: pt.config })),
        x: 'epoch',
        y: 'Acc',
        series: 'config',
        title: 'Offline Acc vs epoch',
      }),
    );
  }
  // Off-policy
  const o = s.offPolicy;
  ctx.addReportSection(
    'Off-policy diagnostics (C3)',
    [
      `oracle final, multi-step train tasks (mean oracle length ≥ 3 in the collected data): ${o.tasks.join(', ') || 'none'}.`,
      `A_exp = ${p(o.aExp)} %, A_stu = ${p(o.aStu)} %, Δ_off = ${p(o.delta)} pp (95 % bootstrap CI over tasks [${p(o.ci[0])}, ${p(o.ci[1])}]).`,
      '',
      toMarkdownTable(
        o.perTask.map((t) => ({
          task: t.task,
          'A_exp %': p(t.aExp),
          'A_stu %': p(t.aStu),
          'Δ_off pp': p(t.delta),
          'expert steps': t.expSteps,
          'student steps': t.stuSteps,
          'first divergence (step)': f(t.firstDivergenceMean, 2),
          'off-support states %': p(t.offSupportShare),
        })),
      ),
      '',
      '![Δ_off per task](plots/delta_off.svg)',
    ].join('\n'),
  );
  if (o.perTask.length > 0)
    await ctx.writePlot(
      'plots/delta_off.svg',
      scatterPlot({
        data: o.perTask.map((t) => ({ task: t.task, delta: t.delta, aExp: t.aExp })),
        x: 'aExp',
        y: 'delta',
        series: 'task',
        title: 'Δ_off per multi-step task',
        xTitle: 'A_exp',
        yTitle: 'Δ_off = A_exp − A_stu',
      }),
    );
  // Reasoning
  const r = s.reasoning;
  ctx.addReportSection(
    'Reasoning analogue (C4)',
    [
      toMarkdownTable(
        Object.entries(r.thoughtAcc).map(([k, v]) => ({
          checkpoint: k,
          'thought accuracy % (free-running, oracle traces)': p(v),
        })),
      ),
      '',
      `drop₀ (λ = 0, oracle-actonly) = ${p(r.drop0)} pp [${p(r.ci0[0])}, ${p(r.ci0[1])}]; drop₀.₅ (λ = 0.5, oracle) = ${p(r.drop05)} pp [${p(r.ci05[0])}, ${p(r.ci05[1])}].`,
      '',
      toMarkdownTable(
        Object.entries(r.srThinkAct).map(([k, v]) => ({
          config: k,
          'SR think %': p(v.think),
          'SR act %': p(v.act),
        })),
      ),
    ].join('\n'),
  );
  // Remedies
  const rem = s.remedies;
  ctx.addReportSection(
    'Remedies (C5): BC, DART, DAgger',
    [
      toMarkdownTable(
        Object.keys(rem.sr).map((k) => ({
          config: k,
          'SR %': p(rem.sr[k]),
          'offline Acc vs oracle %': p(rem.offlineAcc[k]),
        })),
      ),
      '',
      `DAgger (${rem.daggerVsBcBudget.budgetSteps} labelled steps) vs bc-budget (${rem.daggerVsBcBudget.bcSteps}, drawn from the oracle pool; C5's gate needs them equal): Δ = ${p(rem.daggerVsBcBudget.delta)} pp, b = ${rem.daggerVsBcBudget.b}, c = ${rem.daggerVsBcBudget.c}, exact McNemar p = ${rem.daggerVsBcBudget.pValue.toExponential(2)}.`,
    ].join('\n'),
  );
  ctx.addReportSection(
    'Held-out tasks (task-level split, no claim)',
    toMarkdownTable(
      Object.entries(s.heldOut).map(([k, v]) => ({ checkpoint: k, episodes: v.n, 'SR %': p(v.sr) })),
    ),
  );
  if (s.limitedCoverage) {
    const c = s.limitedCoverage;
    ctx.addReportSection(
      "Capability-limited expert's traces (issue 17 point 7, no claim)",
      [
        `The 'limited' config trains on the limited expert's success-filtered traces (${c.kept} kept of ${c.attempted} attempted episodes). **Task coverage: ${c.covered.length} / ${c.tasks} train tasks (${p(c.coverage)} %)** have at least one kept trace; no data: ${c.missing.length === 0 ? 'none' : c.missing.join(', ')}.`,
        '',
        toMarkdownTable(
          (['all', 'covered', 'missing'] as const).map((k) => ({
            tasks:
              k === 'all'
                ? `all (${c.tasks})`
                : `${k} (${k === 'covered' ? c.covered.length : c.missing.length})`,
            'limited final SR %': p(c.sr[k]),
            'oracle final SR %': p(c.oracleSr[k]),
          })),
        ),
      ].join('\n'),
    );
  }
  if (s.llm) {
    const row = (tasks: string, o: NonNullable<Summary['llm']>['train']) => ({
      tasks,
      episodes: o.n,
      'SR %': p(o.sr),
      'Wilson 95 %': `[${p(o.wilson[0])}, ${p(o.wilson[1])}]`,
      'strict SR %': p(o.strictSr),
    });
    ctx.addReportSection(
      'LLM policy (issue 17 point 7, no claim)',
      [
        `Model \`${s.llm.model}\` as an evaluated policy on BrowserGym's observation dict (axtree '${s.llm.axtree}'), at the students' evaluation seeds. Invalid steps (no parseable action in the reply): ${s.llm.invalidSteps} of ${s.llm.steps}.`,
        '',
        toMarkdownTable([
          row('train', s.llm.train),
          ...(s.llm.heldOut ? [row('held out', s.llm.heldOut)] : []),
        ]),
      ].join('\n'),
    );
  }
  // Error taxonomy
  const kinds = [...new Set(s.points.flatMap((pt) => Object.keys(pt.online?.errors ?? {})))].sort();
  ctx.addReportSection(
    'Error taxonomy of online episodes',
    toMarkdownTable(
      s.points
        .filter((pt) => pt.online)
        .map((pt) => ({
          point: `${pt.config}@${pt.ckpt}/${pt.evalMode}`,
          episodes: pt.online!.n,
          ...Object.fromEntries(kinds.map((k) => [k, pt.online!.errors[k] ?? 0])),
        })),
    ),
  );
  // Viewer: a bounded, deterministic subset (oracle final, base and the held-out expert's own traces).
  const pick = [
    ...evalEps.filter((e) => (e.policy === 'oracle' && e.ckpt === 'final') || e.policy === 'base'),
    ...oracleEps.slice(0, 20),
  ].slice(0, 400);
  const viewerDir = join(ctx.runDir, 'viewer');
  mkdirSync(viewerDir, { recursive: true });
  writeFileSync(join(viewerDir, 'index.html'), buildViewer(pick, `web-agents ${ctx.preset} ${ctx.runId}`));
  ctx.addReportSection(
    'Trace viewer',
    'A static viewer of the oracle-final and base evaluation episodes is in `viewer/index.html` (open it in a browser; it needs no network).',
  );
}
