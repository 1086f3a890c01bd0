import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BlahgRequest, BlahgResponse } from "../http/request.js";
import { createLogger, silentLogger } from "../log.js";
import type { Site } from "../site/site.js";
import { compilePermalink } from "../config/permalink-pattern.js";
import type { Post } from "../content/model.js";
import { SiteIndex } from "../content/site-index.js";
import { queryUrls, SiteUrls } from "../site/urls.js";
import { urlSchemeFor } from "../site/urls/url-scheme.js";
import { createAdminPage, relativeAge, SESSION_SECONDS, throttleKey, type AdminPage } from "./admin-page.js";
import { hashPassword } from "./password.js";
import { writePendingComment, type NewComment } from "./pending-store.js";
import { SiteSecret } from "./site-secret.js";

const PASSWORD = "correct horse battery staple";
/** 2024-06-01T12:00:00Z in nanoseconds. */
const NOW = BigInt(Date.UTC(2024, 5, 1, 12, 0, 0)) * 1_000_000n;
const SECOND = 1_000_000_000n;
const BASE = "http://blog.test";

const root = mkdtempSync(join(tmpdir(), "blahg-admin-"));
after(() => rmSync(root, { recursive: true, force: true }));

let passwordHash = "";
before(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

const POST_LISP = '; the post\n((title . "Post seven") (time . "2024-05-01 10:00") (fmt . 3))\n';

function dataDir(): string {
  const dir = mkdtempSync(join(root, "data-"));
  mkdirSync(join(dir, "posts", "7"), { recursive: true });
  writeFileSync(join(dir, "posts/7/post.lisp"), POST_LISP);
  return dir;
}

const XSS: NewComment = {
  postId: 7,
  author: "<script>alert(1)</script>Mallory",
  email: '"><img src=x onerror=alert(2)>@evil.test',
  url: 'javascript:alert(3)//"><svg onload=alert(4)>',
  ip: "<img src=x onerror=alert(5)>",
  text: '<script>alert(6)</script><img src=x onerror=alert(7)><a href="javascript:alert(8)" onclick="alert(9)">click</a> & more',
};

const PLAIN: NewComment = {
  postId: 7,
  author: "Alice",
  email: "alice@example.org",
  url: "https://alice.example/",
  ip: "192.0.2.1",
  text: "Nice post!\n\nSecond paragraph.",
};

/** A site with what the page uses: config, the index's titles, the URLs. */
function fakeSite(base = BASE): Site {
  const posts = new Map([[7, { title: 'Seven <b>"bold"</b>' }]]);
  return {
    config: { siteTitle: "Test <Blog>", siteLanguage: "en" },
    index: { post: (id: number) => posts.get(id) },
    urls: queryUrls(base),
  } as unknown as Site;
}

interface Ask {
  cookie?: string;
  form?: Record<string, string | string[]>;
  body?: string;
  origin?: string;
  ip?: string;
  contentType?: string;
  at?: bigint;
  headers?: Record<string, string>;
}

class Client {
  constructor(
    readonly page: AdminPage,
    readonly site: Site = fakeSite(),
  ) {}

  get(query: string, ask: Ask = {}): Promise<BlahgResponse> {
    return this.send("GET", query, ask);
  }

  post(action: string, ask: Ask = {}): Promise<BlahgResponse> {
    return this.send("POST", `admin=${action}`, ask);
  }

  async send(method: string, query: string, ask: Ask): Promise<BlahgResponse> {
    const headers: Record<string, string> = { host: "blog.test", ...ask.headers };
    if (ask.cookie !== undefined) headers.cookie = ask.cookie;
    if (ask.origin !== undefined) headers.origin = ask.origin;
    let body: Buffer | undefined;
    if (method === "POST") {
      headers["content-type"] = ask.contentType ?? "application/x-www-form-urlencoded";
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(ask.form ?? {})) for (const v of [value].flat()) params.append(name, v);
      body = Buffer.from(ask.body ?? params.toString());
    }
    const request: BlahgRequest = { method, path: "/", query, headers, remoteAddress: ask.ip ?? "192.0.2.99", body };
    return this.page(request, this.site, ask.at ?? NOW);
  }

  /** Logs in; returns the Cookie header value. */
  async login(ask: Ask = {}): Promise<string> {
    const response = await this.post("login", { ...ask, form: { password: PASSWORD } });
    assert.equal(response.status, 303, text(response));
    return cookieOf(response);
  }

  /** The CSRF token of the list page for a session. */
  async csrf(cookie: string): Promise<string> {
    const response = await this.get("admin", { cookie });
    assert.equal(response.status, 200);
    const match = /name="csrf" value="([^"]+)"/.exec(text(response));
    assert.ok(match, "the page has a CSRF token");
    return match[1]!;
  }
}

