//! Photos sent from a phone or a tablet (a damage on a vehicle). Each one is decoded, turned
//! upright, shrunk to at most [`MAX_SIDE`] pixels and encoded again as a JPEG: what the file
//! carried besides its pixels (EXIF: where it was taken, the phone's make and serial) is left
//! behind, and a file that only claims to be an image is refused. The result is stored under
//! `data_dir/photos/` with a random name, written to a temporary file first and renamed, so a
//! crash never leaves half a photo. The database holds the name only.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::refusal::Refusal;

/// The largest photo accepted, as sent (a phone's full-size JPEG is 3 to 12 MB).
pub const UPLOAD_LIMIT: usize = 16 << 20;

/// The longest side kept, in pixels: enough to see a scratch, small enough to keep years of them.
pub const MAX_SIDE: u32 = 1600;

/// The largest picture decoded, in pixels a side (a 200-megapixel phone is 16,000 × 12,000).
const MAX_DECODED_SIDE: u32 = 16_384;

/// Memory a decoder may take (a 50-megapixel photo in RGBA takes 200 MB).
const MAX_ALLOC: u64 = 512 << 20;

/// Why a photo was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoProblem {
    /// Not a JPEG or PNG picture, or a damaged one.
    NotAPhoto,
    /// A picture larger than [`MAX_DECODED_SIDE`] a side, or one that would take too much memory.
    TooManyPixels,
}

impl PhotoProblem {
    /// The message's key in the words (`common.ftl`).
    pub fn key(self) -> &'static str {
        match self {
            PhotoProblem::NotAPhoto => "error-photo-not-a-photo",
            PhotoProblem::TooManyPixels => "error-photo-too-many-pixels",
        }
    }
}

/// Decodes a JPEG or PNG, turns it upright, shrinks it and encodes it again as a JPEG.
pub fn process(bytes: &[u8]) -> Result<Vec<u8>, PhotoProblem> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| PhotoProblem::NotAPhoto)?;
    if !matches!(reader.format(), Some(ImageFormat::Jpeg | ImageFormat::Png)) {
        return Err(PhotoProblem::NotAPhoto);
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let refused = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => PhotoProblem::TooManyPixels,
        _ => PhotoProblem::NotAPhoto,
    };
    let mut decoder = reader.into_decoder().map_err(refused)?;
    let orientation = decoder.orientation().map_err(refused)?;
    let mut picture = DynamicImage::from_decoder(decoder).map_err(refused)?;
    picture.apply_orientation(orientation);
    if picture.width() > MAX_SIDE || picture.height() > MAX_SIDE {
        picture = picture.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Triangle);
    }
    let rgb = DynamicImage::ImageRgb8(picture.to_rgb8());
    let mut out = Vec::with_capacity(256 << 10);
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82);
    rgb.write_with_encoder(encoder)
        .map_err(|_| PhotoProblem::NotAPhoto)?;
    Ok(out)
}

/// Why a photo could not be kept.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("photo refused: {0:?}")]
    Refused(PhotoProblem),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("the photo's work stopped: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// What a photo is of: the table holding its name in a `photo` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Vehicle,
    VehicleDamage,
}

impl Owner {
    fn entity(self) -> &'static str {
        match self {
            Owner::Vehicle => "vehicle",
            Owner::VehicleDamage => "vehicle_damage",
        }
    }

    /// The row's photo (`None` when there is no such row).
    fn select_sql(self) -> &'static str {
        match self {
            Owner::Vehicle => "SELECT photo FROM vehicles WHERE id = ?",
            Owner::VehicleDamage => "SELECT photo FROM vehicle_damages WHERE id = ?",
        }
    }

    fn update_sql(self) -> &'static str {
        match self {
            Owner::Vehicle => "UPDATE vehicles SET photo = ? WHERE id = ?",
            Owner::VehicleDamage => "UPDATE vehicle_damages SET photo = ? WHERE id = ?",
        }
    }

    /// Every photo this kind of owner names (for a backup).
    pub fn names_sql(self) -> &'static str {
        match self {
            Owner::Vehicle => "SELECT photo FROM vehicles WHERE photo IS NOT NULL",
            Owner::VehicleDamage => "SELECT photo FROM vehicle_damages WHERE photo IS NOT NULL",
        }
    }

    /// Every table with a `photo` column.
    pub const ALL: [Owner; 2] = [Owner::Vehicle, Owner::VehicleDamage];
}

/// Stores a photo and points the owner's row to it, in one audited change: a photo refused
/// changes nothing; the one it replaces is removed once the change is committed, and the new one
/// is removed if the database refused it. The caller has checked the row exists and who may.
pub async fn attach(
    pool: &sqlx::SqlitePool,
    data_dir: &Path,
    actor: &crate::audit::Actor,
    owner: Owner,
    id: i64,
    bytes: Vec<u8>,
) -> Result<(), Refusal> {
    let name = match save(data_dir, bytes).await {
        Ok(name) => name,
        Err(SaveError::Refused(p)) => return Err(Refusal::field("photo", p.key())),
        Err(e) => return Err(Refusal::Db(sqlx::Error::Io(std::io::Error::other(e)))),
    };
    let stored = async {
        let mut tx = crate::db::begin_write(pool).await?;
        let old: Option<String> = sqlx::query_scalar(owner.select_sql())
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(Refusal::NotFound)?;
        sqlx::query(owner.update_sql())
            .bind(&name)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        crate::audit::record(
            &mut tx,
            actor,
            &format!("{}.photo", owner.entity()),
            owner.entity(),
            id,
            None,
            Some(&serde_json::json!({"replaced": old.is_some()})),
        )
        .await?;
        tx.commit().await?;
        Ok::<_, Refusal>(old)
    }
    .await;
    match stored {
        Ok(old) => {
            if let Some(old) = old {
                remove(data_dir, &old).await;
            }
            Ok(())
        }
        Err(e) => {
            remove(data_dir, &name).await;
            Err(e)
        }
    }
}

