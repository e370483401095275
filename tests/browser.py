"""Headless Chromium for the view's tests and ``bench/view.py``: Debian's ``chromium`` and
``chromium-driver`` driven by Selenium, with no network of its own.

Chromium's background services (component updates, sync, safe browsing lists ...) try to reach
Google at start; here they are switched off, which also keeps them out of the network log that
:func:`requests_made` reads. Each browser gets a fresh profile folder, removed when it closes.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

#: Flags of every browser started here.
FLAGS = (
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--lang=zh-CN",
)


def chromium_paths() -> tuple[str, str] | None:
    """``(chromium, chromedriver)``, from $CHROMIUM and $CHROMEDRIVER or the PATH; None when
    either is missing."""
    browser = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    driver = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@contextmanager
def headless_chromium(width: int = 1440, height: int = 900) -> Iterator:
    """A Selenium driver of a new headless Chromium whose page is ``width`` x ``height`` CSS
    pixels, logging network events (see :func:`requests_made`); it quits on exit."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    paths = chromium_paths()
    if paths is None:
        raise RuntimeError("chromium and chromedriver are needed: apt-get install chromium chromium-driver")
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = None
    try:
        # a driver path given: Selenium Manager (which would look for drivers online) is not run
        driver = webdriver.Chrome(options=options, service=Service(paths[1]))
        driver.set_window_size(width, height)
        _fit_viewport(driver, width, height)
        yield driver
    finally:
        if driver is not None:
            driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _fit_viewport(driver, width: int, height: int) -> None:
    """Make the page itself ``width`` x ``height``: the window's frame takes some of it."""
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    if inner != [width, height]:
        size = driver.get_window_size()
        driver.set_window_size(size["width"] + width - inner[0], size["height"] + height - inner[1])


def wait_for(driver, script: str, timeout: float = 15.0, interval: float = 0.02):
    """The first truthy value of the JavaScript expression ``script``; TimeoutError after
    ``timeout`` seconds."""
    end = time.perf_counter() + timeout
    while True:
        value = driver.execute_script(f"return ({script});")
        if value:
            return value
        if time.perf_counter() > end:
            raise TimeoutError(f"waited {timeout} s for {script}")
        time.sleep(interval)


def requests_made(driver) -> list[str]:
    """Every URL the browser asked for since the last call, from Chromium's DevTools log."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def console_errors(driver) -> list[str]:
    """Messages the page logged as errors (uncaught exceptions among them) since the last call."""
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
