//! The store API on both backends, as a headless front uses it: products, a cart, its lines,
//! delivery methods, checkout (the same key again gives the same order, the e-mail is queued);
//! stock conflicts are 409; a cart belongs to its shop; bad input gets problem details, never
//! a 500; cart creation is rate limited; and the OpenAPI document matches what answers.

use reqwest::Method;
use serde_json::{json, Value};

use crate::checkout::{set_stock, shop_with_transfer, stock};
use crate::common::*;
use crate::storefront::{product, New};

/// A client of one shop's store API: no cookies, JSON in and out.
struct Api {
    http: reqwest::Client,
    base: String,
}

/// An answer: status, content type, body (JSON, or `Null` when it is not).
struct Answer {
    status: StatusCode,
    content_type: String,
    body: Value,
}

impl Answer {
    fn problem(&self, status: StatusCode, code: &str) {
        assert_eq!(self.status, status, "{}", self.body);
        assert_eq!(
            self.content_type, "application/problem+json",
            "{}",
            self.body
        );
        assert_eq!(self.body["status"], status.as_u16(), "{}", self.body);
        assert_eq!(self.body["code"], code, "{}", self.body);
        assert!(
            !self.body["detail"].as_str().unwrap_or("").is_empty(),
            "{}",
            self.body
        );
    }
}

impl Api {
    fn new(app: &TestApp, slug: &str) -> Api {
        Api {
            http: reqwest::Client::new(),
            base: format!("{}/s/{slug}/api/store/v1", app.url),
        }
    }

    async fn send(&self, req: reqwest::RequestBuilder) -> Answer {
        let r = req.send().await.unwrap();
        let status = r.status();
        let content_type = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let text = r.text().await.unwrap();
        Answer {
            status,
            content_type,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
        }
    }

    fn req(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, format!("{}{path}", self.base))
    }

    async fn get(&self, path: &str) -> Answer {
        self.send(self.req(Method::GET, path)).await
    }

    async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(self.req(Method::POST, path).json(&body)).await
    }

    async fn new_cart(&self) -> String {
        let a = self.send(self.req(Method::POST, "/carts")).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        a.body["id"].as_str().unwrap().to_string()
    }

    async fn checkout(&self, cart: &str, key: &str, body: &Value) -> Answer {
        self.send(
            self.req(Method::POST, &format!("/carts/{cart}/checkout"))
                .header("idempotency-key", key)
                .json(body),
        )
        .await
    }
}

fn order_body() -> Value {
    json!({
        "email": "camille@example.org",
        "shipping_address": {
            "name": "Camille Durand",
            "line1": "3 rue des Lilas",
            "postal_code": "21000",
            "city": "Dijon",
            "country": "FR"
        },
        "shipping_method": "colissimo-fr",
        "payment_method": "bank_transfer",
        "accept_terms": true
    })
}

