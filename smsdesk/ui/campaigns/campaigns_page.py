"""The campaigns page: every campaign with its state and health figures, the actions that
move it along, and the wizard that plans a new one."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QIcon, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smsdesk.core.campaigns.overview import CampaignSummary
from smsdesk.core.campaigns.plan import CampaignPlan
from smsdesk.core.enums import CampaignState, MessageState
from smsdesk.ui.app_context import AppContext
from smsdesk.ui.campaigns import background
from smsdesk.ui.campaigns.campaign_wizard import CampaignWizard
from smsdesk.ui.campaigns.errors import error_text
from smsdesk.ui.campaigns.labels import (
    pause_label,
    percent,
    schedule_label,
    state_label,
    warning_label,
)
from smsdesk.ui.campaigns.redeem_dialog import RedeemDialog
from smsdesk.ui.pages.base import Page
from smsdesk.ui.widgets.empty_state import EmptyState

REFRESH_DOMAINS = {"campaigns", "messages", "replies", "templates", "contacts", "optouts"}
STATE_COLOURS = {
    "running": "#1b5e20",
    "paused": "#b26a00",
    "scheduled": "#0d47a1",
    "cancelled": "#757575",
    "completed": "#424242",
    "draft": "#616161",
}


class CampaignsPage(Page):
    page_id = "campaigns"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.summaries: list[CampaignSummary] = []
        self.wizard: CampaignWizard | None = None
        self.dialog: QWidget | None = None
        self._loading = False
        self._again = False
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(300)
        self._refresh_timer.timeout.connect(self.refresh)
        self._build()
        ctx.data_changed.connect(self._on_ctx_data_changed)

    def page_title(self) -> str:
        return self.tr("Campaigns")

    def page_icon(self) -> QIcon:
        return self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay)

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        header = QHBoxLayout()
        title = QLabel(self.page_title())
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        header.addWidget(title)
        header.addStretch(1)
        self.new_button = QPushButton(self.tr("New campaign…"))
        self.new_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self.new_button.clicked.connect(self.open_wizard)
        self.redeem_button = QPushButton(self.tr("Redeem codes…"))
        self.redeem_button.clicked.connect(self._on_redeem_clicked)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload)
        )
        self.refresh_button.clicked.connect(self.refresh)
        for button in (self.new_button, self.redeem_button, self.refresh_button):
            header.addWidget(button)
        layout.addLayout(header)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

        self.stack = QStackedWidget()
        self.empty = EmptyState(
            self.page_icon(),
            self.tr("No campaigns yet"),
            self.tr(
                "Plan a campaign: audience, template, send window. The pre-flight report shows who gets it and what it costs before anything is sent."
            ),
            self.tr("New campaign…"),
        )
        self.empty.action_clicked.connect(self.open_wizard)
        self.stack.addWidget(self.empty)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.model = QStandardItemModel(0, 9, self)
        self.model.setHorizontalHeaderLabels(
            [
                self.tr("Campaign"),
                self.tr("State"),
                self.tr("Schedule"),
                self.tr("Queued"),
                self.tr("Delivered"),
                self.tr("Failed"),
                self.tr("Opt-outs"),
                self.tr("Complaints"),
                self.tr("Redeemed"),
            ]
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        splitter.addWidget(self.table)
        splitter.addWidget(self._build_details())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.stack.addWidget(splitter)
        self.list_view = splitter
        layout.addWidget(self.stack, 1)
        self._update_actions()

    def _build_details(self) -> QWidget:
        box = QGroupBox(self.tr("Selected campaign"))
        layout = QVBoxLayout(box)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.banner.hide()
        layout.addWidget(self.banner)
        row = QHBoxLayout()
        form = QFormLayout()
        self.detail_labels: dict[str, QLabel] = {}
        for key, text in (
            ("templates", self.tr("Template:")),
            ("window", self.tr("Send window:")),
            ("period", self.tr("Runs:")),
            ("sent", self.tr("Sent / delivered:")),
            ("rates", self.tr("Delivery / reply rate:")),
            ("health", self.tr("Opt-out / complaint rate:")),
            ("cost", self.tr("Cost so far:")),
        ):
            label = QLabel()
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.detail_labels[key] = label
            form.addRow(text, label)
        row.addLayout(form, 1)
        self.variants = QTableWidget(0, 6)
        self.variants.setHorizontalHeaderLabels(
            [
                self.tr("Variant"),
                self.tr("Share"),
                self.tr("Delivered"),
                self.tr("Replies"),
                self.tr("Opt-outs"),
                self.tr("Redeemed"),
            ]
        )
        self.variants.verticalHeader().hide()
        self.variants.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.variants.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.variants.setMaximumHeight(190)
        row.addWidget(self.variants, 1, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        layout.addStretch(1)
        actions = QHBoxLayout()
        self.start_button = QPushButton(self.tr("Start"))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.resume_button = QPushButton(self.tr("Resume"))
        self.cancel_button = QPushButton(self.tr("Cancel campaign"))
        style = self.style()
        self.start_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.pause_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaPause))
        self.resume_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.cancel_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaStop))
        self.start_button.clicked.connect(lambda: self._change("start"))
        self.pause_button.clicked.connect(lambda: self._change("pause"))
        self.resume_button.clicked.connect(lambda: self._change("resume"))
        self.cancel_button.clicked.connect(lambda: self._change("cancel"))
        actions.addStretch(1)
        for button in (
            self.start_button,
            self.pause_button,
            self.resume_button,
            self.cancel_button,
        ):
            actions.addWidget(button)
        layout.addLayout(actions)
        return box

    # -- loading -------------------------------------------------------------------------

    def refresh(self) -> None:
        if self._loading:
            self._again = True
            return
        self._loading = True
        background.start(
            self.ctx,
            "campaigns-load",
            background.load_summaries,
            self.ctx.db,
            succeeded=self._on_load_succeeded,
            failed=self._on_load_failed,
        )

    @Slot(object)
    def _on_load_succeeded(self, summaries: object) -> None:
        assert isinstance(summaries, list)
        self._loading = False
        selected = self.selected_id()
        self.summaries = summaries
        self._fill(summaries)
        self.stack.setCurrentWidget(self.list_view if summaries else self.empty)
        self.select(selected if selected is not None else (summaries[0].id if summaries else None))
        if self._again:
            self._again = False
            self.refresh()

    @Slot(object, str)
    def _on_load_failed(self, error: BaseException, _details: str) -> None:
        self._loading = False
        self._show_message(error_text(error), error=True)

    def _fill(self, summaries: list[CampaignSummary]) -> None:
        number = QLocale().toString
        self.model.removeRows(0, self.model.rowCount())
        for summary in summaries:
            figures = summary.figures
            state = QStandardItem(state_label(summary.state))
            state.setForeground(QColor(STATE_COLOURS.get(summary.state, "#000000")))
            if summary.paused is not None:
                state.setToolTip(pause_label(summary.paused.code, summary.paused.params))
            name = QStandardItem(summary.name)
            name.setData(summary.id, Qt.ItemDataRole.UserRole)
            if summary.warning[0] or (summary.paused and summary.paused.code != "user"):
                name.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
            cells = [
                name,
                state,
                QStandardItem(schedule_label(summary.schedule)),
                QStandardItem(number(figures.count(MessageState.QUEUED))),
                QStandardItem(number(figures.count(MessageState.DELIVERED))),
                QStandardItem(number(figures.count(MessageState.FAILED))),
                QStandardItem(f"{number(figures.opt_outs)} ({percent(figures.opt_out_rate)})"),
                QStandardItem(f"{number(figures.complaints)} ({percent(figures.complaint_rate)})"),
                QStandardItem(number(figures.redemptions)),
            ]
            for cell in cells[3:]:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow(cells)

    # -- selection and details -------------------------------------------------------------

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        value = self.model.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        return int(value) if value is not None else None

    def select(self, campaign_id: int | None) -> None:
        for row in range(self.model.rowCount()):
            if self.model.item(row, 0).data(Qt.ItemDataRole.UserRole) == campaign_id:
                self.table.selectRow(row)
                return
        self._show_details(None)

    def selected(self) -> CampaignSummary | None:
        campaign_id = self.selected_id()
        return next((s for s in self.summaries if s.id == campaign_id), None)

    @Slot()
    def _on_selection_changed(self) -> None:
        self._show_details(self.selected())

    def _show_details(self, summary: CampaignSummary | None) -> None:
        self._update_actions()
        labels = self.detail_labels
        if summary is None:
            for label in labels.values():
                label.setText("")
            self.banner.hide()
            self.variants.setRowCount(0)
            return
        number = QLocale().toString
        figures = summary.figures
        labels["templates"].setText(", ".join(summary.template_names))
        labels["window"].setText(summary.window)
        labels["period"].setText(
            f"{schedule_label(summary.schedule)}  ·  "
            f"{background.local_text(summary.starts_at)} → {background.local_text(summary.ends_at)}"
        )
        labels["sent"].setText(
            f"{number(figures.sent)} / {number(figures.count(MessageState.DELIVERED))}"
        )
        labels["rates"].setText(f"{percent(figures.delivery_rate)} / {percent(figures.reply_rate)}")
        labels["health"].setText(
            f"{percent(figures.opt_out_rate)} / {percent(figures.complaint_rate)}"
        )
        labels["cost"].setText(QLocale().toCurrencyString(figures.cost, "¥"))
        notes = []
        if summary.paused is not None:
            notes.append(pause_label(summary.paused.code, summary.paused.params))
        if summary.warning[0]:
            notes.append(warning_label(*summary.warning))
        if summary.missed_runs:
            notes.append(
                self.tr("Not sent while SMSDesk was closed (not sent late): %1").replace(
                    "%1", ", ".join(summary.missed_runs)
                )
            )
        if notes:
            self.banner.setText("\n".join(notes))
            self.banner.setStyleSheet(
                "background: #fff4e5; color: #5f3b00; border-radius: 6px; padding: 8px;"
            )
            self.banner.show()
        else:
            self.banner.hide()
        self.variants.setRowCount(len(summary.variants))
        for row, variant in enumerate(summary.variants):
            vf = variant.figures
            values = [
                variant.label,
                f"{variant.split_percent}%",
                percent(vf.delivery_rate),
                percent(vf.reply_rate),
                percent(vf.opt_out_rate),
                percent(vf.redemption_rate),
            ]
            for column, value in enumerate(values):
                self.variants.setItem(row, column, QTableWidgetItem(value))
        self.variants.setVisible(bool(summary.variants))

    def _update_actions(self) -> None:
        summary = self.selected()
        state = summary.state if summary else ""
        self.start_button.setVisible(state == CampaignState.DRAFT)
        self.pause_button.setVisible(state in (CampaignState.SCHEDULED, CampaignState.RUNNING))
        self.resume_button.setVisible(state == CampaignState.PAUSED)
        self.cancel_button.setVisible(
            state
            in (
                CampaignState.DRAFT,
                CampaignState.SCHEDULED,
                CampaignState.RUNNING,
                CampaignState.PAUSED,
            )
        )

    # -- actions -------------------------------------------------------------------------

    def _change(self, action: str) -> None:
        summary = self.selected()
        if summary is None:
            return
        background.start(
            self.ctx,
            f"campaign-{action}",
            background.change_state,
            self.ctx.db,
            summary.id,
            action,
            succeeded=self._on_change_succeeded,
            failed=self._on_task_failed,
        )

    @Slot(object)
    def _on_change_succeeded(self, state: object) -> None:
        self._show_message(
            self.tr("The campaign is now %1.").replace("%1", state_label(str(state))), error=False
        )
        self.ctx.notify("campaigns")
        self.ctx.notify("messages")

    @Slot(object, str)
    def _on_task_failed(self, error: BaseException, _details: str) -> None:
        self._show_message(error_text(error), error=True)

    def _show_message(self, text: str, *, error: bool) -> None:
        self.message.setStyleSheet("color: #c62828;" if error else "color: #1b5e20;")
        self.message.setText(text)
        self.message.show()

    @Slot()
    def open_wizard(self) -> None:
        background.start(
            self.ctx,
            "campaign-choices",
            background.load_choices,
            self.ctx.db,
            succeeded=self._on_choices_loaded,
            failed=self._on_task_failed,
        )

    @Slot(object)
    def _on_choices_loaded(self, choices: object) -> None:
        assert isinstance(choices, background.Choices)
        if not choices.templates:
            self._show_message(self.tr("Write a template first (Templates page)."), error=True)
            return
        self.wizard = CampaignWizard(self.ctx, choices, self)
        self.wizard.confirmed.connect(self._on_wizard_confirmed)
        self.wizard.open()

    @Slot(object)
    def _on_wizard_confirmed(self, plan: object) -> None:
        assert isinstance(plan, CampaignPlan)
        self._show_message(self.tr("Starting “%1”…").replace("%1", plan.name), error=False)
        background.start(
            self.ctx,
            "campaign-start",
            background.create_and_start,
            self.ctx.db,
            plan,
            succeeded=self._on_started,
            failed=self._on_task_failed,
        )

    @Slot(object)
    def _on_started(self, campaign_id: object) -> None:
        self._show_message(self.tr("Campaign started."), error=False)
        self.ctx.notify("campaigns")
        self.ctx.notify("messages")
        QTimer.singleShot(0, lambda: self.select(int(campaign_id)))  # type: ignore[call-overload]

    @Slot()
    def _on_redeem_clicked(self) -> None:
        dialog = RedeemDialog(self.ctx, self)
        self.dialog = dialog
        dialog.open()

    @Slot(str)
    def _on_ctx_data_changed(self, domain: str) -> None:
        if domain in REFRESH_DOMAINS and self._loaded:
            self._refresh_timer.start()
