## Avis sur papier : la liste « À remettre » de l'accueil, l'impression en gros caractères et la remise en main propre (server/src/notify/paper)

notify-paper-title = À remettre
notify-paper-hint = Les avis des personnes qui n'ont ni courriel ni page personnelle. Imprimez-les, remettez-les en main propre, puis notez-les remis.
notify-paper-none = Rien à remettre : tous les avis sur papier ont été remis.
notify-paper-total = { $n ->
    [one] { $n } avis à remettre
   *[other] { $n } avis à remettre
}
notify-paper-people = { $n ->
    [one] pour { $n } personne
   *[other] pour { $n } personnes
}
notify-paper-count = { $n ->
    [one] { $n } avis
   *[other] { $n } avis
}
notify-paper-member = membre n° { $id }
notify-paper-phone = tél. { $phone }
notify-paper-slips-of = Avis à remettre { DE($name) }
notify-paper-col-subject = Avis
notify-paper-col-made = Date
notify-paper-print-all = Tout imprimer
notify-paper-print-of = Imprimer les avis { DE($name) }
notify-paper-print-marks-nothing = Imprimer ne note rien : quand la personne prend ses avis, revenez ici et cliquez « Remis en main propre ».
notify-paper-handed = Remis en main propre
notify-paper-handed-to = Remis en main propre à { $name }
notify-paper-handed-confirm = Les avis de cette liste ont-ils bien été remis à { $name } ? Ils seront notés remis à votre nom. Un avis arrivé depuis l'affichage de la page restera à remettre.
notify-paper-handed-help = Cliquez quand la personne (ou quelqu'un de confiance pour elle) a pris ses avis. Seuls les avis affichés ci-dessus sont notés.
ok-notify-paper-handed = C'est noté : avis remis en main propre.
ok-notify-paper-nothing = Rien de nouveau à noter : ces avis étaient déjà notés remis.

## L'impression : une page A4 par personne

notify-paper-print-title = Avis à remettre — impression
notify-paper-print = Imprimer
notify-paper-back = Retour à la liste « À remettre »
notify-paper-for = Pour : { $name }
notify-paper-printed-on = Imprimé le { $when }
notify-paper-made-on = Avis du { $when }
notify-paper-other-ways = Vous pouvez demander à l'accueil de recevoir ces avis autrement (courriel, page personnelle).

## L'encadré de l'accueil

notify-paper-desk-title = Avis sur papier
notify-paper-desk-count = { $n ->
    [one] { $n } avis à remettre sur papier
   *[other] { $n } avis à remettre sur papier
}

## Le journal des modifications

audit-action-notify-handed = Avis sur papier remis en main propre
audit-field-handed-by = Remis par
audit-field-messages = Avis (numéros)
