# CITEOSQUARE interface — English.
# fr.ftl and en.ftl define the same messages (checked by a test).

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

## Login
login-title = Log in
login-submit = Log in
login-help = Forgot your password? Ask the desk or an administrator to reset it.
login-refused = Wrong user name or password.
login-throttled = Too many attempts. Wait a few minutes before trying again.
login-expired = Your session has expired. Log in again to continue.
label-username = User name
label-password = Password

## My account
account-title = My account
account-preferences = Preferences
account-password = Password
account-change-password = Change password
account-must-change = Your password is temporary: choose a new one before going on.
label-language = Language
label-large-text = Large text
label-current-password = Current password
label-new-password = New password
label-confirm-password = Confirm the new password
hint-password = At least 10 characters. An easy-to-remember phrase works well.

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
    [name] { label-association-name }: { $message }
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
   *[other] { $message }
}
error-title = Something went wrong
error-internal = The page could not be shown. Try again in a moment; if it keeps happening, tell the administrator.
error-required = This field is required.
error-too-long = This text is too long.
error-too-large = The request is too large.
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
error-forbidden-title = Access denied
error-forbidden-text = Your account does not give access to this page.
error-not-found-title = Page not found
error-not-found-text = This page does not exist, or no longer does.
error-csrf-title = Form expired
error-csrf-text = This form is no longer valid (session changed or page too old). Go back, reload the page and try again.

## SEL: refusals
error-sel-no-account = { $name } has no SEL account yet: open it from their record.
error-sel-account-exists = This person already has a SEL account.
error-sel-account-unknown = Unknown SEL account.
error-sel-floor-invalid = Invalid floor: a number of minutes between −100,000 and 0.
error-sel-ceiling-invalid = Invalid ceiling: a number of minutes between 0 and 100,000.
error-sel-reason-required = Give the reason.
error-sel-operation-id-invalid = Invalid operation id (1 to 80 characters: letters, digits, “-”, “_”, “:”, “.”).
error-sel-operation-reused = This operation id was already used for another request: nothing was recorded.
error-sel-nothing-to-write = There is nothing to record.
error-sel-below-floor = Not enough balance ({ $name } left before the floor): nothing was debited.
error-sel-above-ceiling = Ceiling reached ({ $name } left before the ceiling): nothing was credited.
error-sel-not-pending = This transfer is no longer pending (already confirmed or cancelled).
error-sel-amount-invalid = Invalid number of minutes (a positive whole number, within the allowed limits).
error-sel-same-account = The payer and the receiver must be two different accounts.
error-sel-override-admin-only = Only an administrator may pass a limit.
error-sel-correct-pending = A pending transfer is not corrected: confirm or cancel it.
error-sel-correction-too-large = The correction would give back more than the transfer's net amount ({ $name }).
error-sel-name-required = Give a name.
error-sel-kiosk-not-sel = Choose a kiosk whose role is “SEL shifts”.
error-sel-activity-exists = An activity is already called “{ $name }”.
error-sel-activity-unknown = Unknown activity.
error-sel-date-invalid = Invalid date (expected format: YYYY-MM-DD).
error-sel-time-invalid = Invalid time (expected format: HH:MM).
error-sel-weeks-invalid = Invalid number of weeks (1 to 53).
error-sel-places-invalid = Invalid number of places (1 to 100).
error-sel-shift-too-long = A shift lasts 16 hours at most.
error-sel-shift-cancelled = This shift is cancelled.
error-sel-shift-past = This shift is over.
error-sel-shift-started = This shift has started: it is too late to withdraw.
error-sel-already-signed-up = This person is already signed up for this shift.
error-sel-not-signed-up = This person is not signed up for this shift.
error-sel-shift-full = This shift is full.
error-sel-session-open = This shift is still being served: end it first.
error-sel-session-closed = This shift has already ended.
error-sel-already-reviewed = This shift has already been reviewed.
error-sel-end-invalid = The end time must be after the start and not in the future.
error-sel-year-invalid = Invalid year.
error-sel-price-invalid = Invalid price (1 to 6,000 minutes).
error-sel-item-exists = An item is already called “{ $name }”.
error-sel-cart-empty = Add at least one item.
error-sel-quantity-invalid = Invalid quantity (1 to 100 per item).
error-sel-item-unknown = Unknown item, or no longer in the catalogue: { $name }.
error-sel-memo-required = Say what was exchanged.
error-sel-workshop-total-too-small = The workshop's cost must be at least one minute per participant.
error-sel-label-required = Give the workshop's name.
error-sel-participants-empty = Choose at least one participant.
error-sel-participants-duplicate = A participant is listed twice.
error-sel-participants-too-many = At most 50 participants per workshop.

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

