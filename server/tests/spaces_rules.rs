//! Chrono'espaces at library level (continued from `spaces.rs`): divisible rooms both ways,
//! changeovers, seats against the capacity of a drop-in use; every rule a booking can break,
//! refused with its reason and the slot it collides with; a request key that books once;
//! cancelling, rescheduling and the release of bookings nobody checked in to.
#![allow(clippy::unwrap_used)]

mod support;

use chrono::Timelike;
use chrono_tz::Europe::Paris;
use citeosquare_protocol::AckResult;
use citeosquare_server::db;
use citeosquare_server::refusal::Refusal;
use citeosquare_server::spaces::booking::{self, NewBooking, Policy, Requester, Reschedule, Scope};
use citeosquare_server::spaces::{self, ExceptionInput, Mode, UseInput, occupancy};
use std::sync::Arc;
use support::spaces::*;

// ---------------------------------------------------------------------------------------------
// Divisible rooms, changeovers, seats
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_divisible_room_blocks_its_halves_and_a_half_blocks_the_whole_but_not_the_other_half() {
    let (_dir, pool) = fresh_db().await;
    let whole = space(&pool, "Grande salle", 60, None).await;
    let jardin = space(&pool, "Grande salle — côté jardin", 30, Some(whole.id)).await;
    let cour = space(&pool, "Grande salle — côté cour", 30, Some(whole.id)).await;
    let reunion = use_(&pool, use_input("reunion", Mode::Exclusive)).await;
    for s in [whole.id, jardin.id, cour.id] {
        timetable_of(&pool, s, &[(EVERY_DAY, "08:00", "22:00", reunion.id)]).await;
    }
    let mut related = spaces::related_spaces(&pool, whole.id).await.unwrap();
    related.sort();
    assert_eq!(related, vec![whole.id, jardin.id, cour.id]);

    // The whole room on 4 June: both halves are taken.
    let at = |h| paris(2026, 6, 4, h, 0);
    booked(
        &pool,
        &desk(),
        &new_booking(whole.id, at(10), at(12), "Forum des associations"),
    )
    .await;
    for (half, (s, e)) in [(jardin.id, (10, 12)), (cour.id, (11, 13))] {
        let r = book(&pool, &desk(), &new_booking(half, at(s), at(e), "Atelier")).await;
        assert_eq!(
            refusal(r),
            (
                "error-space-conflict-divisible",
                "« Forum des associations », Grande salle, 04/06/2026 10:00–12:00".into()
            )
        );
    }
    booked(
        &pool,
        &desk(),
        &new_booking(jardin.id, at(12), at(13), "Juste après"),
    )
    .await;

    // A half on 5 June: the whole is taken, the other half is free.
    let at = |h| paris(2026, 6, 5, h, 0);
    booked(
        &pool,
        &desk(),
        &new_booking(jardin.id, at(10), at(12), "Atelier couture"),
    )
    .await;
    let r = book(
        &pool,
        &desk(),
        &new_booking(whole.id, at(11), at(14), "Grand repas"),
    )
    .await;
    assert_eq!(
        refusal(r),
        (
            "error-space-conflict-divisible",
            "« Atelier couture », Grande salle — côté jardin, 05/06/2026 10:00–12:00".into()
        )
    );
    booked(
        &pool,
        &desk(),
        &new_booking(cour.id, at(10), at(12), "Cours de yoga"),
    )
    .await;
    let r = book(
        &pool,
        &desk(),
        &new_booking(cour.id, at(11), at(12), "Encore"),
    )
    .await;
    assert_eq!(
        refusal(r).0,
        "error-space-conflict",
        "a half against itself is a plain overlap"
    );
    booked(
        &pool,
        &desk(),
        &new_booking(whole.id, at(12), at(14), "Grand repas"),
    )
    .await;

    assert_eq!(count_in_state(&pool, whole.id, "confirmed").await, 2);
    assert_eq!(count_in_state(&pool, jardin.id, "confirmed").await, 2);
    assert_eq!(count_in_state(&pool, cour.id, "confirmed").await, 1);

    // The grid of 5 June: the whole is held 10–14 through its halves and its own booking.
    let mut conn = pool.acquire().await.unwrap();
    let grid = booking::availability(
        &mut conn,
        Paris,
        &[whole.id, cour.id],
        day("2026-06-05"),
        day("2026-06-05"),
    )
    .await
    .unwrap();
    let of = |id| grid.iter().find(|d| d.space_id == id).unwrap();
    let w = &of(whole.id).windows[0];
    assert_eq!(w.held.len(), 3);
    assert_eq!(w.free_minutes, 14 * 60 - 4 * 60);
    let c = &of(cour.id).windows[0];
    // The other half: its own booking and the whole's lunch (12–14), not the jardin's workshop.
    assert_eq!(c.held.len(), 2);
    assert_eq!(c.free_minutes, 14 * 60 - 4 * 60);
    assert_sound(&pool).await;
}

