"""Rebuild gbt4754_2017.csv from the transcribed pages in raw/ (tab-separated: code, name, note).

The raw pages are a transcription of zmshe/capital src/utils/category.js (see README.md).
Fixes applied here, each one checked against the standard's structure:
- a class whose group (3 digits) has no row of its own gets a group row with the class's name
  (the standard prints such a group and its single class on one line, e.g. 019 0190 其他农业);
- the source lists 飞机制造 as a second group 374; it is class 3741 (fixed in raw/p04.tsv).
Run: python data/industry/build_class_table.py
"""
import csv
import pathlib

HERE = pathlib.Path(__file__).parent
SECTIONS = [  # (letter, first division, last division)
    ("A", 1, 5), ("B", 6, 12), ("C", 13, 43), ("D", 44, 46), ("E", 47, 50), ("F", 51, 52),
    ("G", 53, 60), ("H", 61, 62), ("I", 63, 65), ("J", 66, 69), ("K", 70, 70), ("L", 71, 72),
    ("M", 73, 75), ("N", 76, 79), ("O", 80, 82), ("P", 83, 83), ("Q", 84, 85), ("R", 86, 90),
    ("S", 91, 96), ("T", 97, 97),
]
LEVELS = {1: "section", 2: "division", 3: "group", 4: "class"}


def section_of_division(div: int) -> str:
    for letter, lo, hi in SECTIONS:
        if lo <= div <= hi:
            return letter
    raise ValueError(div)


def main() -> None:
    rows = []
    for page in sorted((HERE / "raw").glob("p*.tsv")):
        for line in page.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            code, name, note = (line.split("\t") + ["", ""])[:3]
            rows.append((code.strip(), name.strip(), note.strip()))
    seen = {code for code, _, _ in rows}
    out = []
    for code, name, note in rows:
        if len(code) == 4 and code[:3] not in seen:
            out.append((code[:3], name, ""))
            seen.add(code[:3])
        out.append((code, name, note))
    codes = [c for c, _, _ in out]
    assert len(codes) == len(set(codes)), "duplicate codes"
    with open(HERE / "gbt4754_2017.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["code", "level", "section", "name", "note"])
        for code, name, note in out:
            if code.isalpha():
                level, section = "section", code
            else:
                level, section = LEVELS[len(code)], section_of_division(int(code[:2]))
            w.writerow([code, level, section, name, note])


if __name__ == "__main__":
    main()
