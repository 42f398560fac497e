"""Commentary rules on hand-built packs, and analysts' edits kept per period.

The rule cases are a table: each names the rule, the list it should write to and the exact
sentence. docs/commentary.md quotes the same sentences as its examples (a test checks that).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
import yaml

from csc_insight.comparators.store import Comparator
from csc_insight.errors import ReaderError
from csc_insight.indicators import catalogue
from csc_insight.reports import commentary, edits
from csc_insight.reports.model import Bullet, Commentary, Figure, Pack, PackRow, Point, Section

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "commentary.md"
#: Month ends Apr-20 .. Mar-21: the financial year 2020-21, as the seed pack shows it.
MONTHS = [date(2020, m, 28) for m in range(4, 13)] + [date(2021, m, 28) for m in (1, 2, 3)]
EARLIER = [date(2019, m, 28) for m in range(4, 13)] + [date(2020, m, 28) for m in (1, 2, 3)]


@dataclass
class Case:
    """One indicator's row, described by what the rules read."""

    ident: str
    months: list[float | None]  # Apr-20 .. Mar-21
    latest: float | None = None  # YTD (flow) or latest; defaults to March
    rag: str = "Grey"
    signal: str = "common cause"
    assurance: str | None = None
    limits: tuple[float, float, float] | None = None
    comparators: dict[str, float] = field(default_factory=dict)
    earlier: list[float] = field(default_factory=list)  # Apr-19 .. Mar-20, for context measures
    suppressed: set[int] = field(default_factory=set)  # indexes into months (-1: March)
    target: float | str | None = "catalogue"  # the catalogue's 2020-21 target unless given
    marks: str = ""  # the results table's special_causes at March, ending at March
    incomplete: set[int] = field(default_factory=set)  # months without full history (-1: YTD)


def row(case: Case) -> PackRow:
    ind = catalogue.get(case.ident)
    figures = [Figure(v, v, None, ind.unit) for v in case.months]
    for i in case.suppressed:
        figures[i].suppressed = True
    for i in case.incomplete - {-1}:
        figures[i].incomplete = True
    latest = case.latest if case.latest is not None else case.months[-1]
    past = [
        Point(d, Figure(v, v, None, ind.unit)) for d, v in zip(EARLIER, case.earlier, strict=False)
    ]
    return PackRow(
        indicator=ind,
        months=figures,
        latest=Figure(
            latest,
            latest,
            None,
            ind.unit,
            suppressed=-1 in case.suppressed,
            incomplete=-1 in case.incomplete,
        ),
        target=ind.target_for("2020-21") if case.target == "catalogue" else case.target,  # type: ignore[arg-type]
        rag=case.rag,
        signal=case.signal,
        assurance=case.assurance,
        limits=case.limits,
        history=past + [Point(d, f) for d, f in zip(MONTHS, figures, strict=True)],
        comparators={
            k: Comparator("2019-20", v, None, "seed pack") for k, v in case.comparators.items()
        },
        special_causes=case.marks or None,
    )


def pack(*cases: Case, published: bool = False) -> Pack:
    order = [i.id for i in catalogue.load()]
    rows = sorted((row(c) for c in cases), key=lambda r: order.index(r.indicator.id))
    sections = [
        Section(area, title, [r for r in rows if r.indicator.area == area])
        for area, title in catalogue.AREAS.items()
        if any(r.indicator.area == area for r in rows)
    ]
    return Pack(
        period="2021-03",
        period_end=date(2021, 3, 31),
        months=MONTHS,
        financial_year="2020-21",
        sections=sections,
        published=published,
        generated_at=datetime(2021, 4, 1),
    )


