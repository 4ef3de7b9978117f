// The in-page serializer (brief §3.4): one page.evaluate per step assigns bids (BrowserGym's `bid`
// attribute, DOM order, kept for the document's life) and returns the element list. It is a plain
// JavaScript string so no bundler helper can leak into the page.

export const serializerSource = String.raw`(() => {
  const W = window;
  if (typeof W.__bidNext !== 'number') W.__bidNext = 0;
  const collapse = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const clip = (s) => (s.length > 100 ? s.slice(0, 100) : s);
  const skip = new Set(['SCRIPT', 'STYLE', 'HEAD', 'META', 'TITLE', 'NOSCRIPT', 'LINK', 'BR', 'TEMPLATE']);
  const textInputs = new Set(['text', 'password', 'email', 'search', 'tel', 'url', 'number', 'date', '']);
  const roleOf = (el) => {
    const aria = el.getAttribute('role');
    if (aria) return aria;
    const tag = el.tagName;
    if (tag === 'BUTTON') return 'button';
    if (tag === 'A') return 'link';
    if (tag === 'INPUT') {
      const t = (el.getAttribute('type') || '').toLowerCase();
      if (t === 'checkbox') return 'checkbox';
      if (t === 'radio') return 'radio';
      if (t === 'submit' || t === 'button') return 'button';
      if (t === 'search') return 'searchbox';
      return 'textbox';
    }
    if (tag === 'TEXTAREA') return 'textbox';
    if (tag === 'SELECT') return 'combobox';
    if (tag === 'OPTION') return 'option';
    if (tag === 'TR') return 'row';
    if (tag === 'TD') return 'cell';
    if (tag === 'TH') return 'columnheader';
    if (/^H[1-6]$/.test(tag)) return 'heading';
    if (tag === 'P') return 'paragraph';
    if (tag === 'LI') return 'listitem';
    if (tag === 'UL' || tag === 'OL') return 'list';
    if (tag === 'TABLE') return 'table';
    if (tag === 'FORM') return 'form';
    if (tag === 'LABEL') return 'label';
    if (tag === 'IMG') return 'img';
    if (tag === 'SPAN' && el.children.length === 0 && collapse(el.textContent)) return 'StaticText';
    return 'generic';
  };
  const ownText = (el) => {
    let s = '';
    for (const n of el.childNodes) if (n.nodeType === 3) s += n.textContent + ' ';
    return collapse(s);
  };
  const nameOf = (el, role) => {
    const aria = el.getAttribute('aria-label');
    if (aria) return collapse(aria);
    const tag = el.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') {
      if (el.type === 'submit' || el.type === 'button') return collapse(el.value);
      if (el.id) {
        const label = document.querySelector('label[for="' + el.id + '"]');
        if (label) return collapse(label.textContent);
      }
      return collapse(el.getAttribute('placeholder') || '');
    }
    if (['button', 'link', 'option', 'tab', 'treeitem', 'heading', 'cell', 'columnheader', 'label', 'listitem', 'StaticText'].includes(role))
      return clip(collapse(el.textContent));
    return '';
  };
  const out = [];
  let focusedBid = null;
  const walk = (node, depth, parentBid) => {
    for (const el of node.children) {
      if (skip.has(el.tagName) || el.hasAttribute('data-wob-hide')) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      const rect = el.getBoundingClientRect();
      const isOption = el.tagName === 'OPTION';
      if (!isOption && (rect.width === 0 || rect.height === 0) && el.children.length === 0) continue;
      if (!el.hasAttribute('bid')) el.setAttribute('bid', String(W.__bidNext++));
      const bid = el.getAttribute('bid');
      const role = roleOf(el);
      const tag = el.tagName.toLowerCase();
      const isField = tag === 'input' || tag === 'textarea' || tag === 'select';
      const type = (el.getAttribute('type') || '').toLowerCase();
      const checkable = tag === 'input' && (type === 'checkbox' || type === 'radio');
      let value = null;
      if (tag === 'select') value = el.selectedIndex >= 0 ? collapse(el.options[el.selectedIndex].text) : '';
      else if (isField && !checkable && type !== 'submit' && type !== 'button') value = el.value;
      const editable = (tag === 'textarea' || (tag === 'input' && textInputs.has(type))) && !el.disabled && !el.readOnly;
      const clickable = ['a', 'button', 'input', 'select', 'option', 'summary', 'label'].includes(tag) || style.cursor === 'pointer' || el.hasAttribute('onclick');
      const focused = document.activeElement === el;
      if (focused) focusedBid = bid;
      out.push({
        bid, tag, role,
        name: nameOf(el, role),
        text: clip(ownText(el)),
        value,
        checked: checkable ? el.checked : el.hasAttribute('aria-checked') ? el.getAttribute('aria-checked') === 'true' : null,
        selected: isOption ? el.selected : el.getAttribute('aria-selected') === 'true',
        disabled: !!el.disabled,
        editable,
        clickable,
        visible: rect.bottom > 0 && rect.right > 0 && rect.top < innerHeight && rect.left < innerWidth,
        focused,
        bbox: [Math.round(rect.x), Math.round(rect.y), Math.round(rect.width), Math.round(rect.height)],
        depth,
        parentBid,
        domId: el.id || '',
      });
      walk(el, depth + 1, bid);
    }
  };
  walk(document.body, 0, null);
  const query = document.getElementById('query');
  const wob = W.WOB || { ready: false, done: false, rawReward: 0, reason: null };
  let pageState = null;
  try { pageState = W.__state === undefined ? null : JSON.parse(JSON.stringify(W.__state)); } catch (e) { pageState = null; }
  return {
    url: location.href,
    goal: query ? collapse(query.textContent) : '',
    elements: out,
    focusedBid,
    wob: { ready: !!wob.ready, done: !!wob.done, rawReward: Number(wob.rawReward) || 0, reason: wob.reason == null ? null : String(wob.reason) },
    pageState,
  };
})()`;
