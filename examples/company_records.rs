//! Writes the payroll data of Hengkang Orthopaedics (恒康骨科, Changzhou) for the whole
//! company, July to September 2023, into `examples/company/`: what the China payroll pack
//! needs besides the attendance records (which stay in `examples/attendance/`, written by
//! `examples/attendance_records.rs`, and are referenced, not copied).
//!
//! ```sh
//! cargo run --example company_records                  # writes examples/company/
//! cargo run --example company_records -- /tmp/company  # somewhere else
//! ```
//!
//! - `payroll_production_2023-MM.csv`: HR's payroll export of production (P001-P014), the
//!   pack's inputs (contribution wage, housing fund rate, the special additional deductions
//!   declared, the salary account), joined on `employee_id` with
//!   `examples/attendance/hr_production_2023-MM.csv` (base salary, hours system);
//! - `punches_production_2023-09-29.csv`: P007's early shift on the Mid-Autumn Festival, a
//!   statutory holiday (300%), an extra `--records` file of September;
//! - `hr_office_2023-MM.csv`: the office staff (O001-O009), pay and payroll inputs in one
//!   export; O009 is hired in August, O006 leaves at the end of September;
//! - `opening/<dept>_2023-MM.csv` for January to June: the monthly gross pay of the old Excel
//!   payroll, so that hrrules computes the first half-year once (rules/company/opening.toml)
//!   and the year-to-date income tax of July onwards is right.
//!
//! Deterministic: a linear congruential generator with a constant seed. The files are
//! committed; run this again only to change them (and review the diff: the tests and
//! README.md quote figures).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Production: id, name, base salary (as in examples/attendance), contribution wage (last
/// year's average monthly wage, declared in July; several are below Shanghai's floor 7,310),
/// housing fund rate (%), and the monthly child education, infant care, elderly support and
/// housing (loan interest or rent) deductions declared.
const PRODUCTION: [(&str, &str, u32, u32, u32, [u32; 4]); 14] = [
    ("P001", "周建国", 7200, 8350, 7, [2000, 0, 1500, 0]),
    ("P002", "钱志刚", 6200, 7420, 7, [0, 0, 0, 1000]),
    ("P003", "孙海军", 5900, 7180, 7, [2000, 0, 0, 0]),
    ("P004", "李红梅", 5600, 6350, 5, [0, 0, 1000, 0]),
    ("P005", "吴卫东", 7100, 8210, 7, [2000, 2000, 0, 1000]),
    ("P006", "郑小兵", 6100, 7290, 7, [0, 0, 0, 1100]),
    ("P007", "王秀英", 5800, 7050, 7, [0, 0, 0, 0]),
    ("P008", "冯长春", 5600, 6580, 5, [0, 0, 0, 0]),
    ("P009", "陈立新", 7300, 8460, 7, [2000, 0, 3000, 1000]),
    ("P010", "褚玉兰", 6000, 7150, 7, [0, 2000, 0, 0]),
    ("P011", "卫国强", 5900, 6990, 7, [0, 0, 1500, 0]),
    ("P012", "蒋丽娟", 5700, 6720, 5, [0, 0, 0, 1100]),
    ("P013", "马志勇", 7600, 8930, 7, [0, 0, 3000, 0]),
    ("P014", "林德华", 6800, 7880, 7, [2000, 0, 0, 1000]),
];

/// P013's certificate (设备点检员 职业技能等级证书) is claimed in August: 3,600 once
/// (国发〔2018〕41号 第三章, continuing education).
const CERTIFICATE: (&str, u32, u32) = ("P013", 8, 3600);

/// The office: id, name, post, base salary, post allowance, contribution wage, housing fund
/// rate (%), deductions as for production. O001, the general manager, declares more than
/// Shanghai's ceiling 36,549; O009, the receptionist hired on 2023-08-01, declares her first
/// month's wage, below the floor.
const OFFICE: [(&str, &str, &str, u32, u32, u32, u32, [u32; 4]); 9] = [
    ("O001", "顾振华", "总经理", 45000, 3000, 48600, 12, [2000, 0, 3000, 1000]),
    ("O002", "邵佳琪", "人事主管", 13500, 800, 13920, 10, [2000, 0, 1500, 0]),
    ("O003", "何晓燕", "人事专员", 8200, 300, 8350, 7, [0, 0, 0, 1100]),
    ("O004", "许文斌", "财务经理", 16800, 1000, 17250, 10, [0, 2000, 1500, 1000]),
    ("O005", "吕静", "会计", 9800, 500, 9940, 7, [2000, 0, 0, 0]),
    ("O006", "施磊", "出纳", 8400, 300, 8610, 7, [0, 0, 1500, 1100]),
    ("O007", "张敏", "质量档案管理员", 9100, 500, 9260, 7, [0, 0, 0, 0]),
    ("O008", "孔德明", "行政主管", 10500, 500, 10720, 7, [0, 0, 3000, 1000]),
    ("O009", "曹雨欣", "前台", 5200, 200, 5400, 5, [0, 0, 0, 800]),
];

/// O009's first month.
const HIRED: (&str, u32) = ("O009", 8);

/// O006 leaves on 2023-09-30 (协商解除): 3 days of annual leave not taken are paid out, and
/// the economic compensation (经济补偿) of 《劳动合同法》第四十七条, one month's wage per
/// year of service (4 years), is paid with the last wage.
const LEAVER: (&str, u32, u32, u32) = ("O006", 9, 3, 4 * (8400 + 300));

