"""A mail backend for the real Celery workers of tests/test_digest_celery.py: each email a JSON file in
TEST_MAIL_DIR, so the test (another process) can read what was sent."""
import json
import os
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class FileMailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(os.environ["TEST_MAIL_DIR"])
        for message in email_messages:
            sent = {"to": message.to, "subject": message.subject, "body": message.body,
                    "html": [content for content, _mimetype in message.alternatives]}
            (folder / f"{uuid.uuid4().hex}.json").write_text(json.dumps(sent))
        return len(email_messages)


def emails_sent(folder: Path) -> list[dict]:
    return [json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))]
