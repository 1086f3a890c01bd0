/**
 * Deterministic generator of large blahgd data directories for the benchmarks.
 *
 * The same seed always produces byte-identical files, so two benchmark runs (or two machines)
 * measure exactly the same blog. The shape imitates a long-lived real blog: fmt3 bodies of mostly
 * 5-20 KB using every markup feature, Zipf-distributed tags with occasional case variants, comments
 * on about 40% of the posts, a few unlisted posts, fifteen years of publication times with some
 * ties, and ids that mostly follow time but have gaps.
 *
 * Everything written here must be valid fmt3: generated text only ever contains escaped special
 * characters, `&` only inside `\trow{}`, no blank line inside an argument and no `%` comment line
 * between two blank lines.
 *
 * CLI: node dist/bench/corpus.js --posts 10000 --out bench/corpus/10k [--seed 1]
 * (--out defaults to bench/corpus/<posts>, --seed to 1; bench/corpus/ is git-ignored).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

export interface CorpusOptions {
  posts: number;
  seed?: number;
}

export interface CorpusStats {
  posts: number;
  comments: number;
  bytes: number;
}

/** mulberry32: tiny, fast and good enough for test data; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }
  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const keys = Object.keys(weights) as K[];
    let total = 0;
    for (const k of keys) total += weights[k];
    let r = this.next() * total;
    for (const k of keys) {
      r -= weights[k];
      if (r < 0) return k;
    }
    return keys[keys.length - 1] as K;
  }
}

// ------------------------------------------------------------------------------------------
// Vocabularies. Plain words are [a-z] only, so they never need escaping in fmt3.

export const WORDS = (
  "the of and to in is it that for on with as was be by this are or from at an have not but " +
  "which one all were when there can more if will about would their what so up out has been " +
  "other time some could them these two may first then do any like my now over such our man " +
  "me even most made after also did many before must through back years where much your way " +
  "well down should because each just those people how too little state good very make world " +
  "still own see men work long get here between both life being under never day same another " +
  "know while last might us great old year off come since against go came right used take " +
  "three small system program code data file server client request response cache index " +
  "blog post page comment markup parser lexer token grammar tree node value string number " +
  "list table column row cell header footer template theme style font color image photo " +
  "camera lens light shadow morning evening winter summer spring autumn river mountain city " +
  "street train station coffee tea bread garden kitchen window door book library chapter " +
  "story idea question answer problem solution test result benchmark memory disk network " +
  "packet socket thread process kernel driver module library function method class object " +
  "array pointer buffer queue stack heap compiler linker build release version branch merge " +
  "commit patch review bug fix feature change update config option setting default path " +
  "directory folder archive backup restore copy move delete rename link address query " +
  "simple quick slow careful clever strange quiet loud bright dark warm cold fresh tired " +
  "happy curious patient honest modern ancient tiny huge narrow wide early late often rarely " +
  "always sometimes usually almost nearly really quite rather perhaps maybe indeed however " +
  "therefore instead although whether without within around across behind beyond during " +
  "write read run walk think learn measure compare explain describe remember forget notice " +
  "decide improve reduce increase replace remove keep start finish open close find lose"
).split(" ");

const UTF8_WORDS = [
  "café", "naïve", "Zürich", "São Paulo", "Ångström", "façade", "déjà vu", "jalapeño", "Kraków",
  "smörgåsbord", "résumé", "Øresund", "21 °C", "15 €", "∑", "→", "≈", "½", "Straße", "Ελλάδα",
];

const TAG_WORDS = (
  "linux bsd illumos solaris unix windows macos android ios kernel filesystems zfs btrfs ext4 " +
  "networking tcp ipv6 dns http tls ssh email security privacy cryptography passwords backups " +
  "storage databases postgresql sqlite mysql redis git mercurial subversion vim emacs editors " +
  "shell bash zsh awk sed make cmake compilers gcc clang llvm c cplusplus rust go python perl " +
  "ruby javascript typescript nodejs lisp scheme haskell ocaml erlang elixir java kotlin swift " +
  "assembly x86 arm riscv sparc hardware electronics soldering arduino raspberrypi fpga " +
  "performance benchmarks profiling debugging testing fuzzing documentation writing blogging " +
  "markup latex typography fonts unicode html css svg mathml xml json yaml lisp-syntax " +
  "math statistics physics astronomy chemistry biology history geography languages travel " +
  "photography cameras film lenses darkroom hiking cycling running climbing skiing sailing " +
  "cooking baking coffee tea beer wine gardening woodworking music guitar piano vinyl books " +
  "reading movies games boardgames chess puzzles family kids pets cats dogs weather winter " +
  "summer holidays conferences talks meetups work career management interviews remote " +
  "opensource licensing community releases announcements meta site news rants humor " +
  "scgi nginx apache caching cdn feeds rss atom comments spam moderation tagging archives " +
  "virtualization containers docker kubernetes qemu kvm xen cloud aws monitoring logging " +
  "metrics alerting observability dtrace ebpf tracing scheduling concurrency threads locks " +
  "algorithms datastructures graphs trees sorting hashing compression encoding parsing " +
  "grammars regex automata compilers-theory types proofs logic retrocomputing amateur-radio " +
  "ham-radio satellites space rockets trains aviation cars bicycles maps gps openstreetmap " +
  "email-clients calendars productivity notes wiki search indexing accessibility i18n " +
  "tmux neovim ansible terraform nix guix debian ubuntu fedora archlinux gentoo alpine openbsd " +
  "freebsd netbsd smartos omnios irc matrix mastodon fediverse webmentions indieweb"
).split(" ");

const TAG_PHRASES = [
  "open source", "free software", "file systems", "operating systems", "home network",
  "data recovery", "code review", "unit tests", "build systems", "version control",
  "static sites", "blog engine", "time zones", "text editors", "command line",
  "road trip", "film photography", "black and white", "night sky", "long reads",
  "book notes", "year in review", "lessons learned", "side projects", "work in progress",
];

const TAG_UTF8 = [
  "café", "naïve code", "Zürich", "Ångström", "résumé", "π", "∑ series", "smørrebrød",
  "crème brûlée", "São Paulo", "Kraków", "Straße", "niño", "façade", "€ prices",
];

/** About 300 distinct tags; their order is their popularity rank. */
const TAG_VOCABULARY: readonly string[] = (() => {
  const rng = new Rng(0x7a65);
  const tags = [...TAG_WORDS];
  // Mix phrases and non-ASCII tags into the middle and tail of the ranking, not the head.
  for (const t of [...TAG_PHRASES, ...TAG_UTF8]) tags.splice(rng.int(10, tags.length), 0, t);
  return [...new Set(tags)].slice(0, 300);
})();

