"""age_at_least: the holder, born on a private day, is at least ``min_age`` years old on a public day ``today``.

Dates are days since 1970-01-01 (negative before 1970), as in the credential's birth-date attribute.
Public inputs (wire order): today, min_age. Private input: birth.

The rule (calendar age, the usual legal definition): the age in whole years on ``today`` is
``today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))``, and the predicate is
``age >= min_age``. Someone born on 29 February therefore turns a year older on 1 March in common years (on 29
February in leap years). Both dates must lie in the supported domain 1900-03-01 .. 2100-02-28 (days -25508 ..
47540), where the Gregorian leap rule is "every fourth year"; min_age must be in [0, 255].

How the circuit evaluates it, for each of the two dates:
- D = days + 25508 is the day count since 1900-03-01, range checked to [0, 73048];
- D = 1461 * c + r with r in [0, 1461) (c, r hinted, range checked): c counts whole 4-year cycles, each starting
  on 1 March of a year following a leap year, so the leap day is the last day of a cycle;
- r = 365 * y + d with y in [0, 3] and d in [0, 364], or y = 3 and d = 365 (29 February): y is the year in the
  cycle and d the day of the year counted from 1 March;
- K = 366 * (4c + y) + d + 60 is an ordinal with K = 366 * civil_year + key(month, day) (civil years counted
  from 1900), where key runs 0 .. 365 over 1 January .. 31 December with 29 February at 59 and 1 March at 60 in
  every year. (For January and February the civil year is the March-year plus one and key = d - 306, which
  gives the same K.)
Then age >= A  <=>  K(today) - K(birth) >= 366 * A, because |key(today) - key(birth)| <= 365 < 366.
Constraints: 212 (9 for min_age, 92 per date, 19 for the final comparison).
"""
from __future__ import annotations

from functools import lru_cache

from zkcred.bls12_381 import Fr
from zkcred.circuit import R, Circuit
from zkcred.circuit.builder import LC

__all__ = ["build", "circuit", "inputs", "public_inputs", "EPOCH_SHIFT", "DAY_MIN", "DAY_MAX", "D_MAX",
           "MAX_AGE_BITS"]

EPOCH_SHIFT = 25508           # 1970-01-01 minus 1900-03-01, in days
DAY_MIN, DAY_MAX = -25508, 47540   # 1900-03-01 and 2100-02-28 as days since 1970-01-01
D_MAX = DAY_MAX + EPOCH_SHIFT  # 73048
MAX_AGE_BITS = 8


def _cycle_hint(d_fr: Fr) -> list[Fr]:
    """(c, r, y) for D = 1461 c + r and r = 365 y + d. The value is read from Fr.to_bytes() as a small int
    (single machine word); division by public constants and a shift, no branch on the value. Out-of-domain
    values give garbage here and are rejected by the range checks, which come first."""
    b = d_fr.to_bytes()
    d = int.from_bytes(b[28:], "big")
    c = d // 1461
    r = d - 1461 * c
    q = r // 365                # 0..4 for r < 1461
    y = q - (q >> 2)            # min(q, 3)
    return [Fr(c), Fr(r), Fr(y)]


def _ordinal(c: Circuit, days: LC, which: str) -> LC:
    """K = 366 * civil_year + key(month, day) for a date given in days since 1970-01-01 (see the module doc)."""
    with c.scope(which):
        d = days + EPOCH_SHIFT
        c.range_check(d, 17, label="date on or after 1900-03-01")
        c.assert_less_eq(d, D_MAX, 17, label="date on or before 2100-02-28")
        cyc, rem, yic = c.hint(3, _cycle_hint, d, label="4-year cycle")
        c.range_check(cyc, 6, label="cycle is 6-bit")
        c.range_check(rem, 11, label="rest is 11-bit")
        c.assert_less_than(rem, 1461, 11, label="rest < 1461")
        c.assert_eq(cyc * 1461 + rem, d, label="D = 1461 c + r")
        y0, y1 = c.to_bits(yic, 2, label="year in cycle is 2-bit")
        doy = rem - yic * 365
        c.range_check(doy, 9, label="day of March-year is 9-bit")
        leap_year = c.mul(y0, y1, "year in cycle == 3 (leap)")
        c.assert_less_eq(doy, leap_year + 364, 9, label="day of March-year <= 364 + leap")
        return (cyc * 4 + yic) * 366 + doy + 60


def build() -> Circuit:
    """A fresh age_at_least circuit."""
    c = Circuit("age_at_least")
    today = c.public_input("today")
    min_age = c.public_input("min_age")
    birth = c.private_input("birth")
    c.range_check(min_age, MAX_AGE_BITS, label="min_age is 8-bit")
    k_today = _ordinal(c, today, "today")
    k_birth = _ordinal(c, birth, "birth")
    c.assert_less_eq(k_birth + min_age * 366, k_today, 18, label="age >= min_age")
    return c


@lru_cache(maxsize=1)
def circuit() -> Circuit:
    """The age_at_least circuit, built once."""
    return build()


def inputs(birth: object, today: int, min_age: int) -> dict[str, object]:
    """Witness inputs: birth (secret; days since 1970-01-01 as int or Fr), today (days), min_age (years)."""
    return {"birth": birth, "today": today, "min_age": min_age}


def public_inputs(today: int, min_age: int) -> list[int]:
    """The verifier's public-input vector (wire order: today, min_age); today may be negative (mod r)."""
    return [today % R, min_age % R]
