"""Every use case the container builds; punq gives each the ports its `__init__` asks for."""

from __future__ import annotations

from typing import Any

import punq

from dealbooks.application.input_checks import CheckedReader, CheckedUseCase
from dealbooks.application.ports.readers import CrmReader
from dealbooks.application.use_cases import (
    add_deal_product,
    authenticate,
    bind_xero_custom_connection,
    complete_xero_connection,
    create_account,
    create_api_token,
    create_opportunity,
    create_repeating_schedule,
    create_workspace,
    create_xero_contact,
    disconnect_xero,
    email_invoice,
    find_opportunities,
    get_invoice_capabilities,
    get_xero_connection,
    invoice_reference_data,
    link_xero_contact,
    list_jobs,
    preview_invoice,
    receive_xero_webhook,
    record_payment,
    recover_money_commands,
    relabel_invoice,
    repair_sweep,
    retry_job,
    revoke_api_token,
    run_jobs,
    save_role,
    save_user,
    search_xero_contacts,
    send_invoice,
    set_payment_status,
    start_xero_connection,
    stop_repeating_schedule,
    sync_invoices,
    sync_runs,
    sync_workspace,
    update_account,
    update_deal_product,
    update_invoice,
    update_opportunity,
)

USE_CASES: tuple[type[Any], ...] = (
    authenticate.Authenticate,
    create_workspace.CreateWorkspace,
    create_account.CreateAccount,
    update_account.UpdateAccount,
    create_opportunity.CreateOpportunity,
    update_opportunity.UpdateOpportunity,
    find_opportunities.FindOpportunities,
    find_opportunities.GetOpportunity,
    add_deal_product.AddDealProduct,
    update_deal_product.UpdateDealProduct,
    set_payment_status.SetPaymentStatus,
    save_role.SaveRole,
    save_user.SaveUser,
    create_api_token.CreateApiToken,
    revoke_api_token.RevokeApiToken,
    start_xero_connection.StartXeroConnection,
    complete_xero_connection.CompleteXeroConnection,
    bind_xero_custom_connection.BindXeroCustomConnection,
    disconnect_xero.DisconnectXero,
    get_xero_connection.GetXeroConnection,
    preview_invoice.PreviewInvoice,
    send_invoice.SendInvoice,
    email_invoice.EmailInvoice,
    update_invoice.UpdateInvoice,
    relabel_invoice.RelabelInvoice,
    record_payment.RecordPayment,
    recover_money_commands.RecoverMoneyCommands,
    invoice_reference_data.GetInvoiceReferenceData,
    get_invoice_capabilities.GetInvoiceCapabilities,
    create_xero_contact.CreateXeroContact,
    link_xero_contact.LinkXeroContact,
    search_xero_contacts.SearchXeroContacts,
    create_repeating_schedule.CreateRepeatingSchedule,
    stop_repeating_schedule.StopRepeatingSchedule,
    sync_invoices.SyncOpportunityInvoices,
    sync_workspace.SyncWorkspaceInvoices,
    sync_runs.GetSyncRun,
    sync_runs.LatestSyncRun,
    receive_xero_webhook.ReceiveXeroWebhook,
    run_jobs.RunJobs,
    run_jobs.ReleaseJobs,
    repair_sweep.ScheduleRepairSweeps,
    list_jobs.ListJobs,
    retry_job.RetryParkedJob,
)


# Authenticate takes a bearer token, hashed and never stored: a bad one is Unauthenticated.
CHECKED_USE_CASES = frozenset(USE_CASES) - {authenticate.Authenticate}


def checked(kind: type[Any], instance: Any) -> Any:
    """A use case (or the read port resolvers use directly) as the application's door hands
    it out: its input checked first."""
    if kind in CHECKED_USE_CASES:
        return CheckedUseCase(instance)
    if kind is CrmReader:
        return CheckedReader(instance)
    return instance


def register_use_cases(container: punq.Container) -> None:
    for use_case in USE_CASES:
        container.register(use_case)