#[tokio::test]
async fn a_changeover_holds_the_room_after_and_before_a_booking() {
    let (_dir, pool) = fresh_db().await;
    let atelier = space(&pool, "Atelier vélo", 12, None).await;
    let reparation = use_(
        &pool,
        UseInput {
            changeover_after: 30,
            ..use_input("reparation", Mode::Exclusive)
        },
    )
    .await;
    timetable_of(
        &pool,
        atelier.id,
        &[(EVERY_DAY, "08:00", "20:00", reparation.id)],
    )
    .await;
    let at = |h, m| paris(2026, 6, 6, h, m);
    let first = booked(
        &pool,
        &desk(),
        &new_booking(atelier.id, at(10, 0), at(11, 0), "Réparation"),
    )
    .await;
    assert_eq!(first.block_end, at(11, 30).timestamp());
    let slot = "« Réparation », Atelier vélo, 06/06/2026 10:00–11:00";

    // 15 minutes after its end: inside the 30-minute changeover.
    let r = book(
        &pool,
        &desk(),
        &new_booking(atelier.id, at(11, 15), at(12, 0), "Trop tôt"),
    )
    .await;
    assert_eq!(refusal(r), ("error-space-conflict-changeover", slot.into()));
    // Ending 15 minutes before its start: this booking's own changeover runs into it.
    let r = book(
        &pool,
        &desk(),
        &new_booking(atelier.id, at(8, 30), at(9, 45), "Trop tard"),
    )
    .await;
    assert_eq!(refusal(r), ("error-space-conflict-changeover", slot.into()));
    // Overlapping it is a plain conflict.
    let r = book(
        &pool,
        &desk(),
        &new_booking(atelier.id, at(10, 30), at(11, 30), "Dessus"),
    )
    .await;
    assert_eq!(refusal(r), ("error-space-conflict", slot.into()));

    // Exactly at the end of the changeover, and ending exactly 30 minutes before: accepted.
    booked(
        &pool,
        &desk(),
        &new_booking(atelier.id, at(11, 30), at(12, 30), "Juste après"),
    )
    .await;
    booked(
        &pool,
        &desk(),
        &new_booking(atelier.id, at(8, 30), at(9, 30), "Juste avant"),
    )
    .await;
    assert_eq!(count_in_state(&pool, atelier.id, "confirmed").await, 3);
    assert_sound(&pool).await;
}

