"""A minimal W3C WebDriver client (standard library only) for tauri-driver."""

import base64
import http.client
import json
import time
import urllib.error
import urllib.request


class WebDriverError(Exception):
    pass


class Session:
    def __init__(self, base, application, args):
        self.base = base
        caps = {
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "wry",
                    "tauri:options": {"application": application, "args": args},
                }
            }
        }
        value = self._call("POST", "/session", caps)
        self.id = value["sessionId"]

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        # tauri-driver sometimes forwards on a keep-alive connection that
        # WebKitWebDriver has just closed; it then drops our connection
        # without an answer, and the command never reached the browser
        # ("client error (SendRequest)" in its log). Such a drop is retried;
        # any answer, error or not, is final.
        for attempt in range(4):
            req = urllib.request.Request(
                self.base + path, data=data, method=method,
                headers={"Content-Type": "application/json"},
            )
            try:
                with urllib.request.urlopen(req, timeout=60) as resp:
                    payload = json.loads(resp.read() or b"{}")
                return payload.get("value")
            except urllib.error.HTTPError as e:
                raise WebDriverError(f"{method} {path}: {e.code} {e.read()[:500]!r}") from None
            except (http.client.RemoteDisconnected, ConnectionResetError):
                if attempt == 3:
                    raise
                time.sleep(0.2)

    def _s(self, path):
        return f"/session/{self.id}{path}"

    def title(self):
        return self._call("GET", self._s("/title"))

    def find_all(self, css):
        found = self._call("POST", self._s("/elements"), {"using": "css selector", "value": css})
        return [Element(self, next(iter(e.values()))) for e in found]

    def wait_for(self, css, timeout=20.0, predicate=None):
        """Waits until `css` matches elements (and `predicate(elements)` holds)."""
        deadline = time.monotonic() + timeout
        last = []
        while time.monotonic() < deadline:
            last = self.find_all(css)
            try:
                if last and (predicate is None or predicate(last)):
                    return last
            except WebDriverError as e:
                # The page replaced the element while we read it: look again.
                if "stale element" not in str(e):
                    raise
            time.sleep(0.2)
        try:
            texts = [e.text() for e in last][:3]
        except WebDriverError:
            texts = ["(replaced)"]
        try:
            error = self.find_all("#error")
            shown = error[0].text() if error and error[0].displayed() else ""
        except WebDriverError:
            shown = ""
        if shown:
            texts.append(f"window error: {shown}")
        raise AssertionError(f"timed out waiting for {css!r}; last: {texts!r}")

    def execute(self, script, args=None):
        """Runs `script` in the page (synchronously) and returns its value."""
        return self._call("POST", self._s("/execute/sync"), {"script": script, "args": args or []})

    def screenshot(self, path):
        png = base64.b64decode(self._call("GET", self._s("/screenshot")))
        with open(path, "wb") as f:
            f.write(png)

    def close(self):
        try:
            self._call("DELETE", self._s(""))
        except Exception:
            pass


class Element:
    def __init__(self, session, eid):
        self.session = session
        self.eid = eid

    def _p(self, path):
        return self.session._s(f"/element/{self.eid}{path}")

    def text(self):
        return self.session._call("GET", self._p("/text"))

    def attribute(self, name):
        return self.session._call("GET", self._p(f"/attribute/{name}"))

    def displayed(self):
        return self.session._call("GET", self._p("/displayed"))

    def click(self):
        self.session._call("POST", self._p("/click"), {})

    def clear(self):
        self.session._call("POST", self._p("/clear"), {})

    def type(self, text):
        self.session._call("POST", self._p("/value"), {"text": text})
