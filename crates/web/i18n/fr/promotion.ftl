### Promotions : les codes de réduction et les promotions automatiques du vendeur (admin), et
### les refus des règles de promotion (crate `domain`, module growth::promotion ; `app::promotion`),
### vus aussi par les clients dans leur panier.

promo-title = Promotions
promo-lead = Des codes de réduction à donner à vos clients, et des promotions automatiques appliquées sans code à chaque panier qui remplit leurs conditions. Une commande reçoit au plus une remise sur ses articles (la plus avantageuse) et la livraison offerte si une promotion la donne.
promo-new = Créer une promotion
promo-none-title = Aucune promotion pour l’instant
promo-none = Une promotion fait venir de nouveaux clients et revenir les anciens. Par exemple :
promo-idea-code = un code à offrir aux abonnés de votre lettre, sur un salon ou sur vos réseaux (« BIENVENUE » pour 10 % sur la première commande) ;
promo-idea-automatic = des soldes sur une catégorie, appliqués sans code du premier au dernier jour que vous choisissez ;
promo-idea-shipping = la livraison offerte dès un montant de commande ;
promo-idea-bxgy = « 2 achetés, 1 offert » sur toute la boutique ou une catégorie.
promo-col-name = Nom
promo-col-code = Code
promo-col-gives = Ce qu’elle donne
promo-col-dates = Dates
promo-col-uses = Utilisations
promo-col-status = État
promo-automatic = automatique
promo-gives-percent = { $percent } % de remise
promo-gives-amount = { $amount } de remise
promo-gives-free-shipping = Livraison offerte
promo-gives-bxgy = { $buy } { $buy ->
        [one] acheté
       *[other] achetés
    }, { $get } à { $percent } % de remise
promo-gives-bxgy-free = { $buy } { $buy ->
        [one] acheté
       *[other] achetés
    }, { $get } { $get ->
        [one] offert
       *[other] offerts
    }
promo-on-category = sur la catégorie « { $category } »
promo-on-category-gone = sur une catégorie supprimée depuis (ne s’applique à rien)
promo-min = dès { $amount } d’achat
promo-per-customer-n = { $count } par client
promo-dates-always = Sans limite de dates
promo-dates-from = À partir du { $from }
promo-dates-until = Jusqu’au { $to } inclus
promo-dates-between = Du { $from } au { $to } inclus
promo-uses-of = { $uses } sur { $max }
promo-uses-count = { $uses }
promo-status-on = En cours
promo-status-off = Désactivée
promo-status-ended = Terminée
promo-status-upcoming = À venir
promo-deleted = Promotion supprimée.
promo-form-title = Promotion
promo-new-title = Nouvelle promotion
promo-edit-title = Modifier « { $name } »
promo-back = Retour aux promotions
promo-name = Nom
promo-name-hint = Vu par vos clients dans leur panier et sur leur commande, par exemple « Soldes d’hiver ».
promo-code = Code
promo-code-hint = Ce que vos clients tapent dans leur panier : de 3 à 32 lettres sans accent, chiffres, tirets ou soulignés (les minuscules deviennent des capitales). Laissez vide pour une promotion automatique, appliquée sans code à chaque panier qui remplit ses conditions.
promo-gives = Ce que la promotion donne
promo-benefit = Avantage
promo-benefit-hint = Remplissez ensuite les champs de cet avantage ; les autres sont ignorés.
promo-benefit-percent = Un pourcentage de remise sur les articles
promo-benefit-amount = Un montant de remise sur les articles
promo-benefit-free-shipping = La livraison offerte
promo-benefit-buy-x-get-y = X achetés, Y offerts (ou à prix réduit)
promo-percent = Pourcentage de remise
promo-percent-hint = Pour un pourcentage de remise, et pour « X achetés, Y offerts » (la remise des Y articles les moins chers : 100 pour les offrir). Par exemple 20 ou 12,5.
promo-amount = Montant de la remise ({ $currency })
promo-amount-hint = Pour un montant de remise : retiré du total des articles concernés, jamais plus que leur prix.
promo-buy = Articles achetés (X)
promo-buy-hint = Pour « X achetés, Y offerts ».
promo-get = Articles offerts ou remisés (Y)
promo-get-hint = Dans chaque groupe de X + Y articles du panier, les Y moins chers.
promo-conditions = Conditions
promo-category = Catégorie
promo-category-hint = La promotion ne concerne que les produits de cette catégorie et des catégories qu’elle contient.
promo-category-every = Tous les produits
promo-category-gone = Une catégorie supprimée depuis (la promotion ne s’applique à rien)
promo-min-subtotal = Montant minimum de commande ({ $currency })
promo-min-subtotal-hint = Le total des articles, avant remise, à partir duquel la promotion s’applique. Vide : aucun minimum.
promo-starts-on = Premier jour
promo-starts-on-hint = À l’heure de la boutique. Vide : dès maintenant.
promo-ends-on = Dernier jour
promo-ends-on-hint = Compris. Vide : sans fin.
promo-max-uses = Nombre d’utilisations en tout
promo-max-uses-hint = Le nombre de commandes qui peuvent en profiter. Vide : sans limite.
promo-per-customer = Nombre d’utilisations par client
promo-per-customer-hint = Par adresse e-mail. Vide : sans limite.
promo-active = Active
promo-active-hint = Décochez pour arrêter la promotion sans la supprimer.
promo-save = Enregistrer
promo-create = Créer la promotion
promo-delete-title = Supprimer la promotion
promo-delete-hint = Une promotion utilisée par une commande ne peut pas être supprimée (la commande la cite) : décochez « Active » pour l’arrêter.
promo-delete = Supprimer cette promotion

