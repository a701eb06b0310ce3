//! Rounding of stored values: how many places, and which way.

/// How a value is rounded: `{ places = 2, mode = "half_up" }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rounding {
    /// Decimal places kept (0 to 28). May not be negative.
    pub places: u32,
    /// Which way ties and remainders go.
    pub mode: RoundingMode,
}

impl Default for Rounding {
    fn default() -> Rounding {
        Rounding {
            places: 2,
            mode: RoundingMode::HalfUp,
        }
    }
}

/// Rounding modes, named as in the rule file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RoundingMode {
    /// `half_up`: ties away from zero (2.345 -> 2.35, -2.345 -> -2.35). The default.
    HalfUp,
    /// `half_even`: ties to the even digit (banker's rounding).
    HalfEven,
    /// `down`: toward zero (truncate).
    Down,
    /// `up`: away from zero.
    Up,
    /// `floor`: toward negative infinity.
    Floor,
    /// `ceiling`: toward positive infinity.
    Ceiling,
}

impl RoundingMode {
    /// Every mode with its rule-file name.
    pub const ALL: [(&'static str, RoundingMode); 6] = [
        ("half_up", RoundingMode::HalfUp),
        ("half_even", RoundingMode::HalfEven),
        ("down", RoundingMode::Down),
        ("up", RoundingMode::Up),
        ("floor", RoundingMode::Floor),
        ("ceiling", RoundingMode::Ceiling),
    ];

    /// The mode named `name` in a rule file.
    pub fn from_name(name: &str) -> Option<RoundingMode> {
        RoundingMode::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, m)| *m)
    }

    /// The rule-file name of the mode.
    pub fn name(self) -> &'static str {
        RoundingMode::ALL
            .iter()
            .find(|(_, m)| *m == self)
            .map(|(n, _)| *n)
            .unwrap_or("half_up")
    }
}
