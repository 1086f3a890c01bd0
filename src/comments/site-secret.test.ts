import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSiteSecret, SECRET_FILE } from "./site-secret.js";

const dir = mkdtempSync(join(tmpdir(), "blahg-secret-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("the site secret", () => {
  it("is created once, readable by the owner only, and read back the same", () => {
    const a = loadSiteSecret(dir);
    const b = loadSiteSecret(dir);
    assert.equal(a.sign("p", "m"), b.sign("p", "m"));
    assert.match(readFileSync(join(dir, SECRET_FILE), "utf8"), /^[0-9a-f]{64}\n$/);
    assert.equal(statSync(join(dir, SECRET_FILE)).mode & 0o777, 0o600);
  });
  it("signs differently for different purposes", () => {
    const secret = loadSiteSecret(dir);
    assert.notEqual(secret.sign("a", "m"), secret.sign("b", "m"));
  });
});
