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
//! - `claims_2023-09.csv`: September's expense claims (报销单), one row per claim keyed by
//!   `claim_id`, with the amount, department and claim type that
//!   `rules/common/expense_approval.toml` routes to their approvers;
//! - `opening/<dept>_2023-MM.csv` for January to June: the monthly gross pay of the old Excel
//!   payroll, so that hrrules computes the first half-year once (rules/company/opening.toml)
//!   and the year-to-date income tax of July onwards is right.
//!
//! Deterministic: a linear congruential generator with a constant seed. The files are
//! committed; run this again only to change them (and review the diff: the tests and
//! README.md quote figures).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The monthly child education, infant care, elderly support and housing deductions.
type Deductions = [u32; 4];

/// id, name, base salary, contribution wage, housing fund rate (%), deductions.
type Staff = (&'static str, &'static str, u32, u32, u32, Deductions);

/// id, name, post or region, base salary, post allowance or sales target, contribution wage,
/// housing fund rate (%), deductions.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    u32,
    u32,
    u32,
    u32,
    Deductions,
);

/// Production: id, name, base salary (as in examples/attendance), contribution wage (last
/// year's average monthly wage, declared in July; several are below Shanghai's floor 7,310),
/// housing fund rate (%), and the monthly child education, infant care, elderly support and
/// housing (loan interest or rent) deductions declared.
const PRODUCTION: [Staff; 14] = [
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
const OFFICE: [Row; 9] = [
    (
        "O001",
        "顾振华",
        "总经理",
        45000,
        3000,
        48600,
        12,
        [2000, 0, 3000, 1000],
    ),
    (
        "O002",
        "邵佳琪",
        "人事主管",
        13500,
        800,
        13920,
        10,
        [2000, 0, 1500, 0],
    ),
    (
        "O003",
        "何晓燕",
        "人事专员",
        8200,
        300,
        8350,
        7,
        [0, 0, 0, 1100],
    ),
    (
        "O004",
        "许文斌",
        "财务经理",
        16800,
        1000,
        17250,
        10,
        [0, 2000, 1500, 1000],
    ),
    ("O005", "吕静", "会计", 9800, 500, 9940, 7, [2000, 0, 0, 0]),
    (
        "O006",
        "施磊",
        "出纳",
        8400,
        300,
        8610,
        7,
        [0, 0, 1500, 1100],
    ),
    (
        "O007",
        "张敏",
        "质量档案管理员",
        9100,
        500,
        9260,
        7,
        [0, 0, 0, 0],
    ),
    (
        "O008",
        "孔德明",
        "行政主管",
        10500,
        500,
        10720,
        7,
        [0, 0, 3000, 1000],
    ),
    ("O009", "曹雨欣", "前台", 5200, 200, 5400, 5, [0, 0, 0, 800]),
];

/// O009's first month.
const HIRED: (&str, u32) = ("O009", 8);

/// O006 leaves on 2023-09-30 (协商解除): 3 days of annual leave not taken are paid out, and
/// the economic compensation (经济补偿) of 《劳动合同法》第四十七条, one month's wage per
/// year of service (4 years), is paid with the last wage.
const LEAVER: (&str, u32, u32, u32) = ("O006", 9, 3, 4 * (8400 + 300));

/// R&D: id, name, base salary and contribution base (as `si_base` in
/// examples/attendance/hr_rnd_2023-MM.csv), housing fund rate (%), deductions.
const RND: [Staff; 10] = [
    ("R001", "沈浩然", 26000, 24500, 10, [2000, 2000, 3000, 1000]),
    ("R002", "韩雪", 18500, 17600, 10, [0, 0, 1500, 1500]),
    ("R003", "杨志远", 21000, 20000, 10, [2000, 0, 1500, 1000]),
    ("R004", "朱晓琳", 15500, 14800, 10, [0, 2000, 0, 1000]),
    ("R005", "秦磊", 17000, 16200, 10, [2000, 0, 3000, 0]),
    ("R006", "许佳", 13800, 13000, 10, [0, 0, 0, 1500]),
    ("R007", "何俊杰", 16500, 15600, 10, [2000, 0, 1500, 1000]),
    ("R008", "吕思远", 12500, 11800, 10, [0, 0, 0, 1500]),
    ("R009", "施雨桐", 14200, 13500, 10, [0, 0, 1500, 0]),
    ("R010", "张博文", 11000, 10200, 10, [0, 0, 0, 1500]),
];

/// Sales: id, name, region, base salary, monthly target (as in examples/data), contribution
/// wage (the stars' last year's average is above Shanghai's ceiling), housing fund rate (%),
/// deductions.
const SALES: [Row; 12] = [
    (
        "E004",
        "王芳",
        "华东",
        15000,
        500000,
        41200,
        10,
        [2000, 0, 3000, 1000],
    ),
    (
        "E009",
        "李强",
        "华东",
        12000,
        400000,
        26800,
        10,
        [2000, 2000, 1500, 0],
    ),
    (
        "E012",
        "张伟",
        "华北",
        11000,
        400000,
        27300,
        10,
        [0, 0, 1500, 1000],
    ),
    (
        "E015",
        "刘洋",
        "华南",
        10500,
        320000,
        19600,
        7,
        [2000, 0, 0, 1500],
    ),
    (
        "E018",
        "陈静",
        "西南",
        9500,
        250000,
        18100,
        7,
        [0, 0, 1500, 0],
    ),
    (
        "E021",
        "杨帆",
        "华中",
        9000,
        250000,
        15400,
        7,
        [0, 0, 0, 1100],
    ),
    (
        "E024",
        "赵磊",
        "华北",
        10000,
        320000,
        20500,
        7,
        [2000, 0, 3000, 1000],
    ),
    (
        "E027",
        "黄丽",
        "华南",
        13500,
        500000,
        38900,
        10,
        [0, 2000, 1500, 1000],
    ),
    (
        "E031",
        "周敏",
        "华东",
        8500,
        200000,
        14200,
        7,
        [0, 0, 0, 1500],
    ),
    (
        "E036",
        "吴昊",
        "东北",
        8000,
        200000,
        12800,
        7,
        [2000, 0, 0, 1000],
    ),
    (
        "E040",
        "徐婷",
        "西北",
        7500,
        160000,
        11900,
        7,
        [0, 0, 1500, 800],
    ),
    (
        "E044",
        "孙浩",
        "华东",
        6000,
        160000,
        6000,
        5,
        [0, 0, 0, 1100],
    ),
];

/// E044 孙浩 joined on 2023-04-03: the first half's files have him from April.
const SALES_JOINED: (&str, u32) = ("E044", 4);

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
    for month in 1..=6 {
        files.insert(
            format!("opening/rnd_2023-{month:02}.csv"),
            opening_rnd(month),
        );
        files.insert(
            format!("opening/sales_2023-{month:02}.csv"),
            opening_sales(&mut rng, month),
        );
    }
    for month in 7..=9 {
        files.insert(
            format!("payroll_production_2023-{month:02}.csv"),
            payroll_production(month),
        );
        files.insert(
            format!("payroll_rnd_2023-{month:02}.csv"),
            payroll_rnd(month),
        );
        files.insert(
            format!("payroll_sales_2023-{month:02}.csv"),
            payroll_sales(month),
        );
    }
    for month in 7..=8 {
        sales_month(&mut rng, month, &mut files);
    }
    for month in 7..=9 {
        files.insert(format!("hr_office_2023-{month:02}.csv"), office(month));
    }
    files.insert(
        "punches_production_2023-09-29.csv".into(),
        "employee_id,date,shift,start,end,break_minutes\nP007,2023-09-29,early,05:52,14:06,30\n"
            .into(),
    );
    files.insert("claims_2023-09.csv".into(), claims());
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
    format!(
        "622848{:013}",
        1_040_000_000_000 + dept * 7_919_000 + n * 104_729
    )
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

fn deductions(d: Deductions, continuing: u32) -> String {
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

/// The payroll columns of a department whose pay comes from elsewhere.
fn payroll<const N: usize>(rows: [(&str, &str, u32, u32, Deductions); N], month: u32) -> String {
    let mut out = format!(
        "employee_id,name,contribution_wage,housing_fund_rate,{DEDUCTION_COLUMNS},{BONUS_COLUMNS},bank_account\n"
    );
    for (id, name, cw, rate, d) in rows {
        let (ded, b) = (deductions(d, 0), bonus(id, 0, month));
        out += &format!("{id},{name},{cw},{rate}%,{ded},{b},{}\n", account(id));
    }
    out
}

fn payroll_rnd(month: u32) -> String {
    payroll(
        RND.map(|(id, name, _, cw, rate, d)| (id, name, cw, rate, d)),
        month,
    )
}

fn payroll_sales(month: u32) -> String {
    payroll(
        SALES.map(|(id, name, _, _, _, cw, rate, d)| (id, name, cw, rate, d)),
        month,
    )
}

/// July's or August's ERP, CRM and quality-ledger exports of the sales team, like
/// September's in examples/data: sales between 55% and 135% of the target (E044, the
/// newcomer, 15% to 40%), satisfaction 7.0 to 9.8, compliance 82% to 100% (E024 70% to 79%,
/// below the gate), teamwork 60 to 95.
fn sales_month(rng: &mut Lcg, month: u32, files: &mut BTreeMap<String, String>) {
    let tag = format!("2023-{month:02}");
    let mut erp = String::from("employee_id,name,region,base_salary,sales_target,sales_amount\n");
    let mut crm = String::from("[\n");
    let mut quality = String::from("employee_id,compliance,teamwork\n");
    for (i, (id, name, region, base, target, ..)) in SALES.into_iter().enumerate() {
        let permille = if id == "E044" {
            150 + rng.below(251)
        } else {
            550 + rng.below(801)
        };
        let fen = u64::from(target) * permille / 10 + rng.below(100) * 100;
        erp += &format!(
            "{id},{name},{region},{base}.00,{target}.00,{}.{:02}\n",
            fen / 100,
            fen % 100
        );
        let sat = 70 + rng.below(29);
        let comma = if i + 1 < SALES.len() { "," } else { "" };
        crm += &format!(
            "  {{ \"employee_id\": \"{id}\", \"satisfaction\": {}.{} }}{comma}\n",
            sat / 10,
            sat % 10
        );
        let compliance = if id == "E024" {
            70 + rng.below(10)
        } else {
            82 + rng.below(19)
        };
        quality += &format!("{id},{compliance}%,{}\n", 60 + rng.below(36));
    }
    crm += "]\n";
    files.insert(format!("erp_sales_{tag}.csv"), erp);
    files.insert(format!("crm_sales_{tag}.json"), crm);
    files.insert(format!("quality_sales_{tag}.csv"), quality);
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
            "{id},{name},{post},{base},{allowance},{days},{severance}.00,{cw},{rate}%,{ded},{b},{}\n",
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
        let (cw, ded, b) = (
            h1_contribution(cw),
            deductions(d, 0),
            bonus(id, base, month),
        );
        out += &format!("{id},{name},{gross},{cw},{rate}%,{ded},{b}\n");
    }
    out
}

/// R&D's gross pay of a month of the first half: the base salary (no holiday was worked).
fn opening_rnd(month: u32) -> String {
    let mut out = format!("{OPENING_HEADER},{DEDUCTION_COLUMNS},{BONUS_COLUMNS}\n");
    for (id, name, base, cw, rate, d) in RND {
        let (cw, ded, b) = (
            h1_contribution(cw),
            deductions(d, 0),
            bonus(id, base, month),
        );
        out += &format!("{id},{name},{base}.00,{cw},{rate}%,{ded},{b}\n");
    }
    out
}

/// Sales' gross pay of a month of the first half: base, commission and bonus of the 2023-H1
/// policy, 1.3 to 2.8 times the base.
fn opening_sales(rng: &mut Lcg, month: u32) -> String {
    let mut out = format!("{OPENING_HEADER},{DEDUCTION_COLUMNS},{BONUS_COLUMNS}\n");
    for (id, name, _, base, _, cw, rate, d) in SALES {
        if id == SALES_JOINED.0 && month < SALES_JOINED.1 {
            continue;
        }
        let fen = u64::from(base) * (130 + rng.below(151)) + rng.below(100);
        let gross = format!("{}.{:02}", fen / 100, fen % 100);
        let (cw, ded, b) = (
            h1_contribution(cw),
            deductions(d, 0),
            bonus(id, base, month),
        );
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
        let (cw, ded, b) = (
            h1_contribution(cw),
            deductions(d, 0),
            bonus(id, base, month),
        );
        out += &format!(
            "{id},{name},{}.00,{cw},{rate}%,{ded},{b}\n",
            base + allowance
        );
    }
    out
}

/// September's expense claims: each sales approval route once, and a claim of each other
/// department, R&D's above 20,000 (the CFO signs).
fn claims() -> String {
    let rows = [
        (
            "BX2309-001",
            "E004",
            "王芳",
            "sales",
            "travel",
            "1860.00",
            "\"华东 hospital visits: Shanghai-Hangzhou rail, two hotel nights\"",
        ),
        (
            "BX2309-002",
            "E027",
            "黄丽",
            "sales",
            "meal",
            "2350.00",
            "\"distributor dinner, Guangzhou\"",
        ),
        (
            "BX2309-003",
            "E012",
            "张伟",
            "sales",
            "conference",
            "8000.00",
            "\"booth at the orthopaedics congress, Beijing\"",
        ),
        (
            "BX2309-004",
            "E036",
            "吴昊",
            "sales",
            "travel",
            "6420.00",
            "\"hospital tour: Shenyang, Harbin, Changchun\"",
        ),
        (
            "BX2309-005",
            "E018",
            "陈静",
            "sales",
            "samples",
            "3200.00",
            "demonstration implants for a Chengdu hospital",
        ),
        (
            "BX2309-006",
            "P003",
            "孙海军",
            "production",
            "equipment",
            "18500.00",
            "replacement spindle for CNC lathe 2",
        ),
        (
            "BX2309-007",
            "R004",
            "朱晓琳",
            "rnd",
            "equipment",
            "46800.00",
            "fatigue test fixture for the knee prosthesis",
        ),
        (
            "BX2309-008",
            "O002",
            "邵佳琪",
            "office",
            "meal",
            "680.00",
            "new-hire lunch",
        ),
    ];
    let mut out =
        String::from("claim_id,employee_id,name,department,claim_type,claim_amount,note\n");
    for (claim, id, name, dept, kind, amount, note) in rows {
        out.push_str(&format!(
            "{claim},{id},{name},{dept},{kind},{amount},{note}\n"
        ));
    }
    out
}
