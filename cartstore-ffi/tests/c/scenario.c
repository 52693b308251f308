/* The binding scenario in C, against the shared library, under AddressSanitizer,
 * UndefinedBehaviorSanitizer and LeakSanitizer (driven by tests/bindings.rs):
 *
 *   cc -fsanitize=address,undefined -Iinclude tests/c/scenario.c -L<dir> -lcartstore_ffi
 *   ./scenario examples/catalog.json /tmp/dir/store.db [rounds]
 *
 * Prints one line per check and "N passed, N failed"; exits 1 on any failure. Every string the
 * library returns is freed, so LeakSanitizer reports nothing (it makes the exit status non-zero
 * when it finds a leak).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cartstore.h"

static int passed = 0, failed = 0;

static void check(int ok, const char *what) {
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAILED: %s\n", what);
    }
}

/* The text of a file, NUL-terminated (malloc'd). */
static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    if (text && fread(text, 1, (size_t)n, f) != (size_t)n) {
        free(text);
        text = NULL;
    }
    if (text) text[n] = '\0';
    fclose(f);
    return text;
}

/* The string value of the first "key":"value" in json, copied into out (at most size bytes). */
static int json_string(const char *json, const char *key, char *out, size_t size) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    const char *at = json ? strstr(json, pattern) : NULL;
    if (!at) return 0;
    at += strlen(pattern);
    const char *end = strchr(at, '"');
    if (!end || (size_t)(end - at) >= size) return 0;
    memcpy(out, at, (size_t)(end - at));
    out[end - at] = '\0';
    return 1;
}

static const char *NEW_CART =
    "{\"lineItems\": [{\"catalogItemId\": \"CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5\", \"quantity\": 5,"
    " \"termDuration\": \"P1Y\", \"billingCycle\": \"monthly\"}]}";

