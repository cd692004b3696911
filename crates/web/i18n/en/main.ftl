skip-to-content = Skip to content
nav-main = Main navigation
nav-languages = Languages
nav-legal = Legal information
nav-account = My account
nav-admin = Shop management
nav-open-shop = Open my shop
nav-operator = Operator area
platform-footer = Vitrine — ready-to-use online shops for small sellers.
home-title = Your online shop, ready in a minute
home-lead = Create your shop, give it your colours, add your products: the platform does the rest.
home-cta = Open my shop for free
home-shops = The shops
home-no-shops = No shop is open yet. Be the first!
signup-title = Open my shop
signup-lead = Four details are enough. You can change everything later.
signup-shop-name = Shop name
signup-slug = Shop address
signup-slug-hint = Lowercase letters, digits and hyphens, 3 to 40 characters. Example: emilie-cheese
signup-slug-taken = This address is already taken. Try a variant, for example with your town.
signup-slug-free = Available: your shop will be at { $url }
signup-email = Your e-mail address
signup-password = Password
signup-submit = Create my shop
password-hint = At least 10 characters. A sentence you remember easily makes a good password.
form-has-errors = The form has errors: please correct the fields marked below.
error-back-home = Back to the home page
error-404-title = Page not found
error-404-text = This page does not exist (any more). Check the address, or start again from the home page.
error-403-title = Access denied
error-403-text = Your role does not give access to this page. Ask the shop's owner.
error-400-title = Bad request
error-413-title = File too large
error-400-text = The request could not be processed.
error-429-title = Too many attempts
error-429-text = Too many attempts in a short time. Wait a few minutes, then try again.
error-500-title = Something went wrong
error-500-text = A technical problem keeps us from showing this page. Please try again in a moment.
error-csrf-title = Form expired
error-csrf-text = This form has expired or does not come from this site. Go back, reload the page and send it again.
error-too-large = The file you sent is too large (12 MB at most). Make it smaller and try again.
closed-title = Shop temporarily closed
closed-text = This shop is temporarily closed. Come back soon!
shop-powered-by = Shop powered by { $platform }
shop-catalog-soon-title = Coming soon
shop-catalog-soon = This shop's products are arriving very soon.
legal-notice = Legal notice
legal-incomplete = The seller has not completed all of their legal information yet.
legal-status = Status
legal-status-private = Private individual (non-professional seller)
legal-status-association = Association
legal-vat-private = Private individual, not subject to VAT
legal-vat-association = Association not subject to VAT
legal-private-notice = This seller is a private individual selling occasionally, not a trader: the rules of the French Consumer Code (withdrawal right, legal guarantee of conformity) do not apply to their sales. The Civil Code's guarantee against hidden defects applies.
legal-editor = Publisher of this site
legal-name = Name or company name
legal-address = Address
legal-siren = SIREN
legal-siret = SIRET
legal-vat = EU VAT number
legal-email = E-mail
legal-phone = Phone
legal-director = Publication director
legal-mediator = Consumer mediation
legal-mediator-text = Under the French Consumer Code, you may refer a dispute free of charge to the following mediator:
legal-host = Hosting provider
page-cgv-title = Terms of sale
page-cgv-body =
    These terms of sale apply to every order placed in this shop.

    Prices: prices are shown in euros, including taxes where applicable. The seller may change them at any time; the price charged is the one shown when you order.

    Right of withdrawal: under articles L221-18 and following of the French Consumer Code, you have fourteen days from delivery to withdraw, except where the law excludes it (perishable goods, personalised goods, digital content supplied at once with your consent).

    Guarantees: products are covered by the legal guarantee of conformity and the guarantee against hidden defects.

    Mediation: in case of dispute, you may refer it free of charge to the consumer mediator named in the legal notice.
page-privacy-title = Privacy policy
page-privacy-body =
    We collect only the data needed to process your orders: name, addresses, e-mail and phone number.

    This data is kept for as long as the business relationship and legal obligations require, then deleted.

    To know where its visitors come from (a search engine, another site, a campaign), the shop keeps in your browser, for 90 days at most, a cookie holding only that source and the day you arrived: it does not identify you and serves only its visit statistics.

    Under the GDPR, you have the right to access, correct, erase and port your data. Write to us at the address given in the legal notice.
