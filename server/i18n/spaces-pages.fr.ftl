## Chrono'espaces — les pages des membres et de l'accueil (server/src/web/spaces_pages.rs)

sp-nav-spaces = Salles
sp-nav-requests = Demandes de salles
sp-nav-waiting = en attente
sp-nav-occupancy = Occupation des salles
sp-nav-admin-spaces = Réglages des salles
sp-nav-agenda = Agenda

# Formulaires
sp-error-in-field = { $field } : { $message }
sp-label-day = Jour
sp-label-start = Heure de début
sp-label-end = Heure de fin
sp-label-hours = Horaires
sp-label-title = Titre
sp-label-note = Note pour l'accueil
sp-label-association = Association
sp-label-person = Pour qui ? (nom, badge, téléphone ou n° de fiche)
sp-label-for = Pour
sp-label-seats = Nombre de places
sp-label-attendees = Participants attendus
sp-label-public = Afficher sur l'agenda public du lieu
sp-label-public-short = Sur l'agenda public
sp-label-reason = Motif
sp-label-move-day = Nouveau jour
sp-label-space = Salle
sp-label-use = Usage
sp-label-state = État
sp-label-price = Prix
sp-label-first-day = Premier jour
sp-label-repeat = Répétition
sp-label-how-long = Jusqu'à quand ? Un nombre de séances, ou une date de fin
sp-label-count = Nombre de séances
sp-label-until = Jusqu'au (date de fin)
sp-label-policy = Si une date est déjà prise
sp-label-message = Message pour le demandeur (facultatif)
sp-label-decline-message = Motif du refus (obligatoire)
sp-label-requester = Demandé par
sp-label-asked = Demandé le
sp-label-series = Série
sp-label-outcome = Résultat
sp-label-availability = Disponibilité
sp-hint-day = Par exemple 05/12/2026.
sp-hint-time = Par exemple 19:00 pour 19 h.
sp-hint-title = Ce que verront l'accueil et, si la réservation est publique, le quartier.
sp-hint-association = Choisissez l'association pour laquelle vous réservez, s'il y a lieu.
sp-hint-person = Si vous réservez pour quelqu'un : son nom, son numéro de badge ou de téléphone, ou le numéro de sa fiche.
sp-hint-seats = Pour un usage en accès libre : combien de places garder.
sp-hint-attendees = Facultatif : combien de personnes vous attendez.
sp-hint-note = Facultatif : ce que l'accueil doit savoir (installation, matériel…).
sp-hint-move-day = Pour une seule séance. Les séances suivantes gardent leur jour.
sp-hint-reason = Facultatif.
sp-hint-count = Entre 1 et 104.
sp-hint-until = Au plus deux ans après le premier jour.
sp-public-auto = Comme le prévoit l'usage
sp-public-yes = Oui
sp-public-no = Non
sp-yes = oui
sp-no = non
sp-error-count = Nombre de séances non valide : entre 1 et 104.
sp-error-until = Date de fin non valide : une date (AAAA-MM-JJ) après le premier jour.
sp-error-count-or-until = Indiquez un nombre de séances ou une date de fin.