static void scenario(const char *catalog_path, const char *db_path) {
    char *out = NULL, *err = NULL;
    cartstore_store *store = NULL;

    check(cartstore_abi_version() == CARTSTORE_ABI_VERSION, "ABI version matches the header");
    check(cartstore_open(db_path, "{\"locale\": \"en\", \"user\": \"c-test\"}", &store, &err) == CARTSTORE_OK,
          "open a temporary file");
    check(store != NULL && err == NULL, "open returns a handle and no error");

    char *catalog = read_file(catalog_path);
    check(catalog != NULL, "read the sample catalog");
    check(cartstore_import_catalog(store, catalog, &out, &err) == CARTSTORE_OK, "import the sample catalog");
    check(out && strcmp(out, "null") == 0, "import returns null");
    cartstore_string_free(out);
    free(catalog);

    check(cartstore_create_cart(store, "customer-1", NEW_CART, &out, &err) == CARTSTORE_OK, "create a cart");
    char cart_id[64] = "", stamp[64] = "";
    check(json_string(out, "id", cart_id, sizeof cart_id), "the cart has an id");
    check(json_string(out, "lastModifiedTimestamp", stamp, sizeof stamp), "the cart has a timestamp");
    check(out && strstr(out, "\"lastModifiedUser\":\"c-test\"") != NULL, "the user option is written");
    cartstore_string_free(out);

    /* A stale update: a conflict (900002), nothing written. */
    char stale[1024];
    snprintf(stale, sizeof stale,
             "{\"id\": \"%s\", \"lastModifiedTimestamp\": \"2020-01-01T00:00:00Z\", \"lineItems\": [{\"catalogItemId\":"
             " \"CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5\", \"quantity\": 7, \"termDuration\": \"P1Y\", \"billingCycle\": \"monthly\"}]}",
             cart_id);
    check(cartstore_update_cart(store, "customer-1", stale, &out, &err) == CARTSTORE_ERROR, "a stale update is refused");
    check(out == NULL && err && strstr(err, "\"code\":900002") && strstr(err, "\"errorName\":\"Conflict\""),
          "the refusal is a Conflict (900002)");
    char *conflict = err;

    /* A quote for the cart, 15 % over cost: issued, read back, listed, rendered in Japanese. */
    char *quote = NULL;
    check(cartstore_issue_quote(store, "customer-1", cart_id, "{\"priceBasis\": {\"kind\": \"markup\", \"percent\": 15}}",
                                &quote, &err) == CARTSTORE_OK,
          "issue a quote");
    char number[64] = "";
    check(json_string(quote, "quoteNumber", number, sizeof number) && strncmp(number, "Q-", 2) == 0, "the quote has a number");
    check(cartstore_get_quote(store, "customer-1", number, &out, &err) == CARTSTORE_OK && out && strcmp(out, quote) == 0,
          "the quote reads back as issued");
    cartstore_string_free(out);
    check(cartstore_list_quotes(store, "customer-1", &out, &err) == CARTSTORE_OK && out && strstr(out, number),
          "the quote is listed");
    cartstore_string_free(out);
    char *html = NULL;
    check(cartstore_render_quote(quote, "ja", &html) == CARTSTORE_OK && html &&
              strncmp(html, "<!DOCTYPE html>", 15) == 0 && strstr(html, "\xe8\xa6\x8b\xe7\xa9\x8d"),
          "the quote renders in Japanese");
    cartstore_string_free(html);
    cartstore_string_free(quote);

    /* Checkout twice with one request id: the same orders. */
    char *first = NULL, *second = NULL;
    check(cartstore_checkout_with_request_id(store, "customer-1", cart_id, "request-1", &first, &err) == CARTSTORE_OK,
          "checkout");
    check(cartstore_checkout_with_request_id(store, "customer-1", cart_id, "request-1", &second, &err) == CARTSTORE_OK,
          "checkout again with the same request id");
    char order_1[64] = "", order_2[64] = "";
    check(json_string(first, "id", order_1, sizeof order_1) && json_string(second, "id", order_2, sizeof order_2) &&
              strcmp(order_1, order_2) == 0,
          "both checkouts return the same order");
    check(first && second && strcmp(first, second) == 0, "both checkouts return the same result");
    cartstore_string_free(first);
    cartstore_string_free(second);

    check(cartstore_list_orders(store, "customer-1", "{\"pageSize\": 10}", &out, &err) == CARTSTORE_OK, "list orders");
    check(out && strstr(out, "\"totalCount\":1") && strstr(out, order_1), "the order is listed");
    cartstore_string_free(out);

    /* The conflict described in Japanese. */
    char *text = NULL;
    check(cartstore_describe_error(conflict, "ja-JP", &text) == CARTSTORE_OK, "describe an error in ja");
    check(text && strstr(text, "\xe3\x82\xab\xe3\x83\xbc\xe3\x83\x88") && strstr(text, cart_id),
          "the description is Japanese and names the cart");
    cartstore_string_free(text);
    cartstore_string_free(conflict);

    cartstore_close(store);
    check(cartstore_get_cart(store, "customer-1", cart_id, &out, &err) == CARTSTORE_INVALID_ARGUMENT,
          "a closed handle is refused");
    check(out == NULL && err && strstr(err, "store"), "the error names the handle");
    cartstore_string_free(err);
    cartstore_close(store); /* twice: ignored */
    cartstore_close(NULL);
}

