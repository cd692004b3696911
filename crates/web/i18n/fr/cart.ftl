cart-title = Votre panier
cart-link = Panier
cart-empty = Votre panier est vide.
cart-product = Produit
cart-unit-price = Prix unitaire
cart-quantity = Quantité
cart-line-total = Total
cart-subtotal = Sous-total
cart-subtotal-excl = Sous-total HT
cart-update = Mettre à jour
cart-remove = Retirer
cart-quantity-of = Quantité de « { $title } »
cart-remove-of = Retirer « { $title } » du panier
cart-checkout = Commander
cart-continue = Continuer mes achats
cart-shipping-later = Les frais de livraison et les taxes éventuelles sont calculés à l’étape suivante.
cart-fix-lines = Corrigez les lignes signalées avant de commander.
cart-rental-period = Du { $from } au { $to } (retour)
cart-rental-deposit = Caution de { $amount }, rendue au retour
cart-slot = Le { $date } à { $time }
cart-add = Ajouter au panier
cart-add-quantity = Quantité
cart-add-start = Premier jour de location
cart-add-end = Jour du retour
cart-add-slot = Créneau
cart-add-places = Nombre de places
err-cart-quantity-invalid = Indiquez une quantité entière entre 1 et { $max }.
err-cart-variant-unknown = Ce produit n’existe plus dans la boutique.
err-cart-not-for-sale = Ce produit n’est pas en vente pour le moment.
err-cart-sold-out = Ce produit est épuisé.
err-cart-stock-short =
    { $count ->
        [one] Il n’en reste qu’un seul exemplaire.
       *[other] Il n’en reste que { $count } exemplaires.
    }
err-cart-unique-once = Cette pièce est unique : elle est déjà dans votre panier.
err-cart-digital-once = Ce fichier à télécharger est déjà dans votre panier.
err-cart-rental-dates-missing = Choisissez le premier jour de location et le jour du retour.
err-cart-rental-past = Le premier jour de location est déjà passé. Choisissez une date à venir.
err-cart-slot-missing = Choisissez un créneau.
err-cart-slot-unknown = Ce créneau n’est pas proposé. Choisissez l’un des créneaux affichés.
err-cart-slot-full = Ce créneau est complet. Choisissez-en un autre.
err-cart-slot-short =
    { $count ->
        [one] Il ne reste qu’une place sur ce créneau.
       *[other] Il ne reste que { $count } places sur ce créneau.
    }
err-cart-line-unknown = Cette ligne n’est plus dans votre panier.
err-cart-booking-fixed = Une réservation ne change pas de quantité : retirez-la, puis réservez de nouveau.
err-cart-hold-lapsed = Ce créneau ou ces dates ne vous sont plus réservés (plus de 30 minutes sans activité). Retirez la ligne, puis réservez de nouveau.

fx-picker-label = Estimer les prix en
fx-picker-shop = { $currency } (devise de la boutique)
fx-charged-note = Votre commande est facturée en { $currency } : { $amount }. Le montant en { $target } est une estimation au taux du { $date }.
cart-before-discount = Total avant remise
cart-discount = Remise : { $name }
cart-free-shipping = Livraison offerte : { $name }
cart-code = Code promo
cart-code-apply = Appliquer
cart-code-remove = Retirer le code