#[tokio::test]
async fn seats_of_a_dropin_use_stop_at_its_capacity_and_an_exclusive_booking_cannot_take_them() {
    let (_dir, pool) = fresh_db().await;
    let cowork = space(&pool, "Espace de coworking", 20, None).await;
    let places = use_(
        &pool,
        UseInput {
            capacity: Some(3),
            open_to_residents: true,
            min_minutes: 60,
            max_minutes: 600,
            ..use_input("coworking", Mode::Dropin)
        },
    )
    .await;
    assert_eq!(places.capacity_in(&cowork), 3);
    timetable_of(
        &pool,
        cowork.id,
        &[(EVERY_DAY, "08:00", "18:00", places.id)],
    )
    .await;
    let at = |h| paris(2026, 6, 8, h, 0);
    let mut residents = vec![];
    for (first, last) in [
        ("Marie", "Lefèvre"),
        ("Jean", "Dupont"),
        ("Fatima", "Benali"),
        ("Karim", "Haddad"),
    ] {
        residents.push(resident(&pool, first, last).await);
    }
    let mut seats = vec![];
    for r in &residents[..3] {
        let b = booked(
            &pool,
            r,
            &new_booking(cowork.id, at(9), at(12), "Télétravail"),
        )
        .await;
        assert_eq!(
            (b.state.as_str(), b.shared, b.seats, b.capacity),
            ("confirmed", true, 1, 3)
        );
        seats.push(b);
    }
    // The fourth is refused at any instant where three are held; the slot shown hides whose it is.
    let r = book(
        &pool,
        &residents[3],
        &new_booking(cowork.id, at(11), at(13), "Télétravail"),
    )
    .await;
    assert_eq!(
        refusal(r),
        (
            "error-space-full",
            "Espace de coworking, 08/06/2026 09:00–12:00".into()
        )
    );
    // Two seats at once where one is left; more seats than the use holds.
    booked(
        &pool,
        &residents[3],
        &new_booking(cowork.id, at(12), at(14), "Après-midi"),
    )
    .await;
    let r = book(
        &pool,
        &desk(),
        &NewBooking {
            seats: 3,
            ..new_booking(cowork.id, at(13), at(15), "Groupe")
        },
    )
    .await;
    assert_eq!(refusal(r).0, "error-space-full");
    let r = book(
        &pool,
        &desk(),
        &NewBooking {
            seats: 4,
            ..new_booking(cowork.id, at(15), at(16), "Groupe")
        },
    )
    .await;
    assert_eq!(refusal(r), ("error-space-over-capacity", "3".into()));
    assert_eq!(count_in_state(&pool, cowork.id, "confirmed").await, 4);

    // The manager privatises the morning for an exclusive use: the seats still hold the room.
    let privatisation = use_(&pool, use_input("privatisation", Mode::Exclusive)).await;
    spaces::add_exception(
        &pool,
        &admin(),
        &ExceptionInput {
            space_id: Some(cowork.id),
            day: "2026-06-08".into(),
            start: Some("08:00".into()),
            end: Some("13:00".into()),
            use_id: Some(privatisation.id),
            label: "Tournage".into(),
        },
    )
    .await
    .unwrap();
    let r = book(
        &pool,
        &desk(),
        &new_booking(cowork.id, at(8), at(10), "Tournage"),
    )
    .await;
    assert_eq!(
        refusal(r),
        (
            "error-space-conflict",
            "« Télétravail », Espace de coworking, 08/06/2026 09:00–12:00".into()
        )
    );
    // Once the seats are cancelled, it goes through.
    for s in &seats {
        booking::cancel(&pool, now(), &desk(), s.id, Scope::One, "Tournage")
            .await
            .unwrap();
    }
    let b = booked(
        &pool,
        &desk(),
        &new_booking(cowork.id, at(8), at(12), "Tournage"),
    )
    .await;
    assert_eq!((b.use_code.as_str(), b.shared), ("privatisation", false));
    assert_sound(&pool).await;
}

