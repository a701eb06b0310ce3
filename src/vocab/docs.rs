//! What a definition says about itself, kept from the rule file to the explanation.

/// Documentation shared by params, values, scorecards, tiers and curves.
#[derive(Clone, Debug, Default)]
pub struct Docs {
    /// `doc = "..."`: what it is.
    pub doc: Option<String>,
    /// `reference = "..."`: the law article or policy clause it implements.
    pub reference: Option<String>,
}
