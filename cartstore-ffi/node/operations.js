'use strict';
// Generated from the C ABI's table (cartstore_operations) by cartstore-ffi/tests/drift.rs: do not edit.
// Regenerate with CARTSTORE_BLESS=1 cargo test -p cartstore-ffi --test drift

/** Operation name -> its export and argument types ('string', 'json', 'enum', 'int64'); raw: the result is the JSON text itself. */
const OPERATIONS = Object.freeze({
  import_catalog: { export: 'cartstore_import_catalog', method: 'importCatalog', kinds: ['json'], raw: false },
  catalog_item: { export: 'cartstore_catalog_item', method: 'catalogItem', kinds: ['string'], raw: false },
  list_catalog: { export: 'cartstore_list_catalog', method: 'listCatalog', kinds: [], raw: false },
  create_cart: { export: 'cartstore_create_cart', method: 'createCart', kinds: ['string', 'json'], raw: false },
  get_cart: { export: 'cartstore_get_cart', method: 'getCart', kinds: ['string', 'string'], raw: false },
  update_cart: { export: 'cartstore_update_cart', method: 'updateCart', kinds: ['string', 'json'], raw: false },
  list_carts: { export: 'cartstore_list_carts', method: 'listCarts', kinds: ['string'], raw: false },
  delete_cart: { export: 'cartstore_delete_cart', method: 'deleteCart', kinds: ['string', 'string'], raw: false },
  checkout: { export: 'cartstore_checkout', method: 'checkout', kinds: ['string', 'string'], raw: false },
  checkout_with_request_id: { export: 'cartstore_checkout_with_request_id', method: 'checkoutWithRequestId', kinds: ['string', 'string', 'string'], raw: false },
  checkout_json: { export: 'cartstore_checkout_json', method: 'checkoutJson', kinds: ['string', 'string', 'string'], raw: true },
  preview_checkout: { export: 'cartstore_preview_checkout', method: 'previewCheckout', kinds: ['string', 'string'], raw: false },
  get_order: { export: 'cartstore_get_order', method: 'getOrder', kinds: ['string', 'string'], raw: false },
  list_orders: { export: 'cartstore_list_orders', method: 'listOrders', kinds: ['string', 'json'], raw: false },
  cancel_order: { export: 'cartstore_cancel_order', method: 'cancelOrder', kinds: ['string', 'string'], raw: false },
  provisioning_status: { export: 'cartstore_provisioning_status', method: 'provisioningStatus', kinds: ['string', 'string'], raw: false },
  record_provisioning: { export: 'cartstore_record_provisioning', method: 'recordProvisioning', kinds: ['string', 'string', 'int64', 'enum'], raw: false },
  import_price_list: { export: 'cartstore_import_price_list', method: 'importPriceList', kinds: ['string'], raw: false },
  import_price_list_with: { export: 'cartstore_import_price_list_with', method: 'importPriceListWith', kinds: ['string', 'int64'], raw: false },
  set_customer: { export: 'cartstore_set_customer', method: 'setCustomer', kinds: ['string', 'json'], raw: false },
  get_customer: { export: 'cartstore_get_customer', method: 'getCustomer', kinds: ['string'], raw: false },
  search_catalog: { export: 'cartstore_search_catalog', method: 'searchCatalog', kinds: ['json'], raw: false },
  issue_quote: { export: 'cartstore_issue_quote', method: 'issueQuote', kinds: ['string', 'string', 'json'], raw: false },
  get_quote: { export: 'cartstore_get_quote', method: 'getQuote', kinds: ['string', 'string'], raw: false },
  list_quotes: { export: 'cartstore_list_quotes', method: 'listQuotes', kinds: ['string'], raw: false },
  set_partner_profile: { export: 'cartstore_set_partner_profile', method: 'setPartnerProfile', kinds: ['json'], raw: false },
  get_partner_profile: { export: 'cartstore_get_partner_profile', method: 'getPartnerProfile', kinds: [], raw: false },
  copy_into: { export: 'cartstore_copy_into', method: 'copyInto', kinds: ['string'], raw: false },
  submit: { export: 'cartstore_submit', method: 'submit', kinds: ['string', 'string', 'string', 'callback', 'pointer'], raw: false },
  resume_submissions: { export: 'cartstore_resume_submissions', method: 'resumeSubmissions', kinds: ['string', 'callback', 'pointer'], raw: false },
  get_submission: { export: 'cartstore_get_submission', method: 'getSubmission', kinds: ['string', 'string'], raw: false },
  list_submissions: { export: 'cartstore_list_submissions', method: 'listSubmissions', kinds: ['string', 'string'], raw: false },
});

module.exports = { OPERATIONS };
