use super::*;

#[test]
fn local_times_are_read_in_the_forms_people_type() {
    assert_eq!(parse_hhmm("08:00"), Some(480));
    assert_eq!(parse_hhmm("8h30"), Some(510));
    assert_eq!(parse_hhmm("18 h"), Some(1080));
    assert_eq!(parse_hhmm("24:00"), Some(1440));
    assert_eq!(parse_hhmm("24:01"), None);
    assert_eq!(parse_hhmm("12:60"), None);
    assert_eq!(parse_hhmm("midi"), None);
    assert_eq!(hhmm(1440), "24:00");
    assert_eq!(hhmm(65), "01:05");
}
