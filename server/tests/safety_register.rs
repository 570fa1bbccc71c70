//! The safety register: checks recorded with who, when, the result and the next due date (the
//! kind's usual interval by default), precise refusals that record nothing, append-only in the
//! database, reminders on the desk's home for what is late or due soon, and a drill's roll call
//! written in it with the time it took.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use chrono_tz::Europe::Paris;
use citeosquare_server::presence::safety;
use support::TestApp;

fn today() -> chrono::NaiveDate {
    Utc::now().with_timezone(&Paris).date_naive()
}

#[tokio::test]
async fn a_check_is_recorded_with_its_next_due_date_and_bad_input_records_nothing() {
    let app = TestApp::new().await;
    let s = app.session("accueil").await;
    let before = app.count("SELECT count(*) FROM safety_register").await;
    // The demo: the emergency lighting's monthly test is late, the alarm's due in ten days.
    let home = app.page("/accueil", Some(&s)).await;
    let box_ = &home.body[home
        .body
        .find("id=\"rappels-securite\"")
        .expect("reminders")..];
    let box_ = &box_[..box_.find("</div>").unwrap()];
    assert!(box_.contains("Éclairage de sécurité"), "{box_}");
    assert!(box_.contains("Alarme incendie"));
    assert!(!box_.contains("Extincteurs"), "{box_}");

    // The emergency lighting is tested today: no longer late, next in a month.
    let day = today().to_string();
    let r = app
        .post_form(
            "/registre-securite",
            Some(&s),
            &[
                ("kind", "emergency_lighting"),
                ("done_on", &day),
                ("done_by", "Karim, veilleur de nuit"),
                ("result", "ok"),
                ("notes", ""),
                ("next_due", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let standing = safety::standing(&app.pool, today()).await.unwrap();
    let lighting = standing
        .iter()
        .find(|s| s.kind == "emergency_lighting")
        .unwrap();
    assert!(!lighting.overdue);
    assert_eq!(
        lighting.next_due.as_deref(),
        Some((today() + Duration::days(30)).to_string().as_str())
    );
    let home = app.page("/accueil", Some(&s)).await;
    assert!(
        !home.body[home.body.find("id=\"rappels-securite\"").unwrap()..]
            .split("</div>")
            .next()
            .unwrap()
            .contains("Éclairage de sécurité")
    );
    let page = app.page("/registre-securite", Some(&s)).await;
    assert!(page.body.contains("Karim, veilleur de nuit"));

    // A date to come, a next check before this one, nobody, an unknown kind: each told, nothing added.
    let tomorrow = (today() + Duration::days(1)).to_string();
    let r = app
        .post_form(
            "/registre-securite",
            Some(&s),
            &[
                ("kind", "fireworks"),
                ("done_on", &tomorrow),
                ("done_by", ""),
                ("result", "maybe"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for msg in [
        "La date ne peut pas être dans le futur.",
        "Ce champ est obligatoire.",
        "Choisissez une valeur dans la liste.",
    ] {
        assert!(r.body.contains(msg), "{msg}");
    }
    let r = app
        .post_form(
            "/registre-securite",
            Some(&s),
            &[
                ("kind", "lift"),
                ("done_on", &day),
                ("done_by", "Ascenseurs de l'Ouest"),
                ("result", "failed"),
                ("next_due", &day),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("La prochaine vérification doit venir après celle-ci.")
    );
    // A year typed wrong is refused, not stored.
    let r = app
        .post_form(
            "/registre-securite",
            Some(&s),
            &[
                ("kind", "lift"),
                ("done_on", "0202-12-05"),
                ("done_by", "Ascenseurs de l'Ouest"),
                ("result", "ok"),
                ("next_due", "20266-01-01"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("done_on-erreur") && r.body.contains("next_due-erreur"));
    assert_eq!(
        app.count("SELECT count(*) FROM safety_register").await,
        before + 1
    );
    // A lift check that failed stays late until one passes, whatever its next date.
    app.post_form(
        "/registre-securite",
        Some(&s),
        &[
            ("kind", "lift"),
            ("done_on", &day),
            ("done_by", "Ascenseurs de l'Ouest"),
            ("result", "failed"),
            ("notes", "Porte palière du 2e bloquée."),
        ],
    )
    .await;
    let lift = safety::standing(&app.pool, today()).await.unwrap();
    assert!(lift.iter().find(|s| s.kind == "lift").unwrap().overdue);
    // Append-only, whatever writes.
    assert!(
        sqlx::query("UPDATE safety_register SET result = 'ok'")
            .execute(&app.pool)
            .await
            .is_err()
    );
    assert!(
        sqlx::query("DELETE FROM safety_register")
            .execute(&app.pool)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_drill_s_roll_call_is_written_in_the_register_with_its_time_and_missing() {
    let app = TestApp::new().await;
    let s = app.session("accueil").await;
    let r = app
        .post_form("/evacuation/appel", Some(&s), &[("drill", "1")])
        .await;
    let id: i64 = r.location().rsplit('/').next().unwrap().parse().unwrap();
    app.post_form(&format!("/evacuation/appel/{id}/fin"), Some(&s), &[])
        .await;
    let (kind, result, notes, next_due, call): (String, String, String, Option<String>, i64) =
        sqlx::query_as(
            "SELECT kind, result, notes, next_due, roll_call_id FROM safety_register
             WHERE roll_call_id IS NOT NULL",
        )
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!((kind.as_str(), call), ("drill", id));
    // Nobody was ticked: everyone is missing, so the drill has remarks.
    assert_eq!(result, "remarks");
    assert!(
        notes.contains("durée ") && notes.contains("manquante(s)"),
        "{notes}"
    );
    assert_eq!(next_due, Some((today() + Duration::days(180)).to_string()));
    let page = app.page("/registre-securite", Some(&s)).await;
    assert!(page.body.contains(&format!("/evacuation/appel/{id}")));
    // A real evacuation's roll call is not a drill: not written as one.
    let r = app.post_form("/evacuation/appel", Some(&s), &[]).await;
    let real: i64 = r.location().rsplit('/').next().unwrap().parse().unwrap();
    app.post_form(&format!("/evacuation/appel/{real}/fin"), Some(&s), &[])
        .await;
    assert_eq!(
        app.count("SELECT count(*) FROM safety_register WHERE roll_call_id IS NOT NULL")
            .await,
        1
    );
}
