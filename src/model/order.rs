//! The order resources: `Order`, `OrderLineItem`, their links, statuses and provisioning
//! status, and the checkout result (`CartCheckoutResult`, `OrderError`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::wire::{wire_enum, wire_struct};
use super::{Attributes, BillingCycleType, Link, OrderErrorCode, Pricing, RenewsTo, Timestamp, push_segment};

wire_enum! {
    /// The status of an order.
    pub enum OrderStatus {
        /// Enum initializer.
        Unknown = "unknown",
        /// The order is complete: every line is fulfilled.
        Completed = "completed",
        /// The order is still pending.
        Pending = "pending",
        /// The order was cancelled.
        Cancelled = "cancelled" | "canceled",
        /// The order is suspended (newer services).
        Suspended = "suspended",
        /// The order waits for a review (newer services).
        PendingReview = "pending_review",
        /// The order failed (newer services).
        Error = "error",
    }
}

wire_enum! {
    /// The transaction type of an order.
    pub enum OrderTransactionType {
        /// Bought by the partner for a customer.
        UserPurchase = "UserPurchase",
        /// Bought by the system.
        SystemPurchase = "SystemPurchase",
        /// Billed by the system.
        SystemBilling = "SystemBilling",
    }
}

wire_enum! {
    /// The transaction type of an order line.
    pub enum TransactionType {
        /// A new purchase.
        New = "New",
        /// A renewal.
        Renew = "Renew",
        /// Seats added.
        AddQuantity = "addQuantity",
        /// Seats removed.
        RemoveQuantity = "removeQuantity",
        /// A cancellation.
        Cancel = "Cancel",
        /// A conversion.
        Convert = "Convert",
        /// A customer credit.
        CustomerCredit = "customerCredit",
    }
}

wire_enum! {
    /// The provisioning status of an order line, or of a quantity of it.
    pub enum ProvisioningStatus {
        /// Fulfilled: the customer can use what was bought.
        Fulfilled = "fulfilled",
        /// Not fulfilled, because it was cancelled.
        Unfulfilled = "unfulfilled",
        /// Still being processed.
        PrefulfillmentPending = "prefulfillment_pending",
    }
}

wire_struct! {
    /// An order: the lines of one order group of a checked-out cart.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Order {
        /// The order id.
        pub id: String = "id",
        /// A friendly id (12 lowercase hex digits).
        pub alternate_id: Option<String> = "alternateId",
        /// The customer id.
        pub reference_customer_id: Option<String> = "referenceCustomerId",
        /// How often the partner is billed for this order.
        pub billing_cycle: Option<BillingCycleType> = "billingCycle",
        /// `UserPurchase`.
        pub transaction_type: Option<OrderTransactionType> = "transactionType",
        /// The lines.
        pub line_items: Vec<OrderLineItem> = "lineItems",
        /// The currency code.
        pub currency_code: Option<String> = "currencyCode",
        /// The currency symbol.
        pub currency_symbol: Option<String> = "currencySymbol",
        /// When the order was created.
        pub creation_date: Option<Timestamp> = "creationDate",
        /// The status.
        pub status: Option<OrderStatus> = "status",
        /// The `self` and `provisioningStatus` links.
        pub links: Option<OrderLinks> = "links",
        /// `objectType` = `Order`.
        pub attributes: Option<Attributes> = "attributes",
    }
}

wire_struct! {
    /// One line of an order: one subscription.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct OrderLineItem {
        /// The line number, 0..n-1 within the order.
        pub line_item_number: Option<i64> = "lineItemNumber",
        /// The offer (catalog item) id.
        pub offer_id: Option<String> = "offerId",
        /// The subscription id.
        pub subscription_id: Option<String> = "subscriptionId",
        /// The parent subscription of an add-on.
        pub parent_subscription_id: Option<String> = "parentSubscriptionId",
        /// The partner's name for the subscription.
        pub friendly_name: Option<String> = "friendlyName",
        /// The number of licenses or instances.
        pub quantity: Option<i64> = "quantity",
        /// The term, ISO 8601.
        pub term_duration: Option<String> = "termDuration",
        /// `New`.
        pub transaction_type: Option<TransactionType> = "transactionType",
        /// The indirect reseller's partner id.
        pub partner_id_on_record: Option<String> = "partnerIdOnRecord",
        /// Provisioning values.
        pub provisioning_context: Option<BTreeMap<String, String>> = "provisioningContext",
        /// The line's links.
        pub links: Option<OrderLineItemLinks> = "links",
        /// The renewal term.
        pub renews_to: Option<RenewsTo> = "renewsTo",
        /// The prices, copied from the cart line.
        pub pricing: Option<Pricing> = "pricing",
    }
}

wire_struct! {
    /// The links of an order.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct OrderLinks {
        /// The order's provisioning status.
        pub provisioning_status: Option<Link> = "provisioningStatus",
        /// The order.
        pub self_link: Option<Link> = "self",
    }
}

