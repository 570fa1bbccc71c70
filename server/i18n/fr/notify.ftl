## Avis : ce que l'on dit aux gens (courriel, page personnelle, papier remis par l'accueil)

notify-title = Mes avis
notify-none = Aucun avis pour l'instant.
notify-new = Nouveau
notify-unread = { $n ->
    [one] 1 nouvel avis
   *[other] { $n } nouveaux avis
}
notify-unread-short = non lus
notify-see = Voir la page concernée
notify-see-all = Voir tous mes avis et choisir comment être prévenu
notify-sent-at = envoyé par courriel le { $when } à { $to }
notify-failed = le courriel n'a pas pu partir : l'accueil est prévenu
notify-in-digest = dans le courriel du jour
notify-sending = courriel en cours d'envoi
notify-handed-at = remis en main propre le { $when }
notify-at-desk = à retirer à l'accueil, sur papier
notify-on-page = sur cette page
notify-pref-title = Comment être prévenu
notify-pref-legend = Je veux recevoir mes avis :
notify-pref-email = par courriel, à { $email }
notify-pref-email-none = par courriel
notify-pref-email-ask-desk = Nous n'avons pas votre adresse : donnez-la à l'accueil pour choisir le courriel.
notify-pref-page = sur cette page seulement
notify-pref-paper = sur papier, à retirer à l'accueil
notify-pref-digest = Un seul courriel par jour, qui rassemble tous mes avis
notify-pref-save = Enregistrer
notify-pref-default = choix par défaut
notify-pref-email-is = Vos avis arrivent par courriel, à { $email }.
notify-pref-email-digest-is = Vos avis arrivent en un seul courriel par jour, à { $email }.
notify-pref-page-is = Vos avis sont sur votre page personnelle.
notify-pref-paper-is = Vos avis vous sont remis sur papier par l'accueil.
ok-notify-preference = C'est noté : vos avis arriveront ainsi.
ok-notify-no-email = Pas d'adresse électronique connue : ajoutez-la d'abord à la fiche pour choisir le courriel.
notify-error-channel = Choisissez comment être prévenu.
notify-error-no-email = Nous n'avons pas d'adresse électronique : donnez-la à l'accueil pour choisir le courriel.
notify-person-title = Avis
notify-person-choose = Prévenir cette personne
notify-person-latest = Derniers avis
notify-channel-email = par courriel
notify-channel-page = sur sa page personnelle
notify-channel-paper = sur papier, remis par l'accueil
notify-page-without-login = Cette personne n'a pas d'identifiant : elle ne verra pas sa page. Choisissez le papier.
notify-desk-email-is = Ses avis partent par courriel, à { $email }.
notify-desk-email-digest-is = Ses avis partent en un courriel par jour, à { $email }.
notify-desk-page-is = Ses avis sont sur sa page personnelle.
notify-desk-paper-is = Ses avis lui sont remis sur papier par l'accueil.
notify-nav-mail = Courriel
audit-action-notify-preference = Façon d'être prévenu changée

## Les messages. Chacun a un objet, un texte (paragraphes séparés par une ligne vide) et la raison de l'envoi.

notify-booking-requested-subject = Demande reçue : { $title }, { $start_at }
notify-booking-requested-body = Bonjour { $first_name },

    Votre demande pour « { $title } » ({ $space }, { $start_at }) est bien reçue. L'accueil y répond au plus vite ; sa réponse vous sera transmise.
notify-booking-requested-why = Vous recevez ce message parce que vous avez demandé cette salle, ou votre association.

notify-booking-approved-subject = Réservation confirmée : { $title }, { $start_at }
notify-booking-approved-body = Bonjour { $first_name },

    La salle { $space } vous est réservée pour « { $title } », { $start_at }.{ $has_message ->
        [yes] {" "}Message de l'accueil : « { $message } »
       *[no] {""}
    }

    En cas d'empêchement, annulez depuis votre page pour libérer la salle.
notify-booking-approved-why = Vous recevez ce message parce que vous avez demandé cette salle, ou votre association.

