//! Local storage behaviour, on a fresh temporary directory per test.

use std::io::ErrorKind;

use media::{content_hashed_name, valid_key, MediaError, Storage};

fn store() -> (tempfile::TempDir, Storage) {
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::local(dir.path());
    (dir, storage)
}

fn is_invalid_input(result: Result<impl std::fmt::Debug, MediaError>) -> bool {
    matches!(result, Err(MediaError::Io(ref e)) if e.kind() == ErrorKind::InvalidInput)
}

#[tokio::test]
async fn put_get_delete_round_trip() {
    let (dir, storage) = store();
    let key = "shops/123/logo.png";

    assert_eq!(storage.get(key).await.unwrap(), None);
    storage.put(key, b"first").await.unwrap();
    assert_eq!(
        storage.get(key).await.unwrap().as_deref(),
        Some(&b"first"[..])
    );
    assert!(dir.path().join("shops/123/logo.png").is_file());

    // Overwriting replaces the content and leaves no temporary file behind.
    storage.put(key, b"second").await.unwrap();
    assert_eq!(
        storage.get(key).await.unwrap().as_deref(),
        Some(&b"second"[..])
    );
    let names: Vec<_> = std::fs::read_dir(dir.path().join("shops/123"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(names, ["logo.png"]);

    storage.delete(key).await.unwrap();
    assert_eq!(storage.get(key).await.unwrap(), None);
    // Deleting what is not there is fine.
    storage.delete(key).await.unwrap();
    storage.delete("never/existed.png").await.unwrap();
}

#[tokio::test]
async fn empty_content_is_stored() {
    let (_dir, storage) = store();
    storage.put("empty", b"").await.unwrap();
    assert_eq!(storage.get("empty").await.unwrap(), Some(Vec::new()));
}

#[tokio::test]
async fn delete_prefix_removes_one_folder_only() {
    let (dir, storage) = store();
    for key in [
        "shops/123/logo.png",
        "shops/123/products/1/a.png",
        "shops/12/logo.png",
        "shops/1234/logo.png",
        "shops/logo.png",
    ] {
        storage.put(key, key.as_bytes()).await.unwrap();
    }

    storage.delete_prefix("shops/123/").await.unwrap();

    assert_eq!(storage.get("shops/123/logo.png").await.unwrap(), None);
    assert_eq!(
        storage.get("shops/123/products/1/a.png").await.unwrap(),
        None
    );
    assert!(!dir.path().join("shops/123").exists());
    for survivor in ["shops/12/logo.png", "shops/1234/logo.png", "shops/logo.png"] {
        assert!(
            storage.get(survivor).await.unwrap().is_some(),
            "{survivor} should survive"
        );
    }

    // Nothing there (any more) is fine, and so is a file where the folder
    // would be: it is a key, not something under the prefix.
    storage.delete_prefix("shops/123/").await.unwrap();
    storage.delete_prefix("shops/logo.png/").await.unwrap();
    assert!(storage.get("shops/logo.png").await.unwrap().is_some());
}

#[tokio::test]
async fn delete_prefix_refuses_anything_but_a_folder() {
    let (_dir, storage) = store();
    storage.put("shops/12/logo.png", b"x").await.unwrap();
    for prefix in ["", "/", "shops/1", "../", "/abs/", "a//b/", "shops//"] {
        assert!(
            is_invalid_input(storage.delete_prefix(prefix).await),
            "{prefix:?} should be refused"
        );
    }
    assert!(storage.get("shops/12/logo.png").await.unwrap().is_some());
}

#[tokio::test]
async fn invalid_keys_are_refused() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("root");
    let storage = Storage::local(&root);
    for key in ["../x", "/abs", "a//b", "", "a/", "a/../../x", "a b", "a\\b"] {
        assert!(
            is_invalid_input(storage.put(key, b"x").await),
            "put {key:?}"
        );
        assert!(is_invalid_input(storage.get(key).await), "get {key:?}");
        assert!(
            is_invalid_input(storage.delete(key).await),
            "delete {key:?}"
        );
    }
    // Nothing escaped the root, nor was even created.
    assert_eq!(std::fs::read_dir(parent.path()).unwrap().count(), 0);
}

#[tokio::test]
async fn hashed_names_are_valid_keys() {
    let (_dir, storage) = store();
    let name = content_hashed_name(b"some image bytes", "png");
    assert_eq!(name.len(), 16 + ".png".len());
    assert!(name.ends_with(".png"));
    assert!(name[..16].bytes().all(|b| b.is_ascii_hexdigit()));
    let key = format!("shops/7/{name}");
    assert!(valid_key(&key));
    storage.put(&key, b"some image bytes").await.unwrap();
    assert!(storage.get(&key).await.unwrap().is_some());
}

#[tokio::test]
async fn concurrent_puts_to_one_key_leave_one_whole_value() {
    let (dir, storage) = store();
    let values: Vec<Vec<u8>> = (0..8u8).map(|i| vec![i; 64 * 1024]).collect();
    let mut tasks = Vec::new();
    for value in values.clone() {
        let storage = storage.clone();
        tasks.push(tokio::spawn(async move {
            storage.put("k/v.bin", &value).await.unwrap()
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let stored = storage.get("k/v.bin").await.unwrap().unwrap();
    assert!(values.contains(&stored), "torn write");
    assert_eq!(std::fs::read_dir(dir.path().join("k")).unwrap().count(), 1);
}
