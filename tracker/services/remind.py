"""`tracker remind`: per-owner reminders by Slack and e-mail, and one for what nobody owns.

Gather the flagged items (each owner on their own day), plan who gets what (pure: dedupe, quiet
days, unreachable owners), then send each message and record its items as sent only once it was
accepted, one transaction per message: a failure (or a crash) half-way never marks as sent what was
not. `--dry-run` returns the messages as they would be sent; nothing is sent, looked up or recorded.
"""

from __future__ import annotations

import os
import time as clock_time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Literal

from tracker.errors import ConfigError, NoSlackUserError, NotDeliveredError
from tracker.remind import compose
from tracker.remind.gather import gather
from tracker.remind.plan import (
    CHANNELS,
    Channel,
    Plan,
    Recipient,
    Reminder,
    Rules,
    addresses,
    fingerprint,
    ownerless_recipient,
    plan,
)
from tracker.services.workspace import Clock, Workspace
from tracker.store.reader import SentReminder

if TYPE_CHECKING:
    from tracker.config import Config, RemindSettings
    from tracker.remind.send_email import SmtpSender
    from tracker.remind.send_slack import SlackSender
    from tracker.store.protocol import StoreFacade

ChannelChoice = Literal["slack", "email", "both"]
#: How long "Slack knows nobody by this e-mail" is believed before it is asked again.
NO_SLACK_USER_DAYS = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class RemindRequest:
    as_of: date | None = None
    owner: str | None = None
    dry_run: bool = False
    channel: ChannelChoice | None = None  # None: `[remind] channel`


@dataclass(frozen=True, slots=True)
class Delivery:
    reminder: Reminder
    body: str  # what is (or would be) sent: the e-mail's headers and text part, or the Slack text
    items: int  # items named (and recorded when sent)
    error: str | None = None  # one line, when it was not sent
    skipped: bool = False  # Slack knows nobody by this e-mail, which reaches them by e-mail instead


@dataclass(slots=True)
class RemindRun:
    plan: Plan
    dry_run: bool
    deliveries: list[Delivery] = field(default_factory=list)

    @property
    def failed(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.error and not d.skipped]

    @property
    def skipped(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.skipped]


def remind(
    ws: Workspace, request: RemindRequest, clock: Clock, *, sleep: Callable[[float], None] = clock_time.sleep
) -> RemindRun:
    """ConfigError for a channel that is not configured or a secret's variable that is unset (before
    anything is sent); AuthError when Slack refuses the token."""
    config = ws.config
    settings = config.remind
    channels = _channels(settings, request.channel)
    secrets = {} if request.dry_run else _secrets(settings, channels)
    store, now = ws.store, clock()
    zones = {name: p.timezone for name, p in config.people.items() if p.timezone}
    found = gather(ws.reader, ws.settings, zones, settings.before_days, now, as_of=request.as_of, owner=request.owner)
    known = store.reminders.slack_ids(now - NO_SLACK_USER_DAYS)
    default_zone = ws.settings.timezone
    people = {
        name: Recipient(name, addresses(p.email, p.slack, channels, known), p.timezone or default_zone)
        for name, p in config.people.items()
    }
    target = settings.ownerless_to if request.owner is None else None
    ownerless = ownerless_recipient(target, people, channels, default_zone) if target else None
    since = datetime.combine(min(found.days.values()) - timedelta(days=settings.every_days + 1), time(), UTC)
    rules = Rules(settings.every_days, settings.skip_weekends, channels)
    planned = plan(found, people, store.reminders.sent_since(since), rules, ownerless)
    run = RemindRun(planned, request.dry_run)
    if request.dry_run:
        run.deliveries = [_preview(r, config) for r in planned.reminders]
        return run
    _Courier(config, store, secrets, now, sleep, by_email="email" in channels).deliver(planned.reminders, run)
    return run


def _channels(settings: RemindSettings, asked: ChannelChoice | None) -> tuple[Channel, ...]:
    wanted = asked or settings.channel
    configured = {"slack": settings.slack_token_env is not None, "email": settings.smtp_host is not None}
    need = {"slack": "slack_token_env", "email": "smtp_host"}
    if wanted == "both":
        chosen = tuple(c for c in CHANNELS if configured[c])
        if not chosen:
            raise ConfigError("[remind]: no channel configured; set slack_token_env (Slack) or smtp_host and from")
    elif not configured[wanted]:
        raise ConfigError(f"--channel {wanted}: [remind] {need[wanted]} is not set")
    else:
        chosen = (wanted,)
    if "email" in chosen and not settings.sender:
        raise ConfigError("[remind] from: the sender address of the e-mails is not set")
    if "email" in chosen and settings.smtp_user and not settings.smtp_password_env:
        raise ConfigError("[remind] smtp_password_env: smtp_user is set; name the variable holding its password")
    return chosen


def _secrets(settings: RemindSettings, channels: tuple[Channel, ...]) -> dict[str, str]:
    names = {"slack": settings.slack_token_env if "slack" in channels else None}
    names["email"] = settings.smtp_password_env if "email" in channels and settings.smtp_user else None
    found: dict[str, str] = {}
    for channel, env in names.items():
        if env is None:
            continue
        value = os.environ.get(env, "").strip()
        if not value:
            key = "slack_token_env" if channel == "slack" else "smtp_password_env"
            raise ConfigError(f"[remind] {key}: environment variable {env} is not set or empty")
        found[channel] = value
    return found


