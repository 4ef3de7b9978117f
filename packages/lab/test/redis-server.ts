// A Redis of the test's own: Debian's redis-server on a free loopback port, with a password,
// keeping nothing on disk, stopped by the test. `.ci/run` installs redis-server; elsewhere a
// missing one skips the queue tests loudly (and fails them when CI is set).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertQueueReachable } from '../src/queue-connection.js';
import { parseQueueUrl, type QueueTarget } from '../src/queue-url.js';

/** redis-server's path on PATH, or undefined. */
export function findRedisServer(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** A port nothing listens on right now (the kernel's choice for port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface TestRedis {
  /** redis://:<password>@127.0.0.1:<port> */
  url: string;
  target: QueueTarget;
  stop(): Promise<void>;
}

export async function startRedisServer(path: string, password: string, dir: string): Promise<TestRedis> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--requirepass', password];
  const child: ChildProcess = spawn(path, [...args, '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `redis://:${password}@127.0.0.1:${port}`;
  const target = parseQueueUrl(url);
  for (let attempt = 0; ; attempt++) {
    try {
      await assertQueueReachable(target);
      break;
    } catch (error) {
      if (attempt >= 100 || child.exitCode !== null) {
        child.kill();
        throw new Error(`redis-server on port ${port} did not answer: ${(error as Error).message}`);
      }
      await sleep(100);
    }
  }
  return {
    url,
    target,
    stop: async () => {
      child.kill();
      await exited;
    },
  };
}
