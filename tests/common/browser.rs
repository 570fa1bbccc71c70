//! A headless Chromium driven through Debian's `chromedriver` (W3C WebDriver on a loopback port),
//! to walk the app's pages as a person would and check them with the vendored axe-core.
//!
//! The WebDriver commands are sent with a small HTTP/1.1 client of our own: fantoccini 0.22
//! without its TLS features offers no connector the tests could build without a direct
//! `hyper-util` dependency, and the dozen commands used here are plain JSON over loopback.
//!
//! Where Chromium or chromedriver is missing, [`Browser::start`] prints one `SKIPPED:` line and
//! returns `None`, unless `CITEOSQUARE_REQUIRE_BROWSER=1` (as in CI), where that is a failure.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CHROMIUM: &str = "/usr/bin/chromium";

/// axe-core, injected into pages by [`Browser::accessibility_violations`].
const AXE: &str = include_str!("../browser/vendor/axe-4.14.1.min.js");

/// The WCAG levels every page must meet.
const AXE_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// The W3C key of an element reference in WebDriver answers.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How long one WebDriver command may take before the harness gives up on it.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(120);

/// How long `fill`, `click` and `text` wait for their element to appear.
const FIND_TIMEOUT: Duration = Duration::from_secs(5);

/// A headless Chromium session; chromedriver is killed (and the session ended) on drop.
pub struct Browser {
    driver: Child,
    /// chromedriver's port on 127.0.0.1.
    port: u16,
    /// `None` once the session is ended.
    session: Option<String>,
    /// Chromium's profile and chromedriver's log.
    dir: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session, or `None` (with a loud line) where
    /// they are not installed and `CITEOSQUARE_REQUIRE_BROWSER` is not `1`.
    pub async fn start() -> Option<Browser> {
        let driver = find_chromedriver();
        let driver_found = driver.is_some();
        let chromium_found = Path::new(CHROMIUM).is_file();
        let Some(driver) = driver.filter(|_| chromium_found) else {
            let missing = match (chromium_found, driver_found) {
                (false, false) => format!("{CHROMIUM} and chromedriver are"),
                (false, true) => format!("{CHROMIUM} is"),
                (true, _) => "chromedriver is".to_owned(),
            };
            if std::env::var("CITEOSQUARE_REQUIRE_BROWSER").as_deref() == Ok("1") {
                panic!(
                    "the browser tests are required (CITEOSQUARE_REQUIRE_BROWSER=1) but {missing} \
                     not installed (apt-get install chromium chromium-driver)"
                );
            }
            eprintln!(
                "SKIPPED: {missing} not installed (apt-get install chromium chromium-driver); \
                 the browser tests did not run"
            );
            return None;
        };
        let dir = tempfile::Builder::new()
            .prefix("citeosquare-browser-")
            .tempdir()
            .expect("a temporary folder for the browser");
        let profile = dir.path().join("profile");
        std::fs::create_dir(&profile).expect("the browser profile folder");

        let (child, port) = start_chromedriver(&driver, dir.path()).await;
        let mut browser = Browser {
            driver: child,
            port,
            session: None,
            dir,
        };
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "timeouts": {"script": 60_000, "pageLoad": 30_000, "implicit": 0},
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    format!("--user-data-dir={}", profile.display()),
                    "--window-size=1366,768",
                    "--lang=fr-FR",
                ],
                // What the pages see in Accept-Language (--lang alone sets the interface).
                "prefs": {"intl.accept_languages": "fr-FR,fr"},
            },
        }}});
        let answer = match browser.request("POST", "/session", Some(&caps)).await {
            Ok(v) => v,
            Err(e) => panic!(
                "chromedriver could not start Chromium: {e}\n--- chromedriver log ---\n{}",
                browser.driver_log()
            ),
        };
        let id = answer["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no sessionId in chromedriver's answer: {answer}"))
            .to_owned();
        browser.session = Some(id);
        Some(browser)
    }

    /// Opens `url` and waits until the page has loaded.
    pub async fn goto(&self, url: &str) {
        self.cmd("POST", "/url", json!({ "url": url }))
            .await
            .unwrap_or_else(|e| panic!("goto {url}: {e}"));
    }

    /// The browser's back button: goes one page back in the tab's history and waits for it.
    pub async fn back(&self) {
        self.cmd("POST", "/back", json!({}))
            .await
            .unwrap_or_else(|e| panic!("back: {e}"));
    }

    /// Reloads the current page (as F5 would) and waits for it.
    pub async fn refresh(&self) {
        self.cmd("POST", "/refresh", json!({}))
            .await
            .unwrap_or_else(|e| panic!("refresh: {e}"));
    }

    /// The current value of the form field matched by `css` (what a person sees in it).
    pub async fn value(&self, css: &str) -> String {
        let el = self.element(css).await;
        let v = self
            .cmd_get(&format!("/element/{el}/property/value"))
            .await
            .unwrap_or_else(|e| panic!("value of `{css}`: {e}"));
        v.as_str().unwrap_or_default().to_owned()
    }

    /// The height of the whole page in CSS pixels (`document.documentElement.scrollHeight`).
    pub async fn page_height(&self) -> u32 {
        let v = self
            .execute(
                "return Math.ceil(Math.max(document.documentElement.scrollHeight, \
                 document.body ? document.body.scrollHeight : 0));",
                vec![],
            )
            .await;
        v.as_u64()
            .and_then(|h| u32::try_from(h).ok())
            .unwrap_or_else(|| panic!("the page's height is not a number: {v}"))
    }

    /// Empties the field matched by `css`, then types `text` into it.
    pub async fn fill(&self, css: &str, text: &str) {
        let el = self.element(css).await;
        self.cmd("POST", &format!("/element/{el}/clear"), json!({}))
            .await
            .unwrap_or_else(|e| panic!("clear `{css}`: {e}"));
        self.cmd(
            "POST",
            &format!("/element/{el}/value"),
            json!({ "text": text }),
        )
        .await
        .unwrap_or_else(|e| panic!("type into `{css}`: {e}"));
    }

    /// Chooses the file at `path` in the file input matched by `css` (as a person picks a photo).
    pub async fn choose_file(&self, css: &str, path: &Path) {
        let el = self.element(css).await;
        self.cmd(
            "POST",
            &format!("/element/{el}/value"),
            json!({ "text": path.to_string_lossy() }),
        )
        .await
        .unwrap_or_else(|e| panic!("choose a file in `{css}`: {e}"));
    }

    /// Clicks the element matched by `css` (waiting for a page load it starts). An element the
    /// page replaced between finding and clicking it (htmx polling swaps fragments) is found
    /// again, as a person's click would land on the new one.
    pub async fn click(&self, css: &str) {
        for attempt in 1.. {
            let el = self.element(css).await;
            match self
                .cmd("POST", &format!("/element/{el}/click"), json!({}))
                .await
            {
                Ok(_) => return,
                Err(e) if e.error == "stale element reference" && attempt < 5 => continue,
                Err(e) => panic!("click `{css}`: {e}"),
            }
        }
    }

    /// The rendered text of the element matched by `css`.
    pub async fn text(&self, css: &str) -> String {
        let el = self.element(css).await;
        self.element_text(&el)
            .await
            .unwrap_or_else(|e| panic!("text of `{css}`: {e}"))
    }

    /// Waits until the element matched by `css` exists and its text contains `needle`, polling
    /// every 100 ms; panics after `timeout` with the element's text and the page's address.
    pub async fn wait_for_text(&self, css: &str, needle: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            let current = match self.try_find(css).await {
                Ok(Some(el)) => self.element_text(&el).await.map(Some),
                Ok(None) => Ok(None),
                Err(e) => Err(e),
            };
            if let Ok(Some(text)) = &current
                && text.contains(needle)
            {
                return;
            }
            if Instant::now() >= deadline {
                let shown = match current {
                    Ok(Some(text)) => format!("its text is {text:?}"),
                    Ok(None) => "no element matches it".to_owned(),
                    Err(e) => format!("reading it failed: {e}"),
                };
                panic!(
                    "timed out after {timeout:?} waiting for `{css}` to contain {needle:?}: \
                     {shown} (page {})",
                    self.current_url().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The current page's address.
    pub async fn current_url(&self) -> String {
        self.cmd_get("/url")
            .await
            .unwrap_or_else(|e| panic!("current url: {e}"))
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The current page's path, without query or fragment (e.g. `/accueil`).
    pub async fn current_path(&self) -> String {
        path_of(&self.current_url().await)
    }

    /// Resizes the window to `w`×`h` CSS pixels.
    pub async fn set_size(&self, w: u32, h: u32) {
        self.cmd("POST", "/window/rect", json!({ "width": w, "height": h }))
            .await
            .unwrap_or_else(|e| panic!("resize to {w}x{h}: {e}"));
    }

    /// Runs `script` (a function body; `arguments` are `args`) in the page and returns its value.
    pub async fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            json!({ "script": script, "args": args }),
        )
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// axe-core's WCAG 2.2 AA violations on the current page, each trimmed to
    /// `{id, impact, help, helpUrl, nodes: [{target, html, failureSummary}]}`.
    pub async fn accessibility_violations(&self) -> Vec<Value> {
        // Evaluated as part of the WebDriver script, so a page's Content-Security-Policy does not
        // stop it; a second injection on the same page keeps the first copy.
        let inject = format!(
            "if (typeof window.axe === 'undefined') {{\n{AXE}\n}}\nreturn typeof window.axe;"
        );
        let kind = self.execute(&inject, vec![]).await;
        assert_eq!(kind, "object", "axe-core did not load in the page");
        const RUN: &str = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, {
                runOnly: {type: 'tag', values: arguments[0]},
                resultTypes: ['violations'],
            }).then(r => done({violations: r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target, html: n.html, failureSummary: n.failureSummary,
                })),
            }))}), e => done({error: String(e && e.stack || e)}));
        "#;
        let result = self
            .cmd(
                "POST",
                "/execute/async",
                json!({ "script": RUN, "args": [AXE_TAGS] }),
            )
            .await
            .unwrap_or_else(|e| panic!("axe.run: {e}"));
        if let Some(error) = result.get("error") {
            panic!("axe.run failed: {}", error.as_str().unwrap_or_default());
        }
        match result.get("violations") {
            Some(Value::Array(v)) => v.clone(),
            _ => panic!("axe.run gave no violations list: {result}"),
        }
    }

    /// Panics, listing each problem, unless axe-core finds no WCAG 2.2 AA violation on the
    /// current page; `page` names the page in the message.
    pub async fn check_accessibility(&self, page: &str) {
        let violations = self.accessibility_violations().await;
        if !violations.is_empty() {
            panic!("{}", describe_violations(page, &violations));
        }
    }

    /// Saves the viewport as `<repo>/target/screenshots/<name>.png` and returns that path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let encoded = self
            .cmd_get("/screenshot")
            .await
            .unwrap_or_else(|e| panic!("screenshot {name}: {e}"));
        let png = base64_decode(encoded.as_str().unwrap_or_default())
            .unwrap_or_else(|| panic!("screenshot {name}: the image is not base64"));
        let dir = super::repo_root().join("target").join("screenshots");
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }

    /// The current page printed to PDF (WebDriver's « Print Page »), as the desk's printer gets
    /// it: A4 portrait, backgrounds off, at its real size (no shrinking, so the slips' large type
    /// stays large); the print stylesheet applies. Returns the PDF's bytes (`%PDF-…`).
    pub async fn print_pdf(&self) -> Vec<u8> {
        let encoded = self
            .cmd(
                "POST",
                "/print",
                json!({
                    "orientation": "portrait",
                    "page": { "width": 21.0, "height": 29.7 },
                    "margin": { "top": 1.0, "bottom": 1.0, "left": 1.0, "right": 1.0 },
                    "background": false,
                    "shrinkToFit": false,
                }),
            )
            .await
            .unwrap_or_else(|e| panic!("print to PDF: {e}"));
        base64_decode(encoded.as_str().unwrap_or_default())
            .unwrap_or_else(|| panic!("print to PDF: the document is not base64"))
    }

    /// Ends the session (Chromium quits), then stops chromedriver.
    pub async fn close(mut self) {
        if let Some(id) = self.session.take() {
            self.request("DELETE", &format!("/session/{id}"), None)
                .await
                .unwrap_or_else(|e| panic!("ending the browser session: {e}"));
        }
        // Drop stops chromedriver and removes the profile.
    }

    // --- WebDriver plumbing ---

    /// The element matched by `css`, waiting up to [`FIND_TIMEOUT`] for it to appear.
    async fn element(&self, css: &str) -> String {
        let deadline = Instant::now() + FIND_TIMEOUT;
        loop {
            match self.try_find(css).await {
                Ok(Some(el)) => return el,
                Ok(None) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Ok(None) => panic!(
                    "no element matches `{css}` after {FIND_TIMEOUT:?} (page {})",
                    self.current_url().await
                ),
                Err(e) => panic!("find `{css}`: {e}"),
            }
        }
    }

    /// The first element matched by `css`, if any, without waiting.
    async fn try_find(&self, css: &str) -> Result<Option<String>, WdError> {
        let found = self
            .cmd(
                "POST",
                "/element",
                json!({ "using": "css selector", "value": css }),
            )
            .await;
        match found {
            Ok(v) => Ok(Some(
                v[ELEMENT_KEY]
                    .as_str()
                    .ok_or_else(|| WdError::protocol(format!("no element reference in {v}")))?
                    .to_owned(),
            )),
            Err(e) if e.error == "no such element" => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn element_text(&self, el: &str) -> Result<String, WdError> {
        let v = self.cmd_get(&format!("/element/{el}/text")).await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    fn session(&self) -> &str {
        self.session
            .as_deref()
            .expect("the browser session is open")
    }

    /// A command of the session (`path` relative to `/session/{id}`), returning its `value`.
    async fn cmd(&self, method: &str, path: &str, body: Value) -> Result<Value, WdError> {
        let path = format!("/session/{}{path}", self.session());
        self.request(method, &path, Some(&body)).await
    }

    async fn cmd_get(&self, path: &str) -> Result<Value, WdError> {
        let path = format!("/session/{}{path}", self.session());
        self.request("GET", &path, None).await
    }

    /// One request to chromedriver, returning the answer's `value`.
    async fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, WdError> {
        request(self.port, method, path, body, COMMAND_TIMEOUT).await
    }

    fn driver_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("chromedriver.log")).unwrap_or_default()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // A test that panicked mid-way: end the session so that Chromium does not outlive it.
        if let Some(id) = self.session.take() {
            let _ = blocking_request(self.port, "DELETE", &format!("/session/{id}"));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// chromedriver on PATH, else in /usr/bin.
fn find_chromedriver() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromedriver"))
        .chain([PathBuf::from("/usr/bin/chromedriver")])
        .find(|p| p.is_file())
}

/// Starts chromedriver on a free loopback port and waits until it is ready; the port is picked
/// before chromedriver binds it, so a port taken meanwhile means another try.
async fn start_chromedriver(driver: &Path, dir: &Path) -> (Child, u16) {
    let log = dir.join("chromedriver.log");
    for _ in 0..3 {
        let port = super::free_port();
        let out = std::fs::File::create(&log).expect("chromedriver's log file");
        let err = out.try_clone().expect("chromedriver's log file");
        let mut child = Command::new(driver)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            // Chromium draws its own widgets (the date and time boxes) in the language of its
            // environment, as a French desk's browser does: `09:25`, `26/11/2026`, not `09:25 AM`
            // (with Debian's chromium-l10n installed; without it they stay in American English).
            .env("LANG", "fr_FR.UTF-8")
            .env("LANGUAGE", "fr_FR:fr")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", driver.display()));
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let status = request(port, "GET", "/status", None, Duration::from_secs(5)).await;
            if let Ok(v) = status
                && v["ready"] == true
            {
                return (child, port);
            }
            if child.try_wait().ok().flatten().is_some() {
                break; // exited (port taken?): try another port
            }
            if Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "chromedriver did not answer on port {port} within 20 s\n{}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    panic!(
        "chromedriver exited at start three times\n{}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
}

/// A failed WebDriver command: the W3C error code (or `http`/`protocol`) and its message.
#[derive(Debug)]
pub struct WdError {
    pub error: String,
    pub message: String,
}

impl WdError {
    fn protocol(message: String) -> WdError {
        WdError {
            error: "protocol".to_owned(),
            message,
        }
    }
}

impl fmt::Display for WdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error, self.message)
    }
}