function text(response: BlahgResponse): string {
  return response.body.toString("utf8");
}

function cookieOf(response: BlahgResponse): string {
  const header = response.headers["Set-Cookie"];
  assert.ok(header, "a cookie is set");
  return header.split(";")[0]!;
}

function adminPage(dir: string, options: { base?: string; hash?: string | undefined; secret?: SiteSecret } = {}): AdminPage {
  return createAdminPage({
    dataDir: dir,
    secret: options.secret ?? new SiteSecret(randomBytes(32)),
    passwordHash: "hash" in options ? options.hash : passwordHash,
    log: silentLogger,
    baseUrl: options.base ?? BASE,
  });
}

/** Everything moderation could change. */
function snapshot(dir: string): string {
  const pending = existsSync(join(dir, "pending-comments")) ? readdirSync(join(dir, "pending-comments")).sort() : [];
  const comments = existsSync(join(dir, "posts/7/comments")) ? readdirSync(join(dir, "posts/7/comments")).sort() : [];
  return JSON.stringify({ pending, comments, post: readFileSync(join(dir, "posts/7/post.lisp"), "utf8") });
}

/** The HTML's tags, to look for attributes that run script. */
function tags(html: string): string[] {
  return html.match(/<[a-zA-Z][^>]*>/g) ?? [];
}

function assertHeaders(response: BlahgResponse): void {
  const h = response.headers;
  assert.equal(h["Cache-Control"], "no-store");
  assert.equal(h["Content-Type"], "text/html; charset=utf-8");
  assert.equal(h["X-Frame-Options"], "DENY");
  assert.equal(h["Content-Security-Policy"], `default-src 'none'; style-src ${BASE}/style.css; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`);
  assert.equal(h["Referrer-Policy"], "same-origin");
}

describe("the moderation page without a password", () => {
  it("does not exist: every request gets a 404", async () => {
    const dir = dataDir();
    writePendingComment(dir, PLAIN, NOW);
    const before = snapshot(dir);
    for (const hash of [undefined, ""]) {
      const client = new Client(adminPage(dir, { hash }));
      for (const response of [
        await client.get("admin"),
        await client.post("login", { form: { password: "" } }),
        await client.post("login", { form: { password: PASSWORD } }),
        await client.post("approve", { form: { name: "x" } }),
      ]) {
        assert.equal(response.status, 404);
        assert.equal(text(response), "Not found.\n");
        assert.equal(response.headers["Set-Cookie"], undefined);
        assert.equal(response.headers["Cache-Control"], "no-store");
      }
    }
    assert.equal(snapshot(dir), before);
  });
});

/** The fake site with post 7 at a pretty permalink under `base`. */
function permalinkSite(base: string): Site {
  const compiled = compilePermalink("/%year%/%postname%/");
  assert.ok("pattern" in compiled);
  const seven: Post = {
    id: 7, dir: "/p/7", bodyPath: "/p/7/post.md", format: "markdown", bodySize: 0, title: "Seven", time: Date.UTC(2024, 0, 2) / 1000,
    tags: [], listed: true, comments: [], twitterImage: undefined, commentsClosed: false,
  };
  const urls = new SiteUrls(urlSchemeFor({ baseUrl: base, permalink: compiled.pattern }, new SiteIndex([seven])));
  return { ...fakeSite(base), urls } as Site;
}

