'use strict';
// The binding scenario against the freshly built library ($CARTSTORE_LIB), run by
// `node --test test/` (driven from cargo test: cartstore-ffi/tests/bindings.rs).
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const cartstore = require('..');
const { Store, CartstoreError, MisuseError, NativeString, Status, describeError, renderQuote, OPERATIONS, load, operations } = cartstore;

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples');
const CATALOG = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'catalog.json'), 'utf8'));
const NEW_CART = { lineItems: [{ catalogItemId: 'CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5', quantity: 5, termDuration: 'P1Y', billingCycle: 'monthly' }] };

function tempStore(options = { locale: 'en' }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cartstore-node-'));
  return { dir, store: Store.open(path.join(dir, 'store.db'), options) };
}

test('the scenario: the whole product', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cartstore-node-'));
  try {
    require('../scenario').run(cartstore, EXAMPLES, work);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('the conflict described in Japanese, the quote rendered with the built-in labels', () => {
  const { dir, store } = tempStore({ locale: 'en', user: 'node-test' });
  try {
    assert.strictEqual(store.importCatalog(CATALOG), null);
    const cart = store.createCart('customer-1', NEW_CART);
    let error;
    try {
      store.updateCart('customer-1', { ...cart, lastModifiedTimestamp: '2020-01-01T00:00:00Z' });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof CartstoreError);
    assert.strictEqual(error.status, Status.ERROR);
    assert.strictEqual(error.code, 900002);
    const ja = describeError(error, 'ja-JP');
    assert.match(ja, /カート/);
    assert.ok(ja.includes(cart.id));
    const quote = store.issueQuote('customer-1', cart.id, {});
    assert.deepStrictEqual(store.listQuotes('customer-1').map((q) => q.quoteNumber), [quote.quoteNumber]);
    assert.match(renderQuote(quote, 'ja'), /見積/);
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('misuse is a clear error, never a crash', () => {
  const store = Store.open(':memory:');
  store.close();
  store.close();
  assert.throws(() => store.listCarts('customer-1'), (e) => e instanceof MisuseError && /closed store/.test(e.message));

  const live = Store.open(':memory:');
  assert.throws(() => live.getCart('customer-1'), TypeError);
  // A string freed twice.
  load();
  const describe = new NativeString(null);
  describe.free();
  assert.throws(() => describe.free(), /already freed/);
  // Bad arguments reach the library and come back as status 3 naming the argument.
  for (const [call, field] of [
    [() => live.getCart(null, 'x'), 'customer'],
    [() => live.createCart('customer-1', '{"lineItems": ['), 'new_cart'],
    [() => live.listOrders('customer-1', '{"pageSize": "ten"}'), 'query'],
    [() => live.recordProvisioning('customer-1', 'o-1', 0, 'shipped'), 'status'],
  ]) {
    assert.throws(call, (e) => e instanceof CartstoreError && e.status === Status.INVALID_ARGUMENT && e.code === 800002 && e.detail.field === field);
  }
  assert.throws(() => describeError({ code: 1 }, 'en'), (e) => e.status === Status.INVALID_ARGUMENT);
  assert.throws(() => Store.open(':memory:', { colour: 'blue' }), (e) => e.status === Status.INVALID_ARGUMENT);
  live.close();
});

test('the wrapper has every operation of the library it loads, documented', () => {
  const table = operations();
  const library = Object.fromEntries(table.operations.map((op) => [op.name, op.parameters.map((p) => p.type)]));
  assert.deepStrictEqual(library, Object.fromEntries(Object.entries(OPERATIONS).map(([name, op]) => [name, op.kinds])));
  for (const op of Object.values(OPERATIONS)) assert.strictEqual(typeof Store.prototype[op.method], 'function', op.method);
  const dts = fs.readFileSync(path.join(__dirname, '..', 'operations.d.ts'), 'utf8');
  for (const op of Object.values(OPERATIONS)) assert.match(dts, new RegExp(`\\* Calls \`${op.export}\`\\.\\n[^\\n]*\\n\\s*\\*/\\n\\s*${op.method}\\(`));
});

test('a store describes errors with its own messages; closed, it refuses', () => {
  const store = Store.open(':memory:', { messages: path.join(EXAMPLES, 'messages') });
  const body = { code: 800064, detail: { cartId: 'c-1' } };
  assert.strictEqual(store.describeError(body, 'de'), 'Der Warenkorb c-1 wird gerade von einer anderen Anfrage verarbeitet.');
  assert.notStrictEqual(describeError(body, 'de'), store.describeError(body, 'de'));
  store.close();
  assert.throws(() => store.describeError(body, 'de'), MisuseError);
});

test('submit takes a function for the token; none pauses the submission', () => {
  const customer = '9f2c3e55-8f2e-4c1b-9d2a-3b3c5d6e7f80';
  const unreachable = 'http://127.0.0.1:9'; // never contacted: without a token nothing is sent
  const { dir, store } = tempStore();
  try {
    store.importCatalog(CATALOG);
    const cart = store.createCart(customer, NEW_CART);
    assert.throws(() => store.submit(customer, cart.id, unreachable, null),
      (e) => e instanceof CartstoreError && e.status === Status.INVALID_ARGUMENT && e.detail.field === 'token');
    assert.deepStrictEqual(store.listSubmissions(customer, ''), []);
    const asked = [];
    const submission = store.submit(customer, cart.id, unreachable, (reason, claims) => {
      asked.push([reason, claims]);
      return null;
    });
    assert.strictEqual(submission.state, 'pausedAuth');
    assert.strictEqual(submission.lastError.errorName, 'AuthenticationRequired');
    assert.deepStrictEqual(asked, [[cartstore.TokenReason.INITIAL, null]]);
    const resumed = store.resumeSubmissions(unreachable, () => {
      throw new Error('no sign-in');
    });
    assert.deepStrictEqual(resumed.map((s) => [s.submissionId, s.state]), [[submission.submissionId, 'pausedAuth']]);
    assert.strictEqual(store.getSubmission(customer, submission.submissionId).state, 'pausedAuth');
    assert.strictEqual(store.listSubmissions(customer, cart.id).length, 1);
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the function's token is sent and asked again after a 401", async () => {
  // A loopback service answering 401 (with a claims challenge) to everything, on a worker
  // thread (the call is synchronous: this thread is busy while it runs).
  const { Worker } = require('node:worker_threads');
  const worker = new Worker(`
    const { parentPort } = require('node:worker_threads');
    const seen = [];
    const server = require('node:http').createServer((req, res) => {
      seen.push(req.headers.authorization || '');
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': 'Bearer error="insufficient_claims", claims="eyJjbGFpbXMi"', Connection: 'close' });
      res.end('{}');
    });
    server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
    parentPort.on('message', () => { parentPort.postMessage(seen); server.close(); parentPort.close(); });
  `, { eval: true });
  const next = () => new Promise((resolve) => worker.once('message', resolve));
  const port = await next();
  const customer = '9f2c3e55-8f2e-4c1b-9d2a-3b3c5d6e7f80';
  const { dir, store } = tempStore();
  try {
    store.importCatalog(CATALOG);
    const cart = store.createCart(customer, NEW_CART);
    const asked = [];
    const submission = store.submit(customer, cart.id, `http://127.0.0.1:${port}`, (reason, claims) => {
      asked.push([reason, claims]);
      return `token-${asked.length}`;
    });
    assert.strictEqual(submission.state, 'pausedAuth');
    assert.deepStrictEqual(asked, [[cartstore.TokenReason.INITIAL, null], [cartstore.TokenReason.REJECTED, 'eyJjbGFpbXMi']]);
    const seen = next();
    worker.postMessage('done');
    assert.deepStrictEqual(await seen, ['Bearer token-1', 'Bearer token-2']);
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    await worker.terminate();
  }
});