login-title = Sign in to manage the shop
login-email = E-mail address
login-password = Password
login-submit = Sign in
login-forgot = Forgot your password?
login-failed = Wrong e-mail address or password.
login-rate-limited = Too many sign-in attempts. For your security, wait 15 minutes before trying again, or reset your password.
forgot-title = Forgotten password
forgot-lead = Enter your account's e-mail address: we will send you a link to choose a new password.
forgot-submit = Send the link
forgot-sent = If an account exists for this address, an e-mail has just been sent to it with a link valid for one hour.
reset-title = Choose a new password
reset-submit = Save the password
reset-done = Your password has been changed. Sign in with the new one.
reset-invalid = This link is no longer valid: it has been used or has expired. Ask for a new one.
new-password = New password
staff-name = Your name

# Command line: what `vitrine` commands say when they cannot do their work, and backups
cli-failed = Vitrine could not finish: { $detail }
cli-panic = Vitrine stopped on an internal error (a fault in the program, not in your data or settings). Please report it with this detail: { $detail }
cli-reason-not-found = it does not exist
cli-reason-denied = permission denied
cli-reason-is-folder = it is a folder, not a file
cli-reason-refused = the connection was refused (is the database server running?)
cli-reason-timeout = no answer in time
cli-reason-disk-full = the disk is full
cli-file-unreadable = Cannot read the file { $path }: { $reason }.
cli-file-unwritable = Cannot write the file { $path }: { $reason }.
cli-config-unreadable = Cannot read the configuration file { $path }: { $reason }.
cli-config-invalid = The configuration file { $path } is not valid at line { $line }, column { $column }: { $detail }.
cli-config-bind = The address to listen on “{ $value }” is not of the form 127.0.0.1:8080.
cli-config-bool = { $key } must be true or false, not “{ $value }”.
cli-config-log-format = The log format must be text or json, not “{ $value }”.
cli-config-cache-ms = VITRINE_SHOP_CACHE_MS must be a number of milliseconds, not “{ $value }”.
cli-config-url = The setting { $key } must be an http:// or https:// address, not “{ $value }”.
cli-config-secret-short = The secret key must be at least 32 characters long.
cli-config-s3-missing = { $key } is required when VITRINE_S3_BUCKET is set.
cli-config-s3-invalid = The S3 settings cannot be used: { $detail }.
cli-config-mail = The e-mail settings cannot be used: { $detail }.
cli-db-url-scheme = DATABASE_URL must start with sqlite:// or postgres://, not “{ $url }”.
cli-db-url-invalid = DATABASE_URL “{ $url }” is not a valid database address: { $detail }.
cli-db-unreachable = Cannot reach the database { $url }: { $reason }.
cli-db-refused = The database { $url } refused the connection: { $detail }.
cli-db-failed = The database answered with an error: { $detail }.
cli-db-migrate = The database could not be brought up to date: { $detail }.
cli-shop-unknown = No shop has the address “{ $slug }”.
cli-import-invalid = Nothing was imported: { $count ->
        [one] one problem
       *[other] { $count } problems
    } in { $path }, listed above.
cli-port-in-use = Cannot listen on { $addr }: another program already uses this port. Stop it, or choose another address with --bind or VITRINE_BIND.
cli-port-denied = Cannot listen on { $addr }: this user may not use that port. Choose another one with --bind or VITRINE_BIND.
cli-listen-failed = Cannot listen on { $addr }: { $reason }.
cli-serve-failed = The server stopped on an error: { $detail }
cli-backup-done = Backup written to { $path }: the database and { $media ->
        [one] one media file
       *[other] { $media } media files
    }.
cli-backup-done-s3 = Backup written to { $path }: the database. The media are in the S3 bucket { $bucket }, not in this file: save them with your storage provider's tools.
cli-backup-postgres = The database is on PostgreSQL: save it with pg_dump (for example: pg_dump -Fc -f vitrine.dump "$DATABASE_URL"), and the media folder with: vitrine backup --media-only { $path }
cli-backup-media-done = Media backup written to { $path }: { $media ->
        [one] one file
       *[other] { $media } files
    }. The PostgreSQL database is not in it: save it with pg_dump.