// ---------------------------------------------------------------------------------------------
// The rules of a use
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn bookings_that_break_a_rule_are_refused_with_their_reason_and_write_nothing() {
    let (_dir, pool) = fresh_db().await;
    let salle = space(&pool, "Salle du conseil", 25, None).await;
    let reunion = use_(
        &pool,
        UseInput {
            open_to_associations: true,
            min_minutes: 60,
            max_minutes: 180,
            notice_minutes: 2 * 24 * 60,
            capacity: Some(20),
            ..use_input("reunion-associative", Mode::Exclusive)
        },
    )
    .await;
    let bureau = use_(
        &pool,
        UseInput {
            name: "Bureau du conseil".into(),
            ..use_input("bureau", Mode::Exclusive)
        },
    )
    .await;
    timetable_of(
        &pool,
        salle.id,
        &[
            (WEEKDAYS, "08:00", "12:00", bureau.id),
            (WEEKDAYS, "18:00", "22:00", reunion.id),
        ],
    )
    .await;
    let (jardins, alice) =
        association_with_representative(&pool, "Jardins partagés", "Alice").await;
    let (velo, _) = association_with_representative(&pool, "Vélo solidaire", "Bruno").await;
    let marie = resident(&pool, "Marie", "Lefèvre").await;
    let desk = desk();
    // Wednesday 4 March, well after the two days' notice.
    let at = |h, m| paris(2026, 3, 4, h, m);
    let for_jardins = |s, e| NewBooking {
        association_id: Some(jardins),
        ..new_booking(salle.id, s, e, "Réunion")
    };

    let cases: Vec<(&str, &Requester, NewBooking, &str, &str)> = vec![
        (
            "Saturday: no window",
            &alice,
            for_jardins(paris(2026, 3, 7, 18, 0), paris(2026, 3, 7, 19, 0)),
            "error-space-closed",
            "",
        ),
        (
            "between two windows",
            &alice,
            for_jardins(at(13, 0), at(14, 0)),
            "error-space-closed",
            "",
        ),
        (
            "runs past closing",
            &alice,
            for_jardins(at(21, 0), at(22, 30)),
            "error-space-outside-window",
            "18:00–22:00",
        ),
        (
            "starts before opening",
            &alice,
            for_jardins(at(17, 30), at(19, 0)),
            "error-space-outside-window",
            "18:00–22:00",
        ),
        (
            "across two uses",
            &alice,
            for_jardins(at(11, 0), at(19, 0)),
            "error-space-outside-window",
            "08:00–12:00",
        ),
        (
            "the board's use",
            &marie,
            new_booking(salle.id, at(9, 0), at(10, 0), "Permanence"),
            "error-space-use-not-for-you",
            "Bureau du conseil",
        ),
        (
            "the board's use",
            &alice,
            for_jardins(at(9, 0), at(10, 0)),
            "error-space-use-not-for-you",
            "Bureau du conseil",
        ),
        (
            "associations only",
            &marie,
            new_booking(salle.id, at(18, 0), at(19, 0), "Anniversaire"),
            "error-space-use-associations-only",
            "reunion-associative",
        ),
        (
            "too short",
            &alice,
            for_jardins(at(18, 0), at(18, 30)),
            "error-space-too-short",
            "1 h",
        ),
        (
            "too long",
            &alice,
            for_jardins(at(18, 0), at(21, 30)),
            "error-space-too-long",
            "3 h",
        ),
        (
            "without notice",
            &alice,
            for_jardins(paris(2026, 3, 2, 18, 0), paris(2026, 3, 2, 19, 0)),
            "error-space-notice",
            "48 h",
        ),
        (
            "in the past",
            &desk,
            new_booking(
                salle.id,
                paris(2026, 2, 27, 18, 0),
                paris(2026, 2, 27, 19, 0),
                "Hier",
            ),
            "error-space-in-past",
            "",
        ),
        (
            "too many people",
            &alice,
            NewBooking {
                attendees_expected: Some(21),
                ..for_jardins(at(18, 0), at(19, 0))
            },
            "error-space-over-capacity",
            "20",
        ),
    ];
    for (what, req, nb, key, arg) in cases {
        let (k, a) = refusal(book(&pool, req, &nb).await);
        assert_eq!((k, a.as_str()), (key, arg), "{what}");
    }
    for (what, req, nb, field, key) in [
        (
            "another association",
            &alice,
            NewBooking {
                association_id: Some(velo),
                ..for_jardins(at(18, 0), at(19, 0))
            },
            "association_id",
            "error-space-not-representative",
        ),
        (
            "ends before it starts",
            &alice,
            for_jardins(at(19, 0), at(18, 0)),
            "end",
            "error-space-end-before-start",
        ),
        (
            "no title",
            &alice,
            NewBooking {
                title: "  ".into(),
                ..for_jardins(at(18, 0), at(19, 0))
            },
            "title",
            "error-required",
        ),
        (
            "seats in an exclusive use",
            &desk,
            NewBooking {
                seats: 2,
                ..new_booking(salle.id, at(18, 0), at(19, 0), "x")
            },
            "seats",
            "error-space-seats-exclusive",
        ),
        (
            "someone else",
            &marie,
            NewBooking {
                person_id: alice.person_id,
                ..new_booking(salle.id, at(18, 0), at(19, 0), "x")
            },
            "person_id",
            "error-space-for-someone-else",
        ),
    ] {
        assert_eq!(
            field_refusal(book(&pool, req, &nb).await),
            (field, key),
            "{what}"
        );
    }
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM space_bookings")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rows, 0, "no refused booking left a row");

    // The same requests, right: the representative with notice, the desk without.
    let b = booked(&pool, &alice, &for_jardins(at(18, 0), at(21, 0))).await;
    assert_eq!(
        (b.state.as_str(), b.association_name.as_deref()),
        ("confirmed", Some("Jardins partagés"))
    );
    assert_eq!(b.created_by, alice.user_id);
    booked(
        &pool,
        &desk,
        &new_booking(
            salle.id,
            paris(2026, 3, 2, 18, 0),
            paris(2026, 3, 2, 19, 0),
            "Urgence",
        ),
    )
    .await;
    booked(
        &pool,
        &desk,
        &new_booking(salle.id, at(9, 0), at(10, 0), "Conseil"),
    )
    .await;
    assert_eq!(count_in_state(&pool, salle.id, "confirmed").await, 3);
    assert_sound(&pool).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_request_key_books_once_even_double_clicked_and_cannot_book_something_else() {
    let (_dir, pool) = fresh_db().await;
    let salle = space(&pool, "Salle polyvalente", 40, None).await;
    let libre = use_(
        &pool,
        UseInput {
            open_to_residents: true,
            ..use_input("libre", Mode::Exclusive)
        },
    )
    .await;
    timetable_of(&pool, salle.id, &[(EVERY_DAY, "08:00", "22:00", libre.id)]).await;
    let marie = resident(&pool, "Marie", "Lefèvre").await;
    let jean = resident(&pool, "Jean", "Dupont").await;
    let at = |h| paris(2026, 4, 14, h, 0);
    let nb = NewBooking {
        request_key: Some("formulaire-42".into()),
        ..new_booking(salle.id, at(14), at(16), "Goûter")
    };

    // A double click: eight submissions at once.
    let barrier = Arc::new(tokio::sync::Barrier::new(8));
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (pool, barrier, nb, marie) =
                (pool.clone(), barrier.clone(), nb.clone(), marie.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                book(&pool, &marie, &nb).await.unwrap()
            })
        })
        .collect();
    let mut made = vec![];
    for t in tasks {
        made.push(t.await.unwrap());
    }
    assert_eq!(made.iter().filter(|m| !m.replayed).count(), 1);
    assert!(made.iter().all(|m| m.booking.id == made[0].booking.id));
    assert_eq!(count_in_state(&pool, salle.id, "confirmed").await, 1);

    // Later, the same again: the same booking, told it is a replay.
    let again = book(&pool, &marie, &nb).await.unwrap();
    assert!(again.replayed);
    assert_eq!(again.booking, made[0].booking);
    // The key with other content, or by someone else: refused, nothing written.
    for (who, other) in [
        (
            &marie,
            NewBooking {
                end: at(17),
                ..nb.clone()
            },
        ),
        (
            &marie,
            NewBooking {
                start: at(18),
                end: at(19),
                ..nb.clone()
            },
        ),
        (&jean, nb.clone()),
    ] {
        assert_eq!(
            refusal(book(&pool, who, &other).await).0,
            "error-space-request-key-reused"
        );
    }
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM space_bookings")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rows, 1);
    assert_sound(&pool).await;
}