const TAG_CDF: readonly number[] = (() => {
  const cdf: number[] = [];
  let sum = 0;
  for (let r = 0; r < TAG_VOCABULARY.length; r++) {
    sum += 1 / Math.pow(r + 1, 0.95);
    cdf.push(sum);
  }
  return cdf.map((c) => c / sum);
})();

const ABBREVIATIONS: ReadonlyArray<readonly [string, string]> = [
  ["HTML", "HyperText Markup Language"], ["CPU", "central processing unit"],
  ["DNS", "Domain Name System"], ["TLS", "Transport Layer Security"], ["UTC", "Coordinated Universal Time"],
  ["RAM", "random access memory"], ["SCGI", "Simple Common Gateway Interface"], ["GPS", "Global Positioning System"],
  ["NAS", "network attached storage"], ["API", "application programming interface"],
];

const AUTHORS = [
  "Ada Lindqvist", "Marek", "Zoë Fontaine", "Priya", "Jonas", "Tomasz", "Sam Okafor", "Lin Wu",
  "Hiroshi Tanaka", "María José", "Olu", "Kate", "anonymous", "Björn", "Chen Jing", "Dave",
  "Émile", "Fatima", "Grace H.", "Ivan Petrov", "J. R.", "Nadia", "Pete", "Søren",
];

const ENV_KINDS = ["itemize", "enumerate", "description"] as const;

