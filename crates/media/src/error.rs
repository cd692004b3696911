//! The crate's error type and its mapping to user-facing Fluent messages.
//!
//! `Display` is for logs; what a shop owner reads comes from the web layer's
//! `err-{code}` Fluent messages (see `crates/web/i18n/*/media.ftl`), filled
//! with `args()`. Storage errors deliberately expose no detail to users: paths
//! and OS messages are for operators only.

/// Why an upload was refused or could not be stored.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("the uploaded file is empty")]
    Empty,
    #[error("the uploaded file exceeds {max_bytes} bytes")]
    TooLarge { max_bytes: usize },
    #[error("the uploaded file is not a PNG, JPEG or WebP image")]
    UnsupportedFormat,
    /// The image is wider or taller than allowed, or has more pixels in total
    /// than `max_pixels` (a 5000x5000 image fits 6000x6000 but not 24 MP).
    #[error(
        "image of {width}x{height} pixels exceeds the limit of \
         {max_width}x{max_height} and {max_pixels} pixels"
    )]
    DimensionsTooLarge {
        width: u32,
        height: u32,
        max_width: u32,
        max_height: u32,
        max_pixels: u64,
    },
    #[error("the image data is corrupt or uses an unsupported variant of its format")]
    Corrupt,
    #[error("storage error: {0}")]
    Io(#[from] std::io::Error),
}

impl MediaError {
    /// Fluent message id without its `err-` prefix.
    pub fn code(&self) -> &'static str {
        match self {
            MediaError::Empty => "image-empty",
            MediaError::TooLarge { .. } => "image-too-large",
            MediaError::UnsupportedFormat => "image-unsupported",
            MediaError::DimensionsTooLarge { .. } => "image-dimensions",
            MediaError::Corrupt => "image-corrupt",
            MediaError::Io(_) => "storage-io",
        }
    }

    /// Fluent arguments for the message named by [`MediaError::code`].
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            MediaError::TooLarge { max_bytes } => {
                vec![("max_mb", human_number(*max_bytes as u64, 1024 * 1024))]
            }
            MediaError::DimensionsTooLarge {
                width,
                height,
                max_width,
                max_height,
                max_pixels,
            } => vec![
                ("width", width.to_string()),
                ("height", height.to_string()),
                ("max_width", max_width.to_string()),
                ("max_height", max_height.to_string()),
                ("max_megapixels", human_number(*max_pixels, 1_000_000)),
            ],
            MediaError::Empty
            | MediaError::UnsupportedFormat
            | MediaError::Corrupt
            | MediaError::Io(_) => Vec::new(),
        }
    }
}

/// `value / unit` for people: "5" rather than "5.0", one decimal when needed
/// ("2.5"). Rounds down so that the limit we announce is never more generous
/// than the one we enforce.
fn human_number(value: u64, unit: u64) -> String {
    let tenths = u128::from(value) * 10 / u128::from(unit);
    if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_numbers() {
        assert_eq!(human_number(5 * 1024 * 1024, 1024 * 1024), "5");
        assert_eq!(human_number(5 * 1024 * 1024 / 2, 1024 * 1024), "2.5");
        assert_eq!(human_number(24_000_000, 1_000_000), "24");
        assert_eq!(human_number(500_000, 1_000_000), "0.5");
    }

    #[test]
    fn too_large_reports_megabytes() {
        let error = MediaError::TooLarge {
            max_bytes: 5 * 1024 * 1024,
        };
        assert_eq!(error.code(), "image-too-large");
        assert_eq!(error.args(), vec![("max_mb", "5".to_string())]);
    }

    #[test]
    fn io_errors_carry_no_user_arguments() {
        let error = MediaError::from(std::io::Error::other("disk on fire at /srv/media"));
        assert_eq!(error.code(), "storage-io");
        assert!(error.args().is_empty());
    }
}
