#!/usr/bin/env python3
"""The README's "measured" figures (Data realism): one simulated week of loadprofiles/default.json,
counted with DuckDB as an analyst would.

Usage: scripts/data_week.py [LOADGEN] [--file WEEK.jsonl]

Without --file it makes the week first (`loadgen --profile loadprofiles/default.json --simulate 7d
--start 2026-11-30T00:00:00Z`, seed 42: 194,207 lines) into a temporary directory. Prints
each figure with the README passage it belongs to, in the README's order. Installs duckdb from
PyPI into the plots' private virtual environment (.build/plots-venv) the first time. Not run in
CI: the figures are examples, written into the README by hand after a change to the data.
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data_plots import ROOT, ensure_packages, simulate  # noqa: E402


def week(loadgen, out):
    simulate(loadgen, out, "--profile", os.path.join(ROOT, "loadprofiles/default.json"),
             "--simulate", "7d", "--start", "2026-11-30T00:00:00Z")


def shares(db, sql, digits=1):
    """`sql` returns (label, count) rows: their shares in percent, in the rows' order."""
    rows = db.execute(sql).fetchall()
    total = sum(n for _, n in rows)
    return ", ".join(f"{label} {round(100 * n / total, digits)}" for label, n in rows)


def report(db):
    db.execute("""create view orders as
        select order_id, any_value(line_count) as line_count, any_value(session_id) as session_id,
               any_value(user_id) as user_id, any_value(timestamp) as timestamp,
               any_value(customer_since) as customer_since, any_value(order_shipping) as shipping,
               any_value(user_location.country) as country, any_value(device_info.type) as device,
               any_value(marketing_attribution.channel) as channel,
               -- a session id is sess_<the visit's start, unix seconds>_user<id>
               cast(split_part(any_value(session_id), '_', 2) as bigint) as visit_start
        from week group by order_id""")
    lines, orders = db.execute("select (select count(*) from week), (select count(*) from orders)").fetchone()
    print(f"the week: {lines:,} lines, {orders:,} orders")
    print("categories (lines):", shares(db, """select category_name, count(*) from week group by 1 order by
        list_position(['Electronics', 'Clothing', 'Books', 'Home & Garden', 'Sports & Outdoors', 'Beauty & Health', 'Toys & Games'], category_name)"""))
    print("payment methods (lines):", shares(db, """select payment_method, count(*) from week group by 1 order by
        list_position(['credit_card', 'debit_card', 'paypal', 'apple_pay', 'google_pay'], payment_method)"""))
    print("device type (visits):", shares(db, """select device_info.type, count(distinct session_id) from week group by 1 order by
        list_position(['mobile', 'desktop', 'tablet'], device_info.type)"""))
    print("quantity (lines):", shares(db, "select quantity, count(*) from week group by 1 order by 1"))
    print("discounted lines %:", db.execute("select round(100 * avg((discount_applied > 0)::int), 1) from week").fetchone()[0])
    print("countries (lines):", shares(db, """select user_location.country, count(*) from week group by 1 order by
        list_position(['US', 'CA', 'GB'], user_location.country)"""))
    print("lines per order (orders):", shares(db, "select line_count, count(*) from orders group by 1 order by 1"))
    areas, cities = db.execute("""select count(distinct user_location.country || ' ' || case user_location.country
            when 'US' then user_location.zip_code else split_part(user_location.zip_code, ' ', 1) end),
        count(distinct user_location.country || user_location.state || user_location.city) from week""").fetchone()
    print(f"geography: the lines came from {areas:,} postal areas in {cities:,} cities")
    open_visit, one_order = db.execute("""select
        round(100 * (count(*) - count(distinct session_id)) / count(*), 1),
        round(100 * (select avg((n = 1)::int) from (select count(*) as n from orders group by session_id)), 1)
        from orders""").fetchone()
    print(f"visits: {open_visit} % of orders in an already open visit; {one_order} % of visits hold one order")
    print("channels (lines):", shares(db, """select marketing_attribution.channel, count(*) from week group by 1 order by 2 desc"""))
    # The UK's clock is UTC in November and December, so a visit's local hour is its UTC hour.
    uk = db.execute("""select
        round(100 * avg((device = 'mobile')::int) filter (where hour(to_timestamp(visit_start)) < 6), 0),
        round(100 * avg((device = 'mobile')::int) filter (where hour(to_timestamp(visit_start)) between 9 and 16
            and isodow(to_timestamp(visit_start)) <= 5), 0),
        round(100 * avg((device = 'desktop')::int) filter (where hour(to_timestamp(visit_start)) between 9 and 16
            and isodow(to_timestamp(visit_start)) <= 5), 0)
        from orders where country = 'GB'""").fetchone()
    print(f"UK orders by the visit's local hour: mobile {uk[0]} % at 00-06, {uk[1]} % at 09-17 on weekdays (desktop {uk[2]} %)")
    customers, per, once, most = db.execute("""select count(*), round(avg(n), 2), round(100 * avg((n = 1)::int), 1), max(n)
        from (select user_id, count(*) as n from orders group by user_id)""").fetchone()
    print(f"customers: {customers:,} ordered, {per} orders each; {once} % ordered once, the busiest {most} times")
    signup = db.execute("""select round(100 * avg((customer_since = strftime(cast(timestamp as timestamp), '%Y-%m-%d'))::int), 1)
        from orders""").fetchone()[0]
    print(f"newcomers: {signup} % of orders come from customers on their signup day")
    print("free shipping: % of orders", db.execute("select round(100 * avg((shipping = 0)::int), 1) from orders").fetchone()[0])
    # By the hour the visit began (the campaign is drawn then).
    email = db.execute("""select
        round(100 * avg((channel = 'email')::int) filter (where hour(to_timestamp(visit_start)) < 6), 1),
        round(100 * avg((channel = 'email')::int) filter (where hour(to_timestamp(visit_start)) between 7 and 10), 1),
        round(100 * avg((channel = 'email')::int) filter (where hour(to_timestamp(visit_start)) between 17 and 20), 1)
        from orders where country = 'GB'""").fetchone()
    email_lines = db.execute("select round(100 * avg((marketing_attribution.channel = 'email')::int), 1) from week").fetchone()[0]
    print(f"email, UK orders by the visit's local hour: {email[0]} % at 00-06, {email[1]} % at 07-11, {email[2]} % at 17-21; "
          f"{email_lines} % of the week's lines")
    depths = db.execute("""select round(100 * discount_applied) as percent, round(100 * count(*) / (select count(*) from week), 1)
        from week where discount_applied > 0 group by 1 order by 1""").fetchall()
    print("discounts (% of lines):", ", ".join(f"{int(p)} % off on {s}" for p, s in depths))
    mixed = db.execute("""select round(100 * avg((n > 1)::int), 1) from
        (select order_id, count(distinct discount_applied) as n from week group by order_id having count(*) > 1)""").fetchone()[0]
    print(f"multi-line orders that mix discounts: {mixed} %")
    by_category = db.execute("""select category_name, round(100 * avg((discount_applied > 0)::int), 1),
        round(100 * avg(discount_applied) filter (where discount_applied > 0), 1)
        from week group by 1 order by 2 desc""").fetchall()
    print("discounted lines by category (% of its lines, mean percent off):",
          ", ".join(f"{c} {s} ({d})" for c, s, d in by_category))
    # In USD at the model's rates (GeographyData.swift), as RevenueTests counts it.
    top = db.execute("""with r as (select product_id, sum(price * quantity
            / case currency when 'CAD' then 1.36 when 'GBP' then 0.79 else 1 end) as revenue from week group by 1),
        ranked as (select revenue, row_number() over (order by revenue desc) as n, count(*) over () as products from r)
        select round(100 * sum(revenue) filter (where n <= products / 5) / sum(revenue), 1),
               round(100 * max(revenue) / sum(revenue), 1), round(100 * sum(revenue) filter (where n <= 10) / sum(revenue), 1)
        from ranked""").fetchone()
    print(f"revenue (USD): the best-selling fifth of the products {top[0]} %, the top product {top[1]} %, the top 10 {top[2]} %")


def main():
    args = sys.argv[1:]
    path = None
    if "--file" in args:
        i = args.index("--file")
        path = args[i + 1]
        del args[i:i + 2]
    ensure_packages(("duckdb",))
    import duckdb
    with tempfile.TemporaryDirectory() as tmp:
        if path is None:
            default = os.path.join(ROOT, ".build/release/loadgen")
            loadgen = args[0] if args else (default if os.path.exists(default) else os.path.join(ROOT, ".build/debug/loadgen"))
            path = os.path.join(tmp, "week.jsonl")
            week(loadgen, path)
        db = duckdb.connect()
        db.execute("set TimeZone = 'UTC'")  # the week's hours and dates are UTC's, whatever the machine's zone
        db.execute(f"create view week as select * from read_json_auto('{path}', maximum_object_size=1000000)")
        report(db)


if __name__ == "__main__":
    main()
