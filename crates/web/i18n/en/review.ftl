### Customer reviews: the seller's admin page "Reviews" (answer, refuse for a reason of the
### policy), the e-mail that tells an author why their review is not published, the texts
### shoppers see (order page, product page) and the refusals of the review rules (crate
### `domain`, module community; `app::review`).

## Seen by shoppers

review-write = Review this product
review-done = Review published, thank you.
review-form-title = Your review of { $title }
review-rating = Your rating
review-stars = { $n } out of 5
review-body = Your review
review-name = Signed
review-name-hint = Left empty: { $default }
review-submit = Publish my review
review-section = Customer reviews
review-average = { $average } out of 5 — { $count ->
        [one] { $count } review
       *[other] { $count } reviews
    }
review-policy = Only customers of this shop whose order was delivered may review its products; reviews are published at once, newest first, without sorting or payment, and the shop may refuse one only if it is abusive, contains personal data, is off-topic or is spam.
review-bought = Bought on { $date }
review-written = reviewed on { $date }
review-reply = Answer from { $shop }
review-none = No reviews yet.
review-products-title = Your reviews

## The reasons of the review policy for refusing a review

review-reason-abusive = Abusive, threatening, hateful or unlawful content
review-reason-personal_data = Personal data (an address, a telephone number…)
review-reason-off_topic = Not about the product or the purchase
review-reason-spam = Advertising, links or text posted already (spam)

## The seller's admin

review-admin-title = Customer reviews
review-admin-policy = Only your customers whose order was delivered may review its products, from their order's page. Reviews are published at once, without sorting or payment, and shown newest first, negative ones like the others. You may answer each one publicly. You may refuse a review only for one of the reasons listed below (never because it is negative); its author is then told the reason by e-mail.
review-admin-none-title = No reviews yet
review-admin-none = Your customers will be able to review each product from their order's page once it has been delivered.
review-admin-by = Signed { $name }
review-status-published = Published
review-status-rejected = Refused: { $reason }
review-admin-current-reply = Your answer, published on { $date }:
review-admin-reply-label = Your public answer
review-admin-reply-hint = Shown under the review on the product's page, at most { $max } characters. Empty the field and publish to remove your answer.
review-admin-reply-submit = Publish the answer
review-admin-refuse-label = Reason for refusing
review-admin-reason-choose = Choose a reason…
review-admin-refuse-hint = A review may be refused only for one of these reasons, never because it is negative. Its author will get an e-mail telling them the reason.
review-admin-refuse-submit = Refuse this review
review-admin-replied = Answer published.
review-admin-reply-removed = Answer removed.
review-admin-refused = Review refused; its author is told by e-mail.

## The e-mail to the author of a refused review

email-review-refused-subject = Your review of “{ $product }” is not published
email-review-refused-body =
    Hello,

    { $shop } does not publish your review of “{ $product }”, for this reason: { $reason }.

## The refusals of the review rules

err-review-rating-range = Choose a rating from 1 to 5 stars.
err-review-body-required = Write your review.
err-review-body-too-long = Your review may not be longer than { $max } characters (nor hold control characters).
err-review-name-too-long = The name signing your review may not be longer than { $max } characters.
err-review-reason-unknown = “{ $value }” is not one of the review policy’s reasons for refusing: choose one from the list.
err-review-not-yet = You can review your purchase once your order has reached you.
err-review-already = You already reviewed this product for this order.
err-review-reply-too-long = Your answer may not be longer than { $max } characters.
err-review-rejected-already = This review is refused already.
