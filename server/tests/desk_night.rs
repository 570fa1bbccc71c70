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
