// Expert-privileged tasks (issue 17 point 5): on these the oracle reads the task's hidden parameters
// and goes straight to the hidden tab, collapsed section or closed folder, whose content is
// display:none and so never in the student's observation. No student can match those labels from
// what it sees, so these tasks are kept out of C3's off-policy gap (their rows stay in the unit
// table, marked). Their oracles are unchanged: online success and the other claims still use them.
export const expertPrivilegedTasks: readonly string[] = [
  'click-tab-2',
  'click-collapsible-2',
  'navigate-tree',
];
