//! What the vehicles' rules take, stated in the OpenAPI document (`crate::web::openapi::Limits`),
//! from the rules' own constants.

/// The years a trips' report may be for (another is read as this year).
pub(super) const REPORT_YEARS: (i32, i32) = (2000, 2100);
/// A month, `YYYY-MM`.
const MONTH_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])$";

/// What the vehicles' rules take, stated in the document.
pub(super) static LIMITS: crate::web::openapi::Limits = {
    use super::{BOOKABLE_BY, ENERGIES, KINDS};
    use super::{booking, drivers, returns, trips, upkeep, workshop};
    use crate::web::openapi::{At, Limits, Rule};
    Limits(&[
        (
            At::Param("/api/v1/vehicle-trips/report", "year"),
            Rule::Int(REPORT_YEARS.0 as i64, REPORT_YEARS.1 as i64),
        ),
        (
            At::Param("/api/v1/persons/{id}/vehicle-statement", "month"),
            Rule::Pattern(MONTH_PATTERN, 7),
        ),
        (
            At::Field("VehicleInput", "name"),
            Rule::Text(1, super::NAME_MAX),
        ),
        (At::Field("VehicleInput", "kind"), Rule::OneOf(&KINDS)),
        (At::Field("VehicleInput", "energy"), Rule::OneOf(&ENERGIES)),
        (
            At::Field("VehicleInput", "seats"),
            Rule::Int(1, super::SEATS_MAX),
        ),
        (
            At::Field("VehicleInput", "key_number"),
            Rule::Int(1, super::KEY_NUMBER_MAX),
        ),
        (
            At::Field("VehicleInput", "boot_litres"),
            Rule::Int(0, super::BOOT_LITRES_MAX),
        ),
        (
            At::Field("VehicleInput", "bookable_by"),
            Rule::OneOf(&BOOKABLE_BY),
        ),
        (
            At::Field("VehicleInput", "buffer_minutes"),
            Rule::Int(0, super::BUFFER_MAX),
        ),
        (
            At::Field("VehicleInput", "odometer_km"),
            Rule::Int(0, super::ODOMETER_MAX),
        ),
        (
            At::Field("VehicleInput", "plate"),
            Rule::Text(0, super::PLATE_MAX),
        ),
        (
            At::Field("VehicleInput", "home_place"),
            Rule::Text(0, super::PLACE_MAX),
        ),
        (
            At::Field("VehicleInput", "notes"),
            Rule::Text(0, super::NOTES_MAX),
        ),
        (At::Field("VehicleInput", "first_registration"), Rule::Date),
        (At::Field("VehicleInput", "last_inspection"), Rule::Date),
        (At::Field("VehicleInput", "insurance_until"), Rule::Date),
        (
            At::Field("NewVehicleBooking", "purpose"),
            Rule::Text(0, booking::PURPOSE_MAX),
        ),
        (
            At::Field("NewVehicleBooking", "weeks"),
            Rule::Int(1, booking::WEEKS_MAX),
        ),
        (
            At::Field("NewVehicleBooking", "request_key"),
            Rule::Text(1, booking::REQUEST_KEY_MAX),
        ),
        (
            At::Field("VehicleCancelInput", "reason"),
            Rule::Text(0, booking::CANCEL_REASON_MAX),
        ),
        (At::Field("ReturnInput", "energy_level"), Rule::Int(0, 100)),
        (
            At::Field("ReturnInput", "km_end"),
            Rule::Int(0, super::ODOMETER_MAX),
        ),
        (
            At::Field("ReturnInput", "remarks"),
            Rule::Text(0, returns::TEXT_MAX),
        ),
        (
            At::Field("ReturnInput", "damage_description"),
            Rule::Text(0, returns::TEXT_MAX),
        ),
        (
            At::Field("ReturnInput", "damage_location"),
            Rule::Text(0, returns::LOCATION_MAX),
        ),
        (
            At::Field("DamageReviewInput", "note"),
            Rule::Text(1, returns::TEXT_MAX),
        ),
        (
            At::Field("LicenceInput", "category"),
            Rule::OneOf(&drivers::CATEGORIES),
        ),
        (
            At::Field("LicenceInput", "licence_number"),
            Rule::Pattern(drivers::LICENCE_PATTERN, drivers::LICENCE_NUMBER.1),
        ),
        (At::Field("LicenceInput", "obtained_on"), Rule::Date),
        (At::Field("LicenceInput", "seen"), Rule::Ticked),
        (At::Field("LicenceInput", "expires_on"), Rule::Date),
        (
            At::Field("NewJob", "kind"),
            Rule::OneOf(&workshop::JOB_KINDS),
        ),
        (
            At::Field("NewJob", "reason"),
            Rule::Text(1, workshop::JOB_REASON_MAX),
        ),
        (
            At::Field("NewTrip", "from_place"),
            Rule::Text(1, trips::PLACE_MAX),
        ),
        (
            At::Field("NewTrip", "to_place"),
            Rule::Text(1, trips::PLACE_MAX),
        ),
        (At::Field("NewTrip", "note"), Rule::Text(0, trips::NOTE_MAX)),
        (
            At::Field("TripDone", "minutes"),
            Rule::Int(1, trips::MINUTES_MAX),
        ),
        (
            At::Field("TripDone", "contribution_kind"),
            Rule::OneOf(&trips::CONTRIBUTION_KINDS),
        ),
        (
            At::Field("TripDone", "contribution_amount"),
            Rule::AtLeast(0),
        ),
        (
            At::Field("PlanInput", "what"),
            Rule::Text(1, upkeep::PLAN_WHAT_MAX),
        ),
        (
            At::Field("PlanInput", "every_km"),
            Rule::Int(upkeep::EVERY_KM.0, upkeep::EVERY_KM.1),
        ),
        (
            At::Field("PlanInput", "every_months"),
            Rule::Int(1, upkeep::EVERY_MONTHS_MAX),
        ),
        (At::Field("PlanInput", "last_on"), Rule::Date),
        (
            At::Field("PlanInput", "last_km"),
            Rule::Int(0, super::ODOMETER_MAX),
        ),
        (
            At::Field("ClaimInput", "kind"),
            Rule::OneOf(&upkeep::CLAIM_KINDS),
        ),
        (At::Field("ClaimInput", "occurred_on"), Rule::Date),
        (
            At::Field("ClaimInput", "description"),
            Rule::Text(1, upkeep::CLAIM_DESCRIPTION_MAX),
        ),
    ])
};
