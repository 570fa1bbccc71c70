# Véhicules partagés
veh-title = Véhicules partagés
veh-nav = Véhicules
veh-nav-board = Véhicules (accueil)
veh-step1 = Que voulez-vous réserver ?
veh-step2 = Quel jour, à quelle heure ?
veh-step3 = Vérifiez votre réservation
veh-step-desk = Véhicule, jour et heure
veh-what-voiture = Une voiture
veh-what-velo = Un vélo
veh-what-adapte = Le véhicule adapté (fauteuil roulant)
veh-what-hint-voiture = Avec votre permis de conduire
veh-what-hint-velo = Vélo électrique ou vélo-cargo, sans permis
veh-what-hint-adapte = Conduit par un bénévole ou une personne formée
veh-today = Aujourd'hui
veh-tomorrow = Demain
veh-length-day = La journée (8 h)
veh-label-day = Le jour
veh-label-hour = L'heure de départ
veh-label-length = Pour combien de temps ?
veh-label-vehicle = Le véhicule
veh-next = Continuer
veh-back = Retour
veh-booking-for = Réservation pour { $name }
veh-confirm-sentence = { $vehicle }, pour { $name }, { $when }.
veh-confirm-yes = Oui, je réserve
veh-change-time = Changer le jour ou l'heure
veh-none-free = Aucun véhicule de ce type n'est libre à cette heure-là.
veh-other-hours = Libre ce jour-là à :
veh-not-booked = La réservation n'a pas été faite
veh-booking-title = Votre réservation
veh-booked = C'est réservé. Voici votre réservation.
veh-label-state = État
veh-label-made-by = Faite par
veh-label-returned = Rendu le
veh-assisted = réservation faite par l'accueil
veh-sms-title = Texte à envoyer par SMS
veh-sms-hint = Un texte court, à copier dans un SMS ou à dicter au téléphone.
veh-print = Imprimer
veh-return-form = Fiche de retour
veh-cancel = Annuler la réservation
veh-cancel-title = Annuler cette réservation ?
veh-cancel-yes = Oui, annuler
veh-cancel-no = Non, la garder
veh-key-no = clé n° { $n }
veh-my-bookings = Mes réservations
veh-my-title = Mes véhicules
veh-person-title = Véhicules partagés
veh-book-start = Réserver un véhicule
veh-book-for = Réserver un véhicule pour cette personne
veh-licence-record = Permis de conduire
veh-licence-line = Permis { $category }, valable jusqu'au { $date }
veh-licence-expired = expiré
veh-licence-soon = expire bientôt
veh-licence-none = Pas de permis enregistré.
veh-licence-seen-by = Vu par { $name }, { $when }
veh-volunteer = chauffeur bénévole
veh-bookings-none = Aucune réservation à venir.
veh-fleet = La flotte
veh-state-confirmed = Réservé
veh-state-out = Sorti
veh-state-returned = Rendu
veh-state-cancelled = Annulé
veh-state-overdue = En retard
veh-vstate-available = Disponible
veh-vstate-out = Sorti
veh-vstate-overdue = En retard
veh-vstate-workshop = À l'atelier ou bloqué
veh-vstate-out-of-service = Hors service
veh-kind-car = Voiture
veh-kind-adapted = Véhicule adapté (TPMR)
veh-kind-ebike = Vélo électrique
veh-kind-cargo-bike = Vélo-cargo
veh-energy-petrol = Essence
veh-energy-diesel = Diesel
veh-energy-hybrid = Hybride
veh-energy-electric = Électrique
veh-energy-none = Sans moteur
veh-job-maintenance = Entretien
veh-job-repair = Réparation
veh-job-inspection = Contrôle technique
veh-job-damage = Dommage
veh-job-other = Autre
# Le tableau de l'accueil
veh-desk-title = Véhicules
veh-overdue-count = { $n ->
    [one] Un véhicule en retard
   *[other] { $n } véhicules en retard
}
veh-out-count = { $n ->
    [0] aucun sorti
    [one] 1 sorti
   *[other] { $n } sortis
}
veh-pickups-count = { $n ->
    [0] aucun départ prévu aujourd'hui
    [one] 1 départ prévu aujourd'hui
   *[other] { $n } départs prévus aujourd'hui
}
veh-blocked-count = { $n ->
    [0] aucun à l'atelier
    [one] 1 à l'atelier ou bloqué
   *[other] { $n } à l'atelier ou bloqués
}
veh-due-at = retour prévu { $when }
veh-board-link = Tableau des véhicules
veh-board-title = Véhicules — tableau de l'accueil
veh-overdue-title = En retard
veh-overdue-none = Aucun véhicule en retard.
veh-due-soon-title = Retour dans l'heure
veh-out-title = Sortis
veh-pickups-title = Départs d'aujourd'hui
veh-workshop-title = Atelier et véhicules bloqués
veh-forms-missing-title = Fiches de retour à remplir
veh-warnings-title = Échéances
veh-none = Rien pour l'instant.
veh-damage-blocked = bloqué : dommage à examiner
veh-damage-reviewed = examiné
veh-review = Examiné, le véhicule peut repartir
veh-review-note = Ce que vous avez constaté
veh-review-default = Examiné à l'accueil
veh-job-calls = Personnes à appeler
veh-warn-licence = Permis de { $name } : expire le { $date }
veh-warn-licence-passed = Permis de { $name } : expiré le { $date }
veh-warn-inspection = { $name } : contrôle technique avant le { $date }
veh-warn-inspection-passed = { $name } : contrôle technique dépassé depuis le { $date }
veh-warn-insurance = { $name } : assurance jusqu'au { $date }
veh-warn-insurance-passed = { $name } : assurance expirée le { $date }
# Un véhicule
veh-facts = Fiche
veh-label-kind = Type
veh-label-key = Clé n°
veh-label-plate = Immatriculation
veh-label-seats = Places
veh-automatic = boîte automatique
veh-ramp = rampe pour fauteuil
veh-label-buffer = Battement après chaque retour
veh-label-odometer = Compteur
veh-label-inspection = Contrôle technique avant le
veh-label-insurance = Assurance jusqu'au
veh-workshop-put = Mettre à l'atelier
veh-label-job-kind = Nature
veh-label-reason = Motif
veh-label-from-day = Du
veh-label-from-time = à partir de
veh-label-to-day = Au
veh-label-to-time = jusqu'à
veh-workshop-check = Voir les réservations touchées
veh-workshop-confirm = Confirmer la mise à l'atelier
veh-hits = { $n ->
    [0] Aucune réservation n'est touchée.
    [one] Une réservation est touchée : il faudra appeler la personne.
   *[other] { $n } réservations sont touchées : il faudra appeler chaque personne.
}
veh-hits-none = Aucune réservation touchée.
veh-damages-title = Dommages signalés
veh-jobs-title = Passages à l'atelier
veh-logbook-title = Carnet de bord
veh-still-out = pas encore rendu
veh-col-driver = Conducteur
veh-col-out = Sortie
veh-col-back = Retour
veh-col-energy = Carburant / charge
veh-col-remarks = Remarques
veh-col-phone = Téléphone
veh-col-booking = Réservation
veh-col-called = Appelé ?
veh-mark-called = Appelé
veh-job-title = Passage à l'atelier
veh-job-closed = terminé
veh-job-close = Terminer (le véhicule revient)
veh-job-close-confirm = Le véhicule revient en service maintenant. Continuer ?
# Retour
veh-label-km-end = Kilométrage au compteur
veh-km-start = Au départ : { $km } km
veh-label-energy = Carburant ou charge
veh-label-charge = Charge de la batterie
veh-label-clean = Le véhicule est-il propre ?
veh-clean-yes = Oui, propre
veh-clean-no = Non, à nettoyer
veh-label-remarks = Remarques (facultatif)
veh-damage-legend = Un dommage ? (facultatif)
veh-damage-hint = Une rayure, un choc, un voyant : dites où et quoi. Le véhicule sera vérifié avant de repartir.
veh-label-damage-where = Où ?
veh-label-damage-what = Quoi ?
veh-return-send = Envoyer la fiche
# Permis
veh-licence-title = Permis de conduire
veh-licence-no-scan = Regardez le permis et recopiez-le : aucune copie ni photo du permis n'est gardée.
veh-label-category = Catégorie
veh-label-licence-number = Numéro du permis
veh-label-obtained = Obtenu le
veh-label-expires = Valable jusqu'au
veh-hint-expires = Les permis roses en carton sont valables jusqu'au 19/01/2033.
veh-label-seen = J'ai vu le permis original
veh-label-volunteer = Chauffeur bénévole (transport solidaire)
veh-licence-save = Enregistrer
veh-briefings-title = Prises en main
veh-briefing-done = faite
veh-briefing-record = Prise en main faite
# Refus
error-veh-name = Donnez un nom au véhicule (120 caractères au plus).
error-veh-kind = Choisissez le type de véhicule.
error-veh-energy = Choisissez l'énergie.
error-veh-seats = Le nombre de places va de 1 à 9.
error-veh-key-number = Le numéro de clé va de 1 à 999.
error-veh-boot = Le volume du coffre va de 0 à 5 000 litres.
error-veh-bookable-by = « Réservable par » vaut members ou staff.
error-veh-buffer = Le battement va de 0 à 240 minutes.
error-veh-odometer = Le kilométrage va de 0 à 2 000 000.
error-veh-too-long = Ce texte est trop long.
error-veh-date = Donnez une date (jj/mm/aaaa).
error-veh-taken = Ce nom ou ce numéro de clé est déjà pris par « { $name } ».
error-veh-end-before-start = La fin doit venir après le début.
error-veh-weeks = Le nombre de semaines va de 1 à 12.
error-veh-request-key = Clé de requête invalide.
error-veh-person-needed = Pour qui est la réservation ?
error-veh-unknown-vehicle = Ce véhicule n'existe pas ou n'est plus en service.
error-veh-unknown-person = Cette personne n'existe pas.
error-veh-not-yours = Vous ne pouvez réserver que pour vous-même ; l'accueil peut réserver pour une autre personne.
error-veh-staff-only = { $name } se réserve à l'accueil.
error-veh-too-short = Une réservation dure au moins { $name }.
error-veh-too-long-booking = Une réservation dure au plus { $name }.
error-veh-in-past = Ce moment est déjà passé.
error-veh-notice = Réservez au moins { $name } à l'avance.
error-veh-conflict = Le véhicule est déjà réservé : { $name }.
error-veh-conflict-now = Quelqu'un vient de réserver ce véhicule à ce moment-là. Choisissez une autre heure.
error-veh-in-workshop = Le véhicule est à l'atelier à ce moment-là.
error-veh-no-licence = Pas de permis enregistré : montrez votre permis à l'accueil.
error-veh-licence-category-car = Ce permis ne permet pas de conduire une voiture.
error-veh-licence-expired = Le permis n'est plus valable à cette date : voyez l'accueil.
error-veh-licence-too-recent = Le permis est trop récent pour l'assurance.
error-veh-no-briefing = Une prise en main de ce véhicule avec l'accueil est nécessaire avant de le conduire.
error-veh-cancel-out = La clé est sortie : le véhicule doit être rendu, pas annulé.
error-veh-cancel-over = Cette réservation est terminée.
error-veh-choose = Choisissez un véhicule.
error-veh-energy-level = Choisissez le niveau de carburant ou de charge.
error-veh-damage-both = Pour un dommage, dites où et quoi.
error-veh-return-not-out = La clé n'a pas encore été prise : rien à rendre.
error-veh-return-cancelled = Cette réservation est annulée.
error-veh-return-done = La fiche de retour est déjà remplie.
error-veh-km-needed = Notez le kilométrage au compteur.
error-veh-km-number = Le kilométrage s'écrit en chiffres.
error-veh-km-backwards = Le compteur ne peut pas reculer : il affichait { $name } km au départ.
error-veh-review-note = Dites en quelques mots ce que vous avez constaté.
error-veh-review-done = Ce dommage a déjà été examiné.
error-veh-job-kind = Choisissez la nature du passage à l'atelier.
error-veh-job-reason = Donnez le motif (500 caractères au plus).
error-veh-job-too-long = Un passage à l'atelier dure au plus un an.
error-veh-licence-category = Choisissez la catégorie du permis.
error-veh-licence-number = Le numéro du permis : 4 à 30 lettres et chiffres.
error-veh-licence-obtained = La date d'obtention est une date passée.
error-veh-licence-expires-before = La fin de validité vient après l'obtention.
error-veh-licence-seen = Cochez : le permis doit être vu à l'accueil.
