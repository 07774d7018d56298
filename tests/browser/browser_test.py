#!/usr/bin/python3
"""The web pages driven through Debian's Chromium (selenium + chromium-driver, headless).

Usage: browser_test.py TIMESCALES_BINARY BUILD_DIR SCENARIO

Each scenario makes a fresh store in a temporary folder (cases recorded with `timescales case
add-event`, accounts with `timescales user add`), starts `timescales serve` on a free loopback
port, drives the pages as an officer would, saves a screenshot of every page visited under
BUILD_DIR/browser-screenshots/<scenario>/, and stops the server with SIGTERM (it must exit 0).

Scenarios:
  officer-records-response  a complaints officer signs in, sees an overdue complaint on My
                            deadlines, opens it, records stage1_responded, sees the clock met
  manager-other-team        a team manager fails to open another team's case
  form-without-token        a form posted without its CSRF token is refused, nothing saved
  future-date               an event dated in the future is refused, the date's message shown

Exit status 0 passed, 1 failed, 77 skipped (CTest's SKIP_RETURN_CODE): only when Chromium, its
driver or selenium is genuinely not installed.

The complaint (workflows/complaints-statutory.toml, SI 2006/1738 reg 14): CMP-1 received Thu 1 Oct
2026; Stage 1 response within 10 working days: Fri 2, Mon 5, Tue 6, Wed 7, Thu 8, Fri 9, Mon 12,
Tue 13, Wed 14, Thu 15 Oct (no bank holiday among them), so due Thu 15 Oct 2026 and overdue
today. A response on Fri 9 Oct 2026 (the 6th working day) meets it.
"""

import datetime
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

SKIP = 77
# CI sets TIMESCALES_BROWSER_TESTS=required: there a missing browser is a failure, not a skip, so
# that the browser tests cannot stop running without anyone noticing.
if os.environ.get("TIMESCALES_BROWSER_TESTS") == "required":
    SKIP = 1
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("SKIP: python3-selenium is not installed")
    sys.exit(SKIP)

if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
    print("SKIP: chromium or chromium-driver is not installed")
    sys.exit(SKIP)

