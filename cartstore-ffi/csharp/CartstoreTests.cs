// The binding scenario against the freshly built library, compiled with mcs and run with mono
// (driven from cargo test: cartstore-ffi/tests/bindings.rs). Prints "N passed, N failed" and
// exits 1 on any failure. Usage: mono CartstoreTests.exe CATALOG.json TEMP_DIR
using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;
using Cartstore;

public static class CartstoreTests
{
    private static int passed, failed;

    private static void Check(bool ok, string what)
    {
        if (ok) passed++;
        else { failed++; Console.WriteLine("FAILED: " + what); }
    }

    private static void Run(string name, Action test)
    {
        try { test(); }
        catch (Exception e) { failed++; Console.WriteLine("FAILED: " + name + ": " + e); }
    }

    private static string Member(string json, string name)
    {
        var m = Regex.Match(json, "\"" + name + "\":\"([^\"]*)\"");
        return m.Success ? m.Groups[1].Value : null;
    }

    private static T Throws<T>(Action action) where T : Exception
    {
        try { action(); }
        catch (T e) { return e; }
        return null;
    }

    private const string NewCart = "{\"lineItems\": [{\"catalogItemId\": \"CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5\", \"quantity\": 5, \"termDuration\": \"P1Y\", \"billingCycle\": \"monthly\"}]}";

