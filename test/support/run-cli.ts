/** Runs the `blahg` command line in-process, capturing what it prints. */

import { main } from "../../src/cli/cli.js";
import type { Io } from "../../src/cli/output.js";

export async function runCli(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const status = await main(argv, io);
  return { status, stdout, stderr };
}
