### Console de l’opérateur de la plateforme (/operator/).

op-title = Console opérateur
op-nav-label = Console opérateur
op-nav-shops = Boutiques
op-nav-plans = Formules
op-nav-settings = Réglages
op-nav-tax = Seuils fiscaux
op-nav-currencies = Taux de change
op-logout = Se déconnecter
op-saved = Modifications enregistrées.
op-cancel = Annuler
op-unlimited = Illimité
op-size-mb = { $size } Mo
op-field-required = Ce champ est obligatoire.
op-field-too-long = Ce champ ne peut pas dépasser 200 caractères.
op-field-one-line = Ce champ doit tenir sur une seule ligne.

## Connexion

op-login-title = Connexion à la console opérateur
op-login-email = Adresse e-mail
op-login-password = Mot de passe
op-login-submit = Se connecter
op-login-failed = Adresse e-mail ou mot de passe incorrect.
op-login-rate-limited = Trop de tentatives de connexion. Par sécurité, patientez 15 minutes avant de réessayer.

## Liste des boutiques

op-shops-title = Boutiques
op-search-label = Rechercher par nom ou adresse
op-search-submit = Rechercher
op-search-clear = Tout afficher
op-shops-count =
    { $count ->
        [one] { $count } boutique
       *[other] { $count } boutiques
    }
op-shops-none = Aucune boutique pour l’instant.
op-shops-no-match = Aucune boutique ne correspond à « { $q } ».
op-col-name = Nom
op-col-address = Adresse
op-col-status = État
op-col-plan = Formule
op-col-created = Créée le
op-status-active = Ouverte
op-status-suspended = Suspendue
op-pagination = Pages de résultats
op-page-prev = Page précédente
op-page-next = Page suivante
op-page-of = Page { $page } sur { $pages }
op-shop-deleted = La boutique « { $slug } » a été supprimée.

## Création d’une boutique

op-create-title = Créer une boutique
op-create-lead = La personne qui tiendra la boutique recevra un e-mail avec un lien pour choisir son mot de passe.
op-create-name = Nom de la boutique
op-create-slug = Adresse de la boutique
op-create-slug-hint = Lettres minuscules, chiffres et tirets, de 3 à 40 caractères. Exemple : fromagerie-emilie
op-create-email = E-mail de la personne propriétaire
op-create-email-hint = Elle recevra le lien pour choisir son mot de passe à cette adresse.
op-create-plan = Formule
op-create-lang = Langue principale de la boutique
op-create-submit = Créer la boutique
op-slug-taken = Cette adresse est déjà utilisée par une autre boutique.
op-plan-unknown = Cette formule n’existe pas. Choisissez-en une dans la liste.
op-shop-created = Boutique créée. Un e-mail a été envoyé à la personne propriétaire pour qu’elle choisisse son mot de passe.

## Fiche d’une boutique

op-back-to-shops = ← Toutes les boutiques
op-back-to-shop = ← Retour à { $shop }
op-shop-staff = Comptes d’équipe
op-shop-storage = Stockage utilisé
op-shop-storage-value = { $used } sur { $limit }
op-shop-plan-title = Formule
op-shop-plan-submit = Changer de formule
op-shop-status-title = Ouverture
op-shop-suspend-text = Suspendre la boutique affiche « temporairement fermée » à ses clients. Seule la personne propriétaire peut encore se connecter à la gestion.
op-shop-suspended-text = La boutique est suspendue : ses clients voient une page « temporairement fermée ».
op-shop-suspend = Suspendre la boutique
op-shop-resume = Rouvrir la boutique
op-shop-suspended = Boutique suspendue.
op-shop-resumed = Boutique rouverte.
op-domains-title = Noms de domaine
op-domains-none = Cette boutique n’a pas de nom de domaine personnalisé.
op-domain-host = Domaine
op-domain-state = Vérification
op-domain-unverified = Non vérifié.
op-domain-verify = Vérifier
op-domain-verify-label = Marquer { $host } comme vérifié
op-domain-verified-on = Vérifié le { $date }
op-domain-verified = Le domaine { $host } est vérifié : il mène maintenant à la boutique.
op-domain-taken-elsewhere = Vérifié pour une autre boutique.
op-domain-taken = Le domaine { $host } a d’abord été vérifié pour une autre boutique : il ne peut pas l’être pour celle-ci.
op-shop-data-title = Données
op-export = Télécharger une exportation (JSON)
op-delete-link = Supprimer la boutique…

## Suppression

