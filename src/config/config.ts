/**
 * The blahgd config file (spec §3.1): its keys, their defaults, and turning a
 * parsed config alist into a {@link Config} with blahgd's rules (unknown keys
 * ignored, a value of the wrong type treated as missing, out-of-range values
 * adjusted).
 *
 * Every key is declared once in {@link CONFIG_KEYS}; to add one, add a field
 * to Config, its default to DEFAULT_CONFIG and a row to the table. The linter
 * uses the same table.
 */

import type { Diagnostic } from "../diagnostics.js";
import { alistEntries, asPair, describeKind, entryKey, listItems, wrongTypeMessage } from "../sexpr/alist.js";
import type { AlistEntry } from "../sexpr/alist.js";
import type { Datum } from "../sexpr/datum.js";
import { positionOf } from "../sexpr/datum.js";
import { aliasPath, aliasTarget } from "../site/urls/aliases.js";
import { compilePermalink, type PermalinkPattern } from "./permalink-pattern.js";

export interface Config {
  /** TCP port of the SCGI server. */
  scgiPort: number;
  /** Worker threads; 0 means one per CPU. */
  scgiThreads: number;
  /** Posts per HTML listing page (index, archive, tag). */
  htmlIndexStories: number;
  /** Posts per Atom/RSS index page. */
  feedIndexStories: number;
  /** A comment form older than this many seconds is rejected. */
  commentMaxThink: number;
  /** A comment form younger than this many seconds is rejected. */
  commentMinThink: number;
  /** First addend of the comment captcha; undefined = not configured (blahgd picks a random one). */
  commentCaptchaA?: number;
  /** Second addend of the comment captcha; undefined = not configured. */
  commentCaptchaB?: number;
  dataDir: string;
  webDir: string;
  templateDir: string;
  /** Prefix of absolute URLs, without a trailing slash. */
  baseUrl: string;
  /** Prefix of `\bug{}` links. */
  bugBaseUrl: string;
  /** Prefix of `\wiki{}` links. */
  wikiBaseUrl: string;
  /** Prefix of `\photo`, `\photolink` and `\twitterphoto` URLs. */
  photoBaseUrl: string;
  /** Tag cloud font sizes in points. */
  tagcloudMinSize: number;
  tagcloudMaxSize: number;
  /** Enables Twitter card meta tags. */
  twitterUsername?: string;
  twitterDescription?: string;
  /** Legacy `?cat=` names to tag names (for redirects). */
  categoryToTag: ReadonlyMap<string, string>;
  /** blahg: old addresses of the site's pages (decoded path -> blahgd query URL of the page), answered with a 301. */
  siteAliases: ReadonlyMap<string, string>;

  // blahg's own keys (blahgd ignores unknown keys, so one file serves both).
  /** The blog's name (blahgd hard-coded "Blahg" in its templates). */
  siteTitle: string;
  /** A line under the title and the feeds' subtitle. */
  siteTagline: string;
  /** The author named on posts and in feeds. */
  siteAuthor: string;
  /** The `lang` of pages and feeds. */
  siteLanguage: string;
  /** Enables `?preview=SECRET`; undefined turns previews off (blahgd used a built-in number). */
  previewSecret?: string;
  /** Pretty URLs (`permalink`, WordPress's structure tags), compiled; undefined keeps blahgd's query URLs. */
  permalink?: PermalinkPattern;
  /** Post bodies as clean HTML5 ("html") or byte-identical to blahgd ("blahgd"). */
  markup: "html" | "blahgd";
  /** Markdown posts: typographic quotes and dashes (off: plain CommonMark). */
  markdownTypographer: boolean;
  /** Markdown posts: bare URLs (www.example.com, https://...) become links (off: plain CommonMark). */
  markdownLinkify: boolean;
  /** Where `blahg serve` listens for HTTP. */
  httpHost: string;
  httpPort: number;
  /** Most comments one address may submit per hour (0: no limit). */
  commentRateLimit: number;
  /** Most comments waiting for moderation; more are refused until some are handled (0: no limit). */
  commentMaxPending: number;
  /** scrypt hash of the moderation page's password (`blahg passwd`); unset: no moderation page. */
  adminPassword?: string;
  /** A shell command run for each new pending comment, with the comment as JSON on stdin. */
  notifyCommand?: string;
  /** Where new-comment notifications are mailed (with smtp-host). */
  notifyEmail?: string;
  smtpHost?: string;
  smtpPort: number;
  smtpUser?: string;
  smtpPassword?: string;
  /** The From address of notification mails (default: notify-email). */
  smtpFrom?: string;
  /** Largest post.tex (and listing, comment text) in bytes; a larger post is skipped with a diagnostic. */
  maxPostSize: number;
  /** `blahg build`: the base URL of a running `blahg serve` taking the static pages' comments; undefined ("none"): no comment form. */
  staticComments?: string;
  /** `blahg serve`: most comments from static pages (no signed timestamp) one address may post per hour; 0 refuses them. */
  staticCommentRateLimit: number;
  /**
   * What relative data-dir, web-dir and template-dir are relative to: the
   * working directory (blahgd's rule) or the config file's own directory
   * (written by `blahg init`, so that the blog's folder can move).
   */
  pathsRelativeTo: "working-directory" | "config";
}

