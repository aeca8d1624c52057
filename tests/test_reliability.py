"""Inter-coder reliability: Krippendorff's alpha against the published worked example, the bootstrap, the project."""
from __future__ import annotations

import math

import pytest

from analysis import book, reliability
from helpers import edit, rows

NAN = math.nan
#: Krippendorff (2011), "Computing Krippendorff's alpha-reliability": four observers, twelve units, values 1-5.
EXAMPLE = [[1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
           [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
           [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
           [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN]]


@pytest.mark.parametrize("level,published", [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)])
def test_alpha_reproduces_the_published_worked_example(level, published):
    import krippendorff
    assert round(krippendorff.alpha(reliability_data=EXAMPLE, level_of_measurement=level), 3) == published


def test_alpha_of_two_coders():
    assert reliability.alpha([0, 1, 2, 3], [0, 1, 2, 3]) == 1.0
    assert reliability.alpha([0, 1, 2, 3], [3, 2, 1, 0]) < 0
    assert math.isnan(reliability.alpha([2, 2], [2, 2]))            # no variation: undefined
    assert reliability.agreement([0, 1, 2], [0, 1, 3]) == pytest.approx(0.667)


def test_bootstrap_interval_is_seeded_and_brackets_alpha():
    a, b = [0, 1, 2, 3, 1, 2, 3, 0, 2, 1], [0, 1, 2, 2, 1, 3, 3, 0, 2, 0]
    lo, hi = reliability.bootstrap_interval(a, b, draws=300)
    assert (lo, hi) == reliability.bootstrap_interval(a, b, draws=300)
    assert lo <= reliability.alpha(a, b) <= hi


def test_multinomial_draws_give_the_interval_of_resampling_units():
    """The bootstrap draws pair counts from a multinomial; resampling the units themselves gives the same interval."""
    import numpy as np
    a = np.array([0, 1, 2, 3, 1, 2, 3, 0, 2, 1, 3, 3, 2, 0, 1, 2, 2, 3, 1, 0])
    b = np.array([0, 1, 2, 2, 1, 3, 3, 0, 2, 0, 3, 2, 2, 1, 1, 2, 3, 3, 1, 0])
    rng = np.random.default_rng(7)
    idx = rng.integers(0, len(a), size=(20000, len(a)))
    counts = np.zeros((20000, 16))
    np.add.at(counts, (np.repeat(np.arange(20000), len(a)), (a[idx] * 4 + b[idx]).ravel()), 1)
    values = reliability.ordinal_alpha_from_pairs(counts.reshape(-1, 4, 4))
    lo, hi = np.percentile(values[~np.isnan(values)], [2.5, 97.5])
    ours = reliability.bootstrap_interval(a, b, draws=20000)
    assert ours == pytest.approx((lo, hi), abs=0.02)


def test_project_reliability_table():
    t = book.reliability_table().frame.set_index("judgements")
    assert t.loc["all judgements", "units"] == sum(t.loc[k, "units"] for k in reliability.KINDS if k in t.index)
    assert -1 <= t.loc["all judgements", "alpha (ordinal)"] <= 1
    adj = book.adjudication_table().frame
    assert len(adj) == t.loc["all judgements", "disagreements"]
    assert (adj["first"] != adj["second"]).all()


def test_every_judgement_of_a_twice_coded_case_has_an_adjudication_row(data_copy):
    from analysis.validate import validate_package
    from helpers import write
    path = data_copy / "cases" / "hefei-brt-shelter-collapse" / "adjudication.csv"
    recs = rows(path)
    write(path, recs[1:])
    got = [(p.row, p.column, p.code) for p in validate_package(data_copy)]
    assert (1, "judgement_id", "adjudication") in got


def test_a_challenged_coding_is_still_valid(data_copy):
    """A reader may recode a judgement in coding.csv; the adjudication log keeps the adjudicator's decision."""
    from analysis.validate import validate_package
    from helpers import set_strength
    set_strength(data_copy, "hefei-brt-shelter-collapse", "support", "all", 3)
    assert validate_package(data_copy) == []


def test_closed_form_equals_the_package():
    import numpy as np
    rng = np.random.default_rng(1)
    for _ in range(20):
        a = rng.integers(0, 4, 40)
        b = np.clip(a + rng.integers(-1, 2, 40), 0, 3)
        pairs = np.zeros((4, 4))
        np.add.at(pairs, (a, b), 1)
        assert float(reliability.ordinal_alpha_from_pairs(pairs)) == pytest.approx(reliability.alpha(a, b), abs=0.0006)
