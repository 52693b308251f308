"""The binding scenario against the freshly built library ($CARTSTORE_LIB), with pytest
(driven from cargo test: cartstore-ffi/tests/bindings.rs)."""

import json
import threading
from pathlib import Path

import pytest

import cartstore
from cartstore import CartstoreError, MisuseError, NativeString, Store, describe_error, render_quote

CATALOG = json.loads((Path(__file__).resolve().parent.parent.parent / "examples" / "catalog.json").read_text())
NEW_CART = {"lineItems": [{"catalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "quantity": 5,
                           "termDuration": "P1Y", "billingCycle": "monthly"}]}


def test_scenario(tmp_path):
    with Store.open(tmp_path / "store.db", locale="en", user="py-test") as store:
        assert store.import_catalog(CATALOG) is None
        cart = store.create_cart("customer-1", NEW_CART)
        assert cart["lastModifiedUser"] == "py-test"

        # A stale update: a conflict.
        stale = dict(cart, lastModifiedTimestamp="2020-01-01T00:00:00Z")
        with pytest.raises(CartstoreError) as refused:
            store.update_cart("customer-1", stale)
        error = refused.value
        assert (error.status, error.code, error.error_name) == (cartstore.ERROR, 900002, "Conflict")
        assert cart["id"] in error.description

        # A quote for the cart, 15 % over cost: issued, read back, listed, rendered in Japanese.
        quote = store.issue_quote("customer-1", cart["id"], {"priceBasis": {"kind": "markup", "percent": 15}})
        assert store.get_quote("customer-1", quote["quoteNumber"]) == quote
        assert [q["quoteNumber"] for q in store.list_quotes("customer-1")] == [quote["quoteNumber"]]
        html = render_quote(quote, "ja")
        assert html.startswith("<!DOCTYPE html>") and "見積" in html

        # Checkout twice with one request id: the same orders.
        first = store.checkout_with_request_id("customer-1", cart["id"], "request-1")
        again = store.checkout_with_request_id("customer-1", cart["id"], "request-1")
        assert first == again and len(first["orders"]) == 1

        page = store.list_orders("customer-1", {"pageSize": 10})
        assert page["totalCount"] == 1
        assert page["items"][0]["id"] == first["orders"][0]["id"]

        # The conflict described in Japanese.
        ja = describe_error(error, "ja-JP")
        assert "カート" in ja and cart["id"] in ja

    assert store.closed


def test_use_after_close_and_double_free_are_clear_errors():
    store = Store.open(":memory:")
    store.close()
    store.close()
    with pytest.raises(MisuseError, match="closed store"):
        store.list_carts("customer-1")
    text = NativeString(None)
    text.free()
    with pytest.raises(MisuseError, match="already freed"):
        text.free()


@pytest.mark.parametrize("call, field", [
    (lambda s: s.get_cart(None, "x"), "customer"),
    (lambda s: s.get_cart("customer-\udcff", "x"), None),
    (lambda s: s.create_cart("customer-1", '{"lineItems": ['), "new_cart"),
    (lambda s: s.list_orders("customer-1", '{"pageSize": "ten"}'), "query"),
    (lambda s: s.record_provisioning("customer-1", "o-1", 0, "shipped"), "status"),
])
def test_bad_arguments_are_status_3(call, field):
    with Store.open(":memory:") as store:
        if field is None:  # not even encodable as UTF-8: refused before the call
            with pytest.raises(UnicodeEncodeError):
                call(store)
            return
        with pytest.raises(CartstoreError) as refused:
            call(store)
        assert (refused.value.status, refused.value.code) == (cartstore.INVALID_ARGUMENT, 800002)
        assert refused.value.detail["field"] == field


def test_invalid_utf8_bytes_are_status_3():
    with Store.open(":memory:") as store:
        with pytest.raises(CartstoreError) as refused:
            store.get_cart(b"customer-\xff", "x")
        assert refused.value.detail["field"] == "customer"


def test_bad_options_and_errors():
    with pytest.raises(CartstoreError) as refused:
        Store.open(":memory:", messages="/nonexistent/messages")
    assert refused.value.code == 900006
    with pytest.raises(CartstoreError) as refused:
        describe_error({"code": 1}, "en")
    assert refused.value.status == cartstore.INVALID_ARGUMENT
    with pytest.raises(TypeError):
        Store.open(":memory:").get_cart("customer-1")


def test_one_store_from_eight_threads(tmp_path):
    with Store.open(tmp_path / "threads.db") as store:
        store.import_catalog(CATALOG)
        failures = []

        def work(n):
            try:
                for _ in range(10):
                    cart = store.create_cart(f"customer-{n}", NEW_CART)
                    store.checkout(f"customer-{n}", cart["id"])
            except Exception as e:  # noqa: BLE001 - reported below
                failures.append(e)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert failures == []
        assert all(len(store.list_carts(f"customer-{n}")) == 10 for n in range(8))


def test_every_operation_is_a_method():
    for name in cartstore.OPERATIONS:
        assert callable(getattr(Store, name))
