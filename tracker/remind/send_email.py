"""Sending reminders by e-mail through SMTP (`smtplib`): multipart/alternative, plain text and HTML.

One connection serves the run; after any failure it is dropped and the next message opens a new
one, so a refused recipient, a timeout or a refused login costs that message only (a
NotDeliveredError naming the recipient and the cause), never the others. With `smtp_starttls`
(the default) the connection is upgraded before the login and a server that cannot is refused, never
used in clear; `smtp_ca_file` names the certificates to trust (else the system's). The password
comes from the environment and appears in no message.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from tracker.errors import NotDeliveredError


class SmtpSender:
    def __init__(
        self,
        host: str,
        port: int,
        *,
        starttls: bool = True,
        user: str | None = None,
        password: str | None = None,
        ca_file: Path | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.host, self.port, self.starttls = host, port, starttls
        self.user, self._password, self.ca_file, self.timeout = user, password, ca_file, timeout
        self._smtp: smtplib.SMTP | None = None

    def __repr__(self) -> str:  # (never the password)
        return f"SmtpSender({self.host}:{self.port}, starttls={self.starttls}, user={self.user!r})"

    def send(self, message: EmailMessage) -> None:
        to = str(message["To"])
        try:
            smtp = self._smtp or self._connect()
            smtp.send_message(message)
        except Exception as exc:
            self.close()
            raise NotDeliveredError(f"e-mail not sent: {_cause(exc, self)}", target="email", item_id=to) from None

    def _connect(self) -> smtplib.SMTP:
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        self._smtp = smtp
        smtp.ehlo()
        if self.starttls:
            smtp.starttls(context=ssl.create_default_context(cafile=str(self.ca_file) if self.ca_file else None))
            smtp.ehlo()
        if self.user:
            smtp.login(self.user, self._password or "")
        return smtp

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except Exception:  # a connection that broke: nothing to say goodbye to
                smtp.close()


def _cause(exc: Exception, sender: SmtpSender) -> str:
    where = f"{sender.host}:{sender.port}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, answer = next(iter(exc.recipients.values()), (0, b""))
        return f"recipient refused ({code} {_said(answer)})"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"login as {sender.user!r} refused by {where} ({exc.smtp_code}); check smtp_user and its password"
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return f"{where} offers no STARTTLS ([remind] smtp_starttls = true): not sent in clear"
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return f"sender refused ({exc.smtp_code} {_said(exc.smtp_error)}); check [remind] from"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{where} answered {exc.smtp_code} {_said(exc.smtp_error)}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"the certificate of {where} is not trusted ({exc.verify_message}); set [remind] smtp_ca_file"
    if isinstance(exc, TimeoutError) or (isinstance(exc, smtplib.SMTPServerDisconnected) and "timed out" in str(exc)):
        return f"{where} did not answer within {sender.timeout:g} s"  # (smtplib words a read timeout so)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"{where} closed the connection"
    if isinstance(exc, ValueError):  # a header the e-mail package refuses (a line break in an address)
        return f"invalid message ({exc})"
    return f"{where}: {exc.__class__.__name__}"


def _said(answer: bytes | str) -> str:
    text = answer.decode("utf-8", "replace") if isinstance(answer, bytes) else str(answer)
    return " ".join(text.split())[:120]


def build(sender: str, to: str, subject: str, text: str, html: str) -> EmailMessage:
    """multipart/alternative: the plain text first, the HTML last (what clients prefer to show)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to a reminder
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message
