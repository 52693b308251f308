//! Enum values and codes: every seed value of each enum, and every `CartErrorCode` and
//! `OrderErrorCode`, reads from and writes to its wire form; the code tables match the seeds'.

use std::fmt::Debug;
use std::fs;

use cartstore::model::{
    BillingCycleType, CartError, CartStatus, OrderError, OrderStatus, OrderTransactionType, ProvisioningStatus,
    TransactionType,
};
use cartstore::{CartErrorCode, OrderErrorCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::fixtures::seeds_dir;

use super::TestResult;

/// Each case: the wire text read, the value expected, the text written. `rejects` must fail to
/// parse; the cases must cover every value in `all`.
fn check_enum<T>(cases: &[(&str, T, &str)], rejects: &[&str], all: &[T]) -> TestResult
where
    T: DeserializeOwned + Serialize + PartialEq + Debug + Copy,
{
    for (wire, expected, written) in cases {
        let parsed: T = serde_json::from_value(json!(wire)).map_err(|e| format!("`{wire}` did not parse: {e}"))?;
        assert_eq!(parsed, *expected, "`{wire}`");
        assert_eq!(serde_json::to_value(parsed)?, json!(written), "`{wire}` is written as `{written}`");
        let back: T = serde_json::from_value(json!(written))?;
        assert_eq!(back, parsed, "`{written}` reads back");
    }
    for value in all {
        assert!(cases.iter().any(|(_, v, _)| v == value), "{value:?} has no case");
    }
    for reject in rejects {
        assert!(serde_json::from_value::<T>(json!(reject)).is_err(), "`{reject}` must not parse");
    }
    assert!(serde_json::from_value::<T>(json!(1)).is_err(), "a number must not parse");
    Ok(())
}

#[test]
fn billing_cycle_values() -> TestResult {
    use BillingCycleType::*;
    check_enum(
        &[
            ("unknown", Unknown, "unknown"),
            ("monthly", Monthly, "monthly"),
            ("annual", Annual, "annual"),
            ("none", None, "none"),
            ("one_time", OneTime, "one_time"),
            ("triennial", Triennial, "triennial"),
            ("biennial", Biennial, "biennial"),
            ("OneTime", OneTime, "one_time"),
            ("onetime", OneTime, "one_time"),
            ("ONE_TIME", OneTime, "one_time"),
            ("Annual", Annual, "annual"),
            ("Monthly", Monthly, "monthly"),
        ],
        &["", "month", "one time", "yearly", "P1Y"],
        BillingCycleType::ALL,
    )
}

#[test]
fn order_status_values() -> TestResult {
    use OrderStatus::*;
    check_enum(
        &[
            ("unknown", Unknown, "unknown"),
            ("completed", Completed, "completed"),
            ("pending", Pending, "pending"),
            ("cancelled", Cancelled, "cancelled"),
            ("suspended", Suspended, "suspended"),
            ("pending_review", PendingReview, "pending_review"),
            ("error", Error, "error"),
            ("Completed", Completed, "completed"),
            ("PendingReview", PendingReview, "pending_review"),
        ],
        &["", "none", "complete", "pending review"],
        OrderStatus::ALL,
    )
}

#[test]
fn cart_status_values() -> TestResult {
    use CartStatus::*;
    check_enum(
        &[
            ("Active", Active, "Active"),
            ("Ordered", Ordered, "Ordered"),
            ("active", Active, "Active"),
            ("Submitting", Submitting, "Submitting"),
        ],
        &["", "Expired", "Order"],
        CartStatus::ALL,
    )
}

#[test]
fn provisioning_status_values() -> TestResult {
    use ProvisioningStatus::*;
    check_enum(
        &[
            ("fulfilled", Fulfilled, "fulfilled"),
            ("unfulfilled", Unfulfilled, "unfulfilled"),
            ("prefulfillment_pending", PrefulfillmentPending, "prefulfillment_pending"),
            ("PrefulfillmentPending", PrefulfillmentPending, "prefulfillment_pending"),
            ("Fulfilled", Fulfilled, "fulfilled"),
        ],
        &["", "pending", "success"],
        ProvisioningStatus::ALL,
    )
}

#[test]
fn line_transaction_type_values() -> TestResult {
    use TransactionType::*;
    check_enum(
        &[
            ("New", New, "New"),
            ("Renew", Renew, "Renew"),
            ("addQuantity", AddQuantity, "addQuantity"),
            ("removeQuantity", RemoveQuantity, "removeQuantity"),
            ("Cancel", Cancel, "Cancel"),
            ("Convert", Convert, "Convert"),
            ("customerCredit", CustomerCredit, "customerCredit"),
            ("new", New, "New"),
            ("AddQuantity", AddQuantity, "addQuantity"),
        ],
        &["", "Purchase", "add quantity"],
        TransactionType::ALL,
    )
}

#[test]
fn order_transaction_type_values() -> TestResult {
    use OrderTransactionType::*;
    check_enum(
        &[
            ("UserPurchase", UserPurchase, "UserPurchase"),
            ("SystemPurchase", SystemPurchase, "SystemPurchase"),
            ("SystemBilling", SystemBilling, "SystemBilling"),
            ("userPurchase", UserPurchase, "UserPurchase"),
        ],
        &["", "Purchase", "New"],
        OrderTransactionType::ALL,
    )
}

/// `CartErrorCode`: the seeds' table plus the newest SDK additions (10013, 10014, 10016–10019,
/// 500600).
pub(super) const CART_CODES: &[(&str, i64)] = &[
    ("Unknown", 0),
    ("CurrencyIsNotSupported", 10000),
    ("CatalogItemIdIsNotValid", 10001),
    ("QuotaNotAvailable", 10002),
    ("InventoryNotAvailable", 10003),
    ("ParticipantsIsNotSupportedForPartner", 10004),
    ("UnableToProcessCartLineItem", 10006),
    ("SubscriptionIsNotValid", 10007),
    ("SubscriptionIsNotEnabledForRI", 10008),
    ("SandboxLimitExceeded", 10009),
    ("InvalidInput", 10010),
    ("SubscriptionNotRegistered", 10011),
    ("AttestationNotAccepted", 10012),
    ("BillingPlanNotSupported", 10013),
    ("InvalidPromotionId", 10014),
    ("MaxAllowedSeatsPerSubscriptionExceeded", 10015),
    ("InvalidCustomTermEndDateProduct", 10016),
    ("InvalidCustomTermEndDate", 10017),
    ("BaseOfferSeatQuantityNotMet", 10018),
    ("MinimumAddOnSeatsNotMet", 10019),
    ("LegacyOfferNotEligibleForPurchase", 500600),
];

/// `OrderErrorCode`: the 41 codes of the seeds.
pub(super) const ORDER_CODES: &[(&str, i64)] = &[
    ("PartnerTokenMissing", 800001),
    ("InvalidInput", 800002),
    ("ServiceException", 800003),
    ("InvalidOfferId", 800004),
    ("CreateOrderError", 800005),
    ("ProvisioningStatusNotFound", 800007),
    ("CartIdNotFound", 800008),
    ("CartItemErrorInCreateOrder", 800009),
    ("InventoryNotAvailable", 800010),
    ("AzureSubscriptionNotValid", 800011),
    ("SubscriptionIsNotActive", 800012),
    ("SubscriptionIsNotEnabledForRI", 800013),
    ("PendingAdjustment", 800014),
    ("MpnIdNotFound", 800015),
    ("NotValidIndirectResellerMpnId", 800016),
    ("InvalidQuantity", 800017),
    ("SandboxLimitExceeded", 800018),
    ("SandboxTenantOnly", 800019),
    ("CatalogItemNotEligibleForPurchase", 800020),
    ("SubscriptionIsNotValid", 800021),
    ("ManualReviewRequired", 800022),
    ("InsufficientFunds", 800023),
    ("ReviewCancelled", 800024),
    ("LineOfCreditNotDefined", 800025),
    ("RiskError", 800026),
    ("SubscriptionNotRegistered", 800030),
    ("PurchaseSystemNotSupported", 800031),
    ("ConditionFailed", 800036),
    ("AssetIdNotFound", 800037),
    ("AssetFutureBillingInfoNotFound", 800038),
    ("ResellerProgramStatusNotActive", 800039),
    ("AssetStatusChangeNotValid", 800040),
    ("ItemAlreadyActivated", 800041),
    ("NotSupported", 800042),
    ("PricingAccessForbidden", 800043),
    ("OrderInProgress", 800060),
    ("OrderCannotBeCancelled", 800061),
    ("ReviewRejected", 800062),
    ("CancelLegacyOrder", 800063),
    ("CartProcessedByAnotherRequest", 800064),
    ("CartCheckOutNotAllowedWhenStatusIsOrdered", 800065),
];

#[test]
fn cart_error_codes_read_by_name_or_number_and_written_as_name() -> TestResult {
    assert_eq!(CartErrorCode::ALL.len(), CART_CODES.len());
    for (name, number) in CART_CODES {
        let by_name: CartErrorCode = serde_json::from_value(json!(name))?;
        let by_number: CartErrorCode = serde_json::from_value(json!(number))?;
        let by_lower: CartErrorCode = serde_json::from_value(json!(name.to_ascii_lowercase()))?;
        assert_eq!((by_name, by_lower), (by_number, by_number), "{name}");
        assert_eq!(i64::from(by_number.code()), *number, "{name}");
        assert_eq!(by_number.name(), *name);
        assert_eq!(serde_json::to_value(by_number)?, json!(name), "{name} is written as its name");
    }
    for reject in [json!(10005), json!(800001), json!(-1), json!("NotACode"), json!(10000.5), json!(null)] {
        assert!(serde_json::from_value::<CartErrorCode>(reject.clone()).is_err(), "{reject} must not parse");
    }
    let error: CartError = serde_json::from_value(json!({"ErrorCode": 10003, "ErrorDescription": "x"}))?;
    assert_eq!(error.error_code, Some(CartErrorCode::InventoryNotAvailable));
    assert_eq!(serde_json::to_value(&error)?, json!({"errorCode": "InventoryNotAvailable", "errorDescription": "x"}));
    Ok(())
}

#[test]
fn order_error_codes_written_as_numbers() -> TestResult {
    assert_eq!(OrderErrorCode::ALL.len(), ORDER_CODES.len());
    for (name, number) in ORDER_CODES {
        let code: OrderErrorCode = serde_json::from_value(json!(number))?;
        assert_eq!(code.name(), *name, "{number}");
        assert_eq!(i64::from(code.code()), *number);
        assert_eq!(serde_json::to_value(code)?, json!(number), "{name} is written as its number");
    }
    for reject in [json!(800006), json!(10000), json!(0), json!("800006"), json!(null)] {
        assert!(serde_json::from_value::<OrderErrorCode>(reject.clone()).is_err(), "{reject} must not parse");
    }
    let error: OrderError = serde_json::from_value(json!({"OrderGroupId": "0", "Code": 800065, "Description": null}))?;
    assert_eq!(serde_json::to_value(&error)?, json!({"orderGroupId": "0", "code": 800065}));
    Ok(())
}

/// `(name, number)` rows of the code tables of a seed: markdown rows `| Name | 800001 | ... |`
/// and plain rows `Name 10000 Description`.
fn seed_code_rows(text: &str) -> Vec<(String, i64)> {
    let mut rows = Vec::new();
    for line in text.lines() {
        let cells: Vec<&str> = if line.trim_start().starts_with('|') {
            line.split('|').map(str::trim).filter(|c| !c.is_empty()).collect()
        } else {
            line.split_whitespace().collect()
        };
        if let (Some(name), Some(number)) = (cells.first(), cells.get(1)) {
            let identifier =
                name.starts_with(|c: char| c.is_ascii_uppercase()) && name.chars().all(|c| c.is_ascii_alphanumeric());
            if let (true, Ok(number)) = (identifier, number.parse::<i64>()) {
                rows.push(((*name).to_owned(), number));
            }
        }
    }
    rows
}

#[test]
fn code_tables_match_the_seeds() -> TestResult {
    let Some(dir) = seeds_dir() else {
        eprintln!("note: the seeds are absent; the code tables are checked against the model only");
        return Ok(());
    };
    let mut seen = 0;
    for seed in ["003_9cc7a1f3dc18e680.txt", "001_aba867c240138d59.txt"] {
        for (name, number) in seed_code_rows(&fs::read_to_string(dir.join(seed))?) {
            let table = if number >= 800_000 { ORDER_CODES } else { CART_CODES };
            assert!(table.contains(&(name.as_str(), number)), "{seed}: {name} = {number} is not in the tables");
            seen += 1;
        }
    }
    assert!(seen >= 41 + 14, "the seed tables were read ({seen} rows)");
    Ok(())
}
