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

/// Runs `process_logo` and returns its outcome as text with the time it
/// took. Nothing may panic while the allocation cap is on (a panic's
/// backtrace alone can exceed it), so results are checked afterwards.
fn run(bytes: &[u8]) -> (Result<(u32, u32), String>, Duration) {
    let started = Instant::now();
    let result = match process_logo(bytes) {
        Err(MediaError::DimensionsTooLarge { width, height, .. }) => Ok((width, height)),
        Err(other) => Err(format!("{other:?}")),
        Ok(image) => Err(format!("{image:?}")),
    };
    (result, started.elapsed())
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
    let cases = [
        ("genuine 20000x20000 PNG", genuine, (20_000, 20_000)),
        (
            "PNG header claiming 60000x60000",
            png_claiming(60_000, 60_000),
            (60_000, 60_000),
        ),
        (
            "JPEG header claiming 60000x60000",
            jpeg_claiming(60_000, 60_000),
            (60_000, 60_000),
        ),
        (
            "WebP header claiming 16384x16384",
            webp_claiming(16_384, 16_384),
            (16_384, 16_384),
        ),
    ];
    let mut outcomes = Vec::with_capacity(cases.len());

    ALLOCATOR
        .set_limit(ALLOCATOR.allocated() + HEADROOM)
        .unwrap();
    for (_, bytes, _) in &cases {
        outcomes.push(run(bytes));
    }
    ALLOCATOR.set_limit(usize::MAX).unwrap();

    for ((name, _, dimensions), (result, elapsed)) in cases.iter().zip(outcomes) {
        assert_eq!(
            result,
            Ok(*dimensions),
            "{name}: expected DimensionsTooLarge"
        );
        // Header parsing takes microseconds; this bound is generous for slow
        // CI machines yet far below what any decoding attempt would take.
        assert!(
            elapsed < Duration::from_millis(500),
            "{name} took {elapsed:?}"
        );
    }
}
