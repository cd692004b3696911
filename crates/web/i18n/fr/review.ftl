### Avis de clients : la page « Avis » de l’admin du vendeur (répondre, refuser pour un motif de la
### politique), l’e-mail qui dit à l’auteur pourquoi son avis n’est pas publié, les textes vus par les
### clients (page de commande, page du produit) et les refus des règles d’avis (crate `domain`,
### module community ; `app::review`).

## Vus par les clients

review-write = Donner mon avis
review-done = Avis publié, merci.
review-form-title = Votre avis sur { $title }
review-rating = Votre note
review-stars = { $n } sur 5
review-body = Votre avis
review-name = Signé
review-name-hint = Laissé vide : { $default }
review-submit = Publier mon avis
review-section = Avis de clients
review-average = { $average } sur 5 — { $count ->
        [one] { $count } avis
       *[other] { $count } avis
    }
review-policy = Seuls les clients de cette boutique dont la commande a été livrée peuvent donner leur avis ; les avis sont publiés aussitôt, du plus récent au plus ancien, sans tri ni contrepartie, et la boutique ne peut en refuser un que s’il est injurieux, contient des données personnelles, est sans rapport avec le produit ou relève du spam.
review-bought = Achat du { $date }
review-written = avis du { $date }
review-reply = Réponse de { $shop }
review-none = Pas encore d’avis.
review-products-title = Vos avis

## Les motifs de refus de la politique d’avis

review-reason-abusive = Propos injurieux, menaçants, haineux ou illicites
review-reason-personal_data = Données personnelles (une adresse, un numéro de téléphone…)
review-reason-off_topic = Sans rapport avec le produit ou l’achat
review-reason-spam = Publicité, liens ou texte déjà publié (spam)

## L’admin du vendeur

review-admin-title = Avis de clients
review-admin-policy = Seuls vos clients dont la commande a été livrée peuvent donner leur avis, depuis la page de leur commande. Les avis sont publiés aussitôt, sans tri ni contrepartie, et affichés du plus récent au plus ancien, les avis négatifs comme les autres. Vous pouvez répondre publiquement à chacun. Vous ne pouvez refuser un avis que pour l’un des motifs de la liste ci-dessous (jamais parce qu’il est négatif) ; son auteur est alors prévenu par e-mail du motif.
review-admin-none-title = Aucun avis pour l’instant
review-admin-none = Vos clients pourront donner leur avis sur chaque produit depuis la page de leur commande, une fois celle-ci livrée.
review-admin-by = Signé { $name }
review-status-published = Publié
review-status-rejected = Refusé : { $reason }
review-admin-current-reply = Votre réponse, publiée le { $date } :
review-admin-reply-label = Votre réponse publique
review-admin-reply-hint = Affichée sous l’avis sur la page du produit, { $max } caractères au plus. Videz le champ et publiez pour retirer votre réponse.
review-admin-reply-submit = Publier la réponse
review-admin-refuse-label = Motif du refus
review-admin-reason-choose = Choisir un motif…
review-admin-refuse-hint = Un avis ne peut être refusé que pour l’un de ces motifs, jamais parce qu’il est négatif. Son auteur recevra un e-mail qui lui indique le motif.
review-admin-refuse-submit = Refuser cet avis
review-admin-replied = Réponse publiée.
review-admin-reply-removed = Réponse retirée.
review-admin-refused = Avis refusé ; son auteur en est prévenu par e-mail.

## L’e-mail à l’auteur d’un avis refusé

email-review-refused-subject = Votre avis sur « { $product } » n’est pas publié
email-review-refused-body =
    Bonjour,

    { $shop } ne publie pas votre avis sur « { $product } », pour ce motif : { $reason }.

## Les refus des règles d’avis

err-review-rating-range = Choisissez une note de 1 à 5 étoiles.
err-review-body-required = Écrivez votre avis.
err-review-body-too-long = Votre avis ne peut pas dépasser { $max } caractères (ni contenir de caractères de contrôle).
err-review-name-too-long = Le nom qui signe votre avis ne peut pas dépasser { $max } caractères.
err-review-reason-unknown = « { $value } » n’est pas un motif de refus de la politique d’avis : choisissez-en un dans la liste.
err-review-not-yet = Vous pourrez donner votre avis une fois votre commande arrivée chez vous.
err-review-already = Vous avez déjà donné votre avis sur ce produit pour cette commande.
err-review-reply-too-long = Votre réponse ne peut pas dépasser { $max } caractères.
err-review-rejected-already = Cet avis est déjà refusé.
