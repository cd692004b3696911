//! Decompression bombs: files that are small on disk but would decode to
//! gigabytes. They must be refused from their header, quickly, and without
//! ever allocating anything close to their decoded size.
//!
//! A counting allocator caps the whole test process while the bombs are
//! processed; exceeding the cap aborts the process, failing the test loudly.
//! This file holds a single test so that no other test shares the cap.

mod common;

use std::alloc::System;
use std::time::{Duration, Instant};

use cap::Cap;
use common::*;
use media::{process_logo, MediaError};

#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

/// Far below any bomb's decoded size (400 MB to 14 GB here), and below the
/// 64 MiB the largest of these bombs could legitimately be compressed into.
const HEADROOM: usize = 32 * 1024 * 1024;

/// A genuine PNG, as any encoder would write it: 20000×20000 black pixels
/// at one bit each. Streamed row by row so that building it needs only one
/// 2500-byte row; it compresses to a few dozen KB but decodes to 400 MB
/// (one byte per pixel once expanded).
fn genuine_png_bomb() -> Vec<u8> {
    use std::io::Write;
    const SIDE: u32 = 20_000;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, SIDE, SIDE);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().unwrap();
    let mut stream = writer.stream_writer().unwrap();
    let row = vec![0u8; SIDE as usize / 8];
    for _ in 0..SIDE {
        stream.write_all(&row).unwrap();
    }
    stream.finish().unwrap();
    writer.finish().unwrap();
    out
}

fn assert_refused(name: &str, bytes: &[u8], width: u32, height: u32) {
    let started = Instant::now();
    let result = process_logo(bytes);
    let elapsed = started.elapsed();
    match result {
        Err(MediaError::DimensionsTooLarge {
            width: w,
            height: h,
            ..
        }) => assert_eq!((w, h), (width, height), "{name}"),
        other => panic!("{name}: expected DimensionsTooLarge, got {other:?}"),
    }
    // Header parsing is microseconds; a generous bound that still catches
    // any attempt at decoding.
    assert!(
        elapsed < Duration::from_millis(500),
        "{name} took {elapsed:?}"
    );
}

#[test]
fn bombs_are_refused_from_their_header_without_allocating() {
    // Build every bomb first: building is not what is being measured.
    let genuine = genuine_png_bomb();
    assert!(
        genuine.len() < 512 * 1024,
        "bomb is {} bytes, expected a small file",
        genuine.len()
    );
    let crafted_png = png_claiming(60_000, 60_000);
    let jpeg = jpeg_claiming(60_000, 60_000);
    let webp = webp_claiming(16_384, 16_384);

    ALLOCATOR
        .set_limit(ALLOCATOR.allocated() + HEADROOM)
        .unwrap();

    assert_refused("genuine 20000x20000 PNG", &genuine, 20_000, 20_000);
    assert_refused(
        "PNG header claiming 60000x60000",
        &crafted_png,
        60_000,
        60_000,
    );
    assert_refused("JPEG header claiming 60000x60000", &jpeg, 60_000, 60_000);
    assert_refused("WebP header claiming 16384x16384", &webp, 16_384, 16_384);

    ALLOCATOR.set_limit(usize::MAX).unwrap();
}
