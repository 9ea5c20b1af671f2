import type { Database } from "../db/client.js";
import { type AuditInput, appendAudit, appendAuditMany } from "../db/repositories/audit.js";
import { insertEngagements, insertFeedback } from "../db/repositories/engagements.js";
import { stripLegalSuffix } from "../domain/names.js";
import { nextReviewAfter, wouldCreateCycle } from "../domain/ownership.js";
import type { ClientRow, EngagementRow, FeedbackRow, RowError } from "../imports/csv.js";
import type { Services } from "./context.js";

/**
 * Writing imported rows. Rows arrive already parsed and validated field by field;
 * here they are checked against the database (unknown clients and parents, loops in
 * the parent tree, conflicting owners). A file with any bad row is rejected whole
 * unless the caller chose to skip invalid rows; nothing is written before every row
 * has been checked, and the writes happen in one transaction.
 */

export class ImportRejected extends Error {
  constructor(readonly errors: RowError[]) {
    super(`${errors.length} invalid row${errors.length === 1 ? "" : "s"}; nothing was imported`);
  }
}

export interface ImportOptions {
  skipInvalid?: boolean;
  /** engagements: create clients that do not exist yet instead of rejecting their rows. */
  createClients?: boolean;
  actor: string;
}

export interface ImportSummary {
  rows: number;
  written: number;
  unchanged: number;
  skipped: RowError[];
  clientsCreated: number;
  notes: string[];
}

function settle(errors: RowError[], options: ImportOptions): RowError[] {
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  if (sorted.length > 0 && !options.skipInvalid) throw new ImportRejected(sorted);
  return sorted;
}

/** A very long transaction is fine for a one-off import; Prisma's default of 5 s is not. */
const IMPORT_TX = { timeout: 30 * 60_000, maxWait: 60_000 };

interface KnownClient {
  id: number;
  name: string;
  parentId: number | null;
}

async function clientsByMatchKey(db: Database): Promise<Map<string, KnownClient[]>> {
  const [clients, aliases] = await Promise.all([
    db.prisma.client.findMany({ select: { id: true, name: true, parentId: true, normalizedName: true } }),
    db.prisma.clientAlias.findMany({ select: { clientId: true, normalized: true } }),
  ]);
  const byKey = new Map<string, KnownClient[]>();
  const add = (key: string, client: KnownClient) => {
    const list = byKey.get(key) ?? [];
    if (!list.some((c) => c.id === client.id)) list.push(client);
    byKey.set(key, list);
  };
  const byId = new Map<number, KnownClient>();
  for (const c of clients) {
    const known = { id: c.id, name: c.name, parentId: c.parentId };
    byId.set(c.id, known);
    add(c.normalizedName, known);
  }
  for (const a of aliases) {
    const known = byId.get(a.clientId);
    if (known) add(a.normalized, known);
  }
  return byKey;
}

const quote = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);

// ---------------------------------------------------------------- clients

