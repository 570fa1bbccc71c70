//! The desk's night view: only what needs a person now, from every domain through the list —
//! kiosks offline, a vehicle not back, people « à confirmer », safety checks overdue, a roll call
//! under way — the urgent first, in the dark theme, and a fragment that refreshes by itself.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::StatusCode;
use support::TestApp;

#[tokio::test]
async fn the_night_view_lists_what_needs_someone_now_urgent_first() {
    let app = TestApp::new().await;
    let s = app.session("accueil").await;
    // Jean badged in 95 minutes ago (the demo): with a one-hour setting he is « à confirmer ».
    sqlx::query("UPDATE presence_settings SET confirm_after_hours = 1")
        .execute(&app.pool)
        .await
        .unwrap();
    let page = app.page("/accueil/nuit", Some(&s)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<body class=\"nuit\">"));
    let list = &page.body[page.body.find("id=\"alertes\"").expect("alerts")..];
    let list = &list[..list.find("</ul>").unwrap()];
    // No demo kiosk has connected: each is offline, urgent.
    assert!(
        list.contains("Borne « Café — permanences SEL » hors ligne"),
        "{list}"
    );
    // The demo's Clio is overdue (Lucas): urgent too, linked to the vehicles' board.
    let clio = list.find("pas rendu").expect("the overdue vehicle");
    assert!(list[clio..].contains("Lucas Moreau"));
    // Jean « à confirmer », the emergency lighting late (the demo's register): to do, after the urgent.
    let jean = list
        .find("Jean Dupuis : entré(e)")
        .expect("Jean to confirm");
    let lighting = list
        .find("Registre de sécurité : Éclairage de sécurité en retard.")
        .expect("the safety check");
    let last_urgent = list.rfind("night-urgent").unwrap();
    assert!(jean > last_urgent && lighting > last_urgent);
    assert!(
        !list.contains("Odette Perrin : entré(e)"),
        "Odette came in 20 minutes ago"
    );
    // A roll call under way is urgent, first among the domains' alerts.
    app.post_form("/evacuation/appel", Some(&s), &[("drill", "1")])
        .await;
    let fragment = app.page("/accueil/nuit/alertes", Some(&s)).await;
    assert_eq!(fragment.status, StatusCode::OK);
    assert!(fragment.body.contains("hx-trigger=\"every 20s\""));
    let call = fragment.body.find("Appel en cours").expect("the roll call");
    assert!(call < fragment.body.find("Jean Dupuis").unwrap());
    // The desk's home links to it; a resident may not open it.
    assert!(
        app.page("/accueil", Some(&s))
            .await
            .body
            .contains("href=\"/accueil/nuit\"")
    );
    let resident = app.session("resident").await;
    assert_eq!(
        app.page("/accueil/nuit", Some(&resident)).await.status,
        StatusCode::FORBIDDEN
    );
}

/// The night view's alerts from the hostel and the rooms: tonight's hostel arrivals not yet in,
/// the stays asked for, and the room requests for tonight or tomorrow morning — not next week's,
/// which the day's team answers.
#[tokio::test]
async fn the_night_view_names_tonights_arrivals_and_tonights_room_requests_only() {
    let app = TestApp::new().await;
    let s = app.session("accueil").await;
    let alerts = || async {
        let page = app.page("/accueil/nuit/alertes", Some(&s)).await;
        assert_eq!(page.status, StatusCode::OK);
        page.body
    };
    let rooms = |body: &str| -> usize {
        body.find(" pour ce soir ou demain matin, sans réponse")
            .map(|end| {
                let start = body[..end].rfind('>').map_or(0, |i| i + 1);
                body[start..end]
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap()
            })
            .unwrap_or(0)
    };
    let body = alerts().await;
    // The demo's students arrive tonight and are not in yet; a stay waits for an answer.
    assert!(
        body.contains(
            "Auberge : Lycée Jean-Moulin (Mme Diallo) (5 pers.) attendu ce soir, pas encore arrivé."
        ),
        "{body}"
    );
    assert!(
        body.contains("Auberge : 1 demande de séjour à traiter"),
        "{body}"
    );
    let before = rooms(&body);

    // A room request for tonight, another for next week.
    let request = |hours_from_now: i64, title: &'static str| {
        let pool = app.pool.clone();
        async move {
            let from = chrono::Utc::now() + chrono::Duration::hours(hours_from_now);
            let to = from + chrono::Duration::hours(2);
            let text = citeosquare_server::db::instant_text;
            sqlx::query(
                "INSERT INTO space_bookings (uid, space_id, use_id, state, start_at, end_at,
                     block_start, block_end, capacity, title, created_at, updated_at)
                 VALUES (lower(hex(randomblob(16))), (SELECT min(id) FROM spaces),
                         (SELECT min(id) FROM space_uses), 'requested', ?, ?, ?, ?, 20, ?, ?, ?)",
            )
            .bind(text(from))
            .bind(text(to))
            .bind(from.timestamp())
            .bind(to.timestamp())
            .bind(title)
            .bind(citeosquare_server::db::now_text())
            .bind(citeosquare_server::db::now_text())
            .execute(&pool)
            .await
            .unwrap();
        }
    };
    request(24 * 7, "Assemblée générale (semaine prochaine)").await;
    assert_eq!(
        rooms(&alerts().await),
        before,
        "next week's request waits for the day"
    );
    request(1, "Répétition de la chorale (ce soir)").await;
    let body = alerts().await;
    assert_eq!(rooms(&body), before + 1, "{body}");
    assert!(body.contains("href=\"/accueil/demandes\""));
}
