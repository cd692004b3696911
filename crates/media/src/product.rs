//! Product photos: validated like logos (larger limits), turned upright, stripped of metadata
//! and cut into responsive renditions, each as lossy WebP and as a JPEG fallback.
//!
//! The renditions' widths follow from the width of the largest one, so the database only keeps
//! that width and height (see [`rendition_widths`]).

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, RgbImage};

use crate::process::{check_dimensions, decode, to_8_bit};
use crate::{ImageFormat, ImageLimits, MediaError};

/// The widths a product photo is served at (CSS pixels × density on phones to desktops).
pub const PRODUCT_WIDTHS: [u32; 3] = [320, 640, 1280];

/// Quality of both encoders: visually clean for photos at a fraction of the size.
const QUALITY: u8 = 80;

impl ImageLimits {
    /// Product photos: 20 MiB, 12000 px per side, 50 megapixels.
    pub const PRODUCT: ImageLimits = ImageLimits {
        max_bytes: 20 * 1024 * 1024,
        max_width: 12000,
        max_height: 12000,
        max_pixels: 50_000_000,
    };
}

/// One width of a product photo in both formats.
#[derive(Clone)]
pub struct Rendition {
    pub width: u32,
    pub height: u32,
    pub webp: Vec<u8>,
    pub jpeg: Vec<u8>,
}

impl std::fmt::Debug for Rendition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rendition")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("webp", &format_args!("<{} bytes>", self.webp.len()))
            .field("jpeg", &format_args!("<{} bytes>", self.jpeg.len()))
            .finish()
    }
}

/// A processed product photo: its largest size and every rendition, narrowest first.
#[derive(Debug, Clone)]
pub struct ProductImage {
    pub width: u32,
    pub height: u32,
    pub renditions: Vec<Rendition>,
}

impl ProductImage {
    /// A hash of the pixels we serve, to name the files after their content.
    pub fn content_hash(&self) -> String {
        let largest = self.renditions.last().map(|r| &r.jpeg[..]).unwrap_or(&[]);
        let name = crate::content_hashed_name(largest, "x");
        name.trim_end_matches(".x").to_string()
    }

    /// Total bytes of every file.
    pub fn total_bytes(&self) -> usize {
        self.renditions
            .iter()
            .map(|r| r.webp.len() + r.jpeg.len())
            .sum()
    }
}

/// The rendition widths of a photo whose largest rendition is `largest` pixels wide: the
/// standard widths below it, then itself. A photo is never upscaled, so a narrow one has fewer.
pub fn rendition_widths(largest: u32) -> Vec<u32> {
    let mut widths: Vec<u32> = PRODUCT_WIDTHS
        .iter()
        .copied()
        .filter(|w| *w < largest)
        .collect();
    widths.push(largest.max(1));
    widths
}

/// Validates a product photo against [`ImageLimits::PRODUCT`] and produces its renditions.
pub fn process_product_image(bytes: &[u8]) -> Result<ProductImage, MediaError> {
    let limits = ImageLimits::PRODUCT;
    if bytes.is_empty() {
        return Err(MediaError::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(MediaError::TooLarge {
            max_bytes: limits.max_bytes,
        });
    }
    let format = ImageFormat::sniff(bytes).ok_or(MediaError::UnsupportedFormat)?;
    let (width, height) = format.header_dimensions(bytes).ok_or(MediaError::Corrupt)?;
    check_dimensions(width, height, &limits)?;
    if format.is_truncated(bytes) {
        return Err(MediaError::Corrupt);
    }
    let (image, orientation) = decode(bytes, format, &limits)?;
    let image = to_8_bit(image);

    // Size the largest rendition on the upright picture, but resize before rotating so the
    // rotation works on at most 1280 px wide.
    let turned = matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    );
    let (upright_w, upright_h) = if turned {
        (image.height(), image.width())
    } else {
        (image.width(), image.height())
    };
    let largest = upright_w.min(PRODUCT_WIDTHS[PRODUCT_WIDTHS.len() - 1]);
    let largest_h = scaled_height(upright_w, upright_h, largest);
    let (rw, rh) = if turned {
        (largest_h, largest)
    } else {
        (largest, largest_h)
    };
    let mut image = if (rw, rh) == (image.width(), image.height()) {
        image
    } else {
        image.resize_exact(rw, rh, FilterType::Lanczos3)
    };
    image.apply_orientation(orientation);
    let base = flatten(image);

    let mut renditions = Vec::new();
    for w in rendition_widths(base.width()) {
        let h = scaled_height(base.width(), base.height(), w);
        let pixels = if w == base.width() {
            base.clone()
        } else {
            image::imageops::resize(&base, w, h, FilterType::Lanczos3)
        };
        renditions.push(Rendition {
            width: w,
            height: h,
            webp: encode_webp(&pixels)?,
            jpeg: encode_jpeg(&pixels)?,
        });
    }
    Ok(ProductImage {
        width: base.width(),
        height: base.height(),
        renditions,
    })
}

/// The height matching `new_width` for an image of `width`×`height`, rounded, never zero.
fn scaled_height(width: u32, height: u32, new_width: u32) -> u32 {
    let h = (u64::from(height) * u64::from(new_width) + u64::from(width) / 2) / u64::from(width);
    u32::try_from(h).unwrap_or(u32::MAX).max(1)
}

/// JPEG has no transparency: transparent parts become white, as on the product page.
fn flatten(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    let mut out = RgbImage::new(rgba.width(), rgba.height());
    for (o, p) in out.pixels_mut().zip(rgba.pixels()) {
        let a = u32::from(p[3]);
        for c in 0..3 {
            o[c] = ((u32::from(p[c]) * a + 255 * (255 - a) + 127) / 255) as u8;
        }
    }
    out
}

fn encode_jpeg(image: &RgbImage) -> Result<Vec<u8>, MediaError> {
    let mut out = Cursor::new(Vec::new());
    JpegEncoder::new_with_quality(&mut out, QUALITY)
        .encode_image(image)
        .map_err(std::io::Error::other)?;
    Ok(out.into_inner())
}

fn encode_webp(image: &RgbImage) -> Result<Vec<u8>, MediaError> {
    let encoder = webp::Encoder::from_rgb(image.as_raw(), image.width(), image.height());
    let memory = encoder
        .encode_simple(false, f32::from(QUALITY))
        .map_err(|e| std::io::Error::other(format!("webp: {e:?}")))?;
    Ok(memory.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_upscale() {
        assert_eq!(rendition_widths(1280), vec![320, 640, 1280]);
        assert_eq!(rendition_widths(1000), vec![320, 640, 1000]);
        assert_eq!(rendition_widths(640), vec![320, 640]);
        assert_eq!(rendition_widths(200), vec![200]);
    }

    #[test]
    fn heights_keep_ratio() {
        assert_eq!(scaled_height(4000, 3000, 1280), 960);
        assert_eq!(scaled_height(1000, 1, 320), 1);
    }
}
