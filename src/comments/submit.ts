/**
 * Taking a comment from the form (`POST /?comment=1`, blahgd's field names):
 * blahgd's checks in blahgd's order (user agent, a body, the honeypot, the
 * think time, the captcha, e-mail, name, text, website, the post), then
 * blahg's (sizes, a real e-mail and web address, closed posts, a rate limit
 * per address, a cap on the queue), then a durable write to the pending
 * queue and a notification. A rejection is a 4xx with a specific message and
 * the form filled in as it was; success is a 303 back to the post.
 */

import type { BlahgRequest } from "../http/request.js";
import { parseQuery, parseUnsigned } from "../http/query.js";
import type { Logger } from "../log.js";
import { CONTENT_TYPES, type Page } from "../site/pages/page.js";
import { safeLink } from "../site/post-view.js";
import type { Site } from "../site/site.js";
import type { TemplateValue } from "../template/index.js";
import { RateLimiter, type FormTokens } from "./anti-spam.js";
import type { CommentEvent, Notifier } from "./notify.js";
import { countPendingComments, writePendingComment } from "./pending-store.js";

export const LIMITS = { author: 200, email: 254, url: 2048, textBytes: 64 * 1024 } as const;

/** What a visitor is told; deliberately vague where telling more would only help a bot. */
export const MESSAGES = {
  method: "Comments are sent with the form at the bottom of a post.",
  userAgent: "Your browser sent no User-Agent header, so the comment was refused. Please use an ordinary web browser.",
  empty: "The comment form arrived empty. Please try again.",
  generic: "Your comment could not be accepted. If this keeps happening, please contact the owner of this blog.",
  tooFast: "That was quick! Please take a few seconds to read what you wrote, then send it again.",
  tooOld: "This form was loaded too long ago. Your text is kept below: please send it again.",
  captcha: "The sum is not right. Please check the last field and try again.",
  noEmail: "Please give your e-mail address (it is never published).",
  badEmail: "That does not look like an e-mail address.",
  noName: "Please give your name.",
  noText: "Please write a comment.",
  badUrl: "The website must be an address starting with http:// or https://, or nothing.",
  tooLong: (field: string, limit: string) => `The ${field} is too long: at most ${limit}.`,
  noPost: "There is no such post to comment on.",
  closed: "Comments on this post are closed.",
  rate: (minutes: number) => `You have sent many comments in a short time. Please try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
  queueFull: "Too many comments are waiting for moderation right now. Please try again later.",
  storage: "Your comment could not be saved because of a problem on the server. Please try again later.",
} as const;

export interface CommentDeskOptions {
  dataDir: string;
  tokens: FormTokens;
  captcha: readonly [number, number];
  /** Seconds. */
  minThink: number;
  maxThink: number;
  rateLimit: number;
  /**
   * Comments from static pages (`blahg build` with `static-comments`): their
   * form carries `d=static`, not a signed timestamp, so the think time cannot
   * be checked; at most this many per address per hour are taken, beside the
   * usual limit (0: such comments are refused).
   */
  staticRateLimit?: number;
  maxPending: number;
  log: Logger;
  notifier?: Notifier | undefined;
  /** Whether there is a moderation page, whose URL notifications then carry. */
  moderationPage?: boolean | undefined;
}

/** What a static page's comment form carries in `d`, instead of a signed timestamp. */
export const STATIC_FORM_TOKEN = "static";

const EMAIL = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/;

class Rejection {
  constructor(readonly status: number, readonly message: string, readonly reason: string, readonly retryAfter?: number) {}
}

export class CommentDesk {
  private readonly limiter: RateLimiter;
  private readonly staticLimiter: RateLimiter;

  constructor(private readonly options: CommentDeskOptions) {
    this.limiter = new RateLimiter(options.rateLimit);
    this.staticLimiter = new RateLimiter(options.staticRateLimit ?? 0);
  }

  submit(request: BlahgRequest, site: Site, now: bigint): Page {
    const params = request.method === "POST" && request.body && request.body.length > 0 ? parseQuery(request.body.toString("utf8")) : undefined;
    const form = params && params !== "malformed" ? params : new Map<string, string | null>();
    const field = (name: string): string => form.get(name) ?? "";
    try {
      const postId = this.check(request, site, now, params);
      const name = this.save(request, site, now, postId, field);
      this.options.log.info("comment held for moderation", { post: postId, pending: name, remote: request.remoteAddress });
      const location = `${site.urls.of({ kind: "story", format: "html", id: postId, preview: undefined, held: true })}#respond`;
      return { status: 303, contentType: CONTENT_TYPES.html, body: "", location, maxAge: 0, posts: [], listing: false };
    } catch (e) {
      if (!(e instanceof Rejection)) throw e;
      this.options.log.info("comment refused", { reason: e.reason, status: e.status, remote: request.remoteAddress });
      return this.errorPage(site, now, e, field);
    }
  }

  /** blahgd's checks in its order, then blahg's; returns the post id. */
  private check(request: BlahgRequest, site: Site, now: bigint, params: ReturnType<typeof parseQuery> | undefined): number {
    const reject = (status: number, message: string, reason: string, retryAfter?: number): never => {
      throw new Rejection(status, message, reason, retryAfter);
    };
    if (request.method !== "POST") reject(405, MESSAGES.method, "method");
    if (!request.headers["user-agent"]) reject(400, MESSAGES.userAgent, "user-agent");
    if (!request.remoteAddress) reject(400, MESSAGES.generic, "no-address");
    if (params === undefined) reject(400, MESSAGES.empty, "empty");
    if (params === "malformed") reject(400, MESSAGES.generic, "malformed");
    const form = params as Map<string, string | null>;
    const id = parseUnsigned(form.get("i"));
    if (id === undefined || id > 2_147_483_647n) reject(400, MESSAGES.generic, "post-id");
    if (form.get("x") !== "") reject(400, MESSAGES.generic, "honeypot");
    const fromStaticPage = form.get("d") === STATIC_FORM_TOKEN;
    if (fromStaticPage) {
      if ((this.options.staticRateLimit ?? 0) <= 0) reject(400, MESSAGES.generic, "static-form");
    } else {
      const issued = this.options.tokens.verify(form.get("d"));
      if (issued === undefined) reject(400, MESSAGES.generic, "timestamp");
      const think = now - issued!;
      if (think < BigInt(this.options.minThink) * 1_000_000_000n) reject(400, MESSAGES.tooFast, "too-fast");
      if (think > BigInt(this.options.maxThink) * 1_000_000_000n) reject(400, MESSAGES.tooOld, "too-old");
    }
    const sum = parseUnsigned(form.get("v")?.trim());
    if (sum !== BigInt(this.options.captcha[0] + this.options.captcha[1])) reject(400, MESSAGES.captcha, "captcha");
    const email = form.get("e")?.trim();
    if (email === undefined || email === null) reject(400, MESSAGES.generic, "no-email-field");
    if (email === "") reject(400, MESSAGES.noEmail, "no-email");
    if (email!.length > LIMITS.email) reject(400, MESSAGES.tooLong("e-mail address", `${LIMITS.email} characters`), "long-email");
    if (!EMAIL.test(email!)) reject(400, MESSAGES.badEmail, "bad-email");
    const author = form.get("a")?.trim();
    if (author === undefined || author === null) reject(400, MESSAGES.generic, "no-name-field");
    if (author === "") reject(400, MESSAGES.noName, "no-name");
    if (author!.length > LIMITS.author) reject(400, MESSAGES.tooLong("name", `${LIMITS.author} characters`), "long-name");
    const text = form.get("c");
    if (text === undefined || text === null) reject(400, MESSAGES.generic, "no-text-field");
    if (text!.trim() === "") reject(400, MESSAGES.noText, "no-text");
    if (Buffer.byteLength(text!) > LIMITS.textBytes) reject(413, MESSAGES.tooLong("comment", "64 KiB"), "long-text");
    const url = form.get("u");
    if (url === undefined || url === null) reject(400, MESSAGES.generic, "no-url-field");
    if (url!.trim().length > LIMITS.url) reject(400, MESSAGES.tooLong("website address", `${LIMITS.url} characters`), "long-url");
    if (url!.trim() !== "" && safeLink(url!.trim()) === undefined) reject(400, MESSAGES.badUrl, "bad-url");
    const post = site.index.post(Number(id));
    if (!post) reject(404, MESSAGES.noPost, "no-post");
    if (post!.commentsClosed) reject(403, MESSAGES.closed, "closed");
    const wait = this.limiter.take(request.remoteAddress!, Number(now / 1_000_000n));
    if (wait > 0) reject(429, MESSAGES.rate(Math.ceil(wait / 60)), "rate-limit", wait);
    const staticWait = fromStaticPage ? this.staticLimiter.take(request.remoteAddress!, Number(now / 1_000_000n)) : 0;
    if (staticWait > 0) reject(429, MESSAGES.rate(Math.ceil(staticWait / 60)), "static-rate-limit", staticWait);
    if (this.options.maxPending > 0 && countPendingComments(this.options.dataDir) >= this.options.maxPending) {
      reject(503, MESSAGES.queueFull, "queue-full", 600);
    }
    return Number(id);
  }

  private save(request: BlahgRequest, site: Site, now: bigint, postId: number, field: (name: string) => string): string {
    const comment = {
      postId,
      author: field("a").trim(),
      email: field("e").trim(),
      url: field("u").trim(),
      ip: request.remoteAddress!,
      text: field("c"),
    };
    let name: string;
    try {
      name = writePendingComment(this.options.dataDir, comment, now);
    } catch (e) {
      this.options.log.error("a comment could not be saved", { post: postId, error: (e as NodeJS.ErrnoException).code ?? String(e) });
      throw new Rejection(503, MESSAGES.storage, "storage", 60);
    }
    const post = site.index.post(postId)!;
    const event: CommentEvent = {
      name,
      postId,
      postTitle: post.title,
      postUrl: site.urls.post(postId),
      author: comment.author,
      email: comment.email,
      url: comment.url,
      ip: comment.ip,
      time: new Date(Number(now / 1_000_000n)).toISOString(),
      text: comment.text,
      ...(this.options.moderationPage === true && { moderationUrl: site.urls.admin }),
    };
    void this.options.notifier?.notify(event);
    return name;
  }

  /** The comment_error page: the message and the form as it was filled in. */
  private errorPage(site: Site, now: bigint, rejection: Rejection, field: (name: string) => string): Page {
    const id = parseUnsigned(field("i"));
    const post = id !== undefined && id <= 2_147_483_647n ? site.index.post(Number(id)) : undefined;
    const variables: Record<string, TemplateValue> = {
      comment_error_str: rejection.message,
      pagekind: "comment",
      title: "Your comment",
      form_author: field("a"),
      form_email: field("e"),
      form_url: field("u"),
      form_text: field("c"),
    };
    if (post) {
      variables.id = post.id;
      variables.posttitle = post.title;
      variables.returnurl = site.urls.post(post.id);
      if (!post.commentsClosed) variables.showform = 1;
    }
    const body = site.render("html", "comment_error", site.requestScope(now), variables);
    return {
      status: rejection.status,
      contentType: CONTENT_TYPES.html,
      body,
      maxAge: 0,
      posts: [],
      listing: false,
      ...(rejection.retryAfter !== undefined && { retryAfter: rejection.retryAfter }),
    };
  }
}
