//! HTTP: the pages, the JSON API, `/healthz` and `/metrics`.
//!
//! Every route is declared once in [`routes`] with the roles it admits ([`Access`]). The router is
//! built from that table, and the role × route test walks the same table, so a route cannot exist
//! without a declared access rule.
//!
//! Layers, outermost first: who is calling ([`identify`]: session cookie or API token), then per
//! route the access rule and the CSRF check ([`guard`]).

pub mod domain;
pub mod files;
pub mod forms;
pub mod member;
pub mod openapi;
pub mod problem;
pub mod upload;

pub use domain::AppState;

use crate::auth::{self, CurrentUser, Role};
use crate::i18n::{Lang, Tr};
use crate::web::domain::Domains;
use axum::Router;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header, request::Parts};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get};

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not.
    Public,
    /// Any logged-in account.
    Authenticated,
    /// Only these roles.
    Roles(&'static [Role]),
}

pub const STAFF: Access = Access::Roles(&[Role::Admin, Role::Reception]);
pub const ADMIN: Access = Access::Roles(&[Role::Admin]);
pub const MEMBERS: Access = Access::Roles(&[Role::Association, Role::Resident]);
pub const ASSOCIATION: Access = Access::Roles(&[Role::Association]);

impl Access {
    pub fn admits(self, user: Option<&CurrentUser>) -> bool {
        match (self, user) {
            (Access::Public, _) => true,
            (Access::Authenticated, Some(_)) => true,
            (Access::Roles(roles), Some(u)) => roles.contains(&u.role),
            (_, None) => false,
        }
    }
}

/// One declared route.
#[derive(Debug, Clone)]
pub struct RouteInfo {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}

/// Builds the router and the table of routes together: each domain adds its routes through
/// [`Routes::add`], with the roles each admits.
pub struct Routes {
    router: Router<AppState>,
    table: Vec<RouteInfo>,
}

impl std::fmt::Debug for Routes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Routes")
            .field("table", &self.table)
            .finish()
    }
}

impl Routes {
    pub fn add(
        &mut self,
        method: Method,
        path: &'static str,
        access: Access,
        handler: MethodRouter<AppState>,
    ) {
        self.add_limited(method, path, access, handler, BODY_LIMIT);
    }

    /// A route that takes a photo (a `multipart/form-data` form, or the picture itself on the
    /// API): its body may be [`crate::photos::UPLOAD_LIMIT`] long; every other route keeps
    /// [`BODY_LIMIT`].
    pub fn add_upload(
        &mut self,
        method: Method,
        path: &'static str,
        access: Access,
        handler: MethodRouter<AppState>,
    ) {
        let handler = handler.layer(axum::extract::DefaultBodyLimit::max(
            crate::photos::UPLOAD_LIMIT,
        ));
        self.add_limited(method, path, access, handler, crate::photos::UPLOAD_LIMIT);
    }

    fn add_limited(
        &mut self,
        method: Method,
        path: &'static str,
        access: Access,
        handler: MethodRouter<AppState>,
        limit: usize,
    ) {
        self.table.push(RouteInfo {
            method: method.clone(),
            path,
            access,
        });
        let guarded = handler.route_layer(middleware::from_fn(move |req: Request, next: Next| {
            guard(access, limit, req, next)
        }));
        let router = std::mem::take(&mut self.router);
        self.router = router.route(path, guarded);
    }
}

fn declare(domains: Domains) -> Routes {
    use Method as M;

    let mut r = Routes {
        router: Router::new(),
        table: vec![],
    };
    r.add(
        M::GET,
        "/static/{file}",
        Access::Public,
        get(files::static_file),
    );
    r.add(M::GET, "/healthz", Access::Public, get(healthz));
    r.add(M::GET, "/metrics", Access::Public, get(metrics));
    r.add(
        M::GET,
        "/api/v1/openapi.json",
        Access::Public,
        get(openapi::openapi),
    );
    for d in domains {
        (d.routes)(&mut r);
    }
    r
}

