//! The desk's registers: a key lent until a time, late on the night view until it comes back; a
//! parcel received, the resident told, handed over to whoever collects it; lost property given
//! back; names linked to the person's record when they name only one; precise refusals that
//! record nothing; rows kept, closed ones unchanged; erasure reaching the linked rows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use chrono_tz::Europe::Paris;
use support::TestApp;

#[tokio::test]
async fn a_key_lent_is_late_on_the_night_view_until_it_comes_back() {
    let app = TestApp::new().await;
    let s = app.session("accueil").await;
    let due = (Utc::now() + Duration::hours(2)).with_timezone(&Paris);
    let r = app
        .post_form(
            "/registres/prets",
            Some(&s),
            &[
                ("item", "Clé salle 2"),
                ("borrower", "marie LEFEVRE"),
                ("due_date", &due.date_naive().to_string()),
                ("due_time", &due.format("%H:%M").to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Linked to Marie Lefèvre's record (person 1): her page shows it.
    let (id, person): (i64, Option<i64>) =
        sqlx::query_as("SELECT id, person_id FROM lendings WHERE item = 'Clé salle 2'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(person, Some(1));
    assert!(
        app.page("/personnes/1", Some(&s))
            .await
            .body
            .contains("Clé salle 2")
    );
    // Not late yet; once its time has passed, it is on the night view, urgent.
    let night = app.page("/accueil/nuit", Some(&s)).await;
    assert!(!night.body.contains("Prêt en retard : Clé salle 2"));
    sqlx::query("UPDATE lendings SET due_at = '2026-01-01T10:00:00.000Z', lent_at = '2026-01-01T08:00:00.000Z' WHERE id = ?")
        .bind(id)
        .execute(&app.pool)
        .await
        .unwrap();
    let night = app.page("/accueil/nuit", Some(&s)).await;
    assert!(
        night
            .body
            .contains("Prêt en retard : Clé salle 2 (marie LEFEVRE)"),
        "{}",
        night.body
    );
    // Back: no longer late; a second « rendu » is told, not recorded.
    let r = app
        .post_form(&format!("/registres/prets/{id}/rendu"), Some(&s), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        !app.page("/accueil/nuit", Some(&s))
            .await
            .body
            .contains("Clé salle 2")
    );
    let again = app
        .post_form(&format!("/registres/prets/{id}/rendu"), Some(&s), &[])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("Cet objet est déjà rendu."));
    // Closed is closed; rows are kept.
    assert!(
        sqlx::query("UPDATE lendings SET returned_at = NULL, returned_to = NULL")
            .execute(&app.pool)
            .await
            .is_err()
    );
    assert!(
        sqlx::query("DELETE FROM lendings")
            .execute(&app.pool)
            .await
            .is_err()
    );

    // Nothing to lend, nobody, a time gone: each told, nothing recorded.
    let r = app
        .post_form(
            "/registres/prets",
            Some(&s),
            &[
                ("item", ""),
                ("borrower", " "),
                ("due_date", "2020-01-01"),
                ("due_time", "10:00"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Ce champ est obligatoire."));
    assert!(r.body.contains("La date de retour doit être à venir."));
    let r = app
        .post_form(
            "/registres/prets",
            Some(&s),
            &[
                ("item", "Rallonge"),
                ("borrower", "Jean"),
                ("due_date", ""),
                ("due_time", ""),
            ],
        )
        .await;
    assert!(
        r.body
            .contains("Indiquez la date et l&#39;heure de retour.")
            || r.body.contains("Indiquez la date et l'heure de retour.")
    );
    assert_eq!(app.count("SELECT count(*) FROM lendings").await, 1);
}

#[tokio::test]
async fn a_parcel_is_received_the_resident_told_and_it_is_handed_over_once() {
    let app = TestApp::new().await;
    let s = app.session("accueil").await;
    let r = app
        .post_form(
            "/registres/colis",
            Some(&s),
            &[
                ("recipient", "Odette Perrin"),
                ("description", "Colissimo, petit carton"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let id: i64 = sqlx::query_scalar("SELECT id FROM parcels")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let night = app.page("/accueil/nuit", Some(&s)).await;
    assert!(
        night
            .body
            .contains("1 colis reçu, résident pas encore prévenu")
    );
    assert!(
        app.page("/personnes/6", Some(&s))
            .await
            .body
            .contains("Colis à retirer à l&#39;accueil")
            || app
                .page("/personnes/6", Some(&s))
                .await
                .body
                .contains("Colis à retirer à l'accueil")
    );
    app.post_form(&format!("/registres/colis/{id}/prevenu"), Some(&s), &[])
        .await;
    assert!(
        !app.page("/accueil/nuit", Some(&s))
            .await
            .body
            .contains("colis reçu")
    );
    // Handed to her neighbour, who signs for her; nobody named is refused.
    let r = app
        .post_form(
            &format!("/registres/colis/{id}/remis"),
            Some(&s),
            &[("collected_by", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_form(
            &format!("/registres/colis/{id}/remis"),
            Some(&s),
            &[("collected_by", "Paul, voisin du 2e")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = app.page("/registres", Some(&s)).await;
    assert!(page.body.contains("à Paul, voisin du 2e"));
    let again = app
        .post_form(
            &format!("/registres/colis/{id}/remis"),
            Some(&s),
            &[("collected_by", "X")],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    // Erasing Odette keeps the parcel, not her name.
    citeosquare_server::people::erase(
        &app.pool,
        citeosquare_server::DOMAINS,
        &citeosquare_server::audit::Actor::cli(),
        6,
    )
    .await
    .unwrap();
    let name: String = sqlx::query_scalar("SELECT recipient FROM parcels WHERE id = ?")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(name, "Personne effacée");
}

#[tokio::test]
async fn lost_property_is_recorded_and_given_back() {
    let app = TestApp::new().await;
    let s = app.session("accueil").await;
    let r = app
        .post_form(
            "/registres/objets",
            Some(&s),
            &[
                ("what", "Écharpe rouge"),
                ("found_where", "Salle polyvalente"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let id: i64 = sqlx::query_scalar("SELECT id FROM lost_found")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let r = app
        .post_form(
            &format!("/registres/objets/{id}/rendu"),
            Some(&s),
            &[("returned_to", "Chloé Lambert")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = app.page("/registres", Some(&s)).await;
    assert!(page.body.contains("Écharpe rouge") && page.body.contains("à Chloé Lambert"));
    let r = app
        .post_form(
            "/registres/objets",
            Some(&s),
            &[("what", ""), ("found_where", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("SELECT count(*) FROM lost_found").await, 1);
}
