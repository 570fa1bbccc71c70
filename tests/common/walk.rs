//! A browser walking a demo site: logins, navigation, and the checks every page gets (a
//! screenshot of the whole page, axe-core, no sideways scrolling, no raw keys or English words on a
//! French page). Shared by the browser suites.
use super::browser::Browser;
use std::time::Duration;

/// Password of every demo account.
pub const DEMO_PASSWORD: &str = "citeosquare";

/// How long a page may take to show what a kiosk, the live feed or htmx brings.
pub const LIVE: Duration = Duration::from_secs(30);

/// How long a page may take to load after a click.
pub const PAGE: Duration = Duration::from_secs(10);

/// A browser walking a demo site: navigation, logins and the per-page checks.
pub struct Walk<'a> {
    pub browser: &'a Browser,
    pub base: String,
}

impl Walk<'_> {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Opens `path` on the site and checks that the browser stayed there.
    pub async fn open(&self, path: &str) {
        self.browser.goto(&self.url(path)).await;
        assert_eq!(self.browser.current_path().await, path);
    }

    /// Waits until the browser shows `path` (after a form post and its redirect).
    pub async fn wait_for_path(&self, path: &str) {
        let deadline = std::time::Instant::now() + PAGE;
        loop {
            let now = self.browser.current_path().await;
            if now == path {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "expected to land on {path}, still on {now}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Logs in through the form and waits for the account's home page.
    pub async fn log_in(&self, username: &str, home: &str) {
        self.open("/connexion").await;
        self.browser.fill("#identifiant", username).await;
        self.browser.fill("#mot_de_passe", DEMO_PASSWORD).await;
        self.browser
            .click(r#"form[action="/connexion"] button[type=submit]"#)
            .await;
        self.wait_for_path(home).await;
    }

    pub async fn log_out(&self) {
        self.browser
            .click(r#"form[action="/deconnexion"] button[type=submit]"#)
            .await;
        self.wait_for_path("/connexion").await;
    }

    /// Saves a screenshot named `shot` (when given), then checks the page with axe-core.
    pub async fn check(&self, page: &str, shot: Option<&str>) {
        if let Some(name) = shot {
            self.browser.screenshot(name).await;
        }
        self.browser.check_accessibility(page).await;
    }

    /// Resizes the window and lets the page settle (wide tables re-measure on resize).
    pub async fn resize(&self, w: u32, h: u32) {
        self.browser.set_size(w, h).await;
        tokio::time::sleep(Duration::from_millis(400)).await;
    }

    /// Runs `script` in the page and returns its value as text.
    pub async fn js_text(&self, script: &str) -> String {
        let v = self.browser.execute(script, vec![]).await;
        v.as_str().map_or_else(|| v.to_string(), str::to_owned)
    }

    /// The page's `<html lang>`.
    pub async fn lang(&self) -> String {
        self.js_text("return document.documentElement.lang;").await
    }
}

/// Runs `f` on a thread of its own: `Site` helpers that block on a runtime of their own (database
/// queries) cannot run on the test's runtime thread.
pub fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| s.spawn(f).join().expect("the helper thread"))
}

/// Phone size, for the pages a receptionist or a resident may open on a phone.
pub const PHONE: (u32, u32) = (390, 844);

/// Desk screen size, at which every page is checked.
pub const DESK: (u32, u32) = (1366, 768);

impl Walk<'_> {
    /// Saves a screenshot of the whole page, `shot` (the window stretched to the page's height at
    /// the width `size` gives), then checks the page with axe-core at `size`.
    pub async fn check_page(&self, page: &str, shot: &str, size: (u32, u32)) {
        let (w, h) = size;
        self.resize(w, h).await;
        // The window's frame (what the window has beyond the page's viewport).
        let frame = self
            .browser
            .execute(
                "return Math.max(0, window.outerHeight - window.innerHeight);",
                vec![],
            )
            .await
            .as_u64()
            .and_then(|f| u32::try_from(f).ok())
            .unwrap_or(0);
        let height = (self.browser.page_height().await + frame).clamp(h, 6000);
        if height > h {
            self.resize(w, height).await;
        }
        self.browser
            .execute("window.scrollTo(0, 0); return null;", vec![])
            .await;
        self.browser.screenshot(shot).await;
        if height > h {
            self.resize(w, h).await;
        }
        self.browser.check_accessibility(page).await;
        assert_eq!(
            self.browser
                .execute(
                    "return document.documentElement.scrollWidth <= window.innerWidth;",
                    vec![]
                )
                .await,
            true,
            "{page}: the page is wider than the window ({w} px): it scrolls sideways"
        );
    }

    /// Reloads the page until the element matched by `css` contains `needle` (pages without
    /// live updates, as a receptionist would press F5).
    pub async fn reload_until(&self, css: &str, needle: &str, timeout: Duration) {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let text = self
                .js_text(&format!(
                    "const e = document.querySelector({}); return e ? e.innerText : '';",
                    serde_json::Value::from(css)
                ))
                .await;
            if text.contains(needle) {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "`{css}` still does not contain {needle:?} after reloading for {timeout:?}: {text:?}"
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
            self.browser.refresh().await;
        }
    }

    /// Prints a `PAGE PROBLEM:` line when the element matched by `css` is outside the window
    /// as the page is shown (a confirmation one would have to scroll to see).
    pub async fn report_unseen(&self, css: &str, when: &str) {
        let seen = self
            .browser
            .execute(
                "const e = document.querySelector(arguments[0]); if (!e) return 'absent'; \
                 const r = e.getBoundingClientRect(); \
                 return r.bottom > 0 && r.top < window.innerHeight ? 'seen' : \
                 'unseen (top ' + Math.round(r.top) + ' px, window ' + window.innerHeight + ' px)';",
                vec![css.into()],
            )
            .await;
        if seen != "seen" {
            eprintln!("PAGE PROBLEM: {when}: `{css}` is {seen}");
        }
    }

    /// The id of the field whose `<label>` reads `label`.
    pub async fn field_labelled(&self, label: &str) -> String {
        let id = self
            .browser
            .execute(
                "const l = [...document.querySelectorAll('label')]\
                 .find(l => l.textContent.trim() === arguments[0]); \
                 return l ? l.htmlFor : null;",
                vec![label.into()],
            )
            .await;
        id.as_str()
            .unwrap_or_else(|| panic!("no field labelled {label:?} on the page"))
            .to_owned()
    }

    /// Texts shown on the page that a French page should not show: translation keys
    /// (`error-…`, `sel-…`, `ok-…`) and English words left in French pages.
    pub async fn leftovers(&self) -> Vec<String> {
        let text = self.js_text("return document.body.innerText;").await;
        let mut found = vec![];
        for word in text.split(|c: char| c.is_whitespace() || "()«»,.:;".contains(c)) {
            let key = ["error-", "sel-", "ok-", "nav-", "col-", "label-", "hint-"]
                .iter()
                .any(|p| word.starts_with(p) && word.len() > p.len() + 2);
            if key {
                found.push(word.to_owned());
            }
        }
        for english in [
            "Balance",
            "Submit",
            "Cancel",
            "Total:",
            "Save",
            "Error",
            "minutes ago",
            "Shift",
        ] {
            if text.contains(english) {
                found.push(english.to_owned());
            }
        }
        found
    }

    /// Fails when the page shows translation keys or English words (see [`Walk::leftovers`]).
    pub async fn assert_french(&self, page: &str) {
        let found = self.leftovers().await;
        assert!(
            found.is_empty(),
            "{page}: raw keys or English words on a French page: {found:?}"
        );
    }
}
