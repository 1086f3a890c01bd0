/**
 * "Typical posts" for the rendering benchmarks: what the posts of real
 * technical blogs look like, written both as fmt3 and as Markdown from one
 * description, so the two formats render the same content.
 *
 * The shape (see bench/RESULTS.md, "Bulk rendering through the CLI"): sizes
 * 2-20 KB, log-uniform (median about 6 KB); mostly prose paragraphs with
 * links, emphasis and inline code, a heading every few paragraphs, a list in
 * most posts, now and then a quote or an image; about one post in three has
 * one to three code blocks (Python, JavaScript, C, shell, Go, Rust), about
 * one in ten has a few formulas, most of them short and recurring (`$n$`,
 * `$O(n \log n)$`) and one in five of them distinct. Deterministic per seed.
 */

import { Rng, WORDS, capitalise } from "./corpus.js";

export interface TypicalPost {
  id: number;
  /** The body as fmt3 (post.tex). */
  tex: string;
  /** The same body as Markdown (post.md). */
  markdown: string;
}

/**
 * Short formulas as they recur on a technical blog. fmt3 posts are blahgd's, whose math grammar
 * knows only `\frac`, `\sqrt`, `\propto`, `^` and `_` (it refuses a post with anything else), so
 * the formulas stay within it in both formats.
 */
const COMMON_FORMULAS = [
  "n", "n", "x", "k", "O(n)", "O(1)", "O(n^2)", "O(n m)", "2^{32}", "n = 10^6", "p < 0.05", "\\frac{1}{2}", "x^2", "a_i",
  "\\sqrt{2}", "i < j", "x_i", "2^n - 1", "t_0", "c^2 = a^2 + b^2",
];

const DISPLAY_FORMULAS = [
  "\\frac{n (n + 1)}{2}",
  "T = 2 T_0 + c n",
  "E = m c^2",
  "x = \\frac{-b + \\sqrt{b^2 - 4 a c}}{2 a}",
  "F \\propto \\frac{m_1 m_2}{r^2}",
  "s_n = \\frac{a_1 (1 - q^n)}{1 - q}",
];

const LANGUAGES = ["python", "python", "python", "javascript", "javascript", "c", "c", "bash", "bash", "go", "rust"] as const;
type Language = (typeof LANGUAGES)[number];

/** Lines of plausible code in each language, with names filled in. */
const CODE: Record<Language, readonly string[]> = {
  python: [
    "def {a}_{b}(items, limit=10):", "    result = [x for x in items if x.{a} > limit]", "    return sorted(result, key=lambda x: x.{b})",
    "for i, {a} in enumerate({b}s):", "    print(f\"{i}: {{{a}}}\")", "with open(\"{a}.txt\") as f:", "    data = json.load(f)",
    "import os, sys", "class {A}:", "    def __init__(self, {b}):", "        self.{b} = {b}  # keep it", "if __name__ == \"__main__\":",
  ],
  javascript: [
    "const {a} = await fetch(`/api/{b}`);", "function {a}{B}(list) {", "  return list.filter((x) => x.{b} !== null);", "}",
    "export default { {a}, {b} };", "for (const [key, value] of Object.entries({a})) {", "  console.log(key, value);",
    "let {a}Count = 0; // 100% safe", "if ({a} && {b}.length > 3) throw new Error(\"{a}\");",
  ],
  c: [
    "#include <stdio.h>", "static int {a}_{b}(const char *s, size_t n)", "{", "}", "    for (size_t i = 0; i < n; i++) {",
    "        if (s[i] == '\\\\n') return -1;", "    printf(\"%s: %d\\n\", \"{a}\", {b});", "    return 0;", "struct {a} { int {b}; char *name; };",
  ],
  bash: [
    "$ git log --oneline | head -20", "$ {a} --{b} ~/{a}/*.log > /tmp/{b}.out", "for f in *.{b}; do", "  echo \"$f\"", "done",
    "export {A}_HOME=/opt/{a}", "$ sudo systemctl restart {a}", "grep -rn '{a}' src/ | wc -l",
  ],
  go: [
    "func {a}{B}(ctx context.Context) error {", "\t{a}, err := os.Open(\"{b}.txt\")", "\tif err != nil {", "\t\treturn err", "\t}", "}",
    "type {A} struct {", "\t{B} string `json:\"{b}\"`", "\tfmt.Println({a}, {b})",
  ],
  rust: [
    "fn {a}_{b}(input: &str) -> Result<Vec<u32>, Error> {", "    let {a}: Vec<_> = input.lines().collect();", "    Ok(vec![])", "}",
    "impl {A} for {B} {", "    println!(\"{} {}\", {a}, {b});", "let mut {a} = HashMap::new();", "#[derive(Debug, Clone)]",
  ],
};

const ASCII_WORDS = WORDS.filter((w) => /^[a-z]+$/.test(w));

