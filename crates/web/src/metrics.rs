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

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
}

impl Metrics {
    pub fn observe(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        if let Ok(mut m) = self.requests.lock() {
            *m.entry((route.to_string(), method.to_string(), status))
                .or_default() += 1;
        }
        if let Ok(mut m) = self.latency.lock() {
            let h = m.entry(route.to_string()).or_default();
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
    }

    pub fn render(&self, gauges: &[(&str, &str, i64)]) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP vitrine_http_requests_total HTTP requests by route, method and status.\n",
        );
        out.push_str("# TYPE vitrine_http_requests_total counter\n");
        if let Ok(m) = self.requests.lock() {
            for ((route, method, status), n) in m.iter() {
                out.push_str(&format!(
                    "vitrine_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                    esc(route),
                    method,
                    status,
                    n
                ));
            }
        }
        out.push_str("# HELP vitrine_http_request_duration_seconds Request latency by route.\n");
        out.push_str("# TYPE vitrine_http_request_duration_seconds histogram\n");
        if let Ok(m) = self.latency.lock() {
            for (route, h) in m.iter() {
                for (i, b) in BUCKETS.iter().enumerate() {
                    out.push_str(&format!(
                        "vitrine_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                        esc(route), b, h.counts[i]
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
        }
        for (name, help, v) in gauges {
            out.push_str(&format!(
                "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {v}\n"
            ));
        }
        out
    }
}

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}
