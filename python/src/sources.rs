//! What `evaluate_files` and `diff_files` read besides the data, as keyword arguments: the
//! attendance `records`, the `history` of earlier months, `mapping` files and `encoding`,
//! read through the library's `DataSources` as `hrrules eval` reads its options. Its
//! notices (an input no column feeds, no history for a policy that reads earlier months)
//! become `hrrules.DataWarning`s.

use super::errors;
use hrrules::batch::sources::{Notice, SourceError, Spelling};
use hrrules::batch::DataSources;
use hrrules::data::Encoding;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use std::ffi::CString;
use std::path::PathBuf;

/// The options as Python spells them in a notice.
pub const PYTHON: Spelling = Spelling {
    encoding: "encoding=",
    records: "records=",
    history: "history=",
    data: "data",
};

/// The sources of a call: data joined on `key`, `mapping` files, and `encoding`: `None`
/// (found from each file's bytes), one encoding for every file (`"gbk"`), or `{path:
/// encoding}` for some (each path one of `files`, as given). The earlier months are given
/// per policy ([`super::history::history`], as `DataSources::past`).
pub fn sources(
    key: &str,
    mapping: &[PathBuf],
    encoding: Option<&Bound<'_, PyAny>>,
    files: &[&[PathBuf]],
) -> PyResult<DataSources> {
    let mut encodings = Vec::new();
    match encoding {
        None => {}
        Some(e) if e.is_none() => {}
        Some(e) if e.is_instance_of::<PyString>() => {
            encodings.push((None, label(&e.extract::<String>()?)?));
        }
        Some(e) => {
            let Ok(named) = e.cast::<PyDict>() else {
                return Err(PyTypeError::new_err(
                    "encoding: give an encoding's name (\"gbk\") or a dict of file to name",
                ));
            };
            for (file, name) in named.iter() {
                let file: PathBuf = file.extract()?;
                if !files.iter().any(|list| list.contains(&file)) {
                    return Err(PyValueError::new_err(format!(
                        "encoding: {} is none of the data or records files",
                        file.display()
                    )));
                }
                encodings.push((Some(file), label(&name.extract::<String>()?)?));
            }
        }
    }
    Ok(DataSources {
        key: key.to_string(),
        encodings,
        mappings: mapping.to_vec(),
        history: Vec::new(),
        past: None,
        spelling: PYTHON,
    })
}

/// The encoding named `name`, or `ValueError`.
fn label(name: &str) -> PyResult<Encoding> {
    Encoding::from_label(name).ok_or_else(|| {
        PyValueError::new_err(format!(
            "encoding: no encoding is named {name:?}; expected utf-8, gbk, gb18030, utf-16le or utf-16be"
        ))
    })
}

/// Each notice as a `hrrules.DataWarning` (an exception where the warnings filter says so).
pub fn warn(py: Python<'_>, notices: &[Notice]) -> PyResult<()> {
    if notices.is_empty() {
        return Ok(());
    }
    let category = errors::class(py, "DataWarning")?;
    for notice in notices {
        let text = CString::new(notice.text.replace('\0', "\\0")).unwrap_or_default();
        PyErr::warn(py, &category, &text, 2)?;
    }
    Ok(())
}

/// Why the sources could not be read, as a `DataError`.
pub fn error(py: Python<'_>, e: &SourceError) -> PyErr {
    match e {
        SourceError::Data(e) => errors::data_error(py, e),
        other => errors::data_error_text(py, &other.to_string()),
    }
}
