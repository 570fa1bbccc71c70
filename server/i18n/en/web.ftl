hello-user = Hello, { $name }
never = never
skip-to-content = Skip to content
back-home = Back to the home page
switch-language = Français
logout = Log out
save = Save
cancel = Cancel
representative = representative

## Navigation
nav-label = Main menu
nav-home = Desk
nav-persons = People
nav-associations = Associations
nav-logbook = Logbook
nav-users = Accounts
nav-audit = Change log
nav-tokens = API tokens
nav-me = My details
nav-my-associations = My associations
nav-account = My account

## Forms
errors-title = The form has errors
# One line of the error summary: the field's name, then the error.
error-in-field = { $field ->
    [first_name] { label-first-name }: { $message }
    [last_name] { label-last-name }: { $message }
    [kind] { label-kind }: { $message }
    [phone] { label-phone }: { $message }
    [email] { label-email }: { $message }
    [language] { label-language }: { $message }
    [accessibility] { label-accessibility }: { $message }
    [identifiant] { label-username }: { $message }
    [mot_de_passe] { label-password }: { $message }
    [actuel] { label-current-password }: { $message }
    [nouveau] { label-new-password }: { $message }
    [confirmation] { label-confirm-password }: { $message }
    [body] { logbook-new }: { $message }
    [name] Name: { $message }
    [description] { label-description }: { $message }
    [username] { label-username }: { $message }
    [display_name] { label-display-name }: { $message }
    [role] { label-role }: { $message }
    [person_id] { label-person-id }: { $message }
    [label] { label-token-label }: { $message }
    [actor] { audit-actor }: { $message }
    [entity_id] { audit-entity-id }: { $message }
    [from] { audit-from }: { $message }
    [to] { audit-to }: { $message }
    [shift_date] { sel-label-day }: { $message }
    [shift_start] { sel-label-start }: { $message }
    [shift_end] { sel-label-end }: { $message }
    [ended_at] { sel-label-end }: { $message }
    [activity_id] { sel-col-activity }: { $message }
    [heures] { sel-label-duration }: { $message }
    [minutes] { sel-label-duration }: { $message }
    [payer] { sel-label-payer }: { $message }
    [receiver] { sel-label-receiver }: { $message }
    [receiver_id] { sel-label-receiver }: { $message }
    [person] { sel-label-person }: { $message }
    [memo] { sel-label-memo }: { $message }
    [reason] { sel-label-reason }: { $message }
    [limits_reason] { sel-label-reason }: { $message }
    [override_reason] { sel-label-override }: { $message }
    [floor] { sel-label-floor }: { $message }
    [ceiling] { sel-label-ceiling }: { $message }
    [membership_year] { sel-label-year }: { $message }
    [first_date] { sel-label-first-date }: { $message }
    [start] { sel-label-start }: { $message }
    [end] { sel-label-end }: { $message }
    [weeks] { sel-label-weeks }: { $message }
    [places] { sel-label-places }: { $message }
    [note] { sel-label-note }: { $message }
    [unit_name] { sel-label-unit-name }: { $message }
    [welcome_minutes] { sel-label-welcome }: { $message }
    [default_floor] { sel-label-default-floor }: { $message }
    [default_ceiling] { sel-label-default-ceiling }: { $message }
    [rounding_minutes] { sel-label-rounding }: { $message }
    [tolerance_minutes] { sel-label-tolerance }: { $message }
    [unplanned_max_minutes] { sel-label-unplanned-max }: { $message }
    [repeat_tap_seconds] { sel-label-repeat }: { $message }
    [membership_policy] { sel-label-policy }: { $message }
    [kiosk_id] { sel-label-kiosk }: { $message }
   *[other] { $message }
}
error-title = Something went wrong
error-internal = The page could not be shown. Try again in a moment; if it keeps happening, tell the administrator.
error-required = This field is required.
error-too-long = This text is too long.
error-too-large = The request is too large (1 MB at most; 16 MB for a photo).
error-choice = Choose a value from the list.
error-phone = Invalid phone number (digits, spaces, "+", "." or "-").
error-email = Invalid email address.
error-date = Invalid date (expected format: YYYY-MM-DD).
error-card = Invalid badge number: letters and digits only, 64 at most.
error-card-held = This badge already belongs to { $name }. Take it back from their record first.
error-card-already-theirs = This badge already belongs to this person.
error-badge-already-revoked = This badge was already taken back.
error-person-erased = This person was erased: their record can no longer be changed.
error-person-unknown = Unknown person: give their record number.
error-person-needed = An association or resident account must be linked to a person's record.
error-association-exists = An association already has this name.
error-username = Invalid user name: 2 to 64 characters among a-z, 0-9, ".", "_" and "-".
error-username-taken = This user name is taken.
error-user-unknown = No active account has this user name.
error-password-short = The password must have at least 10 characters.
error-password-is-username = The password must not be the user name.
error-password-mismatch = The two passwords differ.
error-password-wrong = The current password is wrong.
error-erase-confirm = Tick the box to confirm the erasure.
error-handover-exists = This shift's handover note is already written: add an entry or a correction.
error-logbook-locked = This entry is more than 15 minutes old: it is locked. Add a correction.
error-logbook-not-author = Only an entry's author can change it. Add a correction.
error-correct-correction = A correction is not corrected: correct the original entry.
error-bad-form = The form sent was incomplete or malformed. Reload the page and try again.
error-text-invisible = A field holds a hidden character that is not allowed (a control character, often copied from another program). Go back, type that field again and send the form.
error-text-too-long = A field is too long: 10,000 characters at most.
error-forbidden-title = Access denied
error-forbidden-text = Your account does not give access to this page.
error-not-found-title = Page not found
error-not-found-text = This page does not exist, or no longer does.
error-csrf-title = Form expired
error-csrf-text = This form is no longer valid (session changed or page too old). Go back, reload the page and try again.

