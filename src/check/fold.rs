//! One report from the loader's errors and the checker's, with the errors that only follow
//! from an earlier one folded under it.
//!
//! Two causes make names go missing: a definition the loader reported and left out (a
//! duplicate, a table with a wrong key), and an `include` that could not be read. Every use
//! of such a name would otherwise be one more "unknown name" or "test expects" error; each
//! is counted in a note under its cause instead, with the names it concerns.

use super::error::CheckError;
use crate::error::{Diagnostic, Span};
use crate::policy::{Named, PolicyError};
use crate::text::name_key;

/// What errors of the checker may follow from: the definitions the loader left out (with
/// where each is) and the `include` entries whose file was not read.
#[derive(Clone, Debug, Default)]
pub struct Causes {
    broken: Vec<Named>,
    includes: Vec<Span>,
}

impl Causes {
    /// The causes among a loader's `errors`, and its `broken` definitions.
    pub fn new(errors: &[PolicyError], broken: &[Named]) -> Causes {
        Causes {
            broken: broken.to_vec(),
            includes: errors.iter().filter_map(failed_include).collect(),
        }
    }

    /// The names of the definitions left out, for [`super::check`].
    pub fn broken_names(&self) -> Vec<String> {
        self.broken.iter().map(|n| n.name.clone()).collect()
    }
}

/// The loader's diagnostics (`loaded`) and the checker's errors (`checked`) as one list, by
/// file and position, with each error that follows from a loader error folded under it.
///
/// A [`CheckError::FollowsFrom`] is folded under the loader's error for the definition it
/// follows from: the first diagnostic covering or after where that definition is named. An
/// unknown name, when an `include` could not be read, is folded under the first such
/// include: the file not read may well define it. The note says how many errors were
/// folded and the names they concern, and shows the first.
pub fn fold(loaded: Vec<Diagnostic>, causes: &Causes, checked: &[CheckError]) -> Vec<Diagnostic> {
    let mut diagnostics = loaded;
    let include = (causes.includes.iter())
        .find_map(|span| diagnostics.iter().position(|d| d.span == Some(*span)));
    let mut folded: Vec<Vec<&CheckError>> = vec![Vec::new(); diagnostics.len()];
    let mut own = Vec::new();
    for e in checked {
        let cause = match e {
            CheckError::FollowsFrom { definition, .. } => {
                cause(&diagnostics, &causes.broken, definition)
            }
            _ => None,
        };
        let cause = cause.or_else(|| include.filter(|_| e.missing_name().is_some()));
        match cause {
            Some(i) => folded[i].push(e),
            None => own.push(e.diagnostic()),
        }
    }
    for (d, errors) in diagnostics.iter_mut().zip(&folded) {
        if let Some(note) = note(errors) {
            d.notes.push(note);
        }
    }
    diagnostics.extend(own);
    diagnostics.sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
    diagnostics.dedup();
    diagnostics
}

/// Where an `include` entry is whose file was not read, if `e` is one.
fn failed_include(e: &PolicyError) -> Option<Span> {
    use PolicyError as E;
    match e {
        E::Unreadable { include, .. }
        | E::TooLarge { include, .. }
        | E::NotRuleFile { include, .. } => *include,
        E::IncludeRefused { span, .. }
        | E::IncludeNotRuleFile { span, .. }
        | E::IncludeWithoutBase { span, .. }
        | E::IncludeTooDeep { span, .. } => Some(*span),
        _ => None,
    }
}

/// The loader diagnostic for the left-out definition `name`: in the same file, the first
/// one that covers one of its places (`[scorecards.kpi]` missing `metrics`) or comes after
/// it (a wrong key inside the definition).
fn cause(diagnostics: &[Diagnostic], broken: &[Named], name: &str) -> Option<usize> {
    let key = name_key(name);
    let places: Vec<Span> = (broken.iter())
        .filter(|b| name_key(&b.name) == key)
        .map(|b| b.span)
        .collect();
    places.iter().find_map(|place| {
        let after = |s: &Span| {
            s.file == place.file
                && (s.start >= place.start || (s.start <= place.start && s.end >= place.end))
        };
        (diagnostics.iter().enumerate())
            .filter_map(|(i, d)| d.span.filter(after).map(|s| (s.start, i)))
            .min()
            .map(|(_, i)| i)
    })
}

/// The note under a cause: how many errors follow from it and which names, at the first.
fn note(errors: &[&CheckError]) -> Option<(Span, String)> {
    let first = errors.first()?;
    let mut names: Vec<(&str, usize)> = Vec::new();
    for name in errors.iter().filter_map(|e| e.missing_name()) {
        match names.iter_mut().find(|(n, _)| *n == name) {
            Some((_, count)) => *count += 1,
            None => names.push((name, 1)),
        }
    }
    let listed: Vec<String> = (names.iter())
        .map(|(n, c)| match c {
            1 => format!("`{n}`"),
            c => format!("`{n}` ({c})"),
        })
        .collect();
    let n = errors.len();
    let text = if n == 1 {
        format!("1 error follows from this one and is not listed on its own: {first}")
    } else {
        format!(
            "{n} errors follow from this one and are not listed on their own, about {}; the first: {first}",
            listed.join(", ")
        )
    };
    Some((first.span(), text))
}
