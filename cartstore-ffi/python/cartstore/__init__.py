"""cartstore for Python: a typed ctypes wrapper over the C ABI (libcartstore_ffi).

Each operation of the library is a method of :class:`Store` (generated from the library's own
table, with type hints from :mod:`cartstore.types`), taking dicts (or JSON text) for JSON
arguments and returning the parsed result; a refusal raises :class:`CartstoreError` carrying
``code``, ``error_name`` and ``description``::

    with cartstore.Store.open("quotes.db", locale="ja-JP") as store:
        cart = store.create_cart("customer-1", {"lineItems": [...]})
        # Submitting to Partner Center: the token comes from the application's own sign-in.
        submission = store.submit("customer-1", cart["id"], "", lambda reason, claims: my_token())

The library is found next to this package first (a wheel holds it there), then through
``$CARTSTORE_LIB``, a workspace's ``target/``, and the system's library path.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import sys
from pathlib import Path
from typing import Any, Optional, Union

from ._operations import OPERATIONS, RAW, Operations
from .types import ErrorBody, Quote, TokenCallback

__all__ = ["Store", "CartstoreError", "MisuseError", "NativeString", "describe_error", "render_quote",
           "operations", "load", "library_names", "OK", "ERROR", "PANIC", "INVALID_ARGUMENT", "ABI_VERSION",
           "OPERATIONS", "TOKEN_INITIAL", "TOKEN_EXPIRED", "TOKEN_REJECTED"]

OK, ERROR, PANIC, INVALID_ARGUMENT = 0, 1, 2, 3
#: Why a token callback is called (``CARTSTORE_TOKEN_*``).
TOKEN_INITIAL, TOKEN_EXPIRED, TOKEN_REJECTED = 0, 1, 2

#: The C type of ``cartstore_token_callback``: ``const char *(void *user_data, int32_t reason,
#: const char *claims_challenge)`` (the result as a plain pointer: the wrapper keeps the bytes).
_TOKEN_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int32, ctypes.c_char_p)
ABI_VERSION = 1


class CartstoreError(Exception):
    """A refusal of the library: status 1 (the store's error), 2 (a caught panic) or 3 (an
    invalid argument, named in ``detail["field"]``)."""

    def __init__(self, status: int, body: ErrorBody):
        super().__init__(body.get("description", f"status {status}"))
        self.status = status
        self.code: int = body.get("code", 0)
        self.error_name: str = body.get("errorName", "")
        self.description: str = body.get("description", "")
        self.detail: dict[str, Any] = body.get("detail") or {}
        #: The error JSON as the library returned it (for :func:`describe_error`).
        self.body: ErrorBody = body


class MisuseError(RuntimeError):
    """A misuse of the wrapper itself: a call on a closed store, a string freed twice."""


_lib: Optional[ctypes.CDLL] = None


def library_names() -> list[str]:
    """The library's file names on this platform, the versioned one first."""
    if sys.platform == "win32":
        return ["cartstore_ffi.dll"]
    if sys.platform == "darwin":
        return [f"libcartstore_ffi.{ABI_VERSION}.dylib", "libcartstore_ffi.dylib"]
    return [f"libcartstore_ffi.so.{ABI_VERSION}", "libcartstore_ffi.so"]


def _candidates() -> list[str]:
    here = Path(__file__).resolve().parent
    found = [str(here / name) for name in library_names()]
    if os.environ.get("CARTSTORE_LIB"):
        found.append(os.environ["CARTSTORE_LIB"])
    # A checkout of the repository: the workspace's target/ (cartstore-ffi/python/cartstore/).
    workspace = here.parent.parent.parent / "target"
    found += [str(workspace / p / n) for p in ("debug", "release", "dist") for n in library_names()]
    return found


def _system_library() -> str:
    return ctypes.util.find_library("cartstore_ffi") or library_names()[0]


