/**
 * Counts the work a synchronous function does, deterministically, so that a test can tell linear
 * from quadratic code without a clock (timing belongs in bench/). While the function runs, the
 * built-in operations that scan text or look things up are wrapped and charged: a character read
 * costs 1, a search (`indexOf`, `startsWith`, a regular expression's `exec`, which `replace`,
 * `match`, `split` and `test` go through) costs the characters it passed over, a copy (`slice`)
 * what it copied, and a membership test (`Set#has`, `Map#get`, `Array#includes`) 1 plus, for an
 * array, the elements it looked at. Code that rescans its input or an ever longer stack pays
 * for every pass, whoever wrote it (ours or a library's).
 */

type Method = (this: unknown, ...args: never[]) => unknown;

interface Patch {
  readonly owner: object;
  readonly name: string;
  /** The charge for one call, from its receiver, arguments and result. */
  readonly cost: (self: unknown, args: readonly unknown[], result: unknown) => number;
}

const length = (x: unknown): number => (typeof x === "string" || Array.isArray(x) ? x.length : 0);
const position = (x: unknown, fallback: number): number => (typeof x === "number" && Number.isFinite(x) ? Math.max(0, Math.trunc(x)) : fallback);

/** The characters a forward search passed over: from its start to the end of the match, or to the end. */
function searched(self: unknown, args: readonly unknown[], result: unknown): number {
  const from = position(args[1], 0);
  const found = typeof result === "number" && result >= 0 ? result + length(args[0]) : length(String(self));
  return Math.max(1, found - from);
}

const PATCHES: readonly Patch[] = [
  { owner: String.prototype, name: "charCodeAt", cost: () => 1 },
  { owner: String.prototype, name: "codePointAt", cost: () => 1 },
  { owner: String.prototype, name: "charAt", cost: () => 1 },
  { owner: String.prototype, name: "at", cost: () => 1 },
  { owner: String.prototype, name: "indexOf", cost: searched },
  { owner: String.prototype, name: "includes", cost: searched },
  {
    owner: String.prototype,
    name: "lastIndexOf",
    cost: (self, args, result) => {
      const s = String(self);
      const from = Math.min(position(args[1], s.length), s.length);
      return Math.max(1, from - (typeof result === "number" && result >= 0 ? result : 0));
    },
  },
  { owner: String.prototype, name: "startsWith", cost: (_self, args) => Math.max(1, length(args[0])) },
  { owner: String.prototype, name: "endsWith", cost: (_self, args) => Math.max(1, length(args[0])) },
  { owner: String.prototype, name: "slice", cost: (_self, _args, result) => Math.max(1, length(result)) },
  { owner: String.prototype, name: "substring", cost: (_self, _args, result) => Math.max(1, length(result)) },
  { owner: String.prototype, name: "trim", cost: (self) => Math.max(1, length(String(self))) },
  { owner: Array.prototype, name: "includes", cost: (self) => 1 + length(self) },
  { owner: Array.prototype, name: "indexOf", cost: (self) => 1 + length(self) },
  { owner: Set.prototype, name: "has", cost: () => 1 },
  { owner: Map.prototype, name: "get", cost: () => 1 },
  { owner: Map.prototype, name: "has", cost: () => 1 },
];

/** `exec` is charged from where the search started (`lastIndex` for global and sticky ones) to the end of the match. */
function execCost(regexp: RegExp, input: string, from: number, result: RegExpExecArray | null): number {
  const start = regexp.global || regexp.sticky ? from : 0;
  const end = result === null ? input.length : result.index + result[0].length;
  return Math.max(1, end - start);
}

export interface Counted<T> {
  readonly result: T;
  /** Characters and elements the built-in operations examined while the function ran. */
  readonly work: number;
}

/** Runs `fn` with the built-ins charged as described above; they are restored before this returns. */
export function countWork<T>(fn: () => T): Counted<T> {
  let work = 0;
  let depth = 0; // a built-in calling another (replace calling exec) is charged once, at the top
  const restore: Array<() => void> = [];
  for (const { owner, name, cost } of PATCHES) {
    const original = (owner as Record<string, Method>)[name]!;
    (owner as Record<string, Method>)[name] = function (this: unknown, ...args: never[]): unknown {
      depth++;
      try {
        const result = Reflect.apply(original, this, args);
        if (depth === 1) work += cost(this, args, result);
        return result;
      } finally {
        depth--;
      }
    };
    restore.push(() => ((owner as Record<string, Method>)[name] = original));
  }
  const originalExec = RegExp.prototype.exec;
  RegExp.prototype.exec = function (this: RegExp, input: string): RegExpExecArray | null {
    const from = this.lastIndex;
    const text = String(input);
    depth++;
    try {
      const result = Reflect.apply(originalExec, this, [text]) as RegExpExecArray | null;
      if (depth === 1) work += execCost(this, text, from, result);
      return result;
    } finally {
      depth--;
    }
  };
  restore.push(() => (RegExp.prototype.exec = originalExec));
  try {
    const result = fn();
    return { result, work };
  } finally {
    for (const undo of restore) undo();
  }
}
