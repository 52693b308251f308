// cartstore for Node.js and Electron: the types of index.js. Every operation of the library is
// a method of Store (StoreOperations, generated from the library's table in operations.d.ts).
import type { ErrorBody, Quote } from './types';
import type { StoreOperations } from './operations';

export * from './types';
export type { StoreOperations } from './operations';
export { OPERATIONS } from './operations';

/** The statuses of the C ABI. */
export declare const Status: Readonly<{ OK: 0; ERROR: 1; PANIC: 2; INVALID_ARGUMENT: 3 }>;
/** The ABI version this wrapper was written for. */
export declare const ABI_VERSION: number;
/** Why a token callback is called (CARTSTORE_TOKEN_*). */
export declare const TokenReason: Readonly<{ INITIAL: 0; EXPIRED: 1; REJECTED: 2 }>;

/** A refusal of the library: status 1 (the store's error), 2 (a caught panic) or 3 (an invalid argument). */
export declare class CartstoreError extends Error {
  constructor(status: number, body: ErrorBody);
  readonly status: number;
  /** The error code: a Partner Center order code (800008) or cartstore's own (900002). */
  readonly code: number;
  /** The error's name (`Conflict`). */
  readonly errorName: string;
  /** The description, in the store's locale. */
  readonly description: string;
  /** The error's data (`field` for an invalid argument, `cartId`...). */
  readonly detail: Record<string, unknown> | undefined;
  /** The error JSON as the library returned it (for describeError). */
  readonly body: ErrorBody;
}

/** A misuse of the wrapper itself: a call on a closed store, a string freed twice. */
export declare class MisuseError extends Error {}

/** Options of Store.open. */
export interface OpenOptions {
  /** A BCP 47 tag for error descriptions (default `en`). */
  locale?: string;
  /** The lastModifiedUser of cart changes. */
  user?: string;
  /** How long a write waits for another connection's lock (default 5000). */
  busyTimeoutMs?: number;
  /** A .ftl file or a directory of `<locale>/errors.ftl` (and quote.ftl): the application's own messages. */
  messages?: string;
}

/** An open store, usable from any async code; close it (or `using`) when done. */
export declare class Store {
  /** Opens (creating if needed) the store at `file` (':memory:' for a private one). @throws {CartstoreError} */
  static open(file: string, options?: OpenOptions): Store;
  /** Closes the store; closing again does nothing. */
  close(): void;
  /** Whether close() was called. */
  readonly closed: boolean;
  /**
   * The description of an error in `locale`, with the messages this store was opened with as
   * well as the built-in ones (cartstore_store_describe_error).
   * @throws {CartstoreError} status 3 for something that is not an error cartstore describes.
   */
  describeError(error: CartstoreError | ErrorBody | string, locale: string): string;
  /**
   * A quote as one self-contained HTML document in `locale` ('' for the quote's own), with the
   * labels of the messages this store was opened with (cartstore_store_render_quote).
   * @throws {CartstoreError} status 3 for something that is not a quote.
   */
  renderQuote(quote: Quote | string, locale?: string): string;
}
export declare interface Store extends StoreOperations {}

/** A string returned by the library: read it once, free it once. */
export declare class NativeString {
  constructor(pointer: unknown);
  text(): string | null;
  free(): void;
  take(): string | null;
}

/** Loads the library: `file`, else next to this package, $CARTSTORE_LIB, a workspace's target/, the system's. */
export declare function load(file?: string): unknown;
/** The library's file names on this platform, the versioned one first. */
export declare function libraryNames(): string[];
/** The library's table of exports (cartstore_operations). */
export declare function operations(): { abiVersion: number; operations: unknown[]; functions: unknown[] };
/** The description of an error in `locale`, with the built-in messages (cartstore_describe_error). @throws {CartstoreError} */
export declare function describeError(error: CartstoreError | ErrorBody | string, locale: string): string;
/** A quote as one self-contained HTML document, with the built-in labels (cartstore_render_quote). @throws {CartstoreError} */
export declare function renderQuote(quote: Quote | string, locale?: string): string;
