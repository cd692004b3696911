//! The mall's directory: the categories a seller files their shop under (names are translated
//! in the interface, as `mall-cat-{code}`).

/// Every directory category, in the order the directory lists them.
pub const CATEGORIES: &[&str] = &[
    "food",
    "drinks",
    "books",
    "art",
    "fashion",
    "jewellery",
    "home",
    "garden",
    "animals",
    "children",
    "beauty",
    "sport",
    "crafts",
    "music-films",
    "services",
    "rentals",
    "other",
];

/// Whether `code` is a directory category (the empty code, "none chosen", is not).
pub fn is_category(code: &str) -> bool {
    CATEGORIES.contains(&code)
}
