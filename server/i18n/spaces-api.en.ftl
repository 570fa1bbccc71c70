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
