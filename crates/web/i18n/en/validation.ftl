### Validation errors raised by the `domain` crate.
### Each message is `err-` followed by a `ValidationError` code; its
### arguments arrive as Fluent variables. Keep in sync with
### crates/domain/src/error.rs (CODES), which a domain test enforces.

## Shop address, name and tagline

err-slug-too-short = Your shop address needs at least { $min } characters.
err-slug-too-long = Your shop address can be at most { $max } characters long.
err-slug-invalid-chars = Your shop address can only use lowercase letters without accents (a to z), digits and hyphens (-).
err-slug-hyphens = Your shop address can’t start or end with a hyphen, or have two hyphens in a row.
err-slug-reserved = The address “{ $slug }” is reserved by the platform. Please choose another one.
err-shop-name-too-short = Your shop name needs at least { $min } characters.
err-shop-name-too-long = Your shop name can be at most { $max } characters long.
err-shop-name-control-chars = Your shop name must fit on a single line, without tabs or invisible characters.
err-tagline-too-long = Your tagline can be at most { $max } characters long. Short and punchy works best!
err-tagline-control-chars = Your tagline must fit on a single line.

## Accounts and team

err-email-invalid = This doesn’t look like an email address. Please check it, for example: name@example.com.
err-email-too-long = This email address is too long ({ $max } characters at most).
err-password-too-short = Your password needs at least { $min } characters. A short sentence is easy to remember and hard to guess.
err-password-too-long = Your password can be at most { $max } characters long.
err-role-unknown = “{ $value }” is not a team role. Please choose a role from the list.
err-person-name-empty = Please enter a name.
err-person-name-too-long = This name can be at most { $max } characters long.
err-person-name-control-chars = The name must fit on a single line, without tabs or invisible characters.

## Legal information

err-siren-format = A SIREN number has exactly 9 digits.
err-siren-checksum = This SIREN number doesn’t exist: one digit is probably wrong. You’ll find the right one on your Kbis extract or your INSEE registration notice.
err-siret-format = A SIRET number has exactly 14 digits: the 9 digits of your SIREN followed by 5 more.
err-siret-checksum = This SIRET number doesn’t exist: one digit is probably wrong. Please copy it from your Kbis extract or your INSEE registration notice.
err-vat-format = This is not a valid EU VAT number. It starts with two letters for the country (FR for France), followed by digits.
err-vat-fr-key = The two characters after “FR” don’t match your SIREN number. Please check your VAT number on your invoices or in your online tax account.
err-vat-fr-siren = The SIREN number inside this VAT number (its last 9 digits) doesn’t exist. Please check it.
err-phone-invalid-chars = A phone number can only contain digits, spaces, dots, hyphens, brackets and a “+” at the start.
err-phone-length = A phone number must have between { $min } and { $max } digits.
err-legal-status-unknown = “{ $value }” is not a legal status we know. Please choose one from the list.

## Shop appearance

err-color-invalid = “{ $value }” is not a colour code. Use a code like #1a2b3c, or pick the colour from the palette.
err-contrast-too-low = These two colours are too close: many visitors would struggle to read the text (contrast { $ratio }:1, at least { $min }:1 needed). Try a darker text or a lighter background.

## Money and languages

err-currency-unknown = “{ $value }” is not a currency we know. Use a three-letter code such as EUR, USD or CHF.
err-lang-unknown = “{ $value }” is not an available language. Please choose one from the list.
err-timezone-unknown = “{ $value }” is not a time zone we know. Please choose one from the list.

## Plan limits

err-plan-staff-limit = You’ve reached your plan’s team size (maximum { $max }, pending invitations included). Upgrade your plan to invite more people.
err-plan-product-limit = You’ve reached your plan’s product limit (maximum { $max }). Upgrade your plan, or delete a product to add a new one.
err-plan-storage-limit = This doesn’t fit in your plan’s storage ({ $max_mb } MB in total). Delete photos you no longer use, or upgrade your plan.
err-iban-format = This IBAN does not have the right shape. Copy it from your bank details (it starts with two letters, for example FR76).
err-iban-checksum = This IBAN contains a typo (its check digits do not match). Check it against your bank details.
err-bic-format = This BIC does not have the right shape: it has 8 or 11 characters (for example BNPAFRPP).
