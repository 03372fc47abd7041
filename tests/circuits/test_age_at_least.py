"""age_at_least against a datetime reference around birthdays, leap days and the domain edges; forged witnesses."""
from __future__ import annotations

import datetime as dt
import random

import pytest
from _testlib import module_seed
from circuit.r1cs_check import first_failure, unchecked

from zkcred.circuits import age_at_least
from zkcred.circuit import UnsatisfiedError

R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
EPOCH = dt.date(1970, 1, 1)
SEED = module_seed(__name__)   # from ZKCRED_TEST_SEED (tests/_testlib.py)
print(f"test_age_at_least seed = {SEED:#x}")


def days(d: dt.date) -> int:
    return (d - EPOCH).days


def ref_age(birth: dt.date, today: dt.date) -> int:
    """Whole years: the textbook formula, independent of the circuit's ordinal construction."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def accepts(birth: dt.date, today: dt.date, age: int) -> bool:
    try:
        age_at_least.circuit().witness(age_at_least.inputs(days(birth), days(today), age))
        return True
    except UnsatisfiedError:
        return False


def _cases():
    births = [dt.date(2008, 2, 29), dt.date(2000, 2, 29), dt.date(1904, 2, 29), dt.date(2007, 2, 28),
              dt.date(2007, 3, 1), dt.date(1999, 12, 31), dt.date(2000, 1, 1), dt.date(1970, 1, 1),
              dt.date(1969, 12, 31), dt.date(1900, 3, 1), dt.date(2096, 2, 29)]
    out = []
    for b in births:
        for age in (0, 1, 3, 4, 17, 18, 21, 65, 100):
            try:
                anniv = b.replace(year=b.year + age)
            except ValueError:                     # 29 Feb in a common year
                anniv = dt.date(b.year + age, 3, 1)
            for delta in (-366, -2, -1, 0, 1, 2, 365):
                t = anniv + dt.timedelta(days=delta)
                if dt.date(1900, 3, 1) <= t <= dt.date(2100, 2, 28):
                    out.append((b, t, age))
    return out


def test_constraint_count():
    c = age_at_least.circuit()
    assert c.n_constraints == 212
    r = c.to_r1cs()
    assert (r.n_pub_out, r.n_pub_in, r.n_prv_in) == (0, 2, 1)


def test_public_inputs():
    assert age_at_least.circuit().public_inputs(age_at_least.inputs(0, 20000, 18)) == [20000, 18]


def test_birthdays_and_leap_days_match_reference():
    cases = _cases()
    assert len(cases) > 400
    both = set()
    for b, t, age in cases:
        expect = ref_age(b, t) >= age
        both.add(expect)
        assert accepts(b, t, age) == expect, (b, t, age)
    assert both == {True, False}


def test_feb29_rule_explicitly():
    b = dt.date(2008, 2, 29)
    assert not accepts(b, dt.date(2026, 2, 28), 18)     # common year: not yet on 28 Feb
    assert accepts(b, dt.date(2026, 3, 1), 18)          # ... but on 1 March
    assert accepts(b, dt.date(2028, 2, 29), 20)         # leap year: on 29 Feb
    assert not accepts(b, dt.date(2028, 2, 28), 20)


def test_random_dates_match_reference():
    rng = random.Random(SEED)
    lo, hi = days(dt.date(1900, 3, 1)), days(dt.date(2100, 2, 28))
    for _ in range(150):
        b = EPOCH + dt.timedelta(days=rng.randint(lo, hi))
        t = EPOCH + dt.timedelta(days=rng.randint(days(b) - 400, hi)) if rng.random() < 0.9 else b
        t = min(max(t, dt.date(1900, 3, 1)), dt.date(2100, 2, 28))
        age = max(0, min(255, ref_age(b, t) + rng.choice((-1, 0, 0, 1))))
        assert accepts(b, t, age) == (ref_age(b, t) >= age), (b, t, age)


def test_domain_edges_rejected():
    c = age_at_least.circuit()
    today = days(dt.date(2026, 1, 1))
    with pytest.raises(UnsatisfiedError, match="birth/date on or after 1900-03-01"):
        c.witness(age_at_least.inputs(days(dt.date(1900, 2, 28)), today, 18))
    with pytest.raises(UnsatisfiedError, match="today/date on or before 2100-02-28"):
        c.witness(age_at_least.inputs(0, days(dt.date(2100, 3, 1)), 18))
    with pytest.raises(UnsatisfiedError, match="min_age is 8-bit"):
        c.witness(age_at_least.inputs(0, today, 256))
    with pytest.raises(UnsatisfiedError, match="birth/date on or after"):
        c.witness(age_at_least.inputs(R - 10**6, today, 18))       # a "negative" huge date
    c.witness(age_at_least.inputs(days(dt.date(1900, 3, 1)), days(dt.date(2100, 2, 28)), 199))


def test_soundness_wrapped_age_difference():
    """A 17-year-old: the final difference K(today) - K(birth) - 366*18 is negative (wraps to r - k).
    Boolean bits cannot sum to it, and a non-boolean 'bit' holding it fails booleanity."""
    c = age_at_least.circuit()
    r1cs = c.to_r1cs()
    inp = age_at_least.inputs(days(dt.date(2008, 6, 1)), days(dt.date(2026, 5, 31)), 18)
    w = unchecked(c, inp)
    bad = first_failure(r1cs, w)
    assert bad is not None and "age >= min_age" in c.labels[bad]
    names = c.wire_names()
    bits = [k for k, nm in enumerate(names) if nm.startswith("age_at_least/age >= min_age")]
    assert len(bits) == 18
    k_diff = next(i for i, (a, b, cc) in enumerate(r1cs.constraints) if c.labels[i].endswith("fits in 18 bits"))
    a_lc = r1cs.constraints[k_diff][0]
    # value that the bits should sum to = -(a_lc without the bit terms)
    rest = sum(coef * w[i] for i, coef in a_lc if i not in bits) % R
    target = (-rest) % R
    assert target > R - 1000                              # the wrapped-around (negative) difference
    for pattern in ([(target >> i) & 1 for i in range(18)], [1] * 18, [target] + [0] * 17):
        forged = list(w)
        for k, v in zip(bits, pattern):
            forged[k] = v
        assert first_failure(r1cs, forged) is not None


def test_soundness_forged_calendar_decomposition():
    """Shift a whole 4-year cycle into the remainder (c - 1, r + 1461) or a year into the day (y - 1, d + 365):
    the date stays the same linear value but a range constraint on the decomposition fails."""
    c = age_at_least.circuit()
    r1cs = c.to_r1cs()
    inp = age_at_least.inputs(days(dt.date(2000, 6, 1)), days(dt.date(2026, 6, 1)), 18)
    w = unchecked(c, inp)
    assert first_failure(r1cs, w) is None
    names = c.wire_names()
    cyc, rem, yic = (names.index(f"age_at_least/birth/4-year cycle#{i}") for i in range(3))
    forged = list(w)
    forged[cyc] -= 1
    forged[rem] += 1461
    bad = first_failure(r1cs, forged)
    assert bad is not None and "birth/" in c.labels[bad]
    forged = list(w)
    forged[yic] = (forged[yic] - 1) % R
    assert first_failure(r1cs, forged) is not None


def test_verifier_public_inputs_match_witness():
    c = age_at_least.circuit()
    assert c.public_names() == ["today", "min_age"]
    for b, t, a in [(-20000, -100, 21), (0, 20000, 18)]:
        assert c.public_inputs(age_at_least.inputs(b, t, a)) == age_at_least.public_inputs(t, a)
