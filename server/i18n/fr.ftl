# Interface CITEOSQUARE — français (langue par défaut).
# Les deux fichiers fr.ftl et en.ftl définissent les mêmes messages (vérifié par un test).

hello-user = Bonjour, { $name }
never = jamais
skip-to-content = Aller au contenu
back-home = Retour à l'accueil
switch-language = English
logout = Se déconnecter
save = Enregistrer
cancel = Annuler
representative = représentant·e

## Navigation
nav-label = Menu principal
nav-home = Accueil
nav-persons = Personnes
nav-associations = Associations
nav-logbook = Main courante
nav-users = Comptes
nav-audit = Journal des modifications
nav-tokens = Jetons d'API
nav-me = Ma fiche
nav-my-associations = Mes associations
nav-account = Mon compte

## Connexion
login-title = Connexion
login-submit = Se connecter
login-help = Mot de passe oublié ? Demandez à l'accueil ou à un administrateur de le réinitialiser.
login-refused = Identifiant ou mot de passe incorrect.
login-throttled = Trop de tentatives. Attendez quelques minutes avant de réessayer.
login-expired = Votre session a expiré. Reconnectez-vous pour continuer.
label-username = Identifiant
label-password = Mot de passe

## Mon compte
account-title = Mon compte
account-preferences = Préférences
account-password = Mot de passe
account-change-password = Changer le mot de passe
account-must-change = Votre mot de passe est provisoire : choisissez-en un nouveau avant de continuer.
label-language = Langue
label-large-text = Texte en grands caractères
label-current-password = Mot de passe actuel
label-new-password = Nouveau mot de passe
label-confirm-password = Confirmez le nouveau mot de passe
hint-password = Au moins 10 caractères. Une phrase facile à retenir convient très bien.

## Formulaires
errors-title = Le formulaire contient des erreurs
# Une ligne du récapitulatif des erreurs : le nom du champ, puis l'erreur.
error-in-field = { $field ->
    [first_name] { label-first-name } : { $message }
    [last_name] { label-last-name } : { $message }
    [kind] { label-kind } : { $message }
    [phone] { label-phone } : { $message }
    [email] { label-email } : { $message }
    [language] { label-language } : { $message }
    [accessibility] { label-accessibility } : { $message }
    [identifiant] { label-username } : { $message }
    [mot_de_passe] { label-password } : { $message }
    [actuel] { label-current-password } : { $message }
    [nouveau] { label-new-password } : { $message }
    [confirmation] { label-confirm-password } : { $message }
    [body] { logbook-new } : { $message }
    [name] Nom : { $message }
    [description] { label-description } : { $message }
    [username] { label-username } : { $message }
    [display_name] { label-display-name } : { $message }
    [role] { label-role } : { $message }
    [person_id] { label-person-id } : { $message }
    [label] { label-token-label } : { $message }
    [actor] { audit-actor } : { $message }
    [entity_id] { audit-entity-id } : { $message }
    [from] { audit-from } : { $message }
    [to] { audit-to } : { $message }
    [shift_date] { sel-label-day } : { $message }
    [shift_start] { sel-label-start } : { $message }
    [shift_end] { sel-label-end } : { $message }
    [ended_at] { sel-label-end } : { $message }
    [activity_id] { sel-col-activity } : { $message }
    [heures] { sel-label-duration } : { $message }
    [minutes] { sel-label-duration } : { $message }
    [payer] { sel-label-payer } : { $message }
    [receiver] { sel-label-receiver } : { $message }
    [receiver_id] { sel-label-receiver } : { $message }
    [person] { sel-label-person } : { $message }
    [memo] { sel-label-memo } : { $message }
    [reason] { sel-label-reason } : { $message }
    [limits_reason] { sel-label-reason } : { $message }
    [override_reason] { sel-label-override } : { $message }
    [floor] { sel-label-floor } : { $message }
    [ceiling] { sel-label-ceiling } : { $message }
    [membership_year] { sel-label-year } : { $message }
    [first_date] { sel-label-first-date } : { $message }
    [start] { sel-label-start } : { $message }
    [end] { sel-label-end } : { $message }
    [weeks] { sel-label-weeks } : { $message }
    [places] { sel-label-places } : { $message }
    [note] { sel-label-note } : { $message }
    [unit_name] { sel-label-unit-name } : { $message }
    [welcome_minutes] { sel-label-welcome } : { $message }
    [default_floor] { sel-label-default-floor } : { $message }
    [default_ceiling] { sel-label-default-ceiling } : { $message }
    [rounding_minutes] { sel-label-rounding } : { $message }
    [tolerance_minutes] { sel-label-tolerance } : { $message }
    [unplanned_max_minutes] { sel-label-unplanned-max } : { $message }
    [repeat_tap_seconds] { sel-label-repeat } : { $message }
    [membership_policy] { sel-label-policy } : { $message }
    [kiosk_id] { sel-label-kiosk } : { $message }
   *[other] { $message }
}
error-title = Une erreur est survenue
error-internal = La page n'a pas pu s'afficher. Réessayez dans un instant ; si cela continue, prévenez l'administrateur.
error-required = Ce champ est obligatoire.
error-too-long = Ce texte est trop long.
error-too-large = La demande est trop volumineuse.
error-choice = Choisissez une valeur dans la liste.
error-phone = Numéro de téléphone non valide (chiffres, espaces, « + », « . » ou « - »).
error-email = Adresse e-mail non valide.
error-date = Date non valide (format attendu : AAAA-MM-JJ).
error-card = Numéro de badge non valide : chiffres et lettres uniquement, 64 au plus.
error-card-held = Ce badge est déjà attribué à { $name }. Retirez-le d'abord de sa fiche.
error-card-already-theirs = Ce badge est déjà attribué à cette personne.
error-badge-already-revoked = Ce badge a déjà été retiré.
error-person-erased = Cette personne a été effacée : sa fiche ne peut plus être modifiée.
error-person-unknown = Personne inconnue : indiquez le numéro de sa fiche.
error-person-needed = Un compte association ou résident doit être rattaché à la fiche d'une personne.
error-association-exists = Une association porte déjà ce nom.
error-username = Identifiant non valide : 2 à 64 caractères parmi a-z, 0-9, « . », « _ » et « - ».
error-username-taken = Cet identifiant est déjà pris.
error-user-unknown = Aucun compte actif ne porte cet identifiant.
error-password-short = Le mot de passe doit contenir au moins 10 caractères.
error-password-is-username = Le mot de passe ne doit pas être l'identifiant.
error-password-mismatch = Les deux mots de passe ne sont pas identiques.
error-password-wrong = Le mot de passe actuel est incorrect.
error-erase-confirm = Cochez la case pour confirmer l'effacement.
error-handover-exists = La consigne de relève de ce service est déjà écrite : ajoutez une entrée ou une correction.
error-logbook-locked = Cette entrée date de plus de 15 minutes : elle est verrouillée. Ajoutez une correction.
error-logbook-not-author = Seul l'auteur d'une entrée peut la modifier. Ajoutez une correction.
error-correct-correction = On ne corrige pas une correction : corrigez l'entrée d'origine.
error-bad-form = Le formulaire envoyé est incomplet ou mal formé. Rechargez la page et recommencez.
error-forbidden-title = Accès refusé
error-forbidden-text = Votre compte ne donne pas accès à cette page.
error-not-found-title = Page introuvable
error-not-found-text = Cette page n'existe pas ou plus.
error-csrf-title = Formulaire expiré
error-csrf-text = Ce formulaire n'est plus valable (session changée ou page trop ancienne). Revenez en arrière, rechargez la page et recommencez.

