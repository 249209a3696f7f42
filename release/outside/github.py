"""The GitHub REST API: a small client, and the questions the guard asks about a push.

The client speaks JSON over :mod:`release.outside.http` (a deadline and a size cap on every
answer) and honours ``GITHUB_API_URL`` (GitHub Enterprise Server, and the local fake the
tests use). The token goes only to the API's origin (scheme, host and port; and
uploads.github.com for api.github.com): every URL an answer names (a ``Link: rel="next"``
page, an asset's ``url``, a redirect) gets it only when it is on that origin. Pages are
followed only on the API's origin, never to a page already read, and at most
:data:`MAX_PAGES` of them. :class:`PushApi` pages through a comparison, the pull requests of a
commit and the commits of a pull request, with bounded retries and one deadline
(``release guard-main``); an answer of the wrong shape is "cannot verify", never a crash.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from release.errors import ReleaseError, UsageError, shorten
from release.outside import http
from release.outside import redact as redaction

API_VERSION = "2022-11-28"
DEFAULT_API = "https://api.github.com"
UPLOADS = "https://uploads.github.com"
MAX_PAGES = 20
"""Pages of a release list or an asset list (100 items each)."""
MAX_PUSH_PAGES = 100
"""Pages of a comparison or of a pull request's commits: 10,000 commits."""

Progress = Callable[[str], None]
_SHA = re.compile(r"[0-9a-fA-F]{4,64}")


class GitHubError(ReleaseError):
    """The GitHub API refused a request or could not be reached."""


@dataclass(frozen=True)
class GitHub:
    """The REST API of one repository."""

    api: str
    repo: str
    token: str | None
    timeout: float = 20.0

    @classmethod
    def from_env(cls, env: Mapping[str, str], repo: str | None) -> GitHub:
        repository = repo or env.get("GITHUB_REPOSITORY", "")
        if not re.fullmatch(r"[\w.-]+/[\w.-]+", repository) or ".." in repository:
            raise UsageError("no repository given" if not repository else
                             f"{shorten(repository)!r} is not OWNER/NAME",
                             "pass --repo OWNER/NAME or set GITHUB_REPOSITORY")
        api = env.get("GITHUB_API_URL") or DEFAULT_API
        try:
            http.check_url(api)
        except http.Unreachable as exc:
            raise GitHubError(f"GITHUB_API_URL: {exc}",
                             "set GITHUB_API_URL to the API's URL (https://api.github.com, or "
                             "your GitHub Enterprise Server's https://HOST/api/v3), or unset it"
                             ) from None
        name = "GITHUB_TOKEN" if env.get("GITHUB_TOKEN") else "GH_TOKEN"
        token = (env.get("GITHUB_TOKEN") or env.get("GH_TOKEN") or "").strip() or None
        redaction.register(token)
        if token is not None and not all(c.isprintable() and not c.isspace() for c in token):
            raise UsageError(f"{name} holds a space or a control character, which no GitHub "
                             "token has", f"set {name} to the token alone (no line break)")
        return cls(api, repository, token)

    def url(self, path: str, **params: object) -> str:
        base = f"{self.api.rstrip('/')}/repos/{self.repo}{path}"
        return f"{base}?{urlencode(params)}" if params else base

    @property
    def origins(self) -> tuple[str, ...]:
        """Where the token may go: the API's origin (and GitHub's upload host)."""
        api = http.origin(self.api)
        return (self.api, UPLOADS) if api == http.origin(DEFAULT_API) else (self.api,)

    def on_api(self, url: str) -> bool:
        return http.origin(url) in {http.origin(o) for o in self.origins}

    def _credential(self) -> http.Credential | None:
        return http.Credential.for_urls(f"Bearer {self.token}", *self.origins) \
            if self.token else None

    def request(self, method: str, url: str, body: object = None, *,
                accept: str = "application/vnd.github+json", raw: bytes | None = None,
                content_type: str | None = None, timeout: float | None = None,
                sink: Callable[[bytes], None] | None = None, limit: int = http.MAX_BODY
                ) -> http.Response:
        headers = {"Accept": accept, "X-GitHub-Api-Version": API_VERSION,
                   "User-Agent": "release-lifecycle"}
        data = raw
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        elif content_type:
            headers["Content-Type"] = content_type
        return http.request(method, url, headers=headers, data=data,
                            timeout=timeout or self.timeout, credential=self._credential(),
                            sink=sink, limit=limit)

    def get_json(self, url: str) -> object:
        return self.request("GET", url).json()

    def next_page(self, answer: http.Response, seen: set[str], first: str,
                  max_pages: int) -> str | None:
        """The ``rel="next"`` page after ``answer``, or ``None``; :class:`http.Unreachable`
        for a next page on another origin, one already read, or one too many."""
        found = http.next_link(answer.headers)
        if found is None:
            return None
        if not self.on_api(found):
            raise http.Unreachable(f"the API named a next page on another host "
                                   f"({shorten(http.redact_url(found))}); pages are only "
                                   "followed on the API's own origin")
        if found in seen:
            raise http.Unreachable(f"the API's pages of {http.redact_url(first)} lead back to "
                                   "a page already read")
        if len(seen) >= max_pages:
            raise http.Unreachable(f"more than {max_pages} pages at {http.redact_url(first)}")
        seen.add(found)
        return found

    def pages(self, url: str, key: str | None = None, max_pages: int = MAX_PAGES
              ) -> Iterator[tuple[object, list[object]]]:
        """``(page, items)`` per page, following ``Link: rel="next"``."""
        next_url: str | None = url
        seen = {url}
        while next_url is not None:
            answer = self.request("GET", next_url)
            data = answer.json()
            items = data.get(key, []) if key and isinstance(data, dict) else data
            yield data, list(items) if isinstance(items, list) else []
            next_url = self.next_page(answer, seen, url, max_pages)

    def redact(self, text: str) -> str:
        redaction.register(self.token)
        return redaction.redact(text)


