# Presence in the building, visitors, the evacuation list and the roll call (server/src/presence).
presence-title = In the building
presence-nav = Presence
presence-nav-evacuation = Evacuation
presence-total = { $n ->
    [one] person in the building
   *[other] people in the building
}
presence-to-confirm-count = { $n ->
    [one] { $n } to confirm
   *[other] { $n } to confirm
}
presence-to-confirm = to confirm
presence-hint = { $n ->
    [one] Someone who came in with no read for more than an hour is "to confirm": check they are still here, or mark them out.
   *[other] Someone who came in with no read for more than { $n } hours is "to confirm": check they are still here, or mark them out.
}
presence-cat-people = Badged in
presence-cat-guests = Hostel guests
presence-cat-events = Events under way
presence-cat-visitors = Visitors
presence-cat-staff = Staff on duty
presence-zone-people = Badged in (floor unknown)
presence-zone-guests = Hostel guests (floor unknown)
presence-zone-events = Events under way (floor unknown)
presence-zone-visitors = Visitors
presence-zone-staff = Staff on duty
presence-floor-ground = Ground floor
presence-floor = Floor { $n }
presence-made-at = List made on { $day } at { $time }
presence-needs-mobility = wheelchair or reduced mobility
presence-needs-hearing = hearing
presence-needs-sight = sight
presence-counts-title = Headcount by category
presence-col-category = Category
presence-col-people = Number
presence-col-total = Total
presence-col-tick = Seen
presence-col-name = Name
presence-col-place = Place, room or visit
presence-col-since = Since
presence-help-title = People to help evacuate
presence-help-none = Nobody has said they need help.
presence-nobody = Nobody is recorded in the building.
presence-evacuation-title = Evacuation list
presence-file-notice = Copy written automatically every minute by the server. Check the time below: if it is old, the server has stopped and the list may have changed since.
presence-file-where = A copy of this list is written every minute to the file { $path }: open it in a browser if the server is down.
presence-print = Print the list
presence-roll-call-start = Start the roll call (real evacuation)
presence-roll-call-drill = Start an evacuation drill
presence-roll-call-open = Roll call under way — resume
presence-roll-calls-past = Latest roll calls
presence-roll-calls-none = No roll call recorded.
presence-drill = drill
presence-real = real evacuation
presence-took = took { $took }
presence-missing = { $n ->
    [0] everyone mustered
    [one] { $n } person missing
   *[other] { $n } people missing
}
presence-roll-call-title = Roll call at the assembly point
presence-roll-call-started = Started: { $when }, by { $who }.
presence-left = { $n ->
    [one] person to find
   *[other] people to find
}
presence-roll-call-ended = Roll call over — took { $took }.
presence-to-muster = To find
presence-all-mustered = Everyone is mustered.
presence-mustered-button = Mustered
presence-mustered-button-for = Mustered: { $name }
presence-mustered-title = Mustered
presence-none-yet = Nobody yet.
presence-unmuster = Undo
presence-unmuster-for = Undo: { $name }
presence-roll-call-end = End the roll call
presence-roll-call-end-confirm = End the roll call? Everyone not ticked will be recorded as missing.
presence-back-to-list = Back to the evacuation list
presence-link-list = In the building and visitors
presence-link-evacuation = Evacuation list
presence-person-title = Presence and evacuation
presence-person-in = In the building since { $since }.
presence-person-out = Left the building: { $since }.
presence-person-never = No read recorded.
presence-mark-in = Mark in
presence-mark-out = Mark out
presence-mark-out-for = Mark out: { $name }
presence-needs-title = Help to evacuate
presence-needs-none = No need recorded.
presence-needs-edit = Record or change
presence-needs-hint = Fill in with the person and with their consent. Only staff see it (the desk's record, the evacuation list). Untick everything and empty the note to erase it.
presence-needs-what = Needs help because of
presence-needs-note = Details
presence-needs-note-hint = For instance: "two people to help, room 12". 200 characters at most.
presence-needs-consent-label = The person agrees to have this recorded.
presence-needs-save = Save
presence-back-to-person = Back to the record
presence-inside-title = Who is in the building
presence-since = since { $when }
presence-visitors-title = Visitors
presence-visitor-name = Visitor's name
presence-visitor-visiting = Person or activity visited
presence-visitor-visiting-hint = For instance: "Mrs Lefèvre, 2nd floor" or "sewing workshop". 120 characters at most.
presence-visitor-pass = Visitor's pass lent
presence-visitor-pass-hint = Its number, if any (30 characters at most).
presence-visitor-needs = Help to evacuate
presence-visitor-needs-hint = If the visitor says so (wheelchair, hearing…). 200 characters at most.
presence-visitor-sign-in = Sign in
presence-register-title = Register of the last 24 hours
presence-register-none = No visitor.
presence-visitor-visits = visiting { $who }
presence-visitor-pass-is = pass { $pass }
presence-visitor-arrived = arrived: { $when }
presence-visitor-left-at = left: { $when }
presence-visitor-left-pass-kept = left: { $when }, without giving the pass back
presence-visitor-pass-back = pass given back
presence-visitor-sign-out = Sign out
presence-visitor-sign-out-for = Sign out: { $name }
presence-error-30 = 30 characters at most.
presence-error-120 = 120 characters at most.
presence-error-200 = 200 characters at most.
presence-pass-out = This visitor's pass is already lent to a visitor still inside.
presence-visitor-gone = This visitor has already left.
presence-already-in = This person is already recorded in the building.
presence-already-out = This person is not recorded in the building.
presence-needs-consent = Tick the consent box: this is only recorded with the person's agreement.
presence-roll-call-running = A roll call is already under way: resume it.
presence-roll-call-closed = This roll call is over: it can no longer change.
ok-presence-visitor-in = Visitor signed in.
ok-presence-visitor-out = Visitor signed out.
ok-presence-marked-in = Person marked in.
ok-presence-marked-out = Person marked out.
ok-presence-needs-saved = Help to evacuate saved.
presence-and-more = { $n ->
    [one] … and { $n } more: see the full list
   *[other] … and { $n } more: see the full list
}
safety-title = Safety register
safety-nav = Safety register
safety-hint = The building's checks: extinguishers, fire alarm, emergency lighting, lifts, evacuation drills. The register never changes: a mistake is corrected by a new entry.
safety-print = Print the register
safety-standing-title = Due dates
safety-col-kind = Check
safety-col-last = Last
safety-col-next = Next
safety-col-result = Result
safety-kind-extinguishers = Extinguishers
safety-kind-alarm = Fire alarm
safety-kind-emergency-lighting = Emergency lighting
safety-kind-lift = Lifts
safety-kind-drill = Evacuation drill
safety-kind-other = Other check
safety-result-ok = Compliant
safety-result-remarks = With remarks
safety-result-failed = Not compliant
safety-last = on { $date } — { $result }
safety-never = never recorded
safety-overdue = overdue —
safety-due-soon = soon —
safety-new-title = Record a check
safety-done-on = Date
safety-done-by = Done by
safety-done-by-hint = The company or person who checked. 120 characters at most.
safety-notes = Remarks
safety-notes-hint = What was found or fixed. 2,000 characters at most.
safety-next-due = Next check
safety-next-due-hint = Leave empty for the usual interval (extinguishers: 1 year; alarm: 3 months; lighting: 1 month; lifts: 6 weeks; drill: 6 months).
safety-save = Record in the register
safety-register-title = Register
safety-register-none = No check recorded.
safety-recorded = entered: { $when }, by { $who }
safety-roll-call-link = see the roll call
safety-error-future = The date cannot be in the future.
safety-error-next-due = The next check must come after this one.
safety-error-2000 = 2,000 characters at most.
safety-desk-title = Safety register
ok-safety-recorded = Check recorded in the register.
presence-night-to-confirm = { $name }: came in: { $since }, no read since — to confirm.
presence-night-safety = Safety register: { $kind } overdue.
