import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { stripLegalSuffix } from "../../src/domain/names.js";
import { resolveClient } from "../../src/services/resolve-client.js";
import { freshDatabase, PROVIDERS } from "../support/databases.js";

describe.each(PROVIDERS)("finding a client by what someone typed, on %s", (provider) => {
  let db: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabase(provider, "resolve");
    dispose = fresh.dispose;
    await migrate(fresh.url);
    db = openDatabase(fresh.url);
    const names = [
      "Café Lumière Ltd",
      "Northwind Traders Inc.",
      "Acme Robotics",
      "Acme Rockets",
      "Baker & Sons Construction",
    ];
    for (const name of names) {
      await db.prisma.client.create({ data: { name, normalizedName: stripLegalSuffix(name) } });
    }
    const northwind = await db.prisma.client.findUniqueOrThrow({ where: { name: "Northwind Traders Inc." } });
    await db.prisma.clientAlias.create({
      data: { clientId: northwind.id, alias: "NWT", normalized: stripLegalSuffix("NWT") },
    });
  });
  afterAll(async () => {
    await db.close();
    await dispose();
  });

  const found = async (query: string) => {
    const result = await resolveClient(db, query);
    return result.kind === "found" ? result.client.name : result;
  };

  it("ignores case, accents, punctuation and legal suffixes", async () => {
    expect(await found("cafe lumiere")).toBe("Café Lumière Ltd");
    expect(await found("NORTHWIND TRADERS")).toBe("Northwind Traders Inc.");
    expect(await found("baker and sons construction")).toBe("Baker & Sons Construction");
  });

  it("matches aliases", async () => {
    expect(await found("nwt")).toBe("Northwind Traders Inc.");
  });

  it("forgives a typo", async () => {
    expect(await found("Northwnd Traders")).toBe("Northwind Traders Inc.");
    expect(await found("Cafe Lumire")).toBe("Café Lumière Ltd");
  });

  it("offers a pick list when the name fits several clients", async () => {
    const result = await resolveClient(db, "Acme Ro");
    expect(result.kind).toBe("ambiguous");
    if (result.kind === "ambiguous") {
      expect(result.candidates.map((c) => c.name).sort()).toEqual(["Acme Robotics", "Acme Rockets"]);
    }
  });

  it("says a name is unknown and suggests the nearest", async () => {
    const result = await resolveClient(db, "Zebra Holdings");
    expect(result.kind).toBe("unknown");
    const blank = await resolveClient(db, "  ...  ");
    expect(blank).toEqual({ kind: "unknown", query: "  ...  ", suggestions: [] });
  });
});
