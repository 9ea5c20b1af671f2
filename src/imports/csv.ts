/**
 * Reads an import file (clients, engagements or feedback) and validates every
 * row, without touching the database. File-level problems throw `CsvFileError`;
 * row problems are collected so that the caller can report all of them at once.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CsvError, parse } from "csv-parse";
import {
  COLUMNS,
  type ColumnName,
  type ColumnPositions,
  type ImportKind,
  OPTIONAL_COLUMNS,
  quote,
  type RowByKind,
  type RowError,
  rowValidator,
} from "./rows.js";

export {
  type ClientRow,
  COLUMNS,
  type EngagementKind,
  type EngagementRow,
  engagementImportKey,
  type FeedbackRow,
  feedbackImportKey,
  type ImportKind,
  type RowByKind,
  type RowError,
  validateRecord,
} from "./rows.js";

/** A record (a line, or several for quoted line breaks) longer than this is refused. */
export const MAX_RECORD_BYTES = 1024 * 1024;
/** A NUL byte this early means a spreadsheet, archive or UTF-16 file rather than CSV text. */
const SNIFF_BYTES = 8192;

export type CsvFileErrorCode =
  | "UNREADABLE"
  | "EMPTY"
  | "NOT_TEXT"
  | "MISSING_HEADER"
  | "BAD_HEADER"
  | "CELL_COUNT"
  | "BAD_QUOTE"
  | "MALFORMED"
  | "TOO_LONG";

export class CsvFileError extends Error {
  override readonly name = "CsvFileError";

