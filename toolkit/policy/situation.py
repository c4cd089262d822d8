"""The member's situation the verdicts depend on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Situation:
    region: str  # ISO 3166-1 alpha-2
    as_of: date
    birth_date: date | None = None  # unknown: treated as an adult
    opted_out_on: date | None = None  # the generative-AI setting switched off
    objection_filed_on: date | None = None  # the platform's data-processing objection form
    exported_on: date | None = None  # when the archive was made: every record in it existed then
    records_since: date | None = None  # no record can be older (the account's registration, else the platform's
    # launch): decides whether an undated record may have been made while the member was under 18

    def age_on(self, day: date) -> int | None:
        if self.birth_date is None:
            return None
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def adult_from(self, age: int) -> date | None:
        """The day the member turns `age`, if the birth date is known."""
        if self.birth_date is None:
            return None
        born = self.birth_date
        try:
            return born.replace(year=born.year + age)
        except ValueError:  # born on 29 February
            return date(born.year + age, 3, 1)

    @property
    def minor(self) -> bool:
        age = self.age_on(self.as_of)
        return age is not None and age < 18
