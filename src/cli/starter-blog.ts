/**
 * The files `blahg init` writes: a commented config.lisp whose paths are
 * relative to itself, and a welcome post showing what Markdown posts can do.
 */

import { localIsoTime } from "../content/create-post.js";
import { writeString } from "../sexpr/writer.js";

export interface StarterSettings {
  title: string;
  author: string;
  baseUrl: string;
}

export function starterConfig(s: StarterSettings): string {
  return `; The settings of this blog, read by \`blahg serve\` when it runs in this folder
; (or is given --config). One (key . value) pair per setting; blahg's README
; lists every key. Lines starting with ";" are comments.
(; The blog's name, shown at the top of every page and in the feeds.
 (site-title . ${writeString(s.title)})
 ; Who writes it: named on posts and in the feeds.
 (site-author . ${writeString(s.author)})
 ; The address readers use, without a trailing "/": every absolute link and
 ; the feeds are built from it. Change it when the blog goes online
 ; (for instance "https://blog.example.org").
 (base-url . ${writeString(s.baseUrl)})
 ; The address of each post, with WordPress's structure tags (%year%,
 ; %monthnum%, %day%, %hour%, %minute%, %second%, %post_id%, %postname%):
 ; this one gives /2024/05/my-post/. Old /?p=ID links keep working.
 (permalink . "/%year%/%monthnum%/%postname%/")
 ; Where the posts are: data/posts/1/post.md is post 1 (\`blahg new\` adds more).
 (data-dir . "data")
 ; Relative paths here (data-dir, and web-dir and template-dir if you add
 ; them) are relative to this file's folder, not to where blahg is started,
 ; so the whole folder can be moved. Without this line they would be relative
 ; to the working directory, as in blahgd.
 (paths-relative-to . "config")
 ; Where \`blahg serve\` listens (--host and --port override these).
 (http-host . "127.0.0.1")
 (http-port . 8080))
`;
}

/** The first post: every feature a Markdown post has, each in a line or two, so that it lints and renders cleanly. */
export function welcomePost(now: Date): string {
  return `---
title: Welcome to your blog
date: ${localIsoTime(now)}
tags: [welcome]
---

This is the first post of your new blog. It lives in \`data/posts/1/post.md\`:
edit it, or write the next one with

\`\`\`sh
$EDITOR "$(blahg new 'My second post')"
\`\`\`

and it appears on the running blog within a second.

# What a post can hold

Posts are Markdown (CommonMark) with a few additions.

**Math** in TeX, rendered as MathML: inline like $e^{i\\pi} + 1 = 0$, or on
lines of its own:

$$
\\int_0^\\infty e^{-x^2}\\,dx = \\frac{\\sqrt{\\pi}}{2}
$$

**Code** with its language after the opening fence is highlighted:

\`\`\`python
def greet(name: str) -> str:
    """Say hello."""
    return f"Hello, {name}!"
\`\`\`

**Tables**:

| format   | file       | metadata            |
|----------|------------|---------------------|
| Markdown | \`post.md\`  | YAML front matter   |
| fmt3     | \`post.tex\` | \`post.lisp\`         |

**Footnotes**, like this one.[^first]

**Task lists**:

- [x] create the blog with \`blahg init\`
- [ ] write a post with \`blahg new\`
- [ ] set \`base-url\` in \`config.lisp\` and put the blog online

[^first]: Footnotes are numbered and collected at the end of the post.
`;
}
