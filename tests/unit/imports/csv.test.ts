import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  type CsvFileError,
  type ImportKind,
  MAX_RECORD_BYTES,
  parseImportFile,
  validateRecord,
} from "../../../src/imports/csv.js";

const dir = mkdtempSync(join(tmpdir(), "keyholder-csv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const file = (content: string | Buffer): string => {
  const path = join(dir, `import-${++files}.csv`);
  writeFileSync(path, content);
  return path;
};

const CLIENTS_HEADER =
  "name,parent,aliases,strategic_importance,long_term_potential,exclusivity,contract_start,contract_end,contract_exclusive,owner,owner_since";
const ENGAGEMENTS_HEADER = "id,client,date,fee,recruiter,kind,service_line";
const FEEDBACK_HEADER = "client,date,rating,comment";

const fileError = async (kind: ImportKind, content: string | Buffer): Promise<CsvFileError> => {
  try {
    await parseImportFile(kind, file(content));
  } catch (error) {
    expect((error as Error).name).toBe("CsvFileError");
    return error as CsvFileError;
  }
  throw new Error("expected a CsvFileError");
};

/** Parses one engagement row given as cells after the header (no id column unless given). */
const engagement = (
  cells: Partial<Record<"id" | "client" | "date" | "fee" | "recruiter" | "kind" | "service_line", string>>,
) =>
  validateRecord(
    "engagements",
    { client: "Acme", date: "2025-03-31", fee: "1000", recruiter: "U01ABCDEF", service_line: "IT", ...cells },
    2,
  );

const client = (cells: Parameters<typeof validateRecord<"clients">>[1]) =>
  validateRecord("clients", { name: "Acme", ...cells }, 2);

const messages = (result: { errors: { message: string }[] }): string[] => result.errors.map((error) => error.message);

describe("file-level problems", () => {
  it("rejects an empty file", async () => {
    const error = await fileError("clients", "");
    expect(error.code).toBe("EMPTY");
    expect(error.message).toContain(CLIENTS_HEADER);
  });

  it("rejects a file of blank lines and a BOM as empty", async () => {
    expect((await fileError("feedback", "\uFEFF\r\n\r\n  \n")).code).toBe("EMPTY");
  });

  it("rejects a file whose first line is data rather than the header", async () => {
    const error = await fileError("engagements", "E1,Acme,2025-01-01,100,U01ABCDEF,placement,IT\n");
    expect(error.code).toBe("MISSING_HEADER");
    expect(error.line).toBe(1);
    expect(error.message).toContain(ENGAGEMENTS_HEADER);
  });

  it("names unknown and missing columns and shows the expected header", async () => {
    const error = await fileError("feedback", "client,date,score,comment\nAcme,2025-01-01,5,\n");
    expect(error.code).toBe("BAD_HEADER");
    expect(error.message).toContain("missing rating");
    expect(error.message).toContain('unknown "score"');
    expect(error.message).toContain(FEEDBACK_HEADER);
  });

  it("names a repeated column", async () => {
    const error = await fileError("feedback", "client,date,rating,comment,rating\n");
    expect(error.code).toBe("BAD_HEADER");
    expect(error.message).toContain("repeated rating");
  });

  it("accepts columns in any order, and an engagements file without the id column", async () => {
    const { rows, errors } = await parseImportFile(
      "engagements",
      file("service_line,kind,recruiter,fee,date,client\nIT,temp,U01ABCDEF,250,2025-01-02,Acme\n"),
    );
    expect(errors).toEqual([]);
    expect(rows).toMatchObject([{ id: null, client: "Acme", feeCents: 25000, kind: "temp", serviceLine: "IT" }]);
  });

  it("rejects a row with the wrong number of cells, naming its line", async () => {
    const error = await fileError("feedback", `${FEEDBACK_HEADER}\nAcme,2025-01-01,5,\nAcme,2025-01-01,5\n`);
    expect(error.code).toBe("CELL_COUNT");
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/line 3 has 3 cells but the header has 4 columns/);
  });

  it("rejects an unterminated quote, naming the line where its row starts", async () => {
    const error = await fileError(
      "feedback",
      `${FEEDBACK_HEADER}\nAcme,2025-01-01,5,ok\n\nAcme,2025-01-02,4,"never closed\nmore\n`,
    );
    expect(error.code).toBe("BAD_QUOTE");
    expect(error.line).toBe(4);
    expect(error.message).toContain("never closed");
  });

  it("rejects a stray quote inside an unquoted cell", async () => {
    const error = await fileError("feedback", `${FEEDBACK_HEADER}\nAcme,2025-01-01,5,the "best"\n`);
    expect(error.code).toBe("BAD_QUOTE");
    expect(error.line).toBe(2);
  });

  it("rejects a 10 MB single line without reading the whole file", async () => {
    const path = file(`${FEEDBACK_HEADER}\nAcme,2025-01-01,5,${"x".repeat(10 * 1024 * 1024)}\n`);
    let read = 0;
    const error = await parseImportFile("feedback", path, { onProgress: (done) => (read = done) }).catch((e) => e);
    expect(error.code).toBe("TOO_LONG");
    expect(error.line).toBe(2);
    expect(error.message).toContain("longer than 1 MB");
    expect(read).toBeLessThan(4 * MAX_RECORD_BYTES);
  });

  it("rejects a file that is not text", async () => {
    const error = await fileError("clients", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]));
    expect(error.code).toBe("NOT_TEXT");
    expect(error.message).toContain("CSV");
  });

  it("rejects a UTF-16 file, whose ASCII characters carry NUL bytes", async () => {
    expect((await fileError("feedback", Buffer.from(`\uFEFF${FEEDBACK_HEADER}\n`, "utf16le"))).code).toBe("NOT_TEXT");
  });

  it("rejects a missing file with the path in the message", async () => {
    const path = join(dir, "nope.csv");
    const error = await parseImportFile("clients", path).catch((e) => e);
    expect(error.code).toBe("UNREADABLE");
    expect(error.message).toContain(path);
  });
});

