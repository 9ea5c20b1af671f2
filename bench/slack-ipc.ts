/**
 * The little protocol between bench/slack.ts and the processes it starts (the app,
 * the bare Bolt app, the fake Slack): each child is `node --import tsx <file>` with an
 * IPC channel, says `ready` with what the parent needs (a port, a URL), and answers
 * requests by name. Every child can profile itself on request (the V8 sampling
 * profiler through node:inspector), so a profile covers exactly one load phase.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

interface Request {
  id: number;
  type: string;
  arg?: unknown;
}
interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}
type Ready = { type: "ready"; info: Record<string, unknown> };

// ------------------------------------------------------------------ child side

export type Handlers = Record<string, (arg: unknown) => Promise<unknown>>;

/**
 * Serves the parent's requests. `stop` runs the given handler, answers, then exits;
 * losing the parent (its IPC channel) exits too, so no child outlives a failed run.
 */
export function serveParent(info: Record<string, unknown>, handlers: Handlers): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error("start this file from bench/slack.ts (it needs an IPC channel)");
  let session: Session | null = null;
  const all: Handlers = {
    ...handlers,
    /** The event loop's cumulative idle and active time so far (ms): how busy the main thread is. */
    elu: async () => {
      const { idle, active } = performance.eventLoopUtilization();
      return { idle, active };
    },
    /** CPU time this process has used so far (user + system, µs). */
    cpu: async () => {
      const { user, system } = process.cpuUsage();
      return user + system;
    },
    "profile-start": async (arg) => {
      session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", {
        interval: (arg as { intervalUs?: number })?.intervalUs ?? 250,
      });
      await session.post("Profiler.start");
      return null;
    },
    "profile-stop": async (arg) => {
      if (!session) throw new Error("no profile running");
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      session = null;
      writeFileSync((arg as { path: string }).path, JSON.stringify(profile));
      return null;
    },
  };
  process.on("disconnect", () => process.exit(0));
  process.on("message", (message: Request) => {
    void (async () => {
      let reply: Reply;
      try {
        const handler = all[message.type];
        if (!handler) throw new Error(`unknown request ${message.type}`);
        reply = { id: message.id, ok: true, result: await handler(message.arg) };
      } catch (error) {
        reply = { id: message.id, ok: false, error: String((error as Error)?.stack ?? error) };
      }
      send(reply, undefined, undefined, () => {
        if (message.type === "stop") process.exit(0);
      });
    })();
  });
  send({ type: "ready", info } satisfies Ready);
}

// ------------------------------------------------------------------ parent side

export interface Child {
  pid: number;
  info: Record<string, unknown>;
  request<T = unknown>(type: string, arg?: unknown): Promise<T>;
  /** Asks the child to stop; kills it (by its pid) if it has not exited within 10 s. */
  stop(): Promise<void>;
}

export function startChild(file: string, env: Record<string, string>, cwd: string): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", file], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let next = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      const error = new Error(`${file} exited (${code ?? signal})`);
      reject(error);
      for (const w of waiting.values()) w.reject(error);
      waiting.clear();
    });
    child.on("message", (message: Reply | Ready) => {
      if ("type" in message && message.type === "ready") {
        resolve({
          pid: child.pid as number,
          info: message.info,
          request: <T>(type: string, arg?: unknown) =>
            new Promise<T>((res, rej) => {
              const id = ++next;
              waiting.set(id, { resolve: res as (v: unknown) => void, reject: rej });
              child.send({ id, type, arg } satisfies Request);
            }),
          async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            const id = ++next;
            const answered = new Promise<void>((res) => waiting.set(id, { resolve: () => res(), reject: () => res() }));
            child.send({ id, type: "stop" } satisfies Request);
            const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
            await answered;
            await exited;
            clearTimeout(timer);
          },
        });
        return;
      }
      const reply = message as Reply;
      const w = waiting.get(reply.id);
      if (!w) return;
      waiting.delete(reply.id);
      if (reply.ok) w.resolve(reply.result);
      else w.reject(new Error(`${file}: ${reply.error}`));
    });
  });
}
