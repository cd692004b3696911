### Erreurs de validation renvoyées par la crate `domain`.
### Chaque message est `err-` suivi d’un code de `ValidationError` ; ses
### arguments arrivent comme variables Fluent. À garder en phase avec
### crates/domain/src/error.rs (CODES), ce qu’un test du domaine vérifie.

## Adresse, nom et slogan de la boutique

err-slug-too-short = L’adresse de votre boutique doit comporter au moins { $min } caractères.
err-slug-too-long = L’adresse de votre boutique ne peut pas dépasser { $max } caractères.
err-slug-invalid-chars = L’adresse de votre boutique ne peut contenir que des lettres minuscules sans accent (de a à z), des chiffres et des tirets (-).
err-slug-hyphens = L’adresse de votre boutique ne peut ni commencer ni finir par un tiret, ni contenir deux tirets à la suite.
err-slug-reserved = L’adresse « { $slug } » est réservée par la plateforme. Merci d’en choisir une autre.
err-shop-name-too-short = Le nom de votre boutique doit comporter au moins { $min } caractères.
err-shop-name-too-long = Le nom de votre boutique ne peut pas dépasser { $max } caractères.
err-shop-name-control-chars = Le nom de votre boutique doit tenir sur une seule ligne, sans tabulation ni caractère invisible.
err-tagline-too-long = Votre slogan ne peut pas dépasser { $max } caractères. Faites court, c’est plus percutant !
err-tagline-control-chars = Votre slogan doit tenir sur une seule ligne.

## Comptes et équipe

err-email-invalid = Cette adresse e-mail ne semble pas valide. Vérifiez-la, par exemple : nom@exemple.fr.
err-email-too-long = Cette adresse e-mail est trop longue ({ $max } caractères au maximum).
err-password-too-short = Votre mot de passe doit comporter au moins { $min } caractères. Une petite phrase est facile à retenir et difficile à deviner.
err-password-too-long = Votre mot de passe ne peut pas dépasser { $max } caractères.
err-role-unknown = « { $value } » n’est pas un rôle d’équipe. Merci de choisir un rôle dans la liste.
err-person-name-empty = Merci d’indiquer un nom.
err-person-name-too-long = Ce nom ne peut pas dépasser { $max } caractères.
err-person-name-control-chars = Le nom doit tenir sur une seule ligne, sans tabulation ni caractère invisible.

## Informations légales

err-siren-format = Un numéro SIREN comporte exactement 9 chiffres.
err-siren-checksum = Ce numéro SIREN n’existe pas : un chiffre est sans doute erroné. Vous trouverez le bon numéro sur votre extrait Kbis ou votre avis de situation Insee.
err-siret-format = Un numéro SIRET comporte exactement 14 chiffres : les 9 chiffres de votre SIREN suivis de 5 autres.
err-siret-checksum = Ce numéro SIRET n’existe pas : un chiffre est sans doute erroné. Recopiez-le depuis votre extrait Kbis ou votre avis de situation Insee.
err-vat-format = Ce numéro de TVA intracommunautaire n’est pas valide. Il commence par deux lettres désignant le pays (FR pour la France), suivies de chiffres.
err-vat-fr-key = Les deux caractères qui suivent « FR » ne correspondent pas à votre numéro SIREN. Vérifiez votre numéro de TVA sur vos factures ou dans votre espace professionnel sur impots.gouv.fr.
err-vat-fr-siren = Le numéro SIREN contenu dans ce numéro de TVA (ses 9 derniers chiffres) n’existe pas. Merci de le vérifier.
err-phone-invalid-chars = Un numéro de téléphone ne peut contenir que des chiffres, des espaces, des points, des tirets, des parenthèses et un « + » au début.
err-phone-length = Un numéro de téléphone doit comporter entre { $min } et { $max } chiffres.
err-legal-status-unknown = « { $value } » n’est pas un statut juridique reconnu. Merci d’en choisir un dans la liste.

## Apparence de la boutique

err-color-invalid = « { $value } » n’est pas un code couleur. Utilisez un code comme #1a2b3c ou choisissez la couleur dans la palette.
err-contrast-too-low = Ces deux couleurs sont trop proches : beaucoup de visiteurs auraient du mal à lire le texte (contraste de { $ratio }:1, il faut au moins { $min }:1). Essayez un texte plus foncé ou un fond plus clair.

## Monnaie et langues

err-currency-unknown = « { $value } » n’est pas une devise reconnue. Utilisez un code de trois lettres comme EUR, USD ou CHF.
err-lang-unknown = « { $value } » n’est pas une langue disponible. Merci d’en choisir une dans la liste.
err-timezone-unknown = « { $value } » n’est pas un fuseau horaire reconnu. Merci d’en choisir un dans la liste.
err-country-unknown = « { $value } » n’est pas un pays que nous connaissons. Indiquez son code ISO à deux lettres, par exemple FR, BE ou DE.

## Limites de la formule

