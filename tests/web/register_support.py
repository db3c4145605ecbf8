"""What the registers' web tests share: a hearing of HOME (made once per served project)."""

from __future__ import annotations

from datetime import date

from web_support import HOME, WebProject

from jiancha.casebook.registers import COMMAND_LINE
from jiancha.casebook.registers.supervisors import HearingInput

_HEARINGS: dict[int, int] = {}


def home_hearing(web: WebProject) -> int:
    """A planned hearing of HOME, its parties 张三 and 漳州某建材有限公司."""
    key = id(web.app)
    if key not in _HEARINGS:
        entry = HearingInput(
            HOME, "（2026）闽0602刑诉9号", "non_prosecution", date(2026, 3, 20), "本院听证室",
            ("张三", "漳州某建材有限公司"), 2,
        )  # fmt: skip
        work = web.app.state.bench.work
        _HEARINGS[key] = work.registers.supervisors.add_hearing(COMMAND_LINE, entry).id
    return _HEARINGS[key]
