"""cartstore for Python: a thin ctypes wrapper over the C ABI (libcartstore_ffi).

Each operation of the library is a method of :class:`Store`, taking the same arguments
(dicts or lists for JSON arguments) and returning the parsed result JSON; a refusal raises
:class:`CartstoreError` carrying ``code``, ``error_name`` and ``description``::

    with cartstore.Store.open("quotes.db", locale="ja-JP") as store:
        cart = store.create_cart("customer-1", {"lineItems": [...]})
"""

from __future__ import annotations

import ctypes
import json
import os
from pathlib import Path
from typing import Any, Optional

OK, ERROR, PANIC, INVALID_ARGUMENT = 0, 1, 2, 3
ABI_VERSION = 1

#: The operations of the C ABI: export name (without ``cartstore_``) -> argument kinds
#: ("str", "json" or "i64"), one line each (a new operation of the library is one line here).
OPERATIONS: dict[str, tuple[str, ...]] = {
    "import_catalog": ("json",),
    "catalog_item": ("str",),
    "list_catalog": (),
    "create_cart": ("str", "json"),
    "get_cart": ("str", "str"),
    "update_cart": ("str", "json"),
    "list_carts": ("str",),
    "delete_cart": ("str", "str"),
    "checkout": ("str", "str"),
    "checkout_with_request_id": ("str", "str", "str"),
    "checkout_json": ("str", "str", "str"),
    "preview_checkout": ("str", "str"),
    "get_order": ("str", "str"),
    "list_orders": ("str", "json"),
    "cancel_order": ("str", "str"),
    "provisioning_status": ("str", "str"),
    "record_provisioning": ("str", "str", "i64", "str"),
    "issue_quote": ("str", "str", "json"),
    "get_quote": ("str", "str"),
    "list_quotes": ("str",),
}

#: Operations whose result is returned as the JSON text itself (the stored bytes).
RAW = {"checkout_json"}


class CartstoreError(Exception):
    """A refusal of the library: status 1 (the store's error), 2 (a caught panic) or 3 (an
    invalid argument, named in ``detail["field"]``)."""

    def __init__(self, status: int, body: dict[str, Any]):
        super().__init__(body.get("description", f"status {status}"))
        self.status = status
        self.code: int = body.get("code", 0)
        self.error_name: str = body.get("errorName", "")
        self.description: str = body.get("description", "")
        self.detail: dict[str, Any] = body.get("detail") or {}
        #: The error JSON as the library returned it (for :func:`describe_error`).
        self.body = body


class MisuseError(RuntimeError):
    """A misuse of the wrapper itself: a call on a closed store, a string freed twice."""


_lib: Optional[ctypes.CDLL] = None


def _candidates() -> list[str]:
    found = [os.environ["CARTSTORE_LIB"]] if os.environ.get("CARTSTORE_LIB") else []
    root = Path(__file__).resolve().parent.parent.parent
    found += [str(root / "target" / p / "libcartstore_ffi.so") for p in ("debug", "release")]
    return found


def load(path: Optional[str] = None) -> ctypes.CDLL:
    """Loads the library: ``path``, else $CARTSTORE_LIB, else the workspace's target/, else
    the system's ``libcartstore_ffi.so.1``."""
    global _lib
    if _lib is not None:
        return _lib
    found = path or next((c for c in _candidates() if os.path.exists(c)), "libcartstore_ffi.so.1")
    lib = ctypes.CDLL(found)
    out = ctypes.POINTER(ctypes.c_void_p)
    lib.cartstore_abi_version.restype = ctypes.c_uint32
    lib.cartstore_abi_version.argtypes = []
    lib.cartstore_open.restype = ctypes.c_int32
    lib.cartstore_open.argtypes = [ctypes.c_char_p, ctypes.c_char_p, out, out]
    lib.cartstore_close.restype = None
    lib.cartstore_close.argtypes = [ctypes.c_void_p]
    lib.cartstore_string_free.restype = None
    lib.cartstore_string_free.argtypes = [ctypes.c_void_p]
    lib.cartstore_describe_error.restype = ctypes.c_int32
    lib.cartstore_describe_error.argtypes = [ctypes.c_char_p, ctypes.c_char_p, out]
    lib.cartstore_render_quote.restype = ctypes.c_int32
    lib.cartstore_render_quote.argtypes = [ctypes.c_char_p, ctypes.c_char_p, out]
    for name, kinds in OPERATIONS.items():
        fn = getattr(lib, f"cartstore_{name}")
        fn.restype = ctypes.c_int32
        fn.argtypes = [ctypes.c_void_p] + [ctypes.c_int64 if k == "i64" else ctypes.c_char_p for k in kinds] + [out, out]
    version = lib.cartstore_abi_version()
    if version != ABI_VERSION:
        raise MisuseError(f"cartstore: the library implements ABI {version}, this wrapper ABI {ABI_VERSION}")
    _lib = lib
    return lib