/// Every route with its declared access: what the role × route test walks.
pub fn routes(domains: Domains) -> Vec<RouteInfo> {
    declare(domains).table
}

/// The application.
pub fn app(state: AppState) -> Router {
    declare(state.domains)
        .router
        .fallback(fallback)
        .layer(middleware::from_fn_with_state(state.clone(), identify))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(limit_body))
        .layer(middleware::map_response(security_headers))
        .with_state(state)
}

// ---------------------------------------------------------------------------------------------
// Who is calling

/// The caller's account, resolved once per request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: Option<CurrentUser>,
    /// The session cookie's token (to close it at logout, or keep it on password change).
    pub session_token: Option<String>,
    /// The API token, when the call came with one.
    pub api_token: Option<String>,
    /// Whether a session cookie was sent that no longer opens a session (expired).
    pub session_expired: bool,
    /// The client's address (the proxy's `X-Forwarded-For` when configured behind one).
    pub address: Option<std::net::IpAddr>,
    /// The host the browser addressed (the proxy's `X-Forwarded-Host` when behind one).
    pub host: Option<String>,
}

impl Caller {
    /// Whether the session or token behind this request still opens it (long-lived streams check
    /// this now and then).
    pub async fn still_valid(&self, pool: &sqlx::SqlitePool) -> bool {
        let found = match (&self.api_token, &self.session_token) {
            (Some(t), _) => auth::token_user(pool, t).await,
            (None, Some(t)) => auth::session_user(pool, t).await,
            (None, None) => return false,
        };
        matches!(found, Ok(Some(u)) if Some(u.id) == self.user.as_ref().map(|c| c.id))
    }
}

/// Where a request comes from, as far as the server can tell.
fn client_of(req: &Request, behind_proxy: bool) -> (Option<std::net::IpAddr>, Option<String>) {
    let headers = req.headers();
    let header_text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let peer = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    let host = header_text(header::HOST.as_str()).map(str::to_owned);
    if !behind_proxy {
        return (peer, host);
    }
    // The proxy appends the address it saw: the last entry is the one it vouches for.
    let forwarded = header_text("x-forwarded-for")
        .and_then(|v| v.rsplit(',').next())
        .and_then(|ip| ip.trim().parse().ok());
    let forwarded_host = header_text("x-forwarded-host")
        .and_then(|v| v.rsplit(',').next())
        .map(|h| h.trim().to_owned());
    (forwarded.or(peer), forwarded_host.or(host))
}

/// A cookie's value from the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

