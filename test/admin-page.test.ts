/**
 * The moderation page on a real server: the test site (a temporary copy),
 * the HTTP server, the request handler with the page as its `admin` hook,
 * and file watching, so an approved comment shows on its post. Requests go
 * through node:http with exactly the headers a browser would send.
 */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { accessSync, constants, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { chromium } from "playwright-core";
import { createAdminPage, type AdminPage } from "../src/comments/admin-page.js";
import { hashPassword } from "../src/comments/password.js";
import { writePendingComment } from "../src/comments/pending-store.js";
import { loadSiteSecret } from "../src/comments/site-secret.js";
import { loadConfigFile } from "../src/config/load-config.js";
import { createFastHttpServer, type FastHttpServer } from "../src/http/fast-http-server.js";
import { RequestHandler } from "../src/http/handler.js";
import { ResponseCache } from "../src/http/response-cache.js";
import { silentLogger } from "../src/log.js";
import { defaultThemeDir } from "../src/paths.js";
import { LiveSite } from "../src/server/live-site.js";
import { checkHtml } from "./support/html-check.js";
import { fixturesDir } from "./support/paths.js";
import { rawRequest, type RawResponse } from "./support/test-blog.js";

const PASSWORD = "integration test password";
const CHROMIUM = "/usr/bin/chromium";
/** As in browser.test.ts: no sandbox (root), no background traffic (the network is closed). */
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

function chromiumMissing(): string | false {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return false;
  } catch {
    return `${CHROMIUM} is not an executable here (apt-get install chromium)`;
  }
}

let root: string;
let data: string;
let url: string;
let http: FastHttpServer;
let live: LiveSite;

before(async () => {
  root = mkdtempSync(join(tmpdir(), "blahg-admin-it-"));
  data = join(root, "site");
  cpSync(join(fixturesDir, "site"), data, { recursive: true });
  const { config } = await loadConfigFile(join(data, "config.lisp"));
  if (!config) throw new Error("the test site's config does not load");
  config.dataDir = data;
  config.adminPassword = await hashPassword(PASSWORD);

  // What start-blog does, plus the admin hook (bound once the address, hence base-url, is known).
  let admin: AdminPage | undefined;
  const cache = new ResponseCache();
  const handler = new RequestHandler({
    site: () => live?.site(),
    staticFiles: () => live.staticFiles(),
    cache,
    admin: (request, site, now) => admin!(request, site, now),
  });
  http = createFastHttpServer(handler, silentLogger);
  await new Promise<void>((resolve) => http.server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
  config.baseUrl = url;
  admin = createAdminPage({ dataDir: data, secret: loadSiteSecret(data), passwordHash: config.adminPassword, log: silentLogger, baseUrl: url });
  live = await LiveSite.open({ config, templateDir: defaultThemeDir, webDir: join(defaultThemeDir, "web"), version: "test", captcha: [3, 4], log: silentLogger });
  live.onChange((change) => (change.everything ? cache.clear() : cache.invalidate(change.posts, change.listings)));
  live.watch();
});

after(async () => {
  live.close();
  http.closeConnections();
  await new Promise<void>((resolve) => http.server.close(() => resolve()));
  rmSync(root, { recursive: true, force: true });
});

function form(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) params.append(name, v);
  return params.toString();
}

/** A form POST as a browser sends it from the moderation page. */
function post(action: string, fields: Record<string, string | string[]>, cookie?: string, origin = url): Promise<RawResponse> {
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, "Sec-Fetch-Site": "same-origin" };
  if (cookie) headers.Cookie = cookie;
  return rawRequest(`${url}/?admin=${action}`, { method: "POST", headers, body: form(fields) });
}

function get(path: string, cookie?: string): Promise<RawResponse> {
  return rawRequest(url + path, { headers: cookie ? { Cookie: cookie } : {} });
}

