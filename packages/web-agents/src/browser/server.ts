// The loopback task server of brief §3.2: node:http on 127.0.0.1, port 0, serving every instance at
// /t/<taskId>/<seed>/<page>, generated from (task, seed). No external assets.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateInstance } from '../tasks/registry.js';

export interface TaskServer {
  readonly origin: string;
  /** The reset URL of an episode (the nonce clears stale sessionStorage). */
  startUrl(taskId: string, seed: number, nonce: string): string;
  close(): Promise<void>;
}

export async function createTaskServer(): Promise<TaskServer> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const match = /^\/t\/([a-z0-9-]+)\/(\d+)\/([a-z0-9.-]+)$/.exec(url.pathname);
    if (!match) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${url.pathname}`);
      return;
    }
    try {
      const instance = generateInstance(match[1]!, Number(match[2]));
      const html = instance.pages[match[3]!];
      if (html === undefined) {
        response
          .writeHead(404, { 'content-type': 'text/plain' })
          .end(`no page ${match[3]} in ${match[1]}/${match[2]}`);
        return;
      }
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(html);
    } catch (error) {
      response.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    startUrl(taskId, seed, nonce) {
      const instance = generateInstance(taskId, seed);
      return `${origin}/t/${taskId}/${seed}/${instance.startPath}?nonce=${encodeURIComponent(nonce)}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