#[tokio::test]
async fn store_api_a_headless_front_orders_and_a_retry_finds_the_same_order() {
    let app = TestApp::new().await;
    let (id, p, _) = shop_with_transfer(&app, "tete").await;
    product(
        &app,
        id,
        New {
            fr: ("Tomme de Savoie", "tomme"),
            en: Some(("Savoy tomme", "savoy-tomme")),
            price: 900,
            ..Default::default()
        },
    )
    .await;
    let api = Api::new(&app, "tete");

    // Every product on show, newest first, in the shop's language by default…
    let all = api.get("/products").await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert_eq!(all.body["total"], 2);
    let items = all.body["items"].as_array().unwrap();
    let comte = items.iter().find(|i| i["slug"] == "comte").unwrap();
    assert_eq!(comte["title"], "Comté 18 mois");
    let v = &comte["variants"][0];
    assert_eq!(v["sku"], "COMTE");
    assert_eq!(v["price"], "12.50");
    assert_eq!(v["currency"], "EUR");
    assert_eq!(v["stock"], 10);
    assert!(v["id"].as_str().unwrap().parse::<i64>().is_ok(), "{v}");
    // …in English when asked, and searched as the search page searches.
    let en = api
        .send(
            api.req(Method::GET, "/products?q=savoy")
                .header("accept-language", "en-GB,en;q=0.9"),
        )
        .await;
    assert_eq!(en.body["items"][0]["title"], "Savoy tomme", "{}", en.body);
    assert_eq!(en.body["total"], 1);
    let found = api.get("/products?q=comt%C3%A9").await;
    assert_eq!(found.body["items"][0]["slug"], "comte", "{}", found.body);
    let none = api.get("/products?q=roquefort").await;
    assert_eq!(none.body["items"], json!([]));
    let far = api.get("/products?page=2").await;
    assert_eq!(far.body["items"], json!([]));

    // A cart, filled by SKU then by variant id.
    let cart = api.new_cart().await;
    assert_eq!(cart.len(), 64);
    let a = api
        .post(
            &format!("/carts/{cart}/lines"),
            json!({"sku": "COMTE", "quantity": 1}),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let a = api
        .post(
            &format!("/carts/{cart}/lines"),
            json!({"variant_id": v["id"], "quantity": 1}),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let shown = api.get(&format!("/carts/{cart}")).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.body["id"], cart.as_str());
    assert_eq!(shown.body["lines"][0]["quantity"], 2, "{}", shown.body);
    assert_eq!(shown.body["lines"][0]["unit_price"], "12.50");
    assert_eq!(shown.body["subtotal"], "25.00");
    assert_eq!(shown.body["item_count"], 2);
    assert_eq!(shown.body["orderable"], true);

    // A line changed, then another added and removed.
    let line = shown.body["lines"][0]["id"].as_str().unwrap().to_string();
    let a = api
        .send(
            api.req(Method::PATCH, &format!("/carts/{cart}/lines/{line}"))
                .json(&json!({"quantity": 3})),
        )
        .await;
    assert_eq!(a.body["subtotal"], "37.50", "{}", a.body);
    let a = api
        .send(
            api.req(Method::PATCH, &format!("/carts/{cart}/lines/{line}"))
                .json(&json!({"quantity": 2.0})),
        )
        .await;
    assert_eq!(a.body["subtotal"], "25.00", "{}", a.body);
    let a = api
        .post(&format!("/carts/{cart}/lines"), json!({"sku": "TOMME"}))
        .await;
    assert_eq!(a.body["lines"].as_array().unwrap().len(), 2, "{}", a.body);
    let tomme = a.body["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["sku"] == "TOMME")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let a = api
        .send(api.req(Method::DELETE, &format!("/carts/{cart}/lines/{tomme}")))
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body["lines"].as_array().unwrap().len(), 1, "{}", a.body);

    // Delivery methods for France, priced for this cart.
    let m = api
        .get(&format!("/carts/{cart}/shipping-methods?country=FR"))
        .await;
    assert_eq!(m.status, StatusCode::OK, "{}", m.body);
    let colissimo = m
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "colissimo-fr")
        .cloned()
        .unwrap_or_else(|| panic!("{}", m.body));
    assert_eq!(colissimo["price"], "7.50");
    assert!(colissimo["name"].as_str().unwrap().contains("Colissimo"));

    // The order, by bank transfer: 2 × 12.50 and the delivery.
    let o = api.checkout(&cart, "attempt-1", &order_body()).await;
    assert_eq!(o.status, StatusCode::CREATED, "{}", o.body);
    assert_eq!(o.body["number"], "00001");
    assert_eq!(o.body["status"], "awaiting_payment");
    assert_eq!(o.body["total"], "32.50");
    assert_eq!(o.body["currency"], "EUR");
    assert_eq!(o.body["lines"][0]["sku"], "COMTE");
    assert_eq!(o.body["lines"][0]["quantity"], 2);
    assert_eq!(stock(&app, id, p).await, 8, "the stock is taken");

    // The same key again: the same order, nothing ordered twice.
    let again = api.checkout(&cart, "attempt-1", &order_body()).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.body["number"], "00001");
    assert_eq!(again.body["order_url"], o.body["order_url"]);
    assert_eq!(stock(&app, id, p).await, 8);
    // The cart became the order; a new key on it finds no cart.
    api.checkout(&cart, "attempt-2", &order_body())
        .await
        .problem(StatusCode::NOT_FOUND, "cart-unknown");
    api.get(&format!("/carts/{cart}"))
        .await
        .problem(StatusCode::NOT_FOUND, "cart-unknown");

    // The buyer's page and the confirmation e-mail, as after the HTML checkout.
    let url = o.body["order_url"].as_str().unwrap();
    assert!(url.contains("/s/tete/orders/"), "{url}");
    let page = reqwest::get(url).await.unwrap().text().await.unwrap();
    assert!(page.contains("Commande n° 00001"), "{page}");
    let path = &url[url.find("/s/tete/").unwrap()..];
    let mail = decode_quoted_printable(&app.wait_for_email("camille@example.org", path).await);
    assert!(
        mail.contains("Merci pour votre commande n° 00001"),
        "{mail}"
    );
}

