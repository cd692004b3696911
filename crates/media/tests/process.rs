//! Behaviour of `process_logo` / `process_image` on well-formed and hostile
//! uploads.

mod common;

use common::*;
use image::GenericImageView;
use media::{process_image, process_logo, ImageFormat, ImageLimits, MediaError};

fn assert_png(bytes: &[u8]) {
    assert_eq!(ImageFormat::sniff(bytes), Some(ImageFormat::Png));
}

#[test]
fn accepts_png_jpeg_and_webp_and_reports_dimensions() {
    let source = rgb(300, 200);
    for (name, bytes) in [
        ("png", png(&source)),
        ("jpeg", jpeg(&source)),
        ("webp", webp(&source)),
    ] {
        let logo = process_logo(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((logo.width, logo.height), (300, 200), "{name}");
        assert_eq!(logo.content_type, "image/png", "{name}");
        assert_eq!(logo.extension, "png", "{name}");
        assert_png(&logo.bytes);
        assert_eq!(decode(&logo.bytes).dimensions(), (300, 200), "{name}");
    }
}

#[test]
fn sniffs_by_content() {
    assert_eq!(ImageFormat::sniff(&png(&rgb(2, 2))), Some(ImageFormat::Png));
    assert_eq!(
        ImageFormat::sniff(&jpeg(&rgb(2, 2))),
        Some(ImageFormat::Jpeg)
    );
    assert_eq!(
        ImageFormat::sniff(&webp(&rgb(2, 2))),
        Some(ImageFormat::WebP)
    );
    assert_eq!(ImageFormat::Png.mime(), "image/png");
    assert_eq!(ImageFormat::Jpeg.mime(), "image/jpeg");
    assert_eq!(ImageFormat::WebP.mime(), "image/webp");
}

#[test]
fn large_image_is_scaled_to_fit_512() {
    let logo = process_logo(&png(&rgb(2000, 1000))).unwrap();
    assert_eq!((logo.width, logo.height), (512, 256));
    assert_eq!(decode(&logo.bytes).dimensions(), (512, 256));

    let tall = process_logo(&jpeg(&rgb(900, 1800))).unwrap();
    assert_eq!((tall.width, tall.height), (256, 512));
}

#[test]
fn small_image_is_not_upscaled() {
    let logo = process_logo(&png(&rgb(100, 50))).unwrap();
    assert_eq!((logo.width, logo.height), (100, 50));
    let decoded = decode(&logo.bytes);
    assert_eq!(decoded.dimensions(), (100, 50));
    // Lossless source, no resize: pixels survive exactly.
    assert_eq!(decoded.to_rgb8(), rgb(100, 50).to_rgb8());
}

#[test]
fn general_form_honours_fit() {
    let out = process_image(&png(&rgb(1000, 500)), &ImageLimits::LOGO, 100).unwrap();
    assert_eq!((out.width, out.height), (100, 50));
}

#[test]
fn png_with_alpha_keeps_alpha_without_dark_halo() {
    let logo = process_logo(&png(&half_transparent(1000, 1000))).unwrap();
    assert_eq!((logo.width, logo.height), (512, 512));
    let decoded = decode(&logo.bytes);
    assert!(decoded.color().has_alpha());
    let rgba = decoded.to_rgba8();
    assert_eq!(rgba.get_pixel(10, 10).0, [255, 0, 0, 255]);
    assert_eq!(rgba.get_pixel(500, 10).0[3], 0);
    // Semi-transparent edge pixels must still be red, not darkened by the
    // black of the transparent side.
    let edge: Vec<_> = rgba.pixels().filter(|p| p[3] > 0 && p[3] < 255).collect();
    assert!(!edge.is_empty(), "expected an anti-aliased edge");
    for pixel in edge {
        assert!(pixel[0] >= 250, "dark halo: {pixel:?}");
    }
}

#[test]
fn small_png_with_alpha_keeps_alpha() {
    let logo = process_logo(&png(&half_transparent(64, 32))).unwrap();
    let rgba = decode(&logo.bytes).to_rgba8();
    assert_eq!(rgba.get_pixel(0, 0).0, [255, 0, 0, 255]);
    assert_eq!(rgba.get_pixel(63, 31).0[3], 0);
}

#[test]
fn opaque_alpha_channel_is_dropped() {
    let opaque = image::DynamicImage::ImageRgba8(rgb(40, 40).to_rgba8());
    let logo = process_logo(&png(&opaque)).unwrap();
    assert!(!decode(&logo.bytes).color().has_alpha());
}

#[test]
fn sixteen_bit_and_grayscale_inputs_are_accepted() {
    let deep = image::DynamicImage::ImageRgba16(rgb(600, 300).to_rgba16());
    let logo = process_logo(&png(&deep)).unwrap();
    assert_eq!((logo.width, logo.height), (512, 256));

    let gray = image::DynamicImage::ImageLuma8(rgb(80, 60).to_luma8());
    let logo = process_logo(&jpeg(&gray)).unwrap();
    assert_eq!((logo.width, logo.height), (80, 60));
}

#[test]
fn exif_orientation_is_applied() {
    // Big-endian TIFF header, one IFD entry: Orientation (0x0112), SHORT,
    // count 1, value 6 = "rotate 90° clockwise to display".
    let exif = [
        b'M', b'M', 0, 42, 0, 0, 0, 8, // header, IFD at offset 8
        0, 1, // one entry
        0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, // orientation = 6
        0, 0, 0, 0, // no next IFD
    ]
    .to_vec();
    let sideways = jpeg_with_exif(&rgb(200, 100), exif);
    let logo = process_logo(&sideways).unwrap();
    assert_eq!((logo.width, logo.height), (100, 200));
}

#[test]
fn output_carries_no_metadata_or_trailing_data() {
    let mut bytes = png(&rgb(20, 20));
    bytes.extend_from_slice(b"<script>alert(1)</script>");
    let logo = process_logo(&bytes).unwrap();
    let needle = b"script";
    assert!(!logo.bytes.windows(needle.len()).any(|w| w == needle));
}

#[test]
fn text_file_is_unsupported_whatever_its_name() {
    // The name "logo.png" would be a lie; only content counts.
    let err = process_logo(b"This is not an image, even if it is called logo.png\n").unwrap_err();
    assert!(matches!(err, MediaError::UnsupportedFormat), "{err:?}");
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>"#;
    assert!(matches!(
        process_logo(svg).unwrap_err(),
        MediaError::UnsupportedFormat
    ));
}

#[test]
fn gif_is_unsupported() {
    // A complete 1x1 GIF89a.
    let gif: &[u8] = &[
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00,
        0x00, 0xFF, 0xFF, 0xFF, 0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00,
        0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ];
    let err = process_logo(gif).unwrap_err();
    assert!(matches!(err, MediaError::UnsupportedFormat), "{err:?}");
    assert_eq!(err.code(), "image-unsupported");
}

#[test]
fn empty_upload() {
    let err = process_logo(b"").unwrap_err();
    assert!(matches!(err, MediaError::Empty), "{err:?}");
    assert_eq!(err.code(), "image-empty");
}

#[test]
fn oversized_upload_is_refused_before_looking_at_it() {
    let mut bytes = png(&rgb(10, 10));
    bytes.resize(ImageLimits::LOGO.max_bytes + 1, 0);
    let err = process_logo(&bytes).unwrap_err();
    assert!(
        matches!(err, MediaError::TooLarge { max_bytes } if max_bytes == 5 * 1024 * 1024),
        "{err:?}"
    );
    assert_eq!(err.code(), "image-too-large");
    assert_eq!(err.args(), vec![("max_mb", "5".to_string())]);

    // Exactly at the limit is fine as far as size goes.
    let limits = ImageLimits {
        max_bytes: 1000,
        ..ImageLimits::LOGO
    };
    let small = png(&rgb(4, 4));
    assert!(small.len() <= 1000);
    assert!(process_image(&small, &limits, 512).is_ok());
    let mut big = small.clone();
    big.resize(1001, 0);
    assert!(matches!(
        process_image(&big, &limits, 512),
        Err(MediaError::TooLarge { max_bytes: 1000 })
    ));
}

#[test]
fn truncated_png_is_corrupt() {
    let full = png(&rgb(300, 300));
    for cut in [full.len() / 2, 40, 20, 9] {
        let err = process_logo(&full[..cut]).unwrap_err();
        assert!(matches!(err, MediaError::Corrupt), "cut at {cut}: {err:?}");
        assert_eq!(err.code(), "image-corrupt");
    }
}

#[test]
fn truncated_jpeg_and_webp_are_corrupt() {
    let jpeg = jpeg(&rgb(300, 300));
    let err = process_logo(&jpeg[..jpeg.len() / 3]).unwrap_err();
    assert!(matches!(err, MediaError::Corrupt), "{err:?}");
    let webp = webp(&rgb(300, 300));
    let err = process_logo(&webp[..webp.len() / 2]).unwrap_err();
    assert!(matches!(err, MediaError::Corrupt), "{err:?}");
}

#[test]
fn png_header_without_image_data_is_corrupt() {
    // Within limits, so it gets decoded; the data is missing.
    let err = process_logo(&png_claiming(300, 200)).unwrap_err();
    assert!(matches!(err, MediaError::Corrupt), "{err:?}");
}

#[test]
fn too_many_pixels_even_within_width_and_height() {
    // 5000x5000 fits 6000x6000 but is 25 megapixels, over the 24 allowed.
    let err = process_logo(&png_claiming(5000, 5000)).unwrap_err();
    assert!(
        matches!(
            err,
            MediaError::DimensionsTooLarge {
                width: 5000,
                height: 5000,
                max_width: 6000,
                max_height: 6000,
                max_pixels: 24_000_000,
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.code(), "image-dimensions");
    assert_eq!(
        err.args(),
        vec![
            ("width", "5000".to_string()),
            ("height", "5000".to_string()),
            ("max_width", "6000".to_string()),
            ("max_height", "6000".to_string()),
            ("max_megapixels", "24".to_string()),
        ]
    );
}

#[test]
fn too_wide_for_custom_limits() {
    let limits = ImageLimits {
        max_width: 100,
        ..ImageLimits::LOGO
    };
    let err = process_image(&png(&rgb(101, 10)), &limits, 512).unwrap_err();
    assert!(
        matches!(
            err,
            MediaError::DimensionsTooLarge {
                width: 101,
                height: 10,
                max_width: 100,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(process_image(&png(&rgb(100, 10)), &limits, 512).is_ok());
}

#[test]
fn demo_logo_is_accepted() {
    let logo = process_logo(&media::demo_logo()).unwrap();
    assert_eq!((logo.width, logo.height), (256, 256));
    assert!(decode(&logo.bytes).color().has_alpha());
}
