skip-to-content = Aller au contenu
nav-main = Navigation principale
nav-languages = Langues
nav-legal = Informations légales
nav-account = Mon compte
nav-admin = Gestion de la boutique
nav-open-shop = Ouvrir ma boutique
nav-operator = Espace opérateur
platform-footer = Vitrine — des boutiques en ligne prêtes à l'emploi pour les petits commerçants.
home-title = Votre boutique en ligne, prête en une minute
home-lead = Créez votre boutique, mettez-la à vos couleurs, ajoutez vos produits : la plateforme s'occupe du reste.
home-cta = Ouvrir ma boutique gratuitement
home-shops = Les boutiques
home-no-shops = Aucune boutique n'est encore ouverte. Soyez la première !
signup-title = Ouvrir ma boutique
signup-lead = Quatre informations suffisent. Vous pourrez tout modifier ensuite.
signup-shop-name = Nom de la boutique
signup-slug = Adresse de la boutique
signup-slug-hint = Lettres minuscules, chiffres et tirets, de 3 à 40 caractères. Exemple : fromagerie-emilie
signup-slug-taken = Cette adresse est déjà prise. Essayez une variante, par exemple en ajoutant votre ville.
signup-slug-free = Disponible : votre boutique sera à l'adresse { $url }
signup-email = Votre adresse e-mail
signup-password = Mot de passe
signup-submit = Créer ma boutique
password-hint = Au moins 10 caractères. Une phrase facile à retenir fait un bon mot de passe.
form-has-errors = Le formulaire contient des erreurs : corrigez les champs signalés ci-dessous.
error-back-home = Retour à l'accueil
error-404-title = Page introuvable
error-404-text = Cette page n'existe pas ou plus. Vérifiez l'adresse, ou repartez de l'accueil.
error-403-title = Accès refusé
error-403-text = Votre rôle ne permet pas d'accéder à cette page. Demandez au propriétaire de la boutique.
error-400-title = Demande incorrecte
error-413-title = Fichier trop volumineux
error-400-text = La demande n'a pas pu être traitée.
error-429-title = Trop de tentatives
error-429-text = Trop de tentatives en peu de temps. Patientez quelques minutes puis réessayez.
error-500-title = Une erreur est survenue
error-500-text = Un problème technique nous empêche d'afficher cette page. Réessayez dans un instant.
error-csrf-title = Formulaire expiré
error-csrf-text = Ce formulaire a expiré ou ne vient pas de ce site. Revenez en arrière, rechargez la page et envoyez-le à nouveau.
error-too-large = Le fichier envoyé est trop volumineux (12 Mo au plus). Réduisez-le puis réessayez.
closed-title = Boutique temporairement fermée
closed-text = Cette boutique est temporairement fermée. Revenez bientôt !
shop-powered-by = Boutique propulsée par { $platform }
shop-catalog-soon-title = Bientôt en vitrine
shop-catalog-soon = Les produits de cette boutique arrivent très bientôt.
legal-notice = Mentions légales
legal-incomplete = Le vendeur n'a pas encore complété toutes ses informations légales.
legal-status = Statut
legal-status-private = Particulier (vendeur non professionnel)
legal-status-association = Association
legal-vat-private = Particulier, non assujetti à la TVA
legal-vat-association = Association non assujettie à la TVA
legal-private-notice = Ce vendeur est un particulier qui vend à titre occasionnel, et non un professionnel : les règles du Code de la consommation (droit de rétractation, garantie légale de conformité) ne s’appliquent pas à ses ventes. La garantie des vices cachés du Code civil s’applique.
legal-editor = Éditeur du site
legal-name = Nom ou raison sociale
legal-address = Adresse
legal-siren = SIREN
legal-siret = SIRET
legal-vat = TVA intracommunautaire
legal-email = E-mail
legal-phone = Téléphone
legal-director = Directeur ou directrice de la publication
legal-mediator = Médiation de la consommation
legal-mediator-text = Conformément au Code de la consommation, vous pouvez recourir gratuitement au médiateur suivant en cas de litige :
legal-host = Hébergeur
page-cgv-title = Conditions générales de vente
page-cgv-body =
    Les présentes conditions générales de vente s'appliquent à toutes les commandes passées sur cette boutique.

    Prix : les prix sont indiqués en euros, toutes taxes comprises le cas échéant. Le vendeur se réserve le droit de les modifier à tout moment ; le prix appliqué est celui affiché au moment de la commande.

    Droit de rétractation : conformément aux articles L221-18 et suivants du Code de la consommation, vous disposez de quatorze jours à compter de la réception pour vous rétracter, sauf exceptions prévues par la loi (biens périssables, biens personnalisés, contenus numériques fournis immédiatement avec votre accord).

    Garanties : les produits bénéficient de la garantie légale de conformité et de la garantie des vices cachés.

    Médiation : en cas de litige, vous pouvez recourir gratuitement au médiateur de la consommation indiqué dans les mentions légales.
