// Plots: vega-lite specs rendered to SVG by vega, headless; the helpers build line and scatter specs.
import { describe, expect, test } from 'vitest';
import { linePlot, renderSvg, scatterPlot } from '../src/index.js';

const data = [
  { step: 0, loss: 1, seed: 'a' },
  { step: 1, loss: 0.5, seed: 'a' },
  { step: 0, loss: 0.9, seed: 'b' },
  { step: 1, loss: 0.4, seed: 'b' },
];

describe('plots', () => {
  test('a line plot with one series per seed renders to SVG with its title and axes', async () => {
    const spec = linePlot({ data, x: 'step', y: 'loss', series: 'seed', title: 'Loss', yScale: 'log' });
    expect(spec).toMatchObject({
      mark: { type: 'line' },
      encoding: { color: { field: 'seed' }, y: { scale: { type: 'log' } } },
    });
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Loss');
    expect(svg).toContain('step');
    expect((svg.match(/class="mark-line role-mark marks"/g) ?? []).length).toBeGreaterThan(0);
  });

  test('a scatter plot draws one symbol per point, and the same spec gives the same SVG', async () => {
    const spec = scatterPlot({ data, x: 'step', y: 'loss', xTitle: 'training step' });
    const svg = await renderSvg(spec);
    expect((svg.match(/<path /g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(svg).toContain('training step');
    expect(await renderSvg(spec)).toBe(svg);
  });
});
