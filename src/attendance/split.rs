//! The project cost split (R&D expense accounting): an amount allocated over projects in
//! proportion to the hours booked to them, rounded so that the parts sum exactly to the whole.
//!
//! [`split`] is the rule, on one amount; [`CostSplit`] applies it employee by employee and
//! keeps the totals per project. Everything is integer arithmetic on units of the last place
//! (cents at scale 2): no part is ever computed through a fraction that could be rounded twice.

use rust_decimal::Decimal;

/// Why an amount cannot be split.
///
/// Each variant's doc names an input that triggers it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    /// An amount that is not zero and parts that all weigh 0 (or no parts at all):
    /// `split(8000.00, 2, &[("knee_gen3", 0)])`, an engineer with a bonus and no project hours.
    #[error("no project hours to split {amount} over")]
    NothingToSplitOver {
        /// The amount.
        amount: Decimal,
    },
    /// An amount with more decimal places than the split keeps: `split(100.005, 2, ...)`.
    #[error("{amount} has more than {scale} decimal places; round it before splitting it")]
    TooManyPlaces {
        /// The amount.
        amount: Decimal,
        /// The places the parts keep.
        scale: u32,
    },
    /// An amount that cannot be written with `scale` places, or a scale past 28:
    /// `split(79228162514264337593543950335, 2, ...)`, `split(1, 29, ...)`.
    #[error("{amount} cannot be held exactly with {scale} decimal places")]
    OutOfRange {
        /// The amount.
        amount: Decimal,
        /// The places asked for.
        scale: u32,
    },
    /// Weights adding up past `u64::MAX` minutes: `[("a", u64::MAX), ("b", 1)]`.
    #[error("the hours to split over add up to {total} minutes, more than can be counted")]
    TooMuchWeight {
        /// The sum of the weights.
        total: u128,
    },
    /// A total past the largest decimal: two employees each with
    /// 79228162514264337593543950335 split at scale 0 onto one project.
    #[error("the total of {} is too large to hold", match project {
        Some(p) => format!("project `{p}`"),
        None => "all projects".to_string(),
    })]
    TotalTooLarge {
        /// The project, or `None` for the grand total.
        project: Option<String>,
    },
}

/// Splits `amount` (already at `scale` decimal places) over `parts` (name, weight in minutes) in
/// proportion to the weights, each part rounded to `scale` places so that the parts sum EXACTLY to
/// `amount`: every part gets its share rounded toward zero, then the units left over go one each to
/// the parts with the largest remainders, ties to the part whose name sorts first. Parts of weight 0
/// get 0. Errors: all weights 0 while amount != 0 (nothing to split over), amount with more places
/// than `scale`.
///
/// A negative amount (a clawback) is split like its absolute value, every part negated. Parts
/// with the same name and the same remainder are taken in the order given. Every part is
/// written with exactly `scale` places (`0.00`, never `-0.00`).
///
/// ```
/// use hrrules::attendance::split;
/// use rust_decimal::Decimal;
///
/// // 1000.00 over 1 : 1 : 1: 333.33 each, and the cent left over goes to the first name.
/// let parts = [("spine_cage", 60), ("hip_stem", 60), ("knee_gen3", 60)];
/// let shares = split(Decimal::new(100000, 2), 2, &parts)?;
/// let shown: Vec<String> = shares.iter().map(Decimal::to_string).collect();
/// assert_eq!(shown, ["333.33", "333.34", "333.33"]);
/// # Ok::<(), hrrules::attendance::SplitError>(())
/// ```
pub fn split(
    amount: Decimal,
    scale: u32,
    parts: &[(&str, u64)],
) -> Result<Vec<Decimal>, SplitError> {
    let units = units_of(amount, scale)?;
    let total: u128 = parts.iter().map(|(_, w)| u128::from(*w)).sum();
    if total > u128::from(u64::MAX) {
        return Err(SplitError::TooMuchWeight { total });
    }
    let whole = units.unsigned_abs();
    if total == 0 {
        return if whole == 0 {
            Ok(parts.iter().map(|_| Decimal::new(0, scale)).collect())
        } else {
            Err(SplitError::NothingToSplitOver { amount })
        };
    }
    // whole * w / total without overflow: whole = q * total + r, so the share is
    // q * w + r * w / total, and r * w < total * w fits in 128 bits since total fits in 64.
    let (q, r) = (whole / total, whole % total);
    let mut shares: Vec<(u128, u128)> = parts
        .iter()
        .map(|(_, w)| {
            let w = u128::from(*w);
            (q * w + r * w / total, r * w % total)
        })
        .collect();
    let given: u128 = shares.iter().map(|(s, _)| s).sum();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (shares[a].1, shares[b].1);
        rb.cmp(&ra).then_with(|| parts[a].0.cmp(parts[b].0))
    });
    // The units left over are the sum of the remainders over `total`: fewer than the parts
    // with a remainder, so each goes to a different part, and never to a part of weight 0.
    let left = usize::try_from(whole - given).unwrap_or(usize::MAX);
    for &i in order.iter().take(left) {
        if let Some(share) = shares.get_mut(i) {
            share.0 += 1;
        }
    }
    let negative = units < 0;
    shares
        .into_iter()
        .map(|(s, _)| {
            // s <= whole, which fits a Decimal's mantissa.
            let s = i128::try_from(s).unwrap_or(i128::MAX);
            Decimal::try_from_i128_with_scale(if negative { -s } else { s }, scale)
                .map_err(|_| SplitError::OutOfRange { amount, scale })
        })
        .collect()
}

