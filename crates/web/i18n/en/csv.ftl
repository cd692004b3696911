### Messages of the catalog CSV import and export (crate `catalog_csv`).
### Each message is the `code` of a `CsvError`; its Fluent variables come from
### `CsvError::fluent_args()`: always `line`, `column` when one column is at
### fault, then the code's own arguments. Keep in sync with
### crates/catalog-csv/src/error.rs (CODES), which a test of the crate enforces.

## The file as a whole

csv-empty = The file is empty: it doesn’t even have a header line. Please export your products again and retry.
csv-unreadable = Line { $line }: the file couldn’t be read to the end. Please upload it again; if the problem persists, export your products again.
csv-unknown-format = This file isn’t a product export Vitrine recognises. It needs a CSV file exported from Shopify (with the columns { $shopify }) or from WooCommerce (with the columns { $woocommerce }). Your file’s first line starts with: “{ $found }”.
csv-invalid-utf8 = Line { $line }: the file isn’t saved as UTF-8, so accented letters would be garbled. In your spreadsheet, save it as “CSV UTF-8” and retry.
csv-too-many-rows = Line { $line }: the file has more than { $max } rows. Please split it into several files and import them one after the other.
csv-missing-column = The column “{ $column }” is missing, and the import needs it. Please check the first line of the file, with the column names.
csv-duplicate-column = The column “{ $column }” appears twice in the first line. Keep only one and retry.

## One cell

csv-required-value = Line { $line }, column “{ $column }”: this cell must be filled in.
csv-empty-title = Line { $line }, column “{ $column }”: this product has no name. Please give it a title.
csv-bad-price = Line { $line }, column “{ $column }”: “{ $value }” is not a price. Write it like 12.50 or 12,50, without a currency symbol.
csv-negative-price = Line { $line }, column “{ $column }”: “{ $value }” is a negative price; a price can’t be negative.
csv-price-too-precise = Line { $line }, column “{ $column }”: “{ $value }” has too many digits after the decimal point. Your shop’s currency allows { $decimals } at most.
csv-bad-integer = Line { $line }, column “{ $column }”: “{ $value }” is not a whole number.
csv-bad-weight = Line { $line }, column “{ $column }”: “{ $value }” is not a weight. Write just a number, without a unit, for example 250.
csv-bad-boolean = Line { $line }, column “{ $column }”: “{ $value }” means neither yes nor no. Write TRUE or FALSE.
csv-bad-choice = Line { $line }, column “{ $column }”: “{ $value }” is not a possible value here. Accepted values: { $expected }.
csv-unknown-status = Line { $line }, column “{ $column }”: “{ $value }” is not a known product status. Accepted statuses: { $expected }.

## How rows fit together

csv-orphan-row = Line { $line }, column “{ $column }”: this variant belongs to the product “{ $value }”, but that product’s own line is missing or only comes after its variants.
csv-duplicate-handle = Line { $line }, column “{ $column }”: the handle “{ $value }” already belongs to another product (line { $first_line }). Each product needs its own handle.
csv-too-many-options = Line { $line }, column “{ $column }”: this product has too many options ({ $value }). A product can have { $max } at most.
csv-option-values-mismatch = Line { $line }, column “{ $column }”: this variant gives { $found } option value(s) but the product has { $expected } option(s). It needs exactly one value per option.
csv-option-value-missing = Line { $line }, column “{ $column }”: this variation doesn’t say which “{ $option }” it is. In Vitrine each variant has one precise value per option; create one variation per value.
csv-unknown-option = Line { $line }, column “{ $column }”: the attribute “{ $value }” doesn’t exist on the parent product. Add it to the parent product or remove it from this variation.
csv-duplicate-sku = Line { $line }, column “{ $column }”: the SKU “{ $value }” is already used on line { $first_line }. Each variant needs its own SKU.
csv-duplicate-options = Line { $line }, column “{ $column }”: the variant “{ $value }” already exists for this product, on line { $first_line }.
csv-variants-without-options = Line { $line }: this product has no options, so it can only have one variant (the first is on line { $first_line }). Give it an option, such as “Size”.
csv-no-variants = Line { $line }: this variable product has no variations in the file. Please export it with its variations and retry.

## Warnings: the import still goes ahead

csv-image-not-http = Line { $line }, column “{ $column }”: the image “{ $value }” is not a web address (http or https) and was left out. You can add it from the product’s page afterwards.
csv-unknown-columns = These columns weren’t recognised and were ignored: { $columns }.
csv-columns-not-imported = Vitrine doesn’t keep the data in these columns: { $columns }. The rest of your products is imported.
csv-unsupported-type = Line { $line }, column “{ $column }”: Vitrine doesn’t take products of type “{ $value }”; this line was left out.
csv-extra-categories = Line { $line }, column “{ $column }”: a product sits in a single category. The first one was kept, not these: { $value }.
csv-variation-disabled = Line { $line }: this variation is disabled in WooCommerce and was not imported.

## Numbers that could be read two ways, and weight units (real exports imported as-is)

csv-ambiguous-number = Line { $line }, column “{ $column }”: “{ $value }” could be { $decimal } (with decimals) or { $whole } (a whole number), and nothing else in the file tells which. Write it as { $whole } or { $decimal } and retry.
csv-unknown-unit = Line { $line }, column “{ $column }”: Vitrine doesn’t know the weight unit “{ $value }”. Name one of these units in the column’s title: { $expected }.
