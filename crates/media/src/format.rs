//! Recognising accepted image formats by their content, and reading their
//! declared pixel dimensions straight from the file header.
//!
//! Both jobs look only at bytes: the file name and the browser's declared
//! content type are chosen by the uploader and prove nothing. The header
//! reader is deliberately tiny and allocation-free so that the size check in
//! `process` happens before any decoder gets a chance to size buffers from
//! attacker-chosen numbers.

/// The image formats sellers may upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    Png,
    Jpeg,
    WebP,
}

const PNG_SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

impl ImageFormat {
    /// Identifies the format from the file's magic bytes, or `None` when the
    /// content is not one of the accepted formats (GIF, SVG, text, ...).
    pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
        if bytes.starts_with(PNG_SIGNATURE) {
            Some(ImageFormat::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            // SOI followed by the first byte of the next marker.
            Some(ImageFormat::Jpeg)
        } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(ImageFormat::WebP)
        } else {
            None
        }
    }

    /// The MIME type of this format.
    pub fn mime(&self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::WebP => "image/webp",
        }
    }

    /// The usual file extension (without the dot) of this format.
    pub fn extension(&self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
            ImageFormat::WebP => "webp",
        }
    }

    pub(crate) fn to_image_crate(self) -> image::ImageFormat {
        match self {
            ImageFormat::Png => image::ImageFormat::Png,
            ImageFormat::Jpeg => image::ImageFormat::Jpeg,
            ImageFormat::WebP => image::ImageFormat::WebP,
        }
    }

    /// Width and height as declared by the header, or `None` when the header
    /// is missing, truncated or malformed.
    ///
    /// Only the header is looked at: nothing here allocates, whatever the
    /// numbers say.
    pub(crate) fn header_dimensions(self, bytes: &[u8]) -> Option<(u32, u32)> {
        let (width, height) = match self {
            ImageFormat::Png => png_dimensions(bytes)?,
            ImageFormat::Jpeg => jpeg_dimensions(bytes)?,
            ImageFormat::WebP => webp_dimensions(bytes)?,
        };
        // A zero-sized image cannot be displayed and no valid file declares one.
        (width > 0 && height > 0).then_some((width, height))
    }

    /// Whether the file visibly stops short of its end, for formats whose
    /// decoder would not tell us.
    pub(crate) fn is_truncated(self, bytes: &[u8]) -> bool {
        match self {
            ImageFormat::Jpeg => !jpeg_is_complete(bytes),
            ImageFormat::Png | ImageFormat::WebP => false,
        }
    }
}

fn be_u16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn be_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn le_u16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn le_u24(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 3)?;
    Some(u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16)
}

fn le_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// PNG requires IHDR to be the first chunk, so the dimensions sit at a fixed
/// offset: signature (8), chunk length (4), "IHDR" (4), width (4), height (4).
fn png_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    Some((be_u32(bytes, 16)?, be_u32(bytes, 20)?))
}

/// Walks the JPEG marker segments and returns the first marker accepted by
/// `wanted`, with the position just after it. Every other segment is skipped
/// by its declared length, so an EXIF thumbnail's own markers inside APP1
/// are never mistaken for the main image's. Stops (with `None`) at the end
/// of the image or at a start of scan that is not wanted, since the
/// entropy-coded data after it has no segment lengths to follow.
fn jpeg_find_marker(bytes: &[u8], wanted: impl Fn(u8) -> bool) -> Option<(u8, usize)> {
    let mut pos = 2; // past SOI
    loop {
        // Real-world encoders sometimes leave stray bytes between segments;
        // decoders tolerate them, so skip ahead to the next marker too.
        while *bytes.get(pos)? != 0xFF {
            pos += 1;
        }
        // Any number of 0xFF fill bytes may precede a marker.
        while *bytes.get(pos)? == 0xFF {
            pos += 1;
        }
        let marker = *bytes.get(pos)?;
        pos += 1;
        if wanted(marker) {
            return Some((marker, pos));
        }
        match marker {
            // Standalone markers carry no length field.
            0x01 | 0xD0..=0xD7 => continue,
            0xD9 | 0xDA => return None,
            _ => {
                let length = usize::from(be_u16(bytes, pos)?);
                if length < 2 {
                    return None;
                }
                pos += length;
            }
        }
    }
}

/// SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC) which share the range.
fn is_jpeg_frame_marker(marker: u8) -> bool {
    matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC)
}

