// The brief's claims (§7) as checks over the summary. Every claim is printed beside the paper's value
// whatever the verdict; thresholds are the brief's, never tuned.
import type { Claim, ClaimCheck } from 'lab';
import { spearman } from './correlation.js';
import { fromJsonNumber as num, type Summary } from './summary.js';
import type { TaskId } from './task.js';

const FIVE = ['cdsm', 'fd', 'dc', 'reward', 'agreement'];
const NOISY: TaskId = 'manifold-bumps-noisy-d32-v0';
const f2 = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : 'NaN');
const f3 = (value: number) => (Number.isFinite(value) ? value.toFixed(3) : 'NaN');

function selectedRows(summary: Summary, task: string, variant: string) {
  return summary.correlations.filter(
    (row) => row.task === task && row.variant === variant && !row.pooled && FIVE.includes(row.metric),
  );
}

/** r* = the most negative Pearson r over the five metrics of one (task, variant), with its CI and metric. */
export function rStar(summary: Summary, task: string, variant: string) {
  let best: { r: number; high: number; metric: string } | undefined;
  for (const row of selectedRows(summary, task, variant)) {
    const r = num(row.pearson);
    if (!Number.isFinite(r)) continue;
    if (!best || r < best.r) best = { r, high: num(row.pearsonHigh), metric: row.metric };
  }
  return best;
}

function variantTasks(summary: Summary, variant: string): TaskId[] {
  return [...new Set(summary.correlations.filter((row) => row.variant === variant).map((row) => row.task))];
}

const metricRanking: Claim<Summary> = {
  id: 'metric-ranking',
  statement: 'Agreement and FD correlate best with the test reward.',
  paper: 'Wins over 7 (task, variant) pairs: Agr 3, FD 2, reward 1, C-DSM 1, DC 0 [paper, Fig. 4 caption].',
  check(summary): ClaimCheck {
    const { wins } = summary;
    const pairs = wins.pairs;
    const share = ((wins.pearson.agreement ?? 0) + (wins.pearson.fd ?? 0)) / Math.max(pairs, 1);
    const winText = FIVE.map((m) => `${m} ${f2(wins.pearson[m] ?? 0)}`).join(', ');
    const measured = `wins by Pearson over ${pairs} pairs: ${winText}; Agr+FD share ${f2(share)}`;
    if (pairs < 3) return { verdict: 'inconclusive', measured: `${measured} (fewer than 3 pairs)` };
    if (share >= 0.5) return { verdict: 'reproduced', measured };
    // pairs won by another metric whose CI upper bound lies below the better of Agr's and FD's r
    let otherWon = 0;
    let clearlyBetter = 0;
    const keys = new Set(summary.correlations.map((row) => `${row.task}|${row.variant}`));
    for (const key of keys) {
      const [task, variant] = key.split('|') as [string, string];
      const star = rStar(summary, task, variant);
      if (!star || star.metric === 'agreement' || star.metric === 'fd') continue;
      otherWon += 1;
      const rows = selectedRows(summary, task, variant);
      const agrFd = Math.min(
        ...rows
          .filter((row) => row.metric === 'agreement' || row.metric === 'fd')
          .map((row) => num(row.pearson)),
      );
      if (star.high < agrFd) clearlyBetter += 1;
    }
    const text = `${measured}; ${clearlyBetter} of ${otherWon} pairs won by another metric with CI upper bound below Agr/FD`;
    return otherWon > 0 && clearlyBetter >= otherWon / 2
      ? { verdict: 'not reproduced', measured: text }
      : { verdict: 'inconclusive', measured: text };
  },
};

const cfgWeak: Claim<Summary> = {
  id: 'cfg-weak',
  statement: 'Under CFG no metric correlates strongly with the test reward.',
  paper:
    'r* = −0.308 (Ant, reward), −0.219 (Kitty, FD), −0.200 (SD, Agr), −0.536 (Hopper50, C-DSM) [paper, Fig. 3]; wording not confirmed.',
  check(summary) {
    const tasks = variantTasks(summary, 'cfg');
    const stars = tasks.map((task) => ({ task, star: rStar(summary, task, 'cfg') }));
    const measured = stars
      .map(
        ({ task, star }) =>
          `${task}: r* ${star ? `${f2(star.r)} (${star.metric}, CI hi ${f2(star.high)})` : 'NaN'}`,
      )
      .join('; ');
    const weak = stars.filter(({ star }) => star && star.r > -0.6).length;
    const strong = stars.filter(({ star }) => star && star.r <= -0.6 && star.high < -0.3).length;
    if (weak >= 3) return { verdict: 'reproduced', measured };
    if (strong >= 2) return { verdict: 'not reproduced', measured };
    return { verdict: 'inconclusive', measured };
  },
};

