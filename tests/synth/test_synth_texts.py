"""The generator's judgment texts: each parses back to exactly the fields it was written from."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pyarrow.parquet as pq
import pytest

from jiancha.cli.main import run
from jiancha.ingest.sources import expand_paths
from jiancha.project import Project
from jiancha.synth import GenerateResult, generate
from jiancha.synth.texts import (
    TEXTS_DIR,
    TEXTS_TRUTH,
    JudgmentTextWriter,
    TextStyle,
    chinese_date,
    chinese_term,
    render_judgment,
)
from jiancha.synth.world import World
from jiancha.text.judgment import ParsedJudgment, parse_judgment
from jiancha.values import parse_date

Truth = list[dict[str, str]]


@pytest.fixture(scope="module")
def truth(small_data: GenerateResult) -> Truth:
    assert small_data.judgment_texts_truth is not None
    with small_data.judgment_texts_truth.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def judgment_rows(small_data: GenerateResult) -> list[dict[str, Any]]:
    """The judgment table as written (dirt and all)."""
    return pq.read_table(small_data.out_dir / "judgment.parquet").to_pylist()


def case_number(text: str) -> str:
    """A 案号 as the parser gives it: brackets and digits half-width."""
    return text.translate(str.maketrans("（）〔〕０１２３４５６７８９", "()()0123456789"))


def parsed_fields(parsed: ParsedJudgment, index: int) -> dict[str, str]:
    """One defendant of a parsed text in the truth file's spelling."""
    defendant = parsed.defendants[index]
    s = defendant.sentence
    return {
        "defendant_name": defendant.name,
        "charge": ";".join(s.charges),
        "penalty": s.penalty or "",
        "term_months": "" if s.term_months is None else str(s.term_months),
        "probation_months": "" if s.probation_months is None else str(s.probation_months),
        "fine_yuan": "" if s.fine_yuan is None else str(int(s.fine_yuan)),
        "circumstances": ";".join(sorted(defendant.circumstances)),
    }


def test_every_judgment_has_a_text_at_small_scale(
    small_data: GenerateResult, truth: Truth, judgment_rows: list[dict[str, Any]]
) -> None:
    ids = {r["record_id"] for r in judgment_rows}
    assert {t["record_id"] for t in truth} == ids
    assert len(small_data.judgment_texts) == len(ids) > 300
    assert all(p.parent == small_data.out_dir / TEXTS_DIR for p in small_data.judgment_texts)
    assert {f"{TEXTS_DIR}/{p.name}" for p in small_data.judgment_texts} == {
        t["file"] for t in truth
    }


def test_every_text_parses_to_its_known_fields(small_data: GenerateResult, truth: Truth) -> None:
    for row in truth:
        text = (small_data.out_dir / row["file"]).read_text("utf-8")
        parsed = parse_judgment(text, source_id=row["file"])
        assert parsed.case_number is not None
        assert parsed.case_number.text == case_number(row["case_number"]), row["file"]
        assert len(parsed.defendants) == 1, row["file"]
        expected = {k: row[k] for k in parsed_fields(parsed, 0)}
        expected["circumstances"] = ";".join(sorted(filter(None, row["circumstances"].split(";"))))
        assert parsed_fields(parsed, 0) == expected, row["file"]


def test_texts_agree_with_the_judgment_table(
    small_data: GenerateResult, truth: Truth, judgment_rows: list[dict[str, Any]]
) -> None:
    """Court, dates, procedure and amount also match the row (dirt read as an importer would)."""
    by_id = {r["record_id"]: r for r in judgment_rows}
    procedures = {"简易": "summary", "普通": "ordinary", "速裁": "speedy"}
    for t in truth:
        row = by_id[t["record_id"]]
        parsed = parse_judgment((small_data.out_dir / t["file"]).read_text("utf-8"))
        assert parsed.case_number is not None and parsed.case_number.court_code == row["court_code"]
        assert t["defendant_name"] == row["defendant_name"]
        assert t["charge"].split(";") == re.split("[;；]", row["charge"])  # 「；」 as typed
        assert (t["penalty"], t["term_months"]) == (row["penalty"], row["term_months"] or "")
        assert parsed.decided_at == parse_date(row["decided_at"])
        assert str(parsed.offense_at) == row["offense_at"]
        assert parsed.trial_procedure == procedures.get(row["procedure"], row["procedure"])
        amount = parsed.amount_yuan
        assert (None if amount is None else str(int(amount))) == row["amount_yuan"]