describe("the moderation page's URLs", () => {
  for (const [scheme, site] of [["query URLs", fakeSite("https://blog.test/notes")], ["a permalink", permalinkSite("https://blog.test/notes")]] as const) {
    it(`are written by the URL scheme under the base path, with ${scheme}`, async () => {
      const client = new Client(adminPage(dataDir(), { base: "https://blog.test/notes" }), site);
      const loginForm = text(await client.get("admin"));
      assert.match(loginForm, /<form class="comment-form" method="post" action="https:\/\/blog\.test\/notes\/\?admin=login">/);
      const login = await client.post("login", { form: { password: PASSWORD }, origin: "https://blog.test" });
      assert.equal(login.headers.Location, "https://blog.test/notes/?admin");
      const cookie = cookieOf(login);
      const list = text(await client.get("admin", { cookie }));
      assert.match(list, /action="https:\/\/blog\.test\/notes\/\?admin=logout"/);
      // The notice after approving one comment links to it where the scheme puts the post.
      const approved = text(await client.get("admin=done&msg=approved&post=7&number=2", { cookie }));
      const link = site.urls.comment(7, 2);
      assert.equal(link, scheme === "query URLs" ? "https://blog.test/notes/?p=7#comment-2" : "https://blog.test/notes/2024/seven/#comment-2");
      assert.ok(approved.includes(`Approved: it is now <a href="${link}">comment 2 on “`), approved);
      const csrf = /name="csrf" value="([^"]+)"/.exec(list)![1]!;
      const logout = await client.post("logout", { cookie, form: { csrf }, origin: "https://blog.test" });
      assert.equal(logout.headers.Location, "https://blog.test/notes/?admin=done&msg=logged-out");
    });
  }

  it("stay on the host the page was asked on when base-url is only a path", async () => {
    const client = new Client(adminPage(dataDir(), { base: "/notes" }), fakeSite("/notes"));
    assert.match(text(await client.get("admin")), /action="\/notes\/\?admin=login"/);
  });
});