async fn identify(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    // Stylesheet and scripts are the same for everyone: no session lookup (three per page load).
    if req.uri().path().starts_with("/static/") {
        return next.run(req).await;
    }
    let headers = req.headers();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .map(str::to_owned);
    let session = cookie(headers, auth::SESSION_COOKIE).map(str::to_owned);
    let (address, host) = client_of(&req, state.config.behind_proxy);
    let mut caller = Caller {
        user: None,
        session_token: None,
        api_token: bearer.clone(),
        session_expired: false,
        address,
        host,
    };
    let lookup = match (&bearer, &session) {
        (Some(token), _) => auth::token_user(&state.pool, token).await,
        (None, Some(token)) => auth::session_user(&state.pool, token).await,
        (None, None) => Ok(None),
    };
    match lookup {
        Ok(user) => {
            if bearer.is_some() && user.is_none() {
                // A wrong token is refused outright rather than treated as anonymous.
                return problem::ApiError::new(StatusCode::UNAUTHORIZED, "invalid-token")
                    .into_response_for(Lang::Fr);
            }
            if bearer.is_none() && session.is_some() {
                caller.session_expired = user.is_none();
                caller.session_token = user.as_ref().and(session);
            }
            caller.user = user;
        }
        Err(e) => {
            tracing::error!(error = %e, "could not read the session");
            return PageError::internal(e).into_response();
        }
    }
    req.extensions_mut().insert(caller);
    next.run(req).await
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// Applies a route's access rule, then checks that a state-changing request really comes from our
/// own page: the session's CSRF token in the form (`_csrf`) or the `X-CSRF-Token` header, and no
/// cross-site origin. API-token calls carry no cookie and need no CSRF token.
async fn guard(access: Access, limit: usize, req: Request, next: Next) -> Response {
    let caller = req.extensions().get::<Caller>().cloned();
    let user = caller.as_ref().and_then(|c| c.user.as_ref());
    let path = req.uri().path().to_owned();
    let lang = language_of(req.headers(), user);
    if announced_length(req.headers()).is_some_and(|n| n > limit as u64) {
        return too_large(is_api(&path), lang);
    }
    if !access.admits(user) {
        if is_api(&path) {
            let status = if user.is_none() {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::FORBIDDEN
            };
            let slug = if user.is_none() {
                "unauthenticated"
            } else {
                "forbidden"
            };
            return problem::ApiError::new(status, slug).into_response_for(lang);
        }
        if user.is_none() {
            // Back to the login page, then to the page asked for.
            let wanted = match req.uri().path_and_query() {
                Some(pq) if req.method() == Method::GET => pq.as_str().to_owned(),
                _ => "/".to_owned(),
            };
            let expired = caller.as_ref().is_some_and(|c| c.session_expired);
            let mut target = format!("/connexion?suite={}", url_encode(&wanted));
            if expired {
                target.push_str("&expiree=1");
            }
            return Redirect::to(&target).into_response();
        }
        return error_page(
            StatusCode::FORBIDDEN,
            "error-forbidden-title",
            "error-forbidden-text",
            lang,
        );
    }
    // A temporary password (made by an admin, who knows it) opens only the account page until
    // the person chose their own.
    if user.is_some_and(|u| u.must_change_password) && !password_change_allows(&path) {
        if is_api(&path) {
            return problem::ApiError::new(StatusCode::FORBIDDEN, "password-change-required")
                .into_response_for(lang);
        }
        return Redirect::to("/compte?changer=1").into_response();
    }
    let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !changes_state {
        return next.run(req).await;
    }
    let host = caller.as_ref().and_then(|c| c.host.as_deref());
    if cross_site(req.headers(), host) {
        return refuse_csrf(&path, lang);
    }
    let Some(expected) = user.and_then(|u| u.csrf.clone()) else {
        // Anonymous (login, language) or API token: the origin check above is the protection.
        return next.run(req).await;
    };
    if path == "/connexion" {
        // Logging in again from a stale login page while a session is open: the origin check is
        // the protection, and the login replaces the session.
        return next.run(req).await;
    }
    if let Some(sent) = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
    {
        if constant_time_eq(sent.as_bytes(), expected.as_bytes()) {
            return next.run(req).await;
        }
        return refuse_csrf(&path, lang);
    }
    // A form: read the body (bounded), find `_csrf`, and hand the same bytes on.
    let boundary = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| multer::parse_boundary(v).ok());
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        return too_large(false, lang);
    };
    let sent = match boundary {
        Some(b) => multipart_field(bytes.clone(), b, "_csrf").await,
        None => form_field(&bytes, "_csrf"),
    };
    if !sent.is_some_and(|s| constant_time_eq(s.as_bytes(), expected.as_bytes())) {
        return refuse_csrf(&path, lang);
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// What an account with a temporary password may still reach.
fn password_change_allows(path: &str) -> bool {
    path == "/compte"
        || path.starts_with("/compte/")
        || matches!(
            path,
            "/deconnexion" | "/langue" | "/connexion" | "/api/v1/me"
        )
}

fn refuse_csrf(path: &str, lang: Lang) -> Response {
    if is_api(path) {
        problem::ApiError::new(StatusCode::FORBIDDEN, "csrf").into_response_for(lang)
    } else {
        error_page(
            StatusCode::FORBIDDEN,
            "error-csrf-title",
            "error-csrf-text",
            lang,
        )
    }
}

/// A request a browser marks as coming from another site, or whose Origin is not this host.
fn cross_site(headers: &HeaderMap, host: Option<&str>) -> bool {
    if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site")
    {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    if origin == "null" {
        return true;
    }
    let origin_host = origin.split_once("://").map(|(_, h)| h);
    match (origin_host, host) {
        (Some(o), Some(h)) => !o.eq_ignore_ascii_case(h),
        _ => true,
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// One field of an `application/x-www-form-urlencoded` body.
pub fn form_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// A text field of a `multipart/form-data` body (the page puts `_csrf` first, so the photo
/// after it is not read for this).
async fn multipart_field(body: axum::body::Bytes, boundary: String, name: &str) -> Option<String> {
    let stream = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(body) });
    let mut parts = multer::Multipart::new(stream, boundary);
    while let Ok(Some(field)) = parts.next_field().await {
        if field.name() == Some(name) {
            return field.text().await.ok();
        }
    }
    None
}

pub fn url_encode(s: &str) -> String {
    serde_urlencoded::to_string([("v", s)])
        .map(|e| e.trim_start_matches("v=").to_owned())
        .unwrap_or_default()
}

/// The interface language: the account's, else the `cq_lang` cookie, else French.
pub fn language_of(headers: &HeaderMap, user: Option<&CurrentUser>) -> Lang {
    match user {
        Some(u) => Lang::parse(&u.language),
        None => cookie(headers, "cq_lang")
            .map(Lang::parse)
            .unwrap_or(Lang::Fr),
    }
}

/// Whether cookies may carry `Secure`: over HTTPS (directly or behind a proxy that says so), and on
/// the loopback, which browsers treat as secure. A desk reaching the server over plain HTTP on the
/// building's network gets cookies without `Secure` — the server warns about that at start.
pub fn secure_request(headers: &HeaderMap) -> bool {
    if headers
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
    {
        return true;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let name = if host.starts_with('[') {
        host.split(']').next().map(|h| &h[1..]).unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    name == "localhost"
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

pub fn set_cookie(
    name: &str,
    value: &str,
    max_age_secs: i64,
    http_only: bool,
    secure: bool,
) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; Max-Age={max_age_secs}; SameSite=Lax");
    if http_only {
        c.push_str("; HttpOnly");
    }
    if secure {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    h.insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
    );
    res
}

// ---------------------------------------------------------------------------------------------
// Page context

/// What every page knows: the language, the account, the CSRF token, where we are.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub tr: Tr,
    pub user: Option<CurrentUser>,
    pub session_token: Option<String>,
    pub path: String,
    pub query: String,
    /// The site's display name (`site_settings`, changed at `/admin/site`), shown in the header,
    /// the page's title and the agenda; never the technical site id of the MQTT topics.
    pub site: String,
    pub tz: chrono_tz::Tz,
    pub secure: bool,
    /// The client's address, when the server knows it (for login throttling).
    pub peer: Option<std::net::IpAddr>,
    /// For the desk: how many requests wait for an answer (shown beside « Demandes de salles » in
    /// the menu), from each domain's `waiting_for_desk` hook.
    pub requests_waiting: Option<i64>,
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Ctx, Self::Rejection> {
        let caller = parts.extensions.get::<Caller>().cloned();
        let user = caller.as_ref().and_then(|c| c.user.clone());
        let mut requests_waiting = None;
        if user.as_ref().is_some_and(|u| u.role.is_staff()) {
            for hook in state.domains.iter().filter_map(|d| d.waiting_for_desk) {
                if let Ok(n) = hook(&state.pool).await {
                    requests_waiting = Some(requests_waiting.unwrap_or(0) + n);
                }
            }
        }
        let requests_waiting = requests_waiting.filter(|n| *n > 0);
        Ok(Ctx {
            tr: Tr::new(language_of(&parts.headers, user.as_ref())),
            session_token: caller.as_ref().and_then(|c| c.session_token.clone()),
            user,
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().unwrap_or("").to_owned(),
            site: site_name(&state.pool).await,
            tz: state.config.time_zone,
            secure: secure_request(&parts.headers),
            peer: caller.as_ref().and_then(|c| c.address),
            requests_waiting,
        })
    }
}

/// What a site is called when its name cannot be read.
pub const DEFAULT_SITE_NAME: &str = "CITEOSQUARE";

/// The site's display name, as the admin set it.
pub async fn site_name(pool: &sqlx::SqlitePool) -> String {
    sqlx::query_scalar("SELECT display_name FROM site_settings WHERE id = 1")
        .fetch_optional(pool)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| DEFAULT_SITE_NAME.to_owned())
}

impl Ctx {
    pub fn lang(&self) -> &'static str {
        self.tr.lang.code()
    }

    pub fn csrf(&self) -> &str {
        self.user
            .as_ref()
            .and_then(|u| u.csrf.as_deref())
            .unwrap_or("")
    }

    pub fn large_text(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.large_text)
    }

    pub fn is_staff(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role.is_staff())
    }

    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role == Role::Admin)
    }

    pub fn is_member(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| matches!(u.role, Role::Association | Role::Resident))
    }

    pub fn is_association(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.role == Role::Association)
    }

    /// The logged-in account's id, or 0.
    pub fn user_id(&self) -> i64 {
        self.user.as_ref().map_or(0, |u| u.id)
    }

    pub fn user_name(&self) -> &str {
        self.user.as_ref().map_or("", |u| u.display_name.as_str())
    }

    /// The logged-in account; the route's guard guarantees there is one.
    pub fn account(&self) -> Result<&CurrentUser, PageError> {
        self.user.as_ref().ok_or_else(|| {
            PageError::internal(anyhow::anyhow!("no account behind a guarded route"))
        })
    }

    /// `aria-current` for the navigation link to `prefix`.
    pub fn current(&self, prefix: &str) -> &'static str {
        if self.path == prefix || (prefix != "/" && self.path.starts_with(&format!("{prefix}/"))) {
            "page"
        } else {
            "false"
        }
    }

    /// The confirmation message named in `?ok=`, if it is one of ours.
    pub fn flash(&self) -> Option<String> {
        let key = serde_urlencoded::from_str::<Vec<(String, String)>>(&self.query)
            .ok()?
            .into_iter()
            .find(|(k, _)| k == "ok")?
            .1;
        let ok = key.starts_with("ok-") && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
        ok.then(|| self.tr.t(&key))
    }

    /// The current page with its query, for the language switch to come back to.
    pub fn here(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }
}

