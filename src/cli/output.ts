/** How commands talk to the terminal: diagnostics on stderr, usage errors with exit status 2. */

import { formatDiagnostic, type Diagnostic } from "../diagnostics.js";

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const processIo: Io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** Thrown for a wrong command line; main prints it with a usage hint. */
export class UsageError extends Error {}

export function printDiagnostics(io: Io, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.stderr(formatDiagnostic(d) + "\n");
}
