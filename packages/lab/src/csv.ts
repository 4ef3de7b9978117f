// CSV text (RFC 4180): comma-separated, a header line, fields quoted when they hold a comma, a
// quote or a line break, quotes doubled inside quoted fields.
import { cellText, columnsOf, type TableRow } from './table-rows.js';

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `rows` as CSV text with a header line; `columns` picks and orders the columns. */
export function toCsv(rows: readonly TableRow[], columns?: readonly string[]): string {
  const header = columnsOf(rows, columns);
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) lines.push(header.map((column) => csvField(cellText(row[column]))).join(','));
  return `${lines.join('\n')}\n`;
}