page-privacy-title = Politique de confidentialité
page-privacy-body =
    Nous collectons uniquement les données nécessaires au traitement de vos commandes : nom, adresses, e-mail et téléphone.

    Ces données sont conservées pendant la durée nécessaire à la relation commerciale et aux obligations légales, puis supprimées.

    Pour savoir d'où viennent ses visiteurs (un moteur de recherche, un autre site, une campagne), la boutique garde dans votre navigateur, pendant 90 jours au plus, un cookie qui ne contient que cette source et le jour de votre arrivée : il ne vous identifie pas et ne sert qu'à ses statistiques de fréquentation.

    Conformément au RGPD, vous disposez d'un droit d'accès, de rectification, d'effacement et de portabilité de vos données. Écrivez-nous à l'adresse indiquée dans les mentions légales.
login-title = Connexion à la gestion de la boutique
login-email = Adresse e-mail
login-password = Mot de passe
login-submit = Se connecter
login-forgot = Mot de passe oublié ?
login-failed = Adresse e-mail ou mot de passe incorrect.
login-rate-limited = Trop de tentatives de connexion. Par sécurité, patientez 15 minutes avant de réessayer, ou réinitialisez votre mot de passe.
forgot-title = Mot de passe oublié
forgot-lead = Indiquez l'adresse e-mail de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.
forgot-submit = Envoyer le lien
forgot-sent = Si un compte existe pour cette adresse, un e-mail vient de lui être envoyé avec un lien valable une heure.
reset-title = Choisir un nouveau mot de passe
reset-submit = Enregistrer le mot de passe
reset-done = Votre mot de passe a été changé. Connectez-vous avec le nouveau.
reset-invalid = Ce lien n'est plus valable : il a déjà servi ou a expiré. Demandez-en un nouveau.
new-password = Nouveau mot de passe
staff-name = Votre nom

# Command line: what `vitrine` commands say when they cannot do their work, and backups
cli-failed = Vitrine n'a pas pu terminer : { $detail }
cli-panic = Vitrine s'est arrêté sur une erreur interne (un défaut du programme, pas de vos données ni de vos réglages). Merci de la signaler avec ce détail : { $detail }
cli-reason-not-found = il n'existe pas
cli-reason-denied = permission refusée
cli-reason-is-folder = c'est un dossier, pas un fichier
cli-reason-refused = la connexion a été refusée (le serveur de base de données est-il démarré ?)
cli-reason-timeout = pas de réponse à temps
cli-reason-disk-full = le disque est plein
cli-file-unreadable = Impossible de lire le fichier { $path } : { $reason }.
cli-file-unwritable = Impossible d'écrire le fichier { $path } : { $reason }.
cli-config-unreadable = Impossible de lire le fichier de configuration { $path } : { $reason }.
cli-config-invalid = Le fichier de configuration { $path } n'est pas valable à la ligne { $line }, colonne { $column } : { $detail }.
cli-config-bind = L'adresse d'écoute « { $value } » n'est pas de la forme 127.0.0.1:8080.
cli-config-bool = { $key } doit valoir true ou false, pas « { $value } ».
cli-config-log-format = Le format des journaux doit être text ou json, pas « { $value } ».
cli-config-cache-ms = VITRINE_SHOP_CACHE_MS doit être un nombre de millisecondes, pas « { $value } ».
cli-config-url = Le réglage { $key } doit être une adresse http:// ou https://, pas « { $value } ».
cli-config-secret-short = La clé secrète doit faire au moins 32 caractères.
cli-config-s3-missing = { $key } est obligatoire quand VITRINE_S3_BUCKET est défini.
cli-config-s3-invalid = Les réglages S3 sont inutilisables : { $detail }.
cli-config-mail = Les réglages d'envoi d'e-mails sont inutilisables : { $detail }.
cli-db-url-scheme = DATABASE_URL doit commencer par sqlite:// ou postgres://, pas « { $url } ».
cli-db-url-invalid = DATABASE_URL « { $url } » n'est pas une adresse de base de données valable : { $detail }.
cli-db-unreachable = Impossible de joindre la base de données { $url } : { $reason }.
cli-db-refused = La base de données { $url } a refusé la connexion : { $detail }.
cli-db-failed = La base de données a répondu par une erreur : { $detail }.
cli-db-migrate = La base de données n'a pas pu être mise à jour : { $detail }.
cli-shop-unknown = Aucune boutique n'a l'adresse « { $slug } ».
cli-import-invalid = Rien n'a été importé : { $count ->
        [one] un problème
       *[other] { $count } problèmes
    } dans { $path }, indiqués ci-dessus.