const cgStronger: Claim<Summary> = {
  id: 'cg-stronger',
  statement: 'Metrics correlate more strongly under classifier guidance than under CFG.',
  paper:
    'r* under c.g. ≈ −0.60 (Ant), −0.80 (Kitty), −0.76 (SD) vs −0.31 / −0.22 / −0.20 under CFG [paper, Fig. 4, ±0.03]; wording not confirmed.',
  check(summary) {
    const both = variantTasks(summary, 'cg').filter((task) => variantTasks(summary, 'cfg').includes(task));
    const deltas = both.map((task) => {
      const cg = rStar(summary, task, 'cg');
      const cfg = rStar(summary, task, 'cfg');
      return {
        task,
        delta: cg && cfg ? cg.r - cfg.r : Number.NaN,
        cg: cg?.r ?? Number.NaN,
        cfg: cfg?.r ?? Number.NaN,
      };
    });
    const measured = deltas
      .map((d) => `${d.task}: c.g. ${f2(d.cg)} vs CFG ${f2(d.cfg)}, Δ ${f2(d.delta)}`)
      .join('; ');
    if (deltas.length === 0 || deltas.some((d) => !Number.isFinite(d.delta)))
      return { verdict: 'inconclusive', measured: measured || 'no task ran both variants' };
    if (deltas.every((d) => d.delta < 0) && deltas.some((d) => d.delta <= -0.1))
      return { verdict: 'reproduced', measured };
    if (deltas.filter((d) => d.delta > 0).length > deltas.length / 2)
      return { verdict: 'not reproduced', measured };
    return { verdict: 'inconclusive', measured };
  },
};

const noisyAgreementSign: Claim<Summary> = {
  id: 'noisy-agreement-sign',
  statement: 'On the highly variable task, agreement correlates with the wrong sign under CFG.',
  paper: 'Hopper50: Agr r = +0.529; the best metric is C-DSM at −0.536 [paper, Fig. 3].',
  check(summary) {
    const row = selectedRows(summary, NOISY, 'cfg').find((r) => r.metric === 'agreement');
    if (!row) return { verdict: 'inconclusive', measured: 'the noisy task was not run under CFG' };
    const r = num(row.pearson);
    const low = num(row.pearsonLow);
    const high = num(row.pearsonHigh);
    const measured = `manifold-bumps-noisy (CFG) agreement r ${f2(r)} [${f2(low)}, ${f2(high)}], n ${row.n}`;
    if (r > 0 && low > -0.2) return { verdict: 'reproduced', measured };
    if (r < 0 && high < 0.2) return { verdict: 'not reproduced', measured };
    return { verdict: 'inconclusive', measured };
  },
};

function taskInfo(summary: Summary, task: string) {
  return summary.tasks.find((row) => row.task === task);
}

const noisyNoGain: Claim<Summary> = {
  id: 'noisy-no-gain',
  statement: 'On the noisy task, conditional diffusion does not beat the best training design.',
  paper: 'Hopper50: 0.143 ± 0.037 vs D(best) 0.272 [paper, results table].',
  check(summary) {
    const rows = summary.final.filter(
      (row) => row.task === NOISY && row.variant === 'cfg' && FIVE.includes(row.rule),
    );
    const info = taskInfo(summary, NOISY);
    if (rows.length === 0 || !info)
      return { verdict: 'inconclusive', measured: 'the noisy task was not run under CFG' };
    const best = rows.reduce((a, b) => (num(b.row.p100.mean) > num(a.row.p100.mean) ? b : a));
    const mean = num(best.row.p100.mean);
    const sd = num(best.row.p100.sd);
    const dBest = num(info.dBest);
    const measured = `best metric-selected row (${best.rule}) 100th pct ${f3(mean)} ± ${f3(sd)} vs noiseless D(best) ${f3(dBest)}`;
    if (mean < dBest) return { verdict: 'reproduced', measured };
    if (mean - sd > dBest) return { verdict: 'not reproduced', measured };
    return { verdict: 'inconclusive', measured };
  },
};