/// The folder photos are kept in.
pub fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join("photos")
}

/// Processes a photo (on a blocking thread: decoding takes a moment) and stores it; returns the
/// stored file's name.
pub async fn save(data_dir: &Path, bytes: Vec<u8>) -> Result<String, SaveError> {
    let jpeg = tokio::task::spawn_blocking(move || process(&bytes))
        .await?
        .map_err(SaveError::Refused)?;
    let dir = folder(data_dir);
    tokio::fs::create_dir_all(&dir).await?;
    let name = format!("{}.jpg", uuid::Uuid::new_v4().simple());
    let part = dir.join(format!("{name}.part"));
    tokio::fs::write(&part, &jpeg).await?;
    tokio::fs::rename(&part, dir.join(&name)).await?;
    Ok(name)
}

/// A stored photo's path, for a name this module made (anything else is refused: a name from
/// the database never walks out of the folder).
pub fn path(data_dir: &Path, name: &str) -> Option<PathBuf> {
    let stem = name.strip_suffix(".jpg")?;
    (stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| folder(data_dir).join(name))
}

/// Reads a stored photo.
pub async fn read(data_dir: &Path, name: &str) -> std::io::Result<Vec<u8>> {
    match path(data_dir, name) {
        Some(p) => tokio::fs::read(p).await,
        None => Err(std::io::Error::from(std::io::ErrorKind::NotFound)),
    }
}

/// Removes a stored photo that nothing points to any more; a missing file is not an error.
pub async fn remove(data_dir: &Path, name: &str) {
    let Some(p) = path(data_dir, name) else {
        return;
    };
    match tokio::fs::remove_file(&p).await {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            tracing::warn!(photo = %name, error = %e, "a replaced photo could not be removed");
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use image::{ImageEncoder, Rgb, RgbImage};

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(width, height, |x, _| {
            if x < width / 2 {
                Rgb([200, 30, 30])
            } else {
                Rgb([30, 30, 200])
            }
        });
        let mut out = vec![];
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
            .write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgb8)
            .unwrap();
        out
    }

    #[test]
    fn a_large_photo_is_shrunk_and_its_exif_left_behind() {
        let mut sent = jpeg(3200, 1200);
        // An APP1 EXIF segment right after the start marker, as a phone writes it.
        let exif = b"Exif\0\0MM\0*\0\0\0\x08\0\0GPS 48.8566 2.3522 iPhone serial F2LX";
        let mut segment = vec![0xFF, 0xE1];
        segment.extend_from_slice(&u16::try_from(exif.len() + 2).unwrap().to_be_bytes());
        segment.extend_from_slice(exif);
        sent.splice(2..2, segment);
        assert!(image::load_from_memory(&sent).is_ok());
        let kept = process(&sent).unwrap();
        let back = image::load_from_memory(&kept).unwrap();
        assert_eq!((back.width(), back.height()), (1600, 600));
        assert!(!kept.windows(4).any(|w| w == b"Exif"));
        assert!(!kept.windows(3).any(|w| w == b"GPS"));
        // Colours survive: red on the left, blue on the right.
        let rgb = back.to_rgb8();
        assert!(rgb.get_pixel(100, 300)[0] > 150);
        assert!(rgb.get_pixel(1500, 300)[2] > 150);
    }

    #[test]
    fn what_is_not_a_jpeg_or_png_is_refused() {
        assert_eq!(
            process(b"%PDF-1.7 pas une photo"),
            Err(PhotoProblem::NotAPhoto)
        );
        assert_eq!(process(b""), Err(PhotoProblem::NotAPhoto));
        // A JPEG cut in the middle of its data.
        let cut = jpeg(400, 300);
        assert_eq!(process(&cut[..200]), Err(PhotoProblem::NotAPhoto));
        // A GIF is a picture, but not a photo we take.
        assert_eq!(
            process(b"GIF89a\x01\0\x01\0\0\0\0;"),
            Err(PhotoProblem::NotAPhoto)
        );
    }

    #[test]
    fn a_picture_announcing_too_many_pixels_is_refused_before_it_is_decoded() {
        // A PNG header announcing 100,000 × 100,000 pixels (a decompression bomb's first bytes).
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&[8, 2, 0, 0, 0]);
        let crc = crc32(&png[12..]);
        png.extend_from_slice(&crc.to_be_bytes());
        assert_eq!(process(&png), Err(PhotoProblem::TooManyPixels));
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
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

    #[test]
    fn only_names_made_here_lead_to_a_file() {
        let dir = Path::new("/data");
        assert!(path(dir, "0123456789abcdef0123456789abcdef.jpg").is_some());
        assert!(path(dir, "../citeosquare.db").is_none());
        assert!(path(dir, "0123456789abcdef0123456789abcdef.jpg/../../x").is_none());
        assert!(path(dir, "x.jpg").is_none());
    }
}
