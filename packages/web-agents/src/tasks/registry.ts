// The task suite of brief §3.3: 24 MiniWoB-style tasks plus the enterprise-lite E1–E2, by id, and
// the breadth tasks of issue 17 point 8 (multi-step forms, scrolling, content that appears on
// interaction, recoverable mistakes, drag).
import { createHash } from 'node:crypto';
import { bookFlight } from './book-flight.js';
import { chooseDate } from './choose-date.js';
import { chooseList } from './choose-list.js';
import { clickButton } from './click-button.js';
import { clickButtonSequence } from './click-button-sequence.js';
import { clickCheckboxes } from './click-checkboxes.js';
import { clickCollapsible2 } from './click-collapsible-2.js';
import { clickDialog } from './click-dialog.js';
import { clickLink } from './click-link.js';
import { clickOption } from './click-option.js';
import { clickTab } from './click-tab.js';
import { clickTab2 } from './click-tab-2.js';
import { confirmDelete } from './confirm-delete.js';
import { copyPaste } from './copy-paste.js';
import { createRecord } from './create-record.js';
import { dragItems } from './drag-items.js';
import { emailInbox } from './email-inbox.js';
import { enterDate } from './enter-date.js';
import { enterPassword } from './enter-password.js';
import { enterText } from './enter-text.js';
import { filterList } from './filter-list.js';
import { findWord } from './find-word.js';
import { focusText } from './focus-text.js';
import { formSequence2 } from './form-sequence-2.js';
import { formWizard } from './form-wizard.js';
import { loginUser } from './login-user.js';
import { loginUserPopup } from './login-user-popup.js';
import { navigateTree } from './navigate-tree.js';
import { phoneBook } from './phone-book.js';
import { readTable } from './read-table.js';
import { scrollText2 } from './scroll-text-2.js';
import { searchEngine } from './search-engine.js';
import { socialMedia } from './social-media.js';
import type { TaskDef, TaskInstance } from './task.js';
import { useAutocomplete } from './use-autocomplete.js';
import { useSpinner } from './use-spinner.js';

const suite: readonly TaskDef[] = [
  clickButton,
  clickLink,
  clickDialog,
  clickTab,
  clickOption,
  focusText,
  enterText,
  enterPassword,
  loginUser,
  chooseList,
  enterDate,
  useAutocomplete,
  copyPaste,
  readTable,
  findWord,
  clickCheckboxes,
  clickButtonSequence,
  clickCollapsible2,
  clickTab2,
  navigateTree,
  socialMedia,
  emailInbox,
  searchEngine,
  bookFlight,
  createRecord,
  filterList,
];

/**
 * Issue 17 point 8. Registered like the rest (so every suite test and verify-suite covers them, and
 * explicit task lists may name them); empty task lists use them only with `tasks.breadth` (config.ts).
 */
const breadth: readonly TaskDef[] = [
  useSpinner,
  loginUserPopup,
  chooseDate,
  scrollText2,
  phoneBook,
  formSequence2,
  formWizard,
  confirmDelete,
  dragItems,
];

export const breadthTaskIds: readonly string[] = breadth.map((t) => t.id);

const all: readonly TaskDef[] = [...suite, ...breadth];
const byId = new Map(all.map((task) => [task.id, task]));

/** Every registered task: the 26-task suite, then the breadth tasks. */
export function listTasks(): readonly TaskDef[] {
  return all;
}

/** The 26-task suite alone, in registry order: what `default` draws on and CI's browser tests cover. */
export function listSuiteTasks(): readonly TaskDef[] {
  return suite;
}

export function getTask(taskId: string): TaskDef {
  const task = byId.get(taskId);
  if (!task) throw new Error(`unknown task '${taskId}'; valid tasks: ${[...byId.keys()].join(', ')}`);
  return task;
}

const cache = new Map<string, TaskInstance>();

/** The instance of (task, seed), generated in Node (brief §3.2); cached because it is pure. */
export function generateInstance(taskId: string, seed: number): TaskInstance {
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`seed must be a non-negative integer, got ${seed}`);
  const key = `${taskId}/${seed}`;
  let instance = cache.get(key);
  if (!instance) {
    instance = getTask(taskId).generate(seed);
    if (cache.size > 5000) cache.clear();
    cache.set(key, instance);
  }
  return instance;
}

/** SHA-256 of an instance's pages (for determinism tests and the instance-leakage report). */
export function instanceHash(instance: TaskInstance): string {
  const hash = createHash('sha256');
  for (const path of Object.keys(instance.pages).sort())
    hash.update(path).update('\0').update(instance.pages[path]!);
  return hash.digest('hex').slice(0, 16);
}
