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
    [name] { label-association-name } : { $message }
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
