"""A real SMTP server for tests (aiosmtpd on 127.0.0.1, a free port of 8840-8849) that can
refuse the first messages with 451, as a greylisting or overloaded server does."""

from __future__ import annotations

import socket
from contextlib import closing

from aiosmtpd.controller import Controller

PORTS = range(8840, 8850)


def free_port() -> int:
    for port in PORTS:
        with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8840-8849")


class Recorder:
    def __init__(self, refuse_first: int = 0):
        self.refuse_left = refuse_first
        self.refused = 0
        self.received: list = []  # envelopes accepted

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_left > 0:
            self.refuse_left -= 1
            self.refused += 1
            return "451 4.7.1 Try again later"
        self.received.append(envelope)
        return "250 2.0.0 OK"


class SMTPServer:
    def __init__(self, refuse_first: int = 0):
        self.handler = Recorder(refuse_first)
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SMTPServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    @property
    def received(self) -> list:
        return self.handler.received
