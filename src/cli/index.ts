import { statSync } from "node:fs";
import { userInfo } from "node:os";
import { SingleBar } from "cli-progress";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { stringify } from "csv-stringify/sync";
import { bootstrap } from "../bootstrap.js";
import { ConfigError, loadConfig } from "../config.js";
import { migrate } from "../db/migrate.js";
import { CsvFileError, type ImportKind, parseImportFile } from "../imports/csv.js";
import { ReminderNotRun, runReminderNow } from "../jobs/scheduler.js";
import { PolicyError } from "../policy/load.js";
import { serve } from "../serve.js";
import { BackupError, backupDatabase } from "../services/backup.js";
import type { Services } from "../services/context.js";
import { loadDemo } from "../services/demo.js";
import { auditTrail, decisions } from "../services/exports.js";
import {
  ImportRejected,
  type ImportSummary,
  importClients,
  importEngagements,
  importFeedback,
} from "../services/imports.js";
import { resolveClient } from "../services/resolve-client.js";
import { scoreAll, scoreOne, scoreToJson } from "../services/score.js";
import { formatRanking, formatScoreCard } from "./format.js";

/** A failure the user can fix: printed as one clear message, exit code 1, no stack trace. */
class UserError extends Error {}

export interface Io {
  out: (text: string) => void;
  /** Writes without a newline. */
  write: (text: string) => void;
  err: (text: string) => void;
  stderrIsTTY: boolean;
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  write: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(`${text}\n`),
  stderrIsTTY: Boolean(process.stderr.isTTY),
};

const actor = () => `cli:${safeUser()}`;
function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

async function withServices<T>(run: (services: Services) => Promise<T>): Promise<T> {
  const { services } = await bootstrap();
  try {
    return await run(services);
  } finally {
    await services.db.close();
  }
}

/** A progress bar on a terminal for files over a megabyte; nothing when output is piped. */
function progressFor(path: string, io: Io) {
  const total = statSync(path).size;
  if (!io.stderrIsTTY || total < 1_000_000) return { onProgress: undefined, stop: () => {} };
  const bar = new SingleBar({
    format: "Reading {bar} {percentage}% | {value}/{total} kB",
    hideCursor: true,
    stream: process.stderr,
  });
  bar.start(Math.ceil(total / 1024), 0);
  return {
    onProgress: (done: number) => bar.update(Math.ceil(done / 1024)),
    stop: () => bar.stop(),
  };
}

function summarise(kind: ImportKind, summary: ImportSummary): string {
  const lines = [
    `${kind}: ${summary.rows} row${summary.rows === 1 ? "" : "s"} read, ${summary.written} written, ${summary.unchanged} already present`,
  ];
  if (summary.clientsCreated > 0)
    lines.push(`${summary.clientsCreated} new client${summary.clientsCreated === 1 ? "" : "s"} created`);
  if (summary.skipped.length > 0) {
    lines.push(`${summary.skipped.length} invalid row${summary.skipped.length === 1 ? "" : "s"} skipped:`);
    lines.push(...formatRowErrors(summary.skipped));
  }
  lines.push(...summary.notes);
  return lines.join("\n");
}

const MAX_LISTED_ERRORS = 50;
function formatRowErrors(errors: Array<{ line: number; message: string }>): string[] {
  const listed = errors.slice(0, MAX_LISTED_ERRORS).map((e) => `  line ${e.line}: ${e.message}`);
  if (errors.length > MAX_LISTED_ERRORS) listed.push(`  … and ${errors.length - MAX_LISTED_ERRORS} more`);
  return listed;
}

async function findClientId(services: Services, name: string): Promise<number> {
  const resolution = await resolveClient(services.db, name);
  if (resolution.kind === "found") return resolution.client.id;
  if (resolution.kind === "ambiguous") {
    throw new UserError(
      `"${name}" matches several clients: ${resolution.candidates.map((c) => c.name).join("; ")}. Use the full name.`,
    );
  }
  const hint =
    resolution.suggestions.length > 0
      ? `; did you mean ${resolution.suggestions.map((c) => `"${c.name}"`).join(" or ")}?`
      : "";
  throw new UserError(`no client named "${name}"${hint}`);
}

