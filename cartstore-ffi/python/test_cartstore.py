"""The binding scenario against the freshly built library ($CARTSTORE_LIB), with pytest
(driven from cargo test: cartstore-ffi/tests/bindings.rs)."""

import json
import threading
from pathlib import Path

import pytest

import cartstore
import scenario
from cartstore import CartstoreError, MisuseError, NativeString, Store, describe_error, render_quote

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
CATALOG = json.loads((EXAMPLES / "catalog.json").read_text())
NEW_CART = {"lineItems": [{"catalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "quantity": 5,
                           "termDuration": "P1Y", "billingCycle": "monthly"}]}


def test_scenario(tmp_path):
    scenario.run(EXAMPLES, tmp_path)


def test_the_quote_and_the_conflict_in_japanese(tmp_path):
    with Store.open(tmp_path / "store.db", locale="en") as store:
        store.import_catalog(CATALOG)
        cart = store.create_cart("customer-1", NEW_CART)
        with pytest.raises(CartstoreError) as refused:
            store.update_cart("customer-1", dict(cart, lastModifiedTimestamp="2020-01-01T00:00:00Z"))
        assert (refused.value.status, refused.value.code) == (cartstore.ERROR, 900002)
        ja = describe_error(refused.value, "ja-JP")
        assert "カート" in ja and cart["id"] in ja
        quote = store.issue_quote("customer-1", cart["id"], {})
        assert [q["quoteNumber"] for q in store.list_quotes("customer-1")] == [quote["quoteNumber"]]
        assert "見積" in render_quote(quote, "ja")


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


def test_the_wrapper_has_every_operation_of_the_library_it_loads():
    table = cartstore.operations()
    assert table["abiVersion"] == cartstore.ABI_VERSION
    library = {op["name"]: tuple(p["type"] for p in op["parameters"]) for op in table["operations"]}
    assert library == cartstore.OPERATIONS
    for name in library:
        method = getattr(Store, name)
        assert callable(method) and "Errors:" in (method.__doc__ or ""), name


def test_the_store_describes_with_its_own_messages_and_refuses_when_closed(tmp_path):
    messages = EXAMPLES / "messages"
    store = Store.open(":memory:", messages=messages)
    body = {"code": 800064, "detail": {"cartId": "c-1"}}
    assert store.describe_error(body, "de") == "Der Warenkorb c-1 wird gerade von einer anderen Anfrage verarbeitet."
    assert "c-1" in describe_error(body, "de") and describe_error(body, "de") != store.describe_error(body, "de")
    store.close()
    with pytest.raises(MisuseError):
        store.describe_error(body, "de")


GUID_CUSTOMER = "9f2c3e55-8f2e-4c1b-9d2a-3b3c5d6e7f80"
#: Never contacted: without a token nothing is sent.
UNREACHABLE = "http://127.0.0.1:9"


def test_submit_takes_a_callable_for_the_token(tmp_path):
    with Store.open(tmp_path / "store.db") as store:
        store.import_catalog(CATALOG)
        cart = store.create_cart(GUID_CUSTOMER, NEW_CART)
        # No callable: the library refuses the NULL callback (status 3), nothing is stored.
        with pytest.raises(CartstoreError) as refused:
            store.submit(GUID_CUSTOMER, cart["id"], UNREACHABLE, None)
        assert (refused.value.status, refused.value.detail.get("field")) == (cartstore.INVALID_ARGUMENT, "token")
        assert store.list_submissions(GUID_CUSTOMER, "") == []
        # A callable without a token: asked once, the submission pauses.
        asked: list[tuple[int, object]] = []

        def no_token(reason: int, claims: object) -> None:
            asked.append((reason, claims))
            return None

        submission = store.submit(GUID_CUSTOMER, cart["id"], UNREACHABLE, no_token)
        assert submission["state"] == "pausedAuth"
        assert submission["lastError"]["errorName"] == "AuthenticationRequired"
        assert asked == [(cartstore.TOKEN_INITIAL, None)]

        # A callable that raises is no token either (never an unwind into the library).
        def failing(reason: int, claims: object) -> str:
            raise RuntimeError("no sign-in")

        resumed = store.resume_submissions(UNREACHABLE, failing)
        assert [(s["submissionId"], s["state"]) for s in resumed] == [(submission["submissionId"], "pausedAuth")]
        assert store.get_submission(GUID_CUSTOMER, submission["submissionId"])["state"] == "pausedAuth"
        assert [s["submissionId"] for s in store.list_submissions(GUID_CUSTOMER, cart["id"])] == [
            submission["submissionId"]]


def test_the_callables_token_is_sent_and_asked_again_after_a_401(tmp_path):
    """A loopback service answering 401 (with a claims challenge) to everything: the token the
    callable returned is the bearer token sent; after the 401 it is asked again, with the
    challenge; a second 401 pauses the submission."""
    import http.server

    seen: list[str] = []

    class Refuse(http.server.BaseHTTPRequestHandler):
        def refuse(self) -> None:
            seen.append(self.headers.get("Authorization", ""))
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Bearer error="insufficient_claims", claims="eyJjbGFpbXMi"')
            self.send_header("Content-Length", "2")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"{}")

        do_GET = do_POST = do_PUT = refuse

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Refuse)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with Store.open(tmp_path / "store.db") as store:
            store.import_catalog(CATALOG)
            cart = store.create_cart(GUID_CUSTOMER, NEW_CART)
            asked: list[tuple[int, object]] = []

            def token(reason: int, claims: object) -> str:
                asked.append((reason, claims))
                return f"token-{len(asked)}"

            endpoint = f"http://127.0.0.1:{server.server_address[1]}"
            submission = store.submit(GUID_CUSTOMER, cart["id"], endpoint, token)
        assert submission["state"] == "pausedAuth"
        assert asked == [(cartstore.TOKEN_INITIAL, None), (cartstore.TOKEN_REJECTED, "eyJjbGFpbXMi")]
        assert seen == ["Bearer token-1", "Bearer token-2"]
    finally:
        server.shutdown()
