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
