"""Make ``src/coursekit/data/borders.json`` from Natural Earth (via npm's ``world-atlas``).

Not run at test time. Natural Earth's data are public domain; ``world-atlas`` (ISC) ships
them as TopoJSON. Usage::

    npm install --prefix /tmp/wa world-atlas
    .venv/bin/python tools/natural_earth_borders.py /tmp/wa/node_modules/world-atlas 50m

An arc of the ``countries`` object used by two countries is a land border; an arc used by
one is a coastline (or a border with a country outside the data, which Natural Earth does
not have). Both are clipped to :data:`BOX` and rounded to 0.01°.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

BOX = (28.0, 24.0, 58.0, 44.0)  # lon min, lat min, lon max, lat max: Levant to Iran
OUT = Path(__file__).resolve().parents[1] / "src" / "coursekit" / "data" / "borders.json"


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc of a quantized TopoJSON topology."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def arc_uses(geometries: list[dict]) -> Counter:
    """How many polygons use each arc (a negative index ``~i`` means arc i reversed)."""
    uses: Counter = Counter()

    def walk(item):
        if isinstance(item, int):
            uses[item if item >= 0 else ~item] += 1
        else:
            for sub in item:
                walk(sub)

    for geometry in geometries:
        walk(geometry.get("arcs", []))
    return uses


def clip(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Pieces of a polyline inside BOX (one point kept beyond the edge at each end)."""
    x0, y0, x1, y1 = BOX
    inside = [x0 <= x <= x1 and y0 <= y <= y1 for x, y in points]
    pieces, current = [], []
    for i, point in enumerate(points):
        near = inside[i] or (i > 0 and inside[i - 1]) or (i + 1 < len(points) and inside[i + 1])
        if near:
            current.append(point)
        elif current:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return [piece for piece in pieces if len(piece) > 1]


def rounded(piece: list[tuple[float, float]]) -> list[float]:
    """A flat [lon, lat, lon, lat, ...] list rounded to 0.01°, without repeated points."""
    flat: list[float] = []
    last = None
    for x, y in piece:
        point = (round(x, 2), round(y, 2))
        if point != last:
            flat.extend(point)
            last = point
    return flat


def main(folder: str, scale: str = "50m") -> None:
    topo = json.loads((Path(folder) / f"countries-{scale}.json").read_text())
    arcs = decode_arcs(topo)
    uses = arc_uses(topo["objects"]["countries"]["geometries"])
    lines: dict[str, list[list[float]]] = {"border": [], "coast": []}
    for i, points in enumerate(arcs):
        kind = "border" if uses[i] > 1 else "coast"
        for piece in clip(points):
            flat = rounded(piece)
            if len(flat) >= 4:
                lines[kind].append(flat)
    data = {
        "source": f"Natural Earth {scale} admin-0 countries (public domain), via the npm "
                  "package world-atlas (ISC); clipped and rounded by "
                  "tools/natural_earth_borders.py",
        "box": list(BOX),
        **lines,
    }
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(OUT, OUT.stat().st_size, "bytes;", {k: len(v) for k, v in lines.items()})


if __name__ == "__main__":
    main(*sys.argv[1:])