notify-booking-declined-subject = Demande refusée : { $title }, { $start_at }
notify-booking-declined-body = Bonjour { $first_name },

    L'accueil n'a pas pu accepter votre demande pour « { $title } » ({ $space }, { $start_at }).

    Motif : « { $reason } »

    Vous pouvez demander un autre créneau ou passer en parler à l'accueil.
notify-booking-declined-why = Vous recevez ce message parce que vous avez demandé cette salle, ou votre association.

notify-booking-cancelled-subject = Réservation annulée : { $title }, { $start_at }
notify-booking-cancelled-body = Bonjour { $first_name },

    La réservation « { $title } » ({ $space }, { $start_at }) est annulée.{ $following ->
        [yes] {" "}Les dates suivantes de la série sont annulées aussi.
       *[no] {""}
    }{ $has_reason ->
        [yes] {" "}Motif : « { $reason } »
       *[no] {""}
    }
notify-booking-cancelled-why = Vous recevez ce message parce que cette réservation était la vôtre, ou celle de votre association.

notify-booking-moved-subject = Réservation déplacée : { $title }, { $start_at }
notify-booking-moved-body = Bonjour { $first_name },

    « { $title } » ({ $space }) n'a plus lieu le { $old_start_at } : elle est déplacée au { $start_at }.
notify-booking-moved-why = Vous recevez ce message parce que cette réservation est la vôtre, ou celle de votre association.

notify-booking-series-requested-subject = Demande reçue : { $title }, { $count } dates à partir du { $start_at }
notify-booking-series-requested-body = Bonjour { $first_name },

    Votre demande pour « { $title } » ({ $space }, { $count } dates à partir du { $start_at }) est bien reçue. L'accueil y répond au plus vite ; sa réponse vous sera transmise.
notify-booking-series-requested-why = Vous recevez ce message parce que vous avez demandé cette salle, ou votre association.

notify-booking-series-approved-subject = Réservations confirmées : { $title }, à partir du { $start_at }
notify-booking-series-approved-body = Bonjour { $first_name },

    La salle { $space } vous est réservée pour « { $title } » : { $count } dates à partir du { $start_at }.{ $has_declined ->
       *[no] {""}
        [yes] {" "}{ $declined } dates n'ont pas pu être accordées : voyez le détail sur la page de la réservation.
    }{ $has_message ->
        [yes] {" "}Message de l'accueil : « { $message } »
       *[no] {""}
    }
notify-booking-series-approved-why = Vous recevez ce message parce que vous avez demandé cette salle, ou votre association.

notify-booking-series-declined-subject = Demande refusée : { $title }, à partir du { $start_at }
notify-booking-series-declined-body = Bonjour { $first_name },

    L'accueil n'a pas pu accepter votre demande pour « { $title } » ({ $space }, { $count } dates à partir du { $start_at }).

    Motif : « { $reason } »

    Vous pouvez demander d'autres dates ou passer en parler à l'accueil.
notify-booking-series-declined-why = Vous recevez ce message parce que vous avez demandé cette salle, ou votre association.

notify-booking-reminder-subject = Demain : { $title }, { $start_at }
notify-booking-reminder-body = Bonjour { $first_name },

    Pour mémoire, la salle { $space } vous est réservée demain pour « { $title } », { $start_at }.

    En cas d'empêchement, annulez depuis votre page pour libérer la salle.
notify-booking-reminder-why = Vous recevez ce rappel la veille de chaque réservation de votre part ou de votre association.

notify-sel-received-subject = Vous avez reçu { $amount_minutes } de temps
notify-sel-received-body = Bonjour { $first_name },

    { $from } vous a crédité { $amount_minutes } sur votre compte SEL.{ $has_memo ->
        [yes] {" "}« { $memo } »
       *[no] {""}
    }

    Merci pour le temps donné !
notify-sel-received-why = Vous recevez ce message parce que votre compte SEL a été crédité.

notify-sel-gift-waiting-subject = { $from } vous donne { $amount_minutes } : à accepter
notify-sel-gift-waiting-body = Bonjour { $first_name },

    { $from } vous donne { $amount_minutes } de temps.{ $has_memo ->
        [yes] {" "}« { $memo } »
       *[no] {""}
    }

    Acceptez-le (ou refusez-le) sur votre page, ou à l'accueil : le temps n'arrive sur votre compte qu'une fois accepté.
