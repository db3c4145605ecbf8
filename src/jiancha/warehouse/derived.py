"""The tables jiancha derives for the models from the contract's tables.

No agency exports them and no one imports them: a stage computes them from rows already in
the warehouse (``sentence_estimate`` from ``judgment``, by :mod:`jiancha.text.estimates`),
so a model that needs more than SQL can say still reads plain tables, on any engine. Their
shape is defined here, in the warehouse stage, where every stage that writes or reads them
(and the tests that build a warehouse by hand) can reach it without importing the stage
that fills them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DerivedTable:
    name: str
    columns: tuple[tuple[str, str], ...]  # (name, SQL type), in order

    @property
    def column_names(self) -> list[str]:
        return [name for name, _ in self.columns]

    def ddl(self) -> str:
        columns = ", ".join(f'"{name}" {kind}' for name, kind in self.columns)
        return f'CREATE TABLE IF NOT EXISTS "{self.name}" ({columns})'


# Each sentenced judgment's sentence estimate, from its own facts (trial.sentence_outlier).
SENTENCE_ESTIMATE = DerivedTable(
    "sentence_estimate",
    (
        ("judgment_id", "VARCHAR"),
        ("row_hash", "VARCHAR"),
        ("estimate_months", "DOUBLE"),
        ("low_months", "DOUBLE"),
        ("high_months", "DOUBLE"),
        ("settled", "BOOLEAN"),
        ("tier", "VARCHAR"),
        ("basis", "VARCHAR"),
        ("model", "VARCHAR"),
    ),
)

# The project's working days (chinese-calendar and jiancha.toml's [calendar]), one row a day:
# the models read it for 刑诉法 art. 105 ¶4 (a period whose last day is a holiday ends on the
# next working day). ``next_working_day`` is the day itself when it is a working day, so the
# models look it up by equality (portable to Spark). Written by jiancha.warehouse.calendar.
WORK_CALENDAR = DerivedTable(
    "work_calendar",
    (("day", "DATE"), ("is_working_day", "BOOLEAN"), ("next_working_day", "DATE")),
)

DERIVED_TABLES: dict[str, DerivedTable] = {t.name: t for t in (SENTENCE_ESTIMATE, WORK_CALENDAR)}
