-- Temporary passwords (issue 16): a resident or an association's representative who forgot their
-- password goes to the desk, open day and night, which gives a temporary one (or the desk creates
-- the login from the person's page, with a first temporary password). It must be changed at the
-- next login (`users.must_change_password`) and stops opening the account after `expires_at`.
--
-- The row keeps the hash it was issued as: it applies only while `users.password_hash` is still
-- that hash, so a password chosen by its owner or reset by an admin is never caught by an old
-- deadline. One row per account, replaced by the next temporary password. Never the password
-- itself: an argon2id PHC string, as in `users`.
CREATE TABLE temporary_passwords (
    user_id        INTEGER PRIMARY KEY REFERENCES users(id),
    password_hash  TEXT NOT NULL,
    issued_at      TEXT NOT NULL,
    expires_at     TEXT NOT NULL CHECK (expires_at > issued_at),
    issued_by      INTEGER REFERENCES users(id)
);

-- When the account last logged in with its password (shown on the person's page); NULL when it
-- has not since this column exists.
ALTER TABLE users ADD COLUMN last_login_at TEXT;