const beatsDbest: Claim<Summary> = {
  id: 'beats-dbest',
  statement: 'A metric-selected diffusion model finds designs better than the best training design.',
  paper:
    'CFG: Ant 0.954 vs 0.565, Kitty 0.972 vs 0.884, SD 0.645 vs 0.400 [paper, results table; may be means, not confirmed].',
  check(summary) {
    const tasks = variantTasks(summary, 'cfg').filter((task) => task !== NOISY);
    const parts = tasks.map((task) => {
      const row = summary.final.find((r) => r.task === task && r.variant === 'cfg' && r.rule === 'agreement');
      const info = taskInfo(summary, task);
      return {
        task,
        mean: num(row?.row.p100.mean),
        sd: num(row?.row.p100.sd),
        dBest: num(info?.dBest),
        random: num(info?.randomSearch.p100.mean),
      };
    });
    const measured =
      parts
        .map((p) => `${p.task}: Agr-selected 100th pct ${f3(p.mean)} ± ${f3(p.sd)} vs D(best) ${f3(p.dBest)}`)
        .join('; ') +
      (parts.find((p) => p.task === 'tfbind8-v0')
        ? `; TFBind8 random search 100th pct ${f3(parts.find((p) => p.task === 'tfbind8-v0')!.random)}`
        : '');
    if (parts.length < 3) return { verdict: 'inconclusive', measured: `${measured} (fewer than 3 tasks)` };
    if (parts.every((p) => p.mean - p.sd > p.dBest)) return { verdict: 'reproduced', measured };
    if (parts.filter((p) => p.mean < p.dBest).length >= 2) return { verdict: 'not reproduced', measured };
    return { verdict: 'inconclusive', measured };
  },
};

const guidanceDiversity: Claim<Summary> = {
  id: 'guidance-diversity',
  statement: 'Raising the guidance weight trades diversity for sample quality.',
  paper: "Among the paper's findings on hyper-parameters; exact wording not confirmed from the paper text.",
  check(summary) {
    const tasks = variantTasks(summary, 'cfg').filter((task) => task !== NOISY);
    const parts = tasks.map((task) => {
      const rows = summary.tradeoff.filter((row) => row.task === task && row.variant === 'cfg');
      const discrete = taskInfo(summary, task)?.isDiscrete ?? false;
      const w = rows.map((row) => row.w);
      const diversity = rows.map((row) => num(discrete ? row.uniqueFrac : row.meanPairDist));
      return {
        task,
        sDiv: spearman(w, diversity),
        sFd: spearman(
          w,
          rows.map((row) => num(row.fd)),
        ),
      };
    });
    const measured = parts.map((p) => `${p.task}: s_div ${f2(p.sDiv)}, s_fd ${f2(p.sFd)}`).join('; ');
    if (parts.length === 3 && parts.every((p) => p.sDiv <= -0.9 && p.sFd >= 0.9))
      return { verdict: 'reproduced', measured };
    if (parts.filter((p) => p.sDiv >= 0 || p.sFd <= 0).length >= 2)
      return { verdict: 'not reproduced', measured };
    return { verdict: 'inconclusive', measured };
  },
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const bestHighW: Claim<Summary> = {
  id: 'best-high-w',
  statement: 'The best configurations weight heavily toward quality (large w).',
  paper: "Among the paper's findings on hyper-parameters; exact wording not confirmed from the paper text.",
  check(summary) {
    const rows = summary.oracleBest.filter((row) => row.variant === 'cfg');
    const parts = rows.map((row) => {
      const grid = summary.guidanceGrids.find((g) => g.task === row.task && g.variant === 'cfg')?.grid ?? [];
      return { task: row.task, w: row.w, median: median(grid) };
    });
    const measured = parts.map((p) => `${p.task}: w* ${p.w} (grid median ${p.median})`).join('; ');
    if (parts.filter((p) => p.w > p.median).length >= 3) return { verdict: 'reproduced', measured };
    if (parts.filter((p) => p.w < p.median).length >= 3) return { verdict: 'not reproduced', measured };
    return { verdict: 'inconclusive', measured };
  },
};

export const claims: readonly Claim<Summary>[] = [
  metricRanking,
  cfgWeak,
  cgStronger,
  noisyAgreementSign,
  noisyNoGain,
  beatsDbest,
  guidanceDiversity,
  bestHighW,
];