  constructor(
    readonly code: CsvFileErrorCode,
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

export interface ImportResult<Row> {
  rows: Row[];
  errors: RowError[];
}

export interface ParseOptions {
  /** Called after each chunk read with the bytes read so far and the file size. */
  onProgress?: (done: number, total: number) => void;
}

const expectedHeader = (kind: ImportKind): string => COLUMNS[kind].join(",");

/** Maps the header's columns to positions, or explains what is wrong with it. */
const readHeader = <K extends ImportKind>(kind: K, cells: readonly string[], line: number): ColumnPositions<K> => {
  const columns: readonly string[] = COLUMNS[kind];
  const names = cells.map((cell) => cell.trim());
  const expected = `the header must be: ${expectedHeader(kind)} (any order)`;
  if (!names.some((name) => columns.includes(name))) {
    throw new CsvFileError(
      "MISSING_HEADER",
      `line ${line} (${quote(cells.join(","))}) names none of the ${kind} columns; the first line must be the header: ${expectedHeader(kind)}`,
      line,
    );
  }
  const unknown = names.filter((name) => !columns.includes(name));
  const duplicate = names.filter((name, i) => columns.includes(name) && names.indexOf(name) !== i);
  const missing = columns.filter((column) => !names.includes(column) && !OPTIONAL_COLUMNS[kind].includes(column));
  const problems = [
    missing.length > 0 ? `missing ${missing.join(", ")}` : "",
    unknown.length > 0 ? `unknown ${unknown.map(quote).join(", ")}` : "",
    duplicate.length > 0 ? `repeated ${[...new Set(duplicate)].join(", ")}` : "",
  ].filter((problem) => problem !== "");
  if (problems.length > 0) {
    throw new CsvFileError(
      "BAD_HEADER",
      `the header on line ${line} has the wrong columns: ${problems.join("; ")}; ${expected}`,
      line,
    );
  }
  return Object.fromEntries(columns.map((column) => [column, names.indexOf(column)])) as Record<ColumnName<K>, number>;
};

/** Physical line breaks inside a record's cells; only quoted cells can hold them. */
const lineBreaksIn = (cells: readonly string[]): number => {
  let count = 0;
  for (const cell of cells) {
    for (let at = cell.indexOf("\n"); at !== -1; at = cell.indexOf("\n", at + 1)) count++;
  }
  return count;
};

/** Blank lines, whitespace-only lines and rows of empty cells (spreadsheets add those) are skipped. */
const isBlank = (cells: readonly string[]): boolean => cells.every((cell) => cell.trim() === "");

/** Rewrites csv-parse's errors, which speak of its internals, into what the user should fix. */
const fileErrorFrom = (error: CsvError, line: number): CsvFileError => {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return new CsvFileError(
        "BAD_QUOTE",
        `the row starting on line ${line} opens a quoted cell that is never closed; end the cell with " and double any quote inside it ("")`,
        line,
      );
    case "CSV_MAX_RECORD_SIZE":
      return new CsvFileError(
        "TOO_LONG",
        `the row starting on line ${line} is longer than 1 MB; a row holds one client, engagement or feedback, so check for a missing line break or an unclosed quote`,
        line,
      );
    case "INVALID_OPENING_QUOTE":
    case "CSV_INVALID_CLOSING_QUOTE":
      return new CsvFileError(
        "BAD_QUOTE",
        `the row starting on line ${line} has a stray quote; a cell containing quotes must be wrapped in quotes with each inner quote doubled, e.g. "The ""Best"" Diner"`,
        line,
      );
    default:
      return new CsvFileError(
        "MALFORMED",
        `the row starting on line ${line} cannot be read as CSV: ${error.message}`,
        line,
      );
  }
};

/**
 * Streams the file at `path` and validates each row as a `kind` row. Throws
 * `CsvFileError` when the file as a whole cannot be used; otherwise returns
 * the valid rows and one error per problem found in the others.
 */
export const parseImportFile = async <K extends ImportKind>(
  kind: K,
  path: string,
  options: ParseOptions = {},
): Promise<ImportResult<RowByKind[K]>> => {
  let total: number;
  try {
    total = (await stat(path)).size;
  } catch (error) {
    throw new CsvFileError("UNREADABLE", `cannot read ${path}: ${(error as Error).message}`);
  }

  const rows: RowByKind[K][] = [];
  const errors: RowError[] = [];
  let validate: ((cells: readonly string[], line: number) => RowByKind[K] | null) | undefined;
  let width = 0;
  // Counted here rather than taken from csv-parse, whose count is off after a quoted CRLF.
  let line = 1;

  const onRecord = (cells: string[]): void => {
    const at = line;
    line += 1 + lineBreaksIn(cells);
    if (isBlank(cells)) return;
    if (validate === undefined) {
      validate = rowValidator(kind, readHeader(kind, cells, at), errors);
      width = cells.length;
      return;
    }
    if (cells.length !== width) {
      throw new CsvFileError(
        "CELL_COUNT",
        `line ${at} has ${cells.length} cells but the header has ${width} columns; check for a missing or extra comma, and wrap any value containing a comma in double quotes`,
        at,
      );
    }
    const row = validate(cells, at);
    if (row !== null) rows.push(row);
  };

  let read = 0;
  async function* sniff(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      if (read < SNIFF_BYTES && chunk.subarray(0, SNIFF_BYTES - read).includes(0)) {
        throw new CsvFileError(
          "NOT_TEXT",
          `${path} is not a text file (it contains NUL bytes); export the sheet as CSV in UTF-8 and import that`,
        );
      }
      read += chunk.length;
      options.onProgress?.(read, total);
      yield chunk;
    }
  }

  try {
    await pipeline(
      createReadStream(path),
      sniff,
      parse({
        bom: true,
        record_delimiter: ["\r\n", "\n"],
        // Blank lines come through as records so that the line count stays right; onRecord skips them.
        skip_empty_lines: false,
        // Cell counts are checked in onRecord, which knows the true line number.
        relax_column_count: true,
        max_record_size: MAX_RECORD_BYTES,
      }),
      new Writable({
        objectMode: true,
        write(cells: string[], _encoding, done) {
          try {
            onRecord(cells);
            done();
          } catch (error) {
            done(error as Error);
          }
        },
      }),
    );
  } catch (error) {
    if (error instanceof CsvFileError) throw error;
    if (error instanceof CsvError) throw fileErrorFrom(error, line);
    // A system error (EISDIR, EACCES, …) is the file's fault; anything else is a bug and stays as it is.
    if (typeof (error as NodeJS.ErrnoException).syscall === "string") {
      throw new CsvFileError("UNREADABLE", `cannot read ${path}: ${(error as Error).message}`);
    }
    throw error;
  }

  if (validate === undefined) {
    throw new CsvFileError("EMPTY", `${path} is empty; a ${kind} file starts with the header: ${expectedHeader(kind)}`);
  }
  return { rows, errors };
};
