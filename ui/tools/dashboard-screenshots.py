#!/usr/bin/env python3
"""Screenshots of the dashboard in WebKitGTK (the engine of Aurora's Linux
window), light and dark, without the backend: the page runs on fixtures.

    cd ui && python3 tools/dashboard-screenshots.py ../docs

Needs WebKitWebDriver, MiniBrowser (webkit2gtk-driver, libwebkit2gtk-4.1)
and xvfb-run when there is no display. Writes dashboard-overview-{light,dark}.png
and dashboard-instances-{light,dark}.png into the folder given.
"""
import base64, functools, tempfile, http.server, json, os, shutil, socket, subprocess, sys, threading, time, urllib.request

UI = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
HARNESS = os.path.join(UI, "src/dashboard/testing/screenshots")
DIST = os.path.join(tempfile.gettempdir(), f"aurora-dashboard-harness-{os.getpid()}")
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())["value"]


def shoot(page, out_dir, theme):
    port = free_port()
    env = dict(os.environ, GTK_THEME="Adwaita:dark" if theme == "dark" else "Adwaita")
    driver = subprocess.Popen(["WebKitWebDriver", f"--port={port}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(50):
            try:
                call("GET", f"{base}/status")
                break
            except OSError:
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {"webkitgtk:browserOptions": {"binary": MINIBROWSER, "args": ["--automation"]}}}}
        session = f"{base}/session/{call('POST', f'{base}/session', caps)['sessionId']}"
        call("POST", f"{session}/window/rect", {"width": 1280, "height": 820})
        call("POST", f"{session}/url", {"url": f"{page}?costs=1"})
        time.sleep(2)
        save(session, os.path.join(out_dir, f"dashboard-overview-{theme}.png"))
        call("POST", f"{session}/execute/sync", {"script": "document.querySelector('[data-testid=dash-kind-instance]').click()", "args": []})
        time.sleep(1)
        save(session, os.path.join(out_dir, f"dashboard-instances-{theme}.png"))
        call("DELETE", session)
    finally:
        driver.terminate()
        driver.wait()


def save(session, path):
    with open(path, "wb") as f:
        f.write(base64.b64decode(call("GET", f"{session}/screenshot")))
    print("wrote", path)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main():
    out_dir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
    os.makedirs(out_dir, exist_ok=True)
    if not os.environ.get("DISPLAY") and not os.environ.get("AURORA_UNDER_XVFB"):
        os.execvpe("xvfb-run", ["xvfb-run", "-a", sys.executable, *sys.argv], dict(os.environ, AURORA_UNDER_XVFB="1"))
    subprocess.run(["npx", "vite", "build", "--config", os.path.join(HARNESS, "vite.harness.mjs")], cwd=UI, check=True, env=dict(os.environ, AURORA_HARNESS_OUT=DIST))
    port = free_port()
    handler = functools.partial(QuietHandler, directory=DIST)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for theme in ("light", "dark"):
            shoot(f"http://127.0.0.1:{port}/index.html", out_dir, theme)
    finally:
        server.shutdown()
        shutil.rmtree(DIST, ignore_errors=True)


if __name__ == "__main__":
    main()
