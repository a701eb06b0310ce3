//! Writes the attendance records of Hengkang Orthopaedics (恒康骨科, Changzhou) for July to
//! October 2023 into `examples/attendance/`: production punches (three shifts), R&D
//! timesheets (three projects), sales check-ins, leave, the HR exports of each team and two
//! `bad_*` files for demonstrating record errors.
//!
//! ```sh
//! cargo run --example attendance_records                  # writes examples/attendance/
//! cargo run --example attendance_records -- /tmp/records  # somewhere else
//! ```
//!
//! Deterministic: a linear congruential generator with a constant seed per team, and the
//! official calendar `rules/calendars/cn-2023.toml` for which days are working days, rest
//! days and statutory holidays. The files are committed; run this again only to change them
//! (and review the diff: `examples/attendance/README.md` and the tests quote figures).

use hrrules::calendar::{weekday, Calendar, DayKind};
use hrrules::{Date, Period};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The months written.
const MONTHS: [u32; 4] = [7, 8, 9, 10];

/// Production: id, name, crew (0 = A, 1 = B, 2 = C), base salary in CNY.
const PRODUCTION: [(&str, &str, usize, u32); 12] = [
    ("P001", "周建国", 0, 7200),
    ("P002", "钱志刚", 0, 6200),
    ("P003", "孙海军", 0, 5900),
    ("P004", "李红梅", 0, 5600),
    ("P005", "吴卫东", 1, 7100),
    ("P006", "郑小兵", 1, 6100),
    ("P007", "王秀英", 1, 5800),
    ("P008", "冯长春", 1, 5600),
    ("P009", "陈立新", 2, 7300),
    ("P010", "褚玉兰", 2, 6000),
    ("P011", "卫国强", 2, 5900),
    ("P012", "蒋丽娟", 2, 5700),
];

/// Production's two maintenance fitters (设备维修钳工): id, name, base salary. Day work on
/// standard hours (标准工时): the comprehensive-hours approval does not cover their posts.
const MAINTENANCE: [(&str, &str, u32); 2] = [("P013", "马志勇", 7600), ("P014", "林德华", 6800)];

/// The fitters' work off the working days: a rest day freed by the National Day adjustment
/// (200% under standard hours) and National Day itself (300%).
const MAINTENANCE_EXTRA: [(&str, &str); 2] = [("P013", "2023-10-04"), ("P014", "2023-10-01")];

/// The shifts of `rules/production_2023.toml`: name, start and end in minutes of the day,
/// unpaid break. `day` is the fitters' day work.
const SHIFTS: [(&str, u32, u32, u32); 4] = [
    ("early", 6 * 60, 14 * 60, 30),
    ("middle", 14 * 60, 22 * 60, 30),
    ("night", 22 * 60, 6 * 60, 45),
    ("day", 8 * 60, 17 * 60, 60),
];

/// R&D: id, name, base salary, social insurance base, main project, second project.
const RND: [(&str, &str, u32, u32, &str, &str); 10] = [
    ("R001", "沈浩然", 26000, 24500, "knee_gen3", "hip_stem"),
    ("R002", "韩雪", 18500, 17600, "knee_gen3", "spine_cage"),
    ("R003", "杨志远", 21000, 20000, "spine_cage", "knee_gen3"),
    ("R004", "朱晓琳", 15500, 14800, "spine_cage", "hip_stem"),
    ("R005", "秦磊", 17000, 16200, "hip_stem", "knee_gen3"),
    ("R006", "许佳", 13800, 13000, "hip_stem", "spine_cage"),
    ("R007", "何俊杰", 16500, 15600, "knee_gen3", "spine_cage"),
    ("R008", "吕思远", 12500, 11800, "spine_cage", "hip_stem"),
    ("R009", "施雨桐", 14200, 13500, "hip_stem", "knee_gen3"),
    ("R010", "张博文", 11000, 10200, "knee_gen3", "spine_cage"),
];

/// Sales: the reps of `examples/data/sales_2023-09.csv`: id, name, region, base salary.
const SALES: [(&str, &str, &str, u32); 12] = [
    ("E004", "王芳", "华东", 15000),
    ("E009", "李强", "华东", 12000),
    ("E012", "张伟", "华北", 11000),
    ("E015", "刘洋", "华南", 10500),
    ("E018", "陈静", "西南", 9500),
    ("E021", "杨帆", "华中", 9000),
    ("E024", "赵磊", "华北", 10000),
    ("E027", "黄丽", "华南", 13500),
    ("E031", "周敏", "华东", 8500),
    ("E036", "吴昊", "东北", 8000),
    ("E040", "徐婷", "西北", 7500),
    ("E044", "孙浩", "华东", 6000),
];

