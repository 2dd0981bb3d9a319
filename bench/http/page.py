"""Page weight and time to first render of clicklog's live page in headless Debian chromium, for
scripts/bench-http: bytes of / as served, first contentful paint, and the time until the first
window's bars are on the page (from navigation start). Prints one line."""
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.common.by import By

url = sys.argv[1]
with urllib.request.urlopen(url, timeout=10) as response:
    page = response.read()
options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
    options.add_argument(flag)
driver = webdriver.Chrome(options=options,
                          service=webdriver.ChromeService(executable_path="/usr/bin/chromedriver"))
try:
    driver.set_window_size(1280, 1000)
    driver.get(url)
    deadline = time.monotonic() + 30
    while not driver.find_elements(By.CSS_SELECTOR, "#top li") and time.monotonic() < deadline:
        time.sleep(0.02)
    bars_ms = driver.execute_script("return performance.now()")
    paint = driver.execute_script(
        "const p = performance.getEntriesByName('first-contentful-paint')[0];"
        "return p ? p.startTime : null")
    transferred = driver.execute_script(
        "return performance.getEntriesByType('navigation')[0].transferSize")
finally:
    driver.quit()
# A page still without a paint entry (a busy machine) says so rather than failing the run.
paint_ms = "-" if paint is None else f"{paint:.0f}"
print(f"page_bytes={len(page)} transferred_bytes={transferred} first_paint_ms={paint_ms} "
      f"bars_ms={bars_ms:.0f}", flush=True)
