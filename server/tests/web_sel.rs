//! The SEL's pages through the real router: the cashier charges a basket once, a purchase past the
//! floor is refused, residents sign up for shifts and give hours, the desk ends shifts, records one
//! served without a badge and corrects with a reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::http::{StatusCode, header};

mod support;

use support::app::{App, app};

// ---------------------------------------------------------------------------------------------
// SEL pages

impl App {
    async fn person_named(&self, first_name: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM persons WHERE first_name = ?")
            .bind(first_name)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    /// A member's posted SEL balance, in minutes.
    async fn sel_balance(&self, person_id: i64) -> i64 {
        sqlx::query_scalar("SELECT posted FROM sel_accounts WHERE person_id = ?")
            .bind(person_id)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    async fn sel_item(&self, name: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM sel_catalogue WHERE name = ?")
            .bind(name)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }
}

/// The value of the hidden `op` field of a page's form (the operation id made with the page).
fn operation_id(page: &str) -> String {
    let start = page.find("name=\"op\" value=\"").expect("an op field") + 17;
    page[start..][..page[start..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn the_cashier_charges_a_basket_once_even_when_the_same_form_is_posted_twice() {
    let app = app().await;
    let s = app.session("accueil").await;
    let odette = app.person_named("Odette").await;
    let basket = app.sel_item("Panier de légumes").await;
    let before = app.sel_balance(odette).await;
    let cart = app.get(&format!("/sel/caisse/{odette}"), Some(&s)).await;
    assert_eq!(cart.status, StatusCode::OK);
    assert!(cart.body.contains("Panier de légumes"), "{}", cart.body);
    assert!(cart.body.contains("Disponible avant le plancher"));
    let op = operation_id(&cart.body);
    let quantity = format!("q-{basket}");
    let fields = [("op", op.as_str()), (quantity.as_str(), "1")];
    let first = app
        .post_form(&format!("/sel/caisse/{odette}"), Some(&s), &fields)
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    // A double click, a reload of the form, a retry: the same operation, not a second purchase.
    let second = app
        .post_form(&format!("/sel/caisse/{odette}"), Some(&s), &fields)
        .await;
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.body);
    assert_eq!(first.location(), second.location());
    assert_eq!(app.sel_balance(odette).await, before - 90);
    let purchases: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sel_transfers WHERE kind = 'purchase' AND operation_id = ?",
    )
    .bind(&op)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(purchases, 1);

    let receipt = app.get(first.location(), Some(&s)).await;
    assert_eq!(receipt.status, StatusCode::OK);
    assert!(receipt.body.contains("Achat enregistré"));
    assert!(receipt.body.contains("Panier de légumes"));
    assert!(receipt.body.contains("1 h 30"));
    assert!(receipt.body.contains("−30 min"), "{}", receipt.body);

    let statement = app.get(&format!("/sel/comptes/{odette}"), Some(&s)).await;
    assert_eq!(statement.status, StatusCode::OK);
    assert!(statement.body.contains("Achat à la coopérative"));
    assert!(statement.body.contains("Panier de légumes"));
    assert!(statement.body.contains("−1 h 30"));
    let csv = app
        .get(&format!("/sel/comptes/{odette}/releve.csv"), Some(&s))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.content_type(), "text/csv; charset=utf-8");
    let disposition = csv
        .headers
        .get(header::CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(
        csv.body
            .starts_with("\u{feff}N°;Date;Heure;Nature;Libellé;Contrepartie;Minutes;Heures")
    );
    assert!(csv.body.contains("Panier de légumes"));
    assert!(csv.body.contains(";-90;-1,50;"), "{}", csv.body);
}

#[tokio::test]
async fn a_purchase_past_the_floor_is_refused_on_the_page_and_charges_nothing() {
    let app = app().await;
    let s = app.session("accueil").await;
    let odette = app.person_named("Odette").await;
    let basket = app.sel_item("Panier de légumes").await;
    let before = app.sel_balance(odette).await;
    let transfers = app.count("SELECT count(*) FROM sel_transfers").await;
    let cart = app.get(&format!("/sel/caisse/{odette}"), Some(&s)).await;
    let op = operation_id(&cart.body);
    let quantity = format!("q-{basket}");
    // 100 baskets: 150 hours, far below the default floor of −33 h 20.
    let reply = app
        .post_form(
            &format!("/sel/caisse/{odette}"),
            Some(&s),
            &[("op", op.as_str()), (quantity.as_str(), "100")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Solde insuffisant"), "{}", reply.body);
    assert!(reply.body.contains("rien n&#39;a été débité"));
    // The form comes back as typed, with the same operation id (nothing was written under it).
    assert!(reply.body.contains(&format!(
        "name=\"{quantity}\" min=\"0\" max=\"100\" inputmode=\"numeric\" value=\"100\""
    )));
    assert_eq!(operation_id(&reply.body), op);
    assert_eq!(app.sel_balance(odette).await, before);
    assert_eq!(
        app.count("SELECT count(*) FROM sel_transfers").await,
        transfers
    );
    assert_eq!(app.count("SELECT count(*) FROM sel_sale_lines").await, 0);
}

#[tokio::test]
async fn a_resident_signs_up_for_a_shift_from_their_page_and_sees_it() {
    let app = app().await;
    let s = app.session("resident").await;
    let odette = app.person_named("Odette").await;
    let shift: i64 = sqlx::query_scalar(
        "SELECT s.id FROM sel_shifts s
         WHERE s.starts_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+1 day')
           AND NOT EXISTS (SELECT 1 FROM sel_signups g WHERE g.shift_id = s.id)
         ORDER BY s.starts_at LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let page = app.get("/moi", Some(&s)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Mon compte SEL"));
    assert!(
        page.body
            .contains(&format!("action=\"/moi/permanences/{shift}/inscription\""))
    );
    let reply = app
        .post_form(
            &format!("/moi/permanences/{shift}/inscription"),
            Some(&s),
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(reply.location().starts_with("/moi?ok=ok-sel-my-signed-up"));
    let page = app.get(reply.location(), Some(&s)).await;
    assert!(page.body.contains("Vous êtes inscrit·e"));
    assert!(
        page.body
            .contains(&format!("action=\"/moi/permanences/{shift}/retrait\""))
    );
    let signed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sel_signups WHERE shift_id = ? AND person_id = ? AND withdrawn_at IS NULL",
    )
    .bind(shift)
    .bind(odette)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(signed, 1);
    // Twice is refused in words, on the same page.
    let again = app
        .post_form(
            &format!("/moi/permanences/{shift}/inscription"),
            Some(&s),
            &[],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("déjà inscrite"));
    // And withdrawn again.
    let reply = app
        .post_form(&format!("/moi/permanences/{shift}/retrait"), Some(&s), &[])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let page = app.get("/moi", Some(&s)).await;
    assert!(
        page.body
            .contains(&format!("action=\"/moi/permanences/{shift}/inscription\""))
    );
}

#[tokio::test]
async fn a_resident_cannot_open_the_cashier_nor_anyone_s_statement() {
    let app = app().await;
    let s = app.session("resident").await;
    for path in ["/sel/caisse", "/sel/caisse/2", "/sel/comptes/2", "/sel"] {
        let reply = app.get(path, Some(&s)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
    }
    // Their own statement, yes.
    let csv = app.get("/moi/releve.csv", Some(&s)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains("Crédit de bienvenue"));
}

#[tokio::test]
async fn a_correction_without_a_reason_is_refused_in_french_and_writes_nothing() {
    let app = app().await;
    let s = app.session("accueil").await;
    let jean = app.person_named("Jean").await;
    let welcome: i64 = sqlx::query_scalar(
        "SELECT t.no FROM sel_transfers t JOIN sel_accounts a ON a.id = t.credit_account
         WHERE a.person_id = ? AND t.kind = 'welcome'",
    )
    .bind(jean)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let page = app
        .get(&format!("/sel/comptes/{jean}?corriger={welcome}"), Some(&s))
        .await;
    assert!(
        page.body
            .contains(&format!("action=\"/sel/mouvements/{welcome}/correction\""))
    );
    let op = operation_id(&page.body);
    let transfers = app.count("SELECT count(*) FROM sel_transfers").await;
    let before = app.sel_balance(jean).await;
    let fields = [
        ("op", op.as_str()),
        ("sens", "rendre"),
        ("heures", "0"),
        ("minutes", "30"),
        ("reason", "  "),
        ("compte", &jean.to_string()),
    ];
    let reply = app
        .post_form(
            &format!("/sel/mouvements/{welcome}/correction"),
            Some(&s),
            &fields,
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Indiquez le motif."), "{}", reply.body);
    assert!(reply.body.contains("id=\"reason-erreur\""));
    assert_eq!(
        app.count("SELECT count(*) FROM sel_transfers").await,
        transfers
    );
    // With a reason it is written once, linked to the original, and the balance moves.
    let mut fields = fields.to_vec();
    fields[4] = ("reason", "Crédit en double");
    let reply = app
        .post_form(
            &format!("/sel/mouvements/{welcome}/correction"),
            Some(&s),
            &fields,
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let again = app
        .post_form(
            &format!("/sel/mouvements/{welcome}/correction"),
            Some(&s),
            &fields,
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(app.sel_balance(jean).await, before - 30);
    let corrections: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sel_transfers WHERE corrects_no = ? AND reason = 'Crédit en double'",
    )
    .bind(welcome)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(corrections, 1);
    // Only an admin may pass a limit: reception sending an override reason is refused.
    let page = app
        .get(&format!("/sel/comptes/{jean}?corriger={welcome}"), Some(&s))
        .await;
    assert!(!page.body.contains("name=\"override_reason\""));
}

#[tokio::test]
async fn a_change_of_the_sel_settings_is_audited_with_before_and_after() {
    let app = app().await;
    let s = app.session("admin").await;
    let page = app.get("/admin/sel", Some(&s)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("value=\"grains de sel\""));
    let mut fields = vec![
        ("unit_name", "grains de sel"),
        ("welcome_minutes", "90"),
        ("default_floor", "−2 000"),
        ("default_ceiling", "2000"),
        ("rounding_minutes", "5"),
        ("tolerance_minutes", "15"),
        ("unplanned_max_minutes", "240"),
        ("repeat_tap_seconds", "120"),
        ("membership_policy", "refuse"),
        ("exchange_confirmation", "on"),
    ];
    let reply = app.post_form("/admin/sel", Some(&s), &fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let (welcome, policy, confirmation, floor): (i64, String, bool, i64) = sqlx::query_as(
        "SELECT welcome_minutes, membership_policy, exchange_confirmation, default_floor
         FROM sel_settings",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        (welcome, policy.as_str(), confirmation, floor),
        (90, "refuse", true, -2000)
    );
    let (actor, before, after): (String, String, String) =
        sqlx::query_as("SELECT actor, before, after FROM audit_log WHERE action = 'sel.settings'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(actor, "admin");
    let before: serde_json::Value = serde_json::from_str(&before).unwrap();
    let after: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(before["welcome_minutes"], 60);
    assert_eq!(after["welcome_minutes"], 90);
    assert_eq!(before["membership_policy"], "warn");
    assert_eq!(after["exchange_confirmation"], true);
    // Out of range: a precise message per field, nothing saved, nothing audited.
    fields[1] = ("welcome_minutes", "7000");
    fields[4] = ("rounding_minutes", "0");
    let reply = app.post_form("/admin/sel", Some(&s), &fields).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply
            .body
            .contains("Crédit de bienvenue : un nombre entier de minutes de 0 à 6 000.")
    );
    assert!(
        reply
            .body
            .contains("Arrondi : un nombre entier de minutes de 1 à 60.")
    );
    assert!(reply.body.contains("value=\"7000\""));
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'sel.settings'")
            .await,
        1
    );
    // Reception may not change them.
    let desk = app.session("accueil").await;
    let reply = app.post_form("/admin/sel", Some(&desk), &fields).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn with_confirmation_a_gift_from_a_resident_waits_for_the_receiver_to_accept() {
    let app = app().await;
    sqlx::query("UPDATE sel_settings SET exchange_confirmation = 1")
        .execute(&app.pool)
        .await
        .unwrap();
    let resident = app.session("resident").await;
    let (odette, marie) = (
        app.person_named("Odette").await,
        app.person_named("Marie").await,
    );
    let (odette_before, marie_before) =
        (app.sel_balance(odette).await, app.sel_balance(marie).await);
    let page = app.get("/moi", Some(&resident)).await;
    let op = operation_id(&page.body);
    let gift = [
        ("op", op.as_str()),
        ("receiver", "Marie Lefèvre"),
        ("heures", "0"),
        ("minutes", "45"),
        ("memo", "Arrosage du jardin"),
    ];
    // First she sees what the gift does; then she confirms it.
    let reply = app.post_form("/moi/echanges", Some(&resident), &gift).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("Vérifiez avant de donner"));
    assert_eq!(app.sel_balance(odette).await, odette_before);
    let confirmed = [gift.as_slice(), &[("confirme", "oui")]].concat();
    let reply = app
        .post_form("/moi/echanges", Some(&resident), &confirmed)
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(reply.location().starts_with("/moi?ok=ok-sel-given-pending"));
    assert_eq!(app.sel_balance(marie).await, marie_before);
    // Marie (the association's representative) sees it on her page and accepts.
    let asso = app.session("asso").await;
    let page = app.get("/moi", Some(&asso)).await;
    assert!(
        page.body.contains("Odette Perrin vous donne 45 min"),
        "{}",
        page.body
    );
    let no: i64 = sqlx::query_scalar(
        "SELECT no FROM sel_transfers WHERE kind = 'exchange' AND phase = 'pending'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    // Odette cannot answer her own gift.
    let reply = app
        .post_form(
            &format!("/moi/echanges/{no}/reponse"),
            Some(&resident),
            &[("reponse", "accepter")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = app
        .post_form(
            &format!("/moi/echanges/{no}/reponse"),
            Some(&asso),
            &[("reponse", "accepter")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(app.sel_balance(marie).await, marie_before + 45);
    assert_eq!(app.sel_balance(odette).await, odette_before - 45);
    // A part of a name lists no one (a resident cannot go through the members by letters).
    let page = app.get("/moi", Some(&resident)).await;
    let op = operation_id(&page.body);
    let reply = app
        .post_form(
            "/moi/echanges",
            Some(&resident),
            &[
                ("op", op.as_str()),
                ("receiver", "e"),
                ("minutes", "10"),
                ("memo", "Café"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!reply.body.contains("name=\"receiver_choix\""));
    assert!(
        reply
            .body
            .contains("Aucun membre ne porte exactement ce nom"),
        "{}",
        reply.body
    );
    assert!(!reply.body.contains("Jean Dupuis"));
}

#[tokio::test]
async fn the_desk_ends_a_shift_and_marks_the_review_queue() {
    let app = app().await;
    let s = app.session("accueil").await;
    let overview = app.get("/sel", Some(&s)).await;
    assert_eq!(overview.status, StatusCode::OK);
    assert!(
        overview.body.contains("1 permanence à vérifier"),
        "{}",
        overview.body
    );
    let home = app.get("/accueil", Some(&s)).await;
    assert!(home.body.contains("1 permanence à vérifier"));
    let queue = app.get("/sel/revue", Some(&s)).await;
    assert!(queue.body.contains("Jean Dupuis"));
    assert!(queue.body.contains("sans inscription"));
    let session: i64 = app.count("SELECT id FROM sel_sessions").await;
    let reply = app
        .post_form(
            &format!("/sel/revue/{session}"),
            Some(&s),
            &[("note", "Vu avec Jean")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let queue = app.get("/sel/revue", Some(&s)).await;
    assert!(queue.body.contains("Rien à vérifier."));
    // A time that is no time is refused in words.
    let reply = app
        .post_form(
            &format!("/sel/en-cours/{session}/terminer"),
            Some(&s),
            &[("fin", "25:00")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// The browser's back button brings the cashier's form back with a new operation id and the same
/// items: the same basket for the same person a moment later is asked about, not charged; a tick
/// says it is really a second one.
#[tokio::test]
async fn the_same_basket_again_a_moment_later_is_asked_about_before_being_charged() {
    let app = app().await;
    let s = app.session("accueil").await;
    let odette = app.person_named("Odette").await;
    let basket = app.sel_item("Panier de légumes").await;
    let quantity = format!("q-{basket}");
    let before = app.sel_balance(odette).await;
    let mut ops = vec![];
    for _ in 0..2 {
        let cart = app.get(&format!("/sel/caisse/{odette}"), Some(&s)).await;
        ops.push(operation_id(&cart.body));
    }
    assert_ne!(ops[0], ops[1]);
    let first = app
        .post_form(
            &format!("/sel/caisse/{odette}"),
            Some(&s),
            &[("op", ops[0].as_str()), (quantity.as_str(), "1")],
        )
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let again = app
        .post_form(
            &format!("/sel/caisse/{odette}"),
            Some(&s),
            &[("op", ops[1].as_str()), (quantity.as_str(), "1")],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again.body.contains("Le même panier vient d"),
        "{}",
        again.body
    );
    assert!(again.body.contains("name=\"repeat_ok\""));
    assert_eq!(app.sel_balance(odette).await, before - 90);
    // Another basket is not asked about; the same one, confirmed, is a second purchase.
    let confirmed = app
        .post_form(
            &format!("/sel/caisse/{odette}"),
            Some(&s),
            &[
                ("op", ops[1].as_str()),
                (quantity.as_str(), "1"),
                ("repeat_ok", "1"),
            ],
        )
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    assert_eq!(app.sel_balance(odette).await, before - 180);
}

/// « J'ai oublié mon badge » : from the person's statement, the desk records the shift from its
/// day and times; it is credited once, even if the form is sent twice.
#[tokio::test]
async fn the_desk_records_a_shift_served_without_a_badge_from_the_statement() {
    let app = app().await;
    let s = app.session("accueil").await;
    let odette = app.person_named("Odette").await;
    let before = app.sel_balance(odette).await;
    let page = app.get(&format!("/sel/comptes/{odette}"), Some(&s)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Permanence faite sans badge"),
        "{}",
        page.body
    );
    let op = page
        .body
        .split("action=\"/sel/comptes/")
        .find(|part| part.contains("/permanence\""))
        .and_then(|part| part.split("name=\"op\" value=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .expect("the form's operation id")
        .to_owned();
    let yesterday = (chrono::Utc::now() - chrono::Duration::days(1))
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%Y-%m-%d")
        .to_string();
    let fields = [
        ("op", op.as_str()),
        ("activity_id", "2"),
        ("shift_date", yesterday.as_str()),
        ("shift_start", "09:30"),
        ("shift_end", "12:30"),
    ];
    for _ in 0..2 {
        let reply = app
            .post_form(
                &format!("/sel/comptes/{odette}/permanence"),
                Some(&s),
                &fields,
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    }
    assert_eq!(app.sel_balance(odette).await, before + 180);
    // Without a usable end: refused in French, nothing written.
    let reply = app
        .post_form(
            &format!("/sel/comptes/{odette}/permanence"),
            Some(&s),
            &[
                ("op", "autre-formulaire"),
                ("activity_id", "2"),
                ("shift_date", yesterday.as_str()),
                ("shift_start", "14:00"),
                ("shift_end", "vers 5 h"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Heure non valide"), "{}", reply.body);
    assert_eq!(app.sel_balance(odette).await, before + 180);
}

#[tokio::test]
async fn a_resident_confirms_a_gift_seeing_the_balance_after_and_is_warned_below_zero() {
    let app = app().await;
    let resident = app.session("resident").await;
    let (odette, marie) = (
        app.person_named("Odette").await,
        app.person_named("Marie").await,
    );
    // She sees her own member number, to give to whoever wants to give her time.
    let page = app.get("/moi", Some(&resident)).await;
    assert!(
        page.body
            .contains(&format!("Votre numéro de membre : {odette}.")),
        "{}",
        page.body
    );
    let before = app.sel_balance(odette).await;
    let op = operation_id(&page.body);
    let marie_number = format!("n° {marie}");
    // More than her balance (still within the floor): the check says where it goes.
    let minutes = (before + 30).to_string();
    let gift = [
        ("op", op.as_str()),
        ("receiver", marie_number.as_str()),
        ("heures", "0"),
        ("minutes", minutes.as_str()),
        ("memo", "Courses"),
    ];
    let check = app.post_form("/moi/echanges", Some(&resident), &gift).await;
    assert_eq!(check.status, StatusCode::OK, "{}", check.body);
    assert!(check.body.contains("Vérifiez avant de donner"));
    assert!(
        check
            .body
            .contains(&format!("à Marie Lefèvre (membre n° {marie})")),
        "{}",
        check.body
    );
    assert!(check.body.contains("Votre solde passera de "));
    assert!(check.body.contains("à −30 min."), "{}", check.body);
    assert!(
        check
            .body
            .contains("Attention : votre solde passera en dessous de zéro.")
    );
    // Nothing moved yet.
    assert_eq!(app.sel_balance(odette).await, before);
    assert_eq!(
        app.count("SELECT count(*) FROM sel_transfers WHERE kind = 'exchange'")
            .await,
        0
    );
    // Confirmed: given once, even if the confirmation is sent twice.
    let confirmed = [gift.as_slice(), &[("confirme", "oui")]].concat();
    for _ in 0..2 {
        let reply = app
            .post_form("/moi/echanges", Some(&resident), &confirmed)
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    }
    assert_eq!(app.sel_balance(odette).await, -30);
    assert_eq!(
        app.count("SELECT count(*) FROM sel_transfers WHERE kind = 'exchange'")
            .await,
        1
    );

    // A small gift stays above zero: no warning. Her whole name works, accents or not.
    let page = app.get("/moi", Some(&resident)).await;
    let op = operation_id(&page.body);
    let reply = app
        .post_form(
            "/moi/echanges",
            Some(&resident),
            &[
                ("op", op.as_str()),
                ("receiver", "LEFEVRE marie"),
                ("minutes", "5"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("Vous donnez 5 min à Marie Lefèvre"));
    // Past the floor: refused at once, with what is left.
    let reply = app
        .post_form(
            "/moi/echanges",
            Some(&resident),
            &[
                ("op", op.as_str()),
                ("receiver", marie_number.as_str()),
                ("heures", "500"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Solde insuffisant"), "{}", reply.body);
    // To herself, or to a number nobody has: refused, nothing written.
    for (who, says) in [
        (
            format!("{odette}"),
            "Vous ne pouvez pas vous donner du temps",
        ),
        (
            "n° 99999".to_owned(),
            "Aucun membre avec un compte SEL ne porte ce numéro.",
        ),
    ] {
        let reply = app
            .post_form(
                "/moi/echanges",
                Some(&resident),
                &[
                    ("op", op.as_str()),
                    ("receiver", who.as_str()),
                    ("minutes", "5"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.body.contains(says), "{who}: {}", reply.body);
    }
    assert_eq!(
        app.count("SELECT count(*) FROM sel_transfers WHERE kind = 'exchange'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_shift_recorded_far_in_the_past_is_confirmed_first() {
    let app = app().await;
    let s = app.session("accueil").await;
    let odette = app.person_named("Odette").await;
    let before = app.sel_balance(odette).await;
    let long_ago = (chrono::Utc::now() - chrono::Duration::days(40))
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%Y-%m-%d")
        .to_string();
    let op = "desk-shift-far-past-1";
    let fields = [
        ("op", op),
        ("activity_id", "2"),
        ("shift_date", long_ago.as_str()),
        ("shift_start", "09:30"),
        ("shift_end", "11:30"),
    ];
    let path = format!("/sel/comptes/{odette}/permanence");
    let reply = app.post_form(&path, Some(&s), &fields).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply
            .body
            .contains("il y a 40 jours. Vérifiez le jour, le mois et l"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("id=\"date_confirmee\""));
    assert!(
        reply.body.contains(&format!("value=\"{long_ago}\"")),
        "the date typed is kept"
    );
    assert_eq!(
        app.sel_balance(odette).await,
        before,
        "nothing recorded yet"
    );
    // Confirmed: recorded, once.
    let confirmed = [fields.as_slice(), &[("date_confirmee", "oui")]].concat();
    for _ in 0..2 {
        let reply = app.post_form(&path, Some(&s), &confirmed).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    }
    assert_eq!(app.sel_balance(odette).await, before + 120);
}
