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

# The folio
hostel-method-cash = Cash
hostel-method-card = Card
hostel-method-transfer = Bank transfer
hostel-method-voucher = Voucher or holiday cheque
hostel-method-invoice = Invoice to a payer (association, company)
hostel-method-sel = SEL hours
hostel-folio-title = Folio
hostel-folio-empty = Nothing is posted to the folio yet.
hostel-folio-when = When
hostel-folio-what = Item
hostel-folio-amount = Amount
hostel-folio-night = Night of { $night }
hostel-folio-tax = Tourist tax, night of { $night }
hostel-folio-payment = Payment: { $method }
hostel-folio-refund = Refund: { $method }
hostel-folio-correction = Correction of “{ $of }”: { $reason }
hostel-folio-sel-rate = One SEL hour is worth { $price }; hours pay at most { $percent } % of the stay.
hostel-folio-charges = Total charges
hostel-folio-paid = Paid so far
hostel-folio-balance = Folio balance
hostel-folio-to-post = Nights to come (not posted yet)
hostel-folio-due = Left to pay for the stay
hostel-folio-receipt = See and print the receipt
hostel-folio-add-extra = Add an extra (breakfast, sheets…)
hostel-folio-extra = Extra
hostel-folio-quantity = Quantity
hostel-folio-add = Add to the folio
hostel-folio-pay = Take a payment or refund
hostel-folio-method = Payment method
hostel-folio-amount-euros = Amount, in euros
hostel-folio-reference = Reference (optional)
hostel-folio-reference-hint = Cheque or voucher number; for an invoice, the payer's name.
hostel-folio-refund-check = This is a refund (money given back to the guest)
hostel-folio-record-payment = Record the payment
hostel-folio-correct = Correct a line
hostel-folio-correct-hint = A line is never changed: the correction is added to the folio with its reason. A negative amount takes off (for example -6.50), a positive one adds.
hostel-folio-line = Line to correct
hostel-folio-correct-amount = Amount of the correction, in euros
hostel-folio-correct-save = Record the correction
hostel-check-out-due = Left to pay on leaving: { $amount }
hostel-check-out-pay = Take the payment and check out
hostel-check-out-credit = The guest paid { $amount } too much: refund it (in the folio) before they leave.
hostel-check-out-settled = The folio is settled.
hostel-receipt-title = Receipt
hostel-receipt-tax-note = The tourist tax is collected on behalf of the commune.
hostel-receipt-printed = Printed on { $when }
hostel-folios-title = Folios, extras and night audit
hostel-folios-link = Folios and night audit
hostel-audits-title = Nights closed by the night audit
hostel-audits-hint = Every night at the audit's hour, bookings that never arrived become no-shows, the nights of guests in house are posted to their folios and the night is closed: its amounts are never changed, only corrected by a new line.
hostel-audits-none = No night is closed yet.
hostel-audit-night = Night of
hostel-audit-ran = Closed on
hostel-audit-no-shows = No-shows
hostel-audit-posted = Nights posted
hostel-audit-overdue = Late departures
hostel-extras-title = Extras on sale
hostel-extra-withdrawn = withdrawn from sale
hostel-extra-withdraw = Withdraw “{ $name }” from sale
hostel-extra-name = Name of the extra
hostel-extra-price = Price, in euros
hostel-extra-price-hint = For example 6.50.
hostel-extra-add = Add the extra
hostel-folio-settings = Folio settings
hostel-setting-audit-hour = Hour of the night audit
hostel-setting-audit-hour-hint = From 0 to 12; 3 by default. The audit closes the night before, never before the hostel's day starts (a late arrival is still expected until then).
hostel-setting-no-show = A booking that never arrives pays its first night
hostel-setting-sel-price = Value of one SEL hour, in euros
hostel-setting-sel-price-hint = 0: the hostel takes no SEL hours.
hostel-setting-sel-percent = Share of a stay payable in SEL hours, in %
ok-hostel-extra = Extra added to the folio.
ok-hostel-paid = Payment recorded.
ok-hostel-corrected = Correction recorded.
ok-hostel-extra-added = Extra added to the catalogue.
ok-hostel-extra-withdrawn = Extra withdrawn from sale.
error-hostel-quantity = The quantity goes from 1 to 100.
error-hostel-extra-closed = Extras are added only to a booked or current stay.
error-hostel-extra-unknown = This extra is not on sale.
error-hostel-extra-taken = An extra already has this name.
error-hostel-extra-price = The price goes from 0 to 1,000 €.
error-hostel-method = Choose a payment method.
error-hostel-amount = Give an amount in euros, for example 42.50.
error-hostel-invoice-payer = For an invoice, name the payer in the reference.
error-hostel-refund-sel = SEL hours are not refunded here: correct the SEL account.
error-hostel-refund-too-much = The refund is more than was overpaid ({ $name }).
error-hostel-pay-too-much = The amount is more than what is left to pay ({ $name }).
error-hostel-sel-not-taken = The hostel takes no SEL hours (see the folio settings).
error-hostel-sel-no-person = This stay is linked to no member with a SEL account.
error-hostel-sel-share = SEL hours can pay only { $name } more of this stay.
error-hostel-correction-reason = Give the reason for the correction.
error-hostel-correction-line = Choose a charge of this stay.
error-hostel-correction-too-much = The correction would take off more than the line ({ $name }).
error-hostel-audit-hour = The audit's hour goes from 0 to 12.
error-hostel-sel-rate = An SEL hour is worth 0 to 100 €.
error-hostel-percent = The share goes from 0 to 100 %.
error-hostel-folio-unpaid = The stay is not settled: { $name } is left to pay.
error-hostel-folio-credit = The guest paid { $name } too much: refund it before they leave.

