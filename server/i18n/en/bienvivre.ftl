## The Bien-Vivre dashboard (annex 2 « Compter autrement »)

bv-nav = Bien-Vivre
bv-title = Bien-Vivre dashboard
bv-lead = The eight Bien-Vivre criteria, measured from what the place does, from { $first } to { $last }.
bv-public-note = This page shows the indicators the place chose to make public. The citizens' committee and the desk see more.
bv-measured-at = Figures for the months under way are measured every 10 minutes (last measured at { $time }).
bv-report-link = Report for { $year }
bv-entry-link = Enter a reading
bv-settings-link = Indicators and committee
bv-back-dashboard = Back to the dashboard
bv-criterion-empty = No indicator is followed for this criterion.
bv-period-twelve = over the last 12 months
bv-period-year = in { $year }
bv-before = the year before: { $value }
bv-see-figures = See the figures month by month
bv-entered-by-hand = Value entered by hand.

bv-criterion-1 = Pursuing the project's social usefulness
bv-criterion-1-hint = What the place brings to those who come: debates, accompanied trips, services given.
bv-criterion-2 = Overall health
bv-criterion-2-hint = Ways of life, food, sport: what the inhabitants say.
bv-criterion-3 = Businesses' contribution to social ties
bv-criterion-3-hint = Partner businesses, meetings open to all, people passing through welcomed in the activities.
bv-criterion-4 = Collective capacity to act
bv-criterion-4-hint = The SEL, rooms lent to associations: acting together.
bv-criterion-5 = Individual capacity to act
bv-criterion-5-hint = First steps: a first shift, a trip to an appointment.
bv-criterion-6 = Frugality of collective organisations
bv-criterion-6-hint = Doing more with the same walls and fewer new purchases.
bv-criterion-7 = Meeting a basic need
bv-criterion-7-hint = Access to local organic food at affordable prices.
bv-criterion-8 = Environment and biodiversity
bv-criterion-8-hint = Water, energy, waste: reducing the place's footprint.

bv-unit-hours = h
bv-unit-people = { $n ->
    [one] person
   *[other] people
}
bv-unit-percent = %
bv-unit-km = km
bv-unit-trips = { $n ->
    [one] trip
   *[other] trips
}
bv-unit-events = { $n ->
    [one] event
   *[other] events
}
bv-unit-minutes = min

