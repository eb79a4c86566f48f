"""Add or edit a provider account: the kind's own settings, the secret (to the keychain),
price, rate, batch size and an optional endpoint override.

The dialog only collects and checks input; the page saves it in the background and either
closes the dialog or shows the error in it (``show_error``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core.enums import ProviderKind
from smsdesk.core.providers.accounts import AccountSummary
from smsdesk.core.providers.base import SettingField
from smsdesk.core.providers.registry import provider_class
from smsdesk.ui.providers.labels import (
    choice_label,
    kind_description,
    kind_label,
    secret_label,
    setting_label,
)

# Settings shown above the fold; the rest go under "Advanced".
_MAIN_KEYS = {"key_id", "app_id", "from", "sign_name", "region", "url", "body_template", "id_path"}


@dataclass
class AccountInput:
    """What the user entered (the secret travels only to the keychain)."""

    account_id: int | None
    name: str
    kind: str
    settings: dict[str, Any]
    secret: str
    endpoint: str
    price_per_part: float
    rate_per_second: float
    batch_size: int
    extra: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:  # never show the secret
        return f"AccountInput(name={self.name!r}, kind={self.kind!r})"


class AccountDialog(QDialog):
    """Signals:
    submitted(AccountInput) -- the user pressed Save with input that parses
    """

    submitted = Signal(object)

    def __init__(
        self, summary: AccountSummary | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.summary = summary
        self.setWindowTitle(
            self.tr("Edit provider account") if summary else self.tr("Add provider account")
        )
        self.setMinimumWidth(560)
        self._fields: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        layout.setSpacing(10)

        top = QFormLayout()
        top.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.kind_combo = QComboBox()
        for kind in ProviderKind:
            self.kind_combo.addItem(kind_label(kind.value), kind.value)
        self.kind_combo.setEnabled(summary is None)
        top.addRow(self.tr("Kind"), self.kind_combo)
        self.name_edit = QLineEdit(summary.name if summary else "")
        self.name_edit.setPlaceholderText(self.tr("e.g. Main account"))
        top.addRow(self.tr("Name"), self.name_edit)
        layout.addLayout(top)

        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.description)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout.addWidget(self.scroll, 1)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        layout.addWidget(self.error_label)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        if summary is not None:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(summary.kind))
        else:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(ProviderKind.ALIYUN.value))
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_changed)
        self._build_fields()
        self.resize(600, 640)

    @property
    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    # -- the form ------------------------------------------------------------------------

    @Slot(int)
    def _on_kind_combo_changed(self, _index: int) -> None:
        self._build_fields()

    def _build_fields(self) -> None:
        kind = self.kind
        cls = provider_class(kind)
        current = self.summary.settings if self.summary else {}
        self.description.setText(kind_description(kind))
        self._fields = {}
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        main = QFormLayout()
        main.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        advanced_box = QGroupBox(self.tr("Advanced"))
        advanced = QFormLayout(advanced_box)
        advanced.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for spec in cls.setting_fields:
            widget = self._field_widget(spec, current.get(spec.key, spec.default))
            self._fields[spec.key] = widget
            label = setting_label(kind, spec.key) + (" *" if spec.required else "")
            target = (
                main if (spec.key in _MAIN_KEYS or spec.required or kind == "sandbox") else advanced
            )
            target.addRow(label, widget)
        if cls.needs_secret:
            self.secret_edit = QLineEdit()
            self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
            if self.summary is not None and self.summary.has_secret:
                self.secret_edit.setPlaceholderText(
                    self.tr("Stored in the system keychain; leave empty to keep it")
                )
            else:
                self.secret_edit.setPlaceholderText(
                    self.tr("Kept in the system keychain, never in the database")
                )
            main.addRow(secret_label(kind) + " *", self.secret_edit)
        else:
            self.secret_edit = QLineEdit()
            self.secret_edit.hide()
        body_layout.addLayout(main)

        costs = QGroupBox(self.tr("Cost and speed"))
        costs_form = QFormLayout(costs)
        self.price_spin = QDoubleSpinBox()
        self.price_spin.setDecimals(4)
        self.price_spin.setRange(0, 99)
        self.price_spin.setSingleStep(0.005)
        self.price_spin.setValue(self.summary.price_per_part if self.summary else 0.045)
        costs_form.addRow(self.tr("Price per message part"), self.price_spin)
        self.rate_spin = QDoubleSpinBox()
        self.rate_spin.setRange(0.1, 10000)
        self.rate_spin.setDecimals(1)
        self.rate_spin.setSuffix(self.tr(" /s"))
        self.rate_spin.setValue(
            self.summary.rate_per_second
            if self.summary
            else (1.0 if kind == "twilio" else 10.0 if kind == "http" else 50.0)
        )
        costs_form.addRow(self.tr("Send rate"), self.rate_spin)
        self.batch_spin = QSpinBox()
        self.batch_spin.setRange(1, cls.max_batch)
        self.batch_spin.setValue(
            self.summary.batch_size if self.summary else (1 if kind == "aliyun" else cls.max_batch)
        )
        self.batch_spin.setEnabled(cls.max_batch > 1)
        costs_form.addRow(self.tr("Recipients per request"), self.batch_spin)
        body_layout.addWidget(costs)

        self.endpoint_edit = QLineEdit(self.summary.endpoint if self.summary else "")
        self.endpoint_edit.setPlaceholderText(
            self.tr("Optional: https://… (http only to this computer)")
        )
        if kind != "sandbox":
            advanced.addRow(self.tr("Endpoint override"), self.endpoint_edit)
        if advanced.rowCount():
            body_layout.addWidget(advanced_box)
        body_layout.addStretch(1)
        self.scroll.setWidget(body)

    def _field_widget(self, spec: SettingField, value: Any) -> QWidget:
        if spec.kind == "bool":
            box = QCheckBox()
            box.setChecked(bool(value))
            return box
        if spec.kind == "choice":
            combo = QComboBox()
            for choice in spec.choices:
                combo.addItem(choice_label(choice), choice)
            index = combo.findData(str(value))
            combo.setCurrentIndex(max(index, 0))
            return combo
        if spec.kind == "json":
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(78)
            if value not in (None, "", {}):
                edit.setPlainText(
                    json.dumps(value, ensure_ascii=False, indent=1)
                    if not isinstance(value, str)
                    else value
                )
            return edit
        return QLineEdit("" if value in (None, "") else str(value))

    @staticmethod
    def _field_value(widget: QWidget) -> Any:
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        if isinstance(widget, QLineEdit):
            return widget.text().strip()
        return None

    # -- input ---------------------------------------------------------------------------

    def set_field(self, key: str, value: Any) -> None:
        """Fill one setting field (tests, and pre-filled demos)."""
        widget = self._fields[key]
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(widget.findData(value))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(
                value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            )
        elif isinstance(widget, QLineEdit):
            widget.setText(str(value))

    def collect(self) -> AccountInput | None:
        name = self.name_edit.text().strip()
        if not name:
            self.show_error(self.tr("Please enter a name for the account."))
            return None
        cls = provider_class(self.kind)
        settings: dict[str, Any] = {}
        for spec in cls.setting_fields:
            value = self._field_value(self._fields[spec.key])
            if value in ("", None):
                if spec.required:
                    self.show_error(
                        self.tr("Please fill in: %1").replace(
                            "%1", setting_label(self.kind, spec.key)
                        )
                    )
                    return None
                continue
            settings[spec.key] = value
        secret = self.secret_edit.text()
        needs_new_secret = cls.needs_secret and (
            self.summary is None or not self.summary.has_secret
        )
        if needs_new_secret and not secret:
            self.show_error(self.tr("Please enter the %1.").replace("%1", secret_label(self.kind)))
            return None
        return AccountInput(
            account_id=self.summary.id if self.summary else None,
            name=name,
            kind=self.kind,
            settings=settings,
            secret=secret,
            endpoint=self.endpoint_edit.text().strip(),
            price_per_part=self.price_spin.value(),
            rate_per_second=self.rate_spin.value(),
            batch_size=self.batch_spin.value(),
        )

    @Slot()
    def _on_buttons_accepted(self) -> None:
        values = self.collect()
        if values is None:
            return
        self.error_label.hide()
        self.set_busy(True)
        self.submitted.emit(values)

    def set_busy(self, busy: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not busy)

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.error_label.setText(text)
        self.error_label.show()