err-plan-staff-limit = Vous avez atteint le nombre maximal de membres d’équipe de votre formule ({ $max } au maximum, invitations en attente comprises). Passez à une formule supérieure pour inviter d’autres personnes.
err-plan-product-limit = Vous avez atteint le nombre maximal de produits de votre formule ({ $max } au maximum). Passez à une formule supérieure, ou supprimez un produit pour en ajouter un nouveau.
err-plan-storage-limit = Ce fichier ne tient pas dans l’espace de stockage de votre formule ({ $max_mb } Mo au total). Supprimez les photos dont vous n’avez plus besoin, ou passez à une formule supérieure.
err-iban-format = Cet IBAN n’a pas la bonne forme. Recopiez-le depuis votre RIB (il commence par deux lettres, par exemple FR76).
err-iban-checksum = Cet IBAN contient une erreur de frappe (sa clé de contrôle ne correspond pas). Vérifiez-le sur votre RIB.
err-bic-format = Ce BIC n’a pas la bonne forme : il compte 8 ou 11 caractères (par exemple BNPAFRPP).

## Catalogue : produits

err-product-kind-unknown = « { $value } » n’est pas un type de produit. Merci d’en choisir un dans la liste.
err-product-status-unknown = « { $value } » n’est pas un statut de produit. Choisissez brouillon, actif, bientôt disponible ou archivé.
err-vat-class-unknown = « { $value } » n’est pas un taux de TVA connu. Merci d’en choisir un dans la liste.
err-condition-unknown = « { $value } » n’est pas un état reconnu. Choisissez neuf, comme neuf, bon état ou état correct.
err-product-title-empty = Merci de donner un nom à ce produit.
err-product-title-too-long = Le nom du produit ne peut pas dépasser { $max } caractères.
err-product-title-control-chars = Le nom du produit doit tenir sur une seule ligne, sans tabulation ni caractère invisible.
err-product-slug-empty = Merci d’indiquer l’adresse de la page du produit.
err-product-slug-too-long = L’adresse de la page du produit ne peut pas dépasser { $max } caractères.
err-product-slug-invalid-chars = L’adresse de la page du produit ne peut contenir que des lettres minuscules sans accent (de a à z), des chiffres et des tirets (-).
err-product-slug-hyphens = L’adresse de la page du produit ne peut ni commencer ni finir par un tiret, ni contenir deux tirets à la suite.
err-sku-empty = Merci d’indiquer une référence (SKU).
err-sku-too-long = Une référence (SKU) ne peut pas dépasser { $max } caractères.
err-sku-invalid = Une référence (SKU) ne peut contenir que des lettres sans accent, des chiffres, des points, des tirets, des tirets bas (_) et des barres obliques (/), sans espace.

## Catalogue : prix

err-price-invalid = Ce prix n’est pas lisible. Écrivez-le en chiffres, par exemple 12,50 ou 1234,00.
err-price-negative = Un prix ne peut pas être négatif.
err-price-too-many-decimals = Ce prix a trop de chiffres après la virgule ({ $max } au maximum pour cette devise).
err-price-ambiguous = « { $value } » peut se lire de deux façons, selon que le séparateur marque les milliers ou les décimales. Écrivez le prix sans séparateur de milliers, par exemple 1234 ou 1234,50.
err-price-too-high = Un prix ne peut pas dépasser 10 millions. Vérifiez qu’un zéro ne s’est pas glissé en trop.
err-compare-at-not-higher = Le prix barré doit être supérieur au prix de vente, sinon il n’annonce aucune réduction. Laissez-le vide s’il n’y a pas de promotion.

## Catalogue : variantes

err-variant-axes-too-many = Un produit peut avoir au plus { $max } options (par exemple taille, couleur et poids).
err-variant-axis-empty = Merci de donner un nom à chaque option (par exemple « Taille »).
err-variant-axis-invalid = Le nom d’une option doit tenir sur une ligne et ne pas dépasser { $max } caractères.
err-variant-axis-duplicate = L’option « { $name } » apparaît deux fois. Donnez à chaque option un nom différent.
err-variant-none = Ce produit doit avoir au moins une variante.
err-variant-too-many = Un produit peut avoir au plus { $max } variantes.
err-variant-values-count = La variante n° { $variant } doit avoir exactement une valeur pour chaque option ({ $expected } en tout).
err-variant-value-empty = La variante n° { $variant } n’a pas de valeur pour l’option « { $axis } ».
err-variant-value-invalid = Les valeurs de la variante n° { $variant } doivent tenir sur une ligne et ne pas dépasser { $max } caractères.
err-variant-duplicate = La variante n° { $variant } ({ $values }) existe déjà. Chaque combinaison d’options ne peut apparaître qu’une fois.

## Catalogue : stock

err-stock-unique-quantity = Une pièce unique a toujours un stock suivi, de 1 tant qu’elle est disponible et de 0 une fois vendue.
err-stock-unique-backorder = Une pièce unique ne peut plus être commandée une fois vendue : désactivez les commandes en rupture de stock.
err-stock-negative = Le stock ne peut pas être négatif.
err-stock-too-large = Le stock ne peut pas dépasser { $max } unités.
err-stock-quantity-invalid = Indiquez le stock par un nombre entier, par exemple 12.

## Catalogue : location