/// A path parameter whose refusal (`/personnes/abc`) is a 404 in the caller's terms: a page for a
/// page, a problem for the API.
#[derive(Debug)]
pub struct P<T>(pub T);

impl<T, S> FromRequestParts<S> for P<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(P(v)),
            Err(_) => {
                let user = parts
                    .extensions
                    .get::<Caller>()
                    .and_then(|c| c.user.as_ref());
                let lang = language_of(&parts.headers, user);
                Err(if is_api(parts.uri.path()) {
                    problem::ApiError::new(StatusCode::NOT_FOUND, "not-found")
                        .into_response_for(lang)
                } else {
                    error_page(
                        StatusCode::NOT_FOUND,
                        "error-not-found-title",
                        "error-not-found-text",
                        lang,
                    )
                })
            }
        }
    }
}

/// The largest body any request may carry (a form, a JSON call): refused with 413 before it is
/// read further (a problem+json for the API, a page in the person's language for forms).
pub const BODY_LIMIT: usize = 1 << 20;

/// A form body whose refusal is a page in the person's language, not axum's plain text. Every
/// value passes through [`crate::text::clean`] first: a control character or an overlong value
/// is refused (422) whatever the form, before any rule sees it.
#[derive(Debug)]
pub struct F<T>(pub T);

