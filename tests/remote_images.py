"""Test support: a loopback listener that counts every connection, and cards whose text points at it.

The listener counts TCP connections, not parsed HTTP requests, so an https attempt (which it cannot
answer) and a connection that never sends a request line are counted too. Any count above zero means
something left for a card's image.
"""

from __future__ import annotations

import base64
import copy
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

import yaml

from gmlp_cards.cards.yamlsafe import parse

VALID_CARD = Path(__file__).parent / "fixtures" / "cards" / "valid" / "demo-dr-screen" / "1.0.0.yaml"
DEVICE_ID = "pixel-probe"
DEVICE_NAME = "PixelProbe DR"
# A real 1x1 PNG (what a maker would embed for a small diagram), and an SVG that references the
# listener: both embedded, only the raster one may be drawn.
PNG_1X1 = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2a3b5b00000000049454e44ae426082"
    )
).decode()


class _Counting(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Answer)
        self.connections = 0
        self.paths: list[str] = []
        self.lock = threading.Lock()

    def verify_request(self, request: Any, client_address: Any) -> bool:
        with self.lock:  # every accepted connection, before anything is read from it
            self.connections += 1
        return True


class _Answer(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # the name http.server dispatches to
        server = self.server
        assert isinstance(server, _Counting)
        with server.lock:
            server.paths.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(base64.b64decode(PNG_1X1))

    do_POST = do_HEAD = do_PUT = do_OPTIONS = do_GET  # beacons POST; any request is a leak

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the count is the report; keep test output clean


class CountingListener:
    """`with CountingListener() as listener:` an HTTP server on 127.0.0.1 (port 0) in a thread."""

    def __init__(self) -> None:
        self._server = _Counting()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"127.0.0.1:{self._server.server_address[1]}"

    @property
    def connections(self) -> int:
        with self._server.lock:
            return self._server.connections

    @property
    def paths(self) -> list[str]:
        with self._server.lock:
            return list(self._server.paths)

    def __enter__(self) -> CountingListener:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()


def image_texts(base: str, field: str) -> dict[str, str]:
    """Every way Markdown can ask for an image at `base` (host:port), each named by its form.

    Each URL path names the field and form, so a leak says where it came from.
    """
    svg = base64.b64encode(
        f'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://{base}/{field}/svg-inner.png"/>'
        "</svg>".encode()
    ).decode()
    return {
        "inline": f"![{field} inline chart](http://{base}/{field}/inline.png)",
        "https": f"![{field} https chart](https://{base}/{field}/https.png)",
        "reference": f"![{field} reference chart][{field}-ref]\n\n[{field}-ref]: http://{base}/{field}/ref.png",
        "shortcut": f"![{field}-short]\n\n[{field}-short]: http://{base}/{field}/short.png",
        "angle": f"![{field} angle](<http://{base}/{field}/angle.png>)",
        "in-link": f"[![{field} linked](http://{base}/{field}/in-link.png)](http://{base}/{field}/target)",
        "autolink": f"<http://{base}/{field}/autolink.png>",
        "raw-html": f'<img src="http://{base}/{field}/raw.png"> <svg><image href="http://{base}/{field}/s.png"/></svg>',
        "svg-data": f"![{field} svg](data:image/svg+xml;base64,{svg})",
        "png-data": f"![{field} embedded dot](data:image/png;base64,{PNG_1X1})",
    }


def _text(base: str, field: str, lead: str) -> str:
    return lead + "\n\n" + "\n\n".join(image_texts(base, field).values())


def image_cards(base: str) -> list[dict[str, Any]]:
    """Two versions of a fictional device (valid, derived from the fixture card) whose text, in every
    kind of field a page or export shows, asks for images at `base`: 1.0.0, and 1.1.0 with a change
    notice."""
    data, _ = parse(VALID_CARD.read_text(encoding="utf-8"))
    first = copy.deepcopy(data)
    identity = first["identity"]
    identity.update(device_id=DEVICE_ID, device_name=DEVICE_NAME)
    # The contact address is quoted in a notice (an element that reads Markdown): a valid address
    # whose local part is an image.
    identity["manufacturer"]["contact_email"] = f"![mail](http://{base}/email/notice.png)@example.org"
    use = first["intended_use"]
    use["summary"] = f"Flags diabetic eye disease. ![summary](http://{base}/summary/inline.png)"
    use["purpose"] = _text(base, "purpose", "Screening of fundus photographs.")
    use["workflow"] = _text(base, "workflow", "At a routine diabetes visit.")
    first["performance"]["studies"][0]["title"] = f"Pivotal ![study](http://{base}/study-title/x.png)"
    first["risks"]["warnings"][0]["detail"] = _text(base, "warning", "Refer patients with symptoms.")
    first["risks"]["limitations"][0]["detail"] = _text(base, "limitation", "Few patients over 75.")
    words = first["patient"]["texts"]["en"]
    words["summary"] = _text(base, "patient-summary", "A program looks at photos of your eyes.")
    words["what_it_means"] = _text(base, "patient-meaning", "You may be sent to an eye doctor.")
    words["benefits"] = [_text(base, "patient-benefit", "Damage can be found early.")]
    words["talk_to_clinician"] = [f"If your sight changes. ![talk](http://{base}/patient-talk/x.png)"]

    second = copy.deepcopy(first)
    second["identity"]["card_version"] = "1.1.0"
    second["identity"]["release_date"] = "2025-09-01"
    second["change_notice"] = {
        "previous_version": "1.0.0",
        "effective_date": "2025-09-01",
        "change_types": ["labelling_only"],
        "within_pccp": False,
        "summary": f"Wording of the warnings. ![notice](http://{base}/notice-summary/x.png)",
        "rationale": _text(base, "notice-rationale", "Readers asked for plainer words."),
        "data_used": "none",
        "performance_summary": "Unchanged.",
        "labelling_sections": ["risks"],
        "bias_changes": "none known",
        "user_action": _text(base, "notice-action", "Read the new warnings."),
    }
    return [first, second]


def write_image_cards(folder: Path, base: str) -> Path:
    """The cards of `image_cards` as files under `folder/<device>/<version>.yaml`; returns `folder`."""
    for card in image_cards(base):
        path = folder / DEVICE_ID / f"{card['identity']['card_version']}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(card, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return folder
