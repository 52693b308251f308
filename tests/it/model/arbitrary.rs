//! Property tests: arbitrary carts, orders and checkout results are written by the output
//! rules and read back equal, from camelCase and from PascalCase.

use std::collections::BTreeMap;
use std::fmt::Debug;

use cartstore::model::{
    AdditionalInformation, Attributes, BillingCycleType, CartError, CartLineItem, CartStatus, KeyValue, Link, Money,
    OrderError, OrderLineItem, OrderLineItemLinks, OrderLinks, OrderStatus, OrderTransactionType, Pricing, Quantity,
    RenewsTo, SelfLinks, Timestamp, TransactionType,
};
use cartstore::{Cart, CartCheckoutResult, CartErrorCode, Collection, Order, OrderErrorCode};
use proptest::collection::{btree_map, vec};
use proptest::option::of;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use rust_decimal::Decimal;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::{TestResult, check_output};

fn text() -> impl Strategy<Value = String> {
    prop_oneof![3 => "[A-Za-z0-9:_-]{0,16}", 1 => "\\PC{0,8}"]
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    // 1971-01-01T00:00:00Z ..= 2199-12-31T23:59:59.999999Z, in microseconds.
    (31_536_000_000_000i64..7_258_118_400_000_000).prop_filter_map("representable", Timestamp::from_micros)
}

fn money() -> impl Strategy<Value = Money> {
    (-10_000_000_000_000i64..10_000_000_000_000).prop_map(|cents| Money(Decimal::new(cents, 2)))
}

fn pricing() -> impl Strategy<Value = Pricing> {
    (of(money()), of(money()), of(money()), of(money()), of(money())).prop_map(
        |(list_price, discounted_price, prorated_price, price, extended_price)| Pricing {
            list_price,
            discounted_price,
            prorated_price,
            price,
            extended_price,
        },
    )
}

fn quantity() -> impl Strategy<Value = Quantity> {
    let other = prop_oneof![
        (-1000i32..1000).prop_map(|n| json!(f64::from(n) + 0.5)),
        "[0-9]{1,4}".prop_map(Value::String),
        Just(json!(u64::MAX)),
    ]
    .prop_filter_map("a quantity", |v| serde_json::from_value::<Quantity>(v).ok());
    prop_oneof![4 => any::<i64>().prop_map(Quantity::new), 1 => other]
}

fn key_value() -> impl Strategy<Value = KeyValue> {
    (text(), text()).prop_map(|(key, value)| KeyValue { key, value })
}

fn link() -> impl Strategy<Value = Link> {
    (text(), prop_oneof![Just("GET".to_owned()), Just("PATCH".to_owned()), text()], vec(key_value(), 0..3))
        .prop_map(|(uri, method, headers)| Link { uri, method, headers })
}

fn attributes() -> impl Strategy<Value = Attributes> {
    (of(text()), of(text())).prop_map(|(object_type, etag)| Attributes { object_type, etag })
}

fn renews_to() -> impl Strategy<Value = RenewsTo> {
    of(prop_oneof![Just("P1M".to_owned()), Just("P1Y".to_owned()), text()])
        .prop_map(|term_duration| RenewsTo { term_duration })
}

fn context_map() -> impl Strategy<Value = BTreeMap<String, String>> {
    btree_map("[A-Za-z][A-Za-z0-9_]{0,10}", text(), 0..4)
}

fn cart_error() -> impl Strategy<Value = CartError> {
    // One small strategy (a deeper one overflows the test thread's stack in debug builds).
    let info = (of(any::<i64>()), of(any::<i64>()), any::<u8>()).prop_map(|(available, purchased, bits)| {
        AdditionalInformation {
            available_quantity: available,
            purchased_quantity: purchased,
            minimum_quantity: (bits & 1 == 1).then_some(i64::from(bits)),
            eligible_for_purchase: (bits & 2 == 2).then_some(bits & 4 == 4),
            segment: (bits & 8 == 8)
                .then(|| ["education", "charity", "government"][usize::from(bits >> 6) % 3].to_owned()),
            term_durations: (bits & 16 == 16).then(|| vec!["P1M".to_owned(), "P1Y".to_owned()]),
            currency_codes: (bits & 32 == 32).then(|| vec!["EUR".to_owned(), "USD".to_owned()]),
        }
    });
    (of(prop::sample::select(CartErrorCode::ALL)), of(text()), of(info)).prop_map(
        |(error_code, error_description, additional_information)| CartError {
            error_code,
            error_description,
            additional_information,
        },
    )
}