#[tokio::test]
async fn store_api_stock_conflicts_are_409() {
    let app = TestApp::new().await;
    let (id, p, v) = shop_with_transfer(&app, "stock").await;
    let api = Api::new(&app, "stock");
    set_stock(&app, id, v, 1).await;
    let cart = api.new_cart().await;
    let lines = format!("/carts/{cart}/lines");
    api.post(&lines, json!({"sku": "COMTE", "quantity": 2}))
        .await
        .problem(StatusCode::CONFLICT, "cart-stock-short");
    let a = api.post(&lines, json!({"sku": "COMTE"})).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    api.post(&lines, json!({"sku": "COMTE"}))
        .await
        .problem(StatusCode::CONFLICT, "cart-stock-short");

    // Another buyer takes the last one first: this checkout is refused, nothing is ordered.
    let other = api.new_cart().await;
    api.post(&format!("/carts/{other}/lines"), json!({"sku": "COMTE"}))
        .await;
    let o = api.checkout(&other, "k", &order_body()).await;
    assert_eq!(o.status, StatusCode::CREATED, "{}", o.body);
    let late = api.checkout(&cart, "k", &order_body()).await;
    late.problem(StatusCode::CONFLICT, "cart-sold-out");
    assert_eq!(stock(&app, id, p).await, 0);
    // The cart says which line and why.
    let shown = api.get(&format!("/carts/{cart}")).await;
    assert_eq!(shown.body["orderable"], false);
    assert_eq!(
        shown.body["lines"][0]["problem"]["code"], "cart-sold-out",
        "{}",
        shown.body
    );
}

#[tokio::test]
async fn store_api_a_cart_of_one_shop_is_unknown_in_another() {
    let app = TestApp::new().await;
    shop_with_transfer(&app, "shop-a").await;
    shop_with_transfer(&app, "shop-b").await;
    let a = Api::new(&app, "shop-a");
    let b = Api::new(&app, "shop-b");
    let cart = a.new_cart().await;
    a.post(&format!("/carts/{cart}/lines"), json!({"sku": "COMTE"}))
        .await;
    b.get(&format!("/carts/{cart}"))
        .await
        .problem(StatusCode::NOT_FOUND, "cart-unknown");
    b.post(&format!("/carts/{cart}/lines"), json!({"sku": "COMTE"}))
        .await
        .problem(StatusCode::NOT_FOUND, "cart-unknown");
    b.get(&format!("/carts/{cart}/shipping-methods?country=FR"))
        .await
        .problem(StatusCode::NOT_FOUND, "cart-unknown");
    b.checkout(&cart, "k", &order_body())
        .await
        .problem(StatusCode::NOT_FOUND, "cart-unknown");
    // Shop B's own variant id names nothing in shop A.
    let bv = b.get("/products").await.body["items"][0]["variants"][0]["id"].clone();
    a.post(&format!("/carts/{cart}/lines"), json!({"variant_id": bv}))
        .await
        .problem(StatusCode::NOT_FOUND, "cart-variant-unknown");
    // The cart is still whole in its shop.
    let shown = a.get(&format!("/carts/{cart}")).await;
    assert_eq!(shown.body["item_count"], 1, "{}", shown.body);
}

