/**
 * Old WordPress URLs: which permalink structure a post's `<link>` follows
 * (`/2013/01/11/hello/` is `/%year%/%monthnum%/%day%/%postname%/`) and the
 * structure most posts used (written to the config); a link that is not
 * where blahg puts its post under it becomes an alias.
 */

export interface LinkedPost {
  id: number;
  /** The slug, percent-decoded. */
  slug: string;
  /** Unix seconds, UTC, as blahg dates the post. */
  time: number | undefined;
  /** WordPress's local date of the post, which its permalinks used; undefined when unknown. */
  localTime: number | undefined;
}

/** The path of a link, percent-decoded where it decodes; undefined for a query-only link (`/?p=12`). */
export function linkPath(link: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link, "http://old.invalid");
  } catch {
    return undefined;
  }
  if (url.pathname === "/" && url.search !== "") return undefined;
  return url.pathname;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment).normalize("NFC").toLowerCase();
  } catch {
    return segment.toLowerCase();
  }
}

const pad = (n: number): string => String(n).padStart(2, "0");

function dateParts(time: number | undefined): string[] | undefined {
  if (time === undefined) return undefined;
  const d = new Date(time * 1000);
  return [String(d.getUTCFullYear()), pad(d.getUTCMonth() + 1), pad(d.getUTCDate()), pad(d.getUTCHours()), pad(d.getUTCMinutes()), pad(d.getUTCSeconds())];
}

const DATE_TAGS = ["%year%", "%monthnum%", "%day%", "%hour%", "%minute%", "%second%"];

/**
 * The structure a path follows for a post, in WordPress's structure tags,
 * or undefined when it names neither the slug nor the id.
 */
export function structureOf(path: string, post: LinkedPost): string | undefined {
  const slug = post.slug.normalize("NFC").toLowerCase();
  let best: { structure: string; tags: number } | undefined;
  // A segment may read as a date part or as the id (`/2013/01/12/` of post 12): every reading is tried, the fullest wins.
  for (const time of [post.localTime, post.time]) {
    if (time === undefined && post.localTime !== undefined) continue;
    for (const datesFirst of [true, false]) {
      const found = readStructure(path, slug, post.id, dateParts(time), datesFirst);
      if (found && (!best || found.tags > best.tags)) best = found;
    }
  }
  return best?.structure;
}

function readStructure(path: string, slug: string, id: number, date: string[] | undefined, datesFirst: boolean): { structure: string; tags: number } | undefined {
  let nextDatePart = 0;
  let named = false;
  let tags = 0;
  const asDate = (text: string): string | undefined => {
    if (!date) return undefined;
    for (let i = nextDatePart; i < date.length; i++) {
      if (text === date[i]) {
        nextDatePart = i + 1;
        return DATE_TAGS[i]!;
      }
    }
    return undefined;
  };
  const segments = path.split("/").map((segment) => {
    const text = decoded(segment);
    if (text === "") return "";
    if (slug !== "" && text === slug) {
      named = true;
      tags++;
      return "%postname%";
    }
    const dated = datesFirst ? asDate(text) : undefined;
    if (dated !== undefined) {
      tags++;
      return dated;
    }
    if (text === String(id)) {
      named = true;
      tags++;
      return "%post_id%";
    }
    const later = datesFirst ? undefined : asDate(text);
    if (later !== undefined) {
      tags++;
      return later;
    }
    return segment;
  });
  return named ? { structure: segments.join("/"), tags } : undefined;
}

/** The structure most of the links follow; undefined when most posts had query links or no two agree. */
export function inferStructure(structures: readonly (string | undefined)[]): string | undefined {
  const counts = new Map<string | undefined, number>();
  for (const s of structures) counts.set(s, (counts.get(s) ?? 0) + 1);
  let best: string | undefined;
  let bestCount = 0;
  for (const [s, n] of counts) {
    if (n > bestCount) {
      best = s;
      bestCount = n;
    }
  }
  return best;
}

/** Whether two paths are the same once percent-decoded (case of escapes and letters aside). */
export function samePath(a: string, b: string): boolean {
  return a.split("/").map(decoded).join("/") === b.split("/").map(decoded).join("/");
}
