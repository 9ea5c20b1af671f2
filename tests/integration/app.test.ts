import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { freshDatabase } from "../support/databases.js";
import { exitCode, type Instance, refusedStart, startInstance } from "../support/instances.js";

describe("npm start without Slack credentials (the playground)", () => {
  let url: string;
  let dispose: () => Promise<void>;
  let app: Instance;

  beforeAll(async () => {
    ({ url, dispose } = await freshDatabase("sqlite", "app"));
    app = await startInstance({ DATABASE_URL: url, POLICY_FILE: `${url.slice("file:".length)}.no-policy.json` });
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
    expect(app.output()).toContain('"mode":"playground"');
    expect(app.output()).toContain(`http://localhost:${app.port}/`);
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
    expect(await exitCode(app.child)).toBe(0);
  });
});

describe("start-up with a wrong setting", () => {
  it("refuses a bot token without a signing secret or an app token, saying which to set", async () => {
    const { url, dispose } = await freshDatabase("sqlite", "half-slack");
    try {
      const { code, stderr } = await refusedStart({ DATABASE_URL: url, SLACK_BOT_TOKEN: "xoxb-half" });
      expect(code).toBe(1);
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
      const { code, stderr } = await refusedStart({ DATABASE_URL: url, PORT: String(port) });
      expect(code).toBe(1);
      expect(stderr).toContain(`keyholder cannot start: port ${port} is in use by another program`);
      expect(stderr).toContain("set PORT to a free port");
    } finally {
      holder.close();
      await dispose();
    }
  });

  it("refuses to start and names the variable", async () => {
    const { code, stderr } = await refusedStart({ DATABASE_URL: "sqlite://nope" });
    expect(code).toBe(1);
    expect(stderr).toContain("keyholder cannot start");
    expect(stderr).toContain("DATABASE_URL");
  });
});
