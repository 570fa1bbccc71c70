## Le tableau de bord du Bien-Vivre (annexe 2 « Compter autrement »)

bv-nav = Bien-Vivre
bv-title = Tableau de bord du Bien-Vivre
bv-lead = Les huit critères du Bien-Vivre, mesurés à partir de ce que fait le lieu, de { $first } à { $last }.
bv-public-note = Cette page montre les indicateurs que le lieu a choisi de rendre publics. Le comité citoyen et l'accueil en voient davantage.
bv-measured-at = Les chiffres des mois en cours sont mesurés toutes les 10 minutes (dernière mesure : { $time }).
bv-report-link = Rapport de l'année { $year }
bv-entry-link = Saisir un relevé
bv-settings-link = Indicateurs et comité
bv-back-dashboard = Retour au tableau de bord
bv-criterion-empty = Aucun indicateur n'est suivi pour ce critère.
bv-period-twelve = sur les 12 derniers mois
bv-period-year = en { $year }
bv-before = l'année précédente : { $value }
bv-see-figures = Voir les chiffres mois par mois
bv-entered-by-hand = Valeur saisie à la main.

bv-criterion-1 = Poursuite d'une utilité sociale du projet
bv-criterion-1-hint = Ce que le lieu apporte à ceux qui le fréquentent : débats, trajets accompagnés, services rendus.
bv-criterion-2 = Santé globale
bv-criterion-2-hint = Habitudes de vie, alimentation, pratique sportive : ce que disent les habitants.
bv-criterion-3 = Contribution des entreprises à la qualité du lien social
bv-criterion-3-hint = Entreprises partenaires, rencontres ouvertes à tous, personnes de passage accueillies dans les activités.
bv-criterion-4 = Capacité d'agir au niveau collectif
bv-criterion-4-hint = Le SEL, les salles prêtées aux associations : agir ensemble.
bv-criterion-5 = Capacité d'agir au niveau individuel
bv-criterion-5-hint = Les premiers pas : une première permanence, un trajet pour aller à un rendez-vous.
bv-criterion-6 = Frugalité des organisations collectives
bv-criterion-6-hint = Faire plus avec les mêmes murs et moins d'achats neufs.
bv-criterion-7 = Satisfaction d'un besoin fondamental
bv-criterion-7-hint = Accès à des produits locaux et bios à des prix accessibles.
bv-criterion-8 = Environnement et biodiversité
bv-criterion-8-hint = Eau, énergie, déchets : réduire les effets du lieu sur son milieu.

bv-unit-hours = h
bv-unit-people = { $n ->
    [one] personne
   *[other] personnes
}
bv-unit-percent = %
bv-unit-km = km
bv-unit-trips = { $n ->
    [one] trajet
   *[other] trajets
}
bv-unit-events = { $n ->
    [one] rencontre
   *[other] rencontres
}
bv-unit-minutes = min

