// BIF writer (§3.1): the layout the reader takes (roots `table …;`, children one keyed row per
// parent configuration, first parent varying slowest); parseBif(writeBif(net)) reproduces net.
import type { BayesNet } from './bif.js';

function formatNumber(value: number): string {
  return String(value);
}

/** Writes BIF in the same layout; parseBif(writeBif(net)) reproduces net. */
export function writeBif(net: BayesNet): string {
  const out: string[] = [`network ${net.name} {`, '}'];
  for (const node of net.nodes) {
    out.push(`variable ${node.name} {`);
    out.push(`  type discrete [ ${node.states.length} ] { ${node.states.join(', ')} };`);
    out.push('}');
  }
  for (const node of net.nodes) {
    const k = node.states.length;
    if (node.parents.length === 0) {
      out.push(`probability ( ${node.name} ) {`);
      out.push(`  table ${Array.from(node.cpt, formatNumber).join(', ')};`);
    } else {
      const parents = node.parents.map((p) => net.nodes[p]!);
      out.push(`probability ( ${node.name} | ${parents.map((p) => p.name).join(', ')} ) {`);
      const rows = node.cpt.length / k;
      for (let r = 0; r < rows; r++) {
        const key: string[] = [];
        let rest = r;
        for (let j = parents.length - 1; j >= 0; j--) {
          const size = parents[j]!.states.length;
          key.unshift(parents[j]!.states[rest % size]!);
          rest = Math.floor(rest / size);
        }
        const values = Array.from(node.cpt.subarray(r * k, (r + 1) * k), formatNumber);
        out.push(`  (${key.join(', ')}) ${values.join(', ')};`);
      }
    }
    out.push('}');
  }
  return `${out.join('\n')}\n`;
}
