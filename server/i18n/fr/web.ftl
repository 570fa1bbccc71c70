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
error-too-large = La demande est trop volumineuse (1 Mo au plus ; 16 Mo pour une photo).
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
error-text-invisible = Un champ contient un caractère invisible non autorisé (un caractère de contrôle, souvent copié depuis un autre logiciel). Revenez en arrière, retapez ce champ et renvoyez le formulaire.
error-text-too-long = Un champ est trop long : 10 000 caractères au plus.
error-forbidden-title = Accès refusé
error-forbidden-text = Votre compte ne donne pas accès à cette page.
error-not-found-title = Page introuvable
error-not-found-text = Cette page n'existe pas ou plus.
error-csrf-title = Formulaire expiré
error-csrf-text = Ce formulaire n'est plus valable (session changée ou page trop ancienne). Revenez en arrière, rechargez la page et recommencez.

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

## API (problem+json)
problem-unauthenticated = Authentification requise
problem-invalid-token = Jeton d'API non valide ou révoqué
problem-forbidden = Accès refusé pour ce rôle
problem-not-found = Introuvable
problem-invalid = Données non valides
problem-conflict = Conflit avec l'état actuel
problem-internal = Erreur interne
problem-not-json = Le corps doit être du JSON (Content-Type: application/json)
problem-not-a-picture = Le corps doit être la photo elle-même (Content-Type: image/jpeg ou image/png)
problem-bad-query = Paramètres de requête mal formés
problem-bad-json = JSON mal formé
problem-csrf = Jeton CSRF absent ou non valide
problem-detail-json = { $name }

## Ajouts : comptes désactivés, mot de passe provisoire, corrections, API
error-disable-self = Vous ne pouvez pas désactiver votre propre compte.
ok-user-disabled = Compte désactivé : ses sessions sont fermées et ses jetons ne fonctionnent plus.
ok-user-enabled = Compte réactivé.
user-disable = Désactiver
user-disable-for = Désactiver le compte { DE($name) }
user-disable-confirm = Désactiver le compte { DE($name) } ? La personne ne pourra plus se connecter.
user-enable = Réactiver
user-enable-for = Réactiver le compte { DE($name) }
error-logbook-correction-needs-original = Une correction doit indiquer l'entrée qu'elle corrige.
error-logbook-correction-not-editable = Une correction ne se modifie pas : ajoutez une autre correction à l'entrée d'origine.
error-json-value = Valeur absente ou d'un type inattendu.
problem-password-change-required = Mot de passe provisoire : changez-le sur la page « Mon compte » avant de continuer
problem-too-large = Le corps de la requête est trop volumineux (1 Mo au plus)
alarm-outbox-high = beaucoup de passages en attente d'envoi
alarm-outbox-full = file pleine : les nouveaux passages sont refusés
alarm-reader-error = lecteur de badge en panne
alarm-screen-error = écran en panne
alarm-clock-not-synced = horloge non synchronisée
alarm-outbox-error = file d'attente illisible ou disque plein : passages refusés
badge-assign-link = attribuer…
persons-badge-to-assign = Badge { $card } à attribuer : cherchez la personne (ou créez sa fiche) et ouvrez sa fiche, le badge y est prêt à être attribué.
error-photo-not-a-photo = Ce fichier n'est pas une photo lisible : envoyez une photo JPEG ou PNG.
error-photo-too-many-pixels = Cette image est trop grande (plus de 16 000 points de côté) : envoyez une photo prise avec un téléphone.
error-photo-none = Choisissez d'abord une photo.
error-too-long-40 = Ce texte est trop long : 40 caractères au plus.
error-too-long-60 = Ce texte est trop long : 60 caractères au plus.
error-too-long-80 = Ce texte est trop long : 80 caractères au plus.
error-too-long-100 = Ce texte est trop long : 100 caractères au plus.
error-too-long-120 = Ce texte est trop long : 120 caractères au plus.
error-too-long-200 = Ce texte est trop long : 200 caractères au plus.
error-too-long-500 = Ce texte est trop long : 500 caractères au plus.
error-too-long-1000 = Ce texte est trop long : 1 000 caractères au plus.
error-too-long-2000 = Ce texte est trop long : 2 000 caractères au plus.
error-too-long-4000 = Ce texte est trop long : 4 000 caractères au plus.
