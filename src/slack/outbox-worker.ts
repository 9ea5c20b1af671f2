import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  type WebClient,
} from "@slack/web-api";
import {
  leaseDue,
  markFailed,
  markRetry,
  markSent,
  type OutboxRow,
  recordTs,
  sentMessage,
} from "../db/repositories/outbox.js";
import type { Logger } from "../logger.js";
import type { Services } from "../services/context.js";

/**
 * Sends the outbox. Rows are leased, so several workers (several instances) never
 * send one row twice at once. Slack being down or answering 5xx means "try again
 * later" with backoff; 429 waits as long as Retry-After says; a post whose ts is
 * already known becomes an update, so a retry never posts twice. The Web API client
 * must be built with retries off: retrying is this worker's job.
 */

export interface RenderedMessage {
  text: string;
  blocks?: unknown[];
}

/** Turns a stored intent into the message as it should read now, or null when it no longer applies. */
export type Renderer = (payload: Record<string, unknown>) => Promise<RenderedMessage | null>;

export interface OutboxWorker {
  /** Sends what is due now, without waiting for the next poll. */
  kick(): void;
  /** Runs one pass and resolves when it is done (for tests and shutdown). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

const LEASE_MS = 30_000;
const MAX_BACKOFF_MS = 60_000;
/** How long a reply waits for its thread's first message before trying again. */
const THREAD_WAIT_MS = 1_000;

export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempts, 16));
}

export function startOutboxWorker(args: {
  services: Services;
  client: WebClient;
  render: Renderer;
  log: Logger;
  pollMs?: number;
  /** Least time between two posts to one channel: Slack allows about one message a second per channel. */
  perChannelIntervalMs?: number;
}): OutboxWorker {
  const { services, client, render, log } = args;
  const interval = args.perChannelIntervalMs ?? 1000;
  const lastPostAt = new Map<string, number>();
  /** Waits until `channel` may take another message, then books the slot. */
  async function paced(channel: string): Promise<void> {
    const wait = (lastPostAt.get(channel) ?? 0) + interval - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    lastPostAt.set(channel, Date.now());
  }
  let current: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  async function sendOne(row: OutboxRow): Promise<void> {
    const now = () => services.clock();
    let thread: { ts: string; channel: string } | null = null;
    if (row.threadOf) {
      thread = await sentMessage(services.db, row.threadOf);
      if (!thread) {
        await markRetry(
          services.db,
          row.id,
          `waiting for ${row.threadOf} to be posted`,
          new Date(now().getTime() + THREAD_WAIT_MS),
        );
        return;
      }
    }
    const message = await render(row.payload);
    if (!message) {
      await markFailed(services.db, row.id, "nothing to send any more");
      return;
    }
    try {
      if (row.kind === "update") {
        if (!thread) throw new Error(`update ${row.key} names no message to update`);
        await client.chat.update({
          channel: thread.channel,
          ts: thread.ts,
          text: message.text,
          blocks: message.blocks as never,
        });
        await markSent(services.db, row.id, thread.ts, thread.channel, now());
        return;
      }
      const channel = row.channel;
      if (!channel) throw new Error(`${row.key} names no channel`);
      if (row.ts) {
        await client.chat.update({ channel, ts: row.ts, text: message.text, blocks: message.blocks as never });
        await markSent(services.db, row.id, row.ts, channel, now());
        return;
      }
      await paced(channel);
      const posted = await client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks as never,
        ...(thread ? { thread_ts: thread.ts } : {}),
        unfurl_links: false,
      });
      const ts = posted.ts as string;
      const postedChannel = (posted.channel as string | undefined) ?? channel;
      await recordTs(services.db, row.id, ts, postedChannel);
      await markSent(services.db, row.id, ts, postedChannel, now());
    } catch (error) {
      await handleFailure(row, error, now());
    }
  }

  async function handleFailure(row: OutboxRow, error: unknown, now: Date) {
    if (error instanceof WebAPIRateLimitedError) {
      const waitMs = Math.max(1, error.retryAfter) * 1000;
      log.warn({ key: row.key, retryAfter: error.retryAfter }, "Slack rate limit: waiting as asked");
      await markRetry(services.db, row.id, `rate limited for ${error.retryAfter}s`, new Date(now.getTime() + waitMs));
      return;
    }
    if (error instanceof WebAPIPlatformError) {
      const code = String(error.data.error);
      if (
        code === "ratelimited" ||
        code === "internal_error" ||
        code === "fatal_error" ||
        code === "service_unavailable"
      ) {
        await markRetry(services.db, row.id, code, new Date(now.getTime() + backoffMs(row.attempts)));
        return;
      }
      // Slack understood and refused (channel_not_found, not_in_channel, invalid_blocks…): retrying cannot help.
      log.error({ key: row.key, error: code }, "Slack refused a message; it will not be retried");
      await markFailed(services.db, row.id, code);
      return;
    }
    const transient = error instanceof WebAPIHTTPError || error instanceof WebAPIRequestError;
    const detail = error instanceof WebAPIHTTPError ? `HTTP ${error.statusCode}` : (error as Error).message;
    log.warn(
      { key: row.key, attempts: row.attempts + 1, error: detail, transient },
      "sending to Slack failed; will retry",
    );
    await markRetry(services.db, row.id, detail, new Date(now.getTime() + backoffMs(row.attempts)));
  }

  async function pass(): Promise<void> {
    for (;;) {
      const rows = await leaseDue(services.db, services.clock(), 20, LEASE_MS);
      if (rows.length === 0) return;
      for (const row of rows) {
        if (stopped) return;
        try {
          await sendOne(row);
        } catch (error) {
          log.error({ err: error, key: row.key }, "outbox: could not process a message");
        }
      }
    }
  }

  function run(): Promise<void> {
    if (current) {
      again = true;
      return current;
    }
    current = (async () => {
      try {
        do {
          again = false;
          await pass();
        } while (again && !stopped);
      } catch (error) {
        log.error({ err: error }, "outbox pass failed");
      } finally {
        current = null;
      }
    })();
    return current;
  }

  const timer = setInterval(() => void run(), args.pollMs ?? 500);
  timer.unref();

  return {
    kick: () => void run(),
    drain: () => run(),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}
