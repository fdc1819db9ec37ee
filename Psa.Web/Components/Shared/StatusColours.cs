using MudBlazor;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.TimeTracking;

namespace Psa.Web.Components.Shared;

/// <summary>One colour per workflow state, so a state looks the same on every page that shows it.</summary>
public static class StatusColours
{
    public static Color Of(TimesheetState state) => state switch
    {
        TimesheetState.Submitted => Color.Info,
        TimesheetState.Approved => Color.Success,
        TimesheetState.Rejected => Color.Error,
        _ => Color.Default,
    };

    public static Color Of(ApprovalState state) => state switch
    {
        ApprovalState.Submitted => Color.Info,
        ApprovalState.Approved => Color.Success,
        ApprovalState.Rejected => Color.Error,
        _ => Color.Default,
    };

    public static Color Of(InvoiceStatus status) => status switch
    {
        InvoiceStatus.Approved => Color.Info,
        InvoiceStatus.Issued or InvoiceStatus.Paid => Color.Success,
        InvoiceStatus.Void => Color.Error,
        _ => Color.Default,
    };
}
