"""A mail server for the e-mail tests (server/tests/notify_mail.rs), on aiosmtpd.

    python3 smtp_sink.py PORT DIR [REFUSED_ADDRESS...]

Listens on 127.0.0.1:PORT (0: a free port), prints the port on its first line once it accepts
connections, and keeps each message it receives as DIR/NNNN.eml (as received) and DIR/NNNN.json
(read by Python's own e-mail parser: the envelope, the headers decoded, the text and HTML parts),
each written whole before the server answers 250. A recipient among REFUSED_ADDRESS is refused
for good (550), as a mail server refuses an unknown user.

With SINK_AUTH_LOGIN and SINK_AUTH_PASSWORD in its environment it requires AUTH (PLAIN or LOGIN)
with that login and password before MAIL; with SINK_TLS_CERT and SINK_TLS_KEY (PEM files) it offers
STARTTLS and requires it before AUTH and MAIL. Each AUTH, STARTTLS and MAIL it is sent is written to
DIR/commands.log with whether the connection was encrypted at that moment, and each message's
record says whether it came encrypted and as whom.
"""

import asyncio
import json
import os
import socket
import ssl
import sys
from email import policy
from email.parser import BytesParser

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink:
    def __init__(self, out, refused):
        self.out = out
        self.refused = {a.lower() for a in refused}
        self.count = 0

    def log(self, session, line):
        encrypted = "encrypted" if session.ssl is not None else "clear"
        with open(os.path.join(self.out, "commands.log"), "a") as f:
            f.write("%s %s\n" % (line, encrypted))

    def handle_STARTTLS(self, server, session, envelope):
        # Called (not awaited) once the TLS handshake succeeded.
        self.log(session, "STARTTLS")
        return True

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.log(session, "MAIL")
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refused:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        msg = BytesParser(policy=policy.default).parsebytes(raw)
        text = msg.get_body(preferencelist=("plain",))
        html = msg.get_body(preferencelist=("html",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(msg["From"]),
            "to": str(msg["To"]),
            "subject": str(msg["Subject"]),
            "message_id": str(msg["Message-ID"]),
            "auto_submitted": str(msg["Auto-Submitted"]),
            "content_type": msg.get_content_type(),
            "encrypted": session.ssl is not None,
            "login": session.auth_data.login.decode()
            if isinstance(session.auth_data, LoginPassword)
            else None,
            "text": text.get_content() if text is not None else None,
            "html": html.get_content() if html is not None else None,
        }
        self.count += 1
        base = os.path.join(self.out, "%04d" % self.count)
        for suffix, data in ((".eml", raw), (".json", json.dumps(record).encode())):
            with open(base + suffix + ".part", "wb") as f:
                f.write(data)
            os.replace(base + suffix + ".part", base + suffix)
        return "250 2.0.0 Ok: queued as %04d" % self.count


class Authenticator:
    def __init__(self, handler, login, password):
        self.handler = handler
        self.login = login.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        self.handler.log(session, "AUTH %s" % mechanism)
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == self.login
            and auth_data.password == self.password
        )
        return AuthResult(success=ok, handled=False, auth_data=auth_data)


async def main():
    port, out, refused = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    options = {}
    login, password = os.environ.get("SINK_AUTH_LOGIN"), os.environ.get("SINK_AUTH_PASSWORD")
    cert, key = os.environ.get("SINK_TLS_CERT"), os.environ.get("SINK_TLS_KEY")
    if cert and key:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        options.update(tls_context=context, require_starttls=True)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    handler = Sink(out, refused)
    if login and password is not None:
        options.update(
            authenticator=Authenticator(handler, login, password),
            auth_required=True,
            # Without STARTTLS asked for, AUTH is offered in clear (a relay on loopback).
            auth_require_tls=bool(cert and key),
        )
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="sink.test", ident="test sink", **options), sock=sock
    )
    print(sock.getsockname()[1], flush=True)
    await server.serve_forever()


asyncio.run(main())
