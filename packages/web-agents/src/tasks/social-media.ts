// Task 21, social-media (held out): for user @u click Reply/Retweet/Like/Share (5–9 posts);
// +1 iff a post by u and the right button, else −1.
import { act } from '../actions/action.js';
import { descendants } from './common.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { instanceRng, mustFind, OracleStuck, sample, type TaskDef } from './task.js';
import { words } from './words.js';

const buttons = ['Reply', 'Retweet', 'Like', 'Share'];

export const socialMedia: TaskDef = {
  id: 'social-media',
  meta: { pages: 'single', heldOut: true, oracleLength: 1 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const n = 5 + rng.int(5);
    const users = sample(rng, words.firstNames, 4);
    const posts = Array.from({ length: n }, () => ({
      user: rng.choice(users),
      text: sample(rng, words.lorem, 5).join(' '),
    }));
    const post = rng.int(n);
    const user = posts[post]!.user;
    const action = rng.choice(buttons);
    const body = posts
      .map(
        (
          p,
          i,
        ) => `<div class="post" id="post${i}" style="border-bottom:1px solid #ccc"><span class="u">@${escapeHtml(p.user)}</span> <span>${escapeHtml(p.text)}</span>
<div>${buttons.map((b) => `<button class="a">${b}</button>`).join('')}</div></div>`,
      )
      .join('\n');
    const goal = `For the user @${user}, click on the "${action}" button.`;
    const script = `document.querySelectorAll('.post').forEach(function (post) {
  var user = post.querySelector('.u').textContent.slice(1);
  post.querySelectorAll('button.a').forEach(function (b) {
    b.addEventListener('click', function () { WOB.end(user === __task.user && b.textContent === __task.action ? 1 : -1); });
  });
});`;
    const postsOfUser = posts.flatMap((p, i) => (p.user === user ? [i] : []));
    return singlePageInstance({
      taskId: this.id,
      seed,
      goal,
      params: { user, action, posts: postsOfUser },
      body,
      task: { user, action },
      script,
    });
  },
  oracle(obs, params) {
    const valid = (params.posts as number[]).flatMap((i) => {
      const post = mustFind(obs, `post ${i}`, (el) => el.domId === `post${i}`);
      const button = descendants(obs, post.bid).find(
        (el) => el.role === 'button' && el.name === params.action,
      );
      return button ? [act.click(button.bid)] : [];
    });
    if (valid.length === 0) throw new OracleStuck('no button');
    return { valid };
  },
};