describe("reading CSV", () => {
  it("accepts a UTF-8 BOM and CRLF line endings", async () => {
    const { rows, errors } = await parseImportFile(
      "feedback",
      file(`\uFEFF${FEEDBACK_HEADER}\r\nAcme,2025-01-01,5,good\r\n`),
    );
    expect(errors).toEqual([]);
    expect(rows).toMatchObject([{ line: 2, client: "Acme", rating: 5, comment: "good" }]);
  });

  it("reads quoted cells with commas and doubled quotes", async () => {
    const { rows } = await parseImportFile(
      "feedback",
      file(`${FEEDBACK_HEADER}\n"Baker & Sons, Inc.",2025-01-01,4,"said ""great"", mostly"\n`),
    );
    expect(rows).toMatchObject([{ client: "Baker & Sons, Inc.", comment: 'said "great", mostly' }]);
  });

  it("skips blank lines, whitespace-only lines, empty rows and a trailing empty line, keeping line numbers", async () => {
    const { rows, errors } = await parseImportFile(
      "feedback",
      file(`${FEEDBACK_HEADER}\n\nAcme,2025-01-01,5,\n   \n,,,\nGlobex,2025-01-02,4,\n\n`),
    );
    expect(errors).toEqual([]);
    expect(rows.map((row) => [row.line, row.client])).toEqual([
      [3, "Acme"],
      [6, "Globex"],
    ]);
  });

  it("numbers rows by their first physical line after quoted multi-line cells (LF)", async () => {
    const { rows, errors } = await parseImportFile(
      "feedback",
      file(
        `${FEEDBACK_HEADER}\nAcme,2025-01-01,5,"line one\nline two\nline three"\nGlobex,2025-01-02,0,\nInitech,2025-01-03,4,"a\nb"\n`,
      ),
    );
    expect(rows.map((row) => row.line)).toEqual([2, 6]);
    expect(rows[0]?.comment).toBe("line one\nline two\nline three");
    expect(errors).toEqual([{ line: 5, message: expect.stringContaining('rating "0"') }]);
  });

  it("numbers rows by their first physical line after quoted multi-line cells (CRLF)", async () => {
    const { rows } = await parseImportFile(
      "feedback",
      file(`${FEEDBACK_HEADER}\r\nAcme,2025-01-01,5,"one\r\ntwo"\r\n\r\nGlobex,2025-01-02,4,\r\n`),
    );
    expect(rows.map((row) => row.line)).toEqual([2, 5]);
  });

  it("flags names from a file that is not UTF-8", async () => {
    const latin1 = Buffer.from(`${FEEDBACK_HEADER}\nCaf\xe9 Lumi\xe8re,2025-01-01,5,\n`, "latin1");
    const { errors } = await parseImportFile("feedback", file(latin1));
    expect(errors).toEqual([
      { line: 2, message: expect.stringContaining('has characters that are not UTF-8; save the file as "CSV UTF-8"') },
    ]);
  });

  it("reports progress up to the file size", async () => {
    const content = `${FEEDBACK_HEADER}\n${"Acme,2025-01-01,5,fine\n".repeat(10_000)}`;
    const calls: Array<[number, number]> = [];
    await parseImportFile("feedback", file(content), { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.at(-1)).toEqual([content.length, content.length]);
  });

  it("reports every bad row with its line and keeps the good ones", async () => {
    const { rows, errors } = await parseImportFile(
      "engagements",
      file(
        `${ENGAGEMENTS_HEADER}\n,Acme,2025-01-01,abc,U01ABCDEF,,IT\n,Acme,2025-01-01,100,U01ABCDEF,,IT\n,Acme,2025-02-30,100,bob,,IT\n`,
      ),
    );
    expect(rows.map((row) => row.line)).toEqual([3]);
    expect(errors.map((error) => error.line)).toEqual([2, 4, 4]);
  });
});

describe("engagement rows", () => {
  it("gives a complete row", () => {
    const { row, errors } = engagement({ id: " E-1 ", client: " Acme ", kind: "Contract", service_line: " Finance " });
    expect(errors).toEqual([]);
    expect(row).toEqual({
      line: 2,
      id: "E-1",
      client: "Acme",
      date: new Date("2025-03-31T00:00:00.000Z"),
      feeCents: 100000,
      recruiter: "U01ABCDEF",
      kind: "contract",
      serviceLine: "Finance",
      importKey: "id:E-1",
    });
  });

  it.each([
    ["0.1", 10],
    ["0.2", 20],
    ["0.30", 30],
    ["1,250.50", 125050],
    ["$3", 300],
    ["$1,000,000", 100_000_000],
    ["19.99", 1999],
    ["1.005e3", null],
    ["21,000,000.00", 2_100_000_000],
    [" 7.5 ", 750],
  ])("reads the fee %j as %j cents", (fee, cents) => {
    expect(engagement({ fee }).row?.feeCents ?? null).toBe(cents);
  });

  it("adds fees without floating-point error", () => {
    const a = engagement({ fee: "0.1" }).row?.feeCents ?? 0;
    const b = engagement({ fee: "0.2" }).row?.feeCents ?? 0;
    expect(a + b).toBe(engagement({ fee: "0.3" }).row?.feeCents);
  });

  it.each([
    ["-5", "is negative"],
    ["12.345", "has more than 2 decimals"],
    ["abc", "is not an amount"],
    ["1,25", "is not an amount"],
    ["12.", "is not an amount"],
    ["21000000.01", "is over the maximum of 21,000,000.00"],
    ["99999999999999999999", "is over the maximum of 21,000,000.00"],
  ])("refuses the fee %j: %s", (fee, problem) => {
    const [message] = messages(engagement({ fee }));
    expect(message).toContain(`fee ${JSON.stringify(fee)} ${problem}`);
  });

  it("explains the fee's form in every fee message", () => {
    for (const fee of ["", "-5", "12.345", "abc"]) {
      expect(messages(engagement({ fee }))[0]).toContain("1,250.50");
    }
  });

  it.each([
    ["2025-02-30", "is not a real calendar date"],
    ["2025-13-01", "is not a real calendar date"],
    ["2023-02-29", "is not a real calendar date"],
    ["03/04/2025", "is not a date"],
    ["2025-3-4", "is not a date"],
    ["2025-03-04T10:00", "is not a date"],
    ["1899-12-31", "is before 1900"],
  ])("refuses the date %j: %s", (date, problem) => {
    const [message] = messages(engagement({ date }));
    expect(message).toContain(`date ${JSON.stringify(date)} ${problem}`);
    expect(message).toContain("YYYY-MM-DD");
  });

  it("reads dates as UTC midnight, leap days included", () => {
    expect(engagement({ date: "2024-02-29" }).row?.date.toISOString()).toBe("2024-02-29T00:00:00.000Z");
  });

  it("requires a date", () => {
    expect(messages(engagement({ date: "" }))).toEqual([expect.stringContaining("date is empty")]);
  });

  it("takes a Slack user ID or an email as recruiter", () => {
    expect(engagement({ recruiter: "W0123ABC" }).row?.recruiter).toBe("W0123ABC");
    expect(engagement({ recruiter: "Ana.Diaz@Example.com" }).row?.recruiter).toBe("ana.diaz@example.com");
    for (const recruiter of ["bob", "u01abcdef", "U1", "@ana"]) {
      const [message] = messages(engagement({ recruiter }));
      expect(message).toContain(`recruiter ${JSON.stringify(recruiter)} is not a Slack user ID or an email`);
      expect(message).toContain("U01ABCDEF");
    }
  });

  it("reads kind case-insensitively, defaulting to placement", () => {
    expect(engagement({ kind: "" }).row?.kind).toBe("placement");
    expect(engagement({ kind: "TEMP" }).row?.kind).toBe("temp");
    expect(engagement({ kind: "constructor" }).row).toBeNull();
    expect(messages(engagement({ kind: "perm" }))).toEqual([
      'kind "perm" is not a kind of engagement; use placement, contract or temp (empty means placement)',
    ]);
  });

  it("requires a service line of at most 60 characters", () => {
    expect(messages(engagement({ service_line: " " }))[0]).toContain("service_line is empty");
    expect(engagement({ service_line: "x".repeat(60) }).errors).toEqual([]);
    expect(messages(engagement({ service_line: "x".repeat(61) }))[0]).toContain(
      "61 characters long; shorten it to at most 60",
    );
  });

  it("requires a client name without control characters", () => {
    expect(messages(engagement({ client: "" }))[0]).toContain("client is empty");
    expect(messages(engagement({ client: "Acme\tCorp" }))[0]).toBe(
      'client "Acme\\tCorp" contains a control character (a tab or line break); put it on one line',
    );
  });

  it("keys a row without id by its normalised content", () => {
    const key = engagement({}).row?.importKey;
    expect(key).toMatch(/^row:[0-9a-f]{64}$/);
    expect(engagement({ client: "  ACME " }).row?.importKey).toBe(key);
    expect(engagement({ id: "" }).row?.importKey).toBe(key);
    expect(engagement({ fee: "1000.00" }).row?.importKey).toBe(key);
    expect(engagement({ fee: "1000.01" }).row?.importKey).not.toBe(key);
    expect(engagement({ date: "2025-03-30" }).row?.importKey).not.toBe(key);
    expect(engagement({ kind: "temp" }).row?.importKey).not.toBe(key);
  });

  it("gives the same keys when the same file is imported again", async () => {
    const path = file(
      `${ENGAGEMENTS_HEADER}\n,Acme,2025-01-01,100,U01ABCDEF,,IT\nE7,Acme,2025-01-01,100,U01ABCDEF,,IT\n`,
    );
    const first = await parseImportFile("engagements", path);
    const second = await parseImportFile("engagements", path);
    expect(second.rows.map((row) => row.importKey)).toEqual(first.rows.map((row) => row.importKey));
    expect(first.rows[1]?.importKey).toBe("id:E7");
  });

  it("parses and validates 200,000 rows (its speed is measured by npm run bench)", async () => {
    const lines = [ENGAGEMENTS_HEADER];
    for (let i = 0; i < 200_000; i++) {
      lines.push(
        `,"Client ${i % 997}, Inc.",2024-${String(1 + (i % 12)).padStart(2, "0")}-15,${1000 + (i % 9000)}.50,U0REC${i % 9},temp,IT`,
      );
    }
    const path = file(`${lines.join("\n")}\n`);
    const { rows, errors } = await parseImportFile("engagements", path);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(200_000);
  }, 20_000);
});

describe("client rows", () => {
  it("gives a complete row", () => {
    const { row, errors } = client({
      name: " Harbor Freight Solutions ",
      parent: "Harbor Logistics Group",
      aliases: " HFS | Harbor Freight || hfs |",
      strategic_importance: "4",
      long_term_potential: "0",
      exclusivity: "",
      contract_start: "2024-01-01",
      contract_end: "2026-12-31",
      contract_exclusive: "Yes",
      owner: "U01ABCDEF",
      owner_since: "2024-06-01",
    });
    expect(errors).toEqual([]);
    expect(row).toEqual({
      line: 2,
      name: "Harbor Freight Solutions",
      parent: "Harbor Logistics Group",
      aliases: ["HFS", "Harbor Freight"],
      strategicImportance: 4,
      longTermPotential: 0,
      exclusivity: null,
      contract: { start: new Date("2024-01-01T00:00:00Z"), end: new Date("2026-12-31T00:00:00Z"), exclusive: true },
      owner: "U01ABCDEF",
      ownerSince: new Date("2024-06-01T00:00:00Z"),
    });
  });

  it("leaves every optional field empty", () => {
    expect(client({}).row).toEqual({
      line: 2,
      name: "Acme",
      parent: null,
      aliases: [],
      strategicImportance: null,
      longTermPotential: null,
      exclusivity: null,
      contract: null,
      owner: null,
      ownerSince: null,
    });
  });

  it("requires a name of at most 200 characters", () => {
    expect(messages(client({ name: "" }))).toEqual(["name is empty; give the client's name (up to 200 characters)"]);
    expect(client({ name: "n".repeat(200) }).errors).toEqual([]);
    const [message] = messages(client({ name: "n".repeat(201) }));
    expect(message).toBe(`name "${"n".repeat(60)}…" is 201 characters long; shorten it to at most 200`);
  });

  it("refuses a parent that is the client itself", () => {
    expect(messages(client({ parent: "ACME" }))).toEqual([
      'parent "ACME" is the client itself; leave parent empty or name another client',
    ]);
  });

  it.each(["strategic_importance", "long_term_potential", "exclusivity"] as const)(
    "reads %s as a whole number from 0 to 5",
    (column) => {
      expect(client({ [column]: "5" }).errors).toEqual([]);
      for (const value of ["6", "2.5", "-1", "high"]) {
        expect(messages(client({ [column]: value }))).toEqual([
          `${column} ${JSON.stringify(value)} is not a rating; use a whole number from 0 to 5, or leave it empty`,
        ]);
      }
    },
  );

  it.each([
    ["true", true],
    ["FALSE", false],
    ["yes", true],
    ["No", false],
    ["1", true],
    ["0", false],
    ["", false],
  ])("reads contract_exclusive %j as %j", (value, exclusive) => {
    expect(client({ contract_start: "2025-01-01", contract_exclusive: value }).row?.contract?.exclusive).toBe(
      exclusive,
    );
  });

  it("refuses other contract_exclusive values", () => {
    expect(messages(client({ contract_start: "2025-01-01", contract_exclusive: "maybe" }))).toEqual([
      'contract_exclusive "maybe" is not yes or no; use true/false, yes/no, 1/0, or leave it empty',
    ]);
  });

  it("keeps an open-ended contract", () => {
    expect(client({ contract_start: "2025-01-01" }).row?.contract).toEqual({
      start: new Date("2025-01-01T00:00:00Z"),
      end: null,
      exclusive: false,
    });
  });

  it("refuses a contract that ends before it starts", () => {
    expect(messages(client({ contract_start: "2025-06-01", contract_end: "2025-05-31" }))).toEqual([
      'contract_end "2025-05-31" is before contract_start "2025-06-01"; the end must be on or after the start',
    ]);
    expect(client({ contract_start: "2025-06-01", contract_end: "2025-06-01" }).errors).toEqual([]);
  });

  it("requires contract_start when contract_end or contract_exclusive is given", () => {
    expect(messages(client({ contract_end: "2025-05-31" }))[0]).toContain(
      "contract_start is empty but contract_end is given",
    );
    expect(messages(client({ contract_exclusive: "yes" }))[0]).toContain(
      'contract_start is empty but contract_exclusive is "yes"',
    );
  });

  it("refuses a bad contract date", () => {
    expect(messages(client({ contract_start: "2025-02-30" }))[0]).toContain(
      'contract_start "2025-02-30" is not a real calendar date',
    );
  });

  it("takes only a Slack user ID as owner", () => {
    expect(messages(client({ owner: "ana@example.com" }))).toEqual([
      'owner "ana@example.com" is not a Slack user ID; use a Slack user ID like U01ABCDEF (profile → ⋮ → Copy member ID)',
    ]);
  });

  it("requires an owner for owner_since", () => {
    expect(messages(client({ owner_since: "2025-01-01" }))).toEqual([
      'owner_since "2025-01-01" is given without an owner; fill in owner or leave owner_since empty',
    ]);
  });

  it("reads a clients file", async () => {
    const { rows, errors } = await parseImportFile(
      "clients",
      file(
        `${CLIENTS_HEADER}\nHarbor Logistics Group,,,,,,,,,,\n"Café Lumière, Ltd",Harbor Logistics Group,Cafe Lumiere,3,4,2,2024-01-01,,no,U0DEMOREC1,2024-02-01\n`,
      ),
    );
    expect(errors).toEqual([]);
    expect(rows.map((row) => [row.name, row.parent, row.aliases, row.owner])).toEqual([
      ["Harbor Logistics Group", null, [], null],
      ["Café Lumière, Ltd", "Harbor Logistics Group", ["Cafe Lumiere"], "U0DEMOREC1"],
    ]);
  });
});

describe("feedback rows", () => {
  const feedback = (cells: Parameters<typeof validateRecord<"feedback">>[1]) =>
    validateRecord("feedback", { client: "Acme", date: "2025-01-01", rating: "4", ...cells }, 2);

  it("gives a complete row", () => {
    const { row } = feedback({ comment: "  Quick and thorough. " });
    expect(row).toMatchObject({
      client: "Acme",
      rating: 4,
      comment: "Quick and thorough.",
      date: new Date("2025-01-01T00:00:00Z"),
    });
    expect(row?.importKey).toMatch(/^row:[0-9a-f]{64}$/);
  });

  it("reads an empty comment as none", () => {
    expect(feedback({ comment: " " }).row?.comment).toBeNull();
  });

  it("takes ratings from 1 to 5 only", () => {
    expect(feedback({ rating: "1" }).errors).toEqual([]);
    for (const rating of ["0", "6", "4.5", "good"]) {
      expect(messages(feedback({ rating }))).toEqual([
        `rating ${JSON.stringify(rating)} is not a rating; use a whole number from 1 to 5`,
      ]);
    }
    expect(messages(feedback({ rating: "" }))).toEqual(["rating is empty; give a whole number from 1 to 5"]);
  });

  it("limits a comment to 2,000 characters", () => {
    expect(feedback({ comment: "c".repeat(2000) }).errors).toEqual([]);
    expect(messages(feedback({ comment: "c".repeat(2001) }))[0]).toContain(
      "2001 characters long; shorten it to at most 2000",
    );
  });

  it("keys a row by its normalised content", () => {
    const key = feedback({ comment: "fine" }).row?.importKey;
    expect(feedback({ client: " acme ", comment: "fine" }).row?.importKey).toBe(key);
    expect(feedback({ comment: "great" }).row?.importKey).not.toBe(key);
    expect(feedback({ rating: "5", comment: "fine" }).row?.importKey).not.toBe(key);
  });
});
