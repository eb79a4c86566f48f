"""The campaign wizard: audience, content (with A/B variants), provider and throttle,
schedule and send window, end time, then the pre-flight report, which the user confirms."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, Qt, QTime, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from smsdesk.core.campaigns.audience import Audience
from smsdesk.core.campaigns.plan import LABELS, MAX_VARIANTS, CampaignPlan, Schedule, VariantPlan
from smsdesk.core.campaigns.preflight import PreflightReport
from smsdesk.core.campaigns.windows import SendWindow
from smsdesk.core.errors import SMSDeskError
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.campaigns import background
from smsdesk.ui.campaigns.background import Choices
from smsdesk.ui.campaigns.errors import error_text
from smsdesk.ui.campaigns.preflight_view import PreflightView
from smsdesk.ui.task_runner import Task

WEEKDAYS = 7


def _checked(widget: QListWidget) -> list[str]:
    return [
        widget.item(i).text()
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]


def _checkable_list(items: list[str]) -> QListWidget:
    widget = QListWidget()
    widget.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    for text in items:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)
    widget.setMinimumHeight(120)
    return widget


def _utc(value: QDateTime) -> datetime:
    return value.toPython().astimezone().astimezone(UTC)  # type: ignore[no-any-return]


class AudiencePage(QWizardPage):
    def __init__(self, choices: Choices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Name and audience"))
        self.setSubTitle(
            self.tr(
                "Who should get this campaign? Choose saved segments or tags; contacts in an excluded tag never get it."
            )
        )
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Weekend sale"))
        self.name.textChanged.connect(self.completeChanged)
        form.addRow(self.tr("Campaign name:"), self.name)
        layout.addLayout(form)
        self.everyone = QCheckBox(self.tr("Every contact in the book"))
        self.everyone.toggled.connect(self.completeChanged)
        layout.addWidget(self.everyone)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.addWidget(QLabel(self.tr("Segments")), 0, 0)
        grid.addWidget(QLabel(self.tr("Tags")), 0, 1)
        grid.addWidget(QLabel(self.tr("Leave out contacts tagged")), 0, 2)
        self.segments = _checkable_list(choices.segments)
        self.tags = _checkable_list(choices.tags)
        self.exclude = _checkable_list(choices.tags)
        for column, widget in enumerate((self.segments, self.tags, self.exclude)):
            widget.itemChanged.connect(self.completeChanged)
            grid.addWidget(widget, 1, column)
        layout.addLayout(grid)
        self.everyone.toggled.connect(self._on_everyone_toggled)

    @Slot(bool)
    def _on_everyone_toggled(self, checked: bool) -> None:
        self.segments.setEnabled(not checked)
        self.tags.setEnabled(not checked)

    def audience(self) -> Audience:
        return Audience(
            segments=tuple(_checked(self.segments)),
            tags=tuple(_checked(self.tags)),
            exclude_tags=tuple(_checked(self.exclude)),
            everyone=self.everyone.isChecked(),
        )

    def isComplete(self) -> bool:
        return bool(self.name.text().strip()) and not self.audience().empty


class ContentPage(QWizardPage):
    def __init__(self, choices: Choices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices
        self.setTitle(self.tr("Message"))
        self.setSubTitle(
            self.tr(
                "Pick the template. For an A/B test add up to four more; each gets a random, repeatable share of the audience."
            )
        )
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Template"), self.tr("Share %")])
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(
            0, self.table.horizontalHeader().ResizeMode.Stretch
        )
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add A/B variant"))
        self.remove_button = QPushButton(self.tr("Remove last variant"))
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.total = QLabel()
        self.total.setWordWrap(True)
        layout.addWidget(self.total)
        winner = QHBoxLayout()
        self.winner_label = QLabel(self.tr("Send the best variant to the rest at:"))
        self.winner_at = QDateTimeEdit(QDateTime.currentDateTime().addDays(1))
        self.winner_at.setCalendarPopup(True)
        self.winner_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        winner.addWidget(self.winner_label)
        winner.addWidget(self.winner_at)
        winner.addStretch(1)
        layout.addLayout(winner)
        self._add_row(100)
        self._update()

    def _add_row(self, share: int) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        combo = QComboBox()
        for template_id, name, kind in self.choices.templates:
            suffix = "  " + self.tr("(service message)") if kind == "service" else ""
            combo.addItem(name + suffix, template_id)
        combo.currentIndexChanged.connect(self.completeChanged)
        spin = QSpinBox()
        spin.setRange(1, 100)
        spin.setSuffix(" %")
        spin.setValue(share)
        spin.valueChanged.connect(self._update)
        self.table.setCellWidget(row, 0, combo)
        self.table.setCellWidget(row, 1, spin)
        self.table.setVerticalHeaderItem(row, QTableWidgetItem(LABELS[row]))

    @Slot()
    def _on_add_clicked(self) -> None:
        count = self.table.rowCount() + 1
        share = 100 // count
        for row in range(self.table.rowCount()):
            self._spin(row).setValue(share)
        self._add_row(100 - share * (count - 1))
        self._update()

    @Slot()
    def _on_remove_clicked(self) -> None:
        if self.table.rowCount() > 1:
            self.table.removeRow(self.table.rowCount() - 1)
            count = self.table.rowCount()
            for row in range(count):
                self._spin(row).setValue(100 // count + (100 % count if row == 0 else 0))
            self._update()

    def _spin(self, row: int) -> QSpinBox:
        widget = self.table.cellWidget(row, 1)
        assert isinstance(widget, QSpinBox)
        return widget

    def _combo(self, row: int) -> QComboBox:
        widget = self.table.cellWidget(row, 0)
        assert isinstance(widget, QComboBox)
        return widget

    @Slot()
    def _update(self) -> None:
        total = sum(self._spin(r).value() for r in range(self.table.rowCount()))
        self.add_button.setEnabled(self.table.rowCount() < MAX_VARIANTS)
        self.remove_button.setEnabled(self.table.rowCount() > 1)
        rest = total < 100
        self.winner_label.setVisible(rest)
        self.winner_at.setVisible(rest)
        if total > 100:
            self.total.setText(
                self.tr("The shares add up to %1%: at most 100%.").replace("%1", str(total))
            )
        elif rest:
            self.total.setText(
                self.tr(
                    "%1% of the audience is in the test; the other %2% gets the best variant later."
                )
                .replace("%1", str(total))
                .replace("%2", str(100 - total))
            )
        else:
            self.total.setText("")
        self.completeChanged.emit()

    def variants(self) -> tuple[VariantPlan, ...]:
        return tuple(
            VariantPlan(
                template_id=int(self._combo(r).currentData()),
                split_percent=self._spin(r).value(),
                label=LABELS[r],
            )
            for r in range(self.table.rowCount())
            if self._combo(r).currentData() is not None
        )

    def winner_time(self) -> datetime | None:
        total = sum(self._spin(r).value() for r in range(self.table.rowCount()))
        return _utc(self.winner_at.dateTime()) if total < 100 else None

    def isComplete(self) -> bool:
        total = sum(self._spin(r).value() for r in range(self.table.rowCount()))
        return (
            bool(self.choices.templates)
            and total <= 100
            and len(self.variants()) == self.table.rowCount()
        )


class DeliveryPage(QWizardPage):
    def __init__(self, choices: Choices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Provider and speed"))
        self.setSubTitle(
            self.tr(
                "Which provider account sends it, and how fast. The template must be approved on that account."
            )
        )
        form = QFormLayout(self)
        self.account = QComboBox()
        for account_id, name, active in choices.accounts:
            label = name + ("  " + self.tr("(in use)") if active else "")
            self.account.addItem(label, account_id)
            if active:
                self.account.setCurrentIndex(self.account.count() - 1)
        form.addRow(self.tr("Provider account:"), self.account)
        self.throttle = QSpinBox()
        self.throttle.setRange(0, 100_000)
        self.throttle.setSingleStep(60)
        self.throttle.setSpecialValueText(self.tr("As fast as the account allows"))
        self.throttle.setSuffix(self.tr(" per minute"))
        form.addRow(self.tr("At most:"), self.throttle)
        note = QLabel(
            self.tr(
                "A slower pace spreads the replies your staff must answer; messages that do not fit in today's window wait for tomorrow's."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        form.addRow(note)

    def account_id(self) -> int | None:
        data = self.account.currentData()
        return int(data) if data is not None else None

    def throttle_per_minute(self) -> int | None:
        return self.throttle.value() or None


class SchedulePage(QWizardPage):
    KINDS = ("now", "at", "daily", "weekly", "birthday", "since_purchase")

    def __init__(self, choices: Choices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("When"))
        self.setSubTitle(
            self.tr(
                "Messages go out in each recipient's own time zone, only inside the send window."
            )
        )
        layout = QVBoxLayout(self)
        when = QGroupBox(self.tr("Schedule"))
        grid = QGridLayout(when)
        self.kind_group = QButtonGroup(self)
        labels = {
            "now": self.tr("Right away"),
            "at": self.tr("Once, at"),
            "daily": self.tr("Every day at"),
            "weekly": self.tr("Every week on the days below, at"),
            "birthday": self.tr("On each contact's birthday, at"),
            "since_purchase": self.tr("Days after the last purchase:"),
        }
        self.kind_buttons: dict[str, QRadioButton] = {}
        for row, kind in enumerate(self.KINDS):
            button = QRadioButton(labels[kind])
            self.kind_group.addButton(button, row)
            self.kind_buttons[kind] = button
            grid.addWidget(button, row, 0)
        self.kind_buttons["now"].setChecked(True)
        self.at = QDateTimeEdit(QDateTime.currentDateTime().addSecs(3600))
        self.at.setCalendarPopup(True)
        self.at.setDisplayFormat("yyyy-MM-dd HH:mm")
        grid.addWidget(self.at, 1, 1)
        self.time = QTimeEdit(QTime(10, 0))
        self.time.setDisplayFormat("HH:mm")
        grid.addWidget(self.time, 2, 1, 3, 1)
        self.days = QSpinBox()
        self.days.setRange(1, 365)
        self.days.setValue(30)
        grid.addWidget(self.days, 5, 1)
        weekdays = QHBoxLayout()
        self.weekdays: list[QCheckBox] = []
        names = [
            self.tr("Mon"),
            self.tr("Tue"),
            self.tr("Wed"),
            self.tr("Thu"),
            self.tr("Fri"),
            self.tr("Sat"),
            self.tr("Sun"),
        ]
        for index, name in enumerate(names):
            box = QCheckBox(name)
            box.setChecked(index == 5)
            self.weekdays.append(box)
            weekdays.addWidget(box)
        weekdays.addStretch(1)
        grid.addLayout(weekdays, 6, 0, 1, 2)
        grid.setColumnStretch(2, 1)
        layout.addWidget(when)

        window = QGroupBox(self.tr("Send window (recipient local time)"))
        window_layout = QGridLayout(window)
        self.window_start = QTimeEdit(QTime.fromString(choices.window[0], "HH:mm"))
        self.window_end = QTimeEdit(QTime.fromString(choices.window[1], "HH:mm"))
        for edit in (self.window_start, self.window_end):
            edit.setDisplayFormat("HH:mm")
            edit.setMinimumTime(QTime(8, 0))
            edit.setMaximumTime(QTime(21, 0))
        window_layout.addWidget(QLabel(self.tr("From")), 0, 0)
        window_layout.addWidget(self.window_start, 0, 1)
        window_layout.addWidget(QLabel(self.tr("to")), 0, 2)
        window_layout.addWidget(self.window_end, 0, 3)
        window_layout.setColumnStretch(4, 1)
        quiet = QLabel(
            self.tr(
                "No marketing between 21:00 and 08:00 in the recipient's time zone: the law (and the US TCPA) forbids it, so the window cannot reach into those hours."
            )
        )
        quiet.setWordWrap(True)
        quiet.setStyleSheet("color: palette(placeholder-text);")
        window_layout.addWidget(quiet, 1, 0, 1, 5)
        layout.addWidget(window)

        end = QGroupBox(self.tr("End"))
        end_layout = QHBoxLayout(end)
        self.has_end = QCheckBox(self.tr("Messages not sent by"))
        self.has_end.setChecked(True)
        self.ends = QDateTimeEdit(QDateTime.currentDateTime().addDays(3))
        self.ends.setCalendarPopup(True)
        self.ends.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.has_end.toggled.connect(self.ends.setEnabled)
        end_layout.addWidget(self.has_end)
        end_layout.addWidget(self.ends)
        end_layout.addWidget(QLabel(self.tr("expire.")))
        end_layout.addStretch(1)
        layout.addWidget(end)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.kind_group.idToggled.connect(self._on_kind_toggled)
        self._on_kind_toggled(0, True)

    @Slot(int, bool)
    def _on_kind_toggled(self, _id: int, _checked: bool) -> None:
        kind = self.kind()
        self.at.setEnabled(kind == "at")
        self.time.setEnabled(kind in Schedule.RECURRING)
        self.days.setEnabled(kind == "since_purchase")
        for box in self.weekdays:
            box.setEnabled(kind == "weekly")

    def kind(self) -> str:
        return self.KINDS[max(self.kind_group.checkedId(), 0)]

    def schedule(self) -> Schedule:
        return Schedule(
            type=self.kind(),
            time=self.time.time().toString("HH:mm"),
            weekdays=tuple(i for i, box in enumerate(self.weekdays) if box.isChecked()),
            days=self.days.value(),
        )

    def window(self) -> SendWindow:
        return SendWindow.from_strings(
            self.window_start.time().toString("HH:mm"), self.window_end.time().toString("HH:mm")
        )

    def starts_at(self) -> datetime | None:
        return _utc(self.at.dateTime()) if self.kind() == "at" else None

    def ends_at(self) -> datetime | None:
        return _utc(self.ends.dateTime()) if self.has_end.isChecked() else None

    def validatePage(self) -> bool:
        try:
            self.window()
            self.schedule().validate()
        except SMSDeskError as exc:
            self.error.setText(error_text(exc))
            return False
        self.error.setText("")
        return True


class PreflightPage(QWizardPage):
    """Runs the pre-flight in the background; the user confirms the report to finish."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: PreflightReport | None = None
        self.task: Task | None = None
        self.setTitle(self.tr("Pre-flight check"))
        self.setSubTitle(
            self.tr(
                "Nothing has been sent or queued. Check who gets the campaign and what it costs, then confirm."
            )
        )
        layout = QVBoxLayout(self)
        progress_row = QHBoxLayout()
        self.status = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.cancel_button = QPushButton(self.tr("Cancel check"))
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        progress_row.addWidget(self.status)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        layout.addLayout(progress_row)
        self.view = PreflightView()
        self.view.hide()
        layout.addWidget(self.view, 1)
        self.confirm = QCheckBox(
            self.tr("I have checked this report and want to start the campaign")
        )
        self.confirm.toggled.connect(self.completeChanged)
        self.confirm.setEnabled(False)
        layout.addWidget(self.confirm)

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, CampaignWizard)
        self.report = None
        self.confirm.setChecked(False)
        self.confirm.setEnabled(False)
        self.view.hide()
        try:
            plan = wizard.plan()
        except SMSDeskError as exc:
            self._show_problem(error_text(exc))
            return
        self.status.setText(self.tr("Checking the audience…"))
        self.progress.show()
        self.cancel_button.show()
        self.task = background.start(
            self.ctx,
            "campaign-preflight",
            background.run_preflight,
            self.ctx.db,
            plan,
            with_progress=True,
            succeeded=self._on_task_succeeded,
            failed=self._on_task_failed,
        )
        self.task.cancelled.connect(self._on_task_cancelled)

    def cleanupPage(self) -> None:
        if self.task is not None:
            self.task.cancel()
        super().cleanupPage()

    @Slot()
    def _on_cancel_clicked(self) -> None:
        if self.task is not None:
            self.task.cancel()

    @Slot(object)
    def _on_task_succeeded(self, report: object) -> None:
        assert isinstance(report, PreflightReport)
        self.task = None
        self.report = report
        self.progress.hide()
        self.cancel_button.hide()
        self.view.show_report(report)
        self.view.show()
        if report.ok and report.eligible:
            self.status.setText(self.tr("Ready."))
            self.confirm.setEnabled(True)
        elif report.ok:
            self.status.setText(self.tr("Nobody in this audience can receive it now."))
        else:
            self.status.setText(self.tr("Fix the problems above before starting."))
        self.completeChanged.emit()

    @Slot(object, str)
    def _on_task_failed(self, error: BaseException, _details: str) -> None:
        self.task = None
        self._show_problem(error_text(error))

    @Slot()
    def _on_task_cancelled(self) -> None:
        self.task = None
        self._show_problem(self.tr("Check cancelled. Go back and forth to run it again."))

    def _show_problem(self, text: str) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.status.setText(text)
        self.status.setStyleSheet("color: #c62828;")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return (
            self.report is not None
            and self.report.ok
            and self.report.eligible > 0
            and self.confirm.isChecked()
        )


