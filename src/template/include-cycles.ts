/**
 * Load-time check for templates that include each other unconditionally
 * (`a` has `{b}` outside any condition and `b` has `{a}`): rendering either
 * recurses until the render-time depth limit abandons the page. Only a
 * warning, because a variable named like the template would stop it.
 */

import type { Diagnostic } from "../diagnostics.js";
import type { SourcePosition, TemplateAst } from "./ast.js";

export interface ParsedTemplate {
  readonly name: string;
  /** What diagnostics name as the file. */
  readonly file: string;
  readonly ast: TemplateAst;
}

interface Edge {
  readonly to: string;
  readonly position: SourcePosition;
}

/** One warning per cycle of unconditional includes among `templates`. */
export function findIncludeCycles(templates: readonly ParsedTemplate[]): Diagnostic[] {
  const byName = new Map(templates.map((t) => [t.name, t]));
  const edges = new Map<string, Edge[]>();
  for (const t of templates) {
    // Top level only: inside an if the include may never happen, and a
    // foreach ends when its list does.
    const out: Edge[] = [];
    for (const n of t.ast.body) {
      if (n.kind === "variable-or-include" && byName.has(n.name)) out.push({ to: n.name, position: n.position });
    }
    edges.set(t.name, out);
  }

  const diagnostics: Diagnostic[] = [];
  const state = new Map<string, "active" | "done">();
  const path: { name: string; edge: Edge }[] = [];
  const visit = (name: string): void => {
    state.set(name, "active");
    for (const edge of edges.get(name) ?? []) {
      const s = state.get(edge.to);
      if (s === "active") {
        const start = path.findIndex((p) => p.name === edge.to);
        const cycle = [...path.slice(start === -1 ? path.length : start).map((p) => p.name), name, edge.to];
        const from = byName.get(name)!;
        diagnostics.push({
          file: from.file,
          line: edge.position.line,
          column: edge.position.column,
          severity: "warning",
          code: "template/include-cycle",
          message: `templates include each other unconditionally (${cycle.join(" -> ")}); rendering recurses until the depth limit, unless a variable shadows one of them`,
        });
      } else if (s === undefined) {
        path.push({ name, edge });
        visit(edge.to);
        path.pop();
      }
    }
    state.set(name, "done");
  };
  for (const t of templates) if (!state.has(t.name)) visit(t.name);
  return diagnostics;
}
