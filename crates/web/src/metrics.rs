//! Prometheus metrics: requests by route and status, a latency histogram, and gauges read from
//! the database at scrape time (outbox depth).

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

#[derive(Default)]
struct Histogram {
    counts: Vec<u64>,
    sum: f64,
    count: u64,
}

/// What one route has seen: requests by method and status, and its latency.
#[derive(Default)]
struct RouteStats {
    /// (method, status, count): a handful per route, so a list beats a map.
    requests: Vec<(String, u16, u64)>,
    latency: Histogram,
}

/// Counted under one lock, with no allocation once a route, method and status have been seen.
#[derive(Default)]
pub struct Metrics {
    routes: Mutex<BTreeMap<String, RouteStats>>,
}

impl Metrics {
    pub fn observe(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        let Ok(mut routes) = self.routes.lock() else {
            return;
        };
        let r = match routes.get_mut(route) {
            Some(r) => r,
            None => routes.entry(route.to_string()).or_default(),
        };
        match r
            .requests
            .iter_mut()
            .find(|(m, s, _)| m == method && *s == status)
        {
            Some((_, _, n)) => *n += 1,
            None => r.requests.push((method.to_string(), status, 1)),
        }
        let h = &mut r.latency;
        if h.counts.is_empty() {
            h.counts = vec![0; BUCKETS.len()];
        }
        let s = elapsed.as_secs_f64();
        for (i, b) in BUCKETS.iter().enumerate() {
            if s <= *b {
                h.counts[i] += 1;
            }
        }
        h.sum += s;
        h.count += 1;
    }

    pub fn render(&self, gauges: &[(&str, &str, i64)]) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP vitrine_http_requests_total HTTP requests by route, method and status.\n",
        );
        out.push_str("# TYPE vitrine_http_requests_total counter\n");
        let Ok(routes) = self.routes.lock() else {
            return out;
        };
        let mut requests: Vec<(&str, &str, u16, u64)> = routes
            .iter()
            .flat_map(|(route, r)| {
                r.requests
                    .iter()
                    .map(move |(m, s, n)| (route.as_str(), m.as_str(), *s, *n))
            })
            .collect();
        requests.sort();
        for (route, method, status, n) in requests {
            out.push_str(&format!(
                "vitrine_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                esc(route),
                method,
                status,
                n
            ));
        }
        out.push_str("# HELP vitrine_http_request_duration_seconds Request latency by route.\n");
        out.push_str("# TYPE vitrine_http_request_duration_seconds histogram\n");
        for (route, h) in routes.iter().map(|(route, r)| (route, &r.latency)) {
            for (i, b) in BUCKETS.iter().enumerate() {
                out.push_str(&format!(
                    "vitrine_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                    esc(route),
                    b,
                    h.counts[i]
                ));
            }
            out.push_str(&format!(
                "vitrine_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                esc(route),
                h.count
            ));
            out.push_str(&format!(
                "vitrine_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n",
                esc(route),
                h.sum
            ));
            out.push_str(&format!(
                "vitrine_http_request_duration_seconds_count{{route=\"{}\"}} {}\n",
                esc(route),
                h.count
            ));
        }
        drop(routes);
        for (name, help, v) in gauges {
            out.push_str(&format!(
                "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {v}\n"
            ));
        }
        out
    }
}

/// The method as a metrics label: any name is a valid HTTP method, and each label value is a
/// series kept forever, so the ones we do not serve share one.
pub fn method_label(m: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *m {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}
