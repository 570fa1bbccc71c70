## Chrono'espaces — messages of the library (server/src/spaces)

error-space-unknown = Unknown room.
error-space-exists = A room is already called “{ $name }”.
error-space-capacity = Invalid capacity: a number of people between 1 and 10,000.
error-space-parent-unknown = The room this one is part of is unknown.
error-space-parent-is-half = That room is itself part of another: only a whole room can be divided.
error-space-kiosk-not-space = Choose a kiosk whose role is “room door”.
error-space-use-code = Invalid code: 1 to 40 characters among a-z, 0-9 and “-”.
error-space-use-exists = A use already has the code “{ $name }”.
error-space-use-unknown = Unknown use.
error-space-colour = Invalid colour (expected format: #RRGGBB).
error-space-duration-setting = Invalid duration: between 5 minutes and 7 days, the maximum at least the minimum.
error-space-notice-setting = Invalid notice: between 0 and 525,600 minutes (one year).
error-space-price = Invalid price: a whole positive number, and 0 for a free use.
error-space-changeover = Invalid changeover time: between 0 and 240 minutes.
error-space-grace = Invalid check-in grace: between 5 and 240 minutes.
error-space-association-unknown = Unknown association.
error-space-time-invalid = Invalid time (expected format: HH:MM).
error-space-end-before-start = The end must come after the start.
error-space-both-times = Give both the start and end times, or neither for the whole day.
error-space-windows-overlap = Two time windows overlap: { $name }.
error-space-seats = Invalid number of seats (at least 1).
error-space-seats-exclusive = This use books the whole room: one booking, no seats.
error-space-attendees = Invalid number of expected attendees (at least 1).
error-space-request-key = Invalid request key (1 to 100 characters).
error-space-request-key-reused = This request key was already used for another booking: nothing was saved.
error-space-not-representative = You do not represent this association.
error-space-for-someone-else = You can only book for yourself; the desk books for others.
error-space-in-past = This slot is already over.
error-space-closed = The room is closed at that time.
error-space-outside-window = This slot goes beyond the room's opening hours (open { $name } that day).
error-space-use-not-for-you = At that time the room is in use as “{ $name }”, which is not open to your account.
error-space-use-associations-only = At that time the room is in use as “{ $name }”, for associations only: choose the association you are booking for.
error-space-too-short = Booking too short: at least { $name } for this use.
error-space-too-long = Booking too long: at most { $name } for this use.
error-space-notice = Booking too late: this use must be booked at least { $name } ahead.
error-space-over-capacity = Too many people for this use: { $name } at most.
error-space-conflict = This slot is already booked: { $name }.
error-space-conflict-changeover = This slot touches another booking once the room's changeover time is counted: { $name }.
error-space-conflict-divisible = The other part of the room (or the whole room) is booked: { $name }.
error-space-full = No seat left at that time: { $name }.
error-space-conflict-unknown = This slot has just been booked by someone else. Choose another slot.
error-space-full-unknown = No seat is left at that time. Choose another slot.
error-space-state = This booking has already been dealt with: reload the page.
error-space-staff-only = Only the desk can do this.
error-space-not-requested = This request has already been dealt with (approved, declined or cancelled).
error-space-public-not-allowed = A booking in use as “{ $name }” does not go on the public agenda: only the desk can put it there. Choose “No” or “As the use says”, or ask the desk.
error-space-message-required = Write a message explaining the refusal.
error-space-not-live = This booking is already cancelled, declined or released.
error-space-already-over = This booking is over: it can no longer be changed.
error-space-edit-needs-desk = The desk approved this booking: to move it, ask the desk, or cancel it and make a new request.
error-space-move-needs-approval = On { $name }, that slot needs the desk's approval: to move this booking there, ask the desk or make a new request.
error-space-day-with-following = To change the date, edit a single session.
error-space-rule = Invalid repeat rule (for example FREQ=WEEKLY;COUNT=10), bounded by a count or an end date.
error-space-rule-too-long = Series too long: at most 104 sessions and two years.
error-space-rule-empty = This rule gives no date.
error-space-too-far = Too far ahead: bookings are made at most three years in advance.
error-space-over-a-week = A booking lasts at most one week.

## Chrono'espaces — the members' and the desk's pages (server/src/web/spaces_pages.rs)

sp-nav-spaces = Rooms
sp-nav-requests = Room requests
sp-nav-waiting = waiting
sp-nav-occupancy = Room occupancy
sp-nav-admin-spaces = Room settings
sp-nav-agenda = What's on

# Forms
sp-error-in-field = { $field }: { $message }
sp-label-day = Day
sp-label-start = Start time
sp-label-end = End time
sp-label-hours = Times
sp-label-title = Title
sp-label-note = Note for the desk
sp-label-association = Association
sp-label-person = For whom? (name, badge, phone or record number)
sp-label-for = For
sp-label-seats = Number of seats
sp-label-attendees = Expected attendees
sp-label-public = Show on the public agenda
sp-label-public-short = On the public agenda
sp-label-reason = Reason
sp-label-move-day = New day
sp-label-space = Room
sp-label-use = Use
sp-label-state = Status
sp-label-price = Price
sp-label-first-day = First day
sp-label-repeat = Repeat
sp-label-how-long = Until when? A number of sessions, or an end date
sp-label-count = Number of sessions
sp-label-until = Until (end date)
sp-label-policy = If a date is already taken
sp-label-decision = Decision
sp-label-message = Message for the requester (optional)
sp-label-decline-message = Reason for declining (required)
sp-label-requester = Requested by
sp-label-asked = Requested on
sp-label-series = Series
sp-label-outcome = Outcome
sp-label-availability = Availability
sp-hint-day = For example 05/12/2026.
sp-hint-time = For example 19:00 for 7 pm.
sp-hint-title = What the desk and, if the booking is public, the neighbourhood will see.
sp-hint-association = Choose the association you are booking for, if any.
sp-hint-person = If you are booking for someone: their name, badge or phone number, or their record number.
sp-hint-seats = For a drop-in use: how many seats to keep.
sp-hint-attendees = Optional: how many people you expect.
sp-hint-note = Optional: what the desk should know (set-up, equipment…).
sp-hint-move-day = For one session only. The following sessions keep their day.
sp-hint-reason = Optional.
sp-hint-count = Between 1 and 104. Or leave it empty and give an end date (not both).
sp-hint-until = The series stops on that day (included): leave “Number of sessions” empty. At most two years after the first day.
sp-public-auto = As the use says
sp-public-yes = Yes
sp-public-no = No
sp-public-hint = Only uses the desk approves and uses announced to the public (debates, screenings) go on the public agenda; for the others, ask the desk.
sp-yes = yes
sp-no = no
sp-error-count = Invalid number of sessions: between 1 and 104.
sp-error-until = Invalid end date: a date (YYYY-MM-DD) after the first day.
sp-error-count-or-until = Give a number of sessions or an end date.
sp-error-count-and-until = Give either a number of sessions or an end date, not both: empty one of the two fields.

# Booking states
sp-state-requested = waiting for the desk
sp-state-confirmed = confirmed
sp-state-declined = declined
sp-state-cancelled = cancelled
sp-state-released = released (nobody came)
sp-reserved = Booked

# Uses
sp-mode-dropin = drop-in by badge, seats can be booked
sp-mode-exclusive = the room for one group
sp-mode-event = event, attendees counted at the door
sp-who-everyone = open to every account
sp-who-residents = residents
sp-who-associations = associations
sp-who-desk = booked by the desk
sp-needs-approval = subject to the desk's approval

# The rooms
sp-spaces-title = Rooms
sp-spaces-help = Each room changes use with the time of day. Open a room to see its week and book.
sp-spaces-none = No room has been described yet.
sp-portal-link = Book for my association
sp-requests-link = Requests to handle
sp-requests-waiting = { $n ->
    [one] { $n } waiting
   *[other] { $n } waiting
}
sp-agenda-link = Public agenda
sp-halves = This room divides into two parts:
sp-floor = Floor
sp-capacity = Capacity
sp-people = { $n ->
    [one] { $n } person
   *[other] { $n } people
}
sp-accessibility = Accessibility
sp-access-none = no provision noted
sp-step-free = Step-free
sp-hearing-loop = Hearing loop
sp-equipment = Equipment
sp-now = Right now
sp-closed-now = closed
sp-occupancy-label = Present
sp-occupancy = { $present } of { $capacity } people
sp-attendees-came = { $n ->
    [one] { $n } attendee came
   *[other] { $n } attendees came
}
sp-see-week = See the week and book
sp-mine-title = My coming bookings
sp-mine-none = You have no coming booking.

# A room's week
sp-back-spaces = ← All rooms
sp-half-of = This room is a part of
sp-half-help = When the whole room is booked, this part is too.
sp-divisible = This room divides into:
sp-whole-help = Booking the whole room blocks both parts; a booked part blocks the whole room.
sp-week-of = Week of { $from } to { $to }
sp-week-nav = Change week
sp-week-prev = ← Previous week
sp-week-current = This week
sp-week-next = Next week →
sp-legend = The room's uses this week:
sp-today = today
sp-closed-day = Closed that day.
sp-nothing-booked = Nothing booked.
sp-held-elsewhere = Blocked by a booking of “{ $name }”.
sp-book-title = Book this room
sp-book-help = Choose a day and times inside an open window above. Some windows need the desk's approval: your request then waits until it answers.
sp-no-association = No association
sp-for-myself = For myself
sp-book-submit = Book
sp-book-slot = Book in this slot
sp-error-person-none = Nobody found: try their name, badge or phone number, or their record number.
sp-error-person-several = Several people match: { $names }. Give the full name, or type the record number.

# A booking
sp-back-week = ← The week of { $name }
sp-requested-help = Your request is waiting for the desk's answer. You will see it here, and on your association's page.
sp-decision-title = Message from the desk
sp-series-dates = The dates of the series
sp-this-one = this one
sp-move-title = Move
sp-scope-move = What to move?
sp-scope-cancel = What to cancel?
sp-scope-one = This date only
sp-scope-following = This date and the following ones
sp-move-submit = Move
sp-cancel-title = Cancel
sp-cancel-submit = Cancel the booking…
sp-cancel-confirm-title = Confirm the cancellation
sp-cancel-confirm-heading = Cancel “{ $name }”?
sp-cancel-confirm-dates = { $n ->
    [one] This date will be cancelled:
   *[other] These { $n } dates will be cancelled:
}
sp-cancel-confirm-yes = Yes, cancel
sp-cancel-confirm-no = No, keep the booking
ok-sp-booked = Booking confirmed.
ok-sp-requested = Request sent to the desk: it is waiting for approval.
ok-sp-cancelled = Booking cancelled.
ok-sp-moved = Booking moved.

# The associations' portal
sp-portal-title = Rooms for associations
sp-portal-help = Here is when rooms are open to associations in the coming four weeks. Request a slot, or a series of sessions, and follow the desk's answer.
sp-portal-no-association = Your account does not represent any association yet: ask the desk to register you as a representative.
sp-portal-sections = On this page
sp-open-title = Slots open to associations
sp-open-help = “Free”: nothing is booked in the window. “Partly”: part of the window is already taken.
sp-open-none = No room is open to associations in the coming four weeks.
sp-slot-free = Free
sp-slot-full = Full
sp-slot-partly = Partly: { $free } free
sp-slot-nothing-left = Nothing left to ask for: { $free } free, but too short for this use or too soon
sp-ask-slot = Request this slot
sp-association-bookings = The association's bookings and requests
sp-association-bookings-none = No coming booking or request.
sp-series-title = Request a series of sessions
sp-series-help = For instance a weekly meeting. You will see each date and its outcome before sending.
sp-series-no-space = No room has a window open to your association.
sp-repeat-weekly = Every week
sp-repeat-biweekly = Every two weeks
sp-repeat-monthly = Every month, on the same weekday (for instance the first Tuesday)
sp-series-preview = See each date before sending
sp-feed-title = The association's calendar
sp-feed-help = Copy this address into your calendar (phone, computer) to see the association's bookings there. Keep it to yourself: it asks for no password.
sp-feed-of = Calendar address ({ $name })
sp-feed-open = Open the calendar

# A series' preview and outcome
sp-preview-title = Series request: check each date
sp-result-title = Outcome of the series request
sp-preview-free = { $n ->
    [0] No free date.
    [one] { $n } free date.
   *[other] { $n } free dates.
}
sp-preview-refused = { $n ->
    [0] No date in conflict.
    [one] { $n } impossible date.
   *[other] { $n } impossible dates.
}
sp-outcome-free = Free: will be booked at once.
sp-outcome-request = Free: the request will go to the desk.
sp-policy-all = All or nothing: book nothing if a date is impossible
sp-policy-skip = Skip the impossible dates and request the others
sp-series-send = Send the request
sp-series-change = Change the request
sp-preview-none-possible = No date is possible: there is nothing to send. Change the request (another day, other hours or another room).
sp-result-made = The series is recorded. Here is each date and what became of it.
sp-result-nothing = Nothing was booked: no date was possible, or a date was impossible and you chose “all or nothing”.
sp-back-portal = Back to the associations' portal

# The request queue (desk)
sp-requests-title = Room requests
sp-requests-help = Each request waits for your answer. Approving confirms it if nothing stands in the way; declining needs a reason, passed on to the requester.
sp-requests-none = No request waiting.
sp-competing = Competing with:
sp-request-number = no.
sp-competing-help = Only one can be approved.
sp-competing-accepted = { $title } — already approved
sp-request-past = This slot is over: the request can only be declined.
sp-request-open = See the request
sp-asked-at = { $date } at { $time }
sp-series-waiting = { $n ->
    [one] { $n } date waiting
   *[other] { $n } dates waiting
}
sp-approve = Approve
sp-decline = Decline
sp-approve-series = Approve the whole series
sp-decline-series = Decline the whole series
ok-sp-approved = Request approved: the booking is confirmed.
ok-sp-declined = Request declined. The requester will see your reason.
ok-sp-series-approved = Series handled: its free dates are confirmed.
ok-sp-series-declined = Series declined: each of its waiting dates is declined with your reason, which the requester will see.
audit-action-space-series-decline = Booking series declined

# The public agenda
sp-agenda-title = What's on
sp-agenda-help = Debates, screenings and gatherings open to the neighbourhood in the coming eight weeks.
sp-agenda-subscribe = Subscribe to the agenda (iCalendar)
sp-agenda-tv = Full-screen display (the café's TV)
sp-agenda-print = To put it on the wall, print this page: the menu and buttons are not printed.
sp-agenda-empty = Nothing is announced yet for the coming eight weeks. Come back soon, or ask at the desk!
sp-agenda-tv-empty = Nothing is planned for the coming days. Ask at the desk!
sp-agenda-updated = Updated at { $time }
sp-cancelled = Cancelled

## Chrono'espaces — administration pages (/admin/salles) and the occupancy page (/salles/occupation)

spa-list-title = Rooms and uses
spa-list-help = The rooms, their uses by time of day (coworking, debate, associations…), their opening hours and their exceptional closures.
spa-occupancy-link = See how full the rooms are right now.
spa-back-to-list = ← Back to rooms and uses

## Spaces
spa-spaces-title = Rooms
spa-spaces-none = No room yet: create the first one with the “New room” form.
spa-col-floor = Floor
spa-col-capacity = Capacity
spa-col-access = Accessibility
spa-col-door = Door kiosk
spa-col-when-full = When full
spa-step-free = step-free
spa-hearing-loop = hearing loop
spa-access-none = not stated
spa-half-of = part of “{ $name }”
spa-halves = Parts of this room:
spa-see-whole = see the whole room
spa-no-door = none
spa-refuses-when-full = entry refused when full
spa-lets-in-when-full = entry always accepted
spa-space-new = New room
spa-space-create = Create the room
spa-space-edit = Room description
spa-label-name = Room name
spa-hint-name = For example: Main hall, Garden room.
spa-label-floor = Floor (optional)
spa-hint-floor = For example: ground floor, 1st floor.
spa-label-capacity = Capacity (number of people)
spa-hint-capacity = How many people the room can hold, between 1 and 10,000.
spa-label-equipment = Equipment (optional)
spa-hint-equipment = For example: projector, 20 chairs, folding tables.
spa-legend-access = Accessibility
spa-label-step-free = Step-free access
spa-label-hearing-loop = Hearing loop for people with hearing loss
spa-label-description = Description (optional)
spa-label-parent = Part of a divisible room
spa-hint-parent = For half a room: choose the whole room. Booking the whole room blocks its parts, and booking a part blocks the whole room.
spa-parent-none = None: this is a whole room
spa-label-refuse-when-full = Refuse entry at the door kiosk when the room is full

## Uses
spa-uses-title = Uses
spa-uses-help = A use says what a room is for during a time window, who may book it and how.
spa-uses-none = No use yet: create one with the “New use” form.
spa-col-mode = Mode
spa-col-who = Who may book
spa-col-approval = Approval
spa-col-price = Price
spa-col-changeover = Changeover
spa-col-grace = Badge check-in
spa-code = code
spa-public-short = shown on the public agenda
spa-mode-dropin = Drop-in by badge
spa-mode-exclusive = Whole-room booking
spa-mode-event = Event with attendees
spa-mode-help-dropin = People come in by badge, up to the number of places; a place may also be booked ahead (coworking).
spa-mode-help-exclusive = One booking at a time takes the whole room (association meeting).
spa-mode-help-event = One booking takes the room, and the door kiosk counts the attendees (debate, screening).
spa-capacity-of-space = the room's
spa-who-staff = reception (always)
spa-who-everyone = everyone
spa-who-residents = residents
spa-who-associations = associations
spa-who-some-associations = associations: { $names }
spa-approval-yes = needs reception's approval
spa-approval-no = confirmed at once
spa-price-free = free
spa-price-euros = { $amount } per hour
spa-price-sel = { $amount } of SEL per hour
spa-changeover-none = none
spa-changeover-text = { $before } min before, { $after } min after
spa-grace-none = not required
spa-grace-text = released if nobody badges in within { $minutes } min
spa-use-new = New use
spa-use-create = Create the use
spa-use-edit = Edit the use
spa-use-edit-title = Use “{ $name }”
spa-use-edit-help = Bookings already made keep the rules they were made under.
spa-label-use-name = Name of the use
spa-hint-use-name = The name everyone reads on the timetable, for example: Coworking, Citizens' debate.
spa-label-use-code = Short code
spa-hint-use-code = Lower-case letters without accents, digits and hyphens, for example: coworking, evening-debate.
spa-label-use-colour = Colour on the timetable
spa-hint-use-colour = The use's name is always written next to the colour.
spa-label-use-mode = Booking mode
spa-label-use-capacity = Capacity for this use (optional)
spa-hint-use-capacity = Leave empty for the room's capacity. Never more than the room's capacity.
spa-legend-who = Who may book
spa-hint-who = Reception and administrators may always book on someone's behalf.
spa-label-open-everyone = Everyone (anyone with an account)
spa-label-open-residents = Residents
spa-label-open-associations = Associations
spa-legend-associations = Reserved for these associations (optional)
spa-hint-associations = If you tick associations, only they may book. With no box ticked: every association.
spa-no-associations = No association registered.
spa-label-approval = Every request must be approved by reception
spa-label-min = Shortest booking (minutes)
spa-hint-min = Between 5 and 10,080 minutes (a week). For example: 30.
spa-label-max = Longest booking (minutes)
spa-hint-max = At least the shortest booking. For example: 240 for 4 hours.
spa-label-notice = How long ahead a booking must be made (minutes)
spa-hint-notice = 0: bookings up to the last moment. 1,440 minutes = one day.
spa-label-price-kind = Price
spa-price-kind-free = Free
spa-price-kind-euros = In euros
spa-price-kind-sel = In SEL time
spa-label-price = Price per hour
spa-hint-price = In euros, for example 12.50. In SEL, a number of minutes per hour, for example 30. Leave empty if free.
spa-label-changeover-before = Set-up time before (minutes)
spa-label-changeover-after = Tidy-up time after (minutes)
spa-hint-changeover = The room stays blocked that long around each booking. Between 0 and 240.
spa-label-grace = Release the room if nobody badges in within … minutes (optional)
spa-hint-grace = Between 5 and 240 minutes after the start. Leave empty not to require a badge.
spa-label-public = Show these bookings on the public agenda (the person booking may change this)

## Timetable
spa-timetable-title = Weekly opening hours
spa-timetable-help = Each row opens the room on a weekday, from the start time to the end time, for a use. Times as 08:00; 24:00 for midnight at the end of the day. Two rows of the same day must not overlap.
spa-timetable-no-uses = Create a use first to be able to open the room.
spa-timetable-save-help = Empty rows are ignored. Everything is saved together: if one row is wrong, nothing is changed.
spa-timetable-save = Save the opening hours
spa-col-row = Row
spa-col-weekday = Day
spa-col-start = Start
spa-col-end = End
spa-col-use = Use
spa-col-remove = Remove
spa-label-row-weekday = Day, row { $row }
spa-label-row-start = Start time, row { $row }
spa-label-row-end = End time, row { $row }
spa-label-row-use = Use, row { $row }
spa-label-row-remove = Remove row { $row }

## Week preview
spa-week-title = This week
spa-week-of = From { $from } to { $to }
spa-week-help = What the opening hours and the exceptions give, day by day.
spa-week-previous = ← Previous week
spa-week-this = This week
spa-week-next = Next week →
spa-col-day = Day
spa-col-open = Open
spa-col-exceptions = Exceptions
spa-today = today
spa-closed-all-day = Closed all day

## Exceptions
spa-exceptions-title = Closures and exceptions
spa-site-exceptions-title = Closures and exceptions for the whole site
spa-exceptions-help = Public holidays, closures, special evenings: an exception replaces the weekly hours on that day (all day or for the hours given). The room's own come after the whole site's.
spa-exceptions-none = No exception in the next twelve months.
spa-col-hours = Hours
spa-col-effect = Effect
spa-col-label = Reason
spa-col-scope = Applies to
spa-whole-day = all day
spa-closed = Closed
spa-open-for = Open for “{ $name }”
spa-whole-site = Whole site
spa-this-space = This room ({ $name })
spa-exception-new = Add an exception
spa-exception-add = Add the exception
spa-exception-remove = Remove
spa-label-exception-scope = Applies to
spa-label-exception-day = Day
spa-hint-exception-day = Format DD/MM/YYYY if your browser shows no calendar.
spa-error-exception-day = Date not valid: type it as DD/MM/YYYY, for example 25/12/2026.
spa-label-exception-start = Start time (optional)
spa-label-exception-end = End time (optional)
spa-hint-exception-hours = Leave both times empty for the whole day. Format 14:00.
spa-label-exception-use = During these hours, the room is
spa-label-exception-label = Reason
spa-hint-exception-label = For example: Christmas, building works, special evening.
spa-exception-remove-title = Remove this exception?
spa-exception-remove-text = The usual weekly hours will apply again on that day.
spa-exception-remove-confirm = Yes, remove the exception
spa-confirm-back = No, go back without changing anything

## Door kiosk
spa-door-title = Door kiosk
spa-door-help = The kiosk at the room's door counts people in and out by badge.
spa-door-none = No door kiosk for this room.
spa-door-current = Current door kiosk:
spa-door-no-kiosk = No kiosk with the “room door” role is registered.
spa-label-door = Door kiosk of this room
spa-door-choose = Choose a kiosk
spa-door-save = Bind this kiosk
spa-kiosk-free = { $kiosk }
spa-kiosk-bound = { $kiosk }, now the door of “{ $space }”

## Calendar feed
spa-feed-title = Room calendar (iCalendar)
spa-feed-help = This secret link lets a calendar (phone, computer) subscribe to the room's bookings. Give it only to the people who need it.
spa-feed-label = Calendar link
spa-feed-open = Open the calendar link
spa-feed-renew = Renew the link
spa-renew-title = Renew the calendar link?
spa-renew-text = A new secret link will be made for the calendar of “{ $name }”.
spa-renew-warning = The old link will stop working: subscribed calendars will need the new one.
spa-renew-confirm = Yes, renew the link

## Errors typed on these pages
spa-error-at = { $label }: { $message }
spa-error-number = Enter a whole number, without letters (for example 30).
spa-error-number-required = This field is required: enter a whole number (for example 30).
spa-error-euros = Invalid amount: a price in euros, for example 12.50.
spa-error-sel-minutes = Invalid price: a whole number of SEL minutes per hour, for example 30.
spa-error-price-required = Give the price per hour, or choose “Free”.
spa-error-weekday = Choose the day of the week.
spa-error-use = Choose the room's use.
spa-error-kiosk = Choose a kiosk from the list.
spa-error-overlap = This row overlaps row { $row } ({ $day }, { $hours }).

## Confirmations
ok-spa-space-created = The room was created. You can now give it its opening hours.
ok-spa-space-saved = The room was saved.
ok-spa-use-created = The use was created.
ok-spa-use-saved = The use was saved.
ok-spa-timetable-saved = The opening hours were saved.
ok-spa-exception-added = The exception was added.
ok-spa-exception-removed = The exception was removed.
ok-spa-door-saved = The door kiosk was bound to the room.
ok-spa-link-renewed = The calendar link was renewed: the old one no longer works.

## Occupancy
spa-occupancy-title = Room occupancy
spa-occupancy-at = As of { $time }.
spa-occupancy-help = Reload the page to update.
spa-occupancy-now = Right now
spa-present-of = { $present } / { $capacity }
spa-present-people = people present / places
spa-full = Full
spa-nearly-full = Nearly full
spa-in-force = Current use
spa-no-use-now = Closed (no use right now)
spa-booking-now = Current booking
spa-attendees = Attendees who came
spa-door-kiosk = Door kiosk
spa-door-yes = yes, entries are counted
spa-door-no = none: people present are not counted
spa-history-title = Average occupancy by hour
spa-label-weeks = Period
spa-weeks = { $n ->
    [one] the last week
   *[other] the last { $n } weeks
}
spa-show = Show
spa-history-help = { $n ->
    [one] Average number of people present, by day and hour, over the last week. Hatched hours are closed or without data.
   *[other] Average number of people present, by day and hour, over the last { $n } weeks. Hatched hours are closed or without data.
}
spa-heatmap-title = Average occupancy — { $name } ({ $weeks } wk)
spa-heatmap-unit = people
spa-weekday-short-1 = Mon
spa-weekday-short-2 = Tue
spa-weekday-short-3 = Wed
spa-weekday-short-4 = Thu
spa-weekday-short-5 = Fri
spa-weekday-short-6 = Sat
spa-weekday-short-7 = Sun

## Chrono'espaces — the JSON API and the iCalendar feeds (server/src/web/spaces_api.rs)

spi-period-too-long = Period too long for one call: at most 62 days for slots and the availability grid, 366 days for lists.
spi-too-many-windows = Too many time windows: at most 336 in a week.
spi-too-many-spaces = Too many rooms at once: at most 50.
spi-weeks = Invalid number of weeks: between 1 and 52.
spi-booking-too-long = Booking too long: a booking lasts at most 8 days.
spi-series-all-or-nothing = The series was not booked (all or nothing): at least one date is not free — { $name }. The series preview gives the outcome of each date.
spi-series-none-free = The series was not booked: no date is free — { $name }.
spi-feed-not-found = Calendar not found. The link may be out of date: ask reception for the current one.
spi-feed-agenda-name = CITEOSQUARE agenda
spi-feed-space-name = { $name } — CITEOSQUARE
spi-feed-association-name = { $name } — room bookings
sp-night-requests = { $n ->
    [one] { $n } room request for tonight or tomorrow morning, unanswered
   *[other] { $n } room requests for tonight or tomorrow morning, unanswered
}

## Bien-Vivre indicators
bv-ind-spaces_debates = Debates and screenings
bv-ind-spaces_debates-def = Confirmed bookings of a debate or screening use (its code contains "debat" or "projection") that start in the period.
bv-ind-spaces_attendance = Attendance at debates and screenings
bv-ind-spaces_attendance-def = For each debate or screening, the different people who badged at the room's door during the event, added up over the period's events.
bv-ind-spaces_association_hours = Room hours for associations
bv-ind-spaces_association_hours-def = Total length, in hours, of the confirmed room bookings made for an association that start in the period.
bv-ind-spaces_occupancy = Room occupancy
bv-ind-spaces_occupancy-def = Room hours booked (confirmed bookings, not drop-in seats such as coworking) divided by the rooms' opening hours in the period, in percent.
