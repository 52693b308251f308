// cartstore for C# / .NET / Mono: P/Invoke over the C ABI (libcartstore_ffi). Every operation
// of the library is a method of Store (Operations.g.cs, generated from the library's table with
// its documentation) taking the same arguments (JSON text for structured ones: Mono has no
// System.Text.Json) and returning the result JSON text; a refusal throws CartstoreException
// carrying Status, Code, ErrorName and Description. The store handle is a SafeHandle, so a
// call in flight keeps the store open and a closed store throws ObjectDisposedException.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Cartstore
{
    /// <summary>The statuses of the C ABI.</summary>
    public enum Status
    {
        Ok = 0,
        Error = 1,
        Panic = 2,
        InvalidArgument = 3,
    }

    /// <summary>A refusal of the library: the store's error (1), a caught panic (2) or an invalid argument (3).</summary>
    public sealed class CartstoreException : Exception
    {
        public Status Status { get; private set; }
        public int Code { get; private set; }
        public string ErrorName { get; private set; }
        public string Description { get; private set; }
        /// <summary>The error JSON as the library returned it (for Store.DescribeError).</summary>
        public string Json { get; private set; }

        public CartstoreException(Status status, string json)
            : base(Cartstore.Json.String(json, "description") ?? ("status " + (int)status))
        {
            Status = status;
            Json = json ?? "{}";
            Code = Cartstore.Json.Int(Json, "code") ?? 0;
            ErrorName = Cartstore.Json.String(Json, "errorName") ?? "";
            Description = Cartstore.Json.String(Json, "description") ?? "";
        }
    }

    /// <summary>The store handle: released with cartstore_close, once, when no call uses it.</summary>
    public sealed class StoreHandle : SafeHandle
    {
        public StoreHandle() : base(IntPtr.Zero, true) { }

        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }

        protected override bool ReleaseHandle()
        {
            Native.cartstore_close(handle);
            return true;
        }
    }

    /// <summary>A string returned by the library: read it, free it once.</summary>
    public sealed class NativeString : IDisposable
    {
        private IntPtr pointer;
        private bool freed;

        public NativeString(IntPtr pointer) { this.pointer = pointer; }

        /// <summary>Its text (null for a NULL pointer).</summary>
        public string Text()
        {
            if (freed) throw new InvalidOperationException("cartstore: the string was already freed");
            if (pointer == IntPtr.Zero) return null;
            int length = 0;
            while (Marshal.ReadByte(pointer, length) != 0) length++;
            var bytes = new byte[length];
            Marshal.Copy(pointer, bytes, 0, length);
            return Encoding.UTF8.GetString(bytes);
        }

        /// <summary>Frees it; a second call throws instead of corrupting the heap.</summary>
        public void Free()
        {
            if (freed) throw new InvalidOperationException("cartstore: the string was already freed");
            freed = true;
            if (pointer != IntPtr.Zero) Native.cartstore_string_free(pointer);
            pointer = IntPtr.Zero;
        }

        /// <summary>Its text, then freed.</summary>
        public string Take()
        {
            string text = Text();
            Free();
            return text;
        }

        public void Dispose()
        {
            if (!freed) Free();
        }
    }

    /// <summary>Why a token is asked for (CARTSTORE_TOKEN_*).</summary>
    public enum TokenReason
    {
        /// <summary>The first request of the call.</summary>
        Initial = 0,
        /// <summary>The token held expires within a minute.</summary>
        Expired = 1,
        /// <summary>Partner Center answered 401 to the token held.</summary>
        Rejected = 2,
    }

    /// <summary>The host's source of Partner Center access tokens (Store.Submit,
    /// Store.ResumeSubmissions): called on the calling thread, during the call, with the reason
    /// and the claims challenge of a 401 (or null); returns the bearer token (say from MSAL's
    /// AcquireTokenSilent / AcquireTokenInteractive), or null for none: the submission then pauses
    /// in pausedAuth. An exception thrown by it counts as no token.</summary>
    public delegate string TokenSource(TokenReason reason, string claimsChallenge);

    /// <summary>cartstore_token_callback.</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    internal delegate IntPtr TokenCallback(IntPtr userData, int reason, IntPtr claimsChallenge);

    /// <summary>A TokenSource as the C callback, for one call: the native copy of the token it
    /// last returned lives until the next call of the callback or Dispose (the end of the call),
    /// then is overwritten and freed.</summary>
    internal sealed class TokenThunk : IDisposable
    {
        private readonly TokenSource source;
        private IntPtr token;
        private int length;

        /// <summary>The native callback (null for a null source: the library refuses it with status 3).</summary>
        internal readonly TokenCallback Callback;

        internal TokenThunk(TokenSource source)
        {
            this.source = source;
            Callback = source == null ? null : new TokenCallback(Call);
        }

        private IntPtr Call(IntPtr userData, int reason, IntPtr claimsChallenge)
        {
            Release();
            string text;
            try
            {
                string claims = claimsChallenge == IntPtr.Zero ? null : new NativeText(claimsChallenge).Text();
                text = source((TokenReason)reason, claims);
            }
            catch (Exception)
            {
                // Never unwinds into the library.
                return IntPtr.Zero;
            }
            if (text == null) return IntPtr.Zero;
            byte[] bytes = Store.Utf8(text);
            token = Marshal.AllocHGlobal(bytes.Length);
            length = bytes.Length;
            Marshal.Copy(bytes, 0, token, bytes.Length);
            return token;
        }

        private void Release()
        {
            if (token == IntPtr.Zero) return;
            Marshal.Copy(new byte[length], 0, token, length);
            Marshal.FreeHGlobal(token);
            token = IntPtr.Zero;
        }

        public void Dispose()
        {
            Release();
            GC.KeepAlive(Callback);
        }
    }

    /// <summary>A NUL-terminated UTF-8 string the library lends (not to be freed).</summary>
    internal struct NativeText
    {
        private readonly IntPtr pointer;

        internal NativeText(IntPtr pointer) { this.pointer = pointer; }

        internal string Text()
        {
            int count = 0;
            while (Marshal.ReadByte(pointer, count) != 0) count++;
            var bytes = new byte[count];
            Marshal.Copy(pointer, bytes, 0, count);
            return Encoding.UTF8.GetString(bytes);
        }
    }

    internal static partial class Native
    {
        private const string Lib = "cartstore_ffi";

        [DllImport(Lib)] internal static extern uint cartstore_abi_version();
        [DllImport(Lib)] internal static extern int cartstore_open(byte[] path, byte[] options, out StoreHandle store, out IntPtr error);
        [DllImport(Lib)] internal static extern void cartstore_close(IntPtr store);
        [DllImport(Lib)] internal static extern void cartstore_string_free(IntPtr text);
        [DllImport(Lib)] internal static extern int cartstore_describe_error(byte[] error, byte[] locale, out IntPtr text);

        [DllImport(Lib)] internal static extern int cartstore_operations(out IntPtr json);
        [DllImport(Lib)] internal static extern int cartstore_store_describe_error(StoreHandle s, byte[] error, byte[] locale, out IntPtr text);
        [DllImport(Lib)] internal static extern int cartstore_store_render_quote(StoreHandle s, byte[] quote, byte[] locale, out IntPtr html);
        // The operations: Operations.g.cs, generated from the library's table.
        [DllImport(Lib)] internal static extern int cartstore_render_quote(byte[] quote, byte[] locale, out IntPtr html);
    }

    /// <summary>An open store, usable from several threads at once; Dispose closes it.</summary>
    public sealed partial class Store : IDisposable
    {
        /// <summary>The ABI version this wrapper was written for.</summary>
        public const uint AbiVersion = 1;

        private readonly StoreHandle handle;

        private Store(StoreHandle handle) { this.handle = handle; }

        /// <summary>NUL-terminated UTF-8, or null for NULL.</summary>
        internal static byte[] Utf8(string text)
        {
            if (text == null) return null;
            var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
            Encoding.UTF8.GetBytes(text, 0, text.Length, bytes, 0);
            return bytes;
        }

        /// <summary>Opens (creating if needed) the store at path (":memory:" for a private one);
        /// optionsJson: {"locale", "user", "busyTimeoutMs", "messages"} or null.</summary>
        public static Store Open(string path, string optionsJson = null)
        {
            uint version = Native.cartstore_abi_version();
            if (version != AbiVersion)
                throw new InvalidOperationException("cartstore: the library implements ABI " + version + ", this wrapper ABI " + AbiVersion);
            StoreHandle handle;
            IntPtr error;
            int status = Native.cartstore_open(Utf8(path), Utf8(optionsJson), out handle, out error);
            if (status != 0)
            {
                handle.SetHandleAsInvalid();
                throw new CartstoreException((Status)status, new NativeString(error).Take());
            }
            return new Store(handle);
        }

        public bool IsClosed { get { return handle.IsClosed; } }

        /// <summary>Closes the store (calls in flight finish first); closing again does nothing.</summary>
        public void Dispose() { handle.Dispose(); }

        private delegate int Call(StoreHandle s, out IntPtr json, out IntPtr error);

        private string Invoke(Call call)
        {
            if (handle.IsClosed) throw new ObjectDisposedException("Store", "cartstore: the store is closed");
            IntPtr json, error;
            int status = call(handle, out json, out error);
            if (status != 0)
            {
                new NativeString(json).Dispose();
                throw new CartstoreException((Status)status, new NativeString(error).Take());
            }
            return new NativeString(json).Take();
        }

        /// <summary>The library's table of exports (cartstore_operations) as JSON: every operation with
        /// its parameters, result type and documentation, and the other functions.</summary>
        public static string Operations()
        {
            IntPtr json;
            int status = Native.cartstore_operations(out json);
            string result = new NativeString(json).Take();
            if (status != 0) throw new CartstoreException((Status)status, result);
            return result;
        }

        /// <summary>The description of an error JSON (CartstoreException.Json) in locale, with the
        /// messages this store was opened with ("messages") as well as the built-in ones.</summary>
        /// <exception cref="CartstoreException">Status 3: not an error cartstore describes.</exception>
        public string DescribeErrorWithMessages(string errorJson, string locale)
        {
            if (handle.IsClosed) throw new ObjectDisposedException("Store", "cartstore: the store is closed");
            IntPtr text;
            int status = Native.cartstore_store_describe_error(handle, Utf8(errorJson), Utf8(locale), out text);
            string result = new NativeString(text).Take();
            if (status != 0) throw new CartstoreException((Status)status, result);
            return result;
        }

        /// <summary>A quote JSON as one self-contained HTML document in locale ("" for the quote's
        /// own), with the labels of the messages this store was opened with.</summary>
        /// <exception cref="CartstoreException">Status 3: not a quote.</exception>
        public string RenderQuoteWithMessages(string quoteJson, string locale)
        {
            if (handle.IsClosed) throw new ObjectDisposedException("Store", "cartstore: the store is closed");
            IntPtr html;
            int status = Native.cartstore_store_render_quote(handle, Utf8(quoteJson), Utf8(locale), out html);
            string result = new NativeString(html).Take();
            if (status != 0) throw new CartstoreException((Status)status, result);
            return result;
        }

        /// <summary>A quote JSON (IssueQuote, GetQuote) as one self-contained HTML document in
        /// locale ("" for the quote's own language).</summary>
        public static string RenderQuote(string quoteJson, string locale)
        {
            IntPtr html;
            int status = Native.cartstore_render_quote(Utf8(quoteJson), Utf8(locale), out html);
            string result = new NativeString(html).Take();
            if (status != 0) throw new CartstoreException((Status)status, result);
            return result;
        }

        /// <summary>The description of an error JSON (CartstoreException.Json) in locale.</summary>
        public static string DescribeError(string errorJson, string locale)
        {
            IntPtr text;
            int status = Native.cartstore_describe_error(Utf8(errorJson), Utf8(locale), out text);
            string result = new NativeString(text).Take();
            if (status != 0) throw new CartstoreException((Status)status, result);
            return result;
        }
    }

    /// <summary>Reads one top-level member of a flat JSON object (the error JSON): enough for
    /// the wrapper's own needs without a JSON library (Mono's profile has none). Internal: an
    /// application reads the results with its own JSON library.</summary>
    internal static class Json
    {
        /// <summary>The string value of "name", unescaped, or null.</summary>
        public static string String(string json, string name)
        {
            int at = ValueStart(json, name);
            if (at < 0 || json[at] != '"') return null;
            var text = new StringBuilder();
            for (int i = at + 1; i < json.Length; i++)
            {
                char c = json[i];
                if (c == '"') return text.ToString();
                if (c != '\\') { text.Append(c); continue; }
                if (++i >= json.Length) return null;
                switch (json[i])
                {
                    case 'n': text.Append('\n'); break;
                    case 't': text.Append('\t'); break;
                    case 'r': text.Append('\r'); break;
                    case 'b': text.Append('\b'); break;
                    case 'f': text.Append('\f'); break;
                    case 'u':
                        if (i + 4 >= json.Length) return null;
                        text.Append((char)int.Parse(json.Substring(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        i += 4;
                        break;
                    default: text.Append(json[i]); break;
                }
            }
            return null;
        }

        /// <summary>The integer value of "name", or null.</summary>
        public static int? Int(string json, string name)
        {
            int at = ValueStart(json, name);
            if (at < 0) return null;
            int end = at;
            while (end < json.Length && (char.IsDigit(json[end]) || json[end] == '-')) end++;
            int value;
            return int.TryParse(json.Substring(at, end - at), NumberStyles.Integer, CultureInfo.InvariantCulture, out value) ? value : (int?)null;
        }

        private static int ValueStart(string json, string name)
        {
            if (json == null) return -1;
            string key = "\"" + name + "\":";
            int at = json.IndexOf(key, StringComparison.Ordinal);
            return at < 0 ? -1 : at + key.Length;
        }
    }
}