class NativeString:
    """A string returned by the library: read it, free it once."""

    def __init__(self, pointer: Optional[int]):
        self._pointer = pointer
        self._freed = False

    def text(self) -> Optional[str]:
        if self._freed:
            raise MisuseError("cartstore: the string was already freed")
        if not self._pointer:
            return None
        return ctypes.string_at(self._pointer).decode("utf-8")

    def free(self) -> None:
        """Frees the string; a second call raises instead of corrupting the heap."""
        if self._freed:
            raise MisuseError("cartstore: the string was already freed")
        self._freed = True
        if self._pointer:
            load().cartstore_string_free(self._pointer)

    def take(self) -> Optional[str]:
        """The text, then freed."""
        text = self.text()
        self.free()
        return text

    def __del__(self) -> None:
        if not self._freed and self._pointer and _lib is not None:
            _lib.cartstore_string_free(self._pointer)


def _encode(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "i64":
        return int(value)
    if kind == "json" and not isinstance(value, (str, bytes)):
        value = json.dumps(value)
    return value.encode("utf-8") if isinstance(value, str) else value


def _fail(status: int, error: Optional[int]) -> None:
    text = NativeString(error).take()
    raise CartstoreError(status, json.loads(text) if text else {"description": f"status {status}"})


class Store:
    """An open store, usable from several threads at once; a context manager that closes it."""

    def __init__(self, handle: int):
        self._handle: Optional[int] = handle

    @classmethod
    def open(cls, path: str, *, locale: Optional[str] = None, user: Optional[str] = None,
             busy_timeout_ms: Optional[int] = None, messages: Optional[str] = None) -> "Store":
        """Opens (creating if needed) the store at ``path`` (":memory:" for a private one)."""
        options = {k: v for k, v in (("locale", locale), ("user", user), ("busyTimeoutMs", busy_timeout_ms),
                                     ("messages", messages)) if v is not None}
        handle, error = ctypes.c_void_p(), ctypes.c_void_p()
        status = load().cartstore_open(str(path).encode("utf-8"), json.dumps(options).encode("utf-8"),
                                       ctypes.byref(handle), ctypes.byref(error))
        if status != OK:
            _fail(status, error.value)
        return cls(handle.value or 0)

    def close(self) -> None:
        """Closes the store; closing again does nothing."""
        if self._handle is not None:
            load().cartstore_close(self._handle)
            self._handle = None

    @property
    def closed(self) -> bool:
        return self._handle is None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, name: str, args: tuple[Any, ...]) -> Any:
        kinds = OPERATIONS[name]
        if len(args) != len(kinds):
            raise TypeError(f"cartstore: {name} takes {len(kinds)} argument(s), not {len(args)}")
        if self._handle is None:
            raise MisuseError(f"cartstore: {name} on a closed store")
        out, error = ctypes.c_void_p(), ctypes.c_void_p()
        values = [_encode(v, k) for v, k in zip(args, kinds)]
        status = getattr(load(), f"cartstore_{name}")(self._handle, *values, ctypes.byref(out), ctypes.byref(error))
        if status != OK:
            _fail(status, error.value)
        text = NativeString(out.value).take() or "null"
        return text if name in RAW else json.loads(text)


def _method(name: str):
    def call(self: Store, *args: Any) -> Any:
        return self._call(name, args)

    call.__name__ = name
    call.__doc__ = f"Calls cartstore_{name} ({', '.join(OPERATIONS[name]) or 'no argument'})."
    return call


for _name in OPERATIONS:
    setattr(Store, _name, _method(_name))


def describe_error(error: Any, locale: str) -> str:
    """The description of an error (a :class:`CartstoreError`, or its JSON body) in ``locale``."""
    body = error.body if isinstance(error, CartstoreError) else error
    text = body if isinstance(body, str) else json.dumps(body)
    out = ctypes.c_void_p()
    status = load().cartstore_describe_error(text.encode("utf-8"), locale.encode("utf-8"), ctypes.byref(out))
    if status != OK:
        _fail(status, out.value)
    return NativeString(out.value).take() or ""


def render_quote(quote: Any, locale: str = "") -> str:
    """A quote (as ``issue_quote`` or ``get_quote`` returned it) as one self-contained HTML
    document in ``locale`` (``""``: the quote's own language)."""
    text = quote if isinstance(quote, str) else json.dumps(quote)
    out = ctypes.c_void_p()
    status = load().cartstore_render_quote(text.encode("utf-8"), locale.encode("utf-8"), ctypes.byref(out))
    if status != OK:
        _fail(status, out.value)
    return NativeString(out.value).take() or ""
