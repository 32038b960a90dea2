"""`openipt demo-serve`: what `make demo` runs once the demo is set up. It starts gunicorn
and the task worker (`openipt db-worker`) as child processes and runs the reminder
scheduler (`openipt run-due`) every minute itself, so reminders appear in the console
mail log of the demo. Ctrl-C (or SIGTERM) stops all three.

A reminder is due whenever the demo starts (demo.build.ensure_a_reminder_is_due), so the
first pass sends one.
"""

import signal
import subprocess
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from openipt.demo.build import ensure_a_reminder_is_due
from openipt.reminders.scheduler import run_due

BIN = Path(sys.executable).parent


class Stop(Exception):
    """SIGTERM: stop like Ctrl-C."""


def _stop(signum, frame):
    raise Stop


class Command(BaseCommand):
    help = "Serve the demo with gunicorn, the task worker and the reminder scheduler."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--every", type=float, default=60, help="seconds between scheduler passes"
        )

    def handle(self, *args, bind, workers, every, **options):
        session = ensure_a_reminder_is_due()
        if session is not None:
            self.stdout.write(
                f"A session reminder is due: session {session.number} of "
                f"{session.episode.client.reference} is at {session.scheduled_for:%H:%M} UTC."
            )
        children = [
            self._start(
                "web server",
                [
                    BIN / "gunicorn",
                    "openipt.wsgi",
                    "--bind",
                    bind,
                    "--workers",
                    str(workers),
                    "--access-logfile",
                    "-",
                    "--forwarded-allow-ips",
                    "",
                ],
            ),
            self._start("task worker", [BIN / "openipt", "db-worker", "--interval", "2"]),
        ]
        previous = signal.signal(signal.SIGTERM, _stop)
        self.stdout.write(f"Serving OpenIPT on http://{bind}/ (Ctrl-C stops it)")
        try:
            self._schedule(every, children)
        except (KeyboardInterrupt, Stop):
            self.stdout.write("\nStopping the web server, the task worker and the scheduler...")
        finally:
            self._stop_all(children)
            signal.signal(signal.SIGTERM, previous)  # as it was (the command runs in tests)

    def _start(self, what, command):
        self.stdout.write(f"Starting the {what}: {' '.join(str(part) for part in command)}")
        return subprocess.Popen([str(part) for part in command])  # noqa: S603 (our own)

    def _schedule(self, every, children):
        while True:
            result = run_due()
            for queued in result.queued:
                self.stdout.write(f"run-due: {queued.line}")
            if result.queued:
                self.stdout.write(result.summary)
            if self._wait_for_next_pass(every, children):
                return

    def _wait_for_next_pass(self, every, children):
        """Sleep until the next pass, watching the children; True when one has stopped.
        The children are looked at once at least, however short the wait."""
        deadline = time.monotonic() + every
        while True:
            for child in children:
                if child.poll() is not None:
                    self.stderr.write(f"A child process stopped (exit {child.returncode}).")
                    return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.5)

    def _stop_all(self, children):
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
