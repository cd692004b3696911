//! Where customers come from: visits counted by source (in memory as they come, written every
//! few seconds by the background loop: a page served from the cache stays a memory read), the
//! source an order is credited to, and what the seller reads: visits, orders and revenue by
//! source over a period, per day.
//!
//! The rules of sources themselves are in `domain::growth::source`.

use std::collections::HashMap;
use std::sync::Mutex;

use domain::growth::source::{self, Channel, Source, Touch};
use store::id::ShopId;
use store::Store;

use crate::{Error, Result};

/// Distinct (shop, day, source) counted in memory at most; past it, a new source of a visit is
/// counted under its channel alone (name "other"): addresses anyone can make up must not grow
/// the node's memory or a shop's statistics without end.
pub const TALLY_MAX_KEYS: usize = 20_000;
/// Distinct sources one shop may gather in memory between two writes, past which the same.
pub const TALLY_MAX_PER_SHOP: usize = 500;
/// The name new sources are counted under past those limits.
pub const OTHER: &str = "other";

/// The periods a seller may look at, in days (the first is the default).
pub const PERIODS: &[i64] = &[30, 7, 90, 365];

type Key = (i64, i64, Source);

/// This node's visits not written yet.
#[derive(Default)]
pub struct Tally {
    inner: Mutex<Counts>,
}

#[derive(Default)]
struct Counts {
    visits: HashMap<Key, i64>,
    /// How many distinct sources each shop has in `visits`.
    per_shop: HashMap<i64, usize>,
}

impl Counts {
    fn add(&mut self, key: Key, n: i64) {
        if let Some(v) = self.visits.get_mut(&key) {
            *v += n;
            return;
        }
        let shop = key.0;
        let crowded = self.visits.len() >= TALLY_MAX_KEYS
            || self.per_shop.get(&shop).copied().unwrap_or(0) >= TALLY_MAX_PER_SHOP;
        let key = if crowded {
            let (shop, day, s) = key;
            let other = Source {
                channel: s.channel,
                name: OTHER.to_string(),
                campaign: String::new(),
            };
            (shop, day, other)
        } else {
            key
        };
        match self.visits.get_mut(&key) {
            Some(v) => *v += n,
            None => {
                self.visits.insert(key, n);
                *self.per_shop.entry(shop).or_insert(0) += 1;
            }
        }
    }
}

