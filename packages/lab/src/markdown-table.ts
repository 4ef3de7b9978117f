// GitHub-flavoured Markdown tables. Cells are escaped so a `|` or a line break inside a value
// cannot break the table.
import { cellText, columnsOf, type TableCell, type TableRow } from './table-rows.js';

function markdownCell(cell: TableCell): string {
  return cellText(cell).replaceAll('\\', '\\\\').replaceAll('|', '\\|').replace(/\r?\n/g, '<br>');
}

/** `rows` as a Markdown table; `columns` picks and orders the columns. An empty table is a header only. */
export function toMarkdownTable(rows: readonly TableRow[], columns?: readonly string[]): string {
  const header = columnsOf(rows, columns);
  if (header.length === 0) return '';
  const lines = [
    `| ${header.map(markdownCell).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${header.map((column) => markdownCell(row[column])).join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}
