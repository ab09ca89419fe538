"""Print the load test's figures from locustfile.py's samples (LOADTEST_SAMPLES): requests per second, and
p50/p95/p99 (exact, by nearest rank) and errors per page, for the whole run and for the steady part after the
last simulated person signed in (signing in costs a deliberately slow password hash, and all sign in at once).

    python loadtest/summary.py var/loadtest/samples.json
"""
import json
import math
import sys
from collections import Counter, defaultdict

TARGET_P95_MS = 500


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def table(samples: list, title: str) -> list[str]:
    if not samples:
        return [f"{title}: no requests"]
    seconds = max(max(s[0] for s in samples) - min(s[0] for s in samples), 1)
    by_name = defaultdict(list)
    for sample in samples:
        by_name[sample[1]].append(sample)
    lines = [f"{title}: {len(samples)} requests in {seconds:.0f}s, {len(samples) / seconds:.1f} requests/s",
             f"  {'page':44} {'count':>6} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"]
    rows = sorted(by_name.items()) + [("ALL PAGES", samples)]
    for name, rows_of in rows:
        times = [s[2] for s in rows_of]
        errors = sum(1 for s in rows_of if not s[3])
        lines.append(f"  {name:44} {len(rows_of):>6} {errors:>6} {percentile(times, .5):>7.0f} "
                     f"{percentile(times, .95):>7.0f} {percentile(times, .99):>7.0f}")
    return lines


def summary(data: dict) -> str:
    samples = data["samples"]
    lines = table(samples, "Whole run")
    if data["signed_in_at"]:
        everyone_in = max(data["signed_in_at"])
        start = min(s[0] for s in samples)
        lines += ["", f"Everyone had signed in {everyone_in - start:.0f}s after the start "
                      f"({len(data['signed_in_at'])} people)."]
        lines += table([s for s in samples if s[0] > everyone_in], "After everyone signed in")
    errors = Counter((s[1], s[4]) for s in samples if not s[3])
    lines += ["", f"Errors: {sum(errors.values())}"] + [f"  {n} x {name}: {why}" for (name, why), n in errors.most_common()]
    pages = [s for s in samples if not s[1].startswith("sign in")]
    p95 = percentile([s[2] for s in pages], .95) if pages else None
    verdict = "met" if pages and p95 < TARGET_P95_MS and not errors else "MISSED"
    lines += ["", f"Target (0 errors; p95 under {TARGET_P95_MS} ms over every page but signing in, whole run): {verdict} "
                  f"(p95 {p95 if p95 is None else round(p95)} ms, {sum(errors.values())} errors)"]
    return "\n".join(lines)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as file:
        print(summary(json.load(file)))
