// The queue's address, `--queue redis://[user:password@]host:port[/db]` (rediss:// for TLS). The
// password is needed to connect and must be seen nowhere else: logs, config.json, reports and
// error messages show the URL with the password replaced by ***. The URL itself only ever goes
// into the Redis client's connection options.
import { InputError } from './input-error.js';

/** The BullMQ queue every lab coordinator sends to and every lab worker takes jobs from. */
export const queueName = 'lab-jobs';

export interface QueueConnection {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls?: Record<string, never>;
}

export interface QueueTarget {
  /** For the Redis client only: it holds the password. */
  readonly connection: QueueConnection;
  /** The URL with the password replaced by ***: the form to print, log and record. */
  readonly redacted: string;
  /** The password, to cut out of any text from elsewhere (an error) before it is shown; '' without one. */
  readonly secret: string;
}

const validForm = 'use redis://[user:password@]host:port[/db] (or rediss:// for TLS)';

/** Best-effort redaction of text that may hold a URL with a password, e.g. a --queue value that did not parse. */
export function redactUrlText(text: string): string {
  return text.replace(/(\/\/[^/@:\s]*:)[^@\s]*@/g, '$1***@');
}

/** `text` with every occurrence of the target's password replaced by ***. */
export function redactSecret(target: QueueTarget, text: string): string {
  return target.secret === '' ? text : text.split(target.secret).join('***');
}

/** Parses a queue URL; a bad one is an InputError naming `flag`, the URL (password hidden) and the valid form. */
export function parseQueueUrl(text: string, flag = '--queue'): QueueTarget {
  const problem = (why: string) =>
    new InputError([{ key: flag, message: `'${redactUrlText(text)}' ${why}; ${validForm}` }]);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw problem('is not a URL');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw problem(`has the scheme '${url.protocol}', not redis: or rediss:`);
  if (url.hostname === '') throw problem('names no host');
  if (url.search !== '' || url.hash !== '') throw problem('has a query or fragment, which lab does not read');
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText)) throw problem(`has the database '${dbText}', not a number`);
  const password = decodeURIComponent(url.password);
  const username = decodeURIComponent(url.username);
  const port = url.port === '' ? 6379 : Number(url.port);
  const connection: QueueConnection = {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'), // an IPv6 address without its brackets
    port,
    db: dbText === '' ? 0 : Number(dbText),
    ...(username === '' ? {} : { username }),
    ...(password === '' ? {} : { password }),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
  const shown = new URL(url.href);
  if (shown.password !== '') shown.password = '***';
  return { connection, redacted: shown.href, secret: password };
}
