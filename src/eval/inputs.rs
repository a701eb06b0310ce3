//! One employee's facts, as the evaluator takes them: a value (or nothing) per declared input.

use super::error::EvalError;
use crate::value::Value;
use crate::vocab::ValueType;
use std::collections::HashMap;
use std::sync::Arc;

/// The inputs a policy declares: names, types and positions.
#[derive(Debug)]
pub struct InputSchema {
    pub(crate) names: Vec<Arc<str>>,
    pub(crate) types: Vec<ValueType>,
    pub(crate) docs: Vec<Option<String>>,
    measures: Vec<Option<crate::policy::MeasureOf>>,
    lookbacks: Vec<Option<crate::vocab::Lookback>>,
    populations: Vec<bool>,
    index: HashMap<Arc<str>, usize>,
}

impl InputSchema {
    pub(crate) fn new(inputs: &[crate::check::ir::Input]) -> InputSchema {
        InputSchema {
            names: inputs.iter().map(|i| i.name.clone()).collect(),
            types: inputs.iter().map(|i| i.ty).collect(),
            docs: inputs.iter().map(|i| i.doc.clone()).collect(),
            measures: inputs.iter().map(|i| i.measure).collect(),
            lookbacks: inputs.iter().map(|i| i.lookback.clone()).collect(),
            populations: inputs.iter().map(|i| i.population.is_some()).collect(),
            index: inputs
                .iter()
                .enumerate()
                .map(|(k, i)| (Arc::from(&*crate::text::name_key(&i.name)), k))
                .collect(),
        }
    }

    /// Position of an input, by its name compared after NFKC ([`crate::text::name_key`]):
    /// `ｆｕｌｌ` finds the input `full`.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.index.get(&*crate::text::name_key(name)).copied()
    }

    /// What input `i` measures, when it is an `attendance.*` measure (filled from records).
    pub fn measure(&self, i: usize) -> Option<crate::policy::MeasureOf> {
        self.measures.get(i).copied().flatten()
    }

    /// What input `i` reads from earlier months, when it is the hidden input of `ytd`,
    /// `ytd_before`, `prev` or `ytd_months` (filled from history).
    pub fn lookback(&self, i: usize) -> Option<&crate::vocab::Lookback> {
        self.lookbacks.get(i).and_then(Option::as_ref)
    }

    /// Whether input `i` is a population figure's (`rank(kpi)`), filled by the batch driver
    /// from a pass over every employee.
    pub fn is_population(&self, i: usize) -> bool {
        self.populations.get(i).copied().unwrap_or(false)
    }

    /// Number of inputs.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether the policy declares no inputs.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// `(name, type, doc)` of each input, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, ValueType, Option<&str>)> {
        self.names
            .iter()
            .zip(&self.types)
            .zip(&self.docs)
            .map(|((n, t), d)| (&**n, *t, d.as_deref()))
    }
}

/// One employee's inputs. Build with [`crate::Policy::inputs`], then `set` each fact.
#[derive(Clone, Debug)]
pub struct Inputs {
    schema: Arc<InputSchema>,
    values: Vec<Option<Value>>,
}

impl Inputs {
    /// No values yet (every input missing).
    pub fn new(schema: Arc<InputSchema>) -> Inputs {
        let n = schema.len();
        Inputs {
            schema,
            values: vec![None; n],
        }
    }

    /// What these inputs are for: the policy's input schema.
    pub(crate) fn schema(&self) -> &InputSchema {
        &self.schema
    }

    pub(crate) fn values(&self) -> &[Option<Value>] {
        &self.values
    }

    /// The position of input `name`, or the error naming the nearest input.
    pub(super) fn position(&self, name: &str) -> Result<usize, EvalError> {
        self.schema
            .position(name)
            .ok_or_else(|| EvalError::InvalidInput {
                input: Arc::from(name),
                message: match crate::error::nearest(name, self.schema.names.iter().map(|n| &**n)) {
                    Some(s) => format!("the policy has no such input (did you mean `{s}`?)"),
                    None => "the policy has no such input".into(),
                },
            })
    }

    /// Sets an input to a value, checking it fits the input's type.
    pub fn set(&mut self, name: &str, value: impl Into<Value>) -> Result<&mut Inputs, EvalError> {
        let i = self.position(name)?;
        let value = value.into();
        let fits = matches!(
            (self.schema.types[i], &value),
            (
                ValueType::Money | ValueType::Number | ValueType::Percent | ValueType::Integer,
                Value::Number(_)
            ) | (ValueType::Bool, Value::Bool(_))
                | (ValueType::Date, Value::Date(_))
                | (ValueType::Text, Value::Text(_))
        );
        if !fits {
            return Err(EvalError::InvalidInput {
                input: Arc::from(name),
                message: format!("expected {}, got `{value}`", self.schema.types[i].name()),
            });
        }
        self.values[i] = Some(value);
        Ok(self)
    }

    /// Sets an input from text as a data file holds it (`"85%"`, `"200,000.00"`, `"true"`),
    /// read according to the input's type. Blank text leaves the input missing.
    pub fn set_text(&mut self, name: &str, text: &str) -> Result<&mut Inputs, EvalError> {
        let i = self.position(name)?;
        if text.trim().is_empty() {
            self.values[i] = None;
            return Ok(self);
        }
        let v = crate::vocab::parse_text(text, self.schema.types[i]).map_err(|e| {
            EvalError::InvalidInput {
                input: Arc::from(name),
                message: e.to_string(),
            }
        })?;
        self.values[i] = Some(v);
        Ok(self)
    }

    /// Sets the input at `position` directly (the caller has checked the type).
    pub(crate) fn set_at(&mut self, position: usize, value: Option<Value>) {
        if let Some(slot) = self.values.get_mut(position) {
            *slot = value;
        }
    }
}