bv-source-computed = Calculé par le système
bv-source-entered = Saisi à la main
bv-entered-meter-def = Relevés d'un compteur : ce qui a été consommé depuis le relevé précédent compte au mois du nouveau relevé.
bv-entered-sum-def = Quantités additionnées sur la période (par exemple chaque pesée).
bv-entered-last-def = La dernière valeur connue sur la période (par exemple le résultat d'une enquête).

bv-standing-no-target = Pas d'objectif fixé.
bv-standing-no-value = Pas encore de valeur pour comparer à l'objectif.
bv-standing-reached = Objectif atteint (objectif : { $target }).
bv-standing-below = En dessous de l'objectif (objectif : { $target }).
bv-standing-above = Au-dessus de l'objectif (objectif : { $target } au plus).
bv-trend-unknown = Pas encore de comparaison avec l'année précédente.
bv-trend-steady = Stable par rapport à l'année précédente.
bv-trend-better = { $way ->
    [up] En hausse par rapport à l'année précédente : c'est mieux.
   *[down] En baisse par rapport à l'année précédente : c'est mieux.
}
bv-trend-worse = { $way ->
    [up] En hausse par rapport à l'année précédente : c'est moins bien.
   *[down] En baisse par rapport à l'année précédente : c'est moins bien.
}
bv-chart-target = Objectif : { $value } par mois
bv-summary = Graphique { $period } : { $total } au total ; le mois le plus haut, { $high } ; le plus bas, { $low } ; mois sans valeur : { $missing }.
bv-summary-level = Graphique { $period } : { $total } sur la période ; le mois le plus haut, { $high } ; le plus bas, { $low } ; mois sans valeur : { $missing }.
bv-summary-empty = Graphique { $period } : aucune valeur pour l'instant.

bv-month-1 = janvier
bv-month-2 = février
bv-month-3 = mars
bv-month-4 = avril
bv-month-5 = mai
bv-month-6 = juin
bv-month-7 = juillet
bv-month-8 = août
bv-month-9 = septembre
bv-month-10 = octobre
bv-month-11 = novembre
bv-month-12 = décembre
bv-month-short-1 = janv.
bv-month-short-2 = févr.
bv-month-short-3 = mars
bv-month-short-4 = avr.
bv-month-short-5 = mai
bv-month-short-6 = juin
bv-month-short-7 = juil.
bv-month-short-8 = août
bv-month-short-9 = sept.
bv-month-short-10 = oct.
bv-month-short-11 = nov.
bv-month-short-12 = déc.

bv-months-caption = Mois par mois ({ $unit })
bv-col-month = Mois
bv-col-value = Valeur
bv-col-criterion = Critère
bv-col-indicator = Indicateur
bv-col-unit = Unité
bv-col-source = Origine
bv-col-year = Année { $year }
bv-col-target = Objectif annuel
bv-col-commentary = Commentaire du comité
bv-col-written-by = Écrit par
bv-col-activity = Activité
bv-col-hours = Heures données
bv-col-participants = Participants
bv-sheet-indicators = Indicateurs
bv-sheet-commentaries = Commentaires

bv-report-title = Bien-Vivre : rapport de l'année { $year }
bv-report-lead = { $site } — les huit critères du Bien-Vivre pour la journée citoyenne de { $year }, avec les commentaires du comité citoyen.
bv-report-year = Année
bv-report-show = Afficher
bv-report-csv = Télécharger en CSV
bv-report-ods = Télécharger pour LibreOffice (.ods)
bv-report-print-hint = Pour imprimer le rapport ou en faire un PDF, utilisez « Imprimer » dans votre navigateur : les boutons et les formulaires ne sont pas imprimés.
bv-report-in-year = sur l'année { $year }
bv-commentary-saved = Le commentaire est enregistré.
bv-saved = Enregistré.
bv-commentary-title = Commentaire du comité citoyen
bv-commentary-none = Pas encore de commentaire.
bv-commentary-by = Écrit par { $name }, { $when }.
bv-commentary-label = Commentaire sur le critère { $n }
bv-commentary-save = Enregistrer le commentaire
bv-sel-title = Le SEL en { $year }
bv-sel-hours = Heures données lors des permanences : { $hours }
bv-sel-sessions = Permanences tenues : { $n }
bv-sel-participants = Personnes qui ont donné du temps : { $n }
bv-sel-newcomers = Nouvelles personnes (première permanence) : { $n }
bv-sel-purchases = Temps dépensé à la coopérative : { $hours }
bv-sel-exchanges = Échanges entre membres : { $n }
bv-sel-by-activity = Heures données par activité

bv-entry-title = Saisir un relevé Bien-Vivre
bv-entry-lead = Compteurs d'eau, d'électricité et de gaz, pesées des déchets, résultats d'enquête : chaque saisie est gardée, une erreur se corrige par une nouvelle saisie.
bv-entry-indicator = Indicateur
bv-entry-choose = Choisissez un indicateur
bv-entry-open = Ouvrir
bv-entry-pick = Choisissez un indicateur pour saisir un relevé et voir son historique.
bv-entry-new = Nouveau relevé : { $name }
bv-entry-correcting = Corriger un relevé : { $name }
bv-entry-date = Date du relevé
bv-entry-value = Valeur ({ $unit })
bv-entry-reason = Motif
bv-entry-reason-hint = Obligatoire pour une correction, ou si un compteur affiche moins qu'avant (compteur remplacé).
bv-entry-save = Enregistrer le relevé
bv-entry-cancel-correction = Annuler la correction
bv-entry-history = Historique des relevés
bv-entry-history-none = Aucun relevé pour l'instant.
bv-entry-who = Saisi par
bv-entry-actions = Actions
bv-entry-correct = Corriger
bv-entry-correct-of = Corriger le relevé du { $date }
bv-entry-corrected = corrigé
bv-entry-correction = correction
bv-entry-restart = nouveau compteur

bv-settings-title = Indicateurs Bien-Vivre et comité citoyen
bv-settings-lead = Choisissez les indicateurs suivis, ceux que tout le monde peut voir, et les objectifs de l'année.
bv-settings-indicators = Indicateurs
bv-settings-switches = Réglages
bv-settings-enabled = Suivi sur le tableau de bord
bv-settings-published = Visible par tous (page publique)
bv-settings-target = Objectif annuel ({ $unit })
bv-settings-save = Enregistrer
bv-settings-save-for = Enregistrer les réglages de « { $name } »
bv-committee-title = Comité citoyen
bv-committee-hint = Les membres du comité voient tout le tableau de bord et écrivent les commentaires du rapport annuel.
bv-committee-none = Personne n'est encore membre du comité.
bv-committee-add-label = Compte à ajouter au comité
bv-committee-add = Ajouter au comité
bv-committee-remove = Retirer
bv-committee-remove-for = Retirer { $name } du comité
bv-committee-remove-confirm = Retirer { $name } du comité citoyen ?

ok-bv-entry = Le relevé est enregistré.
ok-bv-commentary = Le commentaire est enregistré.
ok-bv-switches = Les réglages de l'indicateur sont enregistrés.
ok-bv-committee-added = Le compte fait maintenant partie du comité citoyen.
ok-bv-committee-removed = Le compte ne fait plus partie du comité citoyen.

error-bv-unknown-indicator = Cet indicateur n'existe pas.
error-bv-date = Donnez une date valide (jour/mois/année).
error-bv-date-future = La date ne peut pas être dans le futur.
error-bv-value = Donnez un nombre, par exemple 1234,5.
error-bv-meter-negative = Un compteur ne peut pas afficher un nombre négatif.
error-bv-correction-reason = Dites pourquoi vous corrigez ce relevé.
error-bv-already-corrected = Ce relevé a déjà été corrigé : corrigez plutôt la correction.
error-bv-unknown-entry = Ce relevé n'existe pas pour cet indicateur.
error-bv-meter-backwards = Le compteur affichait { $name } : une valeur plus basse n'est possible qu'avec un motif (compteur remplacé ou remis à zéro).
error-bv-meter-above-next = Le relevé suivant indique { $name } : un compteur ne recule pas. Vérifiez la date et la valeur.
error-bv-criterion = Ce critère n'existe pas (de 1 à 8).
error-bv-year = Donnez une année entre 2000 et 2200.
error-bv-unknown-account = Ce compte n'existe pas ou est désactivé.

audit-action-bienvivre-entry-add = Relevé Bien-Vivre saisi
audit-action-bienvivre-entry-correct = Relevé Bien-Vivre corrigé
audit-action-bienvivre-commentary = Commentaire du comité écrit
audit-action-bienvivre-switches = Réglages d'un indicateur changés
audit-action-bienvivre-committee-add = Compte ajouté au comité citoyen
audit-action-bienvivre-committee-remove = Compte retiré du comité citoyen
entity-bv-entry = Relevé Bien-Vivre
entity-bv-commentary = Commentaire du comité
entity-bv-settings = Indicateur Bien-Vivre

bv-new-title = Ajouter un indicateur saisi à la main
bv-new-hint = Un nouveau compteur, une pesée, le résultat d'une enquête : l'accueil pourra ensuite le saisir.
bv-new-name = Nom de l'indicateur
bv-new-kind = Comment les saisies font une valeur
bv-new-better = Ce qui est mieux
bv-new-higher = Plus haut, c'est mieux
bv-new-lower = Plus bas, c'est mieux
bv-new-save = Ajouter l'indicateur
ok-bv-indicator-added = L'indicateur est ajouté : l'accueil peut le saisir.
error-bv-name = Donnez un nom à l'indicateur (avec des lettres).
error-bv-unit = Donnez l'unité (m³, kWh, kg, %…).
error-bv-unit-long = L'unité tient en 20 caractères au plus.
error-bv-better = Dites si plus haut ou plus bas est mieux.
error-bv-kind = Choisissez comment les saisies font une valeur.
audit-action-bienvivre-indicator-add = Indicateur Bien-Vivre ajouté
audit-action-bienvivre-history = Passé de démonstration écrit (SEL, salles, véhicules, auberge)
entity-bv-history = Passé de démonstration (en mois)
entity-bv-entered = Indicateur saisi à la main
