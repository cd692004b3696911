//! Validation and normalisation of uploaded images: size and pixel limits,
//! decompression-bomb defences, resizing, and re-encoding to PNG.
//!
//! The order of checks matters and goes from cheapest to most expensive:
//! byte length, magic bytes, declared dimensions (read from the header by
//! `format`, without decoding), and only then a decode whose allocations are
//! capped by `image::Limits`, in case the header lied or the decoder sees
//! the file differently from our header reader.
//!
//! Everything here is CPU-bound and synchronous: async callers should run it
//! with `tokio::task::spawn_blocking`, and bound how many run at once, since
//! one decode at the logo limits may use a few hundred MiB.

use std::io::Cursor;

use image::codecs::png::{CompressionType, FilterType as PngFilterType, PngEncoder};
use image::imageops::{self, FilterType};
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits, RgbaImage};

use crate::{ImageFormat, MediaError};

/// Upper bounds applied to an upload before and while decoding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageLimits {
    /// Size of the uploaded file itself.
    pub max_bytes: usize,
    pub max_width: u32,
    pub max_height: u32,
    /// Width × height: bounds decoding memory and time, which the two
    /// per-axis limits alone allow to grow to their product.
    pub max_pixels: u64,
}

impl ImageLimits {
    /// Shop logos: 5 MiB, 6000×6000, 24 megapixels.
    pub const LOGO: ImageLimits = ImageLimits {
        max_bytes: 5 * 1024 * 1024,
        max_width: 6000,
        max_height: 6000,
        max_pixels: 24_000_000,
    };
}

/// Logos are shown small; 512 px leaves room for high-density screens.
pub const LOGO_FIT: u32 = 512;

/// A cleaned-up image ready to be stored and served.
#[derive(Clone, PartialEq, Eq)]
pub struct ProcessedImage {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub extension: &'static str,
    pub width: u32,
    pub height: u32,
}

/// Shows the size of `bytes` rather than the bytes: a logged or failed
/// assertion on an image should not print hundreds of kilobytes.
impl std::fmt::Debug for ProcessedImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProcessedImage")
            .field("bytes", &format_args!("<{} bytes>", self.bytes.len()))
            .field("content_type", &self.content_type)
            .field("extension", &self.extension)
            .field("width", &self.width)
            .field("height", &self.height)
            .finish()
    }
}

/// Bytes per pixel of the widest layout the accepted decoders can produce
/// (16-bit RGBA PNG).
const MAX_DECODED_BYTES_PER_PIXEL: u64 = 8;

/// Decoder working memory on top of the output buffer: zlib windows, row
/// buffers, colour profiles and metadata chunks. Generous for legitimate
/// files, small next to what a bomb asks for.
const DECODER_SCRATCH_BYTES: u64 = 64 * 1024 * 1024;

/// Validates a shop logo with [`ImageLimits::LOGO`] and normalises it to a PNG
/// that fits within 512×512.
pub fn process_logo(bytes: &[u8]) -> Result<ProcessedImage, MediaError> {
    process_image(bytes, &ImageLimits::LOGO, LOGO_FIT)
}

/// Validates an upload against `limits`, decodes it, scales it down (never
/// up) to fit within `fit`×`fit` keeping its aspect ratio, applies its EXIF
/// orientation, and re-encodes it as PNG, keeping transparency.
///
/// Re-encoding also drops all metadata (EXIF GPS position, camera serial
/// numbers, comments) and anything smuggled after the image data, so what we
/// serve is only pixels. A `fit` of 0 is treated as 1.
pub fn process_image(
    bytes: &[u8],
    limits: &ImageLimits,
    fit: u32,
) -> Result<ProcessedImage, MediaError> {
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
    check_dimensions(width, height, limits)?;
    if format.is_truncated(bytes) {
        return Err(MediaError::Corrupt);
    }

    let (image, orientation) = decode(bytes, format, limits)?;
    let image = to_8_bit(image);
    let mut image = fit_within(image, fit.max(1));
    // Rotating after the resize works on at most fit×fit pixels instead of
    // copying the full-size image; the fit box is square so the result is
    // the same.
    image.apply_orientation(orientation);
    let image = drop_opaque_alpha(image);

    let bytes = encode_png(&image)?;
    Ok(ProcessedImage {
        bytes,
        content_type: ImageFormat::Png.mime(),
        extension: ImageFormat::Png.extension(),
        width: image.width(),
        height: image.height(),
    })
}

