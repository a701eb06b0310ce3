#!/usr/bin/env python3
"""Writes the invented data of examples/risk/ (see README.md): deterministic, byte for byte.

    python3 examples/risk/generate.py        # from the repository's root

- employee_months.csv: 45 posts of Hengkang Orthopaedics, 2021-01 to 2023-12, one row per
  employee and month worked, with the features of the attrition model and `left_within_6m`;
- monthly/sales_2023-MM.csv: the sales reps' inputs of rules/analytics/attrition.toml, 2023;
- rnd_projects.csv, rnd_capacity.csv: the R&D plan and team of the 2024 H1 forecast.

Who leaves is drawn month by month from a hazard that rises with falling attainment, pay below
the market band, leave taken and complaints (the signs the model should find), about 15% a
year before the sales policy change of 2023-07 and about a third of that after it. Nothing
here is real: names are common Chinese names, figures are drawn from a seeded generator
(random.Random(33), whose sequence Python keeps stable across versions).
"""

import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
import sys

RNG = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 33)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "晓东", "雨桐", "思远", "浩然", "佳琪", "志刚", "海燕", "俊杰", "子涵", "宇航", "欣怡", "文博", "梓萱", "一鸣", "婉清", "家豪", "诗雨"]

# Posts: department, id prefix, how many, grade range, target (sales) or none.
DEPARTMENTS = [("sales", "E", 12), ("production", "P", 14), ("rnd", "R", 10), ("office", "O", 9)]
BAND_2021 = {1: 5900, 2: 7200, 3: 8800, 4: 11000, 5: 13500}
BAND_RAISE = {2021: 1.0, 2022: None, 2023: None}
BAND = {
    2021: BAND_2021,
    2022: {1: 6200, 2: 7600, 3: 9300, 4: 11500, 5: 14200},
    2023: {1: 6500, 2: 8000, 3: 9800, 4: 12000, 5: 15000},
}
MONTHS = [(y, m) for y in (2021, 2022, 2023) for m in range(1, 13)]
HORIZON = 6  # left_within_6m: the employee's last month is this month or one of the 5 after


def name():
    return RNG.choice(SURNAMES) + RNG.choice(GIVEN)


class Person:
    def __init__(self, dept, prefix, number, start):
        self.dept = dept
        self.id = f"{prefix}{number:03d}"
        self.name = name()
        self.start = start
        self.grade = RNG.choice([1, 1, 2, 2, 3, 3, 4, 5])
        # Pay against the market band: most are paid at or above it, some below.
        self.pay_ratio = round(RNG.gauss(1.06, 0.09), 3)
        self.target = (120000 + 60000 * self.grade) if dept == "sales" else None
        self.attainment = min(max(RNG.gauss(1.0, 0.12), 0.5), 1.5)
        self.history = []  # attainment by month
        self.complaints = []  # by month
        self.leave_ytd = 0
        self.leave = []  # days by month
        self.decline = 0  # months of a spell of falling attainment still to come
        self.rows = []


def salary(p, year):
    band = BAND[year][p.grade]
    return int(round(band * p.pay_ratio / 100.0)) * 100


def month_of(p, year, month):
    """Draws the person's month: attainment, leave, complaints."""
    # Attainment: a random walk pulled back to the person's level, with spells of decline.
    drift = RNG.gauss(0, 0.05)
    if p.decline == 0 and RNG.random() < 0.06:
        p.decline = RNG.choice([3, 4, 5])
    if p.decline > 0:
        drift -= 0.08
        p.decline -= 1
    p.attainment = min(max(0.7 * p.attainment + 0.3 * 1.0 + drift, 0.3), 1.6)
    p.history.append(p.attainment)
    if month == 1:
        p.leave_ytd = 0
    leave = RNG.choice([0, 0, 0, 0, 0.5, 1, 1, 2, 3]) if RNG.random() < 0.45 else 0
    p.leave_ytd += leave
    p.leave.append(leave)
    base = 0.25 if p.dept == "sales" else 0.08
    complaints = sum(1 for _ in range(3) if RNG.random() < base / 3 * (1.6 - p.attainment))
    p.complaints.append(complaints)
    return leave, complaints


def features(p):
    change = p.history[-1] - p.history[-4] if len(p.history) >= 4 else 0.0
    return {
        "attainment_change_3m": round(change, 3),
        "complaints_3m": sum(p.complaints[-3:]),
        "leave_days_12m": sum(p.leave[-12:]),
    }


def hazard(p, year, month, feats):
    """Monthly probability of leaving: ~1.35% at the mean before 2023-07, a third after."""
    base = 0.0135 if (year, month) < (2023, 7) else 0.0045
    z = (
        -6.0 * feats["attainment_change_3m"]
        - 6.0 * (p.pay_ratio - 1.0)
        + 0.15 * feats["leave_days_12m"]
        + 0.35 * feats["complaints_3m"]
    )
    return min(base * math.exp(z) / math.exp(0.7), 0.5)


