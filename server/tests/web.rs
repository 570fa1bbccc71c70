//! The pages and the API through the real router (no network): who may do what (every route × every
//! role × anonymous), the logbook's lock, the audit log, badges, the API's problems and GDPR
//! erasure. Logging in, sessions, CSRF and forms are in `web_sessions.rs`; the SEL's pages in
//! `web_sel.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use axum::http::{Method, StatusCode, header};
use citeosquare_server::auth::{self, Role};
use citeosquare_server::{db, web};
use std::collections::BTreeSet;

mod support;

use support::app::{App, app, login};

// ---------------------------------------------------------------------------------------------
// The role × route matrix

/// Every route: the core and SEL ones, then the chrono'espaces' pages and API.
fn expected() -> Vec<(&'static str, &'static str, &'static str)> {
    [
        EXPECTED_CORE,
        EXPECTED_SPACES_PAGES,
        EXPECTED_SPACES_ADMIN,
        EXPECTED_SPACES_API,
        EXPECTED_VEHICLES,
        EXPECTED_HOSTEL,
        EXPECTED_PRESENCE,
        EXPECTED_NOTIFY,
        EXPECTED_BIENVIVRE,
    ]
    .concat()
}

/// The Bien-Vivre dashboard: everybody sees what is published (the staff and the committee
/// everything), the committee's commentary is checked in the handler (others find no such form),
/// the desk enters readings, the admin sets the switches and names the committee.
const EXPECTED_BIENVIVRE: &[(&str, &str, &str)] = &[
    ("GET", "/bien-vivre", "public"),
    ("GET", "/bien-vivre/rapport", "public"),
    ("GET", "/bien-vivre/rapport.csv", "public"),
    ("GET", "/bien-vivre/rapport.ods", "public"),
    ("POST", "/bien-vivre/rapport/commentaire", "any"),
    ("GET", "/bien-vivre/saisie", "staff"),
    ("POST", "/bien-vivre/saisie", "staff"),
    ("GET", "/bien-vivre/reglages", "admin"),
    ("POST", "/bien-vivre/reglages/indicateur", "admin"),
    ("POST", "/bien-vivre/reglages/nouvel-indicateur", "admin"),
    ("POST", "/bien-vivre/reglages/comite", "admin"),
    ("GET", "/api/v1/bien-vivre/indicators", "public"),
    ("GET", "/api/v1/bien-vivre/entries", "staff"),
    ("POST", "/api/v1/bien-vivre/entries", "staff"),
];

/// Telling people: one's own notices and choice (members), the desk's choice for a person and
/// its paper slips (staff), the site's mail account (admin).
const EXPECTED_NOTIFY: &[(&str, &str, &str)] = &[
    ("GET", "/avis", "members"),
    ("POST", "/avis/preferences", "members"),
    ("POST", "/personnes/{id}/avis", "staff"),
    ("GET", "/accueil/a-remettre", "staff"),
    ("GET", "/accueil/a-remettre/imprimer", "staff"),
    ("GET", "/accueil/a-remettre/avis.css", "staff"),
    ("POST", "/accueil/a-remettre/{id}/remis", "staff"),
    ("GET", "/admin/courriel", "admin"),
    ("POST", "/admin/courriel", "admin"),
    ("POST", "/admin/courriel/essai", "admin"),
    ("POST", "/admin/courriel/{id}/reessayer", "admin"),
];

/// The shared vehicles' pages and API: members book for themselves (the rules check whose
/// booking it is), the desk runs the board, the workshop and the licences.
/// Presence in the building, visitors, the evacuation list and the roll call: the desk's.
const EXPECTED_PRESENCE: &[(&str, &str, &str)] = &[
    ("GET", "/presences", "staff"),
    ("GET", "/presences/encadre", "staff"),
    ("POST", "/presences/visiteurs", "staff"),
    ("POST", "/presences/visiteurs/{id}/sortie", "staff"),
    ("POST", "/presences/personnes/{id}/entree", "staff"),
    ("POST", "/presences/personnes/{id}/sortie", "staff"),
    ("GET", "/presences/personnes/{id}/aide", "staff"),
    ("POST", "/presences/personnes/{id}/aide", "staff"),
    ("GET", "/evacuation", "staff"),
    ("POST", "/evacuation/appel", "staff"),
    ("GET", "/evacuation/appel/{id}", "staff"),
    ("POST", "/evacuation/appel/{id}/lignes/{line}", "staff"),
    ("POST", "/evacuation/appel/{id}/fin", "staff"),
    ("GET", "/registre-securite", "staff"),
    ("GET", "/accueil/nuit", "staff"),
    ("GET", "/registres", "staff"),
    ("POST", "/registres/prets", "staff"),
    ("POST", "/registres/prets/{id}/rendu", "staff"),
    ("POST", "/registres/colis", "staff"),
    ("POST", "/registres/colis/{id}/prevenu", "staff"),
    ("POST", "/registres/colis/{id}/remis", "staff"),
    ("POST", "/registres/objets", "staff"),
    ("POST", "/registres/objets/{id}/rendu", "staff"),
    ("GET", "/accueil/nuit/alertes", "staff"),
    ("POST", "/registre-securite", "staff"),
    ("GET", "/api/v1/visitors", "staff"),
    ("POST", "/api/v1/visitors", "staff"),
    ("POST", "/api/v1/visitors/{id}/departure", "staff"),
    ("POST", "/api/v1/persons/{id}/presence", "staff"),
];

