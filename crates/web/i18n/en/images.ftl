# Product images: the editor's image manager and its messages.
err-image-product-missing = This product no longer exists in your shop.
images-title = Images
images-none = No image yet. The first image is the one shown in listings.
images-upload = Add images
images-upload-hint = PNG, JPEG or WebP, up to 20 MB each. You can choose several files.
images-upload-button = Upload
images-alt = Description of the image ({ $lang })
images-alt-hint = Say what the image shows, for people who cannot see it and for search engines. Required to publish.
images-save-alts = Save descriptions
images-move-up = Move up
images-move-down = Move down
images-delete = Delete this image
images-position = Image { $n }
images-added = { $count ->
    [one] Image added.
   *[other] { $count } images added.
}
images-variant = Image
images-variant-none = Product’s first image
images-missing-alts = To publish, describe every image in every language of your shop. Missing: { $missing }.
images-missing-alt-item = image { $n } ({ $lang })
images-file-error = File { $n }: { $message }
