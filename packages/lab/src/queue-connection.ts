// Is the queue there? A coordinator or worker checks before it starts, so an unreachable Redis or a
// wrong password is one clear error ("nothing was run") instead of a client retrying forever.
import { Redis } from 'ioredis';
import { InputError } from './input-error.js';
import { type QueueTarget, redactSecret } from './queue-url.js';

/** Connects once (no retries) and PINGs; throws an InputError naming `flag`, the URL (password hidden) and the reason. */
export async function assertQueueReachable(
  target: QueueTarget,
  flag = '--queue',
  timeoutMs = 5000,
): Promise<void> {
  const client = new Redis({
    ...target.connection,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The client reports the cause (ECONNREFUSED, WRONGPASS) as an event; connect() then only says
  // "Connection is closed".
  let cause: string | undefined;
  client.on('error', (error: Error) => {
    cause ??= error.message;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const reason = redactSecret(target, cause ?? (error instanceof Error ? error.message : String(error)));
    const { host, port } = target.connection;
    throw new InputError([
      {
        key: flag,
        message: `cannot use the Redis at ${target.redacted} (${reason}). Start one (redis-server --port ${port} --requirepass <password>) on ${host}, or check the host, port and password`,
      },
    ]);
  } finally {
    client.disconnect();
  }
}
