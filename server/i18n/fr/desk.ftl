## Accueil
home-title = Accueil
search-title = Trouver une personne
search-label = Nom, badge ou téléphone
search-submit = Rechercher
taps-title = Derniers passages aux bornes
taps-none = Aucun passage pour l'instant.
live-connecting = Connexion au direct…
live-on = Mise à jour en direct.
live-lost = Connexion perdue, nouvelle tentative…
kiosks-title = Bornes
kiosks-none = Aucune borne configurée.
kiosk-online = En ligne
kiosk-offline = Hors ligne
kiosk-unregistered = (borne non enregistrée)
presence-title = Présents en ce moment
presence-none = Personne n'est signalé présent.
presence-count = { $n ->
    [one] { $n } personne présente
   *[other] { $n } personnes présentes
}
badge-number = Badge { $card }
col-time = Heure
col-person = Personne
col-kiosk = Borne
col-result = Résultat
col-state = État
col-pending = En attente
col-version = Version
col-last-seen = Dernier contact
col-place = Lieu
col-since = Depuis
col-name = Nom
col-badges = Badges
col-card = Badge
col-assigned = Attribué
col-created = Créé
col-last-used = Dernier usage
col-actions = Actions

## Résultats des passages
result-recorded = Passage enregistré
result-unknown-badge = Badge inconnu
result-not-allowed = Non autorisé
result-rejected = Refusé
result-shift-started = Permanence commencée
result-shift-ended = Permanence terminée
result-entered = Entrée
result-left = Sortie
result-checked-in = Arrivée
result-checked-out = Départ
result-key-taken = Clé prise
result-key-returned = Clé rendue
result-other = Autre

## Main courante
logbook-title = Main courante
logbook-rules = Chaque entrée est horodatée. Son auteur peut la modifier pendant 15 minutes ; ensuite elle est verrouillée et on ajoute une correction.
logbook-new = Nouvelle entrée
logbook-kind = Type
logbook-kind-entry = Entrée
logbook-kind-handover = Consigne de relève
logbook-add = Ajouter
logbook-latest = Dernières entrées
logbook-none = Aucune entrée.
logbook-all = Toute la main courante
logbook-handover = Consigne de relève
logbook-last-handover = Dernière consigne de relève
logbook-correction = Correction
logbook-edited = modifiée
logbook-edit = Modifier (moins de 15 minutes)
logbook-edit-label = Texte corrigé
logbook-correct = Ajouter une correction
logbook-correct-label = Correction
logbook-correct-submit = Ajouter la correction
shift-morning = Matin
shift-afternoon = Après-midi
shift-night = Nuit
