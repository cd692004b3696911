//! Read queries of the storefront: product cards for the home, category pages and search
//! results, a visible product by its slug, and the sitemap's entries. Every query filters on the
//! shop and on the statuses a shopper may see (active, coming soon).

use serde::Serialize;
use sqlx::FromRow;

use crate::id::ShopId;
use crate::{Conn, Result};

/// Statuses shown on the storefront (`domain::catalog::ProductStatus::is_visible`).
pub(crate) const VISIBLE: &str = "('active', 'coming_soon')";

/// A product as a listing shows it: its text in the wanted language (or the shop's default
/// language), its lowest variant price and whether any of it can be sold now.
#[derive(Debug, Clone, FromRow, Serialize, PartialEq, Eq)]
pub struct Card {
    pub id: i64,
    pub status: String,
    pub title: String,
    pub slug: String,
    pub price_minor: i64,
    pub compare_at_minor: Option<i64>,
    /// The product's VAT class (a shop typing prices tax excluded shows them with its VAT).
    pub vat_class: String,
    /// 1 when stock is not tracked, backorders are taken or a variant has stock.
    pub available: i64,
    pub created_at: i64,
}

/// How a listing is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Newest,
    PriceAsc,
    PriceDesc,
    Title,
}

impl Sort {
    pub fn parse(s: &str) -> Sort {
        match s {
            "price_asc" => Sort::PriceAsc,
            "price_desc" => Sort::PriceDesc,
            "title" => Sort::Title,
            _ => Sort::Newest,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::PriceAsc => "price_asc",
            Sort::PriceDesc => "price_desc",
            Sort::Title => "title",
        }
    }
    /// `price`: the price shoppers see, as an SQL expression.
    fn order_by(self, price: &str) -> String {
        match self {
            Sort::Newest => "created_at DESC, id".into(),
            Sort::PriceAsc => format!("{price}, id"),
            Sort::PriceDesc => format!("{price} DESC, id"),
            Sort::Title => "title, id".into(),
        }
    }
}

/// What a listing asks for. Empty `category_ids` means every category.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub lang: String,
    pub default_lang: String,
    pub category_ids: Vec<i64>,
    pub featured_only: bool,
    pub min_price: Option<i64>,
    pub max_price: Option<i64>,
    pub available_only: bool,
    pub ids: Vec<i64>,
    /// (axis name in `option_lang`, value): products with a variant of that value on that axis.
    pub options: Vec<(String, String)>,
    pub option_lang: String,
    pub sort: Sort,
    /// Tax added to stored prices for shoppers, by VAT class (`domain::tax::added_rates`):
    /// the price filters and sorts compare prices as shown. Empty: stored prices are shown.
    pub added_rates: Vec<(domain::catalog::VatClass, u32)>,
}

impl Filter {
    /// The price a card shows, as an SQL expression over its columns: the stored price plus
    /// the VAT of its class, rounded as `domain::tax::vat_on` rounds (class names and rates are
    /// the code's own, not the request's).
    fn shown_price(&self) -> String {
        if self.added_rates.iter().all(|(_, r)| *r == 0) {
            return "price_minor".into();
        }
        let cases: Vec<String> = self
            .added_rates
            .iter()
            .filter(|(_, r)| *r > 0)
            .map(|(class, rate)| {
                format!(
                    "WHEN '{}' THEN (price_minor * {rate} + 5000) / 10000",
                    class.as_str()
                )
            })
            .collect();
        format!(
            "(price_minor + CASE vat_class {} ELSE 0 END)",
            cases.join(" ")
        )
    }
}

enum Arg {
    Int(i64),
    Text(String),
}

