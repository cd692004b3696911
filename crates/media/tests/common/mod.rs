//! Test images built in memory with the `image` encoders, plus a few
//! byte-level helpers for crafting hostile files.
#![allow(dead_code)] // each test crate uses a different subset

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::webp::WebPEncoder;
use image::{DynamicImage, ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};

/// A gradient, so that encoders and resizers have real content to chew on.
pub fn rgb(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    }))
}

/// Left half opaque red, right half fully transparent black: the classic
/// shape that shows dark halos when alpha is resampled naively.
pub fn half_transparent(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgba8(RgbaImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            Rgba([255, 0, 0, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    }))
}

pub fn png(image: &DynamicImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .unwrap();
    bytes
}

pub fn jpeg(image: &DynamicImage) -> Vec<u8> {
    jpeg_with_exif(image, Vec::new())
}

pub fn jpeg_with_exif(image: &DynamicImage, exif: Vec<u8>) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut bytes, 90);
    if !exif.is_empty() {
        encoder.set_exif_metadata(exif).unwrap();
    }
    image.write_with_encoder(encoder).unwrap();
    bytes
}

pub fn webp(image: &DynamicImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    image
        .write_with_encoder(WebPEncoder::new_lossless(&mut bytes))
        .unwrap();
    bytes
}

pub fn decode(bytes: &[u8]) -> DynamicImage {
    image::load_from_memory_with_format(bytes, image::ImageFormat::Png).unwrap()
}

/// CRC-32 (ISO-HDLC, as used by PNG chunks), bit by bit: slow but obviously
/// right, and only ever run on a few bytes.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

pub fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// A structurally valid PNG (correct CRCs) whose IHDR claims
/// `width`×`height` RGB pixels but whose image data is a single empty
/// zlib stream: the whole file is under 100 bytes.
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    // bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    png_chunk(&mut out, b"IHDR", &ihdr);
    // zlib header + empty final stored block + Adler-32 of nothing.
    png_chunk(
        &mut out,
        b"IDAT",
        &[
            0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01,
        ],
    );
    png_chunk(&mut out, b"IEND", &[]);
    out
}

/// Byte offset of the first SOF marker's payload in a JPEG, found by walking
/// segments (a naive search could hit 0xFFC0 inside a table).
pub fn jpeg_sof_offset(jpeg: &[u8]) -> usize {
    let mut pos = 2;
    loop {
        assert_eq!(jpeg[pos], 0xFF);
        let marker = jpeg[pos + 1];
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            return pos + 2;
        }
        let length = u16::from_be_bytes([jpeg[pos + 2], jpeg[pos + 3]]) as usize;
        pos += 2 + length;
    }
}

/// Rewrites the frame header of a JPEG to claim other dimensions.
pub fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut jpeg = jpeg(&rgb(16, 16));
    let sof = jpeg_sof_offset(&jpeg);
    // length (2), precision (1), height (2), width (2)
    jpeg[sof + 3..sof + 5].copy_from_slice(&height.to_be_bytes());
    jpeg[sof + 5..sof + 7].copy_from_slice(&width.to_be_bytes());
    jpeg
}

/// Rewrites the header of a lossless WebP to claim other dimensions (at most
/// 16384 on each side, the format's own limit).
pub fn webp_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut webp = webp(&rgb(16, 16));
    assert_eq!(&webp[12..16], b"VP8L", "expected a simple lossless WebP");
    let bits = u32::from_le_bytes(webp[21..25].try_into().unwrap());
    let bits = (bits & !0x0FFF_FFFF) | (width - 1) | ((height - 1) << 14);
    webp[21..25].copy_from_slice(&bits.to_le_bytes());
    webp
}
