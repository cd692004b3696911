# Messages for errors from the `media` crate (image uploads and storage).
# Ids are `err-` + `MediaError::code()`; variables come from `MediaError::args()`.

err-image-empty = The file you sent is empty. Please choose your image again and send it once more.
err-image-too-large = This file is too big: the maximum is { $max_mb } MB. Save a lighter version of your image (for example as JPEG, or with smaller dimensions) and try again.
err-image-unsupported = This file is not a PNG, JPEG or WebP image. Please save your image in one of these formats and try again.
err-image-dimensions = This image is too large: it measures { $width } × { $height } pixels. Please resize it to at most { $max_width } × { $max_height } pixels ({ $max_megapixels } megapixels in total), then try again.
err-image-corrupt = We could not read this image: the file may be damaged or incomplete. Open it in an image editor, save it again as PNG or JPEG, and try again.
err-storage-io = We could not save your image because of a problem on our side. Please try again in a few minutes.