def find_release(gh: GitHub, tag: str) -> dict[str, object] | None:
    """The GitHub Release of ``tag`` (drafts too), or ``None``."""
    try:
        found = gh.get_json(gh.url(f"/releases/tags/{quote(tag, safe='')}"))
        if isinstance(found, dict):
            return found
    except http.HttpError as exc:
        if exc.status != 404:
            raise
    for _, items in gh.pages(gh.url("/releases", per_page=100)):
        for item in items:  # drafts are only listed, never found by tag
            if isinstance(item, dict) and item.get("tag_name") == tag:
                return item
    return None


def release_id(release: dict[str, object]) -> int:
    """The release's id: a whole number, or the API answered something else."""
    value = release.get("id")
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise GitHubError(f"the API gave the release an id that is not a number "
                          f"({shorten(repr(value))})", "check GITHUB_API_URL, then run the "
                          "same command again")
    return value


def release_assets(gh: GitHub, release: dict[str, object]) -> list[dict[str, object]]:
    """Every asset of a release (name, digest, url, ...), page by page."""
    found: list[dict[str, object]] = []
    for _, items in gh.pages(gh.url(f"/releases/{release_id(release)}/assets", per_page=100)):
        found += [item for item in items if isinstance(item, dict)]
    return found


def describe_error(exc: http.HttpError | http.Unreachable) -> str:
    if isinstance(exc, http.Unreachable):
        return str(exc)
    message = exc.message()
    return f"HTTP {exc.status}" + (f" ({message})" if message else "")


@dataclass(frozen=True)
class Commit:
    sha: str
    message: str = ""


class CannotVerify(Exception):
    """The API cannot answer (auth, not found, rate limit, network, truncation)."""