// ------------------------------------------------------------------------------------------
// Small helpers

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** blahgd's "YYYY-MM-DD HH:MM" (UTC) time format. */
function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** An s-expression string literal (libjeffpc writer escapes). */
function lispString(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const START = Date.UTC(2009, 0, 1);
const SPAN = Date.UTC(2024, 0, 1) - START;

// ------------------------------------------------------------------------------------------
// fmt3 generation

/** Generates text for one post; `maxId` bounds \post{} references. */
class BodyWriter {
  constructor(
    private readonly rng: Rng,
    private readonly maxId: number,
  ) {}

  words(lo: number, hi: number): string {
    const n = this.rng.int(lo, hi);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.rng.pick(WORDS));
    return out.join(" ");
  }

  /** A URL written as fmt3: `_`, `&` and `%` escaped. */
  url(): string {
    const r = this.rng;
    switch (r.int(0, 4)) {
      case 0:
        return `https://en.wikipedia.org/wiki/${capitalise(r.pick(WORDS))}\\_${r.pick(WORDS)}`;
      case 1:
        return `https://www.example.org/${r.pick(WORDS)}/${r.pick(WORDS)}.html`;
      case 2:
        return `https://search.example.com/?q=${r.pick(WORDS)}\\%20${r.pick(WORDS)}\\&page=${r.int(1, 9)}`;
      case 3:
        return `http://${r.pick(WORDS)}.example.net/\\~${r.pick(WORDS)}/`;
      default:
        return `https://git.example.com/${r.pick(WORDS)}/${r.pick(WORDS)}\\_${r.pick(WORDS)}/commit/${r.int(100000, 999999)}#L${r.int(1, 400)}`;
    }
  }

  /** A math expression valid for the fmt3 math grammar (spec 5.7): only what it supports. */
  math(depth = 0): string {
    const r = this.rng;
    const nested = depth < 2;
    const atom = (): string => {
      const x = r.next();
      if (x < 0.55) return r.pick(["x", "y", "z", "a", "b", "c", "n", "t", "r", "v", "at", "mc", "k", "m"]);
      if (x < 0.77) return String(r.int(0, 12));
      if (x < 0.8) return `${r.int(0, 9)}.${r.int(0, 99)}`;
      if (!nested) return r.pick(["x", "n", "2"]);
      if (x < 0.87) return `\\frac{${this.math(depth + 1)}}{${this.math(depth + 1)}}`;
      if (x < 0.92) return `\\sqrt{${this.math(depth + 1)}}`;
      if (x < 0.97) return `(${this.math(depth + 1)})`;
      return `{${this.math(depth + 1)}}`;
    };
    const operand = (): string => {
      let s = atom();
      const x = r.next();
      if (x < 0.25) s += `^${r.chance(0.7) ? r.pick(["2", "2", "3", "n", "k"]) : `{${this.math(depth + 1)}}`}`;
      else if (x < 0.4) s += `_${r.chance(0.8) ? r.pick(["i", "j", "n", "0", "1", "2"]) : `{${this.math(depth + 1)}}`}`;
      else if (x < 0.45) s += `_${r.pick(["i", "n", "1"])}^${r.pick(["2", "3"])}`;
      else if (x < 0.55) s += ` ${r.pick(["x", "y", "t", "r"])}`; // juxtaposition: a product
      return s;
    };
    let s = operand();
    const ops = r.int(0, depth === 0 ? 3 : 1);
    for (let i = 0; i < ops; i++) {
      // Spaces around operators keep a following digit from being read as a signed number.
      const op = r.pick(["+", "+", "-", "-", "*", "/", "=", "=", "<", ">", "\\propto", "~"]);
      s += ` ${op} ${operand()}`;
    }
    return s;
  }

  /** One inline construct; `kind` forces a particular one. */
  inline(kind?: number): string {
    const r = this.rng;
    const k = kind ?? r.int(0, 44);
    switch (k) {
      case 0: return `\\textbf{${this.words(1, 3)}}`;
      case 1: return `\\textit{${this.words(1, 3)}}`;
      case 2: return `\\emph{${this.words(1, 3)}}`;
      case 3: return `\\texttt{${r.pick(WORDS)}\\_${r.pick(WORDS)}()}`;
      case 4: return `\\link[${this.words(1, 4)}]{${this.url()}}`;
      case 5: return `\\link{${this.url()}}`;
      case 6: return `\\post[${this.words(2, 4)}]{${r.int(1, this.maxId)}}`;
      case 7: return `\\post{${r.int(1, this.maxId)}}`;
      case 8: return `\\taglink{${r.pick(TAG_WORDS)}}`;
      case 9: return `\\taglink[${this.words(1, 3)}]{${r.pick(TAG_WORDS)}}`;
      case 10: return `\\wiki{${capitalise(r.pick(WORDS))}\\_${r.pick(WORDS)}}`;
      case 11: return `\\wiki[${this.words(1, 3)}]{${capitalise(r.pick(WORDS))}}`;
      case 12: return `\\bug{${r.int(1, 20000)}}`;
      case 13: return `\\img[${this.words(2, 5)}]{https://img.example.com/${r.int(2009, 2023)}/${r.pick(WORDS)}\\_${r.int(1, 999)}.png}`;
      case 14: return `\\img{/${r.pick(["wiki", "bug"])}.png}`;
      case 15: return `\\photo[${this.words(2, 5)}]{${r.int(2009, 2023)}/${r.pick(WORDS)}/IMG\\_${r.int(1000, 9999)}.jpg}`;
      case 16: return `\\photo{${r.int(2009, 2023)}/${r.pick(WORDS)}.jpg}`;
      case 17: return `\\photolink[${this.words(1, 3)}]{${r.int(2009, 2023)}/${r.pick(WORDS)}-large.jpg}`;
      case 18: return `\\photolink{${r.int(2009, 2023)}/${r.pick(WORDS)}.jpg}`;
      case 19: {
        const [abbr, full] = r.pick(ABBREVIATIONS);
        return r.chance(0.7) ? `\\abbrev[${full}]{${abbr}}` : `\\abbrev{${abbr}}`;
      }
      case 20: return `${r.int(-20, 40)}\\degree{${r.pick(["C", "F"])}}`;
      case 21: return r.pick(["\\leftarrow", "\\rightarrow", "\\leftrightarrow", "\\tm"]);
      case 22: return `\`\`${this.words(2, 6)}''`;
      case 23: return `\`${this.words(1, 3)}'`;
      case 24: return `${r.int(1, 50)}--${r.int(51, 99)}`;
      case 25: return `${r.pick(WORDS)}---${r.pick(WORDS)}`;
      case 26: return `${r.pick(WORDS)}-${r.pick(WORDS)}`;
      case 27: return `${r.pick(WORDS)}...`;
      case 28: return `${r.int(1, 99)}~${r.pick(["km", "kg", "MB", "ms", "pages"])}`;
      case 29: return `${capitalise(r.pick(WORDS))} \\& ${capitalise(r.pick(WORDS))}`;
      case 30: return `${r.int(1, 100)}\\%`;
      case 31: return `\\$${r.int(1, 500)}`;
      case 32: return r.pick(["\\{a, b\\}", "\\[1\\]", `${r.pick(WORDS)}\\_${r.pick(WORDS)}`, "x\\^2", "\\~/blog"]);
      case 33: return "\\\\";
      case 34:
      case 35: return r.pick(UTF8_WORDS);
      case 36:
      case 37: return `$${this.math()}$`;
      case 38: return r.pick(["a < b", "b > a", `"${r.pick(WORDS)}"`, "it's", "don't", "(see below)", "e.g.", "i.e.", "a/b", "x = y", "100+", "#1", "user@example.com", "a | b", "*", "?!"]);
      case 39: return `\\category{${r.pick(WORDS)}}`;
      default: return this.words(1, 4);
    }
  }

  /** Appends one sentence to `out` as tokens: words, with inline markup at rate `p`. */
  sentenceTokens(p: number, out: string[]): string[] {
    const r = this.rng;
    out.push(capitalise(r.pick(WORDS)));
    const n = r.int(5, 18);
    for (let i = 0; i < n; i++) {
      let token = r.chance(p) ? this.inline() : r.pick(WORDS);
      if (i < n - 1 && r.chance(0.06)) token += ",";
      out.push(token);
    }
    out.push(`${out.pop() ?? ""}${r.pick([".", ".", ".", ".", "?", "!", ":", ";"])}`);
    return out;
  }

  /** One sentence, wrapped. */
  sentence(p: number): string {
    return wrapTokens(this.sentenceTokens(p, []));
  }

  paragraph(withComment = false): string {
    const n = this.rng.int(withComment ? 3 : 2, 7);
    const tokens: string[] = [];
    for (let i = 0; i < n; i++) this.sentenceTokens(0.08, tokens);
    const text = wrapTokens(tokens);
    if (!withComment && !this.rng.chance(0.03)) return text;
    // A comment line in the middle of a paragraph (never next to a blank line).
    const lines = text.split("\n");
    if (lines.length < 2) return text;
    const at = this.rng.int(1, lines.length - 1);
    lines.splice(at, 0, `% TODO: ${this.words(2, 6)} {not_markup} & 100% ignored`);
    return lines.join("\n");
  }

  /** A paragraph that uses every inline construct once (for the first post). */
  everyInline(): string {
    const parts: string[] = [capitalise(this.rng.pick(WORDS))];
    for (let k = 0; k <= 39; k++) parts.push(this.inline(k), this.rng.pick(WORDS));
    parts.push("\\{a, b\\}", "\\[1\\]", "snake\\_case", "x\\^2", "\\~/blog", "\\leftarrow", "\\rightarrow", "\\leftrightarrow", "\\tm");
    parts.push("\\abbrev{CPU}", "$F \\propto \\frac{m_1 m_2}{r^2} = a * b / c < d > e ~ f - g + h_{i + 1}^2$.");
    return wrapTokens(parts);
  }

  heading(level?: "section" | "subsection" | "subsubsection"): string {
    const cmd = level ?? this.rng.pick(["section", "section", "subsection", "subsection", "subsubsection"] as const);
    return `\\${cmd}{${capitalise(this.words(1, 5))}}\n${this.paragraph()}`;
  }

  list(kind: (typeof ENV_KINDS)[number]): string {
    const items: string[] = [];
    const n = this.rng.int(2, 7);
    for (let i = 0; i < n; i++) {
      const text = this.sentence(0.05);
      items.push(kind === "description" ? `\\item[${this.words(1, 3)}]{${text}}` : `\\item{${text}}`);
    }
    return `${this.sentence(0.02)}\n\\begin{${kind}}\n${items.join("\n")}\n\\end{${kind}}`;
  }

  quote(): string {
    return `\\begin{quote}\n${wrapTokens(this.sentenceTokens(0.05, this.sentenceTokens(0.05, [])))}\n\\end{quote}\n${this.sentence(0.03)}`;
  }

  table(): string {
    const r = this.rng;
    const cols = r.int(2, 5);
    const rows: string[] = [];
    const head: string[] = [];
    for (let c = 0; c < cols; c++) head.push(`\\textbf{${capitalise(r.pick(WORDS))}}`);
    rows.push(`\\trow{${head.join(" & ")}}`);
    const n = r.int(2, 8);
    for (let i = 0; i < n; i++) {
      const cells: string[] = [capitalise(r.pick(WORDS))];
      for (let c = 1; c < cols; c++) {
        cells.push(r.pick([
          String(r.int(0, 9999)),
          `${r.int(0, 99)}.${r.int(0, 99)} €`,
          `${r.int(-10, 35)}\\degree{C}`,
          this.words(1, 3),
          `\\emph{${r.pick(WORDS)}}`,
          `${r.int(1, 100)}\\%`,
        ]));
      }
      // Spaces around & are optional in fmt3; exercise both.
      rows.push(`\\trow{${cells.join(r.chance(0.8) ? " & " : "&")}}`);
    }
    return `${this.sentence(0.02)}\n\\begin{tabular}\n${rows.join("\n")}\n\\end{tabular}`;
  }

  /** Raw code for listings: every character is allowed except a listing's own end line. */
  code(): string {
    const r = this.rng;
    const lines: string[] = [];
    const n = r.int(3, 25);
    for (let i = 0; i < n; i++) {
      const ind = "    ".repeat(r.int(0, 2));
      const a = r.pick(WORDS), b = r.pick(WORDS);
      lines.push(ind + r.pick([
        `int ${a}_${b} = ${r.int(0, 255)};`,
        `if (${a} < ${b} && ${b} > 0) {`,
        `}`,
        `printf("%s: %d\\n", "${a}", ${b}[${r.int(0, 9)}]);`,
        `# ${a} ${b} -- ${r.pick(WORDS)}...`,
        `${a} = {"${b}": [1, 2, 3], 'x': ${r.int(0, 9)}}  # 100% raw`,
        `return ${a} ^ ~${b} | (${a} >> 2);`,
        `$ ${a} --${b} | grep -v '^#' > /tmp/${a}_${b}.log`,
        "",
      ]));
    }
    return lines.join("\n");
  }

  listingEnv(): string {
    return `${this.sentence(0.02)}\n\\begin{listing}\n${this.code()}\n\\end{listing}\n${this.sentence(0.03)}`;
  }

  textttEnv(): string {
    const r = this.rng;
    const lines: string[] = [];
    const n = r.int(2, 8);
    for (let i = 0; i < n; i++) {
      lines.push(r.chance(0.4)
        ? `\\textbf{\\$ ${r.pick(WORDS)} -${r.pick(["l", "v", "n", "a"])} ${r.pick(WORDS)}\\_${r.pick(WORDS)}.txt}`
        : `${r.pick(WORDS)}: ${r.int(0, 100)}\\% ${this.words(1, 5)}`);
    }
    return `${this.sentence(0.02)}\n\\begin{texttt}\n${lines.join("\n")}\n\\end{texttt}\n${this.sentence(0.02)}`;
  }

  verbatim(): string {
    return `${this.sentence(0.02)}\n\\begin{verbatim}\n<div class="note"><strong>${capitalise(this.rng.pick(WORDS))}:</strong> ${this.words(4, 12)}.</div>\n\\end{verbatim}`;
  }

  displayMath(): string {
    return `${this.sentence(0.02)}\n\n$${this.math()}$`;
  }
}