err-promotion-benefit-unknown = « { $value } » n’est pas un avantage connu : choisissez ce que la promotion donne dans la liste.
err-promotion-percent-range = Indiquez un pourcentage supérieur à 0 et d’au plus 100.
err-promotion-amount-positive = Indiquez un montant positif, dans une limite raisonnable.
err-promotion-quantity-range = Indiquez un nombre d’articles entre 1 et 99.
err-promotion-ends-before-start = Le dernier jour ne peut pas venir avant le premier.
err-promotion-limit-positive = Indiquez un nombre entier supérieur à zéro.
err-promotion-not-started = Ce code n’est pas encore valable : la promotion n’a pas commencé.
err-promotion-ended = Ce code n’est plus valable : la promotion est terminée.
err-promotion-used-up = Ce code a été utilisé autant de fois que prévu : il n’est plus valable.
err-promotion-customer-limit = Vous avez déjà profité de ce code autant de fois que possible.
err-promotion-min-subtotal = Ce code demande une commande d’au moins { $min } (avant remise).
err-promotion-nothing-eligible = Ce code ne concerne aucun article de votre panier.
err-promotion-buy-more = Ce code s’applique par lot de { $count } articles concernés : ajoutez-en pour en profiter.
err-promotion-better-applied = Une promotion plus avantageuse s’applique déjà à votre panier : ce code n’y ajoute rien.
err-promotion-code-invalid = Un code compte de 3 à { $max } lettres sans accent, chiffres, tirets ou soulignés, sans espace.
err-promotion-name-required = Donnez un nom à la promotion : vos clients le voient dans leur panier.
err-promotion-name-too-long = Un nom de { $max } caractères au plus, sur une ligne.
err-promotion-field-required = Ce champ est nécessaire pour l’avantage choisi.
err-promotion-date-invalid = Cette date n’est pas lisible : utilisez le calendrier.
err-promotion-category-gone = Cette catégorie n’existe plus : choisissez-en une autre.
err-promotion-code-taken = Une autre de vos promotions a déjà ce code : choisissez-en un autre.
err-promotion-code-unknown = Ce code ne correspond à aucune promotion en cours : vérifiez son orthographe.
err-promotion-used-keep = Des commandes ont utilisé cette promotion : elle ne peut pas être supprimée, car elles la citent. Décochez « Active » pour l’arrêter.
