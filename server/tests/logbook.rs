//! The main courante as a night shift uses it: a search that ignores accents and case, a day and
//! a shift picked, corrections found with their entry, printing, and the handover note the next
//! shift acknowledges (who, when) — once, and not by the shift that wrote it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::StatusCode;
use support::TestApp;

/// An entry written on a past shift (raw, as the rules would have on that day).
async fn past_entry(
    app: &TestApp,
    shift: &str,
    kind: &str,
    body: &str,
    corrects: Option<i64>,
) -> i64 {
    let author = app.user_id("accueil").await;
    sqlx::query_scalar(
        "INSERT INTO logbook_entries (created_at, author_id, author, shift, kind, body, corrects_id)
         VALUES ('2026-11-20T23:30:00.000Z', ?, 'Accueil (démo)', ?, ?, ?, ?) RETURNING id",
    )
    .bind(author)
    .bind(shift)
    .bind(kind)
    .bind(body)
    .bind(corrects)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn the_night_shift_finds_entries_by_words_day_and_shift_accents_ignored() {
    let app = TestApp::new().await;
    let s = app.session("accueil").await;
    let noise = past_entry(
        &app,
        "2026-11-20/nuit",
        "entry",
        "Mme Lefèvre a appelé : fuite au 2e étage.",
        None,
    )
    .await;
    past_entry(
        &app,
        "2026-11-20/nuit",
        "correction",
        "Pas une fuite : condensation. Vu avec le plombier.",
        Some(noise),
    )
    .await;
    past_entry(
        &app,
        "2026-11-20/matin",
        "entry",
        "Livraison des chaises, salle polyvalente.",
        None,
    )
    .await;
    past_entry(
        &app,
        "2026-11-21/nuit",
        "entry",
        "Ronde de 2 h : RAS.",
        None,
    )
    .await;

    // `lefevre` finds Lefèvre, with the correction under it.
    let page = app.page("/main-courante?q=LEFEVRE", Some(&s)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("1 entrée trouvée"), "{}", page.body);
    assert!(page.body.contains("fuite au 2e étage"));
    assert!(page.body.contains("condensation"));
    assert!(!page.body.contains("chaises"));
    // A word of the correction finds the entry too.
    let page = app.page("/main-courante?q=plombier", Some(&s)).await;
    assert!(page.body.contains("fuite au 2e étage"));
    // A day: its three shifts; a shift: that one only.
    let day = app.page("/main-courante?jour=2026-11-20", Some(&s)).await;
    assert!(day.body.contains("chaises") && day.body.contains("fuite"));
    assert!(!day.body.contains("Ronde de 2 h"));
    assert!(day.body.contains("— 20/11/2026"));
    let night = app
        .page("/main-courante?jour=2026-11-20&service=nuit", Some(&s))
        .await;
    assert!(night.body.contains("fuite") && !night.body.contains("chaises"));
    assert!(night.body.contains("Nuit 20/11/2026"));
    assert!(night.body.contains("data-print"));
    // Nothing found says so; a day that cannot be read is told, not guessed.
    let none = app.page("/main-courante?q=incendie", Some(&s)).await;
    assert!(none.body.contains("Aucune entrée pour ce jour ou ces mots"));
    let bad = app.page("/main-courante?jour=20%2F11", Some(&s)).await;
    assert!(bad.body.contains("jour-erreur"));
}

#[tokio::test]
async fn the_next_shift_acknowledges_the_handover_note_once() {
    let app = TestApp::new().await;
    let s = app.session("accueil").await;
    // Last night's handover note.
    let note = past_entry(
        &app,
        "2026-11-20/nuit",
        "handover",
        "Clés de la salle 2 chez Karim.",
        None,
    )
    .await;
    let home = app.page("/accueil", Some(&s)).await;
    assert!(
        home.body
            .contains(&format!("action=\"/main-courante/{note}/lu\""))
    );
    let r = app
        .post_form(&format!("/main-courante/{note}/lu"), Some(&s), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let home = app.page("/accueil", Some(&s)).await;
    assert!(home.body.contains("Consigne lue par Accueil (démo)"));
    assert!(
        !home
            .body
            .contains(&format!("action=\"/main-courante/{note}/lu\""))
    );
    // Once.
    let again = app
        .post_form(&format!("/main-courante/{note}/lu"), Some(&s), &[])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(
        again
            .body
            .contains("Accueil (démo) a déjà confirmé la lecture")
    );
    // This shift's own note is not for this shift to acknowledge; an ordinary entry is not a note.
    let r = app
        .post_form(
            "/main-courante",
            Some(&s),
            &[("body", "Tout est calme."), ("kind", "handover")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let own: i64 = sqlx::query_scalar(
        "SELECT id FROM logbook_entries WHERE kind = 'handover' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let mine = app
        .post_form(&format!("/main-courante/{own}/lu"), Some(&s), &[])
        .await;
    assert_eq!(mine.status, StatusCode::CONFLICT);
    assert!(mine.body.contains("par le service suivant"));
    let entry = past_entry(&app, "2026-11-20/nuit", "entry", "Ronde.", None).await;
    assert_eq!(
        app.post_form(&format!("/main-courante/{entry}/lu"), Some(&s), &[])
            .await
            .status,
        StatusCode::CONFLICT
    );
    // The database keeps it as given.
    assert!(
        sqlx::query("DELETE FROM logbook_handover_reads")
            .execute(&app.pool)
            .await
            .is_err()
    );
    assert_eq!(
        app.count("SELECT count(*) FROM logbook_handover_reads")
            .await,
        1
    );
}