def simulate():
    people, active = [], []
    counters = {}
    for dept, prefix, n in DEPARTMENTS:
        for i in range(1, n + 1):
            p = Person(dept, prefix, i, (2021, 1))
            p.history = [p.attainment] * 3
            p.complaints = [0, 0, 0]
            people.append(p)
            active.append(p)
        counters[prefix] = n
    for year, month in MONTHS:
        period = f"{year}-{month:02d}"
        leaving = []
        for p in list(active):
            leave, complaints = month_of(p, year, month)
            feats = features(p)
            row = {
                "employee_id": p.id,
                "name": p.name,
                "department": p.dept,
                "period": period,
                "grade_level": p.grade,
                "base_salary": f"{salary(p, year)}.00",
                "pay_vs_band": f"{salary(p, year) / BAND[year][p.grade]:.3f}",
                "attainment": f"{p.attainment:.3f}",
                "attainment_change_3m": f"{feats['attainment_change_3m']:.3f}",
                "leave_days": f"{leave:g}",
                "leave_days_ytd": f"{p.leave_ytd:g}",
                "leave_days_12m": f"{feats['leave_days_12m']:g}",
                "complaints": complaints,
                "complaints_3m": feats["complaints_3m"],
            }
            if p.target is not None:
                row["sales_target"] = f"{p.target:.2f}"
                row["sales_amount"] = f"{round(p.target * p.attainment, -1):.2f}"
            p.rows.append(row)
            if RNG.random() < hazard(p, year, month, feats):
                leaving.append(p)
        for p in leaving:
            active.remove(p)
            p.last = period
            prefix = p.id[0]
            counters[prefix] += 1
            # The post is filled from the next month.
            q = Person(p.dept, prefix, counters[prefix], None)
            q.history = [q.attainment] * 3
            q.complaints = [0, 0, 0]
            people.append(q)
            active.append(q)
        # Pay reviews each January: a raise for some, a grade step for a few.
        if month == 12:
            for p in active:
                if RNG.random() < 0.15 and p.grade < 5:
                    p.grade += 1
                p.pay_ratio = round(p.pay_ratio + RNG.gauss(0.0, 0.04), 3)
    return people


def label(p, row):
    """1 if the last month is within HORIZON months from this one; '' if not yet known."""
    y, m = map(int, row["period"].split("-"))
    index = y * 12 + m
    last = getattr(p, "last", None)
    if last is not None:
        ly, lm = map(int, last.split("-"))
        return "1" if ly * 12 + lm - index < HORIZON else "0"
    end = 2023 * 12 + 12
    return "0" if index + HORIZON - 1 <= end - 1 else ""


COLUMNS = ["employee_id", "name", "department", "period", "grade_level", "base_salary", "pay_vs_band",
           "attainment", "attainment_change_3m", "leave_days_12m", "complaints_3m", "left_within_6m"]


def write(path, header, rows):
    with open(os.path.join(HERE, path), "w", encoding="utf-8", newline="\n") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(str(r.get(c, "")) for c in header) + "\n")


def main():
    people = simulate()
    rows = []
    for p in people:
        for r in p.rows:
            r["left_within_6m"] = label(p, r)
            rows.append(r)
    rows.sort(key=lambda r: (r["period"], r["employee_id"]))
    write("employee_months.csv", COLUMNS, rows)
    os.makedirs(os.path.join(HERE, "monthly"), exist_ok=True)
    sales = ["employee_id", "name", "sales_amount", "sales_target", "leave_days", "grade_level", "base_salary", "complaints"]
    for m in range(1, 13):
        period = f"2023-{m:02d}"
        write(f"monthly/sales_{period}.csv", sales,
              [r for r in rows if r["period"] == period and r["department"] == "sales"])
    leavers = [p for p in people if hasattr(p, "last")]
    by_year = {}
    for p in leavers:
        by_year.setdefault(p.last[:4], []).append(p.id)
    for y, ids in sorted(by_year.items()):
        print(y, len(ids), " ".join(ids))
    write_forecast()


def write_forecast():
    """The R&D plan of 2024 H1 and the team, by hand: no randomness."""
    plan = [
        # project, month, hours: knee_gen3 ramps up for the NMPA submission, spine_cage winds
        # down after design freeze, hip_stem starts in March, the 3D-printed cup in May.
        ("knee_gen3", [520, 560, 640, 720, 760, 760]),
        ("spine_cage", [480, 440, 360, 300, 240, 200]),
        ("hip_stem", [0, 0, 240, 320, 400, 480]),
        ("am_acetabular_cup", [0, 0, 0, 0, 160, 320]),
    ]
    rows = []
    for project, hours in plan:
        for i, h in enumerate(hours):
            if h:
                rows.append({"project": project, "month": f"2024-{i + 1:02d}", "hours_needed": f"{h}"})
    write("rnd_projects.csv", ["project", "month", "hours_needed"], rows)
    team = [
        ("R001", "沈浩然", "1", "", "", "50%"),      # also leads the department
        ("R002", "韩雪", "1", "", "", "100%"),
        ("R003", "杨志远", "1", "", "", "100%"),
        ("R004", "朱晓琳", "1", "", "2024-04-30", "100%"),   # contract ends in April
        ("R005", "秦磊", "1", "", "", "100%"),
        ("R006", "许佳", "0.8", "", "", "100%"),    # four days a week
        ("R007", "何俊杰", "1", "", "", "80%"),     # 20% on the quality system
        ("R008", "吕思远", "1", "2024-03-01", "", "100%"),   # back from parental leave in March
        ("R009", "施雨桐", "1", "", "", "100%"),
        ("R010", "张博文", "1", "", "", "100%"),
    ]
    write("rnd_capacity.csv", ["employee_id", "name", "fte", "available_from", "available_until", "allocation"],
          [dict(zip(["employee_id", "name", "fte", "available_from", "available_until", "allocation"], t)) for t in team])


if __name__ == "__main__":
    main()
