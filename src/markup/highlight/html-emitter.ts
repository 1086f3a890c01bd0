/**
 * A highlight.js emitter that writes HTML as the scanner goes. highlight.js's
 * own (TokenTreeEmitter) builds a tree of nodes for each listing and then
 * walks it into HTML, escaping each piece of text with five passes of
 * `replace`; this writes the same HTML at once: a scope opens a span with the
 * same classes, text is escaped as it comes, and what is still open when the
 * HTML is asked for is closed, as the tree's walk closes every node.
 * A differential test holds it to highlight.js's own output.
 */

/** The emitter interface highlight.js 11 drives (`__emitter`: not in its type declarations). */
export interface Emitter {
  addText(text: string): void;
  startScope(scope: string): void;
  endScope(): void;
  openNode(scope: string | undefined): void;
  closeNode(): void;
  __addSublanguage(emitter: Emitter, name: string | undefined): void;
  finalize(): boolean;
  toHTML(): string;
}

const SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };

/** highlight.js's escapeHTML in one pass, none when nothing needs escaping. */
export function escapeLikeHighlightJs(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ENTITIES[c]!) : text;
}

/** highlight.js's class names for a scope: `language:x` → `language-x`, `a.b.c` → `hljs-a b_ c__`, `a` → `hljs-a`. */
function cssClass(scope: string, prefix: string): string {
  if (scope.startsWith("language:")) return scope.replace("language:", "language-");
  if (scope.includes(".")) {
    const [first, ...rest] = scope.split(".");
    return [`${prefix}${first}`, ...rest.map((piece, i) => `${piece}${"_".repeat(i + 1)}`)].join(" ");
  }
  return `${prefix}${scope}`;
}

/** Opening tags by prefix and scope: a few dozen scopes recur in every listing. */
const openTags = new Map<string, Map<string, string>>();

function openTag(scope: string, prefix: string): string {
  let byScope = openTags.get(prefix);
  if (!byScope) openTags.set(prefix, (byScope = new Map()));
  let tag = byScope.get(scope);
  if (tag === undefined) byScope.set(scope, (tag = `<span class="${cssClass(scope, prefix)}">`));
  return tag;
}

export class HtmlEmitter implements Emitter {
  private html = "";
  /** For each open scope, innermost last: whether it wrote a span (a scope without a name writes none). */
  private readonly open: boolean[] = [];
  private readonly prefix: string;

  constructor(options: { classPrefix: string }) {
    this.prefix = options.classPrefix;
  }

  addText(text: string): void {
    this.html += escapeLikeHighlightJs(text);
  }

  startScope(scope: string): void {
    this.openNode(scope);
  }

  endScope(): void {
    this.closeNode();
  }

  openNode(scope: string | undefined): void {
    if (scope) this.html += openTag(scope, this.prefix);
    this.open.push(!!scope);
  }

  closeNode(): void {
    if (this.open.pop()) this.html += "</span>";
  }

  /** An embedded language's HTML, in a span of its name when it has one. */
  __addSublanguage(emitter: Emitter, name: string | undefined): void {
    const inner = emitter.toHTML();
    this.html += name ? `${openTag(`language:${name}`, this.prefix)}${inner}</span>` : inner;
  }

  finalize(): boolean {
    while (this.open.length > 0) this.closeNode();
    return true;
  }

  toHTML(): string {
    let html = this.html;
    for (const wrote of this.open) if (wrote) html += "</span>";
    return html;
  }
}
