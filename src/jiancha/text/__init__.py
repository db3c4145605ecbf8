"""Text stage: criminal judgments read into ``judgment`` rows, and de-identified for publication.

parse_judgment(text) -> ParsedJudgment      jiancha.text.judgment
to_judgment_rows(parsed) -> list[dict]      one row per defendant
publish(text | parsed) -> str               surname + 某, numbers and addresses masked
"""
