"""One row of the benchmark's table, and the table."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    measured: str
    baseline: str = ""  # what it is compared with, in the same run
    ratio: float | None = None
    bar: str = ""
    ok: bool | None = None  # None: a figure printed for information, with no bar
    # A bar of speed, not of correctness: at the quick scale it is printed, not enforced.
    speed: bool = False

    def result(self, *, enforce_speed: bool) -> str:
        if self.ok is False and self.speed and not enforce_speed:
            return "missed (not enforced at this scale)"
        return {True: "ok", False: "MISSED", None: ""}[self.ok]


COLUMNS = ("figure", "measured", "baseline", "ratio", "bar", "")


def table(figures: list[Figure], *, enforce_speed: bool = True) -> str:
    rows = [COLUMNS] + [(f.name, f.measured, f.baseline,
                         "" if f.ratio is None else f"{f.ratio:.2f}", f.bar,
                         f.result(enforce_speed=enforce_speed)) for f in figures]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
             .rstrip() for row in rows]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def missed(figures: list[Figure], *, enforce_speed: bool) -> list[Figure]:
    return [f for f in figures if f.ok is False and (enforce_speed or not f.speed)]


def at_least(ratio: float, bar: float) -> tuple[str, bool]:
    return f">= {bar:.2f}", ratio >= bar


def at_most(ratio: float, bar: float) -> tuple[str, bool]:
    return f"<= {bar:.2f}", ratio <= bar
