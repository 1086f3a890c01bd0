import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { hashPassword, isPasswordHash, verifyPassword } from "./password.js";

describe("admin password hashes", () => {
  it("hash a password as scrypt$N$r$p$salt$key with a random salt", async () => {
    const a = await hashPassword("correct horse battery staple");
    const b = await hashPassword("correct horse battery staple");
    assert.match(a, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    assert.notEqual(a, b);
    assert.ok(isPasswordHash(a));
  });

  it("verify the right password and refuse wrong ones", async () => {
    const hash = await hashPassword("correct horse battery staple");
    assert.equal(await verifyPassword("correct horse battery staple", hash), true);
    assert.equal(await verifyPassword("correct horse battery stapl", hash), false);
    assert.equal(await verifyPassword("Correct horse battery staple", hash), false);
    assert.equal(await verifyPassword("", hash), false);
  });

  it("treat the composed and decomposed spellings of a password alike", async () => {
    const hash = await hashPassword("caf\u00e9 au lait");
    assert.equal(await verifyPassword("cafe\u0301 au lait", hash), true);
  });

  it("answer false, never throw, for malformed hashes", async () => {
    const good = await hashPassword("secret password");
    const [, , , , salt, key] = good.split("$");
    const malformed = [
      "",
      "plain text",
      "scrypt$",
      good + "$",
      good.replace("scrypt", "bcrypt"),
      `scrypt$32767$8$1$${salt}$${key}`, // N not a power of two
      `scrypt$1$8$1$${salt}$${key}`,
      `scrypt$1048576$64$16$${salt}$${key}`, // far more memory than allowed
      `scrypt$32768$0$1$${salt}$${key}`,
      `scrypt$32768$8$1$${salt}$not*base64`,
      `scrypt$32768$8$1$${salt}$`,
      `scrypt$32768$8$1$$${key}`,
      `scrypt$32768$8$1$AAAA$${key}`, // salt too short
      `scrypt$0x8000$8$1$${salt}$${key}`,
    ];
    for (const hash of malformed) {
      assert.equal(isPasswordHash(hash), false, hash);
      assert.equal(await verifyPassword("secret password", hash), false, hash);
    }
    assert.equal(await verifyPassword("secret password", undefined as unknown as string), false);
  });

  it("accept other valid parameters, as a hash made with them", async () => {
    // Cheaper parameters a future version (or another tool) might have written.
    const { scryptSync } = await import("node:crypto");
    const salt = Buffer.alloc(16, 7);
    const key = scryptSync("pw pw pw pw", salt, 32, { N: 1024, r: 4, p: 2 });
    const hash = `scrypt$1024$4$2$${salt.toString("base64")}$${key.toString("base64")}`;
    assert.equal(await verifyPassword("pw pw pw pw", hash), true);
    assert.equal(await verifyPassword("pw pw pw p", hash), false);
  });
});
