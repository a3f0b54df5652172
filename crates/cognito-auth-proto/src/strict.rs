//! A deserializer over a parsed [`Value`] that is stricter than serde_json's
//! and reports where it failed.
//!
//! - A structure accepts only a JSON object (serde's derive would also take a
//!   list and fill members by position; the service answers
//!   `Start of list found where not expected`).
//! - The path of the value that failed is recorded, so that a missing member
//!   can be named as the service names it (`userAttributes.1.member.name`).

use std::cell::RefCell;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Unexpected, Visitor,
};
use serde::forward_to_deserialize_any;
use serde_json::{Error, Map, Value};

/// One step of a member path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// A path kept on the stack while descending.
#[derive(Clone, Copy)]
enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl Path<'_> {
    fn to_vec(self) -> Vec<Seg> {
        let mut out = Vec::new();
        let mut cur = self;
        loop {
            match cur {
                Path::Root => break,
                Path::Key(parent, k) => {
                    out.push(Seg::Key(k.to_owned()));
                    cur = *parent;
                }
                Path::Index(parent, i) => {
                    out.push(Seg::Index(i));
                    cur = *parent;
                }
            }
        }
        out.reverse();
        out
    }
}

/// Where the first (innermost) error happened.
#[derive(Default)]
struct Ctx {
    error_at: RefCell<Option<Vec<Seg>>>,
}

impl Ctx {
    fn mark(&self, path: Path<'_>) {
        if let Ok(mut at) = self.error_at.try_borrow_mut()
            && at.is_none()
        {
            *at = Some(path.to_vec());
        }
    }
}

/// A failed decode: serde's message and the path of the value it concerns
/// (for a missing member, the path of the object that lacks it).
pub(crate) struct Failure {
    pub message: String,
    pub path: Vec<Seg>,
}

/// Decodes `T` from `value` strictly, reporting where it failed.
pub(crate) fn from_value<'de, T: de::Deserialize<'de>>(value: &'de Value) -> Result<T, Failure> {
    let ctx = Ctx::default();
    let result = T::deserialize(De {
        value,
        path: Path::Root,
        ctx: &ctx,
    });
    result.map_err(|e| Failure {
        message: e.to_string(),
        path: ctx.error_at.take().unwrap_or_default(),
    })
}

fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                Unexpected::Unsigned(u)
            } else if let Some(i) = n.as_i64() {
                Unexpected::Signed(i)
            } else {
                Unexpected::Float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

struct De<'de, 'p> {
    value: &'de Value,
    path: Path<'p>,
    ctx: &'p Ctx,
}

impl<'de> De<'de, '_> {
    fn any<V: Visitor<'de>>(&self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    match n.as_f64() {
                        Some(f) => visitor.visit_f64(f),
                        None => Err(Error::custom("unsupported number")),
                    }
                }
            }
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => {
                let mut seq = Seq {
                    items,
                    next: 0,
                    path: self.path,
                    ctx: self.ctx,
                };
                let v = visitor.visit_seq(&mut seq)?;
                if seq.next == items.len() {
                    Ok(v)
                } else {
                    Err(Error::invalid_length(
                        items.len(),
                        &"fewer elements in array",
                    ))
                }
            }
            Value::Object(map) => {
                let mut access = Obj {
                    iter: map.iter(),
                    pending: None,
                    path: self.path,
                    ctx: self.ctx,
                };
                visitor.visit_map(&mut access)
            }
        }
    }

    fn marked<T>(&self, result: Result<T, Error>) -> Result<T, Error> {
        if result.is_err() {
            self.ctx.mark(self.path);
        }
        result
    }
}

impl<'de> Deserializer<'de> for De<'de, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = self.any(visitor);
        self.marked(r)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let r = match self.value {
            Value::Object(_) => self.any(visitor),
            other => Err(Error::invalid_type(unexpected(other), &visitor)),
        };
        self.marked(r)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map enum
        identifier ignored_any
    }
}

struct Seq<'de, 'p> {
    items: &'de [Value],
    next: usize,
    path: Path<'p>,
    ctx: &'p Ctx,
}

impl<'de> SeqAccess<'de> for Seq<'de, '_> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some(item) = self.items.get(self.next) else {
            return Ok(None);
        };
        let index = self.next;
        self.next += 1;
        seed.deserialize(De {
            value: item,
            path: Path::Index(&self.path, index),
            ctx: self.ctx,
        })
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

struct Obj<'de, 'p> {
    iter: serde_json::map::Iter<'de>,
    pending: Option<(&'de str, &'de Value)>,
    path: Path<'p>,
    ctx: &'p Ctx,
}

impl<'de> MapAccess<'de> for Obj<'de, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.iter.next() {
            Some((k, v)) => {
                self.pending = Some((k.as_str(), v));
                seed.deserialize(BorrowedStrDeserializer::<Error>::new(k))
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let Some((key, value)) = self.pending.take() else {
            return Err(Error::custom("value requested before key"));
        };
        seed.deserialize(De {
            value,
            path: Path::Key(&self.path, key),
            ctx: self.ctx,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// The object at `path` inside `value`, if there is one.
pub(crate) fn object_at_mut<'a>(
    value: &'a mut Value,
    path: &[Seg],
) -> Option<&'a mut Map<String, Value>> {
    let mut cur = value;
    for seg in path {
        cur = match (seg, cur) {
            (Seg::Key(k), Value::Object(map)) => map.get_mut(k)?,
            (Seg::Index(i), Value::Array(items)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    match cur {
        Value::Object(map) => Some(map),
        _ => None,
    }
}
