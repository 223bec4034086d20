# ruff: noqa: S608 - SQL built from the bench's own names, on 127.0.0.1 only
"""bench/servers.py's checks over HTTP: the two servers sharing a session, a publish and an upload
(``two_servers``), and a worker killed under load (``worker_killed``); and the form reader they
sign in and post with. The module docstring of bench/servers.py says what each figure means."""

import html.parser
import os
import signal
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def children(pid: int) -> list[int]:
    """The direct children of ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (name) state ppid ...": the name may hold spaces, so split after its ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def pg(sql: str, database: str = "postgres") -> list:
    import psycopg

    with psycopg.connect(
        f"postgresql://postgres@127.0.0.1:5432/{database}", autocommit=True, connect_timeout=3
    ) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else []


# --- HTTP ---------------------------------------------------------------------------------------


class _Form(html.parser.HTMLParser):
    """The fields of the forms on a page, as a browser without JavaScript would send them."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"_action": a.get("action") or "", "_fields": {}})
            return
        if not self.forms:
            return
        fields = self.forms[-1]["_fields"]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a or (kind == "radio" and name not in fields):
                    fields[name] = a.get("value", "on")
            elif kind not in ("submit", "file", "button"):
                fields[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            value = a.get("value") or ""
            if value and (self._select not in fields or "selected" in a):
                fields[self._select] = value

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def form_fields(page: str, *, having: str) -> dict:
    """The fields of the first form on ``page`` with a field named ``having``."""
    parser = _Form()
    parser.feed(page)
    for form in parser.forms:
        if having in form["_fields"]:
            return dict(form["_fields"])
    raise RuntimeError(f"no form with a '{having}' field")


def _totp(key_hex: str) -> str:
    from django_otp.oath import totp

    return f"{totp(bytes.fromhex(key_hex)):06d}"


def _sign_in(session, base: str, user: str, password: str, key: str) -> bool:
    page = session.get(f"{base}/admin/login/", timeout=30).text
    fields = form_fields(page, having="username")
    fields.update(username=user, password=password)
    answer = session.post(f"{base}/admin/login/", data=fields, timeout=30)
    if "/two-factor/verify/" not in answer.url:
        raise RuntimeError(f"sign-in did not ask for the code (at {answer.url})")
    fields = form_fields(answer.text, having="code")
    fields["code"] = _totp(key)
    answer = session.post(answer.url, data=fields, timeout=30)
    return answer.status_code == 200 and "/two-factor/" not in answer.url


def _signed_in(session, base: str) -> bool:
    answer = session.get(f"{base}/admin/", timeout=30, allow_redirects=False)
    return answer.status_code == 200


def two_servers(a: str, b: str, setup: dict, database: str) -> dict:
    import requests

    result: dict = {}
    anonymous = requests.Session()
    result["anonymous_on_b_signed_in"] = _signed_in(anonymous, b)  # the control: must be False

    on_a = requests.Session()
    result["signed_in_on_a"] = _sign_in(
        on_a, a, setup["user"], setup["password"], setup["totp_key"]
    )
    on_b = requests.Session()
    on_b.cookies.set("sessionid", on_a.cookies.get("sessionid"))
    result["session_crosses"] = result["signed_in_on_a"] and _signed_in(on_b, b)

    # The page cache both servers read (Redis): the page kept by each, then published on A.
    path = setup["page_url"]
    before = {}
    for name, base in (("a", a), ("b", b)):
        requests.get(base + path, timeout=30)
        answer = requests.get(base + path, timeout=30)
        before[name] = answer.headers.get("X-Page-Cache", "")
        if setup["title"] in answer.text:
            raise RuntimeError("the draft's title is live before the publish")
    result["cached_before_publish"] = before
    bulk = f"{a}/admin/bulk/wagtailcore/page/publish/?id={setup['page_id']}&next=/admin/"
    fields = form_fields(on_a.get(bulk, timeout=30).text, having="csrfmiddlewaretoken")
    published = on_a.post(bulk, data=fields, timeout=60)
    result["publish_status"] = published.status_code
    after = {}
    for name, base in (("a", a), ("b", b)):
        answer = requests.get(base + path, timeout=30)
        after[name] = setup["title"] in answer.text
    result["new_title_on"] = after
    result["publish_purges_both"] = all(after.values())

    # An upload through A's admin, served by B.
    content = f"Candle two-server bench {uuid.uuid4()}\n".encode() * 64
    title = f"bench-servers-{uuid.uuid4().hex[:8]}"
    fields = form_fields(on_a.get(f"{a}/admin/documents/add/", timeout=30).text, having="title")
    fields["title"] = title
    answer = on_a.post(
        f"{a}/admin/documents/add/",
        data=fields,
        files={"file": (f"{title}.txt", content, "text/plain")},
        timeout=60,
    )
    result["upload_status"] = answer.status_code
    result["upload_answer"] = answer.url.split("127.0.0.1", 1)[-1]  # the index after a save
    rows = pg(f"select id, file from core_candledocument where title = '{title}'", database)
    served = b""
    if rows:
        doc_id, file_name = rows[0]
        answer = requests.get(f"{b}/documents/{doc_id}/{Path(file_name).name}", timeout=30)
        result["served_by_b_status"] = answer.status_code
        served = answer.content
    result["upload_stored"] = bool(rows)
    result["upload_crosses"] = bool(rows) and served == content
    return result


# --- A worker killed under load ------------------------------------------------------------------


def worker_killed(base: str, master_a: int, database: str, *, total: int, kills: int = 2) -> dict:
    import requests

    marker = uuid.uuid4().hex[:8]
    join = f"{base}/ko/supporters/join/"
    local = threading.local()
    counter = iter(range(1, total + 1))
    lock = threading.Lock()

    def client():
        if not hasattr(local, "session"):
            local.session = requests.Session()
            page = local.session.get(join, timeout=30).text
            local.fields = form_fields(page, having="email")
        return local.session, local.fields

    def one(index: int) -> tuple[str, int, str]:
        session, fields = client()
        try:
            if index % 4 == 0:
                with lock:
                    n = next(counter)
                email = f"bench-{marker}-{n}@example.invalid"
                data = {
                    **fields,
                    "name": f"홍길동예시 {n}",
                    "email": email,
                    "consent_membership": "on",
                    "website": "",
                }
                headers = {"X-Forwarded-For": f"10.99.{n // 250}.{n % 250 + 1}"}
                answer = session.post(
                    join, data=data, headers=headers, timeout=60, allow_redirects=False
                )
                return "post", answer.status_code, email
            answer = session.get(join, timeout=60, allow_redirects=False)
            return "get", answer.status_code, ""
        except requests.RequestException:
            return "error", 0, ""

    workers_before = children(master_a)
    if not workers_before:
        raise RuntimeError("server A has no worker processes")
    killed: list[dict] = []

    def worker_name(pid: int) -> str:
        """granian's name for the worker ("candle worker-1" in ps)."""
        try:
            title = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            return ""
        return title.split()[-1] if title.strip() else ""

    def running(pid: int) -> bool:
        """A thread of ``pid`` on the CPU (state "R"): the worker is in the middle of a request
        (granian runs the app in a thread of its own, not the process's first)."""
        try:
            tasks = list(Path(f"/proc/{pid}/task").iterdir())
        except OSError:
            return False
        for task in tasks:
            try:
                if (task / "stat").read_text().rsplit(")", 1)[1].split()[0] == "R":
                    return True
            except OSError:
                continue
        return False

    def kill_later():
        # ``kills`` times, 1.5 s apart: a worker of A, caught while it runs (within 2 s), killed;
        # each time another one (worker-1, worker-2, …). granian 2.8 gives up and exits when the
        # same worker dies again within 5.5 s of being replaced ("crash loop"; systemd's
        # Restart=always starts it again, docs/deployment.md).
        for round_ in range(kills):
            time.sleep(1.5 if round_ else 1.0)
            workers = {worker_name(pid): pid for pid in children(master_a)}
            name = f"worker-{round_ % len(workers_before) + 1}"
            victim = workers.get(name)
            if victim is None:
                continue
            deadline = time.monotonic() + 2
            while not running(victim) and time.monotonic() < deadline:
                time.sleep(0.002)
            busy = running(victim)
            os.kill(victim, signal.SIGKILL)
            killed.append({"worker": name, "pid": victim, "was_running": busy})

    started = time.monotonic()
    killer = threading.Thread(target=kill_later)
    killer.start()
    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(one, range(total)))
    killer.join()
    seconds = time.monotonic() - started
    deadline = time.monotonic() + 20  # the master replaces each killed worker
    while True:
        workers_after = children(master_a)
        if len(workers_after) >= len(workers_before) or time.monotonic() > deadline:
            break
        time.sleep(0.5)

    posts = [a for a in answers if a[0] == "post"]
    answered = {email for kind, status, email in posts if status == 302}
    rows = pg(
        "select email, count(*) from supporters_pendingjoin"
        f" where email like 'bench-{marker}-%' group by email",
        database,
    )
    stored = dict(rows)
    return {
        "requests": len(answers),
        "seconds": round(seconds, 1),
        "non_2xx": sum(1 for _k, status, _e in answers if not 200 <= status < 400),
        "statuses": {
            str(s): sum(1 for a in answers if a[1] == s) for s in sorted({a[1] for a in answers})
        },
        "posts": len(posts),
        "posts_answered": len(answered),
        "posts_rows": sum(stored.values()),
        "doubled": sum(1 for count in stored.values() if count > 1),
        "answered_not_stored": len(answered - set(stored)),
        "stored_not_answered": len(set(stored) - answered),
        "workers_killed": killed,
        "workers_replaced": len(workers_after) == len(workers_before)
        and not {k["pid"] for k in killed} & set(workers_after),
    }
