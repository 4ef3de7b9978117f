// A page element for unit tests: every field of El set to a neutral value, overridable.
import type { El } from '../src/env/obs.js';

export const element = (bid: string, role: string, name: string, extra: Partial<El> = {}): El => ({
  bid,
  tag: 'div',
  role,
  name,
  text: '',
  value: null,
  checked: null,
  selected: false,
  disabled: false,
  editable: false,
  clickable: role === 'button',
  visible: true,
  focused: false,
  bbox: [0, 0, 10, 10],
  depth: 1,
  parentBid: null,
  domId: '',
  ...extra,
});
