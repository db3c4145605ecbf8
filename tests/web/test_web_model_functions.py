"""The web's model pages grouped by the four procuratorial functions and minors (issue 15)."""

from __future__ import annotations

from web_support import WebProject, username

from jiancha.casebook.accounts import Role


def test_models_page_groups_by_function_and_filters(web: WebProject) -> None:
    analyst = web.client(username(Role.ANALYST, True))
    text = analyst.get("/models").text
    headings = [
        h for h in ("刑事检察", "民事检察", "公益诉讼检察", "未成年人检察") if f">{h} <" in text
    ]
    assert headings == ["刑事检察", "民事检察", "公益诉讼检察", "未成年人检察"]
    assert text.index("custody.bail_overdue") < text.index("pil.benefit_paid_in_prison")
    assert text.index("pil.benefit_paid_in_prison") < text.index(
        "minors.hotel_minor_alone_at_night"
    )
    only = analyst.get("/models?domain=公益诉讼检察").text
    assert "pil.land_price_unpaid" in only and "custody.bail_overdue" not in only
    assert "minors.hotel_minor_alone_at_night" not in only
    minors = analyst.get("/models?domain=minors").text
    assert "minors.conditional_probation_undecided" in minors and "pil." not in minors
    # an unknown selector shows the whole catalogue
    assert "custody.bail_overdue" in analyst.get("/models?domain=nothing").text


def test_the_models_are_listed_by_name_not_by_id(web: WebProject) -> None:
    """Issue 12's walk: the list's first column was the model's id (custody.bail_overdue),
    an internal name. The title is the link; the id stays in the address only."""
    import re

    text = web.client(username(Role.PROSECUTOR, True)).get("/models").text
    assert '<a href="/models/custody.bail_overdue">取保候审超期</a>' in text
    visible = re.sub(r"<[^>]+>", " ", text)
    assert "custody.bail_overdue" not in visible and "_overdue" not in visible
