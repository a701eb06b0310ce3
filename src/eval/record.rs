//! Reading one employee's inputs from a host's own record type (`#[derive(Serialize)]`), with
//! a small serde `Serializer` that captures a flat struct or map of single values directly.
//!
//! Nothing goes through `serde_json`, so nothing depends on how a host configures it. Each
//! field is read as [`Inputs::set_text`] reads a data cell, from its exact text:
//! - integers (`u32`, `i64`, `u128`, ...) exactly;
//! - [`rust_decimal::Decimal`] exactly (it serializes as its text; also when a host serializes
//!   it with `rust_decimal::serde::arbitrary_precision`);
//! - strings as data cells (`"6,525.00"`, `"85%"`, `"2023-09-01"`, blank = missing);
//! - `bool`, `None`/`()` (missing), unit enum variants (their name, as text);
//! - floating-point fields by their shortest round-trip text: `9.5` is 9.5, `0.1` is 0.1, but
//!   a float computed as `0.1 + 0.2` arrives as `0.30000000000000004`. Give money and rates as
//!   `Decimal` or as strings.
//!
//! A field that names no input is an error like `set_text`'s, with the nearest input's name
//! (`sales_amout`: did you mean `sales_amount`?), unless the caller asked for the lenient form,
//! which returns such fields instead. A field given twice (a map with a repeated key, two
//! flattened structs) is an error, never "the last one wins".

use super::error::EvalError;
use super::inputs::{InputSchema, Inputs};
use crate::value::Value;
use serde::ser::{self, Impossible, Serialize};
use std::fmt;
use std::sync::Arc;

/// What [`crate::Policy::inputs_from_lenient`] gives: the inputs read, and the record's fields
/// that name no input, in the record's order, for the caller to judge (an `employee_id` is
/// expected; a `sales_amout` is a typo).
#[derive(Clone, Debug)]
pub struct LenientInputs {
    /// The inputs read from the fields that name one.
    pub inputs: Inputs,
    /// Fields that name no input.
    pub unknown: Vec<String>,
}

/// Reads a record; `lenient` collects unknown fields instead of refusing them.
pub(crate) fn read<T: Serialize + ?Sized>(
    schema: Arc<InputSchema>,
    record: &T,
    lenient: bool,
) -> Result<LenientInputs, EvalError> {
    let given = vec![false; schema.len()];
    let mut reader = Reader {
        inputs: Inputs::new(schema),
        given,
        lenient,
        unknown: Vec::new(),
        key: None,
    };
    record.serialize(&mut reader).map_err(Failed::into_eval)?;
    Ok(LenientInputs {
        inputs: reader.inputs,
        unknown: reader.unknown,
    })
}

/// The serializer's error: an evaluation error, or a message from a host's `Serialize`.
#[derive(Debug)]
pub(crate) enum Failed {
    Eval(EvalError),
    Custom(String),
}

impl Failed {
    fn into_eval(self) -> EvalError {
        match self {
            Failed::Eval(e) => e,
            Failed::Custom(reason) => EvalError::BadRecord { reason },
        }
    }

