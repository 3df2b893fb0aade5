"""The SMTP sender against a real SMTP server on 127.0.0.1 (aiosmtpd): parts, headers, STARTTLS with
a test certificate, logins, and failures that cost one message only."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.smtp_server import Inbox, self_signed, server_context, smtp_server
from tracker.errors import NotDeliveredError
from tracker.remind.send_email import SmtpSender, build

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


def _message(to: str, text: str = "plain words", html: str = "<p>html words</p>") -> object:
    return build("tracker@example.com", to, "Your action items: 1 overdue", text, html)


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


@pytest.fixture
def plain(inbox: Inbox) -> Iterator[int]:
    with smtp_server(inbox, auth=True) as port:
        yield port


def test_a_message_has_its_recipient_headers_and_both_parts(inbox: Inbox, plain: int) -> None:
    sender = SmtpSender("127.0.0.1", plain, starttls=False)
    sender.send(_message("alice@example.com", f"text {HOSTILE}", "<p>&lt;script&gt;</p>"))  # type: ignore[arg-type]
    sender.close()
    [got] = inbox.received
    assert got.rcpt_tos == ["alice@example.com"] and got.mail_from == "tracker@example.com"
    mail = got.message
    assert mail["To"] == "alice@example.com" and mail["From"] == "tracker@example.com"
    assert mail["Subject"] == "Your action items: 1 overdue" and mail["Message-ID"] and mail["Date"]
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail.get_content_type() == "multipart/alternative"
    kinds = [part.get_content_type() for part in mail.iter_parts()]
    assert kinds == ["text/plain", "text/html"]
    text, html = (part.get_content() for part in mail.iter_parts())
    assert HOSTILE in text and "<script>" not in html and "&lt;script&gt;" in html


def test_one_connection_serves_several_messages(inbox: Inbox, plain: int) -> None:
    sender = SmtpSender("127.0.0.1", plain, starttls=False, user=inbox.user, password=inbox.password)
    for who in ("a@example.com", "b@example.com", "c@example.com"):
        sender.send(_message(who))  # type: ignore[arg-type]
    sender.close()
    assert [r.rcpt_tos for r in inbox.received] == [["a@example.com"], ["b@example.com"], ["c@example.com"]]
    assert inbox.logins == 1


def test_a_refused_recipient_fails_that_message_only(inbox: Inbox, plain: int) -> None:
    inbox.refuse.add("gone@example.com")
    sender = SmtpSender("127.0.0.1", plain, starttls=False)
    with pytest.raises(NotDeliveredError) as caught:
        sender.send(_message("gone@example.com"))  # type: ignore[arg-type]
    sender.send(_message("alice@example.com"))  # type: ignore[arg-type]
    sender.close()
    assert str(caught.value).startswith("[email] gone@example.com: e-mail not sent: recipient refused (550")
    assert [r.rcpt_tos for r in inbox.received] == [["alice@example.com"]]


def test_a_refused_login_fails_that_message_and_the_next_one_logs_in_again(inbox: Inbox, plain: int) -> None:
    inbox.fail_sessions = 1
    sender = SmtpSender("127.0.0.1", plain, starttls=False, user=inbox.user, password=inbox.password)
    with pytest.raises(NotDeliveredError) as caught:
        sender.send(_message("alice@example.com"))  # type: ignore[arg-type]
    sender.send(_message("bob@example.com"))  # type: ignore[arg-type]
    sender.close()
    assert "login as 'tracker' refused" in str(caught.value) and "(535)" in str(caught.value)
    assert inbox.password not in str(caught.value)
    assert [r.rcpt_tos for r in inbox.received] == [["bob@example.com"]]


def test_a_timeout_fails_that_message_only(inbox: Inbox, plain: int) -> None:
    inbox.slow.add("slow@example.com")
    inbox.delay = 2.0
    sender = SmtpSender("127.0.0.1", plain, starttls=False, timeout=0.5)
    with pytest.raises(NotDeliveredError) as caught:
        sender.send(_message("slow@example.com"))  # type: ignore[arg-type]
    sender.send(_message("alice@example.com"))  # type: ignore[arg-type]
    sender.close()
    assert "did not answer within 0.5 s" in str(caught.value)
    assert [r.rcpt_tos for r in inbox.received] == [["alice@example.com"]]


def test_no_server_is_a_failure_naming_it() -> None:
    from tests.fakes.smtp_server import free_port

    port = free_port()
    with pytest.raises(NotDeliveredError, match=f"127.0.0.1:{port}: ConnectionRefusedError"):
        SmtpSender("127.0.0.1", port, starttls=False).send(_message("a@example.com"))  # type: ignore[arg-type]


def test_starttls_with_the_test_certificate_then_login(inbox: Inbox, cert: tuple[Path, Path]) -> None:
    with smtp_server(inbox, tls=server_context(*cert), auth=True) as port:
        sender = SmtpSender("127.0.0.1", port, starttls=True, user=inbox.user, password=inbox.password, ca_file=cert[0])
        sender.send(_message("alice@example.com"))  # type: ignore[arg-type]
        sender.close()
    [got] = inbox.received
    assert got.tls and got.rcpt_tos == ["alice@example.com"] and inbox.logins == 1


def test_starttls_refuses_a_certificate_it_does_not_trust(inbox: Inbox, cert: tuple[Path, Path]) -> None:
    with smtp_server(inbox, tls=server_context(*cert)) as port, pytest.raises(NotDeliveredError) as caught:
        SmtpSender("127.0.0.1", port, starttls=True).send(_message("a@example.com"))  # type: ignore[arg-type]
    assert "is not trusted" in str(caught.value) and "smtp_ca_file" in str(caught.value)
    assert inbox.received == []


def test_starttls_is_never_skipped_when_the_server_lacks_it(inbox: Inbox, plain: int) -> None:
    with pytest.raises(NotDeliveredError, match="offers no STARTTLS"):
        SmtpSender("127.0.0.1", plain, starttls=True).send(_message("a@example.com"))  # type: ignore[arg-type]
    assert inbox.received == []


def test_the_test_certificate_verifies_for_127_0_0_1(cert: tuple[Path, Path]) -> None:
    """The certificate is what a client checks: it names the address (else the test above proves nothing)."""
    context = ssl.create_default_context(cafile=str(cert[0]))
    assert context.cert_store_stats()["x509_ca"] == 1
