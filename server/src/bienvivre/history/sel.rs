//! The SEL's past: shifts served at the kiosk, purchases at the cooperative, exchanges.

use super::*;

impl History {
    /// The day's shifts at the kiosk (guests in house first, then the members, as long as there
    /// are places), purchases at the cooperative (the richer, the more) and exchanges.
    pub(super) fn sel_day(&mut self, day: NaiveDate) {
        let (k, active) = (self.intensity(day), self.active(day));
        let closed = self.closed.contains(&(day.month(), day.day()));
        for p in 0..self.plans.len() {
            let (activity, _, kiosk, weekday, start, end, places) = self.plans[p].clone();
            if weekday != day.weekday().num_days_from_monday() || closed {
                continue;
            }
            let (starts, ends) = (at(day, start), at(day, end));
            let places = (places * self.scale as i64).min(100) as usize;
            let shift = self.take(SHIFT);
            let row = json!({"id": shift, "activity_id": activity, "places": places,
                "starts_at": text(starts), "ends_at": text(ends),
                "created_at": text(starts - Duration::days(30))});
            self.push(SHIFTS, row);
            let mut who: Vec<usize> = vec![];
            for g in self
                .guests
                .iter_mut()
                .filter(|g| g.3 && g.1 < day && day < g.2)
            {
                g.3 = who.len() >= places;
                who.extend(Some(g.0).filter(|_| !g.3));
            }
            let offset = self.rng.below(active.len() as u64) as usize;
            for n in 0..active.len() {
                let m = active[(n + offset) % active.len()];
                let likely = self.members[m].rates[0] * k / self.plans.len() as f64;
                if who.len() < places && self.rng.chance(likely) {
                    who.push(m);
                }
            }
            for m in who {
                let start = starts + self.rng.minutes(20) - Duration::minutes(8);
                // Signed up on the spot by the kiosk, as a tap on a shift with a place left does.
                let row = json!({"shift_id": shift, "person_id": self.members[m].person,
                    "signed_at": text(start), "signed_by": format!("borne {kiosk}")});
                self.push(SIGNUPS, row);
                let end = ends + self.rng.minutes(20) - Duration::minutes(12);
                self.serve(m, p, shift, (start, end));
            }
        }
        for &m in &active {
            let rich = 1.0 + (self.members[m].posted - 300).max(0) as f64 / 600.0;
            let buys = (self.members[m].rates[1] / 7.0 * k * rich).min(0.9);
            if self.rng.chance(buys) {
                let n = self.catalogue.len() as u64;
                let lines: Vec<(usize, i64)> = (0..1 + self.rng.below(3))
                    .map(|_| (self.rng.below(n) as usize, 1 + self.rng.below(2) as i64))
                    .collect();
                let when = at(day, 600 + self.rng.below(510) as u32);
                self.purchase(m, &lines, when);
            }
            if self.rng.chance(self.members[m].rates[2] / 7.0 * k) {
                let (to, minutes) = (self.rng.pick(&active), 30 + 15 * self.rng.below(11) as i64);
                let when = at(day, 540 + self.rng.below(600) as u32);
                self.exchange(m, to, minutes, when);
            }
        }
    }

