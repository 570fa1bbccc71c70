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
