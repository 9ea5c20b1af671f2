/**
 * What every benchmark's report shares: a Markdown table, the machine it ran on, and
 * its own section of bench/RESULTS.md, replaced in place on each run.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, machine, type as osType, release, totalmem } from "node:os";
import { fileURLToPath } from "node:url";

export const RESULTS = fileURLToPath(new URL("RESULTS.md", import.meta.url));

export const fmtInt = (n: number): string => Math.round(n).toLocaleString("en-US");
export const yes = (ok: boolean): string => (ok ? "yes" : "**no**");

export const table = (head: string[], rows: string[][]): string =>
  [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join(
    "\n",
  );

/** Kernel, CPU model, cores, memory and Node version, on one line. */
export function machineLine(): string {
  const cpu =
    /model name\s*:\s*(.+)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? cpus()[0]?.model ?? "?";
  return `${osType()} ${release()} ${machine()}; ${cpu}; ${cpus().length} cores; ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM; Node ${process.version}`;
}

/** Replaces the section `name` of RESULTS.md (appends it when absent), leaving every other section as it is. */
export function writeSection(name: string, body: string): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n${body.trim()}\n${end}`;
  const current = existsSync(RESULTS)
    ? readFileSync(RESULTS, "utf8")
    : "# keyholder benchmarks\n\nWritten by `npm run bench`. Not part of `npm test`.\n";
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? current.slice(0, from) + block + current.slice(to + end.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(RESULTS, next.endsWith("\n") ? next : `${next}\n`);
}
