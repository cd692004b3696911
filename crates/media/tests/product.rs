//! Behaviour of `process_product_image`: responsive widths, aspect ratio, orientation, metadata,
//! lossy WebP smaller than JPEG on a photo, and hostile uploads refused.

mod common;

use common::*;
use image::{DynamicImage, GenericImageView, RgbImage};
use media::{process_product_image, ImageFormat, MediaError};

/// Something like a photo: smooth gradients with fine texture.
fn photo(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        let fx = x as f32 / width as f32;
        let fy = y as f32 / height as f32;
        let texture = ((x * 31 + y * 17) % 13) as f32;
        image::Rgb([
            (200.0 * fx + 30.0 + texture) as u8,
            (150.0 * fy + 50.0 + texture) as u8,
            (120.0 * (1.0 - fx * fy) + 40.0) as u8,
        ])
    }))
}

#[test]
fn wide_photo_gets_three_widths_in_both_formats() {
    let img = process_product_image(&jpeg(&photo(2000, 1500))).unwrap();
    assert_eq!((img.width, img.height), (1280, 960));
    let widths: Vec<(u32, u32)> = img.renditions.iter().map(|r| (r.width, r.height)).collect();
    assert_eq!(widths, vec![(320, 240), (640, 480), (1280, 960)]);
    for r in &img.renditions {
        assert_eq!(ImageFormat::sniff(&r.webp), Some(ImageFormat::WebP));
        assert_eq!(ImageFormat::sniff(&r.jpeg), Some(ImageFormat::Jpeg));
        assert_eq!(
            image::load_from_memory(&r.webp).unwrap().dimensions(),
            (r.width, r.height)
        );
        assert_eq!(
            image::load_from_memory(&r.jpeg).unwrap().dimensions(),
            (r.width, r.height)
        );
    }
}

#[test]
fn narrow_photo_is_never_upscaled() {
    let img = process_product_image(&png(&photo(500, 250))).unwrap();
    let widths: Vec<u32> = img.renditions.iter().map(|r| r.width).collect();
    assert_eq!(widths, vec![320, 500]);
    assert_eq!(img.renditions[0].height, 160);
    let tiny = process_product_image(&png(&photo(100, 80))).unwrap();
    assert_eq!(tiny.renditions.len(), 1);
    assert_eq!((tiny.width, tiny.height), (100, 80));
}

#[test]
fn lossy_webp_is_smaller_than_jpeg_on_a_photo() {
    let img = process_product_image(&jpeg(&photo(1600, 1200))).unwrap();
    for r in &img.renditions {
        assert!(
            r.webp.len() < r.jpeg.len(),
            "{}: webp {} ≥ jpeg {}",
            r.width,
            r.webp.len(),
            r.jpeg.len()
        );
    }
}

#[test]
fn exif_orientation_is_applied_and_exif_dropped() {
    let exif = [
        b'M', b'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0,
    ]
    .to_vec();
    let sideways = jpeg_with_exif(&photo(800, 400), exif);
    let img = process_product_image(&sideways).unwrap();
    assert_eq!((img.width, img.height), (400, 800));
    for r in &img.renditions {
        for bytes in [&r.jpeg, &r.webp] {
            assert!(!bytes.windows(4).any(|w| w == b"Exif"), "EXIF kept");
            assert!(!bytes.windows(4).any(|w| w == b"MM\0*"), "TIFF header kept");
        }
    }
}

#[test]
fn bombs_and_non_images_are_refused() {
    assert!(matches!(
        process_product_image(&png_claiming(30_000, 30_000)),
        Err(MediaError::DimensionsTooLarge { .. })
    ));
    // 10000×10000 fits each side but not 50 megapixels.
    assert!(matches!(
        process_product_image(&png_claiming(10_000, 10_000)),
        Err(MediaError::DimensionsTooLarge { .. })
    ));
    assert!(matches!(
        process_product_image(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        Err(MediaError::UnsupportedFormat)
    ));
    assert!(matches!(process_product_image(&[]), Err(MediaError::Empty)));
    assert!(matches!(
        process_product_image(&vec![0xFF; 21 * 1024 * 1024]),
        Err(MediaError::TooLarge { .. })
    ));
}