cli-backup-no-db = There is no database at { $path } to back up.
cli-restore-not-empty = Cannot restore into { $path }: the folder is not empty. Restore into a new or empty data folder (set VITRINE_DATA_DIR).
cli-restore-db-exists = Cannot restore: the database file { $path } already exists.
cli-restore-not-backup = { $path } is not a Vitrine backup.
cli-restore-sqlite-on-postgres = This backup holds a SQLite database, but DATABASE_URL names a PostgreSQL server: restore it with a sqlite:// DATABASE_URL (or none).
cli-restore-damaged = The backup { $path } is damaged: { $detail }.
cli-restore-newer = This backup was made by a newer version of Vitrine (schema { $found }, this program knows up to { $known }): restore it with that version.
cli-restore-done = Restored into { $path }: the database and { $media ->
        [one] one media file
       *[other] { $media } media files
    }. Start Vitrine with: vitrine serve
cli-restore-media-done = Media restored into { $path }: { $media ->
        [one] one file
       *[other] { $media } files
    }. This backup holds no database: restore the PostgreSQL database with pg_restore.
# Requests that cannot be read (abuse-auth)
error-bad-query = This address has a parameter that cannot be read. Check the link, or start again from the home page.
error-bad-form = The form sent could not be read. Reload the page and send it again.
error-bad-json = The request body is not the JSON this address expects (check its syntax, its fields and the Content-Type: application/json header).
# Abuse limits (signups, form sizes)
signup-rate-limited = Too many shops have been created from your connection or with this e-mail address recently. Please try again later, or write to us if you need more shops.
error-form-too-large = What you sent is too long for this form. Shorten the longest text and try again.
# Configuration of the abuse limits
cli-config-number = { $key } must be a whole number, not “{ $value }”.
cli-config-at-least-one = { $key } must be at least 1.
cli-config-metrics-token-short = The metrics token (VITRINE_METRICS_TOKEN) must be at least 16 characters long.

## The mall
mall-title = Independent shops, one shop window
mall-lead = Cheesemakers, booksellers, breeders, photographers: search the products of every shop at once, or browse by category and region.
mall-search-label = Search every shop
mall-search-placeholder = camembert, rare book, photo print…
mall-featured = Featured
mall-by-category = By category
mall-by-region = By region
mall-newest = New shops
mall-all-shops = { $count ->
    [one] See the shop
   *[other] See all { $count } shops
}
mall-directory = Shops
mall-filter = Filter
mall-any = All
mall-region = Region or country
mall-no-shops-here = No shop here yet.
mall-sold-by = Sold by
search-corrected = No product matched the words as typed: here are the results for “{ $q }”.
search-did-you-mean = Try instead:
search-browse = Browse the categories
mall-cat-food = Fine food and local produce
mall-cat-drinks = Wine and drinks
mall-cat-books = Books
mall-cat-art = Art and photography
mall-cat-fashion = Fashion
mall-cat-jewellery = Jewellery and accessories
mall-cat-home = Home and decoration
mall-cat-garden = Garden
mall-cat-animals = Animals
mall-cat-children = Children and toys
mall-cat-beauty = Beauty and wellbeing
mall-cat-sport = Sport and outdoors
mall-cat-crafts = Crafts
mall-cat-music-films = Music and films
mall-cat-services = Services and lessons
mall-cat-rentals = Rentals
mall-cat-other = Other
region-fr-ara = Auvergne-Rhône-Alpes
region-fr-bfc = Burgundy-Franche-Comté
region-fr-bre = Brittany
region-fr-cvl = Centre-Loire Valley
region-fr-20r = Corsica
region-fr-ges = Grand Est
region-fr-hdf = Hauts-de-France
region-fr-idf = Île-de-France
region-fr-nor = Normandy
region-fr-naq = Nouvelle-Aquitaine
region-fr-occ = Occitania
region-fr-pdl = Pays de la Loire
region-fr-pac = Provence-Alpes-Côte d’Azur
region-fr-971 = Guadeloupe
region-fr-972 = Martinique
region-fr-973 = French Guiana
region-fr-974 = Réunion
region-fr-976 = Mayotte
settings-mall = In the mall
settings-mall-hint = The platform's home page presents open shops by category and region, and its search looks through the products of them all. Your shop keeps its name, address and domain. A change shows there within a minute.
settings-mall-listed = Show my shop and its products in the mall
settings-mall-category = Category
settings-mall-category-none = (none)
settings-mall-submit = Save
err-mall-category = Choose a category from the list.
