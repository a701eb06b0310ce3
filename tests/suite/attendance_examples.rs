//! The company's attendance records (`examples/attendance/`, see its README) under the
//! shipped rule files: `hrrules eval` of October 2023 from raw punches and timesheets, and
//! the bad files' located errors with the other employees' pay unchanged.
//!
//! One worker's month worked out by hand, to check the engine. P003 孙海军 (base 5900),
//! `rules/production_2023.toml`: comprehensive hours, durations rounded down to 15 minutes,
//! then the break taken off; October 2023 has 19 working days, so 152 standard hours.
//!
//! | date | day | shift | punched | minutes | rounded | - break | class |
//! |---|---|---|---|---|---|---|---|
//! | 10-01 | holiday | early | 05:46-14:10 | 504 | 495 | 465 | holiday |
//! | 10-07 | make-up working day | early | 05:55-14:10 | 495 | 495 | 465 | ordinary |
//! | 10-08 | make-up working day | early | 06:21-14:01 (late) | 460 | 450 | 420 | ordinary |
//! | 10-09..13 | working days | middle | 13:48-22:04, 13:50-22:05, 13:54-22:03, 13:49-22:07, 13:50-22:00 | 496, 495, 489, 498, 490 | 495, 495, 480, 495, 480 | 465, 465, 450, 465, 450 | ordinary |
//! | 10-16..21 | working days, Sat 10-21 a rest day | night | 21:49-06:03, 21:52-06:06, 21:57-06:12, 22:22-06:11 (late), 21:48-06:03, 21:54-06:08 | 494, 494, 495, 469, 495, 494 | 480, 480, 495, 465, 495, 480 | 435, 435, 450, 420, 450, 435 | ordinary |
//! | 10-23..28 | working days, Sat 10-28 a rest day | early | 05:47-14:04, 05:47-14:02, 05:50-14:11, 05:58-14:04, 05:46-14:02, 05:58-14:05 | 497, 495, 501, 486, 496, 487 | 495, 495, 495, 480, 495, 480 | 465, 465, 465, 450, 465, 450 | ordinary |
//! | 10-30..31 | working days | middle | 14:02-22:04, 13:56-22:04 | 482, 488 | 480, 480 | 450, 450 | ordinary |
//!
//! Ordinary minutes, week by week: 465 + 420 = 885; 465 + 465 + 450 + 465 + 450 = 2295;
//! 435 + 435 + 450 + 420 + 450 + 435 = 2625; 465 + 465 + 465 + 450 + 465 + 450 = 2760;
//! 450 + 450 = 900; in all 9465 minutes = 157.75 hours: the first 152 regular, the last
//! 5.75 (of 10-31's shift) overtime at 150%. Holiday: 465 minutes = 7.75 hours at 300%.
//! Rest-day overtime: none (comprehensive hours). Night shifts 6; late 2 (06:21 and 22:22,
//! beyond the 5-minute tolerance; 13:56 is early, 14:02 within it).
//!
//! Pay: hourly rate 5900 / 21.75 / 8 = 33.908... -> 33.91; 150%: 33.91 x 5.75 x 1.5 =
//! 292.47375 -> 292.47; 300%: 33.91 x 7.75 x 3 = 788.4075 -> 788.41; night 6 x 25 = 150.00;
//! no full-attendance bonus (late twice); gross 5900 + 292.47 + 788.41 + 150.00 = 7130.88.
//! The same figures are a `[[tests]]` of the rule file, and the whole team's are in
//! `examples/attendance/README.md`, computed independently of hrrules.

use crate::cli_support::hrrules;
use insta_cmd::assert_cmd_snapshot;
use std::process::Command;

const DIR: &str = "examples/attendance";

/// `hrrules eval RULES --period 2023-10 --data <hr> --records <records>...`.
fn october(rules: &str, hr: &str, records: &[&str]) -> Command {
    let mut cmd = hrrules();
    cmd.args(["eval", rules, "--period", "2023-10"])
        .args(["--data", &format!("{DIR}/{hr}")]);
    for r in records {
        cmd.args(["--records", &format!("{DIR}/{r}")]);
    }
    cmd
}

/// The README's command: a line per worker, 150% and 300% overtime from raw punches; P003's
/// line is worked out above.
#[test]
fn production_october() {
    assert_cmd_snapshot!(october(
        "rules/production_2023.toml",
        "hr_production_2023-10.csv",
        &["punches_production_2023-10.csv"]
    ));
}

/// With the leave ledger as a second records file: P004's sick day and P012's annual leave
/// are counted, nobody's pay changes (neither kind forfeits the full-attendance bonus).
#[test]
fn production_october_with_leave() {
    assert_cmd_snapshot!(october(
        "rules/production_2023.toml",
        "hr_production_2023-10.csv",
        &[
            "punches_production_2023-10.csv",
            "leave_production_2023-10.csv"
        ]
    )
    .args([
        "--show",
        "attendance.leave_days.annual,attendance.leave_days.sick,attendance.days_worked,gross_pay"
    ]));
}

