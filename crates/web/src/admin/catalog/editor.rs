//! The product editor: texts per language, status and classification, the variant grid (up to
//! three option axes), the kind-specific terms and product safety (GPSR). The page sends what was
//! typed to `app::catalog::product::save_product`, which checks and saves it (the keys of
//! `products.details` and `products.safety` are listed in its `terms` module); on refusal the page
//! comes back with 422, the messages beside the fields and the typed values kept.

use crate::extract::{Form, Path, Query};
use app::catalog::product::{
    save_product, FieldErrors, Message, ProductInput, Refusal, SaveError, Target, TextInput,
    VariantInput,
};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::catalog::animal::IdentificationKind;
use domain::catalog::details::{Details, SafetyDetails, WEEKDAYS};
use domain::catalog::markdown;
use domain::catalog::{Condition, ProductKind, ProductStatus, VatClass};
use domain::locale::Lang;
use serde::Deserialize;

use super::{cat_options, category_options, currency, plain_amount, CatOption, Fields};
use crate::admin::{Nav, Saved};
use crate::auth::StaffAuth;
use crate::catalog_images::ImageView;
use crate::ctx::{shop_langs, Ctx};
use crate::error::{AppError, AppResult};
use crate::forms::Errors;
use crate::platform::render;
use crate::state::AppState;

/// The editor's values as typed (or as loaded), redisplayed as they are.
#[derive(Default, Clone)]
struct Ed {
    f: ProductInput,
    /// The product's images (loaded, never typed in this form).
    images: Vec<store::catalog_images::Image>,
}

impl Ed {
    fn blank(langs: &[Lang]) -> Ed {
        Ed {
            f: ProductInput {
                texts: langs.iter().map(|l| TextInput::empty(*l)).collect(),
                rows: vec![VariantInput::default()],
                status: "draft".into(),
                vat_class: "standard".into(),
                track_stock: true,
                ..ProductInput::default()
            },
            images: Vec::new(),
        }
    }
}

/// The submitted form, field by field, for the languages the shop offers.
fn input_from(f: &Fields, langs: &[Lang]) -> ProductInput {
    let s = |k: &str| f.get(k).to_string();
    let count: usize = f.get("rows").parse().unwrap_or(1).clamp(1, 100);
    let rows = (0..count)
        .map(|i| VariantInput {
            id: s(&format!("v{i}_id")),
            opts: std::array::from_fn(|n| s(&format!("v{i}_o{}", n + 1))),
            sku: s(&format!("v{i}_sku")),
            price: s(&format!("v{i}_price")),
            compare: s(&format!("v{i}_compare")),
            qty: s(&format!("v{i}_qty")),
            weight: s(&format!("v{i}_weight")),
            image: s(&format!("v{i}_image")),
        })
        .collect();
    ProductInput {
        texts: langs
            .iter()
            .map(|l| {
                let c = l.as_str();
                TextInput {
                    lang: *l,
                    title: s(&format!("title_{c}")),
                    slug: s(&format!("slug_{c}")),
                    description: s(&format!("description_{c}")),
                    seo_title: s(&format!("seo_title_{c}")),
                    seo_description: s(&format!("seo_description_{c}")),
                    axes: std::array::from_fn(|n| s(&format!("axis{}_{c}", n + 1))),
                }
            })
            .collect(),
        rows,
        status: s("status"),
        vat_class: s("vat_class"),
        category: s("category"),
        tags: s("tags"),
        track_stock: f.has("track_stock"),
        allow_backorder: f.has("allow_backorder"),
        condition: s("condition"),
        rent_day: s("rent_day"),
        rent_week: s("rent_week"),
        deposit: s("deposit"),
        min_days: s("min_days"),
        max_days: s("max_days"),
        duration: s("duration"),
        capacity: s("capacity"),
        lead_days: s("lead_days"),
        weekdays: f.all("dispatch").iter().map(|d| d.to_string()).collect(),
        shelf_life: s("shelf_life"),
        species: s("species"),
        breed: s("breed"),
        age_months: s("age_months"),
        birth_date: s("birth_date"),
        id_kind: s("id_kind"),
        id_number: s("id_number"),
        gpsr_name: s("gpsr_name"),
        gpsr_address: s("gpsr_address"),
        gpsr_email: s("gpsr_email"),
        gpsr_warnings: s("gpsr_warnings"),
        hs_code: s("hs_code"),
        origin_country: s("origin_country"),
    }
}

fn message(c: &Ctx, m: &Message) -> String {
    match m {
        Message::Rule(err) => c.err(err),
        Message::Text(id, args) => c.i18n.ta(c.lang, id, args),
    }
}

