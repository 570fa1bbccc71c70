//! Paper slips (issue 17, part 2): a senior without e-mail or login hears from the place on paper.
//! The desk sees them on « À remettre » and on its home, prints their slips in large type under
//! the site's name — printing marks nothing —, and marks them « Remis en main propre »: only the
//! slips the list showed, once, audited; a second click changes nothing and says so. Residents
//! reach none of it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::StatusCode;
use citeosquare_server::audit::Actor;
use citeosquare_server::notify::{self, Channel, Event};
use citeosquare_server::people::{self, PersonInput};
use support::{Session, TestApp};

const LIST: &str = "/accueil/a-remettre";
const PRINT: &str = "/accueil/a-remettre/imprimer";

/// The test application, with the desk's steps around paper slips.
struct App {
    t: TestApp,
    desk: Session,
}
support::deref_to_test_app!(App, t);

impl App {
    async fn new() -> App {
        let t = TestApp::new().await;
        let desk = t.session("accueil").await;
        // The demo's people without e-mail were told of its SEL movements on paper: taken
        // already, so that each test starts with nothing to hand over.
        sqlx::query(
            "UPDATE notifications SET handed_at = created_at, handed_by = 'démo'
             WHERE channel = 'paper'",
        )
        .execute(&t.pool)
        .await
        .unwrap();
        App { t, desk }
    }

    /// A person the desk registered with a phone but no e-mail, and no login.
    async fn senior(&self, first: &str, last: &str) -> i64 {
        self.senior_speaking(first, last, "fr").await
    }

    /// The same, speaking `language`.
    async fn senior_speaking(&self, first: &str, last: &str, language: &str) -> i64 {
        let input: PersonInput = serde_json::from_value(serde_json::json!({
            "first_name": first, "last_name": last, "kind": "resident", "phone": "06 12 34 56 78",
            "language": language,
        }))
        .unwrap();
        people::create(&self.pool, &Actor::cli(), &input)
            .await
            .unwrap()
    }

    /// Tells `person` they received 1 h 30 from Marie Lefèvre (`key` names the event).
    async fn tell_minutes(&self, person: i64, key: &str) -> i64 {
        let mut conn = self.pool.acquire().await.unwrap();
        let event = Event::new(key, "sel-received")
            .arg("amount_minutes", 90)
            .arg("from", "Marie Lefèvre")
            .arg("has_memo", "no")
            .arg("memo", "")
            .link("/moi");
        assert!(notify::tell(&mut conn, person, &event).await.unwrap());
        sqlx::query_scalar("SELECT id FROM notifications WHERE event_key = ? AND person_id = ?")
            .bind(key)
            .bind(person)
            .fetch_one(&mut *conn)
            .await
            .unwrap()
    }

    /// A page as the desk sees it (`path` may end in a `#fragment`), its apostrophes as typed.
    async fn desk_page(&self, path: &str) -> String {
        let path = path.split('#').next().unwrap_or_default();
        let r = self.page(path, Some(&self.desk)).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        r.body.replace("&#39;", "'").replace("&#x27;", "'")
    }

    /// « Remis en main propre » for `person`, sending the slips `ids` as the list's form does.
    async fn hand_over(&self, person: i64, ids: &[i64]) -> support::Reply {
        let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
        let fields: Vec<(&str, &str)> = ids.iter().map(|id| ("id", id.as_str())).collect();
        self.post_form(&format!("{LIST}/{person}/remis"), Some(&self.desk), &fields)
            .await
    }

    async fn handed(&self, id: i64) -> (Option<String>, Option<String>) {
        sqlx::query_as("SELECT handed_at, handed_by FROM notifications WHERE id = ?")
            .bind(id)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }
}

/// The slip ids a person's « Remis en main propre » form on the list carries.
fn form_ids(list: &str, person: i64) -> Vec<i64> {
    let action = format!("action=\"{LIST}/{person}/remis\"");
    let Some(start) = list.find(&action) else {
        return vec![];
    };
    let form = &list[start..start + list[start..].find("</form>").unwrap()];
    form.match_indices("name=\"id\" value=\"")
        .map(|(i, m)| {
            let rest = &form[i + m.len()..];
            rest[..rest.find('"').unwrap()].parse().unwrap()
        })
        .collect()
}

