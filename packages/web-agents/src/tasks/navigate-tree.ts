// Task 20, navigate-tree: expand folders to find file/folder X; +1 on X; −1 on a wrong file;
// folders only toggle.
import { act } from '../actions/action.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { instanceRng, mustFind, type TaskDef } from './task.js';
import { capitalize, words } from './words.js';

interface Node {
  id: string;
  name: string;
  children: Node[] | null; // null = file
}

function render(node: Node): string {
  if (node.children === null)
    return `<li><span role="treeitem" class="clk file" id="${node.id}">${escapeHtml(node.name)}</span></li>`;
  const kids = node.children.map(render).join('');
  return `<li><span role="treeitem" class="clk folder" id="${node.id}" aria-expanded="false">${escapeHtml(node.name)}</span><ul class="hidden" id="${node.id}-kids">${kids}</ul></li>`;
}

export const navigateTree: TaskDef = {
  id: 'navigate-tree',
  meta: { pages: 'single', heldOut: false, oracleLength: 2 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const names = rng.shuffle([...words.firstNames.map(capitalize), ...words.lorem.map(capitalize)]);
    let next = 0;
    const all: { node: Node; path: string[] }[] = [];
    const build = (depth: number, path: string[]): Node[] =>
      Array.from({ length: 2 + rng.int(2) }, () => {
        const id = `n${next}`;
        const name = names[next++]!;
        const isFolder = depth < 2 && rng.bernoulli(0.5);
        const node: Node = { id, name, children: null };
        all.push({ node, path });
        if (isFolder) node.children = build(depth + 1, [...path, id]);
        return node;
      });
    const roots = build(0, []);
    const { node: target, path } = rng.choice(all);
    const body = `<ul>${roots.map(render).join('')}</ul>`;
    const goal = `Navigate through the file tree. Find and click on the folder or file named "${target.name}".`;
    const script = `document.querySelectorAll('[role=treeitem]').forEach(function (item) {
  item.addEventListener('click', function () {
    if (item.textContent === __task.target) { WOB.end(1); return; }
    if (item.classList.contains('folder')) {
      document.getElementById(item.id + '-kids').classList.toggle('hidden');
      item.setAttribute('aria-expanded', item.getAttribute('aria-expanded') === 'true' ? 'false' : 'true');
    } else WOB.end(-1);
  });
});`;
    return singlePageInstance({
      taskId: this.id,
      seed,
      goal,
      params: { target: target.id, path },
      body,
      task: { target: target.name },
      script,
    });
  },
  oracle(obs, params) {
    const target = obs.elements.find((el) => el.domId === params.target);
    if (target) return { valid: [act.click(target.bid)] };
    // Expand the first ancestor folder that is not yet open.
    for (const id of params.path as string[]) {
      const folder = mustFind(obs, `folder ${id}`, (el) => el.domId === id);
      if (!obs.elements.some((el) => el.parentBid !== null && el.domId === `${id}-kids`))
        return { valid: [act.click(folder.bid)] };
    }
    return {
      valid: [
        act.click(
          mustFind(obs, 'the last folder', (el) => el.domId === (params.path as string[]).at(-1)).bid,
        ),
      ],
      recovering: true,
    };
  },
};
