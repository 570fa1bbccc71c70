//! The chrono'espaces', the transport solidaire's and the hostel's past.

use super::*;

impl History {
    pub(super) fn hold(&mut self, space: i64, start: i64, end: i64, seat: bool) {
        let day = DateTime::from_timestamp(start, 0)
            .unwrap_or_default()
            .with_timezone(&TZ);
        let held = self.held.entry((space, day.date_naive())).or_default();
        held.push((start, end, seat));
    }

    /// A confirmed booking in a window from `start` (minutes) for `len` minutes, as the desk
    /// makes it (an association's asked by its representative and approved by the desk), if the
    /// room, its whole and its halves are free then — seats in a drop-in use collide only with
    /// whole bookings — as the database's trigger sees it.
    pub(super) fn book(
        &mut self,
        day: NaiveDate,
        w: &Window,
        (start, len): (u32, i64),
        title: &str,
        who: Option<usize>,
    ) -> Option<(i64, At, At)> {
        let seat = w.kind == COWORKING;
        let (from, to) = (at(day, start), at(day, start) + Duration::minutes(len));
        let held_from = from.timestamp() - w.before * 60;
        let held_to = to.timestamp() + w.after * 60;
        let halves = self
            .windows
            .iter()
            .filter(|x| x.parent == Some(w.space))
            .map(|x| x.space);
        let family: Vec<i64> = std::iter::once(w.space)
            .chain(w.parent)
            .chain(halves)
            .collect();
        let free = family.iter().all(|f| {
            [day - Duration::days(1), day]
                .iter()
                .flat_map(|d| self.held.get(&(*f, *d)))
                .flatten()
                .all(|(a, b, s)| *a >= held_to || *b <= held_from || (seat && *s && *f == w.space))
        });
        if !free || start < w.start || i64::from(start) + len > i64::from(w.end) {
            return None;
        }
        self.hold(w.space, held_from, held_to, seat);
        let id = self.take(BOOKING);
        let created = from - Duration::days(3 + self.rng.below(40) as i64);
        let association = (w.kind == ASSOCIATION).then_some(self.association);
        let asked = association.is_some() && w.approval && self.representative.is_some();
        let decided = asked.then(|| created + Duration::days(1));
        let badged = from + self.rng.minutes(20) - Duration::minutes(10);
        let price = (w.price * len + 59) / 60 * i64::from(w.price_kind != "free");
        let uid = format!("booking-{}@citeosquare", self.rng.uuid());
        let row = json!({"id": id, "uid": uid, "space_id": w.space, "use_id": w.use_id,
            "state": "confirmed", "start_at": text(from), "end_at": text(to),
            "block_start": held_from, "block_end": held_to, "shared": seat,
            "capacity": w.capacity, "title": title,
            "public": w.public && matches!(w.kind, DEBATE | WORKSHOP),
            "attendees_expected": (w.kind == DEBATE).then_some(w.capacity.min(60)),
            "association_id": association, "person_id": who.map(|m| self.members[m].person),
            "decided_by": if asked { self.desk.0 } else { None },
            "decided_at": decided.map(text), "price_kind": w.price_kind, "price_amount": price,
            "checked_in_at": w.checks_in.then(|| text(badged)),
            "created_by": if asked { self.representative } else { self.desk.0 },
            "created_at": text(created), "updated_at": text(decided.unwrap_or(created))});
        self.push(BOOKINGS, row);
        self.summary.space_bookings += 1;
        Some((id, from, to))
    }

    /// A visit badged in and out at the room's door (when it has one, and the person a card),
    /// for a booking (and whether it checks it in).
    pub(super) fn visit(
        &mut self,
        w: &Window,
        who: usize,
        (enter, leave): (At, At),
        booking: (Option<i64>, bool),
    ) {
        let Some(door) = w.door.clone() else {
            return;
        };
        let result = if booking.1 { "checked_in" } else { "entered" };
        let line = format!("Entrée dans {} à {}", w.name, french_time(enter, TZ));
        let Some(in_event) = self.tap(&door, who, enter, result, line) else {
            return;
        };
        let line = format!("Sortie de {} à {}", w.name, french_time(leave, TZ));
        let out_event = self.tap(&door, who, leave, "left", line);
        let row = json!({"space_id": w.space, "person_id": self.members[who].person,
            "entered_at": text(enter), "left_at": text(leave), "enter_event": in_event,
            "leave_event": out_event, "closed_by": "tap", "booking_id": booking.0});
        self.push(VISITS, row);
        self.summary.space_visits += 1;
    }