/// A cart line with add-ons nested up to `depth` levels below it.
fn cart_line_item(depth: u32) -> BoxedStrategy<CartLineItem> {
    let addons = if depth == 0 { Just(None).boxed() } else { of(vec(cart_line_item(depth - 1), 0..3)).boxed() };
    let head = (
        of(any::<i64>()),
        of(text()),
        of(text()),
        of(quantity()),
        of(text()),
        of(prop::sample::select(BillingCycleType::ALL)),
        of(text()),
        of(vec(key_value(), 0..3)),
    );
    let tail = (
        of(context_map()),
        of(text()),
        addons,
        of(cart_error()),
        of(renews_to()),
        of(any::<bool>()),
        of(text()),
        of(timestamp()),
        of(pricing()),
    );
    (head, tail)
        .prop_map(
            |(
                (
                    id,
                    catalog_item_id,
                    friendly_name,
                    quantity,
                    currency_code,
                    billing_cycle,
                    term_duration,
                    participants,
                ),
                (
                    provisioning_context,
                    order_group,
                    addon_items,
                    error,
                    renews_to,
                    attestation_accepted,
                    promotion_id,
                    custom_term_end_date,
                    pricing,
                ),
            )| CartLineItem {
                id,
                catalog_item_id,
                friendly_name,
                quantity,
                currency_code,
                billing_cycle,
                term_duration,
                participants,
                provisioning_context,
                order_group,
                addon_items,
                error,
                renews_to,
                attestation_accepted,
                promotion_id,
                custom_term_end_date,
                pricing,
            },
        )
        .boxed()
}

fn cart() -> impl Strategy<Value = Cart> {
    (
        text(),
        of(timestamp()),
        of(timestamp()),
        of(timestamp()),
        of(text()),
        vec(cart_line_item(2), 0..4),
        of(prop::sample::select(CartStatus::ALL)),
        of(of(link()).prop_map(|self_link| SelfLinks { self_link })),
        of(attributes()),
    )
        .prop_map(
            |(
                id,
                creation_timestamp,
                last_modified_timestamp,
                expiration_timestamp,
                last_modified_user,
                line_items,
                status,
                links,
                attributes,
            )| Cart {
                id,
                creation_timestamp,
                last_modified_timestamp,
                expiration_timestamp,
                last_modified_user,
                line_items,
                status,
                links,
                attributes,
            },
        )
}

fn order_line_item() -> impl Strategy<Value = OrderLineItem> {
    let links = (of(link()), of(link()), of(link()), of(link())).prop_map(
        |(provisioning_status, sku, subscription, activation_links)| OrderLineItemLinks {
            provisioning_status,
            sku,
            subscription,
            activation_links,
        },
    );
    (
        (of(any::<i64>()), of(text()), of(text()), of(text()), of(text()), of(any::<i64>()), of(text())),
        (
            of(prop::sample::select(TransactionType::ALL)),
            of(text()),
            of(context_map()),
            of(links),
            of(renews_to()),
            of(pricing()),
        ),
    )
        .prop_map(
            |(
                (
                    line_item_number,
                    offer_id,
                    subscription_id,
                    parent_subscription_id,
                    friendly_name,
                    quantity,
                    term_duration,
                ),
                (transaction_type, partner_id_on_record, provisioning_context, links, renews_to, pricing),
            )| OrderLineItem {
                line_item_number,
                offer_id,
                subscription_id,
                parent_subscription_id,
                friendly_name,
                quantity,
                term_duration,
                transaction_type,
                partner_id_on_record,
                provisioning_context,
                links,
                renews_to,
                pricing,
            },
        )
}

fn order() -> impl Strategy<Value = Order> {
    let links = (of(link()), of(link()))
        .prop_map(|(provisioning_status, self_link)| OrderLinks { provisioning_status, self_link });
    (
        (
            text(),
            of(text()),
            of(text()),
            of(prop::sample::select(BillingCycleType::ALL)),
            of(prop::sample::select(OrderTransactionType::ALL)),
            vec(order_line_item(), 0..4),
        ),
        (
            of(text()),
            of(text()),
            of(timestamp()),
            of(prop::sample::select(OrderStatus::ALL)),
            of(links),
            of(attributes()),
        ),
    )
        .prop_map(
            |(
                (id, alternate_id, reference_customer_id, billing_cycle, transaction_type, line_items),
                (currency_code, currency_symbol, creation_date, status, links, attributes),
            )| Order {
                id,
                alternate_id,
                reference_customer_id,
                billing_cycle,
                transaction_type,
                line_items,
                currency_code,
                currency_symbol,
                creation_date,
                status,
                links,
                attributes,
            },
        )
}

