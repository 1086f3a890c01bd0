/**
 * A checker for JSON Feed 1.1 (https://jsonfeed.org/version/1.1): the
 * required fields and the type of every field the spec defines. Keys the
 * spec does not name must be extensions (starting with `_`).
 */

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

type Kind = "string" | "url" | "date" | "boolean" | "number" | "strings" | "authors" | "attachments" | "hubs";

const FEED_FIELDS: Record<string, Kind> = {
  version: "string",
  title: "string",
  home_page_url: "url",
  feed_url: "url",
  description: "string",
  user_comment: "string",
  next_url: "url",
  icon: "url",
  favicon: "url",
  authors: "authors",
  language: "string",
  expired: "boolean",
  hubs: "hubs",
};

const ITEM_FIELDS: Record<string, Kind> = {
  id: "string",
  url: "url",
  external_url: "url",
  title: "string",
  content_html: "string",
  content_text: "string",
  summary: "string",
  image: "url",
  banner_image: "url",
  date_published: "date",
  date_modified: "date",
  authors: "authors",
  tags: "strings",
  language: "string",
  attachments: "attachments",
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isUrl(v: unknown): boolean {
  if (typeof v !== "string") return false;
  try {
    new URL(v);
    return true;
  } catch {
    return false;
  }
}

function checkKind(where: string, value: unknown, kind: Kind, problems: string[]): void {
  const fail = (what: string): void => void problems.push(`${where}: ${what}`);
  switch (kind) {
    case "string":
      if (typeof value !== "string") fail("not a string");
      return;
    case "url":
      if (!isUrl(value)) fail(`not an absolute URL: ${JSON.stringify(value)}`);
      return;
    case "date":
      if (typeof value !== "string" || !RFC3339.test(value) || Number.isNaN(Date.parse(value))) fail(`not an RFC 3339 date: ${JSON.stringify(value)}`);
      return;
    case "boolean":
      if (typeof value !== "boolean") fail("not a boolean");
      return;
    case "number":
      if (typeof value !== "number") fail("not a number");
      return;
    case "strings":
      if (!Array.isArray(value) || value.some((s) => typeof s !== "string")) fail("not an array of strings");
      return;
    case "authors":
      if (!Array.isArray(value)) return fail("not an array");
      value.forEach((author, i) => {
        if (!isObject(author)) return void problems.push(`${where}[${i}]: not an object`);
        if (author.name === undefined && author.url === undefined && author.avatar === undefined) problems.push(`${where}[${i}]: needs a name, url or avatar`);
        if (author.name !== undefined) checkKind(`${where}[${i}].name`, author.name, "string", problems);
        if (author.url !== undefined) checkKind(`${where}[${i}].url`, author.url, "url", problems);
        if (author.avatar !== undefined) checkKind(`${where}[${i}].avatar`, author.avatar, "url", problems);
      });
      return;
    case "attachments":
      if (!Array.isArray(value)) return fail("not an array");
      value.forEach((a, i) => {
        if (!isObject(a)) return void problems.push(`${where}[${i}]: not an object`);
        checkKind(`${where}[${i}].url`, a.url, "url", problems);
        checkKind(`${where}[${i}].mime_type`, a.mime_type, "string", problems);
      });
      return;
    case "hubs":
      if (!Array.isArray(value)) return fail("not an array");
      value.forEach((h, i) => {
        if (!isObject(h)) return void problems.push(`${where}[${i}]: not an object`);
        checkKind(`${where}[${i}].type`, h.type, "string", problems);
        checkKind(`${where}[${i}].url`, h.url, "url", problems);
      });
      return;
  }
}

function checkFields(where: string, object: Record<string, unknown>, fields: Record<string, Kind>, problems: string[]): void {
  for (const [key, value] of Object.entries(object)) {
    const kind = fields[key];
    if (key === "items" && fields === FEED_FIELDS) continue;
    if (kind === undefined) {
      if (!key.startsWith("_")) problems.push(`${where}.${key}: not a JSON Feed 1.1 field (extensions start with _)`);
      continue;
    }
    checkKind(`${where}.${key}`, value, kind, problems);
  }
}

/** What is wrong with `feed` as a JSON Feed 1.1 document; empty when nothing is. */
export function jsonFeedProblems(feed: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(feed)) return ["the feed is not an object"];
  if (feed.version !== "https://jsonfeed.org/version/1.1") problems.push(`feed.version: ${JSON.stringify(feed.version)} is not JSON Feed 1.1's`);
  for (const key of ["title", "items"]) if (!(key in feed)) problems.push(`feed.${key}: missing`);
  checkFields("feed", feed, FEED_FIELDS, problems);
  if (!Array.isArray(feed.items)) {
    if ("items" in feed) problems.push("feed.items: not an array");
    return problems;
  }
  const ids = new Set<string>();
  feed.items.forEach((item: unknown, i: number) => {
    const where = `items[${i}]`;
    if (!isObject(item)) return void problems.push(`${where}: not an object`);
    if (!("id" in item)) problems.push(`${where}.id: missing`);
    else if (ids.has(String(item.id))) problems.push(`${where}.id: repeats another item's`);
    ids.add(String(item.id));
    if (item.content_html === undefined && item.content_text === undefined) problems.push(`${where}: needs content_html or content_text`);
    checkFields(where, item, ITEM_FIELDS, problems);
  });
  return problems;
}