## SEL : refus
error-sel-no-account = { $name } n'a pas encore de compte SEL : ouvrez-le depuis sa fiche.
error-sel-account-exists = Cette personne a déjà un compte SEL.
error-sel-account-unknown = Compte SEL inconnu.
error-sel-floor-invalid = Plancher non valide : un nombre de minutes entre −100 000 et 0.
error-sel-ceiling-invalid = Plafond non valide : un nombre de minutes entre 0 et 100 000.
error-sel-reason-required = Indiquez le motif.
error-sel-operation-id-invalid = Identifiant d'opération non valide (1 à 80 caractères : lettres, chiffres, « - », « _ », « : », « . »).
error-sel-operation-reused = Cet identifiant d'opération a déjà servi pour une autre demande : rien n'a été enregistré.
error-sel-nothing-to-write = Il n'y a rien à enregistrer.
error-sel-below-floor = Solde insuffisant ({ $name } encore disponible avant le plancher) : rien n'a été débité.
error-sel-above-ceiling = Plafond atteint ({ $name } encore possible avant le plafond) : rien n'a été crédité.
error-sel-not-pending = Ce mouvement n'est plus en attente (déjà validé ou annulé).
error-sel-amount-invalid = Nombre de minutes non valide (entier positif, dans les limites permises).
error-sel-same-account = Le débiteur et le bénéficiaire doivent être deux comptes différents.
error-sel-override-admin-only = Seul un administrateur peut dépasser une limite.
error-sel-correct-pending = Un mouvement en attente ne se corrige pas : validez-le ou annulez-le.
error-sel-correction-too-large = La correction rendrait plus que le montant net du mouvement ({ $name }).
error-sel-name-required = Indiquez un nom.
error-sel-kiosk-not-sel = Choisissez une borne de rôle « permanences SEL ».
error-sel-activity-exists = Une activité s'appelle déjà « { $name } ».
error-sel-activity-unknown = Activité inconnue.
error-sel-date-invalid = Date non valide (format attendu : AAAA-MM-JJ).
error-sel-time-invalid = Heure non valide (format attendu : HH:MM).
error-sel-weeks-invalid = Nombre de semaines non valide (de 1 à 53).
error-sel-places-invalid = Nombre de places non valide (de 1 à 100).
error-sel-shift-too-long = Une permanence dure au plus 16 heures.
error-sel-shift-cancelled = Cette permanence est annulée.
error-sel-shift-past = Cette permanence est déjà passée.
error-sel-shift-started = Cette permanence a commencé : on ne s'en retire plus.
error-sel-already-signed-up = Cette personne est déjà inscrite à cette permanence.
error-sel-not-signed-up = Cette personne n'est pas inscrite à cette permanence.
error-sel-shift-full = Cette permanence est complète.
error-sel-session-open = Cette permanence est en cours : terminez-la d'abord.
error-sel-session-closed = Cette permanence est déjà terminée.
error-sel-already-reviewed = Cette permanence a déjà été vérifiée.
error-sel-end-invalid = L'heure de fin doit être après le début et pas dans le futur.
error-sel-year-invalid = Année non valide.
error-sel-price-invalid = Prix non valide (de 1 à 6 000 minutes).
error-sel-item-exists = Un article s'appelle déjà « { $name } ».
error-sel-cart-empty = Ajoutez au moins un article.
error-sel-quantity-invalid = Quantité non valide (de 1 à 100 par article).
error-sel-item-unknown = Article inconnu ou retiré du catalogue : { $name }.
error-sel-memo-required = Indiquez ce qui a été échangé.
error-sel-workshop-total-too-small = Le coût de l'atelier doit être d'au moins une minute par participant.
error-sel-shift-overlap = Cette personne a déjà une permanence sur ce créneau.
error-sel-receiver-unknown = Aucun membre du SEL ne porte ce numéro.
error-sel-period-invalid = Période non valide : la fin doit suivre le début, 366 jours au plus.
error-sel-label-required = Indiquez le nom de l'atelier.
error-sel-participants-empty = Choisissez au moins un participant.
error-sel-participants-duplicate = Un participant figure deux fois dans la liste.
error-sel-participants-too-many = Au plus 50 participants par atelier.