/// The hostel: the desk's pages and API; adding a room is the admin's.
const EXPECTED_HOSTEL: &[(&str, &str, &str)] = &[
    ("GET", "/hotel", "staff"),
    ("GET", "/hotel/grille", "staff"),
    ("GET", "/hotel/sejours/nouveau", "staff"),
    ("POST", "/hotel/sejours/nouveau", "staff"),
    ("GET", "/hotel/sejours/{id}", "staff"),
    ("POST", "/hotel/sejours/{id}/accepter", "staff"),
    ("POST", "/hotel/sejours/{id}/arrivee", "staff"),
    ("POST", "/hotel/sejours/{id}/depart", "staff"),
    ("POST", "/hotel/sejours/{id}/absent", "staff"),
    ("POST", "/hotel/sejours/{id}/date-de-depart", "staff"),
    ("GET", "/hotel/sejours/{id}/annuler", "staff"),
    ("POST", "/hotel/sejours/{id}/annuler", "staff"),
    ("GET", "/hotel/chambres", "staff"),
    ("POST", "/hotel/chambres", "admin"),
    ("POST", "/hotel/chambres/hors-service", "staff"),
    ("GET", "/hotel/menage", "staff"),
    ("POST", "/hotel/menage/{id}", "staff"),
    ("POST", "/hotel/sejours/{id}/fiches", "staff"),
    ("GET", "/hotel/fiches", "staff"),
    ("GET", "/hotel/fiches/{id}", "staff"),
    ("GET", "/api/v1/hostel/rooms", "staff"),
    ("POST", "/api/v1/hostel/rooms", "admin"),
    ("POST", "/api/v1/hostel/rooms/{id}/closures", "staff"),
    ("GET", "/api/v1/hostel/rates", "staff"),
    ("POST", "/api/v1/hostel/rates", "admin"),
    ("POST", "/api/v1/hostel/stays", "staff"),
    ("GET", "/api/v1/hostel/stays/{id}", "staff"),
    ("POST", "/api/v1/hostel/stays/{id}/confirm", "staff"),
    ("POST", "/api/v1/hostel/stays/{id}/check-in", "staff"),
    ("POST", "/api/v1/hostel/stays/{id}/check-out", "staff"),
    ("POST", "/api/v1/hostel/stays/{id}/no-show", "staff"),
    ("POST", "/api/v1/hostel/stays/{id}/cancel", "staff"),
    ("PUT", "/api/v1/hostel/stays/{id}/departure", "staff"),
    ("GET", "/api/v1/hostel/day", "staff"),
    ("GET", "/api/v1/hostel/grid", "staff"),
    ("POST", "/api/v1/hostel/stays/{id}/police-forms", "staff"),
    ("GET", "/api/v1/hostel/police-forms", "staff"),
    ("GET", "/api/v1/hostel/housekeeping", "staff"),
    ("PUT", "/api/v1/hostel/rooms/{id}/housekeeping", "staff"),
    ("GET", "/api/v1/hostel/tax-rules", "staff"),
    ("POST", "/api/v1/hostel/tax-rules", "admin"),
    ("GET", "/api/v1/hostel/tax-register", "staff"),
    ("GET", "/hotel/taxe-de-sejour", "staff"),
    ("GET", "/hotel/taxe-de-sejour.csv", "staff"),
    ("POST", "/hotel/taxe-de-sejour/regles", "admin"),
    ("POST", "/hotel/sejours/{id}/prestations", "staff"),
    ("POST", "/hotel/sejours/{id}/paiements", "staff"),
    ("POST", "/hotel/sejours/{id}/corrections", "staff"),
    ("GET", "/hotel/sejours/{id}/recu", "staff"),
    ("GET", "/hotel/folios", "staff"),
    ("POST", "/hotel/folios/prestations", "admin"),
    ("POST", "/hotel/folios/prestations/{id}/retirer", "admin"),
    ("POST", "/hotel/folios/reglages", "admin"),
    ("GET", "/api/v1/hostel/stays/{id}/folio", "staff"),
    ("POST", "/api/v1/hostel/stays/{id}/folio/extras", "staff"),
    ("POST", "/api/v1/hostel/stays/{id}/folio/payments", "staff"),
    (
        "POST",
        "/api/v1/hostel/stays/{id}/folio/corrections",
        "staff",
    ),
    ("GET", "/api/v1/hostel/extras", "staff"),
    ("POST", "/api/v1/hostel/extras", "admin"),
    ("POST", "/api/v1/hostel/extras/{id}/withdraw", "admin"),
    ("GET", "/api/v1/hostel/settings", "staff"),
    ("PUT", "/api/v1/hostel/settings", "admin"),
    ("GET", "/api/v1/hostel/audits", "staff"),
    ("GET", "/hotel/demande", "public"),
    ("POST", "/hotel/demande", "public"),
    ("GET", "/hotel/demande/envoyee", "public"),
    ("GET", "/calendrier/hotel/{id}", "public"),
    ("POST", "/hotel/sejours/{id}/changer-de-chambre", "staff"),
    ("POST", "/api/v1/hostel/stays/{id}/move", "staff"),
    ("POST", "/hotel/sejours/{id}/badges", "staff"),
    ("POST", "/hotel/sejours/{id}/badges/{badge}/rendu", "staff"),
    ("GET", "/hotel/sejours/{id}/badge-lu", "staff"),
    ("GET", "/hotel/calendriers", "staff"),
    ("POST", "/hotel/calendriers", "admin"),
    ("POST", "/hotel/calendriers/{id}/lire", "staff"),
    ("POST", "/hotel/calendriers/{id}/retirer", "admin"),
    ("GET", "/api/v1/hostel/imports", "staff"),
    ("POST", "/api/v1/hostel/imports", "admin"),
    ("POST", "/api/v1/hostel/imports/{id}/read", "staff"),
    ("POST", "/api/v1/hostel/imports/{id}/remove", "admin"),
    ("GET", "/api/v1/hostel/stays/{id}/badges", "staff"),
    ("POST", "/api/v1/hostel/stays/{id}/badges", "staff"),
    (
        "POST",
        "/api/v1/hostel/stays/{id}/badges/{badge_id}/returned",
        "staff",
    ),
];

const EXPECTED_VEHICLES: &[(&str, &str, &str)] = &[
    ("GET", "/vehicules", "any"),
    ("GET", "/vehicules/quand", "any"),
    ("GET", "/vehicules/confirmer", "any"),
    ("POST", "/vehicules/reserver", "any"),
    ("GET", "/vehicules/pour/{id}", "staff"),
    ("GET", "/vehicules/reservations/{id}", "any"),
    ("GET", "/vehicules/reservations/{id}/annuler", "any"),
    ("POST", "/vehicules/reservations/{id}/annuler", "any"),
    ("GET", "/vehicules/reservations/{id}/retour", "any"),
    ("POST", "/vehicules/reservations/{id}/retour", "any"),
    ("GET", "/accueil/vehicules", "staff"),
    ("GET", "/vehicules/{id}", "staff"),
    ("POST", "/vehicules/{id}/atelier", "staff"),
    ("GET", "/vehicules/atelier/{id}", "staff"),
    ("POST", "/vehicules/atelier/{id}/appele", "staff"),
    ("POST", "/vehicules/atelier/{id}/terminer", "staff"),
    ("POST", "/vehicules/dommages/{id}/examiner", "staff"),
    ("GET", "/vehicules/permis/{id}", "staff"),
    ("POST", "/vehicules/permis/{id}", "staff"),
    ("POST", "/vehicules/permis/{id}/prise-en-main", "staff"),
    ("GET", "/vehicules/trajet", "any"),
    ("GET", "/vehicules/trajet/confirmer", "any"),
    ("POST", "/vehicules/trajets", "any"),
    ("GET", "/vehicules/trajets", "any"),
    ("GET", "/vehicules/trajets/{id}", "any"),
    ("POST", "/vehicules/trajets/{id}/prendre", "any"),
    ("POST", "/vehicules/trajets/{id}/rendre", "any"),
    ("POST", "/vehicules/trajets/{id}/fait", "any"),
    ("POST", "/vehicules/trajets/{id}/annuler", "any"),
    ("GET", "/accueil/trajets/bilan", "staff"),
    ("GET", "/accueil/trajets/bilan.csv", "staff"),
    ("GET", "/admin/vehicules", "admin"),
    ("POST", "/admin/vehicules", "admin"),
    ("GET", "/admin/vehicules/{id}", "admin"),
    ("POST", "/admin/vehicules/{id}", "admin"),
    ("POST", "/admin/vehicules/{id}/retirer", "admin"),
    ("POST", "/vehicules/{id}/entretien", "staff"),
    ("POST", "/vehicules/{id}/entretien/{plan}/fait", "staff"),
    ("POST", "/vehicules/{id}/sinistres", "staff"),
    ("POST", "/vehicules/{id}/sinistres/{claim}/declare", "staff"),
    ("POST", "/vehicules/{id}/prix", "admin"),
    ("GET", "/vehicules/releve/{id}", "any"),
    ("GET", "/api/v1/vehicles/{id}/plans", "staff"),
    ("POST", "/api/v1/vehicles/{id}/plans", "staff"),
    ("GET", "/api/v1/vehicle-claims", "staff"),
    ("POST", "/api/v1/vehicles/{id}/claims", "staff"),
    ("GET", "/api/v1/persons/{id}/vehicle-statement", "any"),
    ("POST", "/api/v1/vehicle-trips", "any"),
    ("GET", "/api/v1/vehicle-trips", "any"),
    ("GET", "/api/v1/vehicle-trips/report", "staff"),
    ("GET", "/api/v1/vehicle-trips/{id}", "any"),
    ("POST", "/api/v1/vehicle-trips/{id}/take", "any"),
    ("POST", "/api/v1/vehicle-trips/{id}/release", "any"),
    ("POST", "/api/v1/vehicle-trips/{id}/done", "any"),
    ("POST", "/api/v1/vehicle-trips/{id}/cancel", "any"),
    ("GET", "/api/v1/vehicles", "any"),
    ("POST", "/api/v1/vehicles", "admin"),
    ("GET", "/api/v1/vehicles/board", "staff"),
    ("GET", "/api/v1/vehicles/{id}", "any"),
    ("PUT", "/api/v1/vehicles/{id}", "admin"),
    ("PUT", "/api/v1/vehicles/{id}/photo", "admin"),
    ("GET", "/api/v1/vehicles/{id}/photo", "any"),
    ("POST", "/admin/vehicules/{id}/photo", "admin"),
    ("GET", "/vehicules/{id}/photo.jpg", "any"),
    ("POST", "/api/v1/vehicles/{id}/retire", "admin"),
    ("POST", "/api/v1/vehicles/{id}/workshop", "staff"),
    ("GET", "/api/v1/vehicle-workshop/{id}", "staff"),
    ("POST", "/api/v1/vehicle-bookings", "any"),
    ("GET", "/api/v1/vehicle-bookings/{id}", "any"),
    ("POST", "/api/v1/vehicle-bookings/{id}/cancel", "any"),
    ("POST", "/api/v1/vehicle-bookings/{id}/return", "any"),
    ("POST", "/api/v1/vehicle-damages/{id}/review", "staff"),
    ("PUT", "/api/v1/vehicle-damages/{id}/photo", "any"),
    ("GET", "/api/v1/vehicle-damages/{id}/photo", "any"),
    ("GET", "/vehicules/dommages/{id}/photo", "any"),
    ("POST", "/vehicules/dommages/{id}/photo", "any"),
    ("GET", "/vehicules/dommages/{id}/photo.jpg", "any"),
    ("GET", "/api/v1/persons/{id}/licence", "staff"),
    ("PUT", "/api/v1/persons/{id}/licence", "staff"),
];

