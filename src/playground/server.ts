import { existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { dirname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Logger } from "../logger.js";
import type { Deliverer, DeliveryResult } from "./deliver.js";
import type { Json, Workspace } from "./workspace.js";

/**
 * The playground's HTTP server, on the app's public port:
 * - `/` and `/assets/…`: the page and its scripts;
 * - `/api/<method>`: Slack's Web API, served from the workspace (the app's SLACK_API_URL);
 * - `/response/<token>`: response URLs;
 * - `/playground/…`: what the page does as the selected person (type a command, click,
 *   submit a modal, open App Home), turned into signed requests to the app; the
 *   weekly reminder on demand; and a stream of change notices so the page shows the
 *   app's calls as they happen.
 */

export const PACKAGE_ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("keyholder's package.json not found above the playground");
    dir = parent;
  }
  return dir;
})();
const PAGE_DIR = join(PACKAGE_ROOT, "src", "playground", "web");
const SCRIPT_DIR = join(PACKAGE_ROOT, "dist", "playground", "web");
const MAX_BODY_BYTES = 1_000_000;

const userId = z.string().regex(/^U[A-Z0-9]+$/, "must be a Slack user id such as U0DEMOREC1");
const channelId = z.string().regex(/^[CGD][A-Z0-9]+$/, "must be a Slack channel id such as C0APPROVALS");
const submittedValue = z.object({
  blockId: z.string().min(1),
  actionId: z.string().min(1),
  type: z.string().min(1),
  value: z.string().nullable().optional(),
  values: z.array(z.string()).optional(),
});

const requests = {
  command: z.object({
    userId,
    channelId,
    text: z
      .string()
      .trim()
      .min(1, "type a message or a command such as /keyaccount help")
      .max(4000, "must be at most 4,000 characters"),
    threadTs: z.string().optional(),
  }),
  action: z.object({
    userId,
    blockId: z.string().min(1),
    actionId: z.string().min(1),
    type: z.string().min(1),
    value: z.string().optional(),
    channelId: channelId.optional(),
    messageTs: z.string().optional(),
    viewId: z.string().optional(),
    values: z.array(submittedValue).optional(),
  }),
  submit: z.object({ userId, viewId: z.string().min(1), values: z.array(submittedValue) }),
  close: z.object({ userId, viewId: z.string().min(1) }),
  home: z.object({ userId }),
  dismiss: z.object({ userId, channelId, ts: z.string().min(1) }),
};

class BadRequest extends Error {}
class Forbidden extends Error {}

/**
 * Only this machine's browser and app may talk to the playground: the Host must be
 * localhost or 127.0.0.1 on its port (no DNS rebinding), a browser's Origin must be
 * the page's own (no other website posting as someone), and the page posts JSON
 * (which another origin cannot send without the browser asking first).
 */