OFFICER_PASSWORD = "officer password 2026"
MANAGER_PASSWORD = "manager password 2026"


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(binary, *args, stdin=None):
    done = subprocess.run([binary, *args], capture_output=True, text=True, timeout=120, input=stdin)
    if done.returncode != 0:
        raise Failure(f"timescales {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done.stdout


class Service_:
    """A store with two complaints and two accounts, and `timescales serve` over it."""

    def __init__(self, binary, folder):
        self.binary = binary
        self.db = os.path.join(folder, "cases.db")
        run(binary, "init", "--db", self.db)
        for case, team in (("CMP-1", "CIN Widnes"), ("CMP-2", "CIN Runcorn")):
            run(binary, "case", "add-event", "--db", self.db, case, "received", "2026-10-01",
                "--workflow", "complaints-statutory", "--team", team)
        run(binary, "user", "add", "--db", self.db, "olive", "--role", "complaints_officer", "--password-stdin",
            stdin=OFFICER_PASSWORD + "\n")
        run(binary, "user", "add", "--db", self.db, "mark", "--role", "team_manager", "--team", "CIN Widnes",
            "--password-stdin", stdin=MANAGER_PASSWORD + "\n")
        self.process = subprocess.Popen(
            [binary, "serve", "--db", self.db, "--listen", "127.0.0.1:0", "--council", "Halton Borough Council"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        found = re.search(r"listening on (http://127\.0\.0\.1:\d+)/", line)
        if not found:
            self.process.kill()
            raise Failure(f"serve did not say where it listens: {line!r} {self.process.stderr.read()}")
        self.url = found.group(1)

    def stop(self):
        """SIGTERM, as systemd stops it: the server must stop cleanly, exit status 0."""
        self.process.send_signal(signal.SIGTERM)
        try:
            out, err = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise Failure("serve did not stop within 30 s of SIGTERM")
        check(self.process.returncode == 0, f"serve exited {self.process.returncode} on SIGTERM: {err}")
        check("stopped" in out, f"serve did not say it stopped: {out!r}")
        # Its log names routes and statuses, never a user nor a case.
        check("olive" not in err and "CMP-1" not in err, f"the server's log names a user or a case: {err}")


class Browser:
    def __init__(self, base_url, shots):
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        options.add_argument("--headless=new")
        options.add_argument("--window-size=1280,1600")
        options.add_argument("--disable-gpu")
        options.add_argument("--disable-dev-shm-usage")
        if os.geteuid() == 0:
            options.add_argument("--no-sandbox")  # Chromium refuses its sandbox as root
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.wait = WebDriverWait(self.driver, 20)
        self.base = base_url
        self.shots = shots
        self.count = 0

    def shot(self, name):
        self.count += 1
        self.driver.save_screenshot(os.path.join(self.shots, f"{self.count:02d}-{name}.png"))

    def open(self, path, name):
        self.driver.get(self.base + path)
        self.wait.until(EC.presence_of_element_located((By.TAG_NAME, "h1")))
        self.shot(name)

    def title(self):
        return self.driver.title

    def click_and_wait(self, element, name, title_part):
        element.click()
        self.wait.until(EC.title_contains(title_part))
        self.shot(name)

    def sign_in(self, name, password):
        self.open("/", "sign-in")  # sent to /sign-in
        check(self.title().startswith("Sign in"), f"expected the sign-in page, got {self.title()!r}")
        self.driver.find_element(By.ID, "name").send_keys(name)
        self.driver.find_element(By.ID, "password").send_keys(password)
        self.click_and_wait(self.driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"), "signed-in",
                            "My deadlines")

    def fill_date(self, date):
        for part, value in (("day", date.day), ("month", date.month), ("year", date.year)):
            box = self.driver.find_element(By.ID, f"date-{part}")
            box.clear()
            box.send_keys(str(value))

    def choose_event(self, case, event):
        self.open(f"/cases/{case}/events/new", "choose-event")
        self.driver.find_element(By.ID, f"type-{event}").click()
        self.click_and_wait(self.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"), "event-details",
                            f"Record {event}")

    def quit(self):
        self.driver.quit()


def officer_records_response(b):
    b.sign_in("olive", OFFICER_PASSWORD)
    overdue = b.driver.find_element(By.ID, "overdue")
    table = overdue.find_element(By.XPATH, "following-sibling::table[1]")
    link = table.find_element(By.LINK_TEXT, "CMP-1")
    b.click_and_wait(link, "case", "Case CMP-1")
    clock = b.driver.find_element(By.CSS_SELECTOR, "#clock-stage1_response [data-status]")
    check(clock.get_attribute("data-status") == "overdue", "Stage 1 should be overdue before the response")
    check("Thu 15 Oct 2026" in b.driver.find_element(By.ID, "clock-stage1_response").text,
          "Stage 1 should be due Thu 15 Oct 2026")
    b.click_and_wait(b.driver.find_element(By.ID, "record-event"), "record-event", "Record an event")
    b.driver.find_element(By.ID, "type-stage1_responded").click()
    b.click_and_wait(b.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"), "event-details",
                     "Record stage1_responded")
    b.fill_date(datetime.date(2026, 10, 9))
    b.click_and_wait(b.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"), "check", "Check the event")
    after = b.driver.find_element(By.CSS_SELECTOR, "#clock-stage1_response [data-status]")
    check(after.get_attribute("data-status") == "met", "the check should show Stage 1 met")
    b.click_and_wait(b.driver.find_element(By.ID, "confirm"), "case-after", "Case CMP-1")
    b.wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "#clock-stage1_response [data-status]"), "met"))
    check("stage1_response_sent" in b.driver.find_element(By.ID, "case-state").text,
          "the case should be in stage1_response_sent")
    check("user:olive" in b.driver.find_element(By.ID, "history").text, "the timeline should say who recorded it")


def manager_other_team(b):
    b.sign_in("mark", MANAGER_PASSWORD)
    b.open("/cases/CMP-2", "other-teams-case")
    check(b.title().startswith("You cannot do this"), f"another team's case should be refused: {b.title()!r}")
    body = b.driver.find_element(By.TAG_NAME, "body").text
    check("CIN Runcorn" not in body and "stage1_response" not in body, "the refusal shows the case's contents")
    b.open("/cases/CMP-1", "own-teams-case")
    check(b.title().startswith("Case CMP-1"), "the manager's own team's case should open")


def form_without_token(b, service):
    b.sign_in("olive", OFFICER_PASSWORD)
    b.choose_event("CMP-1", "stage1_responded")
    b.fill_date(datetime.date(2026, 10, 9))
    # As a forged form would come: without the session's token.
    b.driver.execute_script("document.querySelector('main form input[name=csrf_token]').remove()")
    b.click_and_wait(b.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"), "refused",
                     "You cannot do this")
    b.open("/cases/CMP-1", "case-unchanged")
    history = b.driver.find_element(By.ID, "history").text
    check("stage1_responded" not in history, "the refused form saved an event")


def future_date(b):
    b.sign_in("olive", OFFICER_PASSWORD)
    b.choose_event("CMP-1", "stage1_responded")
    b.fill_date(datetime.date.today() + datetime.timedelta(days=2))
    b.click_and_wait(b.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"), "future-refused", "Error:")
    summary = b.driver.find_element(By.CSS_SELECTOR, ".govuk-error-summary")
    link = summary.find_element(By.CSS_SELECTOR, "a[href='#date-day']")
    check("today or in the past" in link.text, f"the summary should give the date's message: {link.text!r}")
    field = b.driver.find_element(By.ID, "date-error")
    check("today or in the past" in field.text, f"the date field should give its message: {field.text!r}")
    b.open("/cases/CMP-1", "case-unchanged")
    check("stage1_responded" not in b.driver.find_element(By.ID, "history").text, "the refused event was saved")


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    binary, build, scenario = sys.argv[1:]
    shots = os.path.join(build, "browser-screenshots", scenario)
    shutil.rmtree(shots, ignore_errors=True)
    os.makedirs(shots)
    folder = tempfile.mkdtemp(prefix="timescales-browser-")
    service = browser = None
    try:
        service = Service_(binary, folder)
        browser = Browser(service.url, shots)
        if scenario == "officer-records-response":
            officer_records_response(browser)
        elif scenario == "manager-other-team":
            manager_other_team(browser)
        elif scenario == "form-without-token":
            form_without_token(browser, service)
        elif scenario == "future-date":
            future_date(browser)
        else:
            raise Failure(f"no scenario {scenario!r}")
        browser.quit()
        browser = None
        service.stop()
        service = None
        print(f"passed: {scenario} (screenshots in {shots})")
        return 0
    except Exception as e:  # a failed check, or a page that never came (selenium's timeouts)
        if browser:
            try:
                browser.shot("failure")
            except Exception:
                pass
        print(f"FAILED: {scenario}: {type(e).__name__}: {e}")
        return 1
    finally:
        if browser:
            browser.quit()
        if service and service.process.poll() is None:
            service.process.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
