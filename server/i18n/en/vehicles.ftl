# Shared vehicles
veh-title = Shared vehicles
veh-nav = Vehicles
veh-nav-board = Vehicles (desk)
veh-step1 = What would you like to book?
veh-step2 = Which day, at what time?
veh-step3 = Check your booking
veh-step-desk = Vehicle, day and time
veh-what-voiture = A car
veh-what-velo = A bike
veh-what-adapte = The adapted vehicle (wheelchair)
veh-what-hint-voiture = With your driving licence
veh-what-hint-velo = E-bike or cargo bike, no licence needed
veh-what-hint-adapte = Driven by a volunteer or a trained person
veh-today = Today
veh-tomorrow = Tomorrow
veh-length-day = The whole day (8 h)
veh-label-day = The day
veh-label-hour = Departure time
veh-label-length = For how long?
veh-label-vehicle = The vehicle
veh-next = Continue
veh-back = Back
veh-booking-for = Booking for { $name }
veh-confirm-sentence = { $vehicle }, for { $name }, { $when }.
veh-confirm-yes = Yes, book it
veh-change-time = Change the day or time
veh-none-free = No vehicle of this kind is free at that time.
veh-other-hours = Free that day at:
veh-not-booked = The booking was not made
veh-booking-title = Your booking
veh-booked = It is booked. Here is your booking.
veh-label-state = State
veh-label-made-by = Made by
veh-label-returned = Returned
veh-assisted = booked by the desk
veh-sms-title = Text to send by SMS
veh-sms-hint = A short text to copy into an SMS or read on the phone.
veh-print = Print
veh-return-form = Return form
veh-cancel = Cancel the booking
veh-cancel-title = Cancel this booking?
veh-cancel-yes = Yes, cancel
veh-cancel-no = No, keep it
veh-key-no = key no. { $n }
veh-my-bookings = My bookings
veh-my-title = My vehicles
veh-person-title = Shared vehicles
veh-book-start = Book a vehicle
veh-book-for = Book a vehicle for this person
veh-licence-record = Driving licence
veh-licence-line = Licence { $category }, valid until { $date }
veh-licence-expired = expired
veh-licence-soon = expires soon
veh-licence-none = No licence recorded.
veh-licence-seen-by = Seen by { $name }, { $when }
veh-volunteer = volunteer driver
veh-bookings-none = No coming bookings.
veh-fleet = The fleet
veh-state-confirmed = Booked
veh-state-out = Out
veh-state-returned = Returned
veh-state-cancelled = Cancelled
veh-state-overdue = Overdue
veh-vstate-available = Available
veh-vstate-out = Out
veh-vstate-overdue = Overdue
veh-vstate-workshop = In the workshop or blocked
veh-vstate-out-of-service = Out of service
veh-kind-car = Car
veh-kind-adapted = Adapted vehicle (wheelchair)
veh-kind-ebike = E-bike
veh-kind-cargo-bike = Cargo bike
veh-energy-petrol = Petrol
veh-energy-diesel = Diesel
veh-energy-hybrid = Hybrid
veh-energy-electric = Electric
veh-energy-none = No engine
veh-job-maintenance = Maintenance
veh-job-repair = Repair
veh-job-inspection = Roadworthiness test
veh-job-damage = Damage
veh-job-other = Other
# The desk's board
veh-desk-title = Vehicles
veh-overdue-count = { $n ->
    [one] One vehicle overdue
   *[other] { $n } vehicles overdue
}
veh-out-count = { $n ->
    [0] none out
    [one] 1 out
   *[other] { $n } out
}
veh-pickups-count = { $n ->
    [0] no pickups today
    [one] 1 pickup today
   *[other] { $n } pickups today
}
veh-blocked-count = { $n ->
    [0] none in the workshop
    [one] 1 in the workshop or blocked
   *[other] { $n } in the workshop or blocked
}
veh-due-at = due back { $when }
veh-board-link = Vehicle board
veh-board-title = Vehicles — the desk's board
veh-overdue-title = Overdue
veh-overdue-none = No vehicle overdue.
veh-due-soon-title = Due back within the hour
veh-out-title = Out
veh-pickups-title = Today's pickups
veh-workshop-title = Workshop and blocked vehicles
veh-forms-missing-title = Return forms to fill in
veh-warnings-title = Dates coming up
veh-none = Nothing for now.
veh-damage-blocked = blocked: damage to review
veh-damage-reviewed = reviewed
veh-review = Reviewed, the vehicle may leave again
veh-review-note = What you found
veh-review-default = Reviewed at the desk
veh-job-calls = People to call
veh-warn-licence = { $name }'s licence expires on { $date }
veh-warn-licence-passed = { $name }'s licence expired on { $date }
veh-warn-inspection = { $name }: roadworthiness test before { $date }
veh-warn-inspection-passed = { $name }: roadworthiness test overdue since { $date }
veh-warn-insurance = { $name }: insured until { $date }
veh-warn-insurance-passed = { $name }: insurance expired on { $date }
# A vehicle
veh-facts = Details
veh-label-kind = Kind
veh-label-key = Key no.
veh-label-plate = Plate
veh-label-seats = Seats
veh-automatic = automatic gearbox
veh-ramp = wheelchair ramp
veh-label-buffer = Buffer after each return
veh-label-odometer = Odometer
veh-label-inspection = Roadworthiness test before
veh-label-insurance = Insured until
veh-workshop-put = Put in the workshop
veh-label-job-kind = What for
veh-label-reason = Reason
veh-label-from-day = From
veh-label-from-time = at
veh-label-to-day = To
veh-label-to-time = until
veh-workshop-check = See the bookings it hits
veh-workshop-confirm = Confirm the workshop job
veh-hits = { $n ->
    [0] No booking is hit.
    [one] One booking is hit: the person must be called.
   *[other] { $n } bookings are hit: each person must be called.
}
veh-hits-none = No booking hit.
veh-damages-title = Damage reported
veh-jobs-title = Workshop jobs
veh-logbook-title = Logbook
veh-still-out = not back yet
veh-col-driver = Driver
veh-col-out = Out
veh-col-back = Back
veh-col-energy = Fuel / charge
veh-col-remarks = Remarks
veh-col-phone = Phone
veh-col-booking = Booking
veh-col-called = Called?
veh-mark-called = Called
veh-job-title = Workshop job
veh-job-closed = finished
veh-job-close = Finish (the vehicle is back)
veh-job-close-confirm = The vehicle goes back into service now. Continue?
# Return
veh-label-km-end = Odometer reading
veh-km-start = At departure: { $km } km
veh-label-energy = Fuel or charge
veh-label-charge = Battery charge
veh-label-clean = Is the vehicle clean?
veh-clean-yes = Yes, clean
veh-clean-no = No, needs cleaning
veh-label-remarks = Remarks (optional)
veh-damage-legend = Any damage? (optional)
veh-damage-hint = A scratch, a dent, a warning light: say where and what. The vehicle is checked before it leaves again.
veh-label-damage-where = Where?
veh-label-damage-what = What?
veh-return-send = Send the form
# Licence
veh-licence-title = Driving licence
veh-licence-no-scan = Look at the licence and copy it out: no copy or photo of the licence is kept.
veh-label-category = Category
veh-label-licence-number = Licence number
veh-label-obtained = Obtained on
veh-label-expires = Valid until
veh-hint-expires = Old pink paper licences are valid until 19/01/2033.
veh-label-seen = I saw the original licence
veh-label-volunteer = Volunteer driver (transport solidaire)
veh-licence-save = Save
veh-briefings-title = Briefings
veh-briefing-done = done
veh-briefing-record = Briefing given
# Refusals
error-veh-name = Give the vehicle a name (at most 120 characters).
error-veh-kind = Choose the kind of vehicle.
error-veh-energy = Choose the energy.
error-veh-seats = Seats go from 1 to 9.
error-veh-key-number = The key number goes from 1 to 999.
error-veh-boot = The boot goes from 0 to 5,000 litres.
error-veh-bookable-by = "Bookable by" is members or staff.
error-veh-buffer = The buffer goes from 0 to 240 minutes.
error-veh-odometer = The odometer goes from 0 to 2,000,000.
error-veh-too-long = This text is too long.
error-veh-date = Give a date.
error-veh-taken = This name or key number is already taken by "{ $name }".
error-veh-end-before-start = The end must come after the start.
error-veh-weeks = Weeks go from 1 to 12.
error-veh-request-key = Invalid request key.
error-veh-person-needed = Who is the booking for?
error-veh-unknown-vehicle = This vehicle does not exist or is no longer in service.
error-veh-unknown-person = This person does not exist.
error-veh-not-yours = You can only book for yourself; the desk can book for someone else.
error-veh-staff-only = { $name } is booked at the desk.
error-veh-too-short = A booking lasts at least { $name }.
error-veh-too-long-booking = A booking lasts at most { $name }.
error-veh-in-past = This time has already passed.
error-veh-notice = Book at least { $name } ahead.
error-veh-conflict = The vehicle is already booked: { $name }.
error-veh-conflict-now = Someone has just booked this vehicle at that time. Choose another time.
error-veh-in-workshop = The vehicle is in the workshop at that time.
error-veh-no-licence = No licence recorded: show your licence at the desk.
error-veh-licence-category-car = This licence does not cover cars.
error-veh-licence-expired = The licence is no longer valid on that date: see the desk.
error-veh-licence-too-recent = The licence is too recent for the insurance.
error-veh-no-briefing = A briefing on this vehicle with the desk is needed before driving it.
error-veh-cancel-out = The key is out: the vehicle must be returned, not cancelled.
error-veh-cancel-over = This booking is over.
error-veh-choose = Choose a vehicle.
error-veh-energy-level = Choose the fuel or charge level.
error-veh-damage-both = For damage, say where and what.
error-veh-return-not-out = The key has not been taken yet: nothing to return.
error-veh-return-cancelled = This booking is cancelled.
error-veh-return-done = The return form is already filled in.
error-veh-km-needed = Write down the odometer reading.
error-veh-km-number = The odometer is written in figures.
error-veh-km-backwards = The odometer cannot go backwards: it showed { $name } km at departure.
error-veh-review-note = Say in a few words what you found.
error-veh-review-done = This damage has already been reviewed.
error-veh-job-kind = Choose what the workshop job is for.
error-veh-job-reason = Give the reason (at most 500 characters).
error-veh-job-too-long = A workshop job lasts at most a year.
error-veh-licence-category = Choose the licence category.
error-veh-licence-number = The licence number: 4 to 30 letters and digits.
error-veh-licence-obtained = The date obtained is a past date.
error-veh-licence-expires-before = The expiry comes after the date obtained.
error-veh-licence-seen = Tick: the licence must be seen at the desk.
