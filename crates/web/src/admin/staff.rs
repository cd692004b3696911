//! Shop admin: the team. Owners and managers invite people by e-mail (within the plan's team
//! size, pending invitations included), change roles, revoke invitations and remove members;
//! invitees accept at `/admin/invite/{token}` by choosing their name and password.

use crate::extract::{Form, Path, Query};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::account::{Email, Password, PersonName, Role};
use serde::Deserialize;

use super::session::{link_root, signed_in, SetPasswordPage};
use super::{can_staff, Nav};
use crate::app::shop_path;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::forms::Errors;
use crate::mail::Mail;
use crate::platform::render;
use crate::state::AppState;
use crate::tenant::Tenant;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/admin/staff"), get(page))
        .route(&shop_path("/admin/staff/invite"), post(invite))
        .route(
            &shop_path("/admin/staff/invitations/{id}/revoke"),
            post(revoke),
        )
        .route(&shop_path("/admin/staff/{id}/role"), post(change_role))
        .route(&shop_path("/admin/staff/{id}/remove"), post(remove))
        .route(
            &shop_path("/admin/invite/{token}"),
            get(accept_form).post(accept),
        )
}

/// The label of a role in the reader's language.
pub fn role_label(c: &Ctx, role: &str) -> String {
    match Role::parse(role) {
        Ok(r) => c.t(&format!("staff-role-{}", r.as_str())),
        Err(_) => role.to_string(),
    }
}

pub struct RoleOption {
    pub value: &'static str,
    pub label: String,
}

pub struct Member {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub role_label: String,
    pub is_me: bool,
    /// The signed-in person may change this member's role (and remove them, unless it is them).
    pub can_edit: bool,
    pub error: Option<String>,
}

pub struct Pending {
    pub id: i64,
    pub email: String,
    pub role_label: String,
    pub valid_for: String,
    pub can_revoke: bool,
}

#[derive(Template)]
#[template(path = "admin/staff.html")]
struct Page {
    c: Ctx,
    nav: Nav,
    shop_name: String,
    members: Vec<Member>,
    pending: Vec<Pending>,
    /// Roles the signed-in person may give.
    roles: Vec<RoleOption>,
    seats: Option<String>,
    invite_email: String,
    invite_role: String,
    errors: Errors,
}

#[derive(Deserialize, Default)]
struct Flash {
    saved: Option<String>,
    invited: Option<String>,
    removed: Option<String>,
}

impl Flash {
    fn message(&self, c: &Ctx) -> Option<String> {
        if self.invited.is_some() {
            Some(c.t("staff-invite-sent"))
        } else if self.removed.is_some() {
            Some(c.t("staff-removed"))
        } else {
            self.saved.as_ref().map(|_| c.t("admin-saved"))
        }
    }
}

async fn view(st: &AppState, a: &StaffAuth, c: Ctx, flash: Option<String>) -> AppResult<Page> {
    let mut conn = st.store.reader().await?;
    let shop_id = a.shop_id();
    let staff = store::account::list_staff(&mut conn, shop_id).await?;
    let invitations = store::account::pending_invitations(&mut conn, shop_id).await?;
    let plan = store::plan::by_id(&mut conn, a.tenant.shop.plan_id).await?;
    drop(conn);
    let members = staff
        .into_iter()
        .map(|s| {
            let can_edit = Role::parse(&s.role).is_ok_and(|r| a.role.can_assign(r));
            Member {
                id: s.id,
                role_label: role_label(&c, &s.role),
                is_me: s.id == a.staff.id,
                name: s.name,
                email: s.email,
                role: s.role,
                can_edit,
                error: None,
            }
        })
        .collect::<Vec<_>>();
    let now = store::now();
    let pending = invitations
        .into_iter()
        .map(|i| Pending {
            id: i.id,
            role_label: role_label(&c, &i.role),
            valid_for: c.t1(
                "staff-expires-days",
                "days",
                &(((i.expires_at - now) + 86399) / 86400).to_string(),
            ),
            can_revoke: Role::parse(&i.role).is_ok_and(|r| a.role.can_assign(r)),
            email: i.email,
        })
        .collect::<Vec<_>>();
    let max = plan.limits().max_staff;
    let seats = (max >= 0).then(|| {
        c.i18n.ta(
            c.lang,
            "staff-seats",
            &[
                ("used", (members.len() + pending.len()).to_string()),
                ("max", max.to_string()),
            ],
        )
    });
    let roles = Role::all()
        .into_iter()
        .filter(|r| a.role.can_assign(*r))
        .map(|r| RoleOption {
            value: r.as_str(),
            label: c.t(&format!("staff-role-{}", r.as_str())),
        })
        .collect();
    Ok(Page {
        nav: Nav::new(a, "staff").with_flash(flash),
        shop_name: a.tenant.shop.name.clone(),
        members,
        pending,
        roles,
        seats,
        invite_email: String::new(),
        invite_role: Role::Staff.as_str().to_string(),
        errors: Errors::default(),
        c,
    })
}

