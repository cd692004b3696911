//! The shopper's own pages: the cart (then checkout and the customer account). Never cached:
//! each answer is one visitor's.

mod cart;
mod checkout;

use axum::routing::{get, post};
use axum::Router;

use crate::app::shop_path;
use crate::state::AppState;

pub use cart::{ADD_ROUTE, COUNT_COOKIE};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&shop_path("/cart"), get(cart::page))
        .route(ADD_ROUTE, post(cart::add))
        .route(&shop_path("/cart/lines/{line}"), post(cart::update))
        .route(&shop_path("/cart/lines/{line}/remove"), post(cart::remove))
        .route(
            &shop_path("/checkout"),
            get(checkout::page).post(checkout::save),
        )
        .route(&shop_path("/checkout/review"), get(checkout::review))
        .route(&shop_path("/checkout/place"), post(checkout::place))
        .route(&shop_path("/orders/{link}"), get(checkout::order))
}
