#!/usr/bin/env python3
"""Writes the INVENTED example data of examples/analysis/ (see README.md): Hengkang's 12 sales
reps, month by month from 2022-01 to 2023-12, as the CRM, the sales sheet and the quality
ledger would export them, and who left when.

Deterministic: run `python3 examples/analysis/make.py` from the repository root and the
files come out byte for byte the same (Python's own Mersenne Twister, seed 11; no packages).
"""

import csv
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
# Where to write (the test suite checks the files are reproduced into a folder of its own).
OUT = os.environ.get("HRRULES_ANALYSIS_OUT", HERE)
rng = random.Random(11)

MONTHS = [f"{y}-{m:02d}" for y in (2022, 2023) for m in range(1, 13)]
CHANGE = "2023-07"  # rules/sales_2023h2.toml takes effect

# id, name, monthly target (CNY), satisfaction level, compliance level
REPS = [
    ("E004", "王芳", 500000, 8.9, 95),
    ("E009", "李强", 400000, 8.4, 91),
    ("E012", "张伟", 400000, 7.8, 89),
    ("E015", "刘洋", 350000, 7.4, 86),
    ("E018", "陈静", 450000, 8.7, 97),
    ("E021", "杨帆", 350000, 7.0, 80),
    ("E024", "赵磊", 300000, 6.6, 74),
    ("E027", "黄丽", 400000, 8.5, 94),
    ("E031", "周敏", 350000, 7.6, 88),
    ("E036", "吴昊", 300000, 6.9, 77),
    ("E040", "徐婷", 350000, 7.7, 85),
    ("E044", "孙浩", 300000, 7.1, 79),
]
# Who left (the last month they worked), why, and who took the territory the month after.
LEAVERS = [
    ("E024", "2022-05", "joined a competitor", ("E046", "钱进", 300000, 7.3, 84)),
    ("E036", "2022-11", "moved to Chengdu", ("E047", "郑雪", 300000, 7.9, 90)),
    ("E044", "2023-04", "joined a distributor", ("E048", "冯凯", 300000, 7.5, 83)),
]


def clip(x, lo, hi):
    return max(lo, min(hi, x))


def month_of(rep, month, falling):
    """One rep's month: CRM, sales and quality figures."""
    _, _, target, sat_level, comp_level = rep
    after = month >= CHANGE
    # Satisfaction: the rep's level, a little better under the new policy, monthly noise.
    sat = clip(sat_level + (0.3 if after else 0.0) + rng.gauss(0, 0.35) - 0.5 * falling, 0, 10)
    sat = round(sat, 1)
    comp = round(clip(comp_level + (3 if after else 0) + rng.gauss(0, 3.5), 50, 100))
    orders = max(12, round(rng.gauss(42, 7)))
    # Repeat purchases follow satisfaction: ~30% overall, ~50% for reps above 8.
    repeat_p = clip(0.27 + 0.22 * (sat - 7.6) + rng.gauss(0, 0.05), 0.04, 0.85)
    repeats = sum(rng.random() < repeat_p for _ in range(orders))
    # Complaints: ~15% of orders before the change, ~8% after; low compliance, ~3x the rest.
    base = 0.092 if after else 0.135
    complaint_p = base * (2.6 if comp < 80 else 0.85)
    complaints = sum(rng.random() < complaint_p for _ in range(orders))
    # Sales follow satisfaction: attainment ~0.93 at 7.6, ~1.07 at 8.5, with much noise.
    attain = clip(0.93 + 0.16 * (sat - 7.6) + rng.gauss(0, 0.14) - 0.12 * falling, 0.3, 2.0)
    sales = round(target * attain / 10) * 10
    return (sat, complaints, orders, repeats), (sales, target), comp


def main():
    crm, sales, quality = [], [], []
    team = list(REPS)
    for month in MONTHS:
        for rep in team:
            left = next((l for l in LEAVERS if l[0] == rep[0]), None)
            # A leaver's last three months fall.
            falling = 0
            if left:
                gap = MONTHS.index(left[1]) - MONTHS.index(month)
                falling = 1 if 0 <= gap < 3 else 0
            (sat, complaints, orders, repeats), (amount, target), comp = month_of(rep, month, falling)
            crm.append([rep[0], month, f"{sat:.1f}", complaints, orders, repeats])
            sales.append([rep[0], month, f"{amount:.2f}", f"{target:.2f}"])
            quality.append([rep[0], month, comp])
        for rep_id, last, _, successor in LEAVERS:
            if last == month:
                team = [successor if r[0] == rep_id else r for r in team]
    write("crm.csv", ["employee_id", "month", "satisfaction", "complaints", "orders", "repeat_orders"], crm)
    write("sales.csv", ["employee_id", "month", "sales_amount", "target"], sales)
    write("quality.csv", ["employee_id", "month", "compliance"], quality)
    names = {r[0]: r[1] for r in REPS}
    write("leavers.csv", ["employee_id", "name", "left", "reason"],
          [[i, names[i], last, why] for i, last, why, _ in LEAVERS])


def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


if __name__ == "__main__":
    main()
