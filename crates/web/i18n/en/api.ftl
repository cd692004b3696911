# The shop's API (/api/store/v1/): error messages (the "detail" member).
api-method-not-allowed = This API address does not take this HTTP method. The OpenAPI document (openapi.json) lists each address's methods.
api-invalid-fields = Some fields cannot be used: the "errors" list says which and why.
api-cart-unknown = No cart has this id in this shop (it may have been ordered already).
api-body-too-large = The request body is too large for this address (16 KB at most).
api-not-json = Send the request body as JSON, with the header Content-Type: application/json.
api-page-invalid = The "page" parameter must be a whole number from 1 to 10000.
api-too-many-carts = Too many carts were made from this address. Reuse a cart or try again later.
api-sku-or-variant = Name the product to add by "sku" or by "variant_id" (one of them, not both).
api-product-unknown = No product of this shop has this SKU or variant id.
api-key-required = Send an Idempotency-Key header (1 to 200 visible characters) of its own for this order attempt: the same key gives the same order again.