cli-port-in-use = Impossible d'écouter sur { $addr } : un autre programme utilise déjà ce port. Arrêtez-le, ou choisissez une autre adresse avec --bind ou VITRINE_BIND.
cli-port-denied = Impossible d'écouter sur { $addr } : cet utilisateur n'a pas le droit d'utiliser ce port. Choisissez-en un autre avec --bind ou VITRINE_BIND.
cli-listen-failed = Impossible d'écouter sur { $addr } : { $reason }.
cli-serve-failed = Le serveur s'est arrêté sur une erreur : { $detail }
cli-backup-done = Sauvegarde écrite dans { $path } : la base de données et { $media ->
        [one] un fichier de médias
       *[other] { $media } fichiers de médias
    }.
cli-backup-done-s3 = Sauvegarde écrite dans { $path } : la base de données. Les médias sont dans le bucket S3 { $bucket }, pas dans ce fichier : sauvegardez-les avec les outils de votre hébergeur.
cli-backup-postgres = La base de données est sur PostgreSQL : sauvegardez-la avec pg_dump (par exemple : pg_dump -Fc -f vitrine.dump "$DATABASE_URL"), et le dossier des médias avec : vitrine backup --media-only { $path }
cli-backup-media-done = Sauvegarde des médias écrite dans { $path } : { $media ->
        [one] un fichier
       *[other] { $media } fichiers
    }. La base PostgreSQL n'y est pas : sauvegardez-la avec pg_dump.
cli-backup-no-db = Il n'y a pas de base de données à sauvegarder dans { $path }.
cli-restore-not-empty = Impossible de restaurer dans { $path } : le dossier n'est pas vide. Restaurez dans un dossier de données nouveau ou vide (VITRINE_DATA_DIR).
cli-restore-db-exists = Impossible de restaurer : le fichier de base de données { $path } existe déjà.
cli-restore-not-backup = { $path } n'est pas une sauvegarde de Vitrine.
cli-restore-sqlite-on-postgres = Cette sauvegarde contient une base SQLite, mais DATABASE_URL désigne un serveur PostgreSQL : restaurez-la avec une DATABASE_URL en sqlite:// (ou sans).
cli-restore-damaged = La sauvegarde { $path } est abîmée : { $detail }.
cli-restore-newer = Cette sauvegarde vient d'une version plus récente de Vitrine (schéma { $found }, ce programme connaît jusqu'au { $known }) : restaurez-la avec cette version.
cli-restore-done = Restauré dans { $path } : la base de données et { $media ->
        [one] un fichier de médias
       *[other] { $media } fichiers de médias
    }. Démarrez Vitrine avec : vitrine serve
cli-restore-media-done = Médias restaurés dans { $path } : { $media ->
        [one] un fichier
       *[other] { $media } fichiers
    }. Cette sauvegarde ne contient pas de base de données : restaurez la base PostgreSQL avec pg_restore.
