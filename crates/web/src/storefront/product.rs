//! The product page: the no-JavaScript variant picker, price and stock, what search engines read,
//! and the block of the product's kind (see `product_kind`).

use crate::extract::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use domain::catalog::details::Details;
use domain::catalog::stock::{Availability, StockPolicy};
use domain::catalog::{ProductKind, ProductStatus};

use super::product_kind::{kind_view, KindView};
use super::{
    breadcrumb_ld, crumbs_to, currency, href, json_ld, lang_url, money, moved_to, og_locale,
    origin, ta, with_params, with_switch,
};
use super::{Link, Seo};
use crate::catalog_images::ImageView;
use crate::ctx::{urlencode, Ctx};
use crate::error::{AppError, AppResult};
use crate::platform::render;
use crate::state::AppState;
use crate::tenant::Tenant;

struct AxisView {
    field: String,
    name: String,
    options: Vec<OptView>,
}

struct OptView {
    value: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "storefront/product.html")]
struct ProductPage {
    c: Ctx,
    seo: Seo,
    crumbs: Vec<Link>,
    title: String,
    content_lang: String,
    description_html: String,
    price: String,
    /// The price shown, in minor units (for the estimate in another currency).
    price_minor: i64,
    old_price: Option<String>,
    reference: Option<String>,
    discount: Option<String>,
    sku: Option<String>,
    stock: String,
    stock_class: &'static str,
    coming_soon: bool,
    /// A coming-soon product's "tell me when it is on sale" form: (action, product id).
    interest: Option<(String, i64)>,
    axes: Vec<AxisView>,
    picked_missing: bool,
    action: String,
    kind: KindView,
    /// "Add to cart", unless the product cannot be bought now (coming soon, a missing variant).
    buy: Option<BuyForm>,
    /// The product's tags, each linking to its tag page.
    tags: Vec<Link>,
    gallery: Vec<ImageView>,
    /// Its buyers' reviews: the average and count in words, and the newest ones.
    rating: Option<String>,
    reviews: Vec<ReviewView>,
    /// The shop's partners and the products of theirs it shows.
    neighbours: Vec<super::neighbours::NeighbourView>,
}

/// A review as the product page shows it.
struct ReviewView {
    name: String,
    /// "★★★★☆", and the same in words ("4 sur 5").
    stars: String,
    stars_label: String,
    body: Vec<String>,
    /// "avis du 12/03/2027", "Achat du 02/03/2027".
    written: String,
    bought: String,
    /// The shop's answer: who answers, and what.
    reply: Option<(String, String)>,
}

/// A day as the product page writes it, on the shop's clock.
fn day_of(t: &Tenant, c: &Ctx, at: i64) -> String {
    let tz = crate::booking::shop_tz(&t.shop.timezone);
    let d = chrono::TimeZone::timestamp_opt(&tz, at, 0)
        .single()
        .map(|d| d.date_naive())
        .unwrap_or_default();
    match c.lang {
        domain::locale::Lang::Fr => d.format("%d/%m/%Y").to_string(),
        domain::locale::Lang::En => d.format("%-d %b %Y").to_string(),
    }
}

/// The "add to cart" form of the variant shown (none when it is sold out or has no free slot).
/// It carries no token: the page is the same for
/// every visitor (see `shopper::cart`).
struct BuyForm {
    action: String,
    variant: i64,
    /// "goods", "single" (a unique piece or a download: no quantity), "rental" or "service".
    mode: &'static str,
    max: i64,
    /// A service's free slots: (value, label).
    slots: Vec<(i64, String)>,
    /// The first day a rental may start, `YYYY-MM-DD` (the page's day; the server checks).
    today: String,
}

/// The product's address in each of the shop's languages: its own slug where it has a text in
/// that language, the text shown instead (the default language's) where it has none.
fn product_paths(
    t: &Tenant,
    c: &Ctx,
    texts: &[store::catalog::ProductText],
) -> Vec<(String, String)> {
    c.langs
        .iter()
        .filter_map(|l| {
            let x = texts
                .iter()
                .find(|x| x.lang == l.as_str())
                .or_else(|| texts.iter().find(|x| x.lang == t.shop.default_lang))
                .or(texts.first())?;
            Some((
                l.as_str().to_string(),
                lang_url(t, &format!("/p/{}", x.slug), l.as_str()),
            ))
        })
        .collect()
}