wire_struct! {
    /// The links of an order line.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct OrderLineItemLinks {
        /// The line's provisioning status.
        pub provisioning_status: Option<Link> = "provisioningStatus",
        /// The SKU bought.
        pub sku: Option<Link> = "sku",
        /// The subscription.
        pub subscription: Option<Link> = "subscription",
        /// The activation links.
        pub activation_links: Option<Link> = "activationLinks",
    }
}

wire_struct! {
    /// The provisioning status of one order line.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct OrderLineItemProvisioningStatus {
        /// The line number.
        pub line_item_number: Option<i64> = "lineItemNumber",
        /// The line's status.
        pub status: Option<ProvisioningStatus> = "status",
        /// The status per quantity.
        pub quantity_provisioning_information: Option<Vec<QuantityProvisioningStatus>> = "quantityProvisioningInformation",
    }
}

wire_struct! {
    /// The provisioning status of a quantity of an order line.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct QuantityProvisioningStatus {
        /// How many items.
        pub quantity: Option<i64> = "quantity",
        /// Their status.
        pub status: Option<ProvisioningStatus> = "status",
    }
}

wire_struct! {
    /// The result of a checkout: the orders made and the groups that failed.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct CartCheckoutResult {
        /// The orders, one per order group that passed.
        pub orders: Vec<Order> = "orders",
        /// The groups that failed, one error each.
        pub order_errors: Option<Vec<OrderError>> = "orderErrors",
        /// `objectType` = `CartCheckoutResult`.
        pub attributes: Option<Attributes> = "attributes",
    }
}

wire_struct! {
    /// An order group that did not become an order.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct OrderError {
        /// The order group.
        pub order_group_id: Option<String> = "orderGroupId",
        /// The error code.
        pub code: Option<OrderErrorCode> = "code",
        /// The description, in the store's locale.
        pub description: Option<String> = "description",
    }
}

impl Order {
    /// Fills an order's links as the store serves them: each the [`super::resource_uri`] of its
    /// segments, the order's and the customer's encoded once for all of them (an order of ten
    /// lines has 32 links).
    pub(crate) fn fill_links(&mut self, customer: &str) {
        self.fill_links_under(&Order::customer_path(customer));
    }

    /// `/customers/<customer>`, encoded: the start of every link of `customer`'s orders but
    /// the lines' SKU links. A page of orders encodes it once for all of them
    /// ([`Order::fill_links_under`]).
    pub(crate) fn customer_path(customer: &str) -> String {
        let mut customer_path = String::with_capacity(customer.len() + 16);
        push_segment(&mut customer_path, "customers");
        push_segment(&mut customer_path, customer);
        customer_path
    }

    /// [`Order::fill_links`] under the customer's [`Order::customer_path`].
    pub(crate) fn fill_links_under(&mut self, customer_path: &str) {
        // Each link is a prefix encoded already, then the fixed segments (`orders`,
        // `lineitems`, ...: unreserved characters alone, written as they are) and the ids
        // (encoded, [`push_segment`]).
        let on = |prefix: &str, room: usize| {
            let mut uri = String::with_capacity(prefix.len() + room);
            uri.push_str(prefix);
            uri
        };
        let order = self;
        let mut order_path = on(customer_path, order.id.len() + 16);
        order_path.push_str("/orders");
        push_segment(&mut order_path, &order.id);
        for line in &mut order.line_items {
            let offer = line.offer_id.as_deref().unwrap_or_default();
            let mut parts = offer.split(':');
            let product = parts.next().unwrap_or_default();
            let sku = parts.next().unwrap_or_default();
            let subscription = line.subscription_id.as_deref().unwrap_or_default();
            // The line's number: its digits (and sign) need no encoding.
            let mut status = on(&order_path, 64);
            let _ = write!(status, "/lineitems/{}/provisioningstatus", line.line_item_number.unwrap_or_default());
            let mut sku_uri = on("", product.len() + sku.len() + 24);
            sku_uri.push_str("/products");
            push_segment(&mut sku_uri, product);
            sku_uri.push_str("/skus");
            push_segment(&mut sku_uri, sku);
            let mut subscription_uri = on(customer_path, subscription.len() + 24);
            subscription_uri.push_str("/subscriptions");
            push_segment(&mut subscription_uri, subscription);
            line.links = Some(OrderLineItemLinks {
                provisioning_status: Some(Link::get(status)),
                sku: Some(Link::get(sku_uri)),
                subscription: Some(Link::get(subscription_uri)),
                activation_links: None,
            });
        }
        // The order's own links last: its `self` link is the order's path itself.
        let mut status = on(&order_path, 24);
        status.push_str("/provisioningstatus");
        order.links =
            Some(OrderLinks { provisioning_status: Some(Link::get(status)), self_link: Some(Link::get(order_path)) });
    }
}
