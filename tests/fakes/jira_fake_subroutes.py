"""The fake Jira's issue sub-resources: transitions, assignee, comments, remote links."""

from __future__ import annotations

from typing import Any

from tests.fakes.jira_fake_base import error
from tests.fakes.jira_fake_fields import apply_fields, check_fields
from tests.fakes.jira_fake_model import RESOLUTIONS, SCREEN_FIELD_NAMES, jira_time
from tests.fakes.jira_fake_state import JiraState

SUB_ROUTES = (
    ("GET", "/issue/([^/]+)/transitions", "on_get_transitions"),
    ("POST", "/issue/([^/]+)/transitions", "on_do_transition"),
    ("PUT", "/issue/([^/]+)/assignee", "on_assign"),
    ("GET", "/issue/([^/]+)/comment", "on_comments"),
    ("POST", "/issue/([^/]+)/comment", "on_add_comment"),
    ("GET", "/issue/([^/]+)/remotelink", "on_links"),
    ("POST", "/issue/([^/]+)/remotelink", "on_add_link"),
    ("DELETE", "/issue/([^/]+)/remotelink", "on_delete_link"),
)


class IssueSubRoutes(JiraState):
    def on_get_transitions(self, query: Any, body: Any, key: str) -> tuple[int, Any]:
        available = self.workflow.available(self.record(key).status)
        with_fields = "transitions.fields" in ",".join(query.get("expand", [])).split(",")
        found = [self.render.transition(t, with_fields=with_fields) for t in available]
        return 200, {"expand": "transitions", "transitions": found}

    def on_do_transition(self, query: Any, body: Any, key: str) -> tuple[int, Any]:
        """As Jira does it: only the fields on the transition's screen may be set (a comment is an
        `update`), each required one must be, and the resolution must be one Jira knows."""
        issue = self.record(key)
        wanted = str(((body or {}).get("transition") or {}).get("id"))
        transition = next((t for t in self.workflow.available(issue.status) if t.id == wanted), None)
        if transition is None:
            raise error(400, f"Transition id '{wanted}' is not valid for this issue.")
        fields = (body or {}).get("fields") or {}
        update = (body or {}).get("update") or {}
        given = {*fields, *update} if isinstance(fields, dict) and isinstance(update, dict) else set()
        errors = {
            name: f"Field '{name}' cannot be set. It is not on the appropriate screen, or unknown."
            for name in sorted(given)
            if name not in transition.screen
        }
        for name, required in transition.screen.items():
            if required and name not in given:
                errors[name] = f"{SCREEN_FIELD_NAMES.get(name, name)} is required."
        resolution = (fields.get("resolution") or {}).get("name") if isinstance(fields, dict) else None
        if resolution is not None and resolution not in RESOLUTIONS:
            errors["resolution"] = f"Resolution '{resolution}' is not valid."
        if errors:
            raise error(400, errors=errors)
        for added in update.get("comment") or []:
            self.on_add_comment({}, (added or {}).get("add"), key)
        self._move(issue, transition.to, resolution)
        return 204, None

    def on_assign(self, query: Any, body: Any, key: str) -> tuple[int, Any]:
        issue = self.record(key)
        problem = check_fields({"assignee": body}, mode=self.mode, users=self.users, projects={}, creating=False)
        if problem:
            raise error(400, errors=problem)
        apply_fields(issue, {"assignee": body}, self.mode)
        issue.updated = self.tick()
        return 204, None

    def on_comments(self, query: Any, body: Any, key: str) -> tuple[int, Any]:
        found = self.record(key).comments
        return 200, {"startAt": 0, "maxResults": len(found), "total": len(found), "comments": found}

    def on_add_comment(self, query: Any, body: Any, key: str) -> tuple[int, Any]:
        issue = self.record(key)
        if not isinstance(body, dict) or not isinstance(body.get("body"), str):
            raise error(400, errors={"comment": "Comment body can not be empty!"})
        cid, now = self._next("comment"), self.tick()
        comment = {
            "self": self.render.api(f"issue/{issue.id}/comment/{cid}"),
            "id": str(cid),
            "body": body["body"],
            "author": self.render.user(self.bot),
            "created": jira_time(now),
            "updated": jira_time(now),
        }
        issue.comments.append(comment)
        issue.updated = now
        return 201, comment

    def on_links(self, query: Any, body: Any, key: str) -> tuple[int, Any]:
        return 200, self.record(key).links

    def on_add_link(self, query: Any, body: Any, key: str) -> tuple[int, Any]:
        issue = self.record(key)
        obj = body.get("object") if isinstance(body, dict) else None
        if not isinstance(obj, dict) or not obj.get("url") or not obj.get("title"):
            raise error(400, errors={"object": "The remote link needs an object with url and title."})
        same = [link for link in issue.links if body.get("globalId") and link.get("globalId") == body["globalId"]]
        if same:
            same[0]["object"] = obj
            issue.updated = self.tick()
            return 200, {"id": same[0]["id"], "self": same[0]["self"]}
        lid = self._next("link")
        link = {"id": lid, "self": self.render.api(f"issue/{issue.key}/remotelink/{lid}"), "object": obj}
        link |= {k: body[k] for k in ("globalId", "relationship") if k in body}
        issue.links.append(link)
        issue.updated = self.tick()
        return 201, {"id": lid, "self": link["self"]}

    def on_delete_link(self, query: Any, body: Any, key: str) -> tuple[int, Any]:
        """`DELETE issue/KEY/remotelink?globalId=...`: 204, or 404 when no link has that global id."""
        issue = self.record(key)
        wanted = (query.get("globalId") or [""])[0]
        if not wanted:
            raise error(400, "The global id of the remote link to delete is required.")
        kept = [link for link in issue.links if link.get("globalId") != wanted]
        if len(kept) == len(issue.links):
            raise error(404, f"No remote link with global id {wanted} on issue {key}.")
        issue.links = kept
        issue.updated = self.tick()
        return 204, None