# The seed pack's figures where it has them (Apr/May-20 filled in where it starts at Jun-20).
EH7 = [20, 21, 22, 22, 16, 21, 19, 22, 28, 29, 25, 14]
EH9 = [12, 13, 11, 15, 18, 14, 17, 10, 5, 20, 19, 24]
FD8 = [28, 27, 28, 27, 19, 29, 27, 28, 24, 28, 23, 29]
AMT2 = [80, 82, 90, 83, 79, 64, 65, 75, 84, 77, 79, 83]
CL2 = [63, 63, 61, 60, 58, 62, 59, 57, 58, 58, 58, 57]
CP13 = [97, 98, 98, 99, 99, 98, 94, 96, 96, 98, 96, 99]
W1B = [14.1, 14.4, 16.1, 16.8, 15.6, 15.3, 14.6, 14.2, 13.8, 14.5, 14.1, 13.8]
W1E = [10.4, 10.5, 7.6, 8.1, 10.7, 12.0, 10.9, 11.9, 12.0, 12.7, 11.3, 11.8]
SUP1 = [93, 93, 91, 91, 87, 90, 88, 92, 83, 90, 89, 89.6]
REFERRALS = [300, 310, 305, 298, 312, 301, 307, 299, 311, 303, 306, 480]

# fmt: off
CASES = [
    ("deteriorating", "do_better",
     Case("FD 8", FD8, latest=26, rag="Red", signal="deteriorating", assurance="hit and miss", marks="+"),
     "Re-referrals within 12 months at 29% in March 2021, worse than usual, above the target of 22%"),
    ("worst_in_year", "do_better",
     Case("EH 9", EH9, latest=15, rag="Red", assurance="hit and miss"),
     "Early help closed by stepping up to social care at 24% in March 2021, the worst month this year"),
    ("target_fail", "do_better",
     Case("CL 2", CL2, rag="Red", assurance="fail"),
     "Care leavers 19-21 in work, education or training at 57% for the year to date; the target of 85% is beyond its usual range: not met without a change"),
    ("red", "do_better",
     Case("EH 7", EH7, latest=22, rag="Red", assurance="hit and miss"),
     "Early help closed because the family disengaged at 22% for the year to date, above the target of 10%"),
    ("slipping", "to_watch",
     Case("CLA 19", [74, 73, 70, 71, 72, 74, 70, 71, 68, 65, 66, 68], rag="Green", signal="deteriorating",
          assurance="hit and miss", marks="-"),
     "In care 12+ months: same social worker for 6 months at 68% in March 2021, worse than usual, though still within the target of 65%"),
    ("context_change", "to_watch",
     Case("FD referrals", REFERRALS, latest=3931, signal="no polarity", earlier=[*REFERRALS[:11], 302], marks="+"),
     "Referrals to children's social care at 480 in March 2021, higher than usual (3,931 for the year to date)"),
    ("amber", "to_watch",
     Case("AMT 2", AMT2, latest=77, rag="Amber", assurance="hit and miss"),
     "Assessments completed within 45 working days at 77% for the year to date, just short of the target of 85%"),
    ("hit_and_miss", "to_watch",
     Case("FD 2", [99, 98, 99, 100, 100, 100, 99, 99, 98, 97, 96, 92], latest=98, rag="Green",
          assurance="hit and miss", limits=(98, 93.5, 102.5)),
     "Contacts completed within 1 working day at 98% for the year to date, within the target of 94%, but not in March 2021 (92%)"),
    ("fluctuating", "to_watch",
     Case("W1 e", W1E, rag="Green", assurance="hit and miss", limits=(10.8, 6.5, 15.1)),
     "Average caseload: newly qualified social workers within the target of 14.0 but varying widely, from 7.6 to 12.7 a month this year"),
    ("behind_comparator", "to_watch",
     Case("CP 5", [70] * 12, rag="Grey", assurance="no target", target=None,
          comparators={"england": 78, "stat_neighbours": 74}),
     "Child protection conferences within 15 working days at 70% for the year to date, worse than England (78% in 2019-20)"),
    ("improving", "going_well",
     Case("CP 13", CP13, rag="Green", signal="improving", assurance="hit and miss", marks="+"),
     "Children on a protection plan visited within 4 weeks at 99% in March 2021, better than usual, and meeting the target of 95%"),
    ("target_assured", "going_well",
     Case("W1 b", W1B, rag="Green", assurance="pass", limits=(14.6, 12.0, 15.8)),
     "Average caseload: social work with families at 13.8 in March 2021, consistently meeting the target of 16.0"),
    ("ahead_of_comparator", "going_well",
     Case("FD 8", [17] * 12, rag="Green", assurance="hit and miss", limits=(18, 16, 20),
          comparators={"england": 23, "stat_neighbours": 19}),
     "Re-referrals within 12 months at 17% for the year to date, better than England (23% in 2019-20)"),
]
# fmt: on


