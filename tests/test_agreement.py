"""Coding practice: ``python -m analysis agreement FILE --case CASE_ID`` against a hand computation, the sample file,
the table of differences, and every kind of bad input (file:row:column, exit code 2)."""
from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from analysis import reliability
from analysis.__main__ import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "teaching" / "sample-coding-hefei.csv"
HEFEI = "hefei-brt-shelter-collapse"
HEADER = "category_id,party,strength,fact_ids,rationale\n"

#: The tiny example: five (category, party) cells, the student's strength and the book's.
TINY = [("benefit_hoarding", "all", 0, 0), ("participation_gap", "all", 1, 1), ("support", "all", 2, 2),
        ("short_time_horizon", "all", 3, 2), ("goal_loss", "all", 3, 3)]


@pytest.fixture()
def tiny_data(tmp_path: Path) -> Path:
    """A data directory with the project's codebook and one case, ``tiny-case``, coded on the five cells of TINY."""
    data = tmp_path / "data"
    (data / "codebook").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "codebook" / "categories.csv", data / "codebook" / "categories.csv")
    case = data / "cases" / "tiny-case"
    case.mkdir(parents=True)
    lines = ["judgement_id,category_id,party,strength,fact_ids,rationale"]
    lines += [f"TC-C0{i},{c},{p},{b},TC-0{i},Book reason {i}." for i, (c, p, _, b) in enumerate(TINY, start=1)]
    (case / "coding.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(["agreement", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def printed_alpha(out: str) -> float:
    """The number on the one line that has the word alpha and ends in a number."""
    values = [float(m.group(1)) for x in out.splitlines() if (m := re.search(r"\balpha\b.*: (-?[0-9.]+)$", x))]
    assert len(values) == 1, out
    return values[0]


def test_alpha_equals_a_hand_computation(tiny_data, tmp_path, capsys):
    """Five units, student then book: (0,0), (1,1), (2,2), (3,2), (3,3).

    Coincidence matrix (each unit contributes both ordered pairs of its two values)::

              0  1  2  3   n_c
          0   2  0  0  0    2
          1   0  2  0  0    2
          2   0  0  2  1    3
          3   0  0  1  2    3      n = 10

    Ordinal distance: delta(c, k) = (n_c + ... + n_k - (n_c + n_k) / 2) ** 2, so
    delta(0,1) = (4 - 2) ** 2 = 4, delta(0,2) = (7 - 2.5) ** 2 = 20.25, delta(0,3) = (10 - 2.5) ** 2 = 56.25,
    delta(1,2) = (5 - 2.5) ** 2 = 6.25, delta(1,3) = (8 - 2.5) ** 2 = 30.25, delta(2,3) = (6 - 3) ** 2 = 9.

    Observed disagreement D_o = sum of o_ck * delta(c, k) = o_23 * 9 + o_32 * 9 = 18.
    Expected disagreement D_e = sum over c != k of n_c * n_k * delta(c, k)
    = 2 * (4*4 + 6*20.25 + 6*56.25 + 6*6.25 + 6*30.25 + 9*9) = 2 * 775 = 1550.
    alpha = 1 - (n - 1) * D_o / D_e = 1 - 9 * 18 / 1550 = 1 - 162 / 1550 = 0.89548..., printed as 0.895.
    Raw agreement: 4 of 5 units, 0.800.
    """
    hand = 1 - 9 * 18 / 1550
    student = tmp_path / "student.csv"
    student.write_text(HEADER + "".join(f"{c},{p},{s},,\n" for c, p, s, _ in TINY), encoding="utf-8")
    code, out, err = run(capsys, student, "--case", "tiny-case", "--data-dir", tiny_data)
    assert code == 0, err
    assert printed_alpha(out) == round(hand, 3) == 0.895
    import krippendorff                                                   # the pinned package agrees
    pkg = krippendorff.alpha(reliability_data=[[s for *_, s, _ in TINY], [b for *_, b in TINY]],
                             level_of_measurement="ordinal")
    assert pkg == pytest.approx(hand, abs=1e-12)
    assert reliability.ordinal_alpha_from_pairs(_pairs(TINY)) == pytest.approx(hand, abs=1e-12)
    assert "raw agreement: 0.800 (4 of 5 cells the same)" in out
    assert "matched units (category, party): 5" in out
    diff = _difference_rows(out)
    assert diff == [("short_time_horizon", "all", "3", "2", "TC-C04", "TC-04")]
    assert "Book reason 4." in out


def _pairs(units):
    import numpy as np
    m = np.zeros((4, 4))
    for *_, s, b in units:
        m[s, b] += 1
    return m


def _difference_rows(out: str) -> list[tuple[str, ...]]:
    """The rows of the printed table of differences: (category, party, you, book, judgement, facts)."""
    lines = out.splitlines()
    start = next(i for i, x in enumerate(lines) if x.startswith("Cells where you and the book differ"))
    rows = []
    for line in lines[start + 3:]:
        if not line.strip():
            break
        if line.startswith("      "):                                   # the book's rationale under a row
            continue
        rows.append(tuple(line.split()))
    return rows


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(x for x in f if not x.startswith("#")))


