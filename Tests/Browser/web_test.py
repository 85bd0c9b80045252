#!/usr/bin/env python3
"""End-to-end test of the web app of `sched serve`, in headless Chromium through Selenium.

Makes a fresh database with the command-line binary, starts `sched serve` on it, and walks
through the app as a user would: log in, dashboard, calendar, booking from a free slot, a
conflict, a missing name, rescheduling, cancelling, working hours, logging out, and a token
that expires. Each screen is saved as a PNG. Exits non-zero when a step fails.

    python3 Tests/Browser/web_test.py

Environment: SCHED_CLI_BINARY (default .build/release/sched), SCHED_TEST_OUTPUT (default
.build/test-output/browser), SCHED_TEST_TZ (the schedule's home zone, default Europe/Berlin),
CHROME_BINARY (default /usr/bin/chromium), CHROMEDRIVER (default /usr/bin/chromedriver).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.request
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get('SCHED_CLI_BINARY', '.build/release/sched'))
BINARY = BINARY if BINARY.is_absolute() else ROOT / BINARY
OUTPUT = Path(os.environ.get('SCHED_TEST_OUTPUT', ROOT / '.build/test-output/browser'))
OUTPUT = OUTPUT if OUTPUT.is_absolute() else ROOT / OUTPUT
HOME_ZONE = os.environ.get('SCHED_TEST_TZ', 'Europe/Berlin')
# The browser runs in another zone than the schedule, so a time shown in the browser's own zone fails the test.
BROWSER_ZONE = 'America/Los_Angeles' if HOME_ZONE != 'America/Los_Angeles' else 'Asia/Tokyo'
CHROME = os.environ.get('CHROME_BINARY', '/usr/bin/chromium')
CHROMEDRIVER = os.environ.get('CHROMEDRIVER', '/usr/bin/chromedriver')

USER = 'admin'
PASSWORD = 'correct-horse-42'
SHORT_TTL_SECONDS = 4
WAIT = 10

# A customer name with markup in it: it must come out as text, never as HTML.
CUSTOMER = 'Zoë <b>Bold</b> & <script>x()</script>'


class StepFailed(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise StepFailed(message)


# ---------------------------------------------------------------- the server and the CLI

class Sched:
    """A fresh database in a temporary directory, and the `sched serve` processes started on it."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix='sched-web-test-'))
        self.db = self.dir / 'sched.db'
        self.env = dict(os.environ)
        for name in ('SCHED_DB', 'SCHED_PASSWORD'):
            self.env.pop(name, None)
        # init logs in and keeps a session file: keep it out of the user's own state directory.
        self.env.update({'XDG_STATE_HOME': str(self.dir / 'state'), 'XDG_DATA_HOME': str(self.dir / 'data'), 'NO_COLOR': '1'})
        self.servers = []

    def run(self, args, stdin=None, password=False):
        env = dict(self.env)
        if password:
            env['SCHED_PASSWORD'] = PASSWORD
        result = subprocess.run([str(BINARY), '--db', str(self.db), *args], input=stdin, env=env,
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise StepFailed(f'sched {" ".join(args)} failed ({result.returncode}):\n{result.stdout}{result.stderr}')
        return result.stdout

    def statements(self, text):
        return self.run(['--user', USER, '-c', text], password=True)

    def serve(self, ttl):
        log = open(self.dir / f'serve-{len(self.servers)}.log', 'w')
        proc = subprocess.Popen([str(BINARY), '--db', str(self.db), 'serve', '--port', '0', '--token-ttl', ttl],
                                stdout=subprocess.PIPE, stderr=log, text=True, env=self.env)
        self.servers.append((proc, log))
        found = {}

        def read():
            for line in proc.stdout:  # keeps draining, so the server never blocks on a full pipe
                m = re.search(r'listening on (http://\S+)', line)
                if m and 'url' not in found:
                    found['url'] = m.group(1)
        threading.Thread(target=read, daemon=True).start()
        deadline = time.time() + 20
        while 'url' not in found:
            if proc.poll() is not None:
                raise StepFailed(f'sched serve exited with {proc.returncode}:\n{self.log_tail(proc)}')
            if time.time() > deadline:
                raise StepFailed('sched serve printed no "listening on" line within 20 s')
            time.sleep(0.05)
        url = found['url']
        return url if url.endswith('/') else url + '/'

    def log_tail(self, proc=None, lines=30):
        out = []
        for p, log in self.servers:
            if proc is None or p is proc:
                if not log.closed:
                    log.flush()
                out += Path(log.name).read_text(errors='replace').splitlines()[-lines:]
        return '\n'.join(out)

    def stop(self):
        for proc, log in self.servers:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(5)
            log.close()

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def api(base, method, path, token=None, body=None):
    """One API request with urllib; returns (status, parsed JSON or None)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base.rstrip('/') + path, data=data, method=method)
    if data is not None:
        request.add_header('Content-Type', 'application/json')
    if token:
        request.add_header('Authorization', f'Bearer {token}')
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return error.code, json.loads(raw) if raw else None
        except ValueError:
            return error.code, raw.decode(errors='replace')


# ---------------------------------------------------------------- the browser

def start_browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROME
    for arg in ('--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--window-size=1280,1000',
                '--lang=en-US', '--disable-gpu'):
        options.add_argument(arg)
    options.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    service = Service(executable_path=CHROMEDRIVER, env={**os.environ, 'TZ': BROWSER_ZONE})
    return webdriver.Chrome(service=service, options=options)


class Page:
    """Small helpers over the WebDriver, each failing with a message that says what was awaited."""

    def __init__(self, driver):
        self.driver = driver
        self.console_problems = []

    def wait(self, condition, what, timeout=WAIT):
        try:
            # A view that re-renders replaces its elements; such a stale one is looked up again.
            return WebDriverWait(self.driver, timeout, poll_frequency=0.1,
                                 ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: condition())
        except TimeoutException:
            raise StepFailed(f'timed out after {timeout} s waiting for {what} (at {self.driver.current_url})') from None

    def find(self, css):
        found = self.driver.find_elements(By.CSS_SELECTOR, css)
        return found[0] if found else None

    def element(self, css, timeout=WAIT):
        return self.wait(lambda: self.find(css) if self.find(css) and self.find(css).is_displayed() else None,
                         f'a visible {css}', timeout)

    def gone(self, css):
        self.wait(lambda: self.find(css) is None, f'{css} to be gone')

    def text_in(self, css, text, timeout=WAIT):
        def has():
            el = self.find(css)
            return el if el is not None and text in el.text else None
        try:
            return self.wait(has, f'"{text}" in {css}', timeout)
        except StepFailed as error:
            el = self.find(css)
            raise StepFailed(f'{error}; it reads {el.text if el else "(no such element)"!r}') from None

    def heading(self, text):
        return self.text_in('main h1', text)

    def click(self, css):
        self.element(css).click()

    def type(self, css, text):
        el = self.element(css)
        el.clear()
        el.send_keys(text)

    def set_value(self, css, value):
        # A datetime-local input takes typed digits in the order of the browser's locale;
        # setting the value as a script would is independent of it.
        el = self.element(css)
        self.driver.execute_script(
            "arguments[0].value = arguments[1];"
            "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
            "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", el, value)

    def value(self, css):
        return self.element(css).get_attribute('value')

    def focused_is_heading(self):
        return self.driver.execute_script("return document.activeElement && document.activeElement.tagName === 'H1'")

    def screenshot(self, name):
        """Saves the screen, after checking what a screen reader and a keyboard need of it."""
        problems = self.accessibility_problems()
        check(not problems, f'{name}: ' + '; '.join(problems))
        self.driver.save_screenshot(str(OUTPUT / f'{name}.png'))

    def accessibility_problems(self):
        """Form controls without a label, buttons and links without a name, ids used twice, and
        a screen without exactly one main heading."""
        return self.driver.execute_script("""
            const problems = [];
            const shown = el => el.offsetParent !== null || el.getClientRects().length > 0;
            for (const el of document.querySelectorAll('input, select, textarea')) {
                if (el.type === 'hidden' || !shown(el)) continue;
                if (!(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
                    problems.push('no label for ' + (el.id || el.name || el.outerHTML.slice(0, 60)));
            }
            for (const el of document.querySelectorAll('button, a[href]')) {
                if (!shown(el)) continue;
                if (!(el.textContent.trim() || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
                    problems.push('no name for ' + el.outerHTML.slice(0, 60));
            }
            const ids = [...document.querySelectorAll('[id]')].map(el => el.id);
            const twice = [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
            if (twice.length) problems.push('ids used twice: ' + twice.join(', '));
            const headings = [...document.querySelectorAll('h1')].filter(shown).length;
            if (headings !== 1) problems.push(headings + ' visible h1 elements');
            return problems;""")

    def collect_console(self):
        """CSP violations and script errors fail the test; failed requests (401, 409 …) are expected."""
        try:
            entries = self.driver.get_log('browser')
        except WebDriverException:
            return
        for entry in entries:
            message = entry.get('message', '')
            if entry.get('level') != 'SEVERE' and 'Content Security Policy' not in message:
                continue
            if 'Failed to load resource' in message:
                continue
            self.console_problems.append(message)

    def phone(self, on):
        if on:
            self.driver.execute_cdp_cmd('Emulation.setDeviceMetricsOverride',
                                        {'width': 375, 'height': 800, 'deviceScaleFactor': 1, 'mobile': True})
        else:
            self.driver.execute_cdp_cmd('Emulation.clearDeviceMetricsOverride', {})

    def page_width(self):
        return self.driver.execute_script('return document.documentElement.scrollWidth')


# ---------------------------------------------------------------- the steps

class WebTest:
    def __init__(self):
        self.sched = Sched()
        self.driver = None
        self.page = None
        self.passed = []
        self.zone = ZoneInfo(HOME_ZONE)
        today = datetime.now(self.zone).date()
        # Two and three days ahead: always in the future, whatever the hour the test runs at.
        self.day2 = today + timedelta(days=2)
        self.day3 = today + timedelta(days=3)
        self.appointment_id = None

    def iso(self, day, hhmm):
        """The server's form of a home-zone wall-clock time: 2026-12-08T10:00:00+01:00."""
        local = datetime.combine(day, datetime.strptime(hhmm, '%H:%M').time(), self.zone)
        offset = local.strftime('%z')
        return f'{day.isoformat()}T{hhmm}:00{offset[:3]}:{offset[3:]}'

    def step(self, name, fn):
        started = time.time()
        fn()
        if self.page:
            self.page.collect_console()
        self.passed.append(f'{name} ({time.time() - started:.1f} s)')
        print(f'  ok  {name}', flush=True)

    # -- set-up

    def set_up(self):
        check(BINARY.exists(), f'no sched binary at {BINARY}; build it or set SCHED_CLI_BINARY')
        OUTPUT.mkdir(parents=True, exist_ok=True)
        (OUTPUT / 'failure.png').unlink(missing_ok=True)
        self.sched.run(['init', '--user', USER, '--password-stdin'], stdin=PASSWORD + '\n')
        self.sched.statements(
            f'set timezone "{HOME_ZONE}"; available mon-sun 08:00-20:00; '
            f'book "Existing Booking" at {self.day2.isoformat()}T10:00 for 60m note "already here"')
        self.base = self.sched.serve('10m')
        status, _ = api(self.base, 'GET', '/api/openapi.json')
        check(status == 200, f'GET /api/openapi.json answered {status}')
        self.check_static_files()
        self.driver = start_browser()
        self.page = Page(self.driver)

    def check_static_files(self):
        """The page comes with the strict CSP, and scripts and styles with types a browser accepts."""
        with urllib.request.urlopen(self.base, timeout=10) as response:
            csp = response.headers.get('Content-Security-Policy', '')
            check(response.headers.get_content_type() == 'text/html', f'/ is {response.headers.get("Content-Type")}')
        for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                          "frame-ancestors 'none'"):
            check(directive in csp, f'the Content-Security-Policy of / lacks {directive!r}: {csp!r}')
        for path, kind in (('app.css', 'text/css'), ('js/main.js', 'javascript')):
            with urllib.request.urlopen(self.base + path, timeout=10) as response:
                ctype = response.headers.get('Content-Type', '')
                check(kind in ctype, f'/{path} is served as {ctype!r}')

    # -- the walk through the app

    def login_screen(self):
        p = self.page
        self.driver.get(self.base)
        p.heading('Log in')
        check(self.driver.find_element(By.TAG_NAME, 'html').get_attribute('lang') == 'en', 'the page has no lang="en"')
        for field in ('login-username', 'login-password'):
            check(p.find(f'label[for="{field}"]') is not None, f'#{field} has no label')
        p.type('#login-username', USER)
        p.type('#login-password', 'wrong password')
        p.click('#login-submit')
        p.text_in('#login-error', 'Invalid username or password')
        check(p.find('#login-error').get_attribute('role') == 'alert', '#login-error is not role=alert')
        p.screenshot('01-login')

    def log_in(self):
        """By keyboard alone: the name, Tab to the password, Enter to send."""
        p = self.page
        p.element('#login-username').clear()
        p.element('#login-password').clear()
        p.element('#login-username').send_keys(USER)
        self.driver.switch_to.active_element.send_keys(Keys.TAB)
        check(self.driver.switch_to.active_element.get_attribute('id') == 'login-password',
              'Tab from the name does not reach the password')
        self.driver.switch_to.active_element.send_keys(PASSWORD, Keys.ENTER)
        p.heading('Upcoming appointments')
        p.text_in('#upcoming', 'Existing Booking')
        check(p.focused_is_heading(), 'focus did not move to the heading after the login')
        check(p.find('#logout') is not None, 'no #logout button once logged in')
        p.screenshot('02-dashboard')

    def find_slot_or_next_week(self, css):
        """The week shown is the current one; a day two days ahead may lie in the next."""
        p = self.page
        if p.find(css) is None:
            first = p.find('main h1').text
            p.click('#next-week')
            p.wait(lambda: p.find('main h1').text != first, 'the next week')
        return p.element(css)

    def calendar_and_book(self):
        p = self.page
        p.click('#nav-calendar')
        p.heading('Week of')
        p.element('#prev-week')
        p.element('#next-week')
        slot_css = f'[data-slot-start^="{self.day2.isoformat()}T14:00"]'
        slot = self.find_slot_or_next_week(slot_css)
        expected = self.iso(self.day2, '14:00')
        check(slot.get_attribute('data-slot-start') == expected,
              f'slot start is {slot.get_attribute("data-slot-start")!r}, expected {expected!r} (home zone {HOME_ZONE})')
        check(slot.tag_name == 'button', 'a free slot is not a <button>')
        check(p.find(f'[data-slot-start^="{self.day2.isoformat()}T10:00"]') is None,
              'the booked 10:00 slot is offered as free')
        check(p.find('[data-appointment-id]') is not None, 'the existing booking is not in the calendar')
        p.screenshot('03-calendar')

        # From the keyboard, as the slots are buttons.
        slot.send_keys(Keys.ENTER)
        p.heading('New appointment')
        check(p.value('#field-start_time') == f'{self.day2.isoformat()}T14:00',
              f'the form is not prefilled with the slot: {p.value("#field-start_time")!r}')
        check(p.value('#field-duration_minutes') == '30', 'the duration is not the default 30')
        for name in ('customer_name', 'start_time', 'duration_minutes', 'note', 'email'):
            check(p.find(f'label[for="field-{name}"]') is not None, f'#field-{name} has no label')
        p.type('#field-customer_name', CUSTOMER)
        p.type('#field-note', 'First visit')
        p.type('#field-email', 'zoe@example.com')
        p.screenshot('04-booking-form')
        p.click('#form-submit')

        # Back in the calendar, the booking is there and its slot is no longer free.
        p.heading('Week of')
        p.text_in('#flash', 'Booked')
        booked = p.wait(lambda: next((b for b in self.driver.find_elements(By.CSS_SELECTOR, 'button[data-appointment-id]')
                                      if CUSTOMER in b.text), None), 'the new booking in the calendar')
        self.appointment_id = booked.get_attribute('data-appointment-id')
        check(p.find(slot_css) is None, 'the booked slot is still offered as free')
        check(not self.driver.find_elements(By.CSS_SELECTOR, 'main b, main script'), 'the customer name was read as HTML')

        token = self.token()
        status, body = api(self.base, 'GET', f'/api/appointments/{self.appointment_id}', token)
        check(status == 200 and body['start_time'] == expected,
              f'the server has the booking at {body and body.get("start_time")!r}, expected {expected!r}')

    def dashboard_shows_booking(self):
        p = self.page
        p.click('#nav-dashboard')
        p.heading('Upcoming appointments')
        card_css = f'#upcoming [data-appointment-id="{self.appointment_id}"]'
        card = p.element(card_css)
        for text in (CUSTOMER, '14:00–14:30', '30 min', 'First visit', 'zoe@example.com'):
            check(text in card.text, f'the dashboard card lacks {text!r}: {card.text!r}')
        # Soonest first: the 10:00 booking on the same day comes before.
        names = [el.text for el in self.driver.find_elements(By.CSS_SELECTOR, '#upcoming .customer')]
        check(names.index('Existing Booking') < names.index(CUSTOMER), f'not soonest first: {names}')

    def conflict(self):
        p = self.page
        p.click('#new-appointment')
        p.heading('New appointment')
        p.type('#field-customer_name', 'Double Booker')
        p.set_value('#field-start_time', f'{self.day2.isoformat()}T10:30')
        p.click('#form-submit')
        p.text_in('#form-error', 'Time slot is already booked')
        check(p.find('#form-error').get_attribute('role') == 'alert', '#form-error is not role=alert')
        p.screenshot('05-conflict')

    def missing_name(self):
        p = self.page
        p.element('#field-customer_name').clear()
        p.set_value('#field-start_time', f'{self.day2.isoformat()}T16:00')
        p.click('#form-submit')
        p.text_in('#field-error-customer_name', 'Field is required')
        check(p.find('#form-error').text == '', 'a field error was also shown above the form')
        check(p.find('#field-customer_name').get_attribute('aria-invalid') == 'true', 'the name field is not aria-invalid')
        p.screenshot('06-field-error')
        p.click('#form-cancel')
        p.heading('Upcoming appointments')

    def reschedule(self):
        p = self.page
        p.click(f'#upcoming [data-appointment-id="{self.appointment_id}"] button')
        p.heading('Reschedule appointment')
        check(p.value('#field-start_time') == f'{self.day2.isoformat()}T14:00',
              f'the form shows {p.value("#field-start_time")!r}, not the booking time')
        check(p.value('#field-customer_name') == CUSTOMER, 'the name is not filled in')
        p.set_value('#field-start_time', f'{self.day3.isoformat()}T15:00')
        p.screenshot('07-reschedule-form')
        p.click('#form-submit')
        p.heading('Upcoming appointments')
        p.text_in('#flash', 'Rescheduled')
        card_css = f'#upcoming [data-appointment-id="{self.appointment_id}"]'
        p.text_in(card_css, '15:00–15:30')
        check(p.find(card_css).get_attribute('data-start') == self.iso(self.day3, '15:00'),
              f'the card starts at {p.find(card_css).get_attribute("data-start")!r}')

    def cancel(self):
        p = self.page
        card_css = f'#upcoming [data-appointment-id="{self.appointment_id}"]'
        p.click(f'{card_css} button')
        p.heading('Reschedule appointment')
        p.click('#cancel-appointment')
        p.click('#confirm-cancel')
        p.heading('Upcoming appointments')
        p.text_in('#flash', 'Cancelled')
        p.gone(card_css)
        status, body = api(self.base, 'GET', f'/api/appointments/{self.appointment_id}', self.token())
        check(status == 200 and body['status'] == 'cancelled', f'the server says {status} {body}')

    def working_hours(self):
        p = self.page
        p.click('#nav-hours')
        p.heading('Working hours')
        check(p.value('#hours-0-0-start') == '08:00' and p.value('#hours-0-0-end') == '20:00',
              'Monday does not show 08:00–20:00')
        p.click('#add-window-0')
        p.type('#hours-0-1-start', '20:30')
        p.type('#hours-0-1-end', '21:30')
        p.click('#hours-save')
        p.text_in('#hours-status', 'saved')
        self.driver.refresh()
        p.heading('Working hours')
        check(p.value('#hours-0-1-start') == '20:30' and p.value('#hours-0-1-end') == '21:30',
              'the added Monday window is not there after a reload')
        check(p.value('#hours-6-0-start') == '08:00', 'Sunday lost its hours')
        p.screenshot('08-working-hours')

    def phone_width(self):
        p = self.page
        p.phone(True)
        try:
            p.click('#nav-dashboard')
            p.heading('Upcoming appointments')
            time.sleep(0.3)
            check(p.page_width() <= 375, f'the dashboard is {p.page_width()} px wide on a 375 px screen')
            p.screenshot('phone-dashboard')
            p.click('#nav-calendar')
            p.heading('Week of')
            time.sleep(0.3)
            check(p.page_width() <= 375, f'the calendar is {p.page_width()} px wide on a 375 px screen')
            p.screenshot('phone-calendar')
        finally:
            p.phone(False)

    def token(self):
        return self.driver.execute_script("return sessionStorage.getItem('sched.token')")

    def log_out(self):
        p = self.page
        token = self.token()
        check(token, 'no token in sessionStorage while logged in')
        p.click('#logout')
        p.heading('Log in')
        p.text_in('#login-notice', 'logged out')
        check(not p.find('#logout').is_displayed(), 'the Log out button is still shown on the login screen')
        check(self.token() is None, 'the token is still in sessionStorage')
        status, body = api(self.base, 'GET', '/api/auth/me', token)
        check(status == 401, f'the old token still works after logout: {status} {body}')
        check(isinstance(body, dict) and body.get('message') == 'Authentication required',
              f'unexpected body for a revoked token: {body}')
        p.screenshot('09-logged-out')
        self.driver.get(self.base + '#/dashboard')
        p.heading('Log in')

    def expired_token(self):
        p = self.page
        short = self.sched.serve(f'{SHORT_TTL_SECONDS}s')
        self.driver.get(short + '#/calendar')
        p.heading('Log in')
        p.type('#login-username', USER)
        p.type('#login-password', PASSWORD)
        p.click('#login-submit')
        p.heading('Week of')  # back to the page asked for before the login
        time.sleep(SHORT_TTL_SECONDS + 1.5)
        p.click('#nav-dashboard')
        p.heading('Log in')
        p.text_in('#login-error', 'Token has expired')
        check(not p.find('#logout').is_displayed() and not p.find('#nav').is_displayed(),
              'the navigation is still shown on the login screen')
        check(self.token() is None, 'the expired token was kept')
        p.screenshot('10-expired')
        # Logging in again returns to the page the session ended on.
        p.type('#login-username', USER)
        p.type('#login-password', PASSWORD)
        p.click('#login-submit')
        p.heading('Upcoming appointments')

    # -- running it

    def run(self):
        print(f'sched web test: {BINARY}, home zone {HOME_ZONE}, browser zone {BROWSER_ZONE}', flush=True)
        failed = None
        try:
            self.step('set up a database and start sched serve', self.set_up)
            self.step('login screen refuses a wrong password', self.login_screen)
            self.step('log in to the dashboard', self.log_in)
            self.step('book from a free slot in the calendar', self.calendar_and_book)
            self.step('dashboard shows the booking with its details', self.dashboard_shows_booking)
            self.step('a taken slot shows the conflict', self.conflict)
            self.step('a missing name shows beside the field', self.missing_name)
            self.step('reschedule through the form', self.reschedule)
            self.step('cancel an appointment', self.cancel)
            self.step('edit working hours', self.working_hours)
            self.step('phone-width dashboard and calendar', self.phone_width)
            self.step('log out revokes the token', self.log_out)
            self.step('an expired token leads back to the login', self.expired_token)
            if self.page:
                self.page.collect_console()
                check(not self.page.console_problems,
                      'browser console problems:\n  ' + '\n  '.join(self.page.console_problems))
                self.passed.append('no CSP violations or script errors in the console')
        except Exception as error:  # noqa: BLE001 - any failure ends the run with a report
            failed = error
            if self.driver:
                try:
                    self.driver.save_screenshot(str(OUTPUT / 'failure.png'))
                except WebDriverException:
                    pass
        finally:
            if self.driver:
                try:
                    self.driver.quit()
                except WebDriverException:
                    pass
            self.sched.stop()

        print()
        print(f'{len(self.passed)} passed:')
        for line in self.passed:
            print(f'  - {line}')
        print(f'screenshots in {OUTPUT}')
        if failed is None:
            self.sched.remove()
            print('PASS')
            return 0
        print()
        print(f'FAILED: {failed}' if isinstance(failed, StepFailed) else 'FAILED with an exception:')
        if not isinstance(failed, StepFailed):
            traceback.print_exception(failed)
        if self.page and self.page.console_problems:
            print('browser console:\n  ' + '\n  '.join(self.page.console_problems))
        print(f'server log (kept in {self.sched.dir}):')
        print(self.sched.log_tail())
        return 1


def test_web_app():
    """Entry point for pytest; the same run as the script."""
    assert WebTest().run() == 0


if __name__ == '__main__':
    sys.exit(WebTest().run())
