//! The operator's rent, against localstripe (the operator's own Stripe account), on both
//! backends: the operator prices a plan and enters their identity and keys in the console; a
//! shop without a card is reminded, then its saved card pays, the invoice is issued in the
//! operator's series (Factur-X, B2B mentions) and mailed; a renewal is charged off-session; a
//! refused card is reminded on days 1, 3 and 7 and the shop closed after the grace period,
//! reopening as soon as it pays; a plan change is prorated; reverse charge for an EU business;
//! numbers stay gapless when shops pay at once; the seller's Billing page and the operator's
//! figures show where things stand.

use std::sync::Arc;

use app::rent::Outcome;
use domain::rent::State as RentState;

use crate::common::*;
use crate::operator::operator;

const PK: &str = "pk_test_vitrineRent0001";
const SK: &str = "sk_test_vitrineRent0001";
const DAY: i64 = 86_400;

/// A platform whose Stripe calls go to localstripe, and the operator's console signed in,
/// with its identity and keys saved and the default plan at 19 € a month, 190 € a year,
/// without a trial.
pub(crate) async fn platform() -> Option<(TestApp, LocalStripeGuard, Client)> {
    let ls = localstripe::start().await?;
    let base = ls.base();
    let app = TestApp::builder()
        .configure(move |c| {
            c.stripe_api = base.clone();
            c.stripe_js = format!("{base}/js.stripe.com/v3/");
        })
        .start()
        .await;
    let op = operator(&app).await;
    let r = op
        .post_form(
            "/operator/billing/settings",
            &[
                ("rent_seller_name", "Vitrine SAS"),
                ("rent_seller_siren", "732829320"),
                ("rent_seller_vat", "FR44732829320"),
                ("rent_seller_address", "1 place de la Bourse"),
                ("rent_seller_postal_code", "75002"),
                ("rent_seller_city", "Paris"),
                ("rent_seller_country", "FR"),
                ("rent_seller_email", "factures@vitrine.example"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let r = op
        .post_form(
            "/operator/billing/keys",
            &[("publishable_key", PK), ("secret_key", SK)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let plan = default_plan(&app).await;
    let r = op
        .post_form(
            &format!("/operator/plans/{}", plan.id),
            &[
                ("name", "Essentiel"),
                ("max_products", "500"),
                ("max_staff", "5"),
                ("max_storage_mb", "200"),
                ("monthly", "19"),
                ("yearly", "190,00"),
                ("trial_days", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    Some((app, LocalStripeGuard(ls), op))
}

/// The seller of `slug` moves to plan `plan`, paid by the month, at `at`.
async fn change(app: &TestApp, st: &web::AppState, slug: &str, plan: i64, at: i64) -> Outcome {
    let account = web::rent::account(st).await;
    app::rent::change_plan(
        &app.store,
        account.as_ref(),
        &web::rent::RentMail::new(st),
        &shop(app, slug).await,
        plan,
        "month",
        at,
    )
    .await
    .unwrap()
}

/// The plan new shops get.
async fn default_plan(app: &TestApp) -> store::plan::Plan {
    let mut c = app.store.reader().await.unwrap();
    store::plan::default_plan(&mut c).await.unwrap()
}

/// Keeps localstripe running for the test's length.
pub struct LocalStripeGuard(localstripe::LocalStripe);

pub(crate) fn state(app: &TestApp) -> web::AppState {
    web::AppState::new(app.store.clone(), app.config.clone())
}

async fn shop(app: &TestApp, slug: &str) -> store::shop::Shop {
    let mut c = app.store.reader().await.unwrap();
    store::shop::by_slug(&mut c, slug).await.unwrap().unwrap()
}

async fn sub(app: &TestApp, slug: &str) -> store::rent::Subscription {
    let id = app.shop_id(slug).await;
    let mut c = app.store.reader().await.unwrap();
    store::rent::get(&mut c, id).await.unwrap().unwrap()
}

pub(crate) async fn run(app: &TestApp, st: &web::AppState, now: i64) {
    let account = web::rent::account(st).await;
    assert!(account.is_some(), "the operator's account is configured");
    app::rent::run_due(
        &app.store,
        account.as_ref(),
        &web::rent::RentMail::new(st),
        now,
    )
    .await
    .unwrap();
}

/// What the seller's browser does on the card page with stripe.js: the Setup Intent
/// confirmed with a card (Stripe's test numbers). Returns the Setup Intent's id.
async fn save_card(
    app: &TestApp,
    st: &web::AppState,
    ls: &LocalStripeGuard,
    slug: &str,
    card: &str,
) -> Option<Outcome> {
    let account = web::rent::account(st).await;
    let shop = shop(app, slug).await;
    let secret = app::rent::start_card(&app.store, account.as_ref(), &shop, store::now())
        .await
        .unwrap();
    let seti = secret.split("_secret_").next().unwrap().to_string();
    let r = reqwest::Client::new()
        .post(format!("{}/v1/setup_intents/{seti}/confirm", ls.0.base()))
        .json(&serde_json::json!({
            "key": PK,
            "client_secret": secret,
            "payment_method_data": {
                "type": "card",
                "card": {"number": card, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
            },
        }))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    app::rent::card_saved(
        &app.store,
        account.as_ref(),
        &web::rent::RentMail::new(st),
        &shop,
        &seti,
        store::now(),
    )
    .await
    .unwrap()
}

async fn rent_numbers(app: &TestApp) -> Vec<(i64, String)> {
    let mut c = app.store.reader().await.unwrap();
    let mut v: Vec<(i64, String)> =
        sqlx::query_as("SELECT seq, number FROM rent_invoices ORDER BY seq")
            .fetch_all(&mut *c)
            .await
            .unwrap();
    v.sort();
    v
}

async fn shop_status(app: &TestApp, slug: &str) -> String {
    shop(app, slug).await.status
}

#[tokio::test]
async fn a_shops_rent_is_paid_renewed_refused_reminded_suspended_and_reopened() {
    let Some((app, ls, op)) = platform().await else {
        return;
    };
    let st = state(&app);
    let seller = app.owner("loyer").await;
    let t0 = store::now();

    // The first run gives the shop its subscription: no trial, due at once, and no card yet.
    run(&app, &st, t0).await;
    let s = sub(&app, "loyer").await;
    assert_eq!(s.state, RentState::PastDue.as_str());
    assert_eq!(s.reminders, 1);
    app.wait_for_email("owner@loyer.example", "22,80").await;
    let (code, page) = seller.get_text("/s/loyer/admin/billing").await;
    assert_eq!(code, StatusCode::OK);
    assert!(page.contains("Essentiel"), "{page}");
    assert!(page.contains("19,00"), "{page}");
    assert!(page.contains("a échoué"), "{page}");
    assert!(page.contains("Aucune carte"), "{page}");

    // The seller saves a card: the unpaid rent is charged at once, 19 € + 20 % VAT.
    let paid = save_card(&app, &st, &ls, "loyer", "4242424242424242").await;
    assert_eq!(paid, Some(Outcome::Paid(Some("L-000001".into()))));
    let s = sub(&app, "loyer").await;
    assert_eq!(s.state, RentState::Active.as_str());
    assert!(s.card_label.contains("4242"), "{}", s.card_label);
    assert!(s.period_end > store::now() + 27 * DAY);
    let mail = app.wait_for_email("owner@loyer.example", "L-000001").await;
    let pdf = attachment_in(
        &app.raw_emails()
            .into_iter()
            .find(|m| m.contains("L-000001.pdf"))
            .expect("the invoice is attached"),
        "L-000001.pdf",
    )
    .expect("a PDF");
    assert!(mail.contains("22,80"), "{mail}");
    let d = app::rent::invoice(&app.store, None, "L-000001")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (d.total_excl_minor, d.vat_minor, d.total_minor),
        (1900, 380, 2280)
    );
    assert_eq!(d.seller.name, "Vitrine SAS");
    assert_eq!(d.buyer.email, "owner@loyer.example");
    if let Some(found) = skip::need(&skip::FACTURX, facturx::check(&pdf)) {
        facturx::assert_valid(&found);
        let text = facturx::text(&found);
        for want in [
            "Facture n° L-000001",
            "Vitrine SAS",
            "SIREN : 732829320",
            "Essentiel",
            "indemnité forfaitaire",
        ] {
            assert!(text.contains(want), "{want:?} in the PDF: {text}");
        }
    }
    // The seller downloads it from their Billing page; the staff may not see the rent.
    let (code, page) = seller.get_text("/s/loyer/admin/billing").await;
    assert_eq!(code, StatusCode::OK);
    assert!(page.contains("L-000001"), "{page}");
    assert!(page.contains("Payé jusqu"), "{page}");
    let r = seller
        .get("/s/loyer/admin/billing/invoices/L-000001.pdf")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);

    // A month later the renewal is charged without the seller.
    let renewal = s.period_end + 60;
    run(&app, &st, renewal).await;
    let s2 = sub(&app, "loyer").await;
    assert_eq!(s2.state, RentState::Active.as_str());
    assert_eq!(s2.period_start, s.period_end, "periods follow each other");
    assert_eq!(
        rent_numbers(&app).await,
        [(1, "L-000001".into()), (2, "L-000002".into())]
    );
    // Running again changes nothing: nothing is due.
    run(&app, &st, renewal + 120).await;
    assert_eq!(rent_numbers(&app).await.len(), 2);

    // The card now fails: a reminder at once, then on days 1, 3 and 7, the shop still open.
    save_card(&app, &st, &ls, "loyer", "4000000000000341").await;
    let due = s2.period_end + 60;
    run(&app, &st, due).await;
    let s3 = sub(&app, "loyer").await;
    assert_eq!(s3.state, RentState::PastDue.as_str());
    assert_eq!(s3.reminders, 1);
    assert!(!s3.last_error.is_empty());
    for (day, reminders) in [(1, 2), (2, 2), (3, 3), (7, 4), (10, 4)] {
        run(&app, &st, due + day * DAY + 60).await;
        assert_eq!(sub(&app, "loyer").await.reminders, reminders, "day {day}");
        assert_eq!(shop_status(&app, "loyer").await, "active");
    }
    app.wait_for_email("owner@loyer.example", "Rappel").await;
    let (_, figures) = op.get_text("/operator/billing").await;
    assert!(figures.contains("/operator/shops/loyer"), "{figures}");

    // After 14 days the shop closes: shoppers see it closed, nothing is deleted.
    run(&app, &st, due + 14 * DAY + 60).await;
    assert_eq!(
        sub(&app, "loyer").await.state,
        RentState::Suspended.as_str()
    );
    assert_eq!(shop_status(&app, "loyer").await, "suspended");
    let (code, closed) = app.client().get_text("/s/loyer/").await;
    assert_eq!(code, StatusCode::SERVICE_UNAVAILABLE);
    assert!(closed.contains("fermée"), "{closed}");
    app.wait_for_email("owner@loyer.example", "fermée pour loyer impayé")
        .await;
    let (_, figures) = op.get_text("/operator/billing").await;
    assert!(figures.contains("Suspendue"), "{figures}");

    // The owner still signs in, saves a good card: paid, and the shop reopens at once.
    let owner = app.signed_in("loyer").await;
    let (code, page) = owner.get_text("/s/loyer/admin/billing").await;
    assert_eq!(code, StatusCode::OK);
    assert!(page.contains("fermée pour loyer impayé"), "{page}");
    let paid = save_card(&app, &st, &ls, "loyer", "5555555555554444").await;
    assert_eq!(paid, Some(Outcome::Paid(Some("L-000003".into()))));
    assert_eq!(shop_status(&app, "loyer").await, "active");
    let (code, _) = app.client().get_text("/s/loyer/").await;
    assert_eq!(code, StatusCode::OK);
    assert_eq!(
        rent_numbers(&app)
            .await
            .iter()
            .map(|n| n.0)
            .collect::<Vec<_>>(),
        [1, 2, 3]
    );
}

#[tokio::test]
async fn a_plan_change_is_prorated_and_an_eu_business_is_reverse_charged() {
    let Some((app, ls, op)) = platform().await else {
        return;
    };
    let st = state(&app);
    let seller = app.owner("bruxelles").await;
    // A Belgian company with its VAT number.
    let id = app.shop_id("bruxelles").await;
    {
        let mut tx = app.store.begin().await.unwrap();
        store::legal::save(
            &mut tx,
            id,
            &store::legal::LegalIdentity {
                status: "company".into(),
                legal_name: "Pralines Dupont SRL".into(),
                vat_number: Some("BE0477472701".into()),
                address: "12 rue Haute".into(),
                postal_code: "1000".into(),
                city: "Bruxelles".into(),
                country: "BE".into(),
                email: "compta@dupont.example".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        store::commit(tx).await.unwrap();
    }
    // A bigger plan, 49 € a month.
    let r = op
        .post_form(
            "/operator/plans",
            &[
                ("name", "Pro"),
                ("max_products", ""),
                ("max_staff", "10"),
                ("max_storage_mb", "2000"),
                ("monthly", "49"),
                ("yearly", "490"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let pro = {
        let mut c = app.store.reader().await.unwrap();
        store::plan::list(&mut c)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.name == "Pro")
            .unwrap()
    };
    // Moving to a paid plan needs a card first.
    let r = seller
        .post_form(
            "/s/bruxelles/admin/billing/plan",
            &[("plan", &pro.id.to_string()), ("interval", "month")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Ajoutez une carte"));

    let t0 = store::now();
    run(&app, &st, t0).await;
    let paid = save_card(&app, &st, &ls, "bruxelles", "4242424242424242").await;
    assert_eq!(paid, Some(Outcome::Paid(Some("L-000001".into()))));
    let first = app::rent::invoice(&app.store, None, "L-000001")
        .await
        .unwrap()
        .unwrap();
    // Reverse charge: no VAT, the mention, the buyer's VAT number.
    assert_eq!((first.vat_minor, first.total_minor), (0, 1900));
    assert!(first.mentions.iter().any(|m| m.contains("Autoliquidation")));
    assert_eq!(first.buyer.vat_number.as_deref(), Some("BE0477472701"));
    let r = seller
        .get("/s/bruxelles/admin/billing/invoices/L-000001.pdf")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let pdf = r.bytes().await.unwrap().to_vec();
    if let Some(found) = skip::need(&skip::FACTURX, facturx::check(&pdf)) {
        facturx::assert_valid(&found);
        let xml = found["xml"].as_str().unwrap();
        assert!(
            xml.contains("<ram:CategoryCode>AE</ram:CategoryCode>"),
            "{xml}"
        );
        assert!(xml.contains("BE0477472701"), "{xml}");
    }

    // Halfway through the month the seller moves to Pro: what is left of the 19 € is taken off.
    let s = sub(&app, "bruxelles").await;
    let half = s.period_start + (s.period_end - s.period_start) / 2;
    let out = change(&app, &st, "bruxelles", pro.id, half).await;
    assert_eq!(out, Outcome::Paid(Some("L-000002".into())));
    let second = app::rent::invoice(&app.store, None, "L-000002")
        .await
        .unwrap()
        .unwrap();
    let credit = domain::rent::unused(1900, s.period_start, s.period_end, half);
    assert!((949..=950).contains(&credit), "{credit}");
    assert_eq!(second.total_excl_minor, 4900 - credit);
    assert_eq!(shop(&app, "bruxelles").await.plan_id, pro.id);
    let s2 = sub(&app, "bruxelles").await;
    assert_eq!(s2.period_start, half);
    assert_eq!(s2.credit_minor, 0);

    // Back to the small plan a week later: a credit, kept for the next renewals, nothing charged.
    let small = default_plan(&app).await;
    let week = half + 7 * DAY;
    let out = change(&app, &st, "bruxelles", small.id, week).await;
    assert_eq!(out, Outcome::Paid(None));
    let s3 = sub(&app, "bruxelles").await;
    let left = domain::rent::unused(4900, s2.period_start, s2.period_end, week);
    assert_eq!(
        s3.credit_minor,
        left - 1900,
        "the first month paid by the credit"
    );
    assert_eq!(rent_numbers(&app).await.len(), 2, "no invoice for nothing");

    // The operator's figures count the shop as paying.
    let (_, figures) = op.get_text("/operator/billing").await;
    assert!(figures.contains("19,00"), "{figures}");
}

#[tokio::test]
async fn rent_invoice_numbers_have_no_gap_when_shops_pay_at_once() {
    let Some((app, ls, _op)) = platform().await else {
        return;
    };
    let st = state(&app);
    let slugs: Vec<String> = (0..6).map(|i| format!("ensemble{i}")).collect();
    for s in &slugs {
        app.owner(s).await;
    }
    run(&app, &st, store::now()).await;
    // Each shop saves a card without paying yet: their rents are then paid all at once.
    {
        let mut tx = app.store.begin().await.unwrap();
        sqlx::query("UPDATE rent_subscriptions SET state = 'active', failed_at = NULL")
            .execute(&mut *tx)
            .await
            .unwrap();
        store::commit(tx).await.unwrap();
    }
    for s in &slugs {
        assert_eq!(save_card(&app, &st, &ls, s, "4242424242424242").await, None);
    }
    let account = Arc::new(web::rent::account(&st).await);
    let mut tasks = Vec::new();
    for s in &slugs {
        let id = app.shop_id(s).await;
        let (store, st, account) = (app.store.clone(), st.clone(), account.clone());
        tasks.push(tokio::spawn(async move {
            app::rent::pay_now(
                &store,
                account.as_ref().as_ref(),
                &web::rent::RentMail::new(&st),
                id,
                store::now(),
            )
            .await
            .unwrap()
        }));
    }
    for t in tasks {
        assert!(matches!(t.await.unwrap(), Outcome::Paid(Some(_))));
    }
    let numbers = rent_numbers(&app).await;
    assert_eq!(
        numbers.iter().map(|n| n.0).collect::<Vec<_>>(),
        (1..=6).collect::<Vec<i64>>()
    );

    // A renewal due while the seller clicks "pay now": charged and invoiced once.
    let first = app.shop_id(&slugs[0]).await;
    let due = sub(&app, &slugs[0]).await.period_end + 60;
    let job = {
        let (app_store, st) = (app.store.clone(), st.clone());
        tokio::spawn(async move {
            let account = web::rent::account(&st).await;
            app::rent::run_due(
                &app_store,
                account.as_ref(),
                &web::rent::RentMail::new(&st),
                due,
            )
            .await
            .unwrap();
        })
    };
    let click = {
        let (app_store, st) = (app.store.clone(), st.clone());
        tokio::spawn(async move {
            let account = web::rent::account(&st).await;
            app::rent::pay_now(
                &app_store,
                account.as_ref(),
                &web::rent::RentMail::new(&st),
                first,
                due,
            )
            .await
            .unwrap()
        })
    };
    job.await.unwrap();
    click.await.unwrap();
    // The job renewed every shop, the click found the first one paid: each once, no gap.
    assert_eq!(
        rent_numbers(&app)
            .await
            .iter()
            .map(|n| n.0)
            .collect::<Vec<_>>(),
        (1..=12).collect::<Vec<i64>>()
    );
    let mut c = app.store.reader().await.unwrap();
    let paid: Vec<i64> = sqlx::query_scalar(
        "SELECT COUNT(*) FROM rent_events WHERE event = 'paid' GROUP BY shop_id",
    )
    .fetch_all(&mut *c)
    .await
    .unwrap();
    assert_eq!(paid, vec![2; 6], "{paid:?}");
}

#[tokio::test]
async fn the_operator_reopening_a_shop_closed_for_its_rent_restarts_the_reminders() {
    let Some((app, _ls, op)) = platform().await else {
        return;
    };
    let st = state(&app);
    app.owner("rouvre").await;
    let t0 = store::now();
    run(&app, &st, t0).await;
    run(&app, &st, t0 + 14 * DAY + 60).await;
    assert_eq!(shop_status(&app, "rouvre").await, "suspended");
    let r = op.post_form("/operator/shops/rouvre/resume", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(shop_status(&app, "rouvre").await, "active");
    let s = sub(&app, "rouvre").await;
    assert_eq!(
        s.state,
        RentState::PastDue.as_str(),
        "still unpaid, not forgotten"
    );
    assert_eq!(s.reminders, 0);
    // The next run reminds again, the shop open for a new grace period.
    let later = store::now() + 60;
    run(&app, &st, later).await;
    let s = sub(&app, "rouvre").await;
    assert_eq!(s.reminders, 1);
    run(&app, &st, later + 13 * DAY).await;
    assert_eq!(shop_status(&app, "rouvre").await, "active");
    run(&app, &st, s.failed_at.unwrap() + 14 * DAY + 60).await;
    assert_eq!(shop_status(&app, "rouvre").await, "suspended");
}

#[tokio::test]
async fn billing_is_the_owners_and_bad_input_is_refused_with_a_message() {
    let Some((app, _ls, op)) = platform().await else {
        return;
    };
    app.owner("roles").await;
    crate::operator::add_staff(&app, "roles", "aide@roles.example", "manager").await;
    let (manager, _) =
        crate::operator::staff_login(&app, "roles", "aide@roles.example", PASSWORD).await;
    let (code, _) = manager.get_text("/s/roles/admin/billing").await;
    assert_eq!(code, StatusCode::FORBIDDEN);
    let r = manager.post_form("/s/roles/admin/billing/pay", &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // A price that cannot be read, a trial too long: 422 with the field's message, nothing saved.
    let plan = default_plan(&app).await;
    let r = op
        .post_form(
            &format!("/operator/plans/{}", plan.id),
            &[
                ("name", "Essentiel"),
                ("monthly", "dix-neuf"),
                ("trial_days", "9999"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("de 0 à 365"), "{page}");
    let again = {
        let mut c = app.store.reader().await.unwrap();
        store::plan::by_id(&mut c, plan.id).await.unwrap()
    };
    assert_eq!(again.monthly_minor, 1900);

    // A SIREN with a wrong digit is refused.
    let r = op
        .post_form(
            "/operator/billing/settings",
            &[
                ("rent_seller_name", "Vitrine SAS"),
                ("rent_seller_siren", "732829321"),
                ("rent_seller_city", "Paris"),
                ("rent_seller_country", "FR"),
                ("rent_seller_email", "factures@vitrine.example"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("SIREN"));
    // A secret key of the wrong kind is refused, the saved one kept (shown masked only).
    let r = op
        .post_form(
            "/operator/billing/keys",
            &[("publishable_key", PK), ("secret_key", "pk_test_oops")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (_, page) = op.get_text("/operator/billing/settings").await;
    assert!(!page.contains(SK), "the secret is never shown");
    assert!(page.contains("0001"), "{page}");
}

#[tokio::test]
async fn a_free_trial_ends_in_the_first_payment_of_the_interval_the_seller_chose() {
    let Some((app, ls, op)) = platform().await else {
        return;
    };
    let st = state(&app);
    let plan = default_plan(&app).await;
    let r = op
        .post_form(
            &format!("/operator/plans/{}", plan.id),
            &[
                ("name", "Essentiel"),
                ("monthly", "19"),
                ("yearly", "190"),
                ("trial_days", "14"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, plans) = op.get_text("/operator/plans").await;
    assert!(plans.contains("14 jours offerts"), "{plans}");
    let seller = app.owner("essai").await;
    let t0 = store::now();
    run(&app, &st, t0).await;
    let s = sub(&app, "essai").await;
    assert_eq!(s.state, RentState::Trialing.as_str());
    assert_eq!(s.period_end, s.period_start + 14 * DAY);
    let (_, page) = seller.get_text("/s/essai/admin/billing").await;
    assert!(page.contains("Essai gratuit jusqu"), "{page}");

    // In the trial the seller chooses to pay by the year (nothing charged yet) and saves a card.
    let r = seller
        .post_form(
            "/s/essai/admin/billing/plan",
            &[("plan", &plan.id.to_string()), ("interval", "year")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Three days before its end, the seller who saved no card is told, once.
    run(&app, &st, t0 + 12 * DAY).await;
    run(&app, &st, t0 + 12 * DAY + 600).await;
    app.wait_for_email("owner@essai.example", "se termine le")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let told = app
        .emails()
        .iter()
        .filter(|m| m.contains("se termine le"))
        .count();
    assert_eq!(told, 1, "one notice");
    assert_eq!(
        save_card(&app, &st, &ls, "essai", "4242424242424242").await,
        None
    );
    run(&app, &st, t0 + 13 * DAY).await;
    assert!(
        rent_numbers(&app).await.is_empty(),
        "nothing before the trial ends"
    );

    // The trial's end: a year's rent, 190 € + VAT, for the year from that day.
    run(&app, &st, s.period_end + 60).await;
    let after = sub(&app, "essai").await;
    assert_eq!(after.state, RentState::Active.as_str());
    assert_eq!(after.billing_interval, "year");
    assert_eq!(after.period_start, s.period_end);
    assert!(after.period_end - after.period_start >= 365 * DAY);
    let d = app::rent::invoice(&app.store, None, "L-000001")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(d.total_minor, 22_800);
}

#[tokio::test]
async fn a_shop_gets_one_subscription_when_the_job_and_its_pages_ask_at_once() {
    let Some((app, _ls, _op)) = platform().await else {
        return;
    };
    app.owner("ensemble").await;
    let row = Arc::new(shop(&app, "ensemble").await);
    let now = store::now();
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (store, row) = (app.store.clone(), row.clone());
            tokio::spawn(async move { app::rent::overview(&store, &row, now).await.unwrap() })
        })
        .collect();
    let mut ends = Vec::new();
    for t in tasks {
        ends.push(t.await.unwrap().sub.period_end);
    }
    ends.dedup();
    assert_eq!(ends.len(), 1, "every caller sees the one subscription");
    let mut c = app.store.reader().await.unwrap();
    let started: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM rent_events WHERE shop_id = $1 AND event = 'started'",
    )
    .bind(row.sid())
    .fetch_one(&mut *c)
    .await
    .unwrap();
    assert_eq!(started, 1);
}