describe("logging in", () => {
  it("shows a login form with only a labelled password field to visitors without a session", async () => {
    const client = new Client(adminPage(dataDir()));
    const response = await client.get("admin");
    assert.equal(response.status, 200);
    assertHeaders(response);
    const html = text(response);
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.match(html, /<link rel="stylesheet" href="http:\/\/blog\.test\/style\.css">/);
    assert.match(html, /<label for="admin-password">Password<\/label> <input type="password" id="admin-password" name="password"/);
    assert.match(html, /<form class="comment-form" method="post" action="http:\/\/blog\.test\/\?admin=login">/);
    assert.equal((html.match(/<input /g) ?? []).length, 1);
    assert.match(html, /<main id="main"/);
    assert.match(html, /<h1 class="page-title">Comment moderation<\/h1>/);
    assert.match(html, /Test &lt;Blog&gt;/);
    assert.doesNotMatch(html, /pending-comment/);
  });

  it("refuses a wrong password with 403, the form again, a message and no cookie", async () => {
    const client = new Client(adminPage(dataDir()));
    for (const password of ["wrong", "", PASSWORD + " ", "x".repeat(5000)]) {
      const response = await client.post("login", { form: { password }, ip: `198.51.100.${password.length % 250}` });
      assert.equal(response.status, 403);
      assertHeaders(response);
      assert.equal(response.headers["Set-Cookie"], undefined);
      assert.match(text(response), /Wrong password\./);
      assert.match(text(response), /type="password"/);
    }
    const noField = await client.post("login", { form: {} });
    assert.equal(noField.status, 403);
  });

  it("sets an HttpOnly, SameSite=Strict session cookie for the right password and redirects to the page", async () => {
    const client = new Client(adminPage(dataDir()));
    const response = await client.post("login", { form: { password: PASSWORD } });
    assert.equal(response.status, 303);
    assertHeaders(response);
    assert.equal(response.headers.Location, "http://blog.test/?admin");
    const cookie = response.headers["Set-Cookie"]!;
    assert.match(cookie, /^blahg_admin=\d+\.[A-Za-z0-9_-]{24}\.[A-Za-z0-9_-]{43}; /);
    const attributes = cookie.split("; ").slice(1);
    assert.deepEqual(attributes, ["Path=/", `Max-Age=${SESSION_SECONDS}`, "HttpOnly", "SameSite=Strict"]);
    const expires = Number(cookie.slice("blahg_admin=".length).split(".")[0]);
    assert.equal(expires, Number(NOW / SECOND) + SESSION_SECONDS);
    // The cookie opens the page.
    const page = await client.get("admin", { cookie: cookieOf(response) });
    assert.equal(page.status, 200);
    assert.match(text(page), /No comments are waiting for moderation\./);
    assert.match(text(page), /<button type="submit">Log out<\/button>/);
  });

  it("marks the cookie Secure when the base URL is https, and keeps the site's path", async () => {
    const client = new Client(adminPage(dataDir(), { base: "https://blog.test/notes" }), fakeSite("https://blog.test/notes"));
    const response = await client.post("login", { form: { password: PASSWORD }, origin: "https://blog.test" });
    assert.equal(response.status, 303);
    assert.equal(response.headers.Location, "https://blog.test/notes/?admin");
    assert.match(response.headers["Set-Cookie"]!, /; HttpOnly; SameSite=Strict; Secure$/);
    const page = await client.get("admin", { cookie: cookieOf(response) });
    assert.match(text(page), /<link rel="stylesheet" href="https:\/\/blog\.test\/notes\/style\.css">/);
    assert.match(page.headers["Content-Security-Policy"]!, /style-src https:\/\/blog\.test\/notes\/style\.css;/);
    assert.match(text(page), /action="https:\/\/blog\.test\/notes\/\?admin=logout"/);
  });

  it("throttles an address after 5 wrong passwords in 15 minutes with 429 and Retry-After", async () => {
    const client = new Client(adminPage(dataDir()));
    const ip = "203.0.113.5";
    for (let i = 0; i < 5; i++) {
      const response = await client.post("login", { form: { password: "guess" + i }, ip, at: NOW + BigInt(i) * 60n * SECOND });
      assert.equal(response.status, 403);
    }
    const blocked = await client.post("login", { form: { password: PASSWORD }, ip, at: NOW + 5n * 60n * SECOND });
    assert.equal(blocked.status, 429);
    assertHeaders(blocked);
    assert.equal(blocked.headers["Retry-After"], String(10 * 60)); // the first failure ages out at NOW + 15 min
    assert.equal(blocked.headers["Set-Cookie"], undefined);
    assert.match(text(blocked), /Too many wrong passwords\. Try again in 10 minutes\./);
    // Other addresses are not affected; the same /64 is.
    assert.equal((await client.post("login", { form: { password: PASSWORD }, ip: "203.0.113.6" })).status, 303);
    // After the window, the right password works again, and resets the count.
    const later = NOW + 15n * 60n * SECOND;
    assert.equal((await client.post("login", { form: { password: PASSWORD }, ip, at: later })).status, 303);
    assert.equal((await client.post("login", { form: { password: "again" }, ip, at: later })).status, 403);
  });

  it("counts guesses sent in parallel", async () => {
    const client = new Client(adminPage(dataDir()));
    const ip = "2001:db8:1:2::7";
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => client.post("login", { form: { password: "parallel" + i }, ip })),
    );
    assert.deepEqual(responses.map((r) => r.status).sort(), [403, 403, 403, 403, 403, 429, 429, 429]);
    // Another address of the same /64 is throttled too.
    assert.equal((await client.post("login", { form: { password: PASSWORD }, ip: "2001:db8:1:2:ffff::1" })).status, 429);
  });

  it("ends every session when the password changes", async () => {
    const dir = dataDir();
    const secret = new SiteSecret(randomBytes(32));
    const cookie = await new Client(adminPage(dir, { secret })).login();
    const other = new Client(adminPage(dir, { secret, hash: await hashPassword("another password") }));
    const response = await other.get("admin", { cookie });
    assert.match(text(response), /type="password"/);
    assert.doesNotMatch(text(response), /Log out/);
  });

  it("logs out: the cookie is cleared and no longer accepted", async () => {
    const client = new Client(adminPage(dataDir()));
    const cookie = await client.login();
    const csrf = await client.csrf(cookie);
    assert.equal((await client.post("logout", { cookie, form: { csrf: "wrong" } })).status, 403);
    const response = await client.post("logout", { cookie, form: { csrf } });
    assert.equal(response.status, 303);
    assert.equal(response.headers.Location, "http://blog.test/?admin=done&msg=logged-out");
    assert.match(response.headers["Set-Cookie"]!, /^blahg_admin=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict$/);
    const page = await client.get("admin=done&msg=logged-out", { cookie });
    assert.match(text(page), /You are logged out\./);
    assert.match(text(page), /type="password"/);
  });
});