fn checkout_result() -> impl Strategy<Value = CartCheckoutResult> {
    let error = (of(text()), of(prop::sample::select(OrderErrorCode::ALL)), of(text()))
        .prop_map(|(order_group_id, code, description)| OrderError { order_group_id, code, description });
    (vec(order(), 0..3), of(vec(error, 0..3)), of(attributes()))
        .prop_map(|(orders, order_errors, attributes)| CartCheckoutResult { orders, order_errors, attributes })
}

/// The JSON with the first letter of every member name upper-cased, except the keys of
/// `provisioningContext` maps, which are data.
fn pascal_case(value: &Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(name, member)| {
                    let member = if name == "provisioningContext" { member.clone() } else { pascal_case(member) };
                    let mut chars = name.chars();
                    let upper =
                        chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default();
                    (upper, member)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(pascal_case).collect()),
        other => other.clone(),
    }
}

fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

/// Writes `value`, checks the output rules, and reads it back from the text and from its
/// PascalCase twin.
fn prop_round_trip<T>(value: &T) -> Result<(), TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let text = serde_json::to_string(value).map_err(fail)?;
    let json: Value = serde_json::from_str(&text).map_err(fail)?;
    let mut problems = Vec::new();
    check_output(&json, "$", &mut problems);
    prop_assert!(problems.is_empty(), "{problems:?} in {text}");
    let back: T = serde_json::from_str(&text).map_err(fail)?;
    prop_assert_eq!(&back, value, "camelCase: {}", text);
    let pascal = pascal_case(&json);
    let back: T = serde_json::from_value(pascal.clone()).map_err(fail)?;
    prop_assert_eq!(&back, value, "PascalCase: {}", pascal);
    Ok(())
}

fn runner() -> TestRunner {
    TestRunner::new(Config { cases: 128, failure_persistence: None, ..Config::default() })
}

#[test]
fn arbitrary_carts_round_trip() -> TestResult {
    runner().run(&cart(), |cart| prop_round_trip(&cart))?;
    Ok(())
}

#[test]
fn arbitrary_orders_round_trip() -> TestResult {
    runner().run(&order(), |order| prop_round_trip(&order))?;
    Ok(())
}

#[test]
fn arbitrary_checkout_results_round_trip() -> TestResult {
    runner().run(&checkout_result(), |result| prop_round_trip(&result))?;
    Ok(())
}

#[test]
fn pascal_case_keeps_provisioning_context_keys() -> TestResult {
    let json = json!({"lineItems": [{"provisioningContext": {"scope": "x"}, "renewsTo": {"termDuration": "P1Y"}}]});
    assert_eq!(
        pascal_case(&json),
        json!({"LineItems": [{"ProvisioningContext": {"scope": "x"}, "RenewsTo": {"TermDuration": "P1Y"}}]})
    );
    Ok(())
}

#[test]
fn collections_are_read_like_every_wire_type() -> TestResult {
    let page: Collection<Order> = serde_json::from_value(json!({
        "TotalCount": 7, "ITEMS": [{"Id": "o-1", "LineItems": [{"LineItemNumber": 0, "OfferId": "X:1", "Quantity": 2}]}],
        "continuationtoken": "o1.2", "Links": {"Self": {"Uri": "/customers/c/orders", "Method": "GET", "Headers": []}},
        "Attributes": {"ObjectType": "Collection"}, "Unknown": {"deep": [1, 2]}}))?;
    assert_eq!(page.total_count, 7);
    assert_eq!(page.items[0].id, "o-1");
    assert_eq!(page.items[0].line_items[0].quantity, Some(2));
    assert_eq!(page.continuation_token.as_deref(), Some("o1.2"));
    assert_eq!(
        page.links.as_ref().and_then(|l| l.self_link.as_ref()).map(|l| l.uri.as_str()),
        Some("/customers/c/orders")
    );
    let written = serde_json::to_value(&page)?;
    assert_eq!(written["totalCount"], 7);
    assert_eq!(serde_json::from_value::<Collection<Order>>(written)?, page);

    // null is absent; an absent totalCount is the number of items; items are required.
    let page: Collection<Order> =
        serde_json::from_value(json!({"items": [], "continuationToken": null, "links": null}))?;
    assert_eq!((page.total_count, page.continuation_token, page.links), (0, None, None));
    let err = serde_json::from_value::<Collection<Order>>(json!({"totalCount": 1})).err().ok_or("accepted")?;
    assert!(err.to_string().contains("items"), "{err}");
    let err = serde_json::from_value::<Collection<Order>>(json!({"items": [], "totalCount": "many"}))
        .err()
        .ok_or("accepted")?;
    assert!(err.to_string().contains("totalCount"), "{err}");
    Ok(())
}