fn encode_request(method: &str, path: &str, body: Option<&Value>) -> Vec<u8> {
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut out = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
         Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

/// The status and body of a complete HTTP/1.1 answer in `raw`, `None` while more is to come
/// (`eof`: the peer closed the connection, so what is there is all there is).
fn parse_response(raw: &[u8], eof: bool) -> Option<Result<(u16, Vec<u8>), String>> {
    let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return eof.then(|| Err("connection closed before the headers ended".to_owned()));
    };
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let rest = &raw[end + 4..];
    let status = match head.split(' ').nth(1).and_then(|s| s.parse().ok()) {
        Some(s) => s,
        None => return Some(Err(format!("bad status line in {head:?}"))),
    };
    let header = |name: &str| {
        head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_ascii_lowercase())
        })
    };
    if let Some(len) = header("content-length").and_then(|l| l.parse::<usize>().ok()) {
        return if rest.len() >= len {
            Some(Ok((status, rest[..len].to_vec())))
        } else if eof {
            Some(Err("connection closed in the middle of the body".to_owned()))
        } else {
            None
        };
    }
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        return match dechunk(rest) {
            Some(body) => Some(Ok((status, body))),
            None if eof => Some(Err("connection closed in the middle of the body".to_owned())),
            None => None,
        };
    }
    eof.then(|| Ok((status, rest.to_vec())))
}

