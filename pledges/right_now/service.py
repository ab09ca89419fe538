"""The "right now" summary at the top of My pledge, as a pure function of what the page already holds: what is late
(first), what is coming up in the next few weeks, and replies written to the young person. Every item links to its
promise on the page (#promise-<id>) or to the page holding the reply, so a count is never without its items.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils.text import Truncator

from ..ledger_entries import LedgerEntry

State = LedgerEntry.State

# "Coming up" means due within the next 4 weeks: far enough to plan for, near enough to matter.
COMING_UP_DAYS = 28
# Replies from the last 4 weeks are listed; those since the young person's last visit are marked new.
REPLY_DAYS = 28
# A promise's name in the summary: its title, or its first words.
NAME_WORDS = 12


@dataclass(frozen=True)
class Item:
    name: str  # the promise (or reply) it is about
    words: str  # what is happening, in plain words
    href: str
    tag: str = ""
    tag_class: str = ""
    due_on: date | None = None
    new: bool = False
    link_text: str = ""


@dataclass(frozen=True)
class RightNow:
    late: list[Item] = field(default_factory=list)
    coming_up: list[Item] = field(default_factory=list)
    replies: list[Item] = field(default_factory=list)
    coming_up_days: int = COMING_UP_DAYS

    @property
    def new_replies(self) -> int:
        return sum(1 for reply in self.replies if reply.new)

    @property
    def is_empty(self) -> bool:
        return not (self.late or self.coming_up or self.replies)


def promise_name(promise) -> str:
    return promise.title or Truncator(promise.text).words(NAME_WORDS, truncate="…")


def _item(promise, live, tag=None) -> Item:
    return Item(name=promise_name(promise), words=live.sentence, href=f"#promise-{promise.pk}",
                tag=tag or live.label, tag_class=live.tag_class, due_on=live.entry.due_on)


def right_now_summary(*, promises, replies, today: date, now: datetime, seen_before: datetime | None,
                      coming_up_days: int = COMING_UP_DAYS, reply_days: int = REPLY_DAYS) -> RightNow:
    """`promises` are the page's shown promises, each with `live` (its ledger status or None), `reply_due` (the
    clock of a reply owed to their answer, or None) and `reply` (the latest reply to their answer, or None);
    `replies` are the other replies (pledges.right_now.replies). Late and coming up come only from `promises`, so
    everything counted is on the page."""
    late, coming_up, answered = [], [], []
    horizon = today + timedelta(days=coming_up_days)
    for promise in promises:
        for live in (promise.live, promise.reply_due):
            if live is None or live.entry.status != LedgerEntry.Status.OPEN:
                continue
            if live.state == State.OVERDUE:
                late.append(_item(promise, live, tag="Late"))
            elif live.entry.due_on <= horizon:
                coming_up.append(_item(promise, live))
        reply = promise.reply
        if reply is not None and reply.replied_at >= now - timedelta(days=reply_days):
            answered.append((reply.replied_at, Item(
                name=promise_name(promise), words=f"{reply.replier_first_name} replied to what you told us.",
                href=f"#promise-{promise.pk}", link_text="Read the reply",
                new=seen_before is None or reply.replied_at > seen_before)))
    for other in replies:
        answered.append((other.at, Item(name="", words=other.words, href=other.href, link_text=other.link_text,
                                        new=seen_before is None or other.at > seen_before)))
    answered.sort(key=lambda pair: pair[0], reverse=True)
    return RightNow(
        late=sorted(late, key=lambda item: item.due_on),
        coming_up=sorted(coming_up, key=lambda item: item.due_on),
        replies=[item for _at, item in answered],
        coming_up_days=coming_up_days,
    )
