#!/usr/bin/env python3
"""Stands in for the person's web browser in Aurora's end-to-end tests.

Aurora opens pages with AURORA_BROWSER=<this file> <url>. Like a person, this
"browser" loads the page; on the simulator's consumer-key page it presses
"Log in and authorize"; when the site redirects to an aurora:// link it hands
the link back the way a desktop does: by running $AURORA_APP with it (Aurora's
binary, or a desktop URL handler command such as `xdg-open` or `gio open`).
Every URL it is given is appended to $AURORA_BROWSER_LOG.
"""
import os
import re
import shlex
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, form=None):
    """Returns (status, location, body) without following redirects."""
    opener = urllib.request.build_opener(NoRedirect)
    data = urllib.parse.urlencode(form).encode() if form else None
    try:
        with opener.open(url, data=data, timeout=20) as answer:
            return answer.status, answer.headers.get("Location"), answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers.get("Location"), answer.read().decode("utf-8", "replace")


def hand_back(link):
    app = os.environ["AURORA_APP"]
    command = [app] if os.path.isfile(app) else shlex.split(app)
    subprocess.run(command + [link], check=False)


def main(url):
    log = os.environ.get("AURORA_BROWSER_LOG")
    if log:
        with open(log, "a") as f:
            f.write(url + "\n")
    for _ in range(5):
        status, location, body = fetch(url)
        if location and location.startswith("aurora://"):
            return hand_back(location)
        token = re.search(r'name="credentialToken" value="([^"]+)"', body)
        if token:
            action = urllib.parse.urljoin(url, "/auth/")
            _, location, _ = fetch(action, {"credentialToken": token.group(1), "duration": "0", "action": "validate"})
            if location and location.startswith("aurora://"):
                return hand_back(location)
            return None
        if location and status in (301, 302, 303, 307, 308):
            url = urllib.parse.urljoin(url, location)
            continue
        return None


if __name__ == "__main__":
    main(sys.argv[1])