/// The use case's messages beside the fields, in the visitor's language.
fn field_errors(c: &Ctx, fields: &FieldErrors) -> Errors {
    let mut e = Errors::default();
    for (field, m) in fields.iter() {
        e.add(field, message(c, m));
    }
    e
}

/// The message on top of the page, naming each image description that is missing
/// ("image 2 (English)").
fn refusal_message(c: &Ctx, r: &Refusal) -> String {
    match r {
        Refusal::Plan(err) => c.err(err),
        Refusal::MissingAlts(missing) => {
            let items: Vec<String> = missing
                .iter()
                .map(|(n, l)| {
                    c.i18n.ta(
                        c.lang,
                        "images-missing-alt-item",
                        &[("n", n.to_string()), ("lang", l.native_name().to_string())],
                    )
                })
                .collect();
            c.t1("images-missing-alts", "missing", &items.join(", "))
        }
    }
}

// ---- pages -----------------------------------------------------------------------------------

struct TextTab {
    code: &'static str,
    label: &'static str,
    title: String,
    slug: String,
    description: String,
    preview: String,
    err_title: Option<String>,
    err_slug: Option<String>,
    err_description: Option<String>,
    seo_title: String,
    seo_description: String,
    err_seo_title: Option<String>,
    err_seo_description: Option<String>,
}

struct AxisName {
    field: String,
    label: &'static str,
    value: String,
}

struct AxisRow {
    n: usize,
    names: Vec<AxisName>,
}

struct GridRow {
    i: usize,
    id: String,
    opts: Vec<String>,
    sku: String,
    price: String,
    compare: String,
    qty: String,
    weight: String,
    image: String,
    err: Vec<String>,
}

