import type { Database } from "../client.js";

export interface ClientName {
  id: number;
  name: string;
  matchKey: string;
  aliases: Array<{ alias: string; matchKey: string }>;
}

/**
 * Clients whose name or an alias has exactly this match key: one indexed query, on
 * the path of every `/keyaccount <client>`.
 */
export async function findByMatchKey(db: Database, matchKey: string): Promise<Array<{ id: number; name: string }>> {
  const rows = await db.sql.query<{ id: number; name: string }>(
    `SELECT c."id", c."name" FROM "Client" c WHERE c."normalizedName" = ?
     UNION
     SELECT c."id", c."name" FROM "ClientAlias" a JOIN "Client" c ON c."id" = a."clientId" WHERE a."normalized" = ?`,
    [matchKey, matchKey],
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name }));
}

/** Every client's name and aliases, for fuzzy matching. */
export async function listClientNames(db: Database): Promise<ClientName[]> {
  const [clients, aliases] = await Promise.all([
    db.prisma.client.findMany({ select: { id: true, name: true, normalizedName: true } }),
    db.prisma.clientAlias.findMany({ select: { clientId: true, alias: true, normalized: true } }),
  ]);
  const byId = new Map<number, ClientName>(
    clients.map((c) => [c.id, { id: c.id, name: c.name, matchKey: c.normalizedName, aliases: [] }]),
  );
  for (const a of aliases) byId.get(a.clientId)?.aliases.push({ alias: a.alias, matchKey: a.normalized });
  return [...byId.values()];
}

export async function parentMap(db: Database): Promise<Map<number, number | null>> {
  const rows = await db.prisma.client.findMany({ select: { id: true, parentId: true } });
  return new Map(rows.map((r) => [r.id, r.parentId]));
}

export async function clientCount(db: Database): Promise<number> {
  return db.prisma.client.count();
}
