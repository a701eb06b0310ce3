//! Limits that make an untrusted rule file safe to load: no input can make hrrules use
//! unbounded time, stack or memory.

/// Upper bounds checked while loading and parsing a policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest rule file, in bytes, included files too. A file is read up to one byte past
    /// it and no further, so a file that grows (or a source that never ends) cannot make the
    /// read unbounded.
    pub max_file_bytes: usize,
    /// Longest formula, in bytes.
    pub max_formula_len: usize,
    /// Deepest nesting of a formula (parentheses, `if`, prefix operators, operator chains).
    pub max_depth: usize,
    /// Most names (inputs, params, values, scorecards, metrics, tiers, curves) in one policy.
    pub max_names: usize,
    /// Deepest chain of `include`s.
    pub max_include_depth: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 4 * 1024 * 1024,
            max_formula_len: 4096,
            max_depth: 64,
            max_names: 10_000,
            max_include_depth: 16,
        }
    }
}
