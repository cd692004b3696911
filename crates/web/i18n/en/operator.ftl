### The platform operator's console (/operator/).

op-title = Operator console
op-nav-label = Operator console
op-nav-shops = Shops
op-nav-plans = Plans
op-nav-settings = Settings
op-nav-tax = Tax thresholds
op-nav-currencies = Exchange rates
op-logout = Sign out
op-saved = Changes saved.
op-cancel = Cancel
op-unlimited = Unlimited
op-size-mb = { $size } MB
op-field-required = This field is required.
op-field-too-long = This field cannot be longer than 200 characters.
op-field-one-line = This field must fit on one line.

## Signing in

op-login-title = Sign in to the operator console
op-login-email = Email address
op-login-password = Password
op-login-submit = Sign in
op-login-failed = Wrong email address or password.
op-login-rate-limited = Too many sign-in attempts. For your security, please wait 15 minutes before trying again.

## Shop list

op-shops-title = Shops
op-search-label = Search by name or address
op-search-submit = Search
op-search-clear = Show all
op-shops-count =
    { $count ->
        [one] { $count } shop
       *[other] { $count } shops
    }
op-shops-none = No shops yet.
op-shops-no-match = No shop matches "{ $q }".
op-col-name = Name
op-col-address = Address
op-col-status = Status
op-col-plan = Plan
op-col-created = Created on
op-status-active = Open
op-status-suspended = Suspended
op-pagination = Result pages
op-page-prev = Previous page
op-page-next = Next page
op-page-of = Page { $page } of { $pages }
op-shop-deleted = The shop "{ $slug }" has been deleted.

## Creating a shop

op-create-title = Create a shop
op-create-lead = The person who will run the shop gets an email with a link to choose their password.
op-create-name = Shop name
op-create-slug = Shop address
op-create-slug-hint = Lowercase letters, digits and hyphens, 3 to 40 characters. Example: cheese-corner
op-create-email = Owner's email address
op-create-email-hint = The link to choose a password is sent to this address.
op-create-plan = Plan
op-create-lang = Main language of the shop
op-create-submit = Create the shop
op-slug-taken = This address is already used by another shop.
op-plan-unknown = This plan does not exist. Choose one from the list.
op-shop-created = Shop created. The owner has been emailed a link to choose their password.

## One shop

op-back-to-shops = ← All shops
op-back-to-shop = ← Back to { $shop }
op-shop-staff = Team accounts
op-shop-storage = Storage used
op-shop-storage-value = { $used } of { $limit }
op-shop-plan-title = Plan
op-shop-plan-submit = Change plan
op-shop-status-title = Opening
op-shop-suspend-text = Suspending the shop shows shoppers a "temporarily closed" page. Only the owner can still sign in to its admin.
op-shop-suspended-text = The shop is suspended: shoppers see a "temporarily closed" page.
op-shop-suspend = Suspend the shop
op-shop-resume = Reopen the shop
op-shop-suspended = Shop suspended.
op-shop-resumed = Shop reopened.
op-domains-title = Domain names
op-domains-none = This shop has no custom domain name.
op-domain-host = Domain
op-domain-state = Verification
op-domain-unverified = Not verified.
op-domain-verify = Verify
op-domain-verify-label = Mark { $host } as verified
op-domain-verified-on = Verified on { $date }
op-domain-verified = The domain { $host } is verified: it now leads to the shop.
op-domain-taken-elsewhere = Verified for another shop.
op-domain-taken = The domain { $host } was verified for another shop first: it cannot be verified for this one.
op-shop-data-title = Data
op-export = Download an export (JSON)
op-delete-link = Delete the shop…

## Deleting

op-delete-title = Delete the shop { $shop }
op-delete-warning = Deleting is permanent. All of the following will be lost:
op-delete-lose-staff =
    { $count ->
        [one] { $count } team account and its sessions;
       *[other] { $count } team accounts and their sessions;
    }
op-delete-lose-media = the uploaded files (logo, photos), { $size } in all;
op-delete-lose-content = the texts, pages, legal identity and payment settings;
op-delete-lose-address = the shop's address and domain names, which another shop may then take.
op-delete-export-lead = Before deleting, keep a copy:
op-delete-export = download an export first
op-delete-confirm-label = To confirm, type the shop's address: { $slug }
op-delete-mismatch = That is not the shop's address. Type exactly "{ $slug }" to confirm; nothing has been deleted.
op-delete-submit = Delete permanently

## Plans

op-plans-title = Plans
op-back-to-plans = ← All plans
op-plan-name = Plan name
op-plan-max-products = Maximum products
op-plan-max-staff = Maximum team accounts
op-plan-max-storage = Maximum storage (MB)
op-plan-shops = Shops
op-plan-default = Default
op-plan-is-default = Default plan
op-plan-make-default = Make default
op-plan-make-default-label = Give the plan { $plan } to new shops
op-plan-default-set = New shops will now get this plan.
op-plan-limit-hint = A whole number, 0 or more. Leave empty (or type -1) for "unlimited".
op-plan-limit-invalid = Enter a whole number, 0 or more, or leave empty for "unlimited".
op-plan-storage-too-large = This number is too large. Leave empty for "unlimited".
op-plan-name-empty = Give the plan a name.
op-plan-name-too-long = The plan name cannot be longer than 60 characters.
op-plan-name-control = The plan name must fit on one line.
op-plan-name-taken = Another plan already has this name.
op-plan-create-title = New plan
op-plan-create-submit = Create the plan
op-plan-edit-title = Edit the plan
op-plan-save = Save the plan
op-plan-used-by =
    { $count ->
        [0] No shop is on this plan.
        [one] { $count } shop is on this plan.
       *[other] { $count } shops are on this plan.
    }

