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

/// What a demo product picture shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoPicture {
    /// A wooden tray with cheeses.
    CheeseTray,
    /// A book cover.
    Book,
}

/// A 960×720 JPEG drawn in code for a demo product; `seed` varies colours and shapes so that
/// every product gets its own picture.
pub fn demo_product_image(kind: DemoPicture, seed: u64) -> Vec<u8> {
    let (w, h) = (960u32, 720u32);
    let pick = |n: u64, m: u64| {
        ((seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(n.wrapping_mul(1442695040888963407)))
            >> 33)
            % m
    };
    let img = match kind {
        DemoPicture::CheeseTray => {
            let cheese_colours = [
                [246u8, 215, 120],
                [250, 240, 215],
                [232, 170, 70],
                [214, 120, 50],
                [238, 226, 190],
                [200, 205, 150],
            ];
            let count = 3 + pick(1, 3) as usize;
            let shapes: Vec<(f32, f32, f32, [u8; 3], bool)> = (0..count)
                .map(|i| {
                    let cx = 220.0
                        + (i as f32) * (520.0 / count as f32)
                        + pick(10 + i as u64, 60) as f32;
                    let cy = 300.0 + pick(20 + i as u64, 140) as f32;
                    let r = 70.0 + pick(30 + i as u64, 60) as f32;
                    let c =
                        cheese_colours[pick(40 + i as u64, cheese_colours.len() as u64) as usize];
                    (cx, cy, r, c, pick(50 + i as u64, 2) == 0)
                })
                .collect();
            let backdrop = [
                60 + pick(2, 40) as u8,
                90 + pick(3, 40) as u8,
                70 + pick(4, 30) as u8,
            ];
            image::RgbImage::from_fn(w, h, |x, y| {
                let (fx, fy) = (x as f32, y as f32);
                for (cx, cy, r, c, wedge) in &shapes {
                    let (dx, dy) = (fx - cx, fy - cy);
                    let inside = dx * dx + dy * dy <= r * r
                        && (!*wedge || (dy < 0.0 && dx.abs() < -dy * 1.2));
                    if inside {
                        let rim = dx * dx + dy * dy > (r - 8.0) * (r - 8.0);
                        let shade = ((fx + fy) as u32 % 7) as u8;
                        return if rim {
                            image::Rgb([c[0] / 2 + 60, c[1] / 2 + 40, c[2] / 3])
                        } else {
                            image::Rgb([
                                c[0].saturating_sub(shade),
                                c[1].saturating_sub(shade),
                                c[2],
                            ])
                        };
                    }
                }
                let on_tray = (90.0..870.0).contains(&fx) && (140.0..620.0).contains(&fy);
                if on_tray {
                    let grain = ((fy * 0.15 + (fx * 0.02).sin() * 6.0) as i32 % 9) as u8 * 3;
                    image::Rgb([150 + grain, 100 + grain / 2, 55])
                } else {
                    let v = (fy / h as f32 * 30.0) as u8;
                    image::Rgb([backdrop[0] + v, backdrop[1] + v, backdrop[2] + v])
                }
            })
        }
        DemoPicture::Book => {
            let cover = [
                [120u8, 30, 40],
                [30, 70, 110],
                [40, 100, 60],
                [150, 110, 40],
                [70, 50, 100],
                [30, 30, 30],
            ][pick(1, 6) as usize];
            let band = 200 + pick(2, 200) as u32;
            image::RgbImage::from_fn(w, h, |x, y| {
                let on_book = (300..660).contains(&x) && (80..660).contains(&y);
                if !on_book {
                    let v = ((x / 40 + y / 40) % 2) as u8 * 6;
                    return image::Rgb([226 + v, 220 + v, 205 + v]);
                }
                if x < 330 {
                    return image::Rgb([cover[0] / 2, cover[1] / 2, cover[2] / 2]);
                }
                let title = (band..band + 30).contains(&y) || (band + 50..band + 65).contains(&y);
                if title && (370..620).contains(&x) {
                    image::Rgb([235, 215, 160])
                } else {
                    let t = ((x + y) % 5) as u8;
                    image::Rgb([cover[0] + t, cover[1] + t, cover[2] + t])
                }
            })
        }
    };
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("encoding a JPEG in memory cannot fail");
    out.into_inner()
}