type Inline =
  | { kind: "words"; text: string }
  | { kind: "emph" | "strong" | "code"; text: string }
  | { kind: "link"; text: string; url: string }
  | { kind: "math"; tex: string };

type Block =
  | { kind: "paragraph"; inlines: Inline[] }
  | { kind: "heading"; level: 2 | 3; text: string }
  | { kind: "list"; ordered: boolean; items: Inline[][] }
  | { kind: "quote"; inlines: Inline[] }
  | { kind: "code"; language: Language; code: string }
  | { kind: "displayMath"; tex: string }
  | { kind: "image"; alt: string; url: string };

class PostWriter {
  constructor(
    private readonly rng: Rng,
    private readonly mathPost: boolean,
  ) {}

  word(): string {
    return this.rng.pick(ASCII_WORDS);
  }

  words(lo: number, hi: number): string {
    const n = this.rng.int(lo, hi);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.word());
    return out.join(" ");
  }

  url(): string {
    const r = this.rng;
    return r.pick([
      () => `https://en.wikipedia.org/wiki/${capitalise(this.word())}`,
      () => `https://github.com/${this.word()}/${this.word()}/issues/${r.int(1, 9999)}`,
      () => `https://docs.example.org/${this.word()}/${this.word()}.html`,
      () => `https://blog.example.com/${r.int(2010, 2024)}/${this.word()}-${this.word()}/`,
    ])();
  }

  formula(): string {
    return this.rng.chance(0.8) ? this.rng.pick(COMMON_FORMULAS) : `${this.rng.pick(["a", "b", "x", "t"])}_${this.rng.int(1, 9)} = ${this.rng.int(2, 99)}`;
  }

  /** A sentence's inlines: mostly words, some markup, a formula now and then in a math post. */
  sentence(out: Inline[]): void {
    const r = this.rng;
    let text = capitalise(this.word());
    const n = r.int(6, 20);
    for (let i = 0; i < n; i++) {
      const x = r.next();
      if (x < 0.92 || (x > 0.985 && !this.mathPost)) {
        text += ` ${this.word()}${r.chance(0.05) ? "," : ""}`;
        continue;
      }
      out.push({ kind: "words", text: `${text} ` });
      text = "";
      if (x < 0.94) out.push({ kind: "link", text: this.words(1, 4), url: this.url() });
      else if (x < 0.96) out.push({ kind: "emph", text: this.words(1, 2) });
      else if (x < 0.97) out.push({ kind: "strong", text: this.words(1, 3) });
      else if (x < 0.985) out.push({ kind: "code", text: `${this.word()}_${this.word()}()` });
      else out.push({ kind: "math", tex: this.formula() });
    }
    out.push({ kind: "words", text: `${text}${r.pick([".", ".", ".", "?", ":"])} ` });
  }

  paragraph(): Inline[] {
    const inlines: Inline[] = [];
    const n = this.rng.int(2, 6);
    for (let i = 0; i < n; i++) this.sentence(inlines);
    return inlines;
  }

  code(language: Language): string {
    const lines: string[] = [];
    const n = this.rng.int(4, 24);
    for (let i = 0; i < n; i++) {
      const a = this.word();
      const b = this.word();
      lines.push(this.rng.pick(CODE[language]).replaceAll("{a}", a).replaceAll("{b}", b).replaceAll("{A}", capitalise(a)).replaceAll("{B}", capitalise(b)));
    }
    return lines.join("\n");
  }

  post(target: number, codePost: boolean): Block[] {
    const r = this.rng;
    const blocks: Block[] = [{ kind: "paragraph", inlines: this.paragraph() }];
    let size = 400;
    let codeBlocks = codePost ? r.int(1, 3) : 0;
    let displays = this.mathPost && r.chance(0.4) ? r.int(1, 2) : 0;
    let sinceHeading = 0;
    while (size < target) {
      const x = r.next();
      let block: Block;
      if (sinceHeading >= 3 && x < 0.3) {
        block = { kind: "heading", level: r.chance(0.75) ? 2 : 3, text: capitalise(this.words(2, 6)) };
        sinceHeading = 0;
      } else if (codeBlocks > 0 && x < 0.42) {
        block = { kind: "code", language: r.pick(LANGUAGES), code: "" };
        block.code = this.code(block.language);
        codeBlocks--;
      } else if (displays > 0 && x < 0.5) {
        block = { kind: "displayMath", tex: r.pick(DISPLAY_FORMULAS) };
        displays--;
      } else if (x < 0.58) {
        const items: Inline[][] = [];
        for (let i = r.int(2, 6); i > 0; i--) {
          const item: Inline[] = [];
          this.sentence(item);
          items.push(item);
        }
        block = { kind: "list", ordered: r.chance(0.3), items };
      } else if (x < 0.61) {
        block = { kind: "quote", inlines: this.paragraph() };
      } else if (x < 0.63) {
        block = { kind: "image", alt: this.words(2, 5), url: `https://img.example.com/${r.int(2010, 2024)}/${this.word()}.png` };
      } else {
        block = { kind: "paragraph", inlines: this.paragraph() };
      }
      sinceHeading++;
      blocks.push(block);
      size += blockSize(block);
    }
    return blocks;
  }
}

