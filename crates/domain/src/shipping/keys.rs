//! Keys of new methods: made from the name the seller typed, never shown to
//! them, and kept when the method is renamed (orders and carts name a
//! method by its key).

/// A key for a method called `name` that none of `taken` has: the name's
/// letters and digits in lowercase ASCII, hyphens between words, at most
/// 32 characters, then "-2", "-3"… if needed; "method" for a name with no
/// letter or digit. Always valid for [`super::Method::new`].
pub fn method_key(name: &str, taken: &[&str]) -> String {
    let mut base = String::new();
    for c in name.chars().flat_map(fold) {
        if c.is_ascii_alphanumeric() {
            if base.len() == 32 {
                break;
            }
            base.push(c.to_ascii_lowercase());
        } else if !base.is_empty() && !base.ends_with('-') && base.len() < 31 {
            base.push('-');
        }
    }
    let base = base.trim_end_matches('-');
    let base = if base.is_empty() { "method" } else { base };
    if !taken.contains(&base) {
        return base.to_owned();
    }
    (2u32..)
        .map(|n| format!("{base}-{n}"))
        .find(|k| !taken.contains(&k.as_str()))
        .expect("a free suffix exists")
}

/// The accented letters of French and its neighbours as plain ones
/// ("Retrait à la boutique" → "retrait-a-la-boutique").
fn fold(c: char) -> impl Iterator<Item = char> {
    let s: &str = match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' | 'Ã' | 'Å' => "a",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ò' | 'Ó' | 'Ô' | 'Ö' | 'Õ' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ÿ' | 'Ÿ' => "y",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        'ß' => "ss",
        _ => "",
    };
    let own = s.is_empty().then_some(c);
    own.into_iter().chain(s.chars())
}