#[tokio::test]
async fn cancelling_frees_the_slot_and_bumps_the_sequence_once() {
    let (_dir, pool) = fresh_db().await;
    let salle = space(&pool, "Salle polyvalente", 40, None).await;
    let libre = use_(
        &pool,
        UseInput {
            open_to_residents: true,
            ..use_input("libre", Mode::Exclusive)
        },
    )
    .await;
    timetable_of(&pool, salle.id, &[(EVERY_DAY, "08:00", "22:00", libre.id)]).await;
    let marie = resident(&pool, "Marie", "Lefèvre").await;
    let jean = resident(&pool, "Jean", "Dupont").await;
    let at = |h| paris(2026, 4, 15, h, 0);
    let b = booked(
        &pool,
        &marie,
        &new_booking(salle.id, at(10), at(12), "Répétition"),
    )
    .await;
    assert_eq!(b.sequence, 0);
    let r = book(
        &pool,
        &jean,
        &new_booking(salle.id, at(11), at(12), "Cours"),
    )
    .await;
    // Jean does not see whose booking it is.
    assert_eq!(
        refusal(r),
        (
            "error-space-conflict",
            "Salle polyvalente, 15/04/2026 10:00–12:00".into()
        )
    );

    // Nobody but its owner (or the desk) may cancel it.
    let r = booking::cancel(&pool, now(), &jean, b.id, Scope::One, "").await;
    assert!(matches!(r, Err(Refusal::NotFound)), "{r:?}");
    let cancelled = booking::cancel(&pool, now(), &marie, b.id, Scope::One, "Empêchée")
        .await
        .unwrap();
    assert_eq!(cancelled.len(), 1);
    assert_eq!(
        (cancelled[0].state.as_str(), cancelled[0].sequence),
        ("cancelled", 1)
    );
    assert_eq!(cancelled[0].uid, b.uid);
    assert_eq!(cancelled[0].decision_message.as_deref(), Some("Empêchée"));
    let r = booking::cancel(&pool, now(), &marie, b.id, Scope::One, "").await;
    assert_eq!(refusal(r).0, "error-space-not-live");
    assert_eq!(state_of(&pool, b.id).await, ("cancelled".into(), 1));

    let cours = booked(
        &pool,
        &jean,
        &new_booking(salle.id, at(11), at(12), "Cours"),
    )
    .await;
    // A booking already over cannot be cancelled.
    let later = paris(2026, 4, 15, 13, 0);
    let r = booking::cancel(&pool, later, &jean, cours.id, Scope::One, "").await;
    assert_eq!(refusal(r).0, "error-space-already-over");
    assert_sound(&pool).await;
}

