"""The whole product through the Python wrapper, type-checked (mypy --strict) and run by the
tests (test_cartstore.py) and by the install test (from an installed wheel, outside the
repository). Usage: python3 scenario.py EXAMPLES_DIR WORK_DIR"""

from __future__ import annotations

import sys
from pathlib import Path

import cartstore
from cartstore.types import Cart, CartCheckoutResult, Collection, Order, Quote


def run(examples: Path, work: Path) -> None:
    """Runs the scenario; an assertion fails on any wrong result."""
    with cartstore.Store.open(work / "store.db", locale="en", user="py-scenario",
                              messages=examples / "messages") as store:
        report = store.import_price_list(str(examples / "pricelist-sample.csv"))
        assert report.get("rows") == 30, report
        profile = store.set_customer("customer-1", {"name": "Contoso Ltd", "segment": "commercial",
                                                    "market": "US", "locale": "ja-JP"})
        assert profile.get("name") == "Contoso Ltd"
        partner = store.set_partner_profile({"name": "Fabrikam Partners", "addressLines": ["1 Main St"],
                                             "email": "sales@fabrikam.example"})
        assert store.get_partner_profile() == partner

        found = store.search_catalog({"text": "contoso business basic", "termDuration": "P1Y", "pageSize": 5})
        item = found["items"][0]["catalogItemId"]
        assert item == "SAMPLE000001:0001", found

        cart: Cart = store.create_cart("customer-1", {"lineItems": [
            {"catalogItemId": item, "quantity": 5, "termDuration": "P1Y", "billingCycle": "monthly"}]})
        assert cart.get("lastModifiedUser") == "py-scenario"

        stale: Cart = {**cart, "lastModifiedTimestamp": "2020-01-01T00:00:00Z"}
        try:
            store.update_cart("customer-1", stale)
            raise AssertionError("a stale update was accepted")
        except cartstore.CartstoreError as conflict:
            assert (conflict.code, conflict.error_name) == (900002, "Conflict"), conflict.body

        quote: Quote = store.issue_quote("customer-1", cart["id"], {"priceBasis": {"kind": "markup", "percent": 15}})
        assert quote.get("locale") == "ja" and store.get_quote("customer-1", quote["quoteNumber"]) == quote
        html = store.render_quote(quote, "ja")
        assert html.startswith("<!DOCTYPE html>") and "見積" in html and "Fabrikam Partners" in html

        first: CartCheckoutResult = store.checkout_with_request_id("customer-1", cart["id"], "request-1")
        again = store.checkout_with_request_id("customer-1", cart["id"], "request-1")
        assert first == again and len(first["orders"]) == 1

        page: Collection[Order] = store.list_orders("customer-1", {"pageSize": 10})
        assert page["totalCount"] == 1 and page["items"][0]["id"] == first["orders"][0]["id"]

        try:
            store.get_cart("customer-1", "no-such-cart")
            raise AssertionError("a missing cart was found")
        except cartstore.CartstoreError as missing:
            german = store.describe_error(missing, "de")
            assert german == "Die Warenkorb-ID kann nicht abgerufen werden.", german
            assert cartstore.describe_error(missing, "de") != german  # the built-in ones: English
    assert store.closed
    print("python scenario: ok")


if __name__ == "__main__":
    run(Path(sys.argv[1]), Path(sys.argv[2]))
