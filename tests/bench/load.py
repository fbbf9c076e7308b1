"""Cabinet pages and reading submission under gunicorn (bin/web), driven by wrk on loopback.

Every page is measured next to the minimal logged-in view of tests/bench/urls.py in
the same run, on the same server, with the same visitors, so the ratio says what
the page costs and not how fast this machine is. wrk counts every answer that is
not a 200 as an error.
"""

import http.client
import json
import os
import signal
import statistics
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string

from accounts.models import AccessToken, PersonalAccount
from accounts.services import access_token_issue
from meters.models import Meter, Reading
from tests.bench.city import MONTHLY_USE
from tests.loopback import HOST, free_port
from tests.production_env import ROOT
from vodokanal.models import AuditEntry

from .report import Figure

# ReadingRules allow no later closing day (see tests/bench/city.py).
MAX_WINDOW_DAY = 28


@dataclass(frozen=True)
class Visitor:
    """A logged-in resident: their cookies, their program's API token and the readings they
    will send this month."""

    user_id: int
    account_number: str
    session_key: str
    csrf: str
    token: str
    readings: dict[int, Decimal]  # meter id → this month's value

    @property
    def cookie(self) -> str:
        return (f"{settings.SESSION_COOKIE_NAME}={self.session_key}; "
                f"{settings.CSRF_COOKIE_NAME}={self.csrf}")

    def readings_form(self) -> str:
        fields = [f"csrfmiddlewaretoken={self.csrf}"]
        fields += [f"meter_{pk}={value}" for pk, value in self.readings.items()]
        return "&".join(fields)

    def readings_json(self) -> str:
        return json.dumps({"readings": [{"meter": pk, "value": str(value)}
                                        for pk, value in self.readings.items()]})


def visitors_log_in(count: int) -> list[Visitor]:
    accounts = PersonalAccount.objects.select_related("user").order_by("id")[:count]
    # The latest reading of each meter (ordered by period, the last one wins).
    last = dict(Reading.objects.filter(meter__account__in=accounts)
                .order_by("meter_id", "period").values_list("meter_id", "value"))
    meters = Meter.objects.filter(account__in=accounts).values_list("account_id", "id", "water")
    readings: dict[int, dict[int, Decimal]] = {}
    for account_id, meter_id, water in meters:
        readings.setdefault(account_id, {})[meter_id] = last[meter_id] + MONTHLY_USE[water]
    visitors = []
    for account in accounts:
        client = Client()
        client.force_login(account.user)
        token = access_token_issue(user=account.user, name="bench", scopes=["readings"],
                                   days=1)
        visitors.append(Visitor(account.user_id, account.number, client.session.session_key,
                                get_random_string(32), token.plain, readings[account.pk]))
    return visitors


def visitors_log_out(visitors: list[Visitor]) -> None:
    """Their sessions and tokens, the readings they sent and the audit rows of both (the city
    is built with none) go: the city stays as it was built."""
    Session.objects.filter(session_key__in=[v.session_key for v in visitors]).delete()
    AccessToken.objects.filter(user_id__in=[v.user_id for v in visitors]).delete()
    AuditEntry.objects.filter(actor_id__in=[v.user_id for v in visitors]).delete()
    readings_this_month(visitors).delete()


def readings_this_month(visitors: list[Visitor]):
    period = timezone.localdate().replace(day=1)
    meter_ids = [pk for visitor in visitors for pk in visitor.readings]
    return Reading.objects.filter(meter_id__in=meter_ids, period=period)


# The server ------------------------------------------------------------------------------

