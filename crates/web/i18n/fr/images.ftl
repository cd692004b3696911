# Images des produits : le gestionnaire d’images de l’éditeur et ses messages.
err-image-product-missing = Ce produit n’existe plus dans votre boutique.
images-title = Images
images-none = Pas encore d’image. La première image est celle qui apparaît dans les listes.
images-upload = Ajouter des images
images-upload-hint = PNG, JPEG ou WebP, jusqu’à 20 Mo chacune. Vous pouvez choisir plusieurs fichiers.
images-upload-button = Envoyer
images-alt = Description de l’image ({ $lang })
images-alt-hint = Dites ce que montre l’image, pour les personnes qui ne la voient pas et pour les moteurs de recherche. Obligatoire pour publier.
images-save-alts = Enregistrer les descriptions
images-move-up = Monter
images-move-down = Descendre
images-delete = Supprimer cette image
images-position = Image { $n }
images-added = { $count ->
    [one] Image ajoutée.
   *[other] { $count } images ajoutées.
}
images-variant = Image
images-variant-none = Première image du produit
images-missing-alts = Pour publier, décrivez chaque image dans chaque langue de votre boutique. Manquant : { $missing }.
images-missing-alt-item = image { $n } ({ $lang })
images-file-error = Fichier { $n } : { $message }