err-rental-day-price-invalid = Indiquez un prix de location par jour supérieur à zéro.
err-rental-week-price-invalid = Le prix à la semaine doit être supérieur à zéro, ou laissé vide.
err-rental-deposit-negative = La caution ne peut pas être négative (indiquez 0 s’il n’y en a pas).
err-rental-min-days-invalid = La durée minimale de location est d’au moins un jour.
err-rental-max-below-min = La durée maximale de location doit être au moins égale à la durée minimale.
err-rental-max-too-long = Une location ne peut pas durer plus de { $max } jours.
err-rental-dates-invalid = La date de retour doit être postérieure à la date de début.
err-rental-too-short =
    { $min ->
        [one] Cette location dure au moins { $min } jour. Merci de choisir une date de retour plus tardive.
       *[other] Cette location dure au moins { $min } jours. Merci de choisir une date de retour plus tardive.
    }
err-rental-too-long =
    { $max ->
        [one] Cette location ne peut pas dépasser { $max } jour. Merci de choisir une date de retour plus proche.
       *[other] Cette location ne peut pas dépasser { $max } jours. Merci de choisir une date de retour plus proche.
    }
err-rental-dates-booked = Ce produit est déjà loué pendant une partie de ces dates. Le calendrier montre les jours libres.

## Catalogue : prestations sur rendez-vous

err-service-duration-invalid = La durée d’une prestation doit être comprise entre { $min } minutes et { $max } minutes.
err-service-capacity-invalid = Le nombre de places par créneau doit être compris entre { $min } et { $max }.
err-opening-hours-invalid = Chaque plage horaire doit finir après son heure d’ouverture (00:00 pour minuit).
err-opening-hours-overlap = Deux plages horaires de la même journée se chevauchent. Merci de les corriger.

## Catalogue : produits périssables

err-perishable-lead-too-long = Le délai de préparation ne peut pas dépasser { $max } jours.
err-perishable-no-dispatch-day = Choisissez au moins un jour d’expédition dans la semaine.
err-perishable-shelf-life-invalid = La durée de conservation doit être comprise entre { $min } et { $max } jours.

## Catalogue : animaux vivants

err-shipping-kind-unknown = « { $value } » n’est pas un mode de livraison connu. Merci d’en choisir un dans la liste.
err-animal-identification-kind-unknown = « { $value } » n’est pas un mode d’identification reconnu. Choisissez puce électronique, tatouage ou bague.
err-animal-species-empty = Merci d’indiquer l’espèce de l’animal, une mention obligatoire de toute offre de vente.
err-animal-breed-empty = Merci d’indiquer la race de l’animal, ou « n’appartient pas à une race » s’il n’est inscrit à aucun livre généalogique (vous pouvez préciser « croisé »).
err-animal-text-invalid = Ce champ doit tenir sur une ligne et ne pas dépasser { $max } caractères.
err-animal-birth-date-future = La date de naissance ne peut pas être dans le futur.
err-animal-age-invalid = Indiquez l’âge de l’animal en mois, { $max } au maximum.
err-animal-transponder-invalid = Un numéro de puce électronique comporte exactement 15 chiffres (il commence par 250 en France).
err-animal-tattoo-invalid = Un numéro de tatouage comporte de 5 à 8 lettres et chiffres, comme sur la carte d’identification de l’animal.
err-animal-ring-invalid = Recopiez le numéro gravé sur la bague de l’oiseau (lettres, chiffres, points, tirets et barres obliques).

## Catalogue : sécurité des produits (GPSR)

err-gpsr-name-missing = Indiquez le nom ou la marque du fabricant : il fait partie des informations de sécurité obligatoires.
err-gpsr-address-missing = Indiquez l’adresse postale du fabricant : elle fait partie des informations de sécurité obligatoires.
err-gpsr-email-missing = Indiquez l’adresse e-mail du fabricant : elle fait partie des informations de sécurité obligatoires.
err-gpsr-text-invalid = Ce champ est trop long ({ $max } caractères au maximum) ou contient des caractères invisibles.

## Catalogue : mentions affichées sur la fiche produit (ce ne sont pas des erreurs)

err-perishable-no-withdrawal = Ce produit peut se détériorer ou se périmer rapidement : conformément à l’article L221-28 4° du Code de la consommation, le droit de rétractation ne s’applique pas à son achat.
err-animal-awareness = Acquérir un animal est un engagement pour toute sa vie, qui peut durer des dizaines d’années (un perroquet vit souvent plus de 50 ans). Avant d’acheter, assurez-vous de pouvoir répondre chaque jour à ses besoins : une alimentation adaptée, des soins vétérinaires, un logement et un espace suffisants, de la compagnie, du temps pour le sociabiliser et l’éduquer, et le budget que cela représente chaque année, vacances comprises. L’animal doit être identifié avant toute cession. La détention de certaines espèces non domestiques (perroquets, reptiles…) est soumise à déclaration ou à autorisation préalable : renseignez-vous auprès de la direction départementale de la protection des populations. Abandonner un animal est un délit puni de trois ans d’emprisonnement et de 45 000 € d’amende (article 521-1 du Code pénal). Ne cédez pas à un coup de cœur : prenez le temps de réfléchir.
