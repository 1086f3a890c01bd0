/**
 * The comment form's anti-spam pieces beyond blahgd's: a page-load
 * timestamp signed with the site secret (so a bot cannot pick its own
 * "think time"), a captcha that stays the same across restarts, and a
 * per-address rate limit.
 */

import { equalInConstantTime } from "../text/constant-time.js";
import type { SiteSecret } from "./site-secret.js";

/** `<nanoseconds>.<signature>`: what the form's `d` field carries. */
export class FormTokens {
  constructor(private readonly secret: SiteSecret) {}

  issue(now: bigint): string {
    return `${now}.${this.secret.sign("comment-form", String(now))}`;
  }

  /** The time a token was issued, or undefined when it was not issued here. */
  verify(token: string | null | undefined): bigint | undefined {
    const match = token == null ? null : /^([0-9]{1,20})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return undefined;
    return equalInConstantTime(match[2]!, this.secret.sign("comment-form", match[1]!)) ? BigInt(match[1]!) : undefined;
  }
}

/** The captcha's addends: configured ones, or 1-9 derived from the site secret (stable across restarts). */
export function captchaAddends(secret: SiteSecret, a: number | undefined, b: number | undefined): [number, number] {
  const bytes = secret.derive("captcha");
  return [a ?? 1 + (bytes[0]! % 9), b ?? 1 + (bytes[1]! % 9)];
}

/** At most `limit` events per address per hour; 0 means no limit. */
export class RateLimiter {
  private readonly events = new Map<string, number[]>();

  constructor(private readonly limit: number, private readonly windowMs = 3_600_000) {}

  /** Records an attempt; returns 0 when allowed, else the seconds until the next one would be. */
  take(address: string, nowMs: number): number {
    if (this.limit <= 0) return 0;
    const recent = (this.events.get(address) ?? []).filter((t) => t > nowMs - this.windowMs);
    if (recent.length >= this.limit) {
      this.events.set(address, recent);
      return Math.max(1, Math.ceil((recent[0]! + this.windowMs - nowMs) / 1000));
    }
    recent.push(nowMs);
    this.events.set(address, recent);
    if (this.events.size > 10_000) this.prune(nowMs);
    return 0;
  }

  private prune(nowMs: number): void {
    for (const [address, times] of this.events) if (times.every((t) => t <= nowMs - this.windowMs)) this.events.delete(address);
  }
}