## Confirmations
ok-logged-out = Vous êtes déconnecté·e.
ok-saved = Modifications enregistrées.
ok-password-changed = Mot de passe changé. Vos autres sessions ont été fermées.
ok-person-created = Fiche créée.
ok-badge-assigned = Badge attribué.
ok-badge-revoked = Badge retiré.
ok-person-erased = Les données de la personne ont été effacées.
ok-association-created = Association créée.
ok-member-saved = Membre enregistré.
ok-entry-added = Entrée ajoutée à la main courante.
ok-correction-added = Correction ajoutée.
ok-token-revoked = Jeton révoqué.

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
result-other = Autre

## Personnes
persons-title = Personnes
persons-latest = Dernières fiches créées
persons-results = Résultats pour « { $q } »
persons-none = Aucune personne ne correspond.
person-new = Nouvelle personne
person-details = Coordonnées
person-erased-notice = Les données de cette personne ont été effacées à sa demande. L'historique reste, sans son nom.
person-no-association = Membre d'aucune association.
label-first-name = Prénom
label-last-name = Nom
label-kind = Statut
label-phone = Téléphone
label-email = E-mail
label-accessibility = Accessibilité
hint-phone = Par exemple 06 12 34 56 78.
hint-accessibility = Ce qui aide l'accueil : « malentendante, parler face à elle », « fauteuil roulant »…
kind-resident = Résident·e (étage seniors)
kind-neighbour = Habitant·e du quartier
kind-guest = Hôte de l'auberge
kind-staff = Équipe
kind-member = Membre d'association

## Badges
badges-title = Badges
badges-none = Aucun badge.
badge-active = Actif
badge-revoked = Retiré le
badge-revoke = Retirer le badge
badge-revoke-confirm = Retirer le badge { $card } ? Il ne fonctionnera plus aux bornes.
label-revoke-reason = motif du retrait
revoke-lost = perdu
revoke-returned = rendu
revoke-broken = abîmé
revoke-other = autre motif
revoke-erased = effacement des données
badge-assign-title = Attribuer un badge
desk-tap-instructions = Passez le badge sur la borne de l'accueil : il s'affichera ci-dessous.
desk-tap-waiting = En attente d'un badge inconnu à la borne de l'accueil…
desk-tap-read = Badge { $card } lu à { $time } ({ $kiosk }).
desk-tap-assign = Attribuer le badge { $card }
label-card-typed = Ou tapez le numéro du badge
hint-card = Tel qu'il est imprimé ou lu, par exemple 04A31F9B.
badge-assign = Attribuer ce badge