export async function importClients(
  services: Services,
  rows: ClientRow[],
  options: ImportOptions,
): Promise<ImportSummary> {
  const { db } = services;
  const now = services.clock();
  const errors: RowError[] = [];
  const known = await clientsByMatchKey(db);
  const seenInFile = new Map<string, number>();

  // Each row names a client; existing ones are matched by name or alias, ignoring case and punctuation.
  const resolved: Array<{ row: ClientRow; existing: KnownClient | null; key: string }> = [];
  for (const row of rows) {
    const key = stripLegalSuffix(row.name);
    const firstLine = seenInFile.get(key);
    if (firstLine !== undefined) {
      errors.push({
        line: row.line,
        message: `client ${quote(row.name)} appears twice in the file (first on line ${firstLine})`,
      });
      continue;
    }
    seenInFile.set(key, row.line);
    const matches = known.get(key) ?? [];
    if (matches.length > 1) {
      errors.push({
        line: row.line,
        message: `client ${quote(row.name)} matches several existing clients (${matches.map((m) => m.name).join(", ")}); use the exact name`,
      });
      continue;
    }
    resolved.push({ row, existing: matches[0] ?? null, key });
  }

  // Parents may be existing clients or rows of this file; the resulting tree must not loop.
  const fileKeys = new Set(resolved.map((r) => r.key));
  const parentKeyOf = new Map<string, string | null>();
  for (const { row, existing, key } of resolved) {
    if (row.parent === null) {
      parentKeyOf.set(key, existing?.parentId == null ? null : `#${existing.parentId}`);
      continue;
    }
    const parentKey = stripLegalSuffix(row.parent);
    const parentMatches = known.get(parentKey) ?? [];
    if (!fileKeys.has(parentKey) && parentMatches.length === 0) {
      errors.push({
        line: row.line,
        message: `parent ${quote(row.parent)} is not a known client; add it first or include it in this file`,
      });
      continue;
    }
    if (!fileKeys.has(parentKey) && parentMatches.length > 1) {
      errors.push({
        line: row.line,
        message: `parent ${quote(row.parent)} matches several clients; use the exact name`,
      });
      continue;
    }
    parentKeyOf.set(key, fileKeys.has(parentKey) ? parentKey : `#${parentMatches[0]?.id}`);
  }
  const cycleErrors = findLoops(resolved, parentKeyOf, known);
  errors.push(...cycleErrors);

  // An owner in the file may confirm the current one but not replace it: that is what claims are for.
  const currentOwners = new Map(
    (
      await db.prisma.ownership.findMany({
        where: { currentFor: { not: null } },
        select: { clientId: true, owner: true },
      })
    ).map((o) => [o.clientId, o.owner]),
  );
  for (const { row, existing } of resolved) {
    if (!row.owner || !existing) continue;
    const current = currentOwners.get(existing.id);
    if (current && current !== row.owner) {
      errors.push({
        line: row.line,
        message: `client ${quote(row.name)} is already owned by ${current}; ownership changes go through a claim or a release`,
      });
    }
  }

  const skipped = settle(errors, options);
  const badLines = new Set(skipped.map((e) => e.line));
  const good = resolved.filter((r) => !badLines.has(r.row.line));
  let written = 0;
  let clientsCreated = 0;

  await db.prisma.$transaction(async (tx) => {
    const audit: AuditInput[] = [];
    const idOf = new Map<string, number>();
    for (const { existing, key } of good) if (existing) idOf.set(key, existing.id);

    const fresh = good.filter((r) => !r.existing);
    if (fresh.length > 0) {
      await tx.client.createMany({
        data: fresh.map(({ row, key }) => ({ name: row.name, normalizedName: key, createdAt: now })),
      });
      const created = await tx.client.findMany({
        where: { name: { in: fresh.map((r) => r.row.name) } },
        select: { id: true, name: true },
      });
      const byName = new Map(created.map((c) => [c.name, c.id]));
      for (const { row, key } of fresh) {
        const id = byName.get(row.name);
        if (id === undefined) throw new Error(`client ${row.name} was not created`);
        idOf.set(key, id);
        audit.push({
          actor: options.actor,
          action: "client.created",
          at: now,
          clientId: id,
          data: { source: "import", line: row.line },
        });
      }
      clientsCreated = fresh.length;
      written += fresh.length;
    }

    for (const { row, existing, key } of good) {
      const id = idOf.get(key) as number;
      let changed = !existing;

      const parentKey = row.parent === null ? null : parentKeyOf.get(key);
      if (row.parent !== null && parentKey) {
        const parentId = parentKey.startsWith("#") ? Number(parentKey.slice(1)) : (idOf.get(parentKey) as number);
        if (existing?.parentId !== parentId) {
          await tx.client.update({ where: { id }, data: { parentId } });
          audit.push({ actor: options.actor, action: "client.parent-set", at: now, clientId: id, data: { parentId } });
          changed = true;
        }
      }

      if (row.aliases.length > 0) {
        const have = new Set(
          (await tx.clientAlias.findMany({ where: { clientId: id }, select: { normalized: true } })).map(
            (a) => a.normalized,
          ),
        );
        const add = row.aliases
          .map((alias) => ({ clientId: id, alias, normalized: stripLegalSuffix(alias) }))
          .filter((a) => a.normalized !== "" && !have.has(a.normalized) && have.add(a.normalized));
        if (add.length > 0) {
          await tx.clientAlias.createMany({ data: add });
          changed = true;
        }
      }

      const ratings = {
        strategicImportance: row.strategicImportance,
        longTermPotential: row.longTermPotential,
        exclusivity: row.exclusivity,
      };
      for (const [criterion, value] of Object.entries(ratings)) {
        if (value === null) continue;
        const current = await tx.rating.findUnique({ where: { clientId_criterion: { clientId: id, criterion } } });
        if (current?.value === value) continue;
        await tx.rating.upsert({
          where: { clientId_criterion: { clientId: id, criterion } },
          create: { clientId: id, criterion, value, setBy: options.actor, setAt: now },
          update: { value, setBy: options.actor, setAt: now },
        });
        audit.push({
          actor: options.actor,
          action: "rating.set",
          at: now,
          clientId: id,
          data: { criterion, value, previous: current?.value ?? null, source: "import" },
        });
        changed = true;
      }

      if (row.contract) {
        const { start, end, exclusive } = row.contract;
        const current = await tx.contract.findUnique({ where: { clientId_start: { clientId: id, start } } });
        if (!current || current.end?.getTime() !== end?.getTime() || current.exclusive !== exclusive) {
          await tx.contract.upsert({
            where: { clientId_start: { clientId: id, start } },
            create: { clientId: id, start, end, exclusive, createdAt: now },
            update: { end, exclusive },
          });
          audit.push({
            actor: options.actor,
            action: "contract.recorded",
            at: now,
            clientId: id,
            data: { start, end, exclusive, source: "import" },
          });
          changed = true;
        }
      }

      if (row.owner && !currentOwners.has(id)) {
        const since = row.ownerSince ?? now;
        await tx.ownership.create({
          data: {
            clientId: id,
            currentFor: id,
            owner: row.owner,
            since,
            reviewDueAt: nextReviewAfter(since, now, services.policy.policy),
            source: "import",
            policyVersion: services.policy.version,
            createdAt: now,
          },
        });
        audit.push({
          actor: options.actor,
          action: "ownership.imported",
          at: now,
          clientId: id,
          policyVersion: services.policy.version,
          reason: "existing ownership recorded by import",
          data: { owner: row.owner, since },
        });
        changed = true;
      }
      if (changed && existing) written += 1;
    }
    await appendAuditMany(tx, audit);
  }, IMPORT_TX);

  return { rows: rows.length, written, unchanged: good.length - written, skipped, clientsCreated, notes: [] };
}

