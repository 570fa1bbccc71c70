## People
persons-title = People
persons-latest = Latest records
persons-results = Results for "{ $q }"
persons-none = Nobody matches.
person-new = New person
person-details = Details
person-erased-notice = This person's data was erased at their request. The history stays, without their name.
person-no-association = Member of no association.
label-first-name = First name
label-last-name = Last name
label-kind = Status
label-phone = Phone
label-email = Email
label-accessibility = Accessibility
hint-phone = For example 06 12 34 56 78.
hint-accessibility = What helps the desk: "hard of hearing, face her when speaking", "wheelchair"…
kind-resident = Resident (seniors' floor)
kind-neighbour = Neighbour
kind-guest = Hostel guest
kind-staff = Staff
kind-member = Association member

## Badges
badges-title = Badges
badges-none = No badge.
badge-active = Active
badge-revoked = Taken back on
badge-revoke = Take the badge back
badge-revoke-confirm = Take badge { $card } back? It will stop working at the kiosks.
label-revoke-reason = reason
revoke-lost = lost
revoke-returned = returned
revoke-broken = broken
revoke-other = other reason
revoke-erased = data erasure
revoke-not_returned = not returned at check-out
badge-assign-title = Assign a badge
desk-tap-instructions = Tap the badge on the desk kiosk: it will show below.
desk-tap-waiting = Waiting for an unknown badge at the desk kiosk…
desk-tap-read = Badge { $card } read at { $time } ({ $kiosk }).
desk-tap-assign = Assign badge { $card }
label-card-typed = Or type the badge number
hint-card = As printed or read, for example 04A31F9B.
badge-assign = Assign this badge

## GDPR
gdpr-title = Personal data
gdpr-export = Download all their data (JSON)
gdpr-erase = Erase their data…
erase-title = Erase a person's data
erase-heading = Erase the data of { $name }
erase-explain = At the person's request, their personal data is erased:
erase-what-1 = their name becomes "Personne effacée", their phone, email and notes are deleted;
erase-what-2 = their badges are taken back and their accounts disabled;
erase-what-3 = the history (taps, hours, totals) stays, without their name.
erase-irreversible = This cannot be undone.
erase-confirm-label = I confirm erasing the data of { $name }
erase-submit = Erase for good

## Associations
associations-list = All associations
associations-none = No association.
association-new = New association
label-association-name = Association name
label-description = Description
members-title = Members
members-none = No members.
members-count = { $n ->
    [one] { $n } member
   *[other] { $n } members
}
member-add = Add a member
member-add-button = Add as member
member-add-representative = Add as representative
my-associations-none = You do not represent any association yet.

## Residents
me-title = My details
me-no-person = Your account is not linked to a record. Ask the desk.
me-gdpr = To get a copy of your data or have it erased, ask the desk.
badge-guest-until = guest badge, valid until { $date } included

person-namesakes-title = { $n ->
    [one] This person may already be recorded
   *[other] These people may already be recorded
}
person-namesakes-help = Same name or same phone. Open the record if it is the same person; otherwise tick the box below and save.
person-namesake-same-phone = same phone
person-namesake-badges = badge { $cards }
person-namesake-since = record created on { $date }
person-namesake-other = This is someone else: create a new record
person-number-short = no.