class Web:
    """bin/web (collectstatic, then gunicorn) with production settings, on a loopback port."""

    def __init__(self, environment: dict, *, workers: int, max_requests: int, log: Path):
        self.port = free_port()
        self.log = log
        self.popen = subprocess.Popen(
            [str(ROOT / "bin" / "web")], cwd=ROOT, start_new_session=True,
            stdout=log.open("wb"), stderr=subprocess.STDOUT,
            env={**environment, "BIND": f"{HOST}:{self.port}", "WEB_CONCURRENCY": str(workers),
                 "WEB_MAX_REQUESTS": str(max_requests)})
        self._wait_until_ready()

    def _wait_until_ready(self, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://{HOST}:{self.port}/healthz",
                                            timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not start; see {self.log}")

    def workers_rss_kb(self) -> list[int]:
        """The resident memory of each worker (the master's children), in KiB."""
        task = Path(f"/proc/{self.popen.pid}/task/{self.popen.pid}/children")
        sizes = []
        for pid in task.read_text().split():
            status = Path(f"/proc/{pid}/status").read_text()
            line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
            sizes.append(int(line.split()[1]))
        return sizes

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()


# The load generator ----------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int  # socket errors and answers other than 200

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def summary(self) -> str:
        return f"{self.rate:,.0f} req/s, p50 {self.p50_ms:.0f} ms, p99 {self.p99_ms:.0f} ms"

    @classmethod
    def merged(cls, runs: list["Run"]) -> "Run":
        """Several runs of one script as one: the rate over them all; the slower turn's
        percentiles (wrk gives no histogram to merge)."""
        return cls(requests=sum(run.requests for run in runs),
                   seconds=sum(run.seconds for run in runs),
                   p50_ms=max(run.p50_ms for run in runs), p99_ms=max(run.p99_ms for run in runs),
                   errors=sum(run.errors for run in runs))


FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: str = ""
    redirects_to: str = ""  # the one redirect that is a success (Post/Redirect/Get)
    idempotent: bool = False  # each request its own Idempotency-Key, as a program sends

    @classmethod
    def page(cls, method: str, path: str, visitor: Visitor, body: str = "", **given):
        """As the visitor's browser asks: their cookies; a form's POST names the page (the
        script adds the Referer, which names the server's port)."""
        headers = [("Cookie", visitor.cookie)]
        if method == "POST":
            headers.append(("Content-Type", FORM))
        return cls(method, path, tuple(headers), body, **given)


_LUA = """
local entries = %(entries)s
local redirects = %(redirects)s  -- the Locations a 302 may lead to and still be a success
local prepared = {}
for i, e in ipairs(entries) do
  e[3]["Host"] = "%(host)s"
  e[3]["X-Forwarded-Proto"] = "https"
  if e[3]["Content-Type"] == "%(form)s" then e[3]["Referer"] = "https://%(host)s" .. e[2] end
  if e[4] == "" then e[4] = nil end
  prepared[i] = wrk.format(e[1], e[2], e[3], e[4])
end

local threads = {}
local counter = 0
function setup(thread)
  thread:set("offset", counter * 7919)
  counter = counter + 1
  table.insert(threads, thread)
end

local n = 0
failed = 0  -- a global, which thread:get can read in done()
-- args[1]: where this run starts in the list, so that runs in a row go on through it;
-- args[2]: this run's own word in the Idempotency-Keys it makes
local run, sent = "", 0
function init(args)
  n = offset + tonumber(args[1] or "0")
  run = args[2] or ""
end
function request()
  n = n %% #prepared + 1
  local e = entries[n]
  if not e[5] then return prepared[n] end
  sent = sent + 1
  e[3]["Idempotency-Key"] = string.format("bench-%%s-%%d-%%d", run, offset, sent)
  return wrk.format(e[1], e[2], e[3], e[4])
end
function response(status, headers, body)
  if status ~= 200 and status ~= 201 and
     not (status == 302 and redirects[headers["Location"]]) then
    failed = failed + 1
  end
end
function done(summary, latency, requests)
  local failed_total = 0
  for _, thread in ipairs(threads) do failed_total = failed_total + thread:get("failed") end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "microseconds": %%d, "p50": %%d, "p99": %%d, "errors": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout + failed_total))
end
"""


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid Lua string for these characters


def _lua_table(pairs: tuple[tuple[str, str], ...]) -> str:
    return "{" + ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in pairs) + "}"


def wrk_script(requests: list[Request], port: int, folder: Path) -> Path:
    entries = ",\n".join(
        "{" + ", ".join([_lua_string(r.method), _lua_string(r.path), _lua_table(r.headers),
                         _lua_string(r.body), "true" if r.idempotent else "false"]) + "}"
        for r in requests)
    redirects = ", ".join(f"[{_lua_string(location)}] = true"
                          for location in sorted({r.redirects_to for r in requests} - {""}))
    path = folder / f"wrk-{abs(hash(tuple(requests)))}.lua"
    path.write_text(_LUA % {"entries": "{" + entries + "}", "redirects": "{" + redirects + "}",
                            "host": f"{HOST}:{port}", "form": FORM})
    return path


WRK_THREADS = 2  # each thread walks the list from its own place (see _LUA's setup)


