"""The registers' casebook tables (migrations 0010 onward create them), on the casebook's
declarative base so that the check of tables against migrations covers them too."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jiancha.casebook.tables import Base


class InterferenceRecord(Base):
    """One record of a leader, an official or a colleague asking about or intervening in a
    case (防止干预司法“三个规定”). Never updated or deleted: the database refuses it (a
    trigger) and the row is on the signed ledger."""

    __tablename__ = "interference_record"
    __table_args__ = (
        Index("ix_interference_record_unit_at", "unit_code", "recorded_at"),
        Index("ix_interference_record_recorder", "recorder"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    unit_code: Mapped[str] = mapped_column(String(12))
    recorded_at: Mapped[datetime]
    recorder: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))  # leader / insider / contact
    intervener: Mapped[str] = mapped_column(String(128))
    intervener_post: Mapped[str] = mapped_column(String(256))
    target: Mapped[str] = mapped_column(String(128))
    case_ref: Mapped[str] = mapped_column(String(128))
    occurred_on: Mapped[date] = mapped_column(Date)
    manner: Mapped[str] = mapped_column(String(16))  # in_person / phone / note / other
    asked: Mapped[str] = mapped_column(Text)
    response: Mapped[str] = mapped_column(Text)