describe("the list of pending comments", () => {
  it("shows every pending comment, oldest first, with its post, metadata, age and text", async () => {
    const dir = dataDir();
    writePendingComment(dir, { ...PLAIN, author: "Bob" }, NOW - 60n * SECOND);
    const first = writePendingComment(dir, PLAIN, NOW - 3n * 3600n * SECOND);
    writePendingComment(dir, { ...PLAIN, postId: 99, author: "Carol" }, NOW - 2n * 86400n * SECOND);
    const client = new Client(adminPage(dir));
    const response = await client.get("admin", { cookie: await client.login() });
    assert.equal(response.status, 200);
    assertHeaders(response);
    const html = text(response);
    assert.match(html, /<p class="page-number">3 comments waiting for moderation, oldest first\.<\/p>/);
    const authors = [...html.matchAll(/<span class="comment-author">([^<]*)<\/span>/g)].map((m) => m[1]);
    assert.deepEqual(authors, ["Carol", "Alice", "Bob"]);
    assert.match(html, /Alice<\/span> on <a href="http:\/\/blog\.test\/\?p=7">Seven &lt;b&gt;&quot;bold&quot;&lt;\/b&gt;<\/a><\/h2>/);
    assert.match(html, /Carol<\/span> on post 99 <em>\(not found\)<\/em>/);
    assert.match(html, /<dd>alice@example\.org<\/dd>/);
    assert.match(html, /<dd><a href="https:\/\/alice\.example\/" rel="nofollow noopener noreferrer">https:\/\/alice\.example\/<\/a><\/dd>/);
    assert.match(html, /<dd>192\.0\.2\.1<\/dd>/);
    assert.match(html, /<time datetime="2024-06-01T09:00Z">3 hours ago<\/time> \(2024-06-01 09:00 UTC\)/);
    assert.match(html, /<time datetime="2024-05-30T12:00Z">2 days ago<\/time>/);
    assert.match(html, /<time datetime="2024-06-01T11:59Z">1 minute ago<\/time>/);
    assert.match(html, /<p>Nice post!<\/p>\n<p>Second paragraph\.<\/p>/);
    assert.match(html, new RegExp(`<input type="hidden" name="name" value="${first.replaceAll(".", "\\.")}"><p class="actions"><button type="submit" aria-describedby="pending-${first.replaceAll(".", "\\.")}-title">Approve</button>`));
    assert.match(html, /<summary>Approve or reject all 3 comments<\/summary>/);
    assert.match(html, /action="http:\/\/blog\.test\/\?admin=approve"/);
    assert.match(html, /<button type="submit" formaction="http:\/\/blog\.test\/\?admin=reject" aria-describedby="pending-[^"]+-title">Reject<\/button>/);
  });

  it("escapes every value, so nothing a commenter typed runs", async () => {
    const dir = dataDir();
    writePendingComment(dir, XSS, NOW - 5n * 60n * SECOND);
    const client = new Client(adminPage(dir));
    const html = text(await client.get("admin", { cookie: await client.login() }));
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<img/i);
    assert.doesNotMatch(html, /<svg/i);
    for (const tag of tags(html)) {
      assert.doesNotMatch(tag, /\son[a-z]+=/i, tag);
      assert.doesNotMatch(tag, /javascript:/i, tag);
    }
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;Mallory/);
    assert.match(html, /<dd>&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;@evil\.test<\/dd>/);
    assert.match(html, /<dd>javascript:alert\(3\)\/\/&quot;&gt;&lt;svg onload=alert\(4\)&gt;<\/dd>/);
    assert.match(html, /<dd>&lt;img src=x onerror=alert\(5\)&gt;<\/dd>/);
    assert.match(html, /<pre>&lt;script&gt;alert\(6\)&lt;\/script&gt;&lt;img src=x onerror=alert\(7\)&gt;/);
    assert.match(html, /click(<\/a>)? &amp; more/);
  });

  it("says so when the queue is empty", async () => {
    const client = new Client(adminPage(dataDir()));
    const html = text(await client.get("admin", { cookie: await client.login() }));
    assert.match(html, /No comments are waiting for moderation\./);
    assert.doesNotMatch(html, /<ol/);
    assert.doesNotMatch(html, /Approve/);
  });

  it("does not take a forged, foreign or expired cookie for a session", async () => {
    const dir = dataDir();
    writePendingComment(dir, PLAIN, NOW);
    const client = new Client(adminPage(dir));
    const cookie = await client.login();
    const [expires, id, signature] = cookie.slice("blahg_admin=".length).split(".") as [string, string, string];
    const foreign = await new Client(adminPage(dir)).login();
    const forged = [
      `blahg_admin=${Number(expires) + 1}.${id}.${signature}`,
      `blahg_admin=${expires}.${id.replace(/^./, (c) => (c === "A" ? "B" : "A"))}.${signature}`,
      `blahg_admin=${expires}.${id}.${"A".repeat(43)}`,
      `blahg_admin=${expires}.${id}`,
      foreign,
      `other=${cookie.slice("blahg_admin=".length)}`,
    ];
    for (const bad of forged) assert.doesNotMatch(text(await client.get("admin", { cookie: bad })), /Alice/, bad);
    const expired = await client.get("admin", { cookie, at: NOW + BigInt(SESSION_SECONDS) * SECOND });
    assert.doesNotMatch(text(expired), /Alice/);
    // Next to other cookies, the real one works.
    assert.match(text(await client.get("admin", { cookie: `a=b; ${cookie}; c=d` })), /Alice/);
  });
});