/** Joins tokens into lines of about 72 columns; a token is never broken, so arguments stay whole. */
function wrapTokens(tokens: readonly string[]): string {
  let out = "";
  let column = 0;
  for (const t of tokens) {
    if (column === 0) {
      out += t;
      column = t.length;
    } else if (column + 1 + t.length > 72) {
      out += `\n${t}`;
      column = t.length;
    } else {
      out += ` ${t}`;
      column += 1 + t.length;
    }
  }
  return out;
}

/** A tag from the vocabulary, Zipf-distributed. */
export function pickTag(rng: Rng): string {
  const x = rng.next();
  let lo = 0;
  let hi = TAG_CDF.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((TAG_CDF[mid] ?? 1) < x) lo = mid + 1;
    else hi = mid;
  }
  return TAG_VOCABULARY[lo] ?? "misc";
}

/**
 * A tag as an author might type it: mostly as in the vocabulary, sometimes capitalised. Only ASCII
 * tags vary, since blahgd folds ASCII case only and "Π" would be a different tag from "π".
 */
function tagVariant(rng: Rng, tag: string): string {
  if (!rng.chance(0.04) || /[^\x00-\x7f]/.test(tag)) return tag;
  return rng.chance(0.7) || tag.length > 5 ? capitalise(tag) : tag.toUpperCase();
}

