//! Business rules of the seed audit (issue 20): 800065 on an update or a delete of an ordered
//! cart with the project's own description, the locale of a replayed checkout result, and
//! recording provisioning from the command line.

use cartstore::{CartChange, Error, Localizer, OrderErrorCode, Store, StoreOptions};
use serde_json::Value;

use crate::cli::{CUSTOMER, Env, checked_out, str_of};
use crate::store::{catalog, clock, store_with, three_group_cart};

type TestResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

const ORDERED: OrderErrorCode = OrderErrorCode::CartCheckOutNotAllowedWhenStatusIsOrdered;

/// Checks an error refusing `operation` on the ordered cart `cart_id`: 800065, described in
/// every locale with the cart id and not with the checkout text.
fn check_refused_change(err: &Error, cart_id: &str, operation: CartChange) {
    assert_eq!(err, &Error::CartAlreadyOrderedCannotChange { cart_id: cart_id.to_owned(), operation });
    assert_eq!(err.code(), 800_065);
    assert_eq!(err.order_code(), Some(ORDERED));
    assert_eq!(err.name(), "CartCheckOutNotAllowedWhenStatusIsOrdered");
    let mut texts = Vec::new();
    for loc in Localizer::all() {
        let text = loc.describe(err);
        let checkout_text = loc.order_error(ORDERED, &[("cartId", cart_id)]);
        assert!(text.contains(cart_id), "{}: {text:?}", loc.locale());
        assert_ne!(text, checkout_text, "{}: the checkout text", loc.locale());
        assert!(!texts.contains(&text), "{}: the text of another locale: {text:?}", loc.locale());
        texts.push(text);
    }
}

#[test]
fn update_and_delete_of_an_ordered_cart_are_800065_with_their_own_description() -> TestResult {
    crate::backends::each("rules::update_and_delete_of_an_ordered_cart_are_800065_with_their_own_description", || {
        let clock = clock()?;
        let store = store_with(&clock)?;
        let cart = store.create_cart("cust-a", &three_group_cart()?)?;
        store.checkout("cust-a", &cart.id)?;
        let ordered = store.get_cart("cust-a", &cart.id)?;

        let update = store.update_cart("cust-a", &ordered).err().ok_or("update of an ordered cart accepted")?;
        check_refused_change(&update, &cart.id, CartChange::Update);
        let delete = store.delete_cart("cust-a", &cart.id).err().ok_or("delete of an ordered cart accepted")?;
        check_refused_change(&delete, &cart.id, CartChange::Delete);

        let en = Localizer::default();
        assert_eq!(
            en.describe(&update),
            format!("Cannot update the cart {}: it has already been submitted as an order.", cart.id)
        );
        assert_eq!(
            en.describe(&delete),
            format!("Cannot delete the cart {}: it has already been submitted as an order.", cart.id)
        );
        let fr = Localizer::negotiate(&["fr"]);
        // French puts a no-break space before the colon, as the seed texts do.
        assert!(fr.describe(&update).contains(&format!("{}\u{a0}: ", cart.id)), "{}", fr.describe(&update));
        for loc in Localizer::all() {
            assert_ne!(loc.describe(&update), loc.describe(&delete), "{}", loc.locale());
        }

        // The checkout path keeps the seed text of 800065.
        let again = store.checkout("cust-a", &cart.id).err().ok_or("second checkout accepted")?;
        assert_eq!(again, Error::CartAlreadyOrdered { cart_id: cart.id.clone() });
        for loc in Localizer::all() {
            assert_eq!(loc.describe(&again), loc.order_error(ORDERED, &[("cartId", &cart.id)]));
        }
        assert_eq!(en.describe(&again), format!("Cannot checkout an already submitted cart {}.", cart.id));
        // Nothing changed: the cart is still there, ordered.
        assert_eq!(store.get_cart("cust-a", &cart.id)?, ordered);
        Ok(())
    })
}