/// One image in the editor's image manager.
struct ImageRow {
    n: usize,
    id: i64,
    thumb: String,
    width: i64,
    height: i64,
    first: bool,
    last: bool,
    /// `(field name, language name, alt text)` for every shop language.
    alts: Vec<(String, &'static str, String)>,
}

struct Choice {
    value: &'static str,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "admin/product.html")]
struct EditorPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    action: String,
    title: String,
    kind: &'static str,
    kind_label: String,
    texts: Vec<TextTab>,
    axes: Vec<AxisRow>,
    rows: Vec<GridRow>,
    row_count: usize,
    unique: bool,
    statuses: Vec<Choice>,
    vat_classes: Vec<Choice>,
    conditions: Vec<Choice>,
    id_kinds: Vec<Choice>,
    weekdays: Vec<Choice>,
    categories: Vec<CatOption>,
    category: String,
    tags: String,
    track_stock: bool,
    allow_backorder: bool,
    f: ProductInput,
    errors: Errors,
    error: Option<String>,
    currency: String,
    /// The product's id once saved: images can be added from then on.
    product_id: Option<i64>,
    images: Vec<ImageRow>,
}

fn choices<T: Copy>(
    all: &[T],
    key: impl Fn(T) -> &'static str,
    label: impl Fn(&str) -> String,
    current: &str,
) -> Vec<Choice> {
    all.iter()
        .map(|v| {
            let value = key(*v);
            Choice {
                value,
                label: label(value),
                selected: value == current,
            }
        })
        .collect()
}

fn msg_id(prefix: &str, value: &str) -> String {
    format!("{prefix}{}", value.replace('_', "-"))
}

#[allow(clippy::too_many_arguments)]
fn editor_page(
    a: &StaffAuth,
    c: Ctx,
    kind: ProductKind,
    id: Option<i64>,
    ed: Ed,
    errors: Errors,
    error: Option<String>,
    categories: Vec<CatOption>,
    flash: Option<String>,
) -> AppResult<Html<String>> {
    let Ed { f, images } = ed;
    let texts: Vec<TextTab> = f
        .texts
        .iter()
        .map(|t| {
            let code = t.lang.as_str();
            TextTab {
                seo_title: t.seo_title.clone(),
                seo_description: t.seo_description.clone(),
                err_seo_title: errors.get(&format!("seo_title_{code}")).cloned(),
                err_seo_description: errors.get(&format!("seo_description_{code}")).cloned(),
                code,
                label: t.lang.native_name(),
                title: t.title.clone(),
                slug: t.slug.clone(),
                description: t.description.clone(),
                preview: if id.is_some() && !t.description.trim().is_empty() {
                    markdown::render(&t.description)
                } else {
                    String::new()
                },
                err_title: errors.get(&format!("title_{code}")).cloned(),
                err_slug: errors.get(&format!("slug_{code}")).cloned(),
                err_description: errors.get(&format!("description_{code}")).cloned(),
            }
        })
        .collect();
    let axes = (0..3)
        .map(|n| AxisRow {
            n: n + 1,
            names: f
                .texts
                .iter()
                .map(|t| AxisName {
                    field: format!("axis{}_{}", n + 1, t.lang.as_str()),
                    label: t.lang.native_name(),
                    value: t.axes[n].clone(),
                })
                .collect(),
        })
        .collect();
    let rows: Vec<GridRow> = f
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| GridRow {
            i,
            id: r.id.clone(),
            opts: r.opts.to_vec(),
            sku: r.sku.clone(),
            price: r.price.clone(),
            compare: r.compare.clone(),
            qty: r.qty.clone(),
            weight: r.weight.clone(),
            image: r.image.clone(),
            err: ["price", "compare", "sku", "qty", "weight"]
                .iter()
                .filter_map(|k| errors.get(&format!("v{i}_{k}")).cloned())
                .collect(),
        })
        .collect();
    let title = f
        .texts
        .iter()
        .find(|t| t.lang == c.lang && !t.title.trim().is_empty())
        .or_else(|| f.texts.iter().find(|t| !t.title.trim().is_empty()))
        .map(|t| t.title.clone())
        .unwrap_or_else(|| c.t("cat-new-product"));
    let action = match id {
        Some(id) => format!("{}/admin/products/{id}", c.base()),
        None => format!("{}/admin/products/new", c.base()),
    };
    let statuses = choices(
        ProductStatus::all(),
        |s| s.as_str(),
        |v| c.t(&msg_id("cat-status-", v)),
        &f.status,
    );
    let vat_classes = choices(
        VatClass::all(),
        |s| s.as_str(),
        |v| c.t(&msg_id("cat-vat-", v)),
        &f.vat_class,
    );
    let conditions = choices(
        Condition::all(),
        |s| s.as_str(),
        |v| c.t(&msg_id("cat-condition-", v)),
        &f.condition,
    );
    let id_kinds = choices(
        IdentificationKind::all(),
        |s| s.as_str(),
        |v| c.t(&msg_id("cat-id-kind-", v)),
        &f.id_kind,
    );
    let weekdays = WEEKDAYS
        .iter()
        .map(|(k, _)| Choice {
            value: k,
            label: c.t(&format!("cat-day-{k}")),
            selected: f.weekdays.iter().any(|w| w == k),
        })
        .collect();
    let count = images.len();
    let images = images
        .iter()
        .enumerate()
        .map(|(i, img)| {
            let view = ImageView::new(c.base(), img, c.lang.as_str(), c.lang.as_str());
            ImageRow {
                n: i + 1,
                id: img.id,
                thumb: view.thumb,
                width: img.width,
                height: img.height,
                first: i == 0,
                last: i + 1 == count,
                alts: f
                    .texts
                    .iter()
                    .map(|t| {
                        let alt = img
                            .alts
                            .iter()
                            .find(|(al, _)| al == t.lang.as_str())
                            .map(|(_, a)| a.clone())
                            .unwrap_or_default();
                        (
                            format!("alt_{}_{}", img.id, t.lang.as_str()),
                            t.lang.native_name(),
                            alt,
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    render(EditorPage {
        product_id: id,
        images,
        nav: Nav::new(a, "products").with_flash(flash),
        shop_name: a.tenant.shop.name.clone(),
        action,
        title,
        kind: kind.as_str(),
        kind_label: c.t(&msg_id("cat-kind-", kind.as_str())),
        texts,
        axes,
        row_count: rows.len(),
        rows,
        unique: kind == ProductKind::Unique,
        statuses,
        vat_classes,
        conditions,
        id_kinds,
        weekdays,
        categories,
        category: f.category.clone(),
        tags: f.tags.clone(),
        track_stock: f.track_stock,
        allow_backorder: f.allow_backorder,
        f,
        errors,
        error,
        currency: currency(a).as_str().to_string(),
        c,
    })
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    #[serde(default)]
    kind: String,
}

struct KindChoice {
    value: &'static str,
    label: String,
    hint: String,
}

#[derive(Template)]
#[template(path = "admin/product_new.html")]
struct KindPage {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    kinds: Vec<KindChoice>,
    /// The plan's limit, when it is reached: creating would be refused.
    limit: Option<String>,
}

pub async fn new_page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<NewQuery>,
) -> AppResult<Html<String>> {
    let Ok(kind) = ProductKind::parse(&q.kind) else {
        let kinds = ProductKind::all()
            .iter()
            .map(|k| KindChoice {
                value: k.as_str(),
                label: c.t(&msg_id("cat-kind-", k.as_str())),
                hint: c.t(&msg_id("cat-kind-hint-", k.as_str())),
            })
            .collect();
        let mut conn = st.store.reader().await?;
        let shop = store::shop::by_id(&mut conn, a.shop_id()).await?;
        let plan = store::plan::by_id(&mut conn, shop.plan_id).await?;
        let count = store::catalog::count_products(&mut conn, a.shop_id()).await?;
        let limit = plan.limits().check_products(count).err().map(|e| c.err(&e));
        return render(KindPage {
            nav: Nav::new(&a, "products"),
            shop_name: a.tenant.shop.name.clone(),
            kinds,
            limit,
            c,
        });
    };
    let mut conn = st.store.reader().await?;
    let nodes = category_options(&mut conn, a.shop_id(), c.lang).await?;
    let langs = shop_langs(&a.tenant.shop);
    let mut ed = Ed::blank(&langs);
    if kind == ProductKind::Perishable {
        ed.f.vat_class = "reduced".into();
    }
    editor_page(
        &a,
        c,
        kind,
        None,
        ed,
        Errors::default(),
        None,
        cat_options(&nodes),
        None,
    )
}

pub(super) fn parse_id(id: &str) -> AppResult<i64> {
    id.parse().map_err(|_| AppError::NotFound)
}

async fn load(
    conn: &mut store::Conn,
    a: &StaffAuth,
    id: i64,
) -> AppResult<(ProductKind, Ed, Vec<store::catalog::Variant>)> {
    let shop_id = a.shop_id();
    let p = store::catalog::product(conn, shop_id, id).await?;
    let kind = ProductKind::parse(&p.kind).unwrap_or(ProductKind::Physical);
    let langs = shop_langs(&a.tenant.shop);
    let mut ed = Ed::blank(&langs);
    let texts = store::catalog::texts(conn, shop_id, id).await?;
    for t in ed.f.texts.iter_mut() {
        if let Some(saved) = texts.iter().find(|x| x.lang == t.lang.as_str()) {
            t.title = saved.title.clone();
            t.slug = saved.slug.clone();
            t.description = saved.description_md.clone();
            t.seo_title = saved.seo_title.clone();
            t.seo_description = saved.seo_description.clone();
        }
    }
    for (axis, lang, name) in store::catalog::options(conn, shop_id, id).await? {
        if let (Some(li), Some(slot)) = (
            langs.iter().position(|l| l.as_str() == lang),
            usize::try_from(axis - 1).ok().filter(|a| *a < 3),
        ) {
            ed.f.texts[li].axes[slot] = name;
        }
    }
    let cur = currency(a);
    let variants = store::catalog::variants(conn, shop_id, id).await?;
    ed.f.rows = variants
        .iter()
        .map(|v| VariantInput {
            id: v.id.to_string(),
            opts: [
                v.option1.clone().unwrap_or_default(),
                v.option2.clone().unwrap_or_default(),
                v.option3.clone().unwrap_or_default(),
            ],
            sku: v.sku.clone().unwrap_or_default(),
            price: plain_amount(v.price_minor, cur),
            compare: v
                .compare_at_minor
                .map(|m| plain_amount(m, cur))
                .unwrap_or_default(),
            qty: v.quantity.to_string(),
            weight: v.weight_grams.map(|w| w.to_string()).unwrap_or_default(),
            image: v.image_id.map(|i| i.to_string()).unwrap_or_default(),
        })
        .collect();
    ed.images = store::catalog_images::for_product(conn, shop_id, id).await?;
    if ed.f.rows.is_empty() {
        ed.f.rows.push(VariantInput::default());
    }
    ed.f.status = p.status.clone();
    ed.f.vat_class = p.vat_class.clone();
    ed.f.category = p.category_id.map(|c| c.to_string()).unwrap_or_default();
    ed.f.tags = store::catalog::tags(conn, shop_id, id).await?.join(", ");
    ed.f.track_stock = p.track_stock != 0;
    ed.f.allow_backorder = p.allow_backorder != 0;
    ed.f.condition = p.condition.clone().unwrap_or_default();
    let d = Details::from_json(&p.details);
    let number = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
    let money = |v: Option<i64>| v.map(|m| plain_amount(m, cur)).unwrap_or_default();
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    ed.f.rent_day = money(d.per_day_minor);
    ed.f.rent_week = money(d.per_week_minor);
    ed.f.deposit = money(d.deposit_minor);
    ed.f.min_days = number(d.min_days);
    ed.f.max_days = number(d.max_days);
    ed.f.duration = number(d.duration_minutes);
    ed.f.capacity = number(d.capacity_per_slot);
    ed.f.lead_days = number(d.lead_days);
    ed.f.shelf_life = number(d.shelf_life_days);
    ed.f.weekdays = d
        .dispatch_weekdays
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    ed.f.species = text(&d.species);
    ed.f.breed = text(&d.breed);
    ed.f.age_months = number(d.age_months);
    ed.f.birth_date = text(&d.birth_date);
    ed.f.id_kind = text(&d.identification_kind);
    ed.f.id_number = text(&d.identification_number);
    ed.f.hs_code = text(&d.hs_code);
    ed.f.origin_country = text(&d.origin_country);
    let s = SafetyDetails::from_json(&p.safety);
    ed.f.gpsr_name = s.manufacturer_name;
    ed.f.gpsr_address = s.manufacturer_address;
    ed.f.gpsr_email = s.manufacturer_email;
    ed.f.gpsr_warnings = s.warnings;
    Ok((kind, ed, variants))
}

/// The editor of a saved product with a message on top (a refused image upload).
pub(super) async fn page_with_error(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    id: i64,
    message: String,
) -> AppResult<Html<String>> {
    let mut conn = st.store.reader().await?;
    let (kind, ed, _) = load(&mut conn, a, id).await?;
    let nodes = category_options(&mut conn, a.shop_id(), c.lang).await?;
    editor_page(
        a,
        c,
        kind,
        Some(id),
        ed,
        Errors::default(),
        Some(message),
        cat_options(&nodes),
        None,
    )
}

pub async fn edit_page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, String)>,
    Query(q): Query<Saved>,
) -> AppResult<Html<String>> {
    let id = parse_id(&id)?;
    let mut conn = st.store.reader().await?;
    let (kind, ed, _) = load(&mut conn, &a, id).await?;
    let nodes = category_options(&mut conn, a.shop_id(), c.lang).await?;
    let flash = q.flash(&c);
    editor_page(
        &a,
        c,
        kind,
        Some(id),
        ed,
        Errors::default(),
        None,
        cat_options(&nodes),
        flash,
    )
}

pub async fn create(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let f = Fields(fields);
    let kind = ProductKind::parse(f.get("kind")).map_err(|_| AppError::NotFound)?;
    save(st, a, c, f, kind, None).await
}

pub async fn update(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let mut conn = st.store.reader().await?;
    let p = store::catalog::product(&mut conn, a.shop_id(), id).await?;
    drop(conn);
    let kind = ProductKind::parse(&p.kind).unwrap_or(ProductKind::Physical);
    save(st, a, c, Fields(fields), kind, Some(id)).await
}

/// What the page shows beside the typed values: the category choices and the saved product's
/// images.
async fn page_data(
    st: &AppState,
    a: &StaffAuth,
    c: &Ctx,
    id: Option<i64>,
) -> AppResult<(Vec<CatOption>, Vec<store::catalog_images::Image>)> {
    let mut conn = st.store.reader().await?;
    let nodes = category_options(&mut conn, a.shop_id(), c.lang).await?;
    let images = match id {
        Some(pid) => store::catalog_images::for_product(&mut conn, a.shop_id(), pid).await?,
        None => Vec::new(),
    };
    Ok((cat_options(&nodes), images))
}

async fn save(
    st: AppState,
    a: StaffAuth,
    c: Ctx,
    f: Fields,
    kind: ProductKind,
    id: Option<i64>,
) -> AppResult<Response> {
    let langs = shop_langs(&a.tenant.shop);
    let input = input_from(&f, &langs);
    if f.get("add_row") == "1" {
        let (categories, images) = page_data(&st, &a, &c, id).await?;
        let mut ed = Ed { f: input, images };
        if ed.f.rows.len() < domain::catalog::variants::MAX_VARIANTS {
            ed.f.rows.push(VariantInput::default());
        }
        let page = editor_page(
            &a,
            c,
            kind,
            id,
            ed,
            Errors::default(),
            None,
            categories,
            None,
        )?;
        return Ok(page.into_response());
    }
    let target = match id {
        Some(id) => Target::Existing(id),
        None => Target::New(kind),
    };
    match save_product(&st.store, &a.tenant.shop, target, &input).await {
        Ok(pid) => Ok(
            Redirect::to(&a.tenant.url(&format!("/admin/products/{pid}?saved=1"))).into_response(),
        ),
        Err(SaveError::Invalid { fields, refusal }) => {
            let errors = field_errors(&c, &fields);
            let error = refusal.map(|r| refusal_message(&c, &r));
            let (categories, images) = page_data(&st, &a, &c, id).await?;
            let ed = Ed { f: input, images };
            let page = editor_page(&a, c, kind, id, ed, errors, error, categories, None)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}
