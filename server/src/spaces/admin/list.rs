//! The list of spaces, uses and site-wide exceptions, and one use's settings.

use super::*;

// ---------------------------------------------------------------------------------------------
// The list: spaces, uses, site-wide exceptions

#[derive(Template)]
#[template(path = "spaces/admin_list.html")]
pub(super) struct ListPage {
    c: Ctx,
    spaces: Vec<SpaceLine>,
    /// The spaces that may be divided: (id, name).
    wholes: Vec<(i64, String)>,
    /// Where an exception may apply: ("" for the whole site, or a space's id; its name).
    scopes: Vec<(String, String)>,
    uses: Vec<UseLine>,
    /// The uses an exception may open for: (id, name).
    use_options: Vec<(String, String)>,
    site_exceptions: Vec<ExceptionLine>,
    space_form: FormState,
    use_form: FormState,
    associations: Vec<AssociationChoice>,
    exception_form: FormState,
}

/// What a refused form on the list page brings back.
#[derive(Default)]
pub(super) struct ListForms {
    pub(super) space: Option<FormState>,
    pub(super) use_: Option<(FormState, Vec<i64>)>,
    pub(super) exception: Option<FormState>,
}

pub(super) fn default_space_form() -> FormState {
    FormState::with(&[("space_refuse_when_full", "on")])
}

pub(super) fn default_use_form() -> FormState {
    FormState::with(&[
        ("use_colour", "#2c7fb8"),
        ("use_mode", "exclusive"),
        ("use_min_minutes", "30"),
        ("use_max_minutes", "240"),
        ("use_notice_minutes", "0"),
        ("use_price_kind", "free"),
        ("use_changeover_before", "0"),
        ("use_changeover_after", "0"),
    ])
}

pub(super) async fn list_page(
    State(state): State<AppState>,
    c: Ctx,
) -> Result<Response, PageError> {
    list_with(&state, c, ListForms::default(), StatusCode::OK).await
}

pub(super) async fn list_with(
    state: &AppState,
    c: Ctx,
    forms: ListForms,
    status: StatusCode,
) -> Result<Response, PageError> {
    let pool = &state.pool;
    let all = spaces::spaces(pool).await?;
    let kiosks = door_kiosks(pool).await?;
    let uses = spaces::uses(pool).await?;
    let associations = people::associations(pool).await?;
    let from = today(&c);
    let site_exceptions = spaces::exceptions(pool, from, from + Duration::days(EXCEPTION_DAYS))
        .await?
        .iter()
        .filter(|e| e.space_id.is_none())
        .map(|e| exception_line(&c, e, &uses, &all))
        .collect();
    let (use_form, chosen) = forms
        .use_
        .map(|(f, chosen)| (labelled(&c, f), chosen))
        .unwrap_or_else(|| (default_use_form(), Vec::new()));
    let page = ListPage {
        spaces: space_lines(&c, &all, &kiosks),
        wholes: all
            .iter()
            .filter(|s| s.parent_id.is_none())
            .map(|s| (s.id, s.name.clone()))
            .collect(),
        scopes: std::iter::once((String::new(), c.tr.t("spa-whole-site")))
            .chain(all.iter().map(|s| (s.id.to_string(), s.name.clone())))
            .collect(),
        uses: uses
            .iter()
            .map(|u| use_line(&c, u, &associations))
            .collect(),
        use_options: use_options(&uses),
        site_exceptions,
        space_form: forms
            .space
            .map_or_else(default_space_form, |f| labelled(&c, f)),
        use_form,
        associations: association_choices(&associations, &chosen),
        exception_form: forms
            .exception
            .map_or_else(|| default_exception_form(&c, None), |f| labelled(&c, f)),
        c,
    };
    html_status(status, page)
}

/// The space form's fields.
pub(super) const SPACE_FIELDS: [&str; 9] = [
    "space_name",
    "space_floor",
    "space_capacity",
    "space_equipment",
    "space_step_free",
    "space_hearing_loop",
    "space_description",
    "space_parent_id",
    "space_refuse_when_full",
];

/// The space as typed, and the form with what could not be read (those fields hold
/// [`UNREADABLE`], which the library refuses).
pub(super) fn space_input(c: &Ctx, f: &Fields) -> (SpaceInput, FormState) {
    let mut form = f.keep(&SPACE_FIELDS);
    let capacity = match typed_number(f.get("space_capacity")) {
        Ok(Some(n)) => n,
        _ => {
            form.add("space_capacity", c.tr.t("error-space-capacity"));
            UNREADABLE
        }
    };
    let parent_id = match typed_number(f.get("space_parent_id")) {
        Ok(p) => p,
        Err(()) => {
            form.add("space_parent_id", c.tr.t("error-space-parent-unknown"));
            Some(UNREADABLE)
        }
    };
    let input = SpaceInput {
        name: f.get("space_name").to_owned(),
        floor: f.get("space_floor").to_owned(),
        capacity,
        equipment: f.get("space_equipment").to_owned(),
        step_free: f.on("space_step_free"),
        hearing_loop: f.on("space_hearing_loop"),
        description: f.get("space_description").to_owned(),
        parent_id,
        refuse_when_full: f.on("space_refuse_when_full"),
    };
    (input, form)
}

