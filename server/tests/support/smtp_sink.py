"""A mail server for the e-mail tests (server/tests/notify_mail.rs), on aiosmtpd.

    python3 smtp_sink.py PORT DIR [REFUSED_ADDRESS...]

Listens on 127.0.0.1:PORT (0: a free port), prints the port on its first line once it accepts
connections, and keeps each message it receives as DIR/NNNN.eml (as received) and DIR/NNNN.json
(read by Python's own e-mail parser: the envelope, the headers decoded, the text and HTML parts),
each written whole before the server answers 250. A recipient among REFUSED_ADDRESS is refused
for good (550), as a mail server refuses an unknown user.
"""

import asyncio
import json
import os
import socket
import sys
from email import policy
from email.parser import BytesParser

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, out, refused):
        self.out = out
        self.refused = {a.lower() for a in refused}
        self.count = 0

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


async def main():
    port, out, refused = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    handler = Sink(out, refused)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="sink.test", ident="test sink"), sock=sock
    )
    print(sock.getsockname()[1], flush=True)
    await server.serve_forever()


asyncio.run(main())