/** Rough size of a block in bytes, to stop near the target. */
function blockSize(block: Block): number {
  switch (block.kind) {
    case "paragraph":
    case "quote":
      return inlineSize(block.inlines) + 2;
    case "list":
      return block.items.reduce((n, item) => n + inlineSize(item) + 8, 0);
    case "code":
      return block.code.length + 20;
    case "heading":
      return block.text.length + 12;
    case "displayMath":
      return block.tex.length + 6;
    case "image":
      return block.alt.length + block.url.length + 10;
  }
}

function inlineSize(inlines: readonly Inline[]): number {
  let n = 0;
  for (const i of inlines) n += "text" in i ? i.text.length + ("url" in i ? i.url.length + 8 : 4) : i.tex.length + 2;
  return n;
}

/** Lines of about 72 columns, broken at spaces, as people write (and as most editors wrap). */
function wrap(text: string): string {
  const out: string[] = [];
  let line = "";
  for (const word of text.trim().split(" ")) {
    if (line !== "" && line.length + 1 + word.length > 72) {
      out.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") out.push(line);
  return out.join("\n");
}

// Generated words are lower-case letters and the code's names letters and underscores, so only
// `_` needs escaping in fmt3 text and nothing in Markdown's.
const texText = (s: string): string => s.replace(/_/g, "\\_");

function texInline(i: Inline): string {
  switch (i.kind) {
    case "words": return i.text;
    case "emph": return `\\emph{${i.text}}`;
    case "strong": return `\\textbf{${i.text}}`;
    case "code": return `\\texttt{${texText(i.text)}}`;
    case "link": return `\\link[${i.text}]{${i.url}}`;
    case "math": return `$${i.tex}$`;
  }
}

function mdInline(i: Inline): string {
  switch (i.kind) {
    case "words": return i.text;
    case "emph": return `*${i.text}*`;
    case "strong": return `**${i.text}**`;
    case "code": return `\`${i.text}\``;
    case "link": return `[${i.text}](${i.url})`;
    case "math": return `$${i.tex}$`;
  }
}

/** Inlines one after the other (the words around markup carry the spaces). */
function joinInlines(inlines: readonly Inline[], write: (i: Inline) => string): string {
  let out = "";
  for (const i of inlines) out += write(i);
  return out;
}

function asTex(blocks: readonly Block[]): string {
  return blocks.map((b) => {
    switch (b.kind) {
      case "paragraph": return wrap(joinInlines(b.inlines, texInline));
      case "heading": return `\\${b.level === 2 ? "section" : "subsection"}{${b.text}}`;
      case "list": {
        const env = b.ordered ? "enumerate" : "itemize";
        return `\\begin{${env}}\n${b.items.map((item) => `\\item{${wrap(joinInlines(item, texInline))}}`).join("\n")}\n\\end{${env}}`;
      }
      case "quote": return `\\begin{quote}\n${wrap(joinInlines(b.inlines, texInline))}\n\\end{quote}`;
      case "code": return `\\begin{listing}[${b.language}]\n${b.code}\n\\end{listing}`;
      case "displayMath": return `$${b.tex}$`;
      case "image": return `\\img[${b.alt}]{${b.url}}`;
    }
  }).join("\n\n") + "\n";
}

function asMarkdown(blocks: readonly Block[]): string {
  return blocks.map((b) => {
    switch (b.kind) {
      case "paragraph": return wrap(joinInlines(b.inlines, mdInline));
      case "heading": return `${"#".repeat(b.level)} ${b.text}`;
      case "list": return b.items.map((item, n) => `${b.ordered ? `${n + 1}.` : "-"} ${wrap(joinInlines(item, mdInline)).replaceAll("\n", "\n   ")}`).join("\n");
      case "quote": return wrap(joinInlines(b.inlines, mdInline)).split("\n").map((l) => `> ${l}`).join("\n");
      case "code": return `\`\`\`${b.language}\n${b.code}\n\`\`\``;
      case "displayMath": return `$$${b.tex}$$`;
      case "image": return `![${b.alt}](${b.url})`;
    }
  }).join("\n\n") + "\n";
}

/** `posts` typical posts, ids 1..posts. */
export function* generateTypicalPosts(posts: number, seed = 1): Generator<TypicalPost> {
  const rng = new Rng(seed);
  for (let id = 1; id <= posts; id++) {
    const target = Math.round(Math.exp(Math.log(2_000) + rng.next() * Math.log(10)));
    const writer = new PostWriter(rng, rng.chance(0.1));
    const blocks = writer.post(target, rng.chance(1 / 3));
    yield { id, tex: asTex(blocks), markdown: asMarkdown(blocks) };
  }
}
