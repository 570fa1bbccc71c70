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
hostel-check-in-for = Arrivée { DE($name) }
hostel-check-out = Départ
hostel-check-out-for = Départ { DE($name) }
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

# Le folio
hostel-method-cash = Espèces
hostel-method-card = Carte bancaire
hostel-method-transfer = Virement
hostel-method-voucher = Bon ou chèque-vacances
hostel-method-invoice = Facture à un payeur (association, entreprise)
hostel-method-sel = Heures SEL
hostel-folio-title = Folio
hostel-folio-empty = Rien n'est encore porté au folio.
hostel-folio-when = Quand
hostel-folio-what = Libellé
hostel-folio-amount = Montant
hostel-folio-night = Nuit du { $night }
hostel-folio-tax = Taxe de séjour, nuit du { $night }
hostel-folio-payment = Paiement : { $method }
hostel-folio-refund = Remboursement : { $method }
hostel-folio-correction = Correction de « { $of } » : { $reason }
hostel-folio-sel-rate = Une heure SEL vaut { $price } ; les heures paient au plus { $percent } % du séjour.
hostel-folio-charges = Total des prestations
hostel-folio-paid = Déjà payé
hostel-folio-balance = Solde du folio
hostel-folio-to-post = Nuits à venir (pas encore portées)
hostel-folio-due = Reste à payer pour le séjour
hostel-folio-receipt = Voir et imprimer le reçu
hostel-folio-add-extra = Ajouter une prestation (petit-déjeuner, draps…)
hostel-folio-extra = Prestation
hostel-folio-quantity = Quantité
hostel-folio-add = Ajouter au folio
hostel-folio-pay = Encaisser un paiement ou rembourser
hostel-folio-method = Moyen de paiement
hostel-folio-amount-euros = Montant, en euros
hostel-folio-reference = Référence (facultatif)
hostel-folio-reference-hint = Numéro de chèque ou de bon ; pour une facture, le nom du payeur.
hostel-folio-refund-check = C'est un remboursement (argent rendu au client)
hostel-folio-record-payment = Enregistrer le paiement
hostel-folio-correct = Corriger une ligne
hostel-folio-correct-hint = Une ligne n'est jamais modifiée : la correction s'ajoute au folio avec son motif. Montant négatif pour retirer (par exemple -6,50), positif pour ajouter.
hostel-folio-line = Ligne à corriger
hostel-folio-correct-amount = Montant de la correction, en euros
hostel-folio-correct-save = Enregistrer la correction
hostel-check-out-due = Reste à payer au départ : { $amount }
hostel-check-out-pay = Encaisser et enregistrer le départ
hostel-check-out-credit = Le client a payé { $amount } de trop : remboursez-le (dans le folio) avant le départ.
hostel-check-out-settled = Le folio est réglé.
hostel-receipt-title = Reçu
hostel-receipt-tax-note = La taxe de séjour est perçue pour le compte de la commune.
hostel-receipt-printed = Imprimé le { $when }
hostel-folios-title = Folios, prestations et audit de nuit
hostel-folios-link = Folios et audit de nuit
hostel-audits-title = Nuits closes par l'audit de nuit
hostel-audits-hint = Chaque nuit, à l'heure de l'audit, les réservations non arrivées deviennent des absences, les nuits des clients présents sont portées à leur folio et la nuit est close : ses montants ne se modifient plus, ils se corrigent par une nouvelle ligne.
hostel-audits-none = Aucune nuit n'est encore close.
hostel-audit-night = Nuit du
hostel-audit-ran = Close le
hostel-audit-no-shows = Absents
hostel-audit-posted = Nuits portées
hostel-audit-overdue = Départs en retard
hostel-extras-title = Prestations en vente
hostel-extra-withdrawn = retirée de la vente
hostel-extra-withdraw = Retirer « { $name } » de la vente
hostel-extra-name = Nom de la prestation
hostel-extra-price = Prix, en euros
hostel-extra-price-hint = Par exemple 6,50.
hostel-extra-add = Ajouter la prestation
hostel-folio-settings = Réglages du folio
hostel-setting-audit-hour = Heure de l'audit de nuit
hostel-setting-audit-hour-hint = De 0 à 12 h ; 3 h par défaut. L'audit clôt la nuit précédente, jamais avant le début de la journée de l'hôtel (une arrivée tardive reste attendue jusque-là).
hostel-setting-no-show = Une réservation non arrivée paie sa première nuit
hostel-setting-sel-price = Valeur d'une heure SEL, en euros
hostel-setting-sel-price-hint = 0 : l'auberge n'accepte pas les heures SEL.
hostel-setting-sel-percent = Part du séjour payable en heures SEL, en %
ok-hostel-extra = Prestation ajoutée au folio.
ok-hostel-paid = Paiement enregistré.
ok-hostel-corrected = Correction enregistrée.
ok-hostel-extra-added = Prestation ajoutée au catalogue.
ok-hostel-extra-withdrawn = Prestation retirée de la vente.
error-hostel-quantity = La quantité va de 1 à 100.
error-hostel-extra-closed = On n'ajoute une prestation qu'à un séjour réservé ou en cours.
error-hostel-extra-unknown = Cette prestation n'est pas en vente.
error-hostel-extra-taken = Une prestation porte déjà ce nom.
error-hostel-extra-price = Le prix va de 0 à 1 000 €.
error-hostel-method = Choisissez un moyen de paiement.
error-hostel-amount = Indiquez un montant en euros, par exemple 42,50.
error-hostel-invoice-payer = Pour une facture, indiquez le payeur dans la référence.
error-hostel-refund-sel = Les heures SEL ne se remboursent pas ici : corrigez le compte SEL.
error-hostel-refund-too-much = Le remboursement dépasse le trop-perçu ({ $name }).
error-hostel-pay-too-much = Le montant dépasse ce qui reste à payer ({ $name }).
error-hostel-sel-not-taken = L'auberge n'accepte pas les heures SEL (voir les réglages du folio).
error-hostel-sel-no-person = Ce séjour n'est lié à aucun membre ayant un compte SEL.
error-hostel-sel-share = Les heures SEL ne peuvent plus payer que { $name } de ce séjour.
error-hostel-correction-reason = Indiquez le motif de la correction.
error-hostel-correction-line = Choisissez une ligne de prestation de ce séjour.
error-hostel-correction-too-much = La correction retirerait plus que la ligne ({ $name }).
error-hostel-audit-hour = L'heure de l'audit va de 0 à 12.
error-hostel-sel-rate = La valeur d'une heure SEL va de 0 à 100 €.
error-hostel-percent = La part va de 0 à 100 %.
error-hostel-folio-unpaid = Le séjour n'est pas réglé : il reste { $name } à payer.
error-hostel-folio-credit = Le client a payé { $name } de trop : remboursez-le avant le départ.

