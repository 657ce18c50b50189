"""Write kiemdiem_docs/data/widths.json: advance widths of Times New Roman's letters.

Read from Liberation Serif, which is metric-compatible with Times New Roman (the same
advance width for every character), so that the tool measures lines as Word and
LibreOffice will set them. Run: python scripts/make_widths.py [FONT_DIR] OUT.
"""

from __future__ import annotations

import json
import struct
import sys
import unicodedata
from pathlib import Path

STYLES = {"thuong": "Regular", "dam": "Bold", "nghieng": "Italic", "dam_nghieng": "BoldItalic"}
EXTRA = "“”‘’–—…«»•·√×"


def _tables(data: bytes) -> dict[str, bytes]:
    count = struct.unpack(">H", data[4:6])[0]
    out = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        out[tag.decode()] = data[offset:offset + length]
    return out


def _cmap(table: bytes) -> dict[int, int]:
    """Code point -> glyph, from the Windows Unicode (3, 1) format-4 subtable."""
    n = struct.unpack(">H", table[2:4])[0]
    for i in range(n):
        platform, encoding, offset = struct.unpack(">HHI", table[4 + 8 * i:12 + 8 * i])
        if (platform, encoding) == (3, 1):
            sub = table[offset:]
            break
    else:
        raise SystemExit("no (3, 1) cmap")
    segs = struct.unpack(">H", sub[6:8])[0] // 2
    arr = [struct.unpack(">H", sub[14 + 2 * i:16 + 2 * i])[0] for i in range(4 * segs + 1)]
    ends, starts = arr[:segs], arr[segs + 1:2 * segs + 1]
    deltas, ranges = arr[2 * segs + 1:3 * segs + 1], arr[3 * segs + 1:]
    out = {}
    base = 14 + 2 * (3 * segs + 1)  # where idRangeOffset[0] sits in the subtable
    for s in range(segs):
        for code in range(starts[s], ends[s] + 1):
            if code == 0xFFFF:
                continue
            if ranges[s] == 0:
                glyph = (code + deltas[s]) & 0xFFFF
            else:
                at = base + 2 * s + ranges[s] + 2 * (code - starts[s])
                glyph = struct.unpack(">H", sub[at:at + 2])[0]
                glyph = (glyph + deltas[s]) & 0xFFFF if glyph else 0
            if glyph:
                out[code] = glyph
    return out


def widths(path: Path) -> dict[str, object]:
    t = _tables(path.read_bytes())
    units = struct.unpack(">H", t["head"][18:20])[0]
    metrics = struct.unpack(">H", t["hhea"][34:36])[0]
    advances = [struct.unpack(">H", t["hmtx"][4 * i:4 * i + 2])[0] for i in range(metrics)]
    cmap = _cmap(t["cmap"])
    wanted = [c for c in range(0x20, 0x2000) if c in cmap and _wanted(chr(c))]
    wanted += [ord(c) for c in EXTRA if ord(c) in cmap]
    return {"don_vi": units,
            "rong": {chr(c): advances[min(cmap[c], metrics - 1)] for c in wanted}}


def _wanted(ch: str) -> bool:
    # ASCII, and every letter Vietnamese writes (a base letter with its marks).
    base = unicodedata.normalize("NFD", ch)[0]
    return ord(ch) < 0x7F or (base.isascii() and base.isalpha()) or ch in "đĐ"


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if len(argv) > 1 else Path("/usr/share/fonts/truetype/liberation2")
    out = Path(argv[-1])
    data = {style: widths(folder / f"LiberationSerif-{name}.ttf")
            for style, name in STYLES.items()}
    out.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                   + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
