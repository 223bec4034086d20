"""``manage.py backup_keygen FILE``: a new age key pair for backups (like ``age-keygen -o``).

The file (mode 600) holds the private key: take it off this machine (a password manager, a
printed copy in the safe) and delete it here. Put the public key it prints into
``CANDLE_BACKUP_RECIPIENT``."""

import os
from pathlib import Path

import pyrage
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create an age key pair for backups; prints the public key."

    def add_arguments(self, parser):
        parser.add_argument("identity_file", type=Path)

    def handle(self, *args, identity_file, **options):
        identity = pyrage.x25519.Identity.generate()
        try:
            descriptor = os.open(identity_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise CommandError(f"{identity_file} exists already; choose another name.") from None
        public = identity.to_public()
        with os.fdopen(descriptor, "w") as handle:
            handle.write(f"# public key: {public}\n{identity}\n")
        self.stdout.write(str(public))
