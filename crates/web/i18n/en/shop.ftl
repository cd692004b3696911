# Storefront: catalog pages (home, category, product, search).
shop-search-label = Search the shop
shop-search-button = Search
shop-search-title = Search
shop-search-results = { $count ->
    [one] 1 result
   *[other] { $count } results
} for “{ $q }”
shop-search-empty = No product matches your search.
shop-search-prompt = Type a product name, a word from its description or its SKU.
shop-featured = Featured
shop-categories = Categories
shop-no-products = No products here yet.
shop-breadcrumbs = Breadcrumb
shop-home = Home
shop-subcategories = Subcategories
shop-filters = Filter and sort
shop-price-min = Minimum price
shop-price-max = Maximum price
shop-in-stock-only = Available only
shop-sort = Sort by
shop-sort-newest = Newest
shop-sort-price-asc = Price, low to high
shop-sort-price-desc = Price, high to low
shop-sort-title = Name (A → Z)
shop-apply = Apply
shop-pagination = Pages
shop-prev = Previous page
shop-next = Next page
shop-page-of = Page { $page } of { $pages }
shop-from-price = From { $price }
shop-product-count = { $count ->
    [one] 1 product
   *[other] { $count } products
}
shop-no-image = Picture coming soon
shop-old-price = Was:
shop-reference-price = Reference price (lowest price of the last 30 days): { $price }
shop-discount = { $percent }% off
shop-sku = SKU: { $sku }
shop-stock-in = In stock
shop-stock-low = { $count ->
    [one] Only one left
   *[other] Only { $count } left
}
shop-stock-out = Sold out
shop-stock-backorder = Available on backorder
shop-stock-untracked = Available
shop-coming-soon = Coming soon
shop-coming-soon-note = This product is not on sale yet: come back soon.
shop-add-to-cart = Add to cart
shop-quantity = Quantity
shop-choose-variant = Show this option
shop-variant-unavailable = This combination is not offered: please choose another one.
shop-option = Option { $n }
shop-description = Description
shop-rental-title = Rental terms
shop-rental-per-day = Price per day: { $price }
shop-rental-per-week = Price per week: { $price }
shop-rental-deposit = Deposit: { $price } (returned with the item)
shop-rental-duration = Rental period: { $min } to { $max } days
shop-service-title = The service
shop-service-duration = Duration: { $minutes } minutes
shop-service-capacity = { $count ->
    [one] 1 place per slot
   *[other] { $count } places per slot
}
shop-perishable-title = Dispatch and shelf life
shop-perishable-lead = { $days ->
    [0] Prepared the same day
    [one] Prepared in 1 day before dispatch
   *[other] Prepared in { $days } days before dispatch
}
shop-perishable-days = Dispatch days: { $days }
shop-perishable-shelf = { $days ->
    [one] Keeps 1 day after dispatch
   *[other] Keeps { $days } days after dispatch
}
shop-animal-title = Required information
shop-animal-species = Species
shop-animal-breed = Breed
shop-animal-age = Age
shop-animal-age-months = { $months ->
    [one] 1 month
   *[other] { $months } months
}
shop-animal-identification = Identification
shop-animal-id-transponder = Microchip { $number }
shop-animal-id-tattoo = Tattoo { $number }
shop-animal-id-ring = Ring { $number }
shop-animal-siren = Seller’s SIREN
shop-animal-siren-missing = not provided
shop-animal-no-parcel = This animal is never sent by parcel or by post: handed over in person or carried by a specialised animal transporter only.
shop-condition = Condition: { $condition }
shop-condition-new = New
shop-condition-like_new = Like new
shop-condition-good = Good
shop-condition-fair = Fair
shop-digital = A file to download, sent as a link after payment.
shop-safety-title = Product safety
shop-safety-manufacturer = Manufacturer
shop-safety-warnings = Warnings
shop-weekday-1 = Monday
shop-weekday-2 = Tuesday
shop-weekday-3 = Wednesday
shop-weekday-4 = Thursday
shop-weekday-5 = Friday
shop-weekday-6 = Saturday
shop-weekday-7 = Sunday
shop-animal-age-years = { $years ->
    [one] 1 year
   *[other] { $years } years
}
shop-option-any = All
shop-perishable-next = Order now, dispatched on { $date }

## Product feeds.
feed-merchant-description = The products of { $shop }, for Google Merchant Center.
feed-atom-title = { $shop }: new products

## Interest tests (a coming-soon product)
interest-email = Your e-mail address
interest-consent = One e-mail only, the day it goes on sale. You will confirm your request by a link sent to this address, and may withdraw it at any time.
interest-ask = Tell me
interest-asked-title = Check your inbox
interest-asked = An e-mail is on its way to this address: follow its link to confirm your request. Without confirmation we will not write again.
interest-error-title = Request not recorded
interest-back = Back to the product
interest-confirm-title = Confirm your request
interest-confirm = Do you confirm you want to be told at { $email } the day this product goes on sale?
interest-confirm-button = Yes, tell me
interest-confirmed-title = Request confirmed
interest-confirmed-text = You will be told at { $email }, once, the day it goes on sale.
interest-cancel-button = Withdraw my request
interest-withdrawn-title = Request withdrawn
interest-withdrawn = Your request is withdrawn: we will not write to you about it.
err-interest-not-coming = This product is not shown as coming soon: there is nothing to wait for.
err-interest-goal = The goal is a number of people, from 0 (none) to 1,000,000.
interest-rate-limited = Too many requests from your connection or to this address: try again later.
interest-on-sale-title = This product is on sale
interest-on-sale-text = The product you were waiting for is on sale.
err-interest-needs-title = To put it on sale, give it a title in the shop's main language.