/** Where a new or imported blog says it lives until its owner sets `base-url`: where `blahg serve` listens by default. */
export const LOCAL_BASE_URL = "http://127.0.0.1:8080";

export const DEFAULT_CONFIG: Readonly<Config> = Object.freeze({
  scgiPort: 2014,
  scgiThreads: 0,
  htmlIndexStories: 10,
  feedIndexStories: 15,
  commentMaxThink: 86400,
  commentMinThink: 10,
  dataDir: "./data",
  webDir: "./web",
  templateDir: "./templates",
  baseUrl: "example.com",
  bugBaseUrl: "example.com",
  wikiBaseUrl: "example.com",
  photoBaseUrl: "example.com",
  tagcloudMinSize: 6,
  tagcloudMaxSize: 18,
  categoryToTag: new Map<string, string>(),
  siteAliases: new Map<string, string>(),
  siteTitle: "Blahg",
  siteTagline: "",
  siteAuthor: "",
  siteLanguage: "en",
  markup: "html",
  markdownTypographer: false,
  markdownLinkify: false,
  httpHost: "127.0.0.1",
  httpPort: 8080,
  commentRateLimit: 10,
  commentMaxPending: 500,
  smtpPort: 25,
  // 4 MiB: a hundred times the longest real blog post, and small enough to render in a fraction of a second.
  maxPostSize: 4 * 1024 * 1024,
  staticCommentRateLimit: 0,
  pathsRelativeTo: "working-directory",
});

/** The largest C `int`; blahgd clamps scgi-threads to it. */
const INT_MAX = 2_147_483_647n;

/** The type of value a key takes, in the typed-lookup sense of spec §2. */
export type ConfigValueType = "integer" | "string" | "list" | "boolean";

/** A remark about a value blahgd accepts but adjusts or reads differently than one might think. */
export interface ConfigNote {
  code: string;
  message: string;
  /** Where the remark points; the key's pair when absent. */
  at?: Datum;
  /** Columns past the start of `at` (a place inside a string). */
  offset?: number;
  /** A warning unless it says otherwise: an error makes the config unusable. */
  severity?: Diagnostic["severity"];
}

export interface ConfigKey {
  /** The key as written in the file. */
  readonly name: string;
  readonly type: ConfigValueType;
  /** What a value must be, for messages: "an integer". */
  readonly expected: string;
  /** Stores `value`, which has `type`, into `config`; returns remarks. */
  readonly apply: (config: Config, value: Datum) => ConfigNote[];
}

/** The fields of Config whose type is exactly V (optional or not). */
type FieldsOfType<V> = {
  [K in keyof Config]-?: [Exclude<Config[K], undefined>] extends [V] ? ([V] extends [Exclude<Config[K], undefined>] ? K : never) : never;
}[keyof Config];

function integerKey(
  name: string,
  field: FieldsOfType<number>,
  adjust: (value: bigint) => { value: number; note?: ConfigNote } = (v) => ({ value: Number(v) }),
): ConfigKey {
  return {
    name,
    type: "integer",
    expected: "an integer",
    apply(config, value) {
      if (value.kind !== "int") return [];
      const { value: n, note } = adjust(value.value);
      config[field] = n;
      return note === undefined ? [] : [note];
    },
  };
}

