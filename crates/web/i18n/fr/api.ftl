# L’API de la boutique (/api/store/v1/) : messages des erreurs (champ « detail »).
api-method-not-allowed = Cette adresse de l’API n’accepte pas cette méthode HTTP. Le document OpenAPI (openapi.json) liste les méthodes de chaque adresse.
api-invalid-fields = Certains champs ne peuvent pas être utilisés : la liste « errors » dit lesquels et pourquoi.
api-cart-unknown = Aucun panier ne porte cet identifiant dans cette boutique (il a peut-être déjà été commandé).
api-body-too-large = Le corps de la requête est trop volumineux pour cette adresse (16 Ko au plus).
api-not-json = Envoyez le corps de la requête en JSON, avec l’en-tête Content-Type: application/json.
api-page-invalid = Le paramètre « page » doit être un nombre entier entre 1 et 10000.
api-too-many-carts = Trop de paniers créés depuis cette adresse. Réutilisez un panier existant ou réessayez plus tard.
api-sku-or-variant = Indiquez le produit à ajouter par « sku » ou par « variant_id » (l’un des deux, pas les deux).
api-product-unknown = Aucun produit de cette boutique ne porte ce SKU ou cet identifiant de variante.
api-key-required = Envoyez un en-tête Idempotency-Key (de 1 à 200 caractères visibles) propre à cette tentative de commande : la même clé redonne la même commande.
