"""`tracker.services.review`: accept, reject or edit proposed items before any sync files them.

At a terminal it walks the proposed items one by one; `--accept`, `--reject`, `--accept-all` and
`--reject-all` decide without asking. With neither a terminal nor a flag it lists them and says
how to decide (it never waits for input that cannot come). The decisions are `tracker.services.review`'s.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.prompt import Prompt

from tracker.cli import context, render
from tracker.cli.app import app
from tracker.errors import InputError
from tracker.model import ActionItem, Postmortem, utcnow
from tracker.services import review
from tracker.values import due_label

if TYPE_CHECKING:
    from rich.console import Console

CHOICES = "\\[a]ccept / \\[r]eject / \\[e]dit / \\[s]kip / \\[q]uit"
CLEAR = "-"  # typed for an owner or a due date: none


class _Choice(Prompt):
    """A choice by its first letter, any case: `a`, `A` and `accept` all accept."""

    def process_response(self, value: str) -> str:
        return str(super().process_response(value.strip()[:1].lower()))


@app.command("review")
def review_items(
    ctx: typer.Context,
    postmortem: Annotated[
        str | None, typer.Argument(metavar="[PM]", help="Only this postmortem's items (id, title or path).")
    ] = None,
    accept: Annotated[
        list[str] | None,
        typer.Option(
            "--accept", metavar="IDS", help="Accept these items (AI-4,AI-7 or 4,7): the next sync files them."
        ),
    ] = None,
    reject: Annotated[
        list[str] | None,
        typer.Option("--reject", metavar="IDS", help="Reject these items: won't do, never proposed again."),
    ] = None,
    accept_all: Annotated[
        bool, typer.Option("--accept-all", help="Accept every proposed item (but those given to --reject).")
    ] = False,
    reject_all: Annotated[
        bool, typer.Option("--reject-all", help="Reject every proposed item (but those given to --accept).")
    ] = False,
) -> None:
    """Review proposed items (extracted, not yet synced): accept, reject or edit them one by one.

    At a terminal it asks about each item; the options decide without asking.

    Example: tracker review PM-3 --accept AI-4,AI-7 --reject AI-5
    """
    obj = context.get(ctx)
    store = obj.store
    pm = store.get_postmortem(obj.postmortem_ref(postmortem)) if postmortem else None
    pm_id = pm.id if pm else None
    accepted, rejected = _ids(accept, "--accept"), _ids(reject, "--reject")
    if accept_all and reject_all:
        raise InputError("--accept-all and --reject-all contradict each other; give one")
    rest: review.Rest = "accept" if accept_all else "reject" if reject_all else None
    if accepted or rejected or rest:
        done = review.decide(store, utcnow(), accept=accepted, reject=rejected, rest=rest, postmortem_id=pm_id)
        _print_decisions(render.console(), done)
        return
    items = review.proposed(store, pm_id)
    if not items:
        render.console().print(f"nothing to review{' in ' + pm_id if pm_id else ''}", markup=False)
    elif sys.stdin.isatty():
        _walk(obj, items, pm_id, store.postmortems({i.postmortem_id for i in items}))
    else:
        _list(items, pm_id, store.postmortems({i.postmortem_id for i in items}), obj.people.canonical)


def _ids(values: list[str] | None, option: str) -> list[str]:
    """`--accept AI-4,AI-7 --accept 9` -> ["AI-4", "AI-7", "9"]."""
    ids = [part.strip() for value in values or [] for part in value.split(",")]
    if any(not part for part in ids):
        raise InputError(f"{option}: give item ids separated by commas, like AI-4,AI-7")
    return ids


def _print_decisions(out: Console, done: review.Decisions) -> None:
    if done.accepted:
        out.print(f"accepted {', '.join(done.accepted)}: the next sync files them", markup=False)
    if done.rejected:
        out.print(f"rejected {', '.join(done.rejected)}: won't do, never proposed again", markup=False)
    if not done.accepted and not done.rejected:
        out.print("nothing to review", markup=False)


def _list(items: list[ActionItem], pm_id: str | None, pms: dict[str, Postmortem], name: render.OwnerName) -> None:
    from tracker.report import plain

    rows = [
        [
            i.id,
            i.text,
            name(i.owner) or "-",
            str(i.due or "-"),
            "-" if i.confidence is None else f"{i.confidence:.2f}",
            i.postmortem_id,
        ]
        for i in items
    ]
    headers = ("id", "text", "owner", "due", "confidence", "postmortem")
    width = render.output_width() or sys.maxsize
    sys.stdout.write(plain.table(headers, rows, width=width, shrink=(1,), floors={1: 30}))
    where = pm_id or "PM"
    sys.stdout.write(
        f"{len(items)} proposed items, not synced until accepted. At a terminal `tracker review {where}` asks "
        f"about each; or decide here: tracker review {where} --accept {items[0].id} --reject ... "
        "(--accept-all, --reject-all)\n"
    )


def _walk(obj: context.Context, items: list[ActionItem], pm_id: str | None, pms: dict[str, Postmortem]) -> None:
    """Ask about each item in turn; every answer is saved at once (quitting keeps what was decided)."""
    out = render.console()
    decided = review.Decisions()
    for n, item in enumerate(items, 1):
        choice = "e"
        while choice == "e":
            _show(out, item, f"{n} of {len(items)}", pms.get(item.postmortem_id), obj.people.canonical)
            choice = _ask(out)
            if choice == "e":
                item = _edit(obj, out, item, pm_id)
        if choice == "q":
            break
        if choice in ("a", "r"):
            one = review.decide(
                obj.store,
                utcnow(),
                accept=[item.id] if choice == "a" else [],
                reject=[item.id] if choice == "r" else [],
                postmortem_id=pm_id,
            )
            out.print(f"{item.id} {'accepted' if one.accepted else 'rejected'}", markup=False)
            decided = review.Decisions(decided.accepted + one.accepted, decided.rejected + one.rejected)
    out.print()
    if decided.accepted or decided.rejected:
        _print_decisions(out, decided)
    else:
        out.print("nothing decided")
    left = len(review.proposed(obj.store, pm_id))
    if left:
        out.print(f"{left} still proposed: tracker review{' ' + pm_id if pm_id else ''}", markup=False)


def _show(out: Console, item: ActionItem, place: str, pm: Postmortem | None, name: render.OwnerName) -> None:
    confidence = "-" if item.confidence is None else f"{item.confidence:.2f}"
    lines = [
        ("item", f"{item.id} ({place}) from {pm.title if pm else item.postmortem_id} ({item.postmortem_id})"),
        ("text", item.text),
        ("section", item.section or "-"),
        ("owner", name(item.owner) or "-"),
        ("due", due_label(item.due, item.due_derived)),
        ("confidence", confidence),
        ("reasons", ", ".join(item.reasons) or "-"),
    ]
    out.print()
    for key, value in lines:
        out.print(f"{key:>10}  {value}", markup=False)


def _ask(out: Console) -> str:
    """One of a, r, e, s, q; end of input (or Ctrl-C) quits."""
    try:
        return str(_Choice.ask(CHOICES, console=out, choices=list("aresq"), show_choices=False))
    except (EOFError, KeyboardInterrupt):
        out.print()
        return "q"


def _edit(obj: context.Context, out: Console, item: ActionItem, pm_id: str | None) -> ActionItem:
    """Ask for a new text, owner and due date (Enter keeps each); save what changed."""
    try:
        text = " ".join(Prompt.ask("      text", console=out, default=item.text).split())
        owner = Prompt.ask(f"     owner ({CLEAR} for none)", console=out, default=item.owner or CLEAR).strip()
        due = _ask_due(obj, out, item)
    except (EOFError, KeyboardInterrupt):
        out.print()
        return item
    changes: dict[str, Any] = {}
    if text and text != item.text:
        changes["text"] = text
    if (None if owner in ("", CLEAR) else owner) != item.owner:
        changes["owner"] = None if owner in ("", CLEAR) else owner
    if due is not False and due != item.due:
        changes.update(due=due, due_derived=False)
    if not changes:
        return item
    edited = review.edit(obj.store, item.id, changes, utcnow(), postmortem_id=pm_id)
    out.print(f"{item.id} updated: {', '.join(k for k in changes if k != 'due_derived')}", markup=False)
    return edited


def _ask_due(obj: context.Context, out: Console, item: ActionItem) -> Any:
    """The new due date, None to clear it, or False to keep it; asks again after a date it cannot read."""
    current = str(item.due) if item.due else CLEAR
    while True:
        value = Prompt.ask(f"       due ({CLEAR} for none; 2026-12-01, EOW, next friday)", console=out, default=current)
        value = value.strip()
        if value == current:
            return False
        if value in ("", CLEAR):
            return None
        try:
            return context.parse_date_option(value, "due", day_first=obj.config.extract.day_first)
        except InputError as exc:  # a typo at the prompt: say so and ask again
            out.print(str(exc), markup=False)