## Desk
home-title = Desk
search-title = Find a person
search-label = Name, badge or phone
search-submit = Search
taps-title = Latest kiosk taps
taps-none = No taps yet.
live-connecting = Connecting to live updates…
live-on = Live updates on.
live-lost = Connection lost, retrying…
kiosks-title = Kiosks
kiosks-none = No kiosk configured.
kiosk-online = Online
kiosk-offline = Offline
kiosk-unregistered = (unregistered kiosk)
presence-title = Present now
presence-none = Nobody is reported present.
presence-count = { $n ->
    [one] { $n } person present
   *[other] { $n } people present
}
badge-number = Badge { $card }
col-time = Time
col-person = Person
col-kiosk = Kiosk
col-result = Result
col-state = State
col-pending = Pending
col-version = Version
col-last-seen = Last contact
col-place = Place
col-since = Since
col-name = Name
col-badges = Badges
col-card = Badge
col-assigned = Assigned
col-created = Created
col-last-used = Last used
col-actions = Actions

## Tap results
result-recorded = Tap recorded
result-unknown-badge = Unknown badge
result-not-allowed = Not allowed
result-rejected = Refused
result-shift-started = Shift started
result-shift-ended = Shift ended
result-entered = Entered
result-left = Left
result-checked-in = Checked in
result-checked-out = Checked out
result-other = Other

