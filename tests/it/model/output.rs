//! Output rules: `null` reads as absent and absent members are omitted, names are read in any
//! case and written in camelCase, unknown members are skipped, timestamps are written in UTC,
//! money is an exact JSON number rounded to its currency's minor units for display.

use std::fmt::Debug;
use std::str::FromStr;

use cartstore::model::{
    AdditionalInformation, Attributes, CartError, CartLineItem, KeyValue, Link, Money, OrderError, OrderLineItem,
    OrderLineItemLinks, OrderLineItemProvisioningStatus, OrderLinks, Pricing, RenewsTo, SelfLinks, Timestamp,
    round_money,
};
use cartstore::{Cart, CartCheckoutResult, Order};
use chrono::{DateTime, Utc};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use rust_decimal::Decimal;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::{TestResult, decimal, instant};

/// Parses `input` as `T`; it must equal `T::default()` and be written as one of `written`.
fn check_nulls<T>(input: Value, written: &[Value]) -> TestResult
where
    T: DeserializeOwned + Serialize + PartialEq + Debug + Default,
{
    let parsed: T = serde_json::from_value(input.clone())?;
    assert_eq!(parsed, T::default(), "{input}");
    let output = serde_json::to_value(&parsed)?;
    assert!(written.contains(&output), "{input} was written as {output}");
    Ok(())
}

#[test]
fn null_reads_as_absent_and_absent_members_are_omitted() -> TestResult {
    check_nulls::<Cart>(
        json!({"Id": null, "creationTimestamp": null, "LastModifiedTimestamp": null, "expirationTimestamp": null,
               "lastModifiedUser": null, "lineItems": null, "status": null, "links": null, "attributes": null}),
        &[json!({}), json!({"lineItems": []})],
    )?;
    check_nulls::<CartLineItem>(
        json!({"id": null, "catalogItemId": null, "friendlyName": null, "quantity": null, "currencyCode": null,
               "billingCycle": null, "termDuration": null, "participants": null, "provisioningContext": null,
               "orderGroup": null, "addonItems": null, "error": null, "renewsTo": null, "attestationAccepted": null,
               "promotionId": null, "customTermEndDate": null, "pricing": null}),
        &[json!({})],
    )?;
    check_nulls::<Pricing>(
        json!({"listPrice": null, "discountedPrice": null, "proratedPrice": null, "price": null, "extendedPrice": null}),
        &[json!({})],
    )?;
    check_nulls::<CartError>(
        json!({"errorCode": null, "errorDescription": null, "additionalInformation": null}),
        &[json!({})],
    )?;
    check_nulls::<AdditionalInformation>(json!({"availableQuantity": null, "purchasedQuantity": null}), &[json!({})])?;
    check_nulls::<Order>(
        json!({"id": null, "alternateId": null, "referenceCustomerId": null, "billingCycle": null,
               "transactionType": null, "lineItems": null, "currencyCode": null, "currencySymbol": null,
               "creationDate": null, "status": null, "links": null, "attributes": null}),
        &[json!({}), json!({"lineItems": []})],
    )?;
    check_nulls::<OrderLineItem>(
        json!({"lineItemNumber": null, "offerId": null, "subscriptionId": null, "parentSubscriptionId": null,
               "friendlyName": null, "quantity": null, "termDuration": null, "transactionType": null,
               "partnerIdOnRecord": null, "provisioningContext": null, "links": null, "renewsTo": null,
               "pricing": null}),
        &[json!({})],
    )?;
    check_nulls::<OrderLinks>(json!({"self": null, "provisioningStatus": null}), &[json!({})])?;
    check_nulls::<OrderLineItemLinks>(
        json!({"provisioningStatus": null, "sku": null, "subscription": null, "activationLinks": null}),
        &[json!({})],
    )?;
    check_nulls::<CartCheckoutResult>(
        json!({"orders": null, "orderErrors": null, "attributes": null}),
        &[json!({}), json!({"orders": []})],
    )?;
    check_nulls::<OrderError>(json!({"orderGroupId": null, "code": null, "description": null}), &[json!({})])?;
    check_nulls::<RenewsTo>(json!({"termDuration": null}), &[json!({})])?;
    check_nulls::<Attributes>(json!({"objectType": null, "etag": null}), &[json!({})])?;
    check_nulls::<OrderLineItemProvisioningStatus>(
        json!({"lineItemNumber": null, "status": null, "quantityProvisioningInformation": null}),
        &[json!({})],
    )?;
    Ok(())
}

