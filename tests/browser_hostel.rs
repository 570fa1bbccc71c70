//! The hostel in headless Chromium on the demo site (axe-core on every page, screenshots in
//! target/screenshots): a visitor asks for a stay from a phone without an account; the night desk sees tonight's arrivals and who is in house, records a
//! walk-in family of four in room 3 (the taxe de séjour for the two adults only) with a police form for the father (two children under 15 on
//! it), checks them in, finds them on the bed planner; the housekeeper makes the dormitory the
//! students wait for from a phone; the family takes four breakfasts, pays what is left by card and
//! checks out in one screen, and gets its receipt — at desk size and on a phone.
#![allow(clippy::unwrap_used)]

mod common;

use common::browser::Browser;
use common::walk::*;

#[test]
fn hostel_the_night_desk_records_a_walk_in_family_checks_them_in_and_out() {
    common::runtime().block_on(async {
        let Some(browser) = Browser::start().await else {
            return;
        };
        let site = common::Site::start();
        let w = Walk {
            browser: &browser,
            base: site.server.http.clone(),
        };
        // A visitor, without an account, on a phone: what is free in three weeks, and a request.
        let (from, to) = (
            (chrono::Local::now().date_naive() + chrono::Duration::days(21)).to_string(),
            (chrono::Local::now().date_naive() + chrono::Duration::days(23)).to_string(),
        );
        w.resize(PHONE.0, PHONE.1).await;
        w.open("/hotel/demande").await;
        browser
            .execute(
                &format!(
                    "document.querySelector('#arrival').value = '{from}';
                     document.querySelector('#departure').value = '{to}';
                     return null;"
                ),
                vec![],
            )
            .await;
        browser.fill("#people", "2").await;
        browser.click("#voir-disponibilites").await;
        browser
            .wait_for_text("#disponible", "Lits en dortoir mixte", PAGE)
            .await;
        w.assert_french("hôtel : demande en ligne").await;
        w.check_page(
            "hôtel : demande en ligne (téléphone)",
            "hotel-00-demande",
            PHONE,
        )
        .await;
        browser.click("#choix-1").await;
        browser.fill("#guest_name", "Lena Fischer").await;
        browser.fill("#email", "lena.fischer@example.org").await;
        browser.click("#envoyer-demande").await;
        browser
            .wait_for_text("#demande-envoyee", "Votre demande est enregistrée", PAGE)
            .await;
        w.resize(DESK.0, DESK.1).await;
        w.log_in("accueil", "/accueil").await;
        // The desk's home says what the hostel needs tonight.
        browser
            .wait_for_text("#hotel", "Arrivées ce soir", PAGE)
            .await;
        w.open("/hotel").await;
        browser
            .wait_for_text("#presents", "Ingrid Larsen", PAGE)
            .await;
        browser
            .wait_for_text("#arrivees", "Lycée Jean-Moulin", PAGE)
            .await;
        browser
            .wait_for_text("#demandes-hotel", "Sofia Rossi", PAGE)
            .await;
        browser
            .wait_for_text("#demandes-hotel", "Lena Fischer", PAGE)
            .await;
        w.assert_french("hôtel : la nuit").await;
        w.check_page("hôtel : la nuit", "hotel-01-nuit", DESK).await;
        w.check_page(
            "hôtel : la nuit (téléphone)",
            "hotel-02-nuit-telephone",
            PHONE,
        )
        .await;
        w.resize(DESK.0, DESK.1).await;

        // A family of four walks in: room 3, tonight only.
        browser.click("#nouveau-sejour").await;
        w.wait_for_path("/hotel/sejours/nouveau").await;
        browser.fill("#guest_name", "Famille Okafor").await;
        browser.fill("#phone", "07 12 34 56 78").await;
        browser.fill("#people", "4").await;
        browser.fill("#minors", "2").await;
        browser
            .execute(
                "const s = document.querySelector('#room_id');
                 s.value = [...s.options].find(o => o.text.startsWith('Chambre 3')).value;
                 return null;",
                vec![],
            )
            .await;
        w.check_page("hôtel : nouveau séjour", "hotel-03-nouveau", DESK)
            .await;
        browser.click("#enregistrer").await;
        browser.wait_for_text("#lits", "Chambre 3", PAGE).await;
        assert!(browser.text("#lits").await.contains("1, 2, 3, 4"));
        assert_eq!(browser.text("#prix").await, "80,00 €");
        // The demo's commune: 5 % of 20 € per person, + 10 %: 1,10 € for each of the two adults.
        assert_eq!(
            browser.text("#taxe").await,
            "2,20 € (2 personne(s) exonérée(s))"
        );
        // The parents are Nigerian: one police form each would be the rule; the test fills in the
        // father's, with the two children under 15 on it.
        browser.click("#fiches summary").await;
        browser.fill("#last_name", "Okafor").await;
        browser.fill("#first_name", "Chidi").await;
        browser
            .execute(
                "document.querySelector('#birth_date').value = '1984-02-29'; return null;",
                vec![],
            )
            .await;
        browser.fill("#birth_place", "Lagos (Nigeria)").await;
        browser.fill("#nationality", "nigériane").await;
        browser
            .fill("#address", "12 Awolowo Road, Ikoyi, Lagos, Nigeria")
            .await;
        browser.fill("#children", "2").await;
        // Not ticked « signed »: refused at that box, what was typed kept.
        browser.click("#ajouter-fiche").await;
        browser
            .wait_for_text("#erreurs", "Faites signer la fiche papier", PAGE)
            .await;
        assert_eq!(browser.value("#last_name").await, "Okafor");
        browser.click("#signed_on_paper").await;
        browser.click("#ajouter-fiche").await;
        browser.wait_for_text("#fiches", "OKAFOR Chidi", PAGE).await;
        assert!(
            browser
                .text("#fiches")
                .await
                .contains("avec 2 enfants de moins de 15 ans")
        );
        // The arrival in one screen, with a guest badge for the father (typed as printed on it).
        browser.fill("#arrivee-badge", "04a1b2c3").await;
        browser.fill("#arrivee-titulaire", "Chidi Okafor").await;
        browser.click("#arrivee").await;
        browser.wait_for_text("#statut", "Arrivé", PAGE).await;
        assert!(
            browser
                .text("#badges-invites")
                .await
                .contains("04A1B2C3 — Chidi Okafor — prêté, valable jusqu'au")
        );
        w.assert_french("hôtel : le séjour").await;
        w.check_page("hôtel : le séjour", "hotel-04-sejour", PHONE)
            .await;
        w.resize(DESK.0, DESK.1).await;

        // The bed planner shows them on room 3's four beds, in words.
        w.open("/hotel/grille").await;
        browser
            .wait_for_text("#grille", "Famille Okafor", PAGE)
            .await;
        let named = w
            .js_text(
                "return String([...document.querySelectorAll('#grille td')]
                   .filter(td => td.textContent.trim() === 'Famille Okafor').length);",
            )
            .await;
        assert_eq!(named, "4", "four beds, tonight");
        w.check_page("hôtel : planning des lits", "hotel-05-planning", DESK)
            .await;

        // The housekeeper, on a phone: the Tilleul dormitory first (the students arrive tonight on
        // the two beds the hiking club left); one button.
        w.open("/hotel/menage").await;
        browser
            .wait_for_text("#menage li:first-child", "Dortoir Tilleul", PAGE)
            .await;
        w.check_page("hôtel : ménage (téléphone)", "hotel-06-menage", PHONE)
            .await;
        browser.click("#menage li:first-child button").await;
        browser.wait_for_text("main", "C'est noté.", PAGE).await;
        w.resize(DESK.0, DESK.1).await;
        w.open("/hotel").await;
        browser
            .wait_for_text("#arrivees", "Lycée Jean-Moulin", PAGE)
            .await;
        assert!(
            !browser
                .text("#arrivees")
                .await
                .contains("attend des lits propres")
        );

        // Next morning (the test cannot wait: the departure is recorded now, which keeps the
        // night already begun).
        w.open("/hotel").await;
        browser
            .wait_for_text("#presents", "Famille Okafor", PAGE)
            .await;
        let id = w
            .js_text(
                "return [...document.querySelectorAll('#presents a')]
                   .find(a => a.textContent === 'Famille Okafor').getAttribute('href');",
            )
            .await;
        w.open(&id).await;
        // Four breakfasts on the folio, then the departure in one screen: what is left to pay
        // (the night, its tax, the breakfasts), taken by card, and the family checked out.
        browser
            .execute(
                "document.querySelectorAll('#folio details').forEach(d => d.open = true);
                 const s = document.querySelector('#extra_id');
                 s.value = [...s.options].find(o => o.text.startsWith('Petit-déjeuner')).value;
                 return null;",
                vec![],
            )
            .await;
        browser.fill("#quantity", "4").await;
        browser.click("#ajouter-prestation").await;
        browser
            .wait_for_text("#lignes-folio", "Petit-déjeuner × 4", PAGE)
            .await;
        assert_eq!(browser.text("#du").await, "108,20 €");
        assert_eq!(
            browser.text("#reste-a-payer").await,
            "Reste à payer au départ : 108,20 €"
        );
        assert_eq!(browser.value("#depart-amount").await, "108,20");
        browser
            .execute(
                "document.querySelector('#depart-method').value = 'card'; return null;",
                vec![],
            )
            .await;
        // The badge is in the desk's hand: ticked « rendu ».
        browser
            .click("#formulaire-depart input[type=checkbox]")
            .await;
        w.check_page("hôtel : départ et folio", "hotel-07-depart", DESK)
            .await;
        browser.click("#depart").await;
        browser.wait_for_text("#statut", "Parti", PAGE).await;
        assert!(
            browser
                .text("#badges-invites")
                .await
                .contains("04A1B2C3 — Chidi Okafor — rendu le")
        );
        assert!(browser.text("main").await.contains("Départ enregistré."));
        assert_eq!(browser.text("#solde").await, "0,00 €");
        assert!(
            browser
                .text("#lignes-folio")
                .await
                .contains("Paiement : Carte bancaire")
        );
        browser.click("#voir-recu").await;
        browser.wait_for_text("#lignes-recu", "Nuit du", PAGE).await;
        assert_eq!(browser.text("#reste").await, "0,00 €");
        w.check_page("hôtel : reçu", "hotel-08-recu", DESK).await;
        // The platforms' calendars: none read on the demo site, the page says so.
        w.open("/hotel/calendriers").await;
        browser
            .wait_for_text("#aucun-calendrier", "Aucun calendrier", PAGE)
            .await;
        w.check_page(
            "hôtel : calendriers des plateformes",
            "hotel-09-calendriers",
            DESK,
        )
        .await;
        w.log_out().await;
    });
}
