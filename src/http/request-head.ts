/**
 * The strict reader of the request heads the fast front answers itself.
 * It recognises a deliberately narrow subset of what node's parser (llhttp)
 * accepts: `GET`/`HEAD`, an origin-form target of visible ASCII, HTTP/1.0 or
 * 1.1, CRLF line ends, token header names with the colon right after them,
 * header values of the bytes llhttp allows, no body framing. Whatever falls
 * outside that subset is "hand-off": node:http reads it and gives llhttp's
 * own answer (a 400, a 431, or a request with a body), so the front can
 * never accept a head llhttp refuses.
 *
 * The reader is a byte state machine that resumes where the last chunk
 * ended, so a head trickling in byte by byte costs linear time, and a prefix
 * that can no longer become an acceptable head is handed off at once (llhttp
 * answers such bytes at once too, rather than waiting for the end of the head).
 */

/** The largest head read here; a larger one goes to node:http, which answers 431. */
export const MAX_HEAD = 16 * 1024;

const CR = 13;
const LF = 10;
const SP = 32;
const HTAB = 9;
const COLON = 58;

/** RFC 9110 tchar: the bytes llhttp allows in a header name. */
const TOKEN = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") TOKEN[c.charCodeAt(0)] = 1;

/** Field value bytes llhttp allows: HTAB, SP, visible ASCII and obs-text (no other controls, no DEL). */
const VALUE = new Uint8Array(256);
VALUE[HTAB] = 1;
for (let b = 0x20; b <= 0xff; b++) if (b !== 0x7f) VALUE[b] = 1;

/** Headers that change how the message is framed or handled: their requests go to node:http. */
const HAND_OFF_HEADERS = new Set(["content-length", "transfer-encoding", "expect", "upgrade"]);

export interface RequestHead {
  method: "GET" | "HEAD";
  /** The raw target (origin form: starts with `/`). */
  target: string;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  minor: 0 | 1;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Bytes the head took, final CRLF included. */
  length: number;
}

const enum State {
  Method,
  Target,
  Version,
  VersionLf,
  LineStart,
  EndLf,
  Name,
  ValueStart,
  Value,
  ValueLf,
}

const GET_SP = Buffer.from("GET ");
const HEAD_SP = Buffer.from("HEAD ");
const VERSION = Buffer.from("HTTP/1.");

/**
 * A resumable reader of one head at the start of a buffer. `read` is given
 * the whole buffer each time (the bytes seen so far plus the new ones).
 */
export class RequestHeadReader {
  private state = State.Method;
  private pos = 0;
  private method: Buffer | undefined;
  private targetEnd = 0;
  private minor: 0 | 1 = 1;
  private mark = 0;
  private name = "";
  private readonly fields: [string, number, number][] = [];

  /** Forgets the head read so far (after a complete one). */
  reset(): void {
    this.state = State.Method;
    this.pos = 0;
    this.method = undefined;
    this.fields.length = 0;
  }

  /** Whether no byte of a head has been read yet. */
  get idle(): boolean {
    return this.pos === 0;
  }

  /**
   * Reads on from where the last call stopped. Returns the head when it is
   * complete, "partial" when more bytes may still make an acceptable head,
   * "hand-off" when they cannot (node:http must read them).
   */
  read(data: Buffer): RequestHead | "partial" | "hand-off" {
    let i = this.pos;
    const end = Math.min(data.length, MAX_HEAD);
    for (; i < end; i++) {
      const b = data[i]!;
      switch (this.state) {
        case State.Method: {
          if (i === 0) this.method = b === 0x47 ? GET_SP : b === 0x48 ? HEAD_SP : undefined;
          const method = this.method;
          if (!method || method[i] !== b) return "hand-off";
          if (i === method.length - 1) {
            this.state = State.Target;
            this.mark = i + 1;
          }
          break;
        }
        case State.Target:
          if (i === this.mark) {
            if (b !== 0x2f) return "hand-off"; // origin form only: `/...`
          } else if (b === SP) {
            this.targetEnd = i;
            this.state = State.Version;
            this.mark = i + 1;
          } else if (b < 0x21 || b > 0x7e) return "hand-off";
          break;
        case State.Version: {
          const at = i - this.mark;
          if (at < VERSION.length) {
            if (VERSION[at] !== b) return "hand-off";
          } else if (b === 0x30 || b === 0x31) {
            this.minor = b === 0x30 ? 0 : 1;
          } else return "hand-off";
          if (at === VERSION.length) this.state = State.VersionLf;
          break;
        }
        case State.VersionLf:
          // CR, then LF on the next byte.
          if (data[i - 1] === CR) {
            if (b !== LF) return "hand-off";
            this.state = State.LineStart;
          } else if (b !== CR) return "hand-off";
          break;
        case State.LineStart:
          if (b === CR) this.state = State.EndLf;
          else if (TOKEN[b]) {
            this.state = State.Name;
            this.mark = i;
          } else return "hand-off"; // obs-fold, a space before the name, a bare LF...
          break;
        case State.EndLf:
          if (b !== LF) return "hand-off";
          return this.complete(data, i + 1);
        case State.Name:
          if (b === COLON) {
            this.name = data.toString("latin1", this.mark, i).toLowerCase();
            if (HAND_OFF_HEADERS.has(this.name)) return "hand-off";
            this.state = State.ValueStart;
          } else if (!TOKEN[b]) return "hand-off"; // a space before the colon, 8-bit bytes...
          break;
        case State.ValueStart:
          if (b === SP || b === HTAB) break;
          this.mark = i;
          this.state = State.Value;
          i--; // read this byte again as the value's first
          break;
        case State.Value:
          if (b === CR) {
            this.fields.push([this.name, this.mark, i]);
            this.state = State.ValueLf;
          } else if (!VALUE[b]) return "hand-off";
          break;
        case State.ValueLf:
          if (b !== LF) return "hand-off";
          this.state = State.LineStart;
          break;
      }
    }
    this.pos = i;
    return i >= MAX_HEAD ? "hand-off" : "partial";
  }

  private complete(data: Buffer, length: number): RequestHead | "hand-off" {
    const headers: Record<string, string> = {};
    for (const [name, start, end] of this.fields) {
      let stop = end;
      while (stop > start && (data[stop - 1] === SP || data[stop - 1] === HTAB)) stop--;
      const value = data.toString("latin1", start, stop);
      const before = headers[name];
      headers[name] = before === undefined ? value : `${before}, ${value}`;
    }
    // node:http answers 400 to an HTTP/1.1 request without Host.
    if (this.minor === 1 && headers.host === undefined) return "hand-off";
    const method = this.method === GET_SP ? "GET" : "HEAD";
    const target = data.toString("latin1", method.length + 1, this.targetEnd);
    return { method, target, minor: this.minor, headers, length };
  }
}
