//! A real headless Chromium (Debian's `chromium`, which scripts/test installs) driven
//! over the DevTools protocol: load a page, record every request it makes and every
//! dialog it opens, read its title and DOM, run a query, take a screenshot.

use std::ffi::OsStr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Network, Page};
use headless_chrome::{Browser, LaunchOptions, Tab};

/// Page width of screenshots, in CSS pixels.
pub const WIDTH: u32 = 1200;

/// A headless Chromium with a fresh profile.
pub struct Chromium {
    browser: Browser,
    _profile: tempfile::TempDir,
}

/// What loading a page did.
pub struct Loaded {
    /// Every URL the page requested, the page itself included, in order.
    pub requests: Vec<String>,
    /// Messages of every JavaScript dialog (alert, confirm, prompt) the page opened.
    pub dialogs: Vec<String>,
    /// `document.title`.
    pub title: String,
    /// The serialised DOM after loading.
    pub dom: String,
    tab: Arc<Tab>,
    /// Every URL requested since the page began to load, still being added to.
    seen: Arc<Mutex<Vec<String>>>,
}

fn executable() -> std::path::PathBuf {
    let path = Path::new("/usr/bin/chromium");
    assert!(path.exists(), "browser tests need Debian's chromium: run scripts/test, or apt-get install chromium");
    path.to_owned()
}

impl Chromium {
    /// Starts Chromium headless, without sandbox, GPU or any background networking.
    pub fn start() -> Self {
        let profile = tempfile::tempdir().expect("profile directory");
        let args: Vec<&OsStr> = [
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
            "--hide-scrollbars",
        ]
        .iter()
        .map(OsStr::new)
        .collect();
        let options = LaunchOptions {
            headless: true,
            sandbox: false,
            path: Some(executable()),
            user_data_dir: Some(profile.path().to_owned()),
            window_size: Some((WIDTH, 900)),
            idle_browser_timeout: Duration::from_secs(120),
            args,
            ..LaunchOptions::default()
        };
        let browser = Browser::new(options).expect("Chromium starts");
        Self { browser, _profile: profile }
    }

    /// Loads `page` in a new tab and waits until it has loaded.
    pub fn load(&self, page: &Path) -> Loaded {
        let url = format!("file://{}", page.canonicalize().expect("page exists").display());
        self.load_url(&url)
    }

    /// Loads `url` in a new tab and waits until it has loaded.
    pub fn load_url(&self, url: &str) -> Loaded {
        self.open(url, true)
    }

    /// Loads `page` in a new tab with JavaScript turned off, as a reader who blocks scripts sees it.
    pub fn load_without_scripts(&self, page: &Path) -> Loaded {
        self.open(&format!("file://{}", page.canonicalize().expect("page exists").display()), false)
    }

    /// Loads `url` in a new tab, with or without JavaScript, and waits until it has loaded.
    fn open(&self, url: &str, scripts: bool) -> Loaded {
        let tab = self.browser.new_tab().expect("a new tab");
        if !scripts {
            tab.call_method(Emulation::SetScriptExecutionDisabled { value: true }).expect("turn JavaScript off");
        }
        tab.call_method(Network::Enable {
            max_total_buffer_size: None,
            max_resource_buffer_size: None,
            max_post_data_size: None,
            report_direct_socket_traffic: None,
            enable_durable_messages: None,
        })
        .expect("Network.enable");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let dialogs = Arc::new(Mutex::new(Vec::new()));
        let (seen, opened) = (Arc::clone(&requests), Arc::clone(&dialogs));
        let dialog_tab = Arc::clone(&tab);
        tab.add_event_listener(Arc::new(move |event: &Event| match event {
            Event::NetworkRequestWillBeSent(sent) => seen.lock().unwrap().push(sent.params.request.url.clone()),
            Event::PageJavascriptDialogOpening(dialog) => {
                opened.lock().unwrap().push(dialog.params.message.clone());
                let _ = dialog_tab.get_dialog().dismiss();
            }
            _ => {}
        }))
        .expect("listen to the tab");
        tab.navigate_to(url).expect("navigate").wait_until_navigated().expect("the page loads");
        // Let anything the page might start after load (it should start nothing) show up.
        std::thread::sleep(Duration::from_millis(300));
        let title = tab.get_title().expect("title");
        let dom = tab.get_content().expect("DOM");
        let seen = requests;
        let requests = seen.lock().unwrap().clone();
        let dialogs = dialogs.lock().unwrap().clone();
        Loaded { requests, dialogs, title, dom, tab, seen }
    }
}

impl Loaded {
    /// The tab the page is in, to click and type in it.
    pub fn tab(&self) -> &Tab {
        &self.tab
    }

    /// Every URL the page has requested so far, the page itself included: after the
    /// clicks, typing and downloads since it loaded, not just while loading.
    pub fn requests_so_far(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }

    /// Evaluates a JavaScript expression in the page (from the test, not the page) and
    /// returns its JSON value.
    pub fn eval(&self, expression: &str) -> serde_json::Value {
        let json = self.tab.evaluate(&format!("JSON.stringify({expression})"), false).expect("evaluate").value;
        serde_json::from_str(json.as_ref().and_then(|json| json.as_str()).expect("a JSON string")).expect("JSON")
    }

    /// A PNG of the page, `WIDTH` pixels wide and as tall as the page up to `max_height`.
    pub fn screenshot(&self, max_height: u32) -> Vec<u8> {
        // A tall page on a busy machine takes longer than the default 20 s to capture.
        self.tab.set_default_timeout(Duration::from_secs(90));
        let metrics = self.tab.call_method(Page::GetLayoutMetrics(None)).expect("layout metrics");
        let height = (metrics.css_content_size.height.ceil() as u32).min(max_height);
        self.tab
            .call_method(Emulation::SetDeviceMetricsOverride {
                width: WIDTH,
                height,
                device_scale_factor: 1.0,
                mobile: false,
                scale: None,
                screen_width: None,
                screen_height: None,
                position_x: None,
                position_y: None,
                dont_set_visible_size: None,
                screen_orientation: None,
                viewport: None,
                display_feature: None,
                device_posture: None,
            })
            .expect("resize the viewport to the page");
        self.tab.capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true).expect("screenshot")
    }
}
