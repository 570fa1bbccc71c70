//! OpenDocument spreadsheets (`.ods`), the dashboard's export for `LibreOffice` Calc.
//!
//! A package as [ODF 1.3 part 2](https://docs.oasis-open.org/office/OpenDocument/v1.3/os/part2-packages/OpenDocument-v1.3-os-part2-packages.html)
//! asks: `mimetype` first and stored (so a reader identifies the file from its first bytes), then
//! the manifest, `content.xml`, `styles.xml` and `meta.xml`. The first row of each sheet is its
//! header: bold, and repeated on every printed page. Columns are as wide as their longest text.
//! The same sheets always give the same bytes (entries are dated 1980-01-01, ZIP's epoch).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

use super::chart::escape;

/// The media type of a spreadsheet, for `Content-Type` and the package's `mimetype` entry.
pub const MIME_TYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

/// One cell's content.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, kept as written: line breaks, tabs and runs of spaces included. Empty text is an
    /// empty cell.
    Text(String),
    /// A number Calc can compute with; NaN and infinities are empty cells.
    Number(f64),
    Empty,
}

/// One sheet: a name and rows of cells, the first row being the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Made acceptable to Calc: `[]*?:/\` become `-`, leading and trailing apostrophes go, at
    /// most 31 characters (what Excel accepts, for a file saved again as `.xlsx`), unique
    /// (« Énergie (2) »); an empty name becomes « Feuille n ».
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

/// The characters Calc refuses in a sheet's name.
const FORBIDDEN_IN_NAMES: &[char] = &['[', ']', '*', '?', ':', '/', '\\'];
const MAX_NAME_CHARS: usize = 31;
/// Column widths, in millimetres: Calc's default and a cap for long texts.
const MIN_COLUMN_MM: usize = 23;
const MAX_COLUMN_MM: usize = 120;
const HEADER_STYLE: &str = "bv-entete";

const OFFICE_VERSION: &str = "1.3";
const NS_OFFICE: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";

/// The spreadsheet file of `sheets`; no sheets gives one empty sheet, since Calc needs one.
///
/// # Errors
///
/// Only if the ZIP writer fails, which writing to memory does not.
pub fn workbook(sheets: &[Sheet]) -> std::io::Result<Vec<u8>> {
    let blank;
    let sheets = if sheets.is_empty() {
        blank = [Sheet {
            name: String::new(),
            rows: Vec::new(),
        }];
        &blank[..]
    } else {
        sheets
    };
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("mimetype", stored)?;
    zip.write_all(MIME_TYPE.as_bytes())?;
    for (path, xml) in [
        ("META-INF/manifest.xml", manifest()),
        ("content.xml", content(sheets)),
        ("styles.xml", styles()),
        ("meta.xml", meta()),
    ] {
        zip.start_file(path, deflated)?;
        zip.write_all(xml.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

fn manifest() -> String {
    let entry = |path: &str, media_type: &str| {
        format!(
            r#"<manifest:file-entry manifest:full-path="{path}" manifest:media-type="{media_type}"/>"#
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="{OFFICE_VERSION}"><manifest:file-entry manifest:full-path="/" manifest:version="{OFFICE_VERSION}" manifest:media-type="{MIME_TYPE}"/>{}{}{}</manifest:manifest>"#,
        entry("content.xml", "text/xml"),
        entry("styles.xml", "text/xml"),
        entry("meta.xml", "text/xml"),
    )
}

fn styles() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles xmlns:office="{NS_OFFICE}" office:version="{OFFICE_VERSION}"><office:styles/></office:document-styles>"#
    )
}

fn meta() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-meta xmlns:office="{NS_OFFICE}" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="{OFFICE_VERSION}"><office:meta><meta:generator>CITEOSQUARE</meta:generator></office:meta></office:document-meta>"#
    )
}

/// `content.xml`. No whitespace between elements: in a cell it would be text.
fn content(sheets: &[Sheet]) -> String {
    let names = sheet_names(sheets);
    let widths: Vec<Vec<usize>> = sheets.iter().map(column_widths).collect();
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{NS_OFFICE}" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="{OFFICE_VERSION}"><office:automatic-styles>"#
    );
    for mm in widths.iter().flatten().collect::<BTreeSet<_>>() {
        let _ = write!(
            out,
            r#"<style:style style:name="co{mm}" style:family="table-column"><style:table-column-properties style:column-width="{mm}mm"/></style:style>"#
        );
    }
    let _ = write!(
        out,
        r#"<style:style style:name="{HEADER_STYLE}" style:family="table-cell"><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"/></style:style></office:automatic-styles><office:body><office:spreadsheet>"#
    );
    for ((sheet, name), widths) in sheets.iter().zip(&names).zip(&widths) {
        let _ = write!(out, r#"<table:table table:name="{}">"#, escape(name));
        for run in widths.chunk_by(|a, b| a == b) {
            let _ = write!(
                out,
                r#"<table:table-column table:style-name="co{}" table:number-columns-repeated="{}"/>"#,
                run[0],
                run.len(),
            );
        }
        let (header, body) = sheet
            .rows
            .split_first()
            .map_or((&[][..], &[][..]), |(h, b)| (h.as_slice(), b));
        out.push_str("<table:table-header-rows>");
        row(&mut out, header, Some(HEADER_STYLE));
        out.push_str("</table:table-header-rows>");
        for cells in body {
            row(&mut out, cells, None);
        }
        out.push_str("</table:table>");
    }
    out.push_str("</office:spreadsheet></office:body></office:document-content>");
    out
}

