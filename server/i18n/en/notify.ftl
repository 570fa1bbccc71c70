## Notices: what people are told (e-mail, their own page, paper handed over by the desk)

notify-title = My notices
notify-none = No notices yet.
notify-new = New
notify-unread = { $n ->
    [one] 1 new notice
   *[other] { $n } new notices
}
notify-unread-short = unread
notify-see = See the page it is about
notify-see-all = See all my notices and choose how to be told
notify-sent-at = sent by e-mail on { $when } to { $to }
notify-failed = the e-mail could not be sent: the desk knows
notify-in-digest = in the day's e-mail
notify-sending = e-mail being sent
notify-handed-at = handed over on { $when }
notify-at-desk = to collect at the desk, on paper
notify-on-page = on this page
notify-pref-title = How to be told
notify-pref-legend = I want my notices:
notify-pref-email = by e-mail, to { $email }
notify-pref-email-none = by e-mail
notify-pref-email-ask-desk = We do not have your address: give it to the desk to choose e-mail.
notify-pref-page = on this page only
notify-pref-paper = on paper, to collect at the desk
notify-pref-digest = A single e-mail a day gathering all my notices
notify-pref-save = Save
notify-pref-default = default choice
notify-pref-email-is = You are told by e-mail, at { $email }.
notify-pref-email-digest-is = You are told by one e-mail a day, at { $email }.
notify-pref-page-is = Your notices are on your own page.
notify-pref-paper-is = Your notices are handed to you on paper by the desk.
ok-notify-preference = Noted: your notices will come that way.
ok-notify-no-email = No e-mail address known: add it to the record first to choose e-mail.
notify-error-channel = Choose how to be told.
notify-error-no-email = We have no e-mail address: give it to the desk to choose e-mail.
notify-person-title = Notices
notify-person-choose = Tell this person
notify-person-latest = Latest notices
notify-channel-email = by e-mail
notify-channel-page = on their own page
notify-channel-paper = on paper, handed over by the desk
notify-page-without-login = This person has no login: they will not see their page. Choose paper.
notify-desk-email-is = Their notices go by e-mail, to { $email }.
notify-desk-email-digest-is = Their notices go in one e-mail a day, to { $email }.
notify-desk-page-is = Their notices are on their own page.
notify-desk-paper-is = Their notices are handed to them on paper by the desk.
notify-nav-mail = E-mail
audit-action-notify-preference = How to be told changed

## The messages. Each has a subject, a text (paragraphs separated by a blank line) and why it was sent.

notify-booking-requested-subject = Request received: { $title }, { $start_at }
notify-booking-requested-body = Hello { $first_name },

    Your request for “{ $title }” ({ $space }, { $start_at }) has been received. The desk will answer as soon as it can; you will be told its answer.
notify-booking-requested-why = You receive this message because you, or your association, asked for this room.

notify-booking-approved-subject = Booking confirmed: { $title }, { $start_at }
notify-booking-approved-body = Hello { $first_name },

    The room { $space } is booked for you for “{ $title }”, { $start_at }.{ $has_message ->
        [yes] {" "}Message from the desk: “{ $message }”
       *[no] {""}
    }

    If you cannot come, cancel from your page to free the room.
notify-booking-approved-why = You receive this message because you, or your association, asked for this room.

notify-booking-declined-subject = Request declined: { $title }, { $start_at }
notify-booking-declined-body = Hello { $first_name },

    The desk could not accept your request for “{ $title }” ({ $space }, { $start_at }).

    Reason: “{ $reason }”

    You may ask for another time or come and talk about it at the desk.
notify-booking-declined-why = You receive this message because you, or your association, asked for this room.

notify-booking-cancelled-subject = Booking cancelled: { $title }, { $start_at }
notify-booking-cancelled-body = Hello { $first_name },

    The booking “{ $title }” ({ $space }, { $start_at }) is cancelled.{ $following ->
        [yes] {" "}The following dates of the series are cancelled too.
       *[no] {""}
    }{ $has_reason ->
        [yes] {" "}Reason: “{ $reason }”
       *[no] {""}
    }
notify-booking-cancelled-why = You receive this message because this booking was yours or your association's.

notify-booking-moved-subject = Booking moved: { $title }, { $start_at }
notify-booking-moved-body = Hello { $first_name },

    “{ $title }” ({ $space }) no longer takes place on { $old_start_at }: it is moved to { $start_at }.
notify-booking-moved-why = You receive this message because this booking is yours or your association's.

notify-booking-series-requested-subject = Request received: { $title }, { $count } dates from { $start_at }
notify-booking-series-requested-body = Hello { $first_name },

    Your request for “{ $title }” ({ $space }, { $count } dates from { $start_at }) has been received. The desk will answer as soon as it can; you will be told its answer.
notify-booking-series-requested-why = You receive this message because you, or your association, asked for this room.

notify-booking-series-approved-subject = Bookings confirmed: { $title }, from { $start_at }
notify-booking-series-approved-body = Hello { $first_name },

    The room { $space } is booked for you for “{ $title }”: { $count } dates from { $start_at }.{ $has_declined ->
       *[no] {""}
        [yes] {" "}{ $declined } dates could not be given: see the details on the booking's page.
    }{ $has_message ->
        [yes] {" "}Message from the desk: “{ $message }”
       *[no] {""}
    }