/// A complete chunked body, decoded; `None` while incomplete.
fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n")?;
        let size_text = String::from_utf8_lossy(&raw[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        raw = &raw[line_end + 2..];
        if size == 0 {
            return Some(body);
        }
        if raw.len() < size + 2 {
            return None;
        }
        body.extend_from_slice(&raw[..size]);
        raw = &raw[size + 2..];
    }
}

/// The `value` of a WebDriver answer, or its error.
fn webdriver_value(status: u16, body: &[u8]) -> Result<Value, WdError> {
    let json: Value = serde_json::from_slice(body).map_err(|e| {
        WdError::protocol(format!(
            "HTTP {status}, not JSON ({e}): {}",
            String::from_utf8_lossy(body)
        ))
    })?;
    let value = json.get("value").cloned().unwrap_or(Value::Null);
    if let Some(error) = value.get("error").and_then(Value::as_str) {
        return Err(WdError {
            error: error.to_owned(),
            message: value["message"].as_str().unwrap_or_default().to_owned(),
        });
    }
    if status != 200 {
        return Err(WdError {
            error: "http".to_owned(),
            message: format!("HTTP {status}: {json}"),
        });
    }
    Ok(value)
}

async fn request(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
    timeout: Duration,
) -> Result<Value, WdError> {
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .map_err(|e| WdError::protocol(format!("connect to chromedriver: {e}")))?;
        stream
            .write_all(&encode_request(method, path, body))
            .await
            .map_err(|e| WdError::protocol(format!("send to chromedriver: {e}")))?;
        let mut raw = Vec::new();
        let mut buf = vec![0u8; 64 * 1024]; // on the heap: futures are moved around by value
        loop {
            let n = stream
                .read(&mut buf)
                .await
                .map_err(|e| WdError::protocol(format!("read from chromedriver: {e}")))?;
            raw.extend_from_slice(&buf[..n]);
            if let Some(parsed) = parse_response(&raw, n == 0) {
                let (status, body) = parsed.map_err(WdError::protocol)?;
                return webdriver_value(status, &body);
            }
        }
    };
    tokio::time::timeout(timeout, exchange)
        .await
        .unwrap_or_else(|_| {
            Err(WdError::protocol(format!(
                "{method} {path}: no answer within {timeout:?}"
            )))
        })
}

