-- The site's display name, shown in every page's header and title and on the public agenda,
-- instead of the technical site id (`main`, used in the kiosks' MQTT topics). One row; the admin
-- changes it at /admin/site.
CREATE TABLE site_settings (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    display_name  TEXT NOT NULL DEFAULT 'CITEOSQUARE'
                  CHECK (length(display_name) BETWEEN 1 AND 80 AND display_name = trim(display_name))
);
INSERT INTO site_settings (id) VALUES (1);

-- The audit log reads like a register: its filters list the actions and the authors present, and
-- filter on them, without reading the whole table.
CREATE INDEX audit_log_action ON audit_log(action);
CREATE INDEX audit_log_actor_name ON audit_log(actor);