pub(crate) fn check_dimensions(
    width: u32,
    height: u32,
    limits: &ImageLimits,
) -> Result<(), MediaError> {
    let pixels = u64::from(width) * u64::from(height);
    if width > limits.max_width || height > limits.max_height || pixels > limits.max_pixels {
        return Err(MediaError::DimensionsTooLarge {
            width,
            height,
            max_width: limits.max_width,
            max_height: limits.max_height,
            max_pixels: limits.max_pixels,
        });
    }
    Ok(())
}

fn decoder_limits(limits: &ImageLimits) -> Limits {
    let max_pixels = limits
        .max_pixels
        .min(u64::from(limits.max_width) * u64::from(limits.max_height));
    // `Limits` is non-exhaustive, so it can only be built by mutation.
    let mut decoder_limits = Limits::default();
    decoder_limits.max_image_width = Some(limits.max_width);
    decoder_limits.max_image_height = Some(limits.max_height);
    decoder_limits.max_alloc = Some(
        max_pixels
            .saturating_mul(MAX_DECODED_BYTES_PER_PIXEL)
            .saturating_add(DECODER_SCRATCH_BYTES),
    );
    decoder_limits
}

/// Decodes with allocation limits in force, returning the pixels and the
/// EXIF orientation (phone photos are often stored sideways).
pub(crate) fn decode(
    bytes: &[u8],
    format: ImageFormat,
    limits: &ImageLimits,
) -> Result<(DynamicImage, Orientation), MediaError> {
    let mut decoder_limits = decoder_limits(limits);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.to_image_crate());
    // The PNG decoder takes its limits at construction, before reading any
    // chunk, so they must be on the reader rather than set afterwards.
    reader.limits(decoder_limits.clone());
    let mut decoder = reader.into_decoder().map_err(decode_error)?;

    // Our header reader and the decoder could disagree on a crafted file;
    // whatever the decoder believes is what it will allocate for.
    let (width, height) = decoder.dimensions();
    check_dimensions(width, height, limits)?;

    // Broken EXIF is common and harmless: keep the image as stored.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);

    // `DynamicImage::from_decoder` allocates the output buffer without
    // consulting the limits; account for it here as `ImageReader::decode`
    // does, so the decoder's own budget is what is left over.
    decoder_limits
        .reserve(decoder.total_bytes())
        .map_err(decode_error)?;
    decoder.set_limits(decoder_limits).map_err(decode_error)?;
    let image = DynamicImage::from_decoder(decoder).map_err(decode_error)?;
    Ok((image, orientation))
}

/// Any decoder failure means the file is not a well-formed image we can
/// read: truncated, damaged, internally inconsistent, or using a rare
/// variant of its format. The user's remedy is the same in every case.
fn decode_error(_: image::ImageError) -> MediaError {
    MediaError::Corrupt
}

/// Converts 16-bit images to 8 bits before resizing: the output is 8-bit
/// PNG anyway, and this halves the memory the resize needs.
pub(crate) fn to_8_bit(image: DynamicImage) -> DynamicImage {
    let color = image.color();
    match image {
        DynamicImage::ImageLuma8(_)
        | DynamicImage::ImageLumaA8(_)
        | DynamicImage::ImageRgb8(_)
        | DynamicImage::ImageRgba8(_) => image,
        _ => match (color.has_color(), color.has_alpha()) {
            (true, true) => DynamicImage::ImageRgba8(image.to_rgba8()),
            (true, false) => DynamicImage::ImageRgb8(image.to_rgb8()),
            (false, true) => DynamicImage::ImageLumaA8(image.to_luma_alpha8()),
            (false, false) => DynamicImage::ImageLuma8(image.to_luma8()),
        },
    }
}

/// Scales the image down so that both sides are at most `fit`, keeping the
/// aspect ratio; smaller images are returned untouched, since upscaling only
/// adds blur and bytes.
fn fit_within(image: DynamicImage, fit: u32) -> DynamicImage {
    let (width, height) = (image.width(), image.height());
    if width <= fit && height <= fit {
        return image;
    }
    let (new_width, new_height) = fitted_dimensions(width, height, fit);
    if image.color().has_alpha() {
        // Filtering straight RGBA lets the (invisible, often black) colour of
        // transparent pixels bleed into the edges as a dark halo. Resampling
        // premultiplied colour weights each pixel by its opacity instead.
        let mut rgba = image.into_rgba8();
        premultiply(&mut rgba);
        let mut resized = imageops::resize(&rgba, new_width, new_height, FilterType::Lanczos3);
        drop(rgba);
        unpremultiply(&mut resized);
        DynamicImage::ImageRgba8(resized)
    } else {
        image.resize_exact(new_width, new_height, FilterType::Lanczos3)
    }
}

