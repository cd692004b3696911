//! Every failure ends in one clear sentence in the reader's language, with a non-zero exit,
//! even with RUST_BACKTRACE=1.

use crate::common::*;

#[tokio::test]
async fn an_unknown_shop_is_named_in_the_terminal_language() {
    let env = Env::new().await;
    env.store().await.close().await;
    std::fs::write(env.dir.path().join("p.csv"), "Handle\n").unwrap();
    let out = run(env
        .cmd(FR)
        .args(["import", "--shop", "nulle-part", "p.csv"]));
    assert_fails_with(&out, "Aucune boutique n'a l'adresse « nulle-part ».");
    let out = run(env.cmd(EN).args(["export", "--shop", "nowhere"]));
    assert_fails_with(&out, "No shop has the address “nowhere”.");
    // LC_ALL wins over LANG, as in every other program.
    let out = run(env
        .cmd(EN)
        .env("LC_ALL", FR)
        .args(["import", "--shop", "x", "p.csv"]));
    assert_fails_with(&out, "Aucune boutique n'a l'adresse « x ».");
}

#[tokio::test]
async fn a_missing_file_is_said_in_the_shop_language() {
    let env = Env::new().await;
    env.shop("fromagerie", "fr").await;
    env.shop("bookshop", "en").await;
    let out = run(env
        .cmd(EN)
        .args(["import", "--shop", "fromagerie", "absent.csv"]));
    assert_fails_with(
        &out,
        "Impossible de lire le fichier absent.csv : il n'existe pas.",
    );
    let out = run(env
        .cmd(FR)
        .args(["import", "--shop", "bookshop", "absent.csv"]));
    assert_fails_with(&out, "Cannot read the file absent.csv: it does not exist.");
    std::fs::create_dir(env.dir.path().join("folder.csv")).unwrap();
    let out = run(env
        .cmd(FR)
        .args(["import", "--shop", "bookshop", "folder.csv"]));
    assert_fails_with(
        &out,
        "Cannot read the file folder.csv: it is a folder, not a file.",
    );
    let out = run(env.cmd(FR).args([
        "export",
        "--shop",
        "fromagerie",
        "--output",
        "no-such-folder/out.csv",
    ]));
    assert_fails_with(
        &out,
        "Impossible d'écrire le fichier no-such-folder/out.csv : il n'existe pas.",
    );
}

#[tokio::test]
async fn a_csv_with_errors_is_listed_by_line_and_nothing_is_saved() {
    let env = Env::new().await;
    env.shop("fromagerie", "fr").await;
    std::fs::write(
        env.dir.path().join("bad.csv"),
        "Handle,Title,Body (HTML),Vendor,Tags,Option1 Name,Option1 Value,Variant SKU,Variant Price,Status\n\
         tomme,Tomme,,,,Title,Default Title,T1,12.5x,active\n",
    )
    .unwrap();
    let out = run(env
        .cmd(EN)
        .args(["import", "--shop", "fromagerie", "bad.csv"]));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_readable(&err);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines[0].starts_with("bad.csv:2: ") && lines[0].contains("Variant Price"),
        "{err}"
    );
    assert_eq!(
        lines.last().copied(),
        Some(
            format!(
                "Rien n'a été importé : {} dans bad.csv, indiqués ci-dessus.",
                if lines.len() == 2 {
                    "un problème".to_string()
                } else {
                    format!("{} problèmes", lines.len() - 1)
                }
            )
            .as_str()
        ),
        "{err}"
    );
    let out = run(env.cmd(EN).args(["export", "--shop", "fromagerie"]));
    assert!(out.status.success());
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("tomme"),
        "nothing was saved"
    );
}

#[tokio::test]
async fn database_addresses_that_cannot_work_are_explained() {
    let env = Env::new().await;
    let out = run(env
        .cmd(EN)
        .env("DATABASE_URL", "mysql://u:secret@db/shop")
        .arg("migrate"));
    assert_fails_with(
        &out,
        "DATABASE_URL must start with sqlite:// or postgres://, not “mysql”.",
    );
    // Nothing listens on port 1: refused at once, and the password stays hidden.
    let out = run(env
        .cmd(FR)
        .env(
            "DATABASE_URL",
            "postgres://vendeur:secret@127.0.0.1:1/vitrine",
        )
        .args(["import", "--shop", "x", "p.csv"]));
    assert_fails_with(
        &out,
        "Impossible de joindre la base de données postgres://vendeur:***@127.0.0.1:1/vitrine : \
         la connexion a été refusée (le serveur de base de données est-il démarré ?).",
    );
    let out = run(env
        .cmd(EN)
        .env("DATABASE_URL", "postgres://u@127.0.0.1:notaport/db")
        .arg("migrate"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_readable(&err);
    assert!(
        err.starts_with(
            "DATABASE_URL “postgres://u@127.0.0.1:notaport/db” is not a valid database address: "
        ),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    assert_eq!(out.status.code(), Some(1));
}

#[tokio::test]
async fn a_bad_configuration_file_is_pointed_at() {
    let env = Env::new().await;
    let out = run(env.cmd(FR).args(["--config", "absent.toml", "migrate"]));
    assert_fails_with(
        &out,
        "Impossible de lire le fichier de configuration absent.toml : il n'existe pas.",
    );
    std::fs::write(
        env.dir.path().join("vitrine.toml"),
        "bind = \"127.0.0.1:8080\"\nplatform_nam = \"Mes boutiques\"\n",
    )
    .unwrap();
    let out = run(env.cmd(EN).arg("migrate"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_readable(&err);
    assert!(
        err.starts_with(
            "The configuration file vitrine.toml is not valid at line 2, column 1: unknown field `platform_nam`"
        ),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    assert_eq!(out.status.code(), Some(1));
    std::fs::remove_file(env.dir.path().join("vitrine.toml")).unwrap();
    let out = run(env
        .cmd(FR)
        .env("VITRINE_TRUST_PROXY", "peut-être")
        .arg("migrate"));
    assert_fails_with(
        &out,
        "trust_proxy doit valoir true ou false, pas « peut-être ».",
    );
}

#[tokio::test]
async fn a_port_in_use_is_said_so() {
    let env = Env::new().await;
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap();
    let out = run(env
        .cmd(EN)
        .env("VITRINE_OPERATOR_PASSWORD", "correct horse battery staple")
        .args(["serve", "--no-worker", "--bind", &addr.to_string()]));
    assert_fails_with(
        &out,
        &format!(
            "Cannot listen on {addr}: another program already uses this port. Stop it, or choose \
             another address with --bind or VITRINE_BIND."
        ),
    );
}

#[tokio::test]
async fn a_panic_ends_in_one_sentence_without_a_backtrace() {
    let env = Env::new().await;
    let out = run(env.cmd(FR).env("VITRINE_TEST_PANIC", "1").arg("migrate"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_readable(&err);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("Vitrine s'est arrêté sur une erreur interne (un défaut du programme"),
        "{err}"
    );
    assert!(
        err.contains("VITRINE_TEST_PANIC is set (src/main.rs:"),
        "{err}"
    );
    assert_ne!(out.status.code(), Some(0));
}
