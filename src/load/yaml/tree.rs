//! Converts serde_yaml's tree into a typed value through serde. Its error type records what
//! serde's own calls say went wrong (a missing field, an unknown field or variant with the
//! valid ones, a wrong type), and where: the path of entry and item positions. Entries on
//! `skip` are left out, so that a failed one can be passed over and the rest converted.

use serde::de::{
    self, DeserializeSeed, Deserializer, Expected, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, Visitor,
};
use serde_yaml::Value;
use std::collections::HashSet;
use std::fmt;

/// A path in the tree: the position of each mapping entry or list item, from the top.
pub(super) type Path = Vec<usize>;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    MissingField(&'static str),
    UnknownField {
        field: String,
        expected: &'static [&'static str],
    },
    UnknownVariant {
        variant: String,
        expected: &'static [&'static str],
    },
    /// A value of the wrong shape; `want` says what the field asked for, where that helps.
    InvalidType {
        want: Option<Want>,
    },
    /// Anything else, such as a model type's own parse error.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Want {
    Bool,
    Fields,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Failure {
    pub kind: Kind,
    pub message: String,
    /// Where: `None` until the error passes the value it is about.
    pub path: Option<Path>,
    /// The error is about the entry's key, not its value.
    pub at_key: bool,
}

impl Failure {
    fn new(kind: Kind, message: String) -> Self {
        Failure {
            kind,
            message,
            path: None,
            at_key: false,
        }
    }

    fn at(mut self, path: &[usize], at_key: bool) -> Self {
        if self.path.is_none() {
            self.path = Some(path.to_vec());
            self.at_key = at_key;
        }
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// `expected one of `a`, `b``, as serde words it.
struct OneOf(&'static [&'static str], &'static str);

impl fmt::Display for OneOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quoted: Vec<String> = self.0.iter().map(|n| format!("`{n}`")).collect();
        match quoted.as_slice() {
            [] => write!(f, "there are no {}", self.1),
            [one] => write!(f, "expected {one}"),
            [a, b] => write!(f, "expected {a} or {b}"),
            all => write!(f, "expected one of {}", all.join(", ")),
        }
    }
}

impl de::Error for Failure {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Failure::new(Kind::Other, msg.to_string())
    }

    fn invalid_type(unexp: Unexpected, exp: &dyn Expected) -> Self {
        let message = format!("invalid type: {unexp}, expected {exp}");
        Failure::new(Kind::InvalidType { want: None }, message)
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let message = format!(
            "unknown variant `{variant}`, {}",
            OneOf(expected, "variants")
        );
        let kind = Kind::UnknownVariant {
            variant: variant.to_string(),
            expected,
        };
        Failure::new(kind, message)
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        let message = format!("unknown field `{field}`, {}", OneOf(expected, "fields"));
        let kind = Kind::UnknownField {
            field: field.to_string(),
            expected,
        };
        Failure::new(kind, message)
    }

    fn missing_field(field: &'static str) -> Self {
        Failure::new(
            Kind::MissingField(field),
            format!("missing field `{field}`"),
        )
    }
}

/// What every node of one conversion shares.
pub(super) struct Ctx<'c> {
    pub skip: &'c HashSet<Path>,
    /// A plain scalar's text as written, by path, where the position pass knows it.
    pub written: &'c dyn Fn(&[usize]) -> Option<String>,
}

/// A value of the tree at a path; serde's `Deserializer` for it.
pub(super) struct Node<'de, 'c> {
    value: &'de Value,
    path: Path,
    is_key: bool,
    ctx: &'c Ctx<'c>,
}

impl<'de, 'c> Node<'de, 'c> {
    pub fn root(value: &'de Value, ctx: &'c Ctx<'c>) -> Self {
        Node {
            value,
            path: Vec::new(),
            is_key: false,
            ctx,
        }
    }

    fn child(&self, value: &'de Value, i: usize, is_key: bool) -> Node<'de, 'c> {
        let mut path = self.path.clone();
        path.push(i);
        Node {
            value,
            path,
            is_key,
            ctx: self.ctx,
        }
    }

