/**
 * Deterministic generator of a Hugo site of Markdown posts, for comparing
 * `blahg import hugo` + blahg with Debian's `hugo` on the same blog: a
 * `config.toml` (10 posts per page, `/:year/:month/:slug/` permalinks, RSS),
 * minimal layouts (paginated index and tag pages of 10 full posts, story
 * pages, the tag list) and `content/posts/` with one Markdown file per post
 * (YAML front matter: title, date, tags, sometimes slug, summary, aliases,
 * draft) and a few page bundles with an image. Bodies use what both engines
 * render alike: headings, emphasis, code spans and fenced code, links,
 * lists, tables, block quotes, plus the `highlight`, `figure` and `ref`
 * shortcodes the importer converts.
 *
 * CLI: node dist/bench/hugo-corpus.js --posts 10000 --out bench/corpus/hugo-10000 [--seed 1]
 * then: hugo --source bench/corpus/hugo-10000 --destination /tmp/hugo-out
 *       blahg import hugo bench/corpus/hugo-10000 /tmp/blahg-from-hugo
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { stringify } from "yaml";
import { capitalise, parseCorpusArgs, pickTag, Rng, WORDS } from "./corpus.js";

export interface HugoCorpusOptions {
  posts: number;
  seed?: number;
}

export interface HugoCorpusStats {
  posts: number;
  bundles: number;
  bytes: number;
}

const START = Date.UTC(2009, 0, 1);
const SPAN = Date.UTC(2024, 0, 1) - START;
const MINUTE = 60_000;

const CONFIG = `baseURL = "https://hugo-corpus.example/"
languageCode = "en"
title = "Generated Hugo corpus"
paginate = 10
summaryLength = 40
disableKinds = ["sitemap", "robotsTXT"]

[params]
  description = "A generated blog for benchmarks"
  author = "The benchmark"

[permalinks]
  posts = "/:year/:month/:slug/"

[taxonomies]
  tag = "tags"

[services.rss]
  limit = 15

[markup.highlight]
  noClasses = false
`;

const BASEOF = `<!doctype html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<title>{{ if not .IsHome }}{{ .Title }} - {{ end }}{{ site.Title }}</title>
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a> - <a href="{{ "/tags/" | relURL }}">tags</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
`;

const POST_PARTIAL = `<article>
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Date.Format "2006-01-02 15:04" }}{{ range .Params.tags }} <a href="{{ (printf "/tags/%s/" (. | urlize)) | relURL }}">{{ . }}</a>{{ end }}</p>
{{ .Content }}
</article>
`;

/** Paginated lists of 10 full posts: the home page and each tag's page. */
const LIST = `{{ define "main" }}
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = where site.RegularPages "Section" "posts" }}{{ end }}
{{ $pager := .Paginate $pages 10 }}
{{ range $pager.Pages }}{{ partial "post.html" . }}{{ end }}
<nav>{{ if $pager.HasPrev }}<a href="{{ $pager.Prev.URL }}">newer</a>{{ end }} {{ if $pager.HasNext }}<a href="{{ $pager.Next.URL }}">older</a>{{ end }}</nav>
{{ end }}
`;

const SINGLE = `{{ define "main" }}{{ partial "post.html" . }}{{ end }}
`;

const TERMS = `{{ define "main" }}
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
`;

/** Files of the site other than its posts. */
export function hugoSiteFiles(): Array<{ path: string; content: string }> {
  return [
    { path: "config.toml", content: CONFIG },
    { path: "layouts/_default/baseof.html", content: BASEOF },
    { path: "layouts/partials/post.html", content: POST_PARTIAL },
    { path: "layouts/index.html", content: LIST },
    { path: "layouts/_default/list.html", content: LIST },
    { path: "layouts/_default/single.html", content: SINGLE },
    { path: "layouts/_default/terms.html", content: TERMS },
    { path: "layouts/_default/term.html", content: LIST },
    { path: "content/posts/_index.md", content: "---\ntitle: Posts\n---\n" },
  ];
}

class MarkdownWriter {
  constructor(private readonly rng: Rng) {}

  words(lo: number, hi: number): string {
    const n = this.rng.int(lo, hi);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.rng.pick(WORDS));
    return out.join(" ");
  }

  inline(): string {
    const r = this.rng;
    switch (r.int(0, 7)) {
      case 0: return `*${this.words(1, 3)}*`;
      case 1: return `**${this.words(1, 3)}**`;
      case 2: return `\`${r.pick(WORDS)}_${r.pick(WORDS)}()\``;
      case 3: return `[${this.words(1, 4)}](https://www.example.org/${r.pick(WORDS)}/${r.pick(WORDS)}.html)`;
      case 4: return `<https://${r.pick(WORDS)}.example.net/>`;
      default: return this.words(2, 6);
    }
  }

  sentence(): string {
    const parts: string[] = [capitalise(this.words(3, 8))];
    const n = this.rng.int(0, 3);
    for (let i = 0; i < n; i++) parts.push(this.rng.chance(0.5) ? this.inline() : this.words(2, 7));
    return `${parts.join(" ")}${this.rng.pick([".", ".", ".", "?", "!"])}`;
  }

  paragraph(): string {
    const n = this.rng.int(2, 7);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.sentence());
    return out.join(" ");
  }

  code(): string {
    const n = this.rng.int(2, 10);
    const lines = [`func ${this.rng.pick(WORDS)}() int {`];
    for (let i = 0; i < n; i++) lines.push(`\t${this.rng.pick(WORDS)} := ${this.rng.int(0, 999)} // ${this.words(1, 4)}`);
    lines.push(`\treturn ${this.rng.int(0, 9)}`, "}");
    return lines.join("\n");
  }

  block(linkable: readonly string[]): string {
    const r = this.rng;
    const x = r.next();
    if (x < 0.55) return this.paragraph();
    if (x < 0.63) return `${"#".repeat(r.int(2, 3))} ${capitalise(this.words(2, 5))}`;
    if (x < 0.71) return Array.from({ length: r.int(2, 6) }, () => `- ${this.words(2, 8)}`).join("\n");
    if (x < 0.76) return Array.from({ length: r.int(2, 5) }, (_, i) => `${i + 1}. ${this.words(2, 8)}`).join("\n");
    if (x < 0.81) return `> ${this.paragraph()}`;
    if (x < 0.86) {
      const cols = r.int(2, 4);
      const row = (): string => `| ${Array.from({ length: cols }, () => this.words(1, 3)).join(" | ")} |`;
      return [row(), `|${"---|".repeat(cols)}`, ...Array.from({ length: r.int(1, 5) }, row)].join("\n");
    }
    if (x < 0.93) return `\`\`\`go\n${this.code()}\n\`\`\``;
    if (x < 0.97) return `{{< highlight go >}}\n${this.code()}\n{{< /highlight >}}`;
    const target = linkable.length > 0 ? r.pick(linkable) : undefined;
    return target !== undefined ? `See [an earlier post]({{< ref "${target}" >}}) about ${this.words(2, 5)}.` : this.paragraph();
  }
}