function findLoops(
  resolved: Array<{ row: ClientRow; existing: KnownClient | null; key: string }>,
  parentKeyOf: Map<string, string | null>,
  known: Map<string, KnownClient[]>,
): RowError[] {
  // Put file rows and existing clients into one id space: existing clients keep their id,
  // new rows get negative ids.
  const idOfKey = new Map<string, number>();
  for (const [i, r] of resolved.entries()) idOfKey.set(r.key, r.existing?.id ?? -(i + 1));
  const parentOf = new Map<number, number | null>();
  for (const list of known.values()) for (const c of list) parentOf.set(c.id, c.parentId);
  const toId = (parentKey: string | null | undefined): number | null =>
    parentKey == null
      ? null
      : parentKey.startsWith("#")
        ? Number(parentKey.slice(1))
        : (idOfKey.get(parentKey) ?? null);
  for (const r of resolved) parentOf.set(idOfKey.get(r.key) as number, toId(parentKeyOf.get(r.key)));

  const errors: RowError[] = [];
  for (const r of resolved) {
    if (r.row.parent === null) continue;
    const id = idOfKey.get(r.key) as number;
    const parentId = parentOf.get(id) ?? null;
    const rest = new Map(parentOf);
    rest.set(id, null);
    if (wouldCreateCycle(id, parentId, rest)) {
      errors.push({
        line: r.row.line,
        message: `parent ${quote(r.row.parent)} would make ${quote(r.row.name)} its own ancestor; a client tree cannot loop`,
      });
    }
  }
  return errors;
}

// ---------------------------------------------------------------- engagements and feedback

async function resolveClientIds(
  services: Services,
  names: Array<{ line: number; client: string }>,
  createMissing: boolean,
): Promise<{ ids: Map<string, number>; errors: RowError[]; missing: Map<string, string> }> {
  const known = await clientsByMatchKey(services.db);
  const ids = new Map<string, number>();
  const missing = new Map<string, string>();
  const errors: RowError[] = [];
  const reported = new Set<string>();
  for (const { line, client } of names) {
    const key = stripLegalSuffix(client);
    // Only the first row naming an unknown client is reported; the rest would repeat it.
    if (ids.has(key) || missing.has(key) || reported.has(key)) continue;
    const matches = known.get(key) ?? [];
    if (matches.length === 1 && matches[0]) ids.set(key, matches[0].id);
    else if (matches.length > 1) {
      reported.add(key);
      errors.push({
        line,
        message: `client ${quote(client)} matches several clients (${matches.map((m) => m.name).join(", ")}); use the exact name`,
      });
    } else if (createMissing) missing.set(key, client);
    else {
      reported.add(key);
      errors.push({
        line,
        message: `client ${quote(client)} is not known; import it with \`keyholder import clients\` first, or pass --create-clients`,
      });
    }
  }
  return { ids, errors, missing };
}

