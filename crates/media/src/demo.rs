//! A generated logo for the demo shop (a cheese wedge), so a newcomer sees a real logo without
//! any file shipped in the repository.

use image::{ImageBuffer, Rgba};

/// A 256×256 PNG: a golden wedge with holes on a transparent background.
pub fn demo_logo() -> Vec<u8> {
    let size = 256u32;
    let img: ImageBuffer<Rgba<u8>, Vec<u8>> = ImageBuffer::from_fn(size, size, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        // The wedge: a triangle from the bottom-left corner up to the right.
        let inside = (60.0..=220.0).contains(&fy)
            && (24.0..=232.0).contains(&fx)
            && (fy - 60.0) >= (232.0 - fx) * 0.55;
        let rind = inside && (fy >= 205.0 || fx >= 218.0);
        let holes = [
            (150.0, 150.0, 16.0),
            (195.0, 120.0, 10.0),
            (120.0, 190.0, 9.0),
            (200.0, 180.0, 13.0),
        ];
        let hole = holes
            .iter()
            .any(|(hx, hy, r)| (fx - hx).powi(2) + (fy - hy).powi(2) <= r * r);
        if !inside {
            Rgba([0, 0, 0, 0])
        } else if rind {
            Rgba([0xb8, 0x6b, 0x12, 0xff])
        } else if hole {
            Rgba([0xe0, 0xa8, 0x30, 0xff])
        } else {
            Rgba([0xf6, 0xc9, 0x4a, 0xff])
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encoding a PNG in memory cannot fail");
    out.into_inner()
}
