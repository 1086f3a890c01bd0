/**
 * The comment moderation page, `/?admin` (blahgd's was a stub, spec §10.2):
 * a password login, then the list of pending comments with their metadata
 * and safely rendered text, each with Approve and Reject buttons.
 *
 * It exists only when the config has an `admin-password` hash (`blahg
 * passwd`); otherwise every request gets a 404. Sessions are stateless
 * signed cookies (`<expiry>.<id>.<HMAC>`), so they survive restarts; the
 * signature also covers the password hash, so setting a new password ends
 * every session. Every POST but the login carries a CSRF token derived from
 * the session id, and POSTs from another origin are refused outright.
 * Failed logins are throttled per address.
 */

import { randomBytes } from "node:crypto";
import { isIPv6 } from "node:net";
import { parseQuery } from "../http/query.js";
import type { BlahgRequest, BlahgResponse } from "../http/request.js";
import type { Logger } from "../log.js";
import { commentBodyHtml } from "../site/comment-body.js";
import type { AdminAction, AdminOutcome, AdminRoute } from "../site/route.js";
import type { Site } from "../site/site.js";
import { equalInConstantTime } from "../text/constant-time.js";
import { escapeHtml } from "../text/escape.js";
import { approveComment, ModerationError, rejectComment, type Approved } from "./moderation.js";
import { isPasswordHash, verifyPassword } from "./password.js";
import { listPendingComments, type PendingComment } from "./pending-store.js";
import type { SiteSecret } from "./site-secret.js";

export interface AdminPageOptions {
  dataDir: string;
  secret: SiteSecret;
  /** The config's `admin-password`; undefined (or empty): there is no moderation page. */
  passwordHash: string | undefined;
  log: Logger;
  /** The config's `base-url`: the origin POSTs must come from, the stylesheet, the Secure flag. */
  baseUrl: string;
}

/** The `admin` hook of the request handler. */
export type AdminPage = (request: BlahgRequest, site: Site, now: bigint) => Promise<BlahgResponse>;

export const SESSION_COOKIE = "blahg_admin";
/** How long a login lasts. */
export const SESSION_SECONDS = 12 * 60 * 60;
/** Failed logins an address may make per window before it gets 429s. */
export const LOGIN_ATTEMPTS = 5;
export const LOGIN_WINDOW_SECONDS = 15 * 60;
/** The largest form accepted (a bulk action on 500 comments is about 20 KiB). */
export const MAX_FORM_BYTES = 64 * 1024;
/** Longer "passwords" are refused without hashing them. */
const MAX_PASSWORD_LENGTH = 1024;
/** Most comments one bulk action handles. */
const MAX_NAMES = 2000;
/** Addresses the throttle remembers at most; beyond, the oldest are forgotten. */
const MAX_THROTTLED_ADDRESSES = 10_000;

// ---------------------------------------------------------------------------------------------
// Where the blog lives

interface Place {
  /** The origin of base-url, when it is an http(s) URL. */
  origin: string | undefined;
  /** The path of base-url without a trailing slash ("" at the root). */
  basePath: string;
  /** The base the page's own URLs are written under (by the site's URL scheme): base-url, or "" for blahgd's placeholder. */
  base: string;
  styleUrl: string;
  /** The CSP source allowing the stylesheet. */
  styleSource: string;
  secure: boolean;
}