async function within(limit: number, check: () => Promise<boolean>): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > limit) assert.fail(`not seen within ${limit} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the moderation page on a running blog", () => {
  it("logs in, lists a pending comment, approves it, and the post shows it", async () => {
    const name = writePendingComment(
      data,
      { postId: 1, author: "Eve <script>", email: "eve@example.org", url: "", ip: "192.0.2.5", text: "Approve <b>me</b>\n\nplease <img src=x onerror=alert(1)>" },
      BigInt(Date.now() - 3_600_000) * 1_000_000n,
    );
    const login = await get("/?admin");
    assert.equal(login.status, 200);
    assert.equal(login.headers["cache-control"], "no-store");
    assert.match(login.body.toString(), /type="password"/);
    assert.deepEqual(checkHtml(login.body.toString().replace(/^<!DOCTYPE html>\n/, "")), []);

    assert.equal((await post("login", { password: "nope" })).status, 403);
    const loggedIn = await post("login", { password: PASSWORD });
    assert.equal(loggedIn.status, 303);
    assert.equal(loggedIn.headers.location, `${url}/?admin`);
    const setCookie = loggedIn.headers["set-cookie"];
    assert.ok(Array.isArray(setCookie) && setCookie.length === 1);
    assert.match(setCookie[0]!, /; HttpOnly; SameSite=Strict$/);
    const cookie = setCookie[0]!.split(";")[0]!;

    const page = await get("/?admin", cookie);
    assert.equal(page.status, 200);
    const html = page.body.toString();
    assert.deepEqual(checkHtml(html.replace(/^<!DOCTYPE html>\n/, "")), []);
    assert.match(html, /1 comment waiting for moderation/);
    assert.match(html, /Eve &lt;script&gt;<\/span> on <a href="[^"]*\/\?p=1">New Year's Eve<\/a>/);
    assert.doesNotMatch(html, /<script|<img/i);
    assert.match(page.headers["content-security-policy"] as string, new RegExp(`style-src ${url.replaceAll(".", "\\.")}/style\\.css;`));
    // The stylesheet the page links is served, and allowed by the policy.
    assert.equal((await get("/style.css")).status, 200);

    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    const foreign = await post("approve", { name, csrf }, cookie, "http://evil.test");
    assert.equal(foreign.status, 403);
    assert.deepEqual(checkHtml(foreign.body.toString().replace(/^<!DOCTYPE html>\n/, "")), []);
    assert.equal((await post("approve", { name }, cookie)).status, 403);
    assert.ok(existsSync(join(data, "pending-comments", name)));

    const approved = await post("approve", { name, csrf }, cookie);
    assert.equal(approved.status, 303);
    assert.equal(approved.headers.location, `${url}/?admin=done&msg=approved&post=1&number=4`);
    assert.ok(!existsSync(join(data, "pending-comments", name)));
    assert.match(readFileSync(join(data, "posts/1/post.lisp"), "utf8"), /\(comments 1 2 3 4\)/);
    assert.deepEqual(readdirSync(join(data, "posts/1/comments/4")).sort(), [".approved", "meta.lisp", "text.txt"]);

    const done = await get(approved.headers.location.slice(url.length), cookie);
    assert.match(done.body.toString(), /Approved: it is now <a href="[^"]*\/\?p=1#comment-4">comment 4/);
    assert.match(done.body.toString(), /No comments are waiting for moderation\./);

    // The watcher picks the change up: the story page shows the comment, sanitized.
    await within(3000, async () => (await get("/?p=1")).body.toString().includes("Approve <b>me</b>"));
    const story = (await get("/?p=1")).body.toString();
    assert.match(story, /Eve &lt;script&gt;/);
    assert.doesNotMatch(story, /onerror/);

    const logout = await post("logout", { csrf }, cookie);
    assert.equal(logout.status, 303);
    assert.match((await get("/?admin", cookie)).body.toString(), /type="password"/);
  });
});

describe("the moderation page in Chromium", { skip: chromiumMissing(), timeout: 120_000 }, () => {
  it("logs in and moderates through the forms: the browser's Origin passes the check, the CSP lets the stylesheet in", async () => {
    const name = writePendingComment(
      data,
      { postId: 2, author: "Browser <b>Bob</b>", email: "bob@example.org", url: "https://bob.example/", ip: "192.0.2.8", text: "<img src=x onerror=alert(1)>Hi <script>alert(2)</script>" },
      BigInt(Date.now() - 600_000) * 1_000_000n,
    );
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      const origins: Array<string | undefined> = [];
      page.on("console", (m) => void (m.type() === "error" && problems.push(m.text())));
      page.on("dialog", (d) => void (problems.push(`dialog: ${d.message()}`), d.dismiss()));
      page.on("request", (r) => void (r.method() === "POST" && origins.push(r.headers().origin)));
      let styled = false;
      page.on("response", (r) => void (r.url().endsWith("/style.css") && r.status() === 200 && (styled = true)));

      await page.goto(`${url}/?admin`);
      await page.fill("#admin-password", PASSWORD);
      await page.click("main button[type=submit]");
      await page.waitForURL(`${url}/?admin`);
      await page.locator(`#pending-${name.replaceAll(".", "\\.")} button`, { hasText: "Reject" }).click();
      assert.match(await page.locator("[role=status]").innerText(), /Rejected and deleted 1 comment/);
      assert.ok(!existsSync(join(data, "pending-comments", name)));
      await page.click("text=Log out");
      assert.match(await page.locator("[role=status]").innerText(), /You are logged out/);

      assert.deepEqual(origins, [url, url, url]);
      assert.ok(styled, "the stylesheet loaded");
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });
});