#[tokio::test]
async fn a_senior_without_email_gets_a_slip_the_desk_prints_and_hands_over_once() {
    let app = App::new().await;
    sqlx::query("UPDATE site_settings SET display_name = 'Cité des Tilleuls'")
        .execute(&app.pool)
        .await
        .unwrap();
    let germaine = app.senior("Germaine", "Roux").await;
    let mut conn = app.pool.acquire().await.unwrap();
    let pref = notify::preference(&mut conn, germaine).await.unwrap();
    drop(conn);
    assert_eq!(pref.channel, Channel::Paper, "no e-mail, no login: paper");

    // Nothing waits yet: a friendly word, and no box on the desk's home.
    assert!(app.desk_page(LIST).await.contains("Rien à remettre"));
    assert!(
        !app.desk_page("/accueil")
            .await
            .contains("à remettre sur papier")
    );

    let slip = app.tell_minutes(germaine, "sel-transfer:1:received").await;

    // The list: her name linking to her record, her member number, phone, one slip and its date.
    let list = app.desk_page(LIST).await;
    assert!(list.contains(&format!(
        "<a href=\"/personnes/{germaine}\">Germaine Roux</a>"
    )));
    assert!(list.contains(&format!("membre n° {germaine}")), "{list}");
    assert!(list.contains("tél. 06 12 34 56 78"));
    assert!(list.contains("<strong>1 avis</strong>"), "{list}");
    assert!(list.contains("Vous avez reçu 1 h 30 de temps"), "{list}");
    assert!(list.contains("Imprimer les avis de Germaine Roux"));
    assert!(list.contains(&format!("href=\"{PRINT}?personne={germaine}\"")));
    assert!(list.contains("Tout imprimer"));
    assert!(list.contains("Remis en main propre à Germaine Roux"));
    assert!(list.contains(
        "data-confirm=\"Les avis de cette liste ont-ils bien été remis à Germaine Roux ?"
    ));
    assert_eq!(form_ids(&list, germaine), vec![slip]);
    // The desk's home says so, with the way to the list.
    let home = app.desk_page("/accueil").await;
    assert!(home.contains("1 avis à remettre sur papier"), "{home}");
    assert!(home.contains(&format!("href=\"{LIST}\"")));

    // The print view: under the site's name, for her, dated, the message in full, why, and how
    // to hear otherwise; no menus; large type on A4 from its stylesheet.
    let print = app.desk_page(&format!("{PRINT}?personne={germaine}")).await;
    assert!(print.starts_with("<!doctype html>\n<html lang=\"fr\">"));
    assert!(print.contains("<title>Avis à remettre — impression — Cité des Tilleuls</title>"));
    assert!(print.contains("<p class=\"paper-site\">Cité des Tilleuls</p>"));
    assert!(print.contains("Pour : Germaine Roux"));
    assert!(print.contains("Imprimé le "));
    assert!(print.contains("Vous avez reçu 1 h 30 de temps"), "{print}");
    assert!(
        print.contains("Marie Lefèvre vous a crédité 1 h 30"),
        "{print}"
    );
    assert!(print.contains("Avis du "));
    assert!(print.contains("parce que votre compte SEL a été crédité"));
    assert!(print.contains(
        "Vous pouvez demander à l'accueil de recevoir ces avis autrement (courriel, page personnelle)."
    ));
    assert!(print.contains("data-print"));
    assert!(!print.contains("<nav"), "no menus on the slips");
    let css = app
        .page("/accueil/a-remettre/avis.css", Some(&app.desk))
        .await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.content_type().starts_with("text/css"));
    assert!(css.body.contains("@page { size: A4"));
    assert!(css.body.contains("break-after: page"));
    assert!(css.body.contains("font-size: 16pt") && css.body.contains("font-size: 24pt"));
    // Printing marked nothing.
    assert_eq!(app.handed(slip).await, (None, None));
    assert!(app.desk_page(PRINT).await.contains("Pour : Germaine Roux"));

    // Handed over: off the list, stamped with the time and the desk's name, audited once.
    let r = app.hand_over(germaine, &[slip]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = app.desk_page(r.location()).await;
    assert!(
        after.contains("C'est noté : avis remis en main propre."),
        "{after}"
    );
    assert!(!after.contains("Germaine Roux"));
    assert!(after.contains("Rien à remettre"));
    let (at, by) = app.handed(slip).await;
    assert!(at.is_some());
    assert_eq!(by.as_deref(), Some("Accueil (démo)"));
    assert!(
        !app.desk_page("/accueil")
            .await
            .contains("à remettre sur papier")
    );
    assert!(!app.desk_page(PRINT).await.contains("Germaine Roux"));
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'notify.handed'")
            .await,
        1
    );

    // A second click (a double click, a page left open): nothing changes, and the page says so.
    let again = app.hand_over(germaine, &[slip]).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let page = app.desk_page(again.location()).await;
    assert!(
        page.contains("Rien de nouveau à noter : ces avis étaient déjà notés remis."),
        "{page}"
    );
    assert_eq!(app.handed(slip).await, (at, by));
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'notify.handed'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_slip_made_after_the_list_was_shown_is_not_marked_by_its_form() {
    let app = App::new().await;
    let germaine = app.senior("Germaine", "Roux").await;
    let andre = app.senior_speaking("André", "Blanc", "en").await;
    let first = app.tell_minutes(germaine, "sel-transfer:1:received").await;
    let other = app.tell_minutes(andre, "sel-transfer:2:received").await;

    // The desk shows the list (oldest first), prints, and a new slip arrives meanwhile.
    let list = app.desk_page(LIST).await;
    let (g, a) = (
        list.find("Germaine Roux").unwrap(),
        list.find("André Blanc").unwrap(),
    );
    assert!(g < a, "the person waiting longest comes first");
    assert!(
        list.contains("2 avis à remettre pour 2 personnes"),
        "{list}"
    );
    let ids = form_ids(&list, germaine);
    assert_eq!(ids, vec![first]);
    let late = app.tell_minutes(germaine, "sel-transfer:3:received").await;

    // One person's print holds only their slips.
    let print = app.desk_page(&format!("{PRINT}?personne={germaine}")).await;
    assert!(print.contains("Pour : Germaine Roux") && !print.contains("André Blanc"));
    assert_eq!(print.matches("<section class=\"paper-message\"").count(), 2);
    let all = app.desk_page(PRINT).await;
    assert_eq!(all.matches("<article class=\"paper-slip\"").count(), 2);
    // André reads English: his slip is framed and written in it, and says so to screen readers.
    assert!(all.contains(&format!(
        "<article class=\"paper-slip\" lang=\"en\" id=\"avis-{andre}\""
    )));
    assert!(all.contains("For: André Blanc"));
    assert!(all.contains("You can ask the front desk to receive these notices another way"));
    assert!(
        app.desk_page(&format!("{PRINT}?personne="))
            .await
            .contains("For: André Blanc")
    );

    // The form sent what the list showed: the late slip still waits, André's too — even when
    // his id is slipped into her form.
    let r = app.hand_over(germaine, &[ids[0], other]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(app.handed(first).await.0.is_some());
    assert_eq!(app.handed(late).await, (None, None));
    assert_eq!(app.handed(other).await, (None, None));
    let list = app.desk_page(LIST).await;
    assert!(list.contains("Germaine Roux") && list.contains("André Blanc"));
    assert_eq!(form_ids(&list, germaine), vec![late]);
    assert_eq!(form_ids(&list, andre), vec![other]);

    // Refusals that change nothing: no such person, a form that is not ours, a bad address.
    assert_eq!(
        app.hand_over(999_999, &[late]).await.status,
        StatusCode::NOT_FOUND
    );
    let bad = app
        .post_form(
            &format!("{LIST}/{germaine}/remis"),
            Some(&app.desk),
            &[("id", "douze")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.page(&format!("{PRINT}?personne=abc"), Some(&app.desk))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.handed(late).await, (None, None));
}

#[tokio::test]
async fn a_resident_reaches_none_of_the_desks_slips() {
    let app = App::new().await;
    let germaine = app.senior("Germaine", "Roux").await;
    let slip = app.tell_minutes(germaine, "sel-transfer:1:received").await;
    let resident = app.session("resident").await;
    for path in [
        LIST,
        PRINT,
        &format!("{PRINT}?personne={germaine}"),
        "/accueil/a-remettre/avis.css",
    ] {
        let r = app.page(path, Some(&resident)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        assert!(!r.body.contains("Germaine"));
    }
    let r = app
        .post_form(
            &format!("{LIST}/{germaine}/remis"),
            Some(&resident),
            &[("id", &slip.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.handed(slip).await, (None, None));
    // Nobody logged in is sent to the login page.
    let r = app.page(LIST, None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().starts_with("/connexion"));
}
