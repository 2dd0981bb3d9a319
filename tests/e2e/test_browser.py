"""The live page in a real browser (headless Debian chromium through Selenium): against a live
`clicklog demo` the bars change with the next window, a click on a bar draws that
destination's last hour, the look-up box answers, and the console stays free of errors; against
`clicklog run` on records of our own, a hostile destination name shows as text. Screenshots at a
laptop's and a phone's width go to the test's folder (CLICKLOG_SCREENSHOT_DIR, if set, too)."""
import json
import os
import re
import shutil
import time
import urllib.request
from pathlib import Path

import pytest

import job_runs
import recount
from live_demo import Demo

from selenium import webdriver  # noqa: E402  (tests/requirements.txt: never skipped)
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
HOSTILE = "<img src=x onerror=alert(1)>"
# Names a page must show as they are: right-to-left text with an override mark, emoji with a
# joiner, quotes that would end an attribute.
ODD_NAMES = ["\u202eالقاهرة", "🏖️ beach 👨‍👩‍👧", "\"o'hare\" & <b>"]
LAPTOP, PHONE = (1280, 1000), (390, 844)


@pytest.fixture(scope="module")
def browser():
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.fail("chromium and chromium-driver are missing: run scripts/install-deps --test")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options,
                              service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.set_window_size(*LAPTOP)
    yield driver
    driver.quit()


def clear_console(driver):
    driver.get_log("browser")  # reading the log empties it


def console_errors(driver):
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def screenshot(driver, tmp_path, name):
    path = tmp_path / name
    driver.save_screenshot(str(path))
    if os.environ.get("CLICKLOG_SCREENSHOT_DIR"):
        shutil.copy(path, Path(os.environ["CLICKLOG_SCREENSHOT_DIR"]) / name)
    return path


def wait(driver, what, seconds=30):
    return WebDriverWait(driver, seconds, poll_frequency=0.2).until(lambda d: what())


def test_the_page_follows_a_live_demo(binary, browser, tmp_path):
    demo = Demo(binary, "--http", "127.0.0.1:0")
    try:
        demo.wait_for_windows(1)
        clear_console(browser)
        browser.get(demo.url)
        window = browser.find_element(By.ID, "window")
        wait(browser, lambda: window.text.startswith("Window "))
        first = window.text
        assert browser.find_elements(By.CSS_SELECTOR, "#top li")
        # The next window replaces the bars without a reload.
        wait(browser, lambda: window.text != first)
        names = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#top li .name")]
        assert names and all(names)

        browser.find_elements(By.CSS_SELECTOR, "#top li")[0].click()
        title = browser.find_element(By.ID, "history-title")
        wait(browser, lambda: title.text.startswith(names[0] + ":"))
        wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#chart rect.col"))

        browser.find_element(By.ID, "user").send_keys("1")
        browser.find_element(By.CSS_SELECTOR, "#lookup button").click()
        answer = browser.find_element(By.ID, "answer")
        wait(browser, lambda: answer.text.startswith("User 1 "))
        wait(browser, lambda: "records" in browser.find_element(By.ID, "status").text)
        assert re.search(r"late searches: dropped \d+, partial \d+",
                         browser.find_element(By.ID, "status").text)
        # Per-partition lag comes with librdkafka's statistics, every few seconds.
        lag = browser.find_element(By.ID, "lag")
        wait(browser, lambda: lag.get_attribute("textContent").startswith("partition 0: "))
        assert console_errors(browser) == []
        screenshot(browser, tmp_path, "dashboard.png")
        browser.set_window_size(*PHONE)
        # At a phone's width nothing spills sideways.
        assert browser.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(browser, tmp_path, "dashboard-phone.png")
        browser.set_window_size(*LAPTOP)
    finally:
        browser.get("about:blank")  # its stream ends with the demo: no error of ours
        demo.stop()


def hostile_records():
    """Two minutes of searches, most of them for a destination named like markup."""
    start = recount.parse_time(job_runs.START)
    for i in range(1200):
        name = HOSTILE if i % 3 else (["paris"] + ODD_NAMES)[i // 3 % 4]
        record = recount.click_log(user_id=i, time=recount.format_utc(start + 100 * i),
                                   action="search", destination=name)
        yield b"k", recount.encode_single_object(record)


def test_a_hostile_destination_name_shows_as_text(clicklog, kafka, browser, tmp_path):
    kafka.send("http-hostile", hostile_records())
    job = job_runs.Job(clicklog, tmp_path, "run", "--topic", "http-hostile", "--group",
                       "http-hostile", "--from-beginning", *job_runs.WINDOW, "--lateness", "1s",
                       "--idle-timeout", "1s", "--output", "jsonl", "--http", "127.0.0.1:0",
                       "--checkpoint-interval", "0")
    try:
        deadline = time.monotonic() + 60
        url = None
        while time.monotonic() < deadline and not url:
            found = re.search(r"http at (http://\S+/) ", job.stderr())
            url = found.group(1) if found else None
            time.sleep(0.1)
        assert url, job.stderr()
        while time.monotonic() < deadline and not job.windows():
            time.sleep(0.2)
        clear_console(browser)
        browser.get(url)
        wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#top li .name"))
        shown = [e.get_attribute("textContent")
                 for e in browser.find_elements(By.CSS_SELECTOR, "#top li .name")]
        assert shown[0] == HOSTILE
        assert sorted(shown) == sorted([HOSTILE, "paris", *ODD_NAMES])
        with urllib.request.urlopen(url + "api/windows?last=1", timeout=5) as response:
            served = [t["destination"] for t in json.load(response)[0]["top"]]
        assert sorted(served) == sorted(shown)
        assert browser.find_elements(By.CSS_SELECTOR, "#top img") == []
        browser.find_elements(By.CSS_SELECTOR, "#top li")[0].click()
        title = browser.find_element(By.ID, "history-title")
        wait(browser, lambda: title.get_attribute("textContent") == HOSTILE + ": searches, last hour")
        wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#chart rect.col"))
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text
        assert console_errors(browser) == []
        screenshot(browser, tmp_path, "hostile.png")
    finally:
        job.process.terminate()
        assert job.process.wait(timeout=60) == 0, job.stderr()