op-delete-title = Supprimer la boutique { $shop }
op-delete-warning = La suppression est définitive. Tout ce qui suit sera perdu :
op-delete-lose-staff =
    { $count ->
        [one] { $count } compte d’équipe et ses sessions ;
       *[other] { $count } comptes d’équipe et leurs sessions ;
    }
op-delete-lose-media = les fichiers envoyés (logo, photos), soit { $size } ;
op-delete-lose-content = les textes, pages, identité légale et réglages de paiement ;
op-delete-lose-address = l’adresse de la boutique et ses noms de domaine, qui pourront être repris par une autre boutique.
op-delete-export-lead = Avant de supprimer, gardez une copie :
op-delete-export = télécharger d’abord une exportation
op-delete-confirm-label = Pour confirmer, saisissez l’adresse de la boutique : { $slug }
op-delete-mismatch = Ce n’est pas l’adresse de la boutique. Saisissez exactement « { $slug } » pour confirmer ; rien n’a été supprimé.
op-delete-submit = Supprimer définitivement

## Formules

op-plans-title = Formules
op-back-to-plans = ← Toutes les formules
op-plan-name = Nom de la formule
op-plan-max-products = Produits au maximum
op-plan-max-staff = Comptes d’équipe au maximum
op-plan-max-storage = Stockage maximal (Mo)
op-plan-shops = Boutiques
op-plan-default = Par défaut
op-plan-is-default = Formule par défaut
op-plan-make-default = Choisir par défaut
op-plan-make-default-label = Donner la formule { $plan } aux nouvelles boutiques
op-plan-default-set = Les nouvelles boutiques auront désormais cette formule.
op-plan-limit-hint = Un nombre entier, 0 ou plus. Laissez vide (ou saisissez -1) pour « illimité ».
op-plan-limit-invalid = Saisissez un nombre entier, 0 ou plus, ou laissez vide pour « illimité ».
op-plan-storage-too-large = Ce nombre est trop grand. Laissez vide pour « illimité ».
op-plan-name-empty = Donnez un nom à la formule.
op-plan-name-too-long = Le nom de la formule ne peut pas dépasser 60 caractères.
op-plan-name-control = Le nom de la formule doit tenir sur une seule ligne.
op-plan-name-taken = Une autre formule porte déjà ce nom.
op-plan-create-title = Nouvelle formule
op-plan-create-submit = Créer la formule
op-plan-edit-title = Modifier la formule
op-plan-save = Enregistrer la formule
op-plan-used-by =
    { $count ->
        [0] Aucune boutique n’a cette formule.
        [one] { $count } boutique a cette formule.
       *[other] { $count } boutiques ont cette formule.
    }

## Réglages de la plateforme

op-settings-title = Réglages de la plateforme
op-settings-lead = L’identité de l’hébergeur apparaît dans les mentions légales de chaque boutique, comme la loi l’exige.
op-settings-host = Hébergeur
op-settings-host-name = Nom ou raison sociale
op-settings-host-address = Adresse postale
op-settings-host-address-hint = Sur une ligne, par exemple : 2 rue Kellermann, 59100 Roubaix, France
op-settings-host-phone = Téléphone
op-settings-submit = Enregistrer

## E-mail à la personne propriétaire d’une boutique créée par l’opérateur

email-shop-created-subject = Votre boutique { $shop } est prête
email-shop-created-body =
    Bonjour,

    Votre boutique « { $shop } » vient d’être ouverte pour vous : { $shop_url }

    Pour accéder à sa gestion, choisissez votre mot de passe ici (lien valable une heure) :
    { $link }

    Passé ce délai, demandez un nouveau lien avec « Mot de passe oublié ? » sur la page de connexion :
    { $login }

    À bientôt sur Vitrine.

op-tax-title = Seuils fiscaux
op-tax-lead = Les tableaux de bord des vendeurs les préviennent quand leurs ventes de l’année approchent de ces seuils. Les montants par défaut sont ceux de la loi en 2026 ; modifiez-les si la loi change.
op-tax-franchise = Franchise en base de TVA (article 293 B du CGI)
op-tax-franchise-hint = Chiffre d’affaires annuel hors taxes au-delà duquel un vendeur sous la franchise doit facturer la TVA.
op-tax-goods = Seuil des ventes de marchandises (en euros)
op-tax-goods-tolerance = Seuil majoré des ventes de marchandises (en euros)
op-tax-services = Seuil des prestations de services (en euros)
op-tax-services-tolerance = Seuil majoré des prestations de services (en euros)
op-tax-euros-hint = En euros, par exemple 85000.
op-tax-tolerance-hint = Au-delà, la franchise cesse immédiatement. Au moins égal au seuil.
op-tax-private = Vendeurs particuliers (DAC7)
op-tax-private-hint = Au-delà de l’un de ces seuils sur une année, les ventes d’un particulier sont régulières : les plateformes les déclarent au fisc, et le vendeur doit s’inscrire comme entreprise.
op-tax-private-sales = Nombre de ventes par an
op-tax-private-amount = Montant des ventes par an (en euros)
op-tax-amount-invalid = Ce montant n’est pas lisible. Écrivez-le en euros, en chiffres, par exemple 85000 ou 85000,50.
op-tax-sales-invalid = Indiquez un nombre entier de ventes, par exemple 30.
err-tax-threshold-not-positive = Un seuil doit être supérieur à zéro.
err-tax-tolerance-below-threshold = Le seuil majoré ne peut pas être inférieur au seuil ({ $threshold }).