export function buildProgram(io: Io = defaultIo): Command {
  const program = new Command("keyholder")
    .description("Client ownership and Key Accounts by written policy: import data, score clients, export decisions.")
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError("(run keyholder --help for usage)")
    .exitOverride();

  program
    .command("import")
    .description("import a CSV file of clients, engagements or feedback")
    .addArgument(
      new Command().createArgument("<kind>", "what the file holds").choices(["clients", "engagements", "feedback"]),
    )
    .argument("<file>", "path of the CSV file")
    .option("--skip-invalid", "import the valid rows and list the invalid ones, instead of rejecting the file")
    .option("--create-clients", "engagements: create clients that do not exist yet")
    .action(async (kind: ImportKind, file: string, opts: { skipInvalid?: boolean; createClients?: boolean }) => {
      if (opts.createClients && kind !== "engagements")
        throw new UserError("--create-clients applies to engagements only");
      try {
        statSync(file);
      } catch {
        throw new UserError(`cannot read ${file}: no such file`);
      }
      await withServices(async (services) => {
        const progress = progressFor(file, io);
        let parsed: Awaited<ReturnType<typeof parseImportFile>>;
        try {
          parsed = await parseImportFile(kind, file, { onProgress: progress.onProgress });
        } finally {
          progress.stop();
        }
        const options = { skipInvalid: opts.skipInvalid, createClients: opts.createClients, actor: actor() };
        let summary: ImportSummary;
        if (kind === "clients") {
          const rows = parsed.rows as Parameters<typeof importClients>[1];
          if (parsed.errors.length > 0 && !opts.skipInvalid) throw new ImportRejected(parsed.errors);
          summary = await importClients(services, rows, options);
          summary.skipped = [...parsed.errors, ...summary.skipped].sort((a, b) => a.line - b.line);
        } else if (kind === "engagements") {
          summary = await importEngagements(
            services,
            parsed.rows as Parameters<typeof importEngagements>[1],
            parsed.errors,
            options,
          );
        } else {
          summary = await importFeedback(
            services,
            parsed.rows as Parameters<typeof importFeedback>[1],
            parsed.errors,
            options,
          );
        }
        io.out(summarise(kind, summary));
      });
    });

  program
    .command("score")
    .description("print a client's score card")
    .argument("<client...>", "client name (case, accents and punctuation are ignored; typos are forgiven)")
    .option("--json", "print JSON instead of text")
    .action(async (words: string[], opts: { json?: boolean }) => {
      await withServices(async (services) => {
        const id = await findClientId(services, words.join(" "));
        const score = await scoreOne(services, id);
        if (!score) throw new UserError(`client "${words.join(" ")}" was removed while scoring`);
        io.out(
          opts.json
            ? JSON.stringify(scoreToJson(score), null, 2)
            : formatScoreCard(score, services.policy.policy.timezone),
        );
      });
    });

  program
    .command("list")
    .description("rank every client by score")
    .argument(
      "[filter]",
      "key | candidates | owned: only Key Account verdicts, only unowned KEY/BORDERLINE, or only owned",
    )
    .option("--json", "print JSON (one array) instead of text")
    .action(async (filter: string | undefined, opts: { json?: boolean }) => {
      const filters: Record<string, (s: Awaited<ReturnType<typeof scoreAll>>[number]) => boolean> = {
        key: (s) => s.card.verdict === "KEY",
        candidates: (s) => s.card.verdict !== "NOT_KEY" && s.owner === null,
        owned: (s) => s.owner !== null,
      };
      const keep = filter === undefined ? () => true : filters[filter];
      if (!keep) throw new UserError(`unknown filter "${filter}"; use one of: ${Object.keys(filters).join(", ")}`);
      await withServices(async (services) => {
        const scores = (await scoreAll(services)).filter(keep);
        if (!opts.json) {
          io.out(formatRanking(scores));
          return;
        }
        // One client at a time, so a firm of any size never holds the whole document in memory.
        io.write("[");
        scores.forEach((score, i) => {
          io.write(`${i === 0 ? "" : ","}${JSON.stringify(scoreToJson(score))}`);
        });
        io.write("]\n");
      });
    });

  program
    .command("review")
    .description("run the weekly Key Account reminder now (the running app posts it to the review channel)")
    .requiredOption("--now", "run it now")
    .option("--force", "run it again even if this period's reminder already ran")
    .action(async (opts: { force?: boolean }) => {
      await withServices(async (services) => {
        try {
          io.out(`${await runReminderNow(services, opts)}. The running app posts it to the review channel.`);
        } catch (error) {
          if (error instanceof ReminderNotRun) throw new UserError(error.message);
          throw error;
        }
      });
    });

  program
    .command("playground")
    .description("run the app in a local workspace in the browser, with demo data on first start (no Slack needed)")
    .option("--port <port>", "port of the page (default: PORT, else 3000)", (value) => {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new InvalidArgumentError("must be a port number between 0 and 65535, such as 3000");
      }
      return port;
    })
    .action(async (opts: { port?: number }) => {
      await serve({ playground: true, port: opts.port });
    });

  program
    .command("migrate")
    .description("bring the database up to date (every command also does this first)")
    .action(async () => {
      const config = loadConfig();
      const result = await migrate(config.DATABASE_URL);
      io.out(
        result.applied.length === 0
          ? `Database is up to date (${result.alreadyApplied} migrations applied earlier).`
          : `Applied ${result.applied.length} migration(s): ${result.applied.join(", ")}`,
      );
    });

  program
    .command("demo")
    .description("load a small, realistic demo firm (about 100 clients over three years, with the forum case)")
    .action(async () => {
      await withServices(async (services) => {
        const result = await loadDemo(services, actor());
        io.out(`Demo data: ${result.people} people`);
        io.out(summarise("clients", result.clients));
        io.out(summarise("engagements", result.engagements));
        io.out(summarise("feedback", result.feedback));
        io.out('Try: keyholder list   or   keyholder score "Harbor Freight Solutions"');
      });
    });

  program
    .command("backup")
    .description("write a consistent copy of the database, safe while the app runs")
    .argument("<file>", "where to write the copy (must not exist)")
    .action(async (file: string) => {
      const config = loadConfig();
      await withServices(async (services) => {
        const result = await backupDatabase(services.db, config.DATABASE_URL, file);
        io.out(`Backup written to ${result.file} (${result.check})`);
      });
    });

  program
    .command("export")
    .description("export decided claims or the audit trail")
    .addArgument(new Command().createArgument("<what>", "what to export").choices(["decisions", "audit"]))
    .addOption(new Option("--csv", "CSV with a header row instead of JSON lines"))
    .action(async (what: "decisions" | "audit", opts: { csv?: boolean }) => {
      await withServices(async (services) => {
        const rows = what === "decisions" ? decisions(services) : auditTrail(services);
        let first = true;
        for await (const row of rows) {
          if (!opts.csv) io.out(JSON.stringify(row));
          else {
            const flat = Object.fromEntries(
              Object.entries(row).map(([k, v]) => [k, Array.isArray(v) ? v.join("; ") : v]),
            );
            io.out(stringify([flat], { header: first }).trimEnd());
          }
          first = false;
        }
        if (first && opts.csv) io.out(`(no ${what} yet)`);
      });
    });

  return program;
}

/** Runs the CLI and returns the exit code: 0 done, 1 a problem the message explains, 2 wrong usage. */
export async function runCli(argv: string[], io: Io = defaultIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof ImportRejected) {
      io.err(`keyholder: the file was rejected; nothing was imported. ${error.errors.length} invalid row(s):`);
      io.err(formatRowErrors(error.errors).join("\n"));
      io.err("Fix the rows and import again, or pass --skip-invalid to import the valid rows only.");
      return 1;
    }
    if (
      error instanceof UserError ||
      error instanceof CsvFileError ||
      error instanceof ConfigError ||
      error instanceof PolicyError ||
      error instanceof BackupError
    ) {
      io.err(`keyholder: ${error.message}`);
      return 1;
    }
    io.err(`keyholder: unexpected error: ${(error as Error).message ?? String(error)}`);
    if (process.env.LOG_LEVEL === "debug") io.err(String((error as Error).stack));
    return 1;
  }
}