fn jpeg_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    let (_, pos) = jpeg_find_marker(bytes, is_jpeg_frame_marker)?;
    // length (2), sample precision (1), height (2), width (2)
    let height = be_u16(bytes, pos + 3)?;
    let width = be_u16(bytes, pos + 5)?;
    Some((u32::from(width), u32::from(height)))
}

/// Whether the JPEG's compressed data is followed by an end-of-image marker.
/// The JPEG decoder happily fills in whatever is missing from a cut-off
/// file with grey, which would publish a half-grey logo without a word; the
/// other formats' decoders report truncation themselves. Looking for EOI
/// anywhere after the first scan (rather than at the very end) keeps files
/// with data appended after the image, such as phones' "motion photos".
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    // In entropy-coded data 0xFF is always followed by 0x00 or a restart
    // marker, so 0xFF 0xD9 there can only be the real end of image.
    jpeg_find_marker(bytes, |marker| marker == 0xDA)
        .is_some_and(|(_, pos)| bytes[pos..].windows(2).any(|w| w == [0xFF, 0xD9]))
}

/// Reads the canvas size of the three WebP flavours: lossy ("VP8 "),
/// lossless ("VP8L") and extended ("VP8X", used for alpha, animation and
/// metadata), whose first chunk always follows the 12-byte RIFF header.
fn webp_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    let chunk = bytes.get(12..16)?;
    let data = 20; // RIFF header (12) + chunk fourcc (4) + chunk size (4)
    match chunk {
        b"VP8 " => {
            // 3-byte frame tag, then the key frame start code.
            if bytes.get(data + 3..data + 6)? != [0x9D, 0x01, 0x2A] {
                return None;
            }
            // The top two bits of each 16-bit field are a scaling hint.
            let width = le_u16(bytes, data + 6)? & 0x3FFF;
            let height = le_u16(bytes, data + 8)? & 0x3FFF;
            Some((u32::from(width), u32::from(height)))
        }
        b"VP8L" => {
            if *bytes.get(data)? != 0x2F {
                return None;
            }
            let bits = le_u32(bytes, data + 1)?;
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        b"VP8X" => {
            // 4 bytes of flags, then 24-bit (width - 1) and (height - 1).
            let width = le_u24(bytes, data + 4)? + 1;
            let height = le_u24(bytes, data + 7)? + 1;
            Some((width, height))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniff_ignores_short_and_foreign_input() {
        assert_eq!(ImageFormat::sniff(b""), None);
        assert_eq!(ImageFormat::sniff(b"\x89PN"), None);
        assert_eq!(ImageFormat::sniff(b"GIF89a......"), None);
        assert_eq!(ImageFormat::sniff(b"RIFF\0\0\0\0WAVE"), None);
        assert_eq!(ImageFormat::sniff(b"<svg xmlns="), None);
        assert_eq!(
            ImageFormat::sniff(b"RIFF\0\0\0\0WEBP"),
            Some(ImageFormat::WebP)
        );
        assert_eq!(
            ImageFormat::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(ImageFormat::Jpeg)
        );
    }

    #[test]
    fn truncated_headers_have_no_dimensions() {
        assert_eq!(ImageFormat::Png.header_dimensions(PNG_SIGNATURE), None);
        assert_eq!(
            ImageFormat::Jpeg.header_dimensions(&[0xFF, 0xD8, 0xFF]),
            None
        );
        assert_eq!(
            ImageFormat::WebP.header_dimensions(b"RIFF\0\0\0\0WEBPVP8X"),
            None
        );
    }

    #[test]
    fn jpeg_segment_walk_skips_app_segments_and_fill_bytes() {
        let mut jpeg = vec![0xFF, 0xD8];
        // APP1 segment whose payload contains a decoy SOF0.
        jpeg.extend_from_slice(&[0xFF, 0xE1, 0x00, 0x0B]);
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x01, 0x00, 0x01]);
        // Fill byte, then the real SOF2 (progressive): 300 high, 400 wide.
        // (Its length field covers only the fields read here.)
        jpeg.extend_from_slice(&[0xFF, 0xFF, 0xC2, 0x00, 0x07, 0x08, 0x01, 0x2C, 0x01, 0x90]);
        assert_eq!(ImageFormat::Jpeg.header_dimensions(&jpeg), Some((400, 300)));
        // No scan at all: truncated.
        assert!(ImageFormat::Jpeg.is_truncated(&jpeg));
        jpeg.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF, 0x00, 0x34]);
        assert!(ImageFormat::Jpeg.is_truncated(&jpeg));
        jpeg.extend_from_slice(&[0xFF, 0xD9, b'm', b'p', b'4']);
        assert!(!ImageFormat::Jpeg.is_truncated(&jpeg));
    }
}