/// Hospitals and distributors visited, by region.
const CLIENTS: [(&str, [&str; 4]); 7] = [
    (
        "华东",
        [
            "江苏省人民医院",
            "苏州大学附属第一医院",
            "常州市第一人民医院",
            "上海康骨医疗器械有限公司",
        ],
    ),
    (
        "华北",
        [
            "北京积水潭医院",
            "天津医院",
            "河北医科大学第三医院",
            "北京骨瑞医疗科技有限公司",
        ],
    ),
    (
        "华南",
        [
            "广东省人民医院",
            "中山大学附属第一医院",
            "南方医科大学南方医院",
            "广州华骨医疗器械有限公司",
        ],
    ),
    (
        "西南",
        [
            "四川大学华西医院",
            "重庆医科大学附属第一医院",
            "昆明医科大学第一附属医院",
            "成都锐骨医疗器械有限公司",
        ],
    ),
    (
        "华中",
        [
            "华中科技大学同济医学院附属协和医院",
            "中南大学湘雅医院",
            "郑州大学第一附属医院",
            "武汉楚康医疗器械有限公司",
        ],
    ),
    (
        "东北",
        [
            "中国医科大学附属第一医院",
            "吉林大学白求恩第一医院",
            "哈尔滨医科大学附属第一医院",
            "沈阳辽骨医疗器械有限公司",
        ],
    ),
    (
        "西北",
        [
            "空军军医大学西京医院",
            "兰州大学第二医院",
            "新疆医科大学第一附属医院",
            "西安秦骨医疗器械有限公司",
        ],
    ),
];

/// Leave, one row per day: employee, first day, days (working days only), kind.
const LEAVE: [(&str, &str, u32, &str); 12] = [
    ("P005", "2023-07-17", 3, "annual"),
    ("P010", "2023-08-22", 2, "sick"),
    ("P001", "2023-09-18", 1, "sick"),
    ("P004", "2023-10-16", 1, "sick"),
    ("P012", "2023-10-23", 2, "annual"),
    ("R006", "2023-08-14", 5, "annual"),
    ("R002", "2023-09-12", 1, "sick"),
    ("R009", "2023-10-16", 1, "annual"),
    ("R004", "2023-10-26", 2, "sick"),
    ("E015", "2023-08-07", 5, "annual"),
    ("E031", "2023-10-19", 1, "sick"),
    ("E040", "2023-07-10", 2, "annual"),
];

/// Production work off the rota: a statutory holiday (300%) and a freed weekday worked.
const PRODUCTION_EXTRA: [(&str, &str, usize); 6] = [
    ("P003", "2023-10-01", 0),
    ("P007", "2023-10-01", 0),
    ("P011", "2023-10-01", 0),
    ("P002", "2023-10-04", 0),
    ("P006", "2023-10-04", 0),
    ("P010", "2023-10-04", 0),
];

/// R&D work on days off: employee, date, project, quarter hours.
const RND_EXTRA: [(&str, &str, &str, u32); 3] = [
    ("R001", "2023-07-22", "knee_gen3", 16),
    ("R005", "2023-08-26", "hip_stem", 20),
    ("R003", "2023-10-02", "spine_cage", 16),
];

/// A linear congruential generator (Knuth's MMIX constants): the same numbers on every
/// machine, no dependency.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u32) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % u64::from(n)) as u32
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }
}

/// A day of the months written, as the calendar has it.
struct Day {
    date: Date,
    kind: DayKind,
    /// 0 for Monday to 6 for Sunday.
    weekday: usize,
    /// Days since 2023-01-02, a Monday.
    index: i64,
}

/// Every file written: its name and text.
type Files = BTreeMap<String, String>;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = match std::env::args().nth(1) {
        Some(d) => PathBuf::from(d),
        None => root.join("examples/attendance"),
    };
    let cal = Calendar::load(root.join("rules/calendars/cn-2023.toml"))?;
    let mut files = Files::new();
    for month in MONTHS {
        let days = month_days(&cal, month);
        let tag = format!("2023-{month:02}");
        production(&days, &tag, &mut files);
        rnd(&days, &tag, &mut files);
        sales(&days, &tag, &mut files);
        hr(&tag, &mut files);
    }
    bad_files(&mut files);
    std::fs::create_dir_all(&dir)?;
    for (name, text) in &files {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}

