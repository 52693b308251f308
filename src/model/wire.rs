//! The serde machinery shared by every wire type.
//!
//! Partner Center clients send property names in any case (`LineItems`, `lineItems`), `null`
//! for absent members, and members this model does not know. [`wire_struct!`] declares a
//! struct whose `Deserialize` matches names ASCII case-insensitively, reads `null` as absent
//! and skips unknown members, and whose `Serialize` writes camelCase and omits absent members.
//! [`wire_enum!`] does the same for string enums. A member given twice (in any case spelling)
//! fails the parse with serde's `duplicate_field` error.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

/// Whether a member is left out of the JSON output (absent options, empty ids).
pub(crate) trait WireSkip {
    /// True when the member is written as absent.
    fn wire_skip(&self) -> bool;
}

impl<T> WireSkip for Option<T> {
    fn wire_skip(&self) -> bool {
        self.is_none()
    }
}

impl WireSkip for String {
    fn wire_skip(&self) -> bool {
        self.is_empty()
    }
}

impl<T> WireSkip for Vec<T> {
    fn wire_skip(&self) -> bool {
        false
    }
}

/// Members that are always written.
macro_rules! never_skip {
    ($($t:ty),*) => { $( impl WireSkip for $t { fn wire_skip(&self) -> bool { false } } )* };
}

never_skip!(bool, i64, super::Money);

/// `skip_serializing_if` target for every wire member.
pub(crate) fn skip<T: WireSkip>(value: &T) -> bool {
    value.wire_skip()
}

/// Reads a map key and finds it, ASCII case-insensitively, among a struct's wire names.
pub(crate) struct KeyIndex(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeyIndex {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyIndex {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| name.eq_ignore_ascii_case(v)))
    }
}

/// Which of a struct's members a map has given so far, by index among its wire names.
#[derive(Default)]
pub(crate) struct Seen(u128);

impl Seen {
    /// Records member `index`; false when it was already given (a duplicate member). Indexes
    /// past 127 are not tracked (no wire struct has that many members).
    pub(crate) fn insert(&mut self, index: usize) -> bool {
        let Some(bit) = u32::try_from(index).ok().and_then(|i| 1u128.checked_shl(i)) else { return true };
        let fresh = self.0 & bit == 0;
        self.0 |= bit;
        fresh
    }
}

/// Declares a wire struct: public fields with their wire names, `Serialize` in camelCase with
/// absent members omitted, and a case-insensitive, null-tolerant, unknown-tolerant
/// `Deserialize`. The struct must implement `Default` (derive it or write it).
///
/// A member given twice, in any spelling of its name (`{"quantity": 1, "Quantity": 7}`), fails
/// the parse with serde's "duplicate field `quantity`" (the CLI reports it as 800002
/// [`InputProblem::Syntax`](crate::InputProblem) on `body`): which of the two values was meant
/// cannot be known, and taking the last one silently is how a client buys 7 instead of 1.
/// Unknown members are not checked for repeats.
macro_rules! wire_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(serde::Serialize)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(rename = $wire, skip_serializing_if = "crate::model::wire::skip")]
                pub $field: $ty,
            )+
        }

        crate::model::wire::wire_struct!(@de $name { $( $field : $ty = $wire, )+ });
    };
    (@de $name:ident { $( $field:ident : $ty:ty = $wire:literal, )+ }) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                const NAMES: &[&str] = &[ $( $wire, )+ ];
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }
                    #[allow(unused_assignments)]
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut out = <$name as Default>::default();
                        let mut seen = crate::model::wire::Seen::default();
                        while let Some(key) = map.next_key_seed(crate::model::wire::KeyIndex(NAMES))? {
                            let mut index = 0usize;
                            let mut matched = false;
                            $(
                                if !matched && key == Some(index) {
                                    matched = true;
                                    if !seen.insert(index) {
                                        return Err(<A::Error as serde::de::Error>::duplicate_field($wire));
                                    }
                                    let value: Option<$ty> = map.next_value().map_err(|e| {
                                        <A::Error as serde::de::Error>::custom(format_args!("{}: {}", $wire, e))
                                    })?;
                                    if let Some(value) = value {
                                        out.$field = value;
                                    }
                                }
                                index += 1;
                            )+
                            if !matched {
                                map.next_value::<serde::de::IgnoredAny>()?;
                            }
                        }
                        Ok(out)
                    }
                }
                deserializer.deserialize_map(V)
            }
        }
    };
}

/// Declares a string enum: its wire values, extra accepted spellings, and a reader that
/// ignores case, `_` and `-` (`one_time`, `OneTime` and `onetime` are one value).
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal $(| $alias:literal)*, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The value as written on the wire.
            pub const fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $wire, )+ }
            }

            /// Reads a wire value, ignoring case, `_` and `-`.
            pub fn parse(text: &str) -> Option<Self> {
                // The exact wire spelling first (what the store itself wrote): no folding.
                $(
                    if text == $wire {
                        return Some($name::$variant);
                    }
                )+
                $(
                    if crate::model::wire::loose_eq(text, $wire) $( || crate::model::wire::loose_eq(text, $alias) )* {
                        return Some($name::$variant);
                    }
                )+
                None
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("one of the ", stringify!($name), " values ", $( "`", $wire, "` ", )+))
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        $name::parse(v).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
                    }
                }
                deserializer.deserialize_str(V)
            }
        }
    };
}

pub(crate) use {wire_enum, wire_struct};

/// Compares two enum spellings ignoring ASCII case, `_` and `-`.
pub(crate) fn loose_eq(a: &str, b: &str) -> bool {
    let norm =
        |s: &str| s.bytes().filter(|c| *c != b'_' && *c != b'-').map(|c| c.to_ascii_lowercase()).collect::<Vec<u8>>();
    norm(a) == norm(b)
}