async function createClients(
  db: Database,
  missing: Map<string, string>,
  ids: Map<string, number>,
  now: Date,
  actor: string,
): Promise<number> {
  if (missing.size === 0) return 0;
  await db.prisma.$transaction(async (tx) => {
    await tx.client.createMany({
      data: [...missing].map(([key, name]) => ({ name, normalizedName: key, createdAt: now })),
    });
    const created = await tx.client.findMany({
      where: { name: { in: [...missing.values()] } },
      select: { id: true, normalizedName: true },
    });
    for (const c of created) ids.set(c.normalizedName, c.id);
    await appendAuditMany(
      tx,
      created.map((c) => ({
        actor,
        action: "client.created",
        at: now,
        clientId: c.id,
        data: { source: "import", createdFrom: "engagements" },
      })),
    );
  }, IMPORT_TX);
  return missing.size;
}

/** Client ids by the name as written in the file; each distinct name is normalised once. */
function cachedClientIds(ids: Map<string, number>): (name: string) => number | undefined {
  const byName = new Map<string, number | undefined>();
  return (name) => {
    if (!byName.has(name)) byName.set(name, ids.get(stripLegalSuffix(name)));
    return byName.get(name);
  };
}

async function recruiterIds(db: Database): Promise<Map<string, string>> {
  const people = await db.prisma.person.findMany({
    where: { email: { not: null } },
    select: { slackId: true, email: true },
  });
  return new Map(people.map((p) => [(p.email as string).toLowerCase(), p.slackId]));
}

export async function importEngagements(
  services: Services,
  rows: EngagementRow[],
  parseErrors: RowError[],
  options: ImportOptions,
): Promise<ImportSummary> {
  const now = services.clock();
  const { ids, errors, missing } = await resolveClientIds(services, rows, options.createClients ?? false);
  const skipped = settle([...parseErrors, ...errors], options);
  const badLines = new Set(skipped.map((e) => e.line));
  const clientsCreated = await createClients(services.db, missing, ids, now, options.actor);
  const byEmail = await recruiterIds(services.db);
  const notes: string[] = [];
  const unmatchedEmails = new Set<string>();

  const clientIdOf = cachedClientIds(ids);
  let good = 0;
  // Rows go to the database one by one as they are read here: no second copy of a large file in memory.
  function* toInsert() {
    for (const row of rows) {
      if (badLines.has(row.line)) continue;
      const clientId = clientIdOf(row.client);
      if (clientId === undefined) continue;
      let recruiter = row.recruiter;
      if (recruiter.includes("@")) {
        const email = recruiter.toLowerCase();
        recruiter = byEmail.get(email) ?? email;
        if (!byEmail.has(email)) unmatchedEmails.add(email);
      }
      good += 1;
      yield { ...row, clientId, recruiter };
    }
  }
  const written = await insertEngagements(services.db, toInsert(), now);
  if (unmatchedEmails.size > 0) {
    notes.push(
      `${unmatchedEmails.size} recruiter email${unmatchedEmails.size === 1 ? "" : "s"} not linked to a Slack user; ` +
        "those engagements are credited to the email until the person is known",
    );
  }
  if (written > 0) {
    await appendAudit(services.db.prisma, {
      actor: options.actor,
      action: "engagements.imported",
      at: now,
      data: { rows: rows.length, written, unchanged: good - written, skipped: skipped.length },
    });
  }
  return { rows: rows.length, written, unchanged: good - written, skipped, clientsCreated, notes };
}

export async function importFeedback(
  services: Services,
  rows: FeedbackRow[],
  parseErrors: RowError[],
  options: ImportOptions,
): Promise<ImportSummary> {
  const now = services.clock();
  const { ids, errors } = await resolveClientIds(services, rows, false);
  const skipped = settle([...parseErrors, ...errors], options);
  const badLines = new Set(skipped.map((e) => e.line));
  const good = rows.flatMap((row) => {
    const clientId = ids.get(stripLegalSuffix(row.client));
    return badLines.has(row.line) || clientId === undefined ? [] : [{ ...row, clientId }];
  });
  const written = await insertFeedback(services.db, good, now);
  if (written > 0) {
    await appendAudit(services.db.prisma, {
      actor: options.actor,
      action: "feedback.imported",
      at: now,
      data: { rows: rows.length, written, unchanged: good.length - written, skipped: skipped.length },
    });
  }
  return { rows: rows.length, written, unchanged: good.length - written, skipped, clientsCreated: 0, notes: [] };
}
