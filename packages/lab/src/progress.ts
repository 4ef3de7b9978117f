// Progress bars. On an interactive terminal they are cli-progress bars on stderr, and log lines are
// printed above them instead of through them. Under CI or when output goes to a file or pipe there
// are no bars: a plain log line at each quarter of the way (and at least every minute) instead.
import cliProgress from 'cli-progress';
import { z } from 'zod';
import type { Logger } from './logger.js';

export interface ProgressBar {
  /** Advances by `steps` (default 1); `status` is shown next to the bar, e.g. { loss: '0.12' }. */
  tick(steps?: number, status?: Record<string, string | number>): void;
  /** Sets the position. */
  update(value: number, status?: Record<string, string | number>): void;
  stop(): void;
}

export interface ProgressBarOptions {
  /** Starting position, e.g. the step a resumed run continues from. */
  start?: number;
}

const CiFlag = z
  .string()
  .optional()
  .transform(
    (value) => value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false',
  );

/** True when bars should be drawn: stdout and stderr are terminals and CI is not set. */
export function isInteractiveTerminal(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(process.stdout.isTTY && process.stderr.isTTY) && !CiFlag.parse(env.CI);
}

function statusText(status: Record<string, string | number> | undefined): string {
  if (status === undefined) return '';
  return Object.entries(status)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
}

/** Owns the terminal while bars are shown; `write` is where console log lines should go. */
export class ProgressDisplay {
  private multiBar: cliProgress.MultiBar | undefined;
  private activeBars = 0;

  constructor(
    private readonly options: { interactive: boolean; log: () => Logger; stream?: NodeJS.WriteStream },
  ) {}

  /** Prints `text` above the bars when they are shown, straight to the stream otherwise. */
  write(text: string): void {
    if (this.multiBar && this.activeBars > 0) this.multiBar.log(text);
    else (this.options.stream ?? process.stderr).write(text);
  }

  bar(label: string, total: number, barOptions: ProgressBarOptions = {}): ProgressBar {
    const start = barOptions.start ?? 0;
    return this.options.interactive
      ? this.terminalBar(label, total, start)
      : this.logBar(label, total, start);
  }

  private terminalBar(label: string, total: number, start: number): ProgressBar {
    this.multiBar ??= new cliProgress.MultiBar(
      {
        stream: this.options.stream ?? process.stderr,
        format: '{label} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted} {status}',
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    const bar = this.multiBar.create(total, start, { label, status: '' });
    this.activeBars += 1;
    let stopped = false;
    return {
      tick: (steps = 1, status) => bar.increment(steps, { status: statusText(status) }),
      update: (value, status) => bar.update(value, { status: statusText(status) }),
      stop: () => {
        if (stopped) return;
        stopped = true;
        bar.stop();
        this.activeBars -= 1;
        if (this.activeBars === 0 && this.multiBar) {
          this.multiBar.stop();
          this.multiBar = undefined;
        }
      },
    };
  }

  private logBar(label: string, total: number, start: number): ProgressBar {
    let value = start;
    let lastQuarter = total > 0 ? Math.floor((4 * start) / total) : 0;
    let lastLineAt = Date.now();
    const report = (status: Record<string, string | number> | undefined) => {
      const quarter = total > 0 ? Math.floor((4 * value) / total) : 0;
      if (quarter === lastQuarter && Date.now() - lastLineAt < 60_000) return;
      lastQuarter = quarter;
      lastLineAt = Date.now();
      const percent = total > 0 ? Math.round((100 * value) / total) : 100;
      this.options.log().info(`${label}: ${value}/${total} (${percent}%) ${statusText(status)}`.trimEnd());
    };
    return {
      tick: (steps = 1, status) => {
        value += steps;
        report(status);
      },
      update: (newValue, status) => {
        value = newValue;
        report(status);
      },
      stop: () => undefined,
    };
  }
}