async fn page(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Query(q): Query<Flash>,
) -> AppResult<Response> {
    a.require(can_staff)?;
    let flash = q.message(&c);
    Ok(render(view(&st, &a, c, flash).await?)?.into_response())
}

/// The page again with a message beside one member's row, as 422.
async fn member_error(
    st: &AppState,
    a: &StaffAuth,
    c: Ctx,
    id: i64,
    message: String,
) -> AppResult<Response> {
    let mut p = view(st, a, c, None).await?;
    if let Some(m) = p.members.iter_mut().find(|m| m.id == id) {
        m.error = Some(message);
    }
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(p)?).into_response())
}

/// Ids in URLs are numbers; anything else names nothing.
fn parse_id(raw: &str) -> AppResult<i64> {
    raw.parse().map_err(|_| AppError::NotFound)
}

#[derive(Deserialize)]
struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

async fn invite(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Form(f): Form<InviteForm>,
) -> AppResult<Response> {
    a.require(can_staff)?;
    let shop_id = a.shop_id();
    let mut errors = Errors::default();
    let email = errors.check(&c, "email", Email::parse(&f.email));
    let role = errors.check(&c, "role", Role::parse(&f.role));
    if let Some(r) = role {
        // The form only offers the roles this person may give.
        if !a.role.can_assign(r) {
            return Err(AppError::Forbidden);
        }
    }
    let mut tx = st.store.begin().await?;
    if let (Some(email), Some(role), true) = (&email, role, errors.is_empty()) {
        if store::account::staff_by_email(&mut tx, shop_id, email.as_str())
            .await?
            .is_some()
        {
            errors.add("email", c.t("staff-already-member"));
        } else {
            // Inviting the same address again replaces the earlier invitation (a new link, a
            // fresh week) rather than taking a second place on the team.
            match app::plan::check_staff(&mut tx, shop_id, email.as_str()).await {
                Err(app::Error::Refused(e)) => errors.add("limit", c.err(&e)),
                Err(e) => return Err(e.into()),
                Ok(earlier) => {
                    if let Some(old) = &earlier {
                        store::account::revoke_invitation(&mut tx, shop_id, old.id).await?;
                    }
                    let (inv, token) = store::account::create_invitation(
                        &mut tx,
                        shop_id,
                        email.as_str(),
                        role.as_str(),
                        a.staff.id,
                    )
                    .await?;
                    let link = format!(
                        "{}{}",
                        link_root(&st, &a.tenant),
                        a.tenant.url(&format!("/admin/invite/{token}"))
                    );
                    let msg = Mail {
                        i18n: &st.i18n,
                        lang: c.lang,
                        brand: &crate::admin::session::staff_brand(&st, &a.tenant),
                    }
                    .invitation(
                        email.as_str(),
                        &a.staff.name,
                        &role_label(&c, role.as_str()),
                        &link,
                    );
                    store::outbox::enqueue_email(&mut tx, Some(shop_id), &msg).await?;
                    store::commit(tx).await?;
                    tracing::info!(shop_id = shop_id.get(), invitation_id = inv.id, role = %role, "staff invited");
                    return Ok(
                        Redirect::to(&a.tenant.url("/admin/staff?invited=1")).into_response()
                    );
                }
            }
        }
    }
    drop(tx);
    let mut p = view(&st, &a, c, None).await?;
    p.invite_email = f.email.trim().to_string();
    p.invite_role = f.role;
    p.errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(p)?).into_response())
}