impl Tally {
    fn lock(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts one visit of `shop` on `day` from `source`.
    pub fn record(&self, shop: ShopId, day: i64, source: Source) {
        self.lock().add((shop.0, day, source), 1);
    }

    /// Everything counted, leaving the tally empty.
    fn take(&self) -> Vec<store::attribution::Visits> {
        let counts = std::mem::take(&mut *self.lock());
        counts
            .visits
            .into_iter()
            .map(|((shop, day, s), visits)| store::attribution::Visits {
                shop: ShopId(shop),
                day,
                channel: s.channel.as_str().to_string(),
                name: s.name,
                campaign: s.campaign,
                visits,
            })
            .collect()
    }

    /// Puts back what could not be written, to be written next time.
    fn give_back(&self, rows: Vec<store::attribution::Visits>) {
        let mut counts = self.lock();
        for v in rows {
            let Ok(channel) = Channel::parse(&v.channel) else {
                continue;
            };
            let source = Source {
                channel,
                name: v.name,
                campaign: v.campaign,
            };
            counts.add((v.shop.0, v.day, source), v.visits);
        }
    }

    /// How many visits wait to be written.
    pub fn pending(&self) -> i64 {
        self.lock().visits.values().sum()
    }
}

/// Writes the visits counted so far, in one short transaction; returns how many. On failure
/// they stay counted, for the next try.
pub async fn flush(store: &Store, tally: &Tally) -> Result<i64> {
    let rows = tally.take();
    if rows.is_empty() {
        return Ok(0);
    }
    let n = rows.iter().map(|v| v.visits).sum();
    let written = async {
        let mut tx = store.begin().await?;
        store::attribution::add_visits(&mut tx, &rows).await?;
        store::commit(tx).await
    }
    .await;
    match written {
        Ok(()) => Ok(n),
        Err(e) => {
            tally.give_back(rows);
            Err(e.into())
        }
    }
}

/// The source an order placed at `now` is credited to: the shopper's last touch when it is
/// within the shop's window, a direct order otherwise.
pub async fn credited(
    conn: &mut store::Conn,
    shop: &store::shop::Shop,
    touch: Option<&Touch>,
    now: i64,
) -> Result<Source> {
    let Some(touch) = touch else {
        return Ok(Source::direct());
    };
    let window = store::attribution::window(conn, shop.sid()).await?;
    let today = crate::calendar::day_of(now, crate::calendar::shop_tz(&shop.timezone));
    Ok(source::credited(Some(touch), today, window))
}

/// The shop's window, in days.
pub async fn window(store: &Store, shop: &store::shop::Shop) -> Result<i64> {
    let mut conn = store.reader().await?;
    Ok(store::attribution::window(&mut conn, shop.sid()).await?)
}

/// Sets the shop's window from what the seller typed; anything but a whole number of days within
/// [`source::WINDOW_MIN`]..=[`source::WINDOW_MAX`] is refused.
pub async fn set_window(store: &Store, shop: &store::shop::Shop, days: &str) -> Result<()> {
    let days = source::parse_window(days).map_err(Error::Refused)?;
    let mut tx = store.begin().await?;
    store::attribution::set_window(&mut tx, shop.sid(), days).await?;
    store::commit(tx).await?;
    Ok(())
}

/// What one source brought (the channel is none for orders placed before sources were counted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub channel: Option<Channel>,
    pub name: String,
    pub campaign: String,
    pub visits: i64,
    pub orders: i64,
    /// What its orders came to, taxes and delivery included, in the shop's currency.
    pub revenue_minor: i64,
}

/// One day of the period: its totals, and what each source brought on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub day: i64,
    pub visits: i64,
    pub orders: i64,
    pub revenue_minor: i64,
    /// Only the sources that brought something that day.
    pub rows: Vec<Row>,
}

/// What the seller reads about a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// First and last day (days since 1970-01-01 on the shop's calendar).
    pub from: i64,
    pub to: i64,
    /// Every source that brought a visit or an order, most orders first.
    pub rows: Vec<Row>,
    /// Every day of the period, oldest first.
    pub days: Vec<Day>,
    pub visits: i64,
    pub orders: i64,
    pub revenue_minor: i64,
    pub window_days: i64,
}

type RowKey = (Option<Channel>, String, String);

fn add(map: &mut HashMap<RowKey, Row>, key: RowKey, visits: i64, orders: i64, revenue: i64) {
    let row = map.entry(key.clone()).or_insert_with(|| Row {
        channel: key.0,
        name: key.1,
        campaign: key.2,
        visits: 0,
        orders: 0,
        revenue_minor: 0,
    });
    row.visits += visits;
    row.orders += orders;
    row.revenue_minor += revenue;
}

fn sorted(map: HashMap<RowKey, Row>) -> Vec<Row> {
    let mut rows: Vec<Row> = map.into_values().collect();
    rows.sort_by(|a, b| {
        (b.orders, b.revenue_minor, b.visits)
            .cmp(&(a.orders, a.revenue_minor, a.visits))
            .then_with(|| {
                (a.channel.map(Channel::as_str), &a.name, &a.campaign).cmp(&(
                    b.channel.map(Channel::as_str),
                    &b.name,
                    &b.campaign,
                ))
            })
    });
    rows
}