    /// An operation and its transfer as `ledger::write` writes them — by the desk unless a kiosk
    /// is the operation's `author`; `pending`: the reservation it posts or voids, and its amount
    /// — moving the balances as the ledger's trigger will: of the member debited (none: the
    /// pool), and of the one credited (unless it is the payer: the cooperative).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn write(
        &mut self,
        (op, kind, request, author): (&str, &str, Value, Option<&str>),
        (debit, credit): (Option<usize>, usize),
        (amount, phase, pending): (i64, &str, Option<(i64, i64)>),
        (memo, session, at): (&str, Option<i64>, At),
    ) -> i64 {
        let (user, name) = author.map_or(self.desk.clone(), |a| (None, a.to_owned()));
        let row = json!({"id": op, "kind": kind, "request": request.to_string(),
            "created_at": text(at), "author_user_id": user, "author": name});
        self.push(OPERATIONS, row);
        let accounts = match debit {
            Some(d) if d == credit => (self.members[d].account, COOPERATIVE_ACCOUNT),
            Some(d) => (self.members[d].account, self.members[credit].account),
            None => (POOL_ACCOUNT, self.members[credit].account),
        };
        let kind = kind.replace("vehicle_trip", "shift");
        let no = self.take(TRANSFER);
        let row = json!({"no": no, "operation_id": op, "debit_account": accounts.0,
            "credit_account": accounts.1, "amount": amount, "kind": kind, "phase": phase,
            "pending_no": pending.map(|p| p.0), "memo": memo, "session_id": session,
            "created_at": text(at)});
        self.push(TRANSFERS, row);
        let moved = amount * i64::from(matches!(phase, "posted" | "post"));
        let held = [-pending.map_or(0, |p| p.1), amount][usize::from(phase == "pending")];
        if let Some(d) = debit {
            self.members[d].posted -= moved;
            self.members[d].debits += held;
        }
        if debit != Some(credit) {
            self.members[credit].posted += moved;
            self.members[credit].credits += held;
        }
        self.summary.sel_transfers += 1;
        no
    }

    /// A member near their ceiling spends at the cooperative before being credited again
    /// (baskets of the dearest item), so that the ledger's trigger never has to refuse.
    pub(super) fn make_room(&mut self, who: usize, need: i64, at: At) {
        let m = &self.members[who];
        let room = m.ceiling - m.posted - m.credits;
        let dearest = (0..self.catalogue.len()).max_by_key(|i| self.catalogue[*i].2);
        if let (true, Some(item)) = (room < need, dearest) {
            let price = self.catalogue[item].2.max(1);
            let quantity = ((need - room + 120 + price - 1) / price).clamp(1, 60);
            self.purchase(who, &[(item, quantity)], at - Duration::minutes(1));
        }
    }

    /// A shift served as the kiosk's two taps make it: a pending credit of the planned length
    /// and the tolerance at the tap-in, posted at the tap-out for the minutes present.
    pub(super) fn serve(&mut self, who: usize, p: usize, shift: i64, (start, end): (At, At)) {
        let (activity, name, kiosk, _, from, to, _) = self.plans[p].clone();
        let [tolerance, rounding, ..] = self.settings;
        let cap = i64::from(to - from) + tolerance;
        self.make_room(who, cap, start);
        let m = self.members[who].clone();
        let reserve = cap.min(m.ceiling - m.posted - m.credits);
        let line = format!("Permanence {name} commencée à {}", french_time(start, TZ));
        let tapped = (reserve > 0).then(|| self.tap(&kiosk, who, start, "shift_started", line));
        let Some(event) = tapped.flatten() else {
            return;
        };
        let minutes = crate::sel::shifts::valuation(start, end, reserve, rounding).min(reserve);
        let session = self.take(SESSION);
        let day = start.with_timezone(&TZ).format("%d/%m/%Y");
        let memo = format!("Permanence {name} du {day}");
        let author = format!("borne {kiosk}");
        let op = crate::sel::ledger::internal_id(format_args!("tap-{event}"));
        let request = json!({"person_id": m.person, "activity_id": activity,
            "shift_id": shift, "at": text(start), "reserve": reserve});
        let opened = (op.as_str(), "shift", request, Some(author.as_str()));
        let reserved = (reserve, "pending", None);
        let pending = self.write(opened, (None, who), reserved, (&memo, None, start));
        let op = crate::sel::ledger::internal_id(format_args!("session-{session}-close"));
        let request = json!({"session": session, "minutes": minutes, "end": text(end)});
        let closed = (op.as_str(), "shift", request, Some(author.as_str()));
        let posted = [(reserve, "void"), (minutes, "post")][usize::from(minutes > 0)];
        let posting = (posted.0, posted.1, Some((pending, reserve)));
        let resolution = self.write(closed, (None, who), posting, (&memo, Some(session), end));
        let balance = crate::time::hours(self.members[who].posted);
        let line = format!("+ {}, solde : {balance}", crate::time::hours(minutes));
        let end_event = self.tap(&kiosk, who, end, "shift_ended", line);
        let close_by = at(start.with_timezone(&TZ).date_naive(), to) + Duration::minutes(tolerance);
        let row = json!({"id": session, "person_id": m.person, "activity_id": activity,
            "shift_id": shift, "kiosk_id": kiosk, "start_event_id": event,
            "started_at": text(start), "close_by": text(close_by), "cap_minutes": reserve,
            "pending_no": pending, "end_event_id": end_event, "ended_at": text(end),
            "end_kind": "tap", "minutes": minutes, "resolution_no": resolution});
        self.push(SESSIONS, row);
        self.summary.sel_shifts_served += 1;
    }

    /// A purchase at the cooperative (the cart merged by item, as the shop does), unless it
    /// would take the member within 800 minutes of their floor (the cashier would say so).
    pub(super) fn purchase(&mut self, who: usize, lines: &[(usize, i64)], at: At) {
        let mut cart: BTreeMap<i64, (usize, i64)> = BTreeMap::new();
        for &(item, quantity) in lines.iter().filter(|l| l.0 < self.catalogue.len()) {
            cart.entry(self.catalogue[item].0).or_insert((item, 0)).1 += quantity;
        }
        let total: i64 = cart.values().map(|(i, q)| self.catalogue[*i].2 * q).sum();
        let m = &self.members[who];
        if total <= 0 || total > 6000 || m.posted - m.debits - m.floor - total < 1200 {
            return;
        }
        let op = self.rng.uuid();
        let bought: Vec<Value> = cart
            .iter()
            .map(|(i, q)| json!({"item_id": i, "quantity": q.1}))
            .collect();
        let request = json!({"person_id": m.person, "lines": bought, "override_reason": null});
        let mut memo = vec![];
        for (item, (i, quantity)) in cart {
            let (_, label, unit) = self.catalogue[i].clone();
            let times =
                [format!(" ×{quantity}"), String::new()][usize::from(quantity == 1)].clone();
            memo.push(format!("{label}{times}"));
            let row = json!({"operation_id": op, "item_id": item, "label": label,
                "quantity": quantity, "unit_minutes": unit});
            self.push(SALE_LINES, row);
        }
        let memo: String = memo.join(", ").chars().take(200).collect();
        let operation = (op.as_str(), "purchase", request, None);
        let paid = (total, "posted", None);
        self.write(operation, (Some(who), who), paid, (&memo, None, at));
        self.summary.sel_purchases += 1;
    }

    /// Minutes given to another member for a service, when both have the room.
    pub(super) fn exchange(&mut self, payer: usize, receiver: usize, minutes: i64, at: At) {
        let (p, r) = (&self.members[payer], &self.members[receiver]);
        let spendable = p.posted - p.debits - p.floor - minutes;
        let room = r.ceiling - r.posted - r.credits - minutes;
        if payer == receiver || spendable < 1200 || room < 240 {
            return;
        }
        let (memo, op) = (self.rng.one_of(EXCHANGES), self.rng.uuid());
        let request = json!({"payer_id": p.person, "receiver_id": r.person, "minutes": minutes,
            "memo": memo, "override_reason": null});
        let operation = (op.as_str(), "exchange", request, None);
        let given = (minutes, "posted", None);
        self.write(operation, (Some(payer), receiver), given, (memo, None, at));
        self.summary.sel_exchanges += 1;
    }
}