type BlockKind =
  | "paragraph" | "heading" | "itemize" | "enumerate" | "description" | "quote" | "table"
  | "listingEnv" | "listingFile" | "texttt" | "verbatim" | "math";

const BLOCK_WEIGHTS: Readonly<Record<BlockKind, number>> = {
  paragraph: 55, heading: 9, itemize: 5, enumerate: 4, description: 3, quote: 3, table: 4,
  listingEnv: 4, listingFile: 2, texttt: 2, verbatim: 0.5, math: 3,
};

const ALL_BLOCKS = Object.keys(BLOCK_WEIGHTS) as BlockKind[];

export interface GeneratedFile {
  /** Relative to the data directory, with forward slashes. */
  path: string;
  content: string;
}

export interface GeneratedPost {
  id: number;
  files: GeneratedFile[];
  /** Comment directories written for this post (moderated or not). */
  comments: number;
}

/** Post number `index` of the corpus; the first one ("tour") uses every feature at least once. */
function generatePost(rng: Rng, id: number, index: number, timeMs: number): GeneratedPost {
  const tour = index === 0;
  const dir = `posts/${id}`;
  const w = new BodyWriter(rng, id);
  const files: GeneratedFile[] = [];

  // --- metadata
  let title = capitalise(w.words(2, 7));
  const t = rng.next();
  if (t < 0.1) title += `: ${w.words(2, 4)}`;
  else if (t < 0.15) title += "?";
  else if (t < 0.16) title = `Why ${rng.pick(WORDS)} < ${rng.pick(WORDS)} & "${rng.pick(WORDS)}" matter`;
  else if (t < 0.18) title += ` in ${rng.pick(UTF8_WORDS)}`;
  else if (t < 0.2) title = `It's ${w.words(2, 4)}`;

  const tagCount = rng.int(1, 5);
  const tags: string[] = [];
  const seen = new Set<string>();
  for (let guard = 0; tags.length < tagCount && guard < 50; guard++) {
    const tag = pickTag(rng);
    if (seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tagVariant(rng, tag));
  }
  // Now and then the same tag twice in different case, which blahgd dedupes.
  const firstTag = tags[0];
  if (firstTag !== undefined && rng.chance(0.005) && !/[^\x00-\x7f]/.test(firstTag)) tags.push(firstTag.toUpperCase());

  const listed = !rng.chance(0.02);

  // --- body
  const head: string[] = [];
  let lispTitle = title;
  let lispTime = formatTime(timeMs);
  const special = tour || rng.chance(0.05);
  if (special) {
    if (tour || rng.chance(0.6)) {
      head.push(`\\title{${title}}`);
      lispTitle = `Draft ${id}`;
    }
    if (tour || rng.chance(0.5)) {
      head.push(`\\published{${formatTime(timeMs)}}`);
      lispTime = formatTime(timeMs - rng.int(1, 30) * DAY);
    }
    const extra = rng.int(tour ? 2 : 0, 2);
    for (let i = 0; i < extra; i++) head.push(`\\tag{${tagVariant(rng, pickTag(rng))}}`);
  }
  if (tour || index === 1 || rng.chance(0.02)) {
    head.push(!tour && (index === 1 || rng.chance(0.5))
      ? `\\twitterimg{https://img.example.com/cards/${id}.png}`
      : `\\twitterphoto{${rng.int(2009, 2023)}/${rng.pick(WORDS)}.jpg}`);
  }

  const size = rng.next();
  const target = size < 0.05 ? rng.int(300, 5000) : size < 0.07 ? rng.int(20000, 50000) : rng.int(5000, 20000);
  const blocks: string[] = [];
  // Special commands go at the top of the first paragraph, one per line, like a human writes them.
  blocks.push([...head, w.paragraph()].join("\n"));
  if (tour) {
    blocks.push(w.everyInline(), w.paragraph(true));
    blocks.push(w.heading("section"), w.heading("subsection"), w.heading("subsubsection"));
  }
  let length = blocks[0]?.length ?? 0;
  const listingFiles: string[] = [];
  const queue: BlockKind[] = tour ? [...ALL_BLOCKS] : [];
  while (length < target || queue.length > 0) {
    const kind = queue.shift() ?? rng.weighted(BLOCK_WEIGHTS);
    let block: string;
    switch (kind) {
      case "paragraph": block = w.paragraph(); break;
      case "heading": block = w.heading(); break;
      case "itemize":
      case "enumerate":
      case "description": block = w.list(kind); break;
      case "quote": block = w.quote(); break;
      case "table": block = w.table(); break;
      case "listingEnv": block = w.listingEnv(); break;
      case "texttt": block = w.textttEnv(); break;
      case "verbatim": block = w.verbatim(); break;
      case "math": block = w.displayMath(); break;
      case "listingFile": {
        if (listingFiles.length >= 2) { block = w.paragraph(); break; }
        const name = rng.pick(["example.c", `snippet_${listingFiles.length + 1}.py`, "Makefile", `build-${id}.sh`, "notes.txt"]);
        if (listingFiles.includes(name)) { block = w.paragraph(); break; }
        listingFiles.push(name);
        files.push({ path: `${dir}/${name}`, content: `${w.code()}\n` });
        const arg = name.replace(/_/g, "\\_");
        block = `${w.sentence(0.02)}\n${rng.chance(0.2) ? `\\listing[${name.replace(/_/g, "\\_")}]{${arg}}` : `\\listing{${arg}}`}`;
        break;
      }
    }
    blocks.push(block);
    length += block.length + 2;
  }
  const body = `${blocks.join("\n\n")}\n`;

  // --- comments
  const commentIds: number[] = [];
  if (rng.chance(0.4)) {
    const n = Math.min(8, 1 + Math.floor(-Math.log(1 - rng.next()) * 1.6));
    const unmoderatedAt = rng.chance(0.06) ? rng.int(0, n - 1) : -1;
    let cid = 0;
    let ctime = timeMs + rng.int(5, 600) * MINUTE;
    for (let i = 0; i < n; i++) {
      cid += rng.chance(0.1) ? rng.int(2, 4) : 1;
      commentIds.push(cid);
      const moderated = i !== unmoderatedAt;
      const author = rng.pick(AUTHORS);
      const stringKeys = rng.chance(0.15);
      const key = (k: string): string => (stringKeys ? `"${k}"` : k);
      const entries = [
        `(${key("author")} . ${lispString(author)})`,
        `(${key("email")} . ${lispString(`${author.split(" ")[0]?.toLowerCase().replace(/[^a-z]/g, "") || "someone"}${rng.int(1, 99)}@example.com`)})`,
        `(${key("time")} . "${formatTime(ctime)}")`,
        `(${key("ip")} . "${rng.chance(0.7) ? `192.0.2.${rng.int(1, 254)}` : `2001:db8::${rng.int(1, 0xffff).toString(16)}`}")`,
      ];
      if (rng.chance(0.5)) entries.push(`(${key("url")} . "https://${rng.pick(WORDS)}.example.org/")`);
      entries.push(`(${key("moderated")} . ${moderated ? "#t" : "#f"})`);
      files.push({ path: `${dir}/comments/${cid}/meta.lisp`, content: `(${entries.join("\n ")})\n` });
      files.push({ path: `${dir}/comments/${cid}/text.txt`, content: commentText(rng, w) });
      ctime += rng.int(1, 60 * 24 * 20) * MINUTE;
    }
  }

  const lisp: string[] = [
    `(time . "${lispTime}")`,
    `(title . ${lispString(lispTitle)})`,
    "(fmt . 3)",
    `(tags ${tags.map(lispString).join(" ")})`,
  ];
  if (commentIds.length > 0) lisp.push(`(comments ${commentIds.join(" ")})`);
  else if (rng.chance(0.1)) lisp.push("(comments)");
  if (!listed) lisp.push("(listed . #f)");
  else if (rng.chance(0.9)) lisp.push("(listed . #t)");

  files.unshift(
    { path: `${dir}/post.lisp`, content: `(${lisp.join("\n ")})\n` },
    { path: `${dir}/post.tex`, content: body },
  );
  return { id, files, comments: commentIds.length };
}