class PushApi:
    """The three questions the guard asks about a push, with bounded retries and one deadline."""

    def __init__(self, gh: GitHub, branch: str, *, retries: int, delay: float, max_wait: float,
                 sleep: Callable[[float], None], clock: Callable[[], float]) -> None:
        self.gh = gh
        self.branch = branch
        self.retries = retries
        self.delay = delay
        self.deadline = clock() + max_wait
        self.sleep = sleep
        self.clock = clock
        self.pr_commits: dict[int, set[str]] = {}
        self.head_pr: int | None = None
        self._pulls: dict[int, dict[str, object]] = {}

    def _wait(self, attempt: int) -> bool:
        """Sleep before retry ``attempt``; ``False`` when the deadline leaves no time."""
        pause = self.delay * attempt
        if attempt > self.retries or self.clock() + pause > self.deadline:
            return False
        self.sleep(pause)
        return True

    def follow(self, answer: http.Response, seen: set[str], first: str) -> str | None:
        """The next page of a paged answer, or :class:`CannotVerify`."""
        try:
            return self.gh.next_page(answer, seen, first, MAX_PUSH_PAGES)
        except http.Unreachable as exc:
            raise CannotVerify(str(exc)) from None

    @staticmethod
    def json(answer: http.Response) -> object:
        try:
            return answer.json()
        except http.Unreachable as exc:
            raise CannotVerify(str(exc)) from None

    def get(self, url: str) -> http.Response:
        attempt = 0
        while True:
            try:
                return self.gh.request("GET", url)
            except http.HttpError as exc:
                if exc.status >= 500:
                    attempt += 1
                    if self._wait(attempt):
                        continue
                    raise CannotVerify(f"HTTP {exc.status} from the GitHub API, "
                                       f"{attempt} attempt(s)") from None
                raise CannotVerify(refusal(exc)) from None
            except http.Unreachable as exc:
                raise CannotVerify(self.gh.redact(str(exc))) from None

    @staticmethod
    def commit_id(sha: str) -> str:
        """``sha`` when it is a commit id (hex), else :class:`CannotVerify`: a value from an
        event or an answer never becomes part of an API path."""
        if not _SHA.fullmatch(sha):
            raise CannotVerify(f"{shorten(sha)!r} is not a commit id")
        return sha

    def compare(self, before: str, after: str) -> tuple[str, list[Commit]]:
        """``(status, every commit of before...after)``, or :class:`CannotVerify`."""
        before, after = self.commit_id(before), self.commit_id(after)
        first = self.gh.url(f"/compare/{before}...{after}", per_page=100)
        url: str | None = first
        seen = {first}
        commits: list[Commit] = []
        status: object = ""
        total = -1
        while url is not None:
            answer = self.get(url)
            data = self.json(answer)
            items = data.get("commits") if isinstance(data, dict) else None
            count = data.get("total_commits") if isinstance(data, dict) else None
            status = data.get("status") if isinstance(data, dict) else None
            if not isinstance(items, list) or not isinstance(status, str) \
                    or not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise CannotVerify("the compare API gave an answer of another shape (no "
                                   "status, no list of commits, or no whole number of them)")
            total = count
            for item in items:
                if isinstance(item, dict):
                    inner = item.get("commit")
                    message = inner.get("message", "") if isinstance(inner, dict) else ""
                    commits.append(Commit(str(item.get("sha", "")), str(message)))
            url = self.follow(answer, seen, first)
        if status == "ahead" and len(commits) != total:
            raise CannotVerify(f"the compare API listed {len(commits)} of {total} commits")
        return str(status), commits

    def pulls(self, sha: str, *, want_merge_of: bool) -> list[dict[str, object]]:
        """Pull requests merged into the branch that contain ``sha`` (retrying lag)."""
        url = self.commit_id(sha) and self.gh.url(f"/commits/{sha}/pulls", per_page=100)
        attempt = 0
        while True:
            data = self.json(self.get(url))
            merged = [p for p in (data if isinstance(data, list) else [])
                      if isinstance(p, dict) and merged_into(p, self.branch, self.gh.repo)]
            if want_merge_of:
                merged = [p for p in merged if p.get("merge_commit_sha") == sha]
            if merged:
                return merged
            attempt += 1  # GitHub links a commit to its pull request a moment after a merge
            if not self._wait(attempt):
                return []

    def commit_count(self, number: int) -> int:
        """How many commits pull request ``number`` had (``GET .../pulls/{n}``)."""
        count = self.pull(number).get("commits")
        return count if isinstance(count, int) and not isinstance(count, bool) else -1

    def pull(self, number: int) -> dict[str, object]:
        """``GET .../pulls/{n}``, asked once."""
        if number not in self._pulls:
            data = self.json(self.get(self.gh.url(f"/pulls/{number}")))
            self._pulls[number] = data if isinstance(data, dict) else {}
        return self._pulls[number]

    def reviews(self, number: int) -> list[dict[str, object]]:
        """Every review of pull request ``number``, oldest first (``GET .../reviews``)."""
        found: list[dict[str, object]] = []
        first = self.gh.url(f"/pulls/{number}/reviews", per_page=100)
        url: str | None = first
        seen = {first}
        while url is not None:
            answer = self.get(url)
            data = self.json(answer)
            found += [r for r in (data if isinstance(data, list) else []) if isinstance(r, dict)]
            url = self.follow(answer, seen, first)
        return found

    def commits_of(self, number: int) -> set[str]:
        if number not in self.pr_commits:
            found: set[str] = set()
            first = self.gh.url(f"/pulls/{number}/commits", per_page=100)
            url: str | None = first
            seen = {first}
            while url is not None:
                answer = self.get(url)
                data = self.json(answer)
                found |= {str(c.get("sha")) for c in (data if isinstance(data, list) else [])
                          if isinstance(c, dict)}
                url = self.follow(answer, seen, first)
            self.pr_commits[number] = found
        return self.pr_commits[number]