/// The cards of the visible products `scope` keeps (a condition on `p`, the products), with
/// the text in `lang_arg`, falling back to `default_arg`; products without either text are
/// left out. A shop's listings and the mall's search (products of many shops) share it.
pub(crate) fn cards_sql(scope: &str, lang_arg: &str, default_arg: &str) -> String {
    format!(
        "SELECT * FROM (SELECT p.shop_id, p.id, p.status, p.created_at, p.category_id, p.featured, p.vat_class, \
         COALESCE(t1.title, t2.title) AS title, COALESCE(t1.slug, t2.slug) AS slug, \
         (SELECT MIN(v.price_minor) FROM variants v WHERE v.shop_id = p.shop_id AND v.product_id = p.id) AS price_minor, \
         (SELECT MAX(v.compare_at_minor) FROM variants v WHERE v.shop_id = p.shop_id AND v.product_id = p.id) AS compare_at_minor, \
         CASE WHEN p.track_stock = 0 OR p.allow_backorder = 1 OR EXISTS (SELECT 1 FROM variants v \
           WHERE v.shop_id = p.shop_id AND v.product_id = p.id AND v.quantity > 0) THEN CAST(1 AS BIGINT) ELSE CAST(0 AS BIGINT) END AS available \
         FROM products p \
         LEFT JOIN product_texts t1 ON t1.shop_id = p.shop_id AND t1.product_id = p.id AND t1.lang = {lang_arg} \
         LEFT JOIN product_texts t2 ON t2.shop_id = p.shop_id AND t2.product_id = p.id AND t2.lang = {default_arg} \
         WHERE {scope} AND p.status IN {VISIBLE}) AS cards \
         WHERE title IS NOT NULL AND price_minor IS NOT NULL"
    )
}

fn build(shop_id: ShopId, f: &Filter) -> (String, Vec<Arg>) {
    let mut args = vec![
        Arg::Int(shop_id.get()),
        Arg::Text(f.lang.clone()),
        Arg::Text(f.default_lang.clone()),
    ];
    let mut sql = cards_sql("p.shop_id = $1", "$2", "$3");
    let push = |args: &mut Vec<Arg>, a: Arg| -> String {
        args.push(a);
        format!("${}", args.len())
    };
    if !f.category_ids.is_empty() {
        let ps: Vec<String> = f
            .category_ids
            .iter()
            .map(|id| push(&mut args, Arg::Int(*id)))
            .collect();
        sql.push_str(&format!(" AND category_id IN ({})", ps.join(", ")));
    }
    if !f.ids.is_empty() {
        let ps: Vec<String> = f
            .ids
            .iter()
            .map(|id| push(&mut args, Arg::Int(*id)))
            .collect();
        sql.push_str(&format!(" AND id IN ({})", ps.join(", ")));
    }
    if f.featured_only {
        sql.push_str(" AND featured = 1");
    }
    let price = f.shown_price();
    if let Some(min) = f.min_price {
        let p = push(&mut args, Arg::Int(min));
        sql.push_str(&format!(" AND {price} >= {p}"));
    }
    if let Some(max) = f.max_price {
        let p = push(&mut args, Arg::Int(max));
        sql.push_str(&format!(" AND {price} <= {p}"));
    }
    if f.available_only {
        sql.push_str(" AND available = 1");
    }
    for (name, value) in &f.options {
        let l = push(&mut args, Arg::Text(f.option_lang.clone()));
        let n = push(&mut args, Arg::Text(name.clone()));
        let v = push(&mut args, Arg::Text(value.clone()));
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM variants v JOIN product_options po \
             ON po.shop_id = v.shop_id AND po.product_id = v.product_id \
             WHERE v.shop_id = $1 AND v.product_id = cards.id AND po.lang = {l} AND po.name = {n} \
             AND ((po.axis = 1 AND v.option1 = {v}) OR (po.axis = 2 AND v.option2 = {v}) \
             OR (po.axis = 3 AND v.option3 = {v})))"
        ));
    }
    (sql, args)
}

/// One page of cards matching `f`, and how many match in all.
pub async fn cards(
    conn: &mut Conn,
    shop_id: ShopId,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Card>, i64)> {
    let (sql, args) = build(shop_id, f);
    let count_sql = format!("SELECT COUNT(*) FROM ({sql}) AS n");
    let mut q = sqlx::query_scalar::<_, i64>(&count_sql);
    for a in &args {
        q = match a {
            Arg::Int(i) => q.bind(*i),
            Arg::Text(s) => q.bind(s.clone()),
        };
    }
    let total = q.fetch_one(&mut *conn).await?;
    let page_sql = format!(
        "SELECT id, status, title, slug, price_minor, compare_at_minor, vat_class, available, \
         created_at FROM ({sql}) AS page ORDER BY {} LIMIT {} OFFSET {}",
        f.sort.order_by(&f.shown_price()),
        limit.clamp(0, 1000),
        offset.max(0)
    );
    let mut q = sqlx::query_as::<_, Card>(&page_sql);
    for a in args {
        q = match a {
            Arg::Int(i) => q.bind(i),
            Arg::Text(s) => q.bind(s),
        };
    }
    Ok((q.fetch_all(&mut *conn).await?, total))
}

