/**
 * A strict checker for the HTML our writers produce: balanced and properly
 * nested tags, escaped text, and the content-model rules that matter for
 * blog bodies (no block inside a paragraph or inline element, list items in
 * lists, rows in tables, no empty paragraphs, no link in a link).
 */

const VOID = new Set(["img", "br", "hr", "meta", "link", "input"]);
const BLOCK = new Set([
  "p", "div", "ul", "ol", "dl", "li", "dt", "dd", "blockquote", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "pre",
  "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "nav", "aside", "form", "hr",
]);
/** Elements whose children must be phrasing content. */
const PHRASING_ONLY = new Set(["p", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "strong", "em", "i", "b", "code", "span", "a", "abbr", "math"]);
const PARENTS: Record<string, string[]> = {
  li: ["ul", "ol"],
  dt: ["dl"],
  dd: ["dl"],
  tr: ["table", "thead", "tbody", "tfoot"],
  td: ["tr"],
  th: ["tr"],
};
/** Elements that may hold only whitespace text and the listed children. */
const CHILDREN: Record<string, string[]> = {
  ul: ["li"],
  ol: ["li"],
  dl: ["dt", "dd"],
  table: ["caption", "colgroup", "thead", "tbody", "tfoot", "tr"],
  thead: ["tr"],
  tbody: ["tr"],
  tfoot: ["tr"],
  tr: ["td", "th"],
};

interface Open {
  tag: string;
  content: boolean;
}

/** Returns the problems found; an empty list means well-formed. */
export function checkHtml(html: string): string[] {
  const problems: string[] = [];
  const stack: Open[] = [];
  // Attribute values must be double-quoted; a name alone is an HTML boolean attribute (`required`).
  const re = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z:-]+(?:="[^"<>]*")?)*)\s*(\/?)>|([^<]+)|(<)/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const [, slash, rawTag, , selfClose, text, stray] = m;
    const where = `at offset ${m.index}`;
    if (stray) {
      problems.push(`stray '<' ${where}`);
      continue;
    }
    const parent = stack[stack.length - 1];
    if (text !== undefined) {
      if (/>/.test(text)) problems.push(`unescaped '>' in text ${where}`);
      for (const amp of text.matchAll(/&([^;\s]*;?)/g)) {
        if (!/^(#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);$/.test(amp[1]!)) problems.push(`bad entity '&${amp[1]}' ${where}`);
      }
      if (/\S/.test(text)) {
        if (parent && CHILDREN[parent.tag]) problems.push(`text directly inside <${parent.tag}> ${where}`);
        if (parent) parent.content = true;
      }
      continue;
    }
    const tag = rawTag!.toLowerCase();
    if (slash) {
      if (!parent) {
        problems.push(`</${tag}> without an open element ${where}`);
        continue;
      }
      if (parent.tag !== tag) {
        problems.push(`</${tag}> closes <${parent.tag}> ${where}`);
        continue;
      }
      stack.pop();
      if (tag === "p" && !parent.content) problems.push(`empty paragraph ${where}`);
      continue;
    }
    if (parent) parent.content = true;
    if (parent && PHRASING_ONLY.has(parent.tag) && BLOCK.has(tag)) problems.push(`<${tag}> inside <${parent.tag}> ${where}`);
    if (parent && CHILDREN[parent.tag] && !CHILDREN[parent.tag]!.includes(tag)) problems.push(`<${tag}> directly inside <${parent.tag}> ${where}`);
    const parents = PARENTS[tag];
    if (parents && (!parent || !parents.includes(parent.tag))) problems.push(`<${tag}> outside ${parents.join("/")} ${where}`);
    if (tag === "a" && stack.some((o) => o.tag === "a")) problems.push(`link inside a link ${where}`);
    if (VOID.has(tag) || selfClose) continue;
    stack.push({ tag, content: false });
  }
  for (const open of stack) problems.push(`<${open.tag}> never closed`);
  return problems;
}

const ENTITIES: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', nbsp: "\u00a0", ndash: "\u2013", mdash: "\u2014", lsquo: "\u2018",
  rsquo: "\u2019", ldquo: "\u201c", rdquo: "\u201d", hellip: "\u2026", larr: "\u2190", rarr: "\u2192",
  harr: "\u2194", trade: "\u2122", prop: "\u221d",
};

/** The text a reader sees, without any whitespace (layout differs between the writers, words do not). */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>"]*(?:"[^"]*"[^>"]*)*>/g, "")
    .replace(/&(#?[a-zA-Z0-9]+);/g, (all, name: string) =>
      name.startsWith("#x") ? String.fromCodePoint(parseInt(name.slice(2), 16))
        : name.startsWith("#") ? String.fromCodePoint(Number(name.slice(1))) : (ENTITIES[name] ?? all),
    )
    .replace(/[\s\u00a0]+/g, "");
}

/**
 * The TeX converter writes the typographic operators where blahgd's MathML
 * keeps the ASCII ones: U+2212 for `-` and U+2217 for `*`. Mapping them back
 * lets the text of the two writers' formulas be compared.
 */
export function asciiMathOperators(text: string): string {
  return text.replace(/\u2212/g, "-").replace(/\u2217/g, "*");
}

/** The HTML with every formula (MathML, or a formula shown as its source) replaced by `[math]`. */
export function withoutMath(html: string): string {
  return html.replace(/<math[ >][^]*?<\/math>|<code class="math-error"[^>]*>[^<]*<\/code>/g, "[math]");
}