# The online stay request
hostel-public-title = Ask for a stay at the hostel
hostel-public-intro = Choose your dates: you will see the free beds and rooms, then send your request. The desk answers by e-mail or phone.
hostel-public-when = Your dates
hostel-public-arrival = Arrival (the evening of the first night)
hostel-public-departure = Departure (the morning)
hostel-public-search = See what is free
hostel-public-free-for = { $n ->
    [one] Free for this night
   *[other] Free for these { $n } nights
}
hostel-public-full = The hostel is full on these dates. Try other dates or call the desk.
hostel-public-choose = What you ask for
hostel-public-dorm = Beds in a mixed dormitory ({ $free } free)
hostel-public-women = Beds in a women-only dormitory, { $room } ({ $free } free)
hostel-public-room = { $room }: whole room for { $beds } person(s), { $price } a night
hostel-public-name = Your name
hostel-public-contact-hint = An e-mail or a phone number, so that the desk can answer.
hostel-public-notes = A word for the desk (optional)
hostel-public-notes-hint = Time of arrival, a step-free room needed…
hostel-public-send = Send my request
hostel-public-no-payment = Nothing to pay online: you pay on the spot.
hostel-public-sent-title = Request sent
hostel-public-sent = Thank you! Your request is recorded. The desk answers as soon as it can; nothing is booked until it confirms.
hostel-public-another = Make another request
hostel-public-nav = Stay at the hostel
error-hostel-public-choice = Choose beds or a room.
error-hostel-public-busy = Too many requests are waiting for the desk: call it directly.
error-hostel-public-throttled = Too many requests from this connection: try again in a quarter of an hour or call the desk.

# The rooms' iCalendar feeds
hostel-feeds-title = The rooms' calendars (booking platforms)
hostel-feeds-hint = Give a room's address to a platform (Airbnb, Booking.com…) so that it blocks the nights already taken here. These addresses are secret: they show no names, only the nights taken and out of order.
hostel-feed-name = Hostel — { $room }
hostel-feed-held = Booked
hostel-feed-closed = Out of order

# Changing room
hostel-move = Change room
hostel-move-to = New room
hostel-move-hint = For example: a leak in the room, the guest's wish. The nights already spent stay where they were.
hostel-move-save = Change room
ok-hostel-moved = Room changed: the beds are booked for the nights left.
error-hostel-move-reason = Say why the stay changes room.
error-hostel-move-same = The stay is already in this room.
error-hostel-move-small = This room has only { $name } bed(s) for this stay.