/// The chrono'espaces' pages.
const EXPECTED_SPACES_PAGES: &[(&str, &str, &str)] = &[
    ("GET", "/salles", "any"),
    ("GET", "/salles/{id}", "any"),
    ("POST", "/salles/{id}/reserver", "any"),
    ("GET", "/reservations/{id}", "any"),
    ("POST", "/reservations/{id}/annuler", "any"),
    ("POST", "/reservations/{id}/deplacer", "any"),
    ("GET", "/associations/salles", "association"),
    ("POST", "/associations/salles/apercu", "association"),
    ("POST", "/associations/salles/serie", "association"),
    ("GET", "/accueil/demandes", "staff"),
    ("POST", "/accueil/demandes/{id}/accepter", "staff"),
    ("POST", "/accueil/demandes/{id}/refuser", "staff"),
    ("POST", "/accueil/demandes/serie/{id}/accepter", "staff"),
    ("POST", "/accueil/demandes/serie/{id}/refuser", "staff"),
    ("GET", "/agenda", "public"),
];

/// The chrono'espaces' administration pages and the occupancy page.
const EXPECTED_SPACES_ADMIN: &[(&str, &str, &str)] = &[
    ("GET", "/admin/salles", "admin"),
    ("POST", "/admin/salles", "admin"),
    ("POST", "/admin/salles/usages", "admin"),
    ("GET", "/admin/salles/usages/{id}", "admin"),
    ("POST", "/admin/salles/usages/{id}", "admin"),
    ("POST", "/admin/salles/exceptions", "admin"),
    ("POST", "/admin/salles/exceptions/{id}/supprimer", "admin"),
    ("GET", "/admin/salles/{id}", "admin"),
    ("POST", "/admin/salles/{id}", "admin"),
    ("POST", "/admin/salles/{id}/horaires", "admin"),
    ("POST", "/admin/salles/{id}/porte", "admin"),
    ("POST", "/admin/salles/{id}/lien", "admin"),
    ("GET", "/salles/occupation", "staff"),
];

/// The chrono'espaces' API, and the iCalendar feeds (public: their secret is the token in the
/// path, named `{id}` like the others).
const EXPECTED_SPACES_API: &[(&str, &str, &str)] = &[
    ("GET", "/api/v1/spaces", "any"),
    ("POST", "/api/v1/spaces", "admin"),
    ("GET", "/api/v1/spaces/availability", "any"),
    ("GET", "/api/v1/spaces/occupancy", "staff"),
    ("GET", "/api/v1/spaces/{id}", "any"),
    ("PUT", "/api/v1/spaces/{id}", "admin"),
    ("GET", "/api/v1/spaces/{id}/timetable", "any"),
    ("PUT", "/api/v1/spaces/{id}/timetable", "admin"),
    ("GET", "/api/v1/spaces/{id}/slots", "any"),
    ("PUT", "/api/v1/spaces/{id}/door", "admin"),
    ("GET", "/api/v1/spaces/{id}/occupancy/hourly", "staff"),
    ("GET", "/api/v1/space-uses", "any"),
    ("POST", "/api/v1/space-uses", "admin"),
    ("PUT", "/api/v1/space-uses/{id}", "admin"),
    ("GET", "/api/v1/space-exceptions", "any"),
    ("POST", "/api/v1/space-exceptions", "admin"),
    ("DELETE", "/api/v1/space-exceptions/{id}", "admin"),
    ("GET", "/api/v1/bookings", "staff"),
    ("POST", "/api/v1/bookings", "any"),
    ("GET", "/api/v1/bookings/{id}", "any"),
    ("POST", "/api/v1/bookings/{id}/cancel", "any"),
    ("POST", "/api/v1/bookings/{id}/reschedule", "any"),
    ("POST", "/api/v1/bookings/{id}/approve", "staff"),
    ("POST", "/api/v1/bookings/{id}/decline", "staff"),
    ("GET", "/api/v1/booking-requests", "staff"),
    ("POST", "/api/v1/booking-series/preview", "any"),
    ("POST", "/api/v1/booking-series", "any"),
    ("POST", "/api/v1/booking-series/{id}/approve", "staff"),
    ("GET", "/api/v1/me/bookings", "any"),
    ("GET", "/api/v1/agenda", "public"),
    ("GET", "/agenda.ics", "public"),
    ("GET", "/calendrier/salle/{id}", "public"),
    ("GET", "/calendrier/association/{id}", "public"),
];