    /// The day's rooms, window by window: coworkers badging in (one in four with a seat booked
    /// ahead); a debate (Tuesdays mostly) or a screening (Thursdays) and who came through the
    /// door; meetings, workshops and association meetings one after another as the changeovers
    /// allow — the busier, the fuller — the association's members badging in (the first one
    /// checks the booking in).
    pub(super) fn spaces_day(&mut self, day: NaiveDate) {
        let active = self.active(day);
        if self.closed.contains(&(day.month(), day.day())) || active.is_empty() {
            return;
        }
        let weekday = day.weekday().number_from_monday();
        for w in self.windows.clone().iter().filter(|w| w.weekday == weekday) {
            match w.kind {
                COWORKING => self.coworking(day, w, &active),
                DEBATE => self.debate(day, w, &active),
                _ => self.fill(day, w, &active),
            }
        }
    }

    pub(super) fn coworking(&mut self, day: NaiveDate, w: &Window, active: &[usize]) {
        let open = i64::from(w.end - w.start);
        let crowd = 1.5 * self.scale * self.intensity(day);
        for _ in 0..self.rng.count(crowd.min(w.capacity as f64 * 0.6)) {
            let who = self.rng.pick(active);
            let len = (120 + 60 * self.rng.below(7) as i64).min(open);
            let start = w.start + 30 * self.rng.below(((open - len) / 30 + 1) as u64) as u32;
            if self.rng.chance(0.25) {
                self.book(day, w, (start, len), "Poste de coworking", Some(who));
            }
            let (from, to) = (at(day, start), at(day, start) + Duration::minutes(len - 5));
            let from = from + self.rng.minutes(25);
            self.visit(w, who, (from, to), (None, false));
        }
    }

    pub(super) fn debate(&mut self, day: NaiveDate, w: &Window, active: &[usize]) {
        let weekday = day.weekday().number_from_monday() as usize;
        let likely = [0.0, 0.12, 0.85, 0.12, 0.85, 0.12, 0.0, 0.0][weekday];
        let screening = weekday == 4 || self.rng.chance(0.25);
        let title = match screening {
            true => format!("Ciné-club : « {} »", self.rng.one_of(FILMS)),
            false => format!("Débat citoyen : {}", self.rng.one_of(DEBATES)),
        };
        let start = 19 * 60 + 60 * u32::from(screening);
        let booked = self
            .rng
            .chance(likely * SEASON[day.month0() as usize].min(1.0));
        let booking = booked.then(|| self.book(day, w, (start, 150), &title, None));
        let Some((id, from, to)) = booking.flatten() else {
            return;
        };
        let crowd = (6.0 + 24.0 * self.rng.unit()) * self.intensity(day) * self.scale.sqrt();
        let mut came: Vec<usize> = vec![];
        for _ in 0..3 * self.rng.count(crowd.min(w.capacity as f64)) {
            let who = self.rng.pick(active);
            if !came.contains(&who) {
                came.push(who);
                let enter = from - Duration::minutes(25) + self.rng.minutes(35);
                let leave = to - Duration::minutes(15) + self.rng.minutes(30);
                self.visit(w, who, (enter, leave), (Some(id), false));
            }
        }
    }

    pub(super) fn fill(&mut self, day: NaiveDate, w: &Window, active: &[usize]) {
        let likely = [0.0, 0.0, 0.05, 0.03, 0.06][w.kind.clamp(0, 4) as usize];
        let likely = (likely * self.scale * self.intensity(day)).min(0.95);
        let mut t = w.start;
        while i64::from(t) + w.shortest <= i64::from(w.end) {
            if !self.rng.chance(likely) {
                t += 60;
                continue;
            }
            let len = (w.shortest + 30 * self.rng.below(4) as i64).min(i64::from(w.end - t));
            let titles = [MEETINGS, MEETINGS, GARDEN, WORKSHOPS, MEETINGS][w.kind as usize];
            let (title, who) = (self.rng.one_of(titles), self.rng.pick(active));
            let who = (w.kind != ASSOCIATION).then_some(who);
            let Some((id, from, to)) = self.book(day, w, (t, len), title, who) else {
                t += 30;
                continue;
            };
            let gardeners = (0..self.members.len()).filter(|m| self.members[*m].gardener);
            let gardeners: Vec<usize> = gardeners.filter(|_| w.kind == ASSOCIATION).collect();
            // A dozen of them at most come to a meeting.
            let first = self.rng.below(gardeners.len() as u64) as usize;
            let came = gardeners
                .iter()
                .cycle()
                .skip(first)
                .take(gardeners.len().min(12));
            for (i, &m) in came.enumerate() {
                let enter = from + self.rng.minutes(15) - Duration::minutes(10);
                self.visit(w, m, (enter, to), (Some(id), i == 0 && w.checks_in));
            }
            t += (len + w.before + w.after) as u32;
        }
    }

