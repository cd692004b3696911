admin-title = gestion
admin-view-shop = Voir la boutique
admin-logout = Se déconnecter
admin-nav-dashboard = Tableau de bord
admin-nav-settings = Réglages
admin-nav-appearance = Apparence
admin-nav-legal = Identité légale
admin-nav-payments = Paiements
admin-nav-staff = Équipe
admin-nav-account = Mon compte
admin-saved = Modifications enregistrées.
admin-welcome = Bienvenue ! Votre boutique est ouverte. Commencez par lui donner votre logo et vos couleurs.
admin-shop-address = Adresse de votre boutique :
admin-suspended = Votre boutique est suspendue par l'opérateur : les clients voient une page « temporairement fermée ». Contactez l'opérateur.
admin-next-steps = Prochaines étapes
admin-step-appearance = Ajoutez votre logo et vos couleurs
admin-step-legal = Renseignez votre identité légale (obligatoire pour vendre)
admin-step-payments = Indiquez vos coordonnées bancaires pour les virements
admin-step-staff = Invitez un proche à vous aider
appearance-logo = Logo
appearance-current-logo = Logo actuel
appearance-logo-file = Fichier du logo
appearance-logo-hint = Image PNG, JPEG ou WebP de 5 Mo au plus. Elle sera redimensionnée automatiquement.
appearance-logo-submit = Envoyer le logo
appearance-logo-remove = Retirer le logo
appearance-colors = Couleurs
appearance-colors-hint = Les combinaisons illisibles (contraste insuffisant) sont refusées, pour que tous vos clients puissent lire votre boutique.
appearance-primary = Couleur principale (liens, boutons)
appearance-background = Couleur de fond
appearance-text = Couleur du texte
appearance-colors-submit = Enregistrer les couleurs
appearance-text-on-background = Texte sur fond :
appearance-links-on-background = Liens et boutons sur fond :
legal-form-lead = Ces informations sont obligatoires pour vendre en France : elles forment les mentions légales de votre boutique.
legal-form-see = Voir vos mentions légales
legal-form-who = Qui vend
legal-form-status = Forme juridique
legal-form-status-ei = Entrepreneur individuel (EI, micro-entreprise)
legal-form-status-company = Société (SARL, SAS, EURL…)
legal-form-status-association = Association (loi 1901)
legal-form-status-private = Particulier (vente occasionnelle, sans entreprise)
legal-form-status-private-hint = Particulier : vous vendez à titre occasionnel, sans être inscrit comme entreprise. Vos clients en sont informés : vous ne facturez pas de TVA et le droit de rétractation ne s’applique pas. Au-delà de 30 ventes ou de 2 000 € dans l’année, vos ventes deviennent régulières et l’inscription comme entreprise est due : le tableau de bord vous prévient.
legal-form-status-hint = Pour un entrepreneur individuel, la mention « EI » est ajoutée à votre nom, comme la loi l'exige.
legal-form-franchise = Je suis en franchise en base de TVA
legal-form-vat-number = Numéro de TVA intracommunautaire
legal-form-contact = Coordonnées
legal-form-postal-code = Code postal
legal-form-city = Ville
legal-form-country = Pays
legal-form-mediator-hint = Tout vendeur doit proposer gratuitement à ses clients un médiateur de la consommation.
legal-form-mediator-name = Nom du médiateur
legal-form-mediator-url = Site du médiateur
legal-form-submit = Enregistrer l'identité légale
legal-form-name-required = Indiquez votre nom (ou la raison sociale de votre société).
legal-form-vat-required = Indiquez votre numéro de TVA, ou cochez la franchise en base de TVA.
legal-form-url-invalid = L'adresse du site doit commencer par https://
legal-form-too-long = Ce texte est trop long ou contient des caractères invalides.
settings-languages = Langues de la boutique
settings-languages-hint = Les clients voient votre boutique dans leur langue parmi celles cochées ; sinon dans la langue par défaut.
settings-default-lang = Langue par défaut
settings-taglines = Slogan
settings-tagline = Slogan
settings-currency = Devise
settings-timezone = Fuseau horaire
settings-submit = Enregistrer les réglages
settings-domains = Nom de domaine personnalisé
settings-domains-hint = Faites pointer votre domaine vers la plateforme (enregistrement CNAME chez votre registraire), ajoutez-le ici : l'opérateur le vérifie puis l'active.
settings-domain = Domaine
settings-domain-status = État
settings-domain-actions = Actions
settings-domain-verified = Actif
settings-domain-pending = En attente de vérification par l'opérateur
settings-domain-remove = Retirer
settings-domain-new = Nouveau domaine
settings-domain-add = Ajouter le domaine
settings-domain-invalid = Ce nom de domaine n'est pas valide. Exemple : www.ma-boutique.fr
settings-domain-taken = Ce domaine est déjà relié à une autre boutique.
settings-domain-taken-since = Relié à une autre boutique : retirez-le, ou écrivez à l’opérateur si le domaine est à vous
settings-domain-already = Vous avez déjà ajouté ce domaine.
payments-lead = Choisissez comment vos clients vous paient. Le virement bancaire est proposé dès l'ouverture.
payments-bank-transfer = Virement bancaire
payments-enabled = Proposer le paiement par virement
payments-holder = Titulaire du compte
payments-submit = Enregistrer
payments-required = Ce champ est nécessaire pour proposer le virement.
payments-cards-later = Le paiement par carte arrive bientôt. Les numéros de carte ne transitent jamais par nos serveurs.
import-bad-handle = Impossible de tirer une adresse (handle) de ce produit : donnez-lui un titre avec des lettres ou des chiffres.
import-images-later = Les photos de ce produit seront téléchargées en arrière-plan après l’import ; celles qui ne peuvent pas l’être seront signalées dans la liste des produits.
import-slug-taken = Un autre produit de la boutique utilise déjà cette adresse (handle).
import-sku-taken = Une référence (SKU) de ce produit est déjà utilisée par un autre produit de la boutique.