def refusal(exc: http.HttpError) -> str:
    remaining = exc.header("X-RateLimit-Remaining")
    if exc.status == 429 or (exc.status == 403 and remaining == "0"):
        return f"rate limited (HTTP {exc.status})"
    message = exc.message()
    return f"HTTP {exc.status}" + (f" ({message})" if message else "")


def merged_into(pull: dict[str, object], branch: str, repo: str) -> bool:
    """Merged into ``branch`` of ``repo`` itself: a pull request whose base is another
    repository (a fork's own pull request, with the same commits) never counts."""
    base = pull.get("base")
    ref = base.get("ref") if isinstance(base, dict) else None
    return bool(pull.get("merged_at")) and ref == branch and \
        base_repo(pull).lower() == repo.lower()


def base_repo(pull: dict[str, object]) -> str:
    """``OWNER/NAME`` of the repository a pull request was opened against ("" if unknown)."""
    base = pull.get("base")
    repo = base.get("repo") if isinstance(base, dict) else None
    name = repo.get("full_name") if isinstance(repo, dict) else None
    return name if isinstance(name, str) else ""


def author_of(pull: dict[str, object]) -> str:
    user = pull.get("user")
    login = user.get("login") if isinstance(user, dict) else None
    return login if isinstance(login, str) else ""


def approvers(reviews: list[dict[str, object]], author: str) -> list[str]:
    """Who approves, by each reviewer's latest review (comments do not change it): an
    approval later dismissed or followed by a change request does not count, nor does the
    author's own."""
    latest: dict[str, str] = {}
    for review in reviews:  # GitHub lists them oldest first
        state = str(review.get("state", ""))
        login = author_of(review)
        if login and state in ("APPROVED", "CHANGES_REQUESTED", "DISMISSED"):
            latest[login] = state
    return sorted(login for login, state in latest.items()
                  if state == "APPROVED" and login.lower() != author.lower())