function commentText(rng: Rng, w: BodyWriter): string {
  const sentences = (): string => {
    const n = rng.int(1, 4);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(`${capitalise(w.words(4, 16))}${rng.pick([".", ".", "!", "?"])}`);
    return out.join(" ");
  };
  if (rng.chance(0.4)) return `${sentences()}\n`;
  const paragraphs: string[] = [];
  const n = rng.int(1, 3);
  for (let i = 0; i < n; i++) {
    let p = sentences();
    if (rng.chance(0.15)) p += ` See <a href="https://${rng.pick(WORDS)}.example.org/${rng.pick(WORDS)}">${w.words(1, 3)}</a>.`;
    paragraphs.push(`<p>${p}</p>`);
  }
  return `${paragraphs.join("\n")}\n`;
}

/** Clears a previous corpus, refusing to touch a directory that holds anything else. */
async function prepareOutDir(outDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(outDir);
  } catch {
    entries = [];
  }
  const foreign = entries.filter((e) => e !== "posts" && e !== "pending-comments");
  if (foreign.length > 0) {
    throw new Error(`${outDir} is not empty and does not look like a corpus (found ${foreign.join(", ")})`);
  }
  await rm(path.join(outDir, "posts"), { recursive: true, force: true });
  await rm(path.join(outDir, "pending-comments"), { recursive: true, force: true });
  await mkdir(path.join(outDir, "pending-comments"), { recursive: true });
}

