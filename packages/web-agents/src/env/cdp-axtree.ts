// The accessibility tree from Chromium itself (issue 17 point 7): `Accessibility.getFullAXTree` over
// a CDP session, rendered in BrowserGym's flattened line format `[bid] role 'name'`, beside the
// serializer's tag-table tree (axtree.ts). Roles and names are Chromium's (label association, text
// alternatives, implicit roles), so this tree is what a BrowserGym agent would see.
//
// Bids: the serializer writes BrowserGym's `bid` attribute on every element it observes, and every
// AX node carries the `backendDOMNodeId` of its DOM node; one `DOM.getDocument` call maps backend
// node ids to `bid` attributes, so a line's bid is the env's own element id and an action on it
// (`click('12')`) targets the same element. Nodes without an element of the serializer (text runs,
// the root, the goal box the serializer skips) are printed without a bid, as BrowserGym prints
// StaticText.
import type { CDPSession, Page } from 'playwright';
import { z } from 'zod';
import { pyRepr } from '../actions/format.js';

const AxValue = z.object({ value: z.unknown().optional() }).passthrough();

export const AxNode = z
  .object({
    nodeId: z.string(),
    ignored: z.boolean(),
    role: AxValue.optional(),
    name: AxValue.optional(),
    value: AxValue.optional(),
    properties: z.array(z.object({ name: z.string(), value: AxValue })).optional(),
    childIds: z.array(z.string()).optional(),
    parentId: z.string().optional(),
    backendDOMNodeId: z.number().int().optional(),
  })
  .passthrough();
export type AxNode = z.infer<typeof AxNode>;

const FullAxTree = z.object({ nodes: z.array(AxNode) });

/** One level of DOM.getDocument's tree (children are checked as they are walked). */
const DomNode = z
  .object({
    backendNodeId: z.number().int(),
    attributes: z.array(z.string()).optional(),
    children: z.array(z.unknown()).optional(),
    contentDocument: z.unknown().optional(),
    shadowRoots: z.array(z.unknown()).optional(),
  })
  .passthrough();

/** backendNodeId → bid attribute, for every element of the document that has one. */
export function bidsByBackendId(root: unknown): Map<number, string> {
  const out = new Map<number, string>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = DomNode.parse(stack.pop());
    const attrs = node.attributes ?? [];
    for (let i = 0; i + 1 < attrs.length; i += 2)
      if (attrs[i] === 'bid') out.set(node.backendNodeId, attrs[i + 1]!);
    stack.push(...(node.children ?? []));
    if (node.contentDocument !== undefined) stack.push(node.contentDocument);
    stack.push(...(node.shadowRoots ?? []));
  }
  return out;
}

const text = (v: { value?: unknown } | undefined): string =>
  v?.value === undefined || v.value === null ? '' : String(v.value).replace(/\s+/g, ' ').trim();

/** Roles that only repeat their parent's text (Chromium's per-line text boxes). */
const droppedRoles = new Set(['InlineTextBox', 'LineBreak']);
/** Wrapper roles printed only when they carry a name or a property. */
const wrapperRoles = new Set(['generic', 'none', 'presentation']);

function propertyText(node: AxNode): string[] {
  const props: string[] = [];
  for (const p of node.properties ?? []) {
    const v = p.value.value;
    if (p.name === 'focused' && v === true) props.push('focused');
    else if (p.name === 'disabled' && v === true) props.push('disabled');
    else if (p.name === 'required' && v === true) props.push('required');
    else if (['checked', 'selected', 'expanded', 'pressed'].includes(p.name) && v !== undefined)
      props.push(`${p.name}=${pyRepr(String(v))}`);
  }
  return props;
}

/** Renders getFullAXTree's nodes as BrowserGym-style lines, tab-indented by depth. */
export function renderAxtree(nodes: readonly AxNode[], bidOf: ReadonlyMap<number, string>): string {
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const lines: string[] = [];
  const visit = (node: AxNode, depth: number, parentName: string) => {
    const role = text(node.role);
    const name = text(node.name);
    const props = propertyText(node);
    const transparent =
      node.ignored ||
      droppedRoles.has(role) ||
      (wrapperRoles.has(role) && name === '' && props.length === 0) ||
      (role === 'StaticText' && name !== '' && parentName.includes(name));
    let childDepth = depth;
    if (!transparent) {
      const bid = node.backendDOMNodeId === undefined ? undefined : bidOf.get(node.backendDOMNodeId);
      let line = `${'\t'.repeat(depth)}${bid === undefined ? '' : `[${bid}] `}${role} ${pyRepr(name)}`;
      const value = text(node.value);
      if (value !== '') line += ` value=${pyRepr(value)}`;
      if (props.length > 0) line += `, ${props.join(', ')}`;
      lines.push(line);
      childDepth = depth + 1;
    }
    if (droppedRoles.has(role)) return;
    for (const id of node.childIds ?? []) {
      const child = byId.get(id);
      if (child) visit(child, childDepth, name); // as BrowserGym: compared with the AX parent's own name
    }
  };
  // roots: nodes no other node lists as a child (parentId is not sent by every Chromium version)
  const children = new Set(nodes.flatMap((n) => n.childIds ?? []));
  for (const root of nodes.filter((n) => !children.has(n.nodeId))) visit(root, 0, '');
  return lines.join('\n');
}

const sessions = new WeakMap<Page, CDPSession>();

async function sessionFor(page: Page): Promise<CDPSession> {
  let session = sessions.get(page);
  if (!session) {
    session = await page.context().newCDPSession(page);
    sessions.set(page, session);
  }
  return session;
}

async function fetchTree(page: Page): Promise<string> {
  const session = await sessionFor(page);
  const document = await session.send('DOM.getDocument', { depth: -1, pierce: true });
  const tree = FullAxTree.parse(await session.send('Accessibility.getFullAXTree'));
  return renderAxtree(tree.nodes, bidsByBackendId(document.root));
}

/**
 * Chromium's accessibility tree of the page, with the env's bids. Call it after an observation (the
 * serializer assigns the bids). A session detached by a crash or a cross-process navigation is
 * replaced once.
 */
export async function cdpAxtreeText(page: Page): Promise<string> {
  try {
    return await fetchTree(page);
  } catch (error) {
    if (page.isClosed()) throw error;
    const stale = sessions.get(page);
    sessions.delete(page);
    await stale?.detach().catch(() => undefined);
    return fetchTree(page);
  }
}