@pytest.mark.parametrize(("rule", "list_key", "case", "sentence"), CASES, ids=[c[0] for c in CASES])
def test_rule(rule: str, list_key: str, case: Case, sentence: str) -> None:
    out = commentary.generate(pack(case))
    written = [(k, b) for k, _, bullets in out.groups() for b in bullets]
    assert written == [(list_key, Bullet(sentence, case.ident, rule))]
    assert commentary.RULES_BY_NAME[rule].list == list_key


def test_every_rule_has_a_case() -> None:
    assert sorted(c[0] for c in CASES) == sorted(commentary.RULES_BY_NAME)


# fmt: off
VARIANTS = [
    ("amber whose figure rounds to the target: the seed's 'just short of target'",
     Case("SUP 1", SUP1, rag="Amber", signal="improving", assurance="hit and miss"),
     "Children's cases supervised on time – just short of the target of 90%, though better than usual"),
    ("deteriorating and Red, though this month is within the target",
     Case("W1 b", [*W1B[:-1], 15.9], rag="Red", signal="deteriorating", assurance="hit and miss"),
     "Average caseload: social work with families at 15.9 in March 2021, worse than usual, still within the target of 16.0"),
    ("a context measure falling",
     Case("CLA 3", [517, 511, 510, 515, 502, 505, 502, 485, 486, 481, 470, 440],
          signal="no polarity", earlier=[520, 522, 518, 521, 519, 523, 517, 520, 522, 518, 521, 519],
          marks="-"),
     "Children in care (not unaccompanied asylum seekers) at 440 in March 2021, lower than usual"),
    ("comparator: the statistical neighbours where England is not published",
     Case("FD 8", [17] * 12, rag="Green", comparators={"stat_neighbours": 24}),
     "Re-referrals within 12 months at 17% for the year to date, better than the statistical neighbours' average (24% in 2019-20)"),
    ("published pack: a suppressed figure is left out of the sentence",
     Case("FD 8", FD8, latest=26, rag="Red", signal="deteriorating", suppressed={-1}, marks="+"),
     "Re-referrals within 12 months – worse than usual, above the target of 22%"),
    ("published pack: red with a suppressed YTD",
     Case("EH 7", EH7, latest=22, rag="Red", signal="improving", suppressed={-1}, marks="-"),
     "Early help closed because the family disengaged – above the target of 10%, though better than usual"),
]
# fmt: on


