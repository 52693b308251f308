//! PascalCase request bodies (the samples' and the project's own) keep their values, and the
//! doubled-T timestamp of the savings-plan samples is refused as it stands and read once mended.

use std::collections::BTreeMap;
use std::fs;
use std::str::FromStr;

use cartstore::model::{BillingCycleType, CartStatus, KeyValue, Money, OrderStatus, Quantity, RenewsTo, Timestamp};
use cartstore::{Cart, Collection, Order};
use rust_decimal::Decimal;
use serde_json::json;

use crate::fixtures::{own_fixtures_dir, samples_dir};

use super::TestResult;
use super::samples::mend_doubled_t;

fn read_sample(name: &str) -> TestResult<Option<String>> {
    match samples_dir() {
        Some(dir) => Ok(Some(fs::read_to_string(dir.join(name))?)),
        None => Ok(None),
    }
}

fn context(pairs: &[(&str, &str)]) -> Option<BTreeMap<String, String>> {
    Some(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
}

fn ts(text: &str) -> TestResult<Option<Timestamp>> {
    Ok(Some(Timestamp::from_str(text)?))
}

#[test]
fn pascal_case_sample_requests_keep_their_values() -> TestResult {
    let Some(text) = read_sample("update-cart-request.json")? else {
        eprintln!("note: the Partner Center samples are absent; see pascal_case_fixture_keeps_its_values");
        return Ok(());
    };
    let cart: Cart = serde_json::from_str(&text)?;
    assert_eq!(cart.id, "b4c8fdea-cbe4-4d17-9576-13fcacbf9605");
    assert_eq!(cart.creation_timestamp, ts("2018-03-15T17:15:02.3840528Z")?);
    assert_eq!(cart.expiration_timestamp, ts("0001-01-01T00:00:00Z")?, "the .NET default DateTime, read as UTC");
    assert_eq!(cart.last_modified_user.as_deref(), Some("2713ccd7-ea3b-470a-9cfb-451d5d0482cc"));
    let line = cart.line_items.first().ok_or("no line item")?;
    assert_eq!(line.id, Some(0));
    assert_eq!(line.catalog_item_id.as_deref(), Some("DG7GMGF0DWTL:0001:DG7GMGF0DSJB"));
    assert_eq!(line.friendly_name.as_deref(), Some("A_sample_Azure_RI"));
    assert_eq!(line.quantity.as_ref().and_then(Quantity::get), Some(2));
    assert_eq!(line.billing_cycle, Some(BillingCycleType::OneTime));
    assert_eq!(
        line.provisioning_context,
        context(&[
            ("SubscriptionId", "3D5ECED6-1151-44C7-AEE6-70A4BB725666"),
            ("Scope", "shared"),
            ("Duration", "1Year")
        ])
    );

    let text = read_sample("create-cart-addons-request.json")?.ok_or("sample missing")?;
    let cart: Cart = serde_json::from_str(&text)?;
    let base = cart.line_items.first().ok_or("no line item")?;
    assert_eq!(base.friendly_name.as_deref(), Some("Myofferpurchase"));
    assert_eq!(base.quantity, Some(Quantity::new(3)));
    let addons = base.addon_items.as_deref().ok_or("no add-ons")?;
    let ids: Vec<_> = addons.iter().map(|a| (a.id, a.quantity.as_ref().and_then(Quantity::get))).collect();
    assert_eq!(ids, [(Some(1), Some(2)), (Some(2), Some(3))]);
    assert!(addons.iter().all(|a| a.billing_cycle == Some(BillingCycleType::Monthly)));

    let text = read_sample("create-cart-addons-existing-subscription-request.json")?.ok_or("sample missing")?;
    let cart: Cart = serde_json::from_str(&text)?;
    let line = cart.line_items.first().ok_or("no line item")?;
    assert_eq!(line.billing_cycle, Some(BillingCycleType::Annual));
    assert_eq!(line.provisioning_context, context(&[("ParentSubscriptionId", "97555B61-7461-477A-A98C-9C76148783E4")]));

    let text = read_sample("create-cart-addons-nce-request.json")?.ok_or("sample missing")?;
    let cart: Cart = serde_json::from_str(&text)?;
    let terms: Vec<_> = cart.line_items.iter().map(|l| (l.billing_cycle, l.term_duration.as_deref())).collect();
    assert_eq!(terms, [(Some(BillingCycleType::Monthly), Some("P1M")); 2]);

    let text = read_sample("create-order-request.json")?.ok_or("sample missing")?;
    let order: Order = serde_json::from_str(&text)?;
    assert_eq!(order.billing_cycle, Some(BillingCycleType::OneTime));
    assert_eq!(order.currency_code.as_deref(), Some("USD"));
    let line = order.line_items.first().ok_or("no line item")?;
    assert_eq!(line.offer_id.as_deref(), Some("DZH318Z0BQ4B:0047:DZH318Z0DSM8"));
    assert_eq!(line.line_item_number, Some(0));
    assert_eq!(line.quantity, Some(1));
    assert_eq!(
        line.provisioning_context,
        context(&[
            ("subscriptionId", "3D5ECED6-1151-44C7-AEE6-70A4BB725666"),
            ("scope", "shared"),
            ("duration", "1Year")
        ])
    );

    let text = read_sample("create-order-indirect-reseller-request.json")?.ok_or("sample missing")?;
    let order: Order = serde_json::from_str(&text)?;
    assert_eq!(order.id, "", "\"Id\": null reads as absent");
    assert_eq!(order.billing_cycle, Some(BillingCycleType::Unknown));
    assert_eq!(order.creation_date, None);
    assert_eq!(order.attributes.as_ref().and_then(|a| a.object_type.as_deref()), Some("Order"));
    let line = order.line_items.first().ok_or("no line item")?;
    assert_eq!(line.partner_id_on_record.as_deref(), Some("4847383"));
    assert_eq!((line.subscription_id.as_deref(), line.quantity), (None, Some(5)));

    let text = read_sample("patch-order-billing-cycle-request.json")?.ok_or("sample missing")?;
    let order: Order = serde_json::from_str(&text)?;
    assert_eq!(order.billing_cycle, Some(BillingCycleType::Annual));
    assert_eq!(serde_json::to_value(&order)?.get("billingCycle"), Some(&json!("annual")));

    let text = read_sample("patch-order-add-addon-request.json")?.ok_or("sample missing")?;
    let order: Order = serde_json::from_str(&text)?;
    let line = order.line_items.first().ok_or("no line item")?;
    assert_eq!(line.parent_subscription_id.as_deref(), Some("1C2B75C1-74A5-472A-A729-7F8CEFC477F9"));

    let text = read_sample("savings-plan-create-order-request.json")?.ok_or("sample missing")?;
    let order: Order = serde_json::from_str(&text)?;
    let line = order.line_items.first().ok_or("no line item")?;
    assert_eq!(
        line.provisioning_context,
        context(&[("scope", "single"), ("entitlementId", "cdd17cc7-14fe-4445-8650-1f52de705851")])
    );

    let text = read_sample("cancel-order-sandbox-request.json")?.ok_or("sample missing")?;
    let order: Order = serde_json::from_str(&text)?;
    assert_eq!((order.id.as_str(), order.status), ("UKXASSO1dezh3HdxClHxSp5UEFXGbAnt1", Some(OrderStatus::Cancelled)));
    Ok(())
}

#[test]
fn pascal_case_fixture_keeps_its_values() -> TestResult {
    let text = fs::read_to_string(own_fixtures_dir().join("create-cart-pascal-case-request.json"))?;
    let cart: Cart = serde_json::from_str(&text)?;
    assert_eq!(cart.id, "");
    assert_eq!(cart.creation_timestamp, None);
    assert_eq!(cart.last_modified_timestamp, ts("2024-02-29T22:59:59.9999999Z")?);
    assert_eq!(cart.expiration_timestamp, ts("0001-01-01T00:00:00Z")?);
    assert_eq!(cart.status, Some(CartStatus::Active));
    let line = cart.line_items.first().ok_or("no line item")?;
    assert_eq!(line.quantity, Some(Quantity::new(2)));
    assert_eq!(line.billing_cycle, Some(BillingCycleType::OneTime));
    assert_eq!(
        line.provisioning_context,
        context(&[
            ("Scope", "shared"),
            ("SubscriptionId", "0b6d3a4e-6b52-4d5e-9a8c-000000000001"),
            ("scope", "lower-case twin, kept apart"),
        ])
    );
    assert_eq!(line.participants, Some(vec![KeyValue { key: "transaction_reseller".into(), value: "1234567".into() }]));
    assert_eq!(line.renews_to, Some(RenewsTo { term_duration: Some("P1Y".into()) }));
    assert_eq!(line.attestation_accepted, Some(true));
    assert_eq!(line.custom_term_end_date, ts("2025-06-29T22:00:00Z")?);
    let pricing = line.pricing.as_ref().ok_or("no pricing")?;
    assert_eq!(pricing.list_price, Some(Money(Decimal::new(304, 1))));
    assert_eq!(pricing.prorated_price, None);
    assert_eq!(pricing.extended_price, Some(Money(Decimal::new(65664, 2))));
    let addon = line.addon_items.as_deref().and_then(<[_]>::first).ok_or("no add-on")?;
    let nested = addon.addon_items.as_deref().and_then(<[_]>::first).ok_or("no nested add-on")?;
    assert_eq!((addon.id, nested.id, nested.quantity.as_ref().and_then(Quantity::get)), (Some(1), Some(2), Some(3)));
    assert_eq!(nested.billing_cycle, Some(BillingCycleType::OneTime));

    let output = serde_json::to_value(&cart)?;
    let line = output.pointer("/lineItems/0").ok_or("no line item written")?;
    assert_eq!(line.get("catalogItemId"), Some(&json!("FIXTURE0001:0001:FIXTURE0BASE")));
    assert_eq!(line.get("billingCycle"), Some(&json!("one_time")));
    assert_eq!(line.pointer("/renewsTo/termDuration"), Some(&json!("P1Y")));
    assert_eq!(line.pointer("/provisioningContext/Scope"), Some(&json!("shared")));
    assert_eq!(line.pointer("/addonItems/0/addonItems/0/quantity"), Some(&json!(3)));
    assert_eq!(output.get("status"), Some(&json!("Active")));
    assert_eq!(output.get("expirationTimestamp"), Some(&json!("0001-01-01T00:00:00Z")));
    Ok(())
}

#[test]
fn doubled_t_timestamp_is_rejected_and_mended() -> TestResult {
    let bad = r#"{"id": "2b912b3392fd", "creationDate": "2023-05-18TT21:22:26.7034834Z", "status": "pending"}"#;
    assert!(serde_json::from_str::<Order>(bad).is_err(), "the doubled T must not parse");
    assert!(Timestamp::from_str("2023-05-18TT21:22:26.7034834Z").is_err());
    let (mended, mends) = mend_doubled_t(bad);
    assert_eq!(mends, 1);
    let order: Order = serde_json::from_str(&mended)?;
    assert_eq!(order.creation_date, ts("2023-05-18T21:22:26.7034834Z")?);
    let (untouched, mends) = mend_doubled_t(r#"{"offerId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5"}"#);
    assert_eq!((untouched.as_str(), mends), (r#"{"offerId": "CFQ7TTC0LF8S:0001:CFQ7TTC0VZW5"}"#, 0));

    let Some(dir) = samples_dir() else {
        return Ok(());
    };
    for name in ["savings-plan-create-order-response.json", "savings-plan-get-order-response.json"] {
        let text = fs::read_to_string(dir.join(name))?;
        assert!(serde_json::from_str::<Order>(&text).is_err(), "{name}: the unmended text must not parse");
        let (mended, mends) = mend_doubled_t(&text);
        assert_eq!(mends, 1, "{name}");
        let order: Order = serde_json::from_str(&mended)?;
        assert_eq!(order.creation_date, ts("2023-05-18T21:22:26.7034834Z")?, "{name}");
    }
    let text = fs::read_to_string(dir.join("savings-plan-get-orders-response.json"))?;
    assert!(serde_json::from_str::<Collection<Order>>(&text).is_err(), "the unmended page must not parse");
    Ok(())
}
