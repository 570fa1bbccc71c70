//! A damage's photo, on the demo site: the senior reports a scratch at the return, the booking's
//! page asks him for a photo, he sends one from his phone (too big, with its EXIF) and the desk
//! sees it on the board, shrunk and without the EXIF; what is not a photo, a form without its
//! CSRF token, another resident and a reviewed damage are refused and change nothing; the API
//! takes the picture itself, and only photo routes take more than 1 MiB.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::{Duration, Utc};
use image::{ImageEncoder, Rgb, RgbImage};
use serde_json::json;
use support::{Session, TestApp};
use tower::ServiceExt;

const ZOE: i64 = 3;
const RENE: i64 = 9;
const BOUNDARY: &str = "----citeosquare-test-boundary";

/// A photo as a phone sends it: `width` × `height`, with an EXIF segment giving away a place.
fn phone_photo(width: u32, height: u32) -> Vec<u8> {
    // Grain, as in a real photo (a smooth gradient would compress to nothing).
    let mut seed = 0x2545_f491_u32;
    let img = RgbImage::from_fn(width, height, |x, _| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let grain = (seed & 0x3f) as u8;
        Rgb([(x % 180) as u8 + grain, 60 + grain, 90])
    });
    let mut out = vec![];
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    let exif = b"Exif\0\0MM\0*\0\0\0\x08\0\0GPS 45.7640 4.8357 rue de la Paix";
    let mut segment = vec![0xFF, 0xE1];
    segment.extend_from_slice(&u16::try_from(exif.len() + 2).unwrap().to_be_bytes());
    segment.extend_from_slice(exif);
    out.splice(2..2, segment);
    out
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = RgbImage::from_pixel(width, height, Rgb([10, 120, 200]));
    let mut out = vec![];
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// A `multipart/form-data` body as a browser sends the photo form: `_csrf` first, then the file.
fn multipart(csrf: Option<&str>, file_name: &str, file: &[u8]) -> Vec<u8> {
    let mut body = vec![];
    if let Some(csrf) = csrf {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"{file_name}\"\r\nContent-Type: image/jpeg\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn post_photo(
    app: &TestApp,
    path: &str,
    session: &Session,
    csrf: Option<&str>,
    file: &[u8],
) -> support::Reply {
    app.send(
        TestApp::page_request(Method::POST, path, Some(session))
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .header(header::ORIGIN, "http://127.0.0.1:8080")
            .body(Body::from(multipart(csrf, "IMG_2041.jpg", file)))
            .unwrap(),
    )
    .await
}

/// An answer's raw bytes (the shared helper reads bodies as text).
async fn bytes_of(app: &TestApp, req: Request<Body>) -> (StatusCode, String, Vec<u8>) {
    let res = app.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let kind = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, kind, body)
}

fn stored_files(app: &TestApp) -> Vec<String> {
    match std::fs::read_dir(app.dir.path().join("photos")) {
        Ok(dir) => dir
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => vec![],
    }
}

