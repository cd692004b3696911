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

## Limites de la formule

err-plan-staff-limit = Vous avez atteint le nombre maximal de membres d’équipe de votre formule ({ $max } au maximum, invitations en attente comprises). Passez à une formule supérieure pour inviter d’autres personnes.
err-plan-product-limit = Vous avez atteint le nombre maximal de produits de votre formule ({ $max } au maximum). Passez à une formule supérieure, ou supprimez un produit pour en ajouter un nouveau.
err-plan-storage-limit = Ce fichier ne tient pas dans l’espace de stockage de votre formule ({ $max_mb } Mo au total). Supprimez les photos dont vous n’avez plus besoin, ou passez à une formule supérieure.
err-iban-format = Cet IBAN n’a pas la bonne forme. Recopiez-le depuis votre RIB (il commence par deux lettres, par exemple FR76).
err-iban-checksum = Cet IBAN contient une erreur de frappe (sa clé de contrôle ne correspond pas). Vérifiez-le sur votre RIB.
err-bic-format = Ce BIC n’a pas la bonne forme : il compte 8 ou 11 caractères (par exemple BNPAFRPP).