def _preview(reminder: Reminder, config: Config) -> Delivery:
    every = config.remind.every_days
    if reminder.address.channel == "slack":
        return _slack_delivery(reminder, compose.slack(reminder, every))
    title, text = compose.email_text(reminder, every)
    return _email_delivery(reminder, config, title, text)


def _slack_delivery(reminder: Reminder, text: str) -> Delivery:
    how = " (its Slack user, looked up by e-mail when sent)" if reminder.address.lookup else ""
    return Delivery(reminder, f"Slack to {reminder.address.value}{how}\n\n{text}\n", len(reminder.every_item))


def _email_delivery(reminder: Reminder, config: Config, title: str, text: str) -> Delivery:
    head = f"From: {config.remind.sender}\nTo: {reminder.address.value}\nSubject: {title}\n"
    return Delivery(reminder, f"{head}\n{text}(and the same as text/html)\n", len(reminder.every_item))


class _Courier:
    """Sends the planned reminders, one at a time, and records each one that went out."""

    def __init__(
        self,
        config: Config,
        store: StoreFacade,
        secrets: dict[str, str],
        now: datetime,
        sleep: Callable[[float], None],
        *,
        by_email: bool,
    ) -> None:
        self.config, self.store, self.secrets, self.now, self.sleep = config, store, secrets, now, sleep
        self.by_email = by_email  # a person Slack does not know by their e-mail is reached by e-mail
        self._slack: SlackSender | None = None
        self._email: SmtpSender | None = None
        self._ids: dict[str, str] = {}

    def deliver(self, reminders: list[Reminder], run: RemindRun) -> None:
        if any(r.address.channel == "slack" for r in reminders):
            self._slack_sender()  # the token is checked before anything is sent
        try:
            for reminder in reminders:
                run.deliveries.append(self._one(reminder))
        finally:
            if self._email is not None:
                self._email.close()

    def _one(self, reminder: Reminder) -> Delivery:
        """Send it; once accepted, record every item it named (or counted), in one transaction."""
        count = len(reminder.every_item)
        try:
            done = self._slack_one(reminder) if reminder.address.channel == "slack" else self._email_one(reminder)
        except NoSlackUserError as exc:
            with self.store.transaction():
                self.store.reminders.save_slack_id(reminder.address.value, "", self.now)
            return Delivery(reminder, "", count, error=str(exc), skipped=self.by_email)
        except NotDeliveredError as exc:
            return Delivery(reminder, "", count, error=str(exc))
        sent = done.reminder
        channel, address = sent.address.channel, sent.address.value
        with self.store.transaction():
            self.store.reminders.record(
                SentReminder(i.row.id, sent.recipient, channel, address, self.now, fingerprint(i))
                for i in sent.every_item
            )
        return done

    def _slack_one(self, reminder: Reminder) -> Delivery:
        slack = self._slack_sender()
        if reminder.address.lookup:
            reminder = replace(reminder, address=replace(reminder.address, value=self._user_id(reminder), lookup=False))
        text = compose.slack(reminder, self.config.remind.every_days)
        slack.post(reminder.address.value, text)
        return _slack_delivery(reminder, text)

    def _user_id(self, reminder: Reminder) -> str:
        email = reminder.address.value
        found = self._ids.get(email.lower())
        if found is None:
            found = self._ids[email.lower()] = self._slack_sender().lookup(email)
            with self.store.transaction():
                self.store.reminders.save_slack_id(email, found, self.now)
        return found

    def _email_one(self, reminder: Reminder) -> Delivery:
        from tracker.remind.send_email import build

        settings = self.config.remind
        title, text = compose.email_text(reminder, settings.every_days)
        html = compose.email_html(reminder, settings.every_days)
        try:
            message = build(settings.sender or "", reminder.address.value, title, text, html)
        except ValueError as exc:  # a line break in an address: the e-mail package refuses the header
            raise NotDeliveredError(
                f"e-mail not built ({exc})", target="email", item_id=reminder.address.value
            ) from None
        self._email_sender().send(message)
        return _email_delivery(reminder, self.config, title, text)

    def _slack_sender(self) -> SlackSender:
        if self._slack is None:
            from tracker.logs import quiet_library_logs
            from tracker.remind.send_slack import SlackSender

            quiet_library_logs()
            settings = self.config.remind
            slack = SlackSender(
                self.secrets["slack"],
                settings.slack_api_url,
                settings.slack_token_env or "",
                max_wait=self.config.sync.max_rate_wait,
                sleep=self.sleep,
            )
            slack.check()
            self._slack = slack
        return self._slack

    def _email_sender(self) -> SmtpSender:
        if self._email is None:
            from tracker.remind.send_email import SmtpSender

            s = self.config.remind
            self._email = SmtpSender(
                s.smtp_host or "",
                s.smtp_port,
                starttls=s.smtp_starttls,
                user=s.smtp_user,
                password=self.secrets.get("email"),
                ca_file=s.smtp_ca_file,
                timeout=s.smtp_timeout,
            )
        return self._email