fn month_days(cal: &Calendar, month: u32) -> Vec<Day> {
    let period = Period::month(2023, month).expect("a month of 2023");
    let monday = Date::from_ymd(2023, 1, 2).expect("a day");
    (1..=period.days())
        .map(|d| {
            let date = Date::from_ymd(2023, month, d).expect("a day of the month");
            Day {
                date,
                kind: cal.day(date).expect("2023 is the calendar's year"),
                weekday: weekday(date),
                index: monday.days_until(date),
            }
        })
        .collect()
}

/// The leave kind of `id` on `date`, if any.
fn leave_on(id: &str, date: Date, days: &[Day]) -> Option<&'static str> {
    for (who, first, n, kind) in LEAVE {
        if who != id {
            continue;
        }
        let first: Date = first.parse().expect("a date");
        if first.month() != date.month() {
            continue;
        }
        // `n` working days from `first`: leave is taken on working days only.
        let mut left = n;
        for d in days.iter().filter(|d| d.date >= first) {
            if left == 0 {
                break;
            }
            if d.kind == DayKind::Workday {
                if d.date == date {
                    return Some(kind);
                }
                left -= 1;
            }
        }
    }
    None
}

fn clock(minutes: u32) -> String {
    let m = minutes % (24 * 60);
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// The plant runs three shifts on working days and on ordinary Saturdays (the crew on the
/// middle shift that week has its Saturday off); it closes for the Golden Week. Crews rotate
/// forward (early, middle, night) every Monday. A worker whose next shift would start less
/// than 8 hours after the last one ended takes that day off (the Monday after a night shift
/// on a make-up Sunday).
fn production(days: &[Day], tag: &str, files: &mut Files) {
    let mut punches = String::from("employee_id,date,shift,start,end,break_minutes\n");
    let mut leave = String::from("employee_id,date,kind\n");
    let golden_week = |d: &Day| {
        let (_, m, day) = d.date.ymd();
        (m == 9 && day >= 29) || (m == 10 && day <= 6)
    };
    for (i, (id, _, crew, _)) in PRODUCTION.iter().enumerate() {
        // One stream per worker and month, so that one worker's change leaves the others.
        let mut rng =
            Lcg(0x4845_4E47_4B41_4E47 ^ ((i as u64) << 8) ^ ((days[0].index as u64) << 20));
        // No month of 2023 starts the morning after a night shift that needs a rest day.
        let mut last_end = days[0].index * 1440 - 24 * 60;
        for d in days {
            if let Some(kind) = leave_on(id, d.date, days) {
                leave.push_str(&format!("{id},{},{kind}\n", d.date));
                continue;
            }
            let rota = (crew + (d.index / 7) as usize) % 3;
            let extra = PRODUCTION_EXTRA
                .iter()
                .find(|(w, date, _)| w == id && *date == d.date.to_string());
            let shift = match (extra, d.kind) {
                (Some((_, _, s)), _) => *s,
                (None, DayKind::Workday) => rota,
                (None, DayKind::RestDay) if d.weekday == 5 && !golden_week(d) && rota != 1 => rota,
                _ => continue,
            };
            let (name, start, end, brk) = SHIFTS[shift];
            let at = d.index * 1440 + i64::from(start);
            if at - last_end < 8 * 60 {
                continue;
            }
            let length = i64::from((end + 1440 - start) % 1440);
            last_end = at + length;
            let (clock_in, clock_out) = jitter(&mut rng, start, end);
            punches.push_str(&format!(
                "{id},{},{name},{},{},{brk}\n",
                d.date,
                clock(clock_in),
                clock(clock_out)
            ));
        }
    }
    // The fitters: day work on every working day, and the days off listed above.
    for (i, (id, _, _)) in MAINTENANCE.iter().enumerate() {
        let i = PRODUCTION.len() + i;
        let mut rng =
            Lcg(0x4845_4E47_4B41_4E47 ^ ((i as u64) << 8) ^ ((days[0].index as u64) << 20));
        for d in days {
            if let Some(kind) = leave_on(id, d.date, days) {
                leave.push_str(&format!("{id},{},{kind}\n", d.date));
                continue;
            }
            let extra =
                (MAINTENANCE_EXTRA.iter()).any(|(w, date)| w == id && *date == d.date.to_string());
            if d.kind != DayKind::Workday && !extra {
                continue;
            }
            let (name, start, end, brk) = SHIFTS[3];
            let (clock_in, clock_out) = jitter(&mut rng, start, end);
            punches.push_str(&format!(
                "{id},{},{name},{},{},{brk}\n",
                d.date,
                clock(clock_in),
                clock(clock_out)
            ));
        }
    }
    files.insert(format!("punches_production_{tag}.csv"), punches);
    files.insert(format!("leave_production_{tag}.csv"), leave);
}

/// Clock-in and clock-out around a shift, in minutes of the day (plus 1440 before the day).
/// Most clock in 2 to 14 minutes early; some within the 5-minute tolerance; about one shift in
/// 25 late (6 to 25 minutes). Most clock out within 12 minutes of the end; about one in 16
/// stays on 45 to 105 minutes (a line changeover).
fn jitter(rng: &mut Lcg, start: u32, end: u32) -> (u32, u32) {
    let r = rng.below(100);
    let clock_in = if r < 4 {
        start + 6 + rng.below(20)
    } else if r < 10 {
        start + 1 + rng.below(5)
    } else {
        start + 1440 - 2 - rng.below(13)
    };
    let clock_out = if rng.chance(6) {
        end + 45 + rng.below(61)
    } else {
        end + rng.below(13)
    };
    (clock_in, clock_out)
}

fn hours(quarters: u32) -> String {
    match quarters % 4 {
        0 => format!("{}", quarters / 4),
        1 => format!("{}.25", quarters / 4),
        2 => format!("{}.5", quarters / 4),
        _ => format!("{}.75", quarters / 4),
    }
}

/// R&D books 7.5 to 10 hours a working day (flexible hours: no overtime) to one project or
/// two; a few hours on days off ([`RND_EXTRA`]).
fn rnd(days: &[Day], tag: &str, files: &mut Files) {
    let mut sheet = String::from("employee_id,date,project,hours\n");
    let mut leave = String::from("employee_id,date,kind\n");
    for (i, (id, _, _, _, main, second)) in RND.iter().enumerate() {
        let mut rng = Lcg(0x5244_2023 ^ ((i as u64) << 12) ^ ((days[0].index as u64) << 24));
        for d in days {
            if let Some(kind) = leave_on(id, d.date, days) {
                leave.push_str(&format!("{id},{},{kind}\n", d.date));
                continue;
            }
            let extra = RND_EXTRA
                .iter()
                .find(|(w, date, _, _)| w == id && *date == d.date.to_string());
            if let Some((_, _, project, q)) = extra {
                sheet.push_str(&format!("{id},{},{project},{}\n", d.date, hours(*q)));
                continue;
            }
            if d.kind != DayKind::Workday {
                continue;
            }
            let q = 30 + rng.below(11);
            let r = rng.below(100);
            if r < 50 {
                sheet.push_str(&format!("{id},{},{main},{}\n", d.date, hours(q)));
            } else if r < 60 {
                sheet.push_str(&format!("{id},{},{second},{}\n", d.date, hours(q)));
            } else {
                let a = q * (50 + rng.below(31)) / 100;
                sheet.push_str(&format!("{id},{},{main},{}\n", d.date, hours(a)));
                sheet.push_str(&format!("{id},{},{second},{}\n", d.date, hours(q - a)));
            }
        }
    }
    files.insert(format!("timesheets_rnd_{tag}.csv"), sheet);
    files.insert(format!("leave_rnd_{tag}.csv"), leave);
}

/// Sales reps visit one or two clients of their region on most working days; about one visit
/// in 12 is not checked in on site (the CRM app had no signal, or the rep forgot).
fn sales(days: &[Day], tag: &str, files: &mut Files) {
    let mut visits = String::from("employee_id,date,kind,client,checked_in\n");
    let mut leave = String::from("employee_id,date,kind\n");
    for (i, (id, _, region, _)) in SALES.iter().enumerate() {
        let mut rng = Lcg(0x5341_4C45 ^ ((i as u64) << 16) ^ ((days[0].index as u64) << 28));
        let clients = CLIENTS
            .iter()
            .find(|(r, _)| r == region)
            .map(|(_, c)| c)
            .expect("a region with clients");
        for d in days {
            if let Some(kind) = leave_on(id, d.date, days) {
                leave.push_str(&format!("{id},{},{kind}\n", d.date));
                continue;
            }
            if d.kind != DayKind::Workday {
                continue;
            }
            let r = rng.below(100);
            let n = if r < 15 { 2 } else { u32::from(r < 65) };
            let first = rng.below(4);
            for k in 0..n {
                let client = clients[((first + k * (1 + rng.below(3))) % 4) as usize];
                let checked_in = rng.chance(92);
                visits.push_str(&format!("{id},{},visit,{client},{checked_in}\n", d.date));
            }
        }
    }
    files.insert(format!("checkins_sales_{tag}.csv"), visits);
    files.insert(format!("leave_sales_{tag}.csv"), leave);
}

/// The HR export of each team for the month.
fn hr(tag: &str, files: &mut Files) {
    let mut text = String::from("employee_id,name,crew,base_salary,hours_system\n");
    for (id, name, crew, base) in PRODUCTION {
        let crew = ["A", "B", "C"][crew];
        text.push_str(&format!("{id},{name},{crew},{base}.00,\n"));
    }
    for (id, name, base) in MAINTENANCE {
        text.push_str(&format!("{id},{name},M,{base}.00,标准工时\n"));
    }
    files.insert(format!("hr_production_{tag}.csv"), text);
    let mut text = String::from("employee_id,name,base_salary,si_base\n");
    for (id, name, base, si, _, _) in RND {
        text.push_str(&format!("{id},{name},{base}.00,{si}.00\n"));
    }
    files.insert(format!("hr_rnd_{tag}.csv"), text);
    let mut text = String::from("employee_id,name,region,base_salary\n");
    for (id, name, region, base) in SALES {
        text.push_str(&format!("{id},{name},{region},{base}.00\n"));
    }
    files.insert(format!("hr_sales_{tag}.csv"), text);
}

/// October's production punches and R&D timesheets with one broken record per kind of
/// mistake (see the README); every other row as in the clean files.
fn bad_files(files: &mut Files) {
    let punches = files["punches_production_2023-10.csv"].clone();
    let mut out = String::new();
    let mut done = [false; 3];
    for line in punches.lines() {
        let c: Vec<&str> = line.split(',').collect();
        let late = c[1] >= "2023-10-09";
        if !done[0] && late && c[0] == "P002" && c[2] != "night" {
            // Clock-in and clock-out swapped on a day shift.
            out.push_str(&format!(
                "{},{},{},{},{},{}\n",
                c[0], c[1], c[2], c[4], c[3], c[5]
            ));
            done[0] = true;
        } else if !done[1] && late && c[0] == "P009" && c[2] == "night" {
            // A shift name typed by hand.
            out.push_str(&format!(
                "{},{},nite,{},{},{}\n",
                c[0], c[1], c[3], c[4], c[5]
            ));
            done[1] = true;
        } else {
            out.push_str(line);
            out.push('\n');
        }
        if !done[2] && late && c[0] == "P005" && c[2] == "middle" {
            // The punch terminal exported a middle shift twice, the second time with the
            // supervisor's correction: the two overlap.
            out.push_str(&format!("{},{},middle,15:30,23:10,30\n", c[0], c[1]));
            done[2] = true;
        }
    }
    assert!(
        done.iter().all(|d| *d),
        "the October punches have the rows to break"
    );
    // A September night shift left in the October export, and a temporary worker who is not
    // in the HR export.
    out.push_str("P011,2023-09-28,night,21:51,06:04,45\n");
    out.push_str("P031,2023-10-16,early,05:55,14:06,30\n");
    files.insert("bad_punches_production_2023-10.csv".into(), out);

    let sheet = files["timesheets_rnd_2023-10.csv"].clone();
    let mut out = String::new();
    let (mut typo, mut unit) = (false, false);
    for line in sheet.lines() {
        let c: Vec<&str> = line.split(',').collect();
        if !typo && c[0] == "R002" && c[2] == "knee_gen3" {
            out.push_str(&format!("{},{},knee_gen4,{}\n", c[0], c[1], c[3]));
            typo = true;
        } else if !unit && c[0] == "R007" && c[1] >= "2023-10-20" {
            out.push_str(&format!("{},{},{},{}h\n", c[0], c[1], c[2], c[3]));
            unit = true;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    assert!(
        typo && unit,
        "the October timesheets have the rows to break"
    );
    files.insert("bad_timesheets_rnd_2023-10.csv".into(), out);
}
