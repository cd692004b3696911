//! S3-compatible object storage (AWS S3, MinIO, Garage, Ceph, Scaleway, OVH…): the four
//! operations `Storage` needs over plain HTTP, signed with AWS Signature Version 4.
//!
//! The signer is written here rather than pulled from the AWS SDK: it is a page of code, it is
//! checked against AWS's published test vector, and it keeps the dependency tree small.

use std::fmt;
use std::io;
use std::path::Path;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use futures_util::TryStreamExt;
use hmac::{Hmac, Mac};
use reqwest::{Method, StatusCode, Url};
use sha2::{Digest, Sha256};

use crate::storage::{file_stream, ByteStream};
use crate::MediaError;

/// SHA-256 of the empty payload, signed for requests without a body.
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Where the bucket lives and how to sign for it.
#[derive(Clone)]
pub struct S3Config {
    /// `https://s3.eu-west-3.amazonaws.com`, `http://127.0.0.1:9000`…
    pub endpoint: String,
    pub region: String,
    pub bucket: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    /// `endpoint/bucket/key` (MinIO and most self-hosted servers) rather than
    /// `bucket.endpoint/key` (AWS's default).
    pub path_style: bool,
}

impl fmt::Debug for S3Config {
    // Hand-written: the secret must never reach a log line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Config")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("bucket", &self.bucket)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"***")
            .field("path_style", &self.path_style)
            .finish()
    }
}

/// A bucket on an S3-compatible server.
#[derive(Clone, Debug)]
pub struct S3Store {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: S3Config,
    /// Scheme, host and port requests go to, and the path prefix before the key.
    base: Url,
    http: reqwest::Client,
}

impl S3Store {
    pub fn new(config: S3Config) -> Result<S3Store, MediaError> {
        let bad = |why: &str| {
            MediaError::Io(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("S3 endpoint {:?}: {why}", config.endpoint),
            ))
        };
        let endpoint =
            Url::parse(config.endpoint.trim_end_matches('/')).map_err(|_| bad("not a URL"))?;
        if !matches!(endpoint.scheme(), "http" | "https") || endpoint.host_str().is_none() {
            return Err(bad("must be http:// or https:// with a host"));
        }
        if config.bucket.is_empty() || config.region.is_empty() {
            return Err(bad("bucket and region are required"));
        }
        let mut base = endpoint.clone();
        if config.path_style {
            base.set_path(&format!("/{}/", uri_encode(&config.bucket, false)));
        } else {
            let host = format!("{}.{}", config.bucket, endpoint.host_str().unwrap_or(""));
            base.set_host(Some(&host)).map_err(|_| bad("bad host"))?;
            base.set_path("/");
        }
        let http = reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(io::Error::other)?;
        Ok(S3Store {
            inner: Arc::new(Inner { config, base, http }),
        })
    }

    pub fn config(&self) -> &S3Config {
        &self.inner.config
    }

    /// The URL of `key` (or of the bucket itself for `""`).
    fn url(&self, key: &str) -> Url {
        let mut url = self.inner.base.clone();
        let path = format!("{}{}", url.path(), uri_encode(key, false));
        url.set_path(&path);
        url
    }

    async fn send(
        &self,
        method: Method,
        key: &str,
        query: &[(&str, &str)],
        payload_sha256: &str,
        body: Option<(reqwest::Body, u64)>,
    ) -> Result<reqwest::Response, MediaError> {
        let url = self.url(key);
        let host = match url.port() {
            Some(p) => format!("{}:{p}", url.host_str().unwrap_or("")),
            None => url.host_str().unwrap_or("").to_string(),
        };
        let amz_date = amz_date(SystemTime::now());
        let headers = [
            ("host", host.as_str()),
            ("x-amz-content-sha256", payload_sha256),
            ("x-amz-date", amz_date.as_str()),
        ];
        let c = &self.inner.config;
        let signed = sign(
            &Request {
                method: method.as_str(),
                path: url.path(),
                query,
                headers: &headers,
                payload_sha256,
            },
            &Credentials {
                access_key_id: &c.access_key_id,
                secret_access_key: &c.secret_access_key,
                region: &c.region,
                service: "s3",
            },
            &amz_date,
        );
        let mut url = url;
        if !query.is_empty() {
            url.set_query(Some(&canonical_query(query)));
        }
        let mut req = self
            .inner
            .http
            .request(method, url)
            .header("x-amz-content-sha256", payload_sha256)
            .header("x-amz-date", &amz_date)
            .header("authorization", signed.authorization);
        if let Some((body, len)) = body {
            req = req.header("content-length", len).body(body);
        }
        req.send().await.map_err(|e| http_error(&e))
    }

    pub async fn put(&self, key: &str, bytes: &[u8]) -> Result<(), MediaError> {
        let sha = hex::encode(Sha256::digest(bytes));
        let len = bytes.len() as u64;
        let res = self
            .send(
                Method::PUT,
                key,
                &[],
                &sha,
                Some((reqwest::Body::from(bytes.to_vec()), len)),
            )
            .await?;
        expect_ok(res, "PUT", key).await.map(drop)
    }

    /// Uploads the file at `path` without reading it into memory; `sha256` (hex) is its digest,
    /// which the signature covers so the server rejects a corrupted upload.
    pub async fn put_file(&self, key: &str, path: &Path, sha256: &str) -> Result<(), MediaError> {
        let file = tokio::fs::File::open(path).await?;
        let len = file.metadata().await?.len();
        let body = reqwest::Body::wrap_stream(file_stream(file));
        let res = self
            .send(Method::PUT, key, &[], sha256, Some((body, len)))
            .await?;
        expect_ok(res, "PUT", key).await.map(drop)
    }

    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, MediaError> {
        let res = self.send(Method::GET, key, &[], EMPTY_SHA256, None).await?;
        if res.status() == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        let res = expect_ok(res, "GET", key).await?;
        Ok(Some(
            res.bytes().await.map_err(|e| http_error(&e))?.to_vec(),
        ))
    }

    pub async fn get_stream(&self, key: &str) -> Result<Option<(u64, ByteStream)>, MediaError> {
        let res = self.send(Method::GET, key, &[], EMPTY_SHA256, None).await?;
        if res.status() == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        let res = expect_ok(res, "GET", key).await?;
        let len = res.content_length().unwrap_or(0);
        let stream = res.bytes_stream().map_err(|e| http_error(&e).into_io());
        Ok(Some((len, Box::pin(stream))))
    }

    pub async fn delete(&self, key: &str) -> Result<(), MediaError> {
        let res = self
            .send(Method::DELETE, key, &[], EMPTY_SHA256, None)
            .await?;
        if res.status() == StatusCode::NOT_FOUND {
            return Ok(());
        }
        expect_ok(res, "DELETE", key).await.map(drop)
    }

    /// Lists the keys under `prefix` page by page (ListObjectsV2) and deletes them one by one:
    /// the batch delete call needs a Content-MD5 that not every compatible server agrees on,
    /// and a shop holds few enough files that this is not worth the difference.
    pub async fn delete_prefix(&self, prefix: &str) -> Result<(), MediaError> {
        loop {
            let query = [("list-type", "2"), ("prefix", prefix)];
            let res = self
                .send(Method::GET, "", &query, EMPTY_SHA256, None)
                .await?;
            let res = expect_ok(res, "LIST", prefix).await?;
            let xml = res.text().await.map_err(|e| http_error(&e))?;
            let keys = xml_values(&xml, "Key");
            let mut deleted = 0;
            for key in keys {
                // Only keys we could have written; anything else is left alone.
                if key.starts_with(prefix) && crate::valid_key(&key) {
                    self.delete(&key).await?;
                    deleted += 1;
                }
            }
            // Deleted keys no longer list, so the next round starts from the top again; a round
            // that deleted nothing is the last.
            if deleted == 0 {
                return Ok(());
            }
        }
    }
}

