admin-title = admin
admin-view-shop = View the shop
admin-logout = Sign out
admin-nav-dashboard = Dashboard
admin-nav-settings = Settings
admin-nav-appearance = Appearance
admin-nav-legal = Legal identity
admin-nav-payments = Payments
admin-nav-staff = Team
admin-nav-account = My account
admin-saved = Changes saved.
admin-welcome = Welcome! Your shop is open. Start by giving it your logo and colours.
admin-shop-address = Your shop's address:
admin-suspended = Your shop has been suspended by the operator: shoppers see a "temporarily closed" page. Contact the operator.
admin-next-steps = Next steps
admin-step-appearance = Add your logo and colours
admin-step-legal = Fill in your legal identity (required to sell)
admin-step-payments = Enter your bank details for transfers
admin-step-staff = Invite someone close to help you
appearance-logo = Logo
appearance-current-logo = Current logo
appearance-logo-file = Logo file
appearance-logo-hint = A PNG, JPEG or WebP image of at most 5 MB. It will be resized automatically.
appearance-logo-submit = Upload the logo
appearance-logo-remove = Remove the logo
appearance-colors = Colours
appearance-colors-hint = Unreadable combinations (too little contrast) are refused, so that every customer can read your shop.
appearance-primary = Main colour (links, buttons)
appearance-background = Background colour
appearance-text = Text colour
appearance-colors-submit = Save the colours
appearance-text-on-background = Text on background:
appearance-links-on-background = Links and buttons on background:
legal-form-lead = This information is required to sell in France: it makes up your shop's legal notice.
legal-form-see = See your legal notice
legal-form-who = Who sells
legal-form-status = Legal form
legal-form-status-ei = Individual entrepreneur (EI, micro-enterprise)
legal-form-status-company = Company (SARL, SAS, EURL…)
legal-form-status-association = Association (French "loi 1901")
legal-form-status-private = Private individual (occasional sales, no business)
legal-form-status-private-hint = Private individual: you sell occasionally, without being registered as a business. Your customers are told so: you charge no VAT and the withdrawal right does not apply. Beyond 30 sales or €2,000 in a year, your sales become regular and registering as a business is due: the dashboard warns you.
legal-form-status-hint = For an individual entrepreneur, the mention "EI" is added to your name, as the law requires.
legal-form-franchise = I am under the VAT franchise scheme
legal-form-vat-number = EU VAT number
legal-form-contact = Contact details
legal-form-postal-code = Postcode
legal-form-city = Town
legal-form-country = Country
legal-form-mediator-hint = Every seller must offer customers a consumer mediator, free of charge.
legal-form-mediator-name = Mediator's name
legal-form-mediator-url = Mediator's website
legal-form-submit = Save the legal identity
legal-form-name-required = Enter your name (or your company's name).
legal-form-vat-required = Enter your VAT number, or tick the VAT franchise scheme.
legal-form-url-invalid = The website address must start with https://
legal-form-too-long = This text is too long or contains invalid characters.
settings-languages = Shop languages
settings-languages-hint = Shoppers see your shop in their language among those ticked; otherwise in the default language.
settings-default-lang = Default language
settings-taglines = Tagline
settings-tagline = Tagline
settings-currency = Currency
settings-timezone = Time zone
settings-submit = Save the settings
settings-domains = Custom domain name
settings-domains-hint = Point your domain at the platform (a CNAME record at your registrar), add it here: the operator checks it, then turns it on.
settings-domain = Domain
settings-domain-status = Status
settings-domain-actions = Actions
settings-domain-verified = Active
settings-domain-pending = Waiting for the operator's check
settings-domain-remove = Remove
settings-domain-new = New domain
settings-domain-add = Add the domain
settings-domain-invalid = This domain name is not valid. Example: www.my-shop.com
settings-domain-taken = This domain is already connected to another shop.
settings-domain-taken-since = Connected to another shop: remove it, or ask the operator if the domain is yours
settings-domain-already = You have already added this domain.
payments-lead = Choose how your customers pay you. Bank transfer is offered from the start.
payments-bank-transfer = Bank transfer
payments-enabled = Offer payment by bank transfer
payments-holder = Account holder
payments-submit = Save
payments-required = This field is needed to offer bank transfer.
payments-cards-later = Card payment is coming soon. Card numbers never pass through our servers.
import-bad-handle = No address (handle) can be made for this product: give it a title with letters or digits.
import-images-later = This product's pictures will be downloaded in the background after the import; any that cannot be fetched will be listed with the products.
import-slug-taken = Another product of the shop already uses this address (handle).
import-sku-taken = A reference (SKU) of this product is already used by another product of the shop.

## CSV import and export (admin)
import-title = Import products from a CSV file
import-intro = A product export from Shopify (as it is) or WooCommerce. You will see what the file contains before anything is saved; then the whole file is imported, or nothing.
import-file = CSV file
import-hint = Up to { $max } MB. Products whose address (handle) already exists are updated.
import-submit = Preview the import
import-too-large = This file is larger than { $max } MB: split it into several files.
import-no-file = Choose a CSV file to import.
import-link = Import a CSV
import-export = Export (Shopify CSV)
import-file-name = File: { $name }
import-state-previewed = Preview: nothing has been saved yet.
import-state-invalid = This file cannot be imported as it is, and nothing has been saved. Correct the lines below and send it again.
import-state-checking = Checking the file against your catalog…
import-state-queued = The import is waiting to start…
import-state-running = Import in progress…
import-state-done = Import finished.
import-state-failed = The import failed and nothing was saved.
import-check-progress = { $done } of { $total } products checked
import-progress = { $done } of { $total } products saved
import-products = Products in the file: { $n }
import-will-create = Products to create: { $n }
import-will-update = Products to update: { $n }
import-created = Products created: { $n }
import-updated = Products updated: { $n }
import-variants = Variants: { $n }
import-images-queued = Pictures being downloaded in the background: { $n }
import-first = First products
import-errors = Errors
import-warnings = Warnings
import-line = Line
import-column = Column
import-problem = Problem
import-confirm = Import these products
import-again = Import another file
import-back = Back to the products
import-refresh = This page refreshes by itself every few seconds.
import-job-internal = The import could not be completed because of a server error, and nothing was saved. Please try again later.
import-images-failed-title = Pictures that could not be imported
import-image-failed = The picture { $url } of “{ $title }” could not be fetched: { $reason }
import-fetch-scheme = only http and https addresses are accepted
import-fetch-refused = the address leads to a private or local network
import-fetch-redirects = too many redirections
import-fetch-status = the site answered with error { $status }
import-fetch-too-large = the file is too large
import-fetch-timeout = the site took too long to answer
import-fetch-network = the site could not be reached
import-fetch-not-image = the file is not an accepted picture (JPEG, PNG or WebP of reasonable size)
import-fetch-quota = the shop's storage space is full
import-fetch-internal = a server error occurred

# Shop currency fixed once prices exist (abuse-auth)
settings-currency-fixed = The currency cannot change: this shop already has products, whose prices are stored in { $currency } (€19.99 would become ¥1,999). To sell in another currency, delete every product first, or open another shop in that currency.
settings-currency-fixed-hint = Fixed: your products' prices are in this currency. To change it, delete every product first, or open another shop in the new currency.
# Import in short batches (issue 8)
import-slug-twice = Another product of the file already uses this address (handle).
import-sku-twice = This reference (SKU) is already used by another variant of the file.
err-private-seller-approaching = Your sales this year are nearing the thresholds beyond which they are no longer occasional ({ $sales } sales or { $amount } a year, the thresholds at which platforms report sellers to the tax office). Beyond them, registering as a business (for instance a micro-enterprise) will be due.
err-private-seller-regular = Your sales this year have reached { $sales } sales or { $amount }: they are now regular and reported to the tax office by platforms. Register as a business (for instance a micro-enterprise), then change your status in "Legal information".
err-tax-franchise-approaching = Your { $kind ->
    [services] services turnover
   *[goods] turnover this year
} is nearing the VAT franchise threshold ({ $threshold }). Beyond it, VAT will have to be charged.
err-tax-franchise-over-base = Your { $kind ->
    [services] services turnover
   *[goods] turnover this year
} is above the VAT franchise threshold ({ $threshold }). The franchise holds this year up to { $tolerance }; if next year is above too, it will end.
err-tax-franchise-ends-next-year = Your { $kind ->
    [services] services turnover
   *[goods] turnover this year
} is above the VAT franchise threshold ({ $threshold }) for the second year: the franchise ends on 1 January, VAT will have to be charged.
err-tax-franchise-lost = Your { $kind ->
    [services] services turnover
   *[goods] turnover this year
} is above { $tolerance }: the VAT franchise ends now. Enter your VAT number in "Legal information" to charge VAT.
orders-withdrawal = Withdrawal requested
orders-withdrawal-at = Request received on { $date }
orders-withdrawal-todo = The customer is sending these items back. Refund them within 14 days of their request (you may wait until you have the items), then mark the request handled.
orders-withdrawal-handle = Mark the withdrawal handled
orders-withdrawal-done = Handled.
dashboard-withdrawals = Withdrawal requests to handle
admin-nav-customers = Customers
orders-filters = Filter the orders
orders-search = Search
orders-search-hint = no., e-mail or name
orders-from = From
orders-to = To
orders-filter-clear = Show all
orders-count = { $count ->
    [0] No order
    [one] 1 order
   *[other] { $count } orders
}
orders-csv = Download these orders (CSV)
orders-pages = Pages of the list
orders-prev = ← Newer
orders-next = Older →
orders-csv-number = Order no.
orders-csv-date = Date
orders-csv-status = Status
orders-csv-name = Name
orders-csv-email = E-mail
orders-csv-country = Country
orders-csv-payment = Payment
orders-csv-shipping-method = Delivery
orders-csv-subtotal = Subtotal
orders-csv-shipping = Delivery cost
orders-csv-vat = VAT
orders-csv-total = Total
orders-csv-paid = Paid
orders-csv-refunded = Refunded
orders-csv-currency = Currency
orders-csv-carrier = Carrier
orders-csv-tracking = Tracking no.
customers-lead = Everyone who ordered, with or without an account, most recent first (cancelled orders left out).
customers-none = Nobody has ordered yet.
customers-orders = Orders
customers-spent = Total spent
customers-last = Last order
customers-account = Account
customers-has-account = Customer account
customers-guest = No account
orders-note-label = Internal note (the customer does not see it)
orders-note-save = Save the note
legal-form-oss = Charge the customer's country's VAT on my EU sales from the first euro (option, OSS one-stop shop)
legal-form-oss-hint = Without this option, your sales to consumers in other EU countries carry French VAT up to €10,000 a year, then the customer's country's (declared through the OSS): Vitrine works it out for each order. The option binds for two years.