/// The largest size with the same aspect ratio fitting in `fit`×`fit`,
/// rounding the shorter side to the nearest pixel but never to zero.
fn fitted_dimensions(width: u32, height: u32, fit: u32) -> (u32, u32) {
    let (long, short) = (width.max(height), width.min(height));
    let scaled_short = (u64::from(short) * u64::from(fit) + u64::from(long) / 2) / u64::from(long);
    let scaled_short = u32::try_from(scaled_short).unwrap_or(fit).clamp(1, fit);
    if width >= height {
        (fit, scaled_short)
    } else {
        (scaled_short, fit)
    }
}

fn premultiply(image: &mut RgbaImage) {
    for pixel in image.pixels_mut() {
        let alpha = u16::from(pixel[3]);
        for channel in &mut pixel.0[..3] {
            // Rounded (c × a) / 255; fits in u8 because c, a ≤ 255.
            *channel = ((u16::from(*channel) * alpha + 127) / 255) as u8;
        }
    }
}

fn unpremultiply(image: &mut RgbaImage) {
    for pixel in image.pixels_mut() {
        let alpha = u32::from(pixel[3]);
        if alpha == 0 {
            // Fully transparent: the colour is meaningless; zero compresses best.
            pixel.0 = [0; 4];
            continue;
        }
        for channel in &mut pixel.0[..3] {
            // Lanczos ringing can leave colour above alpha; clamp it.
            *channel = ((u32::from(*channel) * 255 + alpha / 2) / alpha).min(255) as u8;
        }
    }
}

/// Many PNGs (and every image that went through the premultiplied resize)
/// carry an alpha channel that is opaque everywhere; dropping it makes the
/// file smaller without changing a pixel.
fn drop_opaque_alpha(image: DynamicImage) -> DynamicImage {
    match &image {
        DynamicImage::ImageRgba8(buffer) if buffer.pixels().all(|p| p[3] == u8::MAX) => {
            DynamicImage::ImageRgb8(image.to_rgb8())
        }
        DynamicImage::ImageLumaA8(buffer) if buffer.pixels().all(|p| p[1] == u8::MAX) => {
            DynamicImage::ImageLuma8(image.to_luma8())
        }
        _ => image,
    }
}

fn encode_png(image: &DynamicImage) -> Result<Vec<u8>, MediaError> {
    let mut bytes = Vec::new();
    // Best compression is affordable at thumbnail sizes and the result is
    // served many times.
    let encoder =
        PngEncoder::new_with_quality(&mut bytes, CompressionType::Best, PngFilterType::Adaptive);
    // Encoding an in-memory 8-bit image into a Vec cannot fail on account of
    // the upload; if it ever does, it is our problem, not the seller's.
    image
        .write_with_encoder(encoder)
        .map_err(std::io::Error::other)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitted_dimensions_keep_aspect_ratio() {
        assert_eq!(fitted_dimensions(2000, 1000, 512), (512, 256));
        assert_eq!(fitted_dimensions(1000, 2000, 512), (256, 512));
        assert_eq!(fitted_dimensions(600, 600, 512), (512, 512));
        assert_eq!(fitted_dimensions(6000, 1, 512), (512, 1));
        assert_eq!(fitted_dimensions(1000, 333, 512), (512, 170));
    }

    #[test]
    fn premultiply_round_trip_preserves_opaque_and_zeroes_transparent() {
        let mut image = RgbaImage::from_raw(
            3,
            1,
            vec![10, 200, 30, 255, 90, 40, 250, 0, 255, 128, 0, 128],
        )
        .unwrap();
        premultiply(&mut image);
        unpremultiply(&mut image);
        assert_eq!(image.get_pixel(0, 0).0, [10, 200, 30, 255]);
        assert_eq!(image.get_pixel(1, 0).0, [0, 0, 0, 0]);
        let half = image.get_pixel(2, 0).0;
        assert_eq!(half[3], 128);
        assert!(half[0] >= 253 && half[1].abs_diff(128) <= 1 && half[2] == 0);
    }

    #[test]
    fn logo_decoder_budget_is_bounded() {
        let budget = decoder_limits(&ImageLimits::LOGO).max_alloc.unwrap();
        // Enough for the largest legitimate decode, far from "gigabytes".
        assert!(budget >= 24_000_000 * 8);
        assert!(budget < 300 * 1024 * 1024);
    }
}