def wrk(script: Path, *, port: int, seconds: int, connections: int = 8,
        threads: int = WRK_THREADS, start: int = 0) -> Run:
    done = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
         "-s", str(script), f"http://{HOST}:{port}/", "--", str(start),
         get_random_string(8)],
        capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    output = done.stdout
    figures = json.loads(output.strip().splitlines()[-1])
    return Run(requests=figures["requests"], seconds=figures["microseconds"] / 1e6,
               p50_ms=figures["p50"] / 1000, p99_ms=figures["p99"] / 1000,
               errors=figures["errors"])


def page_requests(visitors: list[Visitor], url_name: str) -> list[Request]:
    return [Request.page("GET", reverse(url_name), v) for v in visitors]


def reading_requests(visitors: list[Visitor]) -> list[Request]:
    """Accepted, each answers with the way back to the tab (Post/Redirect/Get)."""
    tab = reverse("meters:meters")
    return [Request.page("POST", tab, v, v.readings_form(), redirects_to=tab)
            for v in visitors]


def api_reading_requests(visitors: list[Visitor]) -> list[Request]:
    """As a pulse counter sends them: the token, JSON, a new Idempotency-Key each; each
    answers 201."""
    return [Request("POST", reverse("api:readings", args=[v.account_number]),
                    _api_headers(v), v.readings_json(), idempotent=True)
            for v in visitors]


def minimal_api_requests(visitors: list[Visitor]) -> list[Request]:
    return [Request("POST", reverse("bench_minimal_api"), _api_headers(v), "{}")
            for v in visitors]


def _api_headers(visitor: Visitor) -> tuple[tuple[str, str], ...]:
    return (("Authorization", f"Bearer {visitor.token}"), ("Content-Type", "application/json"))


def minimal_post_requests(visitors: list[Visitor]) -> list[Request]:
    return [Request.page("POST", reverse("bench_minimal"), v, f"csrfmiddlewaretoken={v.csrf}")
            for v in visitors]


# The figures -----------------------------------------------------------------------------

PAGE_BAR = 0.5
READING_BAR = 1 / 3
TURNS = 5  # of the page and the minimal view each, in Load.compare
PAGES = {"information page (GET /cabinet/)": "cabinet",
         "charges page (GET /cabinet/charges/)": "billing:charges",
         "meters page (GET /cabinet/meters/)": "meters:meters"}