/**
 * The corpus as a sequence of posts with their files (paths relative to the data directory),
 * computed without touching the disk; `generateCorpus` writes exactly these files.
 */
export function* generateCorpusPosts(options: CorpusOptions): Generator<GeneratedPost> {
  const n = Math.max(0, Math.floor(options.posts));
  const rng = new Rng(options.seed ?? 1);
  const slot = SPAN / Math.max(1, n);
  let id = 0;
  let prevTime = START;
  for (let i = 0; i < n; i++) {
    id += rng.chance(0.1) ? rng.int(2, 6) : 1;
    let time: number;
    if (i > 0 && rng.chance(0.01)) {
      time = prevTime; // published in the same minute as the previous post
    } else {
      // Mostly in id order; a few posts are far off, as when an old draft is finally published.
      const jitter = rng.chance(0.02) ? (rng.next() - 0.5) * 120 * DAY : (rng.next() - 0.5) * 0.8 * slot;
      time = START + (i + 0.5) * slot + jitter;
      time = Math.min(START + SPAN - MINUTE, Math.max(START, time));
      time = Math.floor(time / MINUTE) * MINUTE;
    }
    prevTime = time;
    yield generatePost(rng, id, i, time);
  }
}

/**
 * Writes a complete blahgd data directory of `options.posts` posts into `outDir`.
 *
 * Files are written synchronously: with tens of thousands of small files, parallel async writes
 * measured several times slower (thread-pool contention) than plain sequential syscalls.
 */
