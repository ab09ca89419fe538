"""The "right now" summary at the top of My pledge (pledges.right_now.service): a pure function, tested without
the database. Late first, then what is due in the next 4 weeks, then replies, newest first, marked new since the
young person's last visit."""
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone
from types import SimpleNamespace

from pledges.ledger_entries import LedgerEntry
from pledges.right_now.replies import Reply
from pledges.right_now.service import COMING_UP_DAYS, promise_name, right_now_summary

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, tzinfo=dt_timezone.utc)
State = LedgerEntry.State


def live(state, due_on, status=LedgerEntry.Status.OPEN):
    return SimpleNamespace(state=state, label=state.label, tag_class="govuk-tag--x", sentence=f"{state} sentence",
                           entry=SimpleNamespace(due_on=due_on, status=status))


def promise(pk, *, status=None, reply_due=None, reply=None, title="", text="We promise something"):
    return SimpleNamespace(pk=pk, title=title, text=text, live=status, reply_due=reply_due, reply=reply)


def summary(promises, replies=(), seen_before=None):
    return right_now_summary(promises=promises, replies=list(replies), today=TODAY, now=NOW, seen_before=seen_before)


def test_late_comes_first_oldest_first_each_linked_to_its_promise():
    result = summary([
        promise(1, status=live(State.OVERDUE, TODAY - timedelta(days=2))),
        promise(2, status=live(State.OVERDUE, TODAY - timedelta(days=9))),
        promise(3, status=live(State.ON_TRACK, TODAY + timedelta(days=3))),
    ])
    assert [item.href for item in result.late] == ["#promise-2", "#promise-1"]
    assert {item.tag for item in result.late} == {"Late"}
    assert [item.href for item in result.coming_up] == ["#promise-3"]


def test_coming_up_is_the_next_4_weeks_only():
    result = summary([
        promise(1, status=live(State.DUE_TODAY, TODAY)),
        promise(2, status=live(State.ON_TRACK, TODAY + timedelta(days=COMING_UP_DAYS))),
        promise(3, status=live(State.ON_TRACK, TODAY + timedelta(days=COMING_UP_DAYS + 1))),
        promise(4),  # not measured
    ])
    assert [item.href for item in result.coming_up] == ["#promise-1", "#promise-2"]
    assert result.late == []
    assert COMING_UP_DAYS == 28


def test_a_reply_owed_to_their_answer_counts_like_a_promise():
    result = summary([promise(5, reply_due=live(State.OVERDUE, TODAY - timedelta(days=1)))])
    assert [item.href for item in result.late] == ["#promise-5"]


def test_a_kept_promise_is_neither_late_nor_coming_up():
    kept = live(State.MET_LATE, TODAY - timedelta(days=3), status=LedgerEntry.Status.MET)
    assert summary([promise(1, status=kept)]).is_empty


def test_replies_newest_first_new_since_the_last_visit_and_only_the_last_4_weeks():
    seen = NOW - timedelta(days=2)
    answered = SimpleNamespace(replied_at=NOW - timedelta(days=1), replier_first_name="Priya")
    old_answer = SimpleNamespace(replied_at=NOW - timedelta(days=40), replier_first_name="Priya")
    worry = Reply(at=NOW - timedelta(days=5), words="Dan replied to your worry.", link_text="Read the reply",
                  href="/my-worries/3/")
    result = summary([promise(1, reply=answered), promise(2, reply=old_answer)], replies=[worry], seen_before=seen)
    assert [(item.href, item.new) for item in result.replies] == [("#promise-1", True), ("/my-worries/3/", False)]
    assert result.replies[0].words == "Priya replied to what you told us."
    assert result.new_replies == 1


def test_on_a_first_visit_every_reply_is_new():
    worry = Reply(at=NOW - timedelta(days=5), words="Dan replied.", link_text="Read the reply", href="/my-worries/3/")
    assert summary([], replies=[worry], seen_before=None).new_replies == 1


def test_a_promise_is_named_by_its_title_or_its_first_words():
    assert promise_name(promise(1, title="Your Care Plan")) == "Your Care Plan"
    long = "If you contact us, your social worker, or someone else in the team, will return your call within two days"
    assert promise_name(promise(1, text=long)) == "If you contact us, your social worker, or someone else in the…"