async fn revoke(
    State(st): State<AppState>,
    a: StaffAuth,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    a.require(can_staff)?;
    let id = parse_id(&id)?;
    let mut tx = st.store.begin().await?;
    let inv = store::account::pending_invitation(&mut tx, a.shop_id(), id).await?;
    if !Role::parse(&inv.role).is_ok_and(|r| a.role.can_assign(r)) {
        return Err(AppError::Forbidden);
    }
    store::account::revoke_invitation(&mut tx, a.shop_id(), id).await?;
    store::commit(tx).await?;
    Ok(Redirect::to(&a.tenant.url("/admin/staff?saved=1")).into_response())
}

#[derive(Deserialize)]
struct RoleForm {
    #[serde(default)]
    role: String,
}

async fn change_role(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, String)>,
    Form(f): Form<RoleForm>,
) -> AppResult<Response> {
    a.require(can_staff)?;
    let id = parse_id(&id)?;
    let shop_id = a.shop_id();
    let mut tx = st.store.begin().await?;
    let target = store::account::staff_by_id(&mut tx, shop_id, id).await?;
    let current = Role::parse(&target.role).map_err(|_| AppError::Forbidden)?;
    // A manager cannot touch an owner at all.
    if !a.role.can_assign(current) {
        return Err(AppError::Forbidden);
    }
    let new = match Role::parse(&f.role) {
        Ok(r) => r,
        Err(e) => {
            drop(tx);
            let msg = c.err(&e);
            return member_error(&st, &a, c, id, msg).await;
        }
    };
    if !a.role.can_assign(new) {
        return Err(AppError::Forbidden);
    }
    if current == Role::Owner
        && new != Role::Owner
        && store::account::count_owners(&mut tx, shop_id).await? <= 1
    {
        drop(tx);
        let msg = c.t("staff-last-owner");
        return member_error(&st, &a, c, id, msg).await;
    }
    if new != current {
        store::account::set_role(&mut tx, shop_id, id, new.as_str()).await?;
        store::commit(tx).await?;
        tracing::info!(shop_id = shop_id.get(), staff_id = id, role = %new, "staff role changed");
    }
    // Someone who just gave up managing the team can no longer see this page.
    let to = if id == a.staff.id && !new.can_manage_staff() {
        "/admin/?saved=1"
    } else {
        "/admin/staff?saved=1"
    };
    Ok(Redirect::to(&a.tenant.url(to)).into_response())
}

async fn remove(
    State(st): State<AppState>,
    a: StaffAuth,
    c: Ctx,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    a.require(can_staff)?;
    let id = parse_id(&id)?;
    let shop_id = a.shop_id();
    let mut tx = st.store.begin().await?;
    let target = store::account::staff_by_id(&mut tx, shop_id, id).await?;
    let role = Role::parse(&target.role).map_err(|_| AppError::Forbidden)?;
    if !a.role.can_assign(role) {
        return Err(AppError::Forbidden);
    }
    if id == a.staff.id {
        drop(tx);
        let msg = c.t("staff-cannot-remove-self");
        return member_error(&st, &a, c, id, msg).await;
    }
    if role == Role::Owner && store::account::count_owners(&mut tx, shop_id).await? <= 1 {
        drop(tx);
        let msg = c.t("staff-last-owner");
        return member_error(&st, &a, c, id, msg).await;
    }
    // Also ends their sessions: their next request goes to the login page.
    store::account::delete_staff(&mut tx, shop_id, id).await?;
    store::commit(tx).await?;
    tracing::info!(shop_id = shop_id.get(), staff_id = id, "staff removed");
    Ok(Redirect::to(&a.tenant.url("/admin/staff?removed=1")).into_response())
}

// ---- accepting an invitation -----------------------------------------------------------------