    /// Seniors driven in the volunteers' own cars (every day but Sunday), each trip credited to
    /// its volunteer through the ledger once done, as `trips::complete` does.
    pub(super) fn vehicles_day(&mut self, day: NaiveDate) {
        let passengers: Vec<usize> = (0..self.members.len())
            .filter(|m| self.members[*m].passenger)
            .collect();
        let sunday = day.weekday() == chrono::Weekday::Sun;
        if passengers.is_empty() || day > self.today - Duration::days(2) || sunday {
            return;
        }
        let trips = (0.3 * self.scale).min(40.0) * (0.4 + 0.6 * self.intensity(day));
        for _ in 0..self.rng.count(trips) {
            let passenger = self.members[self.rng.pick(&passengers)].person;
            let drives = |m: &Member| {
                m.licence.is_some_and(|l| l <= day) && m.until.is_some_and(|u| day < u)
            };
            let drivers: Vec<usize> = (0..self.members.len())
                .filter(|m| drives(&self.members[*m]) && self.members[*m].person != passenger)
                .collect();
            if drivers.is_empty() {
                continue;
            }
            let (driver, km) = (self.rng.pick(&drivers), 3 + self.rng.below(35) as i64);
            let start = at(day, 9 * 60 + 15 * self.rng.below(29) as u32);
            let back = start + Duration::minutes(60 + 15 * self.rng.below(9) as i64);
            let back = self.rng.chance(0.8).then_some(back);
            let minutes = back.map_or(60, |b| (b - start).num_minutes() + 30);
            let id = self.take(TRIP);
            let asked = start - Duration::days(2 + self.rng.below(10) as i64);
            let done = back.unwrap_or(start + Duration::hours(1)) + Duration::hours(1);
            let euros = self.rng.chance(0.6);
            let amount = km * 32 * (50 + self.rng.below(51) as i64) / 100 * i64::from(euros);
            let contribution = ["none", "euros"][usize::from(euros)];
            let op = crate::sel::ledger::internal_id(format_args!("vehicle-trip-{id}-1"));
            let row = json!({"id": id, "passenger_id": passenger, "start_at": text(start),
                "return_at": back.map(text), "from_place": "Domicile",
                "to_place": self.rng.one_of(PLACES), "state": "done",
                "volunteer_id": self.members[driver].person, "own_car": true, "km": km,
                "minutes": minutes, "credited_minutes": minutes, "credit_operation": op,
                "contribution_kind": contribution, "contribution_amount": amount,
                "requested_by_user": self.desk.0, "requested_by_name": self.desk.1,
                "created_at": text(asked), "taken_at": text(asked + Duration::hours(20)),
                "done_at": text(done), "updated_at": text(done)});
            self.push(TRIPS, row);
            let request = json!({"trip": id, "minutes": minutes, "credited_before": 0,
                "contribution_kind": contribution, "contribution_amount": amount});
            self.make_room(driver, minutes, done);
            let memo = format!("Accompagnement des seniors — trajet n° {id}");
            let operation = (op.as_str(), "vehicle_trip", request, None);
            let credit = (minutes, "posted", None);
            self.write(operation, (None, driver), credit, (&memo, None, done));
            self.summary.vehicle_trips += 1;
        }
    }