# La demande de séjour en ligne
hostel-public-title = Demander un séjour à l'auberge
hostel-public-intro = Choisissez vos dates : vous verrez les lits et les chambres libres, puis envoyez votre demande. L'accueil vous répond par courriel ou par téléphone.
hostel-public-when = Vos dates
hostel-public-arrival = Arrivée (le soir de la première nuit)
hostel-public-departure = Départ (le matin)
hostel-public-search = Voir ce qui est libre
hostel-public-free-for = { $n ->
    [one] Libre pour cette nuit
   *[other] Libre pour ces { $n } nuits
}
hostel-public-full = L'auberge est complète à ces dates. Essayez d'autres dates ou appelez l'accueil.
hostel-public-choose = Ce que vous demandez
hostel-public-dorm = Lits en dortoir mixte ({ $free } libres)
hostel-public-women = Lits en dortoir réservé aux femmes, { $room } ({ $free } libres)
hostel-public-room = { $room } : chambre entière pour { $beds } personne(s), { $price } la nuit
hostel-public-name = Votre nom
hostel-public-contact-hint = Un courriel ou un téléphone, pour que l'accueil vous réponde.
hostel-public-notes = Un mot pour l'accueil (facultatif)
hostel-public-notes-hint = Heure d'arrivée, besoin d'une chambre accessible…
hostel-public-send = Envoyer ma demande
hostel-public-no-payment = Rien n'est à payer en ligne : vous réglez sur place.
hostel-public-sent-title = Demande envoyée
hostel-public-sent = Merci ! Votre demande est enregistrée. L'accueil vous répond au plus vite ; rien n'est réservé tant qu'il ne l'a pas confirmée.
hostel-public-another = Faire une autre demande
hostel-public-nav = Séjourner à l'auberge
error-hostel-public-choice = Choisissez des lits ou une chambre.
error-hostel-public-busy = Trop de demandes attendent l'accueil : appelez-le directement.
error-hostel-public-throttled = Trop de demandes depuis cette connexion : réessayez dans un quart d'heure ou appelez l'accueil.

