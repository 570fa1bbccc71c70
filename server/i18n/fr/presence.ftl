# Presence in the building, visitors, the evacuation list and the roll call (server/src/presence).
presence-title = Présents dans le bâtiment
presence-nav = Présences
presence-nav-evacuation = Évacuation
presence-total = { $n ->
    [0] personne dans le bâtiment
    [one] personne dans le bâtiment
   *[other] personnes dans le bâtiment
}
presence-to-confirm-count = { $n ->
    [one] dont { $n } à confirmer
   *[other] dont { $n } à confirmer
}
presence-to-confirm = à confirmer
presence-hint = { $n ->
    [one] Une personne entrée sans nouveau passage depuis plus d'une heure est « à confirmer » : vérifiez qu'elle est encore là, ou marquez-la sortie.
   *[other] Une personne entrée sans nouveau passage depuis plus de { $n } heures est « à confirmer » : vérifiez qu'elle est encore là, ou marquez-la sortie.
}
presence-cat-people = Personnes badgées
presence-cat-guests = Hôtes de l'auberge
presence-cat-events = Événements en cours
presence-cat-visitors = Visiteurs
presence-cat-staff = Personnel de service
presence-zone-people = Personnes badgées (étage non connu)
presence-zone-guests = Hôtes de l'auberge (étage non connu)
presence-zone-events = Événements en cours (étage non connu)
presence-zone-visitors = Visiteurs
presence-zone-staff = Personnel de service
presence-floor-ground = Rez-de-chaussée
presence-floor = Étage { $n }
presence-made-at = Liste établie le { $day } à { $time }
presence-needs-mobility = fauteuil ou mobilité réduite
presence-needs-hearing = audition
presence-needs-sight = vue
presence-counts-title = Effectifs par catégorie
presence-col-category = Catégorie
presence-col-people = Nombre
presence-col-total = Total
presence-col-tick = Vu
presence-col-name = Nom
presence-col-place = Lieu, chambre ou visite
presence-col-since = Depuis
presence-help-title = Personnes à aider pour évacuer
presence-help-none = Personne n'a signalé de besoin d'aide.
presence-nobody = Personne n'est signalé dans le bâtiment.
presence-evacuation-title = Liste d'évacuation
presence-file-notice = Copie écrite automatiquement chaque minute par le serveur. Vérifiez l'heure ci-dessous : si elle est ancienne, le serveur est arrêté et la liste peut avoir changé depuis.
presence-file-where = Une copie de cette liste est écrite chaque minute dans le fichier { $path } : ouvrez-le avec un navigateur si le serveur est arrêté.
presence-print = Imprimer la liste
presence-roll-call-start = Commencer l'appel (évacuation réelle)
presence-roll-call-drill = Commencer un exercice d'évacuation
presence-roll-call-open = Appel en cours — reprendre
presence-roll-calls-past = Derniers appels
presence-roll-calls-none = Aucun appel enregistré.
presence-drill = exercice
presence-real = évacuation réelle
presence-took = durée { $took }
presence-missing = { $n ->
    [0] tout le monde rassemblé
    [one] { $n } personne manquante
   *[other] { $n } personnes manquantes
}
presence-roll-call-title = Appel au point de rassemblement
presence-roll-call-started = Commencé : { $when }, par { $who }.
presence-left = { $n ->
    [0] personne à retrouver
    [one] personne à retrouver
   *[other] personnes à retrouver
}
presence-roll-call-ended = Appel terminé — durée { $took }.
presence-to-muster = À retrouver
presence-all-mustered = Tout le monde est rassemblé.
presence-mustered-button = Rassemblé
presence-mustered-button-for = Rassemblé : { $name }
presence-mustered-title = Rassemblés
presence-none-yet = Personne pour l'instant.
presence-unmuster = Annuler
presence-unmuster-for = Annuler : { $name }
presence-roll-call-end = Terminer l'appel
presence-roll-call-end-confirm = Terminer l'appel ? Les personnes non cochées seront enregistrées comme manquantes.
presence-back-to-list = Retour à la liste d'évacuation
presence-link-list = Présents et visiteurs
presence-link-evacuation = Liste d'évacuation
presence-person-title = Présence et évacuation
presence-person-in = Dans le bâtiment depuis { $since }.
presence-person-out = Sorti(e) du bâtiment : { $since }.
presence-person-never = Aucun passage enregistré.
presence-mark-in = Marquer présent
presence-mark-out = Marquer sorti
presence-mark-out-for = Marquer sorti : { $name }
presence-needs-title = Aide pour évacuer
presence-needs-none = Aucun besoin signalé.
presence-needs-edit = Renseigner ou modifier
presence-needs-hint = À remplir avec la personne et avec son accord. Seul le personnel voit ces informations (fiche à l'accueil, liste d'évacuation). Décochez tout et videz la note pour effacer.
presence-needs-what = Besoin d'aide pour
presence-needs-note = Précisions
presence-needs-note-hint = Par exemple : « aide de 2 personnes, chambre 12 ». 200 caractères au plus.
presence-needs-consent-label = La personne est d'accord pour que ces informations soient enregistrées.
presence-needs-save = Enregistrer
presence-back-to-person = Retour à la fiche
presence-inside-title = Qui est dans le bâtiment
presence-since = depuis { $when }
presence-visitors-title = Visiteurs
presence-visitor-name = Nom du visiteur
presence-visitor-visiting = Personne ou activité visitée
presence-visitor-visiting-hint = Par exemple : « Mme Lefèvre, 2e étage » ou « atelier couture ». 120 caractères au plus.
presence-visitor-pass = Badge visiteur prêté
presence-visitor-pass-hint = Son numéro, s'il y en a un (30 caractères au plus).
presence-visitor-needs = Aide pour évacuer
presence-visitor-needs-hint = Si le visiteur le signale (fauteuil, audition…). 200 caractères au plus.
presence-visitor-sign-in = Enregistrer l'arrivée
presence-register-title = Registre des dernières 24 heures
presence-register-none = Aucun visiteur.
presence-visitor-visits = visite { $who }
presence-visitor-pass-is = badge { $pass }
presence-visitor-arrived = arrivée : { $when }
presence-visitor-left-at = départ : { $when }
presence-visitor-left-pass-kept = départ : { $when }, sans rendre son badge
presence-visitor-pass-back = badge rendu
presence-visitor-sign-out = Enregistrer le départ
presence-visitor-sign-out-for = Enregistrer le départ : { $name }
presence-error-30 = 30 caractères au plus.
presence-error-120 = 120 caractères au plus.
presence-error-200 = 200 caractères au plus.
presence-pass-out = Ce badge visiteur est déjà prêté à un visiteur encore présent.
presence-visitor-gone = Ce visiteur est déjà reparti.
presence-already-in = Cette personne est déjà notée dans le bâtiment.
presence-already-out = Cette personne n'est pas notée dans le bâtiment.
presence-needs-consent = Cochez la case d'accord : ces informations ne s'enregistrent qu'avec l'accord de la personne.
presence-roll-call-running = Un appel est déjà en cours : reprenez-le.
presence-roll-call-closed = Cet appel est terminé : il ne se modifie plus.
ok-presence-visitor-in = Arrivée du visiteur enregistrée.
ok-presence-visitor-out = Départ du visiteur enregistré.
ok-presence-marked-in = Personne marquée présente.
ok-presence-marked-out = Personne marquée sortie.
ok-presence-needs-saved = Aide pour évacuer enregistrée.
presence-and-more = { $n ->
    [one] … et { $n } autre : voir la liste complète
   *[other] … et { $n } autres : voir la liste complète
}
safety-title = Registre de sécurité
safety-nav = Registre de sécurité
safety-hint = Les vérifications du bâtiment : extincteurs, alarme incendie, éclairage de sécurité, ascenseurs, exercices d'évacuation. Le registre ne se modifie pas : une erreur se corrige par une nouvelle entrée.
safety-print = Imprimer le registre
safety-standing-title = Échéances
safety-col-kind = Vérification
safety-col-last = Dernière
safety-col-next = Prochaine
safety-col-result = Résultat
safety-kind-extinguishers = Extincteurs
safety-kind-alarm = Alarme incendie
safety-kind-emergency-lighting = Éclairage de sécurité
safety-kind-lift = Ascenseurs
safety-kind-drill = Exercice d'évacuation
safety-kind-other = Autre vérification
safety-result-ok = Conforme
safety-result-remarks = Avec observations
safety-result-failed = Non conforme
safety-last = le { $date } — { $result }
safety-never = jamais enregistrée
safety-overdue = en retard —
safety-due-soon = bientôt —
safety-new-title = Enregistrer une vérification
safety-done-on = Date
safety-done-by = Faite par
safety-done-by-hint = L'entreprise ou la personne qui a vérifié. 120 caractères au plus.
safety-notes = Observations
safety-notes-hint = Ce qui a été constaté ou réparé. 2 000 caractères au plus.
safety-next-due = Prochaine vérification
safety-next-due-hint = Laissez vide pour l'échéance habituelle (extincteurs : 1 an ; alarme : 3 mois ; éclairage : 1 mois ; ascenseurs : 6 semaines ; exercice : 6 mois).
safety-save = Enregistrer au registre
safety-register-title = Registre
safety-register-none = Aucune vérification enregistrée.
safety-recorded = saisi : { $when }, par { $who }
safety-roll-call-link = voir l'appel
safety-error-future = La date ne peut pas être dans le futur.
safety-error-next-due = La prochaine vérification doit venir après celle-ci.
safety-error-2000 = 2 000 caractères au plus.
safety-desk-title = Registre de sécurité
ok-safety-recorded = Vérification enregistrée au registre.
presence-night-to-confirm = { $name } : entré(e) : { $since }, sans nouveau passage — à confirmer.
presence-night-safety = Registre de sécurité : { $kind } en retard.