/// The language a form's refusal is told in: the account's, else the cookie's.
pub(crate) fn form_language(req: &Request) -> Lang {
    let user = req
        .extensions()
        .get::<Caller>()
        .and_then(|c| c.user.clone());
    language_of(req.headers(), user.as_ref())
}

/// The page answering a form the server cannot read (400).
pub(crate) fn bad_form_page(lang: Lang) -> Response {
    error_page(
        StatusCode::BAD_REQUEST,
        "error-title",
        "error-bad-form",
        lang,
    )
}

impl<T, S> axum::extract::FromRequest<S> for F<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let lang = form_language(&req);
        let bad_form = || bad_form_page(lang);
        let is_form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(bad_form());
        }
        let Ok(bytes) = axum::body::to_bytes(req.into_body(), BODY_LIMIT).await else {
            return Err(too_large(false, lang));
        };
        let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes) else {
            return Err(bad_form());
        };
        // Bytes that are not UTF-8 (a lone surrogate, a Latin-1 page) are decoded as U+FFFD:
        // a browser always sends UTF-8, so a replacement character not in the body is refused.
        let replaced = pairs
            .iter()
            .any(|(k, v)| k.contains('\u{FFFD}') || v.contains('\u{FFFD}'));
        if replaced && !sent_replacement_character(&bytes) {
            return Err(bad_form());
        }
        let mut cleaned = Vec::with_capacity(pairs.len());
        for (name, value) in &pairs {
            match crate::text::clean(value) {
                Ok(v) => cleaned.push((name.as_str(), v)),
                Err(problem) => {
                    tracing::info!(field = %name, ?problem, "form value refused");
                    return Err(error_page(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "error-title",
                        problem.key(),
                        lang,
                    ));
                }
            }
        }
        let Ok(encoded) = serde_urlencoded::to_string(&cleaned) else {
            return Err(bad_form());
        };
        serde_urlencoded::from_str::<T>(&encoded)
            .map(F)
            .map_err(|_| bad_form())
    }
}