#[tokio::test]
async fn store_api_bad_input_gets_problem_details_in_the_request_language() {
    let app = TestApp::new().await;
    shop_with_transfer(&app, "bad").await;
    let api = Api::new(&app, "bad");
    let cart = api.new_cart().await;
    let lines = format!("/carts/{cart}/lines");
    let raw = |body: &str| {
        api.req(Method::POST, &lines)
            .header("content-type", "application/json")
            .body(body.to_string())
    };

    api.send(raw("{\"sku\": \"COMTE\","))
        .await
        .problem(StatusCode::BAD_REQUEST, "json-malformed");
    let wrong = api
        .send(raw("{\"sku\": \"COMTE\", \"quantity\": \"two\"}"))
        .await;
    wrong.problem(StatusCode::UNPROCESSABLE_ENTITY, "json-unfit");
    assert!(wrong.body["reason"]
        .as_str()
        .unwrap()
        .contains("invalid type"));
    api.send(raw("{\"sku\": \"COMTE\", \"quantity\": 1e30}"))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "json-unfit");
    api.send(raw("[1, 2]"))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "json-unfit");
    api.post(
        &lines,
        json!({"sku": "COMTE", "quantity": 9_223_372_036_854_775_807_i64}),
    )
    .await
    .problem(StatusCode::UNPROCESSABLE_ENTITY, "cart-quantity-invalid");
    api.post(&lines, json!({"sku": "COMTE", "quantity": 0}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "cart-quantity-invalid");
    api.post(&lines, json!({"sku": "NOPE"}))
        .await
        .problem(StatusCode::NOT_FOUND, "product-unknown");
    api.post(&lines, json!({"variant_id": "12x"}))
        .await
        .problem(StatusCode::NOT_FOUND, "product-unknown");
    api.post(&lines, json!({"quantity": 1}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "sku-or-variant");
    api.send(api.req(Method::POST, &lines).body("sku=COMTE"))
        .await
        .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "not-json");
    let huge = format!("{{\"sku\": \"{}\"}}", "x".repeat(20_000));
    api.send(raw(&huge))
        .await
        .problem(StatusCode::PAYLOAD_TOO_LARGE, "body-too-large");
    api.get(&format!("/carts/{}", "0".repeat(64)))
        .await
        .problem(StatusCode::NOT_FOUND, "cart-unknown");
    api.get("/carts/not-a-cart")
        .await
        .problem(StatusCode::NOT_FOUND, "cart-unknown");
    api.send(
        api.req(Method::PATCH, &format!("{lines}/123"))
            .json(&json!({"quantity": 1})),
    )
    .await
    .problem(StatusCode::NOT_FOUND, "cart-line-unknown");
    api.get("/products?page=abc")
        .await
        .problem(StatusCode::BAD_REQUEST, "page-invalid");
    api.get("/products?page=0")
        .await
        .problem(StatusCode::BAD_REQUEST, "page-invalid");
    api.get(&format!("/carts/{cart}/shipping-methods"))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-fields");
    let zz = api
        .get(&format!("/carts/{cart}/shipping-methods?country=ZZ"))
        .await;
    zz.problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-fields");
    assert_eq!(zz.body["errors"][0]["field"], "country");
    assert!(
        zz.body["errors"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("«\u{202f}ZZ\u{202f}» n’est pas un pays"),
        "{}",
        zz.body
    );
    let r = api.send(api.req(Method::PUT, "/carts")).await;
    r.problem(StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed");

    // Checkout: the key, then the fields (all of them at once), then the rules.
    api.post(&lines, json!({"sku": "COMTE"})).await;
    api.post(&format!("/carts/{cart}/checkout"), order_body())
        .await
        .problem(StatusCode::BAD_REQUEST, "key-required");
    let mut body = order_body();
    body["email"] = json!("pas-une-adresse");
    body["shipping_address"]["city"] = json!("");
    let invalid = api.checkout(&cart, "k1", &body).await;
    invalid.problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid-fields");
    let fields: Vec<&str> = invalid.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["email", "shipping_address.city"],
        "{}",
        invalid.body
    );
    assert_eq!(
        invalid.body["errors"][1]["detail"], "Ce champ est à remplir.",
        "French, the shop's default: {}",
        invalid.body
    );
    let mut body = order_body();
    body["accept_terms"] = json!(false);
    let terms = api
        .send(
            api.req(Method::POST, &format!("/carts/{cart}/checkout"))
                .header("idempotency-key", "k2")
                .header("accept-language", "en")
                .json(&body),
        )
        .await;
    terms.problem(StatusCode::UNPROCESSABLE_ENTITY, "checkout-terms-required");
    assert!(
        terms.body["detail"].as_str().unwrap().contains("terms"),
        "English when asked: {}",
        terms.body
    );
    let mut body = order_body();
    body["payment_method"] = json!("cheque");
    api.checkout(&cart, "k3", &body).await.problem(
        StatusCode::UNPROCESSABLE_ENTITY,
        "checkout-payment-required",
    );
    let mut body = order_body();
    body["shipping_address"] = json!("3 rue des Lilas");
    api.checkout(&cart, "k4", &body)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "json-unfit");
    // After all that, the cart is untouched and still orderable.
    let shown = api.get(&format!("/carts/{cart}")).await;
    assert_eq!(shown.body["item_count"], 1, "{}", shown.body);
    let o = api.checkout(&cart, "k5", &order_body()).await;
    assert_eq!(o.status, StatusCode::CREATED, "{}", o.body);
}

