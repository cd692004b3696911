//! The catalog's shared use cases: saving a product ([`product::save_product`]), and one search
//! indexer: whatever changes a product (the editor, an import, the demo) or a category's names
//! or place calls [`reindex_products`] or [`reindex_categories`], so a product is found the same
//! way however it was written.

pub mod product;

use std::collections::{BTreeSet, HashMap};

use store::catalog::{Category, Product, ProductText, Variant};
use store::shop::Shop;
use store::Conn;

/// The shop's categories by id: names per language and parent, to name a product's category
/// path in each language. Built once per reindexing, however many products it covers.
struct CategoryTree {
    parents: HashMap<i64, Option<i64>>,
    /// `(lang, name)` by category.
    names: HashMap<i64, Vec<(String, String)>>,
    default_lang: String,
}

impl CategoryTree {
    fn new(categories: Vec<Category>, default_lang: &str) -> Self {
        let mut parents = HashMap::new();
        let mut names: HashMap<i64, Vec<(String, String)>> = HashMap::new();
        for c in categories {
            parents.insert(c.id, c.parent_id);
            names.entry(c.id).or_default().push((c.lang, c.name));
        }
        CategoryTree {
            parents,
            names,
            default_lang: default_lang.to_string(),
        }
    }

    /// The names of `id` and its ancestors in `lang` (the default language's name where a
    /// category has none in `lang`): a cheese in "Fromages › Pâtes molles" is found by both.
    fn path_names(&self, id: Option<i64>, lang: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut cursor = id;
        // A tree is at most a few levels deep; the bound only guards against a corrupt loop.
        for _ in 0..32 {
            let Some(c) = cursor else { break };
            let texts = self.names.get(&c).map(Vec::as_slice).unwrap_or_default();
            let name = texts
                .iter()
                .find(|(l, _)| l == lang)
                .or_else(|| texts.iter().find(|(l, _)| *l == self.default_lang));
            out.extend(name.map(|(_, n)| n.as_str()));
            cursor = self.parents.get(&c).copied().flatten();
        }
        out
    }

    /// `ids` and every category below them.
    fn with_descendants(&self, ids: &[i64]) -> BTreeSet<i64> {
        let mut out: BTreeSet<i64> = ids.iter().copied().collect();
        loop {
            let before = out.len();
            for (&child, parent) in &self.parents {
                if parent.is_some_and(|p| out.contains(&p)) {
                    out.insert(child);
                }
            }
            if out.len() == before {
                return out;
            }
        }
    }
}

/// A product's `(term, weight)` rows. Each language's text is one document with that language's
/// category path as tags; tags, the vendor and SKUs belong to no language and count once.
fn product_terms(
    product: &Product,
    texts: &[ProductText],
    tags: &[String],
    variants: &[Variant],
    tree: &CategoryTree,
    langs: &[search::Language],
) -> Vec<(String, i64)> {
    let paths: Vec<Vec<&str>> = texts
        .iter()
        .map(|t| tree.path_names(product.category_id, &t.lang))
        .collect();
    let mut docs: Vec<search::Document> = texts
        .iter()
        .zip(&paths)
        .map(|(t, path)| search::Document {
            title: &t.title,
            tags: path,
            sku: &[],
            description: &t.description_md,
        })
        .collect();
    let mut neutral: Vec<&str> = tags.iter().map(String::as_str).collect();
    neutral.extend(product.vendor.as_deref().filter(|v| !v.trim().is_empty()));
    let skus: Vec<&str> = variants.iter().filter_map(|v| v.sku.as_deref()).collect();
    docs.push(search::Document {
        title: "",
        tags: &neutral,
        sku: &skus,
        description: "",
    });
    search::index_terms(&docs, langs)
}

fn languages(shop: &Shop) -> Vec<search::Language> {
    shop.lang_list()
        .iter()
        .filter_map(|l| search::Language::from_code(l))
        .collect()
}

/// Rebuilds the search terms of `ids` from what the transaction sees now. An id that is not a
/// product of this shop is passed over (a bulk action names what the seller ticked).
pub async fn reindex_products(conn: &mut Conn, shop: &Shop, ids: &[i64]) -> store::Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let indexer = Indexer::new(conn, shop).await?;
    for &id in ids {
        indexer.reindex(conn, id).await?;
    }
    Ok(())
}

/// [`reindex_products`] one product at a time, for a caller that bounds how long its
/// transaction lasts (an import's batches): the shop's categories are read once.
pub struct Indexer {
    shop_id: store::id::ShopId,
    tree: CategoryTree,
    langs: Vec<search::Language>,
}

impl Indexer {
    pub async fn new(conn: &mut Conn, shop: &Shop) -> store::Result<Indexer> {
        let categories = store::catalog::categories(conn, shop.sid()).await?;
        Ok(Indexer {
            shop_id: shop.sid(),
            tree: CategoryTree::new(categories, &shop.default_lang),
            langs: languages(shop),
        })
    }