function stringKey(
  name: string,
  field: FieldsOfType<string>,
  check: (value: string) => ConfigNote | undefined = () => undefined,
): ConfigKey {
  return {
    name,
    type: "string",
    expected: "a string",
    apply(config, value) {
      if (value.kind !== "string") return [];
      config[field] = value.value;
      const note = check(value.value);
      return note === undefined ? [] : [note];
    },
  };
}

function booleanKey(name: string, field: FieldsOfType<boolean>): ConfigKey {
  return {
    name,
    type: "boolean",
    expected: "#t or #f",
    apply(config, value) {
      if (value.kind === "bool") config[field] = value.value;
      return [];
    },
  };
}

/** blahgd appends `/...` to the URL prefixes, so a trailing slash doubles. */
function noTrailingSlash(name: string): (value: string) => ConfigNote | undefined {
  return (value) =>
    value.endsWith("/")
      ? {
          code: "config/trailing-slash",
          message: `\`${name}\` ends with "/", and links will contain "//": blahgd appends "/..." itself`,
        }
      : undefined;
}

function readCategoryToTag(config: Config, value: Datum): ConfigNote[] {
  const map = new Map<string, string>();
  const notes: ConfigNote[] = [];
  for (const element of listItems(value) ?? []) {
    const key = entryKey(element);
    const target = key === undefined ? undefined : asPair(element)?.cdr;
    if (key === undefined || target?.kind !== "string") {
      notes.push({
        code: "config/bad-category",
        message:
          "every element of `category-to-tag` should be (category . \"tag\") with a symbol or string category; " +
          `this one is ${describeKind(element)}` +
          (target !== undefined ? ` whose value is ${describeKind(target)}` : "") +
          ", and is ignored",
        at: element,
      });
      continue;
    }
    if (!map.has(key)) map.set(key, target.value); // first match wins, as with any alist
  }
  config.categoryToTag = map;
  return notes;
}

function readSiteAliases(config: Config, value: Datum): ConfigNote[] {
  const map = new Map<string, string>();
  const notes: ConfigNote[] = [];
  for (const element of listItems(value) ?? []) {
    const pair = asPair(element);
    const from = pair?.car.kind === "string" ? aliasPath(pair.car.value) : undefined;
    const to = pair?.cdr.kind === "string" ? pair.cdr.value : undefined;
    if (from === undefined || to === undefined || aliasTarget(to) === undefined) {
      notes.push({
        code: "config/bad-site-alias",
        message:
          'every element of `site-aliases` should be ("/old/path" . "/?QUERY"), the query naming a page of the blog as blahgd\'s URLs do ' +
          `("/?feed=rss2", "/?tag=NAME", "/?tags", "/?p=ID"); this one is ${pair ? `(${describeKind(pair.car)} . ${describeKind(pair.cdr)})` : describeKind(element)}` +
          (from !== undefined && to !== undefined ? ` naming no page (${JSON.stringify(to)})` : "") +
          ", and is ignored",
        at: element,
      });
      continue;
    }
    if (!map.has(from)) map.set(from, to); // first match wins, as with any alist
  }
  config.siteAliases = map;
  return notes;
}