notify-booking-series-approved-why = You receive this message because you, or your association, asked for this room.

notify-booking-series-declined-subject = Request declined: { $title }, from { $start_at }
notify-booking-series-declined-body = Hello { $first_name },

    The desk could not accept your request for “{ $title }” ({ $space }, { $count } dates from { $start_at }).

    Reason: “{ $reason }”

    You may ask for other dates or come and talk about it at the desk.
notify-booking-series-declined-why = You receive this message because you, or your association, asked for this room.

notify-booking-reminder-subject = Tomorrow: { $title }, { $start_at }
notify-booking-reminder-body = Hello { $first_name },

    A reminder: the room { $space } is booked for you tomorrow for “{ $title }”, { $start_at }.

    If you cannot come, cancel from your page to free the room.
notify-booking-reminder-why = You receive this reminder the day before each booking of yours or your association's.

notify-sel-received-subject = You received { $amount_minutes } of time
notify-sel-received-body = Hello { $first_name },

    { $from } credited { $amount_minutes } to your SEL account.{ $has_memo ->
        [yes] {" "}“{ $memo }”
       *[no] {""}
    }

    Thank you for the time you gave!
notify-sel-received-why = You receive this message because your SEL account was credited.

notify-sel-gift-waiting-subject = { $from } gives you { $amount_minutes }: to accept
notify-sel-gift-waiting-body = Hello { $first_name },

    { $from } gives you { $amount_minutes } of time.{ $has_memo ->
        [yes] {" "}“{ $memo }”
       *[no] {""}
    }

    Accept it (or decline it) on your page, or at the desk: the time reaches your account only once accepted.
notify-sel-gift-waiting-why = You receive this message because an exchange is waiting for you in the SEL.

notify-shift-reminder-subject = Tomorrow: { $activity }, { $start_at }
notify-shift-reminder-body = Hello { $first_name },

    You signed up for “{ $activity }” tomorrow, { $start_at }. Remember to badge in and out.

    Cannot come? Withdraw on your page or tell the desk, so that someone else can come.
notify-shift-reminder-why = You receive this reminder the day before each shift you signed up for.

notify-vehicle-booked-subject = Vehicle booked: { $vehicle }, { $start_at }
notify-vehicle-booked-body = Hello { $first_name },

    The vehicle “{ $vehicle }” is booked for you from { $start_at } to { $end_at }.{ $has_series ->
        [yes] {" "}The same booking every week, { $count } times in all, until { $last_day }.
       *[no] {""}
    } The keys are at the desk.
notify-vehicle-booked-why = You receive this message because this vehicle is booked in your name.

notify-vehicle-cancelled-subject = Vehicle booking cancelled: { $vehicle }, { $start_at }
notify-vehicle-cancelled-body = Hello { $first_name },

    The booking of the vehicle “{ $vehicle }” on { $start_at } is cancelled.
notify-vehicle-cancelled-why = You receive this message because this vehicle was booked in your name.

notify-vehicle-reminder-subject = Tomorrow: the vehicle { $vehicle }, { $start_at }
notify-vehicle-reminder-body = Hello { $first_name },

    A reminder: the vehicle “{ $vehicle }” is booked for you tomorrow, { $start_at }, until { $end_at }. The keys are at the desk.

    Cannot go? Cancel on your page or tell the desk.
notify-vehicle-reminder-why = You receive this reminder the day before each vehicle booking in your name.

notify-hostel-stay-booked-subject = Stay booked: arriving on { $arrival_day }
notify-hostel-stay-booked-body = Hello { $first_name },

    Your stay is booked: arriving on { $arrival_day }, leaving on { $departure_day }.{ $has_room ->
        [yes] {" "}Room: { $room }.
       *[no] {""}
    } The desk is open day and night.
notify-hostel-stay-booked-why = You receive this message because a stay is booked in your name.

notify-hostel-stay-cancelled-subject = Stay cancelled: arriving on { $arrival_day }
notify-hostel-stay-cancelled-body = Hello { $first_name },

    Your stay arriving on { $arrival_day }{ $has_room ->
        [yes] {" "}({ $room })
       *[no] {""}
    } is cancelled.
notify-hostel-stay-cancelled-why = You receive this message because this stay was in your name.

notify-hostel-stay-changed-subject = Stay changed: arriving on { $arrival_day }
notify-hostel-stay-changed-body = Hello { $first_name },

    Your stay has been changed. From now on: arriving on { $arrival_day }, leaving on { $departure_day }.{ $has_room ->
        [yes] {" "}Room: { $room }.
       *[no] {""}
    } Any question? The desk is open day and night.
notify-hostel-stay-changed-why = You receive this message because this stay is in your name.

notify-test-subject = Test message from { $site }
notify-test-body = Hello,

    This is a test message sent from the “E-mail” page of { $site }. If it reaches you, the site's e-mail works.
notify-test-why = You receive this message because an administrator of the site asked for a test to this address.
