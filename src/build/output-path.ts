/**
 * Where a page's URL lands in the output directory: the URL's path under
 * the site's base, decoded, with `index.html` added to a directory (`/x/`
 * becomes `x/index.html`). A URL a static host could not serve as that file
 * (a query, a path climbing out, another site) has no output path.
 */

/** The path part of `base-url` (`https://host/blog` -> `/blog`, `/blog` -> `/blog`, `` -> ``); undefined when a static copy cannot use it. */
export function basePath(baseUrl: string): string | undefined {
  if (baseUrl === "") return "";
  if (baseUrl.startsWith("/")) return baseUrl.replace(/\/+$/, "");
  if (!/^https?:\/\/[^/?#]/i.test(baseUrl)) return undefined;
  try {
    return new URL(baseUrl).pathname.replace(/\/+$/, "");
  } catch {
    return undefined;
  }
}

/** The output file (relative, `/`-separated) for a URL the site wrote under `base`; undefined if it is none. */
export function outputPathOf(url: string, base: string): string | undefined {
  if (!url.startsWith(base)) return undefined;
  const path = url.slice(base.length);
  if (!path.startsWith("/") || /[?#]/.test(path)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  const file = decoded.endsWith("/") ? `${decoded}index.html` : decoded;
  const segments = file.slice(1).split("/");
  // Control characters would break the manifest's lines (and no host serves them well).
  const unsafe = (s: string): boolean => s === "" || s === "." || s === ".." || s.includes("\\") || /[\x00-\x1f\x7f]/.test(s) || s.startsWith(".blahg-build");
  return segments.some(unsafe) ? undefined : segments.join("/");
}
