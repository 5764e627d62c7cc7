"""The one module that knows how django-tasks-db stores tasks.

Everything else enqueues with Django's tasks API; the few questions that API cannot answer
(is a task of this kind already waiting? mark these waiting tasks done) are asked here, so a
change of task backend touches this file alone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.tasks import Task, TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def waiting(task: Task[Any, Any]) -> QuerySet[DBTaskResult, tuple[Any, ...]]:
    """At most one waiting (not yet claimed) run of ``task``: only its key, in no order, so
    the query is cheap enough to run inside a signer's write lock."""
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=task.module_path)
    return ready.order_by().values_list("pk")[:1]


def lagging(*, enqueued_before: datetime) -> bool:
    """Some task that was due before ``enqueued_before`` still waits for a worker."""
    return DBTaskResult.objects.ready().filter(enqueued_at__lt=enqueued_before).exists()


def finish_waiting(
    task: Task[Any, Any], *, first_args: list[Any], enqueued_before: datetime, why: str
) -> int:
    """Mark done the waiting runs of ``task`` whose first argument is one of ``first_args``
    and that were enqueued before ``enqueued_before`` (a retry scheduled since must stay)."""
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,
        task_path=task.module_path,
        args_kwargs__args__0__in=first_args,
        enqueued_at__lt=enqueued_before,
    ).update(status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now(), return_value=why)