#[tokio::test]
async fn store_api_cart_creation_is_limited_per_address() {
    let app = TestApp::new().await;
    shop_with_transfer(&app, "limite").await;
    let api = Api::new(&app, "limite");
    api.new_cart().await;
    // The address has made as many carts as it may (counted as the API counts them).
    let mut tx = app.store.begin().await.unwrap();
    for _ in 1..web::api::store_api::CARTS_PER_ADDRESS {
        store::limits::hit(
            &mut tx,
            &web::api::store_api::cart_limit_key("127.0.0.1"),
            web::api::store_api::CART_WINDOW_SECONDS,
        )
        .await
        .unwrap();
    }
    store::commit(tx).await.unwrap();
    let r = api.send(api.req(Method::POST, "/carts")).await;
    r.problem(StatusCode::TOO_MANY_REQUESTS, "too-many-carts");
}

#[tokio::test]
async fn store_api_answers_on_the_shop_s_own_host() {
    let app = TestApp::builder()
        .platform_domain("shops.test")
        .start()
        .await;
    shop_with_transfer(&app, "hote").await;
    let http = reqwest::Client::new();
    let r = http
        .get(format!("{}/api/store/v1/products", app.url))
        .header("host", "hote.shops.test")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["items"][0]["slug"], "comte", "{body}");
}

/// The schema a `$ref` names.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => {
            let name = r.trim_start_matches("#/components/schemas/");
            let s = &doc["components"]["schemas"][name];
            assert!(s.is_object(), "{r} is described");
            s
        }
        None => schema,
    }
}

/// Checks the members the schema requires are in `v` (and in each item of an array).
fn conforms(doc: &Value, schema: &Value, v: &Value, at: &str) {
    let schema = resolve(doc, schema);
    if let Some(items) = schema.get("items") {
        for (i, x) in v.as_array().unwrap_or(&Vec::new()).iter().enumerate() {
            conforms(doc, items, x, &format!("{at}[{i}]"));
        }
    }
    for r in schema["required"].as_array().into_iter().flatten() {
        let key = r.as_str().unwrap();
        assert!(v.get(key).is_some(), "{at} lacks {key}: {v}");
        if let Some(prop) = schema["properties"].get(key) {
            conforms(doc, prop, &v[key], &format!("{at}.{key}"));
        }
    }
}

#[tokio::test]
async fn store_api_openapi_document_matches_the_routes() {
    let app = TestApp::new().await;
    let (id, _, _) = shop_with_transfer(&app, "documentee").await;
    product(
        &app,
        id,
        New {
            fr: ("Tomme de Savoie", "tomme"),
            ..Default::default()
        },
    )
    .await;
    let api = Api::new(&app, "documentee");
    let a = api.get("/openapi.json").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.content_type.starts_with("application/json"));
    let doc = a.body;
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1."),
        "{}",
        doc["openapi"]
    );

    let cart = api.new_cart().await;
    let shown = api
        .post(
            &format!("/carts/{cart}/lines"),
            json!({"sku": "COMTE", "quantity": 2}),
        )
        .await;
    let line = shown.body["lines"][0]["id"].as_str().unwrap().to_string();
    // One request per operation, in an order that leaves each something to work on (the
    // checkout last: the cart becomes the order).
    let calls: Vec<(&str, Option<&str>, Option<Value>)> = vec![
        ("openapi", None, None),
        ("listProducts", Some("q=comte"), None),
        ("createCart", None, None),
        ("getCart", None, None),
        ("addLine", None, Some(json!({"sku": "COMTE"}))),
        ("setLineQuantity", None, Some(json!({"quantity": 2}))),
        ("listShippingMethods", Some("country=FR"), None),
        ("removeLine", None, None),
        ("checkout", None, Some(order_body())),
    ];
    let mut documented = Vec::new();
    let paths = doc["paths"].as_object().unwrap();
    for (path, item) in paths {
        for method in ["get", "post", "put", "patch", "delete"] {
            if let Some(op) = item.get(method) {
                documented.push((op["operationId"].as_str().unwrap(), path, method, op));
            }
        }
    }
    let mut ids: Vec<&str> = documented.iter().map(|d| d.0).collect();
    ids.sort();
    let mut tested: Vec<&str> = calls.iter().map(|c| c.0).collect();
    tested.sort();
    assert_eq!(ids, tested, "every documented operation is tried here");

    for (op_id, query, body) in &calls {
        let (_, path, method, op) = documented.iter().find(|d| d.0 == *op_id).unwrap();
        let mut url = path.replace("{cart}", &cart).replace("{line}", &line);
        if *op_id == "removeLine" {
            // Not the line the checkout needs: another one, to remove.
            let added = api
                .post(&format!("/carts/{cart}/lines"), json!({"sku": "TOMME"}))
                .await;
            let other = added.body["lines"]
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["sku"] == "TOMME")
                .map(|l| l["id"].as_str().unwrap().to_string())
                .unwrap();
            url = path.replace("{cart}", &cart).replace("{line}", &other);
        }
        if let Some(q) = query {
            url = format!("{url}?{q}");
        }
        let mut req = api.req(method.to_uppercase().parse().unwrap(), &url);
        if let Some(b) = body {
            req = req.json(b);
        }
        if *op_id == "checkout" {
            req = req.header("idempotency-key", "doc-1");
        }
        let a = api.send(req).await;
        let code = a.status.as_u16().to_string();
        let documented = &op["responses"][&code];
        assert!(
            documented.is_object(),
            "{method} {path} answered {code}, not documented: {}",
            a.body
        );
        assert!(
            a.status.is_success(),
            "{method} {path} answered {code}: {}",
            a.body
        );
        let content = documented["content"].as_object().unwrap();
        let (ct, media) = content.iter().next().unwrap();
        assert!(
            a.content_type.starts_with(ct.as_str()),
            "{method} {path}: {} is not {ct}",
            a.content_type
        );
        conforms(&doc, &media["schema"], &a.body, &format!("{method} {path}"));
    }

    // No method answers on a documented path that the document does not list for it.
    for (path, item) in paths {
        let url = path
            .replace("{cart}", &"a".repeat(64))
            .replace("{line}", "1");
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_none() {
                let a = api
                    .send(api.req(method.to_uppercase().parse().unwrap(), &url))
                    .await;
                a.problem(StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed");
            }
        }
    }
}

