/**
 * What the soak benchmark reads about processes and the machine from /proc:
 * resident memory, CPU time per process and for the whole machine, and the
 * machine's description for the report. Linux only, as the benchmark is.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on every common kernel). */
export const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** VmRSS of a process in kB, or null when it is gone. */
export function rssKb(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * utime + stime of a process in seconds, or null when it is gone; with `children`, plus the
 * cutime + cstime of its children that have exited and been waited for.
 */
export function cpuSeconds(pid: number, children = false): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces: fields count from after it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const own = Number(fields[11]) + Number(fields[12]);
    return (children ? own + Number(fields[13]) + Number(fields[14]) : own) / CLK_TCK;
  } catch {
    return null;
  }
}

/**
 * Every process whose command name is `comm` (e.g. "postgres"): pid → CPU seconds so far,
 * each with its exited children's, so that a backend that ends between two snapshots is
 * still counted (in its parent, the postmaster).
 */
export function cpuByComm(comm: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== comm) continue;
    } catch {
      continue;
    }
    const seconds = cpuSeconds(Number(entry), true);
    if (seconds !== null) out.set(Number(entry), seconds);
  }
  return out;
}

/**
 * CPU seconds spent by a group of processes between two `cpuByComm` snapshots: the group's
 * total after less its total before (a process born in between counts whole; one that ended
 * moved its time into its parent's children time).
 */
export function groupDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const seconds of after.values()) total += seconds;
  for (const seconds of before.values()) total -= seconds;
  return total;
}

/** Whole-machine CPU seconds so far: busy (everything but idle and iowait) and total. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: (total - idle) / CLK_TCK, total: total / CLK_TCK };
}

export interface MachineInfo {
  uname: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  load: string;
}

export function machineInfo(): MachineInfo {
  let uname = "";
  try {
    uname = execFileSync("uname", ["-srm"], { encoding: "utf8" }).trim();
  } catch {
    uname = `${process.platform} ${process.arch}`;
  }
  return {
    uname,
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGiB: totalmem() / 1024 ** 3,
    node: process.version,
    load: loadavg()
      .map((l) => l.toFixed(2))
      .join(" "),
  };
}