    /// The day's hostel arrivals: singles and pairs in the dormitories (the women's one for a
    /// woman alone), groups, whole private rooms — checked in that evening, out on the last
    /// morning. Some guests are lent a card, given back at the check-out (at least one a month
    /// from the 8th on), and join a shift with it, with a SEL account of their own (without the
    /// welcome credit, as `badges::hand_in` opens it).
    pub(super) fn hostel_day(&mut self, day: NaiveDate) {
        let growth = 0.6 + 0.4 * (day - self.first).num_days() as f64 / self.days as f64;
        let arrivals = 0.15 * HOSTEL_SEASON[day.month0() as usize] * self.scale.min(8.0) * growth;
        // At least one guest a month joins (one arrives for it on the 10th or the 20th).
        let forced = !self.joined_this_month && matches!(day.day(), 10 | 20);
        for n in 0..self.rng.count(arrivals) + u64::from(forced) {
            let roll = self.rng.unit();
            let (group, private) = ((0.7..0.8).contains(&roll), roll >= 0.8);
            let kind =
                usize::from(roll >= 0.55) + usize::from(roll >= 0.7) + usize::from(roll >= 0.8);
            let people = [1, 2, 3 + self.rng.below(4), 1 + self.rng.below(2)][kind] as usize;
            let joins = (forced && n == 0 || self.rng.chance(0.35)) && !group;
            let nights = (1 + self.rng.below(5) as i64).max(3 * i64::from(joins));
            let (first, last) = (self.rng.below(8) as usize, self.rng.pick(&GUEST_LAST));
            let names = [
                format!("{} {last}", GUESTS[first]),
                self.rng.one_of(GROUPS).to_owned(),
            ];
            let name = names[usize::from(group)].clone();
            let woman = first < 4 && people == 1;
            let departure = day + Duration::days(nights);
            let start = self.rng.below(self.rooms.len() as u64) as usize;
            let mut chosen = None;
            for r in 0..self.rooms.len() {
                let (room, dorm, women, beds) = &self.rooms[(start + r) % self.rooms.len()];
                let held = |b: &i64| {
                    hostel::nights(day, departure).any(|n| self.beds_held.contains(&(*b, n)))
                };
                let free: Vec<i64> = beds.iter().filter(|b| !held(b)).copied().collect();
                let fits = (free.len() == beds.len() || *dorm) && free.len() >= people;
                if *dorm != private && (!*women || woman) && fits {
                    let taken = if private { free.len() } else { people };
                    chosen = Some((*room, free[..taken].to_vec()));
                    break;
                }
            }
            let Some((room, beds)) = chosen.filter(|_| departure <= self.today - Duration::days(3))
            else {
                continue;
            };
            let id = self.take(STAY);
            let ahead = Duration::days(self.rng.below(30) as i64 + 1);
            let booked = at(day - ahead, 600 + self.rng.below(480) as u32);
            let came = at(day, 960 + self.rng.below(240) as u32);
            let left = at(departure, 480 + self.rng.below(150) as u32);
            let person = joins.then(|| self.take(PERSON));
            let row = json!({"id": id, "uid": self.rng.uuid(), "guest_name": name,
                "person_id": person, "checked_in_at": text(came), "checked_in_by": self.desk.1,
                "phone": format!("06 {:08}", self.rng.below(100_000_000)), "people": people,
                "arrival": day, "departure": departure, "whole_room": private,
                "room_id": (private || group || woman).then_some(room), "beds": beds.len(),
                "status": "checked_in", "source": self.rng.one_of("phone|desk|walk_in"),
                "created_by_name": self.desk.1, "created_at": text(booked),
                "updated_at": text(booked)});
            self.push(STAYS, row);
            for n in hostel::nights(day, departure) {
                for bed in &beds {
                    self.beds_held.insert((*bed, n));
                    let row =
                        json!({"stay_id": id, "bed_id": bed, "night": n, "held_at": text(booked)});
                    self.push(NIGHTS, row);
                }
            }
            let row = json!({"id": id, "at": text(left), "by": self.desk.1});
            self.push(CHECK_OUT, row);
            self.summary.hostel_stays += 1;
            self.summary.hostel_nights += (beds.len() * nights as usize) as u64;
            if let Some(person) = person {
                let guest = (id, name.as_str(), GUESTS[first], last);
                self.lend(person, guest, [day, departure], [came, left]);
            }
        }
    }

    /// The guest's record, their SEL account (without the welcome credit, as `badges::hand_in`
    /// opens it) and the card lent at the check-in, given back at the check-out.
    pub(super) fn lend(
        &mut self,
        person: i64,
        stay: (i64, &str, &str, &str),
        dates: [NaiveDate; 2],
        at: [At; 2],
    ) {
        let ((stay, name, first, last), [arrival, departure], [came, left]) = (stay, dates, at);
        let (account, badge) = (self.take(ACCOUNT), self.take(CARD));
        let card = format!("INVITE{:02}", 2 + badge % 18);
        let (by, by_name, came, left) = (self.desk.0, self.desk.1.clone(), text(came), text(left));
        let row = json!({"id": person, "first_name": first, "last_name": last, "kind": "guest",
            "created_at": came});
        self.push(PERSONS, row);
        let row = json!({"id": account, "kind": "member", "person_id": person, "label": name,
            "opened_at": came});
        self.push(ACCOUNTS, row);
        let row = json!({"id": badge, "card_id": card, "person_id": person, "assigned_at": came,
            "assigned_by": by, "kind": "guest", "valid_through": departure, "revoked_at": left,
            "revoke_reason": "returned", "revoked_by": by});
        self.push(CARDS, row);
        let row = json!({"badge_id": badge, "stay_id": stay, "handed_at": came,
            "handed_by_name": by_name, "returned_at": left, "returned_to": by_name});
        self.push(LENT, row);
        let mut guest = Member::default();
        (guest.person, guest.account, guest.first) = (person, account, first.to_owned());
        [.., guest.floor, guest.ceiling] = self.settings;
        (guest.card, guest.from) = (Some(card), usize::MAX);
        self.members.push(guest);
        let guest = (self.members.len() - 1, arrival, departure, true);
        self.guests.push(guest);
        self.joined_this_month = true;
        self.summary.hostel_guests_joining += 1;
    }
}