## Platform settings

op-settings-title = Platform settings
op-settings-lead = The host's identity appears in every shop's legal notice, as the law requires.
op-settings-host = Host
op-settings-host-name = Name or company name
op-settings-host-address = Postal address
op-settings-host-address-hint = On one line, for example: 2 rue Kellermann, 59100 Roubaix, France
op-settings-host-phone = Phone
op-settings-submit = Save

## Email to the owner of a shop the operator created

email-shop-created-subject = Your shop { $shop } is ready
email-shop-created-body =
    Hello,

    Your shop "{ $shop }" has just been opened for you: { $shop_url }

    To reach its admin, first choose your password here (the link is valid for one hour):
    { $link }

    After that, ask for a new link with "Forgot your password?" on the sign-in page:
    { $login }

    See you soon on Vitrine.

op-tax-title = Tax thresholds
op-tax-lead = Sellers' dashboards warn them as the year's sales approach these thresholds. The defaults are the law's in 2026; change them if the law changes.
op-tax-franchise = VAT franchise (French tax code, art. 293 B)
op-tax-franchise-hint = Yearly turnover excluding VAT above which a seller under the franchise must charge VAT.
op-tax-goods = Threshold for sales of goods (in euros)
op-tax-goods-tolerance = Raised threshold for sales of goods (in euros)
op-tax-services = Threshold for services (in euros)
op-tax-services-tolerance = Raised threshold for services (in euros)
op-tax-euros-hint = In euros, for instance 85000.
op-tax-tolerance-hint = Above it the franchise ends at once. At least the threshold.
op-tax-private = Private sellers (DAC7)
op-tax-private-hint = Above either threshold in a year, a private seller's sales are regular: platforms report them to the tax office, and the seller must register as a business.
op-tax-private-sales = Number of sales a year
op-tax-private-amount = Amount of sales a year (in euros)
op-tax-amount-invalid = This amount cannot be read. Write it in euros, in figures, for instance 85000 or 85000.50.
op-tax-sales-invalid = Give a whole number of sales, for instance 30.
err-tax-threshold-not-positive = A threshold must be above zero.
err-tax-tolerance-below-threshold = The raised threshold cannot be below the threshold ({ $threshold }).

op-fx-title = Platform exchange rates
op-fx-lead = Shops that choose so show their customers abroad an estimate of their prices at these rates, for the currencies they set no rate of their own for. Orders are still invoiced in the shop's currency.

## Plans' prices and the operator's rent (/operator/billing).
op-nav-billing = Rent
op-plan-price = Price excl. VAT
op-plan-free = Free
op-plan-per-month = { $price } / month
op-plan-per-year = { $price } / year
op-plan-trial = { $days } days free
op-plan-price-hint = Prices excluding VAT, in euros (for example 19.90). Leave both empty for a free plan.
op-plan-monthly = Price per month
op-plan-yearly = Price per year
op-plan-trial-days = Days of free trial for new shops
op-plan-trial-invalid = Type a whole number of days from 0 to 365.
op-rent-title = Rent
op-rent-settings-title = Invoicing and card collection
op-rent-back = Back to the rent
op-rent-csv = Invoices (CSV for the accountant)
op-rent-missing-identity = Shops cannot be invoiced yet: enter your legal identity (name, SIREN, address) in the invoicing settings.
op-rent-missing-keys = Rent cannot be collected yet: enter your Stripe account's keys in the invoicing settings.
op-rent-mrr = Monthly recurring revenue (excl. VAT)
op-rent-paying = Paying shops
op-rent-trialing = In their free trial
op-rent-free = On a free plan
op-rent-past-due = Payment failed
op-rent-suspended = Suspended for unpaid rent
op-rent-churn = Churn (last 30 days)
op-rent-revenue = Rent invoiced, by month
op-rent-month = Month
op-rent-invoiced-excl = Invoiced excl. VAT
op-rent-bar = Bar
op-rent-unpaid = Unpaid shops
op-rent-none-unpaid = Every shop is paid up.
op-rent-state = State
op-rent-since = Unpaid since
op-rent-reminders = Reminders sent
op-rent-reason = Last refusal
op-rent-state-past_due = Payment failed
op-rent-state-suspended = Suspended
op-rent-invoices = Invoices of the last 12 months
op-rent-no-invoices = No invoice yet.
op-rent-identity = Your legal identity on the invoices
op-rent-name = Legal name (with "EI" for an individual entrepreneur)
op-rent-siren = SIREN
op-rent-vat-number = VAT number
op-rent-address = Address
op-rent-postal-code = Postal code
op-rent-city = City
op-rent-country = Country (two-letter code, FR)
op-rent-email = Billing e-mail
op-rent-keys = Your Stripe account
op-rent-keys-lead = The shops' cards are saved and charged through your own Stripe account: card numbers never reach this server.
op-rent-secret-key = Secret key
op-rent-secret-saved = Saved: { $hint }. Leave empty to keep it.
op-rent-keys-submit = Save the keys
op-rent-line-trialing = Free trial until { $date }
op-rent-line-active = Paid until { $date } { $card }
op-rent-line-past_due = Payment failed (period from { $date })
op-rent-line-suspended = Suspended for unpaid rent

op-mall-title = Mall
op-mall-not-listed = The seller took the shop out of the mall.
op-mall-listed = The shop is listed in the mall.
op-mall-featured = The shop is featured on the mall's home.
op-mall-feature = Feature it
op-mall-unfeature = Stop featuring it