export interface HugoPost {
  files: Array<{ path: string; content: string | Buffer }>;
  bundle: boolean;
}

/** The posts of the site, oldest first, without touching the disk. */
export function* generateHugoPosts(options: HugoCorpusOptions): Generator<HugoPost> {
  const n = Math.max(0, Math.floor(options.posts));
  const rng = new Rng(options.seed ?? 1);
  const w = new MarkdownWriter(rng);
  const slot = SPAN / Math.max(1, n);
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const time = Math.floor((START + (i + 0.5) * slot + (rng.next() - 0.5) * 0.8 * slot) / MINUTE) * MINUTE;
    const title = capitalise(w.words(2, 7));
    const name = `post-${i + 1}`;
    const tags = [...new Set(Array.from({ length: rng.int(1, 4) }, () => pickTag(rng)))];
    const front: Record<string, unknown> = { title, date: new Date(time).toISOString().replace(/\.000Z$/, "Z"), tags };
    if (rng.chance(0.7)) front.slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${i + 1}`;
    if (rng.chance(0.1)) front.summary = w.sentence();
    if (rng.chance(0.05)) front.aliases = [`/old/${name}.html`];
    if (rng.chance(0.02)) front.draft = true;
    const bundle = rng.chance(0.01);
    const target = rng.chance(0.05) ? rng.int(5000, 20000) : rng.int(1500, 6000);
    const blocks: string[] = [w.paragraph()];
    if (bundle) blocks.push(`{{< figure src="photo.png" alt="${w.words(2, 4)}" caption="${capitalise(w.words(2, 5))}" >}}`);
    let length = blocks[0]!.length;
    while (length < target) {
      const block = w.block(names.slice(-200));
      blocks.push(block);
      length += block.length + 2;
    }
    const content = `---\n${stringify(front, { lineWidth: 0 })}---\n\n${blocks.join("\n\n")}\n`;
    const files: HugoPost["files"] = bundle
      ? [
          { path: `content/posts/${name}/index.md`, content },
          // A tiny valid PNG (1x1, grey) so that Hugo's image processing would accept it too.
          { path: `content/posts/${name}/photo.png`, content: Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b550000000a49444154789c6368000000820081dd436af40000000049454e44ae426082", "hex") },
        ]
      : [{ path: `content/posts/${name}.md`, content }];
    if (front.draft !== true) names.push(bundle ? name : `${name}.md`);
    yield { files, bundle };
  }
}

/** Writes the whole site into `outDir`, which must be empty, missing, or a previous Hugo corpus (with what hugo leaves there). */
export async function generateHugoCorpus(outDir: string, options: HugoCorpusOptions): Promise<HugoCorpusStats> {
  let entries: string[] = [];
  try {
    entries = await readdir(outDir);
  } catch {
    entries = [];
  }
  const foreign = entries.filter((e) => !["config.toml", "layouts", "content", "resources", ".hugo_build.lock"].includes(e));
  if (foreign.length > 0) throw new Error(`${outDir} is not empty and does not look like a Hugo corpus (found ${foreign.join(", ")})`);
  for (const e of entries) await rm(path.join(outDir, e), { recursive: true, force: true });
  const stats: HugoCorpusStats = { posts: 0, bundles: 0, bytes: 0 };
  const write = (file: { path: string; content: string | Buffer }): void => {
    const target = path.join(outDir, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    stats.bytes += Buffer.byteLength(file.content);
  };
  for (const file of hugoSiteFiles()) write(file);
  for (const post of generateHugoPosts(options)) {
    stats.posts++;
    if (post.bundle) stats.bundles++;
    for (const file of post.files) write(file);
  }
  return stats;
}


if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { posts, out, seed } = parseCorpusArgs(process.argv.slice(2), { posts: 10000, out: (posts) => `bench/corpus/hugo-${posts}` });
  const started = performance.now();
  generateHugoCorpus(out, { posts, seed })
    .then((stats) => console.log(`${out}: ${stats.posts} posts (${stats.bundles} page bundles), ${(stats.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(2)} s (seed ${seed})`))
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    });
}
