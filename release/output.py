"""What each command prints: the parsed options become the command's options, the command
runs, and its result is printed (results on stdout, progress and problems on stderr).

One function per command, in :data:`HANDLERS`; each returns the exit code. Argument parsing,
usage errors and the exit codes of failures are :mod:`release.cli`'s.

``--format json`` (every command): exactly one object on stdout, ``{"command", "ok", …,
"problems"}`` (:func:`emit`; failures: :func:`error_envelope`), whose schema is
docs/reference/schemas/<command>.json; progress and problems still go to stderr. A new
command adds its handler here, a schema file and a section in docs/reference/json.md
(tests/test_json.py runs every command of the parser against its schema).
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from release.console import Console
from release.errors import ReleaseError, UsageError


def emit(console: Console, command: str, fields: dict[str, Any], *, ok: bool = True,
         problems: Iterable[dict[str, Any]] = ()) -> None:
    """Print one JSON result: ``{"command", "ok", **fields, "problems"}``."""
    data = {"command": command, "ok": ok, **fields, "problems": list(problems)}
    console.print(json.dumps(data, indent=2))


def error_envelope(command: str | None, exc: ReleaseError, *, exit_code: int | None = None
                   ) -> dict[str, Any]:
    """The JSON result of a command that failed: the error first among the problems, and
    what the command had done or found (``exc.details``)."""
    details = dict(exc.details)
    more = details.pop("problems", [])
    problems = [exc.as_problem(), *(more if isinstance(more, list) else [])]
    code = exc.exit_code if exit_code is None else exit_code
    return {"command": command, "ok": False, **details, "exit_code": code,
            "error": {"message": exc.message, "hint": exc.hint, "file": exc.file,
                      "line": exc.line, "exit_code": code},
            "problems": problems}


def _json(args: argparse.Namespace) -> bool:
    return getattr(args, "format", "text") == "json"


def _validate(args: argparse.Namespace, console: Console) -> int:
    from release.commands.validate import Options, validate
    from release.report import show_report

    report = validate(
        Options(
            mode=args.mode,
            tag=args.tag,
            pyproject=args.pyproject,
            changelog=args.changelog,
            repo=args.repo,
            dist=args.dist,
        )
    )
    show_report(report, console, args.format)
    return 0 if report.ok else 1


def _notes(args: argparse.Namespace, console: Console) -> int:
    from release.commands.notes import find_notes

    found = find_notes(args.repo, args.version, args.changelog)
    text = found.body
    if args.output is not None:
        from release.outside.files import write_output

        write_output(args.output, text.encode("utf-8"))
        console.info(f"wrote {args.output}")
    if _json(args):
        emit(console, "notes", {**found.as_dict(), "output": str(args.output)
                                if args.output is not None else None})
    elif args.output is None:
        console.out.write(text)
    return 0


def _prepare(args: argparse.Namespace, console: Console) -> int:
    from release.commands.prepare import NotValid, PrepareOptions, build_plan, execute
    from release.report import show_report

    prepared = build_plan(PrepareOptions(
        target=args.target, repo=args.repo, date=args.date, allow_dirty=args.allow_dirty,
        commit=args.commit,
    ))
    if _json(args):
        return _prepare_json(args, console, prepared)
    current = prepared.current_text or (prepared.current if prepared.current is not None
                                        else "(no release yet)")
    console.info(f"prepare {current} -> {prepared.spelled or prepared.target}"
                 + (" (dry run: nothing is changed)" if args.dry_run else ""), "bold")
    for note in prepared.notes:
        console.info(f"note: {note}")
    if not prepared.edits:  # a development version with nothing to write (VCS, towncrier)
        console.print("nothing to change")
        return 0
    console.info(prepared.plan.describe())
    if args.dry_run:
        console.print(prepared.writes.diff().rstrip("\n"))
        for preview in prepared.previews:
            console.print(preview.rstrip("\n"))
        return 0
    console.info("validating the result (release validate --mode branch):")
    try:
        report = execute(prepared)
    except NotValid as exc:
        show_report(exc.report, console)
        raise
    show_report(report, console)
    console.info(f"next: {_prepare_next(args, prepared)}")
    return 0


def _prepare_next(args: argparse.Namespace, prepared: Any) -> str:
    from release.project.hints import command, invoke_tasks_present

    invoke = invoke_tasks_present(args.repo)
    if prepared.development:
        base = prepared.target.base_version
        done = "push it (or open a PR)" if args.commit else (
            f'git commit -am "Back to development: {prepared.target}" (or open a PR)')
        return (f"{done}; when it is time to release: "
                f"{command('prepare', base, invoke=invoke)}")
    tag = command("tag", invoke=invoke)
    return f"{tag} (creates {prepared.tag})" if args.commit else (
        f'git commit -am "Release {prepared.spelled or prepared.target}" (or open a PR), '
        f"then {tag} (creates {prepared.tag})")


def _prepare_json(args: argparse.Namespace, console: Console, prepared: Any) -> int:
    """``release prepare --format json``: the plan (and the diff, for a dry run), then the
    validation of the result."""
    from release.commands.prepare import NotValid, execute

    data = {**prepared.as_dict(), "dry_run": args.dry_run}
    if args.dry_run:
        emit(console, "prepare", {**data, "diff": prepared.writes.diff(),
                                  "previews": prepared.previews, "validation": None,
                                  "next": None})
        return 0
    try:
        report = execute(prepared)
    except NotValid as exc:  # everything was put back: the plan, and why it was refused
        problems = [exc.as_problem(), *(c.as_problem() for c in exc.report.checks
                                        if c.failed)]
        emit(console, "prepare", {**data, "diff": None, "previews": [],
                                  "validation": exc.report.as_dict(), "next": None},
             ok=False, problems=problems)
        console.error(str(exc), exc.hint)
        return exc.exit_code
    emit(console, "prepare", {**data, "diff": None, "previews": [],
                              "validation": report.as_dict(), "next": _prepare_next(
                                  args, prepared)})
    return 0


def _tag(args: argparse.Namespace, console: Console) -> int:
    from release.commands.tag import TagOptions, build_plan
    from release.report import facts_lines, problem_text

    planned = build_plan(TagOptions(repo=args.repo, push=args.push, remote=args.remote,
                                    sign=args.sign, allow_branch=args.allow_branch))
    if _json(args):
        if not args.dry_run:
            planned.plan.execute()
        warnings = [c.as_problem() for c in planned.report.checks
                    if not c.ok and not c.failed]
        emit(console, "tag", {**planned.as_dict(done=not args.dry_run), "dry_run": args.dry_run},
             problems=warnings)
        return 0
    tag = planned.tag
    for check in planned.report.checks:  # what validation warns about, before acting on it
        if not check.ok and not check.failed:
            console.warning(problem_text(check), check.hint)
    if not planned.plan.actions:
        console.info(f"{tag} already points at HEAD; nothing to do")
        return 0
    console.info(f"tag {tag}" + (" (dry run: nothing is changed)" if args.dry_run else ""), "bold")
    for line in facts_lines(planned.report):  # the main branch it checked, and where from
        console.info(line)
    console.info(planned.plan.describe())
    if args.dry_run:
        return 0
    planned.plan.execute()
    console.print(f"created {tag}" if planned.creates else f"{tag} exists")
    if args.push:
        console.print(f"pushed refs/tags/{tag} to {args.remote}")
    else:
        console.info(f"next: git push {args.remote} refs/tags/{tag}  (or `release tag --push`)")
    return 0


def _checksums(args: argparse.Namespace, console: Console) -> int:
    from release.commands.checksums import entries, format_sums, markdown
    from release.outside import ci
    from release.outside.files import write_output

    folder: Path = args.dir
    output: Path | None = args.output
    if output is not None and output.resolve().parent == folder.resolve():
        raise UsageError(
            f"{output} is inside {folder}",
            "write it beside the folder (twine rejects extra files in dist/): "
            "--output SHA256SUMS",
        )
    items = entries(folder)
    text = format_sums(items)
    if _json(args):
        if output is not None:
            write_output(output, text.encode("utf-8"))
        emit(console, "checksums", {"folder": str(folder), "output": str(output)
                                    if output is not None else None,
                                    "files": [{"name": e.name, "size": e.size,
                                               "sha256": e.sha256} for e in items]})
    elif output is None:
        console.out.write(text)
    else:
        write_output(output, text.encode("utf-8"))
        width = max(len(e.name) for e in items)
        for item in items:
            console.print(f"{item.name:<{width}}  {item.size:>10,} bytes  sha256 {item.sha256}")
        console.info(f"wrote {output} (check with: cd {folder} && sha256sum -c {output.resolve()})")
    if ci.is_github_actions():
        ci.append_step_summary(markdown(items))
    return 0


def _publish(args: argparse.Namespace, console: Console) -> int:
    from release.commands.publish import NotReady, PublishOptions, run_publish
    from release.outside import ci, http, redact
    from release.outside.credentials import remediation
    from release.report import show_report

    env = os.environ
    password = http.split_credentials(args.repository_url or env.get("TWINE_REPOSITORY_URL")
                                      or "")[2]
    redact.register(password)
    if password and ci.is_github_actions(env):
        for command in ci.mask(password):
            console.raw_err_unredacted(command)
    choice = args.credentials or env.get("RELEASE_PUBLISH_CREDENTIALS", "").strip() or "auto"
    options = PublishOptions(repo=args.repo, dist=args.dist, repository_url=args.repository_url,
                             dry_run=args.dry_run, credentials=choice,
                             attestations=args.attestations, checksums=args.checksums,
                             require_checksums=args.require_checksums,
                             files_only=args.files_only, attestations_dir=args.attestations_dir)
    try:
        result = run_publish(options, env, console.info)
    except NotReady as exc:
        if not _json(args):
            show_report(exc.report, console)
        raise
    if _json(args):
        if result.dry_run and result.credentials.source == "none":
            console.warning(remediation(result.url, result.project))
        for message, hint in result.warnings:
            console.warning(message, hint)
        emit(console, "publish", result.as_dict())
        return 0
    if result.dry_run:
        if result.credentials.source == "none":
            console.warning(remediation(result.url, result.project))
        to_upload = sum(d.action == "upload" for d in result.decisions)
        console.print(f"dry run: {to_upload} to upload, {len(result.skipped)} already there; "
                      f"attestations: {'yes' if result.attest else 'no'}")
        return 0
    for name in result.uploaded:
        made = f"{name}.publish.attestation" in result.attestations
        console.print(f"uploaded {name}" + (" with its attestation" if made else ""))
    for name in result.skipped:
        console.print(f"skipped {name} (already on the index, identical)")
    for message, hint in result.warnings:
        console.warning(message, hint)
    return 0


def _github_release(args: argparse.Namespace, console: Console) -> int:
    from release.commands.github_release import GitHubReleaseOptions, run_github_release

    result = run_github_release(GitHubReleaseOptions(
        tag=args.tag, files=tuple(args.files), notes_file=args.notes_file, title=args.title,
        prerelease=args.prerelease, repository=args.repository, dry_run=args.dry_run,
        checksums=args.checksums, require_checksums=args.require_checksums,
    ), os.environ, console.info)
    if _json(args):
        emit(console, "github-release", result.as_dict())
        return 0
    if result.dry_run:
        console.print(f"dry run: {len(result.plan)} step(s) planned for {result.tag}")
        return 0
    for name in result.uploaded:
        console.print(f"attached {name}")
    for decision in result.decisions:
        if decision.action != "upload":
            console.print(f"kept {decision.path.name} (" + (
                "already attached, sha256 matches)" if decision.action == "skip" else
                "a signature an earlier run attached; the new one is not attached)"))
    for name in result.extra_assets:
        console.info(f"note: the release also has {name}, which was not given; left as it is")
    state = "created" if result.created else "updated" if (result.uploaded or result.updated
                                                           or result.published) else "complete"
    console.print(f"GitHub Release {result.tag}: {state}" + (f" {result.url}" if result.url
                                                            else ""))
    return 0


def _verify(args: argparse.Namespace, console: Console) -> int:
    from release.commands.verify import VerifyOptions, failure, run_verify

    result = run_verify(VerifyOptions(
        version=args.version, repository_url=args.repository_url, checksums=args.checksums,
        github=args.github, repository=args.repository, provenance=args.provenance,
        wait=args.wait, workflow=args.workflow,
    ), os.environ, console.info)
    if _json(args):
        error = None if result.ok else failure(result)
        emit(console, "verify", result.as_dict(), ok=result.ok,
             problems=[error.as_problem()] if error is not None else [])
        if error is not None:
            console.error(str(error), error.hint)
        return 0 if error is None else error.exit_code
    for finding in result.findings:
        mark = "ok  " if finding.ok else "FAIL"
        console.print(f"  {mark} {finding.where:<10} {finding.subject}: {finding.message}")
    for note in result.notes:
        console.print(f"  note: {note}")
    if not result.ok:
        raise failure(result)
    where = ("the index and the GitHub Release {result.tag} serve" if args.github
             else "the index serves").format(result=result)
    console.print(f"release verify: {where} exactly the {len(result.expected)} file(s) "
                  f"of {result.project} {result.version} that {result.checksums} lists")
    return 0


def _guard(args: argparse.Namespace, console: Console) -> int:
    from release.commands.guard import GuardOptions, failure, run_guard

    result = run_guard(GuardOptions(
        sha=args.sha, repository=args.repository, branch=args.branch,
        allow_bots=tuple(args.allow_bot or ()), message_fallback=args.message_fallback,
        require_approval=args.require_approval,
        retries=args.retries, retry_delay=args.retry_delay, max_wait=args.max_wait,
    ), os.environ)
    if result.warning is not None:
        console.warning(*result.warning)
    if _json(args):
        error = None if result.ok else failure(result)
        emit(console, "guard-main", result.as_dict(), ok=result.ok,
             problems=[error.as_problem()] if error is not None else [])
        if error is not None:
            console.error(str(error), error.hint)
        return 0 if error is None else error.exit_code
    if result.skipped:
        console.print(f"guard-main: {result.skipped}")
        return 0
    if result.pusher:
        console.print(f"  pushed by {result.pusher}")
    for problem in result.problems:
        console.print(f"  FAIL {problem}")
    for verdict in result.verdicts:
        mark = "ok  " if verdict.ok else "FAIL"
        console.print(f"  {mark} {verdict.commit.sha[:12]} {verdict.evidence}")
    if not result.ok:
        raise failure(result)
    approved = ", each approved by someone other than its author" if args.require_approval \
        else " (approvals not checked: --require-approval)"
    console.print(f"guard-main: every pushed commit reached {result.branch} through a merged "
                  f"pull request{approved}")
    return 0


def _init(args: argparse.Namespace, console: Console) -> int:
    from release.commands.init import InitOptions, need_dirs, plan_init

    plan = plan_init(InitOptions(repo=args.repo, check=args.check, upgrade=args.upgrade,
                                 force=args.force, extra_index_url=args.extra_index_url,
                                 lock=args.lock, local_index=args.local_index))
    if _json(args):
        return _init_json(args, console, plan)
    facts = plan.facts
    title = f"release init: {facts.name} (release-lifecycle {plan.version})"
    suffix = " --check" if args.check else " (dry run: nothing is changed)" if args.dry_run \
        else ""
    console.print(console.paint(title + suffix, "bold"))
    console.print("detected:")
    width = max(len(f.what) for f in facts.facts)
    for fact in facts.facts:
        console.print(f"  {fact.what:<{width}}  {fact.value}" + (
            console.paint(f"  <- {fact.source}", "dim") if fact.source else ""))
    console.print("files:")
    shown_width = max(len(s.shown) for s in plan.statuses)
    marks = {"current": "ok", "seed": "ok", "missing": "new", "outdated": "upgrade",
             "stale": "upgrade", "edited": "EDITED", "unmanaged": "NOT MANAGED",
             "local-index": "LOCAL INDEX", "ignored": "IGNORED"}
    for status in plan.statuses:
        console.print(f"  {marks[status.state]:<11} {status.shown:<{shown_width}}  "
                      f"{status.detail}")
    for message, hint in plan.warnings:
        console.warning(message, hint)
    if args.check:
        problems = plan.problems
        if problems:
            for status in problems:
                where = f"{status.shown}:{status.line}" if status.line else status.shown
                console.error(f"{where}: {status.detail}", "")
            raise ReleaseError(
                f"{len(problems)} managed part(s) differ from what release-lifecycle "
                f"{plan.version} writes",
                "`release init --upgrade` rewrites outdated parts (add --force for parts "
                "edited by hand, after moving your changes outside the managed blocks); "
                "`--dry-run` shows the diff first")
        console.print(f"release init --check: every managed part is what release-lifecycle "
                      f"{plan.version} writes")
        return 0
    if not plan.writes.changes:
        console.print("nothing to change: release init has set up this project already")
    elif args.dry_run:
        console.print(plan.writes.diff().rstrip("\n"))
    else:
        need_dirs(plan)
        plan.writes.execute()
        console.print(f"wrote {len(plan.writes.changes)} file(s): "
                      + ", ".join(c.shown for c in plan.writes.changes))
    if plan.lock_note:
        console.warning(plan.lock_note)
    console.print("one-time settings, by hand:")
    for line in plan.checklist:
        console.print(f"  {line}")
    if plan.writes.changes and not args.dry_run:
        console.print("next: review and commit the files (git add -A && git commit), then "
                      "`nox -s validate`")
    return 0


def _init_json(args: argparse.Namespace, console: Console, plan: Any) -> int:
    from release.commands.init import need_dirs

    data = {**plan.as_dict(), "check": args.check, "dry_run": args.dry_run, "written": [],
            "diff": None}
    if args.check:
        problems = [ReleaseError(f"{s.shown}: {s.detail}", "`release init --upgrade` rewrites "
                                 "outdated parts; `--dry-run` shows the diff first",
                                 file=s.shown, line=s.line).as_problem() for s in plan.problems]
        emit(console, "init", data, ok=not problems, problems=problems)
        return 1 if problems else 0
    if args.dry_run:
        data["diff"] = plan.writes.diff()
    elif plan.writes.changes:
        need_dirs(plan)
        plan.writes.execute()
        data["written"] = [c.shown for c in plan.writes.changes]
    emit(console, "init", data)
    return 0


def _status(args: argparse.Namespace, console: Console) -> int:
    from release.commands.status import PackageStatus, StatusOptions, status
    from release.report import pending_text

    result = status(StatusOptions(repo=args.repo, repository_url=args.repository_url,
                                  offline=args.offline, github=args.github, all=args.all),
                    os.environ)
    broken = result.unreadable
    if _json(args):
        emit(console, "status", result.as_dict(), ok=not broken,
             problems=[b.as_problem() for b in broken])
        return 1 if broken else 0
    if args.all:
        rows = [(p.folder, p.facts.project_name or "?", p.facts.version_text or "?",
                 p.state or "unknown", p.next or "nothing to do") if isinstance(p, PackageStatus)
                else (p.folder, "?", "?", "unreadable", "fix the error below")
                for p in result.packages]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            console.print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4]))
                          + f"  next: {row[4]}")
        for bad in broken:  # after the table: each still a file, a line and a fix
            error = bad.error
            where = bad.file or ""
            where += f":{error.line}" if where and error.line else ""
            console.error(f"{where or bad.folder}: {error.message}", error.hint)
        return 1 if broken else 0
    package = result.single
    data = package.as_dict()
    version = data["version"]
    where = f"{version['file']}:{version['line']}" if version["file"] else ""
    console.print(f"release status: {data['project'] or '?'} {version['value'] or '?'}"
                  + (f" ({where}, {version['source']})" if where else
                     f" ({version['source']})" if version["source"] else ""), "bold")
    console.print(f"  state       {package.state or 'unknown'} ({data['state_text']})")
    waiting = data["pending"]
    console.print(f"  pending     {pending_text(waiting)}")
    for entry in waiting["first"]:
        console.print(f"              - {entry}")
    tag = data["tag"]
    if tag is None:
        console.print("  newest tag  none in this history")
    else:
        main = {True: f"on {tag['main_branch']}", False: f"not on {tag['main_branch']}",
                None: "main branch unknown"}[tag["on_main"]]
        console.print(f"  newest tag  {tag['name']} ({tag['date'] or 'no date'}, {main})")
    console.print("  index       " + _index_line(package.index, args.offline))
    console.print("  github      " + _github_line(package.github))
    if package.next is not None:
        console.print(f"next: {package.next}", "bold")
        console.print(f"  {package.why}")
    else:
        console.print(f"next: nothing to do ({package.why})", "bold")
    return 0


def _index_line(found: Any, offline: bool) -> str:
    if found is None:
        return "not asked (--offline)" if offline else "no release to look for"
    if found.error is not None:
        return f"cannot tell: {found.error}"
    if not found.files:  # flit 4.0.0: tagged, never uploaded (or another index)
        return f"{found.url} has no files of {found.version}"
    names = ", ".join(sorted(found.files))
    if len(found.files) > 3:
        wheels = sum(name.endswith(".whl") for name in found.files)
        names = (f"{len(found.files)} files ({len(found.files) - wheels} sdist, {wheels} "
                 "wheels)")
    lacks = f"; lacks the {' and the '.join(found.missing)}" if found.missing else ""
    return f"{found.url} has {found.version}: {names}{lacks}"


def _github_line(hub: Any) -> str:
    if hub is None:
        return "not asked (--github)"
    if hub.error is not None:
        return f"cannot tell: {hub.error}"
    if not hub.exists:
        return f"no GitHub Release for {hub.tag} in {hub.repository}"
    state = "draft" if hub.draft else "published"
    extra = ""
    if hub.missing:
        extra += f"; lacks {', '.join(hub.missing)}"
    if hub.different:
        extra += f"; other content for {', '.join(hub.different)}"
    return f"{hub.tag} {state} with {len(hub.files)} file(s){extra}"


HANDLERS: dict[str, Callable[[argparse.Namespace, Console], int]] = {
    "init": _init,
    "validate": _validate,
    "notes": _notes,
    "prepare": _prepare,
    "tag": _tag,
    "checksums": _checksums,
    "publish": _publish,
    "guard-main": _guard,
    "github-release": _github_release,
    "verify": _verify,
    "status": _status,
}
