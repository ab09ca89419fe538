"""GOV.UK Notify's settings (settings.py imports them): texts go through Notify (notifications.notify), one template
whose whole message is ((body)); without a key, to the log, as the console mailer prints emails."""
import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

NOTIFY_API_KEY = env("NOTIFY_API_KEY", default="").strip()
NOTIFY_BASE_URL = env("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk").rstrip("/")
NOTIFY_SMS_TEMPLATE_ID = env("NOTIFY_SMS_TEMPLATE_ID", default="").strip()
if NOTIFY_API_KEY and not NOTIFY_SMS_TEMPLATE_ID:
    raise ImproperlyConfigured("Set NOTIFY_SMS_TEMPLATE_ID too: the id of the GOV.UK Notify text message template "
                               "whose whole message is ((body)). NOTIFY_API_KEY is set without it.")
