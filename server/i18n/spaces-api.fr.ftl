## Chrono'espaces — the JSON API and the iCalendar feeds (server/src/web/spaces_api.rs)

spi-period-too-long = Période trop longue pour un seul appel : 62 jours au plus pour les créneaux et la grille de disponibilité, 366 jours pour les listes.
spi-too-many-windows = Trop de plages horaires : 336 au plus pour une semaine.
spi-too-many-spaces = Trop de salles à la fois : 50 au plus.
spi-weeks = Nombre de semaines non valide : entre 1 et 52.
spi-booking-too-long = Réservation trop longue : une réservation dure au plus 8 jours.
spi-series-all-or-nothing = La série n'a pas été réservée (tout ou rien) : au moins une date n'est pas libre — { $name }. L'aperçu de la série donne le résultat de chaque date.
spi-series-none-free = La série n'a pas été réservée : aucune date n'est libre — { $name }.
spi-feed-not-found = Calendrier introuvable. Le lien est peut-être ancien : demandez le lien à jour à l'accueil.
spi-feed-agenda-name = Agenda de la CITEOSQUARE
spi-feed-space-name = { $name } — CITEOSQUARE
spi-feed-association-name = { $name } — réservations de salles
