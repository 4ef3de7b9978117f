// SVG drawing of a graph (issue 18 point 2): Graphviz's `dot` layout through @viz-js/viz, which
// is Graphviz compiled to WebAssembly and shipped inside the npm package (nothing is downloaded
// at run time). Takes the DOT text of graph-format.ts.
import { instance } from '@viz-js/viz';

/** The Graphviz version the drawings are made with (for provenance lines). */
export async function graphvizVersion(): Promise<string> {
  return (await instance()).graphvizVersion;
}

/**
 * Lays out `dot` with Graphviz's dot engine and returns the SVG text; a DOT error throws with
 * Graphviz's message. The root element gets role="img" and the graph's label as its accessible
 * name (Graphviz puts its <title> inside a group, which screen readers do not announce).
 */
export async function svgOfDot(dot: string, label = 'causal graph'): Promise<string> {
  const viz = await instance();
  const svg = viz.renderString(dot, { format: 'svg', engine: 'dot' });
  return svg.replace('<svg ', `<svg role="img" aria-label="${escapeAttribute(label)}" `);
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
