//! A model-based state machine: random sequences of calls against the store and a simple
//! model; after every step the store agrees with the model.

use std::sync::Arc;

use cartstore::CartChange;
use cartstore::model::CartStatus;
use cartstore::{Cart, Error, ManualClock, OrderStatus, ProvisioningStatus, Store, StoreOptions};
use proptest::prelude::*;
use serde_json::json;

use super::{Res, SOFT, all_orders, catalog_with_inventory, inventory, long_mode};

const MODEL_CUSTOMER: &str = "model-customer";
const MODEL_INVENTORY: i64 = 6;

#[derive(Debug, Clone)]
enum Op {
    Create {
        basic: Option<i64>,
        soft: i64,
    },
    Update {
        cart: usize,
        basic: Option<i64>,
        soft: i64,
    },
    Checkout {
        cart: usize,
    },
    Cancel {
        order: usize,
    },
    Provision {
        order: usize,
        line: i64,
        fulfilled: bool,
    },
    Delete {
        cart: usize,
    },
    /// A catalog import that sets SOFT's inventory (None: unlimited), between any two steps:
    /// between a create and its checkout, or an order and its cancel.
    Restock {
        inventory: Option<i64>,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let lines = (proptest::option::of(1i64..4), 1i64..5);
    prop_oneof![
        3 => lines.clone().prop_map(|(basic, soft)| Op::Create { basic, soft }),
        1 => (any::<usize>(), lines).prop_map(|(cart, (basic, soft))| Op::Update { cart, basic, soft }),
        3 => any::<usize>().prop_map(|cart| Op::Checkout { cart }),
        2 => any::<usize>().prop_map(|order| Op::Cancel { order }),
        2 => (any::<usize>(), 0i64..3, any::<bool>())
            .prop_map(|(order, line, fulfilled)| Op::Provision { order, line, fulfilled }),
        1 => any::<usize>().prop_map(|cart| Op::Delete { cart }),
        1 => prop_oneof![Just(None), Just(Some(i64::MAX)), (0i64..8).prop_map(Some)]
            .prop_map(|inventory| Op::Restock { inventory }),
    ]
}

#[derive(Debug, Clone, PartialEq)]
struct ModelCart {
    id: String,
    basic: Option<i64>,
    soft: i64,
    ordered: bool,
    deleted: bool,
}

#[derive(Debug, Clone, PartialEq)]
struct ModelOrder {
    id: String,
    cart: String,
    soft: i64,
    /// What the order took from SOFT's inventory (0 when it was unlimited at checkout).
    taken: i64,
    status: OrderStatus,
    lines: Vec<ProvisioningStatus>,
}

#[derive(Debug, Default)]
struct Model {
    carts: Vec<ModelCart>,
    orders: Vec<ModelOrder>,
    inventory: Option<i64>,
}

fn model_cart(basic: Option<i64>, soft: i64) -> Res<Cart> {
    let mut lines = Vec::new();
    if let Some(q) = basic {
        lines.push(json!({"catalogItemId": "BASIC:0001:A", "quantity": q, "termDuration": "P1Y", "billingCycle": "monthly",
            "addonItems": [{"catalogItemId": "ADDON:0001:A", "quantity": q, "termDuration": "P1Y", "billingCycle": "monthly"}]}));
    }
    lines.push(json!({"catalogItemId": SOFT, "quantity": soft, "billingCycle": "one_time"}));
    Ok(serde_json::from_value(json!({ "lineItems": lines }))?)
}

fn pick<T>(items: &[T], i: usize) -> Option<&T> {
    items.get(i.checked_rem(items.len())?)
}

/// Applies `op` to the store and the model; the store's answer must be the model's.
fn step(store: &Store, model: &mut Model, op: &Op) -> Res<()> {
    let c = MODEL_CUSTOMER;
    match op {
        Op::Create { basic, soft } => {
            let cart = store.create_cart(c, &model_cart(*basic, *soft)?)?;
            model.carts.push(ModelCart { id: cart.id, basic: *basic, soft: *soft, ordered: false, deleted: false });
        }
        Op::Update { cart, basic, soft } => {
            let Some(m) = pick(&model.carts, *cart).cloned() else { return Ok(()) };
            let mut edited = model_cart(*basic, *soft)?;
            edited.id = m.id.clone();
            edited.last_modified_timestamp = match store.get_cart(c, &m.id) {
                Ok(current) => current.last_modified_timestamp,
                Err(Error::CartNotFound { .. }) if m.deleted => return Ok(()),
                Err(e) => return Err(e.into()),
            };
            match (store.update_cart(c, &edited), m.ordered) {
                (Ok(_), false) => {
                    let entry = model.carts.iter_mut().find(|x| x.id == m.id).ok_or("lost")?;
                    entry.basic = *basic;
                    entry.soft = *soft;
                }
                (Err(Error::CartAlreadyOrderedCannotChange { operation: CartChange::Update, .. }), true) => {}
                (other, ordered) => return Err(format!("update (ordered {ordered}): {other:?}").into()),
            }
        }
        Op::Checkout { cart } => {
            let Some(m) = pick(&model.carts, *cart).cloned() else { return Ok(()) };
            let got = store.checkout(c, &m.id);
            if m.deleted {
                return match got {
                    Err(Error::CartNotFound { .. }) => Ok(()),
                    other => Err(format!("checkout of a deleted cart: {other:?}").into()),
                };
            }
            if m.ordered {
                return match got {
                    Err(Error::CartAlreadyOrdered { .. }) => Ok(()),
                    other => Err(format!("second checkout: {other:?}").into()),
                };
            }
            let result = got?;
            let soft_ok = model.inventory.is_none_or(|i| m.soft <= i);
            let expected = usize::from(m.basic.is_some()) + usize::from(soft_ok);
            if result.orders.len() != expected {
                return Err(format!("checkout made {} orders, model {expected}", result.orders.len()).into());
            }
            let errors = result.order_errors.as_ref().map_or(0, Vec::len);
            if errors != usize::from(!soft_ok) {
                return Err(format!("checkout gave {errors} order errors, model {}", usize::from(!soft_ok)).into());
            }
            for order in &result.orders {
                let soft: i64 = order
                    .line_items
                    .iter()
                    .filter(|l| l.offer_id.as_deref() == Some(SOFT))
                    .filter_map(|l| l.quantity)
                    .sum();
                let lines = vec![ProvisioningStatus::PrefulfillmentPending; order.line_items.len()];
                let want_lines = if soft > 0 { 1 } else { 2 };
                if lines.len() != want_lines {
                    return Err(format!("order has {} lines, model {want_lines}", lines.len()).into());
                }
                model.orders.push(ModelOrder {
                    id: order.id.clone(),
                    cart: m.id.clone(),
                    soft,
                    taken: if model.inventory.is_some() { soft } else { 0 },
                    status: OrderStatus::Pending,
                    lines,
                });
            }
            if soft_ok && let Some(i) = model.inventory.as_mut() {
                *i -= m.soft;
            }
            if expected > 0 {
                model.carts.iter_mut().find(|x| x.id == m.id).ok_or("lost")?.ordered = true;
            }
        }
        Op::Cancel { order } => {
            let Some(index) = order.checked_rem(model.orders.len()) else { return Ok(()) };
            let m = model.orders.get_mut(index).ok_or("lost")?;
            // A pending order with a fulfilled line is under way: not cancellable (800061).
            let started = m.lines.contains(&ProvisioningStatus::Fulfilled);
            match (store.cancel_order(c, &m.id), m.status) {
                (Ok(o), OrderStatus::Pending) if !started && o.status == Some(OrderStatus::Cancelled) => {
                    m.status = OrderStatus::Cancelled;
                    m.lines.iter_mut().for_each(|l| *l = ProvisioningStatus::Unfulfilled);
                    let taken = m.taken;
                    model.inventory = model.inventory.map(|i| i.saturating_add(taken));
                }
                (Err(Error::OrderCannotBeCancelled { .. }), status) if status != OrderStatus::Pending || started => {}
                (other, status) => return Err(format!("cancel ({status:?}): {other:?}").into()),
            }
        }
        Op::Provision { order, line, fulfilled } => {
            let Some(index) = order.checked_rem(model.orders.len()) else { return Ok(()) };
            let m = model.orders.get_mut(index).ok_or("lost")?;
            let status = if *fulfilled { ProvisioningStatus::Fulfilled } else { ProvisioningStatus::Unfulfilled };
            let got = store.record_provisioning(c, &m.id, *line, status);
            let slot = usize::try_from(*line).ok().and_then(|l| m.lines.get_mut(l));
            match (got, m.status, slot) {
                (Ok(_), OrderStatus::Pending, Some(slot)) => {
                    *slot = status;
                    if m.lines.iter().all(|l| *l == ProvisioningStatus::Fulfilled) {
                        m.status = OrderStatus::Completed;
                    }
                }
                (Err(Error::InvalidInput { field, .. }), OrderStatus::Pending, None) if field == "lineItemNumber" => {}
                (Err(Error::InvalidInput { field, .. }), s, _) if s != OrderStatus::Pending && field == "status" => {}
                (other, s, slot) => {
                    return Err(
                        format!("record_provisioning ({s:?}, line exists {}): {other:?}", slot.is_some()).into()
                    );
                }
            }
        }
        Op::Restock { inventory } => {
            let mut catalog = catalog_with_inventory(0)?;
            for item in &mut catalog.items {
                if item.catalog_item_id == SOFT {
                    item.inventory = *inventory;
                }
            }
            store.import_catalog(&catalog)?;
            model.inventory = *inventory;
        }
        Op::Delete { cart } => {
            let Some(m) = pick(&model.carts, *cart).cloned() else { return Ok(()) };
            match (store.delete_cart(c, &m.id), m.deleted, m.ordered) {
                (Ok(()), false, false) => model.carts.iter_mut().find(|x| x.id == m.id).ok_or("lost")?.deleted = true,
                (Err(Error::CartNotFound { .. }), true, _) => {}
                (Err(Error::CartAlreadyOrderedCannotChange { operation: CartChange::Delete, .. }), false, true) => {}
                (other, deleted, ordered) => {
                    return Err(format!("delete (deleted {deleted}, ordered {ordered}): {other:?}").into());
                }
            }
        }
    }
    Ok(())
}

/// The whole store, compared with the model.
fn agree(store: &Store, model: &Model) -> Res<()> {
    let c = MODEL_CUSTOMER;
    let live: Vec<&ModelCart> = model.carts.iter().filter(|m| !m.deleted).collect();
    let listed = store.list_carts(c)?;
    if listed.len() != live.len() {
        return Err(format!("{} carts listed, model {}", listed.len(), live.len()).into());
    }
    for m in &model.carts {
        match (store.get_cart(c, &m.id), m.deleted) {
            (Err(Error::CartNotFound { .. }), true) => {}
            (Ok(cart), false) => {
                let want = if m.ordered { CartStatus::Ordered } else { CartStatus::Active };
                if cart.status != Some(want) {
                    return Err(format!("cart {} is {:?}, model {want:?}", m.id, cart.status).into());
                }
                let soft: i64 = cart
                    .line_items
                    .iter()
                    .filter(|l| l.catalog_item_id.as_deref() == Some(SOFT))
                    .filter_map(|l| l.quantity.as_ref().and_then(cartstore::model::Quantity::get))
                    .sum();
                if soft != m.soft {
                    return Err(format!("cart {} holds {soft} SOFT, model {}", m.id, m.soft).into());
                }
            }
            (other, deleted) => return Err(format!("get_cart (deleted {deleted}): {:?}", other.map(|c| c.id)).into()),
        }
    }
    let orders = all_orders(store, c)?;
    if orders.len() != model.orders.len() {
        return Err(format!("{} orders, model {}", orders.len(), model.orders.len()).into());
    }
    for m in &model.orders {
        let order = store.get_order(c, &m.id)?;
        if order.status != Some(m.status) {
            return Err(format!("order {} is {:?}, model {:?}", m.id, order.status, m.status).into());
        }
        let lines: Vec<Option<ProvisioningStatus>> =
            store.provisioning_status(c, &m.id)?.items.iter().map(|l| l.status).collect();
        let want: Vec<Option<ProvisioningStatus>> = m.lines.iter().copied().map(Some).collect();
        if lines != want {
            return Err(format!("order {} lines {lines:?}, model {want:?}", m.id).into());
        }
        if !model.carts.iter().any(|x| x.id == m.cart && x.ordered) {
            return Err(format!("order {} has no ordered cart in the model", m.id).into());
        }
    }
    if inventory(store)? != model.inventory {
        return Err(format!("inventory {:?}, model {:?}", inventory(store)?, model.inventory).into());
    }
    Ok(())
}

fn run_model(ops: &[Op]) -> Res<()> {
    let clock = Arc::new(ManualClock::new("2026-06-01T00:00:00Z".parse()?));
    let store = Store::open_in_memory_with(StoreOptions { clock, ..StoreOptions::default() })?;
    store.import_catalog(&catalog_with_inventory(MODEL_INVENTORY)?)?;
    let mut model = Model { inventory: Some(MODEL_INVENTORY), ..Model::default() };
    agree(&store, &model)?;
    for (i, op) in ops.iter().enumerate() {
        step(&store, &mut model, op).map_err(|e| format!("step {i} {op:?}: {e}"))?;
        agree(&store, &model).map_err(|e| format!("after step {i} {op:?}: {e}"))?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: if long_mode() { 512 } else { 32 },
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_store_agrees_with_a_simple_model_after_every_step(ops in proptest::collection::vec(op(), 1..30)) {
        let outcome = run_model(&ops).map_err(|e| e.to_string());
        prop_assert!(outcome.is_ok(), "{:?}", outcome);
    }
}