#[tokio::test]
async fn rescheduling_keeps_the_uid_bumps_the_sequence_and_checks_the_new_slot() {
    let (_dir, pool) = fresh_db().await;
    let salle = space(&pool, "Salle polyvalente", 40, None).await;
    let libre = use_(
        &pool,
        UseInput {
            changeover_after: 15,
            ..use_input("libre", Mode::Exclusive)
        },
    )
    .await;
    timetable_of(&pool, salle.id, &[(EVERY_DAY, "08:00", "22:00", libre.id)]).await;
    let b = booked(
        &pool,
        &desk(),
        &new_booking(
            salle.id,
            paris(2026, 4, 16, 10, 0),
            paris(2026, 4, 16, 11, 0),
            "Permanence",
        ),
    )
    .await;
    let other = booked(
        &pool,
        &desk(),
        &new_booking(
            salle.id,
            paris(2026, 4, 17, 14, 0),
            paris(2026, 4, 17, 15, 0),
            "Cours",
        ),
    )
    .await;

    let mv = |d: &str, s: &str, e: &str| Reschedule {
        day: Some(day(d)),
        start: s.into(),
        end: e.into(),
        scope: Scope::One,
    };
    // Onto the other booking's changeover: refused, with the date in front; nothing moves.
    let r = booking::reschedule(
        &pool,
        Paris,
        now(),
        &desk(),
        b.id,
        &mv("2026-04-17", "15:00", "16:00"),
    )
    .await;
    assert_eq!(
        refusal(r),
        (
            "error-space-conflict-changeover",
            "17/04/2026 — « Cours », Salle polyvalente, 17/04/2026 14:00–15:00".into()
        )
    );
    assert_eq!(booking::booking(&pool, b.id).await.unwrap(), b);
    // Outside the timetable.
    let r = booking::reschedule(
        &pool,
        Paris,
        now(),
        &desk(),
        b.id,
        &mv("2026-04-17", "21:00", "23:00"),
    )
    .await;
    assert_eq!(refusal(r).0, "error-space-outside-window");

    let moved = booking::reschedule(
        &pool,
        Paris,
        now(),
        &desk(),
        b.id,
        &mv("2026-04-17", "15:15", "16:45"),
    )
    .await
    .unwrap();
    assert_eq!(moved.len(), 1);
    let m = &moved[0];
    assert_eq!(
        (m.id, m.uid.as_str(), m.sequence),
        (b.id, b.uid.as_str(), 1)
    );
    assert_eq!(
        (m.start(), m.end()),
        (paris(2026, 4, 17, 15, 15), paris(2026, 4, 17, 16, 45))
    );
    assert_eq!(m.block_end, paris(2026, 4, 17, 17, 0).timestamp());
    // Its old slot is free again; it can move within its own time.
    booked(
        &pool,
        &desk(),
        &new_booking(
            salle.id,
            paris(2026, 4, 16, 10, 0),
            paris(2026, 4, 16, 11, 0),
            "Autre",
        ),
    )
    .await;
    let moved = booking::reschedule(
        &pool,
        Paris,
        now(),
        &desk(),
        b.id,
        &mv("2026-04-17", "15:30", "16:45"),
    )
    .await
    .unwrap();
    assert_eq!(moved[0].sequence, 2);
    assert_eq!(state_of(&pool, other.id).await, ("confirmed".into(), 0));
    assert_sound(&pool).await;
}

