/** Locations the tests need, resolved from the compiled file in dist/. */

import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** The repository root (tests run from dist/test/...). */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

export const fixturesDir = join(repoRoot, "test", "fixtures");

/** The read-only shared folder next to the repository (spec, conformance cases). */
export const sharedDir = join(repoRoot, "..", "shared");
