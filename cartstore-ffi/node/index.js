'use strict';
// cartstore for Node.js and Electron: a thin wrapper over the C ABI (libcartstore_ffi) with
// koffi, no compiler needed. Each operation of the library is a method of Store (camelCase,
// generated from the library's table: operations.js, typed in operations.d.ts), taking the
// same arguments (objects for JSON arguments) and returning the parsed result JSON; a refusal
// throws a CartstoreError carrying code, errorName and description. Types: index.d.ts.

const fs = require('node:fs');
const path = require('node:path');
const koffi = require('koffi');

/** The statuses of the C ABI. */
const Status = Object.freeze({ OK: 0, ERROR: 1, PANIC: 2, INVALID_ARGUMENT: 3 });

/** The ABI version this wrapper was written for. */
const ABI_VERSION = 1;

/** Why a token callback is called (CARTSTORE_TOKEN_*). */
const TokenReason = Object.freeze({ INITIAL: 0, EXPIRED: 1, REJECTED: 2 });

/** The operations of the C ABI, generated from its table (operations.js). */
const { OPERATIONS } = require('./operations');

/** A refusal of the library: status 1 (the store's error), 2 (a caught panic) or 3 (an invalid argument). */
class CartstoreError extends Error {
  constructor(status, body) {
    super(body.description);
    this.name = 'CartstoreError';
    this.status = status;
    this.code = body.code;
    this.errorName = body.errorName;
    this.description = body.description;
    this.detail = body.detail;
    /** The error JSON as the library returned it (for describeError). */
    this.body = body;
  }
}

/** A misuse of the wrapper itself: a call on a closed store, a string freed twice. */
class MisuseError extends Error {
  constructor(message) {
    super(message);
    this.name = 'MisuseError';
  }
}

let lib = null;
const fns = {};

/** The library's file names on this platform, the versioned one first. */
function libraryNames() {
  if (process.platform === 'win32') return ['cartstore_ffi.dll'];
  if (process.platform === 'darwin') return [`libcartstore_ffi.${ABI_VERSION}.dylib`, 'libcartstore_ffi.dylib'];
  return [`libcartstore_ffi.so.${ABI_VERSION}`, 'libcartstore_ffi.so'];
}

function candidates() {
  const list = libraryNames().map((name) => path.join(__dirname, name));
  if (process.env.CARTSTORE_LIB) list.push(process.env.CARTSTORE_LIB);
  // A checkout of the repository: the workspace's target/ (cartstore-ffi/node/).
  for (const profile of ['debug', 'release', 'dist']) {
    for (const name of libraryNames()) list.push(path.join(__dirname, '..', '..', 'target', profile, name));
  }
  return list;
}

/**
 * Loads the library: `file`, else the first that exists of: next to this package,
 * $CARTSTORE_LIB, a workspace's target/; else the system's (the dynamic loader's search path).
 */
function load(file) {
  if (lib) return lib;
  const found = file || candidates().find((f) => fs.existsSync(f)) || libraryNames()[0];
  lib = koffi.load(found);
  fns.abi_version = lib.func('uint32_t cartstore_abi_version(void)');
  fns.operations = lib.func('int32_t cartstore_operations(_Out_ void **out_json)');
  fns.open = lib.func('int32_t cartstore_open(const char *path, const char *options_json, _Out_ void **out_store, _Out_ void **out_error)');
  fns.close = lib.func('void cartstore_close(void *store)');
  fns.string_free = lib.func('void cartstore_string_free(void *text)');
  fns.describe_error = lib.func('int32_t cartstore_describe_error(const char *error_json, const char *locale, _Out_ void **out_text)');
  fns.store_describe_error = lib.func('int32_t cartstore_store_describe_error(void *store, const char *error_json, const char *locale, _Out_ void **out_text)');
  fns.render_quote = lib.func('int32_t cartstore_render_quote(const char *quote_json, const char *locale, _Out_ void **out_html)');
  fns.store_render_quote = lib.func('int32_t cartstore_store_render_quote(void *store, const char *quote_json, const char *locale, _Out_ void **out_html)');
  // The token callback; its result is a plain pointer: the wrapper allocates and frees the bytes.
  fns.TokenCallback = koffi.proto('void *TokenCallback(void *user_data, int32_t reason, const char *claims_challenge)');
  const types = { int64: 'int64_t', callback: 'TokenCallback *', pointer: 'void *' };
  for (const [name, op] of Object.entries(OPERATIONS)) {
    const params = op.kinds.map((k, i) => `${types[k] || 'const char *'} a${i}`);
    const signature = ['void *store', ...params, '_Out_ void **out_json', '_Out_ void **out_error'].join(', ');
    fns[name] = lib.func(`int32_t ${op.export}(${signature})`);
  }
  const version = fns.abi_version();
  if (version !== ABI_VERSION) {
    throw new MisuseError(`cartstore: the library implements ABI ${version}, this wrapper ABI ${ABI_VERSION}`);
  }
  return lib;
}