bv-source-computed = Computed by the system
bv-source-entered = Entered by hand
bv-entered-meter-def = Meter readings: what was used since the reading before counts in the month of the new reading.
bv-entered-sum-def = Amounts added up over the period (each weighing, for example).
bv-entered-last-def = The latest value known in the period (a survey's result, for example).

bv-standing-no-target = No target set.
bv-standing-no-value = No value yet to compare with the target.
bv-standing-reached = Target reached (target: { $target }).
bv-standing-below = Below the target (target: { $target }).
bv-standing-above = Above the target (target: at most { $target }).
bv-trend-unknown = No comparison with the year before yet.
bv-trend-steady = Steady compared with the year before.
bv-trend-better = { $way ->
    [up] Up on the year before: that is better.
   *[down] Down on the year before: that is better.
}
bv-trend-worse = { $way ->
    [up] Up on the year before: that is worse.
   *[down] Down on the year before: that is worse.
}
bv-chart-target = Target: { $value } a month
bv-summary = Chart { $period }: { $total } in all; highest month, { $high }; lowest, { $low }; months without a value: { $missing }.
bv-summary-level = Chart { $period }: { $total } over the period; highest month, { $high }; lowest, { $low }; months without a value: { $missing }.
bv-summary-empty = Chart { $period }: no value yet.

bv-month-1 = January
bv-month-2 = February
bv-month-3 = March
bv-month-4 = April
bv-month-5 = May
bv-month-6 = June
bv-month-7 = July
bv-month-8 = August
bv-month-9 = September
bv-month-10 = October
bv-month-11 = November
bv-month-12 = December
bv-month-short-1 = Jan
bv-month-short-2 = Feb
bv-month-short-3 = Mar
bv-month-short-4 = Apr
bv-month-short-5 = May
bv-month-short-6 = Jun
bv-month-short-7 = Jul
bv-month-short-8 = Aug
bv-month-short-9 = Sep
bv-month-short-10 = Oct
bv-month-short-11 = Nov
bv-month-short-12 = Dec

bv-months-caption = Month by month ({ $unit })
bv-col-month = Month
bv-col-value = Value
bv-col-criterion = Criterion
bv-col-indicator = Indicator
bv-col-unit = Unit
bv-col-source = Source
bv-col-year = Year { $year }
bv-col-target = Yearly target
bv-col-commentary = Committee's commentary
bv-col-written-by = Written by
bv-col-activity = Activity
bv-col-hours = Hours given
bv-col-participants = Participants
bv-sheet-indicators = Indicators
bv-sheet-commentaries = Commentaries

bv-report-title = Bien-Vivre: report for { $year }
bv-report-lead = { $site } — the eight Bien-Vivre criteria for the { $year } journée citoyenne, with the citizens' committee's commentaries.
bv-report-year = Year
bv-report-show = Show
bv-report-csv = Download as CSV
bv-report-ods = Download for LibreOffice (.ods)
bv-report-print-hint = To print the report or save it as a PDF, use your browser's « Print »: buttons and forms are not printed.
bv-report-in-year = over { $year }
bv-commentary-saved = The commentary is saved.
bv-saved = Saved.
bv-commentary-title = The citizens' committee's commentary
bv-commentary-none = No commentary yet.
bv-commentary-by = Written by { $name }, { $when }.
bv-commentary-label = Commentary on criterion { $n }
bv-commentary-save = Save the commentary
bv-sel-title = The SEL in { $year }
bv-sel-hours = Hours given at shifts: { $hours }
bv-sel-sessions = Shifts held: { $n }
bv-sel-participants = People who gave time: { $n }
bv-sel-newcomers = Newcomers (first shift): { $n }
bv-sel-purchases = Time spent at the cooperative: { $hours }
bv-sel-exchanges = Exchanges between members: { $n }
bv-sel-by-activity = Hours given per activity

bv-entry-title = Enter a Bien-Vivre reading
bv-entry-lead = Water, electricity and gas meters, waste weighed, survey results: every entry is kept, a mistake is corrected by a new entry.
bv-entry-indicator = Indicator
bv-entry-choose = Choose an indicator
bv-entry-open = Open
bv-entry-pick = Choose an indicator to enter a reading and see its history.
bv-entry-new = New reading: { $name }
bv-entry-correcting = Correct a reading: { $name }
bv-entry-date = Date of the reading
bv-entry-value = Value ({ $unit })
bv-entry-reason = Reason
bv-entry-reason-hint = Needed for a correction, or when a meter shows less than before (meter replaced).
bv-entry-save = Save the reading
bv-entry-cancel-correction = Cancel the correction
bv-entry-history = Readings so far
bv-entry-history-none = No reading yet.
bv-entry-who = Entered by
bv-entry-actions = Actions
bv-entry-correct = Correct
bv-entry-correct-of = Correct the reading of { $date }
bv-entry-corrected = corrected
bv-entry-correction = correction
bv-entry-restart = new meter

bv-settings-title = Bien-Vivre indicators and citizens' committee
bv-settings-lead = Choose the indicators followed, those everybody may see, and the year's targets.
bv-settings-indicators = Indicators
bv-settings-switches = Settings
bv-settings-enabled = Followed on the dashboard
bv-settings-published = Visible to all (public page)
bv-settings-target = Yearly target ({ $unit })
bv-settings-save = Save
bv-settings-save-for = Save the settings of « { $name } »
bv-committee-title = Citizens' committee
bv-committee-hint = Committee members see the whole dashboard and write the yearly report's commentaries.
bv-committee-none = Nobody sits on the committee yet.
bv-committee-add-label = Account to add to the committee
bv-committee-add = Add to the committee
bv-committee-remove = Remove
bv-committee-remove-for = Remove { $name } from the committee
bv-committee-remove-confirm = Remove { $name } from the citizens' committee?

ok-bv-entry = The reading is saved.
ok-bv-commentary = The commentary is saved.
ok-bv-switches = The indicator's settings are saved.
ok-bv-committee-added = The account now sits on the citizens' committee.
ok-bv-committee-removed = The account no longer sits on the citizens' committee.

error-bv-unknown-indicator = This indicator does not exist.
error-bv-date = Give a valid date.
error-bv-date-future = The date cannot be in the future.
error-bv-value = Give a number, for example 1234.5.
error-bv-meter-negative = A meter cannot show a negative number.
error-bv-correction-reason = Say why you correct this reading.
error-bv-already-corrected = This reading was already corrected: correct the correction instead.
error-bv-unknown-entry = This reading does not exist for this indicator.
error-bv-meter-backwards = The meter showed { $name }: a lower value needs a reason (meter replaced or reset).
error-bv-meter-above-next = The next reading shows { $name }: a meter does not go backwards. Check the date and the value.
error-bv-criterion = This criterion does not exist (1 to 8).
error-bv-year = Give a year between 2000 and 2200.
error-bv-unknown-account = This account does not exist or is disabled.

audit-action-bienvivre-entry-add = Bien-Vivre reading entered
audit-action-bienvivre-entry-correct = Bien-Vivre reading corrected
audit-action-bienvivre-commentary = Committee's commentary written
audit-action-bienvivre-switches = An indicator's settings changed
audit-action-bienvivre-committee-add = Account added to the citizens' committee
audit-action-bienvivre-committee-remove = Account removed from the citizens' committee
entity-bv-entry = Bien-Vivre reading
entity-bv-commentary = Committee's commentary
entity-bv-settings = Bien-Vivre indicator

bv-new-title = Add an indicator entered by hand
bv-new-hint = A new meter, a weighing, a survey's result: the desk can then enter it.
bv-new-name = The indicator's name
bv-new-kind = How entries make a value
bv-new-better = What is better
bv-new-higher = Higher is better
bv-new-lower = Lower is better
bv-new-save = Add the indicator
ok-bv-indicator-added = The indicator is added: the desk can enter it.
error-bv-name = Give the indicator a name (with letters).
error-bv-unit = Give the unit (m³, kWh, kg, %…).
error-bv-unit-long = The unit fits in 20 characters at most.
error-bv-better = Say whether higher or lower is better.
error-bv-kind = Choose how entries make a value.
audit-action-bienvivre-indicator-add = Bien-Vivre indicator added
audit-action-bienvivre-history = Demonstration past written (SEL, rooms, vehicles, hostel)
entity-bv-history = Demonstration past (in months)
entity-bv-entered = Indicator entered by hand