#[tokio::test]
async fn cancelling_this_and_the_following_dates_cancels_only_later_live_occurrences() {
    let (_dir, pool) = fresh_db().await;
    let salle = space(&pool, "Salle polyvalente", 40, None).await;
    let reunion = use_(&pool, use_input("association", Mode::Exclusive)).await;
    timetable_of(
        &pool,
        salle.id,
        &[(EVERY_DAY, "08:00", "23:00", reunion.id)],
    )
    .await;
    let made = booking::create_series(
        &pool,
        Paris,
        now(),
        &desk(),
        &series(
            salle.id,
            "2026-04-02",
            "FREQ=WEEKLY;COUNT=6",
            Policy::AllOrNothing,
            "Chorale",
        ),
    )
    .await
    .unwrap();
    let ids: Vec<i64> = made
        .occurrences
        .iter()
        .map(|o| o.booking_id.unwrap())
        .collect();
    // The fifth date was already cancelled on its own.
    booking::cancel(&pool, now(), &desk(), ids[4], Scope::One, "Vacances")
        .await
        .unwrap();
    // From the third on.
    let cancelled = booking::cancel(
        &pool,
        now(),
        &desk(),
        ids[2],
        Scope::Following,
        "Fin de saison",
    )
    .await
    .unwrap();
    let cancelled_ids: Vec<i64> = cancelled.iter().map(|b| b.id).collect();
    assert_eq!(cancelled_ids, vec![ids[2], ids[3], ids[5]]);
    let mut states = vec![];
    for id in &ids {
        states.push(state_of(&pool, *id).await);
    }
    let c = |s: &str, n| (s.to_owned(), n);
    assert_eq!(
        states,
        vec![
            c("confirmed", 0),
            c("confirmed", 0),
            c("cancelled", 1),
            c("cancelled", 1),
            c("cancelled", 1),
            c("cancelled", 1)
        ]
    );
    let reason: Option<String> =
        sqlx::query_scalar("SELECT decision_message FROM space_bookings WHERE id = ?")
            .bind(ids[4])
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        reason.as_deref(),
        Some("Vacances"),
        "the earlier cancellation keeps its reason"
    );

    // Moving the first two's hours, this and following: each keeps its day and uid.
    let before = booking::of_series(&pool, made.series_id.unwrap())
        .await
        .unwrap();
    let moved = booking::reschedule(
        &pool,
        Paris,
        now(),
        &desk(),
        ids[0],
        &Reschedule {
            day: None,
            start: "20:00".into(),
            end: "22:00".into(),
            scope: Scope::Following,
        },
    )
    .await
    .unwrap();
    assert_eq!(
        moved.iter().map(|b| b.id).collect::<Vec<_>>(),
        ids[..2].to_vec()
    );
    for (m, b) in moved.iter().zip(&before) {
        assert_eq!(m.uid, b.uid);
        assert_eq!(m.sequence, 1);
        assert_eq!(m.start().with_timezone(&Paris).hour(), 20);
        assert_eq!(
            m.start().with_timezone(&Paris).date_naive(),
            b.start().with_timezone(&Paris).date_naive()
        );
    }
    assert_sound(&pool).await;
}

