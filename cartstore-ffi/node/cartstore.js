'use strict';
// cartstore for Node.js and Electron: a thin wrapper over the C ABI (libcartstore_ffi) with
// koffi, no compiler needed. Each operation of the library is a method of Store (camelCase),
// taking the same arguments (objects for JSON arguments) and returning the parsed result JSON;
// a refusal throws a CartstoreError carrying code, errorName and description.

const fs = require('node:fs');
const path = require('node:path');
const koffi = require('koffi');

/** The statuses of the C ABI. */
const Status = Object.freeze({ OK: 0, ERROR: 1, PANIC: 2, INVALID_ARGUMENT: 3 });

/** The ABI version this wrapper was written for. */
const ABI_VERSION = 1;

/**
 * The operations of the C ABI: export name (without `cartstore_`) -> argument kinds ('str',
 * 'json' or 'i64'), one line each (a new operation of the library is one line here).
 */
const OPERATIONS = {
  import_catalog: ['json'],
  catalog_item: ['str'],
  list_catalog: [],
  create_cart: ['str', 'json'],
  get_cart: ['str', 'str'],
  update_cart: ['str', 'json'],
  list_carts: ['str'],
  delete_cart: ['str', 'str'],
  checkout: ['str', 'str'],
  checkout_with_request_id: ['str', 'str', 'str'],
  checkout_json: ['str', 'str', 'str'],
  preview_checkout: ['str', 'str'],
  get_order: ['str', 'str'],
  list_orders: ['str', 'json'],
  cancel_order: ['str', 'str'],
  provisioning_status: ['str', 'str'],
  record_provisioning: ['str', 'str', 'i64', 'str'],
  issue_quote: ['str', 'str', 'json'],
  get_quote: ['str', 'str'],
  list_quotes: ['str'],
};

/** Operations whose result is returned as the JSON text itself (the stored bytes). */
const RAW = new Set(['checkout_json']);

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

function candidates() {
  const list = [];
  if (process.env.CARTSTORE_LIB) list.push(process.env.CARTSTORE_LIB);
  for (const profile of ['debug', 'release']) {
    list.push(path.join(__dirname, '..', '..', 'target', profile, 'libcartstore_ffi.so'));
  }
  return list;
}

/** Loads the library: `file`, else $CARTSTORE_LIB, else the workspace's target/, else the system's. */
function load(file) {
  if (lib) return lib;
  const found = file || candidates().find((f) => fs.existsSync(f)) || 'libcartstore_ffi.so.1';
  lib = koffi.load(found);
  fns.abi_version = lib.func('uint32_t cartstore_abi_version(void)');
  fns.open = lib.func('int32_t cartstore_open(const char *path, const char *options_json, _Out_ void **out_store, _Out_ void **out_error)');
  fns.close = lib.func('void cartstore_close(void *store)');
  fns.string_free = lib.func('void cartstore_string_free(void *text)');
  fns.describe_error = lib.func('int32_t cartstore_describe_error(const char *error_json, const char *locale, _Out_ void **out_text)');
  fns.render_quote = lib.func('int32_t cartstore_render_quote(const char *quote_json, const char *locale, _Out_ void **out_html)');
  for (const [name, kinds] of Object.entries(OPERATIONS)) {
    const params = kinds.map((k, i) => (k === 'i64' ? `int64_t a${i}` : `const char *a${i}`));
    const signature = ['void *store', ...params, '_Out_ void **out_json', '_Out_ void **out_error'].join(', ');
    fns[name] = lib.func(`int32_t cartstore_${name}(${signature})`);
  }
  const version = fns.abi_version();
  if (version !== ABI_VERSION) {
    throw new MisuseError(`cartstore: the library implements ABI ${version}, this wrapper ABI ${ABI_VERSION}`);
  }
  return lib;
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

function camel(name) {
  return name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
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

  call(name, args) {
    if (this.handle === null) throw new MisuseError(`cartstore: ${camel(name)} on a closed store`);
    const kinds = OPERATIONS[name];
    const values = kinds.map((kind, i) => {
      const value = args[i];
      if (kind === 'json' && value !== null && value !== undefined && typeof value !== 'string') return JSON.stringify(value);
      return value === undefined ? null : value;
    });
    const out = [null];
    const error = [null];
    const status = fns[name](this.handle, ...values, out, error);
    if (status !== Status.OK) fail(status, error[0]);
    const text = new NativeString(out[0]).take();
    return RAW.has(name) ? text : JSON.parse(text);
  }
}

for (const [name, kinds] of Object.entries(OPERATIONS)) {
  Store.prototype[camel(name)] = function (...args) {
    if (args.length !== kinds.length) {
      throw new TypeError(`cartstore: ${camel(name)} takes ${kinds.length} argument(s), not ${args.length}`);
    }
    return this.call(name, args);
  };
}
if (typeof Symbol.dispose === 'symbol') {
  Store.prototype[Symbol.dispose] = function () {
    this.close();
  };
}

/** The description of an error (a CartstoreError, or its JSON body) in `locale`. */
function describeError(error, locale) {
  load();
  const body = error instanceof CartstoreError ? error.body : error;
  const out = [null];
  const status = fns.describe_error(typeof body === 'string' ? body : JSON.stringify(body), locale, out);
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

module.exports = { Store, CartstoreError, MisuseError, NativeString, Status, OPERATIONS, ABI_VERSION, load, describeError, renderQuote };
