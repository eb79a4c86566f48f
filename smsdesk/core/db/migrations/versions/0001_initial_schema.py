"""Initial schema: contacts, consent, content, providers, campaigns, outbox, audit.

Revision ID: 0001
Revises: 
Create Date: 2026-11-29 23:29:12.767987
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import smsdesk.core.db.models.base

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_at', ['at'], unique=False)

    op.create_table('consent_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('e164', sa.String(length=20), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('scope', sa.String(length=10), nullable=False),
    sa.Column('method', sa.String(length=12), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('consented_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.Column('recorded_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.Column('evidence_text', sa.Text(), nullable=False),
    sa.Column('evidence_file', sa.String(length=300), nullable=False),
    sa.Column('evidence_sha256', sa.String(length=64), nullable=False),
    sa.Column('recorded_by', sa.String(length=80), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_records')),
    sa.UniqueConstraint('hash', name=op.f('uq_consent_records_hash')),
    sa.UniqueConstraint('prev_hash', name=op.f('uq_consent_records_prev_hash'))
    )
    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.create_index('ix_consent_records_e164', ['e164', 'id'], unique=False)

    op.create_table('contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('e164', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('region', sa.String(length=2), nullable=False),
    sa.Column('carrier', sa.String(length=10), nullable=False),
    sa.Column('province', sa.String(length=40), nullable=False),
    sa.Column('city', sa.String(length=40), nullable=False),
    sa.Column('timezone', sa.String(length=40), nullable=False),
    sa.Column('tier', sa.String(length=10), nullable=False),
    sa.Column('tier_override', sa.String(length=10), nullable=True),
    sa.Column('consent_scope', sa.String(length=10), nullable=False),
    sa.Column('opted_out', sa.Boolean(), nullable=False),
    sa.Column('suspect', sa.Boolean(), nullable=False),
    sa.Column('consecutive_failures', sa.Integer(), nullable=False),
    sa.Column('birthday', sa.Date(), nullable=True),
    sa.Column('first_purchase_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=True),
    sa.Column('last_purchase_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=True),
    sa.Column('purchase_count', sa.Integer(), nullable=False),
    sa.Column('purchase_total_cents', sa.Integer(), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('created_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint("e164 LIKE '+%'", name=op.f('ck_contacts_e164_plus')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts')),
    sa.UniqueConstraint('e164', name=op.f('uq_contacts_e164'))
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index('ix_contacts_carrier', ['carrier'], unique=False)
        batch_op.create_index('ix_contacts_consent_scope', ['consent_scope'], unique=False)
        batch_op.create_index('ix_contacts_name', ['name'], unique=False)
        batch_op.create_index('ix_contacts_province', ['province'], unique=False)
        batch_op.create_index('ix_contacts_tier', ['tier'], unique=False)

    op.create_table('custom_fields',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('created_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_custom_fields')),
    sa.UniqueConstraint('key', name=op.f('uq_custom_fields_key'))
    )
    op.create_table('opt_outs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('e164', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('created_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.Column('removed_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=True),
    sa.Column('removed_reason', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opt_outs'))
    )
    with op.batch_alter_table('opt_outs', schema=None) as batch_op:
        batch_op.create_index('ix_opt_outs_e164', ['e164'], unique=False)
        batch_op.create_index('uq_opt_outs_active_e164', ['e164'], unique=True, sqlite_where=sa.text('removed_at IS NULL'), postgresql_where=sa.text('removed_at IS NULL'))

    op.create_table('provider_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('endpoint', sa.String(length=300), nullable=False),
    sa.Column('price_per_part', sa.Float(), nullable=False),
    sa.Column('rate_per_second', sa.Float(), nullable=False),
    sa.Column('batch_size', sa.Integer(), nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('paused_reason', sa.Text(), nullable=False),
    sa.Column('last_pull_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=True),
    sa.Column('pull_cursor', sa.JSON(), nullable=False),
    sa.Column('created_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provider_accounts')),
    sa.UniqueConstraint('name', name=op.f('uq_provider_accounts_name'))
    )
    op.create_table('segments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('filter', sa.JSON(), nullable=False),
    sa.Column('created_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_segments')),
    sa.UniqueConstraint('name', name=op.f('uq_segments_name'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=20), nullable=False),
    sa.Column('company', sa.String(length=120), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signatures')),
    sa.UniqueConstraint('name', name=op.f('uq_signatures_name'))
    )
    op.create_table('tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('color', sa.String(length=9), nullable=False),
    sa.Column('created_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tags')),
    sa.UniqueConstraint('name', name=op.f('uq_tags_name'))
    )
    op.create_table('contact_tags',
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_contact_tags_contact_id_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_contact_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('contact_id', 'tag_id', name=op.f('pk_contact_tags'))
    )
    with op.batch_alter_table('contact_tags', schema=None) as batch_op:
        batch_op.create_index('ix_contact_tags_tag_id', ['tag_id', 'contact_id'], unique=False)

    op.create_table('purchases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('purchased_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=80), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_purchases_contact_id_contacts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchases'))
    )
    with op.batch_alter_table('purchases', schema=None) as batch_op:
        batch_op.create_index('ix_purchases_contact_id', ['contact_id', 'purchased_at'], unique=False)

    op.create_table('signature_approvals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('signature_id', sa.Integer(), nullable=False),
    sa.Column('provider_account_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('updated_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['provider_account_id'], ['provider_accounts.id'], name=op.f('fk_signature_approvals_provider_account_id_provider_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['signature_id'], ['signatures.id'], name=op.f('fk_signature_approvals_signature_id_signatures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signature_approvals')),
    sa.UniqueConstraint('signature_id', 'provider_account_id', name='signature_account')
    )
    op.create_table('templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('signature_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('ai_assisted', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('registered_items', sa.JSON(), nullable=False),
    sa.Column('created_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['signature_id'], ['signatures.id'], name=op.f('fk_templates_signature_id_signatures'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_templates')),
    sa.UniqueConstraint('name', name=op.f('uq_templates_name'))
    )
    op.create_table('campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=True),
    sa.Column('provider_account_id', sa.Integer(), nullable=True),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('schedule', sa.JSON(), nullable=False),
    sa.Column('window_start', sa.String(length=5), nullable=False),
    sa.Column('window_end', sa.String(length=5), nullable=False),
    sa.Column('throttle_per_minute', sa.Integer(), nullable=True),
    sa.Column('starts_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=True),
    sa.Column('ends_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=True),
    sa.Column('variables', sa.JSON(), nullable=False),
    sa.Column('ab_winner_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=True),
    sa.Column('paused_reason', sa.Text(), nullable=False),
    sa.Column('warning', sa.Text(), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('created_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['provider_account_id'], ['provider_accounts.id'], name=op.f('fk_campaigns_provider_account_id_provider_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['template_id'], ['templates.id'], name=op.f('fk_campaigns_template_id_templates'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns'))
    )
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.create_index('ix_campaigns_state', ['state'], unique=False)

    op.create_table('template_approvals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('provider_account_id', sa.Integer(), nullable=False),
    sa.Column('provider_code', sa.String(length=80), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('approved_text', sa.Text(), nullable=False),
    sa.Column('updated_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['provider_account_id'], ['provider_accounts.id'], name=op.f('fk_template_approvals_provider_account_id_provider_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['template_id'], ['templates.id'], name=op.f('fk_template_approvals_template_id_templates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_template_approvals')),
    sa.UniqueConstraint('template_id', 'provider_account_id', name='template_account')
    )
    op.create_table('campaign_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('run_key', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('queued', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_runs_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_runs'))
    )
    with op.batch_alter_table('campaign_runs', schema=None) as batch_op:
        batch_op.create_index('ix_campaign_runs_campaign', ['campaign_id', 'run_key'], unique=True)

    op.create_table('campaign_variants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=10), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=True),
    sa.Column('split_percent', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_variants_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['template_id'], ['templates.id'], name=op.f('fk_campaign_variants_template_id_templates'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_variants'))
    )
    with op.batch_alter_table('campaign_variants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_variants_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('our_ref', sa.String(length=40), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('variant_id', sa.Integer(), nullable=True),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('e164', sa.String(length=20), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=True),
    sa.Column('provider_account_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('variables', sa.JSON(), nullable=False),
    sa.Column('parts', sa.Integer(), nullable=False),
    sa.Column('cost', sa.Float(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=True),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('provider_message_id', sa.String(length=100), nullable=True),
    sa.Column('error_code', sa.String(length=60), nullable=False),
    sa.Column('error_message', sa.Text(), nullable=False),
    sa.Column('skip_reason', sa.String(length=40), nullable=False),
    sa.Column('not_before', smsdesk.core.db.models.base.UTCDateTime(), nullable=True),
    sa.Column('expires_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=True),
    sa.Column('created_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.Column('submitting_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=True),
    sa.Column('submitted_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=True),
    sa.Column('done_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_messages_campaign_id_campaigns'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_messages_contact_id_contacts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['provider_account_id'], ['provider_accounts.id'], name=op.f('fk_messages_provider_account_id_provider_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['run_id'], ['campaign_runs.id'], name=op.f('fk_messages_run_id_campaign_runs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['template_id'], ['templates.id'], name=op.f('fk_messages_template_id_templates'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['variant_id'], ['campaign_variants.id'], name=op.f('fk_messages_variant_id_campaign_variants'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_messages')),
    sa.UniqueConstraint('code', name=op.f('uq_messages_code')),
    sa.UniqueConstraint('our_ref', name=op.f('uq_messages_our_ref'))
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index('ix_messages_campaign_state', ['campaign_id', 'state'], unique=False)
        batch_op.create_index('ix_messages_contact_created', ['contact_id', 'kind', 'created_at', 'state', 'submitting_at', 'not_before'], unique=False)
        batch_op.create_index('ix_messages_e164_created', ['e164', 'created_at'], unique=False)
        batch_op.create_index('ix_messages_provider_id', ['provider_account_id', 'provider_message_id'], unique=False)
        batch_op.create_index('ix_messages_state_due', ['state', 'not_before'], unique=False)

    op.create_table('complaints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('e164', sa.String(length=20), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_complaints_campaign_id_campaigns'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_complaints_message_id_messages'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaints'))
    )
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaints_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('redemptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('redeemed_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_redemptions_campaign_id_campaigns'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_redemptions_message_id_messages'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_redemptions')),
    sa.UniqueConstraint('code', name=op.f('uq_redemptions_code'))
    )
    with op.batch_alter_table('redemptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_redemptions_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_redemptions_message_id'), ['message_id'], unique=False)

    op.create_table('replies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('e164', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('received_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('provider_account_id', sa.Integer(), nullable=True),
    sa.Column('provider_reply_id', sa.String(length=100), nullable=True),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('consent_record_id', sa.Integer(), nullable=True),
    sa.Column('created_at', smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_replies_campaign_id_campaigns'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_replies_message_id_messages'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['provider_account_id'], ['provider_accounts.id'], name=op.f('fk_replies_provider_account_id_provider_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_replies')),
    sa.UniqueConstraint('provider_account_id', 'provider_reply_id', name='provider_reply')
    )
    with op.batch_alter_table('replies', schema=None) as batch_op:
        batch_op.create_index('ix_replies_e164', ['e164', 'received_at'], unique=False)
        batch_op.create_index('ix_replies_received_at', ['received_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('replies', schema=None) as batch_op:
        batch_op.drop_index('ix_replies_received_at')
        batch_op.drop_index('ix_replies_e164')

    op.drop_table('replies')
    with op.batch_alter_table('redemptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_redemptions_message_id'))
        batch_op.drop_index(batch_op.f('ix_redemptions_campaign_id'))

    op.drop_table('redemptions')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaints_campaign_id'))

    op.drop_table('complaints')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index('ix_messages_state_due')
        batch_op.drop_index('ix_messages_provider_id')
        batch_op.drop_index('ix_messages_e164_created')
        batch_op.drop_index('ix_messages_contact_created')
        batch_op.drop_index('ix_messages_campaign_state')

    op.drop_table('messages')
    with op.batch_alter_table('campaign_variants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_variants_campaign_id'))

    op.drop_table('campaign_variants')
    with op.batch_alter_table('campaign_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_campaign_runs_campaign')

    op.drop_table('campaign_runs')
    op.drop_table('template_approvals')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_index('ix_campaigns_state')

    op.drop_table('campaigns')
    op.drop_table('templates')
    op.drop_table('signature_approvals')
    with op.batch_alter_table('purchases', schema=None) as batch_op:
        batch_op.drop_index('ix_purchases_contact_id')

    op.drop_table('purchases')
    with op.batch_alter_table('contact_tags', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_tags_tag_id')

    op.drop_table('contact_tags')
    op.drop_table('tags')
    op.drop_table('signatures')
    op.drop_table('settings')
    op.drop_table('segments')
    op.drop_table('provider_accounts')
    with op.batch_alter_table('opt_outs', schema=None) as batch_op:
        batch_op.drop_index('uq_opt_outs_active_e164', sqlite_where=sa.text('removed_at IS NULL'), postgresql_where=sa.text('removed_at IS NULL'))
        batch_op.drop_index('ix_opt_outs_e164')

    op.drop_table('opt_outs')
    op.drop_table('custom_fields')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index('ix_contacts_tier')
        batch_op.drop_index('ix_contacts_province')
        batch_op.drop_index('ix_contacts_name')
        batch_op.drop_index('ix_contacts_consent_scope')
        batch_op.drop_index('ix_contacts_carrier')

    op.drop_table('contacts')
    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.drop_index('ix_consent_records_e164')

    op.drop_table('consent_records')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_at')

    op.drop_table('audit_log')