class CampaignWizard(QWizard):
    """Signals:
    confirmed(plan: object) -- the user confirmed the pre-flight; start this CampaignPlan
    """

    confirmed = Signal(object)

    def __init__(self, ctx: AppContext, choices: Choices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("New campaign"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Start campaign"))
        self.audience_page = AudiencePage(choices)
        self.content_page = ContentPage(choices)
        self.delivery_page = DeliveryPage(choices)
        self.schedule_page = SchedulePage(choices)
        self.preflight_page = PreflightPage(ctx)
        for page in (
            self.audience_page,
            self.content_page,
            self.delivery_page,
            self.schedule_page,
            self.preflight_page,
        ):
            self.addPage(page)
        self.resize(860, 680)
        self.accepted.connect(self._on_accepted)

    def plan(self) -> CampaignPlan:
        schedule = self.schedule_page
        starts_at = schedule.starts_at()
        ends_at = schedule.ends_at()
        return CampaignPlan(
            name=self.audience_page.name.text().strip(),
            variants=self.content_page.variants(),
            audience=self.audience_page.audience(),
            provider_account_id=self.delivery_page.account_id(),
            window=schedule.window(),
            schedule=schedule.schedule(),
            throttle_per_minute=self.delivery_page.throttle_per_minute(),
            starts_at=starts_at,
            ends_at=ends_at,
            ab_winner_at=self.content_page.winner_time(),
        )

    @Slot()
    def _on_accepted(self) -> None:
        self.confirmed.emit(self.plan())