    /// The error, attributed to the field being read.
    fn at_field(self, field: &str) -> Failed {
        match self {
            Failed::Custom(message) => Failed::Eval(EvalError::InvalidInput {
                input: Arc::from(field),
                message,
            }),
            eval => eval,
        }
    }
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failed::Eval(e) => e.fmt(f),
            Failed::Custom(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Failed {}

impl ser::Error for Failed {
    fn custom<M: fmt::Display>(msg: M) -> Failed {
        Failed::Custom(msg.to_string())
    }
}

fn not_a_record<T>(what: &str) -> Result<T, Failed> {
    Err(Failed::Custom(format!(
        "is {what}; expected a struct or map of named fields"
    )))
}

/// The record level: a struct or a map; its fields go into the inputs one by one.
struct Reader {
    inputs: Inputs,
    given: Vec<bool>,
    lenient: bool,
    unknown: Vec<String>,
    /// A map key waiting for its value.
    key: Option<String>,
}

impl Reader {
    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Failed> {
        // An unknown name is the error `set_text` gives, with its suggestion.
        let i = match self.inputs.position(name) {
            Ok(i) => i,
            Err(_) if self.lenient => {
                self.unknown.push(name.to_string());
                return Ok(());
            }
            Err(e) => return Err(Failed::Eval(e)),
        };
        if std::mem::replace(&mut self.given[i], true) {
            return Err(Failed::Eval(EvalError::InvalidInput {
                input: Arc::from(name),
                message: "the record gives this input twice".into(),
            }));
        }
        let scalar = value
            .serialize(ScalarReader)
            .map_err(|e| e.at_field(name))?;
        let set = match scalar {
            Scalar::Missing => return Ok(()),
            Scalar::Bool(b) => self.inputs.set(name, Value::Bool(b)).map(|_| ()),
            Scalar::Text(t) => self.inputs.set_text(name, &t).map(|_| ()),
        };
        set.map_err(Failed::Eval)
    }
}

impl ser::SerializeStruct for &mut Reader {
    type Ok = ();
    type Error = Failed;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Failed> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Failed> {
        Ok(())
    }
}

impl ser::SerializeMap for &mut Reader {
    type Ok = ();
    type Error = Failed;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Failed> {
        match key.serialize(ScalarReader)? {
            Scalar::Text(k) => {
                self.key = Some(k);
                Ok(())
            }
            _ => not_a_record("a map whose keys are not text"),
        }
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failed> {
        match self.key.take() {
            Some(k) => self.field(&k, value),
            None => Err(Failed::Custom("a map value without its key".into())),
        }
    }
    fn end(self) -> Result<(), Failed> {
        Ok(())
    }
}

/// Refuses every shape but a struct or a map at the record level.
macro_rules! not_a_record {
    ($($method:ident($($arg:ty),*) => $what:literal;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<(), Failed> {
            not_a_record($what)
        }
    )*};
}

impl<'a> ser::Serializer for &'a mut Reader {
    type Ok = ();
    type Error = Failed;
    type SerializeSeq = Impossible<(), Failed>;
    type SerializeTuple = Impossible<(), Failed>;
    type SerializeTupleStruct = Impossible<(), Failed>;
    type SerializeTupleVariant = Impossible<(), Failed>;
    type SerializeMap = &'a mut Reader;
    type SerializeStruct = &'a mut Reader;
    type SerializeStructVariant = Impossible<(), Failed>;

    fn serialize_map(self, _: Option<usize>) -> Result<Self, Failed> {
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Failed> {
        Ok(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Failed> {
        value.serialize(self)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Failed> {
        value.serialize(self)
    }
    not_a_record! {
        serialize_bool(bool) => "a bool";
        serialize_i8(i8) => "a number";
        serialize_i16(i16) => "a number";
        serialize_i32(i32) => "a number";
        serialize_i64(i64) => "a number";
        serialize_i128(i128) => "a number";
        serialize_u8(u8) => "a number";
        serialize_u16(u16) => "a number";
        serialize_u32(u32) => "a number";
        serialize_u64(u64) => "a number";
        serialize_u128(u128) => "a number";
        serialize_f32(f32) => "a number";
        serialize_f64(f64) => "a number";
        serialize_char(char) => "a character";
        serialize_str(&str) => "text";
        serialize_bytes(&[u8]) => "bytes";
        serialize_none() => "None";
        serialize_unit() => "()";
        serialize_unit_struct(&'static str) => "a unit struct";
        serialize_unit_variant(&'static str, u32, &'static str) => "an enum variant";
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Failed> {
        not_a_record("an enum variant")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Failed> {
        not_a_record("a sequence")
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Failed> {
        not_a_record("a tuple")
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Failed> {
        not_a_record("a tuple struct")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Failed> {
        not_a_record("an enum variant")
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Failed> {
        not_a_record("an enum variant")
    }
}

/// One field's value, as captured.
enum Scalar {
    /// `None`, `()`: the input stays missing.
    Missing,
    Bool(bool),
    /// A number's exact text, or a string.
    Text(String),
}

/// How serde_json's `arbitrary_precision` serializes a number (and rust_decimal's
/// `serde::arbitrary_precision` a `Decimal`): a struct of this name whose one field is the
/// number's text.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// The field level: captures one single value.
struct ScalarReader;

macro_rules! exact_text {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method(self, v: $ty) -> Result<Scalar, Failed> {
            Ok(Scalar::Text(v.to_string()))
        }
    )*};
}

fn nested<T>(what: &str) -> Result<T, Failed> {
    Err(Failed::Custom(format!(
        "expected a single value (number, text, bool), got {what}"
    )))
}

macro_rules! nested {
    ($($method:ident($($arg:ty),*) -> $ret:ty => $what:literal;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<$ret, Failed> {
            nested($what)
        }
    )*};
}

/// A float by its shortest round-trip text (Rust's `Display`, which never uses an exponent);
/// NaN and infinity are refused.
fn float_text(text: String) -> Result<Scalar, Failed> {
    if text.contains(['N', 'i']) {
        return Err(Failed::Custom(format!("{text} is not a number")));
    }
    Ok(Scalar::Text(text))
}

impl ser::Serializer for ScalarReader {
    type Ok = Scalar;
    type Error = Failed;
    type SerializeSeq = Impossible<Scalar, Failed>;
    type SerializeTuple = Impossible<Scalar, Failed>;
    type SerializeTupleStruct = Impossible<Scalar, Failed>;
    type SerializeTupleVariant = Impossible<Scalar, Failed>;
    type SerializeMap = Impossible<Scalar, Failed>;
    type SerializeStruct = NumberToken;
    type SerializeStructVariant = Impossible<Scalar, Failed>;

    exact_text! {
        serialize_i8(i8); serialize_i16(i16); serialize_i32(i32); serialize_i64(i64);
        serialize_i128(i128); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
        serialize_u64(u64); serialize_u128(u128); serialize_char(char); serialize_str(&str);
    }
    // The only floating point in src/: serde's trait hands a host's float fields over as
    // such; each is turned into its text at once and read as a decimal, like a data cell.
    fn serialize_f32(self, v: f32) -> Result<Scalar, Failed> {
        float_text(v.to_string())
    }
    fn serialize_f64(self, v: f64) -> Result<Scalar, Failed> {
        float_text(v.to_string())
    }
    fn serialize_bool(self, v: bool) -> Result<Scalar, Failed> {
        Ok(Scalar::Bool(v))
    }
    fn serialize_none(self) -> Result<Scalar, Failed> {
        Ok(Scalar::Missing)
    }
    fn serialize_unit(self) -> Result<Scalar, Failed> {
        Ok(Scalar::Missing)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Scalar, Failed> {
        Ok(Scalar::Missing)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Scalar, Failed> {
        value.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Scalar, Failed> {
        value.serialize(self)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Scalar, Failed> {
        Ok(Scalar::Text(variant.to_string()))
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Scalar, Failed> {
        nested("an enum variant with data")
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<NumberToken, Failed> {
        if name == NUMBER_TOKEN {
            Ok(NumberToken(None))
        } else {
            nested("a struct")
        }
    }
    nested! {
        serialize_bytes(&[u8]) -> Scalar => "bytes";
        serialize_seq(Option<usize>) -> Self::SerializeSeq => "a sequence";
        serialize_tuple(usize) -> Self::SerializeTuple => "a tuple";
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct => "a tuple struct";
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant => "an enum variant with data";
        serialize_map(Option<usize>) -> Self::SerializeMap => "a map";
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant => "an enum variant with data";
    }
}

/// An arbitrary-precision number: its one field holds the text.
struct NumberToken(Option<Scalar>);

impl ser::SerializeStruct for NumberToken {
    type Ok = Scalar;
    type Error = Failed;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Failed> {
        self.0 = Some(value.serialize(ScalarReader)?);
        Ok(())
    }
    fn end(self) -> Result<Scalar, Failed> {
        Ok(self.0.unwrap_or(Scalar::Missing))
    }
}