## RGPD
gdpr-title = Données personnelles
gdpr-export = Télécharger toutes ses données (JSON)
gdpr-erase = Effacer ses données…
erase-title = Effacer les données d'une personne
erase-heading = Effacer les données de { $name }
erase-explain = À la demande de la personne, ses données personnelles sont effacées :
erase-what-1 = son nom est remplacé par « Personne effacée », son téléphone, son e-mail et ses notes sont supprimés ;
erase-what-2 = ses badges sont retirés et ses comptes désactivés ;
erase-what-3 = l'historique (passages, heures, totaux) reste, sans son nom.
erase-irreversible = Cette opération est définitive.
erase-confirm-label = Je confirme l'effacement des données de { $name }
erase-submit = Effacer définitivement

## Associations
associations-list = Toutes les associations
associations-none = Aucune association.
association-new = Nouvelle association
label-association-name = Nom de l'association
label-description = Description
members-title = Membres
members-none = Aucun membre.
members-count = { $n ->
    [one] { $n } membre
   *[other] { $n } membres
}
member-add = Ajouter un membre
member-add-button = Ajouter comme membre
member-add-representative = Ajouter comme représentant·e
my-associations-none = Vous ne représentez aucune association pour l'instant.

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

## Résidents
me-title = Ma fiche
me-no-person = Votre compte n'est rattaché à aucune fiche. Adressez-vous à l'accueil.
me-gdpr = Pour obtenir une copie de vos données ou les faire effacer, adressez-vous à l'accueil.

## Administration
users-list = Comptes
user-new = Nouveau compte
user-create = Créer le compte
user-active = Actif
user-disabled = Désactivé
user-must-change = Mot de passe provisoire
user-reset = Réinitialiser le mot de passe
user-reset-for = Réinitialiser le mot de passe de { $name }
user-reset-confirm = Réinitialiser le mot de passe de { $name } ? Ses sessions ouvertes seront fermées.
user-password-issued = Mot de passe provisoire de { $name } :
user-password-once = Notez-le et remettez-le à la personne : il ne sera plus affiché. Elle devra le changer à sa première connexion.
label-display-name = Nom affiché
label-role = Rôle
label-person-id = Numéro de fiche de la personne
hint-username = Par exemple « accueil-nuit » ou « marie.lefevre ».
hint-person-id = Obligatoire pour un compte association ou résident.
role-admin = Administration
role-reception = Accueil
role-association = Association
role-resident = Résident·e
audit-actor = Auteur
audit-action = Action
audit-entity = Objet
audit-entity-id = Numéro
audit-from = Du
audit-to = Au
audit-all = Tous
audit-filter = Filtrer
audit-none = Aucune modification ne correspond.
audit-before = Avant
audit-after = Après
entity-person = Personne
entity-badge = Badge
entity-association = Association
entity-user = Compte
entity-token = Jeton
entity-logbook = Main courante
tokens-explain = Un jeton permet à un autre logiciel d'utiliser l'API (/api/v1) avec les droits d'un compte. Il n'est affiché qu'une fois.
tokens-list = Jetons
tokens-none = Aucun jeton.
token-new = Nouveau jeton
token-create = Créer le jeton
token-issued = Voici le jeton. Copiez-le maintenant : il ne sera plus affiché.
token-revoke = Révoquer
token-revoke-for = Révoquer le jeton { $name }
token-revoke-confirm = Révoquer le jeton « { $name } » ? Les logiciels qui l'utilisent n'auront plus accès.
token-revoked = Révoqué le
label-token-label = Usage
label-token-user = Compte
hint-token-label = Par exemple « tableau de bord du hall ».

## API (problem+json)
problem-unauthenticated = Authentification requise
problem-invalid-token = Jeton d'API non valide ou révoqué
problem-forbidden = Accès refusé pour ce rôle
problem-not-found = Introuvable
problem-invalid = Données non valides
problem-conflict = Conflit avec l'état actuel
problem-internal = Erreur interne
problem-not-json = Le corps doit être du JSON (Content-Type: application/json)
problem-bad-json = JSON mal formé
problem-csrf = Jeton CSRF absent ou non valide
problem-detail-json = { $name }