/// Visits, orders and revenue by source over the last `days` days up to today (a period not in
/// [`PERIODS`] reads as the first). Writes this node's pending visits first, so that the seller
/// sees what happened up to now.
pub async fn report(
    store: &Store,
    tally: &Tally,
    shop: &store::shop::Shop,
    days: i64,
    now: i64,
) -> Result<Report> {
    if let Err(e) = flush(store, tally).await {
        tracing::warn!(error = %e, "visits not written yet");
    }
    let days = if PERIODS.contains(&days) {
        days
    } else {
        PERIODS[0]
    };
    let tz = crate::calendar::shop_tz(&shop.timezone);
    let to = crate::calendar::day_of(now, tz);
    let from = to - days + 1;
    let start = |day: i64| crate::calendar::day_start(day, tz);
    let mut conn = store.reader().await?;
    let visits = store::attribution::visits(&mut conn, shop.sid(), from, to).await?;
    let orders =
        store::attribution::orders(&mut conn, shop.sid(), start(from), start(to + 1)).await?;
    let window_days = store::attribution::window(&mut conn, shop.sid()).await?;
    drop(conn);

    let mut all: HashMap<RowKey, Row> = HashMap::new();
    let mut per_day: Vec<HashMap<RowKey, Row>> = (from..=to).map(|_| HashMap::new()).collect();
    for v in visits {
        let key = (Channel::parse(&v.channel).ok(), v.name, v.campaign);
        add(&mut all, key.clone(), v.visits, 0, 0);
        add(&mut per_day[(v.day - from) as usize], key, v.visits, 0, 0);
    }
    for o in orders {
        let day = crate::calendar::day_of(o.created_at, tz);
        let channel = o
            .source_channel
            .as_deref()
            .and_then(|c| Channel::parse(c).ok());
        let key = (channel, o.source_name, o.source_campaign);
        add(&mut all, key.clone(), 0, 1, o.total_minor);
        if (from..=to).contains(&day) {
            add(
                &mut per_day[(day - from) as usize],
                key,
                0,
                1,
                o.total_minor,
            );
        }
    }
    let rows = sorted(all);
    let days: Vec<Day> = per_day
        .into_iter()
        .enumerate()
        .map(|(i, map)| {
            let rows = sorted(map);
            Day {
                day: from + i as i64,
                visits: rows.iter().map(|r| r.visits).sum(),
                orders: rows.iter().map(|r| r.orders).sum(),
                revenue_minor: rows.iter().map(|r| r.revenue_minor).sum(),
                rows,
            }
        })
        .collect();
    Ok(Report {
        from,
        to,
        visits: rows.iter().map(|r| r.visits).sum(),
        orders: rows.iter().map(|r| r.orders).sum(),
        revenue_minor: rows.iter().map(|r| r.revenue_minor).sum(),
        rows,
        days,
        window_days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(channel: Channel, name: &str) -> Source {
        Source {
            channel,
            name: name.into(),
            campaign: String::new(),
        }
    }

    #[test]
    fn the_tally_counts_and_bounds_what_anyone_can_make_up() {
        let t = Tally::default();
        t.record(ShopId(1), 10, src(Channel::Search, "qwant"));
        t.record(ShopId(1), 10, src(Channel::Search, "qwant"));
        for i in 0..TALLY_MAX_PER_SHOP + 50 {
            t.record(ShopId(2), 10, src(Channel::Campaign, &format!("c{i}")));
        }
        assert_eq!(t.pending(), 2 + TALLY_MAX_PER_SHOP as i64 + 50);
        let rows = t.take();
        assert_eq!(t.pending(), 0);
        let qwant = rows.iter().find(|v| v.name == "qwant").expect("qwant");
        assert_eq!(qwant.visits, 2);
        let other = rows
            .iter()
            .find(|v| v.shop == ShopId(2) && v.name == OTHER)
            .expect("the overflow");
        assert_eq!(other.visits, 50);
        assert_eq!(rows.len(), 1 + TALLY_MAX_PER_SHOP + 1);
    }

    #[test]
    fn days_follow_the_shops_calendar() {
        // 2026-12-07 23:30 UTC is already the 8th in Paris.
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 7)
            .and_then(|d| d.and_hms_opt(23, 30, 0))
            .map(|d| d.and_utc().timestamp())
            .expect("a time");
        let paris = crate::calendar::day_of(at, chrono_tz::Europe::Paris);
        let utc = crate::calendar::day_of(at, chrono_tz::UTC);
        assert_eq!(paris, utc + 1);
        assert_eq!(crate::calendar::date_of(paris).to_string(), "2026-12-08");
    }
}
