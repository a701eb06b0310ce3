//! The kinds of leave an attendance record can be (请假类别).

/// A kind of leave, as written in the `kind` column of an attendance record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LeaveKind {
    /// `annual`: paid annual leave (年休假).
    Annual,
    /// `sick`: sick leave (病假).
    Sick,
    /// `personal`: unpaid personal leave (事假).
    Personal,
    /// `marriage`: marriage leave (婚假).
    Marriage,
    /// `maternity`: maternity leave (产假).
    Maternity,
    /// `paternity`: paternity leave (陪产假 / 护理假).
    Paternity,
    /// `bereavement`: bereavement leave (丧假).
    Bereavement,
    /// `compensatory`: time off in lieu of rest-day overtime (调休).
    Compensatory,
    /// `injury`: work-injury leave (工伤假).
    Injury,
}

impl LeaveKind {
    /// Every kind with its name in records and in `attendance.leave_days.NAME`.
    pub const ALL: [(&'static str, LeaveKind); 9] = [
        ("annual", LeaveKind::Annual),
        ("sick", LeaveKind::Sick),
        ("personal", LeaveKind::Personal),
        ("marriage", LeaveKind::Marriage),
        ("maternity", LeaveKind::Maternity),
        ("paternity", LeaveKind::Paternity),
        ("bereavement", LeaveKind::Bereavement),
        ("compensatory", LeaveKind::Compensatory),
        ("injury", LeaveKind::Injury),
    ];

    /// The kind called `name` (exactly, lower case).
    pub fn from_name(name: &str) -> Option<LeaveKind> {
        LeaveKind::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, k)| *k)
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        LeaveKind::ALL[self.index()].0
    }

    /// Its position in [`LeaveKind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::LeaveKind;

    #[test]
    fn names_and_positions_agree() {
        for (i, (name, kind)) in LeaveKind::ALL.iter().enumerate() {
            assert_eq!(kind.index(), i);
            assert_eq!(kind.name(), *name);
            assert_eq!(LeaveKind::from_name(name), Some(*kind));
        }
        assert_eq!(LeaveKind::from_name("Annual"), None);
    }
}