async fn accept_page(
    conn: &mut store::Conn,
    t: &Tenant,
    c: Ctx,
    token: &str,
    inv: &store::account::Invitation,
    name: String,
    errors: Errors,
) -> AppResult<SetPasswordPage> {
    let inviter = match store::account::staff_by_id(conn, t.id(), inv.invited_by).await {
        Ok(s) => s.name,
        Err(store::StoreError::NotFound) => t.shop.name.clone(),
        Err(e) => return Err(e.into()),
    };
    let lead = c.i18n.ta(
        c.lang,
        "staff-invite-welcome",
        &[
            ("inviter", inviter),
            ("shop", t.shop.name.clone()),
            ("role", role_label(&c, &inv.role)),
            ("email", inv.email.clone()),
        ],
    );
    Ok(SetPasswordPage {
        shop_name: t.shop.name.clone(),
        heading: c.t1("staff-invite-title", "shop", &t.shop.name),
        lead: Some(lead),
        action: t.url(&format!("/admin/invite/{token}")),
        submit: c.t("staff-invite-accept"),
        ask_name: true,
        name,
        errors,
        c,
    })
}

async fn accept_form(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    Path((_, token)): Path<(String, String)>,
) -> AppResult<Response> {
    let mut conn = st.store.reader().await?;
    let Some(inv) = store::account::invitation_by_token(&mut conn, t.id(), &token).await? else {
        return Err(AppError::BadRequest("staff-invite-invalid"));
    };
    if store::account::staff_by_email(&mut conn, t.id(), &inv.email)
        .await?
        .is_some()
    {
        return Err(AppError::BadRequest("staff-invite-already-member"));
    }
    let p = accept_page(
        &mut conn,
        &t,
        c,
        &token,
        &inv,
        String::new(),
        Errors::default(),
    )
    .await?;
    Ok(render(p)?.into_response())
}

#[derive(Deserialize)]
struct AcceptForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

async fn accept(
    State(st): State<AppState>,
    t: Tenant,
    c: Ctx,
    headers: HeaderMap,
    Path((_, token)): Path<(String, String)>,
    Form(f): Form<AcceptForm>,
) -> AppResult<Response> {
    let mut errors = Errors::default();
    let name = errors.check(&c, "name", PersonName::parse(&f.name));
    let password = errors.check(&c, "password", Password::parse(&f.password));
    let (Some(name), Some(password)) = (name, password) else {
        let mut conn = st.store.reader().await?;
        let Some(inv) = store::account::invitation_by_token(&mut conn, t.id(), &token).await?
        else {
            return Err(AppError::BadRequest("staff-invite-invalid"));
        };
        let p = accept_page(&mut conn, &t, c, &token, &inv, f.name, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(p)?).into_response());
    };
    let hash = crate::password::hash(password.expose()).await?;
    let mut tx = st.store.begin().await?;
    let Some(inv) = store::account::invitation_by_token(&mut tx, t.id(), &token).await? else {
        return Err(AppError::BadRequest("staff-invite-invalid"));
    };
    if store::account::staff_by_email(&mut tx, t.id(), &inv.email)
        .await?
        .is_some()
    {
        return Err(AppError::BadRequest("staff-invite-already-member"));
    }
    let staff = match store::account::create_staff(
        &mut tx,
        t.id(),
        &inv.email,
        name.as_str(),
        &hash,
        &inv.role,
    )
    .await
    {
        Ok(s) => s,
        // Accepted twice at the same moment: the first one won.
        Err(store::StoreError::Conflict(_)) => {
            return Err(AppError::BadRequest("staff-invite-already-member"))
        }
        Err(e) => return Err(e.into()),
    };
    match store::account::accept_invitation(&mut tx, t.id(), inv.id).await {
        Ok(()) => {}
        Err(store::StoreError::NotFound) => {
            return Err(AppError::BadRequest("staff-invite-invalid"))
        }
        Err(e) => return Err(e.into()),
    }
    let (session, _) = store::account::create_session(&mut tx, t.id(), staff.id).await?;
    store::commit(tx).await?;
    tracing::info!(
        shop_id = t.id().get(),
        staff_id = staff.id,
        "invitation accepted"
    );
    Ok(signed_in(&st, &headers, &t, &session, &t.url("/admin/")))
}
