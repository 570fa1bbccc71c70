# L'auberge participative
hostel-nav = Hôtel
hostel-day-title = Hôtel
hostel-tonight = cette nuit
hostel-day-nav = Changer de jour
hostel-day-previous = Nuit précédente
hostel-day-next = Nuit suivante
hostel-day-pick = Nuit du
hostel-day-show = Afficher
hostel-new-stay = Nouveau séjour
hostel-grid-title = Planning des lits
hostel-rooms-title = Chambres
hostel-print = Imprimer
hostel-people-in-house = { $n ->
    [0] Personne n'est arrivé
    [one] 1 personne dans la maison
   *[other] { $n } personnes dans la maison
}
hostel-beds-free = { $free } lits libres sur { $total }
hostel-label-guest = Client
hostel-label-people = Personnes
hostel-label-beds = Lits
hostel-label-dates = Dates
hostel-label-status = État
hostel-label-action = Action
hostel-check-in = Arrivée
hostel-check-in-for = Arrivée de { $name }
hostel-check-out = Départ
hostel-check-out-for = Départ de { $name }
hostel-see-request = Voir la demande
hostel-arrivals = Arrivées
hostel-departures = Départs de ce matin
hostel-in-house = Séjours de cette nuit
hostel-requests = Demandes en attente
hostel-none = Aucun.
hostel-nights = { $n ->
    [one] 1 nuit
   *[other] { $n } nuits
}
hostel-dates = du { $from } au { $to }
hostel-beds-asked = { $n ->
    [one] 1 lit demandé
   *[other] { $n } lits demandés
}
hostel-bed-word = lits
hostel-bed-n = lit { $n }
hostel-status-requested = Demande à traiter
hostel-status-confirmed = Confirmé
hostel-status-checked-in = Arrivé
hostel-status-checked-out = Parti
hostel-status-cancelled = Annulé
hostel-status-no-show = Pas venu
hostel-grid-previous = 30 nuits avant
hostel-grid-next = 30 nuits après
hostel-grid-legend = Chaque case dit ce qu'est le lit cette nuit-là : « libre », le nom du client la première nuit de son séjour, « … » les suivantes, ou « hors service » et pourquoi.
hostel-label-bed = Lit
hostel-cell-free = libre
hostel-cell-closed = hors service
hostel-any-dorm = Un dortoir mixte, au lit (le moins de chambres possible pour un groupe)
hostel-kind-dorm = dortoir
hostel-kind-private = chambre privée
hostel-beds-count = { $n ->
    [one] 1 lit
   *[other] { $n } lits
}
hostel-women-only = femmes seulement
hostel-step-free = accessible sans marche
hostel-floor = { $n ->
    [0] rez-de-chaussée
   *[other] étage { $n }
}
hostel-source-desk = Accueil
hostel-source-phone = Téléphone
hostel-source-walk-in = Arrivée sans réservation
hostel-source-website = Demande du site
hostel-source-platform = Plateforme de réservation
hostel-guest-hint = Pour un groupe : le nom de la personne responsable.
hostel-label-phone = Téléphone
hostel-label-email = Courriel
hostel-contact-hint = Un téléphone ou un courriel, pour pouvoir prévenir.
hostel-label-arrival = Première nuit
hostel-arrival-hint = La date du soir d'arrivée (après minuit, c'est encore la nuit de la veille).
hostel-label-departure = Date de départ
hostel-departure-hint = Le matin où les clients partent.
hostel-label-room = Chambre
hostel-whole-room = Toute la chambre (un groupe prend tout le dortoir)
hostel-label-beds-wanted = Nombre de lits en dortoir
hostel-beds-hint = Laissez vide : un lit par personne.
hostel-label-source = Réservé par
hostel-label-notes = Remarques
hostel-save-stay = Enregistrer le séjour
hostel-back = Retour à l'hôtel
hostel-stay-title = séjour
hostel-label-price = Prix des nuits
hostel-made = Enregistré
hostel-checked-in-at = Arrivée
hostel-checked-out-at = Départ
hostel-cancelled-at = Annulé
hostel-actions = Que faire ?
hostel-confirm = Accepter la demande
hostel-no-show = Pas venu
hostel-cancel = Annuler le séjour
hostel-change-departure = Nouvelle date de départ
hostel-change = Changer
hostel-cancel-title = Annuler ce séjour ?
hostel-cancel-sentence = { $name }, { $dates } — { $beds }. Les lits seront libérés.
hostel-cancel-reason = Motif (facultatif)
hostel-cancel-yes = Oui, annuler le séjour
hostel-cancel-no = Non, garder le séjour
hostel-rooms-in-service = Chambres en service
hostel-closures = Hors service
hostel-closure-line = { $room } : du { $from } au { $to } — { $reason }
hostel-label-first-night = Première nuit
hostel-label-last-night = Dernière nuit (comprise)
hostel-label-reason = Motif
hostel-closure-hint = Par exemple : fuite d'eau, peinture.
hostel-close-room = Mettre hors service
hostel-room-new = Ajouter une chambre
hostel-label-room-name = Nom de la chambre
hostel-label-kind = Type
hostel-label-beds-count = Nombre de lits
hostel-label-floor = Étage (0 : rez-de-chaussée)
hostel-label-price-euros = Prix par nuit, en euros
hostel-price-hint = En dortoir : par lit. En chambre privée : pour la chambre. Par exemple 22 ou 22,50.
hostel-private-bathroom = Salle de bain privée
hostel-room-add = Ajouter la chambre
hostel-today-is = Nuit en cours : { $date }
hostel-price-bed = { $price } par lit et par nuit
hostel-price-room = { $price } la nuit
hostel-desk-title = Hôtel
hostel-desk-arrivals = Arrivées ce soir : { $waiting } attendues sur { $total }
hostel-desk-departures = { $n ->
    [0] aucun départ en attente
    [one] 1 départ à faire
   *[other] { $n } départs à faire
}
hostel-desk-beds-free = { $n ->
    [0] complet
    [one] 1 lit libre
   *[other] { $n } lits libres
}
hostel-desk-requests = { $n ->
    [one] 1 demande à traiter
   *[other] { $n } demandes à traiter
}
hostel-desk-link = Voir l'hôtel
hostel-person-title = Séjours à l'hôtel
ok-hostel-made = Séjour enregistré.
ok-hostel-confirmed = Demande acceptée : les lits sont réservés.
ok-hostel-checked-in = Arrivée enregistrée.
ok-hostel-checked-out = Départ enregistré.
ok-hostel-no-show = Séjour marqué « pas venu » : les lits sont libérés.
ok-hostel-departure = Date de départ changée.
ok-hostel-cancelled = Séjour annulé : les lits sont libérés.
ok-hostel-room-added = Chambre ajoutée.
ok-hostel-closed = Chambre mise hors service.
error-hostel-number = Écrivez un nombre entier.
error-hostel-room-name = Donnez un nom à la chambre (60 caractères au plus).
error-hostel-room-kind = Choisissez dortoir ou chambre privée.
error-hostel-room-beds = Une chambre a de 1 à 20 lits.
error-hostel-room-floor = L'étage va de -2 à 20.
error-hostel-room-bathroom = Salle de bain privée ou partagée.
error-hostel-room-women-only = Seul un dortoir peut être réservé aux femmes.
error-hostel-price = Le prix va de 0 à 1 000 € par nuit.
error-hostel-notes = 2 000 caractères au plus.
error-hostel-room-taken = Une chambre porte déjà ce nom : { $name }.
error-hostel-date = Écrivez une date (jj/mm/aaaa).
error-hostel-closure-dates = La dernière nuit vient après la première, sur un an au plus.
error-hostel-reason = Donnez un motif (200 caractères au plus).
error-hostel-bed = Ce lit n'est pas dans cette chambre.
error-hostel-closure-held = Des clients ont ces nuits : { $name }. Déplacez ou annulez leur séjour d'abord.
error-hostel-rate-name = Donnez un nom au tarif (60 caractères au plus).
error-hostel-guest-name = Écrivez le nom du client (120 caractères au plus).
error-hostel-phone = 30 caractères au plus.
error-hostel-email = Ce courriel n'a pas l'air juste (il faut un @).
error-hostel-contact = Donnez un téléphone ou un courriel.
error-hostel-people = De 1 à 60 personnes.
error-hostel-past = La première nuit est déjà passée.
error-hostel-departure = Le départ vient après la première nuit (et pas avant cette nuit).
error-hostel-too-long = Un séjour dure 90 nuits au plus.
error-hostel-source = Choisissez comment le séjour a été réservé.
error-hostel-request-key = 100 caractères au plus.
error-hostel-room = Cette chambre n'existe pas ou n'est plus en service.
error-hostel-person = Cette personne n'existe pas.
error-hostel-room-too-small = Trop de personnes pour les lits de cette chambre.
error-hostel-whole-needs-room = Choisissez le dortoir à prendre en entier.
error-hostel-beds = De 1 lit à un lit par personne.
error-hostel-room-taken-nights = Cette chambre n'est pas libre toutes ces nuits : voyez le planning des lits.
error-hostel-no-beds = Pas assez de lits libres toutes ces nuits : { $name } seulement.
error-hostel-taken-now = Ces lits viennent d'être pris : voyez le planning des lits.
error-hostel-closed = Cette chambre est hors service une de ces nuits.
error-hostel-request-passed = La première nuit de cette demande est passée : annulez-la.
error-hostel-too-early = Trop tôt : l'arrivée est prévue le { $name }.
error-hostel-too-late = Le séjour est fini : son dernier matin est passé.
error-hostel-reason-long = 500 caractères au plus.
error-hostel-no-show-early = Attendez la fin de la première nuit pour dire que les clients ne sont pas venus.
error-hostel-extend-taken = Les mêmes lits ne sont pas libres toutes les nuits ajoutées.
error-hostel-grid-nights = De 1 à 62 nuits.
error-hostel-status-requested = Ce n'est pas possible : c'est encore une demande, acceptez-la d'abord.
error-hostel-status-confirmed = Ce n'est pas possible : les clients ne sont pas encore arrivés.
error-hostel-status-checked-in = Ce n'est pas possible : les clients sont arrivés.
error-hostel-status-checked-out = Ce n'est plus possible : les clients sont partis.
error-hostel-status-cancelled = Ce n'est plus possible : le séjour est annulé.
error-hostel-status-no-show = Ce n'est plus possible : les clients ne sont pas venus.
hostel-hk-title = Ménage
hostel-hk-hint = Les chambres à faire d'abord sont en haut : celles où des clients arrivent ce soir. Un bouton par chambre, une fois les lits faits.
hostel-hk-dirty-beds = Lits à faire : { $beds }
hostel-hk-state-dirty = à faire
hostel-hk-state-clean = propre
hostel-hk-state-inspected = vérifiée
hostel-hk-to-do = à faire
hostel-hk-arrival-tonight = Des clients arrivent ce soir : à faire en premier.
hostel-hk-mark-clean = { $room } est propre
hostel-hk-waiting = Lits pas encore faits
hostel-hk-bed-made = Lit fait
hostel-hk-arrival-waits = attend des lits propres : { $beds }
ok-hostel-hk-done = C'est noté.
hostel-police-title = Fiche individuelle de police
hostel-police-title-many = Fiches de police
hostel-police-hint = Une fiche pour chaque client de nationalité étrangère (les enfants de moins de 15 ans sur la fiche d'un adulte qui les accompagne). Aucune copie ni photo de pièce d'identité n'est gardée. Les fiches sont effacées 6 mois après le départ.
hostel-police-add = Ajouter une fiche (client étranger)
hostel-police-back-stay = Retour au séjour
hostel-police-name = Nom et prénom
hostel-police-last-name = Nom
hostel-police-first-name = Prénom
hostel-police-birth = Naissance
hostel-police-born = le { $date } à { $place }
hostel-police-birth-date = Date de naissance
hostel-police-birth-place = Lieu de naissance
hostel-police-birth-place-hint = Ville et pays.
hostel-police-nationality = Nationalité
hostel-police-address = Domicile habituel
hostel-police-address-hint = Adresse complète, avec le pays.
hostel-police-contact = Téléphone, courriel
hostel-police-children = Enfants de moins de 15 ans qui l'accompagnent
hostel-police-children-hint = Ils sont inscrits sur cette fiche. 0 s'il n'y en a pas.
hostel-police-with-children = { $n ->
    [one] avec 1 enfant de moins de 15 ans
   *[other] avec { $n } enfants de moins de 15 ans
}
hostel-police-stay = du { $from } au { $to } (départ prévu)
hostel-police-signed = Signature
hostel-police-signed-paper = signée par le client sur la fiche papier
hostel-police-signed-check = Le client a signé la fiche papier.
hostel-police-recorded = Saisie
hostel-police-purge = Effacée le
hostel-police-save = Enregistrer la fiche
hostel-police-list-title = Fiches de police
hostel-police-list-range = Arrivées du { $from } au { $to }
hostel-police-from = Arrivées du
hostel-police-to = au
hostel-police-count = { $n ->
    [0] aucune fiche
    [one] 1 fiche
   *[other] { $n } fiches
}
hostel-police-kept = Les fiches sont gardées 6 mois après le départ, puis effacées automatiquement.
ok-hostel-police = Fiche enregistrée.
error-hostel-police-field = Ce champ est obligatoire pour la fiche de police.
error-hostel-police-birth = Écrivez la date de naissance (jj/mm/aaaa).
error-hostel-police-french = Pas de fiche pour un client de nationalité française.
error-hostel-police-children = De 0 à 20 enfants.
error-hostel-police-signature = Faites signer la fiche papier au client, puis cochez la case.
error-hostel-police-stay = Les fiches se remplissent pour un séjour confirmé ou en cours.
error-hostel-housekeeping-state = Choisissez propre, à faire ou vérifiée.
error-hostel-bed-dirty = Le lit n'est pas encore fait : { $name }. Faites-le, puis cliquez « Lit fait ».
hostel-tax-title = Taxe de séjour
hostel-tax-register = Registre
hostel-tax-from = Nuits du
hostel-tax-csv = Télécharger (CSV)
hostel-tax-total = Taxe collectée : { $total }
hostel-tax-nights = Nuits
hostel-tax-exempt = Exonérés
hostel-tax-taxed = Nuitées taxées
hostel-tax-amount = Taxe
hostel-tax-no-names = Le registre ne nomme personne : dates, nombre de personnes, nuits, exonérations et taxe.
hostel-tax-rules = Règles de la commune
hostel-tax-no-rule = Aucune règle : aucune taxe n'est calculée.
hostel-tax-rule-add = Ajouter une règle
hostel-tax-rule-save = Enregistrer la règle
hostel-tax-commune = Commune
hostel-tax-mode = Régime
hostel-tax-mode-classified = Hébergement classé : un montant par personne et par nuit
hostel-tax-mode-unclassified = Hébergement non classé : un pourcentage du prix par personne et par nuit, plafonné
hostel-tax-per-person = Montant par personne et par nuit (€)
hostel-tax-per-person-hint = Hébergement classé seulement. Par exemple 0,83.
hostel-tax-rate = Taux (%)
hostel-tax-rate-hint = Hébergement non classé : de 1 à 10 %, voté par la commune. Par exemple 5.
hostel-tax-cap = Plafond par personne et par nuit (€)
hostel-tax-department = Taxe additionnelle départementale (%)
hostel-tax-department-hint = 10 % là où le département l'a votée, sinon 0.
hostel-tax-region = Taxe additionnelle régionale (%)
hostel-tax-threshold = Seuil d'exonération (prix par personne et par nuit, €)
hostel-tax-threshold-hint = En dessous, personne ne paie (délibération de la commune). 0 s'il n'y en a pas.
hostel-tax-rule-line = { $commune }, nuits du { $from } au { $to } : { $amount }, départ. { $department }, région { $region }
hostel-tax-rule-classified = { $amount } par personne et par nuit
hostel-tax-rule-unclassified = { $rate } du prix par personne et par nuit, plafond { $cap }
hostel-tax-minors = { $n ->
    [one] 1 mineur
   *[other] { $n } mineurs
}
hostel-tax-reason-seasonal-worker = saisonnier employé dans la commune
hostel-tax-reason-emergency-housing = hébergement d'urgence ou relogement temporaire
hostel-tax-stay-exempt = { $n } personne(s) exonérée(s)
hostel-label-minors = Dont mineurs (moins de 18 ans)
hostel-minors-hint = Exonérés de taxe de séjour.
hostel-label-tax-exempt = Autres personnes exonérées
hostel-tax-exempt-hint = Saisonniers employés dans la commune, hébergement d'urgence. 0 sinon.
hostel-label-tax-reason = Motif de l'exonération
ok-hostel-tax-rule = Règle enregistrée.
error-hostel-tax-people = Les mineurs et les exonérés ne dépassent pas le nombre de personnes.
error-hostel-tax-reason = Choisissez le motif de l'exonération.
error-hostel-tax-commune = Écrivez le nom de la commune.
error-hostel-tax-amount = Un montant de 0,01 à 100 €.
error-hostel-tax-rate = Un taux de 0,01 à 10 % (départ. et région : jusqu'à 100 % et 300 %).
error-hostel-tax-mode = Choisissez le régime.
error-hostel-tax-number = Écrivez un nombre (par exemple 0,83).