## Confirmations
ok-logged-out = You are logged out.
ok-saved = Changes saved.
ok-password-changed = Password changed. Your other sessions were closed.
ok-person-created = Record created.
ok-badge-assigned = Badge assigned.
ok-badge-revoked = Badge taken back.
ok-person-erased = The person's data was erased.
ok-association-created = Association created.
ok-member-saved = Member saved.
ok-entry-added = Entry added to the logbook.
ok-correction-added = Correction added.
ok-token-revoked = Token revoked.

## API (problem+json)
problem-unauthenticated = Authentication required
problem-invalid-token = Invalid or revoked API token
problem-forbidden = Forbidden for this role
problem-not-found = Not found
problem-invalid = Invalid data
problem-conflict = Conflict with the current state
problem-internal = Internal error
problem-not-json = The body must be JSON (Content-Type: application/json)
problem-not-a-picture = The body must be the picture itself (Content-Type: image/jpeg or image/png)
problem-bad-query = Malformed query string
problem-bad-json = Malformed JSON
problem-csrf = Missing or invalid CSRF token
problem-detail-json = { $name }

## Additions: disabled accounts, temporary passwords, corrections, API
error-disable-self = You cannot disable your own account.
ok-user-disabled = Account disabled: its sessions are closed and its tokens no longer work.
ok-user-enabled = Account enabled again.
user-disable = Disable
user-disable-for = Disable the account of { $name }
user-disable-confirm = Disable the account of { $name }? They will no longer be able to log in.
user-enable = Enable
user-enable-for = Enable the account of { $name }
error-logbook-correction-needs-original = A correction must name the entry it corrects.
error-logbook-correction-not-editable = A correction is not edited: add another correction to the original entry.
error-json-value = Missing value, or one of an unexpected type.
problem-password-change-required = Temporary password: change it on the "My account" page before going on
problem-too-large = The request body is too large (1 MB at most)
alarm-outbox-high = many taps waiting to be sent
alarm-outbox-full = queue full: new taps are refused
alarm-reader-error = badge reader failing
alarm-screen-error = screen failing
alarm-clock-not-synced = clock not synchronised
alarm-outbox-error = queue cannot be written (disk full or failing): taps refused
badge-assign-link = assign…
persons-badge-to-assign = Badge { $card } to assign: find the person (or create their record) and open it; the badge is ready to assign there.
error-photo-not-a-photo = This file is not a readable photo: send a JPEG or PNG photo.
error-photo-too-many-pixels = This picture is too large (over 16,000 pixels a side): send a photo taken with a phone.
error-photo-none = Choose a photo first.
error-too-long-40 = This text is too long: 40 characters at most.
error-too-long-60 = This text is too long: 60 characters at most.
error-too-long-80 = This text is too long: 80 characters at most.
error-too-long-100 = This text is too long: 100 characters at most.
error-too-long-120 = This text is too long: 120 characters at most.
error-too-long-200 = This text is too long: 200 characters at most.
error-too-long-500 = This text is too long: 500 characters at most.
error-too-long-1000 = This text is too long: 1,000 characters at most.
error-too-long-2000 = This text is too long: 2,000 characters at most.
error-too-long-4000 = This text is too long: 4,000 characters at most.
