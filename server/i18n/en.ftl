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
error-sel-shift-overlap = This person already has a shift at that time.
error-sel-receiver-unknown = No SEL member has this number.
error-sel-period-invalid = Invalid period: the end must come after the start, 366 days at most.
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

## SEL : pages
nav-sel = Time bank
sel-title = Time bank (SEL)
sel-links = Time bank shortcuts
sel-all = All of the time bank
sel-back = Back to the time bank
sel-desk-title = Time bank now
sel-yes = yes
sel-no = no
sel-edit = Edit
sel-cancel = Cancel
sel-active = open
sel-inactive = closed
sel-full = full
sel-cancelled = cancelled
sel-unplanned = without sign-up
sel-since = since { $time }
sel-balance = Balance
sel-spendable = Available before the floor
sel-new-balance = New balance
sel-no-account = No time bank account yet.
sel-open-account = Open a time bank account
sel-open-account-link = open an account
sel-see-statement = See the statement
sel-member-number = no.
sel-pick-one = Several people match: choose one
sel-by = by { $name }
sel-reason-line = Reason: { $reason }
sel-balance-line = Balance: { $balance }
sel-spendable-line = Available before the floor: { $minutes }
sel-badges-line = Badges: { $badges }
sel-places-line = Places taken: { $taken } of { $places }
sel-credited = Time credited
sel-csv = Statement (CSV file)
sel-movement-no = Movement no.
sel-any-kiosk = Any time bank kiosk
sel-weekday-1 = Monday
sel-weekday-2 = Tuesday
sel-weekday-3 = Wednesday
sel-weekday-4 = Thursday
sel-weekday-5 = Friday
sel-weekday-6 = Saturday
sel-weekday-7 = Sunday
sel-month-1 = Jan
sel-month-2 = Feb
sel-month-3 = Mar
sel-month-4 = Apr
sel-month-5 = May
sel-month-6 = Jun
sel-month-7 = Jul
sel-month-8 = Aug
sel-month-9 = Sep
sel-month-10 = Oct
sel-month-11 = Nov
sel-month-12 = Dec
sel-kind-shift = Shift
sel-kind-exchange = Exchange
sel-kind-purchase = Cooperative purchase
sel-kind-welcome = Welcome
sel-kind-correction = Correction
sel-kind-workshop = Workshop
sel-col-no = No.
sel-col-date = Date
sel-col-nature = Kind
sel-col-memo = Description
sel-col-counterpart = With
sel-col-minutes = Time
sel-col-balance = Balance
sel-col-activity = Activity
sel-col-places = Places
sel-col-signed-up = Signed up
sel-col-unplanned = Without sign-up
sel-col-item = Item
sel-col-category = Category
sel-col-price = Price
sel-col-price-minutes = Price in minutes
sel-col-quantity = Quantity
sel-col-unit-price = Unit price
sel-col-amount = Amount
sel-col-total = Total
sel-label-hours = Hours
sel-label-minutes = Minutes
sel-label-duration = Time
sel-label-payer = Who gives the minutes
sel-label-receiver = Who receives the minutes
sel-label-person = Person
sel-label-memo = What for
sel-label-reason = Reason
sel-label-override = Go past the limit: reason (administrator)
sel-label-floor = Own floor (minutes)
sel-label-ceiling = Own ceiling (minutes)
sel-label-year = Year
sel-label-fee = Fee
sel-label-kiosk = Kiosk where people badge
sel-label-unplanned = Accepts shifts without sign-up
sel-label-active = Activity open
sel-label-first-date = First day
sel-label-start = Start
sel-label-end = End
sel-label-weeks = Number of weeks
sel-label-places = Places
sel-label-note = Note (optional)
sel-label-review-note = Note (optional)
sel-label-unit-name = Name of the unit
sel-label-welcome = Welcome credit (minutes)
sel-label-default-floor = Default floor (minutes)
sel-label-default-ceiling = Default ceiling (minutes)
sel-label-rounding = Shift rounding (minutes)
sel-label-tolerance = Tolerance after the planned end (minutes)
sel-label-unplanned-max = Longest shift without sign-up (minutes)
sel-label-repeat = Time between two badges (seconds)
sel-label-policy = Unpaid fee at the kiosk
sel-label-confirmation = An exchange between members waits for the receiver's agreement
sel-hint-member = Their name, or their member number.
sel-hint-person = Their name, or their record number.
sel-hint-memo = For example: “Help with moving house”.
sel-hint-reason = Required: it stays in the history.
sel-hint-override = Only to go past the floor or the ceiling.
sel-hint-floor = Empty: the default floor. For example −3000 (that is −50 h).
sel-hint-ceiling = Empty: the default ceiling. For example 3000 (that is 50 h).
sel-hint-end = If the end is before the start, the shift ends the next day.
sel-hint-weeks = 1 for a single shift, up to 53.
sel-hint-category = For example: Grocery, Café, Services.
sel-hint-price = 60 minutes = 1 h.
sel-hint-unit-name = For example: grains de sel.
sel-hint-welcome = From 0 to 6,000, credited when an account is opened.
sel-hint-default-floor = From −100,000 to 0: how low an account may go.
sel-hint-default-ceiling = From 0 to 100,000: how high an account may go.
sel-hint-rounding = From 1 to 60: time present is rounded to this many minutes.
sel-hint-tolerance = From 0 to 240: a shift counts at most its planned length plus this.
sel-hint-unplanned-max = From 15 to 720: past this, a shift without sign-up is closed automatically.
sel-hint-repeat = From 0 to 900: a second badge sooner than this does not end the shift.
sel-open-title = Shifts being served
sel-open-none = Nobody is on a shift right now.
sel-end-at = End of { $name }'s shift
sel-end = End
sel-review-title = Shifts to check
sel-review-count = { $n ->
    [0] No shift to check
    [one] 1 shift to check
   *[other] { $n } shifts to check
}
sel-review-open = Check
sel-review-help = These shifts were badged without sign-up, closed automatically (end badge forgotten) or with a kiosk clock out of time. Check the time credited; correct it from the statement if needed, then mark them checked.
sel-review-none = Nothing to check.
sel-review-unplanned = without sign-up
sel-review-forgotten = end badge forgotten
sel-review-clock-skew = kiosk clock out of time
sel-review-early-tap = badge read before the shift being served began (kiosk offline)
sel-review-late-tap = badge read after the shift was closed
sel-review-correct = Correct the time credited
sel-review-still-open = Shift still being served.
sel-review-done = Mark as checked
sel-today-title = Today's shifts
sel-today-none = No shift planned today.
sel-cashier-title = Cashier
sel-cashier-badge-title = Badge just read
sel-cashier-badge-help = The person badges at the reception kiosk: their name appears here.
sel-cashier-badge-waiting = No badge read in the last two minutes.
sel-cashier-tapped = { $name } just badged ({ $kiosk }, { $time }) → charge
sel-cashier-search-title = Find the person
sel-cashier-for = Charge { $name }
sel-back-cashier = Back to the cashier
sel-cart-title = Charge
sel-cart-items = What the person takes
sel-cart-total = Total
sel-cart-after = balance after
sel-cart-pay = Charge
sel-category-other = Other
sel-catalogue-empty = The catalogue is empty.
sel-receipt-title = Purchase recorded
sel-receipt-items = Purchase details
sel-next-customer = Next person
sel-exchange-title = Exchange between members
sel-exchange-help = One person gives time to another for a service. The time is taken from one and credited to the other.
sel-exchange-submit = Record the exchange
sel-exchange-as-payer = New exchange (gives)
sel-account-title = Time bank account
sel-limits-now = Floor { $floor } · ceiling { $ceiling }
sel-own-limits = own limits: { $reason }
sel-reserved-in = Shift being served: up to { $minutes } reserved.
sel-reserved-out = Waiting for agreement: { $minutes } reserved.
sel-pending-title = Pending
sel-statement-title = Statement
sel-statement-none = No movement.
sel-correct = Correct
sel-correct-title = Correct movement no.
sel-correct-help = A movement is never erased: the correction is added to the statement, with its reason and your name.
sel-correct-direction = What to do?
sel-correct-give-back = Give minutes back to { $name }
sel-correct-take-back = Take minutes back from { $name }
sel-correct-debit-more = Charge { $name } more
sel-correct-credit-more = Credit { $name } more
sel-correct-submit = Record the correction
sel-limits-title = Own floor and ceiling
sel-limits-help = By default: floor { $floor }, ceiling { $ceiling }. Leave empty to go back to the defaults.
sel-limits-submit = Save the limits
sel-membership-title = Membership
sel-membership-line = Membership { $year }:
sel-membership-paid = fee paid
sel-membership-unpaid = fee to pay
sel-membership-none = not a member this year
sel-person-title = Time bank
sel-shifts-title = Shifts
sel-shifts-coming = The next four weeks
sel-shifts-none = No shift planned.
sel-series-title = Plan shifts
sel-series-help = One shift every week, on the same day and at the same times.
sel-series-submit = Create the shifts
sel-activities-title = Activities
sel-activities-none = No activity.
sel-activity-new = New activity
sel-activity-edit = Edit the activity
sel-nobody-signed-up = Nobody signed up.
sel-withdraw-person = Withdraw { $name }
sel-sign-up-someone = Sign someone up
sel-sign-up = Sign up
sel-cancel-shift-link = Cancel this shift…
sel-cancel-shift-title = Cancel the shift?
sel-cancel-shift-signed-up = { $n ->
    [0] Nobody signed up.
    [one] 1 person signed up: let them know.
   *[other] { $n } people signed up: let them know.
}
sel-cancel-shift-confirm = Yes, cancel the shift
sel-cancel-shift-back = No, go back
sel-back-shifts = Back to the shifts
sel-catalogue-title = Cooperative catalogue
sel-catalogue-help = The valuation scale: what each product or service costs, in time.
sel-catalogue-items = Items
sel-on-sale = on sale
sel-withdrawn = withdrawn
sel-item-new = New item
sel-item-edit = Edit the item
sel-item-withdraw = Withdraw “{ $name }” from sale
sel-item-restore = Put “{ $name }” back on sale
sel-report-title = Time bank report
sel-report-show = Show
sel-report-figures = In figures
sel-report-given = Time given in shifts
sel-report-sessions = Shifts
sel-report-participants = Participants
sel-report-newcomers = New participants
sel-report-purchases = Cooperative purchases
sel-report-exchanges = Exchanges between members
sel-report-table = Time given by activity and month
sel-report-none = No shift this year.
sel-settings-title = Time bank settings
sel-settings-rules = Rules
sel-policy-ignore = say nothing
sel-policy-warn = warn the person
sel-policy-refuse = refuse the shift
sel-reconcile-title = Account check
sel-reconcile-help = Recomputes every balance from the movements and checks that all accounts sum to zero.
sel-reconcile-last = Last check: { $time }
sel-reconcile-ok = All accounts are right.
sel-reconcile-ko = Differences were found: tell the technical administrator.
sel-reconcile-accounts = Accounts
sel-reconcile-transfers = Movements
sel-reconcile-mismatches = Differences
sel-reconcile-never = Never checked.
sel-reconcile-now = Check now
sel-me-title = My time bank account
sel-me-balance = My balance
sel-me-unit = Here, 1 minute given = 1 minute received (“{ $unit }”).
sel-me-to-answer = Exchanges to accept
sel-me-offer = { $name } gives you { $minutes } for “{ $memo }”.
sel-accept = Accept
sel-decline = Decline
sel-me-sent = Waiting for an answer
sel-me-sent-line = { $minutes } for { $name } (“{ $memo }”)
sel-me-history = My latest movements
sel-me-csv = Download my statement (CSV file)
sel-me-give-title = Give time to a member
sel-me-give-help = The time goes from your account to theirs at once.
sel-me-give-help-confirm = The time is reserved on your account; it goes to theirs when they accept.
sel-me-give-submit = Give
sel-me-no-account = You have no time bank account yet: ask reception to open one.
sel-me-shifts = Shifts in the next four weeks
sel-me-signed = signed up
sel-me-sign-up = Sign me up
sel-me-withdraw = Withdraw me
sel-places-left = { $n ->
    [0] full
    [one] 1 place left
   *[other] { $n } places left
}
entity-sel-account = Time bank account
entity-sel-transfer = Time bank movement
entity-sel-activity = Time bank activity
entity-sel-series = Series of shifts
entity-sel-shift = Shift
entity-sel-session = Shift served
entity-sel-item = Catalogue item
entity-sel-settings = Time bank settings
error-sel-person-required = Give a name or a number.
error-sel-person-unknown = Nobody matches this name or number.
error-sel-member-unknown = No member with a time bank account matches this name or number.
error-sel-person-ambiguous = Several people match: choose from the list or type the number.
error-sel-duration-invalid = Invalid time: whole numbers of hours and minutes.
error-sel-correction-direction = Choose: give (or take) minutes back, or add some.
error-sel-paid-choice = Choose: fee paid or to pay.
error-sel-cancel-confirm = Confirm the cancellation with the button.
error-sel-settings-unit = The unit's name has 1 to 40 characters.
error-sel-settings-welcome = Welcome credit: a whole number of minutes from 0 to 6,000.
error-sel-settings-floor = Default floor: a whole number of minutes from −100,000 to 0.
error-sel-settings-ceiling = Default ceiling: a whole number of minutes from 0 to 100,000.
error-sel-settings-rounding = Rounding: a whole number of minutes from 1 to 60.
error-sel-settings-tolerance = Tolerance: a whole number of minutes from 0 to 240.
error-sel-settings-unplanned = Longest shift without sign-up: a whole number of minutes from 15 to 720.
error-sel-settings-repeat = Time between two badges: a whole number of seconds from 0 to 900.
ok-sel-session-closed = Shift ended: the time is credited.
ok-sel-purchased = Purchase recorded.
ok-sel-exchange-done = Exchange recorded.
ok-sel-corrected = Correction recorded.
ok-sel-account-opened = Time bank account opened, with its welcome credit.
ok-sel-limits-saved = Limits saved.
ok-sel-membership-saved = Membership saved.
ok-sel-activity-saved = Activity saved.
ok-sel-series-created = Shifts created.
ok-sel-signed-up = Person signed up.
ok-sel-withdrawn = Sign-up withdrawn.
ok-sel-shift-cancelled = Shift cancelled.
ok-sel-reviewed = Shift marked as checked.
ok-sel-item-saved = Item saved.
ok-sel-settings-saved = Settings saved.
ok-sel-reconciled = Account check done.
ok-sel-my-signed-up = You are signed up. Thank you!
ok-sel-my-withdrawn = You are no longer signed up.
ok-sel-given = Done: the time is given.
ok-sel-given-pending = Noted: the time will be given when the person accepts.
ok-sel-exchange-accepted = Exchange accepted: the time is on your account.
ok-sel-exchange-declined = Exchange declined: nothing moved.
sel-cart-repeat = The same basket was just charged to this person at { $name }. Is this a second purchase?
sel-cart-repeat-confirm = Yes, charge this basket a second time
sel-desk-shift-title = Shift served without a badge
sel-desk-shift-help = Badge forgotten, kiosk out of order: give the day and times the person tells you. The time is credited as for a badged shift.
sel-desk-shift-submit = Record the shift
sel-label-day = Day
sel-hint-night = An end before the start is the next morning.
ok-sel-desk-shift = Shift recorded and credited.