export const CONFIG_KEYS: readonly ConfigKey[] = [
  integerKey("scgi-port", "scgiPort", (v) =>
    v >= 65536n
      ? {
          value: 2014,
          note: {
            code: "config/port-out-of-range",
            message: `\`scgi-port\` ${v} is not a TCP port (0..65535); blahgd uses 2014 instead`,
          },
        }
      : { value: Number(v) },
  ),
  integerKey("scgi-threads", "scgiThreads", (v) =>
    v > INT_MAX
      ? {
          value: Number(INT_MAX),
          note: {
            code: "config/threads-clamped",
            message: `\`scgi-threads\` ${v} is more than ${INT_MAX}; blahgd uses ${INT_MAX}`,
          },
        }
      : { value: Number(v) },
  ),
  integerKey("html-index-stories", "htmlIndexStories"),
  integerKey("feed-index-stories", "feedIndexStories"),
  integerKey("comment-max-think", "commentMaxThink"),
  integerKey("comment-min-think", "commentMinThink"),
  integerKey("comment-captcha-a", "commentCaptchaA"),
  integerKey("comment-captcha-b", "commentCaptchaB"),
  stringKey("data-dir", "dataDir"),
  stringKey("web-dir", "webDir"),
  stringKey("template-dir", "templateDir"),
  stringKey("base-url", "baseUrl", noTrailingSlash("base-url")),
  stringKey("bug-base-url", "bugBaseUrl", noTrailingSlash("bug-base-url")),
  stringKey("wiki-base-url", "wikiBaseUrl", noTrailingSlash("wiki-base-url")),
  stringKey("photo-base-url", "photoBaseUrl", noTrailingSlash("photo-base-url")),
  integerKey("tagcloud-min-size", "tagcloudMinSize"),
  integerKey("tagcloud-max-size", "tagcloudMaxSize"),
  stringKey("twitter-username", "twitterUsername"),
  stringKey("twitter-description", "twitterDescription"),
  {
    name: "category-to-tag",
    type: "list",
    expected: "a list of (category . \"tag\") pairs",
    apply: readCategoryToTag,
  },
  {
    name: "site-aliases",
    type: "list",
    expected: 'a list of ("/old/path" . "/?QUERY") pairs',
    apply: readSiteAliases,
  },
  stringKey("site-title", "siteTitle"),
  stringKey("site-tagline", "siteTagline"),
  stringKey("site-author", "siteAuthor"),
  stringKey("site-language", "siteLanguage"),
  stringKey("preview-secret", "previewSecret", (v) =>
    v.length < 16
      ? { code: "config/weak-secret", message: "`preview-secret` is short; anyone who guesses it can read unpublished posts (use 16 or more random characters)" }
      : undefined,
  ),
  {
    name: "markup",
    type: "string",
    expected: 'the string "html" or "blahgd"',
    apply(config, value) {
      if (value.kind !== "string") return [];
      if (value.value === "html" || value.value === "blahgd") {
        config.markup = value.value;
        return [];
      }
      return [{ code: "config/bad-markup", message: '`markup` must be "html" or "blahgd"; "html" is used' }];
    },
  },
  {
    name: "permalink",
    type: "string",
    expected: 'a permalink structure such as "/%year%/%monthnum%/%postname%/"',
    apply(config, value) {
      if (value.kind !== "string") return [];
      const compiled = compilePermalink(value.value);
      if ("pattern" in compiled) {
        config.permalink = compiled.pattern;
        return [];
      }
      // The place inside the string: past its opening quote (exact when it has no escapes before the fault).
      return [{ code: "config/bad-permalink", message: compiled.error, at: value, offset: compiled.offset + 1, severity: "error" }];
    },
  },
  booleanKey("markdown-typographer", "markdownTypographer"),
  booleanKey("markdown-linkify", "markdownLinkify"),
  stringKey("http-host", "httpHost"),
  integerKey("comment-rate-limit", "commentRateLimit"),
  integerKey("comment-max-pending", "commentMaxPending"),
  {
    name: "static-comments",
    type: "string",
    expected: 'the string "none" or the http(s) base URL of a running blahg serve',
    apply(config, value) {
      if (value.kind !== "string") return [];
      if (value.value === "none") {
        delete config.staticComments;
        return [];
      }
      if (/^https?:\/\/[^/?#\s]+(?:\/[^?#\s]*)?$/i.test(value.value)) {
        config.staticComments = value.value.replace(/\/+$/, "");
        return [];
      }
      return [{ code: "config/bad-static-comments", message: '`static-comments` must be "none" or an http(s) URL such as "https://comments.example.com"; "none" is used', at: value }];
    },
  },
  integerKey("static-comment-rate-limit", "staticCommentRateLimit"),
  stringKey("admin-password", "adminPassword"),
  stringKey("notify-command", "notifyCommand"),
  stringKey("notify-email", "notifyEmail"),
  stringKey("smtp-host", "smtpHost"),
  integerKey("smtp-port", "smtpPort"),
  stringKey("smtp-user", "smtpUser"),
  stringKey("smtp-password", "smtpPassword"),
  stringKey("smtp-from", "smtpFrom"),
  integerKey("max-post-size", "maxPostSize", (v) =>
    v <= 0n || v > 1n << 30n
      ? { value: DEFAULT_CONFIG.maxPostSize, note: { code: "config/bad-max-post-size", message: `\`max-post-size\` ${v} is not a size in bytes (1..1073741824); ${DEFAULT_CONFIG.maxPostSize} is used` } }
      : { value: Number(v) },
  ),
  {
    name: "paths-relative-to",
    type: "string",
    expected: 'the string "config" or "working-directory"',
    apply(config, value) {
      if (value.kind !== "string") return [];
      if (value.value === "config" || value.value === "working-directory") {
        config.pathsRelativeTo = value.value;
        return [];
      }
      return [{ code: "config/bad-paths-relative-to", message: '`paths-relative-to` must be "config" or "working-directory"; "working-directory" is used' }];
    },
  },
  integerKey("http-port", "httpPort", (v) =>
    v >= 65536n
      ? { value: 8080, note: { code: "config/port-out-of-range", message: `\`http-port\` ${v} is not a TCP port (0..65535); 8080 is used` } }
      : { value: Number(v) },
  ),
];

const CONFIG_KEYS_BY_NAME: ReadonlyMap<string, ConfigKey> = new Map(CONFIG_KEYS.map((k) => [k.name, k]));

/** The declaration of a config key, or undefined for a key blahgd does not know. */
export function configKey(name: string): ConfigKey | undefined {
  return CONFIG_KEYS_BY_NAME.get(name);
}

/** Whether `value` has the type a typed lookup of `type` accepts. */
export function hasConfigType(value: Datum, type: ConfigValueType): boolean {
  switch (type) {
    case "integer":
      return value.kind === "int";
    case "string":
      return value.kind === "string";
    case "list":
      return listItems(value) !== undefined;
    case "boolean":
      return value.kind === "bool";
  }
}

/** The first entry of each key: the one lookups find (later duplicates are never seen). */
export function firstEntries(entries: readonly AlistEntry[]): Map<string, AlistEntry> {
  const first = new Map<string, AlistEntry>();
  for (const e of entries) if (!first.has(e.key)) first.set(e.key, e);
  return first;
}

export interface ConfigResult {
  config: Config;
  diagnostics: Diagnostic[];
}

/**
 * Builds a Config from the datum of a config file. Never fails: like blahgd,
 * unknown keys are ignored and a value of the wrong type counts as missing
 * (with a warning here). A datum that is not a list gives the defaults and an
 * error, since blahgd would silently run with example.com everywhere.
 */
export function configFromDatum(datum: Datum): ConfigResult {
  const config: Config = { ...DEFAULT_CONFIG, categoryToTag: new Map(), siteAliases: new Map() };
  const diagnostics: Diagnostic[] = [];
  const entries = alistEntries(datum);
  if (entries === undefined) {
    diagnostics.push({
      ...positionOf(datum),
      severity: "error",
      code: "config/not-an-alist",
      message: `the config must be a list of (key . value) pairs, but it is ${describeKind(datum)}`,
    });
    return { config, diagnostics };
  }
  const first = firstEntries(entries);
  for (const key of CONFIG_KEYS) {
    const entry = first.get(key.name);
    if (entry === undefined) continue;
    if (!hasConfigType(entry.value, key.type)) {
      diagnostics.push({
        ...positionOf(entry.pair),
        severity: "warning",
        code: "config/wrong-type",
        message: configWrongTypeMessage(key, entry.value) + "; the default is used",
      });
      continue;
    }
    for (const note of key.apply(config, entry.value)) {
      const at = positionOf(note.at ?? entry.pair);
      diagnostics.push({
        line: at.line,
        column: at.column + (note.offset ?? 0),
        severity: note.severity ?? "warning",
        code: note.code,
        message: note.message,
      });
    }
  }
  return { config, diagnostics };
}

/** The message for a value of the wrong type, with a hint for `(key value)`. */
export function configWrongTypeMessage(key: ConfigKey, value: Datum): string {
  const fits = key.type === "list" ? undefined : (d: Datum) => hasConfigType(d, key.type);
  return wrongTypeMessage(key.name, key.expected, value, fits);
}