function placeOf(baseUrl: string): Place {
  const secure = /^https:/i.test(baseUrl);
  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {
    url = undefined;
  }
  if (url && (url.protocol === "http:" || url.protocol === "https:")) {
    const basePath = url.pathname.replace(/\/+$/, "");
    const styleUrl = `${url.origin}${basePath}/style.css`;
    // A CSP source cannot hold these; 'self' is the next best thing.
    const styleSource = /[\s;,']/.test(styleUrl) ? "'self'" : styleUrl;
    return { origin: url.origin, basePath, base: url.origin + basePath, styleUrl, styleSource, secure };
  }
  // A path (`/blog`): links under it, on whatever host the page was asked for.
  // blahgd's default base-url is "example.com": no origin to check against, the site at the root.
  const basePath = baseUrl.startsWith("/") ? baseUrl.replace(/\/+$/, "") : "";
  return { origin: undefined, basePath, base: basePath, styleUrl: `${basePath}/style.css`, styleSource: "'self'", secure };
}

// ---------------------------------------------------------------------------------------------
// Sessions

interface Session {
  id: string;
  expires: number;
}

const COOKIE_VALUE = /^([1-9][0-9]{0,11})\.([A-Za-z0-9_-]{24})\.([A-Za-z0-9_-]{43})$/;

class Sessions {
  /** Logged-out sessions, until they would have expired (a restart forgets them; the cookie is gone by then). */
  private readonly revoked = new Map<string, number>();

  constructor(
    private readonly secret: SiteSecret,
    private readonly passwordHash: string,
  ) {}

  private signature(expires: number, id: string): string {
    return this.secret.sign("admin-session", `${expires}.${id}\n${this.passwordHash}`);
  }

  create(nowSeconds: number): { session: Session; cookie: string } {
    const id = randomBytes(18).toString("base64url");
    const expires = nowSeconds + SESSION_SECONDS;
    return { session: { id, expires }, cookie: `${expires}.${id}.${this.signature(expires, id)}` };
  }

  /** The valid session a Cookie header carries, if any. */
  read(cookieHeader: string | undefined, nowSeconds: number): Session | undefined {
    if (!cookieHeader) return undefined;
    for (const piece of cookieHeader.split(";")) {
      const eq = piece.indexOf("=");
      if (eq < 0 || piece.slice(0, eq).trim() !== SESSION_COOKIE) continue;
      const match = COOKIE_VALUE.exec(piece.slice(eq + 1).trim());
      if (!match) continue;
      const expires = Number(match[1]);
      const id = match[2]!;
      if (expires <= nowSeconds || expires > nowSeconds + SESSION_SECONDS + 60) continue;
      if (!equalInConstantTime(match[3]!, this.signature(expires, id))) continue;
      if (this.revoked.has(id)) continue;
      return { id, expires };
    }
    return undefined;
  }

  csrfToken(session: Session): string {
    return this.secret.sign("admin-csrf", session.id);
  }

  revoke(session: Session, nowSeconds: number): void {
    for (const [id, expires] of this.revoked) if (expires <= nowSeconds) this.revoked.delete(id);
    this.revoked.set(session.id, session.expires);
  }
}

function sessionCookie(value: string, maxAge: number, place: Place): string {
  return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${place.secure ? "; Secure" : ""}`;
}

// ---------------------------------------------------------------------------------------------
// Login throttle

/**
 * The key an address is counted under: IPv4-mapped IPv6 as IPv4, other IPv6
 * by /64 (one host usually has a whole /64 to pick addresses from).
 */
export function throttleKey(address: string | undefined): string {
  if (!address) return "unknown";
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  const plain = address.split("%")[0]!;
  if (!isIPv6(plain)) return address;
  const [head = "", tail] = plain.split("::");
  const groups = (s: string): string[] => (s === "" ? [] : s.split(":"));
  const width = (parts: string[]): number => parts.reduce((n, p) => n + (p.includes(".") ? 2 : 1), 0);
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const all = [...front, ...Array<string>(tail === undefined ? 0 : 8 - width(front) - width(back)).fill("0"), ...back];
  return `${all.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(":")}::/64`;
}

class LoginThrottle {
  /** Times (ms) of recent failed attempts, per key, oldest first. */
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  private recent(key: string, nowMs: number): number[] {
    const times = (this.attempts.get(key) ?? []).filter((t) => t > nowMs - this.windowMs && t <= nowMs);
    if (times.length === 0) this.attempts.delete(key);
    else this.attempts.set(key, times);
    return times;
  }

  /** Seconds until `key` may try again; 0 when it may now. */
  retryAfter(key: string, nowMs: number): number {
    const times = this.recent(key, nowMs);
    if (times.length < this.limit) return 0;
    return Math.max(1, Math.ceil((times[times.length - this.limit]! + this.windowMs - nowMs) / 1000));
  }

  /** Counts an attempt (before the password is checked, so parallel guesses count too). */
  record(key: string, nowMs: number): void {
    const times = this.recent(key, nowMs);
    times.push(nowMs);
    this.attempts.delete(key); // re-inserted last: Map order is then least recently used first
    this.attempts.set(key, times.slice(-this.limit));
    if (this.attempts.size > MAX_THROTTLED_ADDRESSES) {
      for (const k of [...this.attempts.keys()]) this.recent(k, nowMs);
      for (const k of this.attempts.keys()) {
        if (this.attempts.size <= MAX_THROTTLED_ADDRESSES) break;
        this.attempts.delete(k);
      }
    }
  }

  forgive(key: string): void {
    this.attempts.delete(key);
  }
}

// ---------------------------------------------------------------------------------------------
// Responses

function securityHeaders(place: Place): Record<string, string> {
  return {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy":
      `default-src 'none'; style-src ${place.styleSource}; img-src 'self'; form-action 'self'; ` +
      "frame-ancestors 'none'; base-uri 'none'",
    // Not no-referrer: under it browsers send `Origin: null` with form POSTs, which the origin
    // check must refuse. same-origin sends nothing to other sites either.
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex, nofollow",
  };
}

function htmlResponse(status: number, place: Place, html: string, headers: Record<string, string> = {}): BlahgResponse {
  return {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", ...securityHeaders(place), ...headers },
    body: Buffer.from(html),
  };
}

function redirect(place: Place, location: string, headers: Record<string, string> = {}): BlahgResponse {
  const html = `<!DOCTYPE html>\n<title>See other</title>\n<p><a href="${escapeHtml(location)}">Continue</a></p>\n`;
  return htmlResponse(303, place, html, { Location: location, ...headers });
}

function notFound(): BlahgResponse {
  return {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
    body: Buffer.from("Not found.\n"),
  };
}

// ---------------------------------------------------------------------------------------------
// HTML

interface Notice {
  kind: "success" | "error";
  /** HTML (already escaped). */
  html: string;
}

interface PageParts {
  title: string;
  main: string;
  /** The session's CSRF token: shows the log-out button. */
  csrf?: string | undefined;
}

/** A URL of the moderation page, written by the site's URL scheme under the page's base. */
function adminUrl(site: Site, place: Place, route: Omit<AdminRoute, "kind"> = {}): string {
  return site.urls.withBase(place.base).of({ kind: "admin", ...route });
}

function actionUrl(site: Site, place: Place, action: AdminAction): string {
  return adminUrl(site, place, { action });
}

function noticeHtml(notice: Notice | undefined): string {
  if (!notice) return "";
  const role = notice.kind === "error" ? "alert" : "status";
  return `<div class="notice notice-${notice.kind}" role="${role}"><p>${notice.html}</p></div>\n`;
}

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}

function documentHtml(site: Site, place: Place, parts: PageParts): string {
  const siteTitle = site.config.siteTitle;
  const logout =
    parts.csrf === undefined
      ? ""
      : `<li><form method="post" action="${escapeHtml(actionUrl(site, place, "logout"))}">${hidden("csrf", parts.csrf)}` +
        `<button type="submit">Log out</button></form></li>\n`;
  return `<!DOCTYPE html>
<html lang="${escapeHtml(site.config.siteLanguage)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(parts.title)} · ${escapeHtml(siteTitle)}</title>
<link rel="stylesheet" href="${escapeHtml(place.styleUrl)}">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
<div>
<p class="site-title"><a href="${escapeHtml(site.urls.home)}">${escapeHtml(siteTitle)}</a></p>
<p class="site-tagline">Comment moderation</p>
</div>
<nav class="site-nav" aria-label="Moderation">
<ul>
<li><a href="${escapeHtml(site.urls.home)}">Back to the blog</a></li>
${logout}</ul>
</nav>
</header>
<div class="layout">
<main id="main" class="content">
${parts.main}</main>
</div>
</body>
</html>
`;
}

function loginMain(site: Site, place: Place, notice: Notice | undefined, showForm = true): string {
  const form = showForm
    ? `<form class="comment-form" method="post" action="${escapeHtml(actionUrl(site, place, "login"))}">
<p class="field"><label for="admin-password">Password</label> <input type="password" id="admin-password" name="password" autocomplete="current-password" required autofocus></p>
<p class="actions"><button type="submit">Log in</button></p>
</form>
`
    : "";
  return `<header class="page-header">
<h1 class="page-title">Comment moderation</h1>
<p class="page-number">Log in to approve or reject the comments waiting for moderation.</p>
</header>
${noticeHtml(notice)}${form}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** "3 hours ago" for an age in seconds. */
export function relativeAge(seconds: number): string {
  if (!Number.isFinite(seconds)) return "at an unknown time";
  if (seconds < -60) return "in the future";
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${plural(Math.floor(seconds / 60), "minute")} ago`;
  if (seconds < 86400) return `${plural(Math.floor(seconds / 3600), "hour")} ago`;
  return `${plural(Math.floor(seconds / 86400), "day")} ago`;
}

function receivedHtml(time: number, nowSeconds: number): string {
  if (!Number.isFinite(time)) return "unknown";
  const iso = new Date(time * 1000).toISOString(); // 2024-06-01T09:00:00.000Z
  const shown = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  return `<time datetime="${iso.slice(0, 16)}Z">${escapeHtml(relativeAge(nowSeconds - time))}</time> (${shown})`;
}

function isWebUrl(url: string): boolean {
  if (!/^https?:\/\//i.test(url)) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:";
  } catch {
    return false;
  }
}

function orNone(value: string | undefined): string {
  return value ? escapeHtml(value) : "<em>none</em>";
}

/**
 * One form with both buttons (Reject posts to its own action through `formaction`), so they sit
 * side by side; the default (Enter) is Approve.
 */
function moderationForm(site: Site, place: Place, csrf: string, names: readonly string[], labels: [approve: string, reject: string], describedBy?: string): string {
  const fields = names.map((name) => hidden("name", name)).join("");
  const described = describedBy === undefined ? "" : ` aria-describedby="${escapeHtml(describedBy)}"`;
  return (
    `<form class="comment-form moderation-form" method="post" action="${escapeHtml(actionUrl(site, place, "approve"))}">` +
    `${hidden("csrf", csrf)}${fields}<p class="actions"><button type="submit"${described}>${escapeHtml(labels[0])}</button> ` +
    `<button type="submit" formaction="${escapeHtml(actionUrl(site, place, "reject"))}"${described}>${escapeHtml(labels[1])}</button></p></form>`
  );
}

function pendingCommentHtml(site: Site, place: Place, comment: PendingComment, csrf: string, nowSeconds: number): string {
  const { meta, name } = comment;
  const titleId = `pending-${name}-title`;
  const post = site.index.post(comment.postId);
  const postHtml = post
    ? `<a href="${escapeHtml(site.urls.post(comment.postId))}">${escapeHtml(post.title || `post ${comment.postId}`)}</a>`
    : `post ${comment.postId} <em>(not found)</em>`;
  const url = meta.url;
  const website = url && isWebUrl(url) ? `<a href="${escapeHtml(url)}" rel="nofollow noopener noreferrer">${escapeHtml(url)}</a>` : orNone(url);
  return `<li class="comment pending-comment" id="pending-${escapeHtml(name)}">
<article aria-labelledby="${escapeHtml(titleId)}">
<h2 id="${escapeHtml(titleId)}" class="comment-meta"><span class="comment-author">${meta.author ? escapeHtml(meta.author) : "<em>no name</em>"}</span> on ${postHtml}</h2>
<dl>
<dt>Email</dt><dd>${orNone(meta.email)}</dd>
<dt>Website</dt><dd>${website}</dd>
<dt>IP address</dt><dd>${orNone(meta.ip)}</dd>
<dt>Received</dt><dd>${receivedHtml(meta.time, nowSeconds)}</dd>
<dt>Pending name</dt><dd><code>${escapeHtml(name)}</code></dd>
</dl>
<div class="comment-body">
${commentBodyHtml(comment.text)}
</div>
<details><summary>Text as submitted</summary><pre>${escapeHtml(comment.text)}</pre></details>
${moderationForm(site, place, csrf, [name], ["Approve", "Reject"], titleId)}
</article>
</li>
`;
}

function listMain(site: Site, place: Place, comments: readonly PendingComment[], csrf: string, nowSeconds: number, notice: Notice | undefined): string {
  const count = comments.length;
  const summary = count === 0 ? "No comments are waiting for moderation." : `${plural(count, "comment")} waiting for moderation, oldest first.`;
  let html = `<header class="page-header">
<h1 class="page-title">Comment moderation</h1>
<p class="page-number">${summary}</p>
</header>
${noticeHtml(notice)}`;
  if (count >= 2) {
    const names = comments.map((c) => c.name);
    html += `<details class="bulk-actions">
<summary>Approve or reject all ${count} comments</summary>
${moderationForm(site, place, csrf, names, [`Approve all ${count}`, `Reject all ${count}`])}
</details>
`;
  }
  if (count > 0) {
    html += `<ol class="comment-list pending-comments">\n`;
    for (const comment of comments) html += pendingCommentHtml(site, place, comment, csrf, nowSeconds);
    html += `</ol>\n`;
  }
  return html;
}

// ---------------------------------------------------------------------------------------------
// The handler


/** The message of the page a redirect after an action lands on (`?admin=done&msg=...`, see AdminRoute). */
function flashNotice(site: Site, outcome: AdminOutcome | undefined): Notice | undefined {
  const n = outcome?.count ?? 1;
  switch (outcome?.message) {
    case "approved": {
      const postId = outcome.comment?.post;
      const commentId = outcome.comment?.number;
      if (n === 1 && postId !== undefined && commentId !== undefined) {
        const title = site.index.post(postId)?.title ?? `post ${postId}`;
        return {
          kind: "success",
          html: `Approved: it is now <a href="${escapeHtml(site.urls.comment(postId, commentId))}">comment ${commentId} on “${escapeHtml(title)}”</a>.`,
        };
      }
      return { kind: "success", html: `Approved ${plural(n, "comment")}.` };
    }
    case "rejected":
      return { kind: "success", html: `Rejected and deleted ${plural(n, "comment")}.` };
    case "logged-out":
      return { kind: "success", html: "You are logged out." };
    default:
      return undefined;
  }
}

export function createAdminPage(options: AdminPageOptions): AdminPage {
  const { dataDir, log, passwordHash } = options;
  if (!passwordHash) return async () => notFound();
  if (!isPasswordHash(passwordHash)) {
    log.error("admin-password is not a hash made by `blahg passwd`; the moderation page refuses every password");
  }
  const place = placeOf(options.baseUrl);
  const sessions = new Sessions(options.secret, passwordHash);
  const throttle = new LoginThrottle(LOGIN_ATTEMPTS, LOGIN_WINDOW_SECONDS * 1000);

  const page = (site: Site, status: number, parts: PageParts, headers: Record<string, string> = {}): BlahgResponse =>
    htmlResponse(status, place, documentHtml(site, place, parts), headers);

  const loginPage = (site: Site, status: number, notice: Notice | undefined, headers: Record<string, string> = {}, showForm = true): BlahgResponse =>
    page(site, status, { title: "Log in", main: loginMain(site, place, notice, showForm) }, headers);

  const listPage = (site: Site, status: number, session: Session, nowSeconds: number, notice: Notice | undefined): BlahgResponse => {
    const csrf = sessions.csrfToken(session);
    const main = listMain(site, place, listPendingComments(dataDir), csrf, nowSeconds, notice);
    return page(site, status, { title: "Comment moderation", main, csrf });
  };

  const errorPage = (site: Site, status: number, message: string, csrf?: string): BlahgResponse =>
    page(site, status, {
      title: "Comment moderation",
      main: `<header class="page-header">\n<h1 class="page-title">Comment moderation</h1>\n</header>\n${noticeHtml({ kind: "error", html: escapeHtml(message) })}<p><a href="${escapeHtml(adminUrl(site, place))}">Back to the moderation page</a></p>\n`,
      csrf,
    });

  /** Why a POST must be refused as cross-site, or undefined. */
  const crossSite = (request: BlahgRequest): string | undefined => {
    const fetchSite = request.headers["sec-fetch-site"];
    if (fetchSite !== undefined && fetchSite !== "same-origin" && fetchSite !== "none") {
      return `The form was sent from another site (Sec-Fetch-Site: ${fetchSite}).`;
    }
    const origin = request.headers.origin;
    if (origin === undefined) return undefined;
    if (place.origin !== undefined) {
      return origin === place.origin ? undefined : `The form was sent from ${origin}, not from ${place.origin} (the base-url of this blog).`;
    }
    // No usable base-url: the page's own host is the only origin its forms come from.
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    return host !== undefined && host === request.headers.host ? undefined : `The form was sent from ${origin}, another site.`;
  };

  const login = async (request: BlahgRequest, site: Site, form: URLSearchParams, nowMs: number): Promise<BlahgResponse> => {
    const ip = request.remoteAddress;
    const key = throttleKey(ip);
    const wait = throttle.retryAfter(key, nowMs);
    if (wait > 0) {
      log.warn("admin login refused: too many failed attempts", { ip });
      const minutes = Math.ceil(wait / 60);
      const notice = { kind: "error" as const, html: `Too many wrong passwords. Try again in ${plural(minutes, "minute")}.` };
      return loginPage(site, 429, notice, { "Retry-After": String(wait) }, false);
    }
    throttle.record(key, nowMs);
    const password = form.get("password") ?? "";
    const valid = password !== "" && password.length <= MAX_PASSWORD_LENGTH && (await verifyPassword(password, passwordHash));
    if (!valid) {
      log.warn("admin login failed", { ip });
      return loginPage(site, 403, { kind: "error", html: "Wrong password." });
    }
    throttle.forgive(key);
    const { cookie } = sessions.create(Math.floor(nowMs / 1000));
    log.info("admin login", { ip });
    return redirect(place, adminUrl(site, place), { "Set-Cookie": sessionCookie(cookie, SESSION_SECONDS, place) });
  };

  const moderate = (
    request: BlahgRequest,
    site: Site,
    session: Session,
    action: "approve" | "reject",
    form: URLSearchParams,
    nowSeconds: number,
  ): BlahgResponse => {
    const names = [...new Set(form.getAll("name"))].filter((name) => name !== "");
    if (names.length === 0 || names.length > MAX_NAMES) {
      return errorPage(site, 400, names.length === 0 ? "No comment was chosen." : `At most ${MAX_NAMES} comments at a time.`, sessions.csrfToken(session));
    }
    const approved: Approved[] = [];
    const failures: string[] = [];
    let broken = false;
    for (const name of names) {
      try {
        if (action === "approve") {
          const result = approveComment(dataDir, name);
          approved.push(result);
          log.info("comment approved", { name, post: result.postId, comment: result.commentId, ip: request.remoteAddress });
        } else {
          rejectComment(dataDir, name);
          log.info("comment rejected", { name, ip: request.remoteAddress });
        }
      } catch (e) {
        if (e instanceof ModerationError) failures.push(e.message);
        else {
          broken = true;
          log.error(`could not ${action} a comment`, { name, error: e instanceof Error ? e.message : String(e) });
          failures.push(`could not ${action} ${name}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
    const done = names.length - failures.length;
    if (failures.length === 0) {
      const outcome: AdminOutcome = { message: action === "approve" ? "approved" : "rejected", count: done };
      const only = approved[0];
      if (approved.length === 1 && only) outcome.comment = { post: only.postId, number: only.commentId };
      return redirect(place, adminUrl(site, place, { outcome }));
    }
    const doneText = done === 0 ? "" : `${action === "approve" ? "Approved" : "Rejected"} ${plural(done, "comment")}; `;
    const notice: Notice = {
      kind: "error",
      html: escapeHtml(`${doneText}${plural(failures.length, "problem")}: ${failures.join("; ")}.`),
    };
    return listPage(site, broken ? 500 : 409, session, nowSeconds, notice);
  };

  const post = async (request: BlahgRequest, site: Site, action: string, nowMs: number): Promise<BlahgResponse> => {
    const nowSeconds = Math.floor(nowMs / 1000);
    const body = request.body ?? Buffer.alloc(0);
    if (body.length > MAX_FORM_BYTES) return errorPage(site, 413, "The form is too large.");
    const type = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/x-www-form-urlencoded") return errorPage(site, 415, "The form must be sent as application/x-www-form-urlencoded.");
    const foreign = crossSite(request);
    if (foreign !== undefined) {
      log.warn("admin POST from another site refused", { ip: request.remoteAddress, origin: request.headers.origin });
      return errorPage(site, 403, `${foreign} Nothing was changed.`);
    }
    const form = new URLSearchParams(body.toString("utf8"));
    if (action === "login") return login(request, site, form, nowMs);

    const session = sessions.read(request.headers.cookie, nowSeconds);
    if (!session) {
      return loginPage(site, 403, { kind: "error", html: "You are not logged in (or your session has ended), so nothing was changed. Log in and try again." });
    }
    if (!equalInConstantTime(form.get("csrf") ?? "", sessions.csrfToken(session))) {
      log.warn("admin POST without a valid CSRF token refused", { ip: request.remoteAddress });
      return errorPage(site, 403, "This form is not valid for your session (it may come from an older page or another site). Nothing was changed; reload the moderation page and try again.", sessions.csrfToken(session));
    }
    switch (action) {
      case "logout":
        sessions.revoke(session, nowSeconds);
        log.info("admin logout", { ip: request.remoteAddress });
        return redirect(place, adminUrl(site, place, { outcome: { message: "logged-out", count: 1 } }), { "Set-Cookie": sessionCookie("", 0, place) });
      case "approve":
      case "reject":
        return moderate(request, site, session, action, form, nowSeconds);
      default:
        return errorPage(site, 400, "Unknown action.", sessions.csrfToken(session));
    }
  };

  return async (request, site, now) => {
    const nowMs = Number(now / 1_000_000n);
    try {
      // The request handler sends only requests the URL scheme reads as this page; read what it asks for the same way.
      const params = parseQuery(request.query);
      const target = site.urls.scheme.parse(request.path, params === "malformed" ? new Map() : params);
      const route: AdminRoute = target.kind === "admin" ? target : { kind: "admin" };
      if (request.method === "POST") return await post(request, site, route.action ?? "", nowMs);
      if (request.method !== "GET" && request.method !== "HEAD") {
        return htmlResponse(405, place, "<!DOCTYPE html>\n<title>Method not allowed</title>\n<p>Method not allowed.</p>\n", { Allow: "GET, HEAD, POST" });
      }
      const nowSeconds = Math.floor(nowMs / 1000);
      const session = sessions.read(request.headers.cookie, nowSeconds);
      const notice = flashNotice(site, route.outcome);
      const loggedOut = route.outcome?.message === "logged-out";
      if (!session) return loginPage(site, 200, loggedOut ? notice : undefined);
      return listPage(site, 200, session, nowSeconds, loggedOut ? undefined : notice);
    } catch (e) {
      log.error("moderation page failed", { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      return htmlResponse(500, place, "<!DOCTYPE html>\n<title>Error</title>\n<p>Something went wrong; the server log says what.</p>\n");
    }
  };
}
