/**
 * Diagnostics: problems found in input files, reported as values with a place
 * (file, line, column) instead of thrown exceptions.
 */

export type Severity = "error" | "warning";

export interface Diagnostic {
  /** Path of the file the problem is in, when known. */
  file?: string;
  /** 1-based line. */
  line: number;
  /** 1-based column, counted in characters of the line. */
  column: number;
  severity: Severity;
  /** Stable machine-readable code, e.g. `fmt3/unknown-arity`. */
  code: string;
  message: string;
}

/** `FILE:LINE:COL: message`, the form compilers use and editors understand. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file ?? "<input>"}:${d.line}:${d.column}`;
  const prefix = d.severity === "warning" ? "warning: " : "";
  return `${where}: ${prefix}${d.message}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Sets the file of every diagnostic that does not name one yet. */
export function inFile(diagnostics: readonly Diagnostic[], file: string): Diagnostic[] {
  return diagnostics.map((d) => (d.file === undefined ? { ...d, file } : d));
}

/**
 * Maps string offsets to 1-based line/column pairs. Built once per text and
 * only when a diagnostic needs it, so the happy path never pays for it.
 */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
      this.starts.push(i + 1);
    }
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}