pub(super) async fn product(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    Path((_, slug)): Path<(String, String)>,
    Query(q): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    let lang = c.lang.as_str();
    let default = t.shop.default_lang.clone();
    let data = st.shop_data.get(&st.store, &t.shop).await?;
    let mut conn = st.store.reader().await?;
    let store::product_page::ProductPage {
        product: p,
        texts,
        variants,
        history,
        options: option_names,
        tags,
        mut images,
        reviews,
        review_count,
        review_sum,
    } = store::product_page::by_slug(&mut conn, t.id(), &slug, lang)
        .await?
        .ok_or(AppError::NotFound)?;
    let id = p.id;
    let status = ProductStatus::parse(&p.status).map_err(|_| AppError::NotFound)?;
    if !status.is_visible() {
        return Err(AppError::NotFound);
    }
    let average = domain::community::average(review_sum, review_count);
    let text = texts
        .iter()
        .find(|x| x.lang == lang)
        .or_else(|| texts.iter().find(|x| x.lang == default))
        .or(texts.first())
        .ok_or(AppError::NotFound)?
        .clone();
    if text.slug != slug {
        return Ok(moved_to(&href(&t, &c, &format!("/p/{}", text.slug)), &q));
    }
    if variants.is_empty() {
        return Err(AppError::NotFound);
    }
    // Axes in use: the highest axis any variant has a value on.
    let axis_count = variants
        .iter()
        .map(|v| {
            [&v.option1, &v.option2, &v.option3]
                .iter()
                .rposition(|o| o.as_deref().is_some_and(|s| !s.trim().is_empty()))
                .map(|i| i + 1)
                .unwrap_or(0)
        })
        .max()
        .unwrap_or(0);
    let values = |v: &store::catalog::Variant| -> Vec<String> {
        [&v.option1, &v.option2, &v.option3]
            .iter()
            .take(axis_count)
            .map(|o| o.as_deref().unwrap_or_default().to_string())
            .collect()
    };
    let grid: Vec<Vec<String>> = variants.iter().map(values).collect();
    let fields: Vec<String> = (1..=axis_count).map(|i| format!("o{i}")).collect();
    let axes_keys = domain::catalog::variants::OptionAxes::parse(&fields)
        .map_err(|e| anyhow::anyhow!("axes: {e:?}"))?;
    let selected: Vec<(String, String)> = q
        .iter()
        .filter(|(k, _)| fields.contains(k))
        .cloned()
        .collect();
    let (index, picked_missing) = if selected.is_empty() {
        (0, false)
    } else {
        match domain::catalog::variants::pick_variant(&axes_keys, &grid, &selected) {
            Some(i) => (i, false),
            None => (0, true),
        }
    };
    let v = &variants[index];
    // A picked variant shows its own picture first.
    if !selected.is_empty() && !picked_missing {
        if let Some(at) = v
            .image_id
            .and_then(|vi| images.iter().position(|i| i.id == vi))
        {
            let img = images.remove(at);
            images.insert(0, img);
        }
    }
    let gallery: Vec<ImageView> = images
        .iter()
        .map(|i| ImageView::new(&t.base, i, lang, &default))
        .collect();
    let axes: Vec<AxisView> = (0..axis_count)
        .map(|i| {
            let axis = i as i64 + 1;
            let name = option_names
                .iter()
                .find(|(a, l, _)| *a == axis && l == lang)
                .or_else(|| {
                    option_names
                        .iter()
                        .find(|(a, l, _)| *a == axis && *l == default)
                })
                .or_else(|| option_names.iter().find(|(a, _, _)| *a == axis))
                .map(|(_, _, n)| n.clone())
                .unwrap_or_else(|| ta(&c, "shop-option", &[("n", axis.to_string())]));
            let field = format!("o{axis}");
            let chosen = if picked_missing {
                selected
                    .iter()
                    .find(|(k, _)| *k == field)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            } else {
                grid[index][i].clone()
            };
            let mut options: Vec<OptView> = Vec::new();
            for row in &grid {
                let value = &row[i];
                if !value.is_empty() && !options.iter().any(|o| &o.value == value) {
                    options.push(OptView {
                        value: value.clone(),
                        selected: value.trim().to_lowercase() == chosen.trim().to_lowercase(),
                    });
                }
            }
            AxisView {
                field,
                name,
                options,
            }
        })
        .collect();
    let stock = StockPolicy {
        track: p.track_stock != 0,
        quantity: v.quantity,
        allow_backorder: p.allow_backorder != 0,
    };
    let availability = stock.availability();
    let (stock_text, stock_class) = match availability {
        Availability::InStock(_) => (c.t("shop-stock-in"), "in"),
        Availability::LowStock(n) => (ta(&c, "shop-stock-low", &[("count", n.to_string())]), "low"),
        Availability::OutOfStock => (c.t("shop-stock-out"), "out"),
        Availability::Backorder => (c.t("shop-stock-backorder"), "in"),
        Availability::NotTracked => (c.t("shop-stock-untracked"), "in"),
    };
    let coming_soon = status == ProductStatus::ComingSoon;
    let no_history = Vec::new();
    let history = history.get(&v.id).unwrap_or(&no_history);
    let discount = domain::catalog::price::discount_display(v.price_minor, history, store::now());
    // Every price the page shows, tax included at the shop's rates (as typed, or with the VAT
    // of a shop that types its prices tax excluded).
    let class = domain::catalog::VatClass::parse(&p.vat_class)
        .unwrap_or(domain::catalog::VatClass::Standard);
    let tax = data.tax;
    let shown = |minor: i64| domain::tax::shown_price(&tax, class, minor);
    // The seller's SIREN is a mention of animal sales only.
    let siren = if p.kind == ProductKind::LiveAnimal.as_str() {
        data.legal
            .siret
            .as_deref()
            .and_then(|s| domain::legal::Siret::parse(s).ok())
            .map(|s| s.siren().formatted())
    } else {
        None
    };
    let mut crumbs = crumbs_to(&t, &c, &data.categories, p.category_id);
    let path = format!("/p/{}", text.slug);
    crumbs.push(Link {
        name: text.title.clone(),
        href: href(&t, &c, &path),
    });
    let origin = origin(&st, &t, &headers);
    let canonical = format!("{origin}{}", lang_url(&t, &path, &text.lang));
    let description = if text.seo_description.trim().is_empty() {
        domain::catalog::markdown::plain_text(&text.description_md)
    } else {
        text.seo_description.trim().to_string()
    };
    let description = if description.is_empty() {
        format!("{} — {}", text.title, t.shop.name)
    } else {
        description
    };
    let origin_of = |src: &str| format!("{origin}{src}");
    let product_ld = json_ld(
        &super::product_ld::ProductLd {
            name: &text.title,
            description: &description,
            url: &canonical,
            group_id: &text.slug,
            images: gallery.iter().map(|g| origin_of(&g.src)).collect(),
            brand: p.vendor.as_deref(),
            condition: p
                .condition
                .as_deref()
                .and_then(|s| domain::catalog::Condition::parse(s).ok()),
            kind: ProductKind::parse(&p.kind).ok(),
            coming_soon,
            track_stock: p.track_stock != 0,
            allow_backorder: p.allow_backorder != 0,
            currency: currency(&t),
            tax: &tax,
            vat_class: class,
            axes: axes.iter().map(|a| a.name.clone()).collect(),
            variants: &variants,
            shown: index,
            table: &data.shipping,
            country: domain::country::Country::parse(&data.legal.country)
                .unwrap_or(domain::country::Country::FR),
            consumer_law: domain::legal::LegalStatus::parse(&data.legal.status)
                .map_or(true, domain::legal::LegalStatus::consumer_law_applies),
            rating: average.map(|a| (a, review_count)),
            reviews: &reviews,
        }
        .document(),
    );
    let paths = product_paths(&t, &c, &texts);
    let alternates = paths
        .iter()
        .filter(|(l, _)| texts.iter().any(|x| &x.lang == l))
        .map(|(l, p)| (l.clone(), format!("{origin}{p}")))
        .collect();
    let seo = Seo {
        title: if text.seo_title.trim().is_empty() {
            format!("{} — {}", text.title, t.shop.name)
        } else {
            text.seo_title.trim().to_string()
        },
        description,
        canonical,
        alternates,
        x_default: None,
        og_type: "product",
        site_name: t.shop.name.clone(),
        locale: og_locale(c.lang),
        noindex: false,
        image: gallery.first().map(|g| origin_of(&g.src)),
        jsonld: vec![product_ld, breadcrumb_ld(&crumbs, &origin)],
    };
    let mut kind = kind_view(&t, &c, &p, siren, &shown);
    let details = Details::from_json(&p.details);
    match ProductKind::parse(&p.kind) {
        Ok(ProductKind::Service) => {
            let terms = domain::catalog::service::ServiceTerms::new(
                details.duration_minutes.unwrap_or(0),
                details.capacity_per_slot.unwrap_or(0),
            );
            if let Ok(terms) = terms {
                kind.slots = Some(
                    crate::booking::service_slots(&mut conn, &c, &t.shop, id, &terms, store::now())
                        .await?,
                );
            }
        }
        Ok(ProductKind::Rental) => {
            let month = q
                .iter()
                .find(|(k, _)| k == "month")
                .map(|(_, v)| v.as_str());
            let page = href(&t, &c, &path);
            kind.calendar = Some(
                crate::booking::rental_calendar(
                    &mut conn,
                    &c,
                    &t.shop,
                    id,
                    month,
                    store::now(),
                    |m| with_params(&page, &[("month", m.to_string())]),
                )
                .await?,
            );
        }
        _ => {}
    }
    let buy = (!coming_soon && !picked_missing)
        .then(|| {
            let kind_of = ProductKind::parse(&p.kind).ok();
            let mode = match kind_of {
                Some(ProductKind::Rental) => "rental",
                Some(ProductKind::Service) => "service",
                Some(ProductKind::Unique | ProductKind::Digital) => "single",
                _ => "goods",
            };
            let slots: Vec<(i64, String)> = kind
                .slots
                .iter()
                .flatten()
                .flat_map(|d| {
                    d.slots
                        .iter()
                        .filter(|s| !s.full)
                        .map(move |s| (s.start, format!("{} {}", d.label, s.time)))
                })
                .collect();
            let tz = crate::booking::shop_tz(&t.shop.timezone);
            let sold_out = match mode {
                "goods" | "single" => availability == Availability::OutOfStock,
                "service" => slots.is_empty(),
                _ => false,
            };
            (!sold_out).then(|| BuyForm {
                action: href(&t, &c, "/cart/add"),
                variant: v.id,
                mode,
                // The cached page is renewed when its stock words change (see
                // `Availability::same_on_page`), not at every sale: only "only n left" may bound
                // the field by the stock; otherwise the cart says what it cannot give.
                max: match availability {
                    Availability::LowStock(n) if !stock.allow_backorder => {
                        n.clamp(1, app::cart::MAX_QUANTITY)
                    }
                    _ => app::cart::MAX_QUANTITY,
                },
                slots,
                today: chrono::TimeZone::timestamp_opt(&tz, store::now(), 0)
                    .single()
                    .map(|d| d.date_naive().format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            })
        })
        .flatten();
    let neighbours = super::neighbours::views(&st, &t, &c, &data);
    Ok(render(ProductPage {
        neighbours,
        buy,
        seo: seo.with_x_default(&t.shop.default_lang),
        crumbs,
        title: text.title.clone(),
        content_lang: text.lang.clone(),
        description_html: domain::catalog::markdown::render(&text.description_md),
        price: money(&t, &c, shown(v.price_minor)),
        price_minor: shown(v.price_minor),
        // A struck-through price is only shown beside a real reduction, that is when the price
        // history gives a reference price (the lowest of the last 30 days) above today's.
        old_price: discount.map(|(r, _)| {
            money(
                &t,
                &c,
                shown(
                    v.compare_at_minor
                        .filter(|&x| x > v.price_minor)
                        .unwrap_or(r),
                ),
            )
        }),
        reference: discount.map(|(r, _)| {
            ta(
                &c,
                "shop-reference-price",
                &[("price", money(&t, &c, shown(r)))],
            )
        }),
        discount: discount
            .filter(|(_, pct)| *pct > 0)
            .map(|(_, pct)| ta(&c, "shop-discount", &[("percent", pct.to_string())])),
        sku: v.sku.clone(),
        stock: stock_text,
        stock_class,
        coming_soon,
        interest: coming_soon.then(|| (href(&t, &c, "/interest"), p.id)),
        axes,
        picked_missing,
        action: href(&t, &c, &path),
        kind,
        tags: tags
            .into_iter()
            .map(|tag| Link {
                href: href(&t, &c, &format!("/t/{}", urlencode(&tag))),
                name: tag,
            })
            .collect(),
        gallery,
        rating: average.map(|avg| {
            let avg = match c.lang {
                domain::locale::Lang::Fr => format!("{avg:.1}").replace('.', ","),
                domain::locale::Lang::En => format!("{avg:.1}"),
            };
            ta(
                &c,
                "review-average",
                &[("average", avg), ("count", review_count.to_string())],
            )
        }),
        reviews: reviews
            .iter()
            .map(|r| ReviewView {
                name: r.name.clone(),
                stars: super::stars(r.rating),
                stars_label: ta(&c, "review-stars", &[("n", r.rating.to_string())]),
                body: r.body.lines().map(str::to_string).collect(),
                written: ta(
                    &c,
                    "review-written",
                    &[("date", day_of(&t, &c, r.created_at))],
                ),
                bought: ta(
                    &c,
                    "review-bought",
                    &[("date", day_of(&t, &c, r.experienced_at))],
                ),
                reply: r.reply.clone().map(|text| {
                    (
                        ta(&c, "review-reply", &[("shop", t.shop.name.clone())]),
                        text,
                    )
                }),
            })
            .collect(),
        c: with_switch(c, &paths),
    })?
    .into_response())
}