#[test]
fn names_are_read_in_any_case_and_written_in_camel_case() -> TestResult {
    let cart: Cart = serde_json::from_value(json!({
        "ID": "c", "LASTMODIFIEDUSER": "u", "lineitems": [{"CATALOGITEMID": "x", "quantity": 1, "ADDONITEMS": [
            {"catalogitemid": "y", "RenewsTo": {"TERMDURATION": "P1M"}, "ATTESTATIONACCEPTED": false}]}],
        "Links": {"SELF": {"URI": "/carts/c", "Method": "GET", "Headers": [{"KEY": "k", "VALUE": "v"}]}},
        "ATTRIBUTES": {"OBJECTTYPE": "Cart"}
    }))?;
    assert_eq!(
        serde_json::to_value(&cart)?,
        json!({
            "id": "c", "lastModifiedUser": "u", "lineItems": [{"catalogItemId": "x", "quantity": 1, "addonItems": [
                {"catalogItemId": "y", "renewsTo": {"termDuration": "P1M"}, "attestationAccepted": false}]}],
            "links": {"self": {"uri": "/carts/c", "method": "GET", "headers": [{"key": "k", "value": "v"}]}},
            "attributes": {"objectType": "Cart"}
        })
    );
    let expected_link = Link {
        uri: "/carts/c".into(),
        method: "GET".into(),
        headers: vec![KeyValue { key: "k".into(), value: "v".into() }],
    };
    assert_eq!(cart.links, Some(SelfLinks { self_link: Some(expected_link) }));
    Ok(())
}

#[test]
fn unknown_members_do_not_fail_parsing() -> TestResult {
    let cart: Cart = serde_json::from_value(json!({
        "PartnerOnRecordAttestationAccepted": true, "etag": 3, "nested": {"deep": [1, {"x": null}]},
        "lineItems": [{"quantity": 1, "purchaseCommitment": {"amount": 0.05}, "coterminousSubscriptionId": null,
                       "pricing": {"listPrice": 1, "currency": "USD"}, "renewsTo": {"termDuration": "P1Y", "x": []},
                       "error": {"errorCode": 0, "more": true, "additionalInformation": {"availableQuantity": 1, "why": "x"}}}],
        "links": {"self": {"uri": "/c", "extra": 1}, "next": {"uri": "/n"}},
        "attributes": {"objectType": "Cart", "version": 2}
    }))?;
    let output = serde_json::to_value(&cart)?;
    let text = output.to_string();
    for unknown in [
        "PartnerOnRecord",
        "nested",
        "purchaseCommitment",
        "coterminous",
        "currency",
        "\"x\"",
        "more",
        "why",
        "extra",
        "next",
        "version",
    ] {
        assert!(!text.contains(unknown), "`{unknown}` is not part of the model but was written: {text}");
    }
    let order: Order = serde_json::from_value(json!({
        "totalPrice": 36.48, "client": {}, "lineItems": [{"additionalPartnerIdsOnRecord": ["1"], "quantity": 1,
        "links": {"product": {"uri": "/p"}, "availability": {"uri": "/a"}}}],
        "links": {"patchOperation": {"uri": "/o", "method": "PATCH"}}
    }))?;
    assert_eq!(serde_json::to_value(&order)?, json!({"lineItems": [{"quantity": 1, "links": {}}], "links": {}}));
    Ok(())
}

/// Each case: a timestamp text read, and the exact text written where the case fixes it.
fn check_timestamps(cases: &[(&str, Option<&str>)], rejects: &[Value]) -> TestResult {
    for (input, written) in cases {
        let parsed: Timestamp = serde_json::from_value(json!(input)).map_err(|e| format!("`{input}`: {e}"))?;
        let expected = instant(input).ok_or_else(|| format!("chrono cannot read `{input}`"))?;
        assert_eq!(parsed.0, expected, "`{input}` is that instant");
        let output = serde_json::to_value(parsed)?;
        let text = output.as_str().ok_or("a timestamp not written as a string")?;
        assert!(text.ends_with('Z') && !text.contains('+'), "`{input}` was written as `{text}`, not in UTC with Z");
        assert_eq!(
            DateTime::parse_from_rfc3339(text)?.with_timezone(&Utc),
            expected,
            "`{text}` is RFC 3339, same instant"
        );
        if let Some(written) = written {
            assert_eq!(text, *written, "`{input}`");
        }
        let cart: Cart = serde_json::from_value(json!({"CreationTimestamp": input}))?;
        assert_eq!(cart.creation_timestamp, Some(parsed));
        assert_eq!(serde_json::to_value(&cart)?.get("creationTimestamp"), Some(&output));
    }
    for reject in rejects {
        assert!(serde_json::from_value::<Timestamp>(reject.clone()).is_err(), "{reject} must not parse");
        assert!(serde_json::from_value::<Order>(json!({"creationDate": reject})).is_err(), "{reject} must not parse");
    }
    Ok(())
}