def load(path: Optional[str] = None) -> ctypes.CDLL:
    """Loads the library: ``path``, else the first that exists of: next to this package,
    ``$CARTSTORE_LIB``, a workspace's ``target/``; else the system's (``ldconfig``,
    ``LD_LIBRARY_PATH``, ``DYLD_LIBRARY_PATH``, ``PATH``)."""
    global _lib
    if _lib is not None:
        return _lib
    found = path or next((c for c in _candidates() if os.path.exists(c)), None) or _system_library()
    lib = ctypes.CDLL(found)
    out = ctypes.POINTER(ctypes.c_void_p)
    text, handle = ctypes.c_char_p, ctypes.c_void_p
    fixed: dict[str, tuple[Any, list[Any]]] = {
        "cartstore_abi_version": (ctypes.c_uint32, []),
        "cartstore_operations": (ctypes.c_int32, [out]),
        "cartstore_open": (ctypes.c_int32, [text, text, out, out]),
        "cartstore_close": (None, [handle]),
        "cartstore_string_free": (None, [handle]),
        "cartstore_describe_error": (ctypes.c_int32, [text, text, out]),
        "cartstore_store_describe_error": (ctypes.c_int32, [handle, text, text, out]),
        "cartstore_render_quote": (ctypes.c_int32, [text, text, out]),
        "cartstore_store_render_quote": (ctypes.c_int32, [handle, text, text, out]),
    }
    try:
        for name, (restype, argtypes) in fixed.items():
            fn = getattr(lib, name)
            fn.restype, fn.argtypes = restype, argtypes
        for name, kinds in OPERATIONS.items():
            fn = getattr(lib, "cartstore_" + name)
            fn.restype = ctypes.c_int32
            fn.argtypes = [handle] + [_ARGTYPES.get(k, text) for k in kinds] + [out, out]
    except AttributeError as missing:
        raise MisuseError(f"cartstore: {found} is older than this wrapper: {missing}") from None
    version = lib.cartstore_abi_version()
    if version != ABI_VERSION:
        raise MisuseError(f"cartstore: the library implements ABI {version}, this wrapper ABI {ABI_VERSION}")
    _lib = lib
    return lib


def operations() -> dict[str, Any]:
    """The library's table of exports (``cartstore_operations``): the operations with their
    parameters, result types and documentation, and the other functions."""
    out = ctypes.c_void_p()
    status = load().cartstore_operations(ctypes.byref(out))
    text = NativeString(out.value).take() or "{}"
    if status != OK:
        raise CartstoreError(status, json.loads(text))
    table: dict[str, Any] = json.loads(text)
    return table


class NativeString:
    """A string returned by the library: read it, free it once."""

    def __init__(self, pointer: Optional[int]):
        self._pointer = pointer
        self._freed = False

    def text(self) -> Optional[str]:
        """Its text (``None`` for a NULL pointer)."""
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


_ARGTYPES: dict[str, Any] = {"int64": ctypes.c_int64, "callback": _TOKEN_CALLBACK, "pointer": ctypes.c_void_p}


class _TokenThunk:
    """A :data:`cartstore.types.TokenCallback` as the C callback, for one call: the bytes of the
    token it last returned stay referenced (so valid) until the next call of the callback or the
    end of the operation. An exception in the callable counts as no token (the submission
    pauses in ``pausedAuth``): it never unwinds into the library."""

    def __init__(self, source: TokenCallback):
        self._source = source
        self._token: Optional[ctypes.Array[ctypes.c_char]] = None
        self.c = _TOKEN_CALLBACK(self._call)

    def _call(self, _user_data: Optional[int], reason: int, claims: Optional[bytes]) -> Optional[int]:
        self._token = None
        try:
            token = self._source(reason, None if claims is None else claims.decode("utf-8"))
        except Exception:  # never unwinds into the library
            return None
        if token is None:
            return None
        self._token = ctypes.create_string_buffer(token.encode("utf-8"))
        return ctypes.addressof(self._token)


def _encode(value: Any, kind: str) -> Any:
    if kind == "callback":
        # None: a NULL function pointer, which the library refuses (status 3).
        return _TOKEN_CALLBACK() if value is None else _TokenThunk(value)
    if value is None:
        return None
    if kind == "int64":
        return int(value)
    if kind == "json" and not isinstance(value, (str, bytes)):
        value = json.dumps(value)
    return value.encode("utf-8") if isinstance(value, str) else value


def _fail(status: int, error: Optional[int]) -> Any:
    text = NativeString(error).take()
    raise CartstoreError(status, json.loads(text) if text else {"description": f"status {status}"})


