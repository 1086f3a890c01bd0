/**
 * WXR items as typed records: posts and pages with their comments, terms
 * and dates; attachments; everything else (menu items, revisions, custom
 * types) named by its type. A field that cannot be used is a problem with
 * the item's id and why; only an item without a usable id is refused.
 */

import type { Fields, RawItem } from "./wxr-reader.js";

export type CommentKind = "comment" | "pingback" | "trackback";
export type Approval = "approved" | "pending" | "spam" | "trash";

export interface WxrComment {
  id: number;
  author: string;
  email: string;
  url: string;
  ip: string;
  /** Unix seconds, UTC; undefined when the export has no usable date. */
  time: number | undefined;
  content: string;
  approval: Approval;
  kind: CommentKind;
  /** The comment it answers, 0 for none. */
  parent: number;
}

export interface WxrPost {
  kind: "post" | "page";
  line: number;
  id: number;
  title: string;
  /** The `<link>` the post had, as exported. */
  link: string;
  /** `wp:post_name`, percent-decoded. */
  slug: string;
  status: string;
  /** The parent page's id, 0 for none. */
  parent: number;
  menuOrder: number;
  /** Unix seconds, UTC, from the GMT date (else the local date, else pubDate). */
  time: number | undefined;
  author: string;
  content: string;
  excerpt: string;
  commentsOpen: boolean;
  sticky: boolean;
  /** Behind a password in WordPress. */
  passwordProtected: boolean;
  /** Tags and categories, as their shown names, in export order. */
  tags: string[];
  categories: string[];
  comments: WxrComment[];
}

export interface WxrAttachment {
  kind: "attachment";
  line: number;
  id: number;
  url: string;
  parent: number;
  title: string;
}

/** Any other item type: nav_menu_item, revision, wp_block, a plugin's own. */
export interface WxrOther {
  kind: "other";
  line: number;
  id: number;
  type: string;
}

export type WxrRecord = WxrPost | WxrAttachment | WxrOther;

export interface ItemProblem {
  line: number;
  /** The item's id as the export writes it ("" when it has none). */
  id: string;
  message: string;
}

const MAX_ID = 2_147_483_647;

export function parseId(text: string | undefined): number | undefined {
  const t = (text ?? "").trim();
  if (!/^[0-9]{1,10}$/.test(t)) return undefined;
  const n = Number(t);
  return n > 0 && n <= MAX_ID ? n : undefined;
}

/** `YYYY-MM-DD HH:MM:SS` as UTC seconds; WordPress's `0000-00-00 00:00:00` and impossible dates are undefined. */
export function parseWpDate(text: string | undefined): number | undefined {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\s*$/.exec(text ?? "");
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number) as [number, number, number, number, number, number];
  if (y < 1970 || y > 2099) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return ms / 1000;
}

/** An RSS `pubDate` (RFC 822), as UTC seconds. */
export function parseRssDate(text: string | undefined): number | undefined {
  if (!text || !/\d{4}/.test(text)) return undefined;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms) || ms < 0 || ms >= Date.UTC(2100, 0, 1)) return undefined;
  return Math.floor(ms / 1000);
}

/** Percent-decoding that never throws: a broken escape stays as written. */
export function decodeSlug(slug: string): string {
  try {
    return decodeURIComponent(slug);
  } catch {
    return slug;
  }
}

const field = (fields: Fields, key: string): string => fields.get(key) ?? "";

function readComment(fields: Fields, postId: string, line: number, problems: ItemProblem[]): WxrComment | undefined {
  const rawId = field(fields, "wp:comment_id");
  const id = parseId(rawId);
  if (id === undefined) {
    problems.push({ line, id: postId, message: `a comment has no usable id (${JSON.stringify(rawId.slice(0, 20))}): it is not imported` });
    return undefined;
  }
  const approved = field(fields, "wp:comment_approved").trim();
  const approval: Approval = approved === "1" ? "approved" : approved === "0" ? "pending" : approved === "spam" ? "spam" : "trash";
  const type = field(fields, "wp:comment_type").trim();
  const kind: CommentKind = type === "pingback" || type === "trackback" ? type : "comment";
  const time = parseWpDate(fields.get("wp:comment_date_gmt")) ?? parseWpDate(fields.get("wp:comment_date"));
  if (time === undefined) problems.push({ line, id: postId, message: `comment ${id} has no usable date: it is dated with its post` });
  return {
    id,
    author: field(fields, "wp:comment_author").trim(),
    email: field(fields, "wp:comment_author_email").trim(),
    url: field(fields, "wp:comment_author_url").trim(),
    ip: field(fields, "wp:comment_author_IP").trim(),
    time,
    content: field(fields, "wp:comment_content"),
    approval,
    kind,
    parent: parseId(fields.get("wp:comment_parent")) ?? 0,
  };
}

/** The typed record of a raw item, with what was wrong in it. */
export function toRecord(raw: RawItem): { record?: WxrRecord; problems: ItemProblem[] } {
  const problems: ItemProblem[] = [];
  const f = raw.fields;
  const rawId = field(f, "wp:post_id").trim();
  const type = field(f, "wp:post_type").trim() || "post";
  const id = parseId(rawId);
  if (id === undefined) {
    const what = rawId === "" ? "has no wp:post_id" : `has an unusable wp:post_id ${JSON.stringify(rawId.slice(0, 20))}`;
    problems.push({ line: raw.line, id: rawId, message: `a ${type} item ${what}: it is not imported` });
    return { problems };
  }
  if (type === "attachment") {
    const url = field(f, "wp:attachment_url").trim() || field(f, "guid").trim();
    return { record: { kind: "attachment", line: raw.line, id, url, parent: parseId(f.get("wp:post_parent")) ?? 0, title: field(f, "title").trim() }, problems };
  }
  if (type !== "post" && type !== "page") return { record: { kind: "other", line: raw.line, id, type }, problems };

  const tags: string[] = [];
  const categories: string[] = [];
  for (const c of raw.categories) {
    const name = c.name.trim() || decodeSlug(c.nicename).trim();
    if (name === "") continue;
    if (c.domain === "post_tag" || c.domain === "tag") tags.push(name);
    else if (c.domain === "category" || c.domain === "") categories.push(name);
  }
  const comments: WxrComment[] = [];
  for (const fields of raw.comments) {
    const comment = readComment(fields, rawId, raw.line, problems);
    if (comment) comments.push(comment);
  }
  const time = parseWpDate(f.get("wp:post_date_gmt")) ?? parseWpDate(f.get("wp:post_date")) ?? parseRssDate(f.get("pubDate"));
  const menuOrder = Number(field(f, "wp:menu_order").trim());
  return {
    record: {
      kind: type,
      line: raw.line,
      id,
      title: field(f, "title").trim(),
      link: field(f, "link").trim(),
      slug: decodeSlug(field(f, "wp:post_name").trim()),
      status: field(f, "wp:status").trim() || "publish",
      parent: parseId(f.get("wp:post_parent")) ?? 0,
      menuOrder: Number.isSafeInteger(menuOrder) ? menuOrder : 0,
      time,
      author: field(f, "dc:creator").trim(),
      content: field(f, "content:encoded"),
      excerpt: field(f, "excerpt:encoded").trim(),
      commentsOpen: field(f, "wp:comment_status").trim() !== "closed",
      sticky: field(f, "wp:is_sticky").trim() === "1",
      passwordProtected: field(f, "wp:post_password") !== "",
      tags,
      categories,
      comments,
    },
    problems,
  };
}
