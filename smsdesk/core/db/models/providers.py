"""Provider accounts. Secrets are never here: they live in the OS keychain (keyring)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from smsdesk.core.clock import utc_now
from smsdesk.core.db.models.base import Base


class ProviderAccount(Base):
    __tablename__ = "provider_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    # Non-secret settings: region, app id, access key id, sender, HTTP templates...
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    endpoint: Mapped[str] = mapped_column(String(300), default="")
    price_per_part: Mapped[float] = mapped_column(Float, default=0.045)
    rate_per_second: Mapped[float] = mapped_column(Float, default=10.0)
    batch_size: Mapped[int] = mapped_column(Integer, default=1)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_reason: Mapped[str] = mapped_column(Text, default="")
    last_pull_at: Mapped[datetime | None]
    pull_cursor: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