    public static int Main(string[] args)
    {
        string catalog = File.ReadAllText(args[0]);
        string dir = args[1];
        string examples = Path.GetDirectoryName(Path.GetFullPath(args[0]));

        Run("the whole product", () =>
        {
            using (var store = Store.Open(Path.Combine(dir, "product.db"), "{\"locale\": \"en\", \"user\": \"cs-scenario\", \"messages\": \"" + Path.Combine(examples, "messages").Replace("\\", "\\\\") + "\"}"))
            {
                string report = store.ImportPriceList(Path.Combine(examples, "pricelist-sample.csv"));
                Check(report.Contains("\"rows\":30"), "the sample price list is imported: " + report);
                Check(store.SetCustomer("customer-1", "{\"name\": \"Contoso Ltd\", \"segment\": \"commercial\", \"market\": \"US\", \"locale\": \"ja-JP\"}").Contains("Contoso Ltd"), "the customer is set");
                string partner = store.SetPartnerProfile("{\"name\": \"Fabrikam Partners\", \"addressLines\": [\"1 Main St\"]}");
                Check(store.GetPartnerProfile() == partner, "the partner profile is set");
                string found = store.SearchCatalog("{\"text\": \"contoso business basic\", \"termDuration\": \"P1Y\", \"pageSize\": 5}");
                string item = Member(found, "catalogItemId");
                Check(item == "SAMPLE000001:0001", "the search finds the item: " + item);
                string cart = store.CreateCart("customer-1", "{\"lineItems\": [{\"catalogItemId\": \"" + item + "\", \"quantity\": 5, \"termDuration\": \"P1Y\", \"billingCycle\": \"monthly\"}]}");
                string cartId = Member(cart, "id");
                string stale = "{\"id\": \"" + cartId + "\", \"lastModifiedTimestamp\": \"2020-01-01T00:00:00Z\", \"lineItems\": [{\"catalogItemId\": \"" + item + "\", \"quantity\": 7, \"termDuration\": \"P1Y\", \"billingCycle\": \"monthly\"}]}";
                var conflict = Throws<CartstoreException>(() => store.UpdateCart("customer-1", stale));
                Check(conflict != null && conflict.Code == 900002 && conflict.ErrorName == "Conflict", "a stale update is a Conflict");
                string quote = store.IssueQuote("customer-1", cartId, "{\"priceBasis\": {\"kind\": \"markup\", \"percent\": 15}}");
                string html = store.RenderQuoteWithMessages(quote, "ja");
                Check(html.Contains("見積") && html.Contains("Fabrikam Partners"), "the quote renders in Japanese with the partner");
                string first = store.CheckoutWithRequestId("customer-1", cartId, "request-1");
                Check(store.CheckoutWithRequestId("customer-1", cartId, "request-1") == first, "one request id, one checkout");
                Check(store.ListOrders("customer-1", "{\"pageSize\": 10}").Contains("\"totalCount\":1"), "one order listed");
                var missing = Throws<CartstoreException>(() => store.GetCart("customer-1", "no-such-cart"));
                string german = missing == null ? null : store.DescribeErrorWithMessages(missing.Json, "de");
                Check(german == "Die Warenkorb-ID kann nicht abgerufen werden.", "described in German: " + german);
            }
        });

        Run("the wrapper has every operation of the library", () =>
        {
            string table = Store.Operations();
            foreach (Match m in Regex.Matches(table, "\"export\":\"(cartstore_[a-z_]+)\",\"name\":\"([a-z_]+)\""))
            {
                string method = Regex.Replace(m.Groups[2].Value, "(^|_)([a-z])", x => x.Groups[2].Value.ToUpperInvariant());
                Check(typeof(Store).GetMethod(method) != null, "Store." + method + " for " + m.Groups[1].Value);
            }
            Check(Regex.Matches(table, "\"export\":\"cartstore_[a-z_]+\",\"name\"").Count >= 27, "the table lists the operations");
        });

        Run("scenario", () =>
        {
            using (var store = Store.Open(Path.Combine(dir, "store.db"), "{\"locale\": \"en\", \"user\": \"cs-test\"}"))
            {
                Check(store.ImportCatalog(catalog) == "null", "import the sample catalog");
                string cart = store.CreateCart("customer-1", NewCart);
                string cartId = Member(cart, "id");
                Check(cartId != null && Member(cart, "lastModifiedUser") == "cs-test", "create a cart");

                // A stale update: a conflict.
                string stale = "{\"id\": \"" + cartId + "\", \"lastModifiedTimestamp\": \"2020-01-01T00:00:00Z\", \"lineItems\": []}";
                var conflict = Throws<CartstoreException>(() => store.UpdateCart("customer-1", stale.Replace("[]", "[{\"catalogItemId\": \"CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5\", \"quantity\": 7, \"termDuration\": \"P1Y\", \"billingCycle\": \"monthly\"}]")));
                Check(conflict != null && conflict.Status == Status.Error && conflict.Code == 900002 && conflict.ErrorName == "Conflict", "a stale update is a Conflict");
                Check(conflict != null && conflict.Description.Contains(cartId), "the description names the cart");

                // A quote for the cart, 15 % over cost: issued, read back, listed, rendered in Japanese.
                string quote = store.IssueQuote("customer-1", cartId, "{\"priceBasis\": {\"kind\": \"markup\", \"percent\": 15}}");
                string number = Member(quote, "quoteNumber");
                Check(number != null && number.StartsWith("Q-"), "a quote is issued: " + number);
                Check(store.GetQuote("customer-1", number) == quote, "the quote reads back as issued");
                Check(store.ListQuotes("customer-1").Contains(number), "the quote is listed");
                string html = Store.RenderQuote(quote, "ja");
                Check(html.StartsWith("<!DOCTYPE html>") && html.Contains("見積"), "the quote renders in Japanese");

                // Checkout twice with one request id: the same orders.
                string first = store.CheckoutWithRequestId("customer-1", cartId, "request-1");
                string again = store.CheckoutWithRequestId("customer-1", cartId, "request-1");
                Check(first == again, "the same result twice");
                string orderId = Member(first, "id");
                Check(orderId != null, "an order");

                string page = store.ListOrders("customer-1", "{\"pageSize\": 10}");
                Check(page.Contains("\"totalCount\":1") && page.Contains(orderId), "the order is listed");

                // The conflict described in Japanese.
                string ja = Store.DescribeError(conflict.Json, "ja-JP");
                Check(ja.Contains("カート") && ja.Contains(cartId), "described in Japanese: " + ja);

            }
        });

        Run("submission with a token delegate", () =>
        {
            const string customer = "9f2c3e55-8f2e-4c1b-9d2a-3b3c5d6e7f80";
            const string unreachable = "http://127.0.0.1:9"; // never contacted: without a token nothing is sent
            using (var store = Store.Open(Path.Combine(dir, "submit.db")))
            {
                store.ImportCatalog(catalog);
                string cartId = Member(store.CreateCart(customer, NewCart), "id");
                var refused = Throws<CartstoreException>(() => store.Submit(customer, cartId, unreachable, null));
                Check(refused != null && refused.Status == Status.InvalidArgument && refused.Json.Contains("token"), "a null delegate is status 3");
                Check(store.ListSubmissions(customer, "") == "[]", "nothing was stored");
                int calls = 0;
                TokenReason? first = null;
                string submission = store.Submit(customer, cartId, unreachable, (reason, claims) => { calls++; first = reason; return null; });
                Check(Member(submission, "state") == "pausedAuth", "no token pauses it: " + submission);
                Check(calls == 1 && first == TokenReason.Initial, "the delegate is asked once, for the first token");
                string resumed = store.ResumeSubmissions(unreachable, (reason, claims) => { throw new InvalidOperationException("no sign-in"); });
                Check(Member(resumed, "state") == "pausedAuth" && Member(resumed, "submissionId") == Member(submission, "submissionId"), "a throwing delegate is no token: " + resumed);
                string id = Member(submission, "submissionId");
                Check(Member(store.GetSubmission(customer, id), "state") == "pausedAuth", "read back");
                Check(store.ListSubmissions(customer, cartId).Contains(id), "listed");
            }
        });

        Run("the delegate's token is sent and asked again after a 401", () =>
        {
            // A loopback service answering 401 (with a claims challenge) to every request.
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            var seen = new System.Collections.Generic.List<string>();
            var server = new Thread(() =>
            {
                try
                {
                    while (true)
                    {
                        using (var client = listener.AcceptTcpClient())
                        using (var stream = client.GetStream())
                        {
                            var head = new System.Text.StringBuilder();
                            while (!head.ToString().Contains("\r\n\r\n"))
                            {
                                int b = stream.ReadByte();
                                if (b < 0) break;
                                head.Append((char)b);
                            }
                            var auth = Regex.Match(head.ToString(), "(?im)^Authorization: (.*?)\r$");
                            lock (seen) seen.Add(auth.Success ? auth.Groups[1].Value : "");
                            byte[] reply = System.Text.Encoding.ASCII.GetBytes("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer error=\"insufficient_claims\", claims=\"eyJjbGFpbXMi\"\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
                            stream.Write(reply, 0, reply.Length);
                        }
                    }
                }
                catch (Exception) { } // the listener was stopped
            });
            server.IsBackground = true;
            server.Start();
            const string customer = "9f2c3e55-8f2e-4c1b-9d2a-3b3c5d6e7f80";
            using (var store = Store.Open(Path.Combine(dir, "submit-401.db")))
            {
                store.ImportCatalog(catalog);
                string cartId = Member(store.CreateCart(customer, NewCart), "id");
                var asked = new System.Collections.Generic.List<string>();
                string submission = store.Submit(customer, cartId, "http://127.0.0.1:" + port, (reason, claims) =>
                {
                    asked.Add(reason + "/" + (claims ?? "null"));
                    return "token-" + asked.Count;
                });
                listener.Stop();
                Check(Member(submission, "state") == "pausedAuth", "two 401s pause it: " + submission);
                Check(string.Join(",", asked) == "Initial/null,Rejected/eyJjbGFpbXMi", "asked again with the challenge: " + string.Join(",", asked));
                lock (seen) Check(string.Join(",", seen) == "Bearer token-1,Bearer token-2", "the tokens were sent: " + string.Join(",", seen));
            }
        });

        Run("misuse", () =>
        {
            var store = Store.Open(":memory:");
            store.Dispose();
            store.Dispose();
            Check(store.IsClosed, "closed");
            Check(Throws<ObjectDisposedException>(() => store.ListCarts("customer-1")) != null, "use after close throws ObjectDisposedException");

            var text = new NativeString(IntPtr.Zero);
            text.Free();
            Check(Throws<InvalidOperationException>(() => text.Free()) != null, "a string freed twice throws");

            using (var live = Store.Open(":memory:"))
            {
                var e = Throws<CartstoreException>(() => live.GetCart(null, "x"));
                Check(e != null && e.Status == Status.InvalidArgument && e.Code == 800002 && e.Json.Contains("\"field\":\"customer\""), "NULL customer");
                e = Throws<CartstoreException>(() => live.CreateCart("customer-1", "{\"lineItems\": ["));
                Check(e != null && e.Status == Status.InvalidArgument && e.Json.Contains("new_cart"), "malformed JSON");
                e = Throws<CartstoreException>(() => live.GetCart("customer-1", "missing"));
                Check(e != null && e.Status == Status.Error && e.Code == 800008, "a missing cart is 800008");
                e = Throws<CartstoreException>(() => live.RecordProvisioning("customer-1", "o-1", 0, "shipped"));
                Check(e != null && e.Status == Status.InvalidArgument && e.Json.Contains("\"field\":\"status\""), "a bad status");
            }
            var bad = Throws<CartstoreException>(() => Store.Open(":memory:", "{\"colour\": \"blue\"}"));
            Check(bad != null && bad.Status == Status.InvalidArgument, "bad options");
            Check(Throws<CartstoreException>(() => Store.DescribeError("{\"code\": 1}", "en")) != null, "nothing to describe");
        });

        Run("eight threads", () =>
        {
            using (var store = Store.Open(Path.Combine(dir, "threads.db")))
            {
                store.ImportCatalog(catalog);
                int errors = 0;
                var threads = new Thread[8];
                for (int t = 0; t < threads.Length; t++)
                {
                    string customer = "customer-" + t;
                    threads[t] = new Thread(() =>
                    {
                        try
                        {
                            for (int i = 0; i < 10; i++)
                                store.Checkout(customer, Member(store.CreateCart(customer, NewCart), "id"));
                        }
                        catch (Exception) { Interlocked.Increment(ref errors); }
                    });
                    threads[t].Start();
                }
                foreach (var thread in threads) thread.Join();
                Check(errors == 0, "no thread failed");
                Check(Regex.Matches(store.ListCarts("customer-3"), "\"status\":\"Ordered\"").Count == 10, "every cart of a thread was ordered");
            }
        });

        Console.WriteLine(passed + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }
}
