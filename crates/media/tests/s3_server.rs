//! The S3 backend against a real S3-compatible server (moto, from PyPI), started by the test.
//! Without `moto_server` (in .ci/venv, or on the PATH) the test says it was skipped and passes,
//! unless `VITRINE_REQUIRE_S3` is set (CI sets it).

// The start-up and skip helpers the web tests use too.
#[path = "../../web/tests/it/common/moto.rs"]
mod moto;
#[path = "../../web/tests/it/common/skip.rs"]
mod skip;

use futures_util::TryStreamExt;
use media::{S3Config, Storage};
use sha2::{Digest, Sha256};

fn config(port: u16, bucket: &str) -> S3Config {
    S3Config {
        endpoint: format!("http://127.0.0.1:{port}"),
        region: "us-east-1".into(),
        bucket: bucket.into(),
        access_key_id: "testing".into(),
        secret_access_key: "testing-secret".into(),
        path_style: true,
    }
}

#[tokio::test]
async fn objects_round_trip_through_a_real_s3_server() {
    let Some(moto) = moto::start().await else {
        return;
    };
    let bucket = "vitrine-media";
    moto.bucket(bucket).await;
    let s = Storage::s3(config(moto.port, bucket)).unwrap();

    assert_eq!(s.get("shops/1/logo.png").await.unwrap(), None);
    s.put("shops/1/logo.png", b"first").await.unwrap();
    s.put("shops/1/logo.png", b"second").await.unwrap();
    assert_eq!(
        s.get("shops/1/logo.png").await.unwrap().as_deref(),
        Some(&b"second"[..])
    );

    // A file streamed up and back down.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.pdf");
    let content: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &content).unwrap();
    let sha = hex::encode(Sha256::digest(&content));
    s.put_file("private/shops/1/book.pdf", &path, &sha)
        .await
        .unwrap();
    let (len, stream) = s
        .get_stream("private/shops/1/book.pdf")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(len, content.len() as u64);
    let chunks: Vec<bytes::Bytes> = stream.try_collect().await.unwrap();
    assert_eq!(chunks.concat(), content);
    // Deleting one shop's folder leaves the others, and "shops/1/" never takes "shops/12/".
    s.put("shops/12/logo.png", b"twelve").await.unwrap();
    s.put("shops/1/a/b.png", b"nested").await.unwrap();
    s.delete_prefix("shops/1/").await.unwrap();
    assert_eq!(s.get("shops/1/logo.png").await.unwrap(), None);
    assert_eq!(s.get("shops/1/a/b.png").await.unwrap(), None);
    assert!(s.get("shops/12/logo.png").await.unwrap().is_some());
    assert!(s.get("private/shops/1/book.pdf").await.unwrap().is_some());

    s.delete("shops/12/logo.png").await.unwrap();
    s.delete("shops/12/logo.png").await.unwrap();
    assert_eq!(s.get("shops/12/logo.png").await.unwrap(), None);

    // Keys are checked before any request.
    assert!(s.get("../etc/passwd").await.is_err());
    assert!(s.delete_prefix("").await.is_err());

    // A bucket that does not exist is an error, not an empty store.
    let missing = Storage::s3(config(moto.port, "no-such-bucket")).unwrap();
    assert!(missing.put("a.png", b"x").await.is_err());
}
