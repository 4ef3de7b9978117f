// metrics.jsonl: one JSON object per line, appended as the run goes. It is an append-only log, not
// rewritten (rewriting on every metric would be quadratic); a kill can tear only its last line, and
// a resume cuts the file back to the length it had at the checkpoint, so the lines between the
// checkpoint and the kill (recomputed after the resume) are not doubled and a torn line disappears.
import { appendFileSync, existsSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { assertJson, type JsonObject, JsonObject as JsonObjectSchema } from './json-value.js';

export class MetricsLog {
  constructor(readonly path: string) {}

  append(record: JsonObject): void {
    assertJson(record, 'metric');
    appendFileSync(this.path, `${JSON.stringify(record)}\n`);
  }

  /** Current length in bytes: stored in a checkpoint so a resume can cut back to it. */
  length(): number {
    return existsSync(this.path) ? statSync(this.path).size : 0;
  }

  truncate(length: number): void {
    if (existsSync(this.path)) truncateSync(this.path, Math.min(length, this.length()));
  }
}

/** Reads metrics.jsonl back; a torn last line (from a kill mid-append) is skipped. */
export function readMetrics(path: string): JsonObject[] {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  const records: JsonObject[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      records.push(JsonObjectSchema.parse(JSON.parse(line)));
    } catch (error) {
      if (index === lines.length - 1) break;
      throw new Error(`${path}:${index + 1} is not a JSON object: ${String(error)}`);
    }
  }
  return records;
}
