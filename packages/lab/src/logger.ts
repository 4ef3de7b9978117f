// The logger: the one way lab and a study's run print. Each entry goes to every sink: the console
// (through the progress display, so bars are not torn), the run folder's run.log, a test's array.
import { appendFileSync } from 'node:fs';
import type { JsonObject } from './json-value.js';

export type LogLevel = 'info' | 'warn';

export interface LogEntry {
  level: LogLevel;
  message: string;
  fields?: JsonObject;
  time: Date;
}

export type LogSink = (entry: LogEntry) => void;

export interface Logger {
  info(message: string, fields?: JsonObject): void;
  warn(message: string, fields?: JsonObject): void;
}

export function createLogger(sinks: readonly LogSink[]): Logger {
  const emit = (level: LogLevel, message: string, fields?: JsonObject) => {
    const entry: LogEntry =
      fields === undefined
        ? { level, message, time: new Date() }
        : { level, message, fields, time: new Date() };
    for (const sink of sinks) sink(entry);
  };
  return {
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
  };
}

/** One line: `2024-01-01T12:00:00.000Z warn message {"key":1}` (the level only when it is not info). */
export function formatLogEntry(entry: LogEntry): string {
  const level = entry.level === 'info' ? '' : `${entry.level}: `;
  const fields = entry.fields === undefined ? '' : ` ${JSON.stringify(entry.fields)}`;
  return `${entry.time.toISOString()} ${level}${entry.message}${fields}`;
}

/** A sink that hands each formatted line (with its newline) to `write`, e.g. process.stderr.write. */
export function textSink(write: (text: string) => void): LogSink {
  return (entry) => write(`${formatLogEntry(entry)}\n`);
}

/** A sink appending each line to a file (the run's run.log); synchronous, so lines keep their order. */
export function fileSink(path: string): LogSink {
  return (entry) => appendFileSync(path, `${formatLogEntry(entry)}\n`);
}