/// A request outside any runtime (for `Drop`), with short time limits.
fn blocking_request(port: u16, method: &str, path: &str) -> Result<Value, WdError> {
    use std::io::{Read, Write};
    let io = |e: std::io::Error| WdError::protocol(e.to_string());
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream =
        std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2)).map_err(io)?;
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .map_err(io)?;
    stream
        .write_all(&encode_request(method, path, None))
        .map_err(io)?;
    let mut raw = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = stream.read(&mut buf).map_err(io)?;
        raw.extend_from_slice(&buf[..n]);
        if let Some(parsed) = parse_response(&raw, n == 0) {
            let (status, body) = parsed.map_err(WdError::protocol)?;
            return webdriver_value(status, &body);
        }
    }
}

/// The path of an absolute URL, without query or fragment (`/` when it has none).
fn path_of(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let end = path.find(['?', '#']).unwrap_or(path.len());
    path[..end].to_owned()
}

/// The failure message of [`Browser::check_accessibility`]: each violation's id, impact and help,
/// with its first three elements (selector and HTML).
pub fn describe_violations(page: &str, violations: &[Value]) -> String {
    let mut out = format!(
        "{page}: {} accessibility violation(s) (axe-core, WCAG 2.2 AA)",
        violations.len()
    );
    for v in violations {
        let nodes = v["nodes"].as_array().map(Vec::as_slice).unwrap_or_default();
        out.push_str(&format!(
            "\n- {} [{}] {} ({} element(s)) {}",
            v["id"].as_str().unwrap_or("?"),
            v["impact"].as_str().unwrap_or("?"),
            v["help"].as_str().unwrap_or(""),
            nodes.len(),
            v["helpUrl"].as_str().unwrap_or(""),
        ));
        for n in nodes.iter().take(3) {
            out.push_str(&format!(
                "\n    {} : {}",
                n["target"],
                n["html"].as_str().unwrap_or("")
            ));
        }
    }
    out
}

/// Standard base64 (with or without padding); `None` if `text` is not base64.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}
