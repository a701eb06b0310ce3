//! Cross-validation: deterministic folds stratified by leaving and grouped by employee, and
//! the area under the ROC curve computed exactly from ranks.

use std::collections::BTreeMap;

/// Folds of cross-validation.
pub(crate) const FOLDS: usize = 5;

/// The fold of each row. An employee's rows stay in one fold (months of one person are not
/// independent: a model that saw March would "predict" April). Employees who left are dealt
/// to the folds in order of id, then those who stayed, continuing the deal, so each fold holds
/// a fifth of the leavers and a fifth of the employees.
pub(crate) fn folds(employees: &[String], left: &[bool]) -> Vec<usize> {
    let mut ever_left: BTreeMap<&str, bool> = BTreeMap::new();
    for (e, &l) in employees.iter().zip(left) {
        *ever_left.entry(e.as_str()).or_default() |= l;
    }
    let mut fold_of: BTreeMap<&str, usize> = BTreeMap::new();
    let mut next = 0;
    for wanted in [true, false] {
        for (e, _) in ever_left.iter().filter(|(_, &l)| l == wanted) {
            fold_of.insert(e, next % FOLDS);
            next += 1;
        }
    }
    employees.iter().map(|e| fold_of[e.as_str()]).collect()
}

/// The area under the ROC curve of `scores` for the outcomes `positive`: the probability that
/// a random positive scores above a random negative, ties counting half. By ranks
/// (Mann-Whitney): AUC = (R₁ − n₁(n₁+1)/2) / (n₁·n₀), R₁ the sum of the positives' ranks,
/// tied scores sharing their average rank. `None` without both classes.
pub(crate) fn auc(scores: &[f64], positive: &[bool]) -> Option<f64> {
    let n1 = positive.iter().filter(|&&p| p).count();
    let n0 = positive.len() - n1;
    if n1 == 0 || n0 == 0 {
        return None;
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        // Ranks i+1 ..= j+1 share their average.
        let average = (i + j + 2) as f64 / 2.0;
        rank_sum += average * order[i..=j].iter().filter(|&&k| positive[k]).count() as f64;
        i = j + 1;
    }
    let n1f = n1 as f64;
    Some((rank_sum - n1f * (n1f + 1.0) / 2.0) / (n1f * n0 as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_by_ranks() {
        // Perfect, reversed, and all tied.
        assert_eq!(
            auc(&[0.1, 0.2, 0.8, 0.9], &[false, false, true, true]),
            Some(1.0)
        );
        assert_eq!(
            auc(&[0.9, 0.8, 0.2, 0.1], &[false, false, true, true]),
            Some(0.0)
        );
        assert_eq!(auc(&[0.5; 4], &[false, true, false, true]), Some(0.5));
        // Positives 0.4, 0.8 against negatives 0.1, 0.4, 0.6: pairs won 1 + 0.5 + 0 + 1 + 1 + 1
        // = 4.5 of 6.
        assert_eq!(
            auc(
                &[0.1, 0.4, 0.6, 0.4, 0.8],
                &[false, false, false, true, true]
            ),
            Some(0.75)
        );
        assert_eq!(auc(&[0.1, 0.2], &[true, true]), None);
    }

    #[test]
    fn folds_keep_an_employee_together_and_spread_leavers() {
        let employees: Vec<String> = ["E1", "E1", "E2", "E3", "E4", "E5", "E6"]
            .map(String::from)
            .to_vec();
        let left = [false, true, true, false, false, true, false];
        let f = folds(&employees, &left);
        assert_eq!(f[0], f[1]);
        // Leavers E1, E2, E5 take folds 0, 1, 2; stayers E3, E4, E6 take 3, 4, 0.
        assert_eq!(f, vec![0, 0, 1, 3, 4, 2, 0]);
    }
}
