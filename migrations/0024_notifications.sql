-- Telling people what happened (issue 17, server::notify). An event — a booking confirmed or
-- refused, minutes received, a reminder the day before — becomes one message per recipient, written
-- in this outbox in the same transaction as the change: a change that rolls back leaves no message,
-- and a message waits here while the mail server is away. Times are UTC instants as RFC 3339 text
-- with milliseconds and a `Z`, as everywhere.

-- How a person wants to hear from the place. No row: by e-mail when the person has an address,
-- else on their page when they have a login, else on paper from the desk.
CREATE TABLE notify_preferences (
    person_id   INTEGER PRIMARY KEY REFERENCES persons(id),
    channel     TEXT NOT NULL CHECK (channel IN ('email', 'page', 'paper')),
    -- E-mail only: one e-mail a day gathering the day's messages instead of one each.
    digest      INTEGER NOT NULL DEFAULT 0 CHECK (digest IN (0, 1)),
    updated_at  TEXT NOT NULL
);

-- The outbox, and the notices on a person's page. The words are not stored: `kind` names the
-- templates in the translation files and `args` holds what fills them (instants stay instants),
-- written in `language`, the person's at the time. `event_key` names the event
-- (`space-booking:42:approved`): the same event twice makes one message.
CREATE TABLE notifications (
    id               INTEGER PRIMARY KEY,
    -- The e-mail's Message-ID (without the angle brackets): the same on every attempt.
    message_id       TEXT NOT NULL UNIQUE CHECK (length(message_id) BETWEEN 3 AND 200),
    person_id        INTEGER NOT NULL REFERENCES persons(id),
    event_key        TEXT NOT NULL CHECK (length(event_key) BETWEEN 1 AND 200),
    kind             TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 60),
    args             TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(args)),
    -- A page of the site the message is about (`/espaces/reservations/42`), or NULL.
    link             TEXT CHECK (link IS NULL OR (length(link) <= 300 AND substr(link, 1, 1) = '/')),
    language         TEXT NOT NULL CHECK (language IN ('fr', 'en')),
    -- Chosen when the message was made: 'email' (sent to `email_to`), 'page' (the notice only),
    -- 'paper' (a slip the desk prints and hands over).
    channel          TEXT NOT NULL CHECK (channel IN ('email', 'page', 'paper')),
    email_to         TEXT CHECK (email_to IS NULL OR length(email_to) <= 200),
    digest           INTEGER NOT NULL DEFAULT 0 CHECK (digest IN (0, 1)),
    created_at       TEXT NOT NULL,
    -- E-mail delivery: attempts so far, when to try next, the mail server's last answer.
    attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at  TEXT,
    last_error       TEXT CHECK (last_error IS NULL OR length(last_error) <= 1000),
    -- Set by the sender while it holds the message, so that two senders never send it twice.
    sending_since    TEXT,
    sent_at          TEXT,
    -- Given up on: a permanent refusal by the mail server or too many attempts. Never retried
    -- by itself; the admin may retry it.
    failed_at        TEXT,
    -- The notice read on the person's page.
    read_at          TEXT,
    -- Paper: the slip handed over, and by whom (an account's display name).
    handed_at        TEXT,
    handed_by        TEXT CHECK (handed_by IS NULL OR length(handed_by) <= 120),
    UNIQUE (event_key, person_id),
    CHECK (channel <> 'email' OR email_to IS NOT NULL),
    CHECK (sent_at IS NULL OR channel = 'email'),
    CHECK (handed_at IS NULL OR channel = 'paper'),
    CHECK (NOT (sent_at IS NOT NULL AND failed_at IS NOT NULL))
);
CREATE INDEX notifications_person ON notifications(person_id, created_at);
-- What the sender looks at: e-mails neither sent nor given up.
CREATE INDEX notifications_to_send ON notifications(next_attempt_at)
    WHERE channel = 'email' AND sent_at IS NULL AND failed_at IS NULL;
-- The desk's « À remettre » list.
CREATE INDEX notifications_to_hand ON notifications(person_id)
    WHERE channel = 'paper' AND handed_at IS NULL;

-- The site's mail account. One row; the password is never stored: it comes from the environment
-- (CITEOSQUARE_SMTP_PASSWORD). No host: e-mails wait in the outbox.
CREATE TABLE notify_settings (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    smtp_host     TEXT NOT NULL DEFAULT '' CHECK (length(smtp_host) <= 200),
    smtp_port     INTEGER NOT NULL DEFAULT 587 CHECK (smtp_port BETWEEN 1 AND 65535),
    -- 'starttls' (port 587), 'tls' (implicit TLS, port 465), 'none' (a relay on this machine).
    smtp_security TEXT NOT NULL DEFAULT 'starttls' CHECK (smtp_security IN ('starttls', 'tls', 'none')),
    smtp_login    TEXT NOT NULL DEFAULT '' CHECK (length(smtp_login) <= 200),
    from_address  TEXT NOT NULL DEFAULT '' CHECK (length(from_address) <= 200),
    -- The address of the site's pages in links (`https://citeosquare.example`), no trailing slash.
    site_url      TEXT NOT NULL DEFAULT '' CHECK (length(site_url) <= 200),
    -- The local hour at which the day's digest e-mails leave.
    digest_hour   INTEGER NOT NULL DEFAULT 7 CHECK (digest_hour BETWEEN 0 AND 23),
    updated_at    TEXT
);
INSERT INTO notify_settings (id) VALUES (1);
