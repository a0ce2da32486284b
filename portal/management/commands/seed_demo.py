"""Build the demo district (渝中区) with its schools, people and history. Idempotent."""

from importlib import import_module
from time import monotonic

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portal.demo import DemoContext
from portal.plugins import project_apps


class Command(BaseCommand):
    help = "Load the demo district: schools, one user per role, and each app's demo data."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="league2026",
                            help="password of every demo user (default: league2026)")
        parser.add_argument("--schools", type=int, default=0,
                            help="total schools to build (default: the named schools only)")
        parser.add_argument("--years", type=int, default=2,
                            help="school years of history, ending with the current one")

    def handle(self, *args, password, schools, years, **options):
        if years < 1 or years > 10:
            raise CommandError("--years must be between 1 and 10")
        if schools < 0 or schools > 5000:
            raise CommandError("--schools must be between 0 and 5000")
        started = monotonic()
        ctx = DemoContext(password=password, school_count=schools, years=years,
                          today=timezone.localdate())
        # In INSTALLED_APPS order: the core, the domain apps, then reports, which reads what
        # every app seeded.
        for label in project_apps():
            try:
                module = import_module(f"{label}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{label}.demo":
                    raise
                continue
            with transaction.atomic():
                module.seed(ctx)
        for line in ctx.log:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(
            f"Demo district ready in {monotonic() - started:.1f}s. Logins (password: {password}):"
        ))
        for username, user in ctx.users.items():
            where = user.school or user.organisation or "—"
            self.stdout.write(f"  {username:<14} {user.get_role_display():<12} {where}")
