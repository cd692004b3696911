//! `vitrine backup` while the shop is being written to, and `vitrine restore` into a new folder.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::common::*;

async fn signup(s: &store::Store, slug: &str) -> store::Result<()> {
    let mut tx = s.begin().await?;
    let plan = store::plan::default_plan(&mut tx).await?.id;
    store::shop::create(
        &mut tx,
        &store::shop::NewShop {
            slug,
            name: slug,
            plan_id: plan,
            default_lang: "fr",
        },
    )
    .await?;
    store::commit(tx).await
}

async fn tables(s: &store::Store) -> Vec<store::schema::Table> {
    let mut c = s.reader().await.unwrap();
    store::schema::tables(&mut c, s.backend()).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_signups_restores_every_acknowledged_one() {
    // The SQLite side: on PostgreSQL pg_dump does this job (see the next test).
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let url = format!("sqlite://{}", data.join("vitrine.db").display());
    let live = store::Store::connect(&url).await.unwrap();
    live.migrate().await.unwrap();
    for i in 0..300 {
        let folder = data.join("media/shops").join(format!("{}", i % 7));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(format!("p-{i}.webp")), vec![i as u8; 4096]).unwrap();
    }
    std::fs::write(data.join("secret.key"), "k".repeat(64)).unwrap();

    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (live, acked, stop) = (live.clone(), acked.clone(), stop.clone());
        tokio::spawn(async move {
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                let slug = format!("boutique-{i}");
                signup(&live, &slug).await.unwrap();
                acked.lock().unwrap().push(slug);
                i += 1;
            }
        })
    };
    while acked.lock().unwrap().len() < 50 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let before: Vec<String> = acked.lock().unwrap().clone();
    let run_in = |data: &std::path::Path, args: &[&str]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_vitrine"));
        c.env_clear()
            .current_dir(dir.path())
            .env("RUST_BACKTRACE", "1")
            .env("LANG", FR)
            .env("VITRINE_LOG", "warn")
            .env("VITRINE_DATA_DIR", data)
            .args(args);
        c.output().unwrap()
    };
    let out = {
        let data = data.clone();
        let run_in = &run_in;
        tokio::task::block_in_place(|| run_in(&data, &["backup", "copie.tar"]))
    };
    let during = acked.lock().unwrap().len() - before.len();
    stop.store(true, Ordering::Relaxed);
    writer.await.unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        said.trim(),
        "Sauvegarde écrite dans copie.tar : la base de données et 300 fichiers de médias."
    );
    assert!(during > 0, "signups went on while the backup ran");

    let restored = dir.path().join("restored");
    let out = run_in(&restored, &["restore", "copie.tar"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!(
            "Restauré dans {} : la base de données et 300 fichiers de médias. Démarrez Vitrine avec : vitrine serve",
            restored.display()
        )
    );
    let db = restored.join("vitrine.db");
    let checked = store::backup::check_sqlite(&db).await.unwrap();
    assert_eq!(checked.schema_version, store::migrate::latest_version());
    let copy = store::Store::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    assert!(store::migrate::is_up_to_date(&copy).await);
    let restored_tables = tables(&copy).await;
    assert!(store::schema::tenant_key_violations(&restored_tables).is_empty());
    assert_eq!(restored_tables, tables(&live).await, "the same schema");
    let mut c = copy.reader().await.unwrap();
    for slug in &before {
        assert!(
            store::shop::by_slug(&mut c, slug).await.unwrap().is_some(),
            "{slug} was acknowledged before the backup began"
        );
    }
    drop(c);
    // The copy is a working database, not only a readable one.
    signup(&copy, "apres-restauration").await.unwrap();
    assert_eq!(
        std::fs::read(restored.join("media/shops/3/p-10.webp")).unwrap(),
        vec![10u8; 4096]
    );
    assert_eq!(
        std::fs::read_to_string(restored.join("secret.key")).unwrap(),
        "k".repeat(64)
    );

    // A folder that holds something is never overwritten.
    let out = run_in(&restored, &["restore", "copie.tar"]);
    assert_fails_with(
        &out,
        &format!(
            "Impossible de restaurer dans {} : le dossier n'est pas vide. Restaurez dans un \
             dossier de données nouveau ou vide (VITRINE_DATA_DIR).",
            restored.display()
        ),
    );
    // Something that is not a backup is refused, and leaves the folder as it was.
    std::fs::write(dir.path().join("notes.tar"), "pas une archive").unwrap();
    let other = dir.path().join("other");
    let out = run_in(&other, &["restore", "notes.tar"]);
    assert_fails_with(&out, "notes.tar n'est pas une sauvegarde de Vitrine.");
    assert!(!other.join("vitrine.db").exists());
}

#[tokio::test]
async fn on_postgresql_backup_points_to_pg_dump_and_saves_the_media() {
    let env = Env::new().await;
    let pg = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/vitrine".into());
    std::fs::create_dir_all(env.data.join("media/shops/1")).unwrap();
    std::fs::write(env.data.join("media/shops/1/logo.png"), b"png").unwrap();
    let out = run(env
        .cmd(EN)
        .env("DATABASE_URL", &pg)
        .args(["backup", "media.tar"]));
    assert_fails_with(
        &out,
        "The database is on PostgreSQL: save it with pg_dump (for example: pg_dump -Fc -f \
         vitrine.dump \"$DATABASE_URL\"), and the media folder with: vitrine backup --media-only media.tar",
    );
    assert!(!env.dir.path().join("media.tar").exists());
    let out =
        run(env
            .cmd(EN)
            .env("DATABASE_URL", &pg)
            .args(["backup", "--media-only", "media.tar"]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "Media backup written to media.tar: one file. The PostgreSQL database is not in it: save it with pg_dump."
    );
    let restored = env.dir.path().join("restored");
    let out = run(env
        .cmd(EN)
        .env("DATABASE_URL", &pg)
        .env("VITRINE_DATA_DIR", &restored)
        .args(["restore", "media.tar"]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("pg_restore"));
    assert_eq!(
        std::fs::read(restored.join("media/shops/1/logo.png")).unwrap(),
        b"png"
    );
}
