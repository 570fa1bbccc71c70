## Chrono'espaces — messages of the library (server/src/spaces)

error-space-unknown = Salle inconnue.
error-space-exists = Une salle s'appelle déjà « { $name } ».
error-space-capacity = Capacité non valide : un nombre de personnes entre 1 et 10 000.
error-space-parent-unknown = La salle dont celle-ci est une partie est inconnue.
error-space-parent-is-half = Cette salle est déjà une partie d'une autre : on ne divise qu'une salle entière.
error-space-kiosk-not-space = Choisissez une borne de rôle « porte de salle ».
error-space-use-code = Code non valide : 1 à 40 caractères parmi a-z, 0-9 et « - ».
error-space-use-exists = Un usage porte déjà le code « { $name } ».
error-space-use-unknown = Usage inconnu.
error-space-colour = Couleur non valide (format attendu : #RRGGBB).
error-space-duration-setting = Durée non valide : entre 5 minutes et 7 jours, la durée maximale au moins égale à la minimale.
error-space-notice-setting = Délai de prévenance non valide : entre 0 et 525 600 minutes (un an).
error-space-price = Prix non valide : un nombre entier positif, et 0 pour un usage gratuit.
error-space-changeover = Temps de mise en place non valide : entre 0 et 240 minutes.
error-space-grace = Délai de présence non valide : entre 5 et 240 minutes.
error-space-association-unknown = Association inconnue.
error-space-time-invalid = Heure non valide (format attendu : HH:MM).
error-space-end-before-start = La fin doit venir après le début.
error-space-both-times = Indiquez l'heure de début et l'heure de fin, ou aucune des deux pour toute la journée.
error-space-windows-overlap = Deux plages horaires se chevauchent : { $name }.
error-space-seats = Nombre de places non valide (au moins 1).
error-space-seats-exclusive = Cet usage réserve la salle entière : une seule réservation, pas de places.
error-space-attendees = Nombre de participants attendus non valide (au moins 1).
error-space-request-key = Clé de demande non valide (1 à 100 caractères).
error-space-request-key-reused = Cette clé de demande a déjà servi pour une autre réservation : rien n'a été enregistré.
error-space-not-representative = Vous ne représentez pas cette association.
error-space-for-someone-else = Vous ne pouvez réserver que pour vous-même ; l'accueil réserve pour les autres.
error-space-in-past = Ce créneau est déjà passé.
error-space-closed = La salle est fermée à ce moment-là.
error-space-outside-window = Ce créneau dépasse les horaires d'ouverture de la salle (ouverte de { $name } ce jour-là).
error-space-use-not-for-you = À cette heure, la salle est en usage « { $name } », qui n'est pas ouvert à votre compte.
error-space-use-associations-only = À cette heure, la salle est en usage « { $name } », réservé aux associations : choisissez l'association pour laquelle vous réservez.
error-space-too-short = Réservation trop courte : { $name } au moins pour cet usage.
error-space-too-long = Réservation trop longue : { $name } au plus pour cet usage.
error-space-notice = Réservation trop tardive : il faut réserver au moins { $name } à l'avance pour cet usage.
error-space-over-capacity = Trop de personnes pour cet usage : { $name } au plus.
error-space-conflict = Ce créneau est déjà réservé : { $name }.
error-space-conflict-changeover = Ce créneau touche une autre réservation, en comptant le temps de mise en place de la salle : { $name }.
error-space-conflict-divisible = L'autre partie de la salle (ou la salle entière) est réservée : { $name }.
error-space-full = Plus de place libre à ce moment-là : { $name }.
error-space-conflict-unknown = Ce créneau vient d'être réservé par quelqu'un d'autre. Choisissez un autre créneau.
error-space-full-unknown = Il ne reste plus de place libre à ce moment-là. Choisissez un autre créneau.
error-space-state = Cette réservation a déjà été traitée : rechargez la page.
error-space-staff-only = Seul l'accueil peut faire cela.
error-space-not-requested = Cette demande a déjà été traitée (acceptée, refusée ou annulée).
error-space-public-not-allowed = Une réservation en usage « { $name } » ne va pas sur l'agenda public : seul l'accueil peut l'y mettre. Choisissez « Non » ou « Comme le prévoit l'usage », ou demandez à l'accueil.
error-space-message-required = Écrivez un message pour expliquer le refus.
error-space-not-live = Cette réservation est déjà annulée, refusée ou libérée.
error-space-already-over = Cette réservation est terminée : elle ne peut plus être changée.
error-space-edit-needs-desk = Cette réservation a été acceptée par l'accueil : pour la déplacer, adressez-vous à l'accueil ou annulez-la et faites une nouvelle demande.
error-space-move-needs-approval = Le { $name }, ce créneau est soumis à l'accord de l'accueil : pour y déplacer cette réservation, adressez-vous à l'accueil ou faites une nouvelle demande.
error-space-day-with-following = Pour changer la date, modifiez une seule séance.
error-space-rule = Règle de répétition non valide (par exemple FREQ=WEEKLY;COUNT=10), limitée par un nombre de séances ou une date de fin.
error-space-rule-too-long = Série trop longue : 104 séances et deux ans au plus.
error-space-rule-empty = Cette règle ne donne aucune date.
error-space-too-far = Trop loin : on réserve au plus trois ans à l'avance.
error-space-over-a-week = Une réservation dure au plus une semaine.

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
sp-label-decision = Décision
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
sp-hint-count = Entre 1 et 104. Ou laissez vide et donnez une date de fin (pas les deux).
sp-hint-until = La série s'arrête ce jour-là (compris) : laissez « Nombre de séances » vide. Au plus deux ans après le premier jour.
sp-public-auto = Comme le prévoit l'usage
sp-public-yes = Oui
sp-public-no = Non
sp-public-hint = Seuls les usages validés par l'accueil et ceux annoncés au public (débats, projections) vont sur l'agenda public ; pour les autres, demandez à l'accueil.
sp-yes = oui
sp-no = non
sp-error-count = Nombre de séances non valide : entre 1 et 104.
sp-error-until = Date de fin non valide : une date (AAAA-MM-JJ) après le premier jour.
sp-error-count-or-until = Indiquez un nombre de séances ou une date de fin.
sp-error-count-and-until = Indiquez soit un nombre de séances, soit une date de fin, pas les deux : videz l'un des deux champs.

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
sp-slot-nothing-left = Plus rien à demander : { $free } libres, mais trop court pour cet usage ou trop tôt
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
sp-competing-accepted = { $title } — déjà acceptée
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
sp-decline-series = Refuser toute la série
ok-sp-approved = Demande acceptée : la réservation est confirmée.
ok-sp-declined = Demande refusée. Le demandeur verra votre motif.
ok-sp-series-approved = Série traitée : ses dates libres sont confirmées.
ok-sp-series-declined = Série refusée : chacune de ses dates en attente est refusée avec votre motif, que le demandeur verra.
audit-action-space-series-decline = Série de réservations refusée

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

## Chrono'espaces — administration pages (/admin/salles) and the occupancy page (/salles/occupation)

spa-list-title = Salles et usages
spa-list-help = Les salles, leurs usages selon l'heure (coworking, débat, association…), leurs horaires et leurs fermetures exceptionnelles.
spa-occupancy-link = Voir l'occupation des salles en ce moment.
spa-back-to-list = ← Retour aux salles et usages

## Spaces
spa-spaces-title = Salles
spa-spaces-none = Aucune salle pour l'instant : créez la première avec le formulaire « Nouvelle salle ».
spa-col-floor = Étage
spa-col-capacity = Capacité
spa-col-access = Accessibilité
spa-col-door = Borne de porte
spa-col-when-full = Salle pleine
spa-step-free = de plain-pied
spa-hearing-loop = boucle magnétique
spa-access-none = non précisée
spa-half-of = partie de « { $name } »
spa-halves = Parties de cette salle :
spa-see-whole = voir la salle entière
spa-no-door = aucune
spa-refuses-when-full = entrée refusée quand elle est pleine
spa-lets-in-when-full = entrée toujours acceptée
spa-space-new = Nouvelle salle
spa-space-create = Créer la salle
spa-space-edit = Description de la salle
spa-label-name = Nom de la salle
spa-hint-name = Par exemple : Grande salle, Salle du jardin.
spa-label-floor = Étage (facultatif)
spa-hint-floor = Par exemple : rez-de-chaussée, 1er étage.
spa-label-capacity = Capacité (nombre de personnes)
spa-hint-capacity = Le nombre de personnes que la salle peut accueillir, entre 1 et 10 000.
spa-label-equipment = Équipement (facultatif)
spa-hint-equipment = Par exemple : vidéoprojecteur, 20 chaises, tables pliantes.
spa-legend-access = Accessibilité
spa-label-step-free = Accès de plain-pied (sans marche)
spa-label-hearing-loop = Boucle magnétique pour les personnes malentendantes
spa-label-description = Description (facultatif)
spa-label-parent = Partie d'une salle divisible
spa-hint-parent = Pour une moitié de salle : choisissez la salle entière. Réserver la salle entière bloque ses parties, et réserver une partie bloque la salle entière.
spa-parent-none = Aucune : c'est une salle entière
spa-label-refuse-when-full = Refuser l'entrée à la borne de porte quand la salle est pleine

## Uses
spa-uses-title = Usages
spa-uses-help = Un usage dit à quoi sert une salle pendant une plage horaire, qui peut la réserver et comment.
spa-uses-none = Aucun usage pour l'instant : créez-en un avec le formulaire « Nouvel usage ».
spa-col-mode = Mode
spa-col-who = Qui peut réserver
spa-col-approval = Accord
spa-col-price = Prix
spa-col-changeover = Mise en place
spa-col-grace = Présence au badge
spa-code = code
spa-public-short = affiché sur l'agenda public
spa-mode-dropin = Accès libre au badge
spa-mode-exclusive = Réservation de la salle entière
spa-mode-event = Événement avec participants
spa-mode-help-dropin = Les personnes entrent en badgeant, dans la limite des places ; on peut aussi réserver une place à l'avance (coworking).
spa-mode-help-exclusive = Une seule réservation à la fois occupe toute la salle (réunion d'association).
spa-mode-help-event = Une seule réservation occupe la salle, et la borne compte les participants (débat, projection).
spa-capacity-of-space = celle de la salle
spa-who-staff = l'accueil (toujours)
spa-who-everyone = tout le monde
spa-who-residents = les habitants
spa-who-associations = les associations
spa-who-some-associations = les associations : { $names }
spa-approval-yes = à faire accepter par l'accueil
spa-approval-no = confirmée tout de suite
spa-price-free = gratuit
spa-price-euros = { $amount } de l'heure
spa-price-sel = { $amount } de SEL de l'heure
spa-changeover-none = aucune
spa-changeover-text = { $before } min avant, { $after } min après
spa-grace-none = non demandée
spa-grace-text = libérée si personne ne badge dans les { $minutes } min
spa-use-new = Nouvel usage
spa-use-create = Créer l'usage
spa-use-edit = Modifier l'usage
spa-use-edit-title = Usage « { $name } »
spa-use-edit-help = Les réservations déjà faites gardent les règles sous lesquelles elles ont été faites.
spa-label-use-name = Nom de l'usage
spa-hint-use-name = Le nom que tout le monde lit sur le planning, par exemple : Coworking, Débat citoyen.
spa-label-use-code = Code court
spa-hint-use-code = Lettres minuscules sans accent, chiffres et tirets, par exemple : coworking, debat-soir.
spa-label-use-colour = Couleur sur le planning
spa-hint-use-colour = Le nom de l'usage est toujours écrit à côté de la couleur.
spa-label-use-mode = Mode de réservation
spa-label-use-capacity = Capacité pour cet usage (facultatif)
spa-hint-use-capacity = Laissez vide pour la capacité de la salle. Jamais plus que la capacité de la salle.
spa-legend-who = Qui peut réserver
spa-hint-who = L'accueil et l'administration peuvent toujours réserver pour quelqu'un.
spa-label-open-everyone = Tout le monde (toute personne ayant un compte)
spa-label-open-residents = Les habitants
spa-label-open-associations = Les associations
spa-legend-associations = Réservé à ces associations (facultatif)
spa-hint-associations = Si vous cochez des associations, seules celles-ci peuvent réserver. Sans case cochée : toutes les associations.
spa-no-associations = Aucune association enregistrée.
spa-label-approval = Chaque demande doit être acceptée par l'accueil
spa-label-min = Durée minimale d'une réservation (minutes)
spa-hint-min = Entre 5 et 10 080 minutes (une semaine). Par exemple : 30.
spa-label-max = Durée maximale d'une réservation (minutes)
spa-hint-max = Au moins la durée minimale. Par exemple : 240 pour 4 heures.
spa-label-notice = Délai pour réserver à l'avance (minutes)
spa-hint-notice = 0 : on peut réserver jusqu'au dernier moment. 1 440 minutes = un jour.
spa-label-price-kind = Prix
spa-price-kind-free = Gratuit
spa-price-kind-euros = En euros
spa-price-kind-sel = En temps de SEL
spa-label-price = Prix par heure
spa-hint-price = En euros, par exemple 12,50. En SEL, un nombre de minutes par heure, par exemple 30. Laissez vide si c'est gratuit.
spa-label-changeover-before = Temps de mise en place avant (minutes)
spa-label-changeover-after = Temps de rangement après (minutes)
spa-hint-changeover = La salle reste bloquée ce temps-là autour de chaque réservation. Entre 0 et 240.
spa-label-grace = Libérer la salle si personne ne badge dans les … minutes (facultatif)
spa-hint-grace = Entre 5 et 240 minutes après le début. Laissez vide pour ne pas demander de badger.
spa-label-public = Afficher ces réservations sur l'agenda public (la personne qui réserve peut changer cela)

## Timetable
spa-timetable-title = Horaires de la semaine
spa-timetable-help = Chaque ligne ouvre la salle un jour de la semaine, de l'heure de début à l'heure de fin, pour un usage. Heures au format 08:00 ; 24:00 pour minuit en fin de journée. Deux lignes du même jour ne doivent pas se chevaucher.
spa-timetable-no-uses = Créez d'abord un usage pour pouvoir ouvrir la salle.
spa-timetable-save-help = Les lignes vides sont ignorées. Tout est enregistré ensemble : si une ligne est fausse, rien n'est changé.
spa-timetable-save = Enregistrer les horaires
spa-col-row = Ligne
spa-col-weekday = Jour
spa-col-start = Début
spa-col-end = Fin
spa-col-use = Usage
spa-col-remove = Supprimer
spa-label-row-weekday = Jour, ligne { $row }
spa-label-row-start = Heure de début, ligne { $row }
spa-label-row-end = Heure de fin, ligne { $row }
spa-label-row-use = Usage, ligne { $row }
spa-label-row-remove = Supprimer la ligne { $row }

## Week preview
spa-week-title = Cette semaine
spa-week-of = Du { $from } au { $to }
spa-week-help = Ce que donnent les horaires et les exceptions, jour par jour.
spa-week-previous = ← Semaine précédente
spa-week-this = Cette semaine
spa-week-next = Semaine suivante →
spa-col-day = Jour
spa-col-open = Ouverture
spa-col-exceptions = Exceptions
spa-today = aujourd'hui
spa-closed-all-day = Fermée toute la journée

## Exceptions
spa-exceptions-title = Fermetures et exceptions
spa-site-exceptions-title = Fermetures et exceptions de tout le site
spa-exceptions-help = Jours fériés, fermetures, soirées exceptionnelles : une exception remplace les horaires de la semaine ce jour-là (pour toute la journée ou pour les heures indiquées). Celles de la salle passent après celles de tout le site.
spa-exceptions-none = Aucune exception dans les douze prochains mois.
spa-col-hours = Heures
spa-col-effect = Effet
spa-col-label = Motif
spa-col-scope = S'applique à
spa-whole-day = toute la journée
spa-closed = Fermée
spa-open-for = Ouverte pour « { $name } »
spa-whole-site = Tout le site
spa-this-space = Cette salle ({ $name })
spa-exception-new = Ajouter une exception
spa-exception-add = Ajouter l'exception
spa-exception-remove = Supprimer
spa-label-exception-scope = S'applique à
spa-label-exception-day = Jour
spa-hint-exception-day = Format JJ/MM/AAAA si votre navigateur ne propose pas de calendrier.
spa-error-exception-day = Date non valide : tapez-la au format JJ/MM/AAAA, par exemple 25/12/2026.
spa-label-exception-start = Heure de début (facultatif)
spa-label-exception-end = Heure de fin (facultatif)
spa-hint-exception-hours = Laissez les deux heures vides pour toute la journée. Format 14:00.
spa-label-exception-use = Pendant ces heures, la salle est
spa-label-exception-label = Motif
spa-hint-exception-label = Par exemple : Noël, travaux, soirée exceptionnelle.
spa-exception-remove-title = Supprimer cette exception ?
spa-exception-remove-text = Les horaires habituels de la semaine s'appliqueront de nouveau ce jour-là.
spa-exception-remove-confirm = Oui, supprimer l'exception
spa-confirm-back = Non, revenir sans rien changer

## Door kiosk
spa-door-title = Borne de porte
spa-door-help = La borne à la porte de la salle compte les entrées et les sorties au badge.
spa-door-none = Aucune borne de porte pour cette salle.
spa-door-current = Borne de porte actuelle :
spa-door-no-kiosk = Aucune borne de rôle « porte de salle » n'est enregistrée.
spa-label-door = Borne de porte de cette salle
spa-door-choose = Choisissez une borne
spa-door-save = Associer cette borne
spa-kiosk-free = { $kiosk }
spa-kiosk-bound = { $kiosk }, actuellement porte de « { $space } »

## Calendar feed
spa-feed-title = Agenda de la salle (iCalendar)
spa-feed-help = Ce lien secret permet d'abonner un agenda (téléphone, ordinateur) aux réservations de la salle. Ne le donnez qu'aux personnes qui en ont besoin.
spa-feed-label = Lien de l'agenda
spa-feed-open = Ouvrir le lien de l'agenda
spa-feed-renew = Renouveler le lien
spa-renew-title = Renouveler le lien de l'agenda ?
spa-renew-text = Un nouveau lien secret sera créé pour l'agenda de « { $name } ».
spa-renew-warning = L'ancien lien cessera de fonctionner : les agendas abonnés devront utiliser le nouveau.
spa-renew-confirm = Oui, renouveler le lien

## Errors typed on these pages
spa-error-at = { $label } : { $message }
spa-error-number = Entrez un nombre entier, sans lettres (par exemple 30).
spa-error-number-required = Ce champ est obligatoire : entrez un nombre entier (par exemple 30).
spa-error-euros = Montant non valide : un prix en euros, par exemple 12,50.
spa-error-sel-minutes = Prix non valide : un nombre entier de minutes de SEL par heure, par exemple 30.
spa-error-price-required = Indiquez le prix par heure, ou choisissez « Gratuit ».
spa-error-weekday = Choisissez le jour de la semaine.
spa-error-use = Choisissez l'usage de la salle.
spa-error-kiosk = Choisissez une borne dans la liste.
spa-error-overlap = Cette ligne chevauche la ligne { $row } ({ $day }, { $hours }).

## Confirmations
ok-spa-space-created = La salle a été créée. Vous pouvez maintenant lui donner ses horaires.
ok-spa-space-saved = La salle a été enregistrée.
ok-spa-use-created = L'usage a été créé.
ok-spa-use-saved = L'usage a été enregistré.
ok-spa-timetable-saved = Les horaires ont été enregistrés.
ok-spa-exception-added = L'exception a été ajoutée.
ok-spa-exception-removed = L'exception a été supprimée.
ok-spa-door-saved = La borne de porte a été associée à la salle.
ok-spa-link-renewed = Le lien de l'agenda a été renouvelé : l'ancien ne fonctionne plus.

## Occupancy
spa-occupancy-title = Occupation des salles
spa-occupancy-at = État à { $time }.
spa-occupancy-help = Rechargez la page pour mettre à jour.
spa-occupancy-now = En ce moment
spa-present-of = { $present } / { $capacity }
spa-present-people = personnes présentes / places
spa-full = Complet
spa-nearly-full = Presque complet
spa-in-force = Usage en cours
spa-no-use-now = Fermée (aucun usage en ce moment)
spa-booking-now = Réservation en cours
spa-attendees = Participants venus
spa-door-kiosk = Borne de porte
spa-door-yes = oui, les entrées sont comptées
spa-door-no = aucune : les présents ne sont pas comptés
spa-history-title = Occupation moyenne par heure
spa-label-weeks = Période
spa-weeks = { $n ->
    [one] la dernière semaine
   *[other] les { $n } dernières semaines
}
spa-show = Afficher
spa-history-help = { $n ->
    [one] Nombre moyen de personnes présentes, par jour et par heure, sur la dernière semaine. Les heures hachurées sont fermées ou sans données.
   *[other] Nombre moyen de personnes présentes, par jour et par heure, sur les { $n } dernières semaines. Les heures hachurées sont fermées ou sans données.
}
spa-heatmap-title = Occupation moyenne — { $name } ({ $weeks } sem.)
spa-heatmap-unit = personnes
spa-weekday-short-1 = lun.
spa-weekday-short-2 = mar.
spa-weekday-short-3 = mer.
spa-weekday-short-4 = jeu.
spa-weekday-short-5 = ven.
spa-weekday-short-6 = sam.
spa-weekday-short-7 = dim.

## Chrono'espaces — the JSON API and the iCalendar feeds (server/src/web/spaces_api.rs)

spi-period-too-long = Période trop longue pour un seul appel : 62 jours au plus pour les créneaux et la grille de disponibilité, 366 jours pour les listes.
spi-too-many-windows = Trop de plages horaires : 336 au plus pour une semaine.
spi-too-many-spaces = Trop de salles à la fois : 50 au plus.
spi-weeks = Nombre de semaines non valide : entre 1 et 52.
spi-booking-too-long = Réservation trop longue : une réservation dure au plus 8 jours.
spi-series-all-or-nothing = La série n'a pas été réservée (tout ou rien) : au moins une date n'est pas libre — { $name }. L'aperçu de la série donne le résultat de chaque date.
spi-series-none-free = La série n'a pas été réservée : aucune date n'est libre — { $name }.
spi-feed-not-found = Calendrier introuvable. Le lien est peut-être ancien : demandez le lien à jour à l'accueil.
spi-feed-agenda-name = Agenda de la CITEOSQUARE
spi-feed-space-name = { $name } — CITEOSQUARE
spi-feed-association-name = { $name } — réservations de salles
sp-night-requests = { $n ->
    [one] { $n } demande de salle pour ce soir ou demain matin, sans réponse
   *[other] { $n } demandes de salle pour ce soir ou demain matin, sans réponse
}

## Bien-Vivre indicators
bv-ind-spaces_debates = Débats et projections
bv-ind-spaces_debates-def = Réservations confirmées d'un usage de débat ou de projection (son code contient « debat » ou « projection ») qui commencent dans la période.
bv-ind-spaces_attendance = Participation aux débats et projections
bv-ind-spaces_attendance-def = Pour chaque débat ou projection, les personnes différentes qui ont badgé à la porte de la salle pendant l'événement, additionnées sur tous les événements de la période.
bv-ind-spaces_association_hours = Heures de salle pour les associations
bv-ind-spaces_association_hours-def = Durée totale, en heures, des réservations de salle confirmées au nom d'une association qui commencent dans la période.
bv-ind-spaces_occupancy = Taux d'occupation des salles
bv-ind-spaces_occupancy-def = Heures de salle réservées (réservations confirmées, sans les places en accès libre comme le coworking) divisées par les heures d'ouverture des salles dans la période, en pourcentage.
