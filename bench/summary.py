"""`make bench`, last part: one table of everything the parts before it measured (read from
bench/out/bench-*.json): every page beside the admin on equal terms, the district PDF, the
imports. A part that did not run is left out."""

from __future__ import annotations

import json
import os
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def _load(name: str):
    path = OUT / f"bench-{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def rows() -> list[tuple[str, str, str, str, str, str, str]]:
    table = []
    for page in _load("pages") or []:
        table.append((f"page: {page['name']}", f"{page['ms']:.1f} ms",
                      f"admin {page['admin_ms']:.1f} ms", f"{page['ratio']:.2f}",
                      f"{page['queries_50']} / {page['queries_500']}", "≤ 1.00, equal",
                      "yes" if page["met"] else "NO"))
    for pdf in _load("evaluation") or []:
        outside = (pdf["total"] - pdf["weasyprint"]) / pdf["total"]
        table.append((f"PDF summary: {pdf['label']}", f"{pdf['total']:.2f} s",
                      f"{pdf['peak_mb']:.0f} MB peak", f"{outside:.0%} outside",
                      f"{pdf['queries']}", "< 10 s, < 25%, < 500 MB" if pdf["schools"] >= 500
                      else "—", "yes" if pdf["met"] else "NO"))
    for kind, figures in (_load("imports") or {}).items():
        engine, resource, floor = figures["engine"], figures["resource"], figures["floor"]
        table.append((f"import: {kind} ({figures['rows']} rows)", f"{engine['seconds']:.2f} s",
                      f"resource {resource['seconds']:.2f} s, floor {floor['seconds']:.2f} s",
                      f"{resource['seconds'] / engine['seconds']:.1f}× / "
                      f"{engine['seconds'] / floor['seconds']:.2f}×",
                      f"{engine['peak_mb']:.0f} MB", "≥ 5× / ≤ 2×, < 300 MB",
                      "yes" if figures["met"] else "NO"))
    return table


def main() -> None:
    table = rows()
    if not table:
        return
    headers = ("measured", "value", "compared with", "ratio", "queries 50/500 or size",
               "target", "met")
    widths = [max(len(h), *(len(r[i]) for r in table)) for i, h in enumerate(headers)]
    load = os.getloadavg()[0]
    print(f"\nSummary ({os.cpu_count()} cores, load average {load:.1f} at the end):\n")
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in table:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    missed = [r[0] for r in table if r[-1] == "NO"]
    print(f"\nOff target: {', '.join(missed) if missed else 'none'}")


if __name__ == "__main__":
    main()