static void bad_input(void) {
    char *out = (char *)1, *err = (char *)1;
    cartstore_store *store = NULL;
    check(cartstore_open(":memory:", NULL, &store, &err) == CARTSTORE_OK && err == NULL, "open in memory");

    check(cartstore_get_cart(store, NULL, "x", &out, &err) == CARTSTORE_INVALID_ARGUMENT, "NULL customer");
    check(out == NULL && err && strstr(err, "\"field\":\"customer\""), "the error names customer");
    cartstore_string_free(err);

    check(cartstore_get_cart(store, "customer-\xff", "x", &out, &err) == CARTSTORE_INVALID_ARGUMENT, "invalid UTF-8");
    cartstore_string_free(err);

    check(cartstore_create_cart(store, "customer-1", "{\"lineItems\": [", &out, &err) == CARTSTORE_INVALID_ARGUMENT,
          "malformed JSON");
    check(err && strstr(err, "new_cart"), "the error names new_cart");
    cartstore_string_free(err);

    int not_a_store = 7;
    check(cartstore_list_carts((cartstore_store *)&not_a_store, "customer-1", &out, &err) ==
              CARTSTORE_INVALID_ARGUMENT,
          "a foreign handle");
    cartstore_string_free(err);
    check(cartstore_list_carts(NULL, "customer-1", &out, &err) == CARTSTORE_INVALID_ARGUMENT, "a NULL handle");
    cartstore_string_free(err);
    check(cartstore_list_carts(store, "customer-1", NULL, &err) == CARTSTORE_INVALID_ARGUMENT, "a NULL out_json");
    cartstore_string_free(err);
    check(cartstore_list_carts(store, "customer-1", &out, NULL) == CARTSTORE_INVALID_ARGUMENT, "a NULL out_error");
    cartstore_store *other = (cartstore_store *)1;
    check(cartstore_open(NULL, NULL, &other, NULL) == CARTSTORE_INVALID_ARGUMENT && other == NULL, "open with NULL");
    check(cartstore_describe_error("{}", "en", NULL) == CARTSTORE_INVALID_ARGUMENT, "describe with NULL out");
    cartstore_string_free(NULL);

    check(cartstore_get_cart(store, "customer-1", "nope", &out, &err) == CARTSTORE_ERROR, "a missing cart");
    check(err && strstr(err, "\"code\":800008"), "is 800008");
    cartstore_string_free(err);
    cartstore_close(store);
}

/* create / get / checkout, `rounds` times, every string freed. */
static void rounds(long count) {
    cartstore_store *store = NULL;
    char *out = NULL, *err = NULL;
    cartstore_open(":memory:", NULL, &store, &err);
    cartstore_string_free(err);
    const char *item =
        "{\"items\": [{\"catalogItemId\": \"SKU:1\", \"currencyCode\": \"USD\","
        " \"terms\": [{\"termDuration\": \"P1Y\", \"billingCycle\": \"monthly\", \"listPrice\": 30.4}]}]}";
    cartstore_import_catalog(store, item, &out, &err);
    cartstore_string_free(out);
    const char *cart = "{\"lineItems\": [{\"catalogItemId\": \"SKU:1\", \"quantity\": 1, \"termDuration\": \"P1Y\","
                       " \"billingCycle\": \"monthly\"}]}";
    long ok = 0;
    for (long i = 0; i < count; i++) {
        char id[64] = "";
        int status = cartstore_create_cart(store, "customer-1", cart, &out, &err);
        json_string(out, "id", id, sizeof id);
        cartstore_string_free(out);
        cartstore_string_free(err);
        status |= cartstore_get_cart(store, "customer-1", id, &out, &err);
        cartstore_string_free(out);
        cartstore_string_free(err);
        status |= cartstore_checkout(store, "customer-1", id, &out, &err);
        cartstore_string_free(out);
        cartstore_string_free(err);
        /* and an error every time, freed too */
        status |= cartstore_checkout(store, "customer-1", id, &out, &err) == CARTSTORE_ERROR ? 0 : 1;
        cartstore_string_free(out);
        cartstore_string_free(err);
        if (status == 0) ok++;
    }
    char what[80];
    snprintf(what, sizeof what, "%ld create/get/checkout rounds", count);
    check(ok == count, what);
    cartstore_close(store);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s CATALOG.json STORE.db [ROUNDS]\n", argv[0]);
        return 2;
    }
    scenario(argv[1], argv[2]);
    bad_input();
    rounds(argc > 3 ? atol(argv[3]) : 10000);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
