# The participatory hostel
hostel-nav = Hostel
hostel-day-title = Hostel
hostel-tonight = tonight
hostel-day-nav = Change day
hostel-day-previous = Previous night
hostel-day-next = Next night
hostel-day-pick = Night of
hostel-day-show = Show
hostel-new-stay = New stay
hostel-grid-title = Bed planner
hostel-rooms-title = Rooms
hostel-print = Print
hostel-people-in-house = { $n ->
    [0] Nobody has arrived
    [one] 1 person in house
   *[other] { $n } people in house
}
hostel-beds-free = { $free } beds free out of { $total }
hostel-label-guest = Guest
hostel-label-people = People
hostel-label-beds = Beds
hostel-label-dates = Dates
hostel-label-status = Status
hostel-label-action = Action
hostel-check-in = Check in
hostel-check-in-for = Check in { $name }
hostel-check-out = Check out
hostel-check-out-for = Check out { $name }
hostel-see-request = See the request
hostel-arrivals = Arrivals
hostel-departures = Leaving this morning
hostel-in-house = Stays of this night
hostel-requests = Requests waiting
hostel-none = None.
hostel-nights = { $n ->
    [one] 1 night
   *[other] { $n } nights
}
hostel-dates = from { $from } to { $to }
hostel-beds-asked = { $n ->
    [one] 1 bed asked for
   *[other] { $n } beds asked for
}
hostel-bed-word = beds
hostel-bed-n = bed { $n }
hostel-status-requested = Request to handle
hostel-status-confirmed = Confirmed
hostel-status-checked-in = Checked in
hostel-status-checked-out = Checked out
hostel-status-cancelled = Cancelled
hostel-status-no-show = No-show
hostel-grid-previous = 30 nights before
hostel-grid-next = 30 nights after
hostel-grid-legend = Each cell says what the bed is that night: "free", the guest's name on the first night of the stay, "…" on the next ones, or "out of order" and why.
hostel-label-bed = Bed
hostel-cell-free = free
hostel-cell-closed = out of order
hostel-any-dorm = A mixed dormitory, by the bed (as few rooms as possible for a group)
hostel-kind-dorm = dormitory
hostel-kind-private = private room
hostel-beds-count = { $n ->
    [one] 1 bed
   *[other] { $n } beds
}
hostel-women-only = women only
hostel-step-free = step-free
hostel-floor = { $n ->
    [0] ground floor
   *[other] floor { $n }
}
hostel-source-desk = Desk
hostel-source-phone = Phone
hostel-source-walk-in = Walk-in
hostel-source-website = Website request
hostel-source-platform = Booking platform
hostel-guest-hint = For a group: the lead guest's name.
hostel-label-phone = Phone
hostel-label-email = E-mail
hostel-contact-hint = A phone number or an e-mail, to reach them.
hostel-label-arrival = First night
hostel-arrival-hint = The date of the arrival evening (after midnight it is still the night before).
hostel-label-departure = Departure date
hostel-departure-hint = The morning the guests leave.
hostel-label-room = Room
hostel-whole-room = The whole room (a group takes the whole dormitory)
hostel-label-beds-wanted = Dormitory beds
hostel-beds-hint = Leave empty: one bed per person.
hostel-label-source = Booked by
hostel-label-notes = Notes
hostel-save-stay = Save the stay
hostel-back = Back to the hostel
hostel-stay-title = stay
hostel-label-price = Price of the nights
hostel-made = Recorded
hostel-checked-in-at = Checked in
hostel-checked-out-at = Checked out
hostel-cancelled-at = Cancelled
hostel-actions = What to do?
hostel-confirm = Accept the request
hostel-no-show = No-show
hostel-cancel = Cancel the stay
hostel-change-departure = New departure date
hostel-change = Change
hostel-cancel-title = Cancel this stay?
hostel-cancel-sentence = { $name }, { $dates } — { $beds }. The beds will be released.
hostel-cancel-reason = Reason (optional)
hostel-cancel-yes = Yes, cancel the stay
hostel-cancel-no = No, keep the stay
hostel-rooms-in-service = Rooms in service
hostel-closures = Out of order
hostel-closure-line = { $room }: from { $from } to { $to } — { $reason }
hostel-label-first-night = First night
hostel-label-last-night = Last night (included)
hostel-label-reason = Reason
hostel-closure-hint = For instance: a leak, painting.
hostel-close-room = Put out of order
hostel-room-new = Add a room
hostel-label-room-name = Room name
hostel-label-kind = Kind
hostel-label-beds-count = Number of beds
hostel-label-floor = Floor (0: ground floor)
hostel-label-price-euros = Price per night, in euros
hostel-price-hint = Dormitory: per bed. Private room: for the room. For instance 22 or 22.50.
hostel-private-bathroom = Private bathroom
hostel-room-add = Add the room
hostel-today-is = Current night: { $date }
hostel-price-bed = { $price } per bed and night
hostel-price-room = { $price } per night
hostel-desk-title = Hostel
hostel-desk-arrivals = Arrivals tonight: { $waiting } expected out of { $total }
hostel-desk-departures = { $n ->
    [0] no departure waiting
    [one] 1 departure to do
   *[other] { $n } departures to do
}
hostel-desk-beds-free = { $n ->
    [0] full
    [one] 1 bed free
   *[other] { $n } beds free
}
hostel-desk-requests = { $n ->
    [one] 1 request to handle
   *[other] { $n } requests to handle
}
hostel-desk-link = See the hostel
hostel-person-title = Hostel stays
ok-hostel-made = Stay recorded.
ok-hostel-confirmed = Request accepted: the beds are held.
ok-hostel-checked-in = Check-in recorded.
ok-hostel-checked-out = Check-out recorded.
ok-hostel-no-show = Stay marked as a no-show: the beds are released.
ok-hostel-departure = Departure date changed.
ok-hostel-cancelled = Stay cancelled: the beds are released.
ok-hostel-room-added = Room added.
ok-hostel-closed = Room put out of order.
error-hostel-number = Write a whole number.
error-hostel-room-name = Give the room a name (60 characters at most).
error-hostel-room-kind = Choose dormitory or private room.
error-hostel-room-beds = A room has 1 to 20 beds.
error-hostel-room-floor = The floor goes from -2 to 20.
error-hostel-room-bathroom = Private or shared bathroom.
error-hostel-room-women-only = Only a dormitory can be for women only.
error-hostel-price = The price goes from €0 to €1,000 a night.
error-hostel-notes = 2,000 characters at most.
error-hostel-room-taken = A room already has this name: { $name }.
error-hostel-date = Write a date (dd/mm/yyyy).
error-hostel-closure-dates = The last night comes after the first, within a year.
error-hostel-reason = Give a reason (200 characters at most).
error-hostel-bed = This bed is not in this room.
error-hostel-closure-held = Guests hold these nights: { $name }. Move or cancel their stay first.
error-hostel-rate-name = Give the rate a name (60 characters at most).
error-hostel-guest-name = Write the guest's name (120 characters at most).
error-hostel-phone = 30 characters at most.
error-hostel-email = This e-mail does not look right (an @ is needed).
error-hostel-contact = Give a phone number or an e-mail.
error-hostel-people = From 1 to 60 people.
error-hostel-past = The first night has already passed.
error-hostel-departure = The departure comes after the first night (and not before tonight).
error-hostel-too-long = A stay lasts 90 nights at most.
error-hostel-source = Choose how the stay was booked.
error-hostel-request-key = 100 characters at most.
error-hostel-room = This room does not exist or is no longer in service.
error-hostel-person = This person does not exist.
error-hostel-room-too-small = Too many people for this room's beds.
error-hostel-whole-needs-room = Choose the dormitory to take whole.
error-hostel-beds = From 1 bed to one bed per person.
error-hostel-room-taken-nights = This room is not free on all these nights: see the bed planner.
error-hostel-no-beds = Not enough beds free on all these nights: only { $name }.
error-hostel-taken-now = These beds were just taken: see the bed planner.
error-hostel-closed = This room is out of order on one of these nights.
error-hostel-request-passed = This request's first night has passed: cancel it.
error-hostel-too-early = Too early: the arrival is planned on { $name }.
error-hostel-too-late = The stay is over: its last morning has passed.
error-hostel-reason-long = 500 characters at most.
error-hostel-no-show-early = Wait until the first night is over to say the guests did not come.
error-hostel-extend-taken = The same beds are not free on every night added.
error-hostel-grid-nights = From 1 to 62 nights.
error-hostel-status-requested = Not possible: it is still a request; accept it first.
error-hostel-status-confirmed = Not possible: the guests have not arrived yet.
error-hostel-status-checked-in = Not possible: the guests have arrived.
error-hostel-status-checked-out = Not possible any more: the guests have left.
error-hostel-status-cancelled = Not possible any more: the stay is cancelled.
error-hostel-status-no-show = Not possible any more: the guests did not come.
hostel-hk-title = Housekeeping
hostel-hk-hint = The rooms to do first are on top: those where guests arrive tonight. One button per room, once the beds are made.
hostel-hk-dirty-beds = Beds to make: { $beds }
hostel-hk-state-dirty = to do
hostel-hk-state-clean = clean
hostel-hk-state-inspected = inspected
hostel-hk-to-do = to do
hostel-hk-arrival-tonight = Guests arrive tonight: do it first.
hostel-hk-mark-clean = { $room } is clean
hostel-hk-waiting = Beds not made yet
hostel-hk-bed-made = Bed made
hostel-hk-arrival-waits = waits for clean beds: { $beds }
ok-hostel-hk-done = Noted.
hostel-police-title = Police registration form
hostel-police-title-many = Police forms
hostel-police-hint = One form for each guest who is not a French national (children under 15 on an accompanying adult's form). No copy or photo of an identity document is kept. Forms are deleted 6 months after departure.
hostel-police-add = Add a form (foreign guest)
hostel-police-back-stay = Back to the stay
hostel-police-name = Name
hostel-police-last-name = Last name
hostel-police-first-name = First name
hostel-police-birth = Birth
hostel-police-born = on { $date } in { $place }
hostel-police-birth-date = Date of birth
hostel-police-birth-place = Place of birth
hostel-police-birth-place-hint = Town and country.
hostel-police-nationality = Nationality
hostel-police-address = Usual address
hostel-police-address-hint = Full address, with the country.
hostel-police-contact = Phone, e-mail
hostel-police-children = Children under 15 travelling with them
hostel-police-children-hint = They are written on this form. 0 if none.
hostel-police-with-children = { $n ->
    [one] with 1 child under 15
   *[other] with { $n } children under 15
}
hostel-police-stay = from { $from } to { $to } (expected departure)
hostel-police-signed = Signature
hostel-police-signed-paper = signed by the guest on the paper form
hostel-police-signed-check = The guest signed the paper form.
hostel-police-recorded = Recorded
hostel-police-purge = Deleted on
hostel-police-save = Save the form
hostel-police-list-title = Police forms
hostel-police-list-range = Arrivals from { $from } to { $to }
hostel-police-from = Arrivals from
hostel-police-to = to
hostel-police-count = { $n ->
    [0] no form
    [one] 1 form
   *[other] { $n } forms
}
hostel-police-kept = Forms are kept 6 months after departure, then deleted automatically.
ok-hostel-police = Form saved.
error-hostel-police-field = This field is required on the police form.
error-hostel-police-birth = Write the date of birth (dd/mm/yyyy).
error-hostel-police-french = No form for a French national.
error-hostel-police-children = From 0 to 20 children.
error-hostel-police-signature = Have the guest sign the paper form, then tick the box.
error-hostel-police-stay = Forms are filled in for a confirmed stay or one under way.
error-hostel-housekeeping-state = Choose clean, to do or inspected.
error-hostel-bed-dirty = The bed is not made yet: { $name }. Make it, then press "Bed made".
hostel-tax-title = Tourist tax
hostel-tax-register = Register
hostel-tax-from = Nights from
hostel-tax-csv = Download (CSV)
hostel-tax-total = Tax collected: { $total }
hostel-tax-nights = Nights
hostel-tax-exempt = Exempt
hostel-tax-taxed = Person-nights taxed
hostel-tax-amount = Tax
hostel-tax-no-names = The register names nobody: dates, number of people, nights, exemptions and tax.
hostel-tax-rules = The commune's rules
hostel-tax-no-rule = No rule: no tax is computed.
hostel-tax-rule-add = Add a rule
hostel-tax-rule-save = Save the rule
hostel-tax-commune = Commune
hostel-tax-mode = Scheme
hostel-tax-mode-classified = Classified accommodation: an amount per person and night
hostel-tax-mode-unclassified = Unclassified accommodation: a percentage of the price per person and night, capped
hostel-tax-per-person = Amount per person and night (€)
hostel-tax-per-person-hint = Classified accommodation only. For instance 0.83.
hostel-tax-rate = Rate (%)
hostel-tax-rate-hint = Unclassified accommodation: 1 to 10 %, set by the commune. For instance 5.
hostel-tax-cap = Cap per person and night (€)
hostel-tax-department = Departmental surcharge (%)
hostel-tax-department-hint = 10 % where the department voted it, 0 otherwise.
hostel-tax-region = Regional surcharge (%)
hostel-tax-threshold = Exemption threshold (price per person and night, €)
hostel-tax-threshold-hint = Below it nobody pays (the council's decision). 0 if none.
hostel-tax-rule-line = { $commune }, nights from { $from } to { $to }: { $amount }, dept. { $department }, region { $region }
hostel-tax-rule-classified = { $amount } per person and night
hostel-tax-rule-unclassified = { $rate } of the price per person and night, capped at { $cap }
hostel-tax-minors = { $n ->
    [one] 1 minor
   *[other] { $n } minors
}
hostel-tax-reason-seasonal-worker = seasonal worker employed in the commune
hostel-tax-reason-emergency-housing = emergency housing or temporary rehousing
hostel-tax-stay-exempt = { $n } person(s) exempt
hostel-label-minors = Of whom minors (under 18)
hostel-minors-hint = Exempt from the tourist tax.
hostel-label-tax-exempt = Other people exempt
hostel-tax-exempt-hint = Seasonal workers employed in the commune, emergency housing. 0 otherwise.
hostel-label-tax-reason = Reason for the exemption
ok-hostel-tax-rule = Rule saved.
error-hostel-tax-people = Minors and exempt people cannot outnumber the people.
error-hostel-tax-reason = Choose the reason for the exemption.
error-hostel-tax-commune = Write the commune's name.
error-hostel-tax-amount = An amount from €0.01 to €100.
error-hostel-tax-rate = A rate from 0.01 to 10 % (department and region: up to 100 % and 300 %).
error-hostel-tax-mode = Choose the scheme.
error-hostel-tax-number = Write a number (for instance 0.83).