/// A discount code given with the checkout lowers the order (and says so in the order's JSON);
/// one that gives this order nothing refuses it with its reason, so that a front never charges
/// a total its shopper was not shown.
#[tokio::test]
async fn store_api_a_discount_code_lowers_the_order_and_one_that_gives_nothing_is_refused() {
    let app = TestApp::new().await;
    let (id, _, _) = shop_with_transfer(&app, "code").await;
    let shop = {
        let mut c = app.store.reader().await.unwrap();
        store::shop::by_id(&mut c, id).await.unwrap()
    };
    let input = app::promotion::Input {
        name: "Dix pour cent".into(),
        code: "DIX".into(),
        benefit: "percent".into(),
        percent: "10".into(),
        min_subtotal: "20".into(),
        active: true,
        ..Default::default()
    };
    app::promotion::save(&app.store, &shop, None, &input)
        .await
        .unwrap()
        .unwrap();
    let api = Api::new(&app, "code");
    let cart = api.new_cart().await;
    let line = json!({"sku": "COMTE", "quantity": 1});
    assert_eq!(
        api.post(&format!("/carts/{cart}/lines"), line.clone())
            .await
            .status,
        StatusCode::OK
    );
    let mut body = order_body();
    body["discount_code"] = json!("dix");
    // 12.50 € is under the code's minimum.
    let a = api.checkout(&cart, "k1", &body).await;
    a.problem(StatusCode::UNPROCESSABLE_ENTITY, "promotion-min-subtotal");
    assert!(
        a.body["detail"].as_str().unwrap().contains("20.00 EUR"),
        "{}",
        a.body
    );
    body["discount_code"] = json!("NOEL");
    api.checkout(&cart, "k2", &body)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "promotion-code-unknown");
    // Two of them: 25.00 €, 10 % off.
    assert_eq!(
        api.post(&format!("/carts/{cart}/lines"), line).await.status,
        StatusCode::OK
    );
    body["discount_code"] = json!("dix");
    let a = api.checkout(&cart, "k3", &body).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.body["subtotal"], "25.00");
    assert_eq!(a.body["discount"], "2.50");
    assert_eq!(a.body["promotions"], json!(["Dix pour cent (DIX)"]));
    assert_eq!(a.body["lines"][0]["discount"], "2.50");
    let shipping: f64 = a.body["shipping"].as_str().unwrap().parse().unwrap();
    let total: f64 = a.body["total"].as_str().unwrap().parse().unwrap();
    assert!((total - (22.50 + shipping)).abs() < 0.001, "{}", a.body);
}