/// The January-June contribution wages were the 2022 declarations: about 4% lower.
fn h1_contribution(july: u32) -> u32 {
    july * 96 / 100 / 10 * 10
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = match std::env::args().nth(1) {
        Some(d) => PathBuf::from(d),
        None => root.join("examples/company"),
    };
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let mut rng = Lcg(20230930);
    for month in 1..=6 {
        files.insert(
            format!("opening/production_2023-{month:02}.csv"),
            opening_production(&mut rng, month),
        );
        files.insert(
            format!("opening/office_2023-{month:02}.csv"),
            opening_office(month),
        );
    }
    for month in 7..=9 {
        files.insert(
            format!("payroll_production_2023-{month:02}.csv"),
            payroll_production(month),
        );
        files.insert(format!("hr_office_2023-{month:02}.csv"), office(month));
    }
    files.insert(
        "punches_production_2023-09-29.csv".into(),
        "employee_id,date,shift,start,end,break_minutes\nP007,2023-09-29,early,05:52,14:06,30\n"
            .into(),
    );
    for (name, text) in &files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("a folder"))?;
        std::fs::write(path, text)?;
    }
    Ok(())
}

/// A fixed-seed linear congruential generator (Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// A salary account at the Agricultural Bank of China (622848…, 19 digits), from the id.
fn account(id: &str) -> String {
    let n: u64 = id[1..].parse().expect("a numbered id");
    let dept = u64::from(id.as_bytes()[0]);
    format!("622848{:013}", 1_040_000_000_000 + dept * 7_919_000 + n * 104_729)
}

const DEDUCTION_COLUMNS: &str =
    "child_education,infant_care,elderly_support,housing_deduction,continuing_education";

/// The annual one-off bonus paid in the month and the employee's choice to have it taxed
/// with the wages (是) or on its own (否).
const BONUS_COLUMNS: &str = "annual_bonus,bonus_merged";

/// The 2022 year-end bonus (年终奖), paid with January's wage: a month's base in production,
/// two in the office, 120,000 for the general manager. O004 chose to have it taxed with his
/// wages (并入综合所得); everyone else has it taxed on its own.
fn bonus(id: &str, base: u32, month: u32) -> String {
    let merged = if id == "O004" { "是" } else { "否" };
    let amount = match (month, id.as_bytes()[0]) {
        (1, _) if id == "O001" => 120_000,
        (1, b'O') => 2 * base,
        (1, _) => base,
        _ => 0,
    };
    format!("{amount},{merged}")
}

fn deductions(d: [u32; 4], continuing: u32) -> String {
    format!("{},{},{},{},{continuing}", d[0], d[1], d[2], d[3])
}

fn payroll_production(month: u32) -> String {
    let mut out = format!(
        "employee_id,name,contribution_wage,housing_fund_rate,{DEDUCTION_COLUMNS},{BONUS_COLUMNS},bank_account\n"
    );
    for (id, name, base, cw, rate, d) in PRODUCTION {
        let cont = if (id, month) == (CERTIFICATE.0, CERTIFICATE.1) {
            CERTIFICATE.2
        } else {
            0
        };
        let ded = deductions(d, cont);
        let b = bonus(id, base, month);
        out += &format!("{id},{name},{cw},{rate}%,{ded},{b},{}\n", account(id));
    }
    out
}

fn office(month: u32) -> String {
    let mut out = format!("employee_id,name,post,base_salary,post_allowance,unused_leave_days,severance_pay,contribution_wage,housing_fund_rate,{DEDUCTION_COLUMNS},{BONUS_COLUMNS},bank_account\n");
    for (id, name, post, base, allowance, cw, rate, d) in OFFICE {
        if id == HIRED.0 && month < HIRED.1 {
            continue;
        }
        let (days, severance) = if (id, month) == (LEAVER.0, LEAVER.1) {
            (LEAVER.2, LEAVER.3)
        } else {
            (0, 0)
        };
        let (ded, b) = (deductions(d, 0), bonus(id, base, month));
        out += &format!(
            "{id},{name},{post},{base},{allowance},{days},{severance},{cw},{rate}%,{ded},{b},{}\n",
            account(id)
        );
    }
    out
}

const OPENING_HEADER: &str = "employee_id,name,monthly_gross,contribution_wage,housing_fund_rate";

/// Production's gross pay of a month of the first half: base, overtime and allowances of
/// 300 to 1,800 as the old payroll paid them.
fn opening_production(rng: &mut Lcg, month: u32) -> String {
    let mut out = format!("{OPENING_HEADER},{DEDUCTION_COLUMNS},{BONUS_COLUMNS}\n");
    for (id, name, base, cw, rate, d) in PRODUCTION {
        let extra = 300 * 100 + rng.below(150_000);
        let gross = format!("{}.{:02}", u64::from(base) + extra / 100, extra % 100);
        let (cw, ded, b) = (h1_contribution(cw), deductions(d, 0), bonus(id, base, month));
        out += &format!("{id},{name},{gross},{cw},{rate}%,{ded},{b}\n");
    }
    out
}

/// The office's gross pay of a month of the first half: base and allowance (the general
/// manager's base was 42,000 until the board's raise in July).
fn opening_office(month: u32) -> String {
    let mut out = format!("{OPENING_HEADER},{DEDUCTION_COLUMNS},{BONUS_COLUMNS}\n");
    for (id, name, _, base, allowance, cw, rate, d) in OFFICE {
        if id == HIRED.0 {
            continue;
        }
        let base = if id == "O001" { 42000 } else { base };
        let (cw, ded, b) = (h1_contribution(cw), deductions(d, 0), bonus(id, base, month));
        out += &format!("{id},{name},{}.00,{cw},{rate}%,{ded},{b}\n", base + allowance);
    }
    out
}