/** The library's table of exports (cartstore_operations): operations, parameters, result types, docs. */
function operations() {
  load();
  const out = [null];
  const status = fns.operations(out);
  const text = new NativeString(out[0]).take();
  if (status !== Status.OK) throw new CartstoreError(status, JSON.parse(text));
  return JSON.parse(text);
}

/** A string returned by the library: read it once, free it once. */
class NativeString {
  constructor(pointer) {
    this.pointer = pointer;
    this.freed = false;
  }

  /** Its text (null for a NULL pointer). */
  text() {
    if (this.freed) throw new MisuseError('cartstore: the string was already freed');
    return this.pointer ? koffi.decode(this.pointer, 'char', -1) : null;
  }

  /** Frees it; a second free throws instead of corrupting the heap. */
  free() {
    if (this.freed) throw new MisuseError('cartstore: the string was already freed');
    this.freed = true;
    if (this.pointer) fns.string_free(this.pointer);
  }

  /** Its text, then freed. */
  take() {
    const text = this.text();
    this.free();
    return text;
  }
}

function fail(status, error) {
  const text = new NativeString(error).take();
  throw new CartstoreError(status, text ? JSON.parse(text) : { code: 0, errorName: 'Unknown', description: `status ${status}` });
}

/** An open store. Use from any async code; close it (or `using`) when done. */
class Store {
  /**
   * Opens (creating if needed) the store at `file` (':memory:' for a private one).
   * `options`: { locale, user, busyTimeoutMs, messages }.
   */
  static open(file, options = {}) {
    load();
    const store = [null];
    const error = [null];
    const status = fns.open(file, JSON.stringify(options), store, error);
    if (status !== Status.OK) fail(status, error[0]);
    return new Store(store[0]);
  }

  constructor(handle) {
    this.handle = handle;
  }

  /** Closes the store; closing again does nothing. */
  close() {
    if (this.handle !== null) {
      fns.close(this.handle);
      this.handle = null;
    }
  }

  get closed() {
    return this.handle === null;
  }

  live(what) {
    if (this.handle === null) throw new MisuseError(`cartstore: ${what} on a closed store`);
    return this.handle;
  }

  /**
   * The description of an error in `locale`, with the messages this store was opened with
   * (`messages`) as well as the built-in ones (cartstore_store_describe_error).
   */
  describeError(error, locale) {
    const handle = this.live('describeError');
    const out = [null];
    const status = fns.store_describe_error(handle, errorText(error), locale, out);
    const text = new NativeString(out[0]).take();
    if (status !== Status.OK) throw new CartstoreError(status, JSON.parse(text));
    return text;
  }

  /**
   * A quote as one self-contained HTML document in `locale` ('' for the quote's own), with the
   * labels of the messages this store was opened with (cartstore_store_render_quote).
   */
  renderQuote(quote, locale = '') {
    const handle = this.live('renderQuote');
    const out = [null];
    const status = fns.store_render_quote(handle, typeof quote === 'string' ? quote : JSON.stringify(quote), locale, out);
    const text = new NativeString(out[0]).take();
    if (status !== Status.OK) throw new CartstoreError(status, JSON.parse(text));
    return text;
  }