describe("approving and rejecting", () => {
  it("approves with a valid CSRF token: the comment moves into the post and is listed in post.lisp", async () => {
    const dir = dataDir();
    const name = writePendingComment(dir, PLAIN, NOW - 3600n * SECOND);
    const client = new Client(adminPage(dir));
    const cookie = await client.login();
    const csrf = await client.csrf(cookie);
    const response = await client.post("approve", { cookie, form: { csrf, name }, origin: BASE });
    assert.equal(response.status, 303, text(response));
    assertHeaders(response);
    assert.equal(response.headers.Location, "http://blog.test/?admin=done&msg=approved&post=7&number=1");
    assert.ok(!existsSync(join(dir, "pending-comments", name)));
    assert.equal(readFileSync(join(dir, "posts/7/comments/1/text.txt"), "utf8"), PLAIN.text);
    assert.match(readFileSync(join(dir, "posts/7/comments/1/meta.lisp"), "utf8"), /\("moderated" \. #t\)/);
    assert.equal(readFileSync(join(dir, "posts/7/post.lisp"), "utf8"), POST_LISP.replace("(fmt . 3))", "(fmt . 3) (comments 1))"));
    const after = text(await client.get("admin=done&msg=approved&n=1&post=7&number=1", { cookie }));
    assert.match(after, /role="status"><p>Approved: it is now <a href="http:\/\/blog\.test\/\?p=7#comment-1">comment 1 on “Seven &lt;b&gt;&quot;bold&quot;&lt;\/b&gt;”<\/a>\.<\/p>/);
    assert.match(after, /No comments are waiting for moderation\./);
  });

  it("rejects by deleting the pending comment", async () => {
    const dir = dataDir();
    const name = writePendingComment(dir, PLAIN, NOW);
    const client = new Client(adminPage(dir));
    const cookie = await client.login();
    const response = await client.post("reject", { cookie, form: { csrf: await client.csrf(cookie), name } });
    assert.equal(response.status, 303);
    assert.equal(response.headers.Location, "http://blog.test/?admin=done&msg=rejected");
    assert.deepEqual(readdirSync(join(dir, "pending-comments")), []);
    assert.ok(!existsSync(join(dir, "posts/7/comments")));
    assert.match(text(await client.get("admin=done&msg=rejected&n=1", { cookie })), /Rejected and deleted 1 comment\./);
  });

  it("approves or rejects all the comments a page showed at once", async () => {
    const dir = dataDir();
    const names = [0n, 1n, 2n].map((i) => writePendingComment(dir, PLAIN, NOW - i * 60n * SECOND));
    const client = new Client(adminPage(dir));
    const cookie = await client.login();
    const csrf = await client.csrf(cookie);
    const late = writePendingComment(dir, PLAIN, NOW);
    const response = await client.post("approve", { cookie, form: { csrf, name: names } });
    assert.equal(response.headers.Location, "http://blog.test/?admin=done&msg=approved&n=3");
    assert.deepEqual(readdirSync(join(dir, "pending-comments")), [late]);
    assert.match(readFileSync(join(dir, "posts/7/post.lisp"), "utf8"), /\(comments 1 2 3\)\)/);
  });

  it("refuses without a token, with a wrong one, another session's, a bad cookie or a foreign origin, and changes nothing", async () => {
    const dir = dataDir();
    const name = writePendingComment(dir, PLAIN, NOW);
    const client = new Client(adminPage(dir));
    const cookie = await client.login();
    const csrf = await client.csrf(cookie);
    const otherCookie = await client.login();
    const otherCsrf = await client.csrf(otherCookie);
    assert.notEqual(csrf, otherCsrf);
    const [expires, id, signature] = cookie.slice("blahg_admin=".length).split(".") as [string, string, string];
    const foreignSite = new Client(adminPage(dir));
    const foreignCookie = await foreignSite.login();
    const before = snapshot(dir);
    const attempts: Array<[string, Ask]> = [
      ["no token", { cookie, form: { name } }],
      ["an empty token", { cookie, form: { name, csrf: "" } }],
      ["a wrong token", { cookie, form: { name, csrf: csrf.replace(/^./, (c) => (c === "A" ? "B" : "A")) } }],
      ["another session's token", { cookie, form: { name, csrf: otherCsrf } }],
      ["the token with the other session's cookie", { cookie: otherCookie, form: { name, csrf } }],
      ["no cookie", { form: { name, csrf } }],
      ["a forged cookie", { cookie: `blahg_admin=${Number(expires) + 3600}.${id}.${signature}`, form: { name, csrf } }],
      ["another site's cookie", { cookie: foreignCookie, form: { name, csrf } }],
      ["an expired cookie", { cookie, form: { name, csrf }, at: NOW + BigInt(SESSION_SECONDS + 1) * SECOND }],
      ["a foreign origin", { cookie, form: { name, csrf }, origin: "http://evil.test" }],
      ["a foreign port", { cookie, form: { name, csrf }, origin: "http://blog.test:8080" }],
      ["a null origin", { cookie, form: { name, csrf }, origin: "null" }],
      ["a cross-site fetch", { cookie, form: { name, csrf }, headers: { "sec-fetch-site": "cross-site" } }],
    ];
    for (const action of ["approve", "reject"]) {
      for (const [what, ask] of attempts) {
        const response = await client.post(action, ask);
        assert.equal(response.status, 403, `${action} with ${what}`);
        assertHeaders(response);
        assert.equal(response.headers.Location, undefined);
        assert.equal(snapshot(dir), before, `${action} with ${what}`);
      }
    }
    // A form in another encoding (text/plain is what a cross-site form can send) is refused as well.
    const plain = await client.post("reject", { cookie, body: `name=${name}&csrf=${csrf}`, contentType: "text/plain" });
    assert.equal(plain.status, 415);
    assert.equal(snapshot(dir), before);
    // And the same request with everything right works.
    assert.equal((await client.post("reject", { cookie, form: { name, csrf }, origin: BASE, headers: { "sec-fetch-site": "same-origin" } })).status, 303);
  });

  it("shows moderation errors as a message, not a 500", async () => {
    const dir = dataDir();
    const name = writePendingComment(dir, PLAIN, NOW);
    const client = new Client(adminPage(dir));
    const cookie = await client.login();
    const csrf = await client.csrf(cookie);
    assert.equal((await client.post("reject", { cookie, form: { csrf, name } })).status, 303);
    for (const action of ["approve", "reject"]) {
      const response = await client.post(action, { cookie, form: { csrf, name } });
      assert.equal(response.status, 409);
      assertHeaders(response);
      assert.match(text(response), new RegExp(`role="alert"><p>1 problem: there is no pending comment '${name.replaceAll(".", "\\.")}'`));
    }
    const traversal = await client.post("approve", { cookie, form: { csrf, name: '../posts/7"><script>' } });
    assert.equal(traversal.status, 409);
    assert.doesNotMatch(text(traversal), /<script/);
    const orphan = writePendingComment(dir, { ...PLAIN, postId: 99 }, NOW);
    const missingPost = await client.post("approve", { cookie, form: { csrf, name: orphan } });
    assert.equal(missingPost.status, 409);
    assert.match(text(missingPost), /post 99 does not exist/);
    assert.equal((await client.post("approve", { cookie, form: { csrf } })).status, 400);
    assert.equal((await client.post("frobnicate", { cookie, form: { csrf, name } })).status, 400);
  });

  it("refuses oversized forms", async () => {
    const client = new Client(adminPage(dataDir()));
    const response = await client.post("login", { body: "password=" + "x".repeat(70 * 1024) });
    assert.equal(response.status, 413);
  });

  it("logs logins and moderation without the password", async () => {
    const lines: string[] = [];
    const dir = dataDir();
    const name = writePendingComment(dir, PLAIN, NOW);
    const page = createAdminPage({
      dataDir: dir,
      secret: new SiteSecret(randomBytes(32)),
      passwordHash,
      log: createLogger({ write: (line) => lines.push(line) }),
      baseUrl: BASE,
    });
    const client = new Client(page);
    await client.post("login", { form: { password: "not it" } });
    const cookie = await client.login();
    await client.post("approve", { cookie, form: { csrf: await client.csrf(cookie), name } });
    const messages = lines.map((line) => JSON.parse(line) as { msg: string });
    assert.deepEqual(messages.map((m) => m.msg), ["admin login failed", "admin login", "comment approved"]);
    assert.ok(!lines.join("").includes("not it") && !lines.join("").includes(PASSWORD));
  });
});

describe("helpers", () => {
  it("count IPv6 addresses by /64 and mapped IPv4 as IPv4", () => {
    assert.equal(throttleKey("192.0.2.1"), "192.0.2.1");
    assert.equal(throttleKey("::ffff:192.0.2.1"), "192.0.2.1");
    assert.equal(throttleKey("2001:db8:1:2::7"), "2001:db8:1:2::/64");
    assert.equal(throttleKey("2001:0db8:0001:0002:ffff:0:0:1"), "2001:db8:1:2::/64");
    assert.equal(throttleKey("2001:db8::1"), "2001:db8:0:0::/64");
    assert.equal(throttleKey("::1"), "0:0:0:0::/64");
    assert.equal(throttleKey("fe80::1%eth0"), "fe80:0:0:0::/64");
    assert.equal(throttleKey(undefined), "unknown");
  });

  it("say how old a comment is in words", () => {
    assert.equal(relativeAge(0), "just now");
    assert.equal(relativeAge(59), "just now");
    assert.equal(relativeAge(60), "1 minute ago");
    assert.equal(relativeAge(3599), "59 minutes ago");
    assert.equal(relativeAge(3 * 3600 + 5), "3 hours ago");
    assert.equal(relativeAge(86400), "1 day ago");
    assert.equal(relativeAge(-3600), "in the future");
  });
});
