# ruff: noqa: S603 - runs nginx -t and a child process of its own
"""bench/servers.py's helpers: the nginx configuration with two app servers in its upstream
(rendered from the project's template, checked by nginx itself when it is installed), the form
reader the bench signs in and posts with, and how it finds a granian master's workers."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import TEMPLATE, children, form_fields, nginx_config  # noqa: E402


def _render(tmp_path, apps):
    return nginx_config(
        TEMPLATE.read_text(),
        listen="127.0.0.1:18999",
        apps=apps,
        static_root=str(tmp_path / "static"),
        media_root=str(tmp_path / "media"),
        run=str(tmp_path / "run"),
    )


def _upstream(config: str) -> str:
    return config.split("upstream candle_app {", 1)[1].split("}", 1)[0]


def test_two_app_servers_in_one_upstream(tmp_path):
    config = _render(tmp_path, ["127.0.0.1:18001", "127.0.0.1:18002"])
    upstream = _upstream(config)
    assert "server 127.0.0.1:18001 max_fails=3 fail_timeout=10s;" in upstream
    assert "server 127.0.0.1:18002 max_fails=3 fail_timeout=10s;" in upstream
    assert upstream.count("server ") == 2
    assert "keepalive 32;" in upstream  # the template's other upstream lines are kept
    assert "listen 127.0.0.1:18999;" in config
    assert f"alias {tmp_path / 'media'}/;" in config
    assert "@" not in config.split("\n", 5)[-1]  # every placeholder filled


SIGN_LOCATION = "location ~ ^/(ko|en)/advocacy/appeals/[0-9]+/sign/$ {"


def test_a_failed_request_goes_to_the_other_server_but_a_post_is_never_resent(tmp_path):
    config = _render(tmp_path, ["127.0.0.1:18001", "127.0.0.1:18002"])
    location = config.split("location / {", 1)[1]
    assert "proxy_next_upstream error timeout http_502;" in location
    assert "proxy_next_upstream_tries 2;" in location
    # no POST is resent, but a signature's (next test): outside its location, never
    before, sign = config.split(SIGN_LOCATION, 1)
    after = sign.split("}", 1)[1]
    directives = [line.split("#")[0] for line in (before + after).splitlines()]
    assert not any("non_idempotent" in line for line in directives)


def test_a_signatures_post_is_resent_once_only_after_a_connection_error(tmp_path):
    """The one POST nginx resends: a signature's (its address is unique per appeal, so a
    second send cannot store it twice), after a failed connection, not a timeout. The
    location matches the sign view's URLs in both languages and nothing else."""
    import re

    from django.urls import reverse
    from django.utils import translation

    config = _render(tmp_path, ["127.0.0.1:18001"])
    assert config.count(SIGN_LOCATION) == 1
    block = config.split(SIGN_LOCATION, 1)[1].split("}", 1)[0]
    directives = [line.split("#")[0].strip() for line in block.splitlines()]
    assert "proxy_next_upstream error non_idempotent;" in directives
    assert "proxy_next_upstream_tries 2;" in directives
    assert "proxy_pass http://candle_app;" in directives
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in directives
    assert not any(line.startswith("proxy_cache ") for line in directives)
    pattern = re.compile(SIGN_LOCATION.split(" ")[2])
    for language in ("ko", "en"):
        with translation.override(language):
            assert pattern.match(reverse("advocacy:sign", args=[7]))
            for name in ("signed", "count", "organisation_sign"):
                assert not pattern.match(reverse(f"advocacy:{name}", args=[7]))
            assert not pattern.match(reverse("advocacy:signature_confirm", args=["abc"]))
    assert not pattern.match("/ko/advocacy/appeals/7/sign/x")


def test_one_app_server_as_serve_sh_renders_it(tmp_path):
    upstream = _upstream(_render(tmp_path, ["127.0.0.1:18001"]))
    assert upstream.count("server ") == 1


def test_a_template_without_its_upstream_line_is_refused(tmp_path):
    with pytest.raises(ValueError, match="exactly one"):
        nginx_config(
            "upstream x {\n}\n",
            listen="a",
            apps=["b"],
            static_root="c",
            media_root="d",
            run="e",
        )
    with pytest.raises(ValueError, match="at least one"):
        _render(tmp_path, [])


@pytest.mark.skipif(shutil.which("/usr/sbin/nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_the_rendered_configuration(tmp_path):
    run = tmp_path / "run"
    (run / "tmp").mkdir(parents=True)
    (run / "cache").mkdir()
    conf = run / "nginx.conf"
    conf.write_text(_render(tmp_path, ["127.0.0.1:18001", "127.0.0.1:18002"]))
    result = subprocess.run(
        ["/usr/sbin/nginx", "-t", "-p", str(run), "-c", str(conf), "-e", str(run / "error.log")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_form_fields_as_a_browser_sends_them():
    page = """
    <form action="/search/"><input name="q" value="x"></form>
    <form method="post" action="/join/">
      <input type="hidden" name="csrfmiddlewaretoken" value="tok">
      <input name="email">
      <input type="radio" name="kind" value="person"><input type="radio" name="kind" value="org">
      <input type="radio" name="type" value="1"><input type="radio" name="type" value="2" checked>
      <input type="checkbox" name="news" value="on">
      <input type="checkbox" name="keep" checked>
      <select name="collection"><option value="">--</option><option value="3">Root</option>
        <option value="4" selected>Other</option></select>
      <input type="submit" name="go" value="Send"><input type="file" name="file">
    </form>"""
    fields = form_fields(page, having="email")
    assert fields == {
        "csrfmiddlewaretoken": "tok",
        "email": "",
        "kind": "person",
        "type": "2",
        "keep": "on",
        "collection": "4",
    }
    assert form_fields(page, having="q") == {"q": "x"}
    with pytest.raises(RuntimeError):
        form_fields(page, having="nothing")


def test_children_finds_a_process_s_children():
    parent = subprocess.Popen(
        [sys.executable, "-c", "import subprocess; subprocess.run(['/bin/sleep', '30'])"]
    )
    try:
        for _ in range(50):
            found = children(parent.pid)
            if found:
                break
            time.sleep(0.1)
        assert len(found) == 1
        assert Path(f"/proc/{found[0]}/cmdline").read_bytes().startswith(b"/bin/sleep")
    finally:
        for pid in children(parent.pid):
            os.kill(pid, signal.SIGTERM)
        parent.wait(timeout=10)