/// Who may use each route, written here independently of the server's own declarations: the test
/// fails if a route is added without an entry, or if the two disagree.
const EXPECTED_CORE: &[(&str, &str, &str)] = &[
    ("GET", "/", "public"),
    ("GET", "/connexion", "public"),
    ("POST", "/connexion", "public"),
    ("POST", "/langue", "public"),
    ("GET", "/static/{file}", "public"),
    ("GET", "/healthz", "public"),
    ("GET", "/metrics", "public"),
    ("POST", "/deconnexion", "any"),
    ("GET", "/compte", "any"),
    ("POST", "/compte/preferences", "any"),
    ("POST", "/compte/mot-de-passe", "any"),
    ("GET", "/moi", "members"),
    ("GET", "/mes-associations", "association"),
    ("GET", "/accueil", "staff"),
    ("GET", "/accueil/flux", "staff"),
    ("GET", "/personnes", "staff"),
    ("GET", "/personnes/nouvelle", "staff"),
    ("POST", "/personnes/nouvelle", "staff"),
    ("GET", "/personnes/{id}", "staff"),
    ("POST", "/personnes/{id}", "staff"),
    ("GET", "/personnes/{id}/badge-lu", "staff"),
    ("POST", "/personnes/{id}/badges", "staff"),
    ("POST", "/personnes/{id}/badges/{badge}/retrait", "staff"),
    ("GET", "/personnes/{id}/export.json", "staff"),
    ("GET", "/personnes/{id}/effacer", "admin"),
    ("POST", "/personnes/{id}/effacer", "admin"),
    ("GET", "/associations", "staff"),
    ("POST", "/associations", "staff"),
    ("GET", "/associations/{id}", "staff"),
    ("POST", "/associations/{id}/membres", "staff"),
    ("GET", "/main-courante", "staff"),
    ("POST", "/main-courante", "staff"),
    ("POST", "/main-courante/{id}/modifier", "staff"),
    ("POST", "/main-courante/{id}/correction", "staff"),
    ("POST", "/main-courante/{id}/lu", "staff"),
    ("GET", "/admin/comptes", "admin"),
    ("POST", "/admin/comptes", "admin"),
    ("POST", "/admin/comptes/{id}/reinitialiser", "admin"),
    ("POST", "/admin/comptes/{id}/desactiver", "admin"),
    ("POST", "/admin/comptes/{id}/reactiver", "admin"),
    ("GET", "/admin/journal", "admin"),
    ("GET", "/admin/site", "admin"),
    ("POST", "/admin/site", "admin"),
    ("POST", "/acces/personnes/{id}", "staff"),
    (
        "GET",
        "/acces/comptes/{id}/mot-de-passe-provisoire",
        "staff",
    ),
    (
        "POST",
        "/acces/comptes/{id}/mot-de-passe-provisoire",
        "staff",
    ),
    ("GET", "/admin/jetons", "admin"),
    ("POST", "/admin/jetons", "admin"),
    ("POST", "/admin/jetons/{id}/revoquer", "admin"),
    ("GET", "/api/v1/openapi.json", "public"),
    ("GET", "/api/v1/me", "any"),
    ("GET", "/api/v1/persons", "staff"),
    ("POST", "/api/v1/persons", "staff"),
    ("GET", "/api/v1/persons/{id}", "staff"),
    ("PUT", "/api/v1/persons/{id}", "staff"),
    ("GET", "/api/v1/persons/{id}/badges", "staff"),
    ("POST", "/api/v1/persons/{id}/badges", "staff"),
    ("GET", "/api/v1/persons/{id}/export", "staff"),
    ("POST", "/api/v1/persons/{id}/erase", "admin"),
    ("POST", "/api/v1/badges/{id}/revoke", "staff"),
    ("GET", "/api/v1/desk-taps", "staff"),
    ("GET", "/api/v1/associations", "staff"),
    ("POST", "/api/v1/associations", "staff"),
    ("GET", "/api/v1/associations/{id}", "staff"),
    (
        "PUT",
        "/api/v1/associations/{id}/members/{person_id}",
        "staff",
    ),
    ("GET", "/api/v1/presence", "staff"),
    ("GET", "/api/v1/taps", "staff"),
    ("GET", "/api/v1/kiosks", "staff"),
    ("GET", "/api/v1/logbook", "staff"),
    ("POST", "/api/v1/logbook", "staff"),
    ("PUT", "/api/v1/logbook/{id}", "staff"),
    ("GET", "/api/v1/audit", "admin"),
    ("GET", "/api/v1/users", "admin"),
    ("POST", "/api/v1/users", "admin"),
    // SEL pages (server/src/web/sel_pages.rs)
    ("GET", "/sel", "staff"),
    ("GET", "/sel/encadre", "staff"),
    ("POST", "/sel/en-cours/{id}/terminer", "staff"),
    ("GET", "/sel/caisse", "staff"),
    ("GET", "/sel/caisse/badges", "staff"),
    ("GET", "/sel/caisse/{id}", "staff"),
    ("POST", "/sel/caisse/{id}", "staff"),
    ("POST", "/sel/caisse/{id}/total", "staff"),
    ("GET", "/sel/caisse/{id}/recu", "staff"),
    ("GET", "/sel/echanges", "staff"),
    ("POST", "/sel/echanges", "staff"),
    ("GET", "/sel/comptes/{id}", "staff"),
    ("GET", "/sel/comptes/{id}/releve.csv", "staff"),
    ("POST", "/sel/comptes/{id}/permanence", "staff"),
    ("POST", "/sel/comptes/{id}/ouvrir", "staff"),
    ("POST", "/sel/comptes/{id}/limites", "admin"),
    ("POST", "/sel/comptes/{id}/adhesion", "staff"),
    ("POST", "/sel/mouvements/{id}/correction", "staff"),
    ("GET", "/sel/permanences", "staff"),
    ("POST", "/sel/activites", "staff"),
    ("POST", "/sel/activites/{id}", "staff"),
    ("POST", "/sel/series", "staff"),
    ("GET", "/sel/permanences/{id}", "staff"),
    ("GET", "/sel/permanences/{id}/annuler", "staff"),
    ("POST", "/sel/permanences/{id}/annuler", "staff"),
    ("POST", "/sel/permanences/{id}/inscription", "staff"),
    ("POST", "/sel/permanences/{id}/retrait", "staff"),
    ("GET", "/sel/revue", "staff"),
    ("POST", "/sel/revue/{id}", "staff"),
    ("GET", "/sel/catalogue", "staff"),
    ("POST", "/sel/catalogue", "admin"),
    ("POST", "/sel/catalogue/{id}", "admin"),
    ("GET", "/sel/bilan", "staff"),
    ("GET", "/admin/sel", "admin"),
    ("POST", "/admin/sel", "admin"),
    ("POST", "/admin/sel/rapprochement", "admin"),
    ("POST", "/moi/permanences/{id}/inscription", "members"),
    ("POST", "/moi/permanences/{id}/retrait", "members"),
    ("POST", "/moi/echanges", "members"),
    ("POST", "/moi/echanges/{id}/reponse", "members"),
    ("GET", "/moi/releve.csv", "members"),
    // SEL API (server/src/web/sel_api.rs)
    ("GET", "/api/v1/sel/accounts", "staff"),
    ("GET", "/api/v1/sel/accounts/{person_id}", "staff"),
    ("POST", "/api/v1/sel/accounts/{person_id}", "staff"),
    ("PUT", "/api/v1/sel/accounts/{person_id}/limits", "admin"),
    ("GET", "/api/v1/sel/accounts/{person_id}/statement", "staff"),
    ("PUT", "/api/v1/sel/memberships/{person_id}/{year}", "staff"),
    ("POST", "/api/v1/sel/exchanges", "staff"),
    ("POST", "/api/v1/sel/purchases", "staff"),
    ("POST", "/api/v1/sel/workshops", "staff"),
    ("POST", "/api/v1/sel/corrections", "staff"),
    ("GET", "/api/v1/sel/transfers/{no}", "staff"),
    ("GET", "/api/v1/sel/activities", "staff"),
    ("POST", "/api/v1/sel/activities", "staff"),
    ("PUT", "/api/v1/sel/activities/{id}", "staff"),
    ("GET", "/api/v1/sel/shifts", "staff"),
    ("GET", "/api/v1/sel/shifts/{id}", "staff"),
    ("POST", "/api/v1/sel/series", "staff"),
    ("POST", "/api/v1/sel/shifts/{id}/cancel", "staff"),
    (
        "PUT",
        "/api/v1/sel/shifts/{id}/signups/{person_id}",
        "staff",
    ),
    (
        "DELETE",
        "/api/v1/sel/shifts/{id}/signups/{person_id}",
        "staff",
    ),
    ("GET", "/api/v1/sel/sessions", "staff"),
    ("POST", "/api/v1/sel/sessions", "staff"),
    ("GET", "/api/v1/sel/review", "staff"),
    ("POST", "/api/v1/sel/sessions/{id}/review", "staff"),
    ("POST", "/api/v1/sel/sessions/{id}/close", "staff"),
    ("GET", "/api/v1/sel/catalogue", "any"),
    ("POST", "/api/v1/sel/catalogue", "admin"),
    ("PUT", "/api/v1/sel/catalogue/{id}", "admin"),
    ("GET", "/api/v1/sel/summary/{year}", "staff"),
    ("GET", "/api/v1/sel/reconciliation", "admin"),
    ("POST", "/api/v1/sel/reconciliation", "admin"),
    ("GET", "/api/v1/sel/settings", "staff"),
    ("PUT", "/api/v1/sel/settings", "admin"),
    ("GET", "/api/v1/me/sel", "members"),
    ("PUT", "/api/v1/me/sel/shifts/{id}/signup", "members"),
    ("DELETE", "/api/v1/me/sel/shifts/{id}/signup", "members"),
    ("POST", "/api/v1/me/sel/exchanges", "members"),
    ("POST", "/api/v1/me/sel/exchanges/{no}/accept", "members"),
    ("POST", "/api/v1/me/sel/exchanges/{no}/decline", "members"),
];

