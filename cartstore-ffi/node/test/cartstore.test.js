'use strict';
// The binding scenario against the freshly built library ($CARTSTORE_LIB), run by
// `node --test test/` (driven from cargo test: cartstore-ffi/tests/bindings.rs).
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Store, CartstoreError, MisuseError, NativeString, Status, describeError, renderQuote, OPERATIONS, load } = require('../cartstore');

const CATALOG = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'examples', 'catalog.json'), 'utf8'));
const NEW_CART = { lineItems: [{ catalogItemId: 'CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5', quantity: 5, termDuration: 'P1Y', billingCycle: 'monthly' }] };

function tempStore(options = { locale: 'en' }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cartstore-node-'));
  return { dir, store: Store.open(path.join(dir, 'store.db'), options) };
}

test('the scenario', () => {
  const { dir, store } = tempStore({ locale: 'en', user: 'node-test' });
  try {
    assert.strictEqual(store.importCatalog(CATALOG), null);
    const cart = store.createCart('customer-1', NEW_CART);
    assert.strictEqual(cart.lastModifiedUser, 'node-test');

    // A stale update: a conflict.
    const stale = { ...cart, lastModifiedTimestamp: '2020-01-01T00:00:00Z' };
    let error;
    try {
      store.updateCart('customer-1', stale);
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof CartstoreError);
    assert.strictEqual(error.status, Status.ERROR);
    assert.strictEqual(error.code, 900002);
    assert.strictEqual(error.errorName, 'Conflict');
    assert.match(error.description, new RegExp(cart.id));

    // A quote for the cart, 15 % over cost: issued, read back, listed, rendered in Japanese.
    const quote = store.issueQuote('customer-1', cart.id, { priceBasis: { kind: 'markup', percent: 15 } });
    assert.deepStrictEqual(store.getQuote('customer-1', quote.quoteNumber), quote);
    assert.deepStrictEqual(store.listQuotes('customer-1').map((q) => q.quoteNumber), [quote.quoteNumber]);
    const html = renderQuote(quote, 'ja');
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.match(html, /見積/);

    // Checkout twice with one request id: the same orders.
    const first = store.checkoutWithRequestId('customer-1', cart.id, 'request-1');
    const again = store.checkoutWithRequestId('customer-1', cart.id, 'request-1');
    assert.deepStrictEqual(again, first);
    assert.strictEqual(first.orders.length, 1);

    const page = store.listOrders('customer-1', { pageSize: 10 });
    assert.strictEqual(page.totalCount, 1);
    assert.strictEqual(page.items[0].id, first.orders[0].id);

    // The conflict described in Japanese.
    const ja = describeError(error, 'ja-JP');
    assert.match(ja, /カート/);
    assert.ok(ja.includes(cart.id));

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

test('every operation of the table is a method', () => {
  for (const name of Object.keys(OPERATIONS)) {
    const method = name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
    assert.strictEqual(typeof Store.prototype[method], 'function', method);
  }
});
