/**
 * Variable scopes: a stack of frames (plain records), searched innermost
 * first. The caller builds scope 0 (request-wide variables) once and pushes
 * a page frame on a cheap child; foreach pushes one frame per element during
 * a render. Templates never write variables, so frames given by the caller
 * are used by reference and only copied when the caller `set`s into them.
 */

import type { TemplateMap, TemplateValue } from "./value.js";

/** Frames this module created, which `set` may therefore write. */
const ownedFrames = new WeakSet<object>();

function newFrame(): Record<string, TemplateValue> {
  const f = Object.create(null) as Record<string, TemplateValue>;
  ownedFrames.add(f);
  return f;
}

export class TemplateScope {
  private readonly stack: TemplateMap[];

  /** A scope of `frames`, outermost first; with none, one empty frame. */
  constructor(...frames: TemplateMap[]) {
    this.stack = frames.length > 0 ? frames : [newFrame()];
  }

  /** The frames, outermost first. */
  get frames(): readonly TemplateMap[] {
    return this.stack;
  }

  get depth(): number {
    return this.stack.length;
  }

  /** Pushes `frame` (by reference) or a new empty frame; returns this scope. */
  push(frame?: TemplateMap): this {
    this.stack.push(frame ?? newFrame());
    return this;
  }

  /** Removes and returns the innermost frame. */
  pop(): TemplateMap | undefined {
    return this.stack.pop();
  }

  /**
   * A new scope over the same outer frames (shared, not copied) plus
   * `frame` or a new empty one: the way to add a page scope to a
   * request-wide scope 0 without touching it.
   */
  child(frame?: TemplateMap): TemplateScope {
    return new TemplateScope(...this.stack, frame ?? newFrame());
  }

  /** The value of `name` in the innermost frame that sets it. */
  get(name: string): TemplateValue | undefined {
    return lookupVariableGuarded(this.stack, name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /**
   * Sets `name` in the innermost frame, as blahgd does. A frame the caller
   * passed in is copied first, so the caller's object is never modified.
   */
  set(name: string, value: TemplateValue): this {
    const last = this.stack.length - 1;
    let top = this.stack[last];
    if (top === undefined || !ownedFrames.has(top)) {
      const copy = newFrame();
      if (top !== undefined) Object.assign(copy, top);
      if (last < 0) this.stack.push(copy);
      else this.stack[last] = copy;
      top = copy;
    }
    (top as Record<string, TemplateValue>)[name] = value;
    return this;
  }
}

/**
 * Innermost-first lookup for names that no `Object.prototype` property
 * has, the fast path: a frame's prototype can never answer for them.
 */
export function lookupVariable(frames: readonly TemplateMap[], name: string): TemplateValue | undefined {
  for (let i = frames.length - 1; i >= 0; i--) {
    const v = frames[i]![name];
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Lookup that ignores inherited properties (`constructor`, `toString`…). */
export function lookupVariableGuarded(frames: readonly TemplateMap[], name: string): TemplateValue | undefined {
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i]!;
    if (Object.hasOwn(f, name)) {
      const v = f[name];
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

/** The lookup function that is correct and fastest for `name`. */
export function lookupFor(name: string): (frames: readonly TemplateMap[], name: string) => TemplateValue | undefined {
  return name in Object.prototype ? lookupVariableGuarded : lookupVariable;
}
