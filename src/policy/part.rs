//! The files of a loaded policy, served again by their paths, so that one of them can be
//! loaded and checked on its own (`hrrules test` runs a file's `[[tests]]` against that file
//! and what it includes, not against a policy that includes it).

use std::collections::HashMap;

use super::source::{RulePath, RuleSource, SourceError};
use crate::error::{FileId, Sources};

/// The rule files a policy was loaded from, as read then: nothing is read again, so a file
/// loaded on its own is the text that was checked, under the same limits, and its includes
/// reach exactly the files they reached before.
#[derive(Debug, Default)]
pub struct LoadedFiles {
    files: HashMap<RulePath, (String, String)>,
}

impl LoadedFiles {
    /// The files of `sources` that have a path in `paths` (see
    /// [`Loaded::paths`](super::Loaded::paths)).
    pub fn new(sources: &Sources, paths: &[(FileId, RulePath)]) -> LoadedFiles {
        let files = paths
            .iter()
            .filter_map(|(id, path)| {
                let file = sources.get(*id)?;
                let entry = (file.name().to_string(), file.text().to_string());
                Some((path.clone(), entry))
            })
            .collect();
        LoadedFiles { files }
    }
}

impl RuleSource for LoadedFiles {
    fn read(&self, path: &RulePath, limit: usize) -> Result<Vec<u8>, SourceError> {
        let (_, text) = self.files.get(path).ok_or(SourceError::NotFound)?;
        if text.len() > limit {
            return Err(SourceError::TooLarge {
                size: text.len() as u64,
                limit,
            });
        }
        Ok(text.as_bytes().to_vec())
    }

    /// The name the file had in the policy that included it.
    fn display(&self, path: &RulePath) -> String {
        self.files
            .get(path)
            .map_or_else(|| path.to_string(), |(name, _)| name.clone())
    }
}
