import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../bin/keyholder.js", import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `keyholder` command as a user would, with its output piped. */
export function keyholder(
  args: string[],
  env: Record<string, string>,
  cwd?: string,
  /** Run this program with `args` instead of the keyholder command. */
  program?: string,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program ?? process.execPath, program ? args : [BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "", TZ: "UTC", LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
