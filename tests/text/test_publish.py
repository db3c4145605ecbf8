"""De-identification on the real judgments: names, ids and phones go; courts and charges stay."""

from __future__ import annotations

import json
import re

import pytest
from shared_data import shared_data

from jiancha.text.judgment import parse_judgment
from jiancha.text.publish import mask_spans, publish, surname_of
from jiancha.values import ValueProblem

DATA = shared_data("judgments_dev.jsonl")


def test_surname_reduction() -> None:
    assert surname_of("欧阳娜娜") == "欧阳" and surname_of("李明哲") == "李"
    text = (
        "被告人欧阳娜娜，女，公民身份号码350602198003050021，电话13812345678，"
        "住福建省漳州市芗城区某路1号。驾驶闽E12345号车。审判员周建华"
    )
    out = publish(text)
    assert "欧阳娜娜" not in out and "欧阳某" in out
    for secret in ("350602198003050021", "13812345678", "芗城区某路1号", "E12345"):
        assert secret not in out
    assert "审判员周建华" in out


def test_real_judgments_lose_party_data_and_keep_courts() -> None:
    if not DATA.exists():
        pytest.skip(f"real judgments not present: {DATA}")
    items = [json.loads(line) for line in DATA.read_text("utf-8").splitlines()]
    for item in items:
        text = item["full_text"]
        try:
            parsed = parse_judgment(text)
        except ValueProblem:
            continue
        spans = mask_spans(text, parsed)
        out = publish(parsed, spans=spans)
        masked = {s.original for s in spans}  # every masked span, listed
        for d in parsed.defendants:
            if not re.fullmatch(r".某+[甲乙丙丁]?", d.name):
                assert d.name not in out, (item["id"], d.name)
                assert d.name in masked
        assert not re.search(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])", out)
        assert not re.search(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])", out)
        assert parsed.court is None or parsed.court in out
        for d in parsed.defendants:
            for charge in d.charges:
                assert charge in out
        assert "中华人民共和国刑法" in out