  call(name, args) {
    const op = OPERATIONS[name];
    this.live(op.method);
    const thunks = [];
    let given = 0;
    const values = op.kinds.map((kind) => {
      if (kind === 'pointer') return null; // a callback's user_data: the closure holds it
      const value = args[given++];
      if (kind === 'callback') {
        if (typeof value !== 'function') return null; // NULL: refused by the library (status 3)
        const thunk = new TokenThunk(value);
        thunks.push(thunk);
        return thunk.callback;
      }
      if (kind === 'json' && value !== null && value !== undefined && typeof value !== 'string') return JSON.stringify(value);
      return value === undefined ? null : value;
    });
    const out = [null];
    const error = [null];
    let status;
    try {
      status = fns[name](this.handle, ...values, out, error);
    } finally {
      for (const thunk of thunks) thunk.release();
    }
    if (status !== Status.OK) fail(status, error[0]);
    const text = new NativeString(out[0]).take();
    return op.raw ? text : JSON.parse(text);
  }
}

/**
 * A token source `(reason, claimsChallenge) => string | null` as the C callback, for one call
 * (called synchronously, on this thread): the bytes of the token it last returned live in
 * native memory until the next call of the callback or the end of the operation. An exception
 * in it counts as no token (the submission pauses in pausedAuth); it never unwinds into the library.
 */
class TokenThunk {
  constructor(source) {
    this.source = source;
    this.token = null;
    this.callback = (userData, reason, claims) => {
      this.release();
      let token;
      try {
        token = this.source(reason, claims);
      } catch {
        return null;
      }
      if (typeof token !== 'string') return null;
      const bytes = Buffer.from(`${token}\0`, 'utf8');
      this.token = koffi.alloc('uint8_t', bytes.length);
      koffi.encode(this.token, koffi.array('uint8_t', bytes.length), Array.from(bytes));
      return this.token;
    };
  }

  /** Frees the last token's native copy (overwritten first). */
  release() {
    if (this.token !== null) {
      const length = koffi.decode(this.token, 'char', -1).length;
      koffi.encode(this.token, koffi.array('uint8_t', length), new Array(length).fill(0));
      koffi.free(this.token);
      this.token = null;
    }
  }
}

for (const [name, op] of Object.entries(OPERATIONS)) {
  const arity = op.kinds.filter((k) => k !== 'pointer').length;
  Store.prototype[op.method] = function (...args) {
    if (args.length !== arity) {
      throw new TypeError(`cartstore: ${op.method} takes ${arity} argument(s), not ${args.length}`);
    }
    return this.call(name, args);
  };
}
if (typeof Symbol.dispose === 'symbol') {
  Store.prototype[Symbol.dispose] = function () {
    this.close();
  };
}

function errorText(error) {
  const body = error instanceof CartstoreError ? error.body : error;
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/** The description of an error (a CartstoreError, or its JSON body) in `locale`, with the built-in messages. */
function describeError(error, locale) {
  load();
  const out = [null];
  const status = fns.describe_error(errorText(error), locale, out);
  if (status !== Status.OK) fail(status, out[0]);
  return new NativeString(out[0]).take();
}

/** A quote (as issueQuote or getQuote returned it) as one self-contained HTML document in
 * `locale` ('' for the quote's own language). */
function renderQuote(quote, locale = '') {
  load();
  const out = [null];
  const status = fns.render_quote(typeof quote === 'string' ? quote : JSON.stringify(quote), locale, out);
  if (status !== Status.OK) fail(status, out[0]);
  return new NativeString(out[0]).take();
}

module.exports = {
  Store, CartstoreError, MisuseError, NativeString, Status, TokenReason, OPERATIONS, ABI_VERSION, load, libraryNames, operations, describeError, renderQuote,
};