/// Five broken records: P002, P005, P009, P011 and P031's are located errors, the other
/// workers' figures are those of `production_october`; the status is 2.
#[test]
fn production_october_bad_records() {
    assert_cmd_snapshot!(october(
        "rules/production_2023.toml",
        "hr_production_2023-10.csv",
        &["bad_punches_production_2023-10.csv"]
    ));
}

/// R&D on flexible hours: hours per project, R003's holiday work on 2023-10-02 at 300%, the
/// labour cost to split (R003: 21000 + 1448.28 + 4980.00 + 2000 = 29428.28, a `[[tests]]` of
/// the rule file).
#[test]
fn rnd_october() {
    assert_cmd_snapshot!(october(
        "rules/rnd_2023.toml",
        "hr_rnd_2023-10.csv",
        &["timesheets_rnd_2023-10.csv"]
    ));
}

/// A project typed `knee_gen4` and hours written `5h`: R002 and R007 are error rows.
#[test]
fn rnd_october_bad_timesheets() {
    assert_cmd_snapshot!(october(
        "rules/rnd_2023.toml",
        "hr_rnd_2023-10.csv",
        &["bad_timesheets_rnd_2023-10.csv"]
    ));
}

/// P003's classified month, record by record, behind his holiday pay: the figures worked out
/// at the top of this file.
#[test]
fn production_october_explain_p003() {
    assert_cmd_snapshot!(hrrules().args([
        "explain",
        "rules/production_2023.toml",
        "--period",
        "2023-10",
        "--data",
        "examples/attendance/hr_production_2023-10.csv",
        "--records",
        "examples/attendance/punches_production_2023-10.csv",
        "--employee",
        "P003",
        "ot_holiday_pay",
        "ot_workday_pay",
    ]));
}

/// The README's section "Attendance and overtime" shows the October command's output as it
/// is printed today.
#[test]
fn readme_shows_the_october_output() {
    let out = october(
        "rules/production_2023.toml",
        "hr_production_2023-10.csv",
        &["punches_production_2023-10.csv"],
    )
    .output()
    .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let section = &readme[readme
        .find("## Attendance and overtime")
        .expect("README has the attendance section")..];
    assert!(
        section.contains(&stdout),
        "README.md's October output is stale; it is now:\n{stdout}"
    );
}

/// The sales reps' October check-ins and leave, counted by a test policy
/// (`tests/fixtures/attendance_examples/sales_visits.toml`): visits, those checked in on
/// site, E031's sick day.
#[test]
fn sales_october_visits() {
    let mut cmd = october(
        "tests/fixtures/attendance_examples/sales_visits.toml",
        "hr_sales_2023-10.csv",
        &["checkins_sales_2023-10.csv", "leave_sales_2023-10.csv"],
    );
    cmd.args(["--include-root", "rules/calendars"]);
    assert_cmd_snapshot!(cmd);
}

/// Every month's records of every team are clean: each team computes with no error row,
/// leave files included.
#[test]
fn every_month_reads_cleanly() {
    let teams = [
        (
            "rules/production_2023.toml",
            "production",
            "punches_production",
        ),
        ("rules/rnd_2023.toml", "rnd", "timesheets_rnd"),
        (
            "tests/fixtures/attendance_examples/sales_visits.toml",
            "sales",
            "checkins_sales",
        ),
    ];
    for month in ["2023-07", "2023-08", "2023-09", "2023-10"] {
        for (rules, team, records) in teams {
            let out = hrrules()
                .args(["eval", rules, "--period", month])
                .args(["--include-root", "rules/calendars"])
                .args(["--data", &format!("{DIR}/hr_{team}_{month}.csv")])
                .args(["--records", &format!("{DIR}/{records}_{month}.csv")])
                .args(["--records", &format!("{DIR}/leave_{team}_{month}.csv")])
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success() && out.stderr.is_empty(),
                "{team} {month}:\n{stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                stdout.contains(" computed, 0 failed"),
                "{team} {month}:\n{stdout}"
            );
        }
    }
}

/// R&D's October labour cost split across the projects by the hours booked, to the fen. R003
/// by hand: 29428.28 over 34.25 h of knee_gen3 and 133.75 h of spine_cage (168 h):
/// 2942828 fen x 34.25 / 168 = 599951.54 fen, and x 133.75 / 168 = 2342876.46 fen; the whole
/// fen parts add up to 2942827, so the one fen left goes to the larger remainder (0.54,
/// knee_gen3): 5999.52 and 23428.76, which sum to 29428.28. The project totals sum to the
/// team's labour cost, 222311.08, the sum of `rnd_october`'s `rnd_labour_cost` column.
#[test]
fn rnd_october_split() {
    assert_cmd_snapshot!(hrrules().args([
        "split",
        "rules/rnd_2023.toml",
        "--period",
        "2023-10",
        "--data",
        "examples/attendance/hr_rnd_2023-10.csv",
        "--records",
        "examples/attendance/timesheets_rnd_2023-10.csv",
        "--value",
        "rnd_labour_cost",
    ]));
}
