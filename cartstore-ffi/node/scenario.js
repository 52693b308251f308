// @ts-check
'use strict';
// The whole product through the Node wrapper, type-checked against index.d.ts
// (`npx tsc -p .`, checkJs) and run by the tests (test/cartstore.test.js) and by the install
// test (from an `npm pack` installed in a fresh project, outside the repository):
//   node scenario.js EXAMPLES_DIR WORK_DIR      (the module: cartstore, else this directory)
const assert = require('node:assert');
const path = require('node:path');

/**
 * Runs the scenario; an assertion fails on any wrong result.
 * @param {typeof import('./index')} cartstore the module under test
 * @param {string} examples the repository's examples/ directory
 * @param {string} work a directory for the store
 */
function run(cartstore, examples, work) {
  const { Store, CartstoreError } = cartstore;
  const store = Store.open(path.join(work, 'store.db'), {
    locale: 'en', user: 'node-scenario', messages: path.join(examples, 'messages'),
  });
  try {
    const report = store.importPriceList(path.join(examples, 'pricelist-sample.csv'));
    assert.strictEqual(report.rows, 30);
    const profile = store.setCustomer('customer-1', { name: 'Contoso Ltd', segment: 'commercial', market: 'US', locale: 'ja-JP' });
    assert.strictEqual(profile.name, 'Contoso Ltd');
    const partner = store.setPartnerProfile({ name: 'Fabrikam Partners', addressLines: ['1 Main St'], email: 'sales@fabrikam.example' });
    assert.deepStrictEqual(store.getPartnerProfile(), partner);

    const found = store.searchCatalog({ text: 'contoso business basic', termDuration: 'P1Y', pageSize: 5 });
    const item = found.items[0].catalogItemId;
    assert.strictEqual(item, 'SAMPLE000001:0001');

    /** @type {import('./index').Cart} */
    const cart = store.createCart('customer-1', { lineItems: [{ catalogItemId: item, quantity: 5, termDuration: 'P1Y', billingCycle: 'monthly' }] });
    assert.strictEqual(cart.lastModifiedUser, 'node-scenario');
    const cartId = String(cart.id);

    assert.throws(() => store.updateCart('customer-1', { ...cart, lastModifiedTimestamp: '2020-01-01T00:00:00Z' }),
      (/** @type {unknown} */ e) => e instanceof CartstoreError && e.code === 900002 && e.errorName === 'Conflict');

    const quote = store.issueQuote('customer-1', cartId, { priceBasis: { kind: 'markup', percent: 15 } });
    assert.strictEqual(quote.locale, 'ja');
    assert.deepStrictEqual(store.getQuote('customer-1', quote.quoteNumber), quote);
    const html = store.renderQuote(quote, 'ja');
    assert.ok(html.startsWith('<!DOCTYPE html>') && html.includes('見積') && html.includes('Fabrikam Partners'));

    const first = store.checkoutWithRequestId('customer-1', cartId, 'request-1');
    const again = store.checkoutWithRequestId('customer-1', cartId, 'request-1');
    assert.deepStrictEqual(again, first);
    assert.strictEqual(first.orders.length, 1);

    const page = store.listOrders('customer-1', { pageSize: 10 });
    assert.strictEqual(page.totalCount, 1);
    assert.strictEqual(page.items[0].id, first.orders[0].id);

    /** @type {import('./index').CartstoreError | undefined} */
    let missing;
    try {
      store.getCart('customer-1', 'no-such-cart');
    } catch (e) {
      if (!(e instanceof CartstoreError)) throw e;
      missing = e;
    }
    assert.ok(missing, 'a missing cart was found');
    const german = store.describeError(missing, 'de');
    assert.strictEqual(german, 'Die Warenkorb-ID kann nicht abgerufen werden.');
    assert.notStrictEqual(cartstore.describeError(missing, 'de'), german);
  } finally {
    store.close();
  }
  assert.ok(store.closed);
  console.log('node scenario: ok');
}

module.exports = { run };

if (require.main === module) {
  // Beside the wrapper (the repository), else the installed package.
  const target = require('node:fs').existsSync(path.join(__dirname, 'index.js')) ? './index' : 'cartstore';
  run(require(target), process.argv[2], process.argv[3]);
}