# États d'une réservation
sp-state-requested = en attente de l'accueil
sp-state-confirmed = confirmée
sp-state-declined = refusée
sp-state-cancelled = annulée
sp-state-released = libérée (personne n'est venu)
sp-reserved = Réservé

# Usages
sp-mode-dropin = accès libre au badge, places réservables
sp-mode-exclusive = la salle pour un seul groupe
sp-mode-event = événement, participants comptés à la porte
sp-who-everyone = ouvert à tous les comptes
sp-who-residents = résidents
sp-who-associations = associations
sp-who-desk = réservé par l'accueil
sp-needs-approval = sur validation de l'accueil

# Les salles
sp-spaces-title = Les salles
sp-spaces-help = Chaque salle change d'usage selon l'heure. Ouvrez une salle pour voir sa semaine et réserver.
sp-spaces-none = Aucune salle n'est encore décrite.
sp-portal-link = Réserver pour mon association
sp-requests-link = Demandes à traiter
sp-requests-waiting = { $n ->
    [one] { $n } en attente
   *[other] { $n } en attente
}
sp-agenda-link = Agenda public
sp-halves = Cette salle se divise en deux parties :
sp-floor = Étage
sp-capacity = Capacité
sp-people = { $n ->
    [one] { $n } personne
   *[other] { $n } personnes
}
sp-accessibility = Accessibilité
sp-access-none = pas d'aménagement signalé
sp-step-free = De plain-pied
sp-hearing-loop = Boucle magnétique
sp-equipment = Équipement
sp-now = En ce moment
sp-closed-now = fermée
sp-occupancy-label = Présents
sp-occupancy = { $present } sur { $capacity } personnes
sp-attendees-came = { $n ->
    [one] { $n } participant venu
   *[other] { $n } participants venus
}
sp-see-week = Voir la semaine et réserver
sp-mine-title = Mes réservations à venir
sp-mine-none = Vous n'avez aucune réservation à venir.

# La semaine d'une salle
sp-back-spaces = ← Toutes les salles
sp-half-of = Cette salle est une partie de
sp-half-help = Quand la salle entière est réservée, cette partie l'est aussi.
sp-divisible = Cette salle se divise en :
sp-whole-help = Réserver la salle entière bloque ses deux parties ; une partie réservée bloque la salle entière.
sp-week-of = Semaine du { $from } au { $to }
sp-week-nav = Changer de semaine
sp-week-prev = ← Semaine précédente
sp-week-current = Cette semaine
sp-week-next = Semaine suivante →
sp-legend = Les usages de la salle cette semaine :
sp-today = aujourd'hui
sp-closed-day = Fermée ce jour-là.
sp-nothing-booked = Rien de réservé.
sp-held-elsewhere = Bloqué par une réservation de « { $name } ».
sp-book-title = Réserver dans cette salle
sp-book-help = Choisissez un jour et des heures dans une plage ouverte ci-dessus. Certaines plages demandent la validation de l'accueil : votre demande sera alors « en attente » jusqu'à sa réponse.
sp-no-association = Aucune association
sp-for-myself = Pour moi-même
sp-book-submit = Réserver
sp-book-slot = Réserver dans ce créneau
sp-error-person-none = Personne introuvable : essayez son nom, son numéro de badge ou de téléphone, ou le numéro de sa fiche.
sp-error-person-several = Plusieurs personnes correspondent : { $names }. Précisez le nom, ou tapez le numéro de la fiche.

# Une réservation
sp-back-week = ← La semaine de { $name }
sp-requested-help = Votre demande attend la réponse de l'accueil. Vous la verrez ici, et sur la page de votre association.
sp-decision-title = Message de l'accueil
sp-series-dates = Les dates de la série
sp-this-one = celle-ci
sp-move-title = Déplacer
sp-scope-move = Que déplacer ?
sp-scope-cancel = Qu'annuler ?
sp-scope-one = Cette date seulement
sp-scope-following = Cette date et les suivantes
sp-move-submit = Déplacer
sp-cancel-title = Annuler
sp-cancel-submit = Annuler la réservation…
sp-cancel-confirm-title = Confirmer l'annulation
sp-cancel-confirm-heading = Annuler « { $name } » ?
sp-cancel-confirm-dates = { $n ->
    [one] Cette date sera annulée :
   *[other] Ces { $n } dates seront annulées :
}
sp-cancel-confirm-yes = Oui, annuler
sp-cancel-confirm-no = Non, garder la réservation
ok-sp-booked = Réservation confirmée.
ok-sp-requested = Demande envoyée à l'accueil : elle est en attente de validation.
ok-sp-cancelled = Réservation annulée.
ok-sp-moved = Réservation déplacée.

# Le portail des associations
sp-portal-title = Les salles pour les associations
sp-portal-help = Voici quand les salles sont ouvertes aux associations dans les quatre semaines qui viennent. Demandez un créneau, ou une série de séances, et suivez la réponse de l'accueil.
sp-portal-no-association = Votre compte ne représente encore aucune association : demandez à l'accueil de vous inscrire comme représentant.
sp-portal-sections = Sur cette page
sp-open-title = Créneaux ouverts aux associations
sp-open-help = « Libre » : rien n'est réservé dans la plage. « En partie » : une partie de la plage est déjà prise.
sp-open-none = Aucune salle n'est ouverte aux associations dans les quatre semaines qui viennent.
sp-slot-free = Libre
sp-slot-full = Complet
sp-slot-partly = En partie : { $free } libres
sp-ask-slot = Demander ce créneau
sp-association-bookings = Réservations et demandes de l'association
sp-association-bookings-none = Aucune réservation ni demande à venir.
sp-series-title = Demander une série de séances
sp-series-help = Par exemple une réunion chaque semaine. Vous verrez chaque date et son résultat avant d'envoyer.
sp-series-no-space = Aucune salle n'a de plage ouverte à votre association.
sp-repeat-weekly = Chaque semaine
sp-repeat-biweekly = Toutes les deux semaines
sp-repeat-monthly = Chaque mois, le même jour de la semaine (par exemple le premier mardi)
sp-series-preview = Voir chaque date avant d'envoyer
sp-feed-title = Le calendrier de l'association
sp-feed-help = Copiez cette adresse dans votre agenda (téléphone, ordinateur) pour y voir les réservations de l'association. Gardez-la pour vous : elle ne demande pas de mot de passe.
sp-feed-of = Adresse du calendrier ({ $name })
sp-feed-open = Ouvrir le calendrier

# L'aperçu et le résultat d'une série
sp-preview-title = Demande de série : vérifiez chaque date
sp-result-title = Résultat de la demande de série
sp-preview-free = { $n ->
    [0] Aucune date libre.
    [one] { $n } date libre.
   *[other] { $n } dates libres.
}
sp-preview-refused = { $n ->
    [0] Aucune date en conflit.
    [one] { $n } date impossible.
   *[other] { $n } dates impossibles.
}
sp-outcome-free = Libre : sera réservée aussitôt.
sp-outcome-request = Libre : la demande sera transmise à l'accueil.
sp-policy-all = Tout ou rien : ne rien réserver si une date est impossible
sp-policy-skip = Ignorer les dates impossibles et demander les autres
sp-series-send = Envoyer la demande
sp-series-change = Modifier la demande
sp-preview-none-possible = Aucune date n'est possible : il n'y a rien à envoyer. Modifiez la demande (un autre jour, d'autres heures ou une autre salle).
sp-result-made = La série est enregistrée. Voici chaque date et ce qu'elle est devenue.
sp-result-nothing = Rien n'a été réservé : aucune date n'était possible, ou une date était impossible et vous avez choisi « tout ou rien ».
sp-back-portal = Retour au portail des associations

# La file des demandes (accueil)
sp-requests-title = Demandes de salles
sp-requests-help = Chaque demande attend votre réponse. Accepter la confirme si rien ne l'en empêche ; refuser demande un motif, transmis au demandeur.
sp-requests-none = Aucune demande en attente.
sp-competing = En concurrence avec :
sp-request-number = n°
sp-competing-help = Une seule pourra être acceptée.
sp-request-past = Ce créneau est passé : la demande ne peut plus qu'être refusée.
sp-request-open = Voir la demande
sp-asked-at = { $date } à { $time }
sp-series-waiting = { $n ->
    [one] { $n } date en attente
   *[other] { $n } dates en attente
}
sp-approve = Accepter
sp-decline = Refuser
sp-approve-series = Accepter toute la série
ok-sp-approved = Demande acceptée : la réservation est confirmée.
ok-sp-declined = Demande refusée. Le demandeur verra votre motif.
ok-sp-series-approved = Série traitée : ses dates libres sont confirmées.

# L'agenda public
sp-agenda-title = Agenda
sp-agenda-help = Les débats, projections et rencontres ouverts au quartier dans les huit semaines qui viennent.
sp-agenda-subscribe = S'abonner à l'agenda (iCalendar)
sp-agenda-tv = Affichage plein écran (télévision du café)
sp-agenda-print = Pour l'afficher au mur, imprimez cette page : le menu et les boutons ne sont pas imprimés.
sp-agenda-empty = Rien n'est encore annoncé pour les huit semaines qui viennent. Revenez bientôt, ou demandez à l'accueil !
sp-agenda-tv-empty = Rien n'est prévu dans les jours qui viennent. Renseignez-vous à l'accueil !
sp-agenda-updated = Mis à jour à { $time }
sp-cancelled = Annulé
