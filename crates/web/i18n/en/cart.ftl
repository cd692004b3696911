cart-title = Your cart
cart-link = Cart
cart-empty = Your cart is empty.
cart-product = Product
cart-unit-price = Unit price
cart-quantity = Quantity
cart-line-total = Total
cart-subtotal = Subtotal
cart-subtotal-excl = Subtotal excluding VAT
cart-update = Update
cart-remove = Remove
cart-quantity-of = Quantity of “{ $title }”
cart-remove-of = Remove “{ $title }” from the cart
cart-checkout = Check out
cart-continue = Continue shopping
cart-shipping-later = Delivery costs and any taxes are worked out at the next step.
cart-fix-lines = Fix the lines marked above before ordering.
cart-rental-period = From { $from } to { $to } (return)
cart-rental-deposit = Deposit of { $amount }, paid back on return
cart-slot = On { $date } at { $time }
cart-add = Add to cart
cart-add-quantity = Quantity
cart-add-start = First day of rental
cart-add-end = Return day
cart-add-slot = Time slot
cart-add-places = Places
err-cart-quantity-invalid = Enter a whole quantity between 1 and { $max }.
err-cart-variant-unknown = This product is no longer in the shop.
err-cart-not-for-sale = This product is not on sale at the moment.
err-cart-sold-out = This product is sold out.
err-cart-stock-short =
    { $count ->
        [one] Only one is left.
       *[other] Only { $count } are left.
    }
err-cart-unique-once = This is a one-off piece: it is already in your cart.
err-cart-digital-once = This download is already in your cart.
err-cart-rental-dates-missing = Choose the first day of the rental and the return day.
err-cart-rental-past = The first day of the rental has passed. Choose a date to come.
err-cart-slot-missing = Choose a time slot.
err-cart-slot-unknown = This time slot is not offered. Choose one of the slots shown.
err-cart-slot-full = This time slot is full. Choose another one.
err-cart-slot-short =
    { $count ->
        [one] Only one place is left in this slot.
       *[other] Only { $count } places are left in this slot.
    }
err-cart-line-unknown = This line is no longer in your cart.
err-cart-booking-fixed = A booking’s quantity can’t change: remove it, then book again.
err-cart-hold-lapsed = This slot or these dates are no longer held for you (over 30 minutes without activity). Remove the line, then book again.

fx-picker-label = Estimate prices in
fx-picker-shop = { $currency } (the shop's currency)
fx-charged-note = Your order is charged in { $currency }: { $amount }. The amount in { $target } is an estimate at the rate of { $date }.
cart-before-discount = Total before discount
cart-discount = Discount: { $name }
cart-free-shipping = Free delivery: { $name }
cart-code = Discount code
cart-code-apply = Apply
cart-code-remove = Remove the code