## Import et export CSV (admin)
import-title = Importer des produits depuis un fichier CSV
import-intro = Un export de produits de Shopify (tel quel) ou de WooCommerce. Vous verrez ce que contient le fichier avant que rien ne soit enregistré ; ensuite tout le fichier est importé, ou rien.
import-file = Fichier CSV
import-hint = Jusqu’à { $max } Mo. Les produits dont l’adresse (handle) existe déjà sont mis à jour.
import-submit = Prévisualiser l’import
import-too-large = Ce fichier dépasse { $max } Mo : découpez-le en plusieurs fichiers.
import-no-file = Choisissez un fichier CSV à importer.
import-link = Importer un CSV
import-export = Exporter (CSV Shopify)
import-file-name = Fichier : { $name }
import-state-previewed = Aperçu : rien n’est encore enregistré.
import-state-invalid = Ce fichier ne peut pas être importé tel quel et rien n’a été enregistré. Corrigez les lignes ci-dessous puis envoyez-le à nouveau.
import-state-checking = Vérification du fichier avec votre catalogue…
import-state-queued = L’import va commencer…
import-state-running = Import en cours…
import-state-done = Import terminé.
import-state-failed = L’import a échoué et rien n’a été enregistré.
import-check-progress = { $done } produits vérifiés sur { $total }
import-progress = { $done } produits enregistrés sur { $total }
import-products = Produits dans le fichier : { $n }
import-will-create = Produits à créer : { $n }
import-will-update = Produits à mettre à jour : { $n }
import-created = Produits créés : { $n }
import-updated = Produits mis à jour : { $n }
import-variants = Variantes : { $n }
import-images-queued = Photos en cours de téléchargement en arrière-plan : { $n }
import-first = Premiers produits
import-errors = Erreurs
import-warnings = Avertissements
import-line = Ligne
import-column = Colonne
import-problem = Problème
import-confirm = Importer ces produits
import-again = Importer un autre fichier
import-back = Retour aux produits
import-refresh = Cette page se met à jour toute seule toutes les quelques secondes.
import-job-internal = L’import n’a pas pu aboutir à cause d’une erreur du serveur et rien n’a été enregistré. Réessayez plus tard.
import-images-failed-title = Photos qui n’ont pas pu être importées
import-image-failed = La photo { $url } de « { $title } » n’a pas pu être récupérée : { $reason }
import-fetch-scheme = seules les adresses http et https sont acceptées
import-fetch-refused = l’adresse mène à un réseau privé ou local
import-fetch-redirects = trop de redirections
import-fetch-status = le site a répondu par l’erreur { $status }
import-fetch-too-large = le fichier est trop volumineux
import-fetch-timeout = le site a mis trop de temps à répondre
import-fetch-network = le site n’a pas pu être joint
import-fetch-not-image = le fichier n’est pas une image acceptée (JPEG, PNG ou WebP de taille raisonnable)
import-fetch-quota = l’espace de stockage de la boutique est plein
import-fetch-internal = une erreur du serveur est survenue