## Guest badges
hostel-badges-title = Guest badges
hostel-badges-hint = A guest badge opens what guests may use (the hostel's doors, the rooms, the SEL's activities) until the day of departure. The check-out blocks it, returned or not.
hostel-badge-card-optional = Guest badge (optional)
hostel-badge-card = Badge number
hostel-badge-card-hint = Hold the card to the desk's reader, or type the number printed on it.
hostel-badge-holder = For whom (optional)
hostel-badge-holder-hint = Leave empty for { $guest }; otherwise the first and last name of the person in the party.
hostel-badge-lend = Lend a badge
hostel-badge-lend-save = Lend the badge
hostel-badge-lend-read = Lend badge { $card }
hostel-badge-out = lent, valid until { $date } included
hostel-badge-returned-at = returned on { $when }
hostel-badge-blocked-at = blocked on { $when } ({ $why })
hostel-badge-back = Badge { $card } returned
hostel-badge-back-check = Badge { $card } is returned ({ $holder })
ok-hostel-badge-lent = Badge lent: it works from now on.
ok-hostel-badge-back = Badge returned: it is blocked.
error-hostel-badge-back = Badge { $name } is already returned.

## Booking platforms' calendars
hostel-imports-title = Platforms' calendars
hostel-imports-hint = The platforms' bookings (Airbnb, Booking.com…) block their nights here: each calendar is read again every quarter of an hour. A booking whose nights are already taken blocks nothing: it is shown here and on the day's page until the desk settles the conflict. The platform's calendar is the truth: a booking cancelled here comes back while the platform keeps it, so cancel it on the platform. The other way round, each room has its own calendar to give the platform ("Rooms" page).
hostel-imports-none = No platform calendar is read.
hostel-import-no-blocks = No booking to come in this calendar.
hostel-import-read-now = Read again now
hostel-import-remove = Stop reading this calendar
hostel-import-remove-confirm = Stop reading the { $platform } calendar of { $room }? The stays already made remain; cancel them by hand if needed.
hostel-import-add-title = Read a platform's calendar
hostel-import-add-hint = On the platform, look for "export calendar" (or "iCal link") of the listing, and paste the address here.
hostel-import-platform = Platform
hostel-import-platform-hint = For example: Airbnb, Booking.com. This name is on the stays made.
hostel-import-url = Calendar address
hostel-import-url-hint = It starts with https:// and often ends with .ics.
hostel-import-add = Read this calendar
hostel-import-see = See the platforms' calendars
hostel-import-held = nights blocked (see the stay)
hostel-import-taken-by = in conflict: nights already taken by { $who }
hostel-import-failing = Cannot be read (last good read: { $since }): { $why }
hostel-import-never = never
hostel-import-read-at = Read { $when }: { $n } event(s).
hostel-import-not-yet = Not read yet.
hostel-import-alert-conflict = { $platform } booking of { $room } from { $dates }: { $why }
hostel-import-alert-failing = The { $platform } calendar of { $room } cannot be read: { $why }
ok-hostel-import-added = Calendar added and read.
ok-hostel-import-read = Calendar read again.
ok-hostel-import-removed = This calendar is no longer read.
error-hostel-import-url = Paste the calendar's full address, starting with https://.
error-hostel-import-exists = This calendar is already read for this room.
error-hostel-import-begun = the stay has begun: make the change by hand.
error-hostel-import-refused = the booking cannot be recorded as it is.
error-hostel-import-timeout = The platform's site did not answer in time; it will be read again.
error-hostel-import-host = The calendar's site cannot be found (wrong address, or no internet access).
error-hostel-import-connection = The platform's site cannot be reached (no internet access?); it will be read again.
error-hostel-import-http = The platform's site answered with error { $name }: check the calendar's address.
error-hostel-import-too-large = The answer is too large or not text: it is not a calendar.
error-hostel-import-not-calendar = The answer is not an iCalendar calendar: check the address.
error-hostel-import-failed = The read failed; it will be tried again.
hostel-night-arrival = Hostel: { $guest } ({ $people } people) expected tonight, not arrived yet.
hostel-night-requests = { $n ->
    [one] Hostel: { $n } stay request to handle
   *[other] Hostel: { $n } stay requests to handle
}

## Bien-Vivre indicators
bv-ind-hostel_guests_in_activities = Hostel guests who joined an activity
bv-ind-hostel_guests_in_activities-def = Hostel guests whose badge was accepted at a SEL kiosk or at a room's door between their check-in and their check-out, in the period, each counted once.
