"""What each command prints: the parsed options become the command's options, the command
runs, and its result is printed (results on stdout, progress and problems on stderr).

One function per command, in :data:`HANDLERS`; each returns the exit code. Argument parsing,
usage errors and the exit codes of failures are :mod:`release.cli`'s.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path

from release.console import Console
from release.errors import ReleaseError, UsageError


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
    from release.commands.notes import notes_for

    text = notes_for(args.repo, args.version, args.changelog)
    if args.output is not None:
        from release.outside.files import write_output

        write_output(args.output, text.encode("utf-8"))
        console.info(f"wrote {args.output}")
    else:
        console.out.write(text)
    return 0


def _prepare(args: argparse.Namespace, console: Console) -> int:
    from release.commands.prepare import PrepareOptions, build_plan, verify
    from release.project.hints import command, invoke_tasks_present
    from release.report import show_report

    prepared = build_plan(PrepareOptions(
        target=args.target, repo=args.repo, date=args.date, allow_dirty=args.allow_dirty,
        commit=args.commit,
    ))
    current = prepared.current_text or (prepared.current if prepared.current is not None
                                        else "(no release yet)")
    console.info(f"prepare {current} -> {prepared.spelled or prepared.target}"
                 + (" (dry run: nothing is changed)" if args.dry_run else ""), "bold")
    for note in prepared.notes:
        console.info(f"note: {note}")
    console.info(prepared.plan.describe())
    if args.dry_run:
        console.print(prepared.writes.diff().rstrip("\n"))
        for preview in prepared.previews:
            console.print(preview.rstrip("\n"))
        return 0
    prepared.plan.execute()
    console.info("validating the result (release validate --mode branch):")
    report, blocking = verify(prepared)
    show_report(report, console)
    if blocking:
        raise ReleaseError(
            "the files were written, but validation reports the problems above",
            "fix them, then run `release validate`",
        )
    if not report.ok:
        console.warning(f"the {prepared.target} section is still empty",
                        "describe the changes in the changelog before tagging")
    tag = command("tag", invoke=invoke_tasks_present(args.repo))
    nxt = f"{tag} (creates {prepared.tag})" if args.commit else (
        f'git commit -am "Release {prepared.spelled or prepared.target}" (or open a PR), '
        f"then {tag} (creates {prepared.tag})")
    console.info(f"next: {nxt}")
    return 0


def _tag(args: argparse.Namespace, console: Console) -> int:
    from release.commands.tag import TagOptions, build_plan
    from release.report import facts_lines, problem_text

    planned = build_plan(TagOptions(repo=args.repo, push=args.push, remote=args.remote,
                                    sign=args.sign, allow_branch=args.allow_branch))
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
    if output is None:
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
                             attestations=args.attestations)
    try:
        result = run_publish(options, env, console.info)
    except NotReady as exc:
        show_report(exc.report, console)
        raise
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
    ), os.environ, console.info)
    if result.dry_run:
        console.print(f"dry run: {len(result.plan)} step(s) planned for {result.tag}")
        return 0
    for name in result.uploaded:
        console.print(f"attached {name}")
    for name in result.skipped:
        console.print(f"kept {name} (already attached, sha256 matches)")
    for name in result.extra_assets:
        console.info(f"note: the release also has {name}, which was not given; left as it is")
    state = "created" if result.created else "updated" if (result.uploaded or result.updated
                                                           or result.published) else "complete"
    console.print(f"GitHub Release {result.tag}: {state}" + (f" {result.url}" if result.url
                                                            else ""))
    return 0


def _guard(args: argparse.Namespace, console: Console) -> int:
    from release.commands.guard import GuardOptions, failure, run_guard

    result = run_guard(GuardOptions(
        sha=args.sha, repository=args.repository, branch=args.branch,
        allow_bots=tuple(args.allow_bot or ()), message_fallback=args.message_fallback,
        retries=args.retries, retry_delay=args.retry_delay, max_wait=args.max_wait,
    ), os.environ)
    if result.warning is not None:
        console.warning(*result.warning)
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
    console.print(f"guard-main: the push came from a merged pull request into {result.branch}")
    return 0


def _init(args: argparse.Namespace, console: Console) -> int:
    from release.commands.init import InitOptions, need_dirs, plan_init

    plan = plan_init(InitOptions(repo=args.repo, check=args.check, upgrade=args.upgrade,
                                 force=args.force, extra_index_url=args.extra_index_url,
                                 lock=args.lock, local_index=args.local_index))
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
             "local-index": "LOCAL INDEX"}
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
}