class Store(Operations):
    """An open store, usable from several threads at once; a context manager that closes it.
    Every operation of the library is one of its methods (see :class:`cartstore._operations.Operations`)."""

    def __init__(self, handle: int):
        self._handle: Optional[int] = handle

    @classmethod
    def open(cls, path: Union[str, "os.PathLike[str]"], *, locale: Optional[str] = None, user: Optional[str] = None,
             busy_timeout_ms: Optional[int] = None, messages: Optional[Union[str, "os.PathLike[str]"]] = None) -> Store:
        """Opens (creating if needed) the store at ``path`` (``":memory:"`` for a private one).

        ``locale``: a BCP 47 tag for error descriptions (default ``en``); ``user``: the
        ``lastModifiedUser`` of cart changes; ``busy_timeout_ms``: how long a write waits for
        another connection's lock; ``messages``: a ``.ftl`` file or a directory of
        ``<locale>/errors.ftl`` (and ``quote.ftl``) with the application's own messages.
        Raises :class:`CartstoreError` when the file is not a store or the messages are refused.
        """
        options: dict[str, Any] = {k: v for k, v in (("locale", locale), ("user", user),
                                                     ("busyTimeoutMs", busy_timeout_ms),
                                                     ("messages", None if messages is None else str(messages)))
                                   if v is not None}
        handle, error = ctypes.c_void_p(), ctypes.c_void_p()
        status = load().cartstore_open(str(path).encode("utf-8"), json.dumps(options).encode("utf-8"),
                                       ctypes.byref(handle), ctypes.byref(error))
        if status != OK:
            _fail(status, error.value)
        return cls(handle.value or 0)

    def close(self) -> None:
        """Closes the store (calls in flight finish first); closing again does nothing."""
        if self._handle is not None:
            load().cartstore_close(self._handle)
            self._handle = None

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._handle is None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _live(self, what: str) -> int:
        if self._handle is None:
            raise MisuseError(f"cartstore: {what} on a closed store")
        return self._handle

    def _call(self, name: str, args: tuple[Any, ...]) -> Any:
        kinds = OPERATIONS[name]
        if len(args) != len(kinds):
            raise TypeError(f"cartstore: {name} takes {len(kinds)} argument(s), not {len(args)}")
        handle = self._live(name)
        out, error = ctypes.c_void_p(), ctypes.c_void_p()
        # Each callback's thunk (and the token it returned) is referenced until the call returns.
        encoded = [_encode(v, k) for v, k in zip(args, kinds)]
        values = [v.c if isinstance(v, _TokenThunk) else v for v in encoded]
        status = getattr(load(), "cartstore_" + name)(handle, *values, ctypes.byref(out), ctypes.byref(error))
        if status != OK:
            _fail(status, error.value)
        text = NativeString(out.value).take() or "null"
        return text if name in RAW else json.loads(text)

    def describe_error(self, error: Union[CartstoreError, ErrorBody, str], locale: str) -> str:
        """The description of an error in ``locale``, negotiated among the built-in locales and
        those of the messages this store was opened with (``messages=``), whose texts are used.
        Raises :class:`CartstoreError` (status 3) for something that is not an error cartstore
        describes. Calls ``cartstore_store_describe_error``."""
        out = ctypes.c_void_p()
        status = load().cartstore_store_describe_error(self._live("describe_error"), _error_text(error),
                                                       locale.encode("utf-8"), ctypes.byref(out))
        text = NativeString(out.value).take() or ""
        if status != OK:
            raise CartstoreError(status, json.loads(text))
        return text

    def render_quote(self, quote: Union[Quote, str], locale: str = "") -> str:
        """A quote (as :meth:`issue_quote` or :meth:`get_quote` returned it) as one
        self-contained HTML document in ``locale`` (``""``: the quote's own language), with the
        labels of the messages this store was opened with (their ``quote.ftl``). Raises
        :class:`CartstoreError` (status 3) for something that is not a quote. Calls
        ``cartstore_store_render_quote``."""
        out = ctypes.c_void_p()
        text = quote if isinstance(quote, str) else json.dumps(quote)
        status = load().cartstore_store_render_quote(self._live("render_quote"), text.encode("utf-8"),
                                                     locale.encode("utf-8"), ctypes.byref(out))
        html = NativeString(out.value).take() or ""
        if status != OK:
            raise CartstoreError(status, json.loads(html))
        return html


def _error_text(error: Union[CartstoreError, ErrorBody, str]) -> bytes:
    body = error.body if isinstance(error, CartstoreError) else error
    return (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")


def describe_error(error: Union[CartstoreError, ErrorBody, str], locale: str) -> str:
    """The description of an error (a :class:`CartstoreError`, or its JSON body) in ``locale``,
    with the built-in messages (en, fr, ja, zh-TW; for an application's own, use
    :meth:`Store.describe_error`). Raises :class:`CartstoreError` (status 3) for something that
    is not an error cartstore describes. Calls ``cartstore_describe_error``."""
    out = ctypes.c_void_p()
    status = load().cartstore_describe_error(_error_text(error), locale.encode("utf-8"), ctypes.byref(out))
    text = NativeString(out.value).take() or ""
    if status != OK:
        raise CartstoreError(status, json.loads(text))
    return text


def render_quote(quote: Union[Quote, str], locale: str = "") -> str:
    """A quote (as ``issue_quote`` or ``get_quote`` returned it) as one self-contained HTML
    document in ``locale`` (``""``: the quote's own language), with the built-in labels (for an
    application's own, use :meth:`Store.render_quote`). Calls ``cartstore_render_quote``."""
    text = quote if isinstance(quote, str) else json.dumps(quote)
    out = ctypes.c_void_p()
    status = load().cartstore_render_quote(text.encode("utf-8"), locale.encode("utf-8"), ctypes.byref(out))
    html = NativeString(out.value).take() or ""
    if status != OK:
        raise CartstoreError(status, json.loads(html))
    return html