/// The option values offered by the visible products of these categories, as
/// `(axis name in lang, value)`, sorted, for the category page's filters.
pub async fn option_values(
    conn: &mut Conn,
    shop_id: ShopId,
    lang: &str,
    category_ids: &[i64],
) -> Result<Vec<(String, String)>> {
    if category_ids.is_empty() {
        return Ok(Vec::new());
    }
    let ps: Vec<String> = (0..category_ids.len())
        .map(|i| format!("${}", i + 3))
        .collect();
    let sql = format!(
        "SELECT DISTINCT po.name, CASE po.axis WHEN 1 THEN v.option1 WHEN 2 THEN v.option2 ELSE v.option3 END AS value \
         FROM products p JOIN product_options po ON po.shop_id = p.shop_id AND po.product_id = p.id AND po.lang = $2 \
         JOIN variants v ON v.shop_id = p.shop_id AND v.product_id = p.id \
         WHERE p.shop_id = $1 AND p.status IN {VISIBLE} AND p.category_id IN ({}) \
         ORDER BY 1, 2",
        ps.join(", ")
    );
    let mut q = sqlx::query_as::<_, (String, Option<String>)>(&sql)
        .bind(shop_id)
        .bind(lang);
    for id in category_ids {
        q = q.bind(*id);
    }
    Ok(q.fetch_all(&mut *conn)
        .await?
        .into_iter()
        .filter_map(|(n, v)| v.filter(|v| !v.trim().is_empty()).map(|v| (n, v)))
        .collect())
}

/// The visible product a slug names, in any language: `(product id, language of the slug)`,
/// the slug in `lang` first.
pub async fn visible_product_by_slug(
    conn: &mut Conn,
    shop_id: ShopId,
    slug: &str,
    lang: &str,
) -> Result<Option<(i64, String)>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(&format!(
        "SELECT t.product_id, t.lang FROM product_texts t JOIN products p \
         ON p.shop_id = t.shop_id AND p.id = t.product_id \
         WHERE t.shop_id = $1 AND t.slug = $2 AND p.status IN {VISIBLE} ORDER BY t.lang"
    ))
    .bind(shop_id)
    .bind(slug)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .iter()
        .find(|(_, l)| l == lang)
        .or(rows.first())
        .cloned())
}

/// A text of a visible product, for the sitemap.
#[derive(Debug, Clone, FromRow, Serialize, PartialEq, Eq)]
pub struct SitemapText {
    pub product_id: i64,
    pub lang: String,
    pub slug: String,
    pub updated_at: i64,
}