function checkCaller(req: IncomingMessage, port: number, pageRequest: boolean): void {
  const local = new Set([`localhost:${port}`, `127.0.0.1:${port}`]);
  if (!local.has(req.headers.host ?? "")) throw new Forbidden(`the playground answers on localhost:${port} only`);
  const origin = req.headers.origin;
  if (origin && !local.has(origin.replace(/^http:\/\//, ""))) {
    throw new Forbidden("the playground answers its own page only");
  }
  if (pageRequest && req.method === "POST" && !(req.headers["content-type"] ?? "").startsWith("application/json")) {
    throw new BadRequest("the body must be JSON, sent as application/json");
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BadRequest("request body is larger than 1 MB");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parse<T extends z.ZodType>(schema: T, raw: string): z.infer<T> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new BadRequest("the body must be JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new BadRequest(parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  }
  return parsed.data;
}

/** The Web API arguments that carry JSON when sent form-encoded; every other one is text. */
const JSON_FIELDS = new Set(["blocks", "attachments", "view", "metadata"]);

/** Web API arguments arrive form-encoded (JSON-valued fields as strings) or as JSON. */
function apiArgs(contentType: string | undefined, raw: string, query: URLSearchParams): Record<string, Json> {
  const out: Record<string, Json> = {};
  const decode = (key: string, value: string): Json => {
    if (!JSON_FIELDS.has(key)) return value;
    try {
      return JSON.parse(value) as Json;
    } catch {
      return value;
    }
  };
  for (const [k, v] of query) out[k] = decode(k, v);
  if (!raw) return out;
  if ((contentType ?? "").startsWith("application/json")) {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) Object.assign(out, parsed);
    return out;
  }
  for (const [k, v] of new URLSearchParams(raw)) out[k] = decode(k, v);
  return out;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

function sendFile(res: ServerResponse, root: string, relative: string): void {
  const path = normalize(join(root, relative));
  if (!path.startsWith(root + sep) || !existsSync(path)) {
    res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
    return;
  }
  const type = CONTENT_TYPES[path.slice(path.lastIndexOf("."))] ?? "application/octet-stream";
  res.writeHead(200, { "content-type": type, "cache-control": "no-cache" }).end(readFileSync(path));
}

/** What the page is told after an interaction: whether the app took it, and Slack's words if not. */
function outcome(result: DeliveryResult): { ok: boolean; status: number; error?: string } {
  return result.failure ? { ok: false, status: result.status, error: result.failure } : { ok: true, status: 200 };
}

export function createPlaygroundServer(args: {
  workspace: Workspace;
  deliverer: Deliverer;
  botToken: string;
  log: Logger;
  /** The slash commands the app's manifest declares, e.g. ["/keyaccount", "/ka"]. */
  commands: string[];
  /** Runs the weekly reminder now, as its schedule would; answers what it did. */
  remindNow: () => Promise<string>;
  health: (req: IncomingMessage, res: ServerResponse) => void;
}): Server {
  const { workspace, deliverer, log } = args;
  const streams = new Set<ServerResponse>();
  workspace.onChange(() => {
    for (const stream of streams) stream.write(`event: change\ndata: ${workspace.version}\n\n`);
  });

  /** A command's immediate answer (the acknowledgement body) shows as Slack shows it: to the user alone. */
  const showCommandAnswer = (user: string, channel: string, command: string, result: DeliveryResult) => {
    if (result.failure) {
      workspace.notify(user, channel, `${command} failed with the error "${result.failure}"`);
      return;
    }
    const answer = result.answer;
    if (answer && (typeof answer.text === "string" || Array.isArray(answer.blocks))) {
      const token = workspace.issueResponseToken({ userId: user, channel });
      workspace.respond(token, answer);
    }
  };

  /** A person and channel the page names must exist here, or the request is refused before the app sees it. */
  const known = <T extends { userId: string; channelId?: string; viewId?: string }>(request: T): T => {
    if (!workspace.person(request.userId)) {
      throw new BadRequest(`userId: ${request.userId} is not a person of this workspace; pick one in "You are"`);
    }
    if (request.channelId && !workspace.channel(request.channelId)) {
      throw new BadRequest(`channelId: ${request.channelId} is not a channel of this workspace`);
    }
    // A modal or Home tab is its person's: nobody else may click in it, submit it or close it.
    const view = request.viewId ? (workspace.modal(request.viewId) ?? workspace.homeById(request.viewId)) : undefined;
    if (view && view.userId !== request.userId) {
      throw new BadRequest(`viewId: ${request.viewId} is open for ${view.userId}, not for ${request.userId}`);
    }
    return request;
  };

  const routes: Record<string, (raw: string) => Promise<unknown>> = {
    "/playground/command": async (raw) => {
      const { userId, channelId, text, threadTs } = known(parse(requests.command, raw));
      const match = /^(\/[a-z0-9_-]+)(?:\s+([\s\S]*))?$/i.exec(text);
      if (!match?.[1]) {
        workspace.postAsPerson(userId, channelId, text, threadTs);
        return { ok: true, status: 200 };
      }
      const command = match[1].toLowerCase();
      if (!args.commands.includes(command)) {
        const known = args.commands.join(" and ");
        workspace.notify(userId, channelId, `${command} is not a valid command. This workspace has ${known}.`);
        return { ok: false, status: 404, error: "unknown_command" };
      }
      const result = await deliverer.command({ userId, channelId, command, text: match[2]?.trim() ?? "" });
      showCommandAnswer(userId, channelId, command, result);
      return outcome(result);
    },
    "/playground/action": async (raw) => {
      const action = known(parse(requests.action, raw));
      if (action.viewId && !workspace.modal(action.viewId) && !workspace.homeById(action.viewId)) {
        throw new BadRequest(`viewId: ${action.viewId} is no longer open`);
      }
      const result = await deliverer.action(action);
      if (result.failure && action.channelId) {
        workspace.notify(action.userId, action.channelId, `keyholder did not respond (${result.failure}).`);
      }
      return outcome(result);
    },
    "/playground/submit": async (raw) => {
      const submission = known(parse(requests.submit, raw));
      return outcome(await deliverer.submit(submission));
    },
    "/playground/close": async (raw) => {
      const { userId, viewId } = known(parse(requests.close, raw));
      workspace.closeModal(userId, viewId);
      return { ok: true, status: 200 };
    },
    "/playground/home": async (raw) => {
      const { userId } = known(parse(requests.home, raw));
      return outcome(await deliverer.homeOpened(userId));
    },
    "/playground/reminder": async (raw) => {
      known(parse(requests.home, raw));
      return { ok: true, status: 200, message: await args.remindNow() };
    },
    "/playground/dismiss": async (raw) => {
      const { userId, channelId, ts } = known(parse(requests.dismiss, raw));
      workspace.dismiss(userId, channelId, ts);
      return { ok: true, status: 200 };
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    const port = (req.socket.localPort as number | undefined) ?? 0;
    if (path !== "/healthz") checkCaller(req, port, path.startsWith("/playground/"));
    const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(path);
    const response = /^\/response\/([a-f0-9]+)$/.exec(path);

    if (req.method === "GET" && path === "/") return sendFile(res, PAGE_DIR, "index.html");
    if (req.method === "GET" && /^\/assets\/[a-z-]+\.css$/.test(path)) return sendFile(res, PAGE_DIR, path.slice(8));
    if (req.method === "GET" && path.startsWith("/assets/") && path.endsWith(".js")) {
      return sendFile(res, SCRIPT_DIR, path.slice("/assets/".length));
    }
    if (req.method === "GET" && path === "/healthz") return args.health(req, res);
    if (req.method === "GET" && path === "/playground/state") return sendJson(res, 200, workspace.snapshot());
    if (req.method === "GET" && path === "/playground/events") {
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-store",
        connection: "keep-alive",
      });
      res.write(`event: change\ndata: ${workspace.version}\n\n`);
      streams.add(res);
      req.on("close", () => streams.delete(res));
      return;
    }
    if (api?.[1]) {
      const raw = await readBody(req);
      const authorization = req.headers.authorization ?? "";
      let callArgs: Record<string, Json>;
      try {
        callArgs = apiArgs(req.headers["content-type"], raw, url.searchParams);
      } catch {
        return sendJson(res, 200, { ok: false, error: "invalid_json" });
      }
      const token = authorization.startsWith("Bearer ") ? authorization.slice(7) : callArgs.token;
      delete callArgs.token;
      if (token !== args.botToken) return sendJson(res, 200, { ok: false, error: "invalid_auth" });
      return sendJson(res, 200, workspace.call(api[1], callArgs));
    }
    if (response?.[1] && req.method === "POST") {
      const raw = await readBody(req);
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        res.writeHead(400, { "content-type": "text/plain" }).end("invalid_payload");
        return;
      }
      if (!body || typeof body !== "object" || Array.isArray(body)) {
        res.writeHead(400, { "content-type": "text/plain" }).end("invalid_payload");
        return;
      }
      const answer = workspace.respond(response[1], body as { [key: string]: Json });
      res.writeHead(answer.status, { "content-type": "text/plain" }).end(answer.body);
      return;
    }
    const route = routes[path];
    if (route && req.method === "POST") return sendJson(res, 200, await route(await readBody(req)));
    res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof BadRequest) return sendJson(res, 400, { ok: false, error: error.message });
      if (error instanceof Forbidden) return sendJson(res, 403, { ok: false, error: error.message });
      log.error({ err: error, url: req.url }, "playground request failed");
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: "the playground failed; see the app's log" });
      else res.destroy();
    });
  });
  server.on("close", () => {
    for (const stream of streams) stream.end();
  });
  return server;
}
