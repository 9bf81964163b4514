#!/usr/bin/env python3
"""The README's "Data realism" plots, made as an analyst would make them, from --simulate output.

Usage: scripts/data_plots.py [LOADGEN]   (default: .build/release/loadgen, else .build/debug/loadgen)

Generates 14 simulated days of loadprofiles/default.json and 13 days around Black Friday (20 Nov - 2 Dec) of
loadprofiles/blackfriday.json (into a temporary directory), loads them with DuckDB and writes
docs/data-*.png with matplotlib. Installs duckdb and matplotlib from PyPI into a private virtual
environment (.build/plots-venv) the first time. Slow (a few minutes): kept out of CI; the images
are committed.
"""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".build", "plots-venv")


def ensure_packages(modules=("duckdb", "matplotlib")):
    """Imports `modules`, or re-runs the script in the private environment that has them."""
    try:
        for module in modules:
            __import__(module)
        return
    except ImportError:
        pass
    python = os.path.join(VENV, "bin", "python")
    if os.environ.get("DATA_PLOTS_VENV") != "1":
        if not os.path.exists(python):
            subprocess.check_call([sys.executable, "-m", "venv", VENV])
            subprocess.check_call([python, "-m", "pip", "install", "--quiet", "duckdb>=1.1", "matplotlib>=3.9"])
        os.environ["DATA_PLOTS_VENV"] = "1"
        os.execv(python, [python] + sys.argv)
    sys.exit("data_plots.py: duckdb and matplotlib are missing from " + VENV)


def simulate(loadgen, out, *args):
    subprocess.check_call([loadgen, *args, "--output", f"file:{out}", "--no-status"], stdout=subprocess.DEVNULL)


def main():
    ensure_packages()
    import duckdb
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    loadgen = sys.argv[1] if len(sys.argv) > 1 else next(
        p for p in (os.path.join(ROOT, ".build/release/loadgen"), os.path.join(ROOT, ".build/debug/loadgen")) if os.path.exists(p))
    docs = os.path.join(ROOT, "docs")
    with tempfile.TemporaryDirectory() as work:
        week, bf = os.path.join(work, "week.jsonl"), os.path.join(work, "bf.jsonl")
        simulate(loadgen, week, "--profile", os.path.join(ROOT, "loadprofiles/default.json"), "--simulate", "14d",
                 "--rate", "1000", "--start", "2026-11-02")
        simulate(loadgen, bf, "--profile", os.path.join(ROOT, "loadprofiles/blackfriday.json"), "--simulate", "13d",
                 "--rate", "3000", "--start", "2026-11-20")
        db = duckdb.connect()
        for name, path in (("week", week), ("bf", bf)):
            db.execute(f"create table {name} as select * from read_json_auto('{path}', format='newline_delimited', timestampformat='%Y-%m-%dT%H:%M:%S.%gZ')")
        figures = {}

        # Hour of day by region, in the shopper's own time zone (approximated by the state's main zone).
        rows = db.execute("""
            select user_location.country as country, hour(timestamp::timestamp) as utc_hour, count(*) as n
            from week group by all order by all""").fetchall()
        offsets = {"US": -5, "CA": -5, "GB": 0}
        fig, ax = plt.subplots(figsize=(8, 4))
        for country in ("US", "CA", "GB"):
            counts = [0] * 24
            for c, h, n in rows:
                if c == country:
                    counts[(h + offsets[c]) % 24] += n
            total = sum(counts) or 1
            ax.plot(range(24), [100 * n / total for n in counts], marker="o", label=country)
        ax.set(title="Lines by hour of day (US/CA at UTC-5, GB at UTC), 14 days of default.json",
               xlabel="hour of day (local, approx.)", ylabel="% of the country's lines")
        ax.legend()
        figures["data-hour-by-region.png"] = fig

        # Revenue by category (USD lines), and order size.
        rows = db.execute("""
            select category_name, sum(price * quantity) as revenue from week where currency = 'USD'
            group by all order by revenue desc""").fetchall()
        fig, ax = plt.subplots(figsize=(8, 4))
        ax.barh([r[0] for r in rows][::-1], [r[1] for r in rows][::-1])
        ax.set(title="US revenue by category (USD), 14 days of default.json", xlabel="USD")
        figures["data-revenue-by-category.png"] = fig

        # Orders per customer.
        rows = db.execute("""
            select orders, count(*) from (select user_id, count(distinct order_id) as orders from week group by all)
            group by all order by all""").fetchall()
        fig, ax = plt.subplots(figsize=(8, 4))
        ax.bar([r[0] for r in rows], [r[1] for r in rows])
        ax.set(yscale="log", title="Orders per customer, 14 days of default.json", xlabel="orders", ylabel="customers (log)")
        figures["data-orders-per-customer.png"] = fig

        # Black Friday against its neighbours (Eastern time).
        rows = db.execute("""
            select cast(timestamp::timestamp - interval 5 hour as date) as day, count(*) as lines,
                   count(distinct order_id) as orders,
                   sum(case when marketing_attribution.campaign_id like 'black_friday%' then 1 else 0 end) as bf
            from bf group by all order by all""").fetchall()
        rows = [r for r in rows if "2026-11-20" <= str(r[0]) <= "2026-12-02"]
        fig, ax = plt.subplots(figsize=(9, 4))
        labels = [str(r[0])[5:] for r in rows]
        ax.bar(labels, [r[1] for r in rows], label="lines")
        ax.bar(labels, [r[3] for r in rows], label="lines via black_friday_* campaigns", alpha=0.8)
        ax.set(title="Black Friday (11-27) against its neighbours (blackfriday.json, Eastern days)", ylabel="lines per day")
        ax.tick_params(axis="x", labelrotation=45)
        ax.legend()
        figures["data-black-friday.png"] = fig

        for name, fig in figures.items():
            fig.tight_layout()
            fig.savefig(os.path.join(docs, name), dpi=90)
        # The figures quoted in the README.
        print(db.execute("""select round(100 * avg(case when line_count > 1 then 1 else 0 end), 1) as multi_line_orders_pct,
            round(avg(line_count), 2) as lines_per_order from (select distinct order_id, line_count from week)""").fetchall())
        for r in rows:
            print(r)


if __name__ == "__main__":
    main()
