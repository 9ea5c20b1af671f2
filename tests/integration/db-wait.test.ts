import { connect, createServer, type Server, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { bootstrap } from "../../src/bootstrap.js";
import { startInstance } from "../support/instances.js";
import { createPgDatabase, PG_ADMIN_URL } from "../support/postgres.js";

/** A TCP port that refuses connections until `open()`, then forwards them to PostgreSQL. */
async function delayedPostgres(): Promise<{ port: number; open: () => Promise<void>; close: () => Promise<void> }> {
  const target = new URL(PG_ADMIN_URL);
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  let server: Server | null = null;
  const sockets = new Set<Socket>();
  return {
    port,
    open: () =>
      new Promise<void>((resolve) => {
        server = createServer((client) => {
          const upstream = connect(Number(target.port || 5432), target.hostname);
          sockets.add(client).add(upstream);
          client.pipe(upstream).pipe(client);
          client.on("error", () => upstream.destroy());
          upstream.on("error", () => client.destroy());
        });
        server.listen(port, "127.0.0.1", () => resolve());
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        sockets.clear();
        const closing = server;
        server = null;
        if (closing) closing.close(() => resolve());
        else resolve();
      }),
  };
}

describe("starting before the database is reachable", () => {
  it("waits, saying so, and starts once PostgreSQL answers", async () => {
    const { url, drop } = await createPgDatabase("wait");
    const proxy = await delayedPostgres();
    const viaProxy = new URL(url);
    viaProxy.port = String(proxy.port);
    viaProxy.hostname = "127.0.0.1";
    const waits: string[] = [];
    try {
      setTimeout(() => void proxy.open(), 1500);
      const started = await bootstrap({ env: { DATABASE_URL: viaProxy.toString() }, onWait: (m) => waits.push(m) });
      expect(waits.length).toBeGreaterThanOrEqual(1);
      expect(waits[0]).toMatch(/is not reachable yet \(ECONNREFUSED\); trying again in 1s/);
      expect(started.services.db.provider).toBe("postgresql");
      expect(started.migrations.length).toBeGreaterThan(0);
      await started.services.db.close();
    } finally {
      await proxy.close();
      await drop();
    }
  });

  it("answers /healthz with 503 while the database is unreachable, and 200 again when it is back", async () => {
    const { url, drop } = await createPgDatabase("health");
    const proxy = await delayedPostgres();
    await proxy.open();
    const viaProxy = new URL(url);
    viaProxy.port = String(proxy.port);
    viaProxy.hostname = "127.0.0.1";
    // No Slack credentials: the playground, which serves /healthz on the public port.
    const app = await startInstance({ DATABASE_URL: viaProxy.toString() });
    const health = async () => (await fetch(`http://127.0.0.1:${app.port}/healthz`)).status;
    try {
      expect(await health()).toBe(200);
      await proxy.close();
      expect(await health()).toBe(503);
      await proxy.open();
      let status = 0;
      for (let i = 0; i < 20 && status !== 200; i++) {
        status = await health();
        if (status !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(status).toBe(200);
    } finally {
      app.child.kill("SIGKILL");
      await proxy.close();
      await drop();
    }
  });

  it("stops at once, naming the problem, when the setting is wrong rather than the server late", async () => {
    await expect(
      bootstrap({
        env: { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/kh_no_such_database_x" },
        onWait: () => {},
      }),
    ).rejects.toThrow(/kh_no_such_database_x/);
  });
});