/// Whether a form body holds U+FFFD itself (percent-encoded or raw), rather than bytes that
/// decoded to it.
fn sent_replacement_character(body: &[u8]) -> bool {
    let raw = "\u{FFFD}".as_bytes();
    body.windows(raw.len()).any(|w| w == raw)
        || body
            .windows(9)
            .any(|w| w.eq_ignore_ascii_case(b"%EF%BF%BD"))
}

/// The length a request announces.
fn announced_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
}

/// The answer to a body over [`BODY_LIMIT`].
pub fn too_large(api: bool, lang: Lang) -> Response {
    if api {
        problem::ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too-large").into_response_for(lang)
    } else {
        error_page(
            StatusCode::PAYLOAD_TOO_LARGE,
            "error-title",
            "error-too-large",
            lang,
        )
    }
}

/// Refuses a body announced larger than the largest any route takes before anything reads it;
/// each route's guard then holds it to its own limit ([`BODY_LIMIT`] but for photos). A body
/// sent without its length is cut at the limit where it is read.
async fn limit_body(req: Request, next: Next) -> Response {
    if announced_length(req.headers()).is_some_and(|n| n > crate::photos::UPLOAD_LIMIT as u64) {
        let lang = language_of(req.headers(), None);
        return too_large(is_api(req.uri().path()), lang);
    }
    next.run(req).await
}

// ---------------------------------------------------------------------------------------------
// Errors

/// An error shown to a person: a generic page, with the cause only in the log.
#[derive(Debug)]
pub enum PageError {
    Internal(anyhow::Error),
    NotFound(Lang),
}

impl PageError {
    pub fn internal(e: impl Into<anyhow::Error>) -> PageError {
        PageError::Internal(e.into())
    }
}