def test_texts_vary_and_use_chinese_numerals(small_data: GenerateResult) -> None:
    texts = [p.read_text("utf-8") for p in small_data.judgment_texts]
    tails = [t.split("本院认为")[-1] for t in texts]
    assert all(
        re.search("二[〇○零][〇○零一二][〇○零一二三四五六七八九]年", t) for t in tails
    )  # 二〇二三年九月二十九日; an earlier 涉黑 sentence of a recidivist may be of 二〇〇八年
    assert any("并处罚金人民币" in t and "千元" in t for t in texts)
    assert any("缓刑" in t for t in texts) and any("即自" in t for t in texts)
    assert any("独任审判" in t for t in texts) and any("合议庭" in t for t in texts)
    assert len({t.split("本院认为，")[1][:12] for t in texts}) > 20
    for phrasings in (
        ("公诉机关指控：", "公诉机关指控，"),
        ("指控的罪名成立。", "罪名成立，本院予以支持。"),
        ("向本院提起公诉", "移送本院审判"),
        ("刑事判决书\n", "刑事判决书 "),  # paragraphs by line or, as copied online, by space
    ):
        assert all(any(p in t for t in texts) for p in phrasings), phrasings


def test_texts_show_every_variant_with_its_truth(small_data: GenerateResult, truth: Truth) -> None:
    """Spaced titles, missing signatures, other brackets, ○/零, full-width digits: each in some
    texts, named in the truth, and every one of them parses to its fields (test above)."""
    named = {v for t in truth for v in t["variants"].split(";") if v}
    assert named == set(TextStyle(
        title="刑 事 判 决 书", court_line=False, brackets=("(", ")"), zero="○",
        signatures="date_only", spaced_signatures=True, fullwidth_digits=True,
    ).variants()) | {"fullwidth_spaced_title", "hexagonal_brackets", "ling_zero"}  # fmt: skip
    by_file = {t["file"]: t["variants"].split(";") for t in truth}
    for file, variants in list(by_file.items())[:200]:
        text = (small_data.out_dir / file).read_text("utf-8")
        assert ("刑 事 判 决 书" in text) == ("spaced_title" in variants), file
        assert ("书记员" in text or "书 记 员" in text) == ("no_signatures" not in variants), file
        assert ("如不服本判决" in text) == ("no_appeal_notice" not in variants), file


def test_same_seed_same_texts(small_data: GenerateResult, tmp_path: Path) -> None:
    again = generate(tmp_path / "again", scale="small", seed=small_data.seed)
    assert [p.read_bytes() for p in again.judgment_texts] == [
        p.read_bytes() for p in small_data.judgment_texts
    ]
    assert again.judgment_texts_truth is not None and small_data.judgment_texts_truth is not None
    assert again.judgment_texts_truth.read_bytes() == small_data.judgment_texts_truth.read_bytes()


def test_render_is_deterministic_per_row(judgment_rows: list[dict[str, Any]]) -> None:
    row = judgment_rows[0]
    assert render_judgment([row], seed=1).text == render_judgment([row], seed=1).text
    assert render_judgment([row], seed=1).text != render_judgment([row], seed=2).text


def test_manifest_lists_texts_but_result_files_are_tables(small_data: GenerateResult) -> None:
    manifest = json.loads((small_data.out_dir / "manifest.json").read_text("utf-8"))
    listed = manifest["judgment_texts"]
    assert listed["folder"] == TEXTS_DIR and listed["truth"] == TEXTS_TRUTH
    assert len(listed["files"]) == len(small_data.judgment_texts) and not listed["sampled"]
    assert TEXTS_TRUTH in {f["name"] for f in manifest["files"]}
    assert not any(TEXTS_DIR in str(p) for p in small_data.files)


def test_folder_import_skips_texts_and_their_truth(small_data: GenerateResult) -> None:
    found = expand_paths([small_data.out_dir])
    assert not any(TEXTS_DIR in p.parts or p.name == TEXTS_TRUTH for p in found)
    assert len(expand_paths([small_data.out_dir / TEXTS_DIR])) == len(small_data.judgment_texts)


def test_import_of_the_texts_folder_stores_them(
    small_data: GenerateResult, truth: Truth, tmp_path: Path
) -> None:
    project = tmp_path / "p"
    assert run(["init", str(project)]) == 0
    assert run(["-C", str(project), "import", str(small_data.out_dir / TEXTS_DIR)]) == 0
    counts, quarantined = Project.open(project).counts()
    assert {c.table: c.rows for c in counts}["judgment"] == len(truth)
    assert quarantined == {}


