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
sp-hint-count = Between 1 and 104.
sp-hint-until = At most two years after the first day.
sp-public-auto = As the use says
sp-public-yes = Yes
sp-public-no = No
sp-yes = yes
sp-no = no
sp-error-count = Invalid number of sessions: between 1 and 104.
sp-error-until = Invalid end date: a date (YYYY-MM-DD) after the first day.
sp-error-count-or-until = Give a number of sessions or an end date.

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
ok-sp-approved = Request approved: the booking is confirmed.
ok-sp-declined = Request declined. The requester will see your reason.
ok-sp-series-approved = Series handled: its free dates are confirmed.

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