op-fx-title = Taux de change de la plateforme
op-fx-lead = Les boutiques qui le choisissent affichent à leurs clients étrangers une estimation de leurs prix à ces taux, pour les devises dont elles n’ont pas fixé le taux. Les commandes restent facturées dans la devise de la boutique.

## Prix des offres et loyer des boutiques (/operator/billing).
op-nav-billing = Loyers
op-plan-price = Prix HT
op-plan-free = Gratuite
op-plan-per-month = { $price } / mois
op-plan-per-year = { $price } / an
op-plan-trial = { $days } jours offerts
op-plan-price-hint = Prix hors taxes, en euros (par exemple 19,90). Laissez les deux vides pour une offre gratuite.
op-plan-monthly = Prix par mois
op-plan-yearly = Prix par an
op-plan-trial-days = Jours d’essai gratuit pour les nouvelles boutiques
op-plan-trial-invalid = Indiquez un nombre entier de jours, de 0 à 365.
op-rent-title = Loyers
op-rent-settings-title = Facturation et encaissement par carte
op-rent-back = Retour aux loyers
op-rent-csv = Factures (CSV pour le comptable)
op-rent-missing-identity = Les boutiques ne peuvent pas encore être facturées : indiquez votre identité légale (nom, SIREN, adresse) dans les réglages de facturation.
op-rent-missing-keys = Les loyers ne peuvent pas encore être encaissés : indiquez les clés de votre compte Stripe dans les réglages de facturation.
op-rent-mrr = Revenu mensuel récurrent (HT)
op-rent-paying = Boutiques payantes
op-rent-trialing = En essai gratuit
op-rent-free = Sur une offre gratuite
op-rent-past-due = Paiement refusé
op-rent-suspended = Suspendues pour impayé
op-rent-churn = Attrition (30 derniers jours)
op-rent-revenue = Loyers facturés, par mois
op-rent-month = Mois
op-rent-invoiced-excl = Facturé HT
op-rent-bar = Barre
op-rent-unpaid = Boutiques impayées
op-rent-none-unpaid = Toutes les boutiques sont à jour.
op-rent-state = État
op-rent-since = Impayé depuis
op-rent-reminders = Relances envoyées
op-rent-reason = Dernier refus
op-rent-state-past_due = Paiement refusé
op-rent-state-suspended = Suspendue
op-rent-invoices = Factures des 12 derniers mois
op-rent-no-invoices = Aucune facture pour l’instant.
op-rent-identity = Votre identité légale sur les factures
op-rent-name = Dénomination (avec « EI » pour un entrepreneur individuel)
op-rent-siren = SIREN
op-rent-vat-number = Numéro de TVA
op-rent-address = Adresse
op-rent-postal-code = Code postal
op-rent-city = Ville
op-rent-country = Pays (code à deux lettres, FR)
op-rent-email = E-mail de facturation
op-rent-keys = Votre compte Stripe
op-rent-keys-lead = Les cartes des boutiques sont enregistrées et débitées par votre propre compte Stripe : aucun numéro de carte ne passe par ce serveur.
op-rent-secret-key = Clé secrète
op-rent-secret-saved = Enregistrée : { $hint }. Laissez vide pour la garder.
op-rent-keys-submit = Enregistrer les clés
op-rent-line-trialing = Essai gratuit jusqu’au { $date }
op-rent-line-active = Payé jusqu’au { $date } { $card }
op-rent-line-past_due = Paiement refusé (période à partir du { $date })
op-rent-line-suspended = Suspendue pour loyer impayé

op-mall-title = Galerie marchande
op-mall-not-listed = Le vendeur a retiré sa boutique de la galerie.
op-mall-listed = La boutique figure dans la galerie.
op-mall-featured = La boutique est à la une de la galerie.
op-mall-feature = Mettre à la une
op-mall-unfeature = Retirer de la une
