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
err-country-unknown = “{ $value }” is not a country we know. Use its two-letter ISO code, such as FR, BE or DE.

## Plan limits

err-plan-staff-limit = You’ve reached your plan’s team size (maximum { $max }, pending invitations included). Upgrade your plan to invite more people.
err-plan-product-limit = You’ve reached your plan’s product limit (maximum { $max }). Upgrade your plan, or delete a product to add a new one.
err-plan-storage-limit = This doesn’t fit in your plan’s storage ({ $max_mb } MB in total). Delete photos you no longer use, or upgrade your plan.
err-iban-format = This IBAN does not have the right shape. Copy it from your bank details (it starts with two letters, for example FR76).
err-iban-checksum = This IBAN contains a typo (its check digits do not match). Check it against your bank details.
err-bic-format = This BIC does not have the right shape: it has 8 or 11 characters (for example BNPAFRPP).

## Catalogue: products

err-product-kind-unknown = “{ $value }” is not a product type. Please choose one from the list.
err-product-status-unknown = “{ $value }” is not a product status. Choose draft, active, coming soon or archived.
err-vat-class-unknown = “{ $value }” is not a VAT rate we know. Please choose one from the list.
err-condition-unknown = “{ $value }” is not a condition we know. Choose new, like new, good or fair.
err-product-title-empty = Please give this product a name.
err-product-title-too-long = A product name can’t be longer than { $max } characters.
err-product-title-control-chars = A product name must fit on one line, without tabs or invisible characters.
err-product-slug-empty = Please enter the address of the product page.
err-product-slug-too-long = The address of the product page can’t be longer than { $max } characters.
err-product-slug-invalid-chars = The address of the product page can only contain lowercase letters without accents (a to z), digits and hyphens (-).
err-product-slug-hyphens = The address of the product page can’t start or end with a hyphen, or contain two hyphens in a row.
err-sku-empty = Please enter a reference (SKU).
err-sku-too-long = A reference (SKU) can’t be longer than { $max } characters.
err-sku-invalid = A reference (SKU) can only contain letters without accents, digits, dots, hyphens, underscores (_) and slashes (/), with no spaces.

## Catalogue: prices

err-price-invalid = We can’t read this price. Write it in figures, for example 12.50 or 1234.00.
err-price-negative = A price can’t be negative.
err-price-too-many-decimals = This price has too many digits after the decimal point (at most { $max } for this currency).
err-price-ambiguous = “{ $value }” can be read two ways, depending on whether the separator marks thousands or decimals. Write the price without a thousands separator, for example 1234 or 1234.50.
err-price-too-high = A price can’t be more than 10 million. Check that no extra zero slipped in.
err-compare-at-not-higher = The compare-at price must be higher than the selling price, otherwise it announces no discount. Leave it empty when there is no sale.

## Catalogue: variants

err-variant-axes-too-many = A product can have at most { $max } options (for example size, colour and weight).
err-variant-axis-empty = Please give each option a name (for example “Size”).
err-variant-axis-invalid = An option name must fit on one line and be at most { $max } characters long.
err-variant-axis-duplicate = The option “{ $name }” appears twice. Give each option a different name.
err-variant-none = This product needs at least one variant.
err-variant-too-many = A product can have at most { $max } variants.
err-variant-values-count = Variant no. { $variant } must have exactly one value for each option ({ $expected } in all).
err-variant-value-empty = Variant no. { $variant } has no value for the option “{ $axis }”.
err-variant-value-invalid = The values of variant no. { $variant } must fit on one line and be at most { $max } characters long.
err-variant-duplicate = Variant no. { $variant } ({ $values }) already exists. Each combination of options can only appear once.

## Catalogue: stock

err-stock-unique-quantity = A unique item always has its stock tracked: 1 while it is available, 0 once sold.
err-stock-unique-backorder = A unique item can’t be ordered once sold: turn off orders when out of stock.
err-stock-negative = Stock can’t be negative.
err-stock-too-large = Stock can’t be more than { $max } units.
err-stock-quantity-invalid = Enter the stock as a whole number, for example 12.

