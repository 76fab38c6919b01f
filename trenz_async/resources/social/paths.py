"""Social/1-3 endpoints (accounts, TikTok login, publishing, prechecks, video management).

Every Social call is a ``POST`` with a JSON body under ``/open/v1/social``. Evidence tags from
``api/trenz_catalogue.md`` §3.1-3.3: ``C1`` the seed writes the path out (its publishing
walkthrough), ``I-lo`` a guess in the seed's ``/social/<area>/<verb>`` shape, to confirm
before relying on it. When the provider publishes its spec, a wrong path is a one-line fix
here. Safety: ``write`` endpoints change something (publish, cancel, disconnect...) and are
never re-sent when their outcome is unknown; ``read`` endpoints only query.
"""

from __future__ import annotations

from trenz_async.transport import Endpoint, Safety

__all__ = [
    "ACCOUNT_DETAIL",
    "ACCOUNT_DISCONNECT",
    "ACCOUNT_LIST",
    "ACCOUNT_REFRESH_TOKEN",
    "ACCOUNT_REMARK",
    "PRECHECK_LIST",
    "PRECHECK_TRIGGER",
    "PUBLISH",
    "PUBLISH_CANCEL",
    "PUBLISH_RECORDS",
    "PUBLISH_RECORD_DETAIL",
    "PUBLISH_RESCHEDULE",
    "PUBLISH_SESSION",
    "PUBLISH_SESSION_CANCEL",
    "SOCIAL_ENDPOINTS",
    "TIKTOK_QRCODE",
    "TIKTOK_QRCODE_STATUS",
    "VIDEO_CHECK_INFO",
    "VIDEO_METRICS",
]

PREFIX = "/open/v1/social"


def _post(name: str, path: str, safety: Safety, evidence: str) -> Endpoint:
    return Endpoint(name, "POST", PREFIX + path, safety, evidence)


# Social/1 Account Management
ACCOUNT_LIST = _post("Social Account List", "/accounts/list", "read", "I-lo")
ACCOUNT_DETAIL = _post("Social Account Detail", "/accounts/detail", "read", "I-lo")
ACCOUNT_DISCONNECT = _post("Disconnect Social Account", "/accounts/disconnect", "write", "I-lo")
ACCOUNT_REFRESH_TOKEN = _post("Refresh Social Token", "/accounts/refresh-token", "write", "I-lo")
ACCOUNT_REMARK = _post("Update Account Remark", "/accounts/remark", "write", "I-lo")
TIKTOK_QRCODE = _post("TikTok QR Code Login", "/tiktok/qrcode", "write", "I-lo")
"""A write: each call issues a new login code."""
TIKTOK_QRCODE_STATUS = _post("TikTok QR Code Status Check", "/tiktok/qrcode/status", "read", "I-lo")

# Social/2 Video Publishing
PUBLISH = _post("Upload and Publish Video", "/publish/upload-and-publish", "write", "C1")
"""Posts a video: re-sending it after a lost answer could post twice."""
PUBLISH_SESSION = _post("Publish Session Status", "/publish/session", "read", "C1")
PUBLISH_SESSION_CANCEL = _post("Cancel Publish Session", "/publish/session/cancel", "write", "C1")
PUBLISH_CANCEL = _post("Cancel Individual Publish", "/publish/cancel", "write", "C1")
PUBLISH_RESCHEDULE = _post("Reschedule Publication", "/publish/reschedule", "write", "I-lo")
"""The seed names a 'Reschedule' endpoint in its scheduling notes but does not list it."""
PRECHECK_TRIGGER = _post("Trigger Quality Precheck", "/precheck/trigger", "write", "I-lo")
PRECHECK_LIST = _post("Precheck Record List", "/precheck/list", "read", "I-lo")

# Social/3 Video Management
VIDEO_CHECK_INFO = _post("Validate Video Info", "/videos/check-info", "read", "C1")
PUBLISH_RECORDS = Endpoint(
    "Publishing Record List",
    "POST",
    PREFIX + "/publish/records",
    "read",
    "I-lo",
    alternates=(PREFIX + "/videos/list",),
)
"""The catalogue's other guess, ``/social/videos/list``, is tried when this path is unknown:
reconciling a lost publish depends on this list."""
PUBLISH_RECORD_DETAIL = _post("Publishing Record Detail", "/publish/record/detail", "read", "I-lo")
VIDEO_METRICS = _post("Platform Video Metrics List", "/videos/metrics", "read", "I-lo")

SOCIAL_ENDPOINTS: dict[str, Endpoint] = {
    e.name: e
    for e in (
        ACCOUNT_LIST,
        ACCOUNT_DETAIL,
        ACCOUNT_DISCONNECT,
        ACCOUNT_REFRESH_TOKEN,
        ACCOUNT_REMARK,
        TIKTOK_QRCODE,
        TIKTOK_QRCODE_STATUS,
        PUBLISH,
        PUBLISH_SESSION,
        PUBLISH_SESSION_CANCEL,
        PUBLISH_CANCEL,
        PUBLISH_RESCHEDULE,
        PRECHECK_TRIGGER,
        PRECHECK_LIST,
        VIDEO_CHECK_INFO,
        PUBLISH_RECORDS,
        PUBLISH_RECORD_DETAIL,
        VIDEO_METRICS,
    )
}
"""The 18 endpoints of Social/1-3 by the seed's name."""
