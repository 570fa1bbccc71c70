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
result-key-taken = Key taken
result-key-returned = Key returned
result-other = Other

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
