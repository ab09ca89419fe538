"""A small GOV.UK Notify on this machine, speaking the part of its API the portal uses: POST /v2/notifications/sms
with a JWT bearer token signed with the API key's secret (issuer: the service id). It checks the token as Notify does
(notifications_python_client.authentication, the same rules), records each JSON body it took, and answers 201 with
Notify's response shape; told to, it answers 400 or 500 with Notify's error shape. Never the internet.
"""
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from notifications_python_client.authentication import decode_jwt_token, get_token_issuer
from notifications_python_client.errors import TokenError

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
# A Notify API key: its name, then the service id, then the secret.
API_KEY = f"pledge_portal_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"


class FakeNotify(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[dict] = []  # the JSON of each text it took (answered 201)
        self.refused: list[tuple[int, str]] = []  # (status, why) of each request it did not take
        self.answer_with: int | None = None  # 400 or 500: answer every request so

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: FakeNotify

    def log_message(self, *args):  # quiet: pytest shows what matters
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        if self.path != "/v2/notifications/sms":
            return self._error(404, "ResourceNotFound", "Not found")
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        try:
            if get_token_issuer(token) != SERVICE_ID:
                return self._error(403, "AuthError", "Invalid token: service not found")
            decode_jwt_token(token, SECRET)
        except TokenError as error:
            return self._error(403, "AuthError", error.message)
        if self.server.answer_with == 400:
            return self._error(400, "BadRequestError", "Can't send to this recipient using a team-only API key")
        if self.server.answer_with == 500:
            return self._error(500, "Exception", "Internal server error")
        if body.get("template_id") != TEMPLATE_ID or set(body.get("personalisation", {})) != {"body"}:
            return self._error(400, "BadRequestError", "Missing personalisation: body")
        self.server.received.append(body)
        notification_id = str(uuid.uuid4())
        self._answer(201, {
            "id": notification_id, "reference": body.get("reference"),
            "content": {"body": body["personalisation"]["body"], "from_number": "GOVUK"},
            "uri": f"{self.server.base_url}/v2/notifications/{notification_id}",
            "template": {"id": TEMPLATE_ID, "version": 1,
                         "uri": f"{self.server.base_url}/v2/template/{TEMPLATE_ID}"},
        })

    def _error(self, status: int, error: str, message: str):
        self.server.refused.append((status, message))
        self._answer(status, {"status_code": status, "errors": [{"error": error, "message": message}]})

    def _answer(self, status: int, payload: dict):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def start() -> FakeNotify:
    server = FakeNotify()
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server
