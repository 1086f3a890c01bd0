/** The importers by kind of site, for the importing thread and its workers alike. */

import { hugoReader } from "./hugo.js";
import { jekyllReader } from "./jekyll.js";
import type { SiteReader } from "./source-site.js";

export type SourceKind = "jekyll" | "hugo";

export const SITE_READERS: Readonly<Record<SourceKind, SiteReader<unknown, unknown>>> = {
  hugo: hugoReader as SiteReader<unknown, unknown>,
  jekyll: jekyllReader as SiteReader<unknown, unknown>,
};