    fn unexpected(&self) -> Unexpected<'de> {
        match self.value {
            Value::Null => Unexpected::Unit,
            Value::Bool(b) => Unexpected::Bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Unexpected::Unsigned(u),
                (_, Some(i)) => Unexpected::Signed(i),
                _ => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => Unexpected::Str(s),
            Value::Sequence(_) => Unexpected::Seq,
            Value::Mapping(_) => Unexpected::Map,
            Value::Tagged(_) => Unexpected::Other("tagged value"),
        }
    }

    fn invalid(&self, exp: &dyn Expected, want: Option<Want>) -> Failure {
        let mut f = <Failure as de::Error>::invalid_type(self.unexpected(), exp);
        f.kind = Kind::InvalidType { want };
        f
    }

    fn locate<T>(&self, result: Result<T, Failure>) -> Result<T, Failure> {
        result.map_err(|e| e.at(&self.path, self.is_key))
    }

    /// `!tag value` converts as `value`.
    fn untagged(mut self) -> Self {
        while let Value::Tagged(t) = self.value {
            self.value = &t.value;
        }
        self
    }

    fn map<V: Visitor<'de>>(&self, visitor: V) -> Result<V::Value, Failure> {
        let Value::Mapping(m) = self.value else {
            return Err(self.invalid(&visitor, None));
        };
        let mut entries = Entries {
            node: self,
            iter: m.iter().enumerate(),
            value: None,
        };
        match visitor.visit_map(&mut entries) {
            // An error between a key and its value (a duplicate key) is about that key.
            Err(e) if e.path.is_none() => match entries.value {
                Some((i, _)) => {
                    let mut path = self.path.clone();
                    path.push(i);
                    Err(e.at(&path, true))
                }
                None => Err(e),
            },
            other => other,
        }
    }
}

struct Entries<'n, 'de, 'c> {
    node: &'n Node<'de, 'c>,
    iter: std::iter::Enumerate<serde_yaml::mapping::Iter<'de>>,
    /// The value of the key just read.
    value: Option<(usize, &'de Value)>,
}

impl<'de> MapAccess<'de> for Entries<'_, 'de, '_> {
    type Error = Failure;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Failure> {
        for (i, (key, value)) in self.iter.by_ref() {
            let node = self.node.child(key, i, true);
            if self.node.ctx.skip.contains(&node.path) {
                continue;
            }
            self.value = Some((i, value));
            return seed.deserialize(node).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Failure> {
        match self.value.take() {
            Some((i, value)) => seed.deserialize(self.node.child(value, i, false)),
            None => Err(de::Error::custom("a value without a key")),
        }
    }
}

struct Items<'n, 'de, 'c> {
    node: &'n Node<'de, 'c>,
    iter: std::iter::Enumerate<std::slice::Iter<'de, Value>>,
}

impl<'de> SeqAccess<'de> for Items<'_, 'de, '_> {
    type Error = Failure;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Failure> {
        for (i, value) in self.iter.by_ref() {
            let node = self.node.child(value, i, false);
            if self.node.ctx.skip.contains(&node.path) {
                continue;
            }
            return seed.deserialize(node).map(Some);
        }
        Ok(None)
    }
}

