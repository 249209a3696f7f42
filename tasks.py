"""Invoke tasks for this project: `inv --list`. The collection lives in the package."""

from invoke import Collection

from release.tasks import release

ns = Collection(release)
