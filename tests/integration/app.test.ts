import { type ChildProcess, spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { freshDatabase } from "../support/databases.js";

const MAIN = fileURLToPath(new URL("../../dist/main.js", import.meta.url));

/** Starts the built app on a free port and resolves once it is listening. */
function startApp(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; logs: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? "", PORT: "0", LOG_LEVEL: "info", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const timer = setTimeout(() => reject(new Error(`app did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/"port":(\d+)[^\n]*"msg":"keyholder is listening"/);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), logs: () => output });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`app exited with ${code}:\n${output}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });

describe("npm start without Slack credentials (the playground)", () => {
  let url: string;
  let dispose: () => Promise<void>;
  let app: Awaited<ReturnType<typeof startApp>>;

  beforeAll(async () => {
    ({ url, dispose } = await freshDatabase("sqlite", "app"));
    app = await startApp({ DATABASE_URL: url, POLICY_FILE: `${url.slice("file:".length)}.no-policy.json` });
  });
  afterAll(async () => {
    if (app?.child.exitCode === null) app.child.kill("SIGKILL");
    await dispose();
  });

  it("creates and migrates the database, loads the demo firm and its policy on first start, and says where to go", async () => {
    const db = openDatabase(url);
    try {
      expect(await db.prisma.client.count()).toBeGreaterThanOrEqual(90);
      const policies = await db.prisma.policyVersion.findMany();
      expect(policies).toHaveLength(1);
      expect(JSON.parse(policies[0]?.content ?? "{}").managers).toEqual(["U0DEMOMGR1", "U0DEMOMGR2", "U0DEMOMGR3"]);
    } finally {
      await db.close();
    }
    expect(app.logs()).toContain('"mode":"playground"');
    expect(app.logs()).toContain(`http://localhost:${app.port}/`);
  });

  it("serves the workspace page, its scripts and styles", async () => {
    const page = await fetch(`http://127.0.0.1:${app.port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("keyholder playground");
    for (const asset of [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1])) {
      const response = await fetch(`http://127.0.0.1:${app.port}${asset}`);
      expect(response.status, asset).toBe(200);
    }
  });

  it("answers /healthz while the database is reachable", async () => {
    const response = await fetch(`http://127.0.0.1:${app.port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
    expect((await fetch(`http://127.0.0.1:${app.port}/nothing-here`)).status).toBe(404);
  });

  it("stops cleanly on SIGTERM", async () => {
    app.child.kill("SIGTERM");
    expect(await exited(app.child)).toBe(0);
  });
});

describe("start-up with a wrong setting", () => {
  it("refuses a bot token without a signing secret or an app token, saying which to set", async () => {
    const { url, dispose } = await freshDatabase("sqlite", "half-slack");
    try {
      const child = spawn(process.execPath, [MAIN], {
        env: { PATH: process.env.PATH ?? "", DATABASE_URL: url, SLACK_BOT_TOKEN: "xoxb-half", LOG_LEVEL: "silent" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
      });
      expect(await exited(child)).toBe(1);
      expect(stderr).toContain("keyholder cannot start: SLACK_BOT_TOKEN is set without a way to hear from Slack");
      expect(stderr).toContain("SLACK_SIGNING_SECRET");
      expect(stderr).not.toContain("    at ");
    } finally {
      await dispose();
    }
  });

  it("refuses to start on a port another program holds, and says how to choose another", async () => {
    const holder = createServer();
    await new Promise<void>((ready) => holder.listen(0, "127.0.0.1", ready));
    const port = (holder.address() as AddressInfo).port;
    const { url, dispose } = await freshDatabase("sqlite", "port-in-use");
    try {
      const child = spawn(process.execPath, [MAIN], {
        env: { PATH: process.env.PATH ?? "", DATABASE_URL: url, PORT: String(port), LOG_LEVEL: "silent" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
      });
      expect(await exited(child)).toBe(1);
      expect(stderr).toContain(`keyholder cannot start: port ${port} is in use by another program`);
      expect(stderr).toContain("set PORT to a free port");
    } finally {
      holder.close();
      await dispose();
    }
  });

  it("refuses to start and names the variable", async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? "", DATABASE_URL: "sqlite://nope" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    expect(await exited(child)).toBe(1);
    expect(stderr).toContain("keyholder cannot start");
    expect(stderr).toContain("DATABASE_URL");
  });
});