pub(super) async fn space_create(
    State(state): State<AppState>,
    c: Ctx,
    F(pairs): F<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let (input, mut form) = space_input(&c, &Fields(pairs));
    match spaces::create_space(&state.pool, &actor, &input).await {
        Ok(s) => {
            return Ok(see_other(&format!(
                "/admin/salles/{}?ok=ok-spa-space-created",
                s.id
            )));
        }
        Err(r) => refusal_onto(&c, r, &mut form, "space_name", space_field)?,
    }
    let forms = ListForms {
        space: Some(form),
        ..ListForms::default()
    };
    list_with(&state, c, forms, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// The use form's fields (besides the associations, which may come several times).
pub(super) const USE_FIELDS: [&str; 18] = [
    "use_code",
    "use_name",
    "use_colour",
    "use_mode",
    "use_capacity",
    "use_open_to_residents",
    "use_open_to_associations",
    "use_open_to_everyone",
    "use_min_minutes",
    "use_max_minutes",
    "use_notice_minutes",
    "use_approval",
    "use_price_kind",
    "use_price_per_hour",
    "use_changeover_before",
    "use_changeover_after",
    "use_checkin_grace_minutes",
    "use_public_by_default",
];

pub(super) fn use_form_of(c: &Ctx, u: &Use) -> FormState {
    let price = match u.price_kind.as_str() {
        "euros" => euros_typed(c, u.price_per_hour),
        "sel" => u.price_per_hour.to_string(),
        _ => String::new(),
    };
    FormState::with(&[
        ("use_code", &u.code),
        ("use_name", &u.name),
        ("use_colour", &u.colour),
        ("use_mode", u.mode.as_str()),
        (
            "use_capacity",
            &u.capacity.map(|n| n.to_string()).unwrap_or_default(),
        ),
        ("use_open_to_residents", checked(u.open_to_residents)),
        ("use_open_to_associations", checked(u.open_to_associations)),
        ("use_open_to_everyone", checked(u.open_to_everyone)),
        ("use_min_minutes", &u.min_minutes.to_string()),
        ("use_max_minutes", &u.max_minutes.to_string()),
        ("use_notice_minutes", &u.notice_minutes.to_string()),
        ("use_approval", checked(u.approval)),
        ("use_price_kind", &u.price_kind),
        ("use_price_per_hour", &price),
        ("use_changeover_before", &u.changeover_before.to_string()),
        ("use_changeover_after", &u.changeover_after.to_string()),
        (
            "use_checkin_grace_minutes",
            &u.checkin_grace_minutes
                .map(|n| n.to_string())
                .unwrap_or_default(),
        ),
        ("use_public_by_default", checked(u.public_by_default)),
    ])
}

/// A value the library refuses for the field (and so do the database's checks), put in place of
/// a number that could not be read: the library then still checks every other field, and one
/// round shows every reason while nothing can be written.
pub(super) const UNREADABLE: i64 = -1;

/// The use as typed (the ranges are the library's to check), the form with what could not be
/// read (those fields hold [`UNREADABLE`]), and the associations ticked.
pub(super) fn use_input(c: &Ctx, f: &Fields) -> (UseInput, FormState, Vec<i64>) {
    let mut form = f.keep(&USE_FIELDS);
    let mut associations = vec![];
    for a in f.all("use_associations") {
        match a.trim().parse::<i64>() {
            Ok(id) if !associations.contains(&id) => associations.push(id),
            Ok(_) => {}
            Err(_) => {
                form.add(
                    "use_associations",
                    c.tr.t("error-space-association-unknown"),
                );
                associations.push(UNREADABLE);
            }
        }
    }
    // `None` when empty and optional.
    let mut number = |field: &str, required: bool| -> Option<i64> {
        match typed_number(f.get(field)) {
            Ok(Some(n)) => Some(n),
            Ok(None) if !required => None,
            Ok(None) => {
                form.add(field, c.tr.t("spa-error-number-required"));
                Some(UNREADABLE)
            }
            Err(()) => {
                form.add(field, c.tr.t("spa-error-number"));
                Some(UNREADABLE)
            }
        }
    };
    let capacity = number("use_capacity", false);
    let min_minutes = number("use_min_minutes", true).unwrap_or(UNREADABLE);
    let max_minutes = number("use_max_minutes", true).unwrap_or(UNREADABLE);
    let notice_minutes = number("use_notice_minutes", false).unwrap_or(0);
    let changeover_before = number("use_changeover_before", false).unwrap_or(0);
    let changeover_after = number("use_changeover_after", false).unwrap_or(0);
    let grace = number("use_checkin_grace_minutes", false);
    let price_kind = f.get("use_price_kind").trim().to_owned();
    let raw_price = f.get("use_price_per_hour").trim();
    let mut unreadable_price = |key: &str| {
        form.add("use_price_per_hour", c.tr.t(key));
        UNREADABLE
    };
    let price_per_hour = match price_kind.as_str() {
        "euros" | "sel" if raw_price.is_empty() => unreadable_price("spa-error-price-required"),
        "euros" => typed_euros(raw_price).unwrap_or_else(|| unreadable_price("spa-error-euros")),
        "sel" => match typed_number(raw_price) {
            Ok(Some(n)) => n,
            _ => unreadable_price("spa-error-sel-minutes"),
        },
        // Free, or a kind the library refuses by name: an amount typed anyway is its to refuse.
        _ if raw_price.is_empty() => 0,
        _ => typed_euros(raw_price).unwrap_or_else(|| unreadable_price("error-space-price")),
    };
    let input = UseInput {
        code: f.get("use_code").to_owned(),
        name: f.get("use_name").to_owned(),
        colour: f.get("use_colour").to_owned(),
        mode: f.get("use_mode").to_owned(),
        capacity,
        open_to_residents: f.on("use_open_to_residents"),
        open_to_associations: f.on("use_open_to_associations"),
        open_to_everyone: f.on("use_open_to_everyone"),
        associations: associations.clone(),
        min_minutes,
        max_minutes,
        notice_minutes,
        approval: f.on("use_approval"),
        price_kind,
        price_per_hour,
        changeover_before,
        changeover_after,
        checkin_grace_minutes: grace,
        public_by_default: f.on("use_public_by_default"),
    };
    associations.retain(|a| *a != UNREADABLE);
    (input, form, associations)
}

/// The library's names for the use's fields, moved onto the form's.
pub(super) fn use_field(field: &str) -> String {
    format!("use_{field}")
}

/// The library's names for the space's fields, moved onto the form's.
pub(super) fn space_field(field: &str) -> String {
    format!("space_{field}")
}

pub(super) async fn use_create(
    State(state): State<AppState>,
    c: Ctx,
    F(pairs): F<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let (input, mut form, chosen) = use_input(&c, &Fields(pairs));
    // With a number unreadable, the library still says what else is wrong, and refuses.
    match spaces::create_use(&state.pool, &actor, &input).await {
        Ok(_) => return Ok(see_other("/admin/salles?ok=ok-spa-use-created#usages")),
        Err(r) => refusal_onto(&c, r, &mut form, "use_code", use_field)?,
    }
    let forms = ListForms {
        use_: Some((form, chosen)),
        ..ListForms::default()
    };
    list_with(&state, c, forms, StatusCode::UNPROCESSABLE_ENTITY).await
}

// ---------------------------------------------------------------------------------------------
// One use

#[derive(Template)]
#[template(path = "spaces/admin_use.html")]
pub(super) struct UsePage {
    c: Ctx,
    id: i64,
    name: String,
    form: FormState,
    associations: Vec<AssociationChoice>,
}

pub(super) async fn use_page(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
) -> Result<Response, PageError> {
    let u = use_or_404(&state.pool, &c, id).await?;
    let associations = people::associations(&state.pool).await?;
    html(UsePage {
        id,
        form: use_form_of(&c, &u),
        associations: association_choices(&associations, &u.associations),
        name: u.name,
        c,
    })
}

pub(super) async fn use_update(
    State(state): State<AppState>,
    c: Ctx,
    P(id): P<i64>,
    F(pairs): F<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let actor = actor(&c)?;
    let u = use_or_404(&state.pool, &c, id).await?;
    let (input, mut form, chosen) = use_input(&c, &Fields(pairs));
    // With a number unreadable, the library still says what else is wrong, and refuses.
    match spaces::update_use(&state.pool, &actor, id, &input).await {
        Ok(_) => return Ok(see_other("/admin/salles?ok=ok-spa-use-saved#usages")),
        Err(r) => refusal_onto(&c, r, &mut form, "use_code", use_field)?,
    }
    let associations = people::associations(&state.pool).await?;
    html_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        UsePage {
            id,
            form: labelled(&c, form),
            associations: association_choices(&associations, &chosen),
            name: u.name,
            c,
        },
    )
}
