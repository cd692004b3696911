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

# Abuse limits (signups, form sizes)
signup-rate-limited = Too many shops have been created from your connection or with this e-mail address recently. Please try again later, or write to us if you need more shops.
error-form-too-large = What you sent is too long for this form. Shorten the longest text and try again.