#[test]
fn a_replayed_checkout_keeps_the_first_locale_and_its_codes_render_in_any() -> TestResult {
    crate::backends::each("rules::a_replayed_checkout_keeps_the_first_locale_and_its_codes_render_in_any", || {
        let path = crate::backends::target("replay.db")?;
        let with_locale = |tag: &str| StoreOptions { locale: Localizer::negotiate(&[tag]), ..StoreOptions::default() };
        let (cart_id, first) = {
            let store = Store::open_with(&path, with_locale("fr"))?;
            store.import_catalog(&catalog()?)?;
            let cart = store.create_cart("cust-a", &three_group_cart()?)?;
            // The perpetual item sells out between the cart and the checkout: an order error.
            let mut sold_out = catalog()?;
            sold_out.items.retain(|i| i.catalog_item_id == "SOFT:0001:A");
            sold_out.items[0].inventory = Some(1);
            store.import_catalog(&sold_out)?;
            let (_, json) = store.checkout_json("cust-a", &cart.id, "request-1")?;
            (cart.id, json)
        };
        let first_value: Value = serde_json::from_str(&first)?;
        let fr_text = "L’inventaire n’est pas disponible pour cet élément de catalogue.";
        assert_eq!(first_value["orderErrors"][0]["code"], 800_010);
        assert_eq!(first_value["orderErrors"][0]["description"], fr_text);

        let store = Store::open_with(&path, with_locale("en"))?;
        let (result, again) = store.checkout_json("cust-a", &cart_id, "request-1")?;
        assert_eq!(again, first, "the retry is not the stored bytes");
        let error = result.order_errors.as_ref().and_then(|e| e.first()).ok_or("no order error")?;
        assert_eq!(error.description.as_deref(), Some(fr_text));
        let code = error.code.ok_or("no code")?;
        assert_eq!(code, OrderErrorCode::InventoryNotAvailable);
        let en = store.options().locale;
        assert_eq!(en.order_error(code, &[("cartId", &cart_id)]), "Inventory is not available for this catalog item.");
        let replayed = store.checkout_with_request_id("cust-a", &cart_id, "request-1")?;
        assert_eq!(replayed, result);
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------------------------

#[test]
fn cli_update_and_delete_of_an_ordered_cart_print_800065_with_their_own_description() -> TestResult {
    crate::backends::each(
        "rules::cli_update_and_delete_of_an_ordered_cart_print_800065_with_their_own_description",
        || {
            let env = Env::with_catalog()?;
            let (cart_id, _) = checked_out(&env)?;
            let cart = env.run(&["cart", "get", "--customer", CUSTOMER, "--cart", &cart_id])?.json()?;
            for locale in ["en", "fr", "ja", "zh-TW"] {
                let loc = Localizer::for_tag(locale).ok_or("no localizer")?;
                let checkout_text = loc.order_error(ORDERED, &[("cartId", &cart_id)]);
                let update = env
                    .run_stdin(&["--locale", locale, "cart", "update", "--customer", CUSTOMER], &cart.to_string())?
                    .error()?;
                let delete = env
                    .run(&["--locale", locale, "cart", "delete", "--customer", CUSTOMER, "--cart", &cart_id])?
                    .error()?;
                for (what, value, operation) in
                    [("update", &update, CartChange::Update), ("delete", &delete, CartChange::Delete)]
                {
                    assert_eq!(value["code"], 800_065, "{what} in {locale}");
                    assert_eq!(value["errorName"], "CartCheckOutNotAllowedWhenStatusIsOrdered", "{what} in {locale}");
                    let description = str_of(&value["description"], "description")?;
                    let expected = Error::CartAlreadyOrderedCannotChange { cart_id: cart_id.clone(), operation };
                    assert_eq!(description, loc.describe(&expected), "{what} in {locale}");
                    assert!(description.contains(&cart_id), "{what} in {locale}: {description}");
                    assert_ne!(description, checkout_text, "{what} in {locale}");
                }
                let checkout =
                    env.run(&["--locale", locale, "cart", "checkout", "--customer", CUSTOMER, "--cart", &cart_id])?;
                assert_eq!(checkout.error()?["description"], checkout_text.as_str(), "checkout in {locale}");
            }
            let still = env.run(&["cart", "get", "--customer", CUSTOMER, "--cart", &cart_id])?.json()?;
            assert_eq!(still, cart);
            Ok(())
        },
    )
}

/// One order with two lines (one order group): checked out, its id.
fn two_line_order(env: &Env) -> TestResult<String> {
    let body = r#"{"lineItems": [
      {"catalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "quantity": 2, "termDuration": "P1Y", "billingCycle": "annual"},
      {"catalogItemId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5", "quantity": 4, "termDuration": "P1Y", "billingCycle": "annual"}
    ]}"#;
    let cart = env.create_cart(body)?;
    let cart_id = str_of(&cart["id"], "cart id")?;
    let result = env.run(&["cart", "checkout", "--customer", CUSTOMER, "--cart", cart_id])?.json()?;
    assert_eq!(result["orders"].as_array().map(Vec::len), Some(1), "{result}");
    assert_eq!(result["orders"][0]["lineItems"].as_array().map(Vec::len), Some(2), "{result}");
    Ok(str_of(&result["orders"][0]["id"], "order id")?.to_owned())
}

#[test]
fn cli_order_provision_records_lines_and_completes_the_order() -> TestResult {
    crate::backends::each("rules::cli_order_provision_records_lines_and_completes_the_order", || {
        let env = Env::with_catalog()?;
        let order_id = two_line_order(&env)?;
        let provision = |line: &str, status: &str| {
            env.run(&[
                "order",
                "provision",
                "--customer",
                CUSTOMER,
                "--order",
                &order_id,
                "--line",
                line,
                "--status",
                status,
            ])
        };

        let order = provision("0", "fulfilled")?.json()?;
        assert_eq!(order["id"], order_id.as_str());
        assert_eq!(order["attributes"]["objectType"], "Order");
        assert_eq!(order["status"], "pending");
        let status = env.run(&["order", "status", "--customer", CUSTOMER, "--order", &order_id])?.json()?;
        assert_eq!(status["items"][0]["lineItemNumber"], 0);
        assert_eq!(status["items"][0]["status"], "fulfilled");
        assert_eq!(status["items"][1]["status"], "prefulfillment_pending");

        // A pending order with a fulfilled line is under way: it cannot be cancelled.
        let cancel = env.run(&["order", "cancel", "--customer", CUSTOMER, "--order", &order_id])?.error()?;
        assert_eq!(cancel["code"], OrderErrorCode::OrderCannotBeCancelled.code());
        assert_eq!(cancel["errorName"], "OrderCannotBeCancelled");

        // A line the order lacks.
        let bad = provision("7", "fulfilled")?.error()?;
        assert_eq!(bad["code"], 800_002);
        assert!(str_of(&bad["description"], "description")?.contains("lineItemNumber"), "{bad}");
        let negative = provision("-1", "fulfilled")?.error()?;
        assert_eq!(negative["code"], 800_002);

        let completed = provision("1", "fulfilled")?.json()?;
        assert_eq!(completed["status"], "completed");
        let status = env.run(&["order", "status", "--customer", CUSTOMER, "--order", &order_id])?.json()?;
        let lines = status["items"].as_array().ok_or("no items")?;
        assert!(lines.iter().all(|l| l["status"] == "fulfilled"), "{status}");
        let order = env.run(&["order", "get", "--customer", CUSTOMER, "--order", &order_id])?.json()?;
        assert_eq!(order["status"], "completed");
        // A completed order takes no more results.
        assert_eq!(provision("0", "unfulfilled")?.error()?["code"], 800_002);
        Ok(())
    })
}

#[test]
fn cli_order_provision_refuses_unknown_orders_and_bad_arguments() -> TestResult {
    crate::backends::each("rules::cli_order_provision_refuses_unknown_orders_and_bad_arguments", || {
        let env = Env::with_catalog()?;
        let (_, result) = checked_out(&env)?;
        let order_id = str_of(&result["orders"][0]["id"], "order id")?;
        let missing = env
            .run(&[
                "order",
                "provision",
                "--customer",
                CUSTOMER,
                "--order",
                "no-such-order",
                "--line",
                "0",
                "--status",
                "fulfilled",
            ])?
            .error()?;
        assert_eq!(missing["errorName"], "OrderNotFound");
        assert!(str_of(&missing["description"], "description")?.contains("no-such-order"));
        // Another customer's order is not found either.
        let foreign = env
            .run(&[
                "order",
                "provision",
                "--customer",
                "someone-else",
                "--order",
                order_id,
                "--line",
                "0",
                "--status",
                "fulfilled",
            ])?
            .error()?;
        assert_eq!(foreign["errorName"], "OrderNotFound");

        // Usage errors: a status that is not a result, a line that is not a number, a flag missing.
        for args in [
            &["--line", "0", "--status", "prefulfillment_pending"][..],
            &["--line", "0", "--status", "done"][..],
            &["--line", "first", "--status", "fulfilled"][..],
            &["--status", "fulfilled"][..],
            &["--line", "0"][..],
        ] {
            let mut all = vec!["order", "provision", "--customer", CUSTOMER, "--order", order_id];
            all.extend_from_slice(args);
            let run = env.run(&all)?;
            assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        }
        // Unfulfilled is a result too; the order stays pending.
        let order = env
            .run(&[
                "order",
                "provision",
                "--customer",
                CUSTOMER,
                "--order",
                order_id,
                "--line",
                "0",
                "--status",
                "unfulfilled",
            ])?
            .json()?;
        assert_eq!(order["status"], "pending");
        let status = env.run(&["order", "status", "--customer", CUSTOMER, "--order", order_id])?.json()?;
        assert_eq!(status["items"][0]["status"], "unfulfilled");

        let help = env.run(&["order", "--help"])?;
        assert_eq!(help.code, Some(0));
        assert!(String::from_utf8(help.stdout)?.contains("provision"));
        Ok(())
    })
}
