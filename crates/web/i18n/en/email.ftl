email-welcome-subject = Your shop { $shop } is ready
email-welcome-body =
    Hello,

    Your shop “{ $shop }” is open.

    Your shop window: { $shop_url }
    Your admin: { $admin_url }

    Next steps: add your logo and colours, then fill in your legal identity (legal notice).

    See you soon on Vitrine.
email-invite-subject = Invitation to join { $shop }
email-invite-body =
    Hello,

    { $inviter } invites you to help run the shop “{ $shop }” (role: { $role }).

    To accept, choose your password here (link valid for 7 days):
    { $link }

    If you were not expecting this invitation, ignore this message.
email-reset-subject = Reset your password ({ $shop })
email-reset-body =
    Hello,

    Someone (probably you) asked to change the password of your account on “{ $shop }”.

    Choose a new password here (link valid for one hour):
    { $link }

    If you did not ask for this, ignore this message: your password stays the same.

# Abuse limits (sign-in paused on an account)
email-sign-in-paused-subject = Sign-in to your account is paused ({ $shop })
email-sign-in-paused-body =
    Hello,

    Many wrong passwords were tried on your account on “{ $shop }”, from several addresses. To protect it, signing in with a password is paused for 15 minutes.

    You can still get in now: choose a new password here, and you will be signed in (link valid for one hour):
    { $link }

    If you were not trying to sign in, choosing a new password is a good idea all the same.
email-order-placed-subject = Your order no. { $number } at { $shop }
email-order-placed-body =
    Hello,

    Thank you for your order no. { $number } at { $shop }, for { $total }.
    Payment: { $method }.

    Your order's details, how to pay and its progress are here:
    { $link }
email-order-private-seller = This shop is run by a private individual: this sale between individuals gives no right of withdrawal.
email-order-no-withdrawal = Right of withdrawal: the items of this order are not covered by it.
email-order-withdrawal-right =
    Right of withdrawal: you have 14 days after receiving your order to withdraw from it, without giving any reason (French Consumer Code, articles L221-18 and following). The simplest way is the "Withdraw from the contract here" function on your order's page:
    { $link }
email-order-withdrawal-except = Not covered:
email-order-withdrawal-excepted-line = — { $line }: { $why }
email-order-withdrawal-form-intro = You may also send us the form below, filled in, by post or by e-mail (or any other unequivocal statement).
email-withdrawal-form =
    MODEL WITHDRAWAL FORM
    (Complete and return this form only if you wish to withdraw from the contract.)

    — To { $seller }:
    — I/We (*) hereby give notice that I/We (*) withdraw from my/our (*) contract of sale of the following goods (*)/for the provision of the following service (*): order no. { $number } of { $date }
    — Ordered on (*)/received on (*):
    — Name of consumer(s):
    — Address of consumer(s):
    — Signature of consumer(s) (only if this form is notified on paper):
    — Date:

    (*) Delete as appropriate.
email-order-paid-subject = Payment received for your order no. { $number } ({ $shop })
email-order-paid-body =
    Hello,

    We have received the payment for your order no. { $number }. We are preparing it.

    Your order: { $link }

    { $shop }
email-order-refunded-subject = Refund of { $amount } for your order no. { $number } ({ $shop })
email-order-refunded-body =
    Hello,

    We have refunded { $amount } on your order no. { $number }, to the means of payment you used. Depending on your bank, it shows on your account within a few days.

    Your order: { $link }

    { $shop }
email-order-refunded-recorded-body =
    Hello,

    We have refunded { $amount } on your order no. { $number }.

    Your order: { $link }

    { $shop }
email-order-delivered-subject = Your order no. { $number } has been handed over to you ({ $shop })
email-order-delivered-body =
    Hello,

    Your order no. { $number } has been handed over to you. Thank you for your trust!

    Your order: { $link }

    { $shop }
email-order-shipped-subject = Your order no. { $number } is on its way ({ $shop })
email-order-shipped-body =
    Hello,

    Your order no. { $number } has just been shipped.
    Tracking: { $tracking }

    Your order: { $link }

    { $shop }
email-order-cancelled-subject = Your order no. { $number } is cancelled ({ $shop })
email-order-cancelled-body =
    Hello,

    Your order no. { $number } has been cancelled. If you had paid for it, we will refund you.

    Your order: { $link }

    { $shop }
email-withdrawal-subject = Acknowledgement of your withdrawal — order no. { $number } ({ $shop })
email-withdrawal-body =
    Hello { $name },

    On { $date } we received your request to withdraw from order no. { $number } placed with { $shop }, for:
    { $lines }

    Send these items back to the shop within 14 days (its address is in the site's legal notice). You will be refunded within 14 days of your request, by the means of payment you used; the shop may wait until it has the items back.

    Your order: { $link }

    { $shop }

# Buttons of the HTML e-mails (the address stays written beneath)
email-button-shop = See my shop
email-button-admin = Manage my shop
email-button-password = Choose my password
email-button-sign-in = Sign in
email-button-invitation = Accept the invitation
email-button-order = See my order

email-button-tracking = Track my parcel

## The rent of a shop.
email-button-billing = My plan and billing
email-rent-paid-subject = Your rent for { $shop } is paid: invoice { $invoice }
email-rent-paid-body = Thank you: we received { $amount } for { $shop }. Invoice { $invoice } is attached; all your invoices are in your Billing page.
email-rent-failed-subject = Payment failed for { $shop }
email-rent-failed-body = We could not charge { $amount } for your shop { $shop } ({ $reason }). Your shop stays open until { $date }: pay or add another card from your Billing page before then.
email-rent-reminder-subject = Reminder: the rent of { $shop } is unpaid
email-rent-reminder-body = We tried again to charge { $amount } for { $shop }, without success ({ $reason }). Your shop will be closed on { $date } unless the rent is paid: you can pay or add another card from your Billing page.
email-rent-suspended-subject = { $shop } is closed for unpaid rent
email-rent-suspended-body = The rent of { $shop } is still unpaid, so your shop is closed to shoppers. Nothing has been deleted: pay from your Billing page and it reopens at once.
email-rent-trial-subject = The free trial of { $shop } ends on { $date }
email-rent-trial-body = The free trial of { $shop } ends on { $date }. To keep your shop open, add a card from your Billing page: { $amount } will then be charged for the first period.

email-interest-confirm-subject = Confirm: be told when “{ $product }” is out
email-interest-confirm-body = You asked { $shop } to be told the day “{ $product }” goes on sale. Confirm it by this link (without confirmation we will not write again): { $link }
    
    If it was not you, ignore this e-mail.
email-button-interest-confirm = Confirm my request
email-interest-reached-subject = { $count ->
    [one] Goal reached: { $count } person waits for “{ $product }”
   *[other] Goal reached: { $count } people wait for “{ $product }”
}
email-interest-reached-body = Your interest test reached its goal: { $count } people confirmed they wait for “{ $product }” (goal: { $goal }). You may put it on sale and tell them in one click: { $link }
email-button-interest = See the interest tests
email-interest-on-sale-subject = “{ $product }” is on sale
email-interest-on-sale-body = You asked { $shop } to be told: “{ $product }” is on sale. Here it is: { $product_url }
    
    This is the only e-mail we send you about it. Your request: { $link }
email-button-interest-product = See the product
email-button-interest-stop = My request
