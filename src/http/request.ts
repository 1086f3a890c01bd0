/**
 * The one request and response type. The HTTP and SCGI adapters turn what
 * they read into a BlahgRequest and write the BlahgResponse they get back;
 * nothing behind them knows which one carried the request.
 */

export interface BlahgRequest {
  /** Upper-case method. */
  method: string;
  /** The path, percent-decoded (SCGI's DOCUMENT_URI). */
  path: string;
  /** The raw query string, without `?`. */
  query: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  remoteAddress: string | undefined;
  body: Buffer | undefined;
}

export interface BlahgResponse {
  status: number;
  /** Header names as they are sent. */
  headers: Record<string, string>;
  body: Buffer;
}