## People
persons-title = People
persons-latest = Latest records
persons-results = Results for "{ $q }"
persons-none = Nobody matches.
person-new = New person
person-details = Details
person-erased-notice = This person's data was erased at their request. The history stays, without their name.
person-no-association = Member of no association.
label-first-name = First name
label-last-name = Last name
label-kind = Status
label-phone = Phone
label-email = Email
label-accessibility = Accessibility
hint-phone = For example 06 12 34 56 78.
hint-accessibility = What helps the desk: "hard of hearing, face her when speaking", "wheelchair"…
kind-resident = Resident (seniors' floor)
kind-neighbour = Neighbour
kind-guest = Hostel guest
kind-staff = Staff
kind-member = Association member

## Badges
badges-title = Badges
badges-none = No badge.
badge-active = Active
badge-revoked = Taken back on
badge-revoke = Take the badge back
badge-revoke-confirm = Take badge { $card } back? It will stop working at the kiosks.
label-revoke-reason = reason
revoke-lost = lost
revoke-returned = returned
revoke-broken = broken
revoke-other = other reason
revoke-erased = data erasure
badge-assign-title = Assign a badge
desk-tap-instructions = Tap the badge on the desk kiosk: it will show below.
desk-tap-waiting = Waiting for an unknown badge at the desk kiosk…
desk-tap-read = Badge { $card } read at { $time } ({ $kiosk }).
desk-tap-assign = Assign badge { $card }
label-card-typed = Or type the badge number
hint-card = As printed or read, for example 04A31F9B.
badge-assign = Assign this badge

## GDPR
gdpr-title = Personal data
gdpr-export = Download all their data (JSON)
gdpr-erase = Erase their data…
erase-title = Erase a person's data
erase-heading = Erase the data of { $name }
erase-explain = At the person's request, their personal data is erased:
erase-what-1 = their name becomes "Personne effacée", their phone, email and notes are deleted;
erase-what-2 = their badges are taken back and their accounts disabled;
erase-what-3 = the history (taps, hours, totals) stays, without their name.
erase-irreversible = This cannot be undone.
erase-confirm-label = I confirm erasing the data of { $name }
erase-submit = Erase for good

## Associations
associations-list = All associations
associations-none = No association.
association-new = New association
label-association-name = Association name
label-description = Description
members-title = Members
members-none = No members.
members-count = { $n ->
    [one] { $n } member
   *[other] { $n } members
}
member-add = Add a member
member-add-button = Add as member
member-add-representative = Add as representative
my-associations-none = You do not represent any association yet.

## Logbook
logbook-title = Logbook
logbook-rules = Every entry is timestamped. Its author may change it for 15 minutes; then it is locked and a correction is added instead.
logbook-new = New entry
logbook-kind = Type
logbook-kind-entry = Entry
logbook-kind-handover = Handover note
logbook-add = Add
logbook-latest = Latest entries
logbook-none = No entries.
logbook-all = The whole logbook
logbook-handover = Handover note
logbook-last-handover = Latest handover note
logbook-correction = Correction
logbook-edited = edited
logbook-edit = Edit (less than 15 minutes)
logbook-edit-label = Corrected text
logbook-correct = Add a correction
logbook-correct-label = Correction
logbook-correct-submit = Add the correction
shift-morning = Morning
shift-afternoon = Afternoon
shift-night = Night

## Residents
me-title = My details
me-no-person = Your account is not linked to a record. Ask the desk.
me-gdpr = To get a copy of your data or have it erased, ask the desk.

## Administration
users-list = Accounts
user-new = New account
user-create = Create the account
user-active = Active
user-disabled = Disabled
user-must-change = Temporary password
user-reset = Reset password
user-reset-for = Reset the password of { $name }
user-reset-confirm = Reset the password of { $name }? Their open sessions will be closed.
user-password-issued = Temporary password of { $name }:
user-password-once = Write it down and give it to the person: it will not be shown again. They must change it at first login.
label-display-name = Display name
label-role = Role
label-person-id = Person's record number
hint-username = For example "desk-night" or "marie.lefevre".
hint-person-id = Required for an association or resident account.
role-admin = Administration
role-reception = Desk
role-association = Association
role-resident = Resident
audit-actor = Author
audit-action = Action
audit-entity = Object
audit-entity-id = Number
audit-from = From
audit-to = To
audit-all = All
audit-filter = Filter
audit-none = No change matches.
audit-before = Before
audit-after = After
entity-person = Person
entity-badge = Badge
entity-association = Association
entity-user = Account
entity-token = Token
entity-logbook = Logbook
tokens-explain = A token lets another program use the API (/api/v1) with an account's rights. It is shown only once.
tokens-list = Tokens
tokens-none = No tokens.
token-new = New token
token-create = Create the token
token-issued = Here is the token. Copy it now: it will not be shown again.
token-revoke = Revoke
token-revoke-for = Revoke token { $name }
token-revoke-confirm = Revoke token "{ $name }"? Programs using it will lose access.
token-revoked = Revoked on
label-token-label = Purpose
label-token-user = Account
hint-token-label = For example "hall dashboard".

## API (problem+json)
problem-unauthenticated = Authentication required
problem-invalid-token = Invalid or revoked API token
problem-forbidden = Forbidden for this role
problem-not-found = Not found
problem-invalid = Invalid data
problem-conflict = Conflict with the current state
problem-internal = Internal error
problem-not-json = The body must be JSON (Content-Type: application/json)
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
problem-too-large = The request body is too large
alarm-outbox-high = many taps waiting to be sent
alarm-outbox-full = queue full: new taps are refused
alarm-reader-error = badge reader failing
alarm-screen-error = screen failing
alarm-clock-not-synced = clock not synchronised
alarm-outbox-error = queue cannot be written (disk full or failing): taps refused
badge-assign-link = assign…
persons-badge-to-assign = Badge { $card } to assign: find the person (or create their record) and open it; the badge is ready to assign there.