# Devise de la boutique figée dès qu’il y a des prix (abuse-auth)
settings-currency-fixed = La devise ne peut pas changer : la boutique a déjà des produits, dont les prix sont enregistrés en { $currency } (19,99 € deviendraient 1 999 ¥). Pour vendre dans une autre devise, supprimez d’abord tous les produits, ou ouvrez une autre boutique dans cette devise.
settings-currency-fixed-hint = Figée : les prix de vos produits sont dans cette devise. Pour la changer, supprimez d’abord tous les produits, ou ouvrez une autre boutique dans la nouvelle devise.
# Import in short batches (issue 8)
import-slug-twice = Un autre produit du fichier utilise déjà cette adresse (handle).
import-sku-twice = Cette référence (SKU) est déjà utilisée par une autre variante du fichier.
err-private-seller-approaching = Vos ventes de l’année approchent des seuils au-delà desquels elles ne sont plus occasionnelles ({ $sales } ventes ou { $amount } dans l’année, seuils de déclaration des plateformes au fisc). Au-delà, l’inscription comme entreprise (par exemple micro-entreprise) sera due.
err-private-seller-regular = Vos ventes de l’année ont atteint { $sales } ventes ou { $amount } : elles sont désormais régulières et déclarées au fisc par les plateformes. Inscrivez-vous comme entreprise (par exemple micro-entreprise), puis changez votre statut dans « Informations légales ».
err-tax-franchise-approaching = Votre chiffre d’affaires { $kind ->
    [services] de prestations de services
   *[goods] de l’année
} approche du seuil de la franchise en base de TVA ({ $threshold }). Au-delà, la TVA devra être facturée.
err-tax-franchise-over-base = Votre chiffre d’affaires { $kind ->
    [services] de prestations de services
   *[goods] de l’année
} dépasse le seuil de la franchise en base de TVA ({ $threshold }). La franchise tient cette année jusqu’à { $tolerance } ; si l’an prochain le dépasse aussi, elle prendra fin.
err-tax-franchise-ends-next-year = Votre chiffre d’affaires { $kind ->
    [services] de prestations de services
   *[goods] de l’année
} dépasse le seuil de la franchise en base de TVA ({ $threshold }) pour la deuxième année : la franchise prend fin au 1er janvier, la TVA sera à facturer.
err-tax-franchise-lost = Votre chiffre d’affaires { $kind ->
    [services] de prestations de services
   *[goods] de l’année
} dépasse { $tolerance } : la franchise en base de TVA prend fin dès maintenant. Déclarez votre numéro de TVA dans « Informations légales » pour facturer la TVA.
orders-withdrawal = Rétractation demandée
orders-withdrawal-at = Demande reçue le { $date }
orders-withdrawal-todo = Le client renvoie ces articles. Remboursez-le dans les 14 jours suivant sa demande (vous pouvez attendre de les avoir reçus), puis marquez la demande comme traitée.
orders-withdrawal-handle = Marquer la rétractation comme traitée
orders-withdrawal-done = Traitée.
dashboard-withdrawals = Demandes de rétractation à traiter
admin-nav-customers = Clients
orders-filters = Filtrer les commandes
orders-search = Rechercher
orders-search-hint = n°, e-mail ou nom
orders-from = Du
orders-to = Au
orders-filter-clear = Tout afficher
orders-count = { $count ->
    [0] Aucune commande
    [one] 1 commande
   *[other] { $count } commandes
}
orders-csv = Télécharger ces commandes (CSV)
orders-pages = Pages de la liste
orders-prev = ← Plus récentes
orders-next = Plus anciennes →
orders-csv-number = N° de commande
orders-csv-date = Date
orders-csv-status = État
orders-csv-name = Nom
orders-csv-email = E-mail
orders-csv-country = Pays
orders-csv-payment = Paiement
orders-csv-shipping-method = Livraison
orders-csv-subtotal = Sous-total
orders-csv-shipping = Frais de livraison
orders-csv-vat = TVA
orders-csv-total = Total
orders-csv-paid = Payé
orders-csv-refunded = Remboursé
orders-csv-currency = Devise
orders-csv-carrier = Transporteur
orders-csv-tracking = N° de suivi
customers-lead = Tous ceux qui ont commandé, avec ou sans compte, du plus récent au plus ancien (hors commandes annulées).
customers-none = Personne n’a encore commandé.
customers-orders = Commandes
customers-spent = Montant total
customers-last = Dernière commande
customers-account = Compte
customers-has-account = Compte client
customers-guest = Sans compte
orders-note-label = Note interne (le client ne la voit pas)
orders-note-save = Enregistrer la note
legal-form-oss = Appliquer la TVA du pays du client à mes ventes dans l’Union européenne dès le premier euro (option, guichet unique OSS)
legal-form-oss-hint = Sans cette option, vos ventes à des particuliers d’autres pays de l’UE portent la TVA française jusqu’à 10 000 € par an, puis celle du pays du client (déclarée par le guichet unique OSS) : Vitrine fait le calcul à chaque commande. L’option engage pour deux ans.
