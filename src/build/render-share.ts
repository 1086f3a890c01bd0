/**
 * Renders a share of the site's routes through the site core (renderPage,
 * as the server does) and writes each page whose bytes changed: on this
 * thread in a build thread, through libuv's pool while the next pages
 * render in a one-thread build (see write-output.ts). The share comes in
 * chunks (a build thread's from the main thread's scheduler, as it asks).
 */

import type { Diagnostic } from "../diagnostics.js";
import { renderPage, type PageRoute } from "../site/render-page.js";
import type { LinkRoute } from "../site/route.js";
import type { Site } from "../site/site.js";
import { TaskQueue } from "./task-queue.js";
import type { OutputWriter, WriteOutcome } from "./write-output.js";

/** A route and where its page goes, with the hash an earlier build left there. */
export interface PlannedPage {
  route: LinkRoute;
  path: string;
  known: string | undefined;
}

export interface PageResult {
  path: string;
  hash: string;
  outcome: WriteOutcome;
}

export interface ShareResult {
  pages: PageResult[];
  problems: Diagnostic[];
}

/** Pages rendered but not yet written, at most: enough to keep libuv's four threads busy. */
const WRITES_IN_FLIGHT = 16;

/**
 * `onProgress`: pages done so far, every few pages and at the end.
 * `writeInThread`: write each page on this thread before rendering the next
 * instead of through libuv's thread pool meanwhile.
 */
export async function renderShare(
  site: Site,
  share: Iterable<readonly PlannedPage[]> | AsyncIterable<readonly PlannedPage[]>,
  output: OutputWriter,
  now: bigint,
  onProgress?: (done: number) => void,
  writeInThread = false,
): Promise<ShareResult> {
  const pages: PageResult[] = [];
  const problems: Diagnostic[] = [];
  /** The page's bytes, or undefined (with a problem) when it is not to be written. */
  const render = (planned: PlannedPage): Buffer | undefined => {
    const page = renderPage(site, planned.route as PageRoute, now);
    // The 404 page is a page like the others; any other status means the route should not have been listed.
    if (page.status !== 200 && planned.route.kind !== "not-found") {
      problems.push({ line: 1, column: 1, severity: "warning", code: "build/not-a-page", message: `${planned.path}: the page answered ${page.status}; not written` });
      return undefined;
    }
    return Buffer.from(page.body, "utf8");
  };
  const writes = new TaskQueue(WRITES_IN_FLIGHT);
  let done = 0;
  for await (const chunk of share) {
    for (const planned of chunk) {
      if (writeInThread) {
        const bytes = render(planned);
        if (bytes) pages.push({ path: planned.path, ...output.writeSync(planned.path, bytes, planned.known) });
      } else {
        await writes.add(async () => {
          const bytes = render(planned);
          if (bytes) pages.push({ path: planned.path, ...(await output.write(planned.path, bytes, planned.known)) });
        });
      }
      if (++done % 50 === 0) onProgress?.(done);
    }
  }
  await writes.finish();
  onProgress?.(done);
  return { pages, problems };
}