impl MediaError {
    fn into_io(self) -> io::Error {
        match self {
            MediaError::Io(e) => e,
            other => io::Error::other(other.to_string()),
        }
    }
}

fn http_error(e: &reqwest::Error) -> MediaError {
    // reqwest's message names the URL but never the Authorization header.
    MediaError::Io(io::Error::other(format!("S3 request failed: {e}")))
}

async fn expect_ok(
    res: reqwest::Response,
    op: &str,
    key: &str,
) -> Result<reqwest::Response, MediaError> {
    if res.status().is_success() {
        return Ok(res);
    }
    let status = res.status();
    let body = res.text().await.unwrap_or_default();
    let code = xml_values(&body, "Code")
        .into_iter()
        .next()
        .unwrap_or_default();
    Err(MediaError::Io(io::Error::other(format!(
        "S3 {op} {key:?}: {status} {code}"
    ))))
}

/// The text of every `<tag>…</tag>` element, entities decoded. S3's listing is flat and regular
/// enough that this is all the XML parsing needed.
fn xml_values(xml: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let mut out = vec![];
    let mut rest = xml;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        let Some(end) = after.find(&close) else { break };
        out.push(
            after[..end]
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&"),
        );
        rest = &after[end + close.len()..];
    }
    out
}

// ---- Signature Version 4 --------------------------------------------------------------------

/// What is signed of a request. `headers` are lowercase names with their values; every one of
/// them is signed.
pub struct Request<'a> {
    pub method: &'a str,
    /// Already URI-encoded, as sent.
    pub path: &'a str,
    pub query: &'a [(&'a str, &'a str)],
    pub headers: &'a [(&'a str, &'a str)],
    pub payload_sha256: &'a str,
}

pub struct Credentials<'a> {
    pub access_key_id: &'a str,
    pub secret_access_key: &'a str,
    pub region: &'a str,
    pub service: &'a str,
}