# Requêtes illisibles (abuse-auth)
error-bad-query = Cette adresse contient un paramètre illisible. Vérifiez le lien, ou repartez de la page d’accueil.
error-bad-form = Le formulaire envoyé n’a pas pu être lu. Rechargez la page et envoyez-le de nouveau.
error-bad-json = Le corps de la requête n’est pas le JSON attendu à cette adresse (vérifiez sa syntaxe, ses champs et l’en-tête Content-Type: application/json).
# Abuse limits (signups, form sizes)
signup-rate-limited = Trop de boutiques ont été créées récemment depuis votre connexion ou avec cette adresse e-mail. Réessayez plus tard, ou écrivez-nous s'il vous faut d'autres boutiques.
error-form-too-large = Ce que vous avez envoyé est trop long pour ce formulaire. Raccourcissez le texte le plus long puis réessayez.
# Configuration of the abuse limits
cli-config-number = { $key } doit être un nombre entier, pas « { $value } ».
cli-config-at-least-one = { $key } doit valoir au moins 1.
cli-config-metrics-token-short = Le jeton des métriques (VITRINE_METRICS_TOKEN) doit faire au moins 16 caractères.

## The mall
mall-title = Des boutiques indépendantes, une seule vitrine
mall-lead = Fromagers, libraires, éleveurs, photographes : cherchez parmi les produits de toutes les boutiques, ou flânez par catégorie et par région.
mall-search-label = Chercher dans toutes les boutiques
mall-search-placeholder = camembert, livre ancien, tirage photo…
mall-featured = À la une
mall-by-category = Par catégorie
mall-by-region = Par région
mall-newest = Nouvelles boutiques
mall-all-shops = { $count ->
    [one] Voir la boutique
   *[other] Voir les { $count } boutiques
}
mall-directory = Les boutiques
mall-filter = Filtrer
mall-any = Toutes
mall-region = Région ou pays
mall-no-shops-here = Aucune boutique ici pour l’instant.
mall-sold-by = Vendu par
search-corrected = Aucun produit ne correspondait aux mots tels qu’écrits : voici les résultats pour « { $q } ».
search-did-you-mean = Essayez plutôt :
search-browse = Parcourir les catégories
mall-cat-food = Épicerie fine et produits du terroir
mall-cat-drinks = Vins et boissons
mall-cat-books = Livres
mall-cat-art = Art et photographie
mall-cat-fashion = Mode
mall-cat-jewellery = Bijoux et accessoires
mall-cat-home = Maison et décoration
mall-cat-garden = Jardin
mall-cat-animals = Animaux
mall-cat-children = Enfants et jouets
mall-cat-beauty = Beauté et bien-être
mall-cat-sport = Sport et plein air
mall-cat-crafts = Artisanat
mall-cat-music-films = Musique et films
mall-cat-services = Services et cours
mall-cat-rentals = Location
mall-cat-other = Autres
region-fr-ara = Auvergne-Rhône-Alpes
region-fr-bfc = Bourgogne-Franche-Comté
region-fr-bre = Bretagne
region-fr-cvl = Centre-Val de Loire
region-fr-20r = Corse
region-fr-ges = Grand Est
region-fr-hdf = Hauts-de-France
region-fr-idf = Île-de-France
region-fr-nor = Normandie
region-fr-naq = Nouvelle-Aquitaine
region-fr-occ = Occitanie
region-fr-pdl = Pays de la Loire
region-fr-pac = Provence-Alpes-Côte d’Azur
region-fr-971 = Guadeloupe
region-fr-972 = Martinique
region-fr-973 = Guyane
region-fr-974 = La Réunion
region-fr-976 = Mayotte
settings-mall = Dans la galerie marchande
settings-mall-hint = La page d’accueil de la plateforme présente les boutiques ouvertes par catégorie et par région, et sa recherche parcourt les produits de toutes. Votre boutique garde son nom, son adresse et son domaine. Un changement s’y voit dans la minute.
settings-mall-listed = Présenter ma boutique et ses produits dans la galerie
settings-mall-category = Catégorie
settings-mall-category-none = (aucune)
settings-mall-submit = Enregistrer
err-mall-category = Choisissez une catégorie de la liste.
