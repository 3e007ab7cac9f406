"""The portals one service serves: the Confederation's and each provincial federation's web portal.

PORTALS_FILE is a TOML file with one table per portal:

    [[portal]]
    id = "laichau"                                   # a-z, 0-9, - and _; it is what the log records
    name = "LĐLĐ tỉnh Lai Châu"
    origins = ["https://ldld.laichau.gov.vn"]        # where its pages are served from (the Origin header)
    admin_token = "sha256:9f86d0…"                   # the portal editors' secret, or its SHA-256 (hex)
    [portal.counsellor]                              # who a hand-off shows
    name = "Tư vấn viên LĐLĐ Lai Châu"
    hotline = "0213 3876 543"
    zalo = "0912 345 678"
    email = "tuvan@ldld.laichau.gov.vn"
    hours = "7h30–17h, thứ Hai đến thứ Sáu"

A request belongs to the portal whose origins hold its Origin header; other requests belong to the
service itself (SERVICE). ADMIN_TOKEN is the Confederation's and sees every portal; a portal's token
sees its own questions only. Without PORTALS_FILE there are no portals: one service, env contacts.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

SERVICE = "_service"  # the key for questions that came from no portal (cannot be a portal id)
COUNSELLOR_FIELDS = ("name", "hotline", "zalo", "email", "hours")
ENV_COUNSELLOR = {"name": "COUNSELLOR_NAME", "hotline": "COUNSELLOR_HOTLINE", "zalo": "COUNSELLOR_ZALO",
                  "email": "COUNSELLOR_EMAIL", "hours": "COUNSELLOR_HOURS"}
PORTAL_FIELDS = {"id", "name", "origins", "admin_token", "counsellor"}
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
ORIGIN_PATTERN = re.compile(r"https?://[a-z0-9.-]+(:[0-9]{1,5})?")
HASHED = re.compile(r"sha256:([0-9a-f]{64})")
# A plain token must be a real secret: 16 characters is about 96 bits when generated
# (`python -c "import secrets; print(secrets.token_urlsafe(16))"` gives 22).
MIN_TOKEN = 16


class PortalsError(ValueError):
    """PORTALS_FILE cannot be used; the message (Vietnamese) names the file and what is wrong."""


@dataclass(frozen=True)
class Portal:
    id: str
    name: str
    origins: tuple[str, ...]
    token_digest: bytes
    counsellor: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Scope:
    """What an admin token may read: `portal` None is the Confederation (every portal)."""
    portal: str | None

    def allows(self, portal: str | None) -> bool:
        return self.portal is None or portal == self.portal


def digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def normalise_origin(origin: str | None) -> str:
    return (origin or "").strip().rstrip("/").lower()


def _token_digest(value, where: str) -> bytes:
    if not isinstance(value, str) or not value.strip():
        raise PortalsError(f"{where}: thiếu admin_token (mật khẩu của biên tập viên cổng).")
    hashed = HASHED.fullmatch(value.strip())
    if hashed:
        return bytes.fromhex(hashed.group(1))
    if len(value.strip()) < MIN_TOKEN or value != value.strip():
        raise PortalsError(f"{where}: admin_token phải dài ít nhất {MIN_TOKEN} ký tự, không có khoảng trắng ở đầu/cuối "
                           "(hoặc dạng sha256:<64 chữ số hex>).")
    return digest(value)


def _portal(entry, number: int, where: str) -> Portal:
    if not isinstance(entry, dict):
        raise PortalsError(f"{where}: mục [[portal]] thứ {number} không phải một bảng.")
    pid = entry.get("id")
    if not isinstance(pid, str) or not ID_PATTERN.fullmatch(pid):
        raise PortalsError(f"{where}: cổng thứ {number}: id phải gồm chữ thường không dấu, số, - hoặc _ (tối đa 40).")
    where = f"{where}: cổng {pid}"
    unknown = sorted(set(entry) - PORTAL_FIELDS)
    if unknown:
        raise PortalsError(f"{where}: trường không được hỗ trợ: {', '.join(unknown)}.")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise PortalsError(f"{where}: thiếu name (tên cổng).")
    origins = entry.get("origins")
    if not isinstance(origins, list) or not origins:
        raise PortalsError(f"{where}: origins phải là danh sách địa chỉ, ví dụ [\"https://ldld.tinh.gov.vn\"].")
    for origin in origins:
        if not isinstance(origin, str) or not ORIGIN_PATTERN.fullmatch(normalise_origin(origin)):
            raise PortalsError(f"{where}: origin {origin!r} không hợp lệ (dạng https://tên-miền[:cổng], không có đường dẫn).")
    counsellor = entry.get("counsellor", {})
    if not isinstance(counsellor, dict) or set(counsellor) - set(COUNSELLOR_FIELDS) or \
            not all(isinstance(v, str) for v in counsellor.values()):
        raise PortalsError(f"{where}: [portal.counsellor] chỉ có các trường chuỗi {', '.join(COUNSELLOR_FIELDS)}.")
    return Portal(pid, name.strip(), tuple(normalise_origin(o) for o in origins),
                  _token_digest(entry.get("admin_token"), where),
                  {k: v.strip() for k, v in counsellor.items() if v.strip()})


class Portals:
    def __init__(self, portals: list[Portal] | tuple = ()):
        self.by_id = {p.id: p for p in portals}
        self._by_origin = {o: p for p in portals for o in p.origins}

    @classmethod
    def load(cls, path: str | Path | None) -> "Portals":
        if not path:
            return cls()
        where = f"PORTALS_FILE {path}"
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as err:
            raise PortalsError(f"{where}: không đọc được tệp ({err.strerror}).") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise PortalsError(f"{where}: không phải TOML hợp lệ: {err}.") from None
        entries = data.get("portal", [])
        if set(data) - {"portal"} or not isinstance(entries, list):
            raise PortalsError(f"{where}: tệp chỉ gồm các bảng [[portal]].")
        portals = [_portal(entry, n, where) for n, entry in enumerate(entries, 1)]
        seen_ids, seen_origins = set(), set()
        for p in portals:
            if p.id in seen_ids:
                raise PortalsError(f"{where}: id {p.id} bị trùng.")
            for o in p.origins:
                if o in seen_origins:
                    raise PortalsError(f"{where}: origin {o} thuộc hai cổng.")
                seen_origins.add(o)
            seen_ids.add(p.id)
        return cls(portals)

    def origins(self) -> list[str]:
        return list(self._by_origin)

    def for_origin(self, origin: str | None) -> Portal | None:
        return self._by_origin.get(normalise_origin(origin))

    def scope_for(self, token: str, confederation_token: str) -> Scope | None:
        """The scope a presented admin token opens, or None. Every secret is compared (constant time),
        so the time taken does not tell which one nearly matched."""
        given = digest(token)
        found = None
        if confederation_token.strip() and hmac.compare_digest(given, digest(confederation_token)):
            found = Scope(None)
        for portal in self.by_id.values():
            if hmac.compare_digest(given, portal.token_digest) and found is None:
                found = Scope(portal.id)
        return found


def contact_for(portal: Portal | None, config) -> dict:
    """The counsellor a hand-off shows: the portal's own (named as the service's when it gives no name),
    else the service's (COUNSELLOR_* settings)."""
    service = {key: config[name] for key, name in ENV_COUNSELLOR.items() if config.get(name)}
    if portal is None or not portal.counsellor:
        return service
    named = {"name": service["name"]} if service.get("name") else {}
    return {**named, **portal.counsellor}