/// Every text of every visible product of the shop, grouped by product.
pub async fn sitemap_texts(conn: &mut Conn, shop_id: ShopId) -> Result<Vec<SitemapText>> {
    Ok(sqlx::query_as(&format!(
        "SELECT t.product_id, t.lang, t.slug, p.updated_at FROM product_texts t JOIN products p \
         ON p.shop_id = t.shop_id AND p.id = t.product_id \
         WHERE t.shop_id = $1 AND p.status IN {VISIBLE} ORDER BY t.product_id, t.lang"
    ))
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// The products a search found, best first: runs the statement built by the `search` crate
/// (`$1` shop id, `$2` limit, `$3` offset, then its own text or integer arguments).
pub async fn search_ids(
    conn: &mut Conn,
    shop_id: ShopId,
    sql: &str,
    args: &[SearchArg],
    limit: i64,
    offset: i64,
) -> Result<Vec<i64>> {
    let mut q = sqlx::query_as::<_, (i64, i64)>(sql)
        .bind(shop_id)
        .bind(limit)
        .bind(offset);
    for a in args {
        q = match a {
            SearchArg::Int(i) => q.bind(*i),
            SearchArg::Text(s) => q.bind(s.clone()),
        };
    }
    Ok(q.fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect())
}

/// An argument of a search statement (mirrors `search::SqlArg`; the store does not depend on
/// the search crate).
#[derive(Debug, Clone)]
pub enum SearchArg {
    Int(i64),
    Text(String),
}

/// A variant of a listed product, with whether its product tracks stock.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct ListedVariant {
    pub product_id: i64,
    pub id: i64,
    pub sku: Option<String>,
    pub option1: Option<String>,
    pub option2: Option<String>,
    pub option3: Option<String>,
    pub price_minor: i64,
    pub quantity: i64,
    pub track_stock: i64,
}

/// The variants of these products of the shop, product by product in their own order.
pub async fn variants_of(
    conn: &mut Conn,
    shop_id: ShopId,
    product_ids: &[i64],
) -> Result<Vec<ListedVariant>> {
    if product_ids.is_empty() {
        return Ok(Vec::new());
    }
    let ps: Vec<String> = (0..product_ids.len())
        .map(|i| format!("${}", i + 2))
        .collect();
    let sql = format!(
        "SELECT v.product_id, v.id, v.sku, v.option1, v.option2, v.option3, v.price_minor, \
         v.quantity, p.track_stock \
         FROM variants v JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id \
         WHERE v.shop_id = $1 AND v.product_id IN ({}) ORDER BY v.product_id, v.position, v.id",
        ps.join(", ")
    );
    let mut q = sqlx::query_as::<_, ListedVariant>(&sql).bind(shop_id);
    for id in product_ids {
        q = q.bind(*id);
    }
    Ok(q.fetch_all(&mut *conn).await?)
}

/// The shop's variant that carries this SKU (SKUs are unique in a shop).
pub async fn variant_by_sku(
    conn: &mut Conn,
    shop_id: ShopId,
    sku: &str,
) -> Result<Option<crate::id::VariantId>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM variants WHERE shop_id = $1 AND sku = $2")
            .bind(shop_id)
            .bind(sku)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// A visible product as feeds list it: its row and its text in the feed's language (the
/// default language's when it has none in that one).
#[derive(Debug, Clone, FromRow)]
pub struct FeedProduct {
    #[sqlx(flatten)]
    pub product: crate::catalog::Product,
    /// The text's language (the default one's when the product has none in the feed's).
    pub lang: String,
    pub title: String,
    pub slug: String,
    pub description_md: String,
}

/// Every visible product of the shop with its text in `lang` (else in `default_lang`), newest
/// first; at most `limit`.
pub async fn feed_products(
    conn: &mut Conn,
    shop_id: ShopId,
    lang: &str,
    default_lang: &str,
    limit: i64,
) -> Result<Vec<FeedProduct>> {
    Ok(sqlx::query_as(&format!(
        "SELECT p.id, p.kind, p.status, p.category_id, p.vat_class, p.condition, p.vendor, \
         p.track_stock, p.allow_backorder, p.featured, p.details, p.safety, p.created_at, \
         p.updated_at, t.lang, t.title, t.slug, t.description_md \
         FROM products p JOIN product_texts t ON t.shop_id = p.shop_id AND t.product_id = p.id \
         AND t.lang = (SELECT CASE WHEN EXISTS (SELECT 1 FROM product_texts x \
           WHERE x.shop_id = p.shop_id AND x.product_id = p.id AND x.lang = $2) \
           THEN $2 ELSE $3 END) \
         WHERE p.shop_id = $1 AND p.status IN {VISIBLE} \
         ORDER BY p.created_at DESC, p.id DESC LIMIT $4"
    ))
    .bind(shop_id)
    .bind(lang)
    .bind(default_lang)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?)
}

/// Every variant of the shop's visible products, by product then position.
pub async fn feed_variants(
    conn: &mut Conn,
    shop_id: ShopId,
) -> Result<Vec<crate::catalog::Variant>> {
    Ok(sqlx::query_as(&format!(
        "SELECT v.id, v.product_id, v.position, v.sku, v.option1, v.option2, v.option3, \
         v.price_minor, v.compare_at_minor, v.quantity, v.weight_grams, v.image_id \
         FROM variants v JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id \
         WHERE v.shop_id = $1 AND p.status IN {VISIBLE} ORDER BY v.product_id, v.position, v.id"
    ))
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// The price changes of every variant of the shop's visible products: `(variant id, unix
/// seconds, price)`, by variant then time.
pub async fn feed_price_history(conn: &mut Conn, shop_id: ShopId) -> Result<Vec<(i64, i64, i64)>> {
    Ok(sqlx::query_as(&format!(
        "SELECT h.variant_id, h.at, h.price_minor FROM price_history h \
         JOIN variants v ON v.shop_id = h.shop_id AND v.id = h.variant_id \
         JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id \
         WHERE h.shop_id = $1 AND p.status IN {VISIBLE} ORDER BY h.variant_id, h.at"
    ))
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?)
}
