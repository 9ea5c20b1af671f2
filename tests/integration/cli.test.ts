import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { readMigrations } from "../../src/db/migrate.js";
import { FORUM_PARENT, FORUM_SUBSIDIARY } from "../../src/demo/dataset.js";
import { keyholder } from "../support/cli.js";
import { freshDatabase, PROVIDERS } from "../support/databases.js";

const ENGAGEMENTS_HEADER = "id,client,date,fee,recruiter,kind,service_line";

describe.each(PROVIDERS)("the keyholder command on %s", (provider) => {
  let url: string;
  let dispose: () => Promise<void>;
  let dir: string;
  let env: Record<string, string>;
  const run = (...args: string[]) => keyholder(args, env, dir);
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const count = async (table: "engagement" | "client" | "feedback" | "auditEvent") => {
    const db = openDatabase(url);
    try {
      return await (db.prisma[table] as unknown as { count: () => Promise<number> }).count();
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    ({ url, dispose } = await freshDatabase(provider, "cli"));
    dir = mkdtempSync(join(tmpdir(), "keyholder-cli-"));
    env = { DATABASE_URL: url };
  });
  afterAll(async () => {
    await dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("migrate brings an empty database up to date, then has nothing to do", async () => {
    const first = await run("migrate");
    expect(first.code).toBe(0);
    const all = readMigrations(provider).map((m) => m.name);
    expect(first.stdout).toContain(`Applied ${all.length} migration(s): ${all.join(", ")}`);
    const second = await run("migrate");
    expect(second.stdout).toContain(`Database is up to date (${all.length} migrations applied earlier)`);
  });

  it("demo loads a firm of about a hundred clients, and loading it again changes nothing", async () => {
    const first = await run("demo");
    expect(first.code, first.stderr).toBe(0);
    const clients = await count("client");
    const engagements = await count("engagement");
    expect(clients).toBeGreaterThanOrEqual(90);
    expect(clients).toBeLessThanOrEqual(110);
    expect(engagements).toBeGreaterThan(300);

    const again = await run("demo");
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/engagements: \d+ rows read, 0 written/);
    expect(await count("client")).toBe(clients);
    expect(await count("engagement")).toBe(engagements);
  });

  it("list ranks every client by score, best first, with KEY clients on top", async () => {
    const { code, stdout } = await run("list", "--json");
    expect(code).toBe(0);
    const list = JSON.parse(stdout) as Array<{ client: string; score: number; verdict: string; owner: unknown }>;
    expect(list).toHaveLength(await count("client"));
    const scores = list.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(list[0]?.verdict).toBe("KEY");
    expect(list.filter((c) => c.verdict === "KEY").length).toBeGreaterThanOrEqual(10);
    expect(list.filter((c) => c.verdict === "NOT_KEY").length).toBeGreaterThanOrEqual(40);

    const text = await run("list");
    expect(text.stdout.split("\n")[0]).toMatch(/Client\s+Score\s+Verdict\s+Owner/);
  });

  it("score explains why the forum case's subsidiary is NOT_KEY: the activity gate", async () => {
    const { code, stdout } = await run("score", FORUM_SUBSIDIARY, "--json");
    expect(code).toBe(0);
    const card = JSON.parse(stdout);
    expect(card.client).toBe(FORUM_SUBSIDIARY);
    expect(card.parent).toBe(FORUM_PARENT);
    expect(card.verdict).toBe("NOT_KEY");
    expect(card.reasons[0]).toMatch(/^no engagement in 24 months/);
    expect(card.activityGate).toMatchObject({ passed: false, windowMonths: 24 });
    expect(card.owner).toBeNull();
    const recency = card.criteria.find((c: { key: string }) => c.key === "recency");
    expect(recency.points).toBeCloseTo(0.6, 1);
    expect(recency.explanation).toContain(FORUM_PARENT);
    expect(card.criteria.map((c: { key: string }) => c.key)).toHaveLength(9);
    expect(card.lastEngagement.client).toBe(FORUM_PARENT);
  });

  it("finds clients despite case, accents, punctuation and typos, and says when it cannot", async () => {
    const typo = await run("score", "harbour freight solutons", "--json");
    expect(typo.code, typo.stderr).toBe(0);
    expect(JSON.parse(typo.stdout).client).toBe(FORUM_SUBSIDIARY);

    const unknown = await run("score", "Zzyzx Quantum Bakery");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no client named "Zzyzx Quantum Bakery"');
    expect(unknown.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it("score shows the owner of a subsidiary covered by its parent's Key Account", async () => {
    const { stdout } = await run("list", "--json");
    const viaParent = (
      JSON.parse(stdout) as Array<{ client: string; owner: { via: string; viaClient: string } | null }>
    ).find((c) => c.owner?.via === "parent");
    expect(viaParent, "the demo firm has a subsidiary covered by its parent").toBeDefined();
    const text = await run("score", viaParent?.client ?? "");
    expect(text.stdout).toContain(`(via parent ${viaParent?.owner?.viaClient})`);
  });

  it("imports engagements once: re-importing the same file changes nothing", async () => {
    const path = file(
      "engagements.csv",
      [
        ENGAGEMENTS_HEADER,
        `E-1,${FORUM_SUBSIDIARY},2026-11-02,"18,500.00",U0DEMOREC2,placement,Logistics`,
        `,${FORUM_SUBSIDIARY},2026-11-20,2500,U0DEMOREC2,temp,Admin`,
      ].join("\n"),
    );
    const before = await count("engagement");
    const first = await run("import", "engagements", path);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("2 rows read, 2 written, 0 already present");
    const second = await run("import", "engagements", path);
    expect(second.stdout).toContain("2 rows read, 0 written, 2 already present");
    expect(await count("engagement")).toBe(before + 2);

    const card = JSON.parse((await run("score", FORUM_SUBSIDIARY, "--json")).stdout);
    expect(card.activityGate.passed).toBe(true);
    expect(card.criteria.find((c: { key: string }) => c.key === "revenue").explanation).toContain("$21,000");
  });

  it("rejects a file with bad rows whole, naming each row's line and what is wrong, and writes nothing", async () => {
    const path = file(
      "bad.csv",
      [
        ENGAGEMENTS_HEADER,
        `E-10,${FORUM_PARENT},2026-01-05,1000,U0DEMOREC1,placement,Logistics`,
        `E-11,${FORUM_PARENT},2026-02-30,1000,U0DEMOREC1,placement,Logistics`,
        `E-12,${FORUM_PARENT},2026-01-05,-40,U0DEMOREC1,placement,Logistics`,
        `E-13,${FORUM_PARENT},2026-01-05,lots,U0DEMOREC1,placement,Logistics`,
        "E-14,Nobody Such Company,2026-01-05,1000,U0DEMOREC1,placement,Logistics",
      ].join("\r\n"),
    );
    const before = await count("engagement");
    const result = await run("import", "engagements", path);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("nothing was imported");
    expect(result.stderr).toMatch(/line 3: .*2026-02-30/);
    expect(result.stderr).toMatch(/line 4: .*-40/);
    expect(result.stderr).toMatch(/line 5: .*lots/);
    expect(result.stderr).toMatch(/line 6: .*Nobody Such Company.*--create-clients/);
    expect(result.stderr).not.toMatch(/line 2:/);
    expect(await count("engagement")).toBe(before);

    const skipping = await run("import", "engagements", path, "--skip-invalid");
    expect(skipping.code).toBe(0);
    expect(skipping.stdout).toContain("1 written");
    expect(skipping.stdout).toContain("4 invalid rows skipped");
    expect(await count("engagement")).toBe(before + 1);
  });

  it("creates unknown clients from engagements only with --create-clients", async () => {
    const path = file(
      "new-client.csv",
      `${ENGAGEMENTS_HEADER}\nE-20,"Brand New, Ltd",2026-10-01,4000,U0DEMOREC3,contract,IT\n`,
    );
    expect((await run("import", "engagements", path)).code).toBe(1);
    const created = await run("import", "engagements", path, "--create-clients");
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain("1 new client created");
    expect(JSON.parse((await run("score", "Brand New Ltd", "--json")).stdout).client).toBe("Brand New, Ltd");
  });

  it("rejects malformed files with a clear message and writes nothing", async () => {
    const before = await count("engagement");
    const wrongColumns = await run("import", "engagements", file("cols.csv", "client,when,fee\nAcme,2026-01-01,5\n"));
    expect(wrongColumns.code).toBe(1);
    expect(wrongColumns.stderr).toContain(ENGAGEMENTS_HEADER.split(",").slice(1).join(","));

    const longLine = await run(
      "import",
      "engagements",
      file("long.csv", `${ENGAGEMENTS_HEADER}\n${"x".repeat(10 * 1024 * 1024)}\n`),
    );
    expect(longLine.code).toBe(1);
    expect(longLine.stderr).toMatch(/line 2|too long|1 MB/i);

    const empty = await run("import", "engagements", file("empty.csv", ""));
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/empty/i);

    const missing = await run("import", "engagements", join(dir, "no-such.csv"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no such file");
    expect(await count("engagement")).toBe(before);
  });

  it("accepts a BOM, CRLF line endings and quoted commas", async () => {
    const path = file(
      "excel.csv",
      `\uFEFF${ENGAGEMENTS_HEADER}\r\nE-30,"${FORUM_PARENT}",2026-09-09,"1,200",U0DEMOREC1,temp,"Logistics, Ops"\r\n`,
    );
    const result = await run("import", "engagements", path);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("1 written");
  });

  it("imports clients with parents and existing owners, and records the ownership in the audit trail", async () => {
    const header =
      "name,parent,aliases,strategic_importance,long_term_potential,exclusivity,contract_start,contract_end,contract_exclusive,owner,owner_since";
    const good = file(
      "clients.csv",
      [
        header,
        "Globex Holdings,,Globex|GBX,4,5,,2026-01-01,2028-12-31,yes,U0DEMOREC4,2026-03-01",
        "Globex Europe,Globex Holdings,,,,,,,,,",
      ].join("\n"),
    );
    const result = await run("import", "clients", good);
    expect(result.code, result.stderr).toBe(0);
    const card = JSON.parse((await run("score", "GBX", "--json")).stdout);
    expect(card.client).toBe("Globex Holdings");
    expect(card.owner).toMatchObject({ user: "U0DEMOREC4", since: "2026-03-01", via: "self" });
    expect(card.criteria.find((c: { key: string }) => c.key === "exclusivity").points).toBe(5);
    const europe = JSON.parse((await run("score", "Globex Europe", "--json")).stdout);
    expect(europe.owner).toMatchObject({ user: "U0DEMOREC4", via: "parent", viaClient: "Globex Holdings" });

    const again = await run("import", "clients", good);
    expect(again.stdout).toContain("0 written, 2 already present");

    const audit = await run("export", "audit", "--csv");
    expect(audit.stdout.split("\n")[0]).toBe("id,at,actor,action,client,claimId,reason,policyVersion,data");
    expect(audit.stdout.match(/ownership\.imported,Globex Holdings/g)).toHaveLength(1);
  });

  it("refuses a client file whose parents are unknown or would loop", async () => {
    const header =
      "name,parent,aliases,strategic_importance,long_term_potential,exclusivity,contract_start,contract_end,contract_exclusive,owner,owner_since";
    const before = await count("client");
    const unknownParent = await run(
      "import",
      "clients",
      file("orphans.csv", `${header}\nLonely Subsidiary,Missing Parent Co,,,,,,,,,\n`),
    );
    expect(unknownParent.code).toBe(1);
    expect(unknownParent.stderr).toMatch(/line 2: parent "Missing Parent Co" is not a known client/);

    const loop = await run(
      "import",
      "clients",
      file("loop.csv", `${header}\nGlobex Holdings,Globex Europe,,,,,,,,,\n`),
    );
    expect(loop.code).toBe(1);
    expect(loop.stderr).toMatch(/line 2: .*loop/);
    expect(await count("client")).toBe(before);
  });

  it("imports feedback and counts it in the score", async () => {
    const path = file("feedback.csv", 'client,date,rating,comment\nGlobex Holdings,2026-11-01,5,"Great, fast"\n');
    expect((await run("import", "feedback", path)).code).toBe(0);
    const card = JSON.parse((await run("score", "Globex Holdings", "--json")).stdout);
    expect(card.criteria.find((c: { key: string }) => c.key === "feedback")).toMatchObject({ known: true, points: 10 });
  });

  it("exports decisions as CSV and JSON lines even when there are none yet", async () => {
    const csv = await run("export", "decisions", "--csv");
    expect(csv.code).toBe(0);
    expect(csv.stdout).toContain("(no decisions yet)");
    const json = await run("export", "audit");
    const lines = json.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(await count("auditEvent"));
    expect(lines.every((l) => typeof l.action === "string" && typeof l.at === "string")).toBe(true);
  });

  it("backs up the live database to a consistent copy and never overwrites a file", async () => {
    const target = join(dir, `backup-${provider}.bak`);
    const result = await run("backup", target);
    if (provider === "postgresql" && result.stderr.includes("pg_dump is not installed")) return;
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(target)).toBe(true);
    if (provider === "sqlite") {
      const copy = new Sqlite(target, { readonly: true });
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      expect((copy.prepare('SELECT COUNT(*) AS n FROM "Engagement"').get() as { n: number }).n).toBe(
        await count("engagement"),
      );
      copy.close();
    }
    const again = await run("backup", target);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already exists");
  });

  it("stops with the field and the reason when the policy file is invalid", async () => {
    const policy = file("policy.json", JSON.stringify({ keyThreshold: 140, weights: { revenue: 50 } }));
    const result = await keyholder(["list"], { ...env, POLICY_FILE: policy }, dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("keyThreshold");
    expect(result.stderr).toContain("weights: weights must sum to 100");
  });

  it("names the variable when the environment is wrong", async () => {
    const result = await keyholder(["list"], { DATABASE_URL: "mysql://somewhere" }, dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL");
  });

  it.runIf(provider === "sqlite")(
    "shows a progress bar for a large file on a terminal, and none when piped",
    async () => {
      const rows = Array.from(
        { length: 30_000 },
        (_, i) => `P-${i},${FORUM_PARENT},2026-0${1 + (i % 9)}-1${i % 10},${100 + (i % 900)},U0DEMOREC1,temp,Logistics`,
      );
      const path = file("large.csv", [ENGAGEMENTS_HEADER, ...rows].join("\n"));
      const piped = await run("import", "engagements", path);
      expect(piped.code, piped.stderr).toBe(0);
      expect(piped.stdout).toContain("30000 rows read, 30000 written");
      expect(piped.stderr).not.toContain("Reading");

      // `script` runs the command on a pseudo-terminal, as a person at a terminal would.
      const bin = new URL("../../bin/keyholder.js", import.meta.url).pathname;
      const onTerminal = await keyholder(
        [
          "-e",
          `require("child_process").execFileSync("script", ["-qec", "${process.execPath} ${bin} import engagements ${path}", "/dev/null"], { stdio: "inherit" })`,
        ],
        env,
        dir,
        process.execPath,
      );
      expect(onTerminal.stdout).toMatch(/Reading .*100%/);
      expect(onTerminal.stdout).toContain("0 written, 30000 already present");
    },
  );

  it("explains usage errors without a stack trace", async () => {
    const result = await run("import", "invoices", "x.csv");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/invoices.*clients, engagements, feedback/s);
  });
});
