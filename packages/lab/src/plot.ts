// Plots as SVG: a vega-lite spec is compiled to vega and rendered by vega's headless View
// (renderer 'none', then toSVG), so every figure comes from a declarative spec, never hand-drawn SVG.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { TableRow } from './table-rows.js';

export type { TopLevelSpec as VegaLiteSpec } from 'vega-lite';

export interface XyPlotOptions {
  /** One object per point. */
  data: readonly TableRow[];
  /** Field on the x axis. */
  x: string;
  /** Field on the y axis. */
  y: string;
  /** Field whose values split the points into coloured series. */
  series?: string;
  title?: string;
  xTitle?: string;
  yTitle?: string;
  yScale?: 'linear' | 'log';
  width?: number;
  height?: number;
}

function xySpec(mark: 'line' | 'point', options: XyPlotOptions): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title === undefined ? {} : { title: options.title }),
    width: options.width ?? 480,
    height: options.height ?? 300,
    data: { values: options.data.map((row) => ({ ...row })) },
    mark: mark === 'line' ? { type: 'line', point: false } : { type: 'point', filled: true },
    encoding: {
      x: { field: options.x, type: 'quantitative', title: options.xTitle ?? options.x },
      y: {
        field: options.y,
        type: 'quantitative',
        title: options.yTitle ?? options.y,
        scale: options.yScale === 'log' ? { type: 'log' } : { type: 'linear', zero: false },
      },
      ...(options.series === undefined ? {} : { color: { field: options.series, type: 'nominal' } }),
    },
  };
}

/** A vega-lite spec for lines of `y` against `x`, one line per value of `series`. */
export function linePlot(options: XyPlotOptions): TopLevelSpec {
  return xySpec('line', options);
}

/** A vega-lite spec for points of `y` against `x`, coloured by `series`. */
export function scatterPlot(options: XyPlotOptions): TopLevelSpec {
  return xySpec('point', options);
}

/** Renders a vega-lite spec to SVG text, headless. Errors throw; vega's warnings are not printed. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const quiet = vega.logger(vega.Error);
  const view = new vega.View(vega.parse(compile(spec, { logger: quiet }).spec), {
    renderer: 'none',
    logLevel: vega.Error,
  });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