def co_defendants(rows: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """``n`` rows of distinct, non-overlapping names, made one case's defendants."""
    picked: list[dict[str, Any]] = []
    for row in rows:
        if all(row["defendant_name"] not in p["defendant_name"] for p in picked) and all(
            p["defendant_name"] not in row["defendant_name"] for p in picked
        ):
            picked.append(dict(row))
        if len(picked) == n:
            return picked
    raise AssertionError("not enough distinct names")


SENTENCES: list[dict[str, Any]] = [
    {"penalty": "fixed_term", "term_months": 42, "probation_months": None, "fine_yuan": 30000},
    {"penalty": "criminal_detention", "term_months": 4, "probation_months": 6, "fine_yuan": 2000},
    {"penalty": "surveillance", "term_months": 10, "probation_months": None, "fine_yuan": None},
    {"penalty": "life", "term_months": None, "probation_months": None, "fine_yuan": None},
    {"penalty": "death", "term_months": None, "probation_months": None, "fine_yuan": None},
    {"penalty": "fine_only", "term_months": None, "probation_months": None, "fine_yuan": 8000},
    {"penalty": "exempt", "term_months": None, "probation_months": None, "fine_yuan": None},
    {"penalty": "fixed_term", "term_months": 24, "probation_months": 36, "fine_yuan": 10000},
]
CHARGES = ("盗窃罪;诈骗罪", "抢劫罪", "掩饰、隐瞒犯罪所得罪;寻衅滋事罪;故意伤害罪")
CIRCUMSTANCES = (
    "accessory;attempt;restitution",
    "plea;surrender;merit",
    "recidivist;confession;forgiveness;minor",
    "",
)


@pytest.mark.parametrize("seed", range(8))
def test_multi_defendant_and_merged_sentences_parse(
    judgment_rows: list[dict[str, Any]], seed: int
) -> None:
    """Co-defendants, 数罪并罚, life and death, 拘役 with 缓刑: every field read back."""
    rows = co_defendants(judgment_rows[seed * 10 :], 3)
    for i, row in enumerate(rows):
        row.update(SENTENCES[(seed + i) % len(SENTENCES)])
        row["charge"] = CHARGES[(seed + i) % len(CHARGES)]
        row["circumstances"] = CIRCUMSTANCES[(seed + i) % len(CIRCUMSTANCES)]
        row["record_id"] = f"{rows[0]['record_id']}-{i}"
    rendered = render_judgment(rows, seed=seed)
    parsed = parse_judgment(rendered.text)
    assert [d.name for d in parsed.defendants] == [r["defendant_name"] for r in rows]
    for i, (row, written) in enumerate(zip(rows, rendered.defendants, strict=True)):
        got = parsed_fields(parsed, i)
        assert got["charge"] == row["charge"]
        assert got["penalty"] == row["penalty"]
        if row["penalty"] in ("fixed_term", "criminal_detention", "surveillance"):
            assert got["term_months"] == str(row["term_months"])
        assert got["probation_months"] == str(row["probation_months"] or "")
        assert got["fine_yuan"] == str(row["fine_yuan"] or "")
        assert got["circumstances"] == ";".join(sorted(written.circumstances))
        assert parsed.defendants[i].sentence.merged == (";" in row["charge"])


def test_sampled_texts_are_bounded(judgment_rows: list[dict[str, Any]], tmp_path: Path) -> None:
    writer = JudgmentTextWriter(tmp_path, seed=0, per_chunk=5)
    world = cast(World, SimpleNamespace(rows={"judgment": judgment_rows[:40]}))
    writer.write_chunk(world, 0)
    writer.write_chunk(world, 0)
    writer.close()
    assert len(writer.names) == 10 and len(set(writer.names)) == 5  # same chunk, same sample
    assert len(list((tmp_path / TEXTS_DIR).glob("*.txt"))) == 5


def test_numerals() -> None:
    assert chinese_date(date(2023, 9, 29)) == "二〇二三年九月二十九日"
    assert chinese_date(date(2020, 10, 1)) == "二〇二〇年十月一日"
    assert chinese_term(42) == "三年六个月"
    assert chinese_term(10) == "十个月"
    assert chinese_term(24) == "二年"