fn admits(class: &str, role: Option<Role>) -> bool {
    match (class, role) {
        ("public", _) => true,
        (_, None) => false,
        ("any", Some(_)) => true,
        ("staff", Some(r)) => matches!(r, Role::Admin | Role::Reception),
        ("admin", Some(r)) => r == Role::Admin,
        ("members", Some(r)) => matches!(r, Role::Association | Role::Resident),
        ("association", Some(r)) => r == Role::Association,
        (other, _) => panic!("unknown class {other}"),
    }
}

fn class_of(access: web::Access) -> String {
    match access {
        web::Access::Public => "public".into(),
        web::Access::Authenticated => "any".into(),
        web::Access::Roles(roles) => {
            let mut r: Vec<_> = roles.iter().map(|r| r.as_str()).collect();
            r.sort_unstable();
            match r.as_slice() {
                ["admin", "reception"] => "staff".into(),
                ["admin"] => "admin".into(),
                ["association", "resident"] => "members".into(),
                ["association"] => "association".into(),
                other => other.join("+"),
            }
        }
    }
}

#[tokio::test]
async fn every_route_declares_the_access_this_test_expects() {
    let declared: BTreeSet<(String, String, String)> = citeosquare_server::routes()
        .into_iter()
        .map(|r| (r.method.to_string(), r.path.to_owned(), class_of(r.access)))
        .collect();
    let expected: BTreeSet<(String, String, String)> = expected()
        .iter()
        .map(|(m, p, c)| ((*m).to_owned(), (*p).to_owned(), (*c).to_owned()))
        .collect();
    let missing: Vec<_> = expected.difference(&declared).collect();
    let extra: Vec<_> = declared.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "expected but not declared: {missing:#?}\ndeclared but not expected: {extra:#?}"
    );
}