## Ajouts : comptes désactivés, mot de passe provisoire, corrections, API
error-disable-self = Vous ne pouvez pas désactiver votre propre compte.
ok-user-disabled = Compte désactivé : ses sessions sont fermées et ses jetons ne fonctionnent plus.
ok-user-enabled = Compte réactivé.
user-disable = Désactiver
user-disable-for = Désactiver le compte de { $name }
user-disable-confirm = Désactiver le compte de { $name } ? La personne ne pourra plus se connecter.
user-enable = Réactiver
user-enable-for = Réactiver le compte de { $name }
error-logbook-correction-needs-original = Une correction doit indiquer l'entrée qu'elle corrige.
error-logbook-correction-not-editable = Une correction ne se modifie pas : ajoutez une autre correction à l'entrée d'origine.
error-json-value = Valeur absente ou d'un type inattendu.
problem-password-change-required = Mot de passe provisoire : changez-le sur la page « Mon compte » avant de continuer
problem-too-large = Le corps de la requête est trop volumineux
alarm-outbox-high = beaucoup de passages en attente d'envoi
alarm-outbox-full = file pleine : les nouveaux passages sont refusés
alarm-reader-error = lecteur de badge en panne
alarm-screen-error = écran en panne
alarm-clock-not-synced = horloge non synchronisée
alarm-outbox-error = file d'attente illisible ou disque plein : passages refusés
badge-assign-link = attribuer…
persons-badge-to-assign = Badge { $card } à attribuer : cherchez la personne (ou créez sa fiche) et ouvrez sa fiche, le badge y est prêt à être attribué.