#[tokio::test]
async fn a_booking_nobody_checked_in_to_is_released_after_the_grace_period_and_a_checked_in_one_stays()
 {
    let (_dir, pool) = fresh_db().await;
    let atelier = space(&pool, "Atelier numérique", 10, None).await;
    let poste = use_(
        &pool,
        UseInput {
            open_to_residents: true,
            checkin_grace_minutes: Some(15),
            ..use_input("poste", Mode::Exclusive)
        },
    )
    .await;
    timetable_of(
        &pool,
        atelier.id,
        &[(EVERY_DAY, "08:00", "20:00", poste.id)],
    )
    .await;
    let marie = resident(&pool, "Marie", "Lefèvre").await;
    let jean = resident(&pool, "Jean", "Dupont").await;
    let at = |h, m| paris(2026, 4, 20, h, m);
    let absent = booked(
        &pool,
        &marie,
        &new_booking(atelier.id, at(10, 0), at(11, 0), "Démarches"),
    )
    .await;
    let present = booked(
        &pool,
        &jean,
        &new_booking(atelier.id, at(14, 0), at(15, 0), "CV"),
    )
    .await;
    assert_eq!(absent.person_id, marie.person_id);

    // Jean badges at the door ten minutes early: that is his check-in.
    let mut conn = pool.acquire().await.unwrap();
    let kiosk = citeosquare_server::kiosks::NewKiosk::prepare(
        "porte-atelier",
        citeosquare_protocol::Role::Space,
        "Atelier numérique — porte",
        "secret-de-test",
    )
    .await
    .unwrap();
    kiosk.insert(&mut conn).await.unwrap();
    drop(conn);
    spaces::set_door(&pool, &admin(), "porte-atelier", atelier.id)
        .await
        .unwrap();
    let mut tx = db::begin_write(&pool).await.unwrap();
    let (result, display) = occupancy::door_tap(
        &mut tx,
        Paris,
        "porte-atelier",
        jean.person_id.unwrap(),
        "Jean",
        "0193e1c2-7a4b-7c3d-9e8f-000000000001",
        at(13, 50),
        false,
    )
    .await
    .unwrap()
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(result, AckResult::CheckedIn, "{display:?}");
    assert_eq!(display.title, "Bienvenue Jean");
    assert_eq!(display.lines[0], "Entrée dans Atelier numérique à 13 h 50");
    let visit: Option<i64> = sqlx::query_scalar("SELECT booking_id FROM space_visits")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(visit, Some(present.id), "the visit is Jean's booking's");

    // Not before the grace period is over.
    assert_eq!(
        booking::release_no_shows(&pool, at(10, 14)).await.unwrap(),
        0
    );
    assert_eq!(state_of(&pool, absent.id).await, ("confirmed".into(), 0));
    assert_eq!(
        booking::release_no_shows(&pool, at(10, 16)).await.unwrap(),
        1
    );
    assert_eq!(state_of(&pool, absent.id).await, ("released".into(), 1));
    // Once only; and Jean, who came, keeps his.
    assert_eq!(
        booking::release_no_shows(&pool, at(14, 30)).await.unwrap(),
        0
    );
    assert_eq!(state_of(&pool, present.id).await, ("confirmed".into(), 0));
    let checked_in: Option<String> =
        sqlx::query_scalar("SELECT checked_in_at FROM space_bookings WHERE id = ?")
            .bind(present.id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(checked_in, Some(db::instant_text(at(13, 50))));
    // The released hour is free again for someone who comes.
    let mut conn = pool.acquire().await.unwrap();
    let grid = booking::availability(
        &mut conn,
        Paris,
        &[atelier.id],
        day("2026-04-20"),
        day("2026-04-20"),
    )
    .await
    .unwrap();
    assert_eq!(grid[0].windows[0].held.len(), 1);
    assert_eq!(grid[0].windows[0].free_minutes, 12 * 60 - 60);
    assert_sound(&pool).await;
}