@dataclass(frozen=True)
class Load:
    web: Web
    visitors: list[Visitor]
    seconds: int
    folder: Path

    def warm(self, requests: list[Request]) -> "_Series":
        """Each visitor's page is asked for once, so that its cached parts are there (a
        short wrk warm-up alone left a slow machine's later visitors cold), then wrk runs
        a short warm-up. The page is measured as a returning visitor finds it; what it
        costs with nothing cached shows in its query count."""
        _each_page_once(requests, self.web.port)
        series = _Series(wrk_script(requests, self.web.port, self.folder))
        series.run(self.web.port, seconds=max(1, self.seconds // 5))
        return series

    def compare(self, requests: list[Request], baseline: list[Request]) -> "Compared":
        """The page and the minimal view in short turns, one after the other, the order
        swapped each turn (page, minimal; minimal, page; …), so a drift in this machine's
        speed weighs on both alike. The ratio is the median of the turns' ratios: a turn
        that a stall of the machine hit moves it no more than any other turn."""
        page, minimal = self.warm(requests), self.warm(baseline)
        page.runs.clear()
        minimal.runs.clear()  # the warm-ups do not count
        ratios = []
        for turn in range(TURNS):
            for series in (page, minimal) if turn % 2 == 0 else (minimal, page):
                series.run(self.web.port, seconds=max(1, self.seconds // TURNS))
            ratios.append(page.runs[-1].rate / minimal.runs[-1].rate)
        return Compared(Run.merged(page.runs), Run.merged(minimal.runs), ratios)


@dataclass(frozen=True)
class Compared:
    page: Run
    minimal: Run
    ratios: list[float]  # of each turn

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    def summary(self) -> str:
        return (f"{self.page.summary()}; turns {min(self.ratios):.2f}–"
                f"{max(self.ratios):.2f}")


@dataclass
class _Series:
    """Runs of one script in a row, each going on through its list where the last one
    stopped, so that every visitor has their turn (the reading submission checks that
    every visitor's readings were saved)."""

    script: Path
    start: int = 0
    runs: list[Run] = field(default_factory=list)

    def run(self, port: int, *, seconds: int) -> None:
        done = wrk(self.script, port=port, seconds=seconds, start=self.start)
        self.start += done.requests // WRK_THREADS
        self.runs.append(done)


def _each_page_once(requests: list[Request], port: int) -> None:
    server = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        for request in requests:
            if request.method != "GET":
                continue  # a submission does all its work each time
            server.request("GET", request.path,
                           headers={**dict(request.headers), "X-Forwarded-Proto": "https"})
            server.getresponse().read()
    finally:
        server.close()


def _compared(name: str, compared: Compared, bar: float | None,
              baseline: str = "minimal view") -> Figure:
    """Against `bar`; with none, printed for information."""
    page, minimal = compared.page, compared.minimal
    errors = page.errors + minimal.errors
    if errors:
        return Figure(name, f"{errors} errors (socket errors or answers other than 200)",
                      bar="0 errors", ok=False)
    if bar is None:
        return Figure(name, compared.summary(), f"{baseline}: {minimal.summary()}",
                      compared.ratio)
    return Figure(name, compared.summary(), f"{baseline}: {minimal.summary()}",
                  compared.ratio, f">= {bar:.2f}", compared.ratio >= bar, speed=True)


def page_figures(load: Load) -> list[Figure]:
    minimal = page_requests(load.visitors, "bench_minimal")
    return [_compared(name, load.compare(page_requests(load.visitors, url_name), minimal),
                      PAGE_BAR)
            for name, url_name in PAGES.items()]


# What each submission is measured against, at what bar (None: printed, no bar). The API's
# baseline is its own minimal view (the token, its scope and rate, DRF): what the endpoint
# costs beyond the way in every API request pays. Against the pages' minimal view it is
# printed too, for what a token's way in costs.
SUBMISSIONS = [
    ("reading submission (POST /cabinet/meters/)", reading_requests,
     minimal_post_requests, "minimal view", READING_BAR),
    ("reading submission by API (POST /api/v1/…/readings/)", api_reading_requests,
     minimal_api_requests, "minimal API view", READING_BAR),
    ("  the same, against the pages' minimal view", api_reading_requests,
     minimal_post_requests, "minimal view", None),
]


def reading_figures(load: Load) -> list[Figure]:
    """The form's submission and the API's: one service behind both, one bar."""
    if timezone.localdate().day > MAX_WINDOW_DAY:
        return [Figure(name, "not measured today: no reading window is open after the "
                             f"{MAX_WINDOW_DAY}th") for name, *_rest in SUBMISSIONS]
    figures = []
    for name, requests, baseline, baseline_name, bar in SUBMISSIONS:
        compared = load.compare(requests(load.visitors), baseline(load.visitors))
        saved, expected = readings_this_month(load.visitors), 2 * len(load.visitors)
        figures.append(Figure(name, f"{saved.count()} readings saved of {expected}", ok=False)
                       if saved.count() != expected
                       else _compared(name, compared, bar, baseline_name))
        saved.delete()  # the next one saves them anew
    return figures


SOAK_GROWTH = 0.05  # of the workers' resident memory once warm


def soak_figures(load: Load, *, rounds: int) -> list[Figure]:
    """Mixed cabinet traffic on workers that are never recycled: errors and memory."""
    requests = [request for url_name in PAGES.values()
                for request in page_requests(load.visitors, url_name)]
    if timezone.localdate().day <= MAX_WINDOW_DAY:
        requests += reading_requests(load.visitors)
    script = wrk_script(requests, load.web.port, load.folder)
    wrk(script, port=load.web.port, seconds=load.seconds)  # warm: templates, caches, imports
    warm = sum(load.web.workers_rss_kb())
    runs, trail = [], [warm]
    for _ in range(rounds):
        runs.append(wrk(script, port=load.web.port, seconds=load.seconds))
        trail.append(sum(load.web.workers_rss_kb()))
    requests_made = sum(run.requests for run in runs)
    errors = sum(run.errors for run in runs)
    growth = (trail[-1] - warm) / warm
    minutes = sum(run.seconds for run in runs) / 60
    return [
        Figure(f"soak: {requests_made:,} mixed requests in {minutes:.1f} min",
               f"{errors} errors", bar="0 errors", ok=errors == 0),
        Figure("soak: the workers' memory, warm → each round",
               " → ".join(f"{kb / 1024:.0f}" for kb in trail) + " MiB",
               ratio=1 + growth, bar=f"<= {1 + SOAK_GROWTH:.2f}",
               ok=growth <= SOAK_GROWTH, speed=True),
    ]