## SEL : pages
nav-sel = SEL
sel-title = SEL — échanges de temps
sel-links = Raccourcis du SEL
sel-all = Tout le SEL
sel-back = Retour au SEL
sel-desk-title = SEL en ce moment
sel-yes = oui
sel-no = non
sel-edit = Modifier
sel-cancel = Annuler
sel-active = active
sel-inactive = inactive
sel-full = complet
sel-cancelled = annulée
sel-unplanned = sans inscription
sel-since = depuis { $time }
sel-balance = Solde
sel-spendable = Disponible avant le plancher
sel-new-balance = Nouveau solde
sel-no-account = Pas encore de compte SEL.
sel-open-account = Ouvrir un compte SEL
sel-open-account-link = ouvrir un compte
sel-see-statement = Voir le relevé
sel-member-number = n°
sel-pick-one = Plusieurs personnes correspondent : choisissez
sel-by = par { $name }
sel-reason-line = Motif : { $reason }
sel-balance-line = Solde : { $balance }
sel-spendable-line = Disponible avant le plancher : { $minutes }
sel-badges-line = Badges : { $badges }
sel-places-line = Places prises : { $taken } sur { $places }
sel-credited = Temps crédité
sel-csv = Relevé (fichier CSV)
sel-movement-no = Mouvement n°
sel-any-kiosk = N'importe quelle borne SEL
sel-weekday-1 = lundi
sel-weekday-2 = mardi
sel-weekday-3 = mercredi
sel-weekday-4 = jeudi
sel-weekday-5 = vendredi
sel-weekday-6 = samedi
sel-weekday-7 = dimanche
sel-month-1 = janv.
sel-month-2 = févr.
sel-month-3 = mars
sel-month-4 = avr.
sel-month-5 = mai
sel-month-6 = juin
sel-month-7 = juil.
sel-month-8 = août
sel-month-9 = sept.
sel-month-10 = oct.
sel-month-11 = nov.
sel-month-12 = déc.
sel-kind-shift = Permanence
sel-kind-exchange = Échange
sel-kind-purchase = Achat à la coopérative
sel-kind-welcome = Bienvenue
sel-kind-correction = Correction
sel-kind-workshop = Atelier
sel-col-no = N°
sel-col-date = Date
sel-col-nature = Nature
sel-col-memo = Libellé
sel-col-counterpart = Avec
sel-col-minutes = Temps
sel-col-balance = Solde
sel-col-activity = Activité
sel-col-places = Places
sel-col-signed-up = Inscrits
sel-col-unplanned = Sans inscription
sel-col-item = Article
sel-col-category = Catégorie
sel-col-price = Prix
sel-col-price-minutes = Prix en minutes
sel-col-quantity = Quantité
sel-col-unit-price = Prix à l'unité
sel-col-amount = Montant
sel-col-total = Total
sel-label-hours = Heures
sel-label-minutes = Minutes
sel-label-duration = Temps
sel-label-payer = Qui donne les minutes
sel-label-receiver = Qui reçoit les minutes
sel-label-person = Personne
sel-label-memo = Pour quoi
sel-label-reason = Motif
sel-label-override = Dépasser la limite : motif (administrateur)
sel-label-floor = Plancher propre (minutes)
sel-label-ceiling = Plafond propre (minutes)
sel-label-year = Année
sel-label-fee = Cotisation
sel-label-kiosk = Borne où l'on badge
sel-label-unplanned = Accepte les permanences sans inscription
sel-label-active = Activité ouverte
sel-label-first-date = Premier jour
sel-label-start = Début
sel-label-end = Fin
sel-label-weeks = Nombre de semaines
sel-label-places = Places
sel-label-note = Remarque (facultative)
sel-label-review-note = Note (facultative)
sel-label-unit-name = Nom de l'unité
sel-label-welcome = Crédit de bienvenue (minutes)
sel-label-default-floor = Plancher par défaut (minutes)
sel-label-default-ceiling = Plafond par défaut (minutes)
sel-label-rounding = Arrondi des permanences (minutes)
sel-label-tolerance = Tolérance après la fin prévue (minutes)
sel-label-unplanned-max = Durée maximale sans inscription (minutes)
sel-label-repeat = Délai entre deux badges (secondes)
sel-label-policy = Cotisation non payée à la borne
sel-label-confirmation = Un échange entre membres attend l'accord de celui qui reçoit
sel-hint-member = Son nom, ou son numéro de membre.
sel-hint-person = Son nom, ou son numéro de fiche.
sel-hint-memo = Par exemple : « Aide au déménagement ».
sel-hint-reason = Obligatoire : il reste dans l'historique.
sel-hint-override = À remplir seulement pour passer outre le plancher ou le plafond.
sel-hint-floor = Vide : le plancher par défaut. Par exemple −3000 (soit −50 h).
sel-hint-ceiling = Vide : le plafond par défaut. Par exemple 3000 (soit 50 h).
sel-hint-end = Si la fin est avant le début, la permanence finit le lendemain.
sel-hint-weeks = 1 pour une seule permanence, jusqu'à 53.
sel-hint-category = Par exemple : Épicerie, Café, Services.
sel-hint-price = 60 minutes = 1 h.
sel-hint-unit-name = Par exemple : grains de sel.
sel-hint-welcome = De 0 à 6 000, crédité à l'ouverture d'un compte.
sel-hint-default-floor = De −100 000 à 0 : jusqu'où un compte peut descendre.
sel-hint-default-ceiling = De 0 à 100 000 : jusqu'où un compte peut monter.
sel-hint-rounding = De 1 à 60 : le temps de présence est arrondi à ce nombre de minutes.
sel-hint-tolerance = De 0 à 240 : une permanence compte au plus sa durée prévue plus ce temps.
sel-hint-unplanned-max = De 15 à 720 : au-delà, une permanence sans inscription est close d'office.
sel-hint-repeat = De 0 à 900 : un second badge plus rapproché ne termine pas la permanence.
sel-open-title = Permanences en cours
sel-open-none = Personne n'est en permanence en ce moment.
sel-end-at = Fin de la permanence de { $name }
sel-end = Terminer
sel-review-title = Permanences à vérifier
sel-review-count = { $n ->
    [0] Aucune permanence à vérifier
    [one] 1 permanence à vérifier
   *[other] { $n } permanences à vérifier
}
sel-review-open = Vérifier
sel-review-help = Ces permanences ont été badgées sans inscription, terminées d'office (badge de fin oublié) ou avec une horloge de borne décalée. Vérifiez le temps crédité ; corrigez-le si besoin depuis le relevé, puis marquez-les vérifiées.
sel-review-none = Rien à vérifier.
sel-review-unplanned = sans inscription
sel-review-forgotten = badge de fin oublié
sel-review-clock-skew = horloge de la borne décalée
sel-review-early-tap = badge lu avant le début de la permanence en cours (borne hors ligne)
sel-review-late-tap = badge lu après la clôture
sel-review-correct = Corriger le temps crédité
sel-review-still-open = Permanence encore en cours.
sel-review-done = Marquer comme vérifiée
sel-today-title = Permanences du jour
sel-today-none = Aucune permanence prévue aujourd'hui.
sel-cashier-title = Caisse
sel-cashier-badge-title = Badge lu à l'instant
sel-cashier-badge-help = La personne badge à la borne de l'accueil : son nom apparaît ici.
sel-cashier-badge-waiting = Aucun badge lu ces deux dernières minutes.
sel-cashier-tapped = { $name } vient de badger ({ $kiosk }, { $time }) → encaisser
sel-cashier-search-title = Chercher la personne
sel-cashier-for = Encaisser pour { $name }
sel-back-cashier = Retour à la caisse
sel-cart-title = Encaisser
sel-cart-items = Ce que la personne prend
sel-cart-total = Total
sel-cart-after = solde après
sel-cart-pay = Encaisser
sel-category-other = Autres
sel-catalogue-empty = Le catalogue est vide.
sel-receipt-title = Achat enregistré
sel-receipt-items = Détail de l'achat
sel-next-customer = Personne suivante
sel-exchange-title = Échange entre membres
sel-exchange-help = Une personne donne du temps à une autre pour un service rendu. Le temps est débité de l'une et crédité à l'autre.
sel-exchange-submit = Enregistrer l'échange
sel-exchange-as-payer = Nouvel échange (donne)
sel-account-title = Compte SEL
sel-limits-now = Plancher { $floor } · plafond { $ceiling }
sel-own-limits = limites propres : { $reason }
sel-reserved-in = Permanence en cours : jusqu'à { $minutes } réservées.
sel-reserved-out = En attente d'accord : { $minutes } réservées.
sel-pending-title = En attente
sel-statement-title = Relevé
sel-statement-none = Aucun mouvement.
sel-correct = Corriger
sel-correct-title = Corriger le mouvement n°
sel-correct-help = Un mouvement ne s'efface jamais : la correction s'ajoute au relevé, avec son motif et votre nom.
sel-correct-direction = Que faire ?
sel-correct-give-back = Rendre des minutes à { $name }
sel-correct-take-back = Reprendre des minutes à { $name }
sel-correct-debit-more = Débiter davantage { $name }
sel-correct-credit-more = Créditer davantage { $name }
sel-correct-submit = Enregistrer la correction
sel-limits-title = Plancher et plafond propres
sel-limits-help = Par défaut : plancher { $floor }, plafond { $ceiling }. Laissez vide pour revenir aux valeurs par défaut.
sel-limits-submit = Enregistrer les limites
sel-membership-title = Adhésion
sel-membership-line = Adhésion { $year } :
sel-membership-paid = cotisation payée
sel-membership-unpaid = cotisation à régler
sel-membership-none = pas adhérent cette année
sel-person-title = SEL
sel-shifts-title = Permanences
sel-shifts-coming = Les quatre prochaines semaines
sel-shifts-none = Aucune permanence prévue.
sel-series-title = Prévoir des permanences
sel-series-help = Une permanence chaque semaine, le même jour et aux mêmes heures.
sel-series-submit = Créer les permanences
sel-activities-title = Activités
sel-activities-none = Aucune activité.
sel-activity-new = Nouvelle activité
sel-activity-edit = Modifier l'activité
sel-nobody-signed-up = Personne n'est inscrit.
sel-withdraw-person = Retirer { $name }
sel-sign-up-someone = Inscrire quelqu'un
sel-sign-up = Inscrire
sel-cancel-shift-link = Annuler cette permanence…
sel-cancel-shift-title = Annuler la permanence ?
sel-cancel-shift-signed-up = { $n ->
    [0] Personne n'est inscrit.
    [one] 1 personne est inscrite : prévenez-la.
   *[other] { $n } personnes sont inscrites : prévenez-les.
}
sel-cancel-shift-confirm = Oui, annuler la permanence
sel-cancel-shift-back = Non, revenir
sel-back-shifts = Retour aux permanences
sel-catalogue-title = Catalogue de la coopérative
sel-catalogue-help = L'échelle de valorisation : ce que coûte chaque produit ou service, en temps.
sel-catalogue-items = Articles
sel-on-sale = en vente
sel-withdrawn = retiré
sel-item-new = Nouvel article
sel-item-edit = Modifier l'article
sel-item-withdraw = Retirer « { $name } » de la vente
sel-item-restore = Remettre « { $name } » en vente
sel-report-title = Bilan du SEL
sel-report-show = Afficher
sel-report-figures = En chiffres
sel-report-given = Temps donné en permanences
sel-report-sessions = Permanences
sel-report-participants = Participants
sel-report-newcomers = Nouveaux participants
sel-report-purchases = Achats à la coopérative
sel-report-exchanges = Échanges entre membres
sel-report-table = Temps donné par activité et par mois
sel-report-none = Aucune permanence cette année.
sel-settings-title = Réglages du SEL
sel-settings-rules = Règles
sel-policy-ignore = ne rien dire
sel-policy-warn = prévenir la personne
sel-policy-refuse = refuser la permanence
sel-reconcile-title = Vérification des comptes
sel-reconcile-help = Recalcule chaque solde à partir des mouvements et vérifie que la somme de tous les comptes est nulle.
sel-reconcile-last = Dernière vérification : { $time }
sel-reconcile-ok = Tous les comptes sont justes.
sel-reconcile-ko = Des différences ont été trouvées : prévenez l'administrateur technique.
sel-reconcile-accounts = Comptes
sel-reconcile-transfers = Mouvements
sel-reconcile-mismatches = Différences
sel-reconcile-never = Jamais vérifié.
sel-reconcile-now = Vérifier maintenant
sel-me-title = Mon compte SEL
sel-me-balance = Mon solde
sel-me-unit = Ici, 1 minute donnée = 1 minute reçue (« { $unit } »).
sel-me-to-answer = Échanges à accepter
sel-me-offer = { $name } vous donne { $minutes } pour « { $memo } ».
sel-accept = Accepter
sel-decline = Refuser
sel-me-sent = En attente de réponse
sel-me-sent-line = { $minutes } pour { $name } (« { $memo } »)
sel-me-history = Mes derniers mouvements
sel-me-csv = Télécharger mon relevé (fichier CSV)
sel-me-give-title = Donner du temps à un membre
sel-me-give-help = Le temps passe tout de suite de votre compte au sien.
sel-me-give-help-confirm = Le temps est réservé sur votre compte ; il passe au sien quand la personne accepte.
sel-me-give-submit = Donner
sel-me-no-account = Vous n'avez pas encore de compte SEL : demandez à l'accueil de l'ouvrir.
sel-me-shifts = Permanences des quatre prochaines semaines
sel-me-signed = inscrit·e
sel-me-sign-up = M'inscrire
sel-me-withdraw = Me retirer
sel-places-left = { $n ->
    [0] complet
    [one] 1 place libre
   *[other] { $n } places libres
}
entity-sel-account = Compte SEL
entity-sel-transfer = Mouvement SEL
entity-sel-activity = Activité SEL
entity-sel-series = Série de permanences
entity-sel-shift = Permanence
entity-sel-session = Permanence effectuée
entity-sel-item = Article du catalogue
entity-sel-settings = Réglages du SEL
error-sel-person-required = Indiquez un nom ou un numéro.
error-sel-person-unknown = Personne ne correspond à ce nom ou à ce numéro.
error-sel-member-unknown = Aucun membre avec un compte SEL ne correspond à ce nom ou à ce numéro.
error-sel-person-ambiguous = Plusieurs personnes correspondent : choisissez dans la liste ou tapez le numéro.
error-sel-duration-invalid = Temps non valide : des nombres entiers d'heures et de minutes.
error-sel-correction-direction = Choisissez : rendre (ou reprendre) des minutes, ou en ajouter.
error-sel-paid-choice = Choisissez : cotisation payée ou à régler.
error-sel-cancel-confirm = Confirmez l'annulation avec le bouton.
error-sel-settings-unit = Le nom de l'unité compte de 1 à 40 caractères.
error-sel-settings-welcome = Crédit de bienvenue : un nombre entier de minutes de 0 à 6 000.
error-sel-settings-floor = Plancher par défaut : un nombre entier de minutes de −100 000 à 0.
error-sel-settings-ceiling = Plafond par défaut : un nombre entier de minutes de 0 à 100 000.
error-sel-settings-rounding = Arrondi : un nombre entier de minutes de 1 à 60.
error-sel-settings-tolerance = Tolérance : un nombre entier de minutes de 0 à 240.
error-sel-settings-unplanned = Durée maximale sans inscription : un nombre entier de minutes de 15 à 720.
error-sel-settings-repeat = Délai entre deux badges : un nombre entier de secondes de 0 à 900.
ok-sel-session-closed = Permanence terminée : le temps est crédité.
ok-sel-purchased = Achat enregistré.
ok-sel-exchange-done = Échange enregistré.
ok-sel-corrected = Correction enregistrée.
ok-sel-account-opened = Compte SEL ouvert, avec son crédit de bienvenue.
ok-sel-limits-saved = Limites enregistrées.
ok-sel-membership-saved = Adhésion enregistrée.
ok-sel-activity-saved = Activité enregistrée.
ok-sel-series-created = Permanences créées.
ok-sel-signed-up = Personne inscrite.
ok-sel-withdrawn = Inscription retirée.
ok-sel-shift-cancelled = Permanence annulée.
ok-sel-reviewed = Permanence marquée vérifiée.
ok-sel-item-saved = Article enregistré.
ok-sel-settings-saved = Réglages enregistrés.
ok-sel-reconciled = Vérification des comptes faite.
ok-sel-my-signed-up = Vous êtes inscrit·e. Merci !
ok-sel-my-withdrawn = Vous n'êtes plus inscrit·e.
ok-sel-given = C'est fait : le temps est donné.
ok-sel-given-pending = C'est noté : le temps sera donné quand la personne aura accepté.
ok-sel-exchange-accepted = Échange accepté : le temps est sur votre compte.
ok-sel-exchange-declined = Échange refusé : rien n'a bougé.
sel-cart-repeat = Le même panier vient d'être encaissé pour cette personne à { $name }. S'agit-il d'un deuxième achat ?
sel-cart-repeat-confirm = Oui, encaisser ce panier une deuxième fois
sel-desk-shift-title = Permanence faite sans badge
sel-desk-shift-help = Badge oublié, borne en panne : indiquez le jour et les heures que la personne vous donne. Le temps est crédité comme pour une permanence badgée.
sel-desk-shift-submit = Enregistrer la permanence
sel-label-day = Jour
sel-hint-night = Une fin avant le début est le lendemain matin.
ok-sel-desk-shift = Permanence enregistrée et créditée.