@pytest.mark.parametrize(("why", "case", "sentence"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_sentence_variants(why: str, case: Case, sentence: str) -> None:
    (bullet,) = [b for _, _, bullets in commentary.generate(pack(case)).groups() for b in bullets]
    assert bullet.text == sentence


def test_an_indicator_appears_once_under_its_most_serious_rule() -> None:
    # Red, deteriorating, the highest in the year and a target it cannot reach: one bullet.
    case = Case("EH 9", EH9, latest=15, rag="Red", signal="deteriorating", assurance="fail")
    out = commentary.generate(pack(case))
    bullets = [b for _, _, bs in out.groups() for b in bs]
    assert [(b.indicator_id, b.rule) for b in bullets] == [("EH 9", "deteriorating")]
    assert out.do_better == bullets


def test_lists_follow_the_pack_section_order() -> None:
    cases = [c[2] for c in CASES if c[1] == "do_better"]
    out = commentary.generate(pack(*reversed(cases)))
    assert [b.indicator_id for b in out.do_better] == ["EH 7", "EH 9", "FD 8", "CL 2"]


def test_the_no_polarity_direction_is_read_from_the_results_marks() -> None:
    # The same figures, marked high or low by the results table: the sentence follows the mark,
    # never a recomputation from the figures.
    base = dict(months=REFERRALS, signal="no polarity")
    high = commentary.generate(pack(Case("FD referrals", marks="  .+", **base)))  # type: ignore[arg-type]
    low = commentary.generate(pack(Case("FD referrals", marks="..-", **base)))  # type: ignore[arg-type]
    assert "higher than usual" in high.to_watch[0].text
    assert "lower than usual" in low.to_watch[0].text


def test_nothing_to_say_writes_nothing() -> None:
    quiet = Case("FD 8", [20] * 12, rag="Green", assurance="hit and miss", limits=(20, 18, 22))
    assert commentary.generate(pack(quiet)) == Commentary()


def test_highest_in_the_year_needs_a_few_months_of_the_year() -> None:
    early = Case("EH 9", [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], rag="Amber")
    p = pack(early)
    p.months = [*MONTHS[:10], date(2021, 4, 28), date(2021, 5, 28)]  # report month: May-21
    p.financial_year = "2021-22"
    p.period_end = date(2021, 5, 31)
    assert [b.rule for b in commentary.generate(p).to_watch] == ["amber"]


def test_same_pack_same_text() -> None:
    p = pack(*(c[2] for c in CASES))
    assert commentary.generate(p) == commentary.generate(p)


def test_subject_is_the_short_title() -> None:
    def subject(ident: str) -> str:
        return commentary.subject(row(Case(ident, [1] * 12)))

    assert subject("WF 6") == "Social workers supervised in the month"
    assert subject("W1 e") == "Average caseload: newly qualified social workers"  # not "ASYE"
    assert (
        subject("CLA 3") == "Children in care (not unaccompanied asylum seekers)"
    )  # not "non-UASC"


def test_no_sentence_uses_the_jargon_a_councillor_stumbled_on() -> None:
    text = " ".join(c[3] for c in CASES) + " ".join(v[2] for v in VARIANTS)
    for jargon in ("significantly", "special cause", "non-UASC", "ASYE", "CIN", "SPC"):
        assert jargon not in text, jargon


def test_an_indicator_meeting_its_target_is_never_a_thing_to_do_better() -> None:
    # Every reading that once put a Green indicator under "Things to do better" (CLA 19 was
    # listed there "still within the target"): a deteriorating special cause, a target the
    # process cannot reach, the worst month of the year. Each goes to watch, or nowhere.
    greens = [
        Case("CLA 19", [74, 73, 70, 71, 72, 74, 70, 71, 68, 65, 66, 68], rag="Green",
             signal="deteriorating", marks="-"),
        Case("CL 2", CL2, rag="Green", assurance="fail"),
        Case("EH 9", EH9, latest=9, rag="Green", assurance="hit and miss"),
        Case("FD 8", FD8, latest=20, rag="Green", signal="deteriorating", assurance="fail", marks="+"),
    ]  # fmt: skip
    for case in greens:
        out = commentary.generate(pack(case))
        assert out.do_better == [], case.ident
    assert [b.rule for b in commentary.generate(pack(greens[0])).to_watch] == ["slipping"]


def test_months_without_full_history_are_left_out() -> None:
    # FD 8 in the first months of the data: too low, "better than England". Neither a report
    # month nor a year to date without the look-back history is spoken of.
    early = Case("FD 8", [2] * 12, rag="Green", assurance="pass", limits=(18, 16, 20),
                 comparators={"england": 23})  # fmt: skip
    assert commentary.generate(pack(early)).going_well != []
    for incomplete in ({-1}, {11}, {-1, *range(12)}):
        case = Case(**{**early.__dict__, "incomplete": incomplete})
        assert commentary.generate(pack(case)) == Commentary(), incomplete


def test_docs_list_every_rule_and_quote_the_examples() -> None:
    text = DOC.read_text("utf-8")
    assert commentary.rules_markdown() in text, "docs/commentary.md rules table is out of date"
    for rule, _, _, sentence in CASES:
        assert f"`{rule}`" in text
        assert sentence in text, f"docs/commentary.md should quote the {rule} example"


def test_the_docs_edits_example_is_a_valid_edits_file() -> None:
    text = DOC.read_text("utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    wanted = edits.parse(yaml.safe_load(example), "2021-03")
    assert [e.action for e in wanted] == ["remove"] * 3 + ["replace"] * 2 + ["add"] * 2


# --- edits --------------------------------------------------------------------------------

EDITS = """\
period: 2021-03
remove:
  - {rule: amber, indicator: AMT 2}
replace:
  - indicator: FD 8
    text: Referrals rose after schools reopened; re-referrals ended the year at 26%.
add:
  - {list: do_better, text: Recruit two team managers for the assessment service.}
  - {list: going_well, indicator: cp 13, text: Visits to children on a plan stayed on time.}
"""


def generated() -> Commentary:
    by_rule = {c[0]: c[2] for c in CASES}
    return commentary.generate(
        pack(by_rule["deteriorating"], by_rule["amber"], by_rule["red"], by_rule["target_assured"])
    )


def write(tmp_path: Path, text: str, name: str = "edits.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_remove_replace_and_add(tmp_path: Path) -> None:
    before = generated()
    assert [b.indicator_id for b in before.to_watch] == ["AMT 2"]
    out = edits.apply(before, edits.parse(write(tmp_path, EDITS), "2021-03"))
    assert out.to_watch == []
    assert out.do_better == [
        Bullet("Early help closed because the family disengaged at 22% for the year to date, above the target of 10%", "EH 7", "red"),
        Bullet("Referrals rose after schools reopened; re-referrals ended the year at 26%.", "FD 8"),
        Bullet("Recruit two team managers for the assessment service."),
    ]  # fmt: skip
    # an added bullet naming an indicator takes its place in the section order
    assert [b.indicator_id for b in out.going_well] == ["CP 13", "W1 b"]
    assert [b.rule for b in before.to_watch] == ["amber"], "the generated commentary is unchanged"


def test_remove_by_exact_text_and_move_to_another_list() -> None:
    before = generated()
    red_text = before.do_better[0].text
    out = edits.apply(
        before,
        edits.parse(
            {
                "period": "2021-03",
                "remove": [{"text": red_text}],
                "replace": [
                    {"indicator": "AMT 2", "list": "do_better", "text": "Assessments slipped."}
                ],
            },
            "2021-03",
        ),
    )
    assert [(b.indicator_id, b.text) for b in out.do_better] == [
        ("FD 8", before.do_better[1].text),
        ("AMT 2", "Assessments slipped."),
    ]
    assert out.to_watch == []


def test_edits_that_no_longer_match_are_reported() -> None:
    wanted = edits.parse(
        {"period": "2021-03", "remove": [{"indicator": "CIN 8"}], "replace": [{"indicator": "FD 8", "text": "x"}]},
        "2021-03",
    )  # fmt: skip
    assert edits.unmatched(generated(), wanted) == [edits.Edit("remove", indicator_id="CIN 8")]


# Keeping edits (the dashboard's database) is tested in test_edits_store.py.


def test_dump_round_trips(tmp_path: Path) -> None:
    wanted = edits.parse(write(tmp_path, EDITS), "2021-03")
    again = write(tmp_path, edits.dump("2021-03", wanted), "again.yaml")
    assert edits.parse(again, "2021-03") == wanted


BAD = [
    ("period: 2021-03\nadd:\n  - {list: do_worse, text: x}\n", 3, "list", "unknown list 'do_worse'"),
    ("period: 2021-03\nremove:\n  - {rule: amber,\n     indicator: CIN 99}\n", 4, "indicator", "unknown indicator 'CIN 99'"),
    ("period: 2021-03\nreplace:\n  - indicator: FD 8\n    list: to_watch\n", 3, "text", "missing: replace needs text"),
    ("# the February file\nperiod: 2021-02\n", 2, "period", "the file is for '2021-02', not 2021-03"),
    ("period: 2021-03\nadd: {list: do_better}\n", 2, "add", "expected a list of edits"),
    ("period: 2021-03\nremove:\n  - {rule: reddish}\n", 3, "rule", "unknown rule 'reddish'"),
    ("period: 2021-03\nremove:\n  - {indicator: FD 8, colour: red}\n", 3, "colour", "unknown field for remove"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "line", "field_name", "reason"), BAD)
def test_bad_edits_file_names_file_line_and_field(
    tmp_path: Path, text: str, line: int, field_name: str, reason: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ReaderError) as err:
        edits.save_edits(duckdb.connect(), "2021-03", path, "alice")
    (problem,) = err.value.problems
    assert (problem.file, problem.row, problem.column) == (str(path), line, field_name)
    assert reason in problem.reason
    assert str(err.value).startswith(f"{path}, row {line}, column {field_name}: ")


def test_every_problem_in_a_file_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "period: 2021-03\nadd:\n  - {list: nope}\n  - {text: orphan}\n")
    with pytest.raises(ReaderError) as err:
        edits.parse(path, "2021-03")
    where = [(p.row, p.column) for p in err.value.problems]
    assert where == [(3, "text"), (3, "list"), (4, "list")]


def test_not_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "period: 2021-03\nremove: [\n")
    with pytest.raises(ReaderError) as err:
        edits.parse(path, "2021-03")
    assert err.value.problems[0].row == 3
    assert "not valid YAML" in str(err.value)


def test_a_long_list_keeps_its_most_serious_bullets_and_names_the_rest() -> None:
    # Ten generated ones to watch in section order: six context changes (the last rule of the
    # list) and four ambers, plus an analyst's own bullet. With a limit of 5, the four ambers and
    # the first context change stay, in section order; the other five are named in one line by
    # their short titles, in section order; the analyst's bullet stays whatever the limit.
    rules = ["context_change"] * 6 + ["amber"] * 4
    ids = [f"X {n}" for n in range(10)]
    bullets = [Bullet(f"text {i}", i, r) for i, r in zip(ids, rules, strict=True)]
    mixed = [bullets[0], bullets[6], bullets[1], bullets[7], *bullets[2:6], *bullets[8:]]
    c = Commentary(
        to_watch=[*mixed, Bullet("An analyst's note")], going_well=[bullets[0]], do_better=mixed
    )
    titles = {i: f"Title {i}" for i in ids} | {"X 2": "CIN rate"}
    short = commentary.shortened(c, limit=5, titles=titles)
    texts = [b.text for b in short.to_watch]
    assert texts[:-2] == ["text X 0", "text X 6", "text X 7", "text X 8", "text X 9"]
    assert texts[-2] == "An analyst's note"
    assert (
        texts[-1]
        == "Also to watch: title X 1; CIN rate; title X 3; title X 4; title X 5 (see the tables)."
    )
    assert short.to_watch[-1].rule == "also"
    assert short.going_well == [bullets[0]]  # short enough: untouched
    # Things to do better are capped too: a list of 14 spilled over two pages.
    assert [b.text for b in short.do_better][-1].startswith("Also to do better: title X 1; ")
    assert len(short.do_better) == 6
    assert commentary.shortened(c, limit=11).to_watch == c.to_watch


def test_every_list_is_capped_at_six() -> None:
    cases = [
        Case(i.id, [50.0] * 12, latest=50.0, rag="Red", assurance="hit and miss", target=90.0)
        for i in catalogue.load()
        if i.unit == "percent" and i.polarity == "BIB"
    ]
    generated = commentary.generate(pack(*cases))
    assert len(generated.do_better) > commentary.MAX_PER_LIST
    short = commentary.shortened(generated)
    assert len(short.do_better) == commentary.MAX_PER_LIST + 1
    named = short.do_better[-1].text
    assert named.startswith("Also to do better: ") and named.endswith("(see the tables).")
    assert named.count(";") == len(generated.do_better) - commentary.MAX_PER_LIST - 1
