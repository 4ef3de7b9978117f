// Rows of a table, as the CSV and Markdown writers take them: one object per row, one key per column.

export type TableCell = string | number | boolean | null | undefined;
export type TableRow = Record<string, TableCell>;

/** The columns of `rows` in first-seen order, unless `columns` names them. */
export function columnsOf(rows: readonly TableRow[], columns?: readonly string[]): string[] {
  if (columns) return [...columns];
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/** A cell as text: empty for null/undefined, numbers as JavaScript prints them. */
export function cellText(cell: TableCell): string {
  return cell === null || cell === undefined ? '' : String(cell);
}
