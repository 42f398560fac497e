"""The Commentary page: an analyst removes, rewords and adds bullets for a month; the home page,
the pack and `csc report` read the same edits, kept with who and when; viewers and managers are
refused."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from django.test import Client

from csc_insight.reports import edits
from csc_insight.reports.model import Bullet
from tests.web.conftest import Site
from tests.web.test_access import signed_in

MONTH = "2021-03"


@pytest.fixture(autouse=True)
def no_edits(site: Site) -> Iterator[None]:
    from csc_insight.web.models import CommentaryEdit

    CommentaryEdit.objects.all().delete()
    yield
    CommentaryEdit.objects.all().delete()


def _generated() -> list[tuple[str, Bullet]]:
    from csc_insight.web import data

    gen = data.generated(MONTH, published_view=False).commentary
    return [(k, b) for k, _, bullets in gen.groups() for b in bullets]


def _bullet() -> tuple[str, Bullet]:
    """A generated bullet about a figure that the home page shows in full to every audience."""
    from csc_insight.web import data

    shown = [
        {b.text for _, _, bs in data.pack(MONTH, published_view=v).commentary.groups() for b in bs}
        for v in (True, False)
    ]
    return next(
        (k, b) for k, b in _generated() if b.indicator_id and all(b.text in s for s in shown)
    )


def _home(c: Client) -> str:
    return html.unescape(c.get(f"/?month={MONTH}").content.decode())


def _post(c: Client, **fields: str) -> object:
    return c.post(f"/commentary/?month={MONTH}", {"form": "f", **fields})


@pytest.mark.parametrize("role", ["viewer", "manager"])
def test_viewers_and_managers_are_refused(site: Site, role: str) -> None:
    from csc_insight.web.models import CommentaryEdit

    c = signed_in(role)
    assert c.get("/commentary/").status_code == 403
    r = _post(c, do="add", list="do_better", text="Recruit two team managers.")
    assert r.status_code == 403  # type: ignore[attr-defined]
    assert not CommentaryEdit.objects.exists()
    assert "/commentary/" not in c.get("/").content.decode()  # not offered either


def test_the_page_shows_the_three_lists_with_their_controls(site: Site) -> None:
    page = signed_in("analyst").get(f"/commentary/?month={MONTH}")
    assert page.status_code == 200
    text = html.unescape(page.content.decode())
    for heading in ("Going well or better", "Ones to watch", "Things to do better"):
        assert heading in text and f"Add a bullet to ‘{heading}’" in text
    _key, b = _bullet()
    assert b.text in text
    assert text.count('name="do" value="remove"') >= len(_generated())
    assert "None: the lists are as generated." in text  # no edits in force (the history stays)


def test_remove_reword_add_and_withdraw_show_on_the_home_page_for_everyone(site: Site) -> None:
    from csc_insight.web.models import AuditEntry, CommentaryEdit

    analyst, viewer = signed_in("analyst"), signed_in("viewer")
    key, b = _bullet()
    assert b.text in _home(analyst) and b.text in _home(viewer)
    # remove
    r = _post(
        analyst, do="remove", list=key, indicator=b.indicator_id or "", rule=b.rule, bullet=b.text
    )
    assert r.status_code == 302  # type: ignore[attr-defined]
    assert b.text not in _home(analyst) and b.text not in _home(viewer)
    (row,) = CommentaryEdit.objects.all()
    assert (row.period, row.action, row.indicator_id, row.rule, row.edited_by) == (
        MONTH, "remove", b.indicator_id, b.rule, "analyst",
    )  # fmt: skip
    page = html.unescape(analyst.get(f"/commentary/?month={MONTH}").content.decode())
    assert "Last changed by <b>analyst</b>" in page
    history = AuditEntry.objects.filter(action="commentary", period_id=MONTH).first()
    assert history is not None and history.user_name == "analyst" and "remove" in history.detail
    # withdraw it: the bullet is back
    _post(analyst, do="withdraw", edit=str(row.pk))
    assert b.text in _home(viewer) and not CommentaryEdit.objects.exists()
    # reword
    _post(analyst, do="replace", list=key, indicator=b.indicator_id or "", rule=b.rule,
          bullet=b.text, text="Re-referrals fell after the front door was rebuilt.")  # fmt: skip
    assert "Re-referrals fell after the front door was rebuilt." in _home(viewer)
    assert b.text not in _home(viewer)
    # reword the rewording, then remove it: the generated bullet goes
    row = CommentaryEdit.objects.get()
    _post(analyst, do="replace", edit=str(row.pk), text="Fewer re-referrals.")
    assert "Fewer re-referrals." in _home(viewer)
    _post(analyst, do="remove", edit=str(row.pk))
    home = _home(viewer)
    assert "Fewer re-referrals." not in home and b.text not in home
    assert CommentaryEdit.objects.get().action == "remove"
    # add
    _post(analyst, do="add", list="do_better", text="Recruit two team managers.")
    assert "Recruit two team managers." in _home(viewer)
    assert [r.seq for r in CommentaryEdit.objects.order_by("seq")] == [1, 2]
    # The command line reads the same edits, in the same order, with who made them.
    kept = edits.load_edits(site.store, MONTH)
    assert [(e.action, e.edited_by) for e in kept] == [("remove", "analyst"), ("add", "analyst")]


def test_a_bullet_without_words_is_refused_in_the_error_summary(site: Site) -> None:
    from csc_insight.web.models import CommentaryEdit

    c = signed_in("analyst")
    r = c.post(
        f"/commentary/?month={MONTH}",
        {"do": "add", "form": "add-to_watch", "list": "to_watch", "text": "  "},
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert "<title>Error: Commentary" in page and "govuk-error-summary" in page
    assert '<a href="#text-add-to_watch">Enter the bullet&#x27;s words.</a>' in page
    assert 'id="text-add-to_watch-error"' in page and "govuk-textarea--error" in page
    too_long = "x" * (edits.MAX_BULLET_CHARS + 1)
    r = c.post(
        f"/commentary/?month={MONTH}",
        {"do": "add", "form": "add-to_watch", "list": "to_watch", "text": too_long},
    )
    assert r.status_code == 200 and "too long" in r.content.decode()
    assert not CommentaryEdit.objects.exists()


def test_edits_saved_by_csc_report_show_on_the_dashboard(site: Site, tmp_path: object) -> None:
    import duckdb

    viewer = signed_in("viewer")
    _key, b = _bullet()
    assert b.text in _home(viewer)
    con = duckdb.connect(str(site.store), read_only=True)
    try:
        edits.save_edits(
            con,
            MONTH,
            {"period": MONTH, "remove": [{"indicator": b.indicator_id, "rule": b.rule}]},
            "jo",
        )
    finally:
        con.close()
    assert b.text not in _home(viewer)
    page = html.unescape(signed_in("analyst").get(f"/commentary/?month={MONTH}").content.decode())
    assert (
        re.search(r"Last changed by <b>jo</b>", page)
        and "the month's edits replaced from a dict" in page
    )


def test_the_downloaded_pack_has_the_edited_commentary(site: Site) -> None:
    import io

    import openpyxl

    viewer = signed_in("viewer")

    def summary() -> str:
        book = viewer.get(f"/pack/published/?format=xlsx&month={MONTH}")
        assert book.status_code == 200
        ws = openpyxl.load_workbook(io.BytesIO(book.content), read_only=True).worksheets[0]
        return " ".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c)

    assert "Recruit two team managers." not in summary()
    _post(signed_in("analyst"), do="add", list="do_better", text="Recruit two team managers.")
    assert "Recruit two team managers." in summary()
