"""A clue's finding in Chinese: the conclusion from its model's header, the comparison with
the decisive facts marked, the records described, the sources found empty, the matching."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from jiancha.casebook.finding import comparison, describe, finding, role_label
from jiancha.casebook.views import ClueView, EvidenceSnapshot
from jiancha.casebook.wording import cell_text, fact_text, plain_text
from jiancha.link.review import FieldEvidence, MentionMatch, match_fields
from jiancha.models import load_catalogue
from jiancha.models.hit import Evidence
from jiancha.schema import contract

MODEL = "execution.medical_parole_without_hospital"
FACTS = {"ruled_at": "2024-10-30", "window_start": "2024-10-30", "window_end": "2025-04-28"}


def _clue(facts: dict[str, object], model_id: str = MODEL) -> ClueView:
    at = datetime(2025, 6, 1, 9)
    return ClueView(
        number=7,
        fingerprint="f",
        model_id=model_id,
        model_version="2",
        domain="execution",
        title="因病暂予监外执行无住院记录",
        status="new",
        unit_code="350602",
        subject={"name": "王某某", "id_number": "350602198001011234", "prisoner_id": "P1"},
        facts=facts,
        legal_basis=(),
        evidence=(Evidence("execution_change", "BG00000073"),),
        first_seen_run="r1",
        last_seen_run="r1",
        first_seen_at=at,
        last_seen_at=at,
        resolved_at=None,
    )


SNAPSHOT = EvidenceSnapshot(
    "execution_change",
    "BG00000073",
    {
        "record_id": "BG00000073",
        "prisoner_id": "P1",
        "kind": "medical_parole",
        "reason": "illness",
        "ruled_at": "2024-10-30",
    },
    "r1",
)


def _header():  # type: ignore[no-untyped-def]
    model = load_catalogue().get(MODEL)
    assert model is not None
    return model.header


def test_the_finding_of_a_medical_parole_without_hospital_stay() -> None:
    found = finding(_clue(FACTS), _header(), {"days": 180}, [SNAPSHOT])
    assert found.conclusion == (
        "罪犯王某某于2024年10月30日以患有严重疾病为由被裁定暂予监外执行，裁定后180日内"
        "（2024年10月30日至2025年4月28日）无任何住院记录。"
    )
    by_name = {f.name: f for f in found.comparison}
    assert by_name["ruled_at"].label == "裁定日期" and by_name["ruled_at"].value == "2024年10月30日"
    assert [f.name for f in found.comparison if f.decisive] == ["ruled_at", "window_end"]
    assert [c.text for c in found.checked] == [
        "医保住院结算记录（医疗保障局），核查期间 2024年10月30日至2025年4月28日：无记录"
    ]
    (record,) = found.records
    assert record.source == "刑罚变更执行"
    assert (
        record.text == "暂予监外执行，裁定日期 2024年10月30日，罪犯编号 P1（记录编号 BG00000073）"
    )
    # no link run and the finding crosses two sources: the id numbers were compared
    assert "身份证号" in found.matching_note
    assert len(found.actions) >= 2 and found.document is not None
    assert found.document.title == "检察建议书" and "王某某" in found.document.request
    assert found.as_dict()["checked"][0]["text"].endswith("：无记录")


def test_parameters_the_run_used_win_over_the_defaults() -> None:
    found = finding(_clue(FACTS), _header(), {"days": 200}, [SNAPSHOT])
    assert found.conclusion is not None and "裁定后200日内" in found.conclusion


def test_a_template_naming_a_fact_the_clue_lacks_is_a_note_not_a_crash() -> None:
    found = finding(_clue({"ruled_at": "2024-10-30"}), _header(), {}, [SNAPSHOT])
    assert found.conclusion is None
    assert found.notes and MODEL in found.notes[0] and "window_start" in found.notes[0]
    # the comparison and the records are still shown
    assert [f.name for f in found.comparison] == ["ruled_at"] and found.records


def test_a_clue_of_a_model_no_longer_in_the_catalogue_still_shows_its_facts() -> None:
    found = finding(_clue({"penalty": "fixed_term"}, "gone.model"), None, {}, [SNAPSHOT])
    assert found.conclusion is None and found.actions == () and found.document is None
    assert [(f.label, f.value) for f in found.comparison] == [("penalty", "有期徒刑")]


def test_matches_from_the_link_stage_are_shown_per_person() -> None:
    match = MentionMatch(
        "execution_change", "BG00000073", "subject", "P-1", "deterministic", None, "身份证号一致"
    )
    found = finding(_clue(FACTS), _header(), {}, [SNAPSHOT], [match])
    assert [(m.source, m.role, m.basis) for m in found.matching] == [
        ("刑罚变更执行", "本人", "身份证号一致")
    ]
    assert found.matching_note == ""
    assert role_label("judgment", "defendant") == "被告人"


def test_how_a_probabilistic_match_is_said() -> None:
    fields = [
        FieldEvidence("name", "姓名", "完全一致", 9.1),
        FieldEvidence("birth_date", "出生日期", "一致", 8.2),
        FieldEvidence("gender", "性别", "一致", 1.0),
        FieldEvidence("id_number", "身份证号", "缺失", 0.0),
        FieldEvidence("address", "住址", "不同", -2.0),
        FieldEvidence("phone", "电话", "缺失", 0.0),
    ]
    assert match_fields(fields) == "姓名、出生日期、性别一致，住址不同，身份证号、电话缺失"
    near = [
        FieldEvidence("name", "姓名", "同音字", 4.6),
        FieldEvidence("gender", "性别", "一致", 1),
    ]
    assert match_fields(near) == "性别一致，姓名同音字"


def test_values_as_a_prosecutor_reads_them() -> None:
    assert fact_text("penalty", "fixed_term") == "有期徒刑"
    assert fact_text("circumstances", "plea;confession") == "认罪认罚、坦白"
    assert fact_text("extended_30_days", False) == "否"
    assert fact_text("amount_yuan", 65474) == "65,474.00元"
    assert fact_text("quick_ratio", 0.857) == "85.7%"
    assert fact_text("fields", "environment、food") == "生态环境、食品"
    assert fact_text("term_months", 12) == "12"
    assert fact_text("charge", "盗窃罪") == "盗窃罪"
    assert plain_text(None) == "—"
    judgment = contract().table("judgment")
    assert cell_text(judgment.column("procedure"), "summary") == "简易"
    assert cell_text(judgment.column("circumstances"), "plea;confession") == "认罪认罚、坦白"
    assert cell_text(judgment.column("confiscation"), False) == "否"
    assert cell_text(judgment.column("fine_yuan"), "5000") == "5,000.00元"
    assert cell_text(judgment.column("decided_at"), "2024-10-30") == "2024年10月30日"


def test_a_record_of_an_unknown_table_names_no_table() -> None:
    line = describe("no_such_table", "X1", {})
    assert line.source == "其他来源" and "no_such_table" not in line.text


# -- the limit and the excess ------------------------------------------------------------------


def _compared(model_id: str, facts: dict[str, object]) -> list[tuple[str, str, str, bool]]:
    model = load_catalogue().get(model_id)
    assert model is not None
    return [(f.name, f.label, f.value, f.decisive) for f in comparison(facts, model.header)]


def _decisive(rows: list[tuple[str, str, str, bool]]) -> list[str]:
    return [name for name, _, _, decisive in rows if decisive]


# a detention of 19 days against a limit of 14
DETAINED_19_OF_14 = {
    "start_at": "2024-01-01",
    "end_at": "2024-01-20",
    "detained_days": 19,
    "extension_days": None,
    "limit_days": 14,
    "extended_30_days": False,
}


def test_days_over_a_period_limit_are_a_decisive_row_after_the_limit() -> None:
    rows = _compared("custody.detention_overdue", DETAINED_19_OF_14)
    names = [r[0] for r in rows]
    assert names.index("excess_limit_days") == names.index("limit_days") + 1
    assert ("excess_limit_days", "超出期限", "5日", True) in rows
    assert _decisive(rows) == ["detained_days", "limit_days", "excess_limit_days"]


def test_an_amount_over_a_threshold_and_one_that_just_reaches_it() -> None:
    facts: dict[str, object] = {
        "offense": "theft",
        "amount_yuan": 4200,
        "threshold_yuan": 3000,
        "decided_at": "2024-03-01",
    }
    rows = _compared("filing.not_filed_above_threshold", facts)
    assert ("excess_threshold_yuan", "超出追诉标准", "1,200.00元", True) in rows
    # reaching the threshold is the hit (达到追诉标准): an excess of nothing, said so
    reached = _compared("filing.not_filed_above_threshold", {**facts, "amount_yuan": "3000"})
    assert ("excess_threshold_yuan", "超出追诉标准", "0.00元（恰好达到追诉标准）", True) in reached


def test_months_over_a_cap_and_below_a_floor() -> None:
    cap = _compared(
        "execution.commutation_amount_exceeds_cap",
        {"merit": "repentance", "reduction_months": 12, "cap_months": 9, "relaxation": "无"},
    )
    assert ("excess_cap_months", "超出上限", "3个月", True) in cap
    floor = _compared(
        "trial.probation_period_invalid",
        {"term_months": 12, "probation_months": 4, "min_months": 6, "max_months": 60},
    )
    assert ("excess_min_months", "低于法定下限", "2个月", True) in floor
    assert not any(r[0] == "excess_max_months" for r in floor)  # within the upper limit
    # a count over its limit takes the unit of the parameter it is (max_returns: 次)
    returns = _compared("custody.too_many_returns", {"returns": 3, "max_returns": 2})
    assert ("excess_max_returns", "超出次数上限", "1次", True) in returns


# a date past its deadline, or before the earliest day it was allowed
BAIL = {"start_at": "2023-01-01", "end_at": "2024-02-10", "deadline": "2024-01-02"}
# the date compared is the proposal, not the delivery the earliest day counts from
EARLY = {"delivered_at": "2022-01-01", "proposed_at": "2023-12-01", "earliest_at": "2024-01-01"}
# two deadlines, each with its own reply: the one replied late (the other not yet replied)
PETITION = {
    "received_at": "2024-01-01",
    "procedural_reply_at": "2024-01-30",
    "procedural_deadline": "2024-01-16",
    "result_deadline": "2024-03-31",
}


@pytest.mark.parametrize(
    ("model_id", "facts", "row"),
    [
        ("custody.bail_overdue", BAIL, ("excess_deadline", "超过期满日期", "39日", True)),
        (
            "execution.commutation_too_early",
            EARLY,
            ("excess_earliest_at", "早于最早可报请日期", "31日", True),
        ),
        (
            "management.petition_reply_overdue",
            PETITION,
            ("excess_procedural_deadline", "超过程序性回复期满日", "14日", True),
        ),
    ],
)
def test_a_date_past_a_deadline_or_before_the_earliest_day(
    model_id: str, facts: dict[str, object], row: tuple[str, str, str, bool]
) -> None:
    rows = _compared(model_id, facts)
    assert [r for r in rows if r[0].startswith("excess_")] == [row]


def test_no_second_excess_where_the_model_states_it_or_compares_no_limit() -> None:
    trial = _compared(
        "civil.trial_overdue",
        {
            "filed_at": "2023-01-01",
            "end_at": "2024-01-01",
            "deadline": "2023-07-01",
            "overdue_days": 184,
        },
    )
    assert not any(r[0].startswith("excess_") for r in trial)
    assert ("overdue_days", "超期天数", "184", True) in trial
    parole = _compared(MODEL, FACTS)
    assert not any(r[0].startswith("excess_") for r in parole)
    # a value within its limit (a lawful look-alike shown beside a hit) has no excess
    within = _compared("custody.too_many_returns", {"returns": 2, "max_returns": 2})
    assert not any(r[0].startswith("excess_") for r in within)


def test_every_hit_of_a_limit_model_shows_its_excess(small_data, small_project_master) -> None:  # type: ignore[no-untyped-def]
    """On the generator's hits: each model that compares a value with a limit shows the
    excess on every hit, and the excess is never negative."""
    import json

    from jiancha.models.run import run_model

    project = small_project_master[0]
    limited = {
        "custody.detention_overdue",
        "custody.bail_overdue",
        "execution.commutation_amount_exceeds_cap",
        "filing.not_filed_above_threshold",
        "custody.too_many_returns",
    }
    missing, negative = [], []
    with project.warehouse(read_only=True) as wh:
        for model in load_catalogue():
            for hit in run_model(wh.con, model, small_data.as_of).hits:
                facts = json.loads(json.dumps(hit.facts, default=str))
                rows = comparison(facts, model.header)
                excess = [f for f in rows if f.name.startswith("excess_")]
                if model.id in limited and not excess:
                    missing.append(f"{model.id} {hit.key.record_id}")
                negative += [f"{model.id}: {f.value}" for f in excess if "-" in f.value]
    assert missing == [] and negative == []


def test_the_document_says_the_excess_the_page_shows() -> None:
    from jiancha.casebook.document_texts import Sources, compose

    model = load_catalogue().get("custody.detention_overdue")
    subject = {"name": "王某某", "case_id": "AJ1"}
    sources = Sources(model.title, subject, DETAINED_19_OF_14, [], [], header=model.header)
    text = "\n".join(compose("correction_notice", sources, model_id=model.id).values())
    assert "经核对，已拘留天数为19；期限天数为14；超出期限5日。" in text


def test_every_subject_name_of_the_catalogue_has_a_chinese_label() -> None:
    """The clue page, the search and the exports label a clue's subject by one vocabulary;
    a model naming its subject ``debtor_key`` or ``firm`` gets a Chinese label there, not
    the name itself (issue 12's walk found five such names on clue pages)."""
    from jiancha.casebook.wording import subject_labels

    labels = subject_labels()
    missing = [
        f"{model.id}: {name}"
        for model in load_catalogue()
        for name in model.header.subject
        if not re.search(r"[\u4e00-\u9fff]", labels.get(name, ""))
    ]
    assert missing == []


def test_a_month_reads_as_a_document_writes_it() -> None:
    """Facts keep months as 2023-10; the page, the conclusion and the document say
    2023年10月 (the walk found 死亡后首个发放月份为 2023-10 in a 诉前检察建议书)."""
    from jiancha.casebook.document_texts import fact_text as document_fact_text
    from jiancha.models.conclusion import cn_month

    assert (
        plain_text("2023-10") == "2023年10月" and fact_text("first_month", "2024-06") == "2024年6月"
    )
    assert document_fact_text("2023-10", "死亡后首个发放月份") == "2023年10月"
    assert cn_month("2023-10") == "2023年10月" and cn_month("2024-10-30") == "2024年10月30日"
    assert plain_text("2023-13") == "2023-13"  # not a month: left as it is