export async function generateCorpus(outDir: string, options: CorpusOptions): Promise<CorpusStats> {
  await prepareOutDir(outDir);
  const stats: CorpusStats = { posts: 0, comments: 0, bytes: 0 };
  for (const post of generateCorpusPosts(options)) {
    stats.posts++;
    stats.comments += post.comments;
    let madeDir = "";
    for (const f of post.files) {
      const file = path.join(outDir, f.path);
      const dir = path.dirname(file);
      if (dir !== madeDir) {
        mkdirSync(dir, { recursive: true });
        madeDir = dir;
      }
      writeFileSync(file, f.content);
      stats.bytes += Buffer.byteLength(f.content);
    }
  }
  return stats;
}

// ------------------------------------------------------------------------------------------
// CLI

/** `--posts N --out DIR --seed S`, shared by the corpus generators' command lines. */
export function parseCorpusArgs(argv: readonly string[], defaults: { posts: number; out: (posts: number) => string }): { posts: number; out: string; seed: number } {
  let posts = defaults.posts;
  let out = "";
  let seed = 1;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === "--posts" && value !== undefined) { posts = Number(value); i++; }
    else if (arg === "--out" && value !== undefined) { out = value; i++; }
    else if (arg === "--seed" && value !== undefined) { seed = Number(value); i++; }
    else throw new Error(`unknown argument ${String(arg)}`);
  }
  if (!Number.isInteger(posts) || posts < 0) throw new Error("--posts needs a non-negative integer");
  if (!Number.isInteger(seed)) throw new Error("--seed needs an integer");
  return { posts, out: out === "" ? defaults.out(posts) : out, seed };
}

async function main(): Promise<void> {
  const { posts, out, seed } = parseCorpusArgs(process.argv.slice(2), { posts: 1000, out: (posts) => `bench/corpus/${posts}` });
  const started = performance.now();
  const stats = await generateCorpus(out, { posts, seed });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${out}: ${stats.posts} posts, ${stats.comments} comments, ` +
      `${(stats.bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s (seed ${seed})`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