## Catalogue: rentals

err-rental-day-price-invalid = Enter a rental price per day above zero.
err-rental-week-price-invalid = The weekly price must be above zero, or left empty.
err-rental-deposit-negative = The deposit can’t be negative (enter 0 if there is none).
err-rental-min-days-invalid = The minimum rental is at least one day.
err-rental-max-below-min = The maximum rental must be at least the minimum rental.
err-rental-max-too-long = A rental can’t last more than { $max } days.
err-rental-dates-invalid = The return date must come after the start date.
err-rental-too-short =
    { $min ->
        [one] This rental lasts at least { $min } day. Please choose a later return date.
       *[other] This rental lasts at least { $min } days. Please choose a later return date.
    }
err-rental-too-long =
    { $max ->
        [one] This rental can’t last more than { $max } day. Please choose an earlier return date.
       *[other] This rental can’t last more than { $max } days. Please choose an earlier return date.
    }
err-rental-dates-booked = This product is already rented for some of these dates. The calendar shows the free days.

## Catalogue: services booked by appointment

err-service-duration-invalid = A service must last between { $min } and { $max } minutes.
err-service-capacity-invalid = The number of places per slot must be between { $min } and { $max }.
err-opening-hours-invalid = Each time range must end after it opens (00:00 for midnight).
err-opening-hours-overlap = Two time ranges on the same day overlap. Please correct them.

## Catalogue: perishable goods

err-perishable-lead-too-long = The preparation time can’t be more than { $max } days.
err-perishable-no-dispatch-day = Choose at least one dispatch day in the week.
err-perishable-shelf-life-invalid = The shelf life must be between { $min } and { $max } days.

## Catalogue: live animals

err-shipping-kind-unknown = “{ $value }” is not a delivery method we know. Please choose one from the list.
err-animal-identification-kind-unknown = “{ $value }” is not an identification method we know. Choose microchip, tattoo or ring.
err-animal-species-empty = Please enter the animal’s species, a mandatory mention in any offer to sell an animal.
err-animal-breed-empty = Please enter the animal’s breed, or “n’appartient pas à une race” (not of a breed) when it is not registered in any studbook (you may add “croisé”, cross-bred).
err-animal-text-invalid = This field must fit on one line and be at most { $max } characters long.
err-animal-birth-date-future = The date of birth can’t be in the future.
err-animal-age-invalid = Enter the animal’s age in months, at most { $max }.
err-animal-transponder-invalid = A microchip number has exactly 15 digits (starting with 250 in France).
err-animal-tattoo-invalid = A tattoo number has 5 to 8 letters and digits, as on the animal’s identification card.
err-animal-ring-invalid = Copy the number engraved on the bird’s ring (letters, digits, dots, hyphens and slashes).

## Catalogue: product safety (GPSR)

err-gpsr-name-missing = Enter the manufacturer’s name or trade mark: it is part of the mandatory safety information.
err-gpsr-address-missing = Enter the manufacturer’s postal address: it is part of the mandatory safety information.
err-gpsr-email-missing = Enter the manufacturer’s e-mail address: it is part of the mandatory safety information.
err-gpsr-text-invalid = This field is too long (at most { $max } characters) or contains invisible characters.

## Catalogue: notices shown on product pages (not errors)

err-perishable-no-withdrawal = This product can deteriorate or expire rapidly: under article L221-28 4° of the French Consumer Code, the right of withdrawal does not apply to its purchase.
err-animal-awareness = Taking on an animal is a commitment for its whole life, which can last decades (a parrot often lives more than 50 years). Before buying, make sure you can meet its needs every day: suitable food, veterinary care, enough room and shelter, company, time to socialise and train it, and the yearly budget all this takes, holidays included. The animal must be identified before it changes hands. Keeping some non-domestic species (parrots, reptiles…) requires a prior declaration or licence: ask your local animal protection authority (DDPP) first. Abandoning an animal is an offence punished by three years in prison and a €45,000 fine (article 521-1 of the French Penal Code). Don’t buy on impulse: take time to think it over.