/// One `table:table-row`; a row needs at least one cell.
fn row(out: &mut String, cells: &[Cell], style: Option<&str>) {
    let style = style.map_or(String::new(), |s| format!(r#" table:style-name="{s}""#));
    out.push_str("<table:table-row>");
    if cells.is_empty() {
        let _ = write!(out, "<table:table-cell{style}/>");
    }
    for cell in cells {
        match cell {
            Cell::Text(text) if !text.is_empty() => {
                let _ = write!(
                    out,
                    r#"<table:table-cell{style} office:value-type="string">"#
                );
                paragraphs(out, text);
                out.push_str("</table:table-cell>");
            }
            Cell::Number(v) if v.is_finite() => {
                // `+ 0.0` turns -0 into 0; `{}` writes an xsd:double without exponent.
                let v = v + 0.0;
                let _ = write!(
                    out,
                    r#"<table:table-cell{style} office:value-type="float" office:value="{v}"><text:p>{}</text:p></table:table-cell>"#,
                    v.to_string().replace('.', ","),
                );
            }
            Cell::Text(_) | Cell::Number(_) | Cell::Empty => {
                let _ = write!(out, "<table:table-cell{style}/>");
            }
        }
    }
    out.push_str("</table:table-row>");
}

/// `text` as `text:p` paragraphs, one per line. ODF collapses runs of spaces and drops them at
/// a paragraph's ends, so those are written as `text:s`, and tabs as `text:tab`
/// ([ODF 1.3 part 3, 6.1.2](https://docs.oasis-open.org/office/OpenDocument/v1.3/os/part3-schema/OpenDocument-v1.3-os-part3-schema.html#__RefHeading__1415196_253892949)).
fn paragraphs(out: &mut String, text: &str) {
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        out.push_str("<text:p>");
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            match c {
                ' ' => {
                    let run = chars[i..].iter().take_while(|&&c| c == ' ').count();
                    let inside = i > 0 && i + run < chars.len();
                    let escaped = if inside {
                        out.push(' ');
                        run - 1
                    } else {
                        run
                    };
                    if escaped > 0 {
                        let _ = write!(out, r#"<text:s text:c="{escaped}"/>"#);
                    }
                    i += run;
                }
                '\t' => {
                    out.push_str("<text:tab/>");
                    i += 1;
                }
                _ => {
                    let end = chars[i..]
                        .iter()
                        .position(|&c| c == ' ' || c == '\t')
                        .map_or(chars.len(), |p| i + p);
                    out.push_str(&escape(&chars[i..end].iter().collect::<String>()));
                    i = end;
                }
            }
        }
        out.push_str("</text:p>");
    }
}

/// The sheets' names, made acceptable to Calc and unique (Calc ignores case in names).
fn sheet_names(sheets: &[Sheet]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(sheets.len());
    for (i, sheet) in sheets.iter().enumerate() {
        let cleaned: String = sheet
            .name
            .chars()
            .map(|c| {
                if FORBIDDEN_IN_NAMES.contains(&c) || c.is_control() {
                    '-'
                } else {
                    c
                }
            })
            .collect();
        let cleaned: String = cleaned
            .trim()
            .trim_matches('\'')
            .chars()
            .take(MAX_NAME_CHARS)
            .collect();
        let cleaned = cleaned.trim().trim_matches('\'').trim();
        let base = if cleaned.is_empty() {
            format!("Feuille {}", i + 1)
        } else {
            cleaned.to_owned()
        };
        let taken = |name: &str| {
            names
                .iter()
                .any(|n| n.to_lowercase() == name.to_lowercase())
        };
        let mut name = base.clone();
        // At most `sheets.len()` names are taken, so this ends by then.
        for k in 2..=sheets.len() + 1 {
            if !taken(&name) {
                break;
            }
            let suffix = format!(" ({k})");
            let room = MAX_NAME_CHARS.saturating_sub(suffix.chars().count());
            name = base
                .chars()
                .take(room)
                .collect::<String>()
                .trim_end()
                .to_owned()
                + &suffix;
        }
        names.push(name);
    }
    names
}

/// Each column's width in millimetres, from its longest line of text (numbers are short).
fn column_widths(sheet: &Sheet) -> Vec<usize> {
    let columns = sheet.rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    (0..columns)
        .map(|column| {
            let chars = sheet
                .rows
                .iter()
                .filter_map(|row| match row.get(column) {
                    Some(Cell::Text(t)) => t.lines().map(|l| l.chars().count()).max(),
                    Some(Cell::Number(_)) => Some(10),
                    _ => None,
                })
                .max()
                .unwrap_or(0);
            // About 2.2 mm a character at Calc's default 10 pt, bold headers included.
            (chars * 22 / 10 + 4).clamp(MIN_COLUMN_MM, MAX_COLUMN_MM)
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::io::Read as _;

    use calamine::{Data, Reader as _};

    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    fn read_back(bytes: &[u8]) -> calamine::Ods<Cursor<Vec<u8>>> {
        calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(Cursor::new(bytes.to_vec())).unwrap()
    }

    fn entry(bytes: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        out
    }

    fn indicators() -> Vec<Sheet> {
        vec![
            Sheet {
                name: "Indicateurs".to_owned(),
                rows: vec![
                    vec![
                        text("Critère"),
                        text("Indicateur"),
                        text("janv."),
                        text("févr."),
                    ],
                    vec![
                        text("Énergie <&> « sobriété »"),
                        text("kWh"),
                        Cell::Number(1234.5),
                        Cell::Empty,
                    ],
                    vec![
                        text("Lien social"),
                        text("h"),
                        Cell::Number(-3.0),
                        Cell::Number(0.1),
                    ],
                ],
            },
            Sheet {
                name: "Rapport annuel".to_owned(),
                rows: vec![vec![text("Année"), Cell::Number(2026.0)]],
            },
        ]
    }

    #[test]
    fn calamine_reads_back_names_texts_numbers_and_empty_cells() {
        let bytes = workbook(&indicators()).unwrap();
        let mut book = read_back(&bytes);
        assert_eq!(book.sheet_names(), ["Indicateurs", "Rapport annuel"]);
        let sheet = book.worksheet_range("Indicateurs").unwrap();
        assert_eq!(
            sheet.get_value((0, 0)),
            Some(&Data::String("Critère".to_owned()))
        );
        assert_eq!(
            sheet.get_value((1, 0)),
            Some(&Data::String("Énergie <&> « sobriété »".to_owned()))
        );
        assert_eq!(sheet.get_value((1, 2)), Some(&Data::Float(1234.5)));
        assert_eq!(sheet.get_value((1, 3)), Some(&Data::Empty));
        assert_eq!(sheet.get_value((2, 2)), Some(&Data::Float(-3.0)));
        assert_eq!(sheet.get_value((2, 3)), Some(&Data::Float(0.1)));
        let year = book.worksheet_range("Rapport annuel").unwrap();
        assert_eq!(year.get_value((0, 1)), Some(&Data::Float(2026.0)));
    }

    #[test]
    fn mimetype_is_the_first_entry_stored_uncompressed() {
        let bytes = workbook(&indicators()).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.by_index(i).unwrap().name().unwrap().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "mimetype",
                "META-INF/manifest.xml",
                "content.xml",
                "styles.xml",
                "meta.xml"
            ]
        );
        let mut first = archive.by_index(0).unwrap();
        assert_eq!(first.compression(), CompressionMethod::Stored);
        let mut mime = String::new();
        first.read_to_string(&mut mime).unwrap();
        assert_eq!(mime, MIME_TYPE);
        // What `file` and other sniffers look for: the name and the type at fixed offsets.
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..38 + MIME_TYPE.len()], MIME_TYPE.as_bytes());
    }

    #[test]
    fn every_part_is_well_formed_and_declares_odf_1_3() {
        let bytes = workbook(&indicators()).unwrap();
        for part in [
            "META-INF/manifest.xml",
            "content.xml",
            "styles.xml",
            "meta.xml",
        ] {
            let xml = entry(&bytes, part);
            let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{part}: {e}"));
            let version = doc
                .root_element()
                .attributes()
                .find(|a| a.name() == "version")
                .map(|a| a.value());
            assert_eq!(version, Some("1.3"), "{part}");
        }
        let manifest = entry(&bytes, "META-INF/manifest.xml");
        for path in ["\"/\"", "\"content.xml\"", "\"styles.xml\"", "\"meta.xml\""] {
            assert!(
                manifest.contains(&format!("manifest:full-path={path}")),
                "{path}"
            );
        }
    }

    #[test]
    fn cells_carry_their_type_and_a_french_display_text() {
        let bytes = workbook(&indicators()).unwrap();
        let xml = entry(&bytes, "content.xml");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        const OFFICE: &str = NS_OFFICE;
        let cell = doc
            .descendants()
            .find(|n| n.attribute((OFFICE, "value")) == Some("1234.5"))
            .unwrap();
        assert_eq!(cell.attribute((OFFICE, "value-type")), Some("float"));
        assert_eq!(
            cell.first_element_child().and_then(|p| p.text()),
            Some("1234,5")
        );
        let header = doc
            .descendants()
            .filter(|n| n.has_tag_name("table-header-rows"))
            .count();
        assert_eq!(header, 2, "one header row per sheet");
    }

    #[test]
    fn the_header_row_is_bold() {
        let bytes = workbook(&indicators()).unwrap();
        let xml = entry(&bytes, "content.xml");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let style = doc
            .descendants()
            .find(|n| n.has_tag_name("text-properties"))
            .unwrap();
        assert_eq!(
            style
                .parent()
                .and_then(|p| p.attributes().find(|a| a.name() == "name"))
                .map(|a| a.value()),
            Some(HEADER_STYLE)
        );
        assert_eq!(
            style
                .attributes()
                .find(|a| a.name() == "font-weight")
                .map(|a| a.value()),
            Some("bold")
        );
        let styled = |row: roxmltree::Node| {
            row.children()
                .filter(|c| {
                    c.attributes()
                        .any(|a| a.name() == "style-name" && a.value() == HEADER_STYLE)
                })
                .count()
        };
        let rows: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("table-row"))
            .collect();
        assert_eq!(styled(rows[0]), 4);
        assert_eq!(styled(rows[1]), 0);
    }

    #[test]
    fn forbidden_characters_in_sheet_names_are_replaced_and_names_made_unique() {
        let sheet = |name: &str| Sheet {
            name: name.to_owned(),
            rows: vec![vec![text(name)]],
        };
        let bytes = workbook(&[
            sheet("Énergie [kWh]/mois: *total*?"),
            sheet(" 'Eau\\gaz' "),
            sheet("eau-GAZ"),
            sheet(""),
            sheet("Un nom bien trop long pour un onglet de Calc"),
            sheet("Un nom bien trop long pour un onglet"),
        ])
        .unwrap();
        let book = read_back(&bytes);
        assert_eq!(
            book.sheet_names(),
            [
                "Énergie -kWh--mois- -total--",
                "Eau-gaz",
                "eau-GAZ (2)",
                "Feuille 4",
                "Un nom bien trop long pour un o",
                "Un nom bien trop long pour (2)",
            ]
        );
    }

    #[test]
    fn no_sheets_give_one_empty_sheet() {
        let bytes = workbook(&[]).unwrap();
        let mut book = read_back(&bytes);
        assert_eq!(book.sheet_names(), ["Feuille 1"]);
        let range = book.worksheet_range("Feuille 1").unwrap();
        assert!(range.is_empty());
        let empty_rows = workbook(&[Sheet {
            name: "Vide".to_owned(),
            rows: vec![vec![], vec![Cell::Empty]],
        }])
        .unwrap();
        assert!(
            read_back(&empty_rows)
                .worksheet_range("Vide")
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn spaces_tabs_and_line_breaks_survive() {
        let kept = "  deux espaces  avant\tet\naprès ";
        let bytes = workbook(&[Sheet {
            name: "Texte".to_owned(),
            rows: vec![vec![
                text(kept),
                text(""),
                Cell::Number(f64::NAN),
                Cell::Number(-0.0),
            ]],
        }])
        .unwrap();
        let range = read_back(&bytes).worksheet_range("Texte").unwrap();
        assert_eq!(
            range.get_value((0, 0)),
            Some(&Data::String(kept.to_owned()))
        );
        assert_eq!(range.get_value((0, 1)), Some(&Data::Empty));
        assert_eq!(range.get_value((0, 2)), Some(&Data::Empty));
        assert_eq!(range.get_value((0, 3)), Some(&Data::Float(0.0)));
        assert!(!entry(&bytes, "content.xml").contains("NaN"));
    }

    #[test]
    fn control_characters_cannot_break_the_xml() {
        let bytes = workbook(&[Sheet {
            name: "a\u{1}b".to_owned(),
            rows: vec![vec![text("x\u{0}y\u{b}z")]],
        }])
        .unwrap();
        let mut book = read_back(&bytes);
        assert_eq!(book.sheet_names(), ["a-b"]);
        let range = book.worksheet_range("a-b").unwrap();
        assert_eq!(
            range.get_value((0, 0)),
            Some(&Data::String("xyz".to_owned()))
        );
    }

    #[test]
    fn the_same_sheets_give_the_same_bytes() {
        assert_eq!(
            workbook(&indicators()).unwrap(),
            workbook(&indicators()).unwrap()
        );
    }
}