# Les flux iCalendar des chambres
hostel-feeds-title = Calendriers des chambres (plateformes de réservation)
hostel-feeds-hint = Donnez l'adresse d'une chambre à une plateforme (Airbnb, Booking.com…) pour qu'elle y bloque les nuits déjà prises ici. Ces adresses sont secrètes : elles ne montrent aucun nom, seulement les nuits prises et hors service.
hostel-feed-name = Auberge — { $room }
hostel-feed-held = Réservé
hostel-feed-closed = Hors service

# Changer de chambre
hostel-move = Changer de chambre
hostel-move-to = Nouvelle chambre
hostel-move-hint = Par exemple : fuite dans la chambre, demande du client. Les nuits déjà passées restent où elles étaient.
hostel-move-save = Changer de chambre
ok-hostel-moved = Chambre changée : les lits sont réservés pour les nuits qui restent.
error-hostel-move-reason = Indiquez pourquoi le séjour change de chambre.
error-hostel-move-same = Le séjour est déjà dans cette chambre.
error-hostel-move-small = Cette chambre n'a que { $name } lit(s) pour ce séjour.

## Guest badges
hostel-badges-title = Badges invités
hostel-badges-hint = Un badge invité ouvre ce que les hôtes peuvent utiliser (les portes de l'auberge, les salles, les activités du SEL) jusqu'au jour du départ. Le départ le bloque, rendu ou non.
hostel-badge-card-optional = Badge invité (facultatif)
hostel-badge-card = Numéro du badge
hostel-badge-card-hint = Passez la carte sur la borne de l'accueil, ou tapez le numéro imprimé dessus.
hostel-badge-holder = Pour qui (facultatif)
hostel-badge-holder-hint = Laissez vide pour { $guest } ; sinon, le prénom et le nom de la personne du groupe.
hostel-badge-lend = Prêter un badge
hostel-badge-lend-save = Prêter le badge
hostel-badge-lend-read = Prêter le badge { $card }
hostel-badge-out = prêté, valable jusqu'au { $date } inclus
hostel-badge-returned-at = rendu le { $when }
hostel-badge-blocked-at = bloqué le { $when } ({ $why })
hostel-badge-back = Badge { $card } rendu
hostel-badge-back-check = Le badge { $card } est rendu ({ $holder })
ok-hostel-badge-lent = Badge prêté : il fonctionne dès maintenant.
ok-hostel-badge-back = Badge rendu : il est bloqué.
error-hostel-badge-back = Le badge { $name } est déjà rendu.

## Booking platforms' calendars
hostel-imports-title = Calendriers des plateformes
hostel-imports-hint = Les réservations des plateformes (Airbnb, Booking.com…) bloquent leurs nuits ici : chaque calendrier est relu tous les quarts d'heure. Une réservation dont les nuits sont déjà prises ne bloque rien : elle est signalée ici et sur la page du jour, jusqu'à ce que l'accueil règle le conflit. Le calendrier de la plateforme fait foi : une réservation annulée ici revient tant que la plateforme la garde, annulez-la sur la plateforme. Dans l'autre sens, chaque chambre a son propre calendrier à donner à la plateforme (page « Chambres »).
hostel-imports-none = Aucun calendrier de plateforme n'est lu.
hostel-import-no-blocks = Aucune réservation à venir dans ce calendrier.
hostel-import-read-now = Relire maintenant
hostel-import-remove = Ne plus lire ce calendrier
hostel-import-remove-confirm = Ne plus lire le calendrier { $platform } de { $room } ? Les séjours déjà créés restent ; annulez-les à la main si besoin.
hostel-import-add-title = Lire le calendrier d'une plateforme
hostel-import-add-hint = Sur la plateforme, cherchez « exporter le calendrier » (ou « lien iCal ») de l'annonce, et collez l'adresse ici.
hostel-import-platform = Plateforme
hostel-import-platform-hint = Par exemple : Airbnb, Booking.com. Ce nom figure sur les séjours créés.
hostel-import-url = Adresse du calendrier
hostel-import-url-hint = Elle commence par https:// et finit souvent par .ics.
hostel-import-add = Lire ce calendrier
hostel-import-see = Voir les calendriers des plateformes
hostel-import-held = nuits bloquées (voir le séjour)
hostel-import-taken-by = en conflit : nuits déjà prises par { $who }
hostel-import-failing = Lecture impossible (dernière lecture réussie : { $since }) : { $why }
hostel-import-never = jamais
hostel-import-read-at = Lu { $when } : { $n } événement(s).
hostel-import-not-yet = Pas encore lu.
hostel-import-alert-conflict = Réservation { $platform } de { $room } du { $dates } : { $why }
hostel-import-alert-failing = Le calendrier { $platform } de { $room } ne peut pas être lu : { $why }
ok-hostel-import-added = Calendrier ajouté et lu.
ok-hostel-import-read = Calendrier relu.
ok-hostel-import-removed = Ce calendrier n'est plus lu.
error-hostel-import-url = Collez l'adresse complète du calendrier, qui commence par https://.
error-hostel-import-exists = Ce calendrier est déjà lu pour cette chambre.
error-hostel-import-begun = le séjour est commencé : reportez le changement à la main.
error-hostel-import-refused = la réservation ne peut pas être enregistrée telle quelle.
error-hostel-import-timeout = Le site de la plateforme n'a pas répondu à temps ; la lecture sera retentée.
error-hostel-import-host = Le site du calendrier est introuvable (adresse erronée, ou pas d'accès à internet).
error-hostel-import-connection = Impossible de joindre le site de la plateforme (pas d'accès à internet ?) ; la lecture sera retentée.
error-hostel-import-http = Le site de la plateforme a répondu par l'erreur { $name } : vérifiez l'adresse du calendrier.
error-hostel-import-too-large = La réponse est trop grande ou n'est pas du texte : ce n'est pas un calendrier.
error-hostel-import-not-calendar = La réponse n'est pas un calendrier iCalendar : vérifiez l'adresse.
error-hostel-import-failed = La lecture a échoué ; elle sera retentée.
hostel-night-arrival = Auberge : { $guest } ({ $people } pers.) attendu ce soir, pas encore arrivé.
hostel-night-requests = { $n ->
    [one] Auberge : { $n } demande de séjour à traiter
   *[other] Auberge : { $n } demandes de séjour à traiter
}

## Bien-Vivre indicators
bv-ind-hostel_guests_in_activities = Voyageurs de l'auberge venus à une activité
bv-ind-hostel_guests_in_activities-def = Personnes hébergées à l'auberge dont le badge a été accepté à une borne du SEL ou à la porte d'une salle entre leur arrivée et leur départ, dans la période, chacune comptée une seule fois.
