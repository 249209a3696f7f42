# The release tasks, written by `release init`: `inv release.prepare 1.4.0`, `inv release.tag`,
# `inv release.notes` (release-lifecycle's Invoke collection, mounted next to your own tasks;
# define your tasks above this block). `release init --upgrade` rewrites it.
from invoke import Collection as _ReleaseCollection  # noqa: E402
from invoke import Task as _ReleaseTask  # noqa: E402
from release.tasks import release as _release_tasks  # noqa: E402

<<mount>>
