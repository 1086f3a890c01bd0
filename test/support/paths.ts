/** Locations the tests need, resolved from the compiled file in dist/. */

import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** The repository root (tests run from dist/test/...). */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

export const fixturesDir = join(repoRoot, "test", "fixtures");

/** The fmt3 conformance cases, copied from blahgd's behavioural spec (`conformance/fmt3`). */
export const conformanceDir = join(fixturesDir, "conformance");