async fn photo_of(app: &TestApp, damage: i64) -> Option<String> {
    sqlx::query_scalar("SELECT photo FROM vehicle_damages WHERE id = ?")
        .bind(damage)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// René has the Zoé out (booked by the desk, key taken) and fills in the return form with a
/// scratch; the damage's id.
async fn rene_returns_the_zoe_with_a_scratch(app: &TestApp, senior: &Session) -> (i64, i64) {
    let desk = app.token("accueil").await;
    let start = Utc::now() + Duration::minutes(2);
    let r = app
        .call(
            Method::POST,
            "/api/v1/vehicle-bookings",
            Some(&desk),
            Some(
                json!({"vehicle_id": ZOE, "person_id": RENE, "start": start.to_rfc3339(),
                        "end": (start + Duration::hours(2)).to_rfc3339()}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    let booking = r.json()[0]["id"].as_i64().unwrap();
    // The key was taken (as the demo marks its overdue booking).
    sqlx::query(
        "UPDATE vehicle_bookings SET state = 'out', picked_up_at = start_at, km_start = 30000
         WHERE id = ?",
    )
    .bind(booking)
    .execute(&app.pool)
    .await
    .unwrap();
    let r = app
        .post_form(
            &format!("/vehicules/reservations/{booking}/retour"),
            Some(senior),
            &[
                ("km_end", "30012"),
                ("energy_level", "75"),
                ("clean", "1"),
                ("damage_location", "portière avant droite"),
                ("damage_description", "rayure de 20 cm"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let damage: i64 = sqlx::query_scalar("SELECT id FROM vehicle_damages WHERE booking_id = ?")
        .bind(booking)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    (booking, damage)
}

#[tokio::test]
async fn the_senior_sends_a_photo_of_the_scratch_and_the_desk_sees_it_shrunk_without_its_exif() {
    let app = TestApp::new().await;
    let senior = app.session("senior").await;
    let (booking, damage) = rene_returns_the_zoe_with_a_scratch(&app, &senior).await;

    // The booking's page asks for a photo and leads to the form, which opens the camera.
    let page = app
        .page(&format!("/vehicules/reservations/{booking}"), Some(&senior))
        .await;
    assert!(page.body.contains("ajoutez une photo"), "{}", page.body);
    assert!(
        page.body
            .contains(&format!("/vehicules/dommages/{damage}/photo"))
    );
    let form_path = format!("/vehicules/dommages/{damage}/photo");
    let form = app.page(&form_path, Some(&senior)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("enctype=\"multipart/form-data\""));
    assert!(form.body.contains("capture=\"environment\""));
    assert!(form.body.contains("portière avant droite"));

    // Without the CSRF token, a PDF, an empty choice: refused, nothing stored.
    let photo = phone_photo(3000, 2000);
    let r = post_photo(&app, &form_path, &senior, None, &photo).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = post_photo(
        &app,
        &form_path,
        &senior,
        Some(&senior.csrf),
        b"%PDF-1.7 facture",
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("pas une photo lisible"), "{}", r.body);
    let r = post_photo(&app, &form_path, &senior, Some(&senior.csrf), b"").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Choisissez d&#39;abord une photo"),
        "{}",
        r.body
    );
    assert_eq!(photo_of(&app, damage).await, None);
    assert!(stored_files(&app).is_empty(), "{:?}", stored_files(&app));

    // A 3000 × 2000 photo (over 1 MiB, the other forms' limit) with its EXIF: kept.
    assert!(photo.len() > 1 << 20, "{}", photo.len());
    let r = post_photo(&app, &form_path, &senior, Some(&senior.csrf), &photo).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("{form_path}?ajoutee=1"));
    let stored = photo_of(&app, damage).await.expect("the photo is recorded");
    assert_eq!(stored_files(&app), vec![stored.clone()]);
    let done = app
        .page(&format!("{form_path}?ajoutee=1"), Some(&senior))
        .await;
    assert!(
        done.body.contains("La photo est enregistrée"),
        "{}",
        done.body
    );
    assert!(
        done.body
            .contains("alt=\"Photo du dégât : portière avant droite\""),
        "{}",
        done.body
    );

    // The desk sees it on the board, shrunk to 1600 pixels and without the EXIF.
    let desk = app.session("accueil").await;
    let board = app.page("/accueil/vehicules", Some(&desk)).await;
    assert!(
        board
            .body
            .contains(&format!("src=\"/vehicules/dommages/{damage}/photo.jpg\"")),
        "{}",
        board.body
    );
    let (status, kind, jpeg) = bytes_of(
        &app,
        TestApp::page_request(Method::GET, &format!("{form_path}.jpg"), Some(&desk))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "image/jpeg"));
    let seen = image::load_from_memory(&jpeg).unwrap();
    assert_eq!((seen.width(), seen.height()), (1600, 1067));
    assert!(!jpeg.windows(3).any(|w| w == b"GPS"));
    assert!(!jpeg.windows(4).any(|w| w == b"Exif"));

    // Another resident sees neither the page nor the photo.
    let other = app.session("benevole").await;
    assert_eq!(
        app.page(&form_path, Some(&other)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.page(&format!("{form_path}.jpg"), Some(&other))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = post_photo(&app, &form_path, &other, Some(&other.csrf), &photo).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // A better photo replaces the first; the first file goes.
    let r = post_photo(
        &app,
        &form_path,
        &senior,
        Some(&senior.csrf),
        &phone_photo(800, 600),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let replaced = photo_of(&app, damage).await.unwrap();
    assert_ne!(replaced, stored);
    assert_eq!(stored_files(&app), vec![replaced.clone()]);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'vehicle_damage.photo'")
            .await,
        2
    );

    // Once the desk reviewed the damage, René may look but no longer change it.
    let r = app
        .post_form(
            &format!("/vehicules/dommages/{damage}/examiner"),
            Some(&desk),
            &[("note", "rayure superficielle, polish")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = app.page(&form_path, Some(&senior)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("enctype="), "{}", page.body);
    let r = post_photo(&app, &form_path, &senior, Some(&senior.csrf), &photo).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(photo_of(&app, damage).await, Some(replaced));
}

#[tokio::test]
async fn the_api_takes_the_picture_itself_and_only_photo_routes_take_more_than_a_mebibyte() {
    let app = TestApp::new().await;
    let senior = app.session("senior").await;
    let (_, damage) = rene_returns_the_zoe_with_a_scratch(&app, &senior).await;
    let token = app.token("accueil").await;
    let path = format!("/api/v1/vehicle-damages/{damage}/photo");
    let put = |kind: &str, body: Vec<u8>| {
        Request::builder()
            .method(Method::PUT)
            .uri(&path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, kind)
            .body(Body::from(body))
            .unwrap()
    };
    // Not a picture's type: 415, in French.
    let r = app.send(put("application/json", b"{}".to_vec())).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{r:?}");
    assert!(r.body.contains("image/jpeg ou image/png"), "{}", r.body);
    // A picture's type on something else: 422 at the field.
    let r = app
        .send(put("image/jpeg", b"GIF89a pas du tout".to_vec()))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{r:?}");
    assert_eq!(r.json()["errors"][0]["code"], "error-photo-not-a-photo");
    // Over 16 MiB: 413 before it is read.
    let r = app.send(put("image/jpeg", vec![0u8; (16 << 20) + 1])).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{r:?}");
    assert_eq!(photo_of(&app, damage).await, None);
    assert!(stored_files(&app).is_empty());
    // A PNG: stored as a JPEG; the damage says it has a photo.
    let r = app.send(put("image/png", png(640, 480))).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    assert_eq!(r.json()["has_photo"], true);
    assert!(
        r.json().get("photo").is_none(),
        "the file's name stays inside"
    );
    let (status, kind, jpeg) = bytes_of(
        &app,
        Request::builder()
            .uri(&path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "image/jpeg"));
    let seen = image::load_from_memory(&jpeg).unwrap();
    assert_eq!((seen.width(), seen.height()), (640, 480));

    // A backup carries the photo beside the database; a second one into the same folder does
    // not copy it again.
    let folder = app.dir.path().join("sauvegardes");
    let first =
        citeosquare_server::check::backup(&app.pool, app.dir.path(), &folder.join("lundi.db"))
            .await
            .unwrap();
    assert_eq!((first.photos_copied, first.photos_kept), (1, 0));
    assert!(first.photos_missing.is_empty());
    let name = photo_of(&app, damage).await.unwrap();
    assert_eq!(
        std::fs::read(folder.join("photos").join(&name)).unwrap(),
        std::fs::read(app.dir.path().join("photos").join(&name)).unwrap()
    );
    let second =
        citeosquare_server::check::backup(&app.pool, app.dir.path(), &folder.join("mardi.db"))
            .await
            .unwrap();
    assert_eq!((second.photos_copied, second.photos_kept), (0, 1));

    // Every other route keeps its 1 MiB: a 2 MiB JSON body is refused with 413.
    let big = json!({"name": "x".repeat(2 << 20), "kind": "car", "energy": "petrol",
                     "seats": 5, "key_number": 9});
    let admin = app.token("admin").await;
    let r = app
        .call(Method::POST, "/api/v1/vehicles", Some(&admin), Some(big))
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{r:?}");
}

#[tokio::test]
async fn erasing_the_senior_leaves_his_name_nowhere_in_the_vehicles_but_the_damage_and_photo_stay()
{
    let app = TestApp::new().await;
    let senior = app.session("senior").await;
    let (_, damage) = rene_returns_the_zoe_with_a_scratch(&app, &senior).await;
    let r = post_photo(
        &app,
        &format!("/vehicules/dommages/{damage}/photo"),
        &senior,
        Some(&senior.csrf),
        &phone_photo(640, 480),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // He books the Clio himself, and asks for a trip himself.
    let token = app.token("senior").await;
    let start = Utc::now() + Duration::days(9);
    let r = app
        .call(
            Method::POST,
            "/api/v1/vehicle-bookings",
            Some(&token),
            Some(json!({"vehicle_id": 1, "start": start.to_rfc3339(),
                        "end": (start + Duration::hours(2)).to_rfc3339()})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    assert_eq!(r.json()[0]["made_by_name"], "René Fournier");
    let r = app
        .call(
            Method::POST,
            "/api/v1/vehicle-trips",
            Some(&token),
            Some(json!({"start": (start + Duration::days(1)).to_rfc3339(),
                        "from_place": "Résidence les Tilleuls", "to_place": "Marché couvert"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");

    // His export has the damage he reported.
    let export = citeosquare_server::people::export(&app.pool, citeosquare_server::DOMAINS, RENE)
        .await
        .unwrap();
    let damages = export["vehicles"]["damages"].as_array().unwrap();
    assert_eq!(damages.len(), 1, "{damages:?}");
    assert_eq!(damages[0]["location"], "portière avant droite");
    assert_eq!(damages[0]["has_photo"], true);

    citeosquare_server::people::erase(
        &app.pool,
        citeosquare_server::DOMAINS,
        &citeosquare_server::audit::Actor {
            id: None,
            name: "test".into(),
        },
        RENE,
    )
    .await
    .unwrap();
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT made_by_name FROM vehicle_bookings UNION ALL
         SELECT requested_by_name FROM vehicle_trips UNION ALL
         SELECT reported_by_name FROM vehicle_damages",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(!names.iter().any(|n| n.contains("Fournier")), "{names:?}");
    assert!(names.iter().any(|n| n == "Compte effacé"), "{names:?}");
    // The damage and its photo stay: the vehicle's record.
    assert!(photo_of(&app, damage).await.is_some());
    assert_eq!(stored_files(&app).len(), 1);
}

#[tokio::test]
async fn the_admin_gives_a_vehicle_its_photo_and_the_senior_sees_it_on_his_booking() {
    let app = TestApp::new().await;
    let admin = app.session("admin").await;
    let path = format!("/admin/vehicules/{ZOE}/photo");
    // The desk may not change it.
    let desk = app.session("accueil").await;
    let r = post_photo(&app, &path, &desk, Some(&desk.csrf), &png(800, 600)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Not a photo: refused on the vehicle's page, its fields still filled in.
    let r = post_photo(&app, &path, &admin, Some(&admin.csrf), b"MZ pas une photo").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("pas une photo lisible"), "{}", r.body);
    assert!(r.body.contains("value=\"Renault Zoé\""), "{}", r.body);
    assert!(stored_files(&app).is_empty());
    let r = post_photo(
        &app,
        &path,
        &admin,
        Some(&admin.csrf),
        &phone_photo(2400, 1800),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let stored: Option<String> = sqlx::query_scalar("SELECT photo FROM vehicles WHERE id = ?")
        .bind(ZOE)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored_files(&app), vec![stored.unwrap()]);

    // René's booking of the Zoé shows it; any logged-in person may see a car's photo.
    let senior = app.session("senior").await;
    let (booking, _) = rene_returns_the_zoe_with_a_scratch(&app, &senior).await;
    let page = app
        .page(&format!("/vehicules/reservations/{booking}"), Some(&senior))
        .await;
    assert!(
        page.body.contains(&format!(
            "src=\"/vehicules/{ZOE}/photo.jpg\" alt=\"Photo du véhicule Renault Zoé\""
        )),
        "{}",
        page.body
    );
    let (status, kind, jpeg) = bytes_of(
        &app,
        TestApp::page_request(
            Method::GET,
            &format!("/vehicules/{ZOE}/photo.jpg"),
            Some(&senior),
        )
        .body(Body::empty())
        .unwrap(),
    )
    .await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "image/jpeg"));
    let seen = image::load_from_memory(&jpeg).unwrap();
    assert_eq!((seen.width(), seen.height()), (1600, 1200));
    assert_eq!(
        app.page(&format!("/vehicules/{ZOE}/photo.jpg"), None)
            .await
            .status,
        StatusCode::SEE_OTHER,
        "to the login page"
    );

    // The API: the admin replaces it; the fleet says which vehicles have one.
    let token = app.token("admin").await;
    let r = app
        .send(
            Request::builder()
                .method(Method::PUT)
                .uri(format!("/api/v1/vehicles/{ZOE}/photo"))
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "image/png")
                .body(Body::from(png(400, 300)))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    assert_eq!(r.json()["has_photo"], true);
    assert_eq!(stored_files(&app).len(), 1, "the first photo went");
    let r = app
        .call(
            Method::GET,
            &format!("/api/v1/vehicles/{ZOE}"),
            Some(&token),
            None,
        )
        .await;
    assert!(r.body.contains("\"has_photo\":true"), "{}", r.body);
    // A backup carries it.
    let done = citeosquare_server::check::backup(
        &app.pool,
        app.dir.path(),
        &app.dir.path().join("sauvegarde").join("c.db"),
    )
    .await
    .unwrap();
    assert_eq!(done.photos_copied, 1);
}