impl From<sqlx::Error> for PageError {
    fn from(e: sqlx::Error) -> Self {
        PageError::Internal(e.into())
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> Self {
        PageError::Internal(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::Internal(e) => {
                tracing::error!(error = %e, "page failed");
                error_page(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "error-title",
                    "error-internal",
                    Lang::Fr,
                )
            }
            PageError::NotFound(lang) => error_page(
                StatusCode::NOT_FOUND,
                "error-not-found-title",
                "error-not-found-text",
                lang,
            ),
        }
    }
}

/// A small self-contained error page in the person's language.
pub fn error_page(status: StatusCode, title_key: &str, text_key: &str, lang: Lang) -> Response {
    let tr = Tr::new(lang);
    let esc = |s: String| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let body = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} — CITEOSQUARE</title><link rel=\"stylesheet\" href=\"/static/citeosquare.css\"></head>\
         <body><main id=\"contenu\" class=\"narrow\"><h1>{title}</h1><p>{text}</p>\
         <p><a href=\"/\">{back}</a></p></main></body></html>",
        lang = lang.code(),
        title = esc(tr.t(title_key)),
        text = esc(tr.t(text_key)),
        back = esc(tr.t("back-home")),
    );
    (status, Html(body)).into_response()
}

async fn fallback(req: Request) -> Response {
    let lang = language_of(req.headers(), None);
    if is_api(req.uri().path()) {
        return problem::ApiError::new(StatusCode::NOT_FOUND, "not-found").into_response_for(lang);
    }
    error_page(
        StatusCode::NOT_FOUND,
        "error-not-found-title",
        "error-not-found-text",
        lang,
    )
}

// ---------------------------------------------------------------------------------------------
// Health and metrics

async fn healthz(State(state): State<AppState>) -> Response {
    let db_ok = sqlx::query_scalar::<_, i64>("SELECT 1")
        .fetch_one(&state.pool)
        .await
        .is_ok();
    let mqtt = if *state.mqtt_up.borrow() {
        "connected"
    } else {
        "disconnected"
    };
    let body = serde_json::json!({
        "status": if db_ok { "ok" } else { "error" },
        "database": if db_ok { "ok" } else { "error" },
        "mqtt": mqtt,
    });
    let code = if db_ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, axum::Json(body)).into_response()
}

async fn metrics(State(state): State<AppState>) -> Response {
    for hook in state.domains.iter().filter_map(|d| d.refresh_metrics) {
        hook(&state).await;
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.render(),
    )
        .into_response()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn cookies_origins_and_secure_hosts() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; cq_session=abc ; b=2"),
        );
        assert_eq!(cookie(&h, "cq_session"), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(secure_request(&h));
        let host = Some("127.0.0.1:8080");
        assert!(!cross_site(&h, host));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(!cross_site(&h, host));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(cross_site(&h, host));
        assert!(cross_site(&h, None));
        h.insert(header::HOST, HeaderValue::from_static("192.168.1.10:8080"));
        assert!(!secure_request(&h));
        h.insert(header::HOST, HeaderValue::from_static("[::1]:8080"));
        assert!(secure_request(&h));
    }

    #[test]
    fn forwarded_headers_are_believed_only_behind_a_proxy() {
        let mut req = Request::new(Body::empty());
        let peer: std::net::SocketAddr = "127.0.0.1:50000".parse().unwrap();
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(peer));
        let h = req.headers_mut();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        // A client's own claim first, then the address the proxy (Caddy) saw, appended last.
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("203.0.113.9, 192.168.1.23"),
        );
        h.insert(
            "x-forwarded-host",
            HeaderValue::from_static("citeosquare.lan"),
        );
        let (address, host) = client_of(&req, true);
        assert_eq!(address, Some("192.168.1.23".parse().unwrap()));
        assert_eq!(host.as_deref(), Some("citeosquare.lan"));
        // Without --behind-proxy anyone could claim any address and dodge the login throttle.
        let (address, host) = client_of(&req, false);
        assert_eq!(address, Some(peer.ip()));
        assert_eq!(host.as_deref(), Some("127.0.0.1:8080"));
        // Secure cookies: the proxy says the page came over HTTPS.
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("citeosquare.lan"));
        assert!(!secure_request(&h));
        h.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert!(secure_request(&h));
    }

    #[test]
    fn every_route_is_declared_once() {
        let mut seen = std::collections::HashSet::new();
        for r in routes(crate::DOMAINS) {
            assert!(
                seen.insert((r.method.clone(), r.path)),
                "{} {} twice",
                r.method,
                r.path
            );
        }
    }
}