impl<'de> Deserializer<'de> for Node<'de, '_> {
    type Error = Failure;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Failure> {
        let node = self.untagged();
        let result = match node.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), ..) => visitor.visit_u64(u),
                (_, Some(i), _) => visitor.visit_i64(i),
                (.., Some(f)) => visitor.visit_f64(f),
                _ => Err(node.invalid(&visitor, None)),
            },
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Sequence(items) => visitor.visit_seq(Items {
                node: &node,
                iter: items.iter().enumerate(),
            }),
            Value::Mapping(_) => node.map(visitor),
            Value::Tagged(_) => Err(node.invalid(&visitor, None)),
        };
        node.locate(result)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Failure> {
        let node = self.untagged();
        let result = match node.value {
            Value::Bool(b) => visitor.visit_bool(*b),
            _ => Err(node.invalid(&visitor, Some(Want::Bool))),
        };
        node.locate(result)
    }

    /// Text fields take any scalar as written: serde_yaml reads `title: 2024` as a number, and
    /// `period: 2024.10` must not become 2024.1.
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Failure> {
        let node = self.untagged();
        let result = match node.value {
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Null | Value::Bool(_) | Value::Number(_) => {
                match (node.ctx.written)(&node.path) {
                    Some(text) => visitor.visit_string(text),
                    None => visitor.visit_string(scalar_text(node.value)),
                }
            }
            _ => Err(node.invalid(&visitor, None)),
        };
        node.locate(result)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Failure> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Failure> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Failure> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Failure> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Failure> {
        let node = self.untagged();
        let result = match node.value {
            Value::Sequence(_) => return node.deserialize_any(visitor),
            _ => Err(node.invalid(&visitor, None)),
        };
        node.locate(result)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Failure> {
        let node = self.untagged();
        let result = node.map(visitor);
        node.locate(result)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Failure> {
        let node = self.untagged();
        let result = match node.value {
            Value::Mapping(_) => node.map(visitor),
            // Rust's struct names mean nothing to authors.
            _ => Err(node.invalid(
                &"a mapping of fields (`name: value` lines)",
                Some(Want::Fields),
            )),
        };
        node.locate(result)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Failure> {
        let node = self.untagged();
        let result = match node.value {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            Value::Bool(_) | Value::Number(_) => {
                let text =
                    (node.ctx.written)(&node.path).unwrap_or_else(|| scalar_text(node.value));
                visitor.visit_enum(text.into_deserializer())
            }
            _ => Err(node.invalid(&visitor, None)),
        };
        node.locate(result)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit unit_struct
        tuple tuple_struct ignored_any
    }
}

/// A scalar's text when the position pass does not know how it was written.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        title: String,
        #[serde(default)]
        draft: bool,
        #[serde(default)]
        list: Vec<u32>,
    }

    fn convert<T: serde::de::DeserializeOwned>(yaml: &str, skip: &[Path]) -> Result<T, Failure> {
        let value: Value = serde_yaml::from_str(yaml).unwrap();
        let skip: HashSet<Path> = skip.iter().cloned().collect();
        let written = |_: &[usize]| None;
        let ctx = Ctx {
            skip: &skip,
            written: &written,
        };
        T::deserialize(Node::root(&value, &ctx))
    }

    #[test]
    fn names_the_kind_and_the_path_of_each_failure() {
        let e = convert::<Doc>("title: x\ntitel: y\n", &[]).unwrap_err();
        assert_eq!((e.path.as_deref(), e.at_key), (Some(&[1][..]), true));
        assert!(matches!(e.kind, Kind::UnknownField { ref field, .. } if field == "titel"));
        assert_eq!(
            e.message,
            "unknown field `titel`, expected one of `title`, `draft`, `list`"
        );
        let e = convert::<Doc>("title: x\nlist: [1, x]\n", &[]).unwrap_err();
        assert_eq!((e.path.as_deref(), e.at_key), (Some(&[1, 1][..]), false));
        let e = convert::<Doc>("draft: yes\n", &[]).unwrap_err();
        assert_eq!(
            e.kind,
            Kind::InvalidType {
                want: Some(Want::Bool)
            }
        );
        assert_eq!(
            e.message,
            "invalid type: string \"yes\", expected a boolean"
        );
        let e = convert::<Doc>("draft: true\n", &[]).unwrap_err();
        assert_eq!(
            (e.kind, e.path),
            (Kind::MissingField("title"), Some(vec![]))
        );
    }

    #[test]
    fn passes_over_skipped_entries_and_items() {
        let doc = convert::<Doc>(
            "title: x\ntitel: y\nlist: [1, x, 3]\n",
            &[vec![1], vec![2, 1]],
        );
        assert_eq!(
            doc,
            Ok(Doc {
                title: "x".into(),
                draft: false,
                list: vec![1, 3]
            })
        );
    }

    #[test]
    fn reads_scalars_as_text_where_text_is_wanted() {
        let doc = convert::<Doc>("title: 2024\n", &[]).unwrap();
        assert_eq!(doc.title, "2024");
        let e = convert::<Doc>("- a\n", &[]).unwrap_err();
        assert_eq!(
            e.message,
            "invalid type: sequence, expected a mapping of fields (`name: value` lines)"
        );
    }
}
