"""``release tag``: run the tag-mode checks, then create the annotated release tag.

Never moves or deletes a tag; ``--push`` pushes ``refs/tags/<tag>`` and nothing else.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from release.console import Console
from release.errors import RefusedError
from release.git import Git
from release.plan import GitPushTag, GitTag, Plan
from release.project import load
from release.validate import Options, Report, read_changelog, validate
from release.versions import key_of, parse


def build_plan(
    repo: Path, *, push: bool = False, remote: str = "origin", sign: bool = False,
    allow_branch: bool = False,
) -> tuple[Plan, Report, str]:
    project = load(repo / "pyproject.toml")
    version = parse(project.locate_version().value)
    tag = f"{project.config.tag_prefix}{version}"
    git = Git(repo)
    report = validate(Options(mode="tag", tag=tag, repo=repo))
    ignored = {"tag-on-main-branch"} if allow_branch else set()
    problems = [c for c in report.checks if c.failed and c.id not in ignored]
    dirty = git.dirty_files()
    reasons = [f"[{c.id}] {c.message}\n    hint: {c.hint}" for c in problems]
    if dirty:
        reasons.append(f"[clean-tree] uncommitted changes to tracked files: {', '.join(dirty[:5])}"
                       "\n    hint: commit them (the tag must point at what was validated)")
    state = git.state(project.config.main_branch)
    existing = git.tag_commit(tag) if tag in state.tags else None
    if existing is not None and existing != state.head:
        reasons.append(f"[tag-exists] {tag} already exists on another commit\n"
                       "    hint: tags are never moved; release a higher version")
    if reasons:
        raise RefusedError("not tagging, nothing was changed:\n  - " + "\n  - ".join(reasons), "")
    changelog = read_changelog(project.changelog_path, project.config.changelog)
    heading = changelog.find(key_of(version))
    notes = changelog.notes(heading) if heading is not None else ""
    message = f"Release {version}\n\n{notes}".rstrip("\n") + "\n"
    plan = Plan()
    if existing is None:
        plan.actions.append(GitTag(git, tag, message, sign))
    if push:
        plan.actions.append(GitPushTag(git, remote, tag))
    return plan, report, tag


def run_tag(args: argparse.Namespace, console: Console) -> int:
    plan, _report, tag = build_plan(args.repo, push=args.push, remote=args.remote,
                                    sign=args.sign, allow_branch=args.allow_branch)
    if not plan.actions:
        console.info(f"{tag} already points at HEAD; nothing to do")
        return 0
    console.info(f"tag {tag}" + (" (dry run: nothing is changed)" if args.dry_run else ""), "bold")
    console.info(plan.describe())
    if args.dry_run:
        return 0
    plan.execute()
    console.print(f"created {tag}" if any(isinstance(a, GitTag) for a in plan.actions)
                  else f"{tag} exists")
    if args.push:
        console.print(f"pushed refs/tags/{tag} to {args.remote}")
    else:
        console.info(f"next: git push {args.remote} refs/tags/{tag}  (or `inv release.tag --push`)")
    return 0