    /// Rebuilds the terms of product `id` (passed over if it is not one of the shop's).
    pub async fn reindex(&self, conn: &mut Conn, id: i64) -> store::Result<()> {
        let shop_id = self.shop_id;
        let product = match store::catalog::product(conn, shop_id, id).await {
            Ok(p) => p,
            Err(store::StoreError::NotFound) => return Ok(()),
            Err(e) => return Err(e),
        };
        let texts = store::catalog::texts(conn, shop_id, id).await?;
        let tags = store::catalog::tags(conn, shop_id, id).await?;
        let variants = store::catalog::variants(conn, shop_id, id).await?;
        let terms = product_terms(&product, &texts, &tags, &variants, &self.tree, &self.langs);
        store::catalog::replace_search_terms(conn, shop_id, id, &terms).await
    }
}

pub async fn reindex_product(conn: &mut Conn, shop: &Shop, id: i64) -> store::Result<()> {
    reindex_products(conn, shop, &[id]).await
}

/// After categories were renamed or moved: their products, and those of every category below
/// them, carry the names in their terms.
pub async fn reindex_categories(
    conn: &mut Conn,
    shop: &Shop,
    category_ids: &[i64],
) -> store::Result<()> {
    let categories = store::catalog::categories(conn, shop.sid()).await?;
    let affected: Vec<i64> = CategoryTree::new(categories, &shop.default_lang)
        .with_descendants(category_ids)
        .into_iter()
        .collect();
    let products = store::catalog::product_ids_in_categories(conn, shop.sid(), &affected).await?;
    reindex_products(conn, shop, &products).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(id: i64, parent_id: Option<i64>, lang: &str, name: &str) -> Category {
        Category {
            id,
            parent_id,
            position: 0,
            lang: lang.into(),
            name: name.into(),
            slug: name.to_lowercase(),
            description: String::new(),
        }
    }

    fn tree_rows() -> Vec<Category> {
        vec![
            category(1, None, "fr", "Fromages"),
            category(1, None, "en", "Cheeses"),
            category(2, Some(1), "fr", "Pâtes molles"),
            category(3, Some(2), "fr", "Croûtes lavées"),
            category(9, None, "fr", "Accessoires"),
        ]
    }

    #[test]
    fn a_category_path_is_named_in_each_language_with_the_default_as_fallback() {
        let rows = tree_rows();
        let tree = CategoryTree::new(rows, "fr");
        assert_eq!(
            tree.path_names(Some(3), "fr"),
            ["Croûtes lavées", "Pâtes molles", "Fromages"]
        );
        assert_eq!(
            tree.path_names(Some(3), "en"),
            ["Croûtes lavées", "Pâtes molles", "Cheeses"]
        );
        assert!(tree.path_names(None, "fr").is_empty());
    }

    fn product(category_id: Option<i64>) -> Product {
        Product {
            id: 7,
            kind: "physical".into(),
            status: "active".into(),
            category_id,
            vat_class: "standard".into(),
            condition: None,
            vendor: Some("Maison Berthaut".into()),
            track_stock: 1,
            allow_backorder: 0,
            featured: 0,
            details: "{}".into(),
            safety: "{}".into(),
            created_at: 0,
            updated_at: 0,
        }
    }

    fn text(lang: &str, title: &str) -> ProductText {
        ProductText {
            lang: lang.into(),
            title: title.into(),
            slug: String::new(),
            description_md: String::new(),
            seo_title: String::new(),
            seo_description: String::new(),
        }
    }

    #[test]
    fn tags_and_skus_count_once_and_categories_in_each_language() {
        let rows = tree_rows();
        let tree = CategoryTree::new(rows, "fr");
        let langs = [search::Language::French, search::Language::English];
        let texts = [text("fr", "Époisses"), text("en", "Epoisses")];
        let one = product_terms(
            &product(Some(2)),
            &texts[..1],
            &["cadeau".into()],
            &[],
            &tree,
            &langs,
        );
        let two = product_terms(
            &product(Some(2)),
            &texts,
            &["cadeau".into()],
            &[],
            &tree,
            &langs,
        );
        let weight = |terms: &[(String, i64)], t: &str| {
            terms.iter().find(|(term, _)| term == t).map(|(_, w)| *w)
        };
        // A tag weighs the same whether the product is written in one language or two.
        assert_eq!(weight(&one, "cadeau"), Some(search::TAG_WEIGHT));
        assert_eq!(weight(&two, "cadeau"), Some(search::TAG_WEIGHT));
        // The category and its parent, in French; the English text adds the English name.
        assert!(weight(&one, "molles").is_some());
        assert!(weight(&one, "fromages").is_some());
        assert_eq!(weight(&one, "cheeses"), None);
        assert!(weight(&two, "cheeses").is_some());
        // The vendor is searchable.
        assert!(weight(&one, "berthaut").is_some());
    }

    #[test]
    fn descendants_include_every_level_and_nothing_else() {
        let rows = tree_rows();
        let tree = CategoryTree::new(rows, "fr");
        assert_eq!(
            tree.with_descendants(&[1]).into_iter().collect::<Vec<_>>(),
            [1, 2, 3]
        );
        assert_eq!(
            tree.with_descendants(&[9]).into_iter().collect::<Vec<_>>(),
            [9]
        );
    }
}