#[derive(Debug)]
pub struct Signed {
    pub canonical_request: String,
    pub string_to_sign: String,
    pub authorization: String,
}

/// Signs `req` at `amz_date` (`YYYYMMDDTHHMMSSZ`).
pub fn sign(req: &Request, creds: &Credentials, amz_date: &str) -> Signed {
    let mut headers: Vec<(String, String)> = req
        .headers
        .iter()
        .map(|(k, v)| {
            let v = v.split_whitespace().collect::<Vec<_>>().join(" ");
            (k.to_ascii_lowercase(), v)
        })
        .collect();
    headers.sort();
    let signed_headers = headers
        .iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let canonical_headers: String = headers.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        req.path,
        canonical_query(req.query),
        canonical_headers,
        signed_headers,
        req.payload_sha256
    );
    let date = &amz_date[..8];
    let scope = format!("{date}/{}/{}/aws4_request", creds.region, creds.service);
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    );
    let mut key = hmac(
        format!("AWS4{}", creds.secret_access_key).as_bytes(),
        date.as_bytes(),
    );
    for part in [creds.region, creds.service, "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    let signature = hex::encode(hmac(&key, string_to_sign.as_bytes()));
    Signed {
        authorization: format!(
            "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
            creds.access_key_id
        ),
        canonical_request,
        string_to_sign,
    }
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// Query parameters sorted by name, names and values encoded.
fn canonical_query(query: &[(&str, &str)]) -> String {
    let mut pairs: Vec<(String, String)> = query
        .iter()
        .map(|(k, v)| (uri_encode(k, true), uri_encode(v, true)))
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// RFC 3986 encoding as SigV4 wants it: unreserved characters kept, the rest `%XX`; `/` kept in
/// paths, encoded in query values.
fn uri_encode(s: &str, encode_slash: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'_' | b'.' | b'~')
            || (b == b'/' && !encode_slash)
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `YYYYMMDDTHHMMSSZ` in UTC.
fn amz_date(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Days since the epoch to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "get-vanilla" from AWS's Signature Version 4 test suite.
    #[test]
    fn get_vanilla_test_vector() {
        let signed = sign(
            &Request {
                method: "GET",
                path: "/",
                query: &[],
                headers: &[
                    ("Host", "example.amazonaws.com"),
                    ("X-Amz-Date", "20150830T123600Z"),
                ],
                payload_sha256: EMPTY_SHA256,
            },
            &Credentials {
                access_key_id: "AKIDEXAMPLE",
                secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                region: "us-east-1",
                service: "service",
            },
            "20150830T123600Z",
        );
        assert_eq!(
            signed.canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            signed.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n\
             bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"
        );
        assert_eq!(
            signed.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-date, \
             Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
    }

    #[test]
    fn query_and_dates() {
        assert_eq!(
            canonical_query(&[("prefix", "shops/1/"), ("list-type", "2")]),
            "list-type=2&prefix=shops%2F1%2F"
        );
        assert_eq!(uri_encode("a b/é", false), "a%20b/%C3%A9");
        assert_eq!(
            amz_date(UNIX_EPOCH + std::time::Duration::from_secs(1_440_938_160)),
            "20150830T123600Z"
        );
        assert_eq!(amz_date(UNIX_EPOCH), "19700101T000000Z");
        assert_eq!(
            amz_date(UNIX_EPOCH + std::time::Duration::from_secs(951_782_400)),
            "20000229T000000Z"
        );
    }

    #[test]
    fn addressing_styles_and_secret_hidden() {
        let mut config = S3Config {
            endpoint: "https://s3.example.com".into(),
            region: "eu-west-3".into(),
            bucket: "media".into(),
            access_key_id: "AK".into(),
            secret_access_key: "TOPSECRET".into(),
            path_style: false,
        };
        let s = S3Store::new(config.clone()).unwrap();
        assert_eq!(
            s.url("shops/1/a.png").as_str(),
            "https://media.s3.example.com/shops/1/a.png"
        );
        assert!(!format!("{s:?}").contains("TOPSECRET"));
        config.path_style = true;
        config.endpoint = "http://127.0.0.1:9000/".into();
        let s = S3Store::new(config.clone()).unwrap();
        assert_eq!(
            s.url("shops/1/a.png").as_str(),
            "http://127.0.0.1:9000/media/shops/1/a.png"
        );
        assert_eq!(s.url("").as_str(), "http://127.0.0.1:9000/media/");
        config.endpoint = "ftp://x".into();
        assert!(S3Store::new(config).is_err());
    }

    #[test]
    fn listing_keys() {
        let xml = "<ListBucketResult><Contents><Key>a/b&amp;c</Key></Contents><Contents><Key>d</Key></Contents></ListBucketResult>";
        assert_eq!(xml_values(xml, "Key"), vec!["a/b&c", "d"]);
    }
}