/// `amount` in units of its `scale`-th place (cents at 2), checked.
fn units_of(amount: Decimal, scale: u32) -> Result<i128, SplitError> {
    let out_of_range = SplitError::OutOfRange { amount, scale };
    if scale > Decimal::MAX_SCALE {
        return Err(out_of_range);
    }
    let a = amount.normalize();
    if a.scale() > scale {
        return Err(SplitError::TooManyPlaces { amount, scale });
    }
    let units = 10i128
        .checked_pow(scale - a.scale())
        .and_then(|p| a.mantissa().checked_mul(p))
        .ok_or(out_of_range.clone())?;
    // The largest mantissa a Decimal holds: 2^96 - 1.
    if units.unsigned_abs() >= 1u128 << 96 {
        return Err(out_of_range);
    }
    Ok(units)
}

/// One project's part of an employee's amount, or a project's total.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProjectShare<'a> {
    /// The project's name, as the policy's `projects` writes it.
    pub project: &'a str,
    /// Minutes booked to it.
    pub minutes: u64,
    /// Its part of the amount, at the split's scale.
    pub amount: Decimal,
}

impl ProjectShare<'_> {
    /// The minutes in hours, as `attendance.project_hours.*` shows them (`7.5`).
    pub fn hours(&self) -> Decimal {
        super::tally::hours(self.minutes)
            .as_decimal()
            .unwrap_or_default()
    }
}

/// A run's cost split: each employee's amount split over the policy's projects by the
/// minutes booked to them ([`split`]), and the totals per project.
///
/// ```
/// use hrrules::attendance::CostSplit;
/// use rust_decimal::Decimal;
///
/// let mut run = CostSplit::new(["knee_gen3", "spine_cage", "hip_stem"], 2);
/// // 100.00 over 40 h, 40 h and 0 h.
/// let rows = run.add(Decimal::new(10000, 2), &[2400, 2400, 0])?;
/// assert_eq!(rows.len(), 2); // projects with hours only
/// assert_eq!(rows[0].amount.to_string(), "50.00");
/// assert_eq!(run.total().amount.to_string(), "100.00");
/// # Ok::<(), hrrules::attendance::SplitError>(())
/// ```
#[derive(Clone, Debug)]
pub struct CostSplit {
    projects: Vec<String>,
    scale: u32,
    minutes: Vec<u64>,
    amounts: Vec<Decimal>,
    total: Decimal,
    employees: usize,
}

impl CostSplit {
    /// An empty run over `projects` (in the policy's order), splitting at `scale` places (the
    /// policy's money rounding places).
    pub fn new<S: Into<String>>(projects: impl IntoIterator<Item = S>, scale: u32) -> CostSplit {
        let projects: Vec<String> = projects.into_iter().map(Into::into).collect();
        let zero = Decimal::new(0, scale.min(Decimal::MAX_SCALE));
        CostSplit {
            minutes: vec![0; projects.len()],
            amounts: vec![zero; projects.len()],
            total: zero,
            projects,
            scale,
            employees: 0,
        }
    }

    /// Splits one employee's `amount` over the projects by `minutes` (by position in the
    /// projects; missing ones count 0), adds it to the totals and returns the parts of the
    /// projects with minutes booked, in the policy's order. On an error the totals are left
    /// as they were.
    pub fn add(
        &mut self,
        amount: Decimal,
        minutes: &[u64],
    ) -> Result<Vec<ProjectShare<'_>>, SplitError> {
        let weights: Vec<(&str, u64)> = self
            .projects
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), minutes.get(i).copied().unwrap_or(0)))
            .collect();
        let parts = split(amount, self.scale, &weights)?;
        let mut amounts = self.amounts.clone();
        for ((sum, part), (project, _)) in amounts.iter_mut().zip(&parts).zip(&weights) {
            *sum = sum
                .checked_add(*part)
                .ok_or_else(|| SplitError::TotalTooLarge {
                    project: Some((*project).to_string()),
                })?;
        }
        self.total = self
            .total
            .checked_add(amount)
            .ok_or(SplitError::TotalTooLarge { project: None })?;
        self.amounts = amounts;
        for (sum, (_, m)) in self.minutes.iter_mut().zip(&weights) {
            *sum = sum.saturating_add(*m);
        }
        self.employees += 1;
        Ok(weights
            .into_iter()
            .zip(parts)
            .filter(|((_, m), _)| *m > 0)
            .map(|((project, minutes), amount)| ProjectShare {
                project,
                minutes,
                amount,
            })
            .collect())
    }

    /// The total of each project so far (every project, with hours or not), in the policy's
    /// order.
    pub fn projects(&self) -> impl ExactSizeIterator<Item = ProjectShare<'_>> {
        self.projects
            .iter()
            .zip(&self.minutes)
            .zip(&self.amounts)
            .map(|((project, minutes), amount)| ProjectShare {
                project,
                minutes: *minutes,
                amount: *amount,
            })
    }

    /// The grand total: every minute and every amount split so far (the sum of the amounts
    /// added, to the last place). Its `project` is empty.
    pub fn total(&self) -> ProjectShare<'_> {
        ProjectShare {
            project: "",
            minutes: self.minutes.iter().fold(0u64, |a, m| a.saturating_add(*m)),
            amount: self.total,
        }
    }

    /// How many employees' amounts were split.
    pub fn employees(&self) -> usize {
        self.employees
    }

    /// The places every part keeps.
    pub fn scale(&self) -> u32 {
        self.scale
    }
}
