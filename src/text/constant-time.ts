/** Comparing secrets (preview secrets, signatures, CSRF tokens) without leaking where they differ. */

import { createHash, timingSafeEqual } from "node:crypto";

/** Whether two strings are equal, in time that depends on neither (hashing first hides their lengths too). */
export function equalInConstantTime(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}