def test_sample_file_alpha_and_differences(capsys):
    """The sample's printed alpha is reliability.alpha over the matched pairs; the table lists exactly the differing cells."""
    student = {(r["category_id"], r["party"]): int(r["strength"]) for r in _read(SAMPLE)}
    book = _read(ROOT / "data" / "cases" / HEFEI / "coding.csv")
    matched = [(student[(b["category_id"], b["party"])], int(b["strength"]), b) for b in book
               if (b["category_id"], b["party"]) in student]
    code, out, err = run(capsys, SAMPLE, "--case", HEFEI)
    assert code == 0, err
    expected = reliability.alpha([s for s, _, _ in matched], [b for _, b, _ in matched])
    assert printed_alpha(out) == expected
    assert f"matched units (category, party): {len(matched)}" in out
    assert f"raw agreement: {reliability.agreement([s for s, _, _ in matched], [b for _, b, _ in matched]):.3f}" in out
    differing = [(b["category_id"], b["party"], str(s), b["strength"], b["judgement_id"], b["fact_ids"])
                 for s, bs, b in matched if s != bs]
    assert differing and _difference_rows(out) == differing
    # the sample is a constructed example that differs on a few cells, codes one cell the book lacks, leaves one out
    assert 2 <= len(differing) <= 6
    assert "Coded by you but not by the book, so not part of alpha (1):" in out
    assert re.search(r"^\s+\d+\s+support\s+purchaser\s+2$", out, re.M)
    assert "Coded by the book but left out by you, so not part of alpha (1):" in out
    assert re.search(r"^\s+HF-C13\s+capability\s+users\s+0$", out, re.M)
    assert "not a real student" in SAMPLE.read_text(encoding="utf-8").splitlines()[0]


def test_full_prints_the_whole_rationale(capsys):
    book = {r["judgement_id"]: r["rationale"] for r in _read(ROOT / "data" / "cases" / HEFEI / "coding.csv")}
    _, short, _ = run(capsys, SAMPLE, "--case", HEFEI)
    ids = [row[4] for row in _difference_rows(short)]
    _, full, _ = run(capsys, SAMPLE, "--case", HEFEI, "--full")
    flat = lambda s: " ".join(s.split())                                   # noqa: E731
    assert all(flat(book[i]) in flat(full) for i in ids)
    assert not all(flat(book[i]) in flat(short) for i in ids)


def test_output_does_not_depend_on_row_order(tmp_path, capsys):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    shuffled = tmp_path / "shuffled.csv"
    shuffled.write_text("".join(lines[:2] + lines[:1:-1]), encoding="utf-8")
    out1 = run(capsys, SAMPLE, "--case", HEFEI)[1]
    out2 = run(capsys, shuffled, "--case", HEFEI)[1]
    strip = lambda s: [x for x in s.splitlines()[1:] if not re.match(r"^\s+\d+\s+support", x)]  # noqa: E731
    assert strip(out1) == strip(out2)


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "student.csv"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("text,row,column,words", [
    ("category_id,party,fact_ids\ngoal_loss,all,HF-13\n", 1, "strength", "missing column"),
    ("party,strength\nall,3\n", 1, "category_id", "missing column"),
    ("# comment line\ncategory_id,strength\ngoal_loss,3\n", 2, "party", "missing column"),
    (HEADER + "goal_loss,all,4,,\n", 2, "strength", "'4' is not a strength"),
    (HEADER + "goal_loss,all,,,\n", 2, "strength", "'' is not a strength"),
    (HEADER + "goal_loss,all,2.5,,\n", 2, "strength", "'2.5' is not a strength"),
    (HEADER + "goal_loss,all,-1,,\n", 2, "strength", "'-1' is not a strength"),
    (HEADER + "goal_loss,all,3,,\nvalue,all,1,,\ngoal_loss,all,2,,\n", 4, "category_id", "coded twice, also in row 2"),
    (HEADER + "goal_loss,all,3,,\npublic_losses,all,1,,\n", 3, "category_id", "unknown category 'public_losses'"),
    (HEADER + "public_character,all,1,,\n", 2, "category_id", "is a strategy"),
    (HEADER + "goal_loss,everyone,1,,\n", 2, "party", "'everyone' is not one of"),
    (HEADER + "goal_loss,all,1,HF-13,Reason.,extra\n", 2, "-", "the row has 6 cells but the header has 5"),
    (HEADER + "goal_loss,all\n", 2, "strength", "'' is not a strength"),
])
def test_bad_input_names_file_row_and_column(tmp_path, capsys, text, row, column, words):
    path = _write(tmp_path, text)
    code, out, err = run(capsys, path, "--case", HEFEI)
    assert code == 2
    assert out == ""
    assert f"error: {path}:{row}:{column}: " in err
    assert words in err