notify-sel-gift-waiting-why = Vous recevez ce message parce qu'un échange vous attend dans le SEL.

notify-shift-reminder-subject = Demain : { $activity }, { $start_at }
notify-shift-reminder-body = Bonjour { $first_name },

    Vous êtes inscrit demain à « { $activity } », { $start_at }. Pensez à badger en arrivant et en partant.

    Un empêchement ? Désinscrivez-vous sur votre page ou prévenez l'accueil, pour que quelqu'un d'autre puisse venir.
notify-shift-reminder-why = Vous recevez ce rappel la veille de chaque permanence où vous êtes inscrit.

notify-vehicle-booked-subject = Véhicule réservé : { $vehicle }, { $start_at }
notify-vehicle-booked-body = Bonjour { $first_name },

    Le véhicule « { $vehicle } » vous est réservé du { $start_at } au { $end_at }.{ $has_series ->
        [yes] {" "}La même réservation chaque semaine, { $count } fois en tout, jusqu'au { $last_day }.
       *[no] {""}
    } Les clés sont à l'accueil.
notify-vehicle-booked-why = Vous recevez ce message parce que ce véhicule est réservé à votre nom.

notify-vehicle-cancelled-subject = Réservation de véhicule annulée : { $vehicle }, { $start_at }
notify-vehicle-cancelled-body = Bonjour { $first_name },

    La réservation du véhicule « { $vehicle } » du { $start_at } est annulée.
notify-vehicle-cancelled-why = Vous recevez ce message parce que ce véhicule était réservé à votre nom.

notify-vehicle-reminder-subject = Demain : le véhicule { $vehicle }, { $start_at }
notify-vehicle-reminder-body = Bonjour { $first_name },

    Pour mémoire, le véhicule « { $vehicle } » vous est réservé demain, { $start_at }, jusqu'au { $end_at }. Les clés sont à l'accueil.

    Un empêchement ? Annulez sur votre page ou prévenez l'accueil.
notify-vehicle-reminder-why = Vous recevez ce rappel la veille de chaque réservation de véhicule à votre nom.

notify-hostel-stay-booked-subject = Séjour réservé : arrivée le { $arrival_day }
notify-hostel-stay-booked-body = Bonjour { $first_name },

    Votre séjour est réservé : arrivée le { $arrival_day }, départ le { $departure_day }.{ $has_room ->
        [yes] {" "}Hébergement : { $room }.
       *[no] {""}
    } L'accueil est ouvert jour et nuit.
notify-hostel-stay-booked-why = Vous recevez ce message parce qu'un séjour est réservé à votre nom.

notify-hostel-stay-cancelled-subject = Séjour annulé : arrivée le { $arrival_day }
notify-hostel-stay-cancelled-body = Bonjour { $first_name },

    Votre séjour avec arrivée le { $arrival_day }{ $has_room ->
        [yes] {" "}({ $room })
       *[no] {""}
    } est annulé.
notify-hostel-stay-cancelled-why = Vous recevez ce message parce que ce séjour était à votre nom.

notify-hostel-stay-changed-subject = Séjour modifié : arrivée le { $arrival_day }
notify-hostel-stay-changed-body = Bonjour { $first_name },

    Votre séjour a été modifié. Désormais : arrivée le { $arrival_day }, départ le { $departure_day }.{ $has_room ->
        [yes] {" "}Hébergement : { $room }.
       *[no] {""}
    } Une question ? L'accueil est ouvert jour et nuit.
notify-hostel-stay-changed-why = Vous recevez ce message parce que ce séjour est à votre nom.

notify-test-subject = Message d'essai de { $site }
notify-test-body = Bonjour,

    Ceci est un message d'essai envoyé depuis la page « Courriel » de { $site }. S'il vous arrive, le courriel du site fonctionne.
notify-test-why = Vous recevez ce message parce qu'un administrateur du site a demandé un essai vers cette adresse.
