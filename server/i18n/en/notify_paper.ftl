## Paper notices: the desk's "To hand over" list, the large-type print and the handing over (server/src/notify/paper)

notify-paper-title = To hand over
notify-paper-hint = Notices for people who have neither e-mail nor a personal page. Print them, hand them over in person, then mark them handed over.
notify-paper-none = Nothing to hand over: every paper notice has been handed over.
notify-paper-total = { $n ->
    [one] { $n } notice to hand over
   *[other] { $n } notices to hand over
}
notify-paper-people = { $n ->
    [one] for { $n } person
   *[other] for { $n } people
}
notify-paper-count = { $n ->
    [one] { $n } notice
   *[other] { $n } notices
}
notify-paper-member = member no. { $id }
notify-paper-phone = tel. { $phone }
notify-paper-slips-of = Notices to hand over to { $name }
notify-paper-col-subject = Notice
notify-paper-col-made = Date
notify-paper-print-all = Print all
notify-paper-print-of = Print { $name }'s notices
notify-paper-print-marks-nothing = Printing marks nothing: when the person takes their notices, come back here and click "Handed over in person".
notify-paper-handed = Handed over in person
notify-paper-handed-to = Handed over in person to { $name }
notify-paper-handed-confirm = Were the notices in this list handed over to { $name }? They will be marked handed over by you. A notice that arrived since the page was shown will stay to hand over.
notify-paper-handed-help = Click once the person (or someone they trust) has taken their notices. Only the notices shown above are marked.
ok-notify-paper-handed = Noted: notices handed over in person.
ok-notify-paper-nothing = Nothing new to note: these notices were already marked handed over.

## The print: one A4 page per person

notify-paper-print-title = Notices to hand over — print
notify-paper-print = Print
notify-paper-back = Back to the "To hand over" list
notify-paper-for = For: { $name }
notify-paper-printed-on = Printed on { $when }
notify-paper-made-on = Notice of { $when }
notify-paper-other-ways = You can ask the front desk to receive these notices another way (e-mail, personal page).

## The desk's box

notify-paper-desk-title = Paper notices
notify-paper-desk-count = { $n ->
    [one] { $n } notice to hand over on paper
   *[other] { $n } notices to hand over on paper
}

## The audit log

audit-action-notify-handed = Paper notices handed over in person
audit-field-handed-by = Handed over by
audit-field-messages = Notices (numbers)
