### Provenance des clients : la page « Provenance » de l’admin (visites, commandes et chiffre
### d’affaires par source, graphiques, export CSV, fenêtre d’attribution) et les refus de ses règles
### (crate `domain`, module growth::source ; `app::attribution`).

sources-title = Provenance
sources-hint = D’où viennent vos visiteurs et ce qu’ils commandent : moteurs de recherche, réseaux sociaux, le centre commercial de la plateforme, boutiques partenaires, forums, lettres d’information, campagnes (liens avec paramètres UTM), autres sites, accès direct. Une visite est l’arrivée sur une page de la boutique depuis l’extérieur ; une commande est attribuée à la dernière source qui a amené l’acheteur dans la fenêtre choisie plus bas. Rien n’identifie un visiteur : son navigateur ne garde que la source et le jour de sa dernière arrivée, sans autre cookie.
sources-periods = Période
sources-period = { $count } jours
sources-summary = { $visits ->
        [one] { $visits } visite
       *[other] { $visits } visites
    }, { $orders ->
        [one] { $orders } commande
       *[other] { $orders } commandes
    } ({ $conversion } des visites), { $revenue } de commandes
sources-chart-visits = Visites par jour
sources-chart-orders = Commandes par jour
sources-none = Aucune visite ni commande sur cette période.
sources-table = Visites et commandes par source
sources-channel = Source
sources-visits = Visites
sources-orders = Commandes
sources-conversion = Taux
sources-revenue = Montant
sources-export = Télécharger ces chiffres par jour (CSV)
sources-window-title = Fenêtre d’attribution
sources-window-hint = Une commande est attribuée à la source de la dernière visite venue d’ailleurs (un lien, une recherche, une campagne) si elle a eu lieu dans ce nombre de jours ; sinon, elle compte comme directe. Un changement vaut pour les commandes suivantes.
sources-window-days = Nombre de jours
sources-window-save = Enregistrer la fenêtre
sources-window-is = Les commandes sont attribuées à la dernière source dans les { $count } jours.

## Sources
source-channel-direct = Accès direct
source-channel-search = Moteur de recherche
source-channel-social = Réseau social
source-channel-mall = Centre commercial Vitrine
source-channel-partner = Boutique partenaire
source-channel-affiliate = Affilié
source-channel-forum = Forum
source-channel-newsletter = Lettre d’information
source-channel-ads = Publicité
source-channel-campaign = Campagne
source-channel-site = Autre site
source-channel-before = Avant le suivi des sources

## Export CSV (en-têtes de colonnes)
sources-csv-date = Date
sources-csv-channel = Source
sources-csv-name = Origine
sources-csv-campaign = Campagne
sources-csv-visits = Visites
sources-csv-orders = Commandes
sources-csv-revenue = Montant des commandes

## Refus
err-source-channel-unknown = « { $value } » n’est pas une source connue.
err-source-window-range = La fenêtre doit compter de { $min } à { $max } jours.