def test_every_bad_row_is_reported_at_once(tmp_path, capsys):
    path = _write(tmp_path, HEADER + "goal_loss,all,9,,\nnope,all,1,,\ngoal_loss,all,3,,\n")
    code, _, err = run(capsys, path, "--case", HEFEI)
    assert code == 2
    assert ":2:strength: " in err and ":3:category_id: " in err


def test_unknown_case_and_missing_file(tmp_path, capsys):
    code, out, err = run(capsys, SAMPLE, "--case", "no-such-case")
    assert code == 2 and out == ""
    assert "data/cases/no-such-case/coding.csv: unknown case 'no-such-case'" in err and HEFEI in err
    code, _, err = run(capsys, tmp_path / "absent.csv", "--case", HEFEI)
    assert code == 2 and "absent.csv: no such file" in err
    code, _, err = run(capsys, tmp_path, "--case", HEFEI)
    assert code == 2 and f"error: {tmp_path}: cannot be read" in err
    latin = tmp_path / "gbk.csv"
    latin.write_bytes((HEADER + "goal_loss,all,3,,\u5408\u80a5\n").encode("gbk"))
    code, _, err = run(capsys, latin, "--case", HEFEI)
    assert code == 2 and f"error: {latin}: not UTF-8 text" in err


def test_spreadsheet_conventions_are_accepted(tmp_path, capsys):
    """A byte-order mark, CRLF line ends, omitted trailing empty cells and extra columns are fine."""
    path = tmp_path / "excel.csv"
    path.write_bytes(("\ufeff" + "category_id,party,strength,fact_ids,rationale,my_notes\r\n"
                      "goal_loss,all,3,HF-13,Reason.,note\r\nvalue,all,1\r\n").encode("utf-8"))
    code, out, err = run(capsys, path, "--case", HEFEI)
    assert code == 0, err
    assert "matched units (category, party): 2" in out


def test_case_not_coded_yet(tiny_data, capsys):
    (tiny_data / "cases" / "tiny-case" / "coding.csv").write_text(
        "judgement_id,category_id,party,strength,fact_ids,rationale\n", encoding="utf-8")
    code, _, err = run(capsys, SAMPLE, "--case", "tiny-case", "--data-dir", tiny_data)
    assert code == 2 and "not coded yet" in err


def test_no_variation_prints_alpha_undefined(tiny_data, tmp_path, capsys):
    path = _write(tmp_path, HEADER + "benefit_hoarding,all,0,,\n")
    code, out, _ = run(capsys, path, "--case", "tiny-case", "--data-dir", tiny_data)
    assert code == 0
    assert "Krippendorff's alpha (ordinal): undefined" in out
    assert "Coded by the book but left out by you, so not part of alpha (4):" in out


def test_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path, capsys):
    """Comment and blank lines count as rows; a quoted rationale over two lines is one row."""
    path = _write(tmp_path, "# my coding\n\n" + HEADER + 'goal_loss,all,3,HF-13,"two\nlines"\n\nvalue,all,7,,\n')
    code, _, err = run(capsys, path, "--case", HEFEI)
    assert code == 2
    assert f"error: {path}:6:strength: '7' is not a strength" in err