/// Walks every route with every role and anonymously, each on a fresh site (a route's side
/// effects — a logout, an erasure, a password reset — cannot leak into the next one).
#[tokio::test]
async fn every_route_admits_exactly_its_roles() {
    let callers: [Option<(&str, Role)>; 5] = [
        None,
        Some(("resident", Role::Resident)),
        Some(("asso", Role::Association)),
        Some(("accueil", Role::Reception)),
        Some(("admin", Role::Admin)),
    ];
    let mut failures = vec![];
    for (method, pattern, class) in expected() {
        let app = app().await;
        // Something for the {id}s to point at: person 2 holds badge 2, association 1, a logbook
        // entry by reception, a token, and an account nobody logs in with.
        let reception = app.user_id("accueil").await;
        let entry = citeosquare_server::desk::logbook::add(
            &app.pool,
            &auth::user_by_id(&app.pool, reception)
                .await
                .unwrap()
                .unwrap(),
            chrono_tz::Europe::Paris,
            citeosquare_server::desk::logbook::Kind::Entry,
            "Ronde de 22 h faite.",
            None,
        )
        .await
        .unwrap();
        app.token("admin").await;
        let path = pattern
            .replace("{file}", "citeosquare.css")
            .replace("/logbook/{id}", &format!("/logbook/{entry}"))
            .replace("/main-courante/{id}", &format!("/main-courante/{entry}"))
            .replace("/comptes/{id}", "/comptes/4")
            .replace("/jetons/{id}", "/jetons/1")
            .replace("/badges/{id}", "/badges/2")
            .replace("{badge}", "2")
            .replace("{person_id}", "3")
            .replace("{id}", "2");
        for caller in callers {
            let session = match caller {
                Some((name, _)) => Some(app.session(name).await),
                None => None,
            };
            let role = caller.map(|(_, r)| r);
            let method = Method::from_bytes(method.as_bytes()).unwrap();
            let api = path.starts_with("/api/");
            let mut b = App::request(method.clone(), &path, session.as_ref());
            let body = if method == Method::GET {
                Body::empty()
            } else if api {
                b = b.header(header::CONTENT_TYPE, "application/json");
                if let Some(s) = &session {
                    b = b.header("x-csrf-token", &s.csrf);
                }
                Body::from("{}")
            } else {
                b = b.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                let csrf = session.as_ref().map(|s| s.csrf.clone()).unwrap_or_default();
                Body::from(format!("_csrf={csrf}"))
            };
            let reply = app.send(b.body(body).unwrap()).await;
            let who = caller.map_or("anonymous", |(n, _)| n);
            let s = reply.status;
            let ok = if admits(class, role) {
                let bounced =
                    s == StatusCode::SEE_OTHER && reply.location().starts_with("/connexion?suite=");
                s != StatusCode::UNAUTHORIZED
                    && s != StatusCode::FORBIDDEN
                    && !bounced
                    && !s.is_server_error()
            } else if role.is_none() {
                if api {
                    s == StatusCode::UNAUTHORIZED
                        && reply.content_type() == "application/problem+json"
                } else {
                    s == StatusCode::SEE_OTHER && reply.location().starts_with("/connexion?suite=")
                }
            } else if api {
                s == StatusCode::FORBIDDEN && reply.content_type() == "application/problem+json"
            } else {
                s == StatusCode::FORBIDDEN && reply.body.contains("Accès refusé")
            };
            if !ok {
                failures.push(format!(
                    "{method} {path} as {who}: {s} {} {}",
                    reply.location(),
                    reply.body.chars().take(160).collect::<String>()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_route_and_nothing_else() {
    let app = app().await;
    let reply = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = reply.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.insert((method.to_uppercase(), path.clone()));
        }
    }
    let routed: BTreeSet<(String, String)> = citeosquare_server::routes()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/"))
        .map(|r| (r.method.to_string(), r.path.to_owned()))
        .collect();
    assert_eq!(documented, routed);
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

// ---------------------------------------------------------------------------------------------
// Badges

#[tokio::test]
async fn a_card_is_active_for_one_person_at_a_time_and_revoking_keeps_history() {
    let app = app().await;
    let s = app.session("accueil").await;
    // Jean (2) asks for Marie's card (DEMO0001): refused, naming its holder; nothing saved.
    let reply = app
        .post_form("/personnes/2/badges", Some(&s), &[("card_id", "demo0001")])
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply
            .body
            .contains("Ce badge est déjà attribué à Marie Lefèvre."),
        "{}",
        reply.body
    );
    assert_eq!(
        app.count("SELECT count(*) FROM badges WHERE person_id = 2")
            .await,
        1
    );
    // A typed card is normalised.
    let reply = app
        .post_form(
            "/personnes/2/badges",
            Some(&s),
            &[("card_id", "04:a3:1f:9b")],
        )
        .await;
    assert_eq!(reply.location(), "/personnes/2?ok=ok-badge-assigned#badges");
    let cards: Vec<String> = sqlx::query_scalar(
        "SELECT card_id FROM badges WHERE person_id = 2 AND revoked_at IS NULL ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(cards, ["DEMO0002", "04A31F9B"]);
    // Marie loses her card: revoked with its reason; then Jean may have it.
    let reply = app
        .post_form(
            "/personnes/1/badges/1/retrait",
            Some(&s),
            &[("reason", "lost")],
        )
        .await;
    assert_eq!(reply.location(), "/personnes/1?ok=ok-badge-revoked#badges");
    let reply = app
        .post_form(
            "/personnes/1/badges/1/retrait",
            Some(&s),
            &[("reason", "lost")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = app.get("/personnes/1", Some(&s)).await;
    assert!(page.body.contains("perdu"));
    let reply = app
        .post_form("/personnes/2/badges", Some(&s), &[("card_id", "DEMO0001")])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("SELECT count(*) FROM badges WHERE card_id = 'DEMO0001'")
            .await,
        2
    );
    // A badge is revoked through its holder's page only.
    let reply = app
        .post_form(
            "/personnes/3/badges/2/retrait",
            Some(&s),
            &[("reason", "lost")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // Each change is in the audit log with its author (after the demo's guest badge).
    let actions: Vec<(String, String)> = sqlx::query_as(
        "SELECT action, actor FROM audit_log WHERE entity = 'badge'
           AND entity_id <> (SELECT CAST(id AS TEXT) FROM badges WHERE card_id = 'INVITE01') ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        actions,
        [
            ("badge.assign".into(), "accueil".into()),
            ("badge.revoke".into(), "accueil".into()),
            ("badge.assign".into(), "accueil".into())
        ]
    );
}

#[tokio::test]
async fn an_unknown_card_tapped_at_the_desk_kiosk_is_offered_on_the_person_page() {
    let app = app().await;
    let s = app.session("accueil").await;
    let now = db::now_text();
    for (id, kiosk, card) in [
        ("e1", "demo-accueil", "CAFE0042"),
        ("e2", "demo-sel", "BEEF0001"),
    ] {
        sqlx::query(
            "INSERT INTO kiosk_events (id, kiosk_id, boot, seq, read_at, read_at_utc, received_at, badge,
                                       action, payload, result, display, clock_skew_ms)
             VALUES (?, ?, 'b', 1, ?, ?, ?, ?, 'tap', '{}', 'unknown_badge', '{}', 0)",
        )
        .bind(id)
        .bind(kiosk)
        .bind(&now)
        .bind(&now)
        .bind(&now)
        .bind(card)
        .execute(&app.pool)
        .await
        .unwrap();
    }
    let fragment = app.get("/personnes/2/badge-lu", Some(&s)).await;
    assert!(fragment.body.contains("id=\"attribuer-CAFE0042\""));
    // Only the desk's kiosks offer cards.
    assert!(!fragment.body.contains("BEEF0001"));
    app.post_form("/personnes/2/badges", Some(&s), &[("card_id", "CAFE0042")])
        .await;
    let fragment = app.get("/personnes/2/badge-lu", Some(&s)).await;
    assert!(!fragment.body.contains("CAFE0042"));
    assert!(fragment.body.contains("badge inconnu à la borne de l"));
}

// ---------------------------------------------------------------------------------------------
// The logbook

#[tokio::test]
async fn logbook_entries_lock_after_fifteen_minutes_even_in_raw_sql_and_take_corrections() {
    let app = app().await;
    let s = app.session("accueil").await;
    app.post_form(
        "/main-courante",
        Some(&s),
        &[("body", "Fuite d'eau signalée au 2e.")],
    )
    .await;
    let id: i64 = app.count("SELECT max(id) FROM logbook_entries").await;
    // Fresh: its author may fix it.
    let reply = app
        .post_form(
            &format!("/main-courante/{id}/modifier"),
            Some(&s),
            &[("body", "Fuite d'eau au 3e.")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    // Another staff member may not.
    let admin = app.session("admin").await;
    let reply = app
        .post_form(
            &format!("/main-courante/{id}/modifier"),
            Some(&admin),
            &[("body", "autre")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Seul l&#39;auteur"));
    // Twenty minutes later (written as such: the row is inserted with an old time).
    let old = db::instant_text(chrono::Utc::now() - chrono::Duration::minutes(20));
    let uid = app.user_id("accueil").await;
    let old_id: i64 = sqlx::query_scalar(
        "INSERT INTO logbook_entries (created_at, author_id, author, shift, kind, body)
         VALUES (?, ?, 'Accueil (démo)', '2026-11-26/nuit', 'entry', 'Ronde faite.') RETURNING id",
    )
    .bind(&old)
    .bind(uid)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let reply = app
        .post_form(
            &format!("/main-courante/{old_id}/modifier"),
            Some(&s),
            &[("body", "Ronde pas faite.")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("verrouillée"));
    let raw = sqlx::query("UPDATE logbook_entries SET body = 'x', edited_at = 'y' WHERE id = ?")
        .bind(old_id)
        .execute(&app.pool)
        .await;
    assert!(raw.unwrap_err().to_string().contains("locked"));
    let raw = sqlx::query("DELETE FROM logbook_entries WHERE id = ?")
        .bind(id)
        .execute(&app.pool)
        .await;
    assert!(raw.is_err());
    let body: String = sqlx::query_scalar("SELECT body FROM logbook_entries WHERE id = ?")
        .bind(old_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(body, "Ronde faite.");
    // The fix is a correction under the original.
    let reply = app
        .post_form(
            &format!("/main-courante/{old_id}/correction"),
            Some(&s),
            &[("body", "Ronde du 3e oubliée.")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let page = app.get("/main-courante", Some(&s)).await;
    let original = page.body.find("Ronde faite.").unwrap();
    let correction = page.body.find("Ronde du 3e oubliée.").unwrap();
    assert!(original < correction);
    // One handover note per shift.
    let first = app
        .post_form(
            "/main-courante",
            Some(&s),
            &[("body", "Relève : rien à signaler."), ("kind", "handover")],
        )
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let second = app
        .post_form(
            "/main-courante",
            Some(&s),
            &[("body", "Encore une."), ("kind", "handover")],
        )
        .await;
    assert_eq!(second.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        second
            .body
            .contains("consigne de relève de ce service est déjà écrite")
    );
    assert!(
        app.get("/accueil", Some(&s))
            .await
            .body
            .contains("Relève : rien à signaler.")
    );
}

// ---------------------------------------------------------------------------------------------
// Audit log

#[tokio::test]
async fn staff_changes_are_audited_with_before_and_after_and_the_log_cannot_be_rewritten() {
    let app = app().await;
    let s = app.session("accueil").await;
    let fields = |first: &'static str| {
        [
            ("first_name", first),
            ("last_name", "Benali"),
            ("kind", "neighbour"),
            ("phone", "06 11 22 33 44"),
            ("email", ""),
            ("language", "fr"),
            (
                "accessibility",
                "Malvoyante : lire les documents à voix haute.",
            ),
        ]
    };
    let reply = app
        .post_form("/personnes/3", Some(&s), &fields("Fatima-Zahra"))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let (actor, before, after): (String, String, String) = sqlx::query_as(
        "SELECT actor, before, after FROM audit_log WHERE action = 'person.update' AND entity_id = '3'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(actor, "accueil");
    let before: serde_json::Value = serde_json::from_str(&before).unwrap();
    let after: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(before["first_name"], "Fatima");
    assert_eq!(after["first_name"], "Fatima-Zahra");
    assert_eq!(after["phone"], "06 11 22 33 44");
    assert!(
        sqlx::query("UPDATE audit_log SET actor = 'x'")
            .execute(&app.pool)
            .await
            .is_err()
    );
    assert!(
        sqlx::query("DELETE FROM audit_log")
            .execute(&app.pool)
            .await
            .is_err()
    );
    // Admins read it, filtered; the desk does not.
    let admin = app.session("admin").await;
    let page = app
        .get("/admin/journal?entity=person&entity_id=3", Some(&admin))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("person.update"));
    assert!(page.body.contains("Fatima-Zahra"));
    let page = app.get("/admin/journal?actor=admin", Some(&admin)).await;
    assert!(!page.body.contains("person.update"));
    let page = app.get("/admin/journal?from=hier", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("Date non valide"));
    assert_eq!(
        app.get("/admin/journal", Some(&s)).await.status,
        StatusCode::FORBIDDEN
    );
}

// ---------------------------------------------------------------------------------------------
// GDPR

#[tokio::test]
async fn export_then_erase_keeps_history_and_totals_without_the_name() {
    let app = app().await;
    let reception = app.session("accueil").await;
    let now = db::now_text();
    sqlx::query(
        "INSERT INTO kiosk_events (id, kiosk_id, boot, seq, read_at, read_at_utc, received_at, badge,
                                   action, payload, person_id, result, display, clock_skew_ms)
         VALUES ('t1', 'demo-sel', 'b', 1, ?, ?, ?, 'DEMO0001', 'tap',
                 json_object('id', 't1', 'kiosk', 'demo-sel', 'badge', 'DEMO0001', 'seq', 1), 1, 'recorded',
                 json_object('title', 'Bonjour Marie', 'lines', json_array('Passage enregistré à 14 h 05')), 0)",
    )
    .bind(&now)
    .bind(&now)
    .bind(&now)
    .execute(&app.pool)
    .await
    .unwrap();
    let export = app.get("/personnes/1/export.json", Some(&reception)).await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(
        export.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let data = export.json();
    assert_eq!(data["person"]["first_name"], "Marie");
    assert_eq!(data["badges"][0]["card_id"], "DEMO0001");
    assert_eq!(data["associations"][0]["name"], "Les Jardins partagés");
    assert_eq!(data["accounts"][0]["username"], "asso");
    assert_eq!(data["kiosk_taps"].as_array().unwrap().len(), 1);

    // Reception may not erase; an admin must confirm.
    assert_eq!(
        app.post_form(
            "/personnes/1/effacer",
            Some(&reception),
            &[("confirme", "oui")]
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let admin = app.session("admin").await;
    let page = app.get("/personnes/1/effacer", Some(&admin)).await;
    assert!(page.body.contains("Cette opération est définitive."));
    let reply = app
        .post_form("/personnes/1/effacer", Some(&admin), &[])
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Cochez la case"));
    assert_eq!(
        app.count("SELECT count(*) FROM persons WHERE erased_at IS NOT NULL")
            .await,
        0
    );
    let asso = app.session("asso").await;
    let reply = app
        .post_form("/personnes/1/effacer", Some(&admin), &[("confirme", "oui")])
        .await;
    assert_eq!(reply.location(), "/personnes/1?ok=ok-person-erased");

    let (first, last, phone): (String, String, Option<String>) =
        sqlx::query_as("SELECT first_name, last_name, phone FROM persons WHERE id = 1")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        (first.as_str(), last.as_str(), phone),
        ("Personne", "effacée n° 1", None)
    );
    assert_eq!(
        app.count("SELECT count(*) FROM badges WHERE person_id = 1 AND revoked_at IS NULL")
            .await,
        0
    );
    assert_eq!(
        app.count("SELECT count(*) FROM kiosk_events WHERE person_id = 1")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) FROM association_members WHERE person_id = 1")
            .await,
        0
    );
    let account: (String, String) =
        sqlx::query_as("SELECT username, display_name FROM users WHERE person_id = 1")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(
        account.0.starts_with("efface-") && account.1 == "Compte effacé",
        "{account:?}"
    );
    // Her account is disabled and its session closed; she is not found by name any more.
    assert_eq!(
        app.get("/mes-associations", Some(&asso)).await.status,
        StatusCode::SEE_OTHER
    );
    let found = app.get("/personnes?q=Lef%C3%A8vre", Some(&reception)).await;
    assert!(!found.body.contains("/personnes/1\""));
    let audit: String =
        sqlx::query_scalar("SELECT after FROM audit_log WHERE action = 'person.erase'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(!audit.contains("Marie"));
    // Nothing names her any more: not the audit log's details (the demo seed's and the membership
    // entries), not what the kiosk was told to display. Who did what, when, stays.
    let named = app
        .count(
            "SELECT (SELECT count(*) FROM audit_log
                     WHERE coalesce(before, '') || coalesce(after, '') || actor LIKE '%Marie%'
                        OR coalesce(before, '') || coalesce(after, '') LIKE '%Lef%vre%')
                  + (SELECT count(*) FROM kiosk_events WHERE display LIKE '%Marie%')",
        )
        .await;
    assert_eq!(named, 0);
    assert!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'person' AND entity_id = '1'")
            .await
            >= 2
    );
    let erase_entry: String =
        sqlx::query_scalar("SELECT after FROM audit_log WHERE action = 'person.erase'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let erase_entry: serde_json::Value = serde_json::from_str(&erase_entry).unwrap();
    assert_eq!(erase_entry["badges_revoked"], serde_json::json!([1]));
    assert_eq!(erase_entry["associations_left"], serde_json::json!([1]));
    // The database's invariants hold after an erasure.
    let findings = citeosquare_server::check::run(&app.pool).await.unwrap();
    assert!(findings.iter().all(|f| f.ok), "{findings:?}");
    // An erased record cannot be edited or get a badge.
    let reply = app
        .post_form(
            "/personnes/1/badges",
            Some(&reception),
            &[("card_id", "NEW1")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
}

// ---------------------------------------------------------------------------------------------
// The API

#[tokio::test]
async fn the_api_answers_with_problems_and_checks_tokens() {
    let app = app().await;
    let reply = app.api(Method::GET, "/api/v1/persons", None, None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.content_type(), "application/problem+json");
    assert_eq!(reply.json()["status"], 401);
    let reply = app
        .api(Method::GET, "/api/v1/persons", Some("cq_faux"), None)
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        reply.json()["type"],
        "urn:citeosquare:problem:invalid-token"
    );

    let resident = app.token("resident").await;
    let reply = app
        .api(Method::GET, "/api/v1/persons", Some(&resident), None)
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = app
        .api(Method::GET, "/api/v1/me", Some(&resident), None)
        .await;
    assert_eq!(reply.json()["role"], "resident");

    let desk = app.token("accueil").await;
    let reply = app
        .api(Method::GET, "/api/v1/persons?q=perrin", Some(&desk), None)
        .await;
    assert_eq!(reply.json()[0]["first_name"], "Odette");
    let reply = app
        .api(Method::GET, "/api/v1/persons?q=DEMO0002", Some(&desk), None)
        .await;
    assert_eq!(reply.json()[0]["last_name"], "Dupuis");

    let reply = app
        .api(
            Method::POST,
            "/api/v1/persons",
            Some(&desk),
            Some(serde_json::json!({"first_name": "", "email": "x"})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem = reply.json();
    assert_eq!(problem["type"], "urn:citeosquare:problem:invalid");
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["first_name", "email"]);
    assert_eq!(problem["errors"][0]["message"], "Ce champ est obligatoire.");

    let reply = app
        .send(
            App::request(Method::POST, "/api/v1/persons", None)
                .header(header::AUTHORIZATION, format!("Bearer {desk}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{pas du json"))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.content_type(), "application/problem+json");

    let reply = app
        .api(
            Method::POST,
            "/api/v1/persons",
            Some(&desk),
            Some(serde_json::json!({"first_name": "Yvette", "last_name": "Roux", "kind": "resident", "phone": "06 98 76 54 32"})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let id = reply.json()["id"].as_i64().unwrap();
    assert_eq!(reply.location(), format!("/api/v1/persons/{id}"));
    let reply = app
        .api(
            Method::POST,
            &format!("/api/v1/persons/{id}/badges"),
            Some(&desk),
            Some(serde_json::json!({"card_id": "DEMO0003"})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(
        reply.json()["detail"],
        "Ce badge est déjà attribué à Fatima Benali. Retirez-le d'abord de sa fiche."
    );
    let reply = app
        .api(Method::GET, "/api/v1/persons/99999", Some(&desk), None)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = app
        .api(Method::GET, "/api/v1/persons/abc", Some(&desk), None)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.content_type(), "application/problem+json");

    // A revoked token stops working at once.
    sqlx::query("UPDATE api_tokens SET revoked_at = '2026-01-01T00:00:00.000Z'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        app.api(Method::GET, "/api/v1/me", Some(&desk), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn accounts_made_by_an_admin_need_a_person_for_members_and_a_free_name() {
    let app = app().await;
    let admin = app.token("admin").await;
    let reply = app
        .api(
            Method::POST,
            "/api/v1/users",
            Some(&admin),
            Some(serde_json::json!({"username": "Nuit", "display_name": "", "role": "resident"})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = reply.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["display_name", "person_id"]);
    let reply = app
        .api(Method::POST, "/api/v1/users", Some(&admin), Some(serde_json::json!({"username": "accueil-nuit", "display_name": "Accueil de nuit", "role": "reception"})))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let password = reply.json()["temporary_password"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = login(&app, "accueil-nuit", &password, "").await;
    assert_eq!(reply.location(), "/compte?changer=1");
    let reply = app
        .api(Method::POST, "/api/v1/users", Some(&admin), Some(serde_json::json!({"username": "accueil-nuit", "display_name": "Bis", "role": "reception"})))
        .await;
    assert_eq!(reply.json()["errors"][0]["code"], "error-username-taken");
    let created: (String, String) = sqlx::query_as(
        "SELECT actor, action FROM audit_log WHERE action = 'user.create' AND actor <> 'demo'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(created, ("admin".into(), "user.create".into()));
}

// ---------------------------------------------------------------------------------------------
// Review fixes: raw SQL, redirects, throttling under load, temporary passwords, disabled accounts

#[tokio::test]
async fn raw_sql_cannot_replace_backdate_or_rewrite_protected_rows() {
    let app = app().await;
    let s = app.session("accueil").await;
    app.post_form("/main-courante", Some(&s), &[("body", "Entrée d'origine.")])
        .await;
    let entry = app.count("SELECT max(id) FROM logbook_entries").await;
    let audit = app.count("SELECT max(id) FROM audit_log").await;
    let uid = app.user_id("accueil").await;
    for sql in [
        format!(
            "REPLACE INTO logbook_entries (id, created_at, author_id, author, shift, kind, body)
             VALUES ({entry}, '2020-01-01T00:00:00.000Z', {uid}, 'x', 's', 'entry', 'réécrite')"
        ),
        format!(
            "INSERT INTO logbook_entries (created_at, author_id, author, shift, kind, body)
             VALUES ('2999-01-01T00:00:00.000Z', {uid}, 'x', 's', 'entry', 'modifiable à jamais')"
        ),
        format!(
            "REPLACE INTO audit_log (id, at, actor, action, entity) VALUES ({audit}, 'x', 'x', 'x', 'x')"
        ),
        "INSERT INTO audit_log (at, actor, action, entity, redacted_at) VALUES ('x', 'x', 'x', 'x', 'x')"
            .to_owned(),
        "UPDATE audit_log SET action = 'autre', redacted_at = 'x'".to_owned(),
    ] {
        let r = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .execute(&app.pool)
            .await;
        assert!(r.is_err(), "accepted: {sql}");
    }
    let body: String = sqlx::query_scalar("SELECT body FROM logbook_entries WHERE id = ?")
        .bind(entry)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(body, "Entrée d'origine.");

    // A kiosk event: no replacement, no change but a one-time redaction of its display.
    let now = db::now_text();
    let insert = "INSERT INTO kiosk_events (id, kiosk_id, boot, seq, read_at, read_at_utc, received_at,
                      badge, action, payload, person_id, result, display, clock_skew_ms)
                  VALUES ('k1', 'demo-sel', 'b', 1, ?1, ?1, ?1, 'DEMO0002', 'tap', '{}', 2, 'recorded',
                          '{\"title\":\"Bonjour Jean\"}', 0)";
    sqlx::query(insert)
        .bind(&now)
        .execute(&app.pool)
        .await
        .unwrap();
    let replace = insert.replace("INSERT", "REPLACE");
    assert!(
        sqlx::query(sqlx::AssertSqlSafe(replace))
            .bind(&now)
            .execute(&app.pool)
            .await
            .is_err()
    );
    assert!(
        sqlx::query("UPDATE kiosk_events SET badge = 'AUTRE' WHERE id = 'k1'")
            .execute(&app.pool)
            .await
            .is_err()
    );
    let redact =
        "UPDATE kiosk_events SET display = '{}', display_redacted_at = 'x' WHERE id = 'k1'";
    sqlx::query(redact).execute(&app.pool).await.unwrap();
    assert!(sqlx::query(redact).execute(&app.pool).await.is_err());
}

#[tokio::test]
async fn an_unknown_card_in_the_feed_leads_to_the_person_with_the_card_ready() {
    let app = app().await;
    let s = app.session("accueil").await;
    let now = db::now_text();
    sqlx::query(
        "INSERT INTO kiosk_events (id, kiosk_id, boot, seq, read_at, read_at_utc, received_at, badge,
                                   action, payload, result, display, clock_skew_ms)
         VALUES ('u1', 'demo-accueil', 'b', 1, ?1, ?1, ?1, 'CAFE0042', 'tap',
                 json_object('id', 'u1', 'kiosk', 'demo-accueil', 'badge', 'CAFE0042', 'seq', 1),
                 'unknown_badge', '{}', 0)",
    )
    .bind(&now)
    .execute(&app.pool)
    .await
    .unwrap();
    let home = app.get("/accueil", Some(&s)).await;
    assert!(
        home.body.contains("href=\"/personnes?badge=CAFE0042\""),
        "{}",
        home.body
    );
    let list = app
        .get("/personnes?badge=cafe0042&q=Dupuis", Some(&s))
        .await;
    assert!(list.body.contains("Badge CAFE0042 à attribuer"));
    assert!(
        list.body
            .contains("href=\"/personnes/2?badge=CAFE0042#badges\"")
    );
    assert!(
        list.body
            .contains("href=\"/personnes/nouvelle?badge=CAFE0042\"")
    );
    let person = app.get("/personnes/2?badge=CAFE0042", Some(&s)).await;
    assert!(
        person
            .body
            .contains("name=\"card_id\" type=\"text\" value=\"CAFE0042\"")
    );
    // Junk in the link is ignored.
    let list = app.get("/personnes?badge=%3Cscript%3E", Some(&s)).await;
    assert!(!list.body.contains("à attribuer"));
    // A new record made from there comes back with the card ready.
    let reply = app
        .post_form(
            "/personnes/nouvelle",
            Some(&s),
            &[
                ("first_name", "Nadia"),
                ("last_name", "Roussel"),
                ("kind", "neighbour"),
                ("language", "fr"),
                ("badge", "CAFE0042"),
            ],
        )
        .await;
    assert!(
        reply
            .location()
            .ends_with("?ok=ok-person-created&badge=CAFE0042#badges"),
        "{}",
        reply.location()
    );
}

#[tokio::test]
async fn an_api_token_s_last_use_is_written_once_a_minute_not_on_every_call() {
    let app = app().await;
    let token = app.token("accueil").await;
    let last_used = || async {
        sqlx::query_scalar::<_, Option<String>>(
            "SELECT last_used_at FROM api_tokens WHERE label = 'tests'",
        )
        .fetch_one(&app.pool)
        .await
        .unwrap()
    };
    assert_eq!(last_used().await, None);
    let reply = app
        .api(Method::GET, "/api/v1/persons", Some(&token), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let first = last_used().await.expect("the first use is recorded");
    let reply = app
        .api(Method::GET, "/api/v1/persons", Some(&token), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(last_used().await.as_deref(), Some(first.as_str()));
    // A minute later, the next call records it again.
    sqlx::query("UPDATE api_tokens SET last_used_at = '2026-01-01T00:00:00Z'")
        .execute(&app.pool)
        .await
        .unwrap();
    app.api(Method::GET, "/api/v1/persons", Some(&token), None)
        .await;
    assert_ne!(last_used().await.as_deref(), Some("2026-01-01T00:00:00Z"));
}
