# Messages des erreurs du crate `media` (envoi d'images et stockage).
# Identifiants : `err-` + `MediaError::code()` ; variables : `MediaError::args()`.

err-image-empty = Le fichier envoyé est vide. Choisissez à nouveau votre image, puis renvoyez-la.
err-image-too-large = Cette image est trop lourde : la taille maximale est de { $max_mb } Mo. Enregistrez-en une version plus légère (par exemple en JPEG, ou avec des dimensions plus petites), puis réessayez.
err-image-unsupported = Ce fichier n'est pas une image PNG, JPEG ou WebP. Enregistrez votre image dans l'un de ces formats, puis réessayez.
err-image-dimensions = Cette image est trop grande : elle mesure { $width } × { $height } pixels. Réduisez-la à { $max_width } × { $max_height } pixels au maximum ({ $max_megapixels } mégapixels au total), puis réessayez.
err-image-corrupt = Impossible de lire cette image : le fichier est peut-être abîmé ou incomplet. Ouvrez-le dans un logiciel de retouche d'images, enregistrez-le de nouveau en PNG ou en JPEG, puis réessayez.
err-storage-io = Nous n'avons pas pu enregistrer votre image à cause d'un problème de notre côté. Réessayez dans quelques minutes.