#[test]
fn timestamps_are_read_with_any_offset_and_written_in_utc() -> TestResult {
    check_timestamps(
        &[
            ("2018-03-06T17:37:05.253-08:00", Some("2018-03-07T01:37:05.253Z")),
            ("2017-04-10T16:02:25.983-07:00", Some("2017-04-10T23:02:25.983Z")),
            ("2019-01-16T00:48:44.76+00:00", None),
            ("2021-08-18T17:29:52.3517492+05:30", None),
            ("2023-05-18T21:22:26.7034834Z", None),
            ("2023-07-11T21:16:11.55149Z", None),
            ("2022-02-19T00:00:00Z", Some("2022-02-19T00:00:00Z")),
            ("0001-01-01T00:00:00", Some("0001-01-01T00:00:00Z")),
            ("2018-03-15T17:15:02.3840528", None),
        ],
        &[
            json!("2023-05-18TT21:22:26.7034834Z"),
            json!("2023-02-30T00:00:00Z"),
            json!("2023-05-18"),
            json!("2023-05-18T25:00:00Z"),
            json!("yesterday"),
            json!(""),
            json!(1_684_444_946),
        ],
    )?;
    // Seven fractional digits are kept to the 100 ns tick.
    let t = Timestamp::from_str("2023-05-18T21:22:26.7034834Z")?;
    assert_eq!(t.0.timestamp_subsec_nanos(), 703_483_400);
    Ok(())
}

/// Each case: a money amount as sent, the decimal it is, and the JSON number text written
/// (`None`: any text of that number).
fn check_money(cases: &[(Value, &str, Option<&str>)]) -> TestResult {
    for (input, amount, written) in cases {
        let pricing: Pricing = serde_json::from_value(json!({"ListPrice": input}))?;
        let expected = Money(Decimal::from_str(amount)?);
        assert_eq!(pricing.list_price, Some(expected), "{input}");
        let text = serde_json::to_string(&pricing)?;
        let output: Value = serde_json::from_str(&text)?;
        let number = output.get("listPrice").ok_or("listPrice not written")?;
        assert!(number.is_number(), "{input} was written as {number}, not a JSON number");
        assert_eq!(decimal(number), Some(expected.0), "{input} was written as {number}");
        if let Some(written) = written {
            assert_eq!(text, format!("{{\"listPrice\":{written}}}"), "{input}");
        }
        let again: Pricing = serde_json::from_str(&text)?;
        assert_eq!(again, pricing, "{text} reads back");
    }
    Ok(())
}

#[test]
fn money_amounts_are_exact_json_numbers() -> TestResult {
    let from_text = |text: &str| -> TestResult<Value> { Ok(serde_json::from_str(text)?) };
    check_money(&[
        (from_text("30.4")?, "30.4", Some("30.4")),
        (from_text("30.40")?, "30.4", Some("30.4")),
        (from_text("364.80")?, "364.8", Some("364.8")),
        (from_text("36.48")?, "36.48", Some("36.48")),
        (from_text("0.05")?, "0.05", Some("0.05")),
        (from_text("0.1")?, "0.1", Some("0.1")),
        (from_text("-12.5")?, "-12.5", Some("-12.5")),
        (from_text("1234567890.12")?, "1234567890.12", Some("1234567890.12")),
        (from_text("9999999999999.99")?, "9999999999999.99", Some("9999999999999.99")),
        (from_text("438.0")?, "438", None),
        (from_text("4380")?, "4380", None),
        (from_text("0")?, "0", None),
        (json!("30.40"), "30.4", Some("30.4")),
        (json!("-12.50"), "-12.5", Some("-12.5")),
    ])?;
    // Sums stay exact: 0.1 + 0.2 is 0.3, not 0.30000000000000004.
    let sum = Money(Decimal::from_str("0.1")? + Decimal::from_str("0.2")?);
    assert_eq!(serde_json::to_string(&sum)?, "0.3");
    for reject in [json!("thirty"), json!(true), json!([1])] {
        assert!(serde_json::from_value::<Pricing>(json!({"price": reject})).is_err(), "{reject} must not parse");
    }
    Ok(())
}

