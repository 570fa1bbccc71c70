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
revoke-not_returned = non rendu au départ
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
erase-heading = Effacer les données { DE($name) }
erase-explain = À la demande de la personne, ses données personnelles sont effacées :
erase-what-1 = son nom est remplacé par « Personne effacée », son téléphone, son e-mail et ses notes sont supprimés ;
erase-what-2 = ses badges sont retirés et ses comptes désactivés ;
erase-what-3 = l'historique (passages, heures, totaux) reste, sans son nom.
erase-irreversible = Cette opération est définitive.
erase-confirm-label = Je confirme l'effacement des données { DE($name) }
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

## Résidents
me-title = Ma fiche
me-no-person = Votre compte n'est rattaché à aucune fiche. Adressez-vous à l'accueil.
me-gdpr = Pour obtenir une copie de vos données ou les faire effacer, adressez-vous à l'accueil.
badge-guest-until = badge invité, valable jusqu'au { $date } inclus

person-namesakes-title = { $n ->
    [one] Cette personne existe peut-être déjà
   *[other] Ces personnes existent peut-être déjà
}
person-namesakes-help = Même nom ou même téléphone. Ouvrez la fiche si c'est la même personne ; sinon cochez la case ci-dessous et enregistrez.
person-namesake-same-phone = même téléphone
person-namesake-badges = badge { $cards }
person-namesake-since = fiche créée le { $date }
person-namesake-other = C'est une autre personne : créer une nouvelle fiche
person-number-short = n°
