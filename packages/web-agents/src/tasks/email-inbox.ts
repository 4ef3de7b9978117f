// Task 22, email-inbox (lite, multi-page): find the email from S and delete / star / reply "t" /
// forward to R. +1 iff the right operation on the right email, −1 for an operation on a wrong email
// (or a wrong operation). Real same-origin navigations: inbox → email → reply/forward; go_back works.
import { act } from '../actions/action.js';
import { escapeHtml, renderPage } from './runtime.js';
import { byRoleName, instanceRng, mustFind, OracleStuck, sample, type TaskDef } from './task.js';
import { capitalize, words } from './words.js';

type Op = 'delete' | 'star' | 'reply' | 'forward';

export const emailInbox: TaskDef = {
  id: 'email-inbox',
  meta: { pages: 'multi', heldOut: false, oracleLength: 3 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const n = 3 + rng.int(4);
    const senders = sample(rng, words.firstNames, n).map(capitalize);
    const emails = senders.map((from) => ({
      from,
      subject: rng.choice(words.subjects),
      body: sample(rng, words.lorem, 8).join(' '),
    }));
    const index = rng.int(n);
    const op: Op = rng.choice(['delete', 'star', 'reply', 'forward'] as const);
    const text = sample(rng, words.lorem, 2).join(' ');
    const to = capitalize(rng.choice(words.firstNames.filter((f) => !senders.includes(capitalize(f)))));
    const goal =
      op === 'delete'
        ? `Find the email by ${emails[index]!.from} and click the trash icon to delete it.`
        : op === 'star'
          ? `Find the email by ${emails[index]!.from} and click the star icon to mark it as important.`
          : op === 'reply'
            ? `Find the email by ${emails[index]!.from} and reply to them with the text "${text}".`
            : `Find the email by ${emails[index]!.from} and forward that email to ${to}.`;
    const task = { index, op, text, to };
    const page = (body: string, script: string) => renderPage({ title: this.id, goal, body, task, script });
    const pages: Record<string, string> = {
      'inbox.html': page(
        `<h2>Inbox</h2>${emails.map((e, i) => `<div><a href="email-${i}.html" id="open${i}">${escapeHtml(e.from)}: ${escapeHtml(e.subject)}</a></div>`).join('')}`,
        '',
      ),
    };
    emails.forEach((e, i) => {
      pages[`email-${i}.html`] = page(
        `<h3>${escapeHtml(e.subject)}</h3><div>From: <span>${escapeHtml(e.from)}</span></div><p>${escapeHtml(e.body)}</p>
<button id="trash" aria-label="trash">🗑</button><button id="star" aria-label="star">☆</button>
<a href="reply-${i}.html" id="reply">Reply</a> <a href="forward-${i}.html" id="forward">Forward</a>`,
        `document.getElementById('trash').addEventListener('click', function () { WOB.end(__task.op === 'delete' && ${i} === __task.index ? 1 : -1); });
document.getElementById('star').addEventListener('click', function () { WOB.end(__task.op === 'star' && ${i} === __task.index ? 1 : -1); });`,
      );
      pages[`reply-${i}.html`] = page(
        `<div>To: <span>${escapeHtml(e.from)}</span></div><textarea id="body" aria-label="message"></textarea><button id="send">Send</button>`,
        `document.getElementById('send').addEventListener('click', function () {
  WOB.end(__task.op === 'reply' && ${i} === __task.index && document.getElementById('body').value === __task.text ? 1 : -1);
});`,
      );
      pages[`forward-${i}.html`] = page(
        `<div><label for="to">To</label><input type="text" id="to"></div><p>${escapeHtml(e.body)}</p><button id="send">Send</button>`,
        `document.getElementById('send').addEventListener('click', function () {
  WOB.end(__task.op === 'forward' && ${i} === __task.index && document.getElementById('to').value === __task.to ? 1 : -1);
});`,
      );
    });
    return { taskId: this.id, seed, goal, params: task, pages, startPath: 'inbox.html' };
  },
  oracle(obs, params) {
    const { index, op, text, to } = params as { index: number; op: Op; text: string; to: string };
    const page = /\/([a-z]+)(?:-(\d+))?\.html/.exec(obs.url);
    if (!page) throw new OracleStuck(`unknown page ${obs.url}`);
    const [, kind, num] = page;
    if (kind === 'inbox')
      return { valid: [act.click(mustFind(obs, 'the email link', (el) => el.domId === `open${index}`).bid)] };
    if (Number(num) !== index) return { valid: [act.goBack()], recovering: true };
    if (kind === 'email') {
      const id = op === 'delete' ? 'trash' : op;
      return { valid: [act.click(mustFind(obs, op, (el) => el.domId === id).bid)] };
    }
    if ((kind === 'reply' && op !== 'reply') || (kind === 'forward' && op !== 'forward'))
      return { valid: [act.goBack()], recovering: true };
    const field = mustFind(obs, 'the field', (el) => el.domId === (kind === 'reply' ? 'body' : 'to'));
    const want = kind === 'reply' ? text : to;
    if (field.value !== want) return { valid: [act.fill(field.bid, want)] };
    const send = byRoleName(obs, 'button', 'Send');
    if (!send) throw new OracleStuck('no Send');
    return { valid: [act.click(send.bid)] };
  },
};
