/**
 * The soak benchmark's open-loop load generator. Requests go out at a fixed rate
 * whatever the answers do: request i is due at start + i / rate, and its latency is
 * measured from that due time to the end of its answer, so a slow server cannot
 * slow the generator down and hide its own queueing (no coordinated omission). How
 * late the generator itself sent each request is recorded apart ("lag"), so a
 * saturated generator shows as such. Requests alternate between the targets
 * (round-robin) over keep-alive HTTP, signed as Slack signs them.
 */
import { Agent, request } from "node:http";
import { signSlackRequest } from "../tests/support/slack-requests.js";

export const KINDS = ["score", "vote", "list", "mine", "pending"] as const;
export type Kind = (typeof KINDS)[number];

export interface Target {
  name: string;
  port: number;
  agent: Agent;
}

export function target(name: string, port: number): Target {
  // Free sockets close after 3 s, before Node's server drops them at its 5 s keep-alive timeout.
  return { name, port, agent: new Agent({ keepAlive: true, maxSockets: 64, timeout: 3_000 }) };
}

/** One request to send: its body and how to tell a right answer (null) from a wrong one (why). */
export interface Planned {
  kind: Kind;
  body: string;
  check(status: number, text: string): string | null;
  /** Called once the answer is in (or the request failed). */
  done?(ok: boolean): void;
}

export interface PhaseOptions {
  name: string;
  rate: number;
  durationMs: number;
  targets: readonly Target[];
  secret: string;
  /** Builds request number `i` (of this phase). */
  next(i: number): Planned;
  timeoutMs?: number;
  /** Requests in flight beyond this are not sent and count as errors. */
  maxInFlight?: number;
}

export interface PhaseResult {
  name: string;
  rate: number;
  /** Wall-clock start (epoch ms) and how long sending took. */
  startedAt: number;
  sendMs: number;
  /** Until the last answer. */
  totalMs: number;
  planned: number;
  completed: number;
  /** Per completed request, in completion order. */
  latencyMs: Float64Array;
  lagMs: Float64Array;
  /** Due time of each completed request, ms after the phase start. */
  dueMs: Float64Array;
  kind: Uint8Array;
  instance: Uint8Array;
  ok: Uint8Array;
  errors: number;
  errorsByKind: Record<Kind, number>;
  errorSamples: string[];
  notSent: number;
  maxInFlight: number;
}

function post(t: Target, body: string, secret: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const signed = signSlackRequest(body, secret);
    const req = request(
      {
        host: "127.0.0.1",
        port: t.port,
        path: "/slack/events",
        method: "POST",
        agent: t.agent,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
          "x-slack-request-timestamp": signed["x-slack-request-timestamp"],
          "x-slack-signature": signed["x-slack-signature"],
          "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

export function runPhase(options: PhaseOptions): Promise<PhaseResult> {
  const { rate, durationMs, targets, secret } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const cap = options.maxInFlight ?? 2_000;
  const planned = Math.max(1, Math.floor((rate * durationMs) / 1000));
  const result: PhaseResult = {
    name: options.name,
    rate,
    startedAt: Date.now(),
    sendMs: 0,
    totalMs: 0,
    planned,
    completed: 0,
    latencyMs: new Float64Array(planned),
    lagMs: new Float64Array(planned),
    dueMs: new Float64Array(planned),
    kind: new Uint8Array(planned),
    instance: new Uint8Array(planned),
    ok: new Uint8Array(planned),
    errors: 0,
    errorsByKind: Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>,
    errorSamples: [],
    notSent: 0,
    maxInFlight: 0,
  };
  const start = performance.now();
  let i = 0;
  let inFlight = 0;
  let sendingDone = false;

  return new Promise((resolve) => {
    const finishIfDone = () => {
      if (sendingDone && inFlight === 0) {
        result.totalMs = performance.now() - start;
        resolve(result);
      }
    };
    const record = (plan: Planned, instance: number, due: number, sentAt: number, problem: string | null) => {
      const n = result.completed++;
      result.latencyMs[n] = performance.now() - start - due;
      result.lagMs[n] = sentAt - due;
      result.dueMs[n] = due;
      result.kind[n] = KINDS.indexOf(plan.kind);
      result.instance[n] = instance;
      result.ok[n] = problem === null ? 1 : 0;
      if (problem !== null) {
        result.errors += 1;
        result.errorsByKind[plan.kind] += 1;
        if (result.errorSamples.length < 10)
          result.errorSamples.push(`${plan.kind} → ${targets[instance]?.name}: ${problem}`);
      }
      plan.done?.(problem === null);
    };
    const fire = (n: number) => {
      const due = (n * 1000) / rate;
      const instance = n % targets.length;
      const plan = options.next(n);
      if (inFlight >= cap) {
        result.notSent += 1;
        result.errors += 1;
        result.errorsByKind[plan.kind] += 1;
        plan.done?.(false);
        return;
      }
      inFlight += 1;
      result.maxInFlight = Math.max(result.maxInFlight, inFlight);
      const sentAt = performance.now() - start;
      post(targets[instance] as Target, plan.body, secret, timeoutMs)
        .then(
          ({ status, text }) => record(plan, instance, due, sentAt, plan.check(status, text)),
          (error: unknown) => record(plan, instance, due, sentAt, (error as Error).message),
        )
        .finally(() => {
          inFlight -= 1;
          finishIfDone();
        });
    };
    const tick = () => {
      const elapsed = performance.now() - start;
      const due = Math.min(planned, Math.floor((elapsed * rate) / 1000) + 1);
      while (i < due) fire(i++);
      if (i < planned) {
        const wait = (i * 1000) / rate - (performance.now() - start);
        setTimeout(tick, Math.max(0, Math.min(wait, 10)));
      } else {
        result.sendMs = performance.now() - start;
        sendingDone = true;
        finishIfDone();
      }
    };
    tick();
  });
}
