"""Pure: which ticket references name an issue of a connector's own tracker, and its key there.

A document says where work is tracked already, as people write it (`#12`, `octo/tracker#12`,
`group/sub/name#12`, `PROJ-7`, a URL, `b/289114`). Each connector recognises references to its own
repository or project and nothing else: another repository's, another project's, another tracker's
reference is None, and the item keeps it as written without ever being linked through it.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

_NUMBER = r"0*([1-9][0-9]*)"
_HASH_RE = re.compile(rf"#{_NUMBER}")
_REPO_HASH_RE = re.compile(rf"([\w.-]+/[\w.-]+)#{_NUMBER}")
_ISSUE_PATH_RE = re.compile(rf"/([\w.-]+/[\w.-]+)/issues/{_NUMBER}/?")
_JIRA_KEY_RE = re.compile(rf"([A-Za-z][A-Za-z0-9_]*)-{_NUMBER}")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def github_issue_number(ticket: str, repo: str, base_url: str) -> str | None:
    """ "12" for `#12`, `octo/tracker#12` or `https://github.com/octo/tracker/issues/12` when `repo` is
    octo/tracker; the issue pages of a GitHub Enterprise server are on its API's host."""
    ref = ticket.strip()
    if match := _HASH_RE.fullmatch(ref):
        return match.group(1)
    if match := _REPO_HASH_RE.fullmatch(ref):
        return match.group(2) if match.group(1).lower() == repo.lower() else None
    page = _web_url(ref)
    if page is None or _server(page) not in _github_web_servers(base_url):
        return None
    match = _ISSUE_PATH_RE.fullmatch(page.path)
    return match.group(2) if match and match.group(1).lower() == repo.lower() else None


_GITLAB_REF_RE = re.compile(rf"([\w.-]+(?:/[\w.-]+)+)#{_NUMBER}")
_GITLAB_PAGE_RE = re.compile(rf"/(.+?)(?:/-)?/(?:issues|work_items)/{_NUMBER}/?")


def gitlab_issue_iid(ticket: str, project: str, url: str) -> str | None:
    """ "12" for `#12`, `group/sub/name#12` or `<url>/group/sub/name/-/issues/12` when `project` is
    group/sub/name (any case; a numeric project id knows only `#12`); the server of `url`, under its
    path when GitLab is served from one."""
    ref = ticket.strip()
    if match := _HASH_RE.fullmatch(ref):
        return match.group(1)
    if match := _GITLAB_REF_RE.fullmatch(ref):
        return match.group(2) if match.group(1).lower() == project.lower() else None
    page = _web_url(ref)
    server = urlsplit(url.strip())
    prefix = server.path.rstrip("/")
    if page is None or _server(page) != _server(server) or not page.path.startswith(prefix + "/"):
        return None
    match = _GITLAB_PAGE_RE.fullmatch(page.path[len(prefix) :])
    return match.group(2) if match and match.group(1).lower() == project.lower() else None


def jira_issue_key(ticket: str, project: str, server_url: str) -> str | None:
    """ "PROJ-7" for `PROJ-7` (any case) or `<server url>/browse/PROJ-7` when `project` is PROJ."""
    ref = ticket.strip()
    page = _web_url(ref)
    if page is not None:
        server = urlsplit(server_url.strip())
        prefix = server.path.rstrip("/") + "/browse/"
        if _server(page) != _server(server) or not page.path.startswith(prefix):
            return None
        ref = page.path[len(prefix) :].rstrip("/")
    match = _JIRA_KEY_RE.fullmatch(ref)
    if match is None or match.group(1).upper() != project.upper():
        return None
    return f"{match.group(1).upper()}-{match.group(2)}"


def memory_issue_key(ticket: str, target: str) -> str | None:
    """ "MEM-3" for `MEM-3` or `memory://<target>/MEM-3`."""
    ref = ticket.strip()
    prefix = f"memory://{target}/"
    ref = ref[len(prefix) :] if ref.startswith(prefix) else ref
    match = _JIRA_KEY_RE.fullmatch(ref)
    return f"MEM-{match.group(2)}" if match and match.group(1).upper() == "MEM" else None


def _web_url(ref: str) -> SplitResult | None:
    if "://" not in ref:
        return None
    try:
        parts = urlsplit(ref)
        _ = parts.port  # a bad port raises here
    except ValueError:
        return None
    return parts if parts.scheme.lower() in _DEFAULT_PORTS and parts.hostname else None


def _server(parts: SplitResult) -> tuple[str, int | None]:
    """Host and port, the scheme's default port as none (http:// and https:// name one server)."""
    try:
        port = parts.port
    except ValueError:
        port = None
    return (parts.hostname or "").lower(), None if port == _DEFAULT_PORTS.get(parts.scheme.lower()) else port


def _github_web_servers(base_url: str) -> set[tuple[str, int | None]]:
    """Where the issues of the API at `base_url` are shown: api.github.com's on github.com, a GitHub
    Enterprise server's (`https://ghe.acme.com/api/v3`) on its own host, GHE.com's (`api.acme.ghe.com`)
    on the host without `api.`."""
    api = urlsplit(base_url.strip())
    host, port = _server(api)
    servers = {(host, port), (host.removeprefix("api."), port)}
    if host.removeprefix("api.") == "github.com":
        servers.add(("www.github.com", port))
    return servers
