from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError

from stopalprs.api.models import Scope
from stopalprs.api.services import create_token


class Command(BaseCommand):
    help = "Create an API token (shown once; only its hash is kept). Audited."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("name", help="Who or what will use it.")
        parser.add_argument(
            "--scope",
            action="append",
            choices=Scope.values,
            default=[],
            help="Repeat for several; aggregates if none.",
        )

    def handle(self, *args: Any, name: str, scope: list[str], **options: Any) -> None:
        try:
            token, secret = create_token(
                actor=AnonymousUser(), name=name, scopes=scope or [Scope.AGGREGATES]
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{token} scopes={','.join(token.scopes)}")
        self.stdout.write(secret)