/// Each case: an amount, a currency, and the amount rounded half away from zero to the
/// currency's minor units, as displayed: money is formatted in Rust, not by Fluent (whose
/// numbers go through `f64` and are not localized), so a USD amount shows its two decimals (the crate documentation prints `364.80`).
fn check_rounding(cases: &[(&str, &str, &str)]) -> TestResult {
    let mut wrong = Vec::new();
    for (amount, currency, expected) in cases {
        let rounded = round_money(Decimal::from_str(amount)?, currency);
        assert_eq!(rounded, Decimal::from_str(expected)?, "{amount} {currency} rounds to the value {expected}");
        let money = Money(Decimal::from_str(amount)?).round_to(currency);
        if rounded.to_string() != *expected || money.to_string() != *expected {
            wrong.push(format!("{amount} {currency} -> {rounded} / {money}, expected {expected}"));
        }
    }
    assert!(wrong.is_empty(), "not padded to the currency's minor units: {wrong:?}");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any amount reads back exactly; up to 15 significant digits it is a JSON number (the
    /// writer trusts f64 there without printing it again), past that whatever reads back.
    #[test]
    fn any_amount_reads_back_exactly(mantissa in prop_oneof![
        -999_999_999_999_999i64..=999_999_999_999_999,
        any::<i64>(),
    ], scale in 0u32..=20) {
        let amount = Decimal::new(mantissa, scale);
        let text = serde_json::to_string(&Money(amount)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back: Money = serde_json::from_str(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back.0, amount, "{} written as {}", amount, text);
        // 15 significant digits, as the doc above says (the bound was 10^18, and 16-digit
        // amounts such as 627994916917300.30 cannot be a JSON number and read back exactly).
        if mantissa.unsigned_abs() < 1_000_000_000_000_000 / 1_000 {
            prop_assert!(!text.starts_with('"'), "{} written as a string: {}", amount, text);
            // Byte for byte what writing the f64 parsed from the decimal's text gives.
            let parsed: f64 = amount.normalize().to_string().parse().map_err(|e: std::num::ParseFloatError| TestCaseError::fail(e.to_string()))?;
            let reference = serde_json::to_string(&parsed).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&text, &reference, "{}", amount);
        }
    }
}

#[test]
fn money_rounds_to_the_minor_units_of_its_currency() -> TestResult {
    check_rounding(&[
        ("1.005", "USD", "1.01"),
        ("-1.005", "USD", "-1.01"),
        ("1234.5", "JPY", "1235"),
        ("30.40", "USD", "30.40"),
        ("364.8", "USD", "364.80"),
        ("30.4", "EUR", "30.40"),
        ("7", "TWD", "7.00"),
        ("2.5", "KWD", "2.500"),
        ("0.12345", "CLF", "0.1235"),
    ])
}

#[test]
fn empty_strings_of_key_values_and_links_are_kept() -> TestResult {
    // `key`, `value`, `uri` and `method` are seed properties that always have a value: an
    // empty string sent must be written back, not dropped (only empty ids mean "absent").
    let cases = [
        json!({"participants": [{"key": "transaction_reseller", "value": ""}]}),
        json!({"participants": [{"key": "", "value": "517285"}]}),
    ];
    for input in cases {
        let line: CartLineItem = serde_json::from_value(input.clone())?;
        assert_eq!(serde_json::to_value(&line)?, input);
    }
    let link = json!({"uri": "", "method": "GET", "headers": [{"key": "MS-ContinuationToken", "value": ""}]});
    let parsed: Link = serde_json::from_value(link.clone())?;
    assert_eq!(serde_json::to_value(&parsed)?, link);
    Ok(())
}

#[test]
fn quantities_that_are_not_whole_are_kept_as_sent() -> TestResult {
    let cases = [(json!(2), Some(2)), (json!(1.5), None), (json!("3"), None), (json!(u64::MAX), None)];
    for (input, whole) in cases {
        let line: CartLineItem = serde_json::from_value(json!({"Quantity": input}))?;
        let quantity = line.quantity.as_ref().ok_or("quantity lost")?;
        assert_eq!(quantity.get(), whole, "{input}");
        assert_eq!(serde_json::to_value(&line)?, json!({"quantity": input}));
    }
    Ok(())
}

/// A 16-digit amount (found by `any_amount_reads_back_exactly`): past 15 significant digits a
/// decimal does not always survive the trip through f64, so it is written as the text check
/// decides, and reads back to the same decimal.
#[test]
fn a_sixteen_digit_amount_reads_back_exactly() -> TestResult {
    for text in ["627994916917300.30", "627994916917300.3", "999999999999999.9"] {
        let money: cartstore::model::Money = serde_json::from_str(&format!("\"{text}\""))?;
        let written = serde_json::to_string(&money)?;
        let back: cartstore::model::Money = serde_json::from_str(&written)?;
        assert_eq!(back.0, money.0, "{text} written as {written}");
    }
    Ok(())
}
