### Messages de l’import et de l’export CSV du catalogue (crate `catalog_csv`).
### Chaque message est le `code` d’un `CsvError` ; ses variables Fluent sont
### données par `CsvError::fluent_args()` : `line` toujours, `column` quand une
### colonne est en cause, puis les arguments propres au code. À garder en phase
### avec crates/catalog-csv/src/error.rs (CODES), ce qu’un test de la crate vérifie.

## Le fichier dans son ensemble

csv-empty = Le fichier est vide : il n’a même pas de ligne d’en-tête. Exportez à nouveau vos produits, puis réessayez.
csv-unreadable = Ligne { $line } : le fichier n’a pas pu être lu jusqu’au bout. Réessayez l’envoi ; si le problème revient, exportez à nouveau vos produits.
csv-unknown-format = Ce fichier n’est pas un export de produits que Vitrine reconnaît. Il faut un fichier CSV exporté de Shopify (avec les colonnes { $shopify }) ou de WooCommerce (avec les colonnes { $woocommerce }). Début de la première ligne de votre fichier : « { $found } ».
csv-invalid-utf8 = Ligne { $line } : le fichier n’est pas enregistré en UTF-8, et ses lettres accentuées seraient abîmées. Dans votre tableur, enregistrez-le au format « CSV UTF-8 », puis réessayez.
csv-too-many-rows = Ligne { $line } : le fichier dépasse { $max } lignes. Découpez-le en plusieurs fichiers et importez-les l’un après l’autre.
csv-missing-column = Il manque la colonne « { $column } », indispensable à l’import. Vérifiez la première ligne du fichier, celle des noms de colonnes.
csv-duplicate-column = La colonne « { $column } » apparaît deux fois dans la première ligne. Gardez-en une seule, puis réessayez.

## Une case

csv-required-value = Ligne { $line }, colonne « { $column } » : cette case doit être remplie.
csv-empty-title = Ligne { $line }, colonne « { $column } » : ce produit n’a pas de nom. Donnez-lui un titre.
csv-bad-price = Ligne { $line }, colonne « { $column } » : « { $value } » n’est pas un prix. Écrivez par exemple 12,50 ou 12.50, sans symbole monétaire.
csv-negative-price = Ligne { $line }, colonne « { $column } » : « { $value } » est un prix négatif ; un prix ne peut pas l’être.
csv-price-too-precise = Ligne { $line }, colonne « { $column } » : « { $value } » a trop de chiffres après la virgule. La devise de votre boutique en admet { $decimals } au plus.
csv-bad-integer = Ligne { $line }, colonne « { $column } » : « { $value } » n’est pas un nombre entier.
csv-bad-weight = Ligne { $line }, colonne « { $column } » : « { $value } » n’est pas un poids. Indiquez seulement un nombre, sans unité, par exemple 250.
csv-bad-boolean = Ligne { $line }, colonne « { $column } » : « { $value } » ne veut dire ni oui ni non. Écrivez TRUE ou FALSE.
csv-bad-choice = Ligne { $line }, colonne « { $column } » : « { $value } » n’est pas une valeur possible ici. Valeurs acceptées : { $expected }.
csv-unknown-status = Ligne { $line }, colonne « { $column } » : « { $value } » n’est pas un statut de produit connu. Statuts acceptés : { $expected }.

## Les lignes entre elles

csv-orphan-row = Ligne { $line }, colonne « { $column } » : cette variante se rattache au produit « { $value } », mais la ligne de ce produit manque ou ne vient qu’après ses variantes.
csv-duplicate-handle = Ligne { $line }, colonne « { $column } » : l’identifiant « { $value } » est déjà celui d’un autre produit (ligne { $first_line }). Chaque produit doit avoir son propre identifiant.
csv-too-many-options = Ligne { $line }, colonne « { $column } » : ce produit a trop d’options ({ $value }). Un produit peut en avoir { $max } au plus.
csv-option-values-mismatch = Ligne { $line }, colonne « { $column } » : cette variante donne { $found } valeur(s) d’option alors que le produit a { $expected } option(s). Il faut exactement une valeur par option.
csv-option-value-missing = Ligne { $line }, colonne « { $column } » : cette variation ne précise pas l’option « { $option } ». Dans Vitrine, chaque variante a une valeur précise pour chaque option ; créez une variation par valeur.
csv-unknown-option = Ligne { $line }, colonne « { $column } » : l’attribut « { $value } » n’existe pas sur le produit parent. Ajoutez-le au produit parent ou retirez-le de cette variation.
csv-duplicate-sku = Ligne { $line }, colonne « { $column } » : la référence « { $value } » est déjà utilisée ligne { $first_line }. Chaque variante doit avoir sa propre référence.
csv-duplicate-options = Ligne { $line }, colonne « { $column } » : la variante « { $value } » existe déjà pour ce produit, ligne { $first_line }.
csv-variants-without-options = Ligne { $line } : ce produit n’a pas d’option, il ne peut donc avoir qu’une variante (la première est ligne { $first_line }). Donnez-lui une option, par exemple « Taille ».
csv-no-variants = Ligne { $line } : ce produit variable n’a aucune variation dans le fichier. Exportez-le avec ses variations, puis réessayez.

## Avertissements : l’import se fait quand même

csv-image-not-http = Ligne { $line }, colonne « { $column } » : l’image « { $value } » n’est pas une adresse web (http ou https) et n’a pas été reprise. Vous pourrez l’ajouter depuis la fiche du produit.
csv-unknown-columns = Ces colonnes ne sont pas reconnues et ont été ignorées : { $columns }.
csv-columns-not-imported = Vitrine ne reprend pas les données de ces colonnes : { $columns }. Le reste de vos produits est importé.
csv-unsupported-type = Ligne { $line }, colonne « { $column } » : Vitrine ne reprend pas les produits de type « { $value } » ; cette ligne a été laissée de côté.
csv-extra-categories = Ligne { $line }, colonne « { $column } » : un produit est rangé dans une seule catégorie. La première a été gardée, pas celles-ci : { $value }.
csv-variation-disabled = Ligne { $line } : cette variation est désactivée dans WooCommerce ; elle n’a pas été importée.

## Nombres lisibles de deux façons, et unités de poids (exports réels importés tels quels)

csv-ambiguous-number = Ligne { $line }, colonne « { $column } » : « { $value } » peut se lire { $decimal } (avec des décimales) ou { $whole } (un nombre entier), et rien d’autre dans le fichier ne permet de trancher. Écrivez { $whole } ou { $decimal } et réessayez.
csv-unknown-unit = Ligne { $line }, colonne « { $column } » : Vitrine ne connaît pas l’unité de poids « { $value } ». Indiquez dans le titre de la colonne l’une de ces unités : { $expected }.
