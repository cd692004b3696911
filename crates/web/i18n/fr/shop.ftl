# Storefront: catalog pages (home, category, product, search).
shop-search-label = Rechercher dans la boutique
shop-search-button = Rechercher
shop-search-title = Recherche
shop-search-results = { $count ->
    [one] { $count } résultat
   *[other] { $count } résultats
} pour « { $q } »
shop-search-empty = Aucun produit ne correspond à votre recherche.
shop-search-prompt = Tapez le nom d’un produit, un mot de sa description ou sa référence.
shop-featured = À la une
shop-categories = Catégories
shop-no-products = Aucun produit ici pour le moment.
shop-breadcrumbs = Fil d’Ariane
shop-home = Accueil
shop-subcategories = Sous-catégories
shop-filters = Filtrer et trier
shop-price-min = Prix minimum
shop-price-max = Prix maximum
shop-in-stock-only = Disponibles uniquement
shop-sort = Trier par
shop-sort-newest = Nouveautés
shop-sort-price-asc = Prix croissant
shop-sort-price-desc = Prix décroissant
shop-sort-title = Nom (A → Z)
shop-apply = Appliquer
shop-pagination = Pages
shop-prev = Page précédente
shop-next = Page suivante
shop-page-of = Page { $page } sur { $pages }
shop-from-price = À partir de { $price }
shop-product-count = { $count ->
    [one] 1 produit
   *[other] { $count } produits
}
shop-no-image = Photo à venir
shop-old-price = Prix barré :
shop-reference-price = Prix de référence (prix le plus bas des 30 derniers jours) : { $price }
shop-discount = −{ $percent } %
shop-sku = Référence : { $sku }
shop-stock-in = En stock
shop-stock-low = { $count ->
    [one] Plus qu’un seul en stock
   *[other] Plus que { $count } en stock
}
shop-stock-out = Épuisé
shop-stock-backorder = Sur commande
shop-stock-untracked = Disponible
shop-coming-soon = Bientôt disponible
shop-coming-soon-note = Ce produit n’est pas encore en vente : revenez bientôt.
shop-add-to-cart = Ajouter au panier
shop-quantity = Quantité
shop-choose-variant = Voir cette option
shop-variant-unavailable = Cette combinaison n’est pas proposée : choisissez-en une autre.
shop-option = Option { $n }
shop-description = Description
shop-rental-title = Conditions de location
shop-rental-per-day = Prix par jour : { $price }
shop-rental-per-week = Prix par semaine : { $price }
shop-rental-deposit = Dépôt de garantie : { $price } (rendu au retour)
shop-rental-duration = Durée de location : de { $min } à { $max } jours
shop-service-title = La prestation
shop-service-duration = Durée : { $minutes } minutes
shop-service-capacity = { $count ->
    [one] 1 place par créneau
   *[other] { $count } places par créneau
}
shop-perishable-title = Expédition et conservation
shop-perishable-lead = { $days ->
    [0] Préparé le jour même
    [one] Préparé en 1 jour avant expédition
   *[other] Préparé en { $days } jours avant expédition
}
shop-perishable-days = Jours d’expédition : { $days }
shop-perishable-shelf = { $days ->
    [one] Se conserve 1 jour après expédition
   *[other] Se conserve { $days } jours après expédition
}
shop-animal-title = Informations obligatoires
shop-animal-species = Espèce
shop-animal-breed = Race
shop-animal-age = Âge
shop-animal-age-months = { $months ->
    [one] 1 mois
   *[other] { $months } mois
}
shop-animal-identification = Identification
shop-animal-id-transponder = Puce électronique { $number }
shop-animal-id-tattoo = Tatouage { $number }
shop-animal-id-ring = Bague { $number }
shop-animal-siren = SIREN du vendeur
shop-animal-siren-missing = non renseigné
shop-animal-no-parcel = Cet animal n’est jamais expédié par colis ni par la poste : remise en main propre ou transport par un convoyeur spécialisé uniquement.
shop-condition = État : { $condition }
shop-condition-new = Neuf
shop-condition-like_new = Comme neuf
shop-condition-good = Bon état
shop-condition-fair = État correct
shop-digital = Fichier à télécharger, envoyé par un lien après le paiement.
shop-safety-title = Sécurité du produit
shop-safety-manufacturer = Fabricant
shop-safety-warnings = Avertissements
shop-weekday-1 = lundi
shop-weekday-2 = mardi
shop-weekday-3 = mercredi
shop-weekday-4 = jeudi
shop-weekday-5 = vendredi
shop-weekday-6 = samedi
shop-weekday-7 = dimanche
shop-animal-age-years = { $years ->
    [one] 1 an
   *[other] { $years } ans
}
shop-option-any = Tous
shop-perishable-next = Commandé maintenant, expédié le { $date }

## Flux de produits.
feed-merchant-description = Les produits de { $shop }, pour Google Merchant Center.
feed-atom-title = { $shop } : nouveautés

## Interest tests (a coming-soon product)
interest-email = Votre adresse e-mail
interest-consent = Un seul e-mail, le jour de sa mise en vente. Vous confirmerez votre demande par un lien envoyé à cette adresse, et pourrez la retirer à tout moment.
interest-ask = Prévenez-moi
interest-asked-title = Vérifiez votre boîte mail
interest-asked = Un e-mail vient de partir vers cette adresse : suivez son lien pour confirmer votre demande. Sans confirmation, nous ne vous écrirons plus.
interest-error-title = Demande non enregistrée
interest-back = Revenir au produit
interest-confirm-title = Confirmez votre demande
interest-confirm = Confirmez-vous vouloir être prévenu à l’adresse { $email } le jour où ce produit sera en vente ?
interest-confirm-button = Oui, prévenez-moi
interest-confirmed-title = Demande confirmée
interest-confirmed-text = Vous serez prévenu à l’adresse { $email }, une seule fois, le jour de sa mise en vente.
interest-cancel-button = Retirer ma demande
interest-withdrawn-title = Demande retirée
interest-withdrawn = Votre demande est retirée : nous ne vous écrirons pas à son sujet.
err-interest-not-coming = Ce produit n’est pas annoncé « bientôt disponible » : il n’y a rien à attendre.
err-interest-goal = L’objectif est un nombre de personnes, de 0 (aucun) à 1 000 000.
interest-rate-limited = Trop de demandes depuis votre connexion ou vers cette adresse : réessayez plus tard.
interest-on-sale-title = Ce produit est en vente
interest-on-sale-text = Le produit que vous attendiez est en vente.
err-interest-needs-title = Pour le mettre en vente, donnez-lui un titre dans la langue principale de la boutique.
